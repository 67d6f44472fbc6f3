package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestGuardMovedOnlyAsTimeAllows (attack-2026-12-02d finding 1): the guard took a gone row and
// a new one equal but for an open stay's band as the same case later, however far the band
// jumped. One open case deleted (C199, 0-3 months at the first export) and one new, late-entered
// case of the same kind whose stay is already over 12 months two months later: no case of her
// kind could have aged into it (C169, C175 and C181, whose 6-12 stays could, are left out of
// both exports; C187 and C193 are 3-6), and the new row, one copy of its kind, must be withheld.
func TestGuardMovedOnlyAsTimeAllows(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 200 cases with events")
	}
	run := func(out, extracted string, drop []string, extra ...string) int {
		t.Helper()
		cases, events := laterRegister(t, t.TempDir(), extra...)
		for _, p := range []string{cases, events} {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var kept []string
			for _, line := range strings.SplitAfter(string(b), "\n") {
				if id, _, _ := strings.Cut(line, ","); !slices.Contains(drop, id) {
					kept = append(kept, line)
				}
			}
			if err := os.WriteFile(p, []byte(strings.Join(kept, "")), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cfg := pipeline.Defaults
		cfg.K = 2
		cfg.Sources = []ingest.Mapping{{Match: "ev_200.csv", Events: ingest.EventsOnly, Extracted: extracted}, {}}
		m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: events}, {Name: cases}}, cfg,
			pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if m.AsOf != extracted {
			t.Errorf("as_of %q, want the export's day %s", m.AsOf, extracted)
		}
		return m.Counts.Withheld
	}
	out := filepath.Join(t.TempDir(), "r")
	drop := []string{"C169", "C175", "C181"}
	run(out, "2025-01-01", drop)
	// N0: C199's attributes, registered in 2024 like her, placed 2024-01-22 and still open.
	if w := run(out, "2025-03-01", append(drop, "C199"), "2024-01-20"); w == 0 {
		t.Errorf("nothing withheld: the deleted case's 0-3 row was taken as the new case's 12-24 two months later")
	}
}
