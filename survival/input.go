package survival

import (
	"fmt"
	"math"
	"sort"
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
	idx := make([]int, len(time))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return time[idx[a]] < time[idx[b]] })
	return idx, nil
}

func lengthError(arg string, got, want int) error {
	return &InputError{Arg: arg, Index: -1,
		Reason: fmt.Sprintf("has %d observations, time has %d", got, want)}
}

func nan() float64 { return math.NaN() }
