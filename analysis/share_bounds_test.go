package analysis

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
)

// TestShareBoundedDenominator: when the "(not recorded)" row of a country is withheld as a
// complement and its small provinces are "<10", the provinces' shares are given over the
// denominator the published counts bound (each "<10" in 1-9), with an interval that holds for
// any denominator in the bounds; a province withheld as "x" leaves the denominator bounded
// only to 421-500 (the country's total), too wide, and the shares withheld.
func TestShareBoundedDenominator(t *testing.T) {
	table := func(kh8 release.State) Protected {
		return NewProtected([]*release.Table{{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
			TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []release.Row{
				prow([]string{"KH", "all provinces"}, true, []int64{500, 250, 250, 0}),
				prow([]string{"KH", "KH-12"}, false, []int64{420, 210, 210, 0}),
				prow([]string{"KH", "KH-9"}, false, []int64{5, 0, 0, 0}, release.Primary, release.Primary, release.Primary),
				prow([]string{"KH", "KH-8"}, false, []int64{4, 0, 0, 0}, kh8, kh8, kh8),
				prow([]string{"KH", NotRecorded}, false, []int64{71, 0, 0, 0}, release.Secondary, release.Secondary, release.Secondary),
				prow([]string{"all countries", ""}, true, []int64{500, 250, 250, 0}),
			}}})
	}
	share := func(p Protected) []any {
		tb, err := protPrevalence(srcProvince, true)(p, Inputs{SmallCell: DefaultSmallCell})
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range tb.Columns {
			col[c] = i
		}
		for _, r := range tb.Rows {
			if r[col["province"]] == "KH-12" {
				return []any{r[col["share"]], r[col["share_lower"]], r[col["share_upper"]]}
			}
		}
		t.Fatal("no row of KH-12")
		return nil
	}
	// Known cases: 420 + two "<10" provinces, each of whose women and men are "<10" too (so
	// 2-9 each), i.e. 424-438 (the true 429 among them).
	mid := intervals.Wilson(420, 431, 0.95)
	want := []any{round(mid.Estimate, 4), round(intervals.Wilson(420, 438, 0.95).Lower, 4), round(intervals.Wilson(420, 424, 0.95).Upper, 4)}
	got := share(table(release.Primary))
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("KH-12's share over a bounded denominator: got %v, want %v", got, want)
		}
	}
	exact := intervals.Wilson(420, 429, 0.95)
	if lo, hi := got[1].(float64), got[2].(float64); lo > exact.Lower || hi < exact.Upper {
		t.Errorf("the interval %v-%v does not hold the exact denominator's %v-%v", lo, hi, exact.Lower, exact.Upper)
	}
	if got := share(table(release.Secondary)); got[0] != "withheld" {
		t.Errorf("with a province withheld as x, KH-12's share is %v; want withheld", got)
	}
}

// shareOf returns the share, share_lower and share_upper of the row whose column col is val.
func shareOf(t *testing.T, tb *Table, col, val string) []any {
	t.Helper()
	idx := map[string]int{}
	for i, c := range tb.Columns {
		idx[c] = i
	}
	for _, r := range tb.Rows {
		if r[idx[col]] == val {
			return []any{r[idx["share"]], r[idx["share_lower"]], r[idx["share_upper"]]}
		}
	}
	t.Fatalf("no row %s = %s", col, val)
	return nil
}

// TestShareExactDenominatorFromMinors is attack-2026-11-30d finding 8: the girls' table
// withholds a province as a complement, but the girls are the female column of minors by
// year and gender (every year published), so the girls whose province is known are that sum
// less the "(not recorded)" rows, exactly: West Bengal's share was given at the midpoint of
// the girls' table's own bounds (0.529), which no denominator the tables allow gives (0.535).
func TestShareExactDenominatorFromMinors(t *testing.T) {
	kids := func(forms ...int64) []int64 { return forms }
	girls := &release.Table{Name: "girls-by-province", Labels: []string{"country", "province"},
		Counts: []string{"cases", "sexual_exploitation", "forced_labour", "forced_military"}, Threshold: 10, Rows: []release.Row{
			prow([]string{"IN", "IN-WB"}, false, kids(3982, 3000, 900, 0)),
			prow([]string{"IN", "IN-MH"}, false, kids(1425, 1000, 400, 0)),
			prow([]string{"IN", "IN-KA"}, false, kids(2030, 1500, 500, 0), release.Secondary, release.Secondary, release.Secondary, release.Secondary),
			prow([]string{"IN", "IN-GA"}, false, kids(4, 4, 0, 0), release.Primary, release.Primary),
			prow([]string{"IN", NotRecorded}, false, kids(204, 155, 43, 0)),
		}}
	// The true known girls: 3982 + 1425 + 2030 + 4 = 7441; the girls' table alone bounds
	// them to 5408 + (x >= 0) + (1..9): no finite bound, the shares withheld.
	minors := &release.Table{Name: minorsYearTable, Labels: []string{"year"}, Counts: genderCols, Threshold: 10, Rows: []release.Row{
		prow([]string{"2024"}, false, []int64{3645, 3500, 0}),
		prow([]string{"2025"}, false, []int64{4000, 3900, 0}),
	}}
	tb, err := protPrevalence(srcKids("girls", "girls"), true)(NewProtected([]*release.Table{girls, minors}), Inputs{SmallCell: DefaultSmallCell})
	if err != nil {
		t.Fatal(err)
	}
	w := intervals.Wilson(3982, 7441, 0.95)
	want := []any{round(w.Estimate, 4), round(w.Lower, 4), round(w.Upper, 4)}
	if got := shareOf(t, tb, "province", "IN-WB"); !slices.Equal(got, want) {
		t.Errorf("West Bengal's share: got %v, want %v (over 7441 girls, exactly)", got, want)
	}
	if tb.ShareNote != "" {
		t.Errorf("an exact denominator with a note: %s", tb.ShareNote)
	}
}

