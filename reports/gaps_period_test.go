package reports

import (
	"testing"

	"github.com/prevalence/prevalence/analysis"
)

// TestGapsColumnNamesItsPeriod: the ranking's count column names the years it covers, not
// "recent cases" when they are every year of the release (attack-2026-12-01 finding 14).
func TestGapsColumnNamesItsPeriod(t *testing.T) {
	for period, want := range map[string]string{"2015-2025": "cases 2015-2025", "2023-2025": "cases 2023-2025",
		"2024": "cases 2024", "all years (year generalized in this release)": "cases registered"} {
		r := &report{gaps: &analysis.Table{Name: "centre-gaps",
			Columns: []string{"rank", "province", "gender", "majority_status", "period", "recent_cases", "cases_per_year"},
			Rows:    [][]any{{"1", "AF-PKA", "male", "minor", period, "123", "11.2"}}}}
		g := r.gapsModel()
		if got := g.Table.Columns[3]; got != want {
			t.Errorf("period %q: column %q, want %q", period, got, want)
		}
	}
}
