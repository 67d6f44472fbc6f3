// Outcome tables (issue 12): what happened after identification, counted from the per-case
// outcomes at full precision inside the boundary, and published only at fixed points with the
// counts they rest on, under the same cell protection as the other tables.

package anonymize

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/survival"
)

// OutcomePoints are the months at which the outcome curves are published: between them a
// curve's steps would single out the children whose exits make them. The first, 0, is the
// cohort (everyone at risk when the clock starts). It is published and audited as a count
// because the estimates give it back anyway: with no stay censored, an estimate is the events
// over the cohort (26 / 0.217 = 120), and the cohort less the number at risk at three months is
// every exit by then, which gave back a withheld exit exactly (attack-2026-12-02a finding 1).
// Audited, the cohort and the fall to three months are relations like any other point's.
var OutcomePoints = []float64{0, 3, 6, 12, 24}

// CaseOutcome is what the outcome tables need of one case, at full precision. It holds months
// and derived values only, no identifier; the stays' dates serve occupancy and never leave.
type CaseOutcome struct {
	// Care says whether the case had a stay in care; Outcome is set then.
	Care    bool
	Outcome outcomes.Outcome
	// Province is the last placement's province (ISO 3166-2, "" unknown); Route the referral
	// route ("" unknown).
	Province, Route string
	// Legal are the case's legal cases, LegalYear the year each was registered (its cohort; 0
	// unknown).
	Legal     []outcomes.LegalCase
	LegalYear []int
	// Stays are the case's residential placements and StayProvinces their provinces, for
	// occupancy.
	Stays         []outcomes.Stay
	StayProvinces []string
	// Since is the months from reintegration to the export and LastVisit the months from
	// reintegration to the latest follow-up visit (negative: none), when Outcome.Reintegrated:
	// the follow-up table's coverage.
	Since, LastVisit float64
	// FollowUpNotRecorded says that the case's organisation exports no follow-up visit at all
	// (Collector.FollowUpNotRecorded): whether it was visited is not recorded, so it is
	// neither a "no" of the follow-up coverage nor followed for no time in re-trafficking
	// (attack-2026-12-02a finding 6: such an organisation halved the coverage).
	FollowUpNotRecorded bool
	// Services are the case's services (and HTCDS support plans), in any order.
	Services []ServiceUse
	// Admitted is the day the first spell in care began (zero: not known; kept to the day,
	// from 1800 on): OutcomeConfig.Entries' delayed entry counts from it.
	Admitted time.Time
	// Entry is the months from Admitted to the day the case's organisation's records begin,
	// when its first spell was open then (OutcomeConfig.Entries), else 0: the time in care is
	// observed from Entry on (delayed entry). Set by the outcome tables, never by the caller.
	Entry float64
	// EntryDay is the day the case's organisation's records begin when they begin late
	// (OutcomeConfig.Entries; zero otherwise): occupancy counts a stay of a province of
	// OutcomeConfig.StaysBefore that was open on it from it. Set by the outcome tables, never
	// by the caller.
	EntryDay time.Time
	// EntrySource is the case's organisation when EntryDay is set (the re-trafficking note
	// counts the late organisations). Set by the outcome tables, never by the caller.
	EntrySource string
}

// ServiceUse is one service of a case: its type (Primero lookup-service-type id or HTCDS
// support-plan type) and its status (Yes implemented, No not, Unknown not recorded).
type ServiceUse struct {
	Type        string
	Implemented outcomes.Answer
}

// SetOutcome records the outcome of row (numbered in the order added); a later call for the
// same row replaces it. The strings and slices are copied: the caller may reuse them.
func (c *Collector) SetOutcome(row int, o CaseOutcome) {
	c.outcomes.set(row, o)
}

// FollowUpNotRecorded marks the outcomes of rows (set before, any order) as of cases whose
// organisation exports no follow-up visit (CaseOutcome.FollowUpNotRecorded). One pass over
// the outcomes: the pipeline knows which organisations export none only once every case was read.
func (c *Collector) FollowUpNotRecorded(rows []int) {
	if len(rows) == 0 {
		return
	}
	mark := make(map[int32]bool, len(rows))
	for _, r := range rows {
		mark[int32(r)] = true
	}
	s := &c.outcomes
	for ci := range s.packed.chunks {
		for i := range s.packed.chunks[ci] {
			if p := &s.packed.chunks[ci][i]; mark[p.row] {
				p.flags |= packedNoFollowUp
			}
		}
	}
}

// outcomeStore holds the cases' outcomes packed, without pointers, in fixed blocks: a case
// costs 64 bytes and its stays, legal cases and services a few more each, where a
// CaseOutcome (240 bytes) with its five small slices and strings held some 350 from ingest
// to the tables (3.5 GiB at 10,000,000 rows). The tables get CaseOutcomes back (all).
type outcomeStore struct {
	packed    chunked[packedOutcome] // in the order set
	starts    chunked[runStarts]     // the runs' first indices of packed's cases 0, markEvery, 2*markEvery, ...
	names     []string               // provinces, routes and service types
	nameIdx   map[string]uint32
	wide      map[[2]uint32]uint32 // (packed index, 0 province or 1 route): a name index from wideName on
	stays     chunked[[2]int64]    // start and end, Unix seconds (noStayTime: zero; exact has a time with more)
	exact     map[[2]uint32]time.Time
	stayProvs chunked[uint32]
	legal     chunked[outcomes.LegalCase]
	legalYear chunked[int]
	services  chunked[packedService]
	// entry: the delayed entries (CaseOutcome.Entry) by index, set by delayEntries for the
	// tables; nil when none. entryDay: the day of each case of a late organisation in care
	// (CaseOutcome.EntryDay), by index; nil when none.
	entry    map[uint32]float64
	entryDay map[uint32]time.Time
	entryOrg map[uint32]string // the organisation of each index of entryDay
}

// packedOutcome is a CaseOutcome without pointers in 64 bytes (88 with its runs' first
// indices and wider fields: some 240 MB more at 10,000,000 rows, held through the last case
// input, the run's peak): strings by index in outcomeStore.names, slices as runs in its
// blocks, each run starting where the case before left it (runStarts).
type packedOutcome struct {
	stayMonths, followedMonths, fromIdentification, since, lastVisit float64

	row                                               int32
	province, route                                   uint16 // wideName: the index is in outcomeStore.wide
	nStays, nStayProvs, nLegal, nLegalYear, nServices uint16
	exitStatus                                        int8
	flags                                             uint8 // packedCare...
	inSchool                                          outcomes.Answer
	admitted                                          [3]byte // admittedDay: in the padding, a case stays 64 bytes
}

// admittedDay packs a day (CaseOutcome.Admitted) in 3 bytes: days from 1800-01-01 plus 1, 0
// none (or before 1800, or after 45,000 years: no delayed entry is counted for it).
func admittedDay(t time.Time) [3]byte {
	if t.IsZero() {
		return [3]byte{}
	}
	d := t.Unix()/86400 - admittedFrom + 1
	if t.Unix() < 0 && t.Unix()%86400 != 0 {
		d-- // floor: a time before 1970 in the day
	}
	if d <= 0 || d >= 1<<24 {
		return [3]byte{}
	}
	return [3]byte{byte(d), byte(d >> 8), byte(d >> 16)}
}

// admittedTime is the day admittedDay packed (zero: none).
func admittedTime(b [3]byte) time.Time {
	d := int64(b[0]) | int64(b[1])<<8 | int64(b[2])<<16
	if d == 0 {
		return time.Time{}
	}
	return time.Unix((d-1+admittedFrom)*86400, 0).UTC()
}

// admittedFrom is 1800-01-01 in days since 1970-01-01.
const admittedFrom = -62091

// runStarts are a case's first indices in the five runs' blocks: stays, stayProvs, legal,
// legalYear, services. A case's runs follow those of the case set before it, so they are
// kept only every markEvery cases (outcomeStore.starts) and found from there (runCursor).
type runStarts [5]uint32

const (
	markEvery = 64
	wideName  = math.MaxUint16
)

// next returns the starts of the case after the one p is, whose starts are st.
func (st runStarts) next(p *packedOutcome) runStarts {
	return runStarts{st[0] + uint32(p.nStays), st[1] + uint32(p.nStayProvs), st[2] + uint32(p.nLegal),
		st[3] + uint32(p.nLegalYear), st[4] + uint32(p.nServices)}
}

// runCursor finds the runStarts of the cases of one store: from the last one found when the
// next is after it in the same markEvery cases (the tables walk the cases in the order set,
// skipping some), else from the mark before it. Either way at most markEvery-1 cases are summed.
type runCursor struct {
	s  *outcomeStore
	at uint32 // the case whose starts are st; ok false: none yet
	st runStarts
	ok bool
}

func (c *runCursor) find(i uint32) runStarts {
	if !c.ok || i < c.at || i/markEvery != c.at/markEvery {
		c.at, c.st, c.ok = i/markEvery*markEvery, c.s.starts.at(i/markEvery), true
	}
	for ; c.at < i; c.at++ {
		c.st = c.st.next(c.s.packed.ref(c.at))
	}
	return c.st
}

type packedService struct {
	typ         uint32
	implemented outcomes.Answer
}

const (
	packedCare = 1 << iota
	packedReintegrated
	packedRetrafficked
	packedSuspected
	packedHasIdentification
	packedNoFollowUp
	packedReadmitted
)

const noStayTime = math.MinInt64

// chunked is a growing array of pointer-free values in fixed chunks: growing never copies.
type chunked[T any] struct {
	chunks [][]T
	n      uint32
}

const chunkLen = 1 << 14

func (c *chunked[T]) push(v T) uint32 {
	if c.n == math.MaxUint32 {
		panic("anonymize: more than 2^32-1 outcome values")
	}
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, make([]T, 0, chunkLen))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
	return c.n - 1
}

func (c *chunked[T]) at(i uint32) T { return c.chunks[i/chunkLen][i%chunkLen] }

func (c *chunked[T]) ref(i uint32) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

// name returns v's index in names.
func (s *outcomeStore) name(v string) uint32 {
	i, ok := s.nameIdx[v]
	if !ok {
		if s.nameIdx == nil {
			s.nameIdx = map[string]uint32{}
		}
		i = uint32(len(s.names))
		s.names = append(s.names, strings.Clone(v))
		s.nameIdx[s.names[i]] = i
	}
	return i
}

// narrowName returns v's index in names for a packedOutcome of index n, which (0 province,
// 1 route): wideName, the index in wide, when it does not fit 16 bits.
func (s *outcomeStore) narrowName(n, which uint32, v string) uint16 {
	i := s.name(v)
	if i < wideName {
		return uint16(i)
	}
	if s.wide == nil {
		s.wide = map[[2]uint32]uint32{}
	}
	s.wide[[2]uint32{n, which}] = i
	return wideName
}

// nameOf returns the name narrowName gave i for the packedOutcome of index n.
func (s *outcomeStore) nameOf(n, which uint32, i uint16) string {
	if i == wideName {
		return s.names[s.wide[[2]uint32{n, which}]]
	}
	return s.names[i]
}

// run checks that a slice fits a run's count.
func run(n int) uint16 {
	if n > math.MaxUint16 {
		panic(fmt.Sprintf("anonymize: a case with %d stays, legal cases or services", n))
	}
	return uint16(n)
}

func (s *outcomeStore) stayTime(n uint32, which uint32, t time.Time) int64 {
	if t.IsZero() {
		return noStayTime
	}
	if u := time.Unix(t.Unix(), 0).UTC(); u != t || t.Unix() == noStayTime {
		if s.exact == nil {
			s.exact = map[[2]uint32]time.Time{}
		}
		s.exact[[2]uint32{n, which}] = t
		return 0
	}
	return t.Unix()
}

