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
// summarised by the caller into spells in care, a spell being placements that
// follow one another without a night out of care (or after a transfer to
// another placement): Admitted is the start of the first spell, Left its end
// (zero while the child is still in it), Reason why it ended. Later are the
// spells after it, in order: the child came back into care (rescued again,
// found after absconding, readmitted after going home). The time between two
// spells is no time in care.
type Care struct {
	Admitted  time.Time
	Left      time.Time // zero: still in care
	Reason    EndReason // StillOpen while in care
	Later     []Spell
	FollowUps []FollowUp
	// Extracted is the date the data were exported: an open spell is
	// censored there.
	Extracted time.Time
	// Identified is the date the person was identified (zero: unknown), the
	// origin of the time to reintegration.
	Identified time.Time
}

// Spell is a spell in care after the first: from Admitted to Left (zero:
// still in care, only the last one), ended for Reason.
type Spell struct {
	Admitted, Left time.Time
	Reason         EndReason
}

// Home returns the date of the case's first reintegration (the end of the
// first spell that ended by ExitReintegrated; zero: never reintegrated) and the
// date the child next came back into care after it (zero: not, up to the
// export): the time at home during which re-trafficking is looked for.
func (c Care) Home() (from, back time.Time) {
	if ExitCause(c.Reason) == ExitReintegrated && !c.Left.IsZero() {
		if len(c.Later) > 0 {
			back = c.Later[0].Admitted
		}
		return c.Left, back
	}
	for i, sp := range c.Later {
		if ExitCause(sp.Reason) == ExitReintegrated && !sp.Left.IsZero() {
			if i+1 < len(c.Later) {
				back = c.Later[i+1].Admitted
			}
			return sp.Left, back
		}
	}
	return time.Time{}, time.Time{}
}

// AtHome reports whether t is on or after the first reintegration and not
// inside a later spell in care (a visit then is a follow-up in care).
func (c Care) AtHome(t time.Time) bool {
	from, _ := c.Home()
	if from.IsZero() || day(t) < day(from) {
		return false
	}
	for _, sp := range c.Later {
		if day(sp.Admitted) < day(t) && (sp.Left.IsZero() || day(t) < day(sp.Left)) {
			return false
		}
	}
	return true
}

// Outcome is the per-case derived outcome released in place of dates: the
// inputs of the length-of-stay, reintegration and re-trafficking analyses.
type Outcome struct {
	// StayMonths is the time in care of the first spell, to Left or (open)
	// to Extracted; ExitStatus is ExitCause(Reason): 0 censored, else the
	// exit cause of the first spell.
	StayMonths float64
	ExitStatus int
	// Reintegrated says whether the case was reintegrated: its first spell,
	// or a later one, ended by reintegration (ExitReintegrated); the rest is
	// only set when it was, and counts from the first reintegration.
	Reintegrated bool
	// FollowedMonths is the time from the first reintegration to the last
	// follow-up contact at home, or to the first confirmed re-trafficking if
	// earlier, or to the child's return to care (Readmitted) if earlier
	// still; Retrafficked says whether re-trafficking was confirmed (the
	// event) or not (censored; a suspected case is not an event). With no
	// visit after reintegration and no return both are zero: censored at once.
	FollowedMonths float64
	Retrafficked   bool
	// Readmitted says whether the time at home ended by a return to care
	// before any confirmed re-trafficking: censored there (why the child came
	// back is not recorded).
	Readmitted bool
	// Returns counts the spells in care after the first (len(Care.Later)).
	Returns int
	// LaterRetrafficked says whether a visit at home after a return to care (a later
	// reintegration) confirmed re-trafficking: not an event here (one observation per
	// person, from the first reintegration), an event of re-trafficking-or-return at the
	// return; only for the notice (not packed).
	LaterRetrafficked bool
	// Suspected says whether any visit up to FollowedMonths recorded a
	// suspected re-trafficking: for a sensitivity analysis.
	Suspected bool
	// InSchoolAtLast is the schooling answer of the last visit at home
	// (Unknown without visits).
	InSchoolAtLast Answer
	// FromIdentification is the time from identification to the end of the
	// first spell in care (Left, or Extracted while open), the clock of the
	// time to reintegration; HasIdentification says whether it is known
	// (Care's Identified set). The stay itself (StayMonths) counts from
	// admission.
	FromIdentification float64
	HasIdentification  bool
}

