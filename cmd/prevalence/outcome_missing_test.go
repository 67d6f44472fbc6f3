package main

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// TestNoOutcomeTableSaysWhy: query --named for an outcome table the release lacks names what
// the table is counted from and why the release had none: a release with legal events only
// was told its length of stay comes from "placements, follow-ups, legal cases" and "had none"
// (attack-2026-12-02b, lows), as if its legal cases should have given one.
func TestNoOutcomeTableSaysWhy(t *testing.T) {
	outcome := func(name string) analysis.OutcomeTable {
		for _, o := range analysis.OutcomeTables {
			if o.Name == name {
				return o
			}
		}
		t.Fatalf("no outcome table %s", name)
		return analysis.OutcomeTable{}
	}
	legal := []*release.Table{{Name: "cases-by-year-and-gender"}, {Name: "justice-funnel"}}
	for _, tc := range []struct {
		name   string
		table  string
		tables []*release.Table
		f      folder
		want   []string
		not    string
	}{
		{"legal events only", "length-of-stay", legal, folder{events: true, centres: "c.csv"},
			[]string{"events after identification, victims' residential placements (see", "had none of them: its events gave justice-funnel only"}, "legal cases"},
		{"no events", "justice-funnel", nil, folder{},
			[]string{"victims' legal cases", "the run was given no events after identification"}, "placements"},
		{"occupancy without centres", "occupancy", legal, folder{events: true},
			[]string{"the beds of the centres the run's config names", "the run's config named no centres"}, "gave"},
		{"a published folder", "follow-up", nil, folder{published: true},
			[]string{"organisation whose events hold follow-up visits", ", and had none of them"}, "no events"},
		{"at risk", "at-risk-by-province", legal, folder{events: true},
			[]string{"the cases' trafficking status", "had no case recorded as at risk"}, "events gave"},
	} {
		err := noOutcomeTable(outcome(tc.table), tc.tables, &tc.f)
		msg := err.Error()
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not say %q", tc.name, msg, w)
			}
		}
		if strings.Contains(msg, tc.not) {
			t.Errorf("%s: %q says %q", tc.name, msg, tc.not)
		}
	}
}
