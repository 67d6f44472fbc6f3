package mse

import (
	"errors"
	"sync/atomic"
	"testing"
)

// TestBootstrapAnyCores: the interval is the same on 1 and on 2, 3 or 8 goroutines, also
// when some replicates fail (left out, counted) and when too many do or one fails otherwise
// (the same error as one loop gives: the first in replicate order).
func TestBootstrapAnyCores(t *testing.T) {
	tb := load(t, "Western")
	// failing fails the estimate of the replicates whose counts hash into fail (never the
	// data itself: its hash is 0).
	hash := func(t *Table) int {
		h := 0
		for i, c := range t.Cells {
			h += (i + 1) * c.Count
		}
		return h
	}
	base := hash(tb)
	failing := func(fail map[int]error) Estimator {
		return func(t *Table) (*Fit, error) {
			if err := fail[((hash(t)-base)%50+50)%50]; err != nil {
				return nil, err
			}
			return Stepwise(t, 0.02)
		}
	}
	other := errors.New("not a missing estimate")
	for _, c := range []struct {
		name string
		est  Estimator
	}{
		{"stepwise", nil},
		{"main effects", MainEffects},
		{"a few fail", failing(map[int]error{3: ErrNoEstimate})},
		{"too many fail", failing(map[int]error{3: ErrNoEstimate, 5: ErrNoEstimate, 7: ErrNoEstimate, 11: ErrNoEstimate, 13: ErrNoEstimate, 17: ErrNoEstimate})},
		{"one fails otherwise", failing(map[int]error{3: ErrNoEstimate, 29: other})},
	} {
		want, werr := bootstrap(tb, c.est, 300, 11, 1)
		for _, w := range []int{2, 3, 8} {
			got, err := bootstrap(tb, c.est, 300, 11, w)
			if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
				t.Fatalf("%s on %d: error %v, on one: %v", c.name, w, err, werr)
			}
			if err == nil && *got != *want {
				t.Fatalf("%s on %d: %+v, on one %+v", c.name, w, got, want)
			}
		}
		if c.name == "a few fail" && (werr != nil || want.Failed == 0) {
			t.Fatalf("%s: %v, %+v: no replicate failed", c.name, werr, want)
		}
		if c.name != "stepwise" && c.name != "main effects" && c.name != "a few fail" && werr == nil {
			t.Fatalf("%s: no error", c.name)
		}
	}
}

// TestEstimateAllEvery: every draw is estimated once, whatever the workers.
func TestEstimateAllEvery(t *testing.T) {
	draws := make([][]int, 1000)
	for i := range draws {
		draws[i] = []int{i}
	}
	for _, w := range []int{1, 2, 7, 2000} {
		var calls atomic.Int64
		vals, errs := estimateAll(draws, func(c []int) (float64, error) { calls.Add(1); return float64(c[0]), nil }, w)
		for i, v := range vals {
			if v != float64(i) || errs[i] != nil {
				t.Fatalf("%d workers: draw %d gave %v %v", w, i, v, errs[i])
			}
		}
		if calls.Load() != 1000 {
			t.Fatalf("%d workers: %d calls", w, calls.Load())
		}
	}
}
