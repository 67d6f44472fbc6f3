package survival

import (
	"math"
	"testing"
)

// FuzzEstimates feeds arbitrary small data sets (each byte pair a time in
// 0..15 and a status in 0..3) and checks the invariants: no panic, the
// state probabilities sum to 1, state 0 equals Kaplan-Meier, every limit
// brackets its estimate, and the chi-square is not negative.
func FuzzEstimates(f *testing.F) {
	f.Add([]byte{1, 1, 2, 1, 2, 2, 2, 0, 3, 1, 3, 0})
	f.Add([]byte{0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var time []float64
		var status []int
		var event []bool
		var group []string
		for i := 0; i+1 < len(b); i += 2 {
			time = append(time, float64(b[i]%16))
			status = append(status, int(b[i+1]%4))
			event = append(event, b[i+1]%4 > 0)
			group = append(group, string(rune('a'+b[i+1]/64)))
		}
		if len(time) == 0 {
			return
		}
		for _, tr := range []Transform{Log, LogLog} {
			km, err := KaplanMeier(time, event, Options{Transform: tr})
			if err != nil {
				t.Fatal(err)
			}
			ci, err := CumulativeIncidence(time, status, 3, Options{Transform: tr})
			if err != nil {
				t.Fatal(err)
			}
			for j, s := range ci.Steps {
				sum := 0.0
				for k, p := range s.P {
					sum += p
					inside(t, p, s.Lower[k], s.Upper[k])
				}
				if math.Abs(sum-1) > 1e-9 || math.Abs(s.P[0]-km.Steps[j].Surv) > 1e-9 {
					t.Fatalf("step %d: sum %g, state 0 %g, KM %g", j, sum, s.P[0], km.Steps[j].Surv)
				}
				inside(t, km.Steps[j].Surv, km.Steps[j].Lower, km.Steps[j].Upper)
			}
			if _, err := km.At(3, 6, 12, 24); err != nil {
				t.Fatal(err)
			}
		}
		lr, err := LogRank(time, event, group)
		if err == nil && lr.ChiSq < -1e-9 {
			t.Fatalf("chi-square %g", lr.ChiSq)
		}
	})
}

func inside(t *testing.T, p, lo, hi float64) {
	t.Helper()
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return
	}
	if lo > p+1e-12 || hi < p-1e-12 || lo < -1e-12 || hi > 1+1e-12 {
		t.Fatalf("estimate %g outside its limits (%g, %g)", p, lo, hi)
	}
}
