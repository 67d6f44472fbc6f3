package analysis_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
)

// TestCentreGapsMicrodataAges: the ranking of a release without protected tables (counted
// from the microdata) credits a boys' home of 9-17 with the need of the boys of 9-17, at
// their share of the boys under 18 in all provinces, as the protected path does; it took
// none ("part of the group's: not counted") and ranked the province first beside a full
// home (attack-2026-12-02b finding 3's older path). A band under the small-cell threshold
// counts as half the threshold, so that its share gives no small count back, and a year the
// release does not cover whole is left out of the recent years.
func TestCentreGapsMicrodataAges(t *testing.T) {
	ctx := context.Background()
	home := analysis.Centre{Name: "Youth", Province: "AF-HER", Capacity: 1000, AgeLo: 9, AgeHi: 17, Genders: []string{"male"}}
	boys := func(n int, band, year string) rel {
		return g(n, gender, "male", majority, "minor", age, band, province, "AF-HER", yr, year)
	}
	for _, tc := range []struct {
		name                 string
		groups               []rel
		partial              int
		needed, unmet        float64
		period, centres, why string
	}{
		{"15 of 0-8, 45 of 9-17", []rel{boys(15, "0-8", "2024"), boys(45, "9-17", "2024")}, 0, 60, 15, "2024-2024",
			"Youth (ages 9-17; not the group's ages 0-8: 25% of its cases, as in all provinces)", "the 9-17 boys' need (45) taken, the 0-8's (15) unmet"},
		{"3 of 0-8: counted as 5", []rel{boys(3, "0-8", "2024"), boys(45, "9-17", "2024")}, 0, 48, 4.8, "2024-2024",
			"Youth (ages 9-17; not the group's ages 0-8: 10% of its cases, as in all provinces; the count of all provinces' ages 0-8 is under 10: 5 used)", "a small band's share from 5 of 50, not 3 of 48"},
		{"the partial year left out", []rel{boys(15, "0-8", "2024"), boys(45, "9-17", "2024"), boys(30, "9-17", "2025")}, 2025, 60, 10, "2024-2024",
			"Youth (ages 9-17; not the group's ages 0-8: 17% of its cases, as in all provinces)", "2025's cases are half a year's; the bands' shares are of every year's (15 of 90), as the ages table's"},
	} {
		db := open(t, tc.groups)
		n, _ := analysis.LookupNamed("centre-gaps")
		tab, err := n.RunWith(ctx, db, analysis.Inputs{Centres: []analysis.Centre{home}, SmallCell: 10, PartialYear: tc.partial})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 {
			t.Fatalf("%s: rows %v", tc.name, tab.Rows)
		}
		r := tab.Rows[0]
		col := func(c string) any { return r[slicesIndex(tab.Columns, c)] }
		if col("places_needed") != tc.needed || col("places") != 1000.0 || col("unmet") != tc.unmet || col("period") != tc.period || col("centres") != tc.centres {
			t.Errorf("%s (%s): needed %v places %v unmet %v period %v centres %q; want %v, 1000, %v, %s, %q",
				tc.name, tc.why, col("places_needed"), col("places"), col("unmet"), col("period"), col("centres"), tc.needed, tc.unmet, tc.period, tc.centres)
		}
	}
}

