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
	if len(time) >= radixMin {
		return radixOrder(time), nil
	}
	return pairOrder(time), nil
}

// pairOrder returns the indices of time in the stable sort's order, sorted as pairs (no
// reflection, no indirection): by time, ties in input order.
func pairOrder(time []float64) []int {
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
	return idx
}

// radixMin is the number of observations from which checkTimes sorts by radix: below it the
// histograms cost more than the comparisons save.
const radixMin = 1 << 12

// radixOrder returns the indices of time (finite, not negative) in the stable sort's order
// by an LSD radix sort of the times' bits, 11 bits a pass: the bits of a float64 that is not
// negative order as its value, and a pass scatters in input order, so ties keep it (the
// outcome tables sort every curve's times, 10,000,000 of them at 10M rows, where the
// comparison sort was a quarter of their time). -0 is given 0's key: the two are equal.
// A pass whose digit is the same for every time is skipped.
func radixOrder(time []float64) []int {
	const (
		bits    = 11
		buckets = 1 << bits
		passes  = (64 + bits - 1) / bits
	)
	n := len(time)
	keys := make([]uint64, n)
	var count [passes][buckets]int
	for i, t := range time {
		k := math.Float64bits(t)
		if t == 0 {
			k = 0
		}
		keys[i] = k
		for p := range passes {
			count[p][k>>(p*bits)&(buckets-1)]++
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	keys2, idx2 := make([]uint64, n), make([]int, n)
	for p := range passes {
		c := &count[p]
		if c[keys[0]>>(p*bits)&(buckets-1)] == n {
			continue
		}
		sum := 0
		for b, m := range c {
			c[b], sum = sum, sum+m
		}
		for i, k := range keys {
			d := k >> (p * bits) & (buckets - 1)
			keys2[c[d]], idx2[c[d]] = k, idx[i]
			c[d]++
		}
		keys, keys2, idx, idx2 = keys2, keys, idx2, idx
	}
	return idx
}

func lengthError(arg string, got, want int) error {
	return &InputError{Arg: arg, Index: -1,
		Reason: fmt.Sprintf("has %d observations, time has %d", got, want)}
}

func nan() float64 { return math.NaN() }
