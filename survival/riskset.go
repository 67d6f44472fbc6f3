package survival

import (
	"math"
	"slices"
	"sort"
)

// riskSet counts the cases at risk at each distinct observed time, in increasing time order,
// for KaplanMeierEntry and CumulativeIncidenceEntry: at t, those whose time is at least t
// (not yet left) less those not yet entered (entry at or after t). One code for both, so that
// the two estimators' numbers at risk cannot drift apart.
type riskSet struct {
	n       int       // observations
	entries []float64 // the entries after 0, sorted
	left    int       // cases whose time is before the current one's
}

// newRiskSet checks entry (nil: every case at risk from 0) against time: each a finite
// number at least 0 and before its case's time; an error is an *InputError.
func newRiskSet(entry, time []float64) (*riskSet, error) {
	r := &riskSet{n: len(time)}
	if entry == nil {
		return r, nil
	}
	if len(entry) != len(time) {
		return nil, lengthError("entry", len(entry), len(time))
	}
	for i, e := range entry {
		if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
			return nil, &InputError{Arg: "entry", Index: i, Reason: "not a finite number at least 0"}
		}
		if !(e < time[i]) {
			return nil, &InputError{Arg: "entry", Index: i, Reason: "not before the observation's time"}
		}
		if e > 0 {
			r.entries = append(r.entries, e)
		}
	}
	slices.Sort(r.entries)
	return r, nil
}

// at is the number at risk at t, the next distinct time (not before the last one asked).
func (r *riskSet) at(t float64) int {
	return r.n - r.left - (len(r.entries) - sort.SearchFloat64s(r.entries, t))
}

// leave takes the m cases observed at the current time out of the later risk sets.
func (r *riskSet) leave(m int) { r.left += m }

// pointRisk is the number at risk at a fixed time t read after a curve's steps: j steps have
// a time at most t; stepTime and stepRisk give a step's time and number at risk. At a step's
// own time it is that step's; between steps the next step's (its risk set is the one at t);
// after the last step no one.
func pointRisk(j, steps int, t float64, stepTime func(int) float64, stepRisk func(int) int) int {
	switch {
	case j > 0 && stepTime(j-1) == t:
		return stepRisk(j - 1)
	case j < steps:
		return stepRisk(j)
	}
	return 0
}
