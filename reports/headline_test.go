package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// A withheld total reads as a sentence, never "x: x records" (tester 30e, low finding).
func TestHeadlineTotalWithheld(t *testing.T) {
	for _, c := range []struct {
		state   State
		guarded int // manifest tables.guarded_counts: counts withheld for a change of 1-9
		want    string
	}{
		{Secondary, 0, "is withheld (withheld so that a small count elsewhere cannot be worked out)"},
		{Primary, 0, "is withheld (fewer than 10)"},
		// A register re-released after 3 cases were removed (attack-2026-12-01c finding 10):
		// the total changed by 3, and the reason must not say only "a small count elsewhere".
		{Secondary, 7, "is withheld (withheld so that neither a small count elsewhere nor a change of fewer than 10 since the previous release can be worked out)"},
		{Primary, 7, "is withheld (fewer than 10)"},
	} {
		prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
			Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{c.state}}}}
		s := &set{byName: map[string]int{}}
		s.add(prov)
		m := &release.Manifest{}
		if c.guarded > 0 {
			m.Tables = &release.TablesProtection{Guarded: c.guarded}
		}
		r := &report{opt: Options{Threshold: 10}, m: m, set: s}
		f := r.figures()[0]
		if f.Value != "withheld" || !strings.Contains(f.Sentence, c.want) || strings.Contains(f.Sentence, "x ") {
			t.Errorf("%v, %d guarded: %+v, want withheld: %q", c.state, c.guarded, f, c.want)
		}
	}
}
