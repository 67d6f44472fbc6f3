package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
)

// TestGapsAtLeastNotes: a group whose cases a year are over the year one organisation's
// registrations begin months into, the last whole year (analysis.PartYearLeast), or that leaves
// out its cases whose year is generalized ("*", analysis.SomeNoYear), is shown "or more" and the
// sentence says why; a SomeNoYear group over the window is not said to be averaged. So is a
// group of a province only late organisations record whose first year they cover in part
// (analysis.InPartLeast, outc).
func TestGapsAtLeastNotes(t *testing.T) {
	cols := []string{"rank", "province", "province_name", "gender", "majority_status", "period", "recent_cases", "cases_per_year", "places_needed", "unmet", "per_year_period", "per_year_note"}
	part := []any{"1", "KH-3", "Banteay Meanchey", "male", "minor", "2023-2025", "40", "6.7", "6.7", "6.7", "2025",
		analysis.MostFrom + " 2025 (40 of its 60, in 2025), the year one organisation's registrations begin months into (the manifest's partial_first_year); " + analysis.PartYearLeast + ": its cases a year over 2025 only"}
	noYear := []any{"2", "IN-WB", "West Bengal", "female", "minor", "2023-2025", "300", "100", "100", "50", "2023-2025", analysis.SomeNoYear}
	plain := []any{"3", "AF-PKA", "Paktika", "male", "minor", "2023-2025", "123", "41", "41", "41", "2023-2025", nil}
	alone := []any{"4", "KH-17", "Siem Reap", "female", "minor", "2023-2025", "22", "3.1", "3.1", "3.1", "2019-2025",
		analysis.CoveredFrom + " 2019 (every organisation recording its cases begins its registrations then: the run's late organisations), its cases a year over 2019-2025 only; 2019, which their registrations begin months into, " + analysis.InPartLeast}
	r := &report{gaps: &analysis.Table{Name: "centre-gaps", Columns: cols, Rows: [][]any{part, noYear, plain, alone}}}
	g := r.gapsModel()
	for i, want := range []string{"6.7 or more", "100 or more", "41", "3.1 or more"} {
		if got := g.Table.Rows[i][4]; got != want {
			t.Errorf("row %d: cases a year %q, want %q", i, got, want)
		}
	}
	s := r.gapsSentence(g)
	for _, w := range []string{
		"For Banteay Meanchey, the year one organisation's registrations begin months into (the manifest's partial_first_year) is the release's last whole year",
		"Some cases of West Bengal have no year of registration in this release (generalized to \"*\", or not recorded)",
		"For Siem Reap, whose cases only organisations beginning their registrations late record, the years from the first one's start include a year they cover only in part",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("the sentence %q does not say %q", s, w)
		}
	}
	if strings.Contains(s, "the average over") {
		t.Errorf("the sentence %q says West Bengal's cases a year are averaged", s)
	}
}
