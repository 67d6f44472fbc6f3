package analysis

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsLateOrganisations is attack-2026-12-06a A6: two organisations begin their
// records in 2022 (the Kolkata police in West Bengal, beside an organisation on time there, and
// Cambodia Safe Haven, alone in its provinces), while the manifest's partial_first_year names
// one. Phnom Penh (KH-12, listed from 2022) read 2023-2025 against 2020-2022 as a rise of 3.8;
// Siem Reap (KH-17, whose years the table does not list) read its cases a year over eleven
// years. Every late organisation (GapSpec.Late): no trend across its start, in its provinces,
// and a province only late organisations record takes its cases a year from their start.
func TestCentreGapsLateOrganisations(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"KH", "KH-12"}, false, []int64{218, 118, 100, 0}),
			prow([]string{"KH", "KH-17"}, false, []int64{22, 11, 11, 0}),
			prow([]string{"IN", "IN-WB"}, false, []int64{380, 200, 180, 0}),
			prow([]string{"AF", "AF-KAB"}, false, []int64{330, 150, 180, 0}),
		}}
	boys := &release.Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"KH", "KH-12"}, false, []int64{48}), prow([]string{"KH", "KH-17"}, false, []int64{11}),
			prow([]string{"IN", "IN-WB"}, false, []int64{120}), prow([]string{"AF", "AF-KAB"}, false, []int64{100})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr := 2015; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{300}))
	}
	py := &release.Table{Name: provYearTable, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
	add := func(country, province string, from int, ns ...int64) {
		for i, n := range ns {
			py.Rows = append(py.Rows, prow([]string{country, province, itoa(from + i)}, false, []int64{n}))
		}
	}
	add("KH", "KH-12", 2022, 45, 47, 64, 62)
	add("IN", "IN-WB", 2015, 20, 20, 20, 20, 20, 20, 20, 50, 60, 70, 60)
	add("AF", "AF-KAB", 2015, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30)
	p := Protected{provTable: prov, yearTable: years, provYearTable: py, "boys-by-province": boys}
	late := []release.LateOrganisation{
		{Year: 2022, Month: 1, Source: "Kolkata Police", Provinces: []string{"IN-WB"}},
		{Year: 2022, Month: 1, Source: "Cambodia Safe Haven", Provinces: []string{"KH-12", "KH-17"}, Alone: []string{"KH-12", "KH-17"}},
	}
	type row struct {
		perYear   any
		period    string
		note      string // the per_year_note's start ("": none)
		trend     bool
		trendNote string // its start
		least     bool   // the note says a year covered in part is counted whole (InPartLeast)
	}
	centres := []Centre{{Name: "Home", Province: "KH-9", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}}
	// A start months into its year (outc's Left since session zf): the year is counted whole,
	// the table giving none of its years apart, and the note says the cases a year are a
	// least; so does a last year the release does not cover whole (partial_year).
	lateMarch := []release.LateOrganisation{late[0], late[1]}
	lateMarch[1].Month = 3
	for _, tc := range []struct {
		name    string
		late    []release.LateOrganisation
		partial int // the manifest's partial_year
		want    map[string]row
	}{
		// The manifest's first organisation only, as before (the police's provinces): Phnom Penh's
		// years are listed from 2022, so no trend either way; Siem Reap over eleven years.
		{"partial_first_year only", nil, 0, map[string]row{
			"KH-12":  {round(48*173/3.0/218, 1), "2023-2025", "", false, LateTrend + " 2022", false},
			"KH-17":  {round(11/11.0, 1), "2015-2025", provYearTable + " lists not", false, UnlistedYears, false},
			"IN-WB":  {round(120*190/3.0/380, 1), "2023-2025", "", true, ProvinceTrend, false},
			"AF-KAB": {round(100*90/3.0/330, 1), "2023-2025", "", true, ProvinceTrend, false},
		}},
		{"every late organisation", late, 0, map[string]row{
			"KH-12":  {round(48*173/3.0/218, 1), "2023-2025", "", false, LateTrend + " 2022", false},
			"KH-17":  {round(11/4.0, 1), "2022-2025", CoveredFrom + " 2022 (every organisation", false, LateTrend + " 2022", false},
			"IN-WB":  {round(120*190/3.0/380, 1), "2023-2025", "", false, LateTrend + " 2022", false},
			"AF-KAB": {round(100*90/3.0/330, 1), "2023-2025", "", true, ProvinceTrend, false},
		}},
		{"a start months into 2022", lateMarch, 0, map[string]row{
			"KH-12": {round(48*173/3.0/218, 1), "2023-2025", "", false, LateTrend + " 2022", false},
			"KH-17": {round(11/4.0, 1), "2022-2025", CoveredFrom + " 2022 (every organisation", false, LateTrend + " 2022", true},
		}},
		{"a last year in part", late, 2025, map[string]row{
			"KH-17": {round(11/4.0, 1), "2022-2025", CoveredFrom + " 2022 (every organisation", false, LateTrend + " 2022", true},
		}},
	} {
		gs := GapSpec{StayMonths: 12, PartialFirst: 2022, PartialFirstProvinces: []string{"IN-WB"}, Late: tc.late, PartialYear: tc.partial}
		tb, err := CentreGapsProtected(p, centres, gs)
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return indexOf(tb.Columns, name) }
		seen := 0
		for _, r := range tb.Rows {
			name := r[col("province")].(string)
			w, ok := tc.want[name]
			if !ok || r[col("gender")] != "male" || r[col("majority_status")] != "minor" {
				continue
			}
			seen++
			note, _ := r[col("per_year_note")].(string)
			trendNote, _ := r[col("trend_note")].(string)
			if r[col("cases_per_year")] != w.perYear || r[col("per_year_period")] != w.period || !strings.HasPrefix(note, w.note) || (w.note == "") != (note == "") ||
				strings.HasSuffix(note, InPartLeast) != w.least {
				t.Errorf("%s: %s boys: %v a year in %v (%q), want %v in %v (%q...)", tc.name, name,
					r[col("cases_per_year")], r[col("per_year_period")], note, w.perYear, w.period, w.note)
			}
			if (r[col("trend")] != nil) != w.trend || !strings.HasPrefix(trendNote, w.trendNote) {
				t.Errorf("%s: %s boys: trend %v (%q), want a trend %v (%q...)", tc.name, name, r[col("trend")], trendNote, w.trend, w.trendNote)
			}
		}
		if seen != len(tc.want) {
			t.Errorf("%s: %d rows of boys, want %d", tc.name, seen, len(tc.want))
		}
	}
}
