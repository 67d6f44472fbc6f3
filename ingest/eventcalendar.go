package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// calendarEvidence counts the Ethiopian calendar's signatures among an events export's dates
// (ingest-exactness21's Left: the case reader checks registration dates and dates of birth,
// Reader.ethiopian; the events' were read as Gregorian, seven to eight years early, their
// dates of month 13 refused one by one). The same signatures: a date of month 13 (Pagume);
// 30 February or 29 February of a common year; day 30 on many dates and day 31 on none; the
// latest date six years or more before the export's extracted: day; the events placed in
// Ethiopia (their country column, or the entry's default country).
type calendarEvidence struct {
	month13         int
	col, field      string // the column and field of the first date of month 13, else of the first date
	sheet           string // col's sheet
	febOdd          int
	dates, d30, d31 int
	last            time.Time
	et, placed      int // events whose country is Ethiopia, events with a country
	lastCountry     string
	lastPlaced      bool
	lastET          bool
}

func (p *calendarEvidence) add(q *calendarEvidence) {
	if p.month13 == 0 && q.month13 > 0 || p.col == "" {
		p.col, p.field, p.sheet = q.col, q.field, q.sheet
	}
	p.month13 += q.month13
	p.febOdd += q.febOdd
	p.dates += q.dates
	p.d30 += q.d30
	p.d31 += q.d31
	if q.last.After(p.last) {
		p.last = q.last
	}
	p.et += q.et
	p.placed += q.placed
}

// date counts one event date v of column c (field): d when it was read, else its error.
func (p *calendarEvidence) date(c cellAt, sheet, field, v string, d time.Time, err error) {
	if err != nil {
		switch {
		case monthThirteen(v):
			if p.month13 == 0 {
				p.col, p.field, p.sheet = c.name(), field, sheet
			}
			p.month13++
		case febOdd(v):
			p.febOdd++
		}
		return
	}
	if p.col == "" {
		p.col, p.field, p.sheet = c.name(), field, sheet
	}
	p.dates++
	switch d.Day() {
	case 30:
		p.d30++
	case 31:
		p.d31++
	}
	if d.After(p.last) {
		p.last = d
	}
}

// country counts an event's country of exploitation (v, as written); a row's events and a
// case's rows repeat it, so the last value's reading is kept (lastCountry).
func (p *calendarEvidence) country(v string) {
	if v != p.lastCountry || p.lastCountry == "" {
		cc, ok := geo.LookupCountry(strings.TrimSpace(v))
		p.lastCountry, p.lastPlaced, p.lastET = strings.Clone(v), ok, ok && cc == "ET"
	}
	if p.lastPlaced {
		p.placed++
		if p.lastET {
			p.et++
		}
	}
}

// ethiopian refuses the events of input name whose dates bear the Ethiopian calendar's
// signatures, as Reader.ethiopian refuses a case export's: one date of month 13 alone; 30 or
// 29 February (no Gregorian date) with one more signature; else all three others (the events
// placed in Ethiopia, day 30 without day 31, the latest date years before extracted:). Harder
// to meet than the cases' test: values: has no entry for an event's date to say "Gregorian",
// and a 30 February with nothing else is more likely a typo (quarantined as no date).
func (p *calendarEvidence) ethiopian(name string, m *Mapping) error {
	if p.month13 > 0 {
		return &ParseError{File: name, Sheet: p.sheet, Column: p.col, Field: p.field,
			Err: fmt.Errorf("%w: %d %s a date of month 13, which only the Ethiopian calendar has (its Pagume): the export's other dates are then Ethiopian too, "+
				"and read as Gregorian ones they would fall seven to eight years early; convert the dates to the Gregorian calendar "+
				"(2016-13-05 Ethiopian is 2024-09-10) before the export is read",
				ErrCalendar, p.month13, map[bool]string{true: "event gives", false: "events give"}[p.month13 == 1])}
	}
	if p.dates == 0 {
		return nil
	}
	et := p.placedET(m)
	var signs []string
	if et {
		signs = append(signs, "its events are placed in Ethiopia (ET)")
	}
	if p.d31 == 0 && (p.d30 >= 10 || et && p.d30 >= 6) {
		signs = append(signs, fmt.Sprintf("%d dates give day 30 and none day 31 (Gregorian dates give day 31 about 7 times for 11 of day 30)", p.d30))
	}
	if m != nil && m.Extracted != "" && !p.last.IsZero() {
		if y, mo, d, ok := isoDate(m.Extracted); ok {
			if days := int(time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Sub(p.last).Hours() / 24); days >= 6*365 {
				signs = append(signs, fmt.Sprintf("the latest date is %d years before the export's extracted: day (Ethiopian years run seven to eight behind)", days/365))
			}
		}
	}
	if p.febOdd > 0 && len(signs) >= 1 {
		signs = append([]string{fmt.Sprintf("%d %s 30 February or 29 February of a common year (Ethiopian months all have 30 days)",
			p.febOdd, map[bool]string{true: "event gives", false: "events give"}[p.febOdd == 1])}, signs...)
	} else if len(signs) < 3 {
		return nil
	}
	return &ParseError{File: name, Sheet: p.sheet, Column: p.col, Field: p.field,
		Err: fmt.Errorf("%w: the events' dates bear the Ethiopian calendar's signatures though none is of its month 13: %s; "+
			"read as Gregorian they would fall seven to eight years early: convert them to the Gregorian calendar (2016-04-12 Ethiopian is 2023-12-22) before the export is read",
			ErrCalendar, strings.Join(signs, "; "))}
}

// placedET reports whether the events are placed in Ethiopia: half of those with a country or
// more, or, when none gives one, the entry's default country.
func (p *calendarEvidence) placedET(m *Mapping) bool {
	if m != nil && p.placed == 0 {
		return m.Defaults[schema.CountryOfExploitation] == "ET"
	}
	return p.et > 0 && 2*p.et >= p.placed
}

// CalendarNotice returns, once Read has returned io.EOF, what the check of the events' dates
// for the Ethiopian calendar found when the events are placed in Ethiopia and were read as
// Gregorian, as the case reader says it of a case export (Reader.ethiopian); "" otherwise.
// An events export placed in Ethiopia had no word of its own (ingest-exactness22, noticed).
func (r *EventReader) CalendarNotice() string {
	p := &r.cal
	if p.dates == 0 || p.month13 > 0 || !p.placedET(r.Mapping) {
		return ""
	}
	s := fmt.Sprintf("its events are placed in Ethiopia, whose registers may keep the Ethiopian calendar: their %d dates (column %q first) were checked for it and read as Gregorian: no date of month 13, %d of day 31 (no Ethiopian month has one)",
		p.dates, detect.Label(p.col, p.field), p.d31)
	m := r.Mapping
	switch {
	case p.d31 == 0:
		s += fmt.Sprintf("; but with %d of day 30 and none of day 31 the check cannot tell the calendars apart: if the register keeps the Ethiopian calendar its dates fall seven to eight years early "+
			"and must be converted before the export is read", p.d30)
		if m == nil || m.Extracted == "" {
			s += "; give the export's day as extracted: in its sources: entry to check its latest date"
		}
	case m == nil || m.Extracted == "":
		s += "; give the export's day as extracted: in its sources: entry to check its latest date too"
	default:
		s += ", the latest date within six years of extracted:"
	}
	return s
}
