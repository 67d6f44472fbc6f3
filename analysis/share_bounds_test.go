package analysis

import (
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
	// Known cases: 420 + 2..18, i.e. 422-438 (the true 429 among them).
	mid := intervals.Wilson(420, 430, 0.95)
	want := []any{round(mid.Estimate, 4), round(intervals.Wilson(420, 438, 0.95).Lower, 4), round(intervals.Wilson(420, 422, 0.95).Upper, 4)}
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