// TestCentreGapsMicrodataAtRisk: the microdata's ranking counts the people at risk taken into
// care (trafficking_status at_risk, outside the victims view) as groups of their own by
// province and gender, as the protected path's addAtRisk does: 30 girls at risk in West
// Bengal's girls' home share its 50 places with its 40 girl victims, who read as covered 1.25
// times without them. They are taken whatever the ages the home serves, with their own years;
// a gender neither female nor male joins other_or_unknown, and "not" a victim is in no group.
func TestCentreGapsMicrodataAtRisk(t *testing.T) {
	ctx := context.Background()
	const status = "trafficking_status"
	home := analysis.Centre{Name: "Girls", Province: "IN-WB", Capacity: 50, AgeLo: 9, AgeHi: 17, Genders: []string{"female"}}
	db := open(t, []rel{
		g(40, gender, "female", majority, "minor", age, "9-17", province, "IN-WB", yr, "2024", status, "actual"),
		g(20, gender, "female", majority, "minor", age, "0-8", province, "IN-WB", yr, "2024", status, "at_risk"),
		g(10, gender, "female", province, "IN-WB", yr, "2024", status, "at_risk"),
		g(6, gender, "female", province, "IN-WB", yr, "2020", status, "at_risk"), // before the recent years
		g(4, province, "IN-WB", yr, "2024", status, "at_risk"),
		g(9, gender, "female", majority, "minor", age, "9-17", province, "IN-WB", yr, "2024", status, "not"),
	})
	n, _ := analysis.LookupNamed("centre-gaps")
	tab, err := n.RunWith(ctx, db, analysis.Inputs{Centres: []analysis.Centre{home}, SmallCell: 10})
	if err != nil {
		t.Fatal(err)
	}
	byGroup := map[string][]any{}
	for _, r := range tab.Rows {
		byGroup[analysis.Cell(r[slicesIndex(tab.Columns, "gender")])+"|"+analysis.Cell(r[slicesIndex(tab.Columns, "majority_status")])] = r
	}
	col := func(key, c string) any {
		r, ok := byGroup[key]
		if !ok {
			t.Fatalf("no group %s in %v", key, tab.Rows)
		}
		return r[slicesIndex(tab.Columns, c)]
	}
	girls, atRisk, other := "female|minor", "female|"+analysis.AtRiskAllAges, analysis.OtherOrUnknown+"|"+analysis.AtRiskAllAges
	if len(tab.Rows) != 3 {
		t.Errorf("rows %v, want the girls, the girls at risk and the other or unknown gender at risk", tab.Rows)
	}
	for _, c := range []struct {
		key, col string
		want     any
	}{
		{girls, "recent_cases", int64(40)}, {girls, "places", 28.6}, {girls, "unmet", 11.4}, {girls, "coverage", 0.71},
		{atRisk, "recent_cases", int64(30)}, {atRisk, "places_needed", 30.0}, {atRisk, "places", 21.4}, {atRisk, "unmet", 8.6},
		{atRisk, "centres", "Girls"}, {atRisk, "period", "2024-2024"},
		{other, "recent_cases", int64(4)},
	} {
		if got := col(c.key, c.col); got != c.want {
			t.Errorf("%s %s = %v (%T), want %v", c.key, c.col, got, got, c.want)
		}
	}
}

