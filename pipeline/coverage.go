package pipeline

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/prevalence/prevalence/release"
)

// lastDates keeps the latest registration date of the batch's rows, and the latest year of
// its rows that give a year but no date (whose month is unknown).
func (p *inputPrint) lastDates(reg, year arrow.Array) {
	d, okd := reg.(*array.Date32)
	y, oky := year.(*array.Int32)
	if !okd || !oky {
		return
	}
	for i := range d.Len() {
		switch {
		case d.IsValid(i):
			v := int32(d.Value(i))
			if !p.hasReg || v > p.lastReg {
				p.lastReg, p.hasReg = v, true
			}
			p.regRows++
			if p.hasExtracted && v > p.extracted {
				p.afterDrawn++
			}
		case y.IsValid(i):
			p.lastYearOnly = max(p.lastYearOnly, y.Value(i))
		}
	}
}

// partialYear is the last year of registration the inputs read do not cover whole, or nil:
// a trend that set its cases against a whole year's would show a fall that is only the
// months not yet recorded. The last year is partial when the release is made during it,
// when an export read was made during it (its extracted: date before 31 December), or when
// the registrations recorded stop before its December and no input gives cases of it by
// the year alone (whose months are unknown). Only the year and which of these is kept:
// never the date of a case.
func partialYear(prints []*inputPrint, extracted []time.Time, now time.Time) *release.PartialYear {
	last, lastDate, yearOnly := 0, time.Time{}, 0
	for _, p := range prints {
		if p.hasReg {
			t := time.Unix(int64(p.lastReg)*86400, 0).UTC()
			if t.After(lastDate) {
				lastDate = t
			}
			last = max(last, t.Year())
		}
		yearOnly = max(yearOnly, int(p.lastYearOnly))
		last = max(last, int(p.lastYearOnly))
	}
	if last == 0 {
		return nil
	}
	if now.Year() <= last {
		return &release.PartialYear{Year: last, Why: fmt.Sprintf("the release was made before the end of %d", last)}
	}
	for _, ex := range extracted {
		if ex.Year() == last && ex.YearDay() < time.Date(last, 12, 31, 0, 0, 0, 0, time.UTC).YearDay() {
			return &release.PartialYear{Year: last, Why: fmt.Sprintf("an export was made during %d (its extracted: date)", last)}
		}
	}
	if lastDate.Year() == last && lastDate.Month() < time.December && yearOnly < last {
		return &release.PartialYear{Year: last, Why: fmt.Sprintf("the registrations recorded stop before December %d", last)}
	}
	return nil
}

// afterExtracted says what an input's registrations dated after its source's extracted:
// date tell (attack-2026-12-03f finding 11): either that date is wrong (an old one left in
// a monthly config: the partial year, the day open stays are counted to and the next
// release's guard rest on it) or the dates are (a day and month swapped, a year mistyped).
// Most of its dated rows so: an error; some: a notice; none: "".
func afterExtracted(p *inputPrint) (notice string, err error) {
	if p.afterDrawn == 0 {
		return "", nil
	}
	ex := time.Unix(int64(p.extracted)*86400, 0).UTC().Format(time.DateOnly)
	words := fmt.Sprintf("%s: %d of its %d rows with a registration date are registered after %s, the day its sources entry says the export was made (extracted:)",
		p.label, p.afterDrawn, p.regRows, ex)
	if 2*p.afterDrawn > p.regRows {
		return "", fmt.Errorf("%s: most of them, so the extracted: date or the dates are wrong; correct extracted: (the day the export was made: "+
			"the partial year, the day open stays are counted to and the next release's guard rest on it), or the dates (day and month swapped? date_order:)", words)
	}
	return words + ": those dates (a day and month swapped, a year mistyped) or the extracted: date are wrong; they are read as they are", nil
}
