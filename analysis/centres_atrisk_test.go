package analysis

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsAtRisk is attack-2026-12-02a finding 8: the ranking counted victims only, so a
// girls' home full of children at risk (at-risk-by-province) read as covering its province's
// girls ("covered 1.16 times" beside 132 girls at risk in the same home). The people at risk
// are now groups of their own, sharing the places of the centres of their province and gender
// whatever ages they serve; the genders whose counts are withheld make one group of their sum,
// itself withheld when that sum is small.
func TestCentreGapsAtRisk(t *testing.T) {
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{
			prow([]string{"IN", "IN-WB"}, false, []int64{120, 100, 20, 0}),
			prow([]string{"IN", "IN-MH"}, false, []int64{120, 100, 20, 0}),
		}}
	kids := func(name string, n int64) *release.Table {
		return &release.Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []release.Row{prow([]string{"IN", "IN-WB"}, false, []int64{n}), prow([]string{"IN", "IN-MH"}, false, []int64{n})}}
	}
	// Ten years, no table by province and year: cases a year are the average (girls: 10).
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for yr := 2016; yr <= 2025; yr++ {
		years.Rows = append(years.Rows, prow([]string{itoa(yr)}, false, []int64{24}))
	}
	// West Bengal: 40 girls at risk, boys and others withheld (their sum 30); Maharashtra: 40
	// girls, boys and others withheld with a sum of 4, itself a small count.
	atRisk := &release.Table{Name: atRiskTable, Labels: []string{"country", "province"}, Counts: []string{"at_risk", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []release.Row{
			prow([]string{"IN", "IN-WB"}, false, []int64{70, 40, 0, 0}, release.Published, release.Published, release.Secondary, release.Primary),
			prow([]string{"IN", "IN-MH"}, false, []int64{44, 40, 0, 0}, release.Published, release.Published, release.Secondary, release.Primary),
			prow([]string{"all countries", ""}, true, []int64{114, 80, 0, 0}, release.Published, release.Published, release.Secondary, release.Primary),
		}}
	p := Protected{provTable: prov, yearTable: years, "girls-by-province": kids("girls-by-province", 100), "boys-by-province": kids("boys-by-province", 20)}
	centres := []Centre{
		{Name: "Kolkata Girls' Home", Province: "IN-WB", Capacity: 12, AgeLo: 0, AgeHi: 17, Genders: []string{"female"}},
		{Name: "Kolkata Boys' Home", Province: "IN-WB", Capacity: 5, AgeLo: 9, AgeHi: 17, Genders: []string{"male"}},
	}
	row := func(tb *Table, province, gender, majority string) []any {
		for _, r := range tb.Rows {
			if r[indexOf(tb.Columns, "province")] == province && r[indexOf(tb.Columns, "gender")] == gender && r[indexOf(tb.Columns, "majority_status")] == majority {
				return r
			}
		}
		return nil
	}
	get := func(r []any, tb *Table, col string) any { return r[indexOf(tb.Columns, col)] }

	// Without the table: the girls alone against the home's 12 places, covered 1.2 times.
	before, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	if r := row(before, "IN-WB", "female", "minor"); r == nil || get(r, before, "coverage") != round(1.2, 2) {
		t.Fatalf("without at-risk-by-province: West Bengal's girls %v, want covered 1.2", r)
	}

	p[atRiskTable] = atRisk
	tb, err := CentreGapsProtected(p, centres, GapSpec{StayMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	// Girls 10 a year and girls at risk 4 a year share the 12 places: 12·10/14 and 12·4/14.
	girls, girlsAtRisk := row(tb, "IN-WB", "female", "minor"), row(tb, "IN-WB", "female", AtRisk)
	if girls == nil || girlsAtRisk == nil {
		t.Fatalf("no row of West Bengal's girls or girls at risk:\n%v", tb.Rows)
	}
	for _, c := range []struct {
		r          []any
		need, have float64
		centres    string
	}{{girls, 10, 12 * 10 / 14.0, "Kolkata Girls' Home"}, {girlsAtRisk, 4, 12 * 4 / 14.0, "Kolkata Girls' Home"}} {
		if get(c.r, tb, "places_needed") != round(c.need, 1) || get(c.r, tb, "places") != round(c.have, 1) || get(c.r, tb, "coverage") != round(12/14.0, 2) || get(c.r, tb, "centres") != c.centres {
			t.Errorf("row %v: want need %.1f, places %.1f, coverage %.2f, centres %q", c.r, c.need, c.have, 12/14.0, c.centres)
		}
	}
	if get(girlsAtRisk, tb, "recent_cases") != int64(40) {
		t.Errorf("girls at risk: recent_cases %v, want 40", get(girlsAtRisk, tb, "recent_cases"))
	}
	if n, _ := get(girlsAtRisk, tb, "per_year_note").(string); !strings.Contains(n, AtRiskYears) {
		t.Errorf("girls at risk: per_year_note %q, want it to say %q", n, AtRiskYears)
	}
	if n, _ := get(girls, tb, "per_year_note").(string); strings.Contains(n, AtRiskYears) {
		t.Errorf("girls: per_year_note %q says the people at risk's note", n)
	}
	// The trend note is the province's, as for every group (its reasons are listed by place).
	if a, b := get(girlsAtRisk, tb, "trend_note"), get(girls, tb, "trend_note"); a != b {
		t.Errorf("trend notes: girls at risk %q, girls %q", a, b)
	}
	// The withheld genders' sum, 30 (any reader's 70 - 40): taken by the boys' home of 9-17,
	// whose ages are part of the boys' (which it may give 0-2 of its places: the boys' ages
	// are not published) but which holds the boys at risk: 3-5 of its 5 places, 4 counted.
	rest := row(tb, "IN-WB", "male or "+OtherOrUnknown, AtRisk)
	if rest == nil || get(rest, tb, "recent_cases") != int64(30) || get(rest, tb, "places") != round(4, 1) ||
		get(rest, tb, "centres") != "Kolkata Boys' Home ("+SharedWithPartBand+": male minor; 3-5 of its places to this group, the midpoint counted)" {
		t.Errorf("West Bengal's withheld genders at risk: %v, want 30 people at risk with 3-5 of the boys' home's 5 places", rest)
	}
	// Maharashtra's withheld sum is 4, a small count: ranked last as withheld, never printed.
	small := row(tb, "IN-MH", "male or "+OtherOrUnknown, AtRisk)
	if small == nil || get(small, tb, "recent_cases") != release.SecondaryLabel || get(small, tb, "places_needed") != nil {
		t.Errorf("Maharashtra's withheld genders at risk: %v, want withheld (%s) with no need", small, release.SecondaryLabel)
	}
	if last := tb.Rows[len(tb.Rows)-1]; get(last, tb, "recent_cases") != release.SecondaryLabel {
		t.Errorf("last row %v, want a withheld one", last)
	}
}
