package outcomes

import (
	"strconv"
	"time"
)

// MonthDays is the length of the average Gregorian month in days
// (365.2425/12): durations between dates are released in months of this
// length, never as dates.
const MonthDays = 30.436875

// Months returns the time from a to b in average months (b - a in days
// divided by MonthDays), dates being read as calendar days.
func Months(a, b time.Time) float64 {
	return float64(day(b)-day(a)) / MonthDays
}

// EndReason is why a placement or a case in care ended. The values follow
// the closure list; Primero's own closure_reason list
// (death_of_child, formal_closing, not_seen_during_verification, repatriated,
// transferred, other) maps onto it only in part, and "formal_closing" says
// nothing about where the child went, so a mapping must name the source
// value for each reason, never guess it.
type EndReason int8

const (
	StillOpen       EndReason = iota // not ended: censored
	Reintegrated                     // reintegrated with family
	Repatriated                      // returned to the country of origin
	AlternativeCare                  // kinship, foster or other family-based care
	Transferred                      // to another organisation or centre
	Absconded                        // left care without agreement, or contact lost
	AgedOut                          // reached the age limit of the programme
	Died                             // death
	OtherEnd                         // any other reason
)

// Exit causes of a stay in care, the competing outcomes of
// survival.CumulativeIncidence (status codes 1..ExitCauses; 0 = open).
const (
	ExitReintegrated = 1 // Reintegrated or Repatriated
	ExitTransferred  = 2 // Transferred or AlternativeCare
	ExitAbsconded    = 3 // Absconded
	ExitOther        = 4 // AgedOut, Died, OtherEnd
	ExitCauses       = 4
)

// ExitCause maps an end reason onto the competing exit causes: 0 for
// StillOpen (censored), else ExitReintegrated .. ExitOther.
func ExitCause(r EndReason) int {
	switch r {
	case StillOpen:
		return 0
	case Reintegrated, Repatriated:
		return ExitReintegrated
	case Transferred, AlternativeCare:
		return ExitTransferred
	case Absconded:
		return ExitAbsconded
	}
	return ExitOther
}

// Retrafficking is what a follow-up visit found.
type Retrafficking int8

const (
	RetraffickingUnknown Retrafficking = iota
	NotRetrafficked
	RetraffickingSuspected
	RetraffickingConfirmed
)

// FollowUp is one follow-up visit after reintegration.
type FollowUp struct {
	Date         time.Time
	InSchool     Answer
	Retrafficked Retrafficking
}

// Care is what a case's records say happened after identification, with
// dates, in memory only (inside the privacy boundary). Placements are
// summarised by the caller into one spell in care: Admitted is the start of
// the first placement, Left the end of the last one (zero while the child is
// in care), Reason why the spell ended.
type Care struct {
	Admitted  time.Time
	Left      time.Time // zero: still in care
	Reason    EndReason // StillOpen while in care
	FollowUps []FollowUp
	// Extracted is the date the data were exported: an open spell is
	// censored there.
	Extracted time.Time
	// Identified is the date the person was identified (zero: unknown), the
	// origin of the time to reintegration.
	Identified time.Time
}

// Outcome is the per-case derived outcome released in place of dates: the
// inputs of the length-of-stay, reintegration and re-trafficking analyses.
type Outcome struct {
	// StayMonths is the time in care, to Left or (open) to Extracted;
	// ExitStatus is ExitCause(Reason): 0 censored, else the exit cause.
	StayMonths float64
	ExitStatus int
	// Reintegrated says whether the spell ended by reintegration
	// (ExitReintegrated); the rest is only set when it did.
	Reintegrated bool
	// FollowedMonths is the time from reintegration to the last follow-up
	// contact, or to the first confirmed re-trafficking if earlier;
	// Retrafficked says whether that was confirmed (the event) or not
	// (censored at the last contact; a suspected case is not an event).
	// With no visit after reintegration both are zero: censored at once.
	FollowedMonths float64
	Retrafficked   bool
	// Suspected says whether any visit up to FollowedMonths recorded a
	// suspected re-trafficking: for a sensitivity analysis.
	Suspected bool
	// InSchoolAtLast is the schooling answer of the last visit (Unknown
	// without visits).
	InSchoolAtLast Answer
	// FromIdentification is the time from identification to the end of the
	// spell in care (Left, or Extracted while open), the clock of the time
	// to reintegration; HasIdentification says whether it is known (Care's
	// Identified set). The stay itself (StayMonths) counts from admission.
	FromIdentification float64
	HasIdentification  bool
}

