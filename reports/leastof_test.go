package reports

import (
	"math"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestLeastOfContinuous (privacy-side-doors13): the brief's "the published counts put it at N
// or more" is a bound of the audit's own continuous linear program, rounded outward, never
// the integer bound inside it. A multi-way table's LP relaxation can have fractional vertices
// (3-way tables with 2-way margins do; none was found among the 522 and 540 withheld counts
// of the two 400-row releases of repeated-release.txtar, nor the 472 of synth 3,000 seed 1),
// and where the least is 9.5 the integer reader's 10 is narrower than
// what the audit checked the protection range with: the brief prints 9 (not printable) and
// the most 21, not 10 and 20.
func TestLeastOfContinuous(t *testing.T) {
	boys := &Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases", "forced_labour"},
		TotalCols: []bool{false, false},
		Rows: []Row{{Labels: []string{"AF", "AF-KHO"}, Values: []int64{0, 0}, State: []State{Secondary, Primary}},
			{Labels: []string{"AF", "AF-NAN"}, Values: []int64{0, 12}, State: []State{Secondary, Published}}}}
	s := &set{byName: map[string]int{}}
	s.add(boys)
	for _, c := range []struct {
		name   string
		bounds rangeBounds
		row    int
		lo, hi float64
	}{
		{"fractional", rangeBounds{9.5, 20.5}, 0, 9, 21},
		{"integral", rangeBounds{10, 20}, 0, 10, 20},
		{"rounding error", rangeBounds{10 - 1e-9, 20 + 1e-9}, 0, 10, 20},
		{"a published part above", rangeBounds{9.5, 20.5}, 1, 12, 21},
		{"unbounded", rangeBounds{9.5, math.Inf(1)}, 0, 9, math.Inf(1)},
	} {
		r := &report{opt: Options{Threshold: 10, Bounds: c.bounds}, m: &release.Manifest{}, set: s}
		if lo, hi := r.leastOf(boys, c.row); lo != c.lo || hi != c.hi {
			t.Errorf("%s: [%g, %g], want [%g, %g]", c.name, lo, hi, c.lo, c.hi)
		}
	}
}
