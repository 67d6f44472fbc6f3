package pipeline

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestOtherQIs (attack-2026-12-03d finding 6): a re-release whose run lacks the events exports
// is refused as unpaired; the refusal names the quasi-identifiers gone and the exports the
// previous release read them from, not only advice for another register.
func TestOtherQIs(t *testing.T) {
	lv := func(names ...string) []release.Level {
		var out []release.Level
		for _, n := range names {
			out = append(out, release.Level{QuasiIdentifier: n})
		}
		return out
	}
	prev := &release.Manifest{Privacy: release.Privacy{Levels: lv("gender", "age", "placement_province", "legal")},
		Events: []release.EventInput{{Path: "placements.csv"}, {Path: "legal-cases.csv"}}}
	got := otherQIsWhy(prev, release.Privacy{Levels: lv("gender", "age")})
	for _, want := range []string{"the previous release's placement_province, legal_stage and legal_disposition not in this one",
		"the previous release read them from placements.csv, legal-cases.csv", "give it too"} {
		if !strings.Contains(got, want) {
			t.Errorf("events exports left out: %q, want %q", got, want)
		}
	}
	// A case quasi-identifier gone: not the events' exports.
	got = otherQIsWhy(prev, release.Privacy{Levels: lv("age", "placement_province", "legal", "citizenship")})
	if !strings.Contains(got, "the previous release's gender not in this one; this one's citizenship not in the previous release") || strings.Contains(got, "events") {
		t.Errorf("case columns differ: %q", got)
	}
}
