package analysis_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsMicrodataLateTrend: over the k-anonymous cases (query --named centre-gaps on a
// release without protected tables), a province whose registrations begin within the years a
// trend compares gets no trend, and trend_note says why, as provinceTrends says over the
// protected tables (outc's zp Left): KH-12's register begins in 2021, inside 2020-2022, so
// 2023-2025 against 2020-2022 read its start as a rise; IN-WB's cases run from 2015, but the
// manifest's late_organisations says the police recording its cases begin in 2022 (the rise
// of 2022 on is theirs); AF-KAB, steady from 2015, keeps its trend. Without late_organisations
// IN-WB keeps its trend (nothing says its rise is a start).
func TestCentreGapsMicrodataLateTrend(t *testing.T) {
	ctx := context.Background()
	var groups []rel
	for y := 2015; y <= 2025; y++ {
		groups = append(groups, g(30, gender, "male", majority, "minor", province, "AF-KAB", yr, strconv.Itoa(y)))
		n := 20
		if y >= 2022 {
			n = 60
		}
		groups = append(groups, g(n, gender, "female", majority, "minor", province, "IN-WB", yr, strconv.Itoa(y)))
		if y >= 2021 {
			groups = append(groups, g(15+10*(y-2021), gender, "male", majority, "minor", province, "KH-12", yr, strconv.Itoa(y)))
		}
	}
	db := open(t, groups)
	centres := []analysis.Centre{{Name: "Home", Province: "AF-KAB", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"male"}}}
	late := []release.LateOrganisation{{Year: 2022, Month: 1, Source: "Kolkata Police", Provinces: []string{"IN-WB"}}}
	for _, tc := range []struct {
		late  []release.LateOrganisation
		trend map[string]bool // has a trend; else trend_note begins with LateTrend and the year
		year  map[string]string
	}{
		{late, map[string]bool{"AF-KAB": true, "IN-WB": false, "KH-12": false}, map[string]string{"IN-WB": "2022", "KH-12": "2021"}},
		{nil, map[string]bool{"AF-KAB": true, "IN-WB": true, "KH-12": false}, map[string]string{"KH-12": "2021"}},
	} {
		tab, err := analysis.CentreGaps(ctx, db, centres, analysis.GapSpec{StayMonths: 12, Late: tc.late})
		if err != nil {
			t.Fatal(err)
		}
		col := func(r []any, c string) any { return r[slicesIndex(tab.Columns, c)] }
		if slicesIndex(tab.Columns, "trend_note") < 0 {
			t.Fatalf("no trend_note column: %v", tab.Columns)
		}
		seen := 0
		for _, r := range tab.Rows {
			p := analysis.Cell(col(r, "province"))
			want, ok := tc.trend[p]
			if !ok {
				continue
			}
			seen++
			note := analysis.Cell(col(r, "trend_note"))
			switch {
			case col(r, "period") != "2023-2025":
				t.Errorf("late %v: %s: period %v, want 2023-2025", tc.late, p, col(r, "period"))
			case want && (col(r, "trend") == nil || note != ""):
				t.Errorf("late %v: %s: trend %v, note %q: want a trend and no note", tc.late, p, col(r, "trend"), note)
			case !want && (col(r, "trend") != nil || col(r, "trend_lower") != nil || !strings.HasPrefix(note, analysis.LateTrend+" "+tc.year[p]+", within the years compared (2023-2025 against 2020-2022)")):
				t.Errorf("late %v: %s: trend %v, note %q: want none, and %q", tc.late, p, col(r, "trend"), note, analysis.LateTrend+" "+tc.year[p])
			}
		}
		if seen != len(tc.trend) {
			t.Errorf("late %v: %d of %d provinces ranked: %v", tc.late, seen, len(tc.trend), tab.Rows)
		}
	}
}
