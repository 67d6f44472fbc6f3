package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestSeriesRemembersKinds (attack-2026-12-03c finding 3): a series written into one folder
// whose second release is generalized otherwise (the tester's weights keep the year, at
// suppression_limit 0.5) and whose third and fourth are generalized as the first again, all of
// one register (synth 400 seed 4, k = 5). The guard compared each release with the previous
// one only: the third took the rows the second could not show for new and withheld them, the
// fourth (compared with the third, at the same levels) withheld them again, for good. With the
// series' memory (earlier_kinds.json, for the organisation) the rows of kinds the first release published in
// as many copies are not new: the fourth holds every row the first did, and a series that
// never changed its levels writes no memory.
func TestSeriesRemembersKinds(t *testing.T) {
	if testing.Short() {
		t.Skip("five 400-case runs: run without -short")
	}
	src := t.TempDir()
	if _, err := synth.Write(src, 400, 4); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	run := func(out string, weights map[string]float64) *release.Manifest {
		t.Helper()
		cfg, err := pipeline.LoadConfig(filepath.Join(src, synth.ConfigFile))
		if err != nil {
			t.Fatal(err)
		}
		if weights != nil {
			cfg.Weights = weights
		}
		cfg.SuppressionLimit = 0.5
		cfg.NewLevels = true // levels that move within the series are this test's case (else kept where they hold)
		var ins []pipeline.Input
		for _, n := range append(slices.Clone(synth.OutcomeExports), synth.Exports...) {
			ins = append(ins, pipeline.Input{Name: filepath.Join(src, n)})
		}
		m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	kinds := func(folder string) map[string]int {
		t.Helper()
		db, err := analysis.Open(context.Background(), folder)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		tb, err := analysis.Query(context.Background(), db, "SELECT * FROM cases")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, r := range tb.Rows {
			var v []string
			for _, c := range r {
				v = append(v, analysis.Cell(c))
			}
			out[strings.Join(v, "\x1f")]++
		}
		return out
	}
	memory := filepath.FromSlash(pipeline.EarlierKindsFile)
	year := map[string]float64{"exploitation": 8, "gender": 8, "age": 4, "year_of_registration": 40, "citizenship": 1, "origin": 1}
	rel := filepath.Join(dir, "rel")
	m1 := run(rel, nil)
	first := kinds(rel)
	// The same levels again: nothing to remember.
	if run(rel, nil); exists(filepath.Join(rel, memory)) {
		t.Errorf("a release at the levels of the one it replaces wrote %s", pipeline.EarlierKindsFile)
	}
	m2 := run(rel, year)
	if slices.EqualFunc(m1.Privacy.Levels, m2.Privacy.Levels, func(a, b release.Level) bool { return a.Level == b.Level }) {
		t.Fatalf("levels %+v twice: not the case this test makes", m1.Privacy.Levels)
	}
	if !exists(filepath.Join(rel, memory)) {
		t.Fatalf("the release at other levels wrote no %s", pipeline.EarlierKindsFile)
	}
	// Rows of other levels than cases/ beside it: for the organisation, never with the microdata.
	if i := slices.IndexFunc(m2.Outputs, func(o release.Output) bool { return o.Path == pipeline.EarlierKindsFile }); i < 0 || m2.Outputs[i].For != release.ForOrganisation {
		t.Errorf("%s not listed in the manifest for the organisation: %+v", pipeline.EarlierKindsFile, m2.Outputs)
	}
	m3 := run(rel, nil)
	third := filepath.Join(dir, "third")
	if err := os.CopyFS(third, os.DirFS(rel)); err != nil {
		t.Fatal(err)
	}
	m4 := run(rel, nil)
	if !slices.EqualFunc(m1.Privacy.Levels, m4.Privacy.Levels, func(a, b release.Level) bool { return a.Level == b.Level }) {
		t.Fatalf("levels %+v, then %+v: not the case this test makes", m1.Privacy.Levels, m4.Privacy.Levels)
	}
	fourth := kinds(rel)
	lost := 0
	for k, n := range first {
		lost += max(0, n-fourth[k])
	}
	if lost > 0 || m4.Counts.Written != m1.Counts.Written {
		t.Errorf("the fourth release (the first's levels, the same register) holds %d rows, the first %d: %d rows of kinds the first published are missing "+
			"(the third withheld %d for differencing)", m4.Counts.Written, m1.Counts.Written, lost, m3.Counts.Withheld)
	}
	if !slices.ContainsFunc(m3.Notices, func(n string) bool { return strings.Contains(n, "of kinds an earlier release of the series published") }) {
		t.Errorf("the third release does not say that rows of kinds the first published were not withheld: %q", m3.Notices)
	}
	// check --previous with the third release: the rows it withheld that the first published
	// are not new against it, as the memory beside it says.
	problem, skipped, err := pipeline.NewRowsAgainst(context.Background(), rel, third, m4)
	if err != nil || skipped != "" || problem != "" {
		t.Errorf("check of the fourth release against the third: problem %q, not compared %q, %v; want none", problem, skipped, err)
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