// Derive computes a case's outcome. It is an *InputError (Arg "care",
// index -1) when Admitted is missing, Left precedes Admitted, Left is set
// while Reason is StillOpen or the reverse, an open spell has no
// Extracted date not before Admitted, Identified is after the end of the
// last spell (after the first one, FromIdentification is unknown), or a later spell starts before the one before it ended, has
// no admission date, or is open and not the last. Follow-up visits before
// the first reintegration, or inside a later spell in care, are ignored
// (they are follow-ups in care); their order in the slice does not matter.
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
	prevEnd := c.Left
	for _, sp := range c.Later {
		switch {
		case prevEnd.IsZero():
			return bad("a spell in care after one still open")
		case sp.Admitted.IsZero():
			return bad("no admission date")
		case day(sp.Admitted) < day(prevEnd):
			return bad("a spell in care starts before the one before it ended")
		case sp.Left.IsZero() != (sp.Reason == StillOpen):
			return bad("an end date without an end reason, or the reverse")
		case !sp.Left.IsZero() && day(sp.Left) < day(sp.Admitted):
			return bad("left care before admission")
		}
		prevEnd = sp.Left
	}
	end := c.Left
	if c.Left.IsZero() {
		end = c.Extracted
	}
	o.StayMonths = Months(c.Admitted, end)
	o.Returns = len(c.Later)
	if !c.Identified.IsZero() {
		last := end // the end of the last spell, or the export while it is open
		if n := len(c.Later); n > 0 {
			if last = c.Later[n-1].Left; last.IsZero() {
				last = c.Extracted
			}
		}
		switch {
		case day(c.Identified) > day(last):
			return bad("identified after leaving care (or after the export)")
		case day(c.Identified) <= day(end):
			o.FromIdentification, o.HasIdentification = Months(c.Identified, end), true
		}
		// Identified after the first spell, before a later one: the first spell's time to
		// reintegration has no origin (left out of that table), the rest stands.
	}
	o.ExitStatus = ExitCause(c.Reason)
	home, back := c.Home()
	if home.IsZero() {
		return o, nil
	}
	o.Reintegrated = true
	// Re-trafficking is looked for from the first reintegration to the child's return to care
	// (a visit on the day of the return still counts): a child found re-trafficked and rescued
	// again is the event, not a follow-up in care (attack-2026-12-02a finding 3).
	var last, confirmed time.Time
	for _, f := range c.FollowUps {
		if !c.AtHome(f.Date) {
			continue
		}
		if last.IsZero() || day(f.Date) > day(last) {
			last = f.Date
			o.InSchoolAtLast = f.InSchool
		}
		if !back.IsZero() && day(f.Date) > day(back) {
			if f.Retrafficked == RetraffickingConfirmed {
				o.LaterRetrafficked = true
			}
			continue
		}
		if f.Retrafficked == RetraffickingConfirmed && (confirmed.IsZero() || day(f.Date) < day(confirmed)) {
			confirmed = f.Date
		}
	}
	end = last
	if !back.IsZero() && (end.IsZero() || day(end) > day(back)) {
		end = back
	}
	switch {
	case !confirmed.IsZero():
		end, o.Retrafficked, o.LaterRetrafficked = confirmed, true, false
	case !back.IsZero():
		end, o.Readmitted = back, true
	}
	if !end.IsZero() {
		o.FollowedMonths = Months(home, end)
	}
	for _, f := range c.FollowUps {
		if f.Retrafficked == RetraffickingSuspected && c.AtHome(f.Date) && !end.IsZero() && day(f.Date) <= day(end) {
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
