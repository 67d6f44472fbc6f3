package analysis

import (
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsRecentYears: from protected tables, a group's cases a year are its share of the
// province's cases times the province's cases a year in its last three years printed in the
// table of cases by province and year, not the average over every year, which understates a
// rising need (attack-2026-12-01: 133 cases in 2015, 401 in 2025); per_year_period says which
// years, per_year_note why the average where a province's last years are not printed.
func TestCentreGapsRecentYears(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "KH-12"}, false, []int64{120, 60, 60, 0}),
			prow([]string{"KH", "KH-9"}, false, []int64{80, 40, 40, 0}),
			prow([]string{"KH", "KH-8"}, false, []int64{60, 30, 30, 0}),
			prow([]string{"KH", "KH-6"}, false, []int64{40, 20, 20, 0}),
		}}
	kids := func(name string) *release.Table {
		return &release.Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []release.Row{prow([]string{"KH", "KH-12"}, false, []int64{20}), prow([]string{"KH", "KH-9"}, false, []int64{20}),
				prow([]string{"KH", "KH-8"}, false, []int64{20}), prow([]string{"KH", "KH-6"}, false, []int64{20})}}
	}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr := 2016; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{30}))
	}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	add := func(province string, yr int, n int64, st ...release.State) {
		py.Rows = append(py.Rows, prow([]string{"KH", province, itoa(yr)}, false, []int64{n}, st...))
	}
	// KH-12: 70 cases in 2016-2022, 50 in 2023-2025. KH-9: 2025 withheld, 2022-2024 printed
	// (35 cases). KH-8: 2023-2025 "<10": no three last years printed. KH-6: not listed.
	for yr := 2016; yr <= 2022; yr++ {
		add("KH-12", yr, 10)
		add("KH-8", yr, 0, release.Primary)
	}
	add("KH-12", 2023, 10)
	add("KH-12", 2024, 20)
	add("KH-12", 2025, 20)
	for yr := 2016; yr <= 2021; yr++ {
		add("KH-9", yr, 5)
	}
	add("KH-9", 2022, 10)
	add("KH-9", 2023, 10)
	add("KH-9", 2024, 15)
	add("KH-9", 2025, 0, release.Secondary)
	for yr := 2023; yr <= 2025; yr++ {
		add("KH-8", yr, 0, release.Primary)
	}
	centres := []Centre{{Name: "Home", Province: "KH-12", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
	type want struct {
		perYear any
		period  string
		note    string // its start
	}
	for _, tc := range []struct {
		withPY bool
		want   map[string]want // girls of each province
	}{
		{true, map[string]want{
			"KH-12": {round(20*50/3.0/120, 1), "2023-2025", ""}, // 2.8, not 20/10
			"KH-9":  {round(20*35/3.0/80, 1), "2022-2024", ""},  // 2.9
			"KH-8":  {2.0, "2016-2025", "a count of the province's years 2021-2025 is withheld"},
			"KH-6":  {2.0, "2016-2025", provYearTable + " lists not this province's years"},
		}},
		{false, map[string]want{
			"KH-12": {2.0, "2016-2025", "the release publishes no table of cases by province and year"},
			"KH-6":  {2.0, "2016-2025", "the release publishes no table"},
		}},
	} {
		p := Protected{provTable: prov, yearTable: years, "boys-by-province": kids("boys-by-province"), "girls-by-province": kids("girls-by-province")}
		if tc.withPY {
			p[provYearTable] = py
		}
		tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		for _, r := range tb.Rows {
			w, ok := tc.want[r[col("province")].(string)]
			if !ok || r[col("gender")] != "female" || r[col("majority_status")] != "minor" {
				continue
			}
			note, _ := r[col("per_year_note")].(string)
			if r[col("cases_per_year")] != w.perYear || r[col("per_year_period")] != w.period || !strings.HasPrefix(note, w.note) || (w.note == "") != (note == "") {
				t.Errorf("table of province years %v: %v girls: %v a year in %v (%q), want %v in %v (%q...)", tc.withPY, r[col("province")],
					r[col("cases_per_year")], r[col("per_year_period")], note, w.perYear, w.period, w.note)
			}
			// The need follows: cases a year times a 12 months' stay.
			if r[col("places_needed")] != w.perYear {
				t.Errorf("%v girls: %v places needed, want %v", r[col("province")], r[col("places_needed")], w.perYear)
			}
		}
	}
}

// TestCentreGapsRecentYearsLeast: a province whose last years hold a withheld count fell back
// to the average over every year (a monthly re-release withholds the years that moved); when
// the release's linear program allows those years no fewer cases than give more than that
// average, the group's cases a year are taken from that least, and the note says they are at
// least those shown. A least below the average leaves the average; no bounds, the average.
func TestCentreGapsRecentYearsLeast(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{prow([]string{"KH", "KH-8"}, false, []int64{60, 30, 30, 0})}}
	girls := &release.Table{Name: "girls-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"KH", "KH-8"}, false, []int64{20}),
			prow([]string{"KH", "KH-7"}, false, []int64{13})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	for yr := 2016; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{30}))
		st := release.Primary
		if yr >= 2023 {
			st = release.Secondary
		}
		py.Rows = append(py.Rows, prow([]string{"KH", "KH-8", itoa(yr)}, false, []int64{0}, st))
	}
	for _, tc := range []struct {
		name    string
		bounds  SumBounder
		perYear any
		period  string
		note    string
	}{
		// 45 cases or more in 2023-2025: 15 a year of 60 cases, the girls' 20 give 5.0 a year.
		{"bounded above the average", fixedBounds{45, 60}, round(20*45/3.0/60, 1), "2023-2025", LeastYears + " 2023-2025"},
		{"bounded below the average", fixedBounds{15, 60}, 2.0, "2016-2025", "a count of the province's years 2021-2025 is withheld"},
		{"no bounds", nil, 2.0, "2016-2025", "a count of the province's years 2021-2025 is withheld"},
	} {
		p := Protected{provTable: prov, yearTable: years, provYearTable: py, "girls-by-province": girls,
			"boys-by-province": &release.Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}}}
		centres := []Centre{{Name: "Home", Province: "KH-12", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female"}}}
		var carried release.CarriedIndex
		if strings.HasSuffix(tc.name, "printed before") {
			v := int64(66)
			carried = release.Carried{{Name: prov.Name, Counts: prov.Counts, Rows: []release.CarriedRow{
				{Labels: []string{"KH", "KH-8"}, Values: []*int64{&v, nil, nil, nil}}}}}.Index()
		}
		tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12, Bounds: tc.bounds, Carried: carried})
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		found := false
		for _, r := range tb.Rows {
			if r[col("province")] != "KH-8" || r[col("gender")] != "female" || r[col("majority_status")] != "minor" {
				continue
			}
			found = true
			note, _ := r[col("per_year_note")].(string)
			if r[col("cases_per_year")] != tc.perYear || r[col("per_year_period")] != tc.period || !strings.HasPrefix(note, tc.note) {
				t.Errorf("%s: %v a year in %v (%q), want %v in %v (%q...)", tc.name, r[col("cases_per_year")], r[col("per_year_period")], note, tc.perYear, tc.period, tc.note)
			}
		}
		if !found {
			t.Fatalf("%s: no row of KH-8's girls", tc.name)
		}
	}
}