// TestCentreGapsMicrodataNoYears: a release that generalized the year of registration away in
// every case, ranked from its microdata (no protected tables), takes all its cases as one
// year's need, as it records neither their years nor the years it spans: each row says so in
// per_year_note (places_needed and unmet at most those shown), with no cases a year and no
// trend; a release with years has no such note.
func TestCentreGapsMicrodataNoYears(t *testing.T) {
	ctx := context.Background()
	home := analysis.Centre{Name: "Home", Province: "IN-WB", Capacity: 100, AgeLo: 0, AgeHi: 17, Genders: []string{"female"}}
	for _, year := range []string{"*", "2024"} {
		db := open(t, []rel{g(615, gender, "female", majority, "minor", province, "IN-WB", yr, year)})
		tab, err := analysis.CentreGaps(ctx, db, []analysis.Centre{home}, analysis.GapSpec{StayMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 {
			t.Fatalf("year %s: rows %v", year, tab.Rows)
		}
		col := func(c string) any { return tab.Rows[0][slicesIndex(tab.Columns, c)] }
		note, _ := col("per_year_note").(string)
		if year == "*" {
			if col("period") != analysis.AllYears || note != analysis.NoYears || col("places_needed") != 615.0 || col("unmet") != 515.0 || col("cases_per_year") != nil || col("trend") != nil {
				t.Errorf("year generalized: period %v, needed %v, unmet %v, per year %v, trend %v, note %q; want all years, 615, 515 (at most), none, none, %q",
					col("period"), col("places_needed"), col("unmet"), col("cases_per_year"), col("trend"), note, analysis.NoYears)
			}
			continue
		}
		if note != "" || col("cases_per_year") != 615.0 {
			t.Errorf("year %s: per year %v, note %q; want 615 and no note", year, col("cases_per_year"), note)
		}
	}
}

// TestCentreGapsMicrodataSomeNoYear: a release some of whose cases have the year generalized
// ("*") and the others years, ranked from its microdata, leaves the "*" cases out of the recent
// cases (they are in no year): the groups holding some say so in per_year_note (their need at
// least that shown); a group with every case's year has no such note.
func TestCentreGapsMicrodataSomeNoYear(t *testing.T) {
	ctx := context.Background()
	home := analysis.Centre{Name: "Home", Province: "IN-WB", Capacity: 100, AgeLo: 0, AgeHi: 17, Genders: []string{"female", "male"}}
	db := open(t, []rel{
		g(300, gender, "female", majority, "minor", province, "IN-WB", yr, "2024"),
		g(100, gender, "female", majority, "minor", province, "IN-WB", yr, "*"),
		g(200, gender, "male", majority, "minor", province, "IN-WB", yr, "2024"),
	})
	tab, err := analysis.CentreGaps(ctx, db, []analysis.Centre{home}, analysis.GapSpec{StayMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range tab.Rows {
		col := func(c string) any { return r[slicesIndex(tab.Columns, c)] }
		note, _ := col("per_year_note").(string)
		switch col("gender") {
		case "female":
			seen++
			if col("recent_cases") != int64(300) || note != analysis.SomeNoYear {
				t.Errorf("girls: recent %v, note %q; want 300 and %q", col("recent_cases"), note, analysis.SomeNoYear)
			}
		case "male":
			seen++
			if col("recent_cases") != int64(200) || note != "" {
				t.Errorf("boys: recent %v, note %q; want 200 and no note", col("recent_cases"), note)
			}
		}
	}
	if seen != 2 {
		t.Errorf("rows %v, want the girls' and the boys'", tab.Rows)
	}
}

// TestCentreGapsMicrodataMostFromShapes: the microdata's MostFrom as recentRates': a province
// rising by itself (20 cases in the year before partial_first_year, 60 in the year after) keeps
// the window; a partial_first_year that is the last whole year gives its cases as a year's, at
// least (PartYearLeast).
func TestCentreGapsMicrodataMostFromShapes(t *testing.T) {
	ctx := context.Background()
	var groups []rel
	for i, n := range []int{5, 6, 7, 8, 9, 10, 12, 15, 20, 45, 60} {
		groups = append(groups, g(n, gender, "male", majority, "minor", province, "KH-5", yr, strconv.Itoa(2015+i)))
	}
	groups = append(groups,
		g(8, gender, "male", majority, "minor", province, "KH-3", yr, "2018"),
		g(7, gender, "male", majority, "minor", province, "KH-3", yr, "2021"),
		g(40, gender, "male", majority, "minor", province, "KH-3", yr, "2025"))
	db := open(t, groups)
	centres := []analysis.Centre{{Name: "Home", Province: "KH-9", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"male"}}}
	for _, tc := range []struct {
		first     int
		provinces []string // the manifest's partial_first_provinces (nil: not known)
		province  string
		perYear   any
		period    string
		note      string // a part of it
	}{
		{2024, nil, "KH-5", round1(125 / 3.0), "2023-2025", ""},
		{2025, nil, "KH-3", 40.0, "2025", analysis.MostFrom + " 2025 (in the k-anonymous cases), the year one organisation's registrations begin months into (the manifest's partial_first_year); " + analysis.PartYearLeast},
		// Where the late organisation records cases, its start though the province rose too;
		// where it records none, the province's own rise.
		{2024, []string{"KH-5"}, "KH-5", 60.0, "2025", analysis.MostFrom + " 2024 (in the k-anonymous cases)"},
		{2025, []string{"KH-5"}, "KH-3", round1(40 / 3.0), "2023-2025", ""},
	} {
		tab, err := analysis.CentreGaps(ctx, db, centres, analysis.GapSpec{StayMonths: 12, PartialFirst: tc.first, PartialFirstProvinces: tc.provinces})
		if err != nil {
			t.Fatal(err)
		}
		seen := false
		for _, r := range tab.Rows {
			col := func(c string) any { return r[slicesIndex(tab.Columns, c)] }
			if col("province") != tc.province {
				continue
			}
			seen = true
			note := analysis.Cell(col("per_year_note"))
			if col("cases_per_year") != tc.perYear || col("per_year_period") != tc.period || !strings.Contains(note, tc.note) || (tc.note == "") != (note == "") {
				t.Errorf("partial first year %d: %s: %v a year in %v (%q), want %v in %v (%q)", tc.first, tc.province,
					col("cases_per_year"), col("per_year_period"), note, tc.perYear, tc.period, tc.note)
			}
		}
		if !seen {
			t.Errorf("no row of %s", tc.province)
		}
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