// Derive computes a case's outcome. It is an *InputError (Arg "care",
// index -1) when Admitted is missing, Left precedes Admitted, Left is set
// while Reason is StillOpen or the reverse, an open spell has no
// Extracted date not before Admitted, or Identified is after the end of
// the spell. Follow-up visits before the
// reintegration date are ignored (they are follow-ups in care); their order
// in the slice does not matter.
func Derive(c Care) (Outcome, error) {
	bad := func(reason string) (Outcome, error) {
		return Outcome{}, &InputError{Arg: "care", Index: -1, Reason: reason}
	}
	if c.Admitted.IsZero() {
		return bad("no admission date")
	}
	var o Outcome
	switch {
	case c.Left.IsZero() && c.Reason != StillOpen:
		return bad("an end reason without an end date")
	case !c.Left.IsZero() && c.Reason == StillOpen:
		return bad("an end date without an end reason")
	case !c.Left.IsZero() && day(c.Left) < day(c.Admitted):
		return bad("left care before admission")
	case c.Left.IsZero() && (c.Extracted.IsZero() || day(c.Extracted) < day(c.Admitted)):
		return bad("an open spell needs an extraction date after admission")
	}
	end := c.Left
	if c.Left.IsZero() {
		end = c.Extracted
	}
	o.StayMonths = Months(c.Admitted, end)
	if !c.Identified.IsZero() {
		if day(c.Identified) > day(end) {
			return bad("identified after leaving care (or after the export)")
		}
		o.FromIdentification, o.HasIdentification = Months(c.Identified, end), true
	}
	o.ExitStatus = ExitCause(c.Reason)
	if o.ExitStatus != ExitReintegrated {
		return o, nil
	}
	o.Reintegrated = true
	var last time.Time
	var confirmed time.Time
	for _, f := range c.FollowUps {
		if day(f.Date) < day(c.Left) {
			continue
		}
		if f.Retrafficked == RetraffickingConfirmed && (confirmed.IsZero() || day(f.Date) < day(confirmed)) {
			confirmed = f.Date
		}
		if last.IsZero() || day(f.Date) > day(last) {
			last = f.Date
			o.InSchoolAtLast = f.InSchool
		}
	}
	end = last
	if !confirmed.IsZero() {
		end, o.Retrafficked = confirmed, true
	}
	if !end.IsZero() {
		o.FollowedMonths = Months(c.Left, end)
	}
	for _, f := range c.FollowUps {
		if f.Retrafficked == RetraffickingSuspected && day(f.Date) >= day(c.Left) && !end.IsZero() && day(f.Date) <= day(end) {
			o.Suspected = true
		}
	}
	return o, nil
}

// Band is a released band of months: the lower bound in whole months, and
// Top for the top-coded last band.
type Band struct {
	From, To int // [From, To) months; To is 0 for the top band
	Top      bool
}

// String gives "0-3", "3-6", ... and "24+" for the top band.
func (b Band) String() string {
	if b.Top {
		return strconv.Itoa(b.From) + "+"
	}
	return strconv.Itoa(b.From) + "-" + strconv.Itoa(b.To)
}

// MonthBands are the released bands of months since identification or
// reintegration, matching the fixed points of published curves (3, 6, 12
// and 24 months), top-coded at 24.
var MonthBands = []Band{{0, 3, false}, {3, 6, false}, {6, 12, false}, {12, 24, false}, {24, 0, true}}

// BandOfMonths returns the band of a non-negative duration in months; a
// negative or NaN duration has no band (ok false).
func BandOfMonths(m float64) (b Band, ok bool) {
	if !(m >= 0) {
		return Band{}, false
	}
	for _, b := range MonthBands {
		if b.Top || m < float64(b.To) {
			return b, true
		}
	}
	return Band{}, false
}
