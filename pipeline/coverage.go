package pipeline

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"gonum.org/v1/gonum/stat/distuv"

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
			if p.regRows == 0 || v < p.firstReg {
				p.firstReg = v
			}
			p.regRows++
			p.countMonth(monthOf(v))
			if p.hasExtracted && v > p.extracted {
				p.afterDrawn++
			}
		case y.IsValid(i):
			p.lastYearOnly = max(p.lastYearOnly, y.Value(i))
		}
	}
}

// countProvinces counts the batch's rows per province of exploitation recorded. A run of rows
// of one province (an export sorted by place, or an organisation of one province) costs one
// map update.
func (p *inputPrint) countProvinces(col arrow.Array) {
	a, ok := col.(*array.String)
	if !ok {
		return
	}
	if p.provinces == nil {
		p.provinces = map[string]int32{}
	}
	last, run := "", int32(0)
	for i := range a.Len() {
		if !a.IsValid(i) || a.Value(i) == "" {
			continue
		}
		if v := a.Value(i); v != last || run == 0 {
			if run > 0 {
				p.provinces[last] += run
			}
			last, run = strings.Clone(v), 0
		}
		run++
	}
	if run > 0 {
		p.provinces[last] += run
	}
}

// monthOf returns the calendar month of day d (days since 1970-01-01) as months since January
// 1970 (Hinnant's days_from_civil inverted: integer arithmetic, no time.Time per row).
func monthOf(d int32) int32 {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m := mp + 3 // March = 3 ... February = 14
	if m > 12 {
		m -= 12
		y++
	}
	return int32((y-1970)*12 + m - 1)
}

// countMonth counts a registration in month m (months since January 1970).
func (p *inputPrint) countMonth(m int32) {
	switch {
	case len(p.months) == 0:
		p.monthBase, p.months = m, []int32{0}
	case m < p.monthBase:
		p.months = append(make([]int32, p.monthBase-m), p.months...)
		p.monthBase = m
	case int(m-p.monthBase) >= len(p.months):
		p.months = append(p.months, make([]int32, int(m-p.monthBase)+1-len(p.months))...)
	}
	p.months[m-p.monthBase]++
}

// partialYear is the last year of registration the inputs read do not cover whole, or nil:
// a trend that set its cases against a whole year's would show a fall that is only the
// months not yet recorded. The last year is partial when the release is made during it,
// when an export read was made during it (its extracted: date before 31 December), or when
// the registrations recorded stop before its December and no input gives cases of it by
// the year alone (whose months are unknown), or when one organisation's registrations stop
// months before it ends while its own export or the others' run past it (sourceStops; asOf
// is the events exports' dates by organisation, Manifest.AsOfBySource). Only the year, which
// of these and the organisation (the manifest's only: release.PartialYear.Source) are kept: never
// the date of a case.
func partialYear(prints []*inputPrint, extracted []time.Time, now time.Time, asOf map[string]time.Time) *release.PartialYear {
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
	if src := sourceStops(prints, last, asOf); src != "" {
		// The public words name no organisation (release.PartialYear.Source).
		return &release.PartialYear{Year: last, Source: src, Why: fmt.Sprintf("one organisation's registrations stop months before the end of %d, while its own export or the other organisations' run past it: "+
			"its export of cases was made earlier than the others', or it stopped registering", last)}
	}
	return nil
}

// stopGap is the least time between an organisation's last registration and the end of the
// last year (or the day its own export or the others' run to, when earlier) that sourceStops
// reads as registrations missing: three months.
const stopGap = 92 * 24 * time.Hour