// TestCentreGapsRecentYearsTotalPlaced: a province whose total is withheld (a re-release
// withholds the totals that moved) fell back to the average over every year though its last
// years were printed (synth 3,000's series, December: Herat's total placed at 236-242, its boys
// 15.3 a year over 2015-2025). When the published tables bound the total above, its midpoint
// is the denominator of the groups' share of the last years, and the note says so; bounded
// below only, or no bounds, the average as before.
func TestCentreGapsRecentYearsTotalPlaced(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{prow([]string{"KH", "KH-8"}, false, []int64{0, 30, 34, 0})}}
	prov.Rows[0].State[0] = release.Secondary
	girls := &release.Table{Name: "girls-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"KH", "KH-8"}, false, []int64{20})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	for yr := 2016; yr <= 2025; yr++ {
		n := int64(4)
		if yr >= 2023 {
			n = 12
		}
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{30}))
		py.Rows = append(py.Rows, prow([]string{"KH", "KH-8", itoa(yr)}, false, []int64{n}))
	}
	for _, tc := range []struct {
		name    string
		bounds  SumBounder
		perYear any
		period  string
		note    string
	}{
		// 36 cases in 2023-2025 of 60-68 (64): the girls' 20 give 20 * 12 / 64 = 3.75 a year.
		{"placed at 60-68", fixedBounds{60, 68}, round(20*12/64.0, 1), "2023-2025", TotalPlaced + " 60-68 by the published tables: its midpoint used"},
		{"bounded below only", fixedBounds{60, math.Inf(1)}, 2.0, "2016-2025", "the province's cases are withheld: the average over every year"},
		{"no bounds", nil, 2.0, "2016-2025", "the province's cases are withheld: the average over every year"},
		// attack-2026-12-03g finding 7b: placed at 40-130, too widely for its midpoint (85):
		// the 66 an earlier release printed, 20 * 12 / 66 = 3.6 a year.
		{"placed too widely, printed before", fixedBounds{40, 130}, round(20*12/66.0, 1), "2023-2025", TotalCarried + " 40-130 by the published tables: the 66 an earlier release printed used"},
		// attack-2026-12-04a finding 7b: placed at 60-68, not too widely, and 66 printed
		// within: the printed value, not the midpoint (64).
		{"placed at 60-68, printed before", fixedBounds{60, 68}, round(20*12/66.0, 1), "2023-2025", TotalCarried + " 60-68 by the published tables: the 66 an earlier release printed used"},
		// printed outside the interval (a register that lost cases): the midpoint
		{"placed at 40-50, printed before", fixedBounds{40, 50}, round(20*12/45.0, 1), "2023-2025", TotalPlaced + " 40-50 by the published tables: its midpoint used"},
		{"placed too widely, never printed", fixedBounds{40, 130}, round(20*12/85.0, 1), "2023-2025", TotalPlaced + " 40-130 by the published tables: its midpoint used"},
	} {
		p := Protected{provTable: prov, yearTable: years, provYearTable: py, "girls-by-province": girls,
			"boys-by-province": &release.Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}}}
		centres := []Centre{{Name: "Home", Province: "KH-12", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female"}}}
		var carried release.CarriedIndex
		if strings.HasSuffix(tc.name, "printed before") {
			v := int64(66)
			carried = release.Carried{{Name: prov.Name, Counts: prov.Counts, Rows: []release.CarriedRow{
				{Labels: []string{"KH", "KH-8"}, Values: []*int64{&v, nil, nil, nil}}}}}.Index()
		}
		tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12, Bounds: tc.bounds, Carried: carried})
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		found := false
		for _, r := range tb.Rows {
			if r[col("province")] != "KH-8" || r[col("gender")] != "female" || r[col("majority_status")] != "minor" {
				continue
			}
			found = true
			note, _ := r[col("per_year_note")].(string)
			if r[col("cases_per_year")] != tc.perYear || r[col("per_year_period")] != tc.period || note != tc.note {
				t.Errorf("%s: %v a year in %v (%q), want %v in %v (%q)", tc.name, r[col("cases_per_year")], r[col("per_year_period")], note, tc.perYear, tc.period, tc.note)
			}
		}
		if !found {
			t.Fatalf("%s: no row of KH-8's girls", tc.name)
		}
	}
}

