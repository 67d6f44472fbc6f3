package analysis

import (
	"maps"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsLateProvinces: where the manifest says in which provinces the organisation whose
// registrations begin late records cases (partial_first_provinces), the ranking takes a
// province's cases a year from partial_first_year on (MostFrom) where it does, even when the
// province also rose by itself (the years before lack the organisation's cases however many
// the others registered), and never where it does not: there the rise is the province's own,
// though the rule of thumb took it for the organisation's (the year before held less than a
// quarter of the cases a year after). Without the list, the rule of thumb as before.
func TestCentreGapsLateProvinces(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "KH-5"}, false, []int64{197, 100, 97, 0}),
			prow([]string{"KH", "KH-7"}, false, []int64{182, 100, 82, 0}),
		}}
	boys := &release.Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"KH", "KH-5"}, false, []int64{40}), prow([]string{"KH", "KH-7"}, false, []int64{20})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr := 2015; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{300}))
	}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	add := func(province string, yr int, n int64, st ...release.State) {
		py.Rows = append(py.Rows, prow([]string{"KH", province, itoa(yr)}, false, []int64{n}, st...))
	}
	// KH-5: rising by itself, 105 of its 197 cases in 2024-2025, 20 in 2023 (a quarter and
	// more of 2025's 60: the rule of thumb keeps its window).
	for i, n := range []int64{5, 6, 7, 8, 9, 10, 12, 15, 20, 45, 60} {
		if n < 10 {
			add("KH-5", 2015+i, 0, release.Primary)
		} else {
			add("KH-5", 2015+i, n)
		}
	}
	// KH-7: 130 of its 182 cases in 2024-2025, 12 in 2023 (less than a quarter of 2025's 70:
	// the rule of thumb takes it for the organisation's start).
	for i, n := range []int64{10, 10, 10, 10, 12, 60, 70} {
		add("KH-7", 2019+i, n)
	}
	p := Protected{provTable: prov, yearTable: years, provYearTable: py, "boys-by-province": boys}
	type want struct {
		perYear any
		period  string
		note    string // a part of it; "" none
	}
	kh5Window := want{round(40*125/3.0/197, 1), "2023-2025", ""}                                        // 8.5
	kh5Late := want{round(40*60/1.0/197, 1), "2025", MostFrom + " 2024 (105 of its 197, in 2024-2025)"} // 12.2
	kh7Window := want{round(20*142/3.0/182, 1), "2023-2025", ""}                                        // 5.2
	kh7Late := want{round(20*70/1.0/182, 1), "2025", MostFrom + " 2024 (130 of its 182, in 2024-2025)"} // 7.7
	for _, tc := range []struct {
		name      string
		provinces []string
		want      map[string]want
	}{
		{"not known: the rule of thumb", nil, map[string]want{"KH-5": kh5Window, "KH-7": kh7Late}},
		{"the organisation records cases in KH-5", []string{"KH-1", "KH-5"}, map[string]want{"KH-5": kh5Late, "KH-7": kh7Window}},
		{"in KH-7", []string{"KH-7"}, map[string]want{"KH-5": kh5Window, "KH-7": kh7Late}},
		{"in neither", []string{}, map[string]want{"KH-5": kh5Window, "KH-7": kh7Window}},
	} {
		centres := []Centre{{Name: "Home", Province: "KH-9", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
		gs := GapSpec{StayMonths: 12, PartialFirst: 2024, PartialFirstProvinces: tc.provinces}
		tb, err := CentreGapsProtected(p, centres, gs)
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		seen := 0
		late := map[string]LateStart{}
		for _, r := range tb.Rows {
			name := r[col("province")].(string)
			note, _ := r[col("per_year_note")].(string)
			if strings.HasPrefix(note, MostFrom) {
				late[name] = LateStart{Year: 2024, Most: true}
			}
			w, ok := tc.want[name]
			if !ok || r[col("gender")] != "male" || r[col("majority_status")] != "minor" {
				continue
			}
			seen++
			if r[col("cases_per_year")] != w.perYear || r[col("per_year_period")] != w.period || !strings.Contains(note, w.note) || (w.note == "") != (note == "") {
				t.Errorf("%s: %s boys: %v a year in %v (%q), want %v in %v (%q)", tc.name, name,
					r[col("cases_per_year")], r[col("per_year_period")], note, w.perYear, w.period, w.note)
			}
		}
		if seen != len(tc.want) {
			t.Errorf("%s: %d rows of boys, want %d", tc.name, seen, len(tc.want))
		}
		// The brief's late-province words follow the ranking.
		if got := LateProvinces(p, GapSpec{PartialFirst: 2024, PartialFirstProvinces: tc.provinces}); !maps.Equal(got, late) {
			t.Errorf("%s: LateProvinces %v, want the ranking's %v", tc.name, got, late)
		}
	}
}