// sourceStops names the organisation (its source:, else "input N") whose registrations of
// year last stop months before the end of it while its own export (extracted: of its case
// or events exports, asOf) or the other organisations' exports and registrations run past
// that: the year's cases are then not all recorded, and a trend would read the missing months
// as a fall (attack-2026-12-04a finding F: one organisation's case export taken in July,
// its follow-up export and the others in January, the brief's trend -7% where the whole
// register gives +11%). A gap its own pace of registration makes likely (fewer than one
// chance in a hundred of a gap as long with none, at its rows' mean rate) is not read so: a
// small organisation may register none for months. "" when none.
func sourceStops(prints []*inputPrint, last int, asOf map[string]time.Time) string {
	day := func(t time.Time) int32 { return int32(t.Unix() / 86400) }
	by, order := sourceSpans(prints)
	for src, t := range asOf {
		if s := by[src]; s != nil {
			s.export = max(s.export, day(t))
		}
	}
	yearEnd := day(time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, src := range order {
		s := by[src]
		if !s.has || time.Unix(int64(s.last)*86400, 0).UTC().Year() != last {
			continue // no dated registration, or none in the last year (stopped before it)
		}
		// How far its registrations should run: its own export, or the others' exports
		// and registrations, up to the end of the year.
		ref := s.export
		for _, o := range order {
			if o != src {
				ref = max(ref, by[o].export, by[o].last)
			}
		}
		for o, t := range asOf {
			if o != src {
				ref = max(ref, day(t))
			}
		}
		gap := min(ref, yearEnd) - s.last
		if time.Duration(gap)*24*time.Hour < stopGap {
			continue
		}
		// Its mean rate over its registrations: a gap with none as long is unlikely
		// (exp(-rate*gap) < 1%).
		rate := float64(s.rows) / float64(s.last-s.first+1)
		if rate*float64(gap) >= math.Log(100) {
			return src
		}
	}
	return ""
}

// span is an organisation's registrations over its case inputs (sourceSpans).
type span struct {
	first, last int32 // registration dates, days since the epoch
	rows        int
	export      int32 // its own latest export date, its extracted: (0: none)
	has         bool
}

// sourceSpans returns each organisation's span, and the organisations in the order read.
func sourceSpans(prints []*inputPrint) (map[string]*span, []string) {
	by := map[string]*span{}
	var order []string
	for _, p := range prints {
		s := by[p.source]
		if s == nil {
			s = &span{}
			by[p.source] = s
			order = append(order, p.source)
		}
		if p.hasExtracted {
			s.export = max(s.export, p.extracted)
		}
		if !p.hasReg {
			continue
		}
		if !s.has || p.firstReg < s.first {
			s.first = p.firstReg
		}
		s.last, s.has = max(s.last, p.lastReg), true
		s.rows += p.regRows
	}
	return by, order
}

// partialFirstYear is the year one organisation's registrations begin in while another's run
// from before it (a partner that joined the data sharing, a new system whose old records were
// not migrated), or nil: the years before it hold none or few of the organisation's cases, so
// a trend across it reads the organisation's start as a rise (attack-2026-12-04c finding R4:
// an organisation's records from October 2024 only turned the brief's trend from +11% into
// +43%). The start is where its pace of registration begins (pacedStart over its monthly
// counts), not its first row: a handful of older records keyed in, or a start on 1 January,
// hide it no more (attack-2026-12-04d finding R7). The latest such year is kept; only the
// year and the organisation (Source, for the organisation's manifest only), never a case's
// date.
//
// When more than one organisation begins late, Why says that this one is the latest of them
// (attack-2026-12-06d A6's re-check: the demo's partial_first_year named the Kolkata police
// alone as "one organisation's registrations begin months into 2022", and a reader took it
// for the release's only late start while Cambodia Safe Haven's begin in 2019; the manifest's
// late_organisations names each). Their number, not who they are: the public statement
// (protections.json) carries Why.
func partialFirstYear(prints []*inputPrint) *release.PartialYear {
	var found *release.PartialYear
	late := lateStarts(prints)
	for _, l := range late {
		year, month := 1970+int(l.start/12), 1+l.start%12
		if found != nil && found.Year >= year {
			continue
		}
		how := fmt.Sprintf("begin months into %d", year)
		if month == 1 {
			how = fmt.Sprintf("begin with %d", year)
		}
		if len(late) > 1 {
			how += fmt.Sprintf(" (of the %d organisations whose registrations begin late, none begins later)", len(late))
		}
		found = &release.PartialYear{Year: year, Source: l.source, Why: fmt.Sprintf("one organisation's registrations %s, while the other organisations' run from before it: "+
			"%d holds its first cases and the years before it none or few (it joined, or its earlier records are not in its export)", how, year)}
	}
	return found
}

// sourceProvinces returns the provinces of exploitation (codes, sorted) that source's rows
// record, [] when none does: for partial_first_year's organisation (the manifest's
// partial_first_provinces), the centre-gap ranking counts a province's cases a year from that
// year on only where it records cases (analysis.GapSpec's PartialFirstProvinces), where it
// told the organisation's start from the province's own rise by a rule of thumb.
func sourceProvinces(prints []*inputPrint, source string) []string {
	out := []string{}
	for _, p := range prints {
		if p.source != source {
			continue
		}
		for prov := range p.provinces {
			if !slices.Contains(out, prov) {
				out = append(out, prov)
			}
		}
	}
	slices.Sort(out)
	return out
}

// lateOrganisations returns every organisation whose registrations begin late (lateStarts),
// with the provinces its rows record and, of them, those that no organisation beginning on time
// records (the manifest's late_organisations), or nil: partialFirstYear names the latest one
// only, and the centre gaps read a second one's start as its provinces' rise
// (attack-2026-12-06a A6). An organisation without dated registrations counts as on time.
func lateOrganisations(prints []*inputPrint) []release.LateOrganisation {
	late := lateStarts(prints)
	if len(late) == 0 {
		return nil
	}
	isLate := map[string]bool{}
	for _, l := range late {
		isLate[l.source] = true
	}
	onTime := map[string]bool{} // provinces an organisation beginning on time records
	for _, p := range prints {
		if !isLate[p.source] {
			for prov := range p.provinces {
				onTime[prov] = true
			}
		}
	}
	out := make([]release.LateOrganisation, 0, len(late))
	for _, l := range late {
		o := release.LateOrganisation{Year: 1970 + int(l.start/12), Month: 1 + int(l.start%12), Source: l.source, Provinces: sourceProvinces(prints, l.source)}
		for _, prov := range o.Provinces {
			if !onTime[prov] {
				o.Alone = append(o.Alone, prov)
			}
		}
		out = append(out, o)
	}
	return out
}

// lateStart is an organisation whose registrations begin at their pace at month start (months
// since January 1970) while the others' run from before it.
type lateStart struct {
	source string
	start  int32
}

// day is the first day of its start month.
func (l lateStart) day() time.Time {
	return time.Date(1970+int(l.start/12), time.Month(1+l.start%12), 1, 0, 0, 0, 0, time.UTC)
}

// lateStarts returns every organisation whose records begin late (pacedStart), in the order
// read: partialFirstYear keeps the latest year, occupancy every one (lateBegins).
func lateStarts(prints []*inputPrint) []lateStart {
	months := map[string]map[int32]int32{}
	var order []string
	for _, p := range prints {
		if months[p.source] == nil {
			months[p.source] = map[int32]int32{}
			order = append(order, p.source)
		}
		for i, c := range p.months {
			if c > 0 {
				months[p.source][p.monthBase+int32(i)] += c
			}
		}
	}
	// The period's last month: an organisation's pace after its start runs to it, not to its
	// own last record (one record in the last month is no pace of one a month).
	end := int32(math.MinInt32)
	for _, ms := range months {
		for m := range ms {
			end = max(end, m)
		}
	}
	var late []lateStart
	for _, src := range order {
		if len(months[src]) == 0 {
			continue
		}
		// The others' registrations must run from before it: else every organisation starts late.
		// With no other organisation's, others stays past every month and pacedStart finds none.
		others := int32(math.MaxInt32)
		for _, o := range order {
			if o == src {
				continue
			}
			for m := range months[o] {
				others = min(others, m)
			}
		}
		if start, ok := pacedStart(months[src], others, end); ok {
			late = append(late, lateStart{source: src, start: start})
		}
	}
	return late
}

// pacedStart returns the month (months since January 1970) an organisation's registrations
// begin at their pace, given its registrations per month, the first month of the others' (from)
// and the period's last month (to, at least its own last): the change point of a Poisson rate
// before and after it (the month that best splits the months from from on into a rate before
// and one after, by likelihood), accepted when at
// least three months precede it, most of its registrations follow it, and the months before
// hold at most a tenth of what its pace after would give there, with less than one chance in a
// hundred of as few by chance (a small organisation may register none for months). Its pace
// after is that of the year from the month, not the average to the period's end: a register
// growing for years (the demo's India Rescue Network, 23 registrations in 2018 and 139 in 2021)
// read as beginning late, and one beginning a year late as beginning a year later still (outc,
// session of 2026-12-06: the Afghan centre and Cambodia Safe Haven from 2020, for 2019). A partner
// that joined in October 2024 and keyed in 20 older records of its 159 (one in eight) begins in
// October 2024, not years before (attack-2026-12-04e S3: nine in ten after it were asked, and
// the brief compared 2025 with 2024's last quarter again, +41%).
// ok is false when its registrations run at one pace from from on.
func pacedStart(months map[int32]int32, from, to int32) (start int32, ok bool) {
	first, last, n, before := int32(math.MaxInt32), int32(math.MinInt32), 0.0, 0.0
	for m, c := range months {
		first, last, n = min(first, m), max(last, m), n+float64(c)
		if m < from {
			before += float64(c)
		}
	}
	best := math.Inf(-1)
	to = max(to, last)
	for m := max(first, from); m <= last; m++ {
		lenB, lenA := float64(m-from), float64(to-m+1)
		after := n - before
		if lenB >= 3 && after > before {
			rate := after / lenA
			// The pace after: that of the year from m (a register growing for years has
			// an average pace to the period's end far above its first months').
			var year float64
			for k := m; k < m+12 && k <= to; k++ {
				year += float64(months[k])
			}
			expected := year / float64(min(12, to-m+1)) * lenB
			if 10*before <= expected && (distuv.Poisson{Lambda: expected}).CDF(before) < 0.01 {
				if ll := xlogy(before, before/lenB) + xlogy(after, rate); ll > best {
					best, start, ok = ll, m, true
				}
			}
		}
		before += float64(months[m])
	}
	return start, ok
}

// xlogy is x log y, 0 when x is 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
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

// lateCare returns the organisations whose events begin late while their case registrations
// run from before (a care system adopted years after the case register, its earlier people's
// stays never entered in it; outc session zg's Left): the month its events begin at their
// pace (pacedStart over each case row's earliest event by month, firstEvents), from the month
// its registrations begin at theirs, when that is three months or more before. lateStarts,
// reading registrations only, finds none of them when the case export is whole; an
// organisation whose registrations begin late too is found here only when its events begin
// later still (lateBegins takes the later). Only occupancy reads them: every curve runs on each
// person's own clock, and a case without events is in none.
func lateCare(prints []*inputPrint, events map[string]map[int32]int32) []lateStart {
	reg := map[string]map[int32]int32{}
	end := int32(math.MinInt32)
	for _, p := range prints {
		for i, c := range p.months {
			if c > 0 {
				if reg[p.source] == nil {
					reg[p.source] = map[int32]int32{}
				}
				m := p.monthBase + int32(i)
				reg[p.source][m] += c
				end = max(end, m)
			}
		}
	}
	for _, ms := range events {
		for m := range ms {
			end = max(end, m)
		}
	}
	var srcs []string
	for src := range events {
		srcs = append(srcs, src)
	}
	slices.Sort(srcs)
	var out []lateStart
	for _, src := range srcs {
		if len(reg[src]) == 0 || len(events[src]) == 0 {
			continue // no dated registration to begin from
		}
		// Where its registrations begin at their pace: its first one, or later when a few
		// older records were keyed in (pacedStart from its first).
		from := int32(math.MaxInt32)
		for m := range reg[src] {
			from = min(from, m)
		}
		if start, ok := pacedStart(reg[src], from, end); ok {
			from = start
		}
		start, ok := pacedStart(events[src], from, end)
		if !ok {
			continue
		}
		out = append(out, lateStart{source: src, start: start})
	}
	return out
}
