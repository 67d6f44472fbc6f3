package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

// TestCheckJoinedLevels (attack-2026-12-03b finding 2, privacy-side-doors16): two releases of
// one register whose levels differ both ways (synth 400 seed 4 at k = 5: the default weights
// keep gender and minor/adult, the year at "*"; the tester's weights keep the year, gender
// and age at "*"). Joined, each case is seen at the finer of the two levels of each
// quasi-identifier; the second release written to a new folder (no guard) leaves groups of
// 1-4 of its rows there, which `check --previous` (NewRowsAgainst) now names. Written over the
// first, the join would withhold 26% of its rows, more than suppression_limit 0.05: refused
// (ErrDifferencing; on main published with them withheld); at 0.3 the run's GuardJoined
// withholds them and check passes. On main check said only "rows new" at the coarser levels
// and nothing of the join. A third release with case
// pseudonyms (a column the first lacks) is compared on the columns both hold (on main: "the
// previous release's columns differ", not compared).
func TestCheckJoinedLevels(t *testing.T) {
	if testing.Short() {
		t.Skip("four 400-case runs: run without -short")
	}
	src := t.TempDir()
	if _, err := synth.Write(src, 400, 4); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	newLevels := true
	run := func(out string, weights map[string]float64, pseudonyms bool, limit float64) (*release.Manifest, error) {
		t.Helper()
		cfg, err := pipeline.LoadConfig(filepath.Join(src, synth.ConfigFile))
		if err != nil {
			t.Fatal(err)
		}
		if weights != nil {
			cfg.Weights = weights
			cfg.NewLevels = newLevels // else the previous release's levels are kept (attack-2026-12-03d finding 2)
		}
		if limit > 0 {
			cfg.SuppressionLimit = limit
		}
		opt := pipeline.Options{Out: out, Now: testNow}
		if pseudonyms {
			cfg.Pseudonyms = []string{schema.CaseID}
			opt.Key = linkage.Key(strings.Repeat("a key for the pseudonyms! ", 2))
		}
		var ins []pipeline.Input
		for _, n := range append(slices.Clone(synth.OutcomeExports), synth.Exports...) {
			ins = append(ins, pipeline.Input{Name: filepath.Join(src, n)})
		}
		return pipeline.Run(context.Background(), ins, cfg, opt)
	}
	must := func(m *release.Manifest, err error) *release.Manifest {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	level := func(m *release.Manifest, qi string) int {
		for _, l := range m.Privacy.Levels {
			if l.QuasiIdentifier == qi {
				return l.Level
			}
		}
		return -2
	}
	year := map[string]float64{"exploitation": 8, "gender": 8, "age": 4, "year_of_registration": 40, "citizenship": 1, "origin": 1}
	ra := filepath.Join(dir, "ra")
	ma := must(run(ra, nil, false, 0))
	rb := filepath.Join(dir, "rb")
	mb := must(run(rb, year, false, 0))
	if !(level(ma, "gender") < level(mb, "gender") && level(mb, "year_of_registration") < level(ma, "year_of_registration")) {
		t.Fatalf("levels %+v then %+v: not the case this test makes (gender finer in the first, the year in the second)", ma.Privacy.Levels, mb.Privacy.Levels)
	}
	const joined = "joined with the previous release"
	problem, skipped, notes, err := pipeline.NewRowsAgainstNoted(context.Background(), rb, ra, mb)
	t.Logf("unguarded: the earlier release's side: %q", notes)
	if err != nil || skipped != "" || !strings.Contains(problem, joined) || !strings.Contains(problem, "of this release's rows") {
		t.Errorf("two releases whose levels differ both ways, the second unguarded: problem %q, not compared %q, %v; want the joined groups under k named", problem, skipped, err)
	}
	// The same release written over the first: joined, 101 of its 387 rows (26%) are in groups
	// under k, more than suppression_limit 0.05: refused (privacy-side-doors16), nothing written.
	rw := filepath.Join(dir, "rw")
	if err := os.CopyFS(rw, os.DirFS(ra)); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(rw, release.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	_, err = run(rw, year, false, 0)
	if !errors.Is(err, pipeline.ErrDifferencing) || !strings.Contains(err.Error(), "would be withheld because joining this release with the one already in") ||
		!strings.Contains(err.Error(), "keep the previous release's levels") {
		t.Errorf("the joined guard over the suppression limit: %v, want ErrDifferencing saying why and what to do", err)
	}
	if after, _ := os.ReadFile(filepath.Join(rw, release.ManifestName)); string(after) != string(before) {
		t.Error("the refused run changed the previous release")
	}
	// Without new_levels the first release's levels, which still hold, are kept whatever the
	// weights (attack-2026-12-03d finding 2: a monthly series refused at its second month when
	// its search moved on its own): nothing withheld for the join, and a notice says why.
	rk := filepath.Join(dir, "rk")
	if err := os.CopyFS(rk, os.DirFS(ra)); err != nil {
		t.Fatal(err)
	}
	newLevels = false
	mk := must(run(rk, year, false, 0))
	newLevels = true
	if !slices.EqualFunc(mk.Privacy.Levels, ma.Privacy.Levels, func(a, b release.Level) bool { return a.QuasiIdentifier == b.QuasiIdentifier && a.Level == b.Level }) {
		t.Errorf("levels %+v over %+v: the first release's not kept", mk.Privacy.Levels, ma.Privacy.Levels)
	}
	kept := slices.ContainsFunc(mk.Notices, func(n string) bool {
		return strings.Contains(n, "the microdata keep the generalization of the release already in "+rk) && strings.Contains(n, "new_levels: true")
	})
	if !kept || slices.ContainsFunc(mk.Notices, func(n string) bool { return strings.Contains(n, "joining this release") }) {
		t.Errorf("levels kept: want their notice and nothing withheld for the join: %q", mk.Notices)
	}
	if problem, skipped, err := pipeline.NewRowsAgainst(context.Background(), rk, ra, mk); err != nil || skipped != "" || problem != "" {
		t.Errorf("the release at the kept levels: problem %q, not compared %q, %v; want none", problem, skipped, err)
	}
	// With suppression_limit 0.3 the search keeps the year and gender, age at "*" (the first
	// at minor/adult): the run withholds what the join singles out, and check agrees.
	mw, err := run(rw, year, false, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	if !(level(mw, "age") > level(ma, "age") && level(mw, "year_of_registration") < level(ma, "year_of_registration")) {
		t.Fatalf("levels %+v then %+v: not the case this test makes (age finer in the first, the year in the second)", ma.Privacy.Levels, mw.Privacy.Levels)
	}
	if !slices.ContainsFunc(mw.Notices, func(n string) bool { return strings.Contains(n, "rows withheld because joining this release") }) {
		t.Fatalf("the run over the first release withheld nothing for the join: %q", mw.Notices)
	}
	// The first release's rows the join singles out (privacy-side-doors20): said, counts only;
	// logged to measure whether withholding this release's rows covered them.
	problem, skipped, notes, err = pipeline.NewRowsAgainstNoted(context.Background(), rw, ra, mw)
	t.Logf("guarded: the earlier release's side: %q", notes)
	if err != nil || skipped != "" || problem != "" {
		t.Errorf("the release the run guarded: problem %q, not compared %q, %v; want none", problem, skipped, err)
	}
	// Pseudonyms in the second only: compared on the columns both hold.
	rc := filepath.Join(dir, "rc")
	mc := must(run(rc, year, true, 0))
	problem, skipped, err = pipeline.NewRowsAgainst(context.Background(), rc, ra, mc)
	if err != nil || skipped != "" || !strings.Contains(problem, "compared on the columns both releases hold: this release's case_id_pseudonym not in the previous one") ||
		!strings.Contains(problem, joined) {
		t.Errorf("a column only the second holds: problem %q, not compared %q, %v; want the two compared on the columns both hold", problem, skipped, err)
	}
}