// TestShareBoundsFromRowTotal is the tester's kids.csv (finding 8): 300 adults with a gender,
// the minors' girls and boys both "<10" and their row's cases "<10" too, so the cases known
// on gender and age are 302-309, not 302-318: the share at 310 (0.2645) was outside every
// denominator the tables allow. The share is now over a denominator inside the bounds, and
// the table says how it was bounded.
func TestShareBoundsFromRowTotal(t *testing.T) {
	age := &release.Table{Name: ageTable, Labels: []string{"majority_status", "age_band"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []release.Row{
			prow([]string{"minor", "9-17"}, false, []int64{5, 3, 2, 0}, release.Primary, release.Primary, release.Primary),
			prow([]string{"adult", "24-26"}, false, []int64{150, 82, 68, 0}, release.Secondary),
			prow([]string{"adult", "30-38"}, false, []int64{150, 79, 71, 0}, release.Secondary),
			prow([]string{"unknown", NotRecorded}, false, []int64{40, 22, 18, 0}, release.Secondary, release.Secondary, release.Secondary),
			prow([]string{"all ages", ""}, true, []int64{345, 186, 159, 0}, release.Secondary),
		}}
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []release.Row{
			prow([]string{"AF", "AF-HER"}, false, []int64{345, 186, 159, 0}),
			prow([]string{"all countries", ""}, true, []int64{345, 186, 159, 0}, release.Secondary),
		}}
	tb, err := protPrevalence(srcGenderAge, false)(NewProtected([]*release.Table{age, prov}), Inputs{SmallCell: DefaultSmallCell})
	if err != nil {
		t.Fatal(err)
	}
	got := shareOf(t, tb, "age_band", "24-26") // female comes first
	if s := got[0].(float64); s > 82/302.0+1e-4 || s < 82/309.0-1e-4 {
		t.Fatalf("female 24-26's share %v is outside 82/309-82/302", got)
	}
	if lo, hi := got[1].(float64), got[2].(float64); lo != round(intervals.Wilson(82, 309, 0.95).Lower, 4) || hi != round(intervals.Wilson(82, 302, 0.95).Upper, 4) {
		t.Errorf("interval %v-%v, want Wilson's over 309 and 302", lo, hi)
	}
	if !strings.Contains(tb.ShareNote, "302-309") {
		t.Errorf("share note %q does not give the bounds 302-309", tb.ShareNote)
	}
}

// TestGenderAgeKeepsMajority is attack-2026-12-01e finding 14: an export that records only
// whether a person is a minor (CTDC) has every age band "(not recorded)"; the named table by
// gender and age band keeps the minors and adults apart (its rows were all "(not recorded)"),
// and they stay out of the bands' shares.
func TestGenderAgeKeepsMajority(t *testing.T) {
	age := &release.Table{Name: ageTable, Labels: []string{"majority_status", "age_band"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []release.Row{
			prow([]string{"minor", NotRecorded}, false, []int64{1208, 511, 466, 231}),
			prow([]string{"adult", NotRecorded}, false, []int64{16379, 9000, 7000, 379}),
			prow([]string{"unknown", NotRecorded}, false, []int64{2413, 78, 511, 1824}),
			prow([]string{"all ages", ""}, true, []int64{20000, 9589, 7977, 2434}),
		}}
	tb, err := protPrevalence(srcGenderAge, false)(NewProtected([]*release.Table{age}), Inputs{SmallCell: DefaultSmallCell})
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, c := range tb.Columns {
		idx[c] = i
	}
	got := map[string]any{}
	for _, r := range tb.Rows {
		got[r[idx["gender"]].(string)+"|"+r[idx["age_band"]].(string)] = r[idx["cases"]]
	}
	for k, want := range map[string]int64{"female|minor (age band not recorded)": 511, "male|adult (age band not recorded)": 7000, "other_or_unknown|" + NotRecorded: 1824} {
		if v, ok := got[k]; !ok || fmt.Sprint(v) != fmt.Sprint(want) {
			t.Errorf("%s: %v (present %v), want %d; rows %v", k, v, ok, want, got)
		}
	}
}
