package analysis

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
)

// row builds a row of a protected table: values, with the states of the columns (published when
// states is nil).
func prow(labels []string, total bool, values []int64, states ...release.State) release.Row {
	st := make([]release.State, len(values))
	copy(st, states)
	return release.Row{Labels: labels, Values: values, State: st, Total: total}
}

// TestCentreGapsProvinceTrend: the centre-gap ranking from protected tables takes its trend
// column from the table of cases by province and year, the province's last three years against
// the three before (disjoint, of equal length), and says why not when a year of the province
// is withheld or the release has too few years.
func TestCentreGapsProvinceTrend(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "all provinces"}, true, []int64{200, 100, 100, 0}),
			prow([]string{"KH", "KH-12"}, false, []int64{120, 60, 60, 0}),
			prow([]string{"KH", "KH-9"}, false, []int64{80, 40, 40, 0}),
			prow([]string{"KH", "KH-8"}, false, []int64{60, 30, 30, 0}),
			prow([]string{"KH", "KH-7"}, false, []int64{40, 20, 20, 0}),
			prow([]string{"KH", "KH-6"}, false, []int64{42, 21, 21, 0}),
			prow([]string{"all countries", ""}, true, []int64{332, 166, 166, 0}),
		}}
	kids := func(name string) *release.Table {
		return &release.Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []release.Row{prow([]string{"KH", "KH-12"}, false, []int64{20}), prow([]string{"KH", "KH-9"}, false, []int64{20}), prow([]string{"KH", "KH-8"}, false, []int64{20}), prow([]string{"KH", "KH-7"}, false, []int64{10}),
				prow([]string{"KH", "KH-6"}, false, []int64{10})}}
	}
	yearsFrom := func(from int) *release.Table {
		y := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases", "female", "male", "minors"}, TotalCols: make([]bool, 4)}
		for yr := from; yr <= 2025; yr++ {
			y.Rows = append(y.Rows, prow([]string{itoa(yr)}, false, []int64{20, 10, 10, 5}))
		}
		return y
	}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr, n := range map[int]int64{2020: 10, 2021: 10, 2022: 10, 2023: 20, 2024: 30, 2025: 40} {
		py.Rows = append(py.Rows, prow([]string{"KH", "KH-12", itoa(yr)}, false, []int64{n}))
	}
	// KH-9: a "<10" year before the windows, 2021 withheld, 2024 published: the province's 80
	// cases bound 2020-2022 to 31-39 (80 - 40 - 1..9). KH-8: a year withheld in each window:
	// its 60 cases do not say how they split, so its trend is withheld.
	py.Rows = append(py.Rows, prow([]string{"KH", "KH-9", "2019"}, false, []int64{0}, release.Primary),
		prow([]string{"KH", "KH-9", "2021"}, false, []int64{0}, release.Secondary),
		prow([]string{"KH", "KH-9", "2024"}, false, []int64{40}),
		// Both listed from the release's first year (2018): a province first listed within the
		// windows has no trend (its start would read as a rise: LateTrend).
		prow([]string{"KH", "KH-8", "2018"}, false, []int64{10}),
		prow([]string{"KH", "KH-8", "2021"}, false, []int64{0}, release.Secondary),
		prow([]string{"KH", "KH-8", "2024"}, false, []int64{0}, release.Secondary),
		// KH-7: 2024 is "<10" and 2021 withheld: 1-9 against 21-29, known to within a factor
		// of 9, not 2: withheld, with the bounds said (its 40 cases less 2018's 10).
		prow([]string{"KH", "KH-7", "2018"}, false, []int64{10}),
		prow([]string{"KH", "KH-7", "2021"}, false, []int64{0}, release.Secondary),
		prow([]string{"KH", "KH-7", "2024"}, false, []int64{0}, release.Primary),
		// KH-6 (the tester's Preah Sihanouk): 2020-2022 all "<10", 2023-2025 published
		// (13 + 10 + 10): the province's 42 cases give 2020-2022 exactly 9, a small count of
		// people like any "<10" cell: the note says <10, never 9, and there is no trend (33/9).
		prow([]string{"KH", "KH-6", "2020"}, false, []int64{0}, release.Primary),
		prow([]string{"KH", "KH-6", "2021"}, false, []int64{0}, release.Primary),
		prow([]string{"KH", "KH-6", "2022"}, false, []int64{0}, release.Primary),
		prow([]string{"KH", "KH-6", "2023"}, false, []int64{13}),
		prow([]string{"KH", "KH-6", "2024"}, false, []int64{10}),
		prow([]string{"KH", "KH-6", "2025"}, false, []int64{10}))
	py.Threshold = 10
	centres := []Centre{{Name: "Home", Province: "KH-12", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
	bounded := ProvinceTrend + ", 2023-2025 against 2020-2022; a year's count is withheld, so the windows' sums are bounded from the published counts (40 and 31-39 cases)"
	for _, tc := range []struct {
		from                int
		kh12, kh9, kh8, kh7 string // the start of trend_note
		kh6                 string
		kh12Trend           any
		withTrendPY         bool
	}{
		{from: 2018, kh12: ProvinceTrend + ", 2023-2025 against 2020-2022", kh9: bounded, kh8: "withheld", kh12Trend: 3.0, withTrendPY: true,
			kh7: "withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to <10 and 21-29 cases (a sum below 10 is protected",
			kh6: "withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to 33 and <10 cases (a sum below 10 is protected"},
		{from: 2021, kh12: "not estimable: the release's years (2021-2025)", kh9: "not estimable", kh8: "not estimable", kh7: "not estimable", kh6: "not estimable", withTrendPY: true},
		{from: 2018, kh12: NoProvinceYears, kh9: NoProvinceYears, kh8: NoProvinceYears, kh7: NoProvinceYears, kh6: NoProvinceYears}, // no table: every row says why (it was empty)
	} {
		p := Protected{provTable: prov, yearTable: yearsFrom(tc.from), "boys-by-province": kids("boys-by-province"), "girls-by-province": kids("girls-by-province")}
		if tc.withTrendPY {
			p[provYearTable] = py
		}
		tb, err := CentreGapsProtected(p, centres, GapSpec{})
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range tb.Columns {
			col[c] = i
		}
		for _, r := range tb.Rows {
			note, _ := r[col["trend_note"]].(string)
			want := map[any]string{"KH-9": tc.kh9, "KH-8": tc.kh8, "KH-7": tc.kh7, "KH-6": tc.kh6, "KH-12": tc.kh12}[r[col["province"]]]
			if r[col["province"]] == "KH-12" {
				want = tc.kh12
				if tc.kh12Trend != nil && r[col["trend"]] != tc.kh12Trend {
					t.Errorf("from %d: KH-12 trend %v, want %v", tc.from, r[col["trend"]], tc.kh12Trend)
				}
				if tc.kh12Trend != nil && (r[col["trend_lower"]] == nil || r[col["trend_upper"]] == nil) {
					t.Errorf("from %d: KH-12's trend has no interval", tc.from)
				}
			}
			if !strings.HasPrefix(note, want) || note == "" {
				t.Errorf("from %d: %v trend_note %q, want %q...", tc.from, r[col["province"]], note, want)
			}
			if (r[col["province"]] == "KH-8" || r[col["province"]] == "KH-7" || r[col["province"]] == "KH-6") && r[col["trend"]] != nil {
				t.Errorf("from %d: KH-8 has a trend %v from withheld years", tc.from, r[col["trend"]])
			}
			if r[col["province"]] == "KH-9" && tc.kh9 == bounded {
				// The interval holds for every pair of sums in the bounds: 40 against 31 to 39.
				lo, hi := intervals.PoissonRateRatio(40, 3, 39, 3, 0.95), intervals.PoissonRateRatio(40, 3, 31, 3, 0.95)
				l, _ := r[col["trend_lower"]].(float64)
				u, _ := r[col["trend_upper"]].(float64)
				if r[col["trend"]] == nil || l > lo.Lower+0.001 || u < hi.Upper-0.001 {
					t.Errorf("KH-9: trend %v (%v-%v), want an interval over %.3f-%.3f", r[col["trend"]], l, u, lo.Lower, hi.Upper)
				}
			} else if r[col["province"]] == "KH-9" && r[col["trend"]] != nil {
				t.Errorf("from %d: KH-9 has a trend %v", tc.from, r[col["trend"]])
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestCentreGapsMeasuredStay: when the release has an occupancy table, a province's groups
// need places for its measured mean stay (mean_stay_months), not the assumed 12 months; a
// province with no published stay keeps 12 months; the stay_months column says which.
func TestCentreGapsMeasuredStay(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "KH-12"}, false, []int64{120, 60, 60, 0}),
			prow([]string{"KH", "KH-9"}, false, []int64{120, 60, 60, 0}),
		}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"2024"}, false, []int64{120}), prow([]string{"2025"}, false, []int64{120})}}
	occ := &release.Table{Name: "occupancy", Labels: []string{"province"}, Counts: []string{"admissions", "in_care_at_end"},
		Figures: []string{"beds", "occupancy_rate", "mean_stay_months", "beds_needed"}, Rows: []release.Row{
			{Labels: []string{"KH-12"}, Values: []int64{50, 40}, State: make([]release.State, 2), Figures: []string{"30", "0.90", "6.0", "29.4"}},
			{Labels: []string{"KH-9"}, Values: []int64{0, 0}, State: make([]release.State, 2), Figures: []string{"", "", "", ""}},
		}}
	centres := []Centre{{Name: "Home", Province: "KH-12", Capacity: 5, AgeLo: 0, AgeHi: 99, Genders: []string{"female", "male"}}}
	needs := func(p Protected) map[string][2]any {
		tb, err := CentreGapsProtected(p, centres, GapSpec{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][2]any{}
		for _, r := range tb.Rows {
			if r[indexOf(tb.Columns, "gender")] == "female" {
				out[r[indexOf(tb.Columns, "province")].(string)] = [2]any{r[indexOf(tb.Columns, "stay_months")], r[indexOf(tb.Columns, "places_needed")]}
			}
		}
		return out
	}
	// 60 women over two years: 30 a year; 6 months' stay needs 15 places, 12 months' 30.
	want := map[string][2]any{"KH-12": {6.0, 15.0}, "KH-9": {12.0, 30.0}}
	if got := needs(Protected{provTable: prov, yearTable: years, "occupancy": occ}); !reflect.DeepEqual(got, want) {
		t.Errorf("with the occupancy table: %v, want %v", got, want)
	}
	want["KH-12"] = [2]any{12.0, 30.0}
	if got := needs(Protected{provTable: prov, yearTable: years}); !reflect.DeepEqual(got, want) {
		t.Errorf("without it: %v, want %v", got, want)
	}
}
