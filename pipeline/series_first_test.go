package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestSeriesPreviousWrittenFirst (privacy-side-doors23, left): TestSeriesJoinedRuns' check of
// November over September could be vacuous, since in that series even the unguarded December
// is sure of none of September's rows. Here the previous release is written first, as in
// privacy-side-doors23's CLI series (synth 400 seed 4): A, finer in the year (the tester's
// weights), then B at the default weights, once over A (guarded) and once to a new folder
// (unguarded). Against A, the unguarded B singles out some of A's rows through the join
// (check's "joined with this release, N combinations"), so the series can show them; B
// over A, whose guard withholds its rows of every true combination under k, singles out none,
// neither in its notice nor in check --previous A.
func TestSeriesPreviousWrittenFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("three 400-case runs: run without -short")
	}
	src := t.TempDir()
	if _, err := synth.Write(src, 400, 4); err != nil {
		t.Fatal(err)
	}
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
		cfg.NewLevels = true
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
	dir := t.TempDir()
	rel, relA, relB := filepath.Join(dir, "rel"), filepath.Join(dir, "relA"), filepath.Join(dir, "relB")
	year := map[string]float64{"exploitation": 8, "gender": 8, "age": 4, "year_of_registration": 40, "citizenship": 1, "origin": 1}
	a := run(rel, year)
	if err := os.CopyFS(relA, os.DirFS(rel)); err != nil {
		t.Fatal(err)
	}
	b := run(rel, nil)
	fresh := run(relB, nil)
	if !sameLevelsOf(b, fresh) || sameLevelsOf(a, b) {
		t.Fatalf("levels %+v, %+v, %+v: not the series this test makes (A finer than B, B guarded and unguarded alike)",
			a.Privacy.Levels, b.Privacy.Levels, fresh.Privacy.Levels)
	}
	ctx := context.Background()
	prevSide := func(n string) bool { return strings.Contains(n, "joined with this release, ") }
	problem, skipped, notes, err := pipeline.NewRowsAgainstNoted(ctx, relB, relA, fresh)
	if err != nil || skipped != "" {
		t.Fatalf("check unguarded B --previous A: %v, not compared: %q", err, skipped)
	}
	if !slices.ContainsFunc(notes, prevSide) {
		t.Fatalf("the unguarded B singles out none of A's rows (problem %q, notes %q): the guarded check below would be vacuous", problem, notes)
	}
	t.Logf("unguarded B against A: problem %q; notes %q", problem, notes)
	if slices.ContainsFunc(b.Notices, prevSide) {
		t.Errorf("B's notice says A's rows are singled out by the join: %q", b.Notices)
	}
	problem, _, notes, err = pipeline.NewRowsAgainstNoted(ctx, rel, relA, b)
	if err != nil || slices.ContainsFunc(notes, prevSide) || strings.Contains(problem, "joined with this release, ") {
		t.Errorf("check B --previous A: %v; problem %q, notes %q: want none of A's rows singled out", err, problem, notes)
	}
}