// TestCentreGapsCoveredFrom is attack-2026-12-04c R4's rest: a province none of whose cases
// is registered before a year after the release's first (the table of cases by province and
// year lists a province's years each at least 1, so a year not listed is none) has its cases a
// year over the years from then, and from the year after when the manifest's
// partial_first_year is that year (one organisation's registrations begin months into it);
// not over every year of the release (Phnom Penh's boys, 13 from October 2024: 1.2 a year).
// A province listed from the first year keeps its last three years; a withheld year among the
// years from its first leaves the average.
func TestCentreGapsCoveredFrom(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "KH-12"}, false, []int64{78, 40, 38, 0}),
			prow([]string{"KH", "KH-9"}, false, []int64{100, 50, 50, 0}),
			prow([]string{"KH", "KH-8"}, false, []int64{60, 30, 30, 0}),
			prow([]string{"KH", "KH-7"}, false, []int64{98, 50, 48, 0}),
		}}
	boys := &release.Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"KH", "KH-12"}, false, []int64{13}), prow([]string{"KH", "KH-9"}, false, []int64{20}), prow([]string{"KH", "KH-8"}, false, []int64{20})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr := 2015; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{30}))
	}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	add := func(province string, yr int, n int64, st ...release.State) {
		py.Rows = append(py.Rows, prow([]string{"KH", province, itoa(yr)}, false, []int64{n}, st...))
	}
	// KH-12: 16 in 2024, 62 in 2025, no year listed before. KH-9: 10 every year (30 in
	// 2023-2025). KH-8: from 2023, 2024 withheld.
	add("KH-12", 2024, 16)
	add("KH-12", 2025, 62)
	for yr := 2015; yr <= 2025; yr++ {
		add("KH-9", yr, 10)
	}
	add("KH-8", 2023, 20)
	add("KH-8", 2024, 0, release.Primary)
	add("KH-8", 2025, 35)
	// KH-7 (attack-2026-12-05a T9): KH-12's organisation with 20 older cases keyed in, each
	// year of 2017-2022 withheld.
	for yr := 2017; yr <= 2022; yr++ {
		add("KH-7", yr, 0, release.Primary)
	}
	add("KH-7", 2024, 16)
	add("KH-7", 2025, 62)
	p := Protected{provTable: prov, yearTable: years, provYearTable: py, "boys-by-province": boys}
	type want struct {
		perYear any
		period  string
		note    string // its start
	}
	for _, tc := range []struct {
		first int // PartialFirst
		want  map[string]want
	}{
		{2024, map[string]want{
			"KH-12": {round(13*62/1.0/78, 1), "2025", CoveredFrom + " 2024 (" + provYearTable + " lists none of its years before), and 2024 only in part"}, // 10.3
			"KH-9":  {round(20*30/3.0/100, 1), "2023-2025", ""},
			"KH-8":  {round(20/11.0, 1), "2015-2025", "a count of the province's years 2021-2025 is withheld"},
			"KH-7":  {round(13*62/1.0/98, 1), "2025", MostFrom + " 2024 (78 of its 98, in 2024-2025)"}, // 8.2
		}},
		{0, map[string]want{
			"KH-12": {round(13*78/2.0/78, 1), "2024-2025", CoveredFrom + " 2024 (" + provYearTable + " lists none of its years before): its cases a year over 2024-2025 only"}, // 6.5
			"KH-9":  {round(20*30/3.0/100, 1), "2023-2025", ""},
			"KH-7":  {round(13/11.0, 1), "2015-2025", "a count of the province's years 2021-2025 is withheld"},
		}},
	} {
		centres := []Centre{{Name: "Home", Province: "KH-9", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
		tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12, PartialFirst: tc.first})
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		for _, r := range tb.Rows {
			w, ok := tc.want[r[col("province")].(string)]
			if !ok || r[col("gender")] != "male" || r[col("majority_status")] != "minor" {
				continue
			}
			note, _ := r[col("per_year_note")].(string)
			if r[col("cases_per_year")] != w.perYear || r[col("per_year_period")] != w.period || !strings.HasPrefix(note, w.note) || (w.note == "") != (note == "") {
				t.Errorf("partial first year %d: %v boys: %v a year in %v (%q), want %v in %v (%q...)", tc.first, r[col("province")],
					r[col("cases_per_year")], r[col("per_year_period")], note, w.perYear, w.period, w.note)
			}
		}
		// The provinces whose counts cover fewer years than the release's, for the brief's
		// ranking by counts: those whose cases a year are over their own years.
		late := map[string]LateStart{}
		for name, w := range tc.want {
			if strings.HasPrefix(w.note, CoveredFrom) {
				late[name] = LateStart{Year: 2024}
			}
			if strings.HasPrefix(w.note, MostFrom) {
				late[name] = LateStart{Year: 2024, Most: true}
			}
		}
		if got := LateProvinces(p, GapSpec{PartialFirst: tc.first}); !maps.Equal(got, late) {
			t.Errorf("partial first year %d: LateProvinces %v, want %v", tc.first, got, late)
		}
	}
}
