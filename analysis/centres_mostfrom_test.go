package analysis

import (
	"maps"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsMostFromWithheld: the manifest's partial_first_year rule (MostFrom) when the
// partial year's own count is withheld (attack-2026-12-05b U2: Phnom Penh's boys read "at
// least" 4.1 a year over 2023-2025 where 62 of the province's 89 cases are of 2025); a
// province rising steeply by itself keeps its window (session zi's left: the rule fired for
// any province with more than half its cases from that year); a partial_first_year that is the
// last whole year gives a year's cases "at least" (its count is of part of a year).
func TestCentreGapsMostFromWithheld(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "KH-6"}, false, []int64{89, 50, 39, 0}),
			prow([]string{"KH", "KH-5"}, false, []int64{197, 100, 97, 0}),
			prow([]string{"KH", "KH-3"}, false, []int64{60, 30, 30, 0}),
		}}
	boys := &release.Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"KH", "KH-6"}, false, []int64{15}), prow([]string{"KH", "KH-5"}, false, []int64{40}),
			prow([]string{"KH", "KH-3"}, false, []int64{10})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr := 2015; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{300}))
	}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	add := func(province string, yr int, n int64, st ...release.State) {
		py.Rows = append(py.Rows, prow([]string{"KH", province, itoa(yr)}, false, []int64{n}, st...))
	}
	// KH-6 (U2): 27 older cases keyed in (2017-2022, each below 10), 2024 withheld, 62 in 2025.
	for yr := 2017; yr <= 2022; yr++ {
		add("KH-6", yr, 0, release.Primary)
	}
	add("KH-6", 2024, 0, release.Secondary)
	add("KH-6", 2025, 62)
	// KH-5: a province rising by itself, 105 of its 197 cases in 2024-2025, 20 in 2023.
	for i, n := range []int64{5, 6, 7, 8, 9, 10, 12, 15, 20, 45, 60} {
		if n < 10 {
			add("KH-5", 2015+i, 0, release.Primary)
		} else {
			add("KH-5", 2015+i, n)
		}
	}
	// KH-3: an organisation starting in 2025, the last whole year, with 20 older records.
	for yr := 2017; yr <= 2022; yr++ {
		add("KH-3", yr, 0, release.Primary)
	}
	add("KH-3", 2025, 40)
	p := Protected{provTable: prov, yearTable: years, provYearTable: py, "boys-by-province": boys}
	type want struct {
		perYear any
		period  string
		note    string // a part of it
	}
	heldAt := func(n string) string {
		return "2024's count withheld and counted at " + n + ", the least the published tables allow it"
	}
	for _, tc := range []struct {
		name   string
		first  int
		bounds SumBounder
		want   map[string]want
	}{
		{"2024, no bounds", 2024, nil, map[string]want{
			"KH-6": {round(15*62/1.0/89, 1), "2025", MostFrom + " 2024 (62 of its 89, in 2024-2025; 2024's count withheld and not counted)"}, // 10.4
			"KH-5": {round(40*125/3.0/197, 1), "2023-2025", ""},                                                                              // 8.5, not 12.2 over 2025
		}},
		{"2024, bounded", 2024, fixedBounds{12, 30}, map[string]want{
			"KH-6": {round(15*62/1.0/89, 1), "2025", MostFrom + " 2024 (74 of its 89, in 2024-2025; " + heldAt("12")},
			"KH-5": {round(40*125/3.0/197, 1), "2023-2025", ""},
		}},
		{"2025, the last whole year", 2025, nil, map[string]want{
			"KH-3": {round(10*40/1.0/60, 1), "2025", MostFrom + " 2025 (40 of its 60, in 2025), the year one organisation's registrations begin months into (the manifest's partial_first_year); " + PartYearLeast},
		}},
	} {
		centres := []Centre{{Name: "Home", Province: "KH-9", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
		tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12, PartialFirst: tc.first, Bounds: tc.bounds})
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		seen := 0
		for _, r := range tb.Rows {
			w, ok := tc.want[r[col("province")].(string)]
			if !ok || r[col("gender")] != "male" || r[col("majority_status")] != "minor" {
				continue
			}
			seen++
			note, _ := r[col("per_year_note")].(string)
			if r[col("cases_per_year")] != w.perYear || r[col("per_year_period")] != w.period || !strings.Contains(note, w.note) || (w.note == "") != (note == "") {
				t.Errorf("%s: %v boys: %v a year in %v (%q), want %v in %v (%q)", tc.name, r[col("province")],
					r[col("cases_per_year")], r[col("per_year_period")], note, w.perYear, w.period, w.note)
			}
		}
		if seen != len(tc.want) {
			t.Errorf("%s: %d rows of boys, want %d", tc.name, seen, len(tc.want))
		}
		// The brief's and the province chart's "late province" words follow the same rule: a
		// withheld partial year does not hide the late start (attack-2026-12-05c V6).
		late := map[string]LateStart{}
		for _, r := range tb.Rows {
			if note, _ := r[col("per_year_note")].(string); strings.HasPrefix(note, MostFrom) {
				late[r[col("province")].(string)] = LateStart{Year: tc.first, Most: true}
			}
		}
		for name, w := range tc.want {
			if _, ok := late[name]; ok != strings.HasPrefix(w.note, MostFrom) {
				t.Errorf("%s: %s late %v in the centre gaps, want %v", tc.name, name, ok, !ok)
			}
		}
		if got := LateProvinces(p, GapSpec{PartialFirst: tc.first, Bounds: tc.bounds}); !maps.Equal(got, late) {
			t.Errorf("%s: LateProvinces %v, want %v", tc.name, got, late)
		}
	}
}
