package pipeline_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
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
	replaced := "" // the as_of of the release each run writes over
	var replacedCounts release.Counts
	replacedGiven := false
	run := func(out, extracted string, drop []string, extra ...string) int {
		t.Helper()
		cases, events := registerWithout(t, t.TempDir(), drop, extra...)
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
		// The release written over is dated in the manifest, for the brief's pointer to it.
		if got := m.Replaced; (got == nil) != (replaced == "") || got != nil && (got.AsOf != replaced || got.CreatedAt.IsZero()) {
			t.Errorf("replaced %+v, want the release of %q", got, replaced)
		}
		// And its counts, for the brief's word on what lowered a count since (attack-2026-12-03a
		// finding 8).
		if got := m.Replaced; got != nil && (got.Counts == nil || *got.Counts != replacedCounts) {
			t.Errorf("replaced counts %+v, want %+v", got.Counts, replacedCounts)
		}
		// And whether it gave its total, without which the brief says nothing of why counts fell.
		if got := m.Replaced; got != nil && (got.TotalGiven == nil || *got.TotalGiven != replacedGiven) {
			t.Errorf("replaced total_given %v, want %v", got.TotalGiven, replacedGiven)
		}
		ts, err := release.ReadTables(out)
		if err != nil {
			t.Fatal(err)
		}
		replaced, replacedCounts, replacedGiven = extracted, m.Counts, release.TotalGiven(ts)
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

// registerWithout is laterRegister's register without the cases drop names.
func registerWithout(t *testing.T, dir string, drop []string, extra ...string) (cases, events string) {
	t.Helper()
	cases, events = laterRegister(t, dir, extra...)
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
	return cases, events
}

// TestGuardMovedPerSource (attack-2026-12-02e finding 5): the band's bound took the release's
// one as_of, the latest export of any organisation, for every row. X's export not refreshed
// (both months 2025-01-01) beside Y's a year newer: X's open 0-3 case C199 deleted and a
// late-entered 6-12 case of her kind added read as one case that aged a year, and the new row
// was published, though none of X's other open stays moved. Each organisation's rows move
// only as far as its own exports: X's new row is withheld, and Y's stays, a year older, are
// the same cases (not withheld, not "another register's").
func TestGuardMovedPerSource(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 400 cases with events")
	}
	run := func(out, exX, exY string, drop []string, extra ...string) *release.Manifest {
		t.Helper()
		dir := t.TempDir()
		var ins []pipeline.Input
		for _, org := range []struct {
			name, ex string
			drop     []string
			extra    []string
		}{{"X", exX, drop, extra}, {"Y", exY, nil, nil}} {
			d := filepath.Join(dir, org.name)
			if err := os.Mkdir(d, 0o700); err != nil {
				t.Fatal(err)
			}
			cases, events := registerWithout(t, d, org.drop, org.extra...)
			for _, p := range [][2]string{{events, org.name + "-ev.csv"}, {cases, org.name + "-cases.csv"}} {
				if err := os.Rename(p[0], filepath.Join(d, p[1])); err != nil {
					t.Fatal(err)
				}
				ins = append(ins, pipeline.Input{Name: filepath.Join(d, p[1])})
			}
		}
		cfg := pipeline.Defaults
		cfg.K = 2
		cfg.Sources = []ingest.Mapping{
			{Match: "X-ev.csv", Events: ingest.EventsOnly, Source: "X", Extracted: exX}, {Match: "X-cases.csv", Source: "X"},
			{Match: "Y-ev.csv", Events: ingest.EventsOnly, Source: "Y", Extracted: exY}, {Match: "Y-cases.csv", Source: "Y"},
		}
		m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	out := filepath.Join(t.TempDir(), "r")
	drop := []string{"C169", "C175", "C181"}
	run(out, "2025-01-01", "2025-01-01", drop)
	// N0: C199's attributes, registered 2024-01-20, still open: 6-12 at X's 2025-01-01.
	m := run(out, "2025-01-01", "2026-01-01", append(drop, "C199"), "2024-01-20")
	if want := map[string]string{"X": "2025-01-01", "Y": "2026-01-01"}; !maps.Equal(m.AsOfBySource, want) {
		t.Errorf("as_of_by_source %v, want %v", m.AsOfBySource, want)
	}
	if m.Counts.Withheld != 1 {
		t.Errorf("%d rows withheld, want 1: X's new case (its export did not move, so no case of X aged into her band), and none of Y's a year older", m.Counts.Withheld)
	}
}