func (s *outcomeStore) timeOf(n uint32, which uint32, sec int64) time.Time {
	if t, ok := s.exact[[2]uint32{n, which}]; ok {
		return t
	}
	if sec == noStayTime {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func (s *outcomeStore) set(row int, o CaseOutcome) {
	if row < 0 || row > math.MaxInt32 {
		panic(fmt.Sprintf("anonymize: outcome of row %d out of range", row))
	}
	if o.Outcome.ExitStatus < math.MinInt8 || o.Outcome.ExitStatus > math.MaxInt8 {
		panic("anonymize: exit status out of range")
	}
	n := s.packed.n
	if n%markEvery == 0 {
		s.starts.push(runStarts{s.stays.n, s.stayProvs.n, s.legal.n, s.legalYear.n, s.services.n})
	}
	p := packedOutcome{row: int32(row), stayMonths: o.Outcome.StayMonths, followedMonths: o.Outcome.FollowedMonths,
		fromIdentification: o.Outcome.FromIdentification, since: o.Since, lastVisit: o.LastVisit,
		exitStatus: int8(o.Outcome.ExitStatus), inSchool: o.Outcome.InSchoolAtLast,
		province: s.narrowName(n, 0, o.Province), route: s.narrowName(n, 1, o.Route),
		nStays: run(len(o.Stays)), nStayProvs: run(len(o.StayProvinces)), nLegal: run(len(o.Legal)),
		nLegalYear: run(len(o.LegalYear)), nServices: run(len(o.Services)), admitted: admittedDay(o.Admitted)}
	for _, f := range [...]struct {
		flag uint8
		on   bool
	}{{packedCare, o.Care}, {packedReintegrated, o.Outcome.Reintegrated}, {packedRetrafficked, o.Outcome.Retrafficked},
		{packedSuspected, o.Outcome.Suspected}, {packedHasIdentification, o.Outcome.HasIdentification},
		{packedNoFollowUp, o.FollowUpNotRecorded}, {packedReadmitted, o.Outcome.Readmitted}} {
		if f.on {
			p.flags |= f.flag
		}
	}
	for _, st := range o.Stays {
		n := s.stays.n
		s.stays.push([2]int64{s.stayTime(n, 0, st.Start), s.stayTime(n, 1, st.End)})
	}
	for _, v := range o.StayProvinces {
		s.stayProvs.push(s.name(v))
	}
	for _, l := range o.Legal {
		s.legal.push(l)
	}
	for _, y := range o.LegalYear {
		s.legalYear.push(y)
	}
	for _, sv := range o.Services {
		s.services.push(packedService{s.name(sv.Type), sv.Implemented})
	}
	s.packed.push(p)
}

// flatInto unpacks the outcome of index n into o without its slices (nil): what the curves
// and follow-up read.
func (s *outcomeStore) flatInto(n uint32, o *CaseOutcome) {
	p := s.packed.ref(n)
	*o = CaseOutcome{Care: p.flags&packedCare != 0, Province: s.nameOf(n, 0, p.province), Route: s.nameOf(n, 1, p.route),
		Since: p.since, LastVisit: p.lastVisit, FollowUpNotRecorded: p.flags&packedNoFollowUp != 0,
		Outcome: outcomes.Outcome{StayMonths: p.stayMonths, ExitStatus: int(p.exitStatus), Reintegrated: p.flags&packedReintegrated != 0,
			FollowedMonths: p.followedMonths, Retrafficked: p.flags&packedRetrafficked != 0, Readmitted: p.flags&packedReadmitted != 0,
			Suspected: p.flags&packedSuspected != 0, InSchoolAtLast: p.inSchool, FromIdentification: p.fromIdentification, HasIdentification: p.flags&packedHasIdentification != 0},
		Admitted: admittedTime(p.admitted)}
	if s.entry != nil {
		o.Entry = s.entry[n]
	}
	if s.entryDay != nil {
		o.EntryDay, o.EntrySource = s.entryDay[n], s.entryOrg[n]
	}
}

// outcomeInto unpacks the outcome of index n, whose runs start at st, into o, reusing o's
// slices when they have room (a fresh o: each slice allocated at its length, nil when empty,
// as outcome always did).
func (s *outcomeStore) outcomeInto(n uint32, st runStarts, o *CaseOutcome) {
	stays, provs, legal, years, services := o.Stays[:0], o.StayProvinces[:0], o.Legal[:0], o.LegalYear[:0], o.Services[:0]
	s.flatInto(n, o)
	p := s.packed.ref(n)
	o.Stays, o.StayProvinces, o.Legal, o.LegalYear, o.Services = stays, provs, legal, years, services
	if p.nStays > 0 {
		o.Stays = slices.Grow(o.Stays, int(p.nStays))[:p.nStays]
		for i := range o.Stays {
			n := st[0] + uint32(i)
			st := s.stays.at(n)
			o.Stays[i] = outcomes.Stay{Start: s.timeOf(n, 0, st[0]), End: s.timeOf(n, 1, st[1])}
		}
	}
	if p.nStayProvs > 0 {
		o.StayProvinces = slices.Grow(o.StayProvinces, int(p.nStayProvs))[:p.nStayProvs]
		for i := range o.StayProvinces {
			o.StayProvinces[i] = s.names[s.stayProvs.at(st[1]+uint32(i))]
		}
	}
	if p.nLegal > 0 {
		o.Legal = slices.Grow(o.Legal, int(p.nLegal))[:p.nLegal]
		for i := range o.Legal {
			o.Legal[i] = s.legal.at(st[2] + uint32(i))
		}
	}
	if p.nLegalYear > 0 {
		o.LegalYear = slices.Grow(o.LegalYear, int(p.nLegalYear))[:p.nLegalYear]
		for i := range o.LegalYear {
			o.LegalYear[i] = s.legalYear.at(st[3] + uint32(i))
		}
	}
	if p.nServices > 0 {
		o.Services = slices.Grow(o.Services, int(p.nServices))[:p.nServices]
		for i := range o.Services {
			sv := s.services.at(st[4] + uint32(i))
			o.Services[i] = ServiceUse{Type: s.names[sv.typ], Implemented: sv.implemented}
		}
	}
}

// all returns each kept row's outcome (the last set for it) in row order, unpacked.
func (s *outcomeStore) all(keep func(row int) bool) []*CaseOutcome {
	var out []*CaseOutcome
	for o := range s.kept(keep) {
		out = append(out, o)
	}
	return out
}

// kept yields each kept row's outcome (the last set for it) in row order, each unpacked when
// reached: all of them unpacked at once took some 250 bytes a case and its slices beside
// the collected records (GiBs at 10,000,000 rows, the run's peak), for tables that pass over
// them one case at a time. A yielded outcome is the caller's to keep.
func (s *outcomeStore) kept(keep func(row int) bool) iter.Seq[*CaseOutcome] {
	return s.seq(s.keptRows(keep), false)
}

// keptRows returns the indices in packed of each kept row's last outcome, in row order.
func (s *outcomeStore) keptRows(keep func(row int) bool) []uint32 {
	row := func(i uint32) int32 { return s.packed.chunks[i/chunkLen][i%chunkLen].row }
	// Set in row order, each row once (as the pipeline mostly does): one pass.
	inOrder, maxRow := true, int32(-1)
	for i := range s.packed.n {
		r := row(i)
		if r <= maxRow {
			inOrder = false
		}
		maxRow = max(maxRow, r)
	}
	idx := make([]uint32, 0, s.packed.n)
	if inOrder {
		for i := range s.packed.n {
			if keep(int(row(i))) {
				idx = append(idx, i)
			}
		}
		return idx
	}
	// Otherwise each row's last index (a row set again keeps its last), by row: rows are the
	// Collector's, dense from 0, so a slot a row is linear where a stable sort of the indices
	// by row was O(n log² n) (7.4 s of the outcome tables' 36 s at 10,000,000 rows, issue-14-speed11).
	last := make([]uint32, int(maxRow)+1) // index + 1; 0: no outcome
	for i := range s.packed.n {
		last[row(i)] = i + 1
	}
	for r, i := range last {
		if i != 0 && keep(r) {
			idx = append(idx, i-1)
		}
	}
	return idx
}

// seq yields the outcomes at the indices last (keptRows), each unpacked when reached; with
// care, only those of cases in care (CaseOutcome.Care), told from the packed flag before
// unpacking: the outcome tables pass over the cases in care six times, and unpacked the others
// only to skip them (in synth's data nearly every case with outcomes is in care, so it saves
// little there).
func (s *outcomeStore) seq(last []uint32, care bool) iter.Seq[*CaseOutcome] {
	return func(yield func(*CaseOutcome) bool) {
		c := runCursor{s: s}
		for _, i := range last {
			if care && s.packed.ref(i).flags&packedCare == 0 {
				continue
			}
			var o CaseOutcome
			s.outcomeInto(i, c.find(i), &o)
			if !yield(&o) {
				return
			}
		}
	}
}

// borrowFlat is borrow without the outcomes' slices (stays, legal cases, services: nil): the
// curves and the follow-up table read none of them, and unpacking each case's stays on each of
// their passes was a fifth of the outcome tables' CPU at 1,000,000 rows.
func (s *outcomeStore) borrowFlat(last []uint32, care bool) iter.Seq[*CaseOutcome] {
	return s.unpacked(last, care, false)
}

// borrow is seq with one outcome unpacked into the same CaseOutcome and slices every time:
// the outcome yielded is valid until the next one (a caller keeps a copy of what it needs).
// The outcome tables pass over the cases six to eight times, and unpacking allocated each
// case's slices anew on every pass (a third of the outcome tables' CPU on synth's folder at
// 1,000,000 rows, and the garbage collector's work after it).
func (s *outcomeStore) borrow(last []uint32, care bool) iter.Seq[*CaseOutcome] {
	return s.unpacked(last, care, true)
}

// unpacked yields the cases last names (only those in care when care is set), each unpacked
// into one reused CaseOutcome, with its slices when runs is set.
func (s *outcomeStore) unpacked(last []uint32, care, runs bool) iter.Seq[*CaseOutcome] {
	return func(yield func(*CaseOutcome) bool) {
		var o CaseOutcome
		c := runCursor{s: s}
		for _, i := range last {
			if care && s.packed.ref(i).flags&packedCare == 0 {
				continue
			}
			if runs {
				s.outcomeInto(i, c.find(i), &o)
			} else {
				s.flatInto(i, &o)
			}
			if !yield(&o) {
				return
			}
		}
	}
}

// CentreBeds is the capacity of the centres of one province.
type CentreBeds struct {
	Province string // ISO 3166-2
	Beds     int
}

// OutcomeConfig configures the outcome tables.
type OutcomeConfig struct {
	// Centres are the beds per province, for occupancy (none: no occupancy table).
	Centres []CentreBeds
	// From and To bound the occupancy period [From, To): usually the 12 months before the
	// export.
	From, To time.Time
	// TargetOccupancy is the share of beds a planner wants filled on average (0: 0.85).
	TargetOccupancy float64
	// Begins are the provinces where an organisation whose records begin late (the manifest's
	// partial_first_year, per organisation, or its care records later than its cases) placed
	// people, each with the day its records begin, when the people it had in care before that day could still be in care in the
	// period (outc session zf: such an organisation's records from October 2024 read Phnom
	// Penh's homes 40% full, 84% with its earlier records). Their stays are in no export, so
	// the province's occupancy_rate is left empty, and its beds_needed too when the day is
	// inside the period (its admissions there are counted from that day only); the counts
	// stay, and the note says what they lack.
	Begins map[string]time.Time
	// StaysBefore are the provinces where such an organisation's export holds the stays it had
	// open when its records begin, begun before (a care system that took in the children then
	// in care): stays that had ended by then are in no export, so the province's stays are the
	// longer ones and its mean_stay_months and beds_needed are left empty (a care export from
	// October 2024: Phnom Penh's mean stay 13.4 months for 10.0), and its time-in-care figures
	// too unless Entries counts those stays from the organisation's first day.
	StaysBefore map[string]bool
	// Entries are, per organisation (the cases' source), the day its records begin when they
	// begin late (the manifest's partial_first_year, per organisation, or its care records
	// later than its cases): a stay of its cases admitted before that day and still open then
	// is in its export only because it lasted that long, so the time-in-care curves count it
	// from that day on (delayed entry: CaseOutcome.Entry), not from its admission (outc
	// session zh: a care system that took in the children then in care read half of Phnom
	// Penh's children still in care at 12 months for a third).
	Entries map[string]time.Time
}

// delayEntries sets the delayed entry (CaseOutcome.Entry) of each case in care whose
// organisation is in entries, admitted before its day and with its first spell open then
// (its stay ends after the day): the months from its admission to the day. A stay that ended
// before the day is an older record keyed in, seen from its admission (entry 0). It sets the
// day (CaseOutcome.EntryDay) of every case in care of such an organisation, for occupancy's
// stays. Called once before the tables; nothing is set without entries.
func (c *Collector) delayEntries(entries map[string]time.Time) {
	s := &c.outcomes
	s.entry, s.entryDay, s.entryOrg = nil, nil, nil
	src := c.column(schema.Source)
	if len(entries) == 0 || src == nil || src.text == nil {
		return
	}
	for ci := range s.packed.chunks {
		for i := range s.packed.chunks[ci] {
			p := &s.packed.chunks[ci][i]
			if p.flags&packedCare == 0 || src.text.codes.at(int(p.row)) == 0 {
				continue
			}
			org := src.str(int(p.row))
			day, ok := entries[org]
			if !ok {
				continue
			}
			if s.entryDay == nil {
				s.entryDay, s.entryOrg = map[uint32]time.Time{}, map[uint32]string{}
			}
			s.entryDay[uint32(ci)*chunkLen+uint32(i)] = day
			s.entryOrg[uint32(ci)*chunkLen+uint32(i)] = org
			adm := admittedTime(p.admitted)
			if adm.IsZero() || !adm.Before(day) {
				continue
			}
			if e := outcomes.Months(adm, day); e > 0 && e < p.stayMonths {
				if s.entry == nil {
					s.entry = map[uint32]float64{}
				}
				s.entry[uint32(ci)*chunkLen+uint32(i)] = e
			}
		}
	}
}

// curve marks the rows of a table that form cumulative curves: key gives the curve of a row
// (ok false: the row is in none), rows of a curve being in time order.
type curve struct {
	table int
	key   func(r CountRow) (string, bool)
}

// applyCurves withholds, once the number at risk of a point of a curve (its first count) is
// withheld, every later point of it: the numbers at risk only fall, and a later point's
// estimate and counts would tell the withheld one by difference. Events are published as
// cumulative counts, bounded by the next point's (Le relations the audit solves), so a small
// early count stays protected without withholding the rest of the curve.
func (s *tableSet) applyCurves() {
	for _, cv := range s.curves {
		t := s.tables[cv.table]
		gone := map[string]bool{}
		for ri := range t.Rows {
			row := &t.Rows[ri]
			k, ok := cv.key(*row)
			if !ok {
				continue
			}
			if gone[k] {
				for ci, st := range row.State {
					if st == Published && row.Values[ci] != 0 {
						row.State[ci] = Secondary
					}
				}
				for fi := range row.Figures {
					row.Figures[fi] = ""
				}
				continue
			}
			if row.State[0] == Primary {
				gone[k] = true
			}
		}
	}
}

// estimable reports whether a curve's estimate at a point is known: someone is still at risk
// there, or no one is left in the initial state (stay, 0 when every stay has ended). After the
// last observation of a curve whose last cases were censored, survfit's summary refuses the
// time (extend = FALSE); carried forward it would read, say, "still in care 1.000
// (1.000-1.000)" and a mean stay of 24.0 months for a province whose stays were all censored
// within three months (attack-2026-11-30c finding 12). Such points are left empty.
func estimable(nRisk int, stay float64) bool { return nRisk > 0 || stay < 1e-12 }

// fig formats a figure; NaN and infinities are no figure.
func fig(v float64, digits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

// cohortNote opens withheldNote: what the 0-month row is. cohortEnteredNote replaces it on a
// curve with stays entered late (delayed entry), whose numbers at risk can rise after 0 months:
// the 0-month row is then not everyone the estimates rest on (shares, session zl: the
// reintegration note said it was, then that at_risk can rise).
const (
	cohortNote        = " The 0-month row is the cohort, everyone at risk when the clock starts: the number the estimates rest on (withheld, it takes the curve's estimates with it)."
	cohortEnteredNote = " The 0-month row is the cohort at risk when the clock starts; the stays entered late (below) join the number at risk at later points, so the estimates rest on them too, not on the 0-month row alone (withheld, it still takes the curve's estimates with it)."
)

const withheldNote = cohortNote + " A point after the curve's last observation, with no one at risk and cases still open, has no estimate (not estimable: no one was followed that long); nor has the mean time in care to 24 months when no one was followed 24 months. Counts of events are cumulative from the start; the fall of the number at risk between two points (events and follow-ups ended) is protected like the events. A count from 1 to the threshold less one is withheld, and with it the point's estimate; once the number at risk is withheld, so are the later points of its curve (their differences would give it away)."

// restOnCohort records that the estimates of every point of a curve (rows of table ti, in time
// order, the first the cohort at 0 months) rest on the cohort: with the cohort withheld, an
// estimate and the number at risk at its point would give it back (no censoring: at_risk /
// still_in_care), so the curve's estimates are withheld with it.
func (s *tableSet) restOnCohort(ti int, rows []int) {
	for _, r := range rows[1:] {
		s.needs = append(s.needs, figureNeed{row: Ref{ti, r, 0}, needs: []Ref{{ti, rows[0], 0}}})
	}
}

// cumulative links the cumulative counts of column c of rows[0..n) of table ti: each is at
// most the next, which an attacker knows.
func (s *tableSet) cumulative(ti int, rows []int, c int) {
	for i := 0; i+1 < len(rows); i++ {
		s.le([]Ref{{ti, rows[i], c}}, []Ref{{ti, rows[i+1], c}})
	}
}

// intervalEvents adds the hidden table of the events between consecutive points of the curves
// of table ti (column 0 holds the number at risk, col cumulative counts of events; curves lists
// each curve's rows in time order): events in (t_{k-1}, t_k] = cum(t_k) - cum(t_{k-1}), with
// cum before the first point 0. These are the survfit summary's n.event, the counts that would
// single out a child when small; hidden, they are protected by the audit like any hidden cell,
// so that two published running totals never differ by 1 to threshold-1, nor leave such a
// difference in an interval narrower than the protection range. When shared, the curves are
// competing causes of one risk set (the same number at risk in each) and the events of all
// causes count against it.
//
// The fall of the number at risk between two points, n(t_{k-1}) - n(t_k), is published by one
// subtraction: the cases that left the risk set between them (events and censorings; with no
// event, the children whose follow-up ended). It is a count of children too, so it is a hidden
// cell of its own (`<table>-leavers-between-points`, n(t_{k-1}) = n(t_k) + leavers), protected
// by the audit like the events (attack-2026-11-30c finding 11). The leavers less the events
// between the two points (of every cause, when shared) are the censored between them, the
// children whose stay or follow-up ended with no event (still in care at the export, or lost):
// a third hidden cell (`<table>-censored-between-points`, leavers = events + censored), so
// that no subtraction of a point's published counts from the previous point's gives a count
// from 1 to threshold-1 (attack-2026-11-30d finding 6). It also says what the old relation
// n(t_k) + events <= n(t_{k-1}) said: the censored are at least 0.
//
// entered, when not nil, gives per curve (nil: none) the cases that entered its risk set
// between two points (delayed entry: entrants), a fourth hidden cell
// (`<table>-entered-between-points`): n(t_{k-1}) + entered = n(t_k) + leavers, so the number
// at risk may rise and the leavers stay counts of children that left.
func (s *tableSet) intervalEvents(ti, col int, curves [][]int, shared bool, entered [][]int64) {
	t := s.tables[ti]
	h := &CountTable{Name: t.Name + "-events-between-points", Hidden: true, Labels: t.Labels,
		Counts: []string{t.Counts[col] + "_in_interval"}, TotalCols: []bool{false}}
	hi := len(s.tables)
	lt := &CountTable{Name: t.Name + "-leavers-between-points", Hidden: true, Labels: t.Labels,
		Counts: []string{t.Counts[0] + "_left"}, TotalCols: []bool{false}}
	li := hi + 1
	ct := &CountTable{Name: t.Name + "-censored-between-points", Hidden: true, Labels: t.Labels,
		Counts: []string{t.Counts[0] + "_censored"}, TotalCols: []bool{false}}
	cti := hi + 2
	var et *CountTable // the entrants, when some curve has them (after the three above)
	for _, e := range entered {
		if e != nil {
			et = &CountTable{Name: t.Name + "-entered-between-points", Hidden: true, Labels: t.Labels,
				Counts: []string{t.Counts[0] + "_entered"}, TotalCols: []bool{false}}
			break
		}
	}
	eti := hi + 3
	leavers := make([][]int, len(curves)) // leavers row of each curve's point (-1 at the first)
	for c, rows := range curves {
		if shared && c > 0 {
			break // one risk set: the first curve's numbers at risk are every curve's
		}
		var in []int64
		if c < len(entered) {
			in = entered[c]
		}
		leavers[c] = append(leavers[c], -1)
		for k := 1; k < len(rows); k++ {
			prev, cur := t.Rows[rows[k-1]], t.Rows[rows[k]]
			leavers[c] = append(leavers[c], len(lt.Rows))
			if in != nil {
				s.eq([]Ref{{ti, rows[k-1], 0}, {eti, len(et.Rows), 0}}, []Ref{{ti, rows[k], 0}, {li, len(lt.Rows), 0}})
				et.Rows = append(et.Rows, CountRow{Labels: cur.Labels, Values: []int64{in[k]}})
				lt.Rows = append(lt.Rows, CountRow{Labels: cur.Labels, Values: []int64{prev.Values[0] + in[k] - cur.Values[0]}})
				continue
			}
			s.eq([]Ref{{ti, rows[k-1], 0}}, []Ref{{ti, rows[k], 0}, {li, len(lt.Rows), 0}})
			lt.Rows = append(lt.Rows, CountRow{Labels: cur.Labels, Values: []int64{prev.Values[0] - cur.Values[0]}})
		}
	}
	hidden := make([][]int, len(curves)) // hidden row of each curve's point
	for c, rows := range curves {
		prev := -1
		for _, ri := range rows {
			v := t.Rows[ri].Values[col]
			hr := len(h.Rows)
			hidden[c] = append(hidden[c], hr)
			if prev >= 0 {
				v -= t.Rows[prev].Values[col]
				s.eq([]Ref{{ti, ri, col}}, []Ref{{ti, prev, col}, {hi, hr, 0}})
			} else {
				s.eq([]Ref{{ti, ri, col}}, []Ref{{hi, hr, 0}})
			}
			h.Rows = append(h.Rows, CountRow{Labels: t.Rows[ri].Labels, Values: []int64{v}})
			prev = ri
		}
	}
	if shared {
		for c := 1; c < len(curves); c++ {
			for k, ri := range curves[c] {
				s.eq([]Ref{{ti, ri, 0}}, []Ref{{ti, curves[0][k], 0}})
			}
		}
	}
	// The leavers between two points are the events between them and the censored: leavers
	// less events (of every cause, when shared) is one more subtraction of published counts.
	censored := func(c int, causes []int) {
		for k := 1; k < len(curves[c]); k++ {
			left := lt.Rows[leavers[c][k]].Values[0]
			parts := []Ref{}
			for _, e := range causes {
				left -= h.Rows[hidden[e][k]].Values[0]
				parts = append(parts, Ref{hi, hidden[e][k], 0})
			}
			if left < 0 {
				// Only with an event exactly at a point (at risk there and counted by it);
				// times in days over MonthDays never fall on one.
				continue
			}
			s.eq([]Ref{{li, leavers[c][k], 0}}, append(parts, Ref{cti, len(ct.Rows), 0}))
			cohort := Ref{ti, curves[c][0], 0}
			if s.censored == nil {
				s.censored = map[Ref][]Ref{}
			}
			s.censored[cohort] = append(s.censored[cohort], Ref{cti, len(ct.Rows), 0})
			ct.Rows = append(ct.Rows, CountRow{Labels: t.Rows[curves[c][k]].Labels, Values: []int64{left}})
		}
	}
	if shared {
		if len(curves) > 0 {
			all := make([]int, len(curves))
			for c := range all {
				all[c] = c
			}
			censored(0, all)
		}
	} else {
		for c := range curves {
			censored(c, []int{c})
		}
	}
	s.add(h)
	s.add(lt)
	s.add(ct)
	if et != nil {
		s.add(et)
	}
}

// figureNeed is a row whose figures rest on counts of other rows too: a share of the
// complaints, a conviction rate (convicted over trials or over complaints). Published beside a
// published denominator, such a figure gives a withheld numerator back (2019's 4 convictions
// of 37 complaints: a rate of 0.108 is 4/37 and nothing else), so it is published only with
// every count it needs.
type figureNeed struct {
	row   Ref
	needs []Ref
}

// clearFigures empties the figures of every row that needs a count no longer published.
func (s *tableSet) clearFigures() {
	for _, n := range s.needs {
		for _, r := range n.needs {
			if _, st := at(s.tables, r); st != Published {
				clear(s.tables[n.row.T].Rows[n.row.R].Figures)
				break
			}
		}
	}
}

// outcomeTables adds the outcome tables to s: length of stay, reintegration, re-trafficking,
// the justice funnel and occupancy, each only when some case has the data.
func (c *Collector) outcomeTables(s *tableSet, cfg OutcomeConfig) error {
	// The outcomes of the kept rows (not dropped) of victims, in row order: people at risk and
	// not victims have their own table and are in no other (attack-2026-12-01b finding 2: a
	// quarter of the reintegration cohort were children at risk, under a victims' headline).
	// Occupancy counts everyone in care: the beds a child at risk fills are not free.
	status := c.statusAt()
	first := len(s.tables)
	defer func() {
		for _, t := range s.tables[first:] {
			if t.Name != "occupancy" && !t.Hidden {
				t.Note = strings.TrimSpace(t.Note + victimsNote)
			}
		}
	}()
	last := c.outcomes.keptRows(func(row int) bool { return !c.IsDropped(row) && status(row) == statusVictim })
	// Borrowed: each outcome is valid until the next (retrafficking keeps copies).
	// care: o.Care only, without the slices (stays, legal cases, services), which the curves
	// do not read (retrafficking keeps copies without them).
	all, care := c.outcomes.borrow(last, false), c.outcomes.borrowFlat(last, true)
	anyCare := false
	for range care {
		anyCare = true
		break
	}
	if anyCare {
		c.delayEntries(cfg.Entries)
		defer func() { c.outcomes.entry, c.outcomes.entryDay, c.outcomes.entryOrg = nil, nil, nil }()
		if err := s.lengthOfStay(care, cfg.StaysBefore); err != nil {
			return err
		}
		if err := s.reintegration(care); err != nil {
			return err
		}
		if err := s.retrafficking(care); err != nil {
			return err
		}
		// The follow-up table is of children (schooling means little for adults, and its
		// counts say children: attack-2026-12-01f finding 2, 40 women "100% in school").
		minor := c.minorAt()
		children := c.outcomes.keptRows(func(row int) bool {
			return !c.IsDropped(row) && status(row) == statusVictim && minor(row)
		})
		if err := s.followUp(c.outcomes.borrowFlat(children, true)); err != nil {
			return err
		}
	}
	s.services(all)
	if err := s.justice(all); err != nil {
		return err
	}
	if len(cfg.Centres) > 0 {
		inCare := c.outcomes.keptRows(func(row int) bool { return !c.IsDropped(row) })
		if everyone := c.outcomes.borrow(inCare, true); hasAny(everyone) {
			if err := s.occupancy(everyone, cfg); err != nil {
				return err
			}
		}
	}
	if anyCare {
		s.tieCohorts(care)
	}
	return nil
}

// tieCohorts records what the curves of the same children say about each other, which a
// reader knows (attack-2026-12-02b finding 1: the reintegration cohort withheld, the length of
// stay's printed, and every stay ended, gave a withheld transfer count back):
//   - the length of stay's cohort (everyone placed) is the reintegration cohort (those with an
//     identification or registration date) and those without one;
//   - a curve's censored are its open stays (Derive censors nothing else): those censored
//     between its points and those still at risk at its last point, so the reintegration
//     curve's open stays are the length of stay's less those without an identification date,
//     and every open stay of a victim is one of occupancy's people in care at the end;
//   - the reintegration curve's reintegrations by its last point are at most the
//     re-trafficking cohort (everyone reintegrated).
//
// The unknown parts are hidden cells; a relation the data does not satisfy exactly (a stay
// opened on the export day, which occupancy does not count yet) is left out rather than
// written false.
func (s *tableSet) tieCohorts(care iter.Seq[*CaseOutcome]) {
	los, okL := s.byName["length-of-stay"]
	rei, okR := s.byName["reintegration"]
	if !okL || !okR {
		return
	}
	var open, openIdent int64
	late := false // some stay entered late (delayed entry)
	for o := range care {
		late = late || o.Entry > 0
		if o.Outcome.ExitStatus == 0 {
			open++
			if o.Outcome.HasIdentification {
				openIdent++
			}
		}
	}
	h := &CountTable{Name: "outcome-cohorts-hidden", Hidden: true, Labels: []string{"part"},
		Counts: []string{"people"}, TotalCols: []bool{false}}
	hi := len(s.tables)
	cell := func(label string, v int64) Ref {
		h.Rows = append(h.Rows, CountRow{Labels: []string{label}, Values: []int64{v}})
		return Ref{hi, len(h.Rows) - 1, 0}
	}
	val := func(r Ref) int64 {
		if r.T == hi {
			return h.Rows[r.R].Values[r.C]
		}
		return s.tables[r.T].Rows[r.R].Values[r.C]
	}
	sum := func(rs []Ref) int64 {
		n := int64(0)
		for _, r := range rs {
			n += val(r)
		}
		return n
	}
	eq := func(plus, minus []Ref) {
		if sum(plus) == sum(minus) {
			s.eq(plus, minus)
		}
	}
	// The first curve of each table is all its cases (length of stay: "all provinces"; the
	// reintegration table's exits share one risk set, the first's).
	first := func(ti int) []int {
		t := s.tables[ti]
		var rows []int
		for ri, r := range t.Rows {
			if ri > 0 && r.Labels[0] != t.Rows[0].Labels[0] {
				break
			}
			rows = append(rows, ri)
		}
		return rows
	}
	lr, rr := first(los), first(rei)
	if len(lr) == 0 || len(rr) == 0 {
		return
	}
	lc, rc := Ref{los, lr[0], 0}, Ref{rei, rr[0], 0}
	// With stays entered late the two cohorts leave out different stays (a stay entered late
	// on one clock can be at risk at the other's first step), so their difference counts no
	// one: written, it claimed a group of people of that size, and the demo's difference of 1
	// withheld its whole all-provinces time-in-care curve.
	if u := val(lc) - val(rc); u >= 0 && !late {
		eq([]Ref{lc}, []Ref{rc, cell("placed without an identification date", u)})
	}
	// Open stays: censored between the points, and censored after the last point (at most
	// the number still at risk there).
	openParts := func(cohort Ref, rows []int, n int64, label string) ([]Ref, bool) {
		parts := slices.Clone(s.censored[cohort])
		after := n - sum(parts)
		last := Ref{cohort.T, rows[len(rows)-1], 0}
		if after < 0 || after > val(last) {
			return nil, false
		}
		a := cell(label, after)
		s.le([]Ref{a}, []Ref{last})
		return append(parts, a), true
	}
	lo, okLo := openParts(lc, lr, open, "length of stay: open, still at risk at the last point")
	ro, okRo := openParts(rc, rr, openIdent, "reintegration: open, still at risk at the last point")
	if okLo && okRo {
		eq(lo, append(ro, cell("open stays without an identification date", open-openIdent)))
	}
	if oi, ok := s.byName["occupancy"]; ok && okLo {
		var inCare []Ref
		for ri := range s.tables[oi].Rows {
			inCare = append(inCare, Ref{oi, ri, 1})
		}
		if d := sum(inCare) - open; d >= 0 {
			eq(inCare, append(lo, cell("in care at the end, not a victim's open stay", d)))
		}
	}
	if ti, ok := s.byName["re-trafficking"]; ok {
		if back := first(ti); len(back) > 0 {
			// The reintegrated exits by the last point: the first exit's (reintegrated) rows.
			if reint := (Ref{rei, rr[len(rr)-1], 1}); val(reint) <= val(Ref{ti, back[0], 0}) {
				s.le([]Ref{reint}, []Ref{{ti, back[0], 0}})
			}
		}
	}
	if len(h.Rows) > 0 {
		s.add(h)
	}
}

func hasAny[T any](seq iter.Seq[T]) bool {
	for range seq {
		return true
	}
	return false
}

// groupsBy returns "all" followed by the sorted distinct non-empty labels of the cases.
func groupsBy(cases iter.Seq[*CaseOutcome], all string, label func(*CaseOutcome) string) []string {
	seen := map[string]bool{}
	var gs []string
	for o := range cases {
		if l := label(o); l != "" && !seen[l] {
			seen[l] = true
			gs = append(gs, l)
		}
	}
	sort.Strings(gs)
	return append([]string{all}, gs...)
}

// months labels a fixed point: "12 months" (never a bare number, which reads as a count).
func months(p float64) string { return strconv.Itoa(int(p)) + " months" }

// A province of before (OutcomeConfig.StaysBefore) gets no figures: its stays are the longer ones.
func (s *tableSet) lengthOfStay(care iter.Seq[*CaseOutcome], before map[string]bool) error {
	t := &CountTable{Name: "length-of-stay", Title: "Time in care: the share still in care at three, six, 12 and 24 months after admission",
		Note: "Kaplan-Meier estimate with Greenwood standard errors and 95% intervals on the log scale (R survival::survfit's default); " +
			"stays still open at the export are censored there, not counted as ended. at_risk: cases still in care at the point; exits: stays ended by the point; " +
			"mean_months_to_24: restricted mean time in care over the first 24 months (on the 24-month row)." + withheldNote,
		Labels: []string{"placement_province", "months"}, Counts: []string{"at_risk", "exits"}, TotalCols: []bool{false, false},
		Figures: []string{"still_in_care", "lower", "upper", "mean_months_to_24"}}
	var curves [][]int
	var entered [][]int64 // per curve, the stays entered between its points (delayed entry)
	var leftLong []string // the provinces of before with a curve
	var delayed []string  // the provinces with a stay entered late
	// Each province's stays, in the order of care, from one pass (not a pass per province).
	type times struct {
		tm, en []float64 // en: nil while every entry is 0
		ev     []bool
	}
	add := func(b *times, o *CaseOutcome) {
		if o.Entry > 0 && b.en == nil {
			b.en = make([]float64, len(b.tm), cap(b.tm))
		}
		b.tm = append(b.tm, o.Outcome.StayMonths)
		b.ev = append(b.ev, o.Outcome.ExitStatus != 0)
		if b.en != nil {
			b.en = append(b.en, o.Entry)
		}
	}
	var all, rest times
	byProv := map[string]*times{}
	for o := range care {
		add(&all, o)
		b := byProv[o.Province]
		if b == nil {
			b = &times{}
			byProv[o.Province] = b
		}
		add(b, o)
		if o.Province == "" {
			add(&rest, o)
		}
	}
	for _, g := range groupsBy(care, "all provinces", func(o *CaseOutcome) string { return o.Province }) {
		b := &all
		if g != "all provinces" {
			b = byProv[g]
		}
		tm, ev := b.tm, b.ev
		km, err := survival.KaplanMeierEntry(b.en, tm, ev, survival.Options{})
		if err != nil {
			return err
		}
		pts, err := km.At(OutcomePoints...)
		if err != nil {
			return err
		}
		entered = append(entered, entrants(stepTimes(km), b.en, OutcomePoints))
		late := b.en != nil // its stays open on a late organisation's first day are counted from then
		if late && g != "all provinces" {
			delayed = append(delayed, g)
		}
		mean, _ := km.RestrictedMean(24)
		cum := 0
		var rows []int
		for i, p := range pts {
			cum += p.NEvent
			rows = append(rows, len(t.Rows))
			r := CountRow{Labels: []string{g, months(p.Time)}, Values: []int64{int64(p.NRisk), int64(cum)},
				Figures: []string{fig(p.Surv, 3), fig(p.Lower, 3), fig(p.Upper, 3), ""}}
			if i == len(pts)-1 {
				r.Figures[3] = fig(mean, 1)
			}
			if !estimable(p.NRisk, p.Surv) || before[g] && !late {
				// After the last observation, with stays still open: no estimate (not a
				// certain 1.000 carried forward), nor a mean over a span nobody was followed.
				clear(r.Figures)
			}
			t.Rows = append(t.Rows, r)
		}
		if before[g] && !late {
			leftLong = append(leftLong, g)
		}
		s.cumulative(len(s.tables), rows, 1)
		s.restOnCohort(len(s.tables), rows)
		curves = append(curves, rows)
	}
	var restPts [][2]int64
	if len(rest.tm) > 0 {
		km, err := survival.KaplanMeierEntry(rest.en, rest.tm, rest.ev, survival.Options{})
		if err != nil {
			return err
		}
		pts, err := km.At(OutcomePoints...)
		if err != nil {
			return err
		}
		cum := 0
		for _, p := range pts {
			cum += p.NEvent
			restPts = append(restPts, [2]int64{int64(p.NRisk), int64(cum)})
		}
	}
	if all.en != nil {
		t.Note = strings.Replace(t.Note, cohortNote, cohortEnteredNote, 1)
		t.Note += " " + release.LateStaysNote + " (an organisation that brought in the people then in care, with their admissions, and not those whose stays had ended) is counted from that day on, not from its admission (delayed entry, as R survival::survfit(Surv(entry, exit, event))): counted from its admission it would be one of the longer stays only, as it is seen only because it lasted that long; at_risk counts it from that day, so it can rise from one point to the next."
		if len(delayed) > 0 {
			t.Note += fmt.Sprintf(" Provinces with such stays: %s.", strings.Join(delayed, ", "))
		}
	}
	if len(leftLong) > 0 {
		t.Note += fmt.Sprintf(" %s: still_in_care and the mean left empty: an organisation whose records begin late exports the stays it had open then, begun before, and none that had ended, so the stays counted there are the longer ones.", strings.Join(leftLong, ", "))
	}
	ti := s.add(t)
	s.curves = append(s.curves, curve{table: ti, key: func(r CountRow) (string, bool) { return r.Labels[0], true }})
	s.intervalEvents(ti, 1, curves, false, entered)
	s.partition(ti, curves, restPts)
	return nil
}

// entrants returns, for each point k > 0 of a curve read at points, the cases that entered
// its risk set between the steps At counts the numbers at risk at for points k-1 and k
// (entry in [s(k-1), s(k)), s(k) the first step at or after point k; +Inf with none): the
// number at risk at point k is the number at k-1, plus these, less those that left. nil when
// no case enters late (en nil or all 0).
func entrants(steps []float64, en []float64, points []float64) []int64 {
	if en == nil {
		return nil
	}
	step := func(t float64) float64 {
		for _, s := range steps {
			if s >= t {
				return s
			}
		}
		return math.Inf(1)
	}
	out := make([]int64, len(points))
	anyIn := false
	for k := 1; k < len(points); k++ {
		lo, hi := step(points[k-1]), step(points[k])
		for _, e := range en {
			if e > 0 && e >= lo && e < hi {
				out[k]++
				anyIn = true
			}
		}
	}
	if !anyIn {
		return nil
	}
	return out
}

// stepTimes are the times of a Kaplan-Meier curve's steps (entrants').
func stepTimes(km *survival.Curve) []float64 {
	out := make([]float64, len(km.Steps))
	for i, s := range km.Steps {
		out[i] = s.Time
	}
	return out
}

// partition records that the curve curves[0] (all cases) is the sum of the group curves
// curves[1:] and of the cases whose group is not recorded, whose numbers at risk and
// cumulative events at each point are rest (nil: none), kept in a hidden table: an attacker
// knows the groups partition the cases, so a withheld group count must not follow from the
// others' and the total's.
func (s *tableSet) partition(ti int, curves [][]int, rest [][2]int64) {
	if len(curves) < 2 {
		return
	}
	t := s.tables[ti]
	hi := -1
	if rest != nil {
		h := &CountTable{Name: t.Name + "-group-not-recorded", Hidden: true, Labels: t.Labels[1:],
			Counts: t.Counts, TotalCols: make([]bool, len(t.Counts))}
		for k, v := range rest {
			h.Rows = append(h.Rows, CountRow{Labels: t.Rows[curves[0][k]].Labels[1:], Values: []int64{v[0], v[1]}})
		}
		hi = s.add(h)
	}
	for k, ri := range curves[0] {
		for c := range t.Counts {
			var parts []Ref
			for _, g := range curves[1:] {
				parts = append(parts, Ref{ti, g[k], c})
			}
			if hi >= 0 {
				parts = append(parts, Ref{hi, k, c})
			}
			s.eq([]Ref{{ti, ri, c}}, parts)
		}
	}
}

var exitNames = []string{"", "reintegrated", "transferred", "absconded", "other"}

func (s *tableSet) reintegration(care iter.Seq[*CaseOutcome]) error {
	t := &CountTable{Name: "reintegration", Title: "How care ends: cumulative incidence of each exit at three, six, 12 and 24 months after identification",
		Note: "Time to reintegration counts from identification (the identification date, or else the registration date), as months since identification; the length of stay (length-of-stay, occupancy) counts from admission to the first placement instead. " +
			"Cases placed in care without an identification or registration date are left out. " +
			"Aalen-Johansen estimate of competing exits (reintegrated with family or repatriated; transferred or alternative care; absconded or lost contact; other), " +
			"with infinitesimal-jackknife standard errors and 95% intervals on the log scale, as R survival::survfit for multi-state data; open stays are censored at the export. " +
			"at_risk: cases identified and still in care at the point; exits: care ended by this exit by the point." + withheldNote,
		Labels: []string{"exit", "months"}, Counts: []string{"at_risk", "exits"}, TotalCols: []bool{false, false},
		Figures: []string{"cumulative_incidence", "lower", "upper"}}
	var tm, en []float64 // en: nil while every entry is 0
	var st []int
	for o := range care {
		if !o.Outcome.HasIdentification {
			continue
		}
		// A stay open on the day its organisation's records begin late is observed from that
		// day (CaseOutcome.Entry on the stay's clock): on this clock the day is as long before
		// the stay's end as on the stay's, so its entry is the time from identification less
		// the stay after the day (0 when identified after the day: observed from then).
		// Counted from identification, the stays that had ended before the day, in no export,
		// were missing and the others' exits too early read too few (outc session zj: 0.376
		// reintegrated by 12 months for the whole register's 0.392).
		e := 0.0
		if o.Entry > 0 {
			e = o.Outcome.FromIdentification - (o.Outcome.StayMonths - o.Entry)
			if !(e > 0 && e < o.Outcome.FromIdentification) {
				e = 0
			}
		}
		if e > 0 && en == nil {
			en = make([]float64, len(tm), cap(tm))
		}
		tm, st = append(tm, o.Outcome.FromIdentification), append(st, o.Outcome.ExitStatus)
		if en != nil {
			en = append(en, e)
		}
	}
	if len(tm) == 0 {
		return nil
	}
	ci, err := survival.CumulativeIncidenceEntry(en, tm, st, outcomes.ExitCauses, survival.Options{})
	if err != nil {
		return err
	}
	pts, err := ci.At(OutcomePoints...)
	if err != nil {
		return err
	}
	steps := make([]float64, len(ci.Steps))
	for i, c := range ci.Steps {
		steps[i] = c.Time
	}
	// One risk set for every exit (shared): its entrants are the first curve's.
	entered := [][]int64{entrants(steps, en, OutcomePoints)}
	if en != nil {
		t.Note = strings.Replace(t.Note, cohortNote, cohortEnteredNote, 1)
		t.Note += " " + release.LateStaysNote + " (an organisation that brought in the people then in care, with their admissions, and not those whose stays had ended) is counted from that day on (delayed entry, as R survival::survfit(Surv(entry, exit, state))), not from identification: at_risk counts it from that day, so it can rise from one point to the next."
	}
	var curves [][]int
	for k := 1; k <= outcomes.ExitCauses; k++ {
		cum := 0
		var rows []int
		for _, p := range pts {
			cum += p.NEvent[k]
			rows = append(rows, len(t.Rows))
			t.Rows = append(t.Rows, CountRow{Labels: []string{exitNames[k], months(p.Time)},
				Values:  []int64{int64(p.NRisk), int64(cum)},
				Figures: []string{fig(p.P[k], 3), fig(p.Lower[k], 3), fig(p.Upper[k], 3)}})
			if !estimable(p.NRisk, p.P[0]) {
				clear(t.Rows[len(t.Rows)-1].Figures)
			}
		}
		s.cumulative(len(s.tables), rows, 1)
		s.restOnCohort(len(s.tables), rows)
		curves = append(curves, rows)
	}
	ti := s.add(t)
	s.curves = append(s.curves, curve{table: ti, key: func(r CountRow) (string, bool) { return r.Labels[0], true }})
	s.intervalEvents(ti, 1, curves, true, entered)
	return nil
}

func (s *tableSet) retrafficking(care iter.Seq[*CaseOutcome]) error {
	var back []*CaseOutcome
	late := map[string]bool{} // the organisations whose records begin late, with a case in care
	for o := range care {
		if !o.EntryDay.IsZero() {
			late[o.EntrySource] = true
		}
		// A case whose organisation exports no follow-up visit was not followed: in the
		// cohort at 0 months it would be a person followed for no time (finding 6).
		if o.Outcome.Reintegrated && !o.FollowUpNotRecorded {
			// care's outcome is borrowed (valid until the next): a copy of the case without
			// its slices (only its route and outcome are read below).
			c := *o
			c.Stays, c.StayProvinces, c.Legal, c.LegalYear, c.Services = nil, nil, nil, nil, nil
			back = append(back, &c)
		}
	}
	if len(back) == 0 {
		return nil
	}
	t := &CountTable{Name: "re-trafficking", Title: "Re-trafficking after reintegration: cumulative incidence at three, six, 12 and 24 months, by referral route",
		Note: "Confirmed re-trafficking after reintegration with family (suspected cases are not events), counted from the first reintegration, " +
			"censored at the last follow-up contact at home or at a return to care without a confirmed re-trafficking (why the child came back is not recorded); " +
			"cumulative incidence (Aalen-Johansen, here 1 - Kaplan-Meier) with 95% intervals on the log scale. at_risk: people (children and adults) still followed at the point; events: confirmed re-trafficking by the point. " +
			"People of an organisation whose events hold no follow-up visit are not counted (not followed, rather than followed for no time).",
		Labels: []string{"referral_route", "months"}, Counts: []string{"at_risk", "events"}, TotalCols: []bool{false, false},
		Figures: []string{"cumulative_incidence", "lower", "upper"},
		// Withheld last as a complement: a few returns to care must cost the composite curve
		// (re-trafficking-or-return, the bound), not the confirmed one.
		Keep: []bool{true, true}}
	var lrT []float64
	var lrE []bool
	var lrG []string
	var curves [][]int
	// Each route's cases, in the order of care, from one pass (not a pass per route); "" holds
	// the cases whose route is not recorded.
	byRoute := map[string][]*CaseOutcome{}
	for _, o := range back {
		byRoute[o.Route] = append(byRoute[o.Route], o)
	}
	for _, g := range groupsBy(slices.Values(back), "all routes", func(o *CaseOutcome) string { return o.Route }) {
		cases := back
		if g != "all routes" {
			cases = byRoute[g]
		}
		var tm []float64
		var st []int
		for _, o := range cases {
			tm = append(tm, o.Outcome.FollowedMonths)
			e := 0
			if o.Outcome.Retrafficked {
				e = 1
			}
			st = append(st, e)
			if g != "all routes" {
				lrT, lrE, lrG = append(lrT, o.Outcome.FollowedMonths), append(lrE, e == 1), append(lrG, g)
			}
		}
		ci, err := survival.CumulativeIncidence(tm, st, 1, survival.Options{})
		if err != nil {
			return err
		}
		pts, err := ci.At(OutcomePoints...)
		if err != nil {
			return err
		}
		cum := 0
		var rows []int
		for _, p := range pts {
			cum += p.NEvent[1]
			rows = append(rows, len(t.Rows))
			t.Rows = append(t.Rows, CountRow{Labels: []string{g, months(p.Time)},
				Values:  []int64{int64(p.NRisk), int64(cum)},
				Figures: []string{fig(p.P[1], 3), fig(p.Lower[1], 3), fig(p.Upper[1], 3)}})
			if !estimable(p.NRisk, p.P[0]) {
				clear(t.Rows[len(t.Rows)-1].Figures)
			}
		}
		s.cumulative(len(s.tables), rows, 1)
		s.restOnCohort(len(s.tables), rows)
		curves = append(curves, rows)
	}
	if len(lrG) > 0 {
		if lr, err := survival.LogRank(lrT, lrE, lrG); err == nil && lr.DF > 0 && s.logRankSafe(lr) {
			t.Note += fmt.Sprintf(" Log-rank test of equal curves across referral routes: chi-square %s on %d df, p = %s.", fig(lr.ChiSq, 2), lr.DF, fig(lr.PValue, 3))
		}
	}
	t.Note += withheldNote
	if len(late) > 0 {
		// Its stays open on the day enter the time-in-care curves late; the people it had
		// reintegrated before then cannot enter this curve at all (their reintegration day is
		// in no export), whether or not a stay of it was open on the day (outc session zl's
		// Left: the brief's sentence followed the time-in-care notes only).
		t.Note += " " + release.LateReintegrationsNote + " (re-trafficking counts from the first reintegration, which for them is not recorded): they are not in this table, fewer people are followed to the later points, and those points rest more on the organisations whose records go back further. " + release.LateOrganisations(len(late))
	}
	var rest [][2]int64
	var tm []float64
	var st []int
	for _, o := range byRoute[""] {
		e := 0
		if o.Outcome.Retrafficked {
			e = 1
		}
		tm, st = append(tm, o.Outcome.FollowedMonths), append(st, e)
	}
	if len(tm) > 0 {
		ci, err := survival.CumulativeIncidence(tm, st, 1, survival.Options{})
		if err != nil {
			return err
		}
		pts, err := ci.At(OutcomePoints...)
		if err != nil {
			return err
		}
		cum := 0
		for _, p := range pts {
			cum += p.NEvent[1]
			rest = append(rest, [2]int64{int64(p.NRisk), int64(cum)})
		}
	}
	ti := s.add(t)
	s.curves = append(s.curves, curve{table: ti, key: func(r CountRow) (string, bool) { return r.Labels[0], true }})
	s.intervalEvents(ti, 1, curves, false, nil)
	s.partition(ti, curves, rest)
	return s.retraffickingOrReturn(back, ti, curves[0])
}

// retraffickingOrReturn adds the composite curve of the same people as re-trafficking's: a
// confirmed re-trafficking or a return to care, whichever came first after the first
// reintegration. Derive ends the time at home at either (Readmitted: a return before any
// confirmed re-trafficking), so the times are re-trafficking's and only the event differs:
// the confirmed curve counts a return as censored (why the child came back is not recorded)
// and may miss a re-trafficking the register records only as a new placement, or one after a
// second reintegration; the composite counts every return as an event. The truth for these
// people lies between the two (the notice counts the returns). One observation per person: a
// count of this table is a count of people, as the threshold and the budget assume.
//
// Its numbers at risk are re-trafficking's "all routes" ones (the same people and times); its
// running events are re-trafficking's and the returns by the point, a hidden cumulative count,
// and the censored between two points are re-trafficking's less the returns between them. The
// audit knows these, so the returns (printed events less printed events) are protected like
// any count. all are the rows of re-trafficking's "all routes" curve (table ti).
func (s *tableSet) retraffickingOrReturn(back []*CaseOutcome, ti int, all []int) error {
	tm := make([]float64, len(back))
	st := make([]int, len(back))
	for i, o := range back {
		tm[i] = o.Outcome.FollowedMonths
		if o.Outcome.Retrafficked || o.Outcome.Readmitted {
			st[i] = 1
		}
	}
	ci, err := survival.CumulativeIncidence(tm, st, 1, survival.Options{})
	if err != nil {
		return err
	}
	pts, err := ci.At(OutcomePoints...)
	if err != nil {
		return err
	}
	t := &CountTable{Name: "re-trafficking-or-return", Title: "Re-trafficked or back in care after reintegration: cumulative incidence at three, six, 12 and 24 months",
		Note: "The people of the re-trafficking table (all routes), with a return to care counted as an event like a confirmed re-trafficking, whichever came first after the first reintegration with family " +
			"(censored at the last follow-up contact at home otherwise): an upper bound where the re-trafficking table, which censors a return without a confirmed re-trafficking, is a lower one " +
			"(a register may record re-trafficking only as a new placement; a re-trafficking after a second reintegration is in neither). " +
			"The numbers at risk are the re-trafficking table's; events less its events are the returns to care without a confirmed re-trafficking, protected like the other counts. " +
			"Cumulative incidence (1 - Kaplan-Meier) with 95% intervals on the log scale.",
		Labels: []string{"referral_route", "months"}, Counts: []string{"at_risk", "events"}, TotalCols: []bool{false, false},
		Figures: []string{"cumulative_incidence", "lower", "upper"}}
	cum := 0
	var rows []int
	for _, p := range pts {
		cum += p.NEvent[1]
		rows = append(rows, len(t.Rows))
		t.Rows = append(t.Rows, CountRow{Labels: []string{"all routes", months(p.Time)},
			Values:  []int64{int64(p.NRisk), int64(cum)},
			Figures: []string{fig(p.P[1], 3), fig(p.Lower[1], 3), fig(p.Upper[1], 3)}})
		if !estimable(p.NRisk, p.P[0]) {
			clear(t.Rows[len(t.Rows)-1].Figures)
		}
	}
	t.Note += withheldNote
	ci2 := len(s.tables)
	s.cumulative(ci2, rows, 1)
	s.restOnCohort(ci2, rows)
	s.add(t)
	s.curves = append(s.curves, curve{table: ci2, key: func(r CountRow) (string, bool) { return r.Labels[0], true }})
	s.intervalEvents(ci2, 1, [][]int{rows}, false, nil)
	if len(all) != len(rows) {
		return nil
	}
	rt := s.tables[ti]
	for k, ri := range rows {
		if r, c := rt.Rows[all[k]], t.Rows[ri]; r.Values[0] != c.Values[0] || c.Values[1] < r.Values[1] {
			return nil // not the same risk set (cannot happen: the same times)
		}
	}
	h := &CountTable{Name: "re-trafficking-or-return-returns", Hidden: true, Labels: t.Labels,
		Counts: []string{"returns"}, TotalCols: []bool{false}}
	for k, ri := range rows {
		h.Rows = append(h.Rows, CountRow{Labels: t.Rows[ri].Labels, Values: []int64{t.Rows[ri].Values[1] - rt.Rows[all[k]].Values[1]}})
	}
	hi := s.add(h)
	retC, cmpC := s.censored[Ref{ti, all[0], 0}], s.censored[Ref{ci2, rows[0], 0}]
	for k, ri := range rows {
		s.eq([]Ref{{ci2, ri, 0}}, []Ref{{ti, all[k], 0}})
		s.eq([]Ref{{ci2, ri, 1}}, []Ref{{ti, all[k], 1}, {hi, k, 0}})
		if k == 0 {
			continue
		}
		s.le([]Ref{{hi, k - 1, 0}}, []Ref{{hi, k, 0}})
		// Censored between k-1 and k: re-trafficking's = the composite's + the returns then.
		if len(retC) == len(rows)-1 && len(cmpC) == len(rows)-1 {
			s.eq([]Ref{retC[k-1], {hi, k - 1, 0}}, []Ref{cmpC[k-1], {hi, k, 0}})
		}
	}
	return nil
}

// logRankSafe reports whether a log-rank test may be published: every group has at least the
// threshold of cases and none has from 1 to threshold-1 events (its observed counts would
// otherwise be worked out from the statistic). The threshold is known only when protecting,
// so the check uses minCell, set by Tables.
func (s *tableSet) logRankSafe(lr *survival.LogRankTest) bool {
	for i := range lr.Groups {
		if lr.N[i] < s.minCell || (lr.Observed[i] > 0 && lr.Observed[i] < float64(s.minCell)) {
			return false
		}
	}
	return true
}

// followUpPoints are the months since reintegration of the follow-up table.
var followUpPoints = []float64{6, 12}

// followUp adds the follow-up table: among the children (care yields only minors' outcomes)
// reintegrated at least six (or 12)
// months before the export, how many were visited that long after reintegration, and how many
// were in school at their last visit. It publishes counts only; the shares and their Wilson
// intervals are worked out from the published counts (analysis.FollowUpShares), so a share
// needs no protection of its own.
func (s *tableSet) followUp(care iter.Seq[*CaseOutcome]) error {
	var since, visited []float64
	var school []outcomes.Answer
	recorded := false
	for o := range care {
		if o.Outcome.Reintegrated {
			since = append(since, max(0, o.Since))
			v := o.LastVisit
			if o.FollowUpNotRecorded {
				v = math.NaN() // not recorded: neither yes nor no (attack-2026-12-02a finding 6)
			} else {
				recorded = true
			}
			visited = append(visited, v)
			school = append(school, o.Outcome.InSchoolAtLast)
		}
	}
	if !recorded {
		return nil // no organisation exports follow-up visits: no coverage of 0% (finding 6)
	}
	t := &CountTable{Name: "follow-up", Title: "Follow-up after reintegration: children visited, and in school at their last visit, among those reintegrated at least six or 12 months before the export",
		Note: "children: victims recorded as minors (majority_status minor: under 18 when identified) reintegrated with family (or repatriated) at least six (or 12) months before the export; adults and people of unknown age are not counted; the younger reintegrations are not counted, as they could not yet have been visited. " +
			"visited_after: yes if a follow-up visit was recorded at least that long after reintegration, else no (coverage); not_recorded: the child's organisation exports no follow-up visit. in_school_at_last_visit: the schooling recorded at the last visit; not_recorded: no visit, or the visit did not say. " +
			"Shares are yes / (yes + no), with Wilson 95% intervals (query --named follow-up).",
		Labels: []string{"measure", "reintegrated_at_least"}, Counts: []string{"children", "yes", "no", "not_recorded"}, TotalCols: []bool{true, false, false, false},
		Margins: "children = yes + no + not_recorded in every row"}
	ti := len(s.tables)
	between := &CountTable{Name: "follow-up-between-points", Hidden: true, Labels: []string{"measure", "count"},
		Counts: []string{"earlier_point_less_later"}, TotalCols: []bool{false}}
	byPoint := map[float64][]int{}
	for _, measure := range []string{"visited_after", "in_school_at_last_visit"} {
		var prev int = -1
		for _, m := range followUpPoints {
			ans := school
			if measure == "visited_after" {
				ans = make([]outcomes.Answer, len(visited))
				for i, v := range visited {
					switch {
					case math.IsNaN(v):
						ans[i] = outcomes.Unknown
					case v >= m:
						ans[i] = outcomes.Yes
					default:
						ans[i] = outcomes.No
					}
				}
			}
			sh, err := outcomes.ShareAfter(measure, since, ans, m, 0.95)
			if err != nil {
				return err
			}
			ri := len(t.Rows)
			t.Rows = append(t.Rows, CountRow{Labels: []string{measure, months(m)},
				Values: []int64{int64(sh.Of + sh.Unknown), int64(sh.Count), int64(sh.Of - sh.Count), int64(sh.Unknown)}})
			byPoint[m] = append(byPoint[m], ri)
			if prev >= 0 {
				// Reintegrated 12 months ago is reintegrated six months ago; a visit 12 months
				// after is one six months after (but a child visited at eight months only is
				// a no at 12 and a yes at six); the last visit's schooling is the same answer.
				// So the six months' count less the 12 months' is a count of children (those
				// reintegrated six to 12 months ago, with their answers): a hidden cell,
				// protected like the points' own counts (attack-2026-11-30d finding 6).
				for c := range t.Counts {
					if measure == "visited_after" && c == 2 {
						continue
					}
					d := t.Rows[prev].Values[c] - t.Rows[ri].Values[c]
					if d < 0 {
						s.le([]Ref{{ti, ri, c}}, []Ref{{ti, prev, c}})
						continue
					}
					s.eq([]Ref{{ti, prev, c}}, []Ref{{ti, ri, c}, {ti + 1, len(between.Rows), 0}})
					between.Rows = append(between.Rows, CountRow{Labels: []string{measure, t.Counts[c]}, Values: []int64{d}})
				}
			}
			prev = ri
		}
	}
	for _, m := range followUpPoints { // in order: ranging over the map wrote the relations in a random order
		rows := byPoint[m]
		// Both measures count the same children.
		s.le([]Ref{{ti, rows[0], 0}}, []Ref{{ti, rows[1], 0}})
		s.le([]Ref{{ti, rows[1], 0}}, []Ref{{ti, rows[0], 0}})
	}
	s.add(t)
	s.add(between)
	s.rowEqs(ti)
	return nil
}

// services adds the services table: per service type (Primero's services and HTCDS support
// plans), the people who had it, by its status; a person with several services of a type
// counts once, as implemented when one of them was. It counts victims of every age (a women's
// shelter's services are services too), so its count column is people, not children
// (attack-2026-12-01f finding 8: 40 women counted as "children" with education).
func (s *tableSet) services(all iter.Seq[*CaseOutcome]) {
	// One pass over the cases: each type's row counted as its cases are met (types are few;
	// no map per case).
	type status struct{ yes, no bool }
	count := func(v *[4]int64, st status) {
		v[0]++
		switch {
		case st.yes:
			v[1]++
		case st.no:
			v[2]++
		default:
			v[3]++
		}
	}
	idx := map[string]int{}
	var names []string
	var counts [][4]int64
	var cur []status // the case's status of each type
	var seen []bool
	var touched []int
	var anyRow [4]int64
	people := 0
	for o := range all {
		if len(o.Services) == 0 {
			continue
		}
		people++
		touched = touched[:0]
		for _, sv := range o.Services {
			i, ok := idx[sv.Type]
			if !ok {
				i = len(names)
				idx[sv.Type] = i
				names = append(names, sv.Type)
				counts, cur, seen = append(counts, [4]int64{}), append(cur, status{}), append(seen, false)
			}
			if !seen[i] {
				seen[i] = true
				touched = append(touched, i)
			}
			cur[i].yes = cur[i].yes || sv.Implemented == outcomes.Yes
			cur[i].no = cur[i].no || sv.Implemented == outcomes.No
		}
		var anyOf status
		for _, i := range touched {
			count(&counts[i], cur[i])
			anyOf.yes, anyOf.no = anyOf.yes || cur[i].yes, anyOf.no || cur[i].no
			cur[i], seen[i] = status{}, false
		}
		count(&anyRow, anyOf)
	}
	if people == 0 {
		return
	}
	sort.Strings(names)
	t := &CountTable{Name: "services", Title: "Services after identification: people who had each type of service, by its status",
		Note: "Service types are Primero's (lookup-service-type) and HTCDS's support-plan types, kept apart. people: victims of every age, children and adults. A person counts once per type: implemented when any service of the type was, " +
			"not_implemented when one was recorded as not implemented (referred, pending) and none was, not_recorded when no status was given. The last row counts the people with any service, " +
			"implemented when any of their services was.",
		Labels: []string{"service_type"}, Counts: []string{"people", "implemented", "not_implemented", "not_recorded"}, TotalCols: []bool{true, false, false, false},
		Margins: "people = implemented + not_implemented + not_recorded in every row"}
	for _, n := range names {
		v := counts[idx[n]]
		t.Rows = append(t.Rows, CountRow{Labels: []string{n}, Values: v[:]})
	}
	t.Rows = append(t.Rows, CountRow{Labels: []string{"any service"}, Values: anyRow[:]})
	ti := s.add(t)
	s.rowEqs(ti)
	last := len(t.Rows) - 1
	for ri := 0; ri < last; ri++ {
		for _, c := range []int{0, 1} {
			s.le([]Ref{{ti, ri, c}}, []Ref{{ti, last, c}})
		}
	}
}

var fundingSteps = []string{"complaint", "arrest", "charge sheet", "trial", "disposed"}

func (s *tableSet) justice(all iter.Seq[*CaseOutcome]) error {
	cohorts := map[string][]outcomes.LegalCase{}
	for o := range all {
		for i, lc := range o.Legal {
			y := "year not recorded"
			if i < len(o.LegalYear) && o.LegalYear[i] > 0 {
				y = strconv.Itoa(o.LegalYear[i])
			}
			cohorts[y] = append(cohorts[y], lc)
			cohorts["all years"] = append(cohorts["all years"], lc)
		}
	}
	if len(cohorts) == 0 {
		return nil
	}
	years := make([]string, 0, len(cohorts))
	for y := range cohorts {
		if y != "all years" {
			years = append(years, y)
		}
	}
	sort.Strings(years)
	years = append(years, "all years")
	t := &CountTable{Name: "justice-funnel", Title: "Justice attrition: legal cases by the furthest stage reached, dispositions and conviction rates, per year of registration",
		Note: "Each legal case counts once per stage it reached (complaint, arrest, charge sheet, trial, disposed); share: of the complaints registered, with Wilson 95% intervals. " +
			"Two conviction rates, not to be confused: over completed trials (convicted / convicted or acquitted), as courts report, and over cases registered (convicted / complaints), the attrition advocates cite. " +
			"Pending cases are in the denominators: a recent year's rates are provisional. A stage withheld as small withholds the later stages of its year. The legal cases that stopped at a stage (the stage less the next) are protected like any small count, so a stage is also withheld when its drop-out could be worked out as 1 to 9. " +
			"A legal case is one victim's: the rows of one case record that share a police report (FIR) or court case number are one legal case, but two victims (two case records) in one FIR are two legal cases here (the funnel counts victims' legal cases, not FIRs; their numbers are compared only within a case record and never kept).",
		Labels: []string{"year", "step"}, Counts: []string{"legal_cases"}, TotalCols: []bool{false},
		Figures: []string{"share", "lower", "upper"}}
	ti := len(s.tables)
	// The legal cases that stopped at a stage (reached it, not the next) are one subtraction of
	// two published stages away, and a count of cases like any other: hidden cells, protected
	// by the audit like the events between a curve's points (attack-2026-11-30c finding 11).
	stopped := &CountTable{Name: "justice-funnel-stopped-at-stage", Hidden: true, Labels: t.Labels,
		Counts: []string{"legal_cases_stopped"}, TotalCols: []bool{false}}
	si := ti + 1
	var starts []int // each year's first row; the last is all years'
	for _, y := range years {
		f, err := outcomes.JusticeFunnel(cohorts[y], 0.95)
		if err != nil {
			return err
		}
		start := len(t.Rows)
		starts = append(starts, start)
		for _, sc := range f.Stages {
			// A stage's share is of the complaints.
			s.needs = append(s.needs, figureNeed{row: Ref{ti, len(t.Rows), 0}, needs: []Ref{{ti, start, 0}}})
			t.Rows = append(t.Rows, CountRow{Labels: []string{y, fundingSteps[sc.Stage]}, Values: []int64{int64(sc.Reached)},
				Figures: []string{fig(sc.Share.Estimate, 3), fig(sc.Share.Lower, 3), fig(sc.Share.Upper, 3)}})
		}
		for k := 1; k < len(f.Stages); k++ {
			s.eq([]Ref{{ti, start + k - 1, 0}}, []Ref{{ti, start + k, 0}, {si, len(stopped.Rows), 0}})
			stopped.Rows = append(stopped.Rows, CountRow{Labels: t.Rows[start+k-1].Labels,
				Values: []int64{int64(f.Stages[k-1].Reached - f.Stages[k].Reached)}})
		}
		var parts []Ref
		for d := outcomes.Pending; d <= outcomes.Withdrawn; d++ {
			parts = append(parts, Ref{ti, len(t.Rows), 0})
			n := f.Dispositions[d]
			t.Rows = append(t.Rows, CountRow{Labels: []string{y, d.String()}, Values: []int64{int64(n)},
				Figures: []string{"", "", ""}})
		}
		s.eq([]Ref{{ti, start, 0}}, parts) // complaints = the sum of the dispositions
		for _, sh := range []outcomes.Share{f.OverTrials, f.OverRegistered} {
			// Both rates are the convicted over this row's count.
			s.needs = append(s.needs, figureNeed{row: Ref{ti, len(t.Rows), 0}, needs: []Ref{{ti, start + 5 + int(outcomes.Convicted), 0}}})
			t.Rows = append(t.Rows, CountRow{Labels: []string{y, sh.Label}, Values: []int64{int64(sh.Of)},
				Figures: []string{fig(sh.Estimate, 3), fig(sh.Lower, 3), fig(sh.Upper, 3)}})
		}
		n := len(t.Rows)
		// trials = convicted + acquitted; registered = complaints
		s.eq([]Ref{{ti, n - 2, 0}}, []Ref{{ti, start + 5 + int(outcomes.Convicted), 0}, {ti, start + 5 + int(outcomes.Acquitted), 0}})
		s.eq([]Ref{{ti, n - 1, 0}}, []Ref{{ti, start, 0}})
		if len(f.Stages) == len(fundingSteps) {
			// A verdict needs the disposed stage, and a disposed case is not pending: the
			// trials are at most the disposed, the pending and the disposed at most the
			// complaints. Unstated, the published disposed stage and the dispositions' sum
			// pinned a <10 withdrawn count to 9 (attack-2026-11-30e finding 3).
			disposed := Ref{ti, start + len(fundingSteps) - 1, 0}
			s.le([]Ref{{ti, n - 2, 0}}, []Ref{disposed})
			s.le([]Ref{{ti, start + 5 + int(outcomes.Pending), 0}, disposed}, []Ref{{ti, start, 0}})
		}
	}
	// All years' stages and dispositions are the sums of the years': all years' count less
	// the published years' gave a year withheld alone back exactly (the demo's 2019
	// convictions). Stated, the audit protects it; the rates' denominators are copies of
	// stated counts already. Every year's block has the same rows.
	if n := len(starts); n > 1 && len(t.Rows)-starts[n-1] == starts[1]-starts[0] {
		all := starts[n-1]
		for j := 0; all+j < len(t.Rows); j++ {
			if strings.HasPrefix(t.Rows[all+j].Labels[1], "conviction rate") {
				continue
			}
			var parts []Ref
			for _, st := range starts[:n-1] {
				parts = append(parts, Ref{ti, st + j, 0})
			}
			s.eq([]Ref{{ti, all + j, 0}}, parts)
		}
	}
	s.add(t)
	s.add(stopped)
	// Only a small stage withholds the later stages of its year: a stage withheld as a
	// complement leaves the later ones to the audit, which solves every drop-out (the
	// stopped-at-stage cells) and the sums over years; withholding them all cascaded through
	// every year once the sums were stated.
	s.curves = append(s.curves, curve{table: ti, key: func(r CountRow) (string, bool) {
		return r.Labels[0], slices.Contains(fundingSteps, r.Labels[1])
	}})
	return nil
}

func (s *tableSet) occupancy(care iter.Seq[*CaseOutcome], cfg OutcomeConfig) error {
	if !cfg.To.After(cfg.From) {
		return nil
	}
	target := cfg.TargetOccupancy
	if target == 0 {
		target = 0.85
	}
	beds := map[string]int{}
	for _, c := range cfg.Centres {
		beds[c.Province] += c.Beds
	}
	period := outcomes.Months(cfg.From, cfg.To)
	t := &CountTable{Name: "occupancy", Title: "Occupancy of residential care and beds needed, by province",
		Note: fmt.Sprintf("admissions: residential placements starting in the %s months to the export; in_care_at_end: people (children and adults) in residential care at its end. "+
			"occupancy_rate: occupied over available bed-days (midnight census; beds: every centre the centres file lists in the province, summed; occupied: the stays the organisations' events record, so a province whose homes export no events reads low). "+
			"beds_needed: Little's law, L = arrival rate × mean stay, divided by a target occupancy of %s; it assumes a steady state (arrivals and stays as in the period), "+
			"and mean_stay_months is the Kaplan-Meier restricted mean over 24 months of the province's stays (a child's placements in its homes that follow one another without a night out, a transfer between two homes of the province, are one admission and one stay), open stays included, so it is the need for stays up to two years. "+
			"A province's figures are withheld with its counts, and a rate or mean stay resting on fewer people than the threshold (in care during the period; the province's cases) is withheld too. Compare with the centre-gap ranking (query --named centre-gaps). "+
			"Counts everyone in care, people at risk (trafficking_status at_risk) included: they fill the beds; the other outcome tables count victims only.", fig(period, 0), fig(target, 2)),
		Labels: []string{"province"}, Counts: []string{"admissions", "in_care_at_end"}, TotalCols: []bool{false, false},
		Figures: []string{"beds", "occupancy_rate", "mean_stay_months", "beds_needed"}}
	// Each province's stays and cases, in the order of care, from one pass (not a pass per
	// province).
	type provStays struct {
		// nights are the bed-days in the period of the province's stays, added one at a time
		// (only for a province with centres: the rate needs its beds); holding every stay of
		// every year was half the table's time at 3,000,000 rows, growing the slices.
		nights             *outcomes.BedDays
		admissions, inCare int
		// occupants counts the people with a stay in the period: the rate rests on them
		// (one child's stay gave Balkh 0.06 beside two published zeros,
		// attack-2026-12-01e finding 4). last (the case's number from 1) dedups a child's
		// several stays; the outcomes are borrowed, so not their pointers.
		occupants, last int
		// tm and ev are the province's stays (time and whether it ended), the mean stay's
		// sample: the same stays as the admissions, so that Little's law multiplies arrivals
		// and stays of one level (a case's whole time in care beside a province's admissions
		// counted a transfer as two arrivals of the whole stay's length, attack-2026-12-01f
		// finding 5); children (lastAll) how many children they are.
		children, lastAll int
		tm                []float64
		ev                []bool
		// en are the stays' delayed entries (nil while every one is 0): a stay open on the day
		// its organisation's records begin late is in the export because it lasted that long,
		// so its mean stay counts it from that day (attack-2026-12-05c V4: left empty, the
		// centre gaps took 12 months for 10), in every province, as the length-of-stay table
		// does (outc, 2026-12-05 afternoon: outside cfg.StaysBefore such stays counted from
		// their admission).
		en []float64
	}
	byProv := map[string]*provStays{}
	prov := func(p string) *provStays {
		b := byProv[p]
		if b == nil {
			b = &provStays{}
			if beds[p] > 0 {
				b.nights = outcomes.NewBedDays(cfg.From, cfg.To)
			}
			byProv[p] = b
		}
		return b
	}
	n := 0
	for o := range care {
		n++
		for i, st := range o.Stays {
			b := prov(o.StayProvinces[i])
			if b.nights != nil {
				b.nights.Add(st)
			}
			if !st.Start.Before(cfg.From) && st.Start.Before(cfg.To) {
				b.admissions++
			}
			if st.Start.Before(cfg.To) && (st.End.IsZero() || !st.End.Before(cfg.To)) {
				b.inCare++
			}
			if st.Start.Before(cfg.To) && (st.End.IsZero() || st.End.After(cfg.From)) && b.last != n {
				b.occupants++
				b.last = n
			}
			if st.Start.Before(cfg.To) {
				// Censored at the period's end while open (or ending after it).
				ended := !st.End.IsZero() && !st.End.After(cfg.To)
				end := cfg.To
				if ended {
					end = st.End
				}
				tm := outcomes.Months(st.Start, end)
				e := 0.0
				if day := o.EntryDay; st.Start.Before(day) && end.After(day) {
					e = outcomes.Months(st.Start, day)
				}
				if e > 0 && e < tm && b.en == nil {
					b.en = make([]float64, len(b.tm), cap(b.tm))
				}
				if b.en != nil {
					if !(e < tm) {
						e = 0
					}
					b.en = append(b.en, e)
				}
				b.tm = append(b.tm, tm)
				b.ev = append(b.ev, ended)
				if b.lastAll != n {
					b.children++
					b.lastAll = n
				}
			}
		}
	}
	// The provinces of the centres and of the stays, in order (one pass over the cases: each
	// pass unpacks every case's stays).
	provs := map[string]bool{}
	for p := range beds {
		provs[p] = true
	}
	for p := range byProv {
		if p != "" {
			provs[p] = true
		}
	}
	names := make([]string, 0, len(provs))
	for p := range provs {
		names = append(names, p)
	}
	sort.Strings(names)
	var begun, begunInside, long, entered []string // the provinces of cfg.Begins and cfg.StaysBefore with a row
	for _, p := range names {
		b := prov(p)
		admissions, inCare, tm, ev, occupants, children := b.admissions, b.inCare, b.tm, b.ev, b.occupants, b.children
		if beds[p] == 0 && admissions == 0 && inCare == 0 {
			continue // no centre known and no one placed there in the period
		}
		row := CountRow{Labels: []string{p}, Values: []int64{int64(admissions), int64(inCare)}, Figures: make([]string, 4)}
		// A figure resting on 1 to threshold-1 people (counts no row shows) is withheld,
		// as it is beside a withheld count.
		few := func(n int) bool { return n > 0 && n < s.minCell }
		if bd := beds[p]; bd > 0 {
			row.Figures[0] = strconv.Itoa(bd)
			if occ, err := b.nights.Occupancy(bd); err == nil && !few(occupants) {
				row.Figures[1] = fig(occ.Rate, 2)
			}
		}
		if len(tm) > 0 && !few(children) {
			km, err := survival.KaplanMeierEntry(b.en, tm, ev, survival.Options{})
			if err != nil {
				return err
			}
			mean, _ := km.RestrictedMean(24)
			row.Figures[2] = fig(mean, 1)
			row.Figures[3] = fig(outcomes.BedsNeeded(admissions, period, mean, target), 1)
		}
		// Counted over the years each organisation covers: the nights of the people an
		// organisation had in care before its records begin are in no export, so a rate would
		// read the province's homes emptier than they are; the mean stay rests on the stays
		// admitted since, which are whole, and Little's law on the period's admissions, whole
		// only when the records begin before the period.
		if day, ok := cfg.Begins[p]; ok {
			row.Figures[1] = ""
			begun = append(begun, p)
			if day.After(cfg.From) {
				row.Figures[3] = ""
				begunInside = append(begunInside, p)
			}
		}
		switch {
		case b.en != nil:
			entered = append(entered, p) // the stays open on the day counted from it
		case cfg.StaysBefore[p]:
			row.Figures[2], row.Figures[3] = "", "" // the stays counted are the longer ones
			long = append(long, p)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(begun) > 0 {
		t.Note += fmt.Sprintf(" %s: occupancy_rate left empty, and in_care_at_end counts only the people admitted since the records begin: "+
			"an organisation that placed people there begins its records late (its cases: the manifest's partial_first_year; or its care records, later than its cases), and the people it had in care before then, some of whom could still be in care in the period, are in no export.", strings.Join(begun, ", "))
		if len(begunInside) > 0 {
			t.Note += fmt.Sprintf(" %s: its records begin inside the period, so admissions count only those since and beds_needed is left empty.", strings.Join(begunInside, ", "))
		}
	}
	if len(long) > 0 {
		t.Note += fmt.Sprintf(" %s: mean_stay_months and beds_needed left empty: an organisation whose records begin late exports the stays it had open then, begun before, and none that had ended, so the stays counted there are the longer ones.", strings.Join(long, ", "))
	}
	if len(entered) > 0 {
		t.Note += fmt.Sprintf(" %s: an organisation whose records begin late exports the stays it had open then, begun before (and may not export those that had ended): mean_stay_months counts each such stay from that day on, not from its admission (delayed entry, as the length-of-stay table), as it is seen only because it lasted that long.", strings.Join(entered, ", "))
	}
	s.add(t)
	return nil
}

// noisyOutcomes, after noise was added to the counts, redoes the outcome tables' figures from
// what is published: the justice funnel's shares and conviction rates are worked out from
// the noisy counts, with Wilson intervals widened to cover the noise (intervals.WilsonNoisy);
// the curves' estimates (Kaplan-Meier, Aalen-Johansen, the restricted mean) and occupancy's
// rate, mean stay and beds needed rest on the exact times, which noise does not reach, so they
// are withheld, and the note says so: published beside noisy counts they would undo the noise.
func (s *tableSet) noisyOutcomes() {
	const why = " With differential privacy (epsilon), the estimates are withheld: they are computed from the exact times and would undo the noise in the counts; the noisy counts at the points are published."
	for _, t := range s.tables {
		if t.Hidden || t.Epsilon <= 0 {
			continue
		}
		switch t.Name {
		case "length-of-stay", "reintegration", "re-trafficking", "re-trafficking-or-return", "occupancy":
			for ri := range t.Rows {
				for fi := range t.Rows[ri].Figures {
					if t.Name == "occupancy" && fi == 0 {
						continue // the beds, from the centres file, not from the cases
					}
					t.Rows[ri].Figures[fi] = ""
				}
			}
			t.Note += why
		case "justice-funnel":
			s.noisyFunnel(t)
		}
	}
}

// noisyFunnel recomputes the justice funnel's figures from its noisy counts: each year's rows
// are its five stages, the five dispositions and the two rates (as justice writes them).
func (s *tableSet) noisyFunnel(t *CountTable) {
	per := len(fundingSteps) + int(outcomes.Withdrawn-outcomes.Pending) + 1 + 2
	noise := func(ri int) intervals.Noise {
		if ri >= len(t.Rows) || t.Rows[ri].Noise == nil {
			return intervals.Noise{}
		}
		return intervals.Noise{Epsilon: t.Epsilon, Terms: t.Rows[ri].Noise[0]}
	}
	set := func(ri int, x int64, nx intervals.Noise, m int64, nm intervals.Noise) {
		iv := intervals.WilsonNoisy(int(x), nx, int(m), nm, 0.95)
		if m <= 0 || x > m {
			t.Rows[ri].Figures = []string{"", "", ""}
			return
		}
		t.Rows[ri].Figures = []string{fig(iv.Estimate, 3), fig(iv.Lower, 3), fig(iv.Upper, 3)}
	}
	for start := 0; start+per <= len(t.Rows); start += per {
		complaints := t.Rows[start].Values[0]
		for k := 0; k < len(fundingSteps); k++ {
			set(start+k, t.Rows[start+k].Values[0], noise(start+k), complaints, noise(start))
		}
		conv := start + len(fundingSteps) + int(outcomes.Convicted)
		acq := start + len(fundingSteps) + int(outcomes.Acquitted)
		cv, av := t.Rows[conv].Values[0], t.Rows[acq].Values[0]
		trials, registered := start+per-2, start+per-1
		// The rates' denominators are shown as counts too; here they are the noisy
		// convicted + acquitted and the noisy complaints, so that the rows agree.
		t.Rows[trials].Values[0], t.Rows[registered].Values[0] = cv+av, complaints
		if t.Rows[trials].Noise != nil {
			t.Rows[trials].Noise[0] = noise(conv).Terms + noise(acq).Terms
			t.Rows[registered].Noise[0] = noise(start).Terms
		}
		set(trials, cv, noise(conv), cv+av, noise(conv).Add(noise(acq)))
		set(registered, cv, noise(conv), complaints, noise(start))
	}
	t.Note += " With differential privacy (epsilon), the shares and rates are worked out from the noisy counts, with Wilson intervals widened to cover the noise."
}

// outcomePerPerson bounds how many inner counts of an outcome table one case adds to, for the
// privacy budget (perPerson): a curve's case is in its group's and all cases' curves, at each
// point, in the number at risk and the running total (reintegration repeats the number at
// risk in each exit's row); a legal case or a stay may repeat, so the funnel and occupancy
// count every row.
func outcomePerPerson(t *CountTable) (int, bool) {
	points := len(OutcomePoints)
	switch t.Name {
	case "length-of-stay", "re-trafficking":
		return 2 * points * 2, true
	case "re-trafficking-or-return":
		return 2 * points, true
	case "reintegration":
		return (outcomes.ExitCauses + 1) * points, true
	case "follow-up":
		return len(t.Rows), true
	case "services", "justice-funnel":
		return len(t.Rows), true
	case "occupancy":
		return 2 * len(t.Rows), true
	}
	return 0, false
}

// atRiskTable adds the at-risk-by-province table from the at-risk people's facts: they are
// counted apart and never added to the victims of the other tables.
func (s *tableSet) atRiskTable(f *facts) {
	if len(f.cells) == 0 {
		return
	}
	g := &tableSet{f: f}
	pl, pv := g.grouped(4, func(k cellKey) ([]string, bool) {
		p := f.places[k.place]
		return []string{label(p[0]), label(p[1])}, true
	}, byGender)
	t := &CountTable{Name: atRiskName, Title: "People at risk of trafficking taken into care, by country and province",
		Note:   "People recorded as at risk (trafficking_status at_risk: e.g. a sex worker's daughter taken into a home before anyone trafficked her). They are not victims and are in no other table.",
		Labels: []string{"country", "province"}, Counts: []string{"at_risk", "female", "male", "other_or_unknown"}, TotalCols: []bool{true, false, false, false},
		Margins: "at_risk = female + male + other_or_unknown in every row; the last row is the sum of the rows"}
	for i := range pl {
		t.Rows = append(t.Rows, CountRow{Labels: pl[i], Values: pv[i]})
	}
	t.Rows = append(t.Rows, CountRow{Labels: []string{"all countries", ""}, Values: sumRows(t.Rows, 4), Total: true})
	ti := s.add(t)
	s.rowEqs(ti)
	s.colEqs(ti, len(t.Rows)-1, inner)
}

// atRiskName names the people at risk's table.
const atRiskName = "at-risk-by-province"

// victimsNote is said by every table that counts victims.
const victimsNote = " Counts identified victims: trafficking status actual or possible, or not recorded; people at risk are counted apart (at-risk-by-province)."
