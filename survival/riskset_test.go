package survival

import (
	"math/rand/v2"
	"testing"
)

// TestRiskSetShared checks the risk-set code that KaplanMeierEntry and
// CumulativeIncidenceEntry share: at each step and each fixed point both give the brute-force
// count #{entry < t <= time} (ties of times and entries included), and the one-cause
// cumulative incidence's state-0 estimate is the Kaplan-Meier curve.
func TestRiskSetShared(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 200 {
		n := 1 + r.IntN(40)
		entry, tm := make([]float64, n), make([]float64, n)
		ev, st := make([]bool, n), make([]int, n)
		for i := range n {
			tm[i] = float64(1 + r.IntN(24)) // whole months: many ties
			if r.IntN(3) == 0 {
				entry[i] = float64(r.IntN(int(tm[i]))) // before its time, ties with others' times
			}
			ev[i] = r.IntN(2) == 0
			if ev[i] {
				st[i] = 1
			}
		}
		want := func(x float64) int {
			k := 0
			for i := range n {
				if entry[i] < x && x <= tm[i] {
					k++
				}
			}
			return k
		}
		km, err := KaplanMeierEntry(entry, tm, ev, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ci, err := CumulativeIncidenceEntry(entry, tm, st, 1, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(km.Steps) != len(ci.Steps) {
			t.Fatalf("trial %d: %d and %d steps", trial, len(km.Steps), len(ci.Steps))
		}
		for j, s := range km.Steps {
			if w := want(s.Time); s.NRisk != w || ci.Steps[j].NRisk != w {
				t.Fatalf("trial %d, time %g: at risk %d (Kaplan-Meier) and %d (cumulative incidence), want %d", trial, s.Time, s.NRisk, ci.Steps[j].NRisk, w)
			}
			if d := s.Surv - ci.Steps[j].P[0]; d > 1e-12 || d < -1e-12 {
				t.Fatalf("trial %d, time %g: survival %g and %g", trial, s.Time, s.Surv, ci.Steps[j].P[0])
			}
		}
		times := []float64{0, 3, 6, 12, 24, 30}
		kp, err := km.At(times...)
		if err != nil {
			t.Fatal(err)
		}
		cp, err := ci.At(times...)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range times {
			// A fixed time reads the risk set of the first step at or after it: with no step
			// at x, those at risk just after x (entries at x not yet counted: entry < next step).
			w := 0
			for _, s := range km.Steps {
				if s.Time >= x {
					w = want(s.Time)
					break
				}
			}
			if kp[i].NRisk != w || cp[i].NRisk != w {
				t.Fatalf("trial %d, point %g: at risk %d and %d, want %d", trial, x, kp[i].NRisk, cp[i].NRisk, w)
			}
		}
	}
}
