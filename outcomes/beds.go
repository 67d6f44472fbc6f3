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
	lo, hi := day(from), day(to)
	if hi <= lo {
		return Occupancy{}, &InputError{Arg: "period", Index: -1, Reason: "ends before it starts"}
	}
	if capacity <= 0 {
		return Occupancy{}, &InputError{Arg: "capacity", Index: -1, Reason: "not positive"}
	}
	var o Occupancy
	for i, s := range stays {
		a, b := day(s.Start), hi
		if !s.End.IsZero() {
			b = day(s.End)
			if b < a {
				return Occupancy{}, &InputError{Arg: "stays", Index: i, Reason: "ends before it starts"}
			}
		}
		a, b = max(a, lo), min(b, hi)
		if b > a {
			o.OccupiedBedDays += int(b - a)
		}
	}
	o.AvailableBedDays = capacity * int(hi-lo)
	o.Rate = float64(o.OccupiedBedDays) / float64(o.AvailableBedDays)
	return o, nil
}

// day numbers calendar days since the Unix epoch, the date being read in
// the time's own location (a date recorded as 1 March is 1 March).
func day(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}
