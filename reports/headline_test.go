package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// A withheld total reads as a sentence, never "x: x records" (tester 30e, low finding).
func TestHeadlineTotalWithheld(t *testing.T) {
	for _, c := range []struct {
		state State
		want  string
	}{
		{Secondary, "is withheld (withheld so that a small count elsewhere cannot be worked out)"},
		{Primary, "is withheld (fewer than 10)"},
	} {
		prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
			Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{c.state}}}}
		s := &set{byName: map[string]int{}}
		s.add(prov)
		r := &report{opt: Options{Threshold: 10}, m: &release.Manifest{}, set: s}
		f := r.figures()[0]
		if f.Value != "withheld" || !strings.Contains(f.Sentence, c.want) || strings.Contains(f.Sentence, "x ") {
			t.Errorf("%v: %+v, want withheld: %q", c.state, f, c.want)
		}
	}
}
