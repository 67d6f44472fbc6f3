package outcomes

import (
	"math"
	"time"
)

// BedsNeeded returns the average number of beds occupied in steady state
// by Little's law (Little 1961), L = λ·W: the arrival rate λ
// (arrivals/periodMonths, children placed per month) times the mean length
// of stay W (meanStayMonths), divided by the target occupancy (a fraction
// in (0, 1]; 1 gives L itself, planners often use 0.85 so that a centre is
// not full on an ordinary day).
//
// Assumptions, to be stated wherever the figure is shown: the system is in
// steady state over the period (arrivals and lengths of stay neither rising
// nor falling), and W is the mean over all admissions, including those still
// open; the mean of closed stays alone understates it, so use a restricted
// mean from the Kaplan-Meier curve of stays (survival.Curve.RestrictedMean)
// and say its horizon. L is a mean: on some days more beds are needed.
// Invalid input (negative or non-finite values, a period or target out of
// range) gives NaN.
func BedsNeeded(arrivals int, periodMonths, meanStayMonths, targetOccupancy float64) float64 {
	if arrivals < 0 || !(periodMonths > 0) || math.IsInf(periodMonths, 0) ||
		!(meanStayMonths >= 0) || math.IsInf(meanStayMonths, 0) ||
		!(targetOccupancy > 0 && targetOccupancy <= 1) {
		return math.NaN()
	}
	return float64(arrivals) / periodMonths * meanStayMonths / targetOccupancy
}

// Stay is one placement in a centre: admitted on Start, discharged on End;
// an open placement (still in the centre) has the zero End.
type Stay struct {
	Start, End time.Time
}

// Occupancy is occupied over available bed-days in a period.
type Occupancy struct {
	OccupiedBedDays  int
	AvailableBedDays int     // capacity × days in the period
	Rate             float64 // OccupiedBedDays / AvailableBedDays; above 1 is overcrowding, not an error
}

// CentreOccupancy returns the bed occupancy of a centre with the given
// capacity (beds) over the days [from, to) — dates, compared as calendar
// days in their own location. A stay occupies a bed each night from its Start day up to,
// not including, its End day (the midnight census: admitted and discharged
// the same day counts no bed-day); an open stay occupies its bed to the end
// of the period. Placements are counted as given: overlapping placements of
// one child count twice. A stay ending before it starts, non-positive
// capacity or an empty period is an *InputError.
func CentreOccupancy(stays []Stay, capacity int, from, to time.Time) (Occupancy, error) {
	b := NewBedDays(from, to)
	for _, s := range stays {
		b.Add(s)
	}
	return b.Occupancy(capacity)
}

// BedDays is CentreOccupancy one stay at a time, holding no stay: the
// occupancy table adds every province's stays of every year in one pass, and
// only the period's nights count.
type BedDays struct {
	lo, hi   int64
	n        int // stays added
	occupied int
	err      error // the first stay ending before it starts
}

// NewBedDays starts counting the occupied bed-days of [from, to).
func NewBedDays(from, to time.Time) *BedDays { return &BedDays{lo: day(from), hi: day(to)} }

// Add counts the nights of s in the period (see CentreOccupancy).
func (o *BedDays) Add(s Stay) {
	i := o.n
	o.n++
	if o.err != nil {
		return
	}
	a, b := day(s.Start), o.hi
	if !s.End.IsZero() {
		b = day(s.End)
		if b < a {
			o.err = &InputError{Arg: "stays", Index: i, Reason: "ends before it starts"}
			return
		}
	}
	a, b = max(a, o.lo), min(b, o.hi)
	if b > a {
		o.occupied += int(b - a)
	}
}

// Occupancy returns the occupancy of capacity beds by the stays added, with
// CentreOccupancy's errors: an empty period, a capacity not positive, then
// the first stay that ends before it starts.
func (o *BedDays) Occupancy(capacity int) (Occupancy, error) {
	if o.hi <= o.lo {
		return Occupancy{}, &InputError{Arg: "period", Index: -1, Reason: "ends before it starts"}
	}
	if capacity <= 0 {
		return Occupancy{}, &InputError{Arg: "capacity", Index: -1, Reason: "not positive"}
	}
	if o.err != nil {
		return Occupancy{}, o.err
	}
	oc := Occupancy{OccupiedBedDays: o.occupied, AvailableBedDays: capacity * int(o.hi-o.lo)}
	oc.Rate = float64(oc.OccupiedBedDays) / float64(oc.AvailableBedDays)
	return oc, nil
}

// day numbers calendar days since the Unix epoch, the date being read in
// the time's own location (a date recorded as 1 March is 1 March): the seconds
// since the epoch shifted by the zone's offset, floored to days, as t.Date() reads
// them (time.Date from t.Date() was 2.4 s of a 3M synth run's samples).
func day(t time.Time) int64 {
	_, off := t.Zone()
	s := t.Unix() + int64(off)
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
