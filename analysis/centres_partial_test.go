package analysis

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsPartialYear is attack-2026-12-02a finding 4: an export made in mid-2025 (the
// manifest's partial_year 2025) ranked with "cases a year 2023-2025" and a trend "2023-2025
// against 2020-2022", half a year counted as a whole one, so every province's need and trend
// came out low. With GapSpec.PartialYear both end the year before, and the notes say so.
func TestCentreGapsPartialYear(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{prow([]string{"KH", "KH-12"}, false, []int64{150, 75, 75, 0})}}
	kids := func(name string) *release.Table {
		return &release.Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []release.Row{prow([]string{"KH", "KH-12"}, false, []int64{30})}}
	}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	// 2016-2024: 15 cases a year; 2025, registered until June: 10.
	for yr := 2016; yr <= 2025; yr++ {
		n := int64(15)
		if yr == 2025 {
			n = 10
		}
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{n}))
		py.Rows = append(py.Rows, prow([]string{"KH", "KH-12", itoa(yr)}, false, []int64{n}))
	}
	p := Protected{provTable: prov, yearTable: years, provYearTable: py, "boys-by-province": kids("boys-by-province"), "girls-by-province": kids("girls-by-province")}
	centres := []Centre{{Name: "Home", Province: "KH-12", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
	for _, tc := range []struct {
		partial          int
		period, trendFor string
		leftOut          bool
	}{
		{0, "2023-2025", "2023-2025 against 2020-2022", false},
		{2025, "2022-2024", "2022-2024 against 2019-2021", true},
	} {
		tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12, PartialYear: tc.partial})
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		seen := false
		for _, r := range tb.Rows {
			if r[col("gender")] != "female" || r[col("majority_status")] != "minor" {
				continue
			}
			seen = true
			note, _ := r[col("per_year_note")].(string)
			trend, _ := r[col("trend_note")].(string)
			if r[col("per_year_period")] != tc.period || !strings.Contains(trend, tc.trendFor) {
				t.Errorf("partial year %d: cases a year over %v, trend %q; want %s and %q", tc.partial, r[col("per_year_period")], trend, tc.period, tc.trendFor)
			}
			left := "2025 is left out: the release does not cover it whole"
			if strings.Contains(note, left) != tc.leftOut || strings.Contains(trend, left) != tc.leftOut {
				t.Errorf("partial year %d: notes %q and %q; want %q in both: %v", tc.partial, note, trend, left, tc.leftOut)
			}
			// Over whole years the trend is flat (45 against 45); with the half year it fell (40 against 45).
			if want := map[bool]any{true: round(1, 3), false: round(40/45.0, 3)}[tc.leftOut]; r[col("trend")] != want {
				t.Errorf("partial year %d: trend %v, want %v", tc.partial, r[col("trend")], want)
			}
		}
		if !seen {
			t.Fatal("no row of KH-12's girls")
		}
	}
}
