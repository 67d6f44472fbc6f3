package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestNewRowsAgainstPrevious (privacy-side-doors11's "Left", finding 7 of attack-2026-12-02d):
// `check --previous` compares the microdata as the guard does. A release of the register with
// one new, late-entered case written to a new folder (no guard ran: attack-2026-12-02d's
// r_b3) adds a kind of row in one copy, fewer than k = 2: named. The same register exported
// two months later, also in a new folder: its open stays moved to the next band, which time
// alone does, so no row is new.
func TestNewRowsAgainstPrevious(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of 200 cases with events")
	}
	dir := t.TempDir()
	run := func(out, extracted string, extra ...string) *release.Manifest {
		t.Helper()
		cases, events := registerWithout(t, t.TempDir(), []string{"C169", "C175", "C181"}, extra...)
		cfg := pipeline.Defaults
		cfg.K = 2
		cfg.Sources = []ingest.Mapping{{Match: "ev_200.csv", Events: ingest.EventsOnly, Extracted: extracted}, {}}
		m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: events}, {Name: cases}}, cfg,
			pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	ra := filepath.Join(dir, "ra")
	run(ra, "2025-01-01")
	// Two months later, the same register: nothing new.
	rl := filepath.Join(dir, "rl")
	ml := run(rl, "2025-03-01")
	problem, skipped, err := pipeline.NewRowsAgainst(context.Background(), rl, ra, ml)
	if err != nil || problem != "" || skipped != "" {
		t.Errorf("the same register two months later: problem %q, not compared %q, %v", problem, skipped, err)
	}
	// A late-entered case, her stay already over 12 months: her kind is new, in one copy.
	rb := filepath.Join(dir, "rb")
	mb := run(rb, "2025-03-01", "2024-01-20")
	problem, skipped, err = pipeline.NewRowsAgainst(context.Background(), rb, ra, mb)
	if err != nil || skipped != "" || !strings.Contains(problem, "1 rows of 1 kinds") {
		t.Errorf("a new case in a new folder: problem %q, not compared %q, %v", problem, skipped, err)
	}

	// Releases at other generalizations (privacy-side-doors13: check compared nothing and
	// said so only in its log). ra's manifest is made to claim other levels than rb's (all at
	// level 0 here; the comparison at a top level is cmd/prevalence's
	// check-previous-microdata.txtar).
	otherLevels := func(name string, edit func(l []release.Level) bool) string {
		t.Helper()
		pm, err := release.ReadManifest(ra)
		if err != nil {
			t.Fatal(err)
		}
		if !edit(pm.Privacy.Levels) {
			t.Fatalf("%s: no quasi-identifier of rb at the levels wanted: %+v", name, mb.Privacy.Levels)
		}
		c := filepath.Join(dir, name)
		if err := os.CopyFS(c, os.DirFS(ra)); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(pm)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(c, release.ManifestName), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return c
	}
	// The previous release claims the top of a quasi-identifier whose values vary: not one
	// value, so the rows cannot be paired, and check is told why.
	rd := otherLevels("rd", func(l []release.Level) bool {
		for i := range l {
			if len(l[i].Levels) > 1 && l[i].Level == 0 {
				l[i].Level, l[i].Name = len(l[i].Levels)-1, l[i].Levels[len(l[i].Levels)-1]
				return true
			}
		}
		return false
	})
	problem, skipped, err = pipeline.NewRowsAgainst(context.Background(), rb, rd, mb)
	if err != nil || problem != "" || !strings.Contains(skipped, "does not show one value") {
		t.Errorf("a claimed top level with values: problem %q, not compared %q, %v", problem, skipped, err)
	}
	// Other levels below the top (the first quasi-identifier with levels below its top claimed
	// one level up, its values still the leaves): rb's leaves are mapped up the built-in
	// hierarchy and compared there (privacy-side-doors14), where they do not meet the claimed
	// release's leaves: rows new, a problem rather than "not compared"; under a user's
	// hierarchy (other level names), not compared.
	below := func(names bool) func(l []release.Level) bool {
		return func(l []release.Level) bool {
			for i := range l {
				if n := len(l[i].Levels); n > 2 && l[i].Level < n-1 {
					l[i].Level = (l[i].Level + 1) % (n - 1)
					l[i].Name = l[i].Levels[l[i].Level]
					if names {
						for j := range l[i].Levels {
							l[i].Levels[j] = fmt.Sprintf("level %d", j)
						}
						l[i].Name = l[i].Levels[l[i].Level]
					}
					return true
				}
			}
			return false
		}
	}
	re := otherLevels("re", below(false))
	problem, skipped, err = pipeline.NewRowsAgainst(context.Background(), rb, re, mb)
	if err != nil || skipped != "" || !strings.Contains(problem, "compared at the coarser of the two generalizations: ") {
		t.Errorf("other levels below the top: problem %q, not compared %q, %v", problem, skipped, err)
	}
	rf := otherLevels("rf", below(true))
	problem, skipped, err = pipeline.NewRowsAgainst(context.Background(), rb, rf, mb)
	if err != nil || problem != "" || !strings.Contains(skipped, "cannot pair") {
		t.Errorf("other levels below the top of a user's hierarchy: problem %q, not compared %q, %v", problem, skipped, err)
	}
}
