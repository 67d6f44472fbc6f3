package anonymize

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// TestOutcomeStoreCare checks that the outcome tables' sequence of the cases in care (seq with
// care: told from the packed flag before unpacking) yields what filtering every kept outcome
// by CaseOutcome.Care yields, as outcomeTables did: random outcomes, in care or not, rows set
// out of order and again (the last kept), rows dropped.
func TestOutcomeStoreCare(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 7))
	for trial := range 50 {
		var s outcomeStore
		n := 10 + rng.IntN(3*chunkLen/2)
		for range n + rng.IntN(n) {
			o := CaseOutcome{Care: rng.IntN(3) > 0, Province: []string{"XA-A", "XA-B", ""}[rng.IntN(3)],
				Outcome: outcomes.Outcome{StayMonths: float64(rng.IntN(40)), ExitStatus: rng.IntN(3)}}
			for range rng.IntN(3) {
				o.StayProvinces = append(o.StayProvinces, "XA-C")
				o.LegalYear = append(o.LegalYear, 2020+rng.IntN(5))
			}
			s.set(rng.IntN(n), o)
		}
		drop := []int{0, 2, 3, 5}[rng.IntN(4)]
		last := s.keptRows(func(row int) bool { return drop == 0 || row%drop != 0 })
		var want, got []CaseOutcome
		for o := range s.seq(last, false) {
			if o.Care {
				want = append(want, *o)
			}
		}
		for o := range s.seq(last, true) {
			got = append(got, *o)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: %d outcomes in care, want %d (the same)", trial, len(got), len(want))
		}
	}
}
