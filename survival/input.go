package survival

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// InputError reports an invalid observation. It names the argument and the
// index (0-based) of the offending observation, never its value.
type InputError struct {
	Arg    string // the argument: "time", "status", "group"
	Index  int    // 0-based index of the observation, -1 for the whole argument
	Reason string
}

func (e *InputError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("survival: %s: %s", e.Arg, e.Reason)
	}
	return fmt.Sprintf("survival: %s[%d]: %s", e.Arg, e.Index, e.Reason)
}

// checkTimes validates times and returns the observation indices in
// increasing time order.
func checkTimes(time []float64) ([]int, error) {
	if len(time) == 0 {
		return nil, &InputError{Arg: "time", Index: -1, Reason: "no observations"}
	}
	for i, t := range time {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, &InputError{Arg: "time", Index: i, Reason: "not a finite number"}
		}
		if t < 0 {
			return nil, &InputError{Arg: "time", Index: i, Reason: "negative"}
		}
	}
	// Sorted as pairs (no reflection, no indirection): by time, ties in input order, which is
	// the stable sort's order.
	type obs struct {
		t float64
		i int
	}
	ps := make([]obs, len(time))
	for i, t := range time {
		ps[i] = obs{t, i}
	}
	slices.SortFunc(ps, func(a, b obs) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return cmp.Compare(a.i, b.i)
	})
	idx := make([]int, len(time))
	for k, p := range ps {
		idx[k] = p.i
	}
	return idx, nil
}

func lengthError(arg string, got, want int) error {
	return &InputError{Arg: arg, Index: -1,
		Reason: fmt.Sprintf("has %d observations, time has %d", got, want)}
}

func nan() float64 { return math.NaN() }
