package anonymize

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestLabelledParts: attack-2026-12-03e finding 3. A total shown as "<10" over n parts shown as
// "<10" (the others printed 0) places each part among 1..10-n by the labels alone: with five
// such parts (the 3 months' re-trafficking events of five referral routes) each is 1-5. The
// run withholds the parts beyond the first four as may-be-zero, so that by the release's own
// linear program (the Bounder a reader's tool solves, `<10` in [1, 9]) every "<10" and
// withheld count keeps the protection range 5; four such parts are left as they were.
func TestLabelledParts(t *testing.T) {
	for _, tc := range []struct {
		parts    []int64
		withheld int
	}{
		{[]int64{1, 2, 1, 0, 2, 0, 1, 0, 0}, 1}, // p3's routes: five "<10" parts under 7
		{[]int64{1, 1, 1, 1, 2, 1, 1, 0}, 3},    // seven under 8
		{[]int64{2, 1, 0, 3, 1, 0}, 0},          // four: each 1-6 already
		{[]int64{3, 4, 12, 2, 1, 5}, 0},         // a total of 27: no label limits its parts
	} {
		t.Run(fmt.Sprint(tc.parts), func(t *testing.T) {
			row := func(label string, v int64) CountRow {
				return CountRow{Labels: []string{label}, Values: []int64{v}}
			}
			tab := &CountTable{Name: "re-trafficking", Labels: []string{"route"}, Counts: []string{"events"}, TotalCols: []bool{false}}
			var sum int64
			var parts []Ref
			for i, v := range tc.parts {
				sum += v
				tab.Rows = append(tab.Rows, row(fmt.Sprintf("route%d", i), v))
				parts = append(parts, Ref{0, i + 1, 0})
			}
			tab.Rows = append([]CountRow{row("all routes", sum)}, tab.Rows...)
			tab.Rows[0].Total = true
			l := Links{Eqs: []Eq{{Plus: []Ref{{0, 0, 0}}, Minus: parts}}}
			s := &tableSet{tables: []*CountTable{tab}, links: l, byName: map[string]int{tab.Name: 0}, rows: map[string]map[string]int{}}
			out, err := s.protect(TableConfig{Protection: Protection{Threshold: 10}})
			if err != nil {
				t.Fatal(err)
			}
			pt := out.Tables[0]
			got := 0
			for ri, r := range pt.Rows {
				if r.State[0] == release.Secondary {
					got++
					if tc.parts[ri-1] == 0 || tc.parts[ri-1] >= 10 {
						t.Errorf("%s (%d) withheld", r.Labels[0], tc.parts[ri-1])
					}
				}
			}
			if got != tc.withheld || len(out.Relations.MayBeZero) != tc.withheld {
				t.Errorf("%d counts withheld, %d may be zero; want %d", got, len(out.Relations.MayBeZero), tc.withheld)
			}
			if got > 0 && !strings.Contains(out.Protection.Secondary, fmt.Sprintf("%d count(s) of 1 to 9 withheld", got)) {
				t.Errorf("the statement does not say so: %q", out.Protection.Secondary)
			}
			b, err := NewBounder(out.Tables, out.Relations, 10)
			if err != nil {
				t.Fatal(err)
			}
			for ri, r := range pt.Rows {
				if r.State[0] == release.Published {
					continue
				}
				lo, hi, err := b.SumBounds(pt.Name, [][2]int{{ri, 0}})
				if err != nil {
					t.Fatal(err)
				}
				if hi-lo < 5-1e-6 {
					t.Errorf("%s (%d, shown %v): %g-%g by the release's LP, narrower than the range 5", r.Labels[0], r.Values[0], r.State[0], lo, hi)
				}
			}
		})
	}
}

// releasedZero is what a reader of the release knows of its withheld counts beyond their
// labels: those tables/relations.json marks may be zero (rel), as refs of ts (relations.json
// lists the published tables first, then the hidden ones; the rows keep their order). The
// attack tests take them as >= 0, and the labelled ones among them (withheld, 1-9) as targets.
func releasedZero(ts *tableSet, rel *release.Relations) map[Ref]bool {
	zero := map[Ref]bool{}
	for _, x := range rel.MayBeZero {
		if ti, ok := ts.byName[rel.Tables[x[0]]]; ok {
			zero[Ref{ti, x[1], x[2]}] = true
		}
	}
	return zero
}

// withLabelled adds to targets the counts of zero that are 1 to threshold-1 (labelledParts'
// withheld parts: protected).
func withLabelled(ts []*CountTable, targets []Ref, zero map[Ref]bool, threshold int) []Ref {
	for r := range zero {
		if v, _ := at(ts, r); v > 0 && v < int64(threshold) && !slices.Contains(targets, r) {
			targets = append(targets, r)
		}
	}
	slices.SortFunc(targets, cmpRef)
	return targets
}
