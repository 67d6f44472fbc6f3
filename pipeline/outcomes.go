package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/bits"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// Outcomes after identification (issue 12). Events (placements, services, follow-ups,
// closures, legal cases) are read before the cases, from the inputs whose mapping says
// events: only (a separate export keyed by case number) or events: also (a case export with
// wide columns or Primero subforms). Each case's events are summarised into outcomes.Care and
// outcomes.Derive; the derived per-case fields replace the record's empty derived columns
// before the Collector takes it, and the exact months go to the Collector for the outcome
// tables. Dates of events never leave this file's memory.

// EventsQuarantineFile lists the refused events (file, line, column, field, reason), apart from
// the case rows of QuarantineFile, whose count the manifest balances.
const EventsQuarantineFile = "events_quarantine.csv"

// caseEvents are the events of one case and where they came from. The case number (the key,
// within its part's source) is kept in part.ids, not as a string: a string per case, and a map
// entry holding two, cost some 100 bytes a case (and the NDJSON reader's case numbers pinned
// whole batches of its text).
type caseEvents struct {
	head, tail int32 // the case's first and last segment in part.segs (a chain by next)
	idChunk    int32 // the case number's bytes: part.ids[idChunk][idOff:idOff+idLen]
	idOff      int32
	idLen      int32
	input      int32 // index of the event input, whose export date censors open spells
	claim      int32 // the numbering (eventStore.claims) of the first case row that had it, +1; 0 none
	matched    bool
	ambiguous  bool // case rows of two numberings had it: whose events they are is not known
	reused     bool // two people's case rows of one numbering had it (de-duplication's Reuses)
}

// caseRef is a case of a part.
type caseRef struct {
	part uint16
	ci   int32
}

// segment is a run of one case's events that came one after another, encoded in
// part.data (see encodeEvent): a case's events usually come together, so one segment.
type segment struct {
	chunk, off int32 // where its first event starts in part.data
	n          int32 // events
	next       int32 // the case's next segment, -1 for none
}

// The stores' chunk sizes: one growing slice would be copied, and held twice meanwhile, each
// time it grew.
const (
	arenaChunk   = 1 << 20 // bytes of encoded events, and of case numbers
	segmentChunk = 1 << 15 // segments, and cases
	maxEncoded   = 80      // bytes an encoded event takes at most
)

// chunks is a slice in fixed chunks, never copied as it grows.
type chunks[T any] struct {
	c [][]T
	n int32
}

func (c *chunks[T]) at(i int32) *T { return &c.c[i/segmentChunk][i%segmentChunk] }

func (c *chunks[T]) push(v T) int32 {
	if c.n == math.MaxInt32 {
		panic("events: more than 2^31-1 cases or segments")
	}
	if c.n%segmentChunk == 0 {
		c.c = append(c.c, make([]T, 0, segmentChunk))
	}
	c.c[len(c.c)-1] = append(c.c[len(c.c)-1], v)
	c.n++
	return c.n - 1
}

// part holds the events of one source (the key's: "" for an export that names none). A part
// is released (its events freed) once no case input left to read can look its source up.
type part struct {
	s        *eventStore
	src      string
	cases    chunks[caseEvents]
	segs     chunks[segment]
	data     [][]byte // encoded events, in chunks of arenaChunk
	ids      [][]byte // case numbers, in chunks of arenaChunk (a longer one in its own)
	table    []uint32 // open addressing by case number: a slot is 0 (empty) or case index + 1 under tag's bits
	shift    uint     // log2(len(table)): the bits of a slot the case index + 1 takes (tag)
	used     int      // keys in table
	open     int32    // the segment the last event was added to, -1 none
	lastDays int64    // the open segment's last date (days) and line: the deltas' bases
	lastLine int64
	released bool
	unknown  []ingest.Rejection // when released: its events whose case no case row had
	amb      map[int32]bool     // its cases found ambiguous (kept once released, for takeBack)
}

// ambiguousCase reports whether case ci's number named cases of two numberings.
func (p *part) ambiguousCase(ci int32) bool {
	if p.released {
		return p.amb[ci]
	}
	return p.cases.at(ci).ambiguous
}

type eventStore struct {
	parts       []*part
	srcIdx      map[string]uint16 // into parts
	seed        maphash.Seed
	err         error             // a part looked up after it was released
	unknownN    []int             // per event input: rows whose case no case row had
	dupN        []int             // per event input: rows whose every event its case had already (duplicates)
	names       []string          // types, provinces and sheets
	nameIdx     map[string]uint16 // into names
	exact       []time.Time       // times that are not whole seconds in UTC
	inputs      []release.EventInput
	extractedOf []time.Time // per event input: its export date
	sourceOf    []string    // per event input: its organisation (source:, else its file name), for Manifest.AsOfBySource
	inputUsed   []bool      // per event input: it began a case's events
	rejected    []ingest.Rejection
	refused     []map[int]bool   // per event input: rows (rowKey) with a refused event
	inline      map[int]bool     // case inputs (by index) whose events were read
	extracted   time.Time        // default export date
	notices     []string         // for the manifest (finish)
	matches     []eventMatch     // case rows whose events were found, in order (linkedAway)
	claims      map[string]int32 // numberings (source, de-duplication scope) of case rows that had events
	lastClaim   struct {         // the last numbering looked up in claims
		src, scope string
		k          int32
	}
	claimSrc      []string        // per numbering (claims - 1): its source
	acrossSources bool            // an ambiguous case number is one of two sources' (an events export without source:)
	ambiguous     []int           // per event input: rows of events whose case number names cases of two numberings
	reusedN       []int           // per event input: rows of events whose case number names two people of one numbering
	overlaps      int             // people whose residential placements overlap (two beds at once; caseNotices)
	returns       int             // people who came back into care after a spell ended (summarise; caseNotices)
	readmitted    int             // of them, back after reintegration with no re-trafficking confirmed before
	crossDups     map[[2]int]bool // (event input, row): rows whose every event another part of the case gave (crossDup)
	// Follow-up coverage by organisation (attack-2026-12-02a finding 6): followed holds the
	// case sources some of whose cases' events hold a follow-up visit; unvisited, per source
	// not (yet) among them, its case rows given a reintegration (see coverage).
	followed  map[string]bool
	unvisited map[string][]int32
	// With a linkage key (keep), the parts' events are kept after release until linkage has
	// told which case rows are one person's (mergeLinked), and the rows whose follow-up is not
	// recorded (unrecordedFollowUp) are noted. routes interns the case rows' referral routes
	// (eventMatch.route: 0 none).
	keep       bool
	noFollowUp map[int32]bool
	routes     []string
	routeIdx   map[string]uint32
	// routeRows and routeOf: the case rows without events that give a referral route, in row
	// order, and its index (+1) in routes (ownRoute). Only when linkage runs (keep).
	routeRows []int32
	routeOf   []uint32
	// selfCopies: the case rows (a linked person's kept row) whose record holds an open
	// placement that another of its placements closes (closeCopy; copyNotices).
	selfCopies []int32
	// linkMerged counts the linked people whose records' events were summarised together under
	// the kept record, linkBad those whose events did not fit together (the kept record's
	// alone are counted).
	linkMerged, linkBad int
	// linkNoOwn counts the kept records among them with no events of their own (none read, or
	// taken back as ambiguous): they take the others' events, with the earliest identification
	// date another record gives and the kept record's own referral route (ownRoute; another
	// organisation's would contradict the record's own in the microdata).
	linkNoOwn int
	// linkCopies counts the linked people one of whose records holds an open placement that
	// is another record's closed one (closeCopy): it ends where and how the other ended.
	linkCopies int
	// badRows holds the case rows whose events do not fit together (patch), by reason (an
	// index into badReasons): badNotices counts them over the records kept, as caseNotices.
	badRows    map[int32]uint16
	badReasons []string
	// stayLen is, per organisation (a case row's source) and province, its residential stays
	// there by length in whole months (an open one to its export), from noteStays: how many
	// people an organisation whose records begin late would have in care in the occupancy
	// period from before they begin, had it admitted then as since (lateBegins). stayOf is the
	// last source's map (one source per case input).
	stayLen map[string]map[string][]int32
	// firstEvents is, per organisation, its case rows with events by the month of their
	// earliest event (months since January 1970): where its events begin at their pace, when
	// its care export begins later than its case export (lateCare).
	firstEvents map[string]map[int32]int32
	// stayStarts is, per organisation and province, its residential stays by the month they
	// began (months since January 1970): an organisation whose records begin late and whose
	// export holds the stays it had open then, begun before (a care system that took in the
	// children in care on its first day), has stays whose lengths are the longer ones
	// (staysBefore).
	stayStarts map[string]map[string]map[int32]int32
	// stayEnds is, per organisation, its residential stays that ended by the month they ended,
	// with the month's first day one ended (lateEntries: where its exits begin).
	stayEnds map[string]map[int32]endMonth
	stayOf   struct {
		src    string
		m      map[string][]int32
		months map[int32]int32
		starts map[string]map[int32]int32
		ends   map[int32]endMonth
	}
	// Legal rows read into another row's legal case (the same police report or court case
	// number), the case rows they are of, and the case rows whose legal rows without a number
	// have stages rising with their dates (summarise).
	legalMerged, legalMergedCases, legalHistory, legalKinds, legalStation, legalStations, handed, laterRetrafficked int
	// flags holds what each case row with events counts for in those notices (overlaps,
	// returns, legal rows): caseNotices counts them over the records kept after
	// de-duplication and linkage, so a person is counted once, not once a record (a case
	// exported twice, a linked person's records; mergeLinked sets the kept record's from all
	// their events).
	flags map[int32]rowFlags

	// lastSheet and lastSheetIdx: the last sheet name looked up (sheet), once sheetKnown.
	lastSheet    string
	lastSheetIdx uint16
	sheetKnown   bool
}

// rowFlags is what a case row counts for in the notices of overlaps, returns and legal rows.
type rowFlags struct {
	legalMerged int32 // legal rows read into another row's legal case
	// legalHistory: unnumbered legal rows whose stages rise with their dates; legalKinds:
	// rows carrying numbers of different kinds (a police report's, a court's) with stages
	// that rise (outcomes.History).
	// legalStation: a row naming no station whose number two stations' rows share
	// (outcomes.StationUnknown); legalStations: a number its rows give at two stations
	// (outcomes.StationsApart).
	// handed: a placement whose nights start at an earlier placement's later end (handedOver).
	overlap, legalHistory, legalKinds, legalStation, legalStations, returned, readmitted, handed bool
	// laterRetrafficked: re-trafficking confirmed after a return to care (Outcome.LaterRetrafficked).
	laterRetrafficked bool
}

// flagsOf returns what the case just summarised (sum, co) counts for, and whether anything.
func flagsOf(sum *summariser, co *anonymize.CaseOutcome) (rowFlags, bool) {
	f := rowFlags{legalMerged: int32(sum.legalMerged), overlap: sum.overlapped,
		legalHistory: sum.legalHistory&outcomes.Unnumbered != 0, legalKinds: sum.legalHistory&outcomes.KindsApart != 0,
		legalStation: sum.legalHistory&outcomes.StationUnknown != 0, legalStations: sum.legalHistory&outcomes.StationsApart != 0, handed: sum.handed}
	if co.Care && co.Outcome.Returns > 0 {
		f.returned, f.readmitted, f.laterRetrafficked = true, co.Outcome.Readmitted, co.Outcome.LaterRetrafficked
	}
	return f, f != rowFlags{}
}

// eventMatch is a case row whose case's events were found: how many rows of an events export
// (the case's first, as release counts them) they are, and the case. 20 bytes a case row with events.
type eventMatch struct {
	row, in, rows int32
	ci            int32  // the case, in part: its events are taken back if it proves ambiguous
	idDay         int32  // the row's identification date (days since 1970; noDay none), for mergeLinked
	route         uint32 // the row's referral route (eventStore.routes, + 1; 0 none)
	part          uint16
}

// noDay is eventMatch.idDay's value for a row without an identification date.
const noDay = math.MinInt32

// linkedAway accounts, in the manifest's events (m.Events, set by finish), the rows of events of
// case rows that linkage dropped (linked: another record of the person is kept, and its own
// events are the ones counted) as linked instead of used, and returns how many.
func (s *eventStore) linkedAway(m *release.Manifest, linked func(row int) bool) int {
	n := 0
	for _, mt := range s.matches {
		if mt.rows == 0 || s.inputs[mt.in].Also || !linked(int(mt.row)) || int(mt.in) >= len(m.Events) {
			continue
		}
		in := &m.Events[mt.in]
		k := min(int(mt.rows), in.Used) // a case matched by two dropped rows is counted once
		in.Used -= k
		in.Linked += k
		n += k
	}
	s.matches = nil
	return n
}

func newEventStore(now time.Time) *eventStore {
	return &eventStore{nameIdx: map[string]uint16{}, srcIdx: map[string]uint16{}, inline: map[int]bool{}, extracted: now,
		seed: maphash.MakeSeed(), claims: map[string]int32{}, followed: map[string]bool{}, unvisited: map[string][]int32{}}
}

// rowKey identifies a row of an event input: its line, and its sheet (names index) in a
// workbook of several sheets of events, whose lines restart on each sheet.
func rowKey(sheet uint16, line int) int { return int(sheet)<<32 | line&(1<<32-1) }

// name returns v's index in names.
func (s *eventStore) name(v string) uint16 {
	i, ok := s.nameIdx[v]
	if !ok {
		if len(s.names) == math.MaxUint16 {
			panic("events: more than 65535 distinct types, provinces and sheets")
		}
		i = uint16(len(s.names))
		s.names = append(s.names, strings.Clone(v))
		s.nameIdx[s.names[i]] = i
	}
	return i
}

// sheet is name(v) for a sheet's name, remembering the last: a row's sheet is its
// neighbours' but at a sheet's first row, and the map lookup, twice an event, was 8% of the
// events stage's samples (t14's note, issue-14-speed22.md Left). An index never changes
// once given, so the one remembered stays right.
func (s *eventStore) sheet(v string) uint16 {
	if !s.sheetKnown || v != s.lastSheet {
		i := s.name(v)
		s.lastSheet, s.lastSheetIdx, s.sheetKnown = s.names[i], i, true // names' copy: v may be a reader's buffer
	}
	return s.lastSheetIdx
}

// source returns the part of source src, adding it.
func (s *eventStore) source(src string) uint16 {
	i, ok := s.srcIdx[src]
	if !ok {
		if len(s.parts) == math.MaxUint16 {
			panic("events: more than 65535 sources")
		}
		i = uint16(len(s.parts))
		s.parts = append(s.parts, &part{s: s, src: strings.Clone(src), open: -1})
		s.srcIdx[s.parts[i].src] = i
	}
	return i
}

// id returns case ci's case number (its bytes in the arena, not a copy).
func (s *part) id(ce *caseEvents) []byte {
	return s.ids[ce.idChunk][ce.idOff : ce.idOff+ce.idLen]
}

// tag returns the bits of a slot above the case index that hash h gives: the hash's top
// bits, which the slot's position (its low bits) does not use. A probe that lands on another
// case's slot is then refused, but for one in 2^(32-shift), without reading that case's record
// and number (two cache misses a probe in a store of millions: the lookup's share of patch grew
// from 16% at 1M rows to 27% at 10M, outcomes-spells session aa). The case index + 1 fits in
// shift bits: at most 3/4 of the slots are used.
func (s *part) tag(h uint64) uint32 {
	if s.shift >= 32 {
		return 0
	}
	return uint32(h>>32) >> s.shift << s.shift
}

// find returns the case of id and where it is or would go in table.
func (s *part) find(id string) (ci int32, slot int) {
	return s.findHash(id, maphash.String(s.s.seed, id))
}

// findHash is find of id whose hash is h.
func (s *part) findHash(id string, h uint64) (ci int32, slot int) {
	if len(s.table) == 0 {
		return -1, -1
	}
	mask := len(s.table) - 1
	low := uint32(1)<<s.shift - 1 // the case index + 1
	tag := s.tag(h)
	for i := int(h) & mask; ; i = (i + 1) & mask {
		v := s.table[i]
		if v == 0 {
			return -1, i
		}
		if v&^low == tag && string(s.id(s.cases.at(int32(v&low)-1))) == id {
			return int32(v&low) - 1, i
		}
	}
}

// caseOf returns the case of id, adding one for event input in when there is none.
func (s *part) caseOf(id string, in int32) int32 {
	h := maphash.String(s.s.seed, id)
	ci, slot := s.findHash(id, h)
	if ci >= 0 {
		return ci
	}
	if (s.used+1)*4 > len(s.table)*3 { // at most 3/4 full
		s.grow()
		_, slot = s.findHash(id, h)
	}
	chunk, off := s.reserveID(len(id))
	copy(s.ids[chunk][off:], id)
	ci = s.cases.push(caseEvents{head: -1, tail: -1, idChunk: chunk, idOff: off, idLen: int32(len(id)), input: in})
	s.table[slot] = uint32(ci+1) | s.tag(h)
	s.used++
	s.s.inputUsed[in] = true
	return ci
}

// grow doubles the table, placing every case again (its tag too: it has fewer bits).
func (s *part) grow() {
	size := max(1<<10, 2*len(s.table))
	s.table = make([]uint32, size)
	s.shift = uint(bits.TrailingZeros(uint(size)))
	mask := size - 1
	for ci := int32(0); ci < s.cases.n; ci++ {
		h := maphash.Bytes(s.s.seed, s.id(s.cases.at(ci)))
		i := int(h) & mask
		for s.table[i] != 0 {
			i = (i + 1) & mask
		}
		s.table[i] = uint32(ci+1) | s.tag(h)
	}
}

// reserveID returns where n bytes of a case number go in ids.
func (s *part) reserveID(n int) (chunk, off int32) {
	if n > arenaChunk/4 { // its own chunk, full: the next number opens a new one after it
		s.ids = append(s.ids, make([]byte, n))
		return int32(len(s.ids) - 1), 0
	}
	if len(s.ids) == 0 || len(s.ids[len(s.ids)-1])+n > cap(s.ids[len(s.ids)-1]) {
		s.ids = append(s.ids, make([]byte, 0, arenaChunk))
	}
	c := &s.ids[len(s.ids)-1]
	off = int32(len(*c))
	*c = (*c)[:len(*c)+n]
	return int32(len(s.ids) - 1), off
}

// Date modes in an encoded event.
const (
	noDate    = iota
	dayDate   // a whole day in UTC: days since 1970, as a delta from the segment's last date
	secDate   // whole seconds in UTC
	exactDate // an index into eventStore.exact
)

// add stores e as the last event of case ci.
func (s *part) add(ci int32, e *ingest.Event) {
	ce := s.cases.at(ci)
	chunk := len(s.data) - 1
	if s.open < 0 || ce.tail != s.open || chunk < 0 || len(s.data[chunk])+maxEncoded > arenaChunk {
		// A new segment: its deltas start from zero.
		if chunk < 0 || len(s.data[chunk])+maxEncoded > arenaChunk {
			s.data = append(s.data, make([]byte, 0, arenaChunk))
			chunk++
		}
		sg := s.segs.push(segment{chunk: int32(chunk), off: int32(len(s.data[chunk])), next: -1})
		if ce.head < 0 {
			ce.head = sg
		} else {
			s.segs.at(ce.tail).next = sg
		}
		ce.tail, s.open, s.lastDays, s.lastLine = sg, sg, 0, 0
	}
	s.data[chunk] = s.s.encodeEvent(s.data[chunk], e, &s.lastDays, &s.lastLine)
	s.segs.at(s.open).n++
}

// pendingEvent is an event of the row being read, and its case.
type pendingEvent struct {
	ci int32
	e  ingest.Event
}

// dedupScan bounds the events of a case that an event is compared with (see has): a case
// number under which an export puts thousands of events (a placeholder) would otherwise make
// reading quadratic.
const dedupScan = 4096

// flushRow stores the events of row (one row of an events export, all of one case) but those
// whose case has an equal event already (has): an event of one case with the same kind, dates
// and values is one event, whether an export repeats a row, is given twice (saved again with
// other line ends or delimiter) or two monthly exports overlap (attack-2026-12-01f finding 2:
// each repeat was a second admission, stay and legal case, 101% occupancy and twice the beds).
// The row's own events are compared with earlier rows' only: two equal services on one row
// stay two. A row none of whose events was stored is added to dups.
func (p *part) flushRow(pend []pendingEvent, dups map[int]bool, row int) {
	if len(pend) == 0 {
		return
	}
	var dup [8]bool
	isDup := dup[:0]
	if len(pend) > len(dup) {
		isDup = make([]bool, 0, len(pend))
	}
	for i := range pend {
		isDup = append(isDup, p.has(pend[i].ci, &pend[i].e))
	}
	kept := false
	for i := range pend {
		if !isDup[i] {
			p.add(pend[i].ci, &pend[i].e)
			kept = true
		}
	}
	if !kept {
		dups[row] = true
	}
}

// has reports whether case ci has an event equal to e in all but its line and sheet (among
// its first dedupScan events).
func (p *part) has(ci int32, e *ingest.Event) bool {
	n := 0
	for sg := p.cases.at(ci).head; sg >= 0 && n < dedupScan; {
		seg := p.segs.at(sg)
		d := eventDecoder{s: p.s, b: p.data[seg.chunk][seg.off:]}
		for range seg.n {
			x, _ := d.next()
			if sameEvent(&x, e) {
				return true
			}
			n++
		}
		sg = seg.next
	}
	return false
}

// crossDup counts row of event input in as a duplicate (once): each of its events was given by
// another part of its case already (patch).
func (s *eventStore) crossDup(in int32, row int) {
	if s.crossDups == nil {
		s.crossDups = map[[2]int]bool{}
	}
	if k := [2]int{int(in), row}; !s.crossDups[k] {
		s.crossDups[k] = true
		s.dupN[in]++
	}
}

// mergeInto reports whether e is one of prev (among the first dedupScan), the events another
// export gave of its case: the same kind and date, and every other value the same or given
// by one of them only (a case export's wide columns may leave out the province or the end
// reason that the events export gives). The event of prev takes the values only e gives.
func mergeInto(prev []ingest.Event, e *ingest.Event) bool {
	for i := range prev[:min(len(prev), dedupScan)] {
		a := &prev[i]
		if a.Kind != e.Kind || !a.Date.Equal(e.Date) || !fits(a.End.IsZero(), e.End.IsZero(), a.End.Equal(e.End)) ||
			!fits(a.Type == "", e.Type == "", a.Type == e.Type) || !fits(a.Province == "", e.Province == "", a.Province == e.Province) ||
			!fits(a.Reason == 0, e.Reason == 0, a.Reason == e.Reason) || !fits(a.InSchool == 0, e.InSchool == 0, a.InSchool == e.InSchool) ||
			!fits(a.Retrafficked == 0, e.Retrafficked == 0, a.Retrafficked == e.Retrafficked) ||
			!fits(a.Implemented == 0, e.Implemented == 0, a.Implemented == e.Implemented) ||
			!fits(a.Stage == 0, e.Stage == 0, a.Stage == e.Stage) || !fits(a.Disposition == 0, e.Disposition == 0, a.Disposition == e.Disposition) {
			continue
		}
		if a.End.IsZero() {
			a.End = e.End
		}
		if a.Type == "" {
			a.Type = e.Type
		}
		if a.Province == "" {
			a.Province = e.Province
		}
		if a.Reason == 0 {
			a.Reason = e.Reason
		}
		if a.InSchool == 0 {
			a.InSchool = e.InSchool
		}
		if a.Retrafficked == 0 {
			a.Retrafficked = e.Retrafficked
		}
		if a.Implemented == 0 {
			a.Implemented = e.Implemented
		}
		if a.Stage == 0 {
			a.Stage = e.Stage
		}
		if a.Disposition == 0 {
			a.Disposition = e.Disposition
		}
		return true
	}
	return false
}

// fits reports whether two values agree: equal, or one of them not given.
func fits(aZero, bZero, equal bool) bool { return aZero || bZero || equal }

// sameEvent reports whether a and b record the same event: kind, dates, type, province and
// answers (not the line or sheet they were read from).
func sameEvent(a, b *ingest.Event) bool {
	return a.Kind == b.Kind && a.Date.Equal(b.Date) && a.End.Equal(b.End) && a.Type == b.Type && a.Province == b.Province &&
		a.Reason == b.Reason && a.InSchool == b.InSchool && a.Retrafficked == b.Retrafficked &&
		a.Implemented == b.Implemented && a.Stage == b.Stage && a.Disposition == b.Disposition && a.LegalKeys == b.LegalKeys &&
		a.LegalStations == b.LegalStations
}

// encodeEvent appends e to b: its kind, the modes of its dates, a mask of its non-zero
// answers and legal case numbers' hashes then those, its dates, the names of its type, province and sheet, and its line (a
// delta from the segment's last).
func (s *eventStore) encodeEvent(b []byte, e *ingest.Event, lastDays, lastLine *int64) []byte {
	enums := [...]int8{int8(e.Reason), int8(e.InSchool), int8(e.Retrafficked), int8(e.Stage), int8(e.Disposition), int8(e.Implemented)}
	mask := byte(0)
	for i, v := range enums {
		if v != 0 {
			mask |= 1 << i
		}
	}
	dm, dv := s.timeMode(e.Date)
	em, ev := s.timeMode(e.End)
	for k, key := range e.LegalKeys { // a legal case's hashed numbers: bits 6 and 7
		if key != 0 {
			mask |= 1 << (6 + k)
		}
	}
	modes := byte(dm | em<<2)
	for k, st := range e.LegalStations { // the stations the numbers name: bits 4 and 5 of the modes
		if st != 0 {
			modes |= 1 << (4 + k)
		}
	}
	b = append(b, byte(e.Kind), modes, mask)
	for _, v := range enums {
		if v != 0 {
			b = append(b, byte(v))
		}
	}
	for _, key := range e.LegalKeys {
		if key != 0 {
			b = binary.LittleEndian.AppendUint64(b, key)
		}
	}
	for _, st := range e.LegalStations {
		if st != 0 {
			b = binary.LittleEndian.AppendUint64(b, st)
		}
	}
	b = appendTime(b, dm, dv, lastDays)
	b = appendTime(b, em, ev, lastDays)
	b = binary.AppendUvarint(b, uint64(s.name(e.Type)))
	b = binary.AppendUvarint(b, uint64(s.name(e.Province)))
	b = binary.AppendUvarint(b, uint64(s.sheet(e.Sheet)))
	b = binary.AppendVarint(b, int64(e.Line)-*lastLine)
	*lastLine = int64(e.Line)
	return b
}

// timeMode returns how t is kept, and the value kept.
func (s *eventStore) timeMode(t time.Time) (int, int64) {
	if t.IsZero() {
		return noDate, 0
	}
	sec := t.Unix()
	if time.Unix(sec, 0).UTC() != t {
		s.exact = append(s.exact, t)
		return exactDate, int64(len(s.exact) - 1)
	}
	if sec%86400 == 0 {
		return dayDate, sec / 86400
	}
	return secDate, sec
}

func appendTime(b []byte, mode int, v int64, lastDays *int64) []byte {
	switch mode {
	case dayDate:
		b = binary.AppendVarint(b, v-*lastDays)
		*lastDays = v
	case secDate, exactDate:
		b = binary.AppendVarint(b, v)
	}
	return b
}

// eventDecoder reads a segment's events.
type eventDecoder struct {
	s              *eventStore
	b              []byte
	days, lastLine int64
}

func (d *eventDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	d.b = d.b[n:]
	return v
}

func (d *eventDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	d.b = d.b[n:]
	return v
}

func (d *eventDecoder) time(mode int) time.Time {
	switch mode {
	case dayDate:
		d.days += d.varint()
		return time.Unix(d.days*86400, 0).UTC()
	case secDate:
		return time.Unix(d.varint(), 0).UTC()
	case exactDate:
		return d.s.exact[d.varint()]
	}
	return time.Time{}
}

// next decodes the next event (but its case number) and its sheet's names index.
func (d *eventDecoder) next() (ingest.Event, uint16) {
	kind, modes, mask := d.b[0], d.b[1], d.b[2]
	d.b = d.b[3:]
	var enums [6]int8
	for i := range enums {
		if mask&(1<<i) != 0 {
			enums[i] = int8(d.b[0])
			d.b = d.b[1:]
		}
	}
	e := ingest.Event{Kind: ingest.EventKind(kind), Reason: outcomes.EndReason(enums[0]), InSchool: outcomes.Answer(enums[1]),
		Retrafficked: outcomes.Retrafficking(enums[2]), Stage: outcomes.Stage(enums[3]), Disposition: outcomes.Disposition(enums[4]),
		Implemented: outcomes.Answer(enums[5])}
	for k := range e.LegalKeys {
		if mask&(1<<(6+k)) != 0 {
			e.LegalKeys[k] = binary.LittleEndian.Uint64(d.b)
			d.b = d.b[8:]
		}
	}
	for k := range e.LegalStations {
		if modes&(1<<(4+k)) != 0 {
			e.LegalStations[k] = binary.LittleEndian.Uint64(d.b)
			d.b = d.b[8:]
		}
	}
	e.Date = d.time(int(modes & 3))
	e.End = d.time(int(modes >> 2 & 3))
	names := d.s.names
	e.Type, e.Province = names[d.uvarint()], names[d.uvarint()]
	sheet := uint16(d.uvarint())
	e.Sheet = names[sheet]
	d.lastLine += d.varint()
	e.Line = int(d.lastLine)
	return e, sheet
}

// each calls fn with case ci's events in the order they were added, and each one's sheet.
func (s *part) each(ci int32, fn func(e *ingest.Event, sheet uint16)) {
	e := new(ingest.Event) // one for every event: fn must not keep it
	for sg := s.cases.at(ci).head; sg >= 0; {
		seg := s.segs.at(sg)
		d := eventDecoder{s: s.s, b: s.data[seg.chunk][seg.off:]}
		for range seg.n {
			var sheet uint16
			*e, sheet = d.next()
			fn(e, sheet)
		}
		sg = seg.next
	}
}

// readEvents reads every input whose mapping asks for events. It returns nil when none does.
func readEvents(ctx context.Context, inputs []Input, cfg *Config, now time.Time) (*eventStore, error) {
	var s *eventStore
	for idx, in := range inputs {
		name := ingest.RedactURL(in.Name)
		m := cfg.mapping(name)
		if m == nil || m.Events == "" {
			continue
		}
		if s == nil {
			s = newEventStore(now)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		open := in.Open
		if open == nil {
			open = func() (io.ReadCloser, error) { return ingest.Open(ctx, in.Name, m) }
		}
		f, err := open()
		if err != nil {
			return nil, relabel(&ingest.ParseError{File: name, Err: unwrapPath(err)}, name, inputLabel(in, idx))
		}
		h := sha256.New()
		r := ingest.NewEventReader(name, io.TeeReader(f, h))
		r.Mapping, r.Now = m, now
		ex := now
		if m.Extracted != "" {
			if ex, err = time.Parse("2006-01-02", m.Extracted); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: extracted: not a date (YYYY-MM-DD)", inputLabel(in, idx))
			}
		}
		ei := int32(len(s.inputs))
		s.extractedOf = append(s.extractedOf, ex)
		s.sourceOf = append(s.sourceOf, cmp.Or(m.Source, filepath.Base(name)))
		s.inputUsed = append(s.inputUsed, false)
		s.unknownN = append(s.unknownN, 0)
		s.dupN = append(s.dupN, 0)
		s.ambiguous = append(s.ambiguous, 0)
		s.reusedN = append(s.reusedN, 0)
		refused := map[int]bool{}
		src := m.Source
		if m.Events == ingest.EventsAlso {
			src = ownPart(idx)
		}
		bySheet := m.Events == ingest.EventsAlso && cfg.CaseIDScope == "sheet"
		p := s.parts[s.source(src)]
		p.open = -1                     // each input's events in segments of their own
		lastCase := int32(-1)           // a case's events come together: one lookup for them
		var last time.Time              // the latest date of the input's events, up to now
		var kinds [ingest.Legal + 1]int // events read, by kind (for tooManyRefused)
		var pend []pendingEvent         // the current row's events
		curRow := -1                    // the current row (rowKey)
		dupRows := map[int]bool{}       // rows whose every event repeats one of an earlier row
		for n := 0; ; n++ {
			if n%4096 == 4095 && ctx.Err() != nil {
				r.Close() // ends the reader's goroutines
				f.Close()
				return nil, ctx.Err()
			}
			e, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				f.Close()
				return nil, relabel(err, name, inputLabel(in, idx))
			}
			// Case numbers as de-duplication compares them: events under "1" are case 001's,
			// "af-001" AF-001's (ingest.FoldCaseID).
			// Under case_id_scope: sheet, a workbook's own events are its sheet's case's: the
			// sheets' numbers restart (linkage-merge3's Left: they failed the run as ambiguous).
			id := ingest.FoldCaseID(e.CaseID)
			if bySheet && e.Sheet != "" {
				id = e.Sheet + "\x00" + id
			}
			if lastCase < 0 || string(p.id(p.cases.at(lastCase))) != id {
				lastCase = p.caseOf(id, ei)
			}
			for _, t := range [2]time.Time{e.Date, e.End} {
				if t.After(last) && !t.After(now) {
					last = t
				}
			}
			kinds[e.Kind]++
			// A row's events are stored once the row is complete, each unless its case has it
			// already from another row (see flushRow).
			if row := rowKey(s.sheet(e.Sheet), e.Line); row != curRow {
				p.flushRow(pend, dupRows, curRow)
				pend, curRow = pend[:0], row
			}
			pend = append(pend, pendingEvent{lastCase, e})
		}
		p.flushRow(pend, dupRows, curRow)
		pend = pend[:0]
		if m.Extracted == "" && !last.IsZero() {
			// No export date: open stays are censored at the last date the export records,
			// which the export was made on or after, rather than at the day of the run, which
			// may be months later (a full centre would need "about 0" beds).
			s.extractedOf[ei] = last
			s.notices = append(s.notices, fmt.Sprintf("%s: no extracted: date in its config entry: its stays still open are counted up to %s, "+
				"the last date the export records, not up to the day of the run (stays, occupancy, beds needed and reintegration depend on this date): "+
				"give the day the export was made as extracted: YYYY-MM-DD in the entry", inputLabel(in, idx), last.Format("2006-01-02")))
		}
		io.Copy(io.Discard, f)
		f.Close()
		shown := inputLabel(in, idx)
		if n := r.Censored(); n > 0 {
			// attack-2026-12-01f finding 4: a planned discharge read as an exit.
			s.notices = append(s.notices, fmt.Sprintf("%s: %d %s after the day the export was made (extracted:, else the day of the run): "+
				"a planned end that had not happened, so the %s read as still open at the export (its end and end reason dropped)",
				shown, n, map[bool]string{true: "event ends", false: "events end"}[n == 1], map[bool]string{true: "stay is", false: "stays are"}[n == 1]))
		}
		if n := r.CalendarNotice(); n != "" {
			s.notices = append(s.notices, shown+": "+n) // placed in Ethiopia (ingest-exactness23)
		}
		for _, rej := range r.Rejected() {
			refused[rowKey(s.name(rej.Sheet), rej.Line)] = true
			rej.File = shown // the release names the input as the manifest does (a name could be a child's)
			s.rejected = append(s.rejected, rej)
		}
		s.refused = append(s.refused, refused)
		for row := range dupRows {
			if !refused[row] { // a refused row is quarantined, whatever else it repeats
				s.dupN[ei]++
			}
		}
		if err := tooManyRefused(shown, r.Rows(), len(refused), kinds, s.rejected[len(s.rejected)-len(r.Rejected()):], cfg.maxBadShare()); err != nil {
			return s, err
		}
		s.inputs = append(s.inputs, release.EventInput{Path: shown, SHA256: hex.EncodeToString(h.Sum(nil)),
			Layout: r.Layout(), Rows: r.Rows(), Blank: r.Blank(), Also: m.Events == ingest.EventsAlso})
		if r.Rows() == 0 && m.Events == ingest.EventsOnly {
			// A header and nothing under it (attack-2026-12-01e, lows): said, not passed over.
			s.notices = append(s.notices, fmt.Sprintf("%s: no row of events under its header: the export holds no event (check that it is the export meant)", shown))
		}
		for _, sk := range r.SkippedSheets() {
			in := &s.inputs[len(s.inputs)-1]
			in.SkippedSheets = append(in.SkippedSheets, release.SkippedSheet(sk))
		}
		if m.Events == ingest.EventsAlso {
			s.inline[idx] = true
		}
	}
	if s != nil {
		for _, p := range s.parts {
			p.compact()
		}
	}
	return s, nil
}

// compact stores each case's events in one run, the cases in the store's order, when an
// export gave some case's events in more than one run (an export of placements, then of
// visits; events sorted by date; a source's second export): patch then reads each case row's
// events from one place, and the cases of one export in the order they came in, instead of a
// walk over the whole store per case (issue-14-speed18 item 2: memory latency that grew with
// the store). The events, their order and their case indices are the same. An old chunk of
// events is let go once its last segment is copied, so that the two copies of the store
// are not held whole at once (t14's note, issue-14-speed22.md Left): when the runs are whole
// exports in the cases' order (placements, then visits), the walk frees the old chunks about
// as fast as it fills new ones.
func (p *part) compact() {
	if p.segs.n <= p.cases.n {
		return // one run a case already
	}
	oldSegs, oldData := p.segs, p.data
	left := make([]int32, len(oldData)) // per old chunk: its segments not yet copied
	for i := int32(0); i < oldSegs.n; i++ {
		left[oldSegs.at(i).chunk]++
	}
	p.segs, p.data, p.open = chunks[segment]{}, nil, -1
	var e ingest.Event
	for ci := int32(0); ci < p.cases.n; ci++ {
		ce := p.cases.at(ci)
		sg := ce.head
		ce.head, ce.tail = -1, -1
		for sg >= 0 {
			seg := oldSegs.at(sg)
			d := eventDecoder{s: p.s, b: oldData[seg.chunk][seg.off:]}
			for range seg.n {
				e, _ = d.next()
				p.add(ci, &e)
			}
			if left[seg.chunk]--; left[seg.chunk] == 0 {
				oldData[seg.chunk] = nil
			}
			sg = seg.next
		}
	}
	p.open = -1
}

// kindFigures names the figures each kind of event makes, for tooManyRefused's error.
var kindFigures = [...]string{ingest.Placement: "care, stays, exits, reintegration, occupancy",
	ingest.Service: "services", ingest.FollowUp: "follow-up, school, re-trafficking",
	ingest.Closure: "exits, reintegration", ingest.Legal: "justice"}

// tooManyRefused applies max_bad_share to an events export as to a case input: it fails the run
// when more than share of its rows were refused, or of the events of one kind (placements,
// follow-ups, ...): the tables that kind makes would rest on the rest while the export as a
// whole looks fine (46% of the placements refused for an exit's spelling were 7% of the rows,
// attack-2026-12-01 finding 8). Events whose case number no case export has are not counted
// here: they are known only once the cases are read, and finish states them.
// kinds counts the events read by kind, rej the export's refused events.
func tooManyRefused(name string, rows, refusedRows int, kinds [ingest.Legal + 1]int, rej []ingest.Rejection, share float64) error {
	// Planned events (dated after the export) are no bad rows: out of the share, as the rows
	// they are on when nothing else on them was refused.
	if slices.ContainsFunc(rej, planned) {
		bad := map[[2]string]bool{}
		for _, r := range rej {
			if !planned(r) {
				bad[[2]string{r.Sheet, strconv.Itoa(r.Line)}] = true
			}
		}
		only := map[[2]string]bool{}
		for _, r := range rej {
			if k := [2]string{r.Sheet, strconv.Itoa(r.Line)}; planned(r) && !bad[k] {
				only[k] = true
			}
		}
		rows, refusedRows = rows-len(only), refusedRows-len(only)
		rej = slices.DeleteFunc(slices.Clone(rej), planned)
	}
	if rows > 0 && float64(refusedRows) > share*float64(rows) {
		return fmt.Errorf("%w: %s: %d of %d rows of events (%.0f%%) refused, more than max_bad_share %g: "+
			"the outcome figures (care, stays, exits, reintegration, follow-up, justice) would rest on the rest: %s",
			ingest.ErrTooManyBad, name, refusedRows, rows, 100*float64(refusedRows)/float64(rows), share, topReasons(rej, 3))
	}
	var byKind [ingest.Legal + 1][]ingest.Rejection
	for _, r := range rej {
		k, _, ok := strings.Cut(r.Field, ".") // "placement.reason": an event whose kind was known
		if !ok {
			continue
		}
		for kind := ingest.Placement; kind <= ingest.Legal; kind++ {
			if kind.String() == k {
				byKind[kind] = append(byKind[kind], r)
			}
		}
	}
	for kind := ingest.Placement; kind <= ingest.Legal; kind++ {
		n := len(byKind[kind])
		if all := kinds[kind] + n; n > 0 && float64(n) > share*float64(all) {
			return fmt.Errorf("%w: %s: %d of its %d %s events (%.0f%%) refused, more than max_bad_share %g "+
				"(%d%% of all its rows): the %s figures would rest on the other %d: %s",
				ingest.ErrTooManyBad, name, n, all, kind, 100*float64(n)/float64(all), share,
				100*refusedRows/max(rows, 1), kindFigures[kind], all-n, topReasons(byKind[kind], 3))
		}
	}
	return nil
}

// planned reports whether r refused an event dated after its export was made.
func planned(r ingest.Rejection) bool { return r.Reason == ingest.ErrAfterExport.Error() }

// eventsOnly reports whether input idx is an events export, not read as cases.
func eventsOnly(cfg *Config, in Input) bool {
	m := cfg.mapping(ingest.RedactURL(in.Name))
	return m != nil && m.Events == ingest.EventsOnly
}

// ownPart is the part key of input idx's own events (events: also): a source's name never
// starts with a NUL, so a source named "3" is not input 3's own (linkage-merge5's Noticed).
func ownPart(idx int) string { return "\x00" + strconv.Itoa(idx) }

// lookup appends to out the cases of case id of source src read from input idx (named own:
// its own wide columns or subforms), or from an events export of that source or of none. The
// case number is compared as de-duplication compares it (ingest.FoldCaseID: 001 and 1, af-001
// and AF-001 are one case), as the events' are stored.
func (s *eventStore) lookup(out []caseRef, own, src, id string) []caseRef {
	id = ingest.FoldCaseID(id)
	for _, source := range [3]string{own, src, ""} {
		pi, ok := s.srcIdx[source]
		if !ok {
			continue
		}
		p := s.parts[pi]
		if p.released {
			if s.err == nil {
				s.err = errors.New("internal error: the events of a source were freed before its last case input")
			}
			continue
		}
		if ci, _ := p.find(id); ci >= 0 {
			out = append(out, caseRef{pi, ci})
		}
	}
	return out
}

// lookupSheet appends to out the case of case id of sheet sheet among input own's own
// events, stored by sheet under case_id_scope: sheet (readEvents).
func (s *eventStore) lookupSheet(out []caseRef, own, sheet, id string) []caseRef {
	pi, ok := s.srcIdx[own]
	if !ok || s.parts[pi].released {
		return out
	}
	if ci, _ := s.parts[pi].find(sheet + "\x00" + ingest.FoldCaseID(id)); ci >= 0 {
		out = append(out, caseRef{pi, ci})
	}
	return out
}

// keepOnly releases the parts whose source is not in needed: the sources the case inputs
// still to read can look up. Their events whose case no case row had are quarantined first.
func (s *eventStore) keepOnly(needed map[string]bool) {
	for _, p := range s.parts {
		if !p.released && !needed[p.src] {
			p.release()
		}
	}
}

// release lists the part's events whose case no case row had, and frees its events.
func (p *part) release() {
	s := p.s
	var unmatched []int32 // in the order of their case numbers
	for ci := int32(0); ci < p.cases.n; ci++ {
		ce := p.cases.at(ci)
		if !ce.matched {
			unmatched = append(unmatched, ci)
		}
		if ce.ambiguous || ce.reused {
			if p.amb == nil {
				p.amb = map[int32]bool{}
			}
			p.amb[ci] = true
			count, why := s.ambiguous, "the case number names cases of two numberings (two organisations, or two exports or sheets whose numbers restart): whose events they are cannot be told"
			if !ce.ambiguous {
				count, why = s.reusedN, "the case number names two people of one organisation (records of another gender or birth under it): whose events they are cannot be told"
			}
			last := -1
			p.each(ci, func(e *ingest.Event, sheet uint16) {
				if k := rowKey(sheet, e.Line); k != last && !s.refused[ce.input][k] {
					count[ce.input]++
					last = k
					p.unknown = append(p.unknown, ingest.Rejection{File: s.inputs[ce.input].Path, Sheet: e.Sheet, Line: e.Line, Field: schema.CaseID, Reason: why})
				}
			})
		}
	}
	slices.SortFunc(unmatched, func(a, b int32) int { return bytes.Compare(p.id(p.cases.at(a)), p.id(p.cases.at(b))) })
	unknown := map[[2]int]bool{} // (input, row)
	for _, ci := range unmatched {
		in := p.cases.at(ci).input
		p.each(ci, func(e *ingest.Event, sheet uint16) {
			row := rowKey(sheet, e.Line)
			if !unknown[[2]int{int(in), row}] && !s.refused[in][row] {
				unknown[[2]int{int(in), row}] = true
				s.unknownN[in]++
				p.unknown = append(p.unknown, ingest.Rejection{File: s.inputs[in].Path, Sheet: e.Sheet, Line: e.Line, Field: schema.CaseID,
					Reason: "the case number is in no case export (or its case was quarantined)"})
			}
		})
	}
	if s.keep { // the events, not the case numbers: linkage merges a person's records' (mergeLinked)
		*p = part{s: s, src: p.src, released: true, unknown: p.unknown, amb: p.amb, cases: p.cases, segs: p.segs, data: p.data}
		return
	}
	*p = part{s: s, src: p.src, released: true, unknown: p.unknown, amb: p.amb}
}

// ErrAmbiguousEvents: an events export's case numbers name more than one case.
var ErrAmbiguousEvents = errors.New("events under case numbers that name more than one case")

// check fails the run when the events of an export cannot be given to their cases for certain:
// some case number names cases of two numberings (attack-2026-12-01e finding 1: each event was
// given to both, doubling every outcome figure and placing people never placed), or none of its
// case numbers is a case's (attack-2026-12-01e finding 12: every outcome figure would be lost
// with a notice only; max_bad_share 1 turns this off, as it does every share of quarantined
// rows). It frees the events (finish then accounts for them).
//
// Events of an ambiguous case number are quarantined, and the outcome the first case row of
// that number was given from them is taken back (col), while the export's quarantined rows are
// within max_bad_share; beyond it the run fails (ErrAmbiguousEvents).
func (s *eventStore) check(caseIDScope string, share float64, col *anonymize.Collector) error {
	for _, p := range s.parts {
		if !p.released {
			p.release()
		}
	}
	s.takeBack(col)
	s.unrecordedFollowUp(col)
	for i := range s.inputs {
		in := &s.inputs[i]
		if n := s.ambiguous[i]; n > 0 {
			why, fix := "", ""
			switch {
			case s.acrossSources:
				why = "its entry names no source: and case exports of two sources use the same case numbers"
				fix = "give the events export, in its sources entry, the source: of the organisation whose cases it records (an export of each organisation's events under its own source:)"
			case caseIDScope == "sheet":
				why = "case numbers restart in each sheet (case_id_scope: sheet) and the events export does not say which sheet's case an event is"
				fix = "give each sheet's events with its cases (events: also: wide columns or subforms), or number the cases once across the sheets"
			default:
				why = "case numbers restart in each case export (case_id_scope: file) and the events export does not say which export's case an event is"
				fix = "give each export's events with its cases (events: also: wide columns or subforms), or number the cases once across the exports"
			}
			if bad := n + len(s.refused[i]) + s.unknownN[i]; float64(bad) > share*float64(in.Rows) {
				return fmt.Errorf("%w: %s: %d of its %d rows of events: %s; "+
					"each event would be given to every such case (people never placed counted as placed, every outcome figure doubled), "+
					"and which case it records cannot be told: %s", ErrAmbiguousEvents, in.Path, n, in.Rows, why, fix)
			}
			s.notices = append(s.notices, fmt.Sprintf("%s: %d of its %d rows of events are under case numbers that name more than one case: %s; "+
				"they are quarantined (listed in %s) and the cases of those numbers have no outcome from them: %s",
				in.Path, n, in.Rows, why, EventsQuarantineFile, fix))
		}
		if in.Also {
			continue
		}
		if read := in.Rows - len(s.refused[i]) - s.dupN[i]; read > 0 && s.unknownN[i] == read && share < 1 {
			return fmt.Errorf("%w: %s: none of its %d rows of events has the case number of a case read "+
				"(case numbers are compared within the entry's source: and as de-duplication compares them, 001 as 1, af-1 as AF-1): "+
				"every outcome figure (care, stays, exits, reintegration, follow-up, justice) would be lost; "+
				"is it the events export of these cases, under the source: of their entry?", ingest.ErrTooManyBad, in.Path, read)
		}
	}
	return nil
}

// reused marks the case whose events two case rows had, rs's Row and First: one numbering's
// two people under one number (de-duplication keeps them apart as other cases). Whose events
// they are cannot be told: takeBack takes them back from both, release quarantines them.
func (s *eventStore) reused(rs []ingest.Reuse) {
	at := func(row int32) []eventMatch { // matches are in row order
		i, _ := slices.BinarySearchFunc(s.matches, row, func(m eventMatch, r int32) int { return cmp.Compare(m.row, r) })
		j := i
		for j < len(s.matches) && s.matches[j].row == row {
			j++
		}
		return s.matches[i:j]
	}
	for _, r := range rs {
		for _, a := range at(r.Row) {
			for _, b := range at(r.First) {
				if a.part == b.part && a.ci == b.ci && !s.parts[a.part].released {
					s.parts[a.part].cases.at(a.ci).reused = true
				}
			}
		}
	}
}

// takeBack takes back the outcome and derived fields of the case rows given the events of a
// case that a later case row of another numbering proved ambiguous (patch gives its events to
// no later row): whose they are cannot be told, so no row keeps them. Their rows of events are
// quarantined (release), not used nor linked.
func (s *eventStore) takeBack(col *anonymize.Collector) {
	for i := range s.matches {
		mt := &s.matches[i]
		p := s.parts[mt.part]
		if !p.ambiguousCase(mt.ci) {
			continue
		}
		mt.rows = 0
		delete(s.flags, mt.row)
		delete(s.badRows, mt.row)
		if col == nil {
			continue
		}
		col.SetOutcome(int(mt.row), anonymize.CaseOutcome{})
		for _, f := range derivedColumns {
			col.Clear(int(mt.row), f)
		}
	}
}

// finish accounts for every event row: used (its case was found), or quarantined (a refused
// value, or a case number no case export has), and says so in the manifest.
func (s *eventStore) finish(m *release.Manifest) {
	parts := slices.Clone(s.parts) // the quarantine in the order of the keys (source, case number)
	slices.SortFunc(parts, func(a, b *part) int { return strings.Compare(a.src, b.src) })
	for _, p := range parts {
		if !p.released {
			p.release()
		}
		s.rejected = append(s.rejected, p.unknown...)
	}
	for i := range s.inputs {
		in := &s.inputs[i]
		in.Quarantined = len(s.refused[i]) + s.unknownN[i] + s.ambiguous[i] + s.reusedN[i]
		in.Duplicates = s.dupN[i]
		in.Used = in.Rows - in.Quarantined - in.Duplicates
		if in.Also {
			in.Used, in.Quarantined = 0, 0
			in.RefusedEvents = len(s.refused[i]) + s.unknownN[i] + s.ambiguous[i] + s.reusedN[i]
		}
		if n := s.reusedN[i]; n > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%s: %d of its %d rows of events are under case numbers that name two people of one organisation "+
				"(records of another gender or birth kept apart under the number): they are quarantined (listed in %s) and those people have no outcome from them; "+
				"give each person a number of their own (or set case_id_scope when numbers restart in each export or sheet)", in.Path, n, in.Rows, EventsQuarantineFile))
		}
		if n := in.Duplicates; n > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%s: %d of %d rows of events repeat events already read (the same case, kind, dates and values, "+
				"in this export or an earlier one, or in the case export's own event columns: a row given twice, the export saved again, exports that overlap): each event is counted once",
				in.Path, n, in.Rows))
		}
		if n := in.Quarantined + in.RefusedEvents; n > 0 {
			var rej []ingest.Rejection
			for _, r := range s.rejected {
				if r.File == in.Path {
					rej = append(rej, r)
				}
			}
			m.Notices = append(m.Notices, fmt.Sprintf("%s: %d of %d rows of events (%.0f%%) quarantined (listed in %s): "+
				"the outcome figures (care, stays, exits, reintegration, follow-up, justice) leave them out and are affected: %s",
				in.Path, n, in.Rows, 100*float64(n)/float64(max(in.Rows, 1)), EventsQuarantineFile, topReasons(rej, 3)))
		}
		for _, sk := range in.SkippedSheets {
			m.Notices = append(m.Notices, fmt.Sprintf("%s: sheet %q of events skipped: %s; its %d non-blank rows (header included) were not read", in.Path, sk.Sheet, sk.Reason, sk.Rows))
		}
	}
	m.Events = s.inputs
	m.Notices = append(m.Notices, s.notices...)
	// Every event is now accounted for (its case's outcome is in the Collector, or its line is
	// quarantined): the store is freed before anonymizing, which needs the memory (latest and
	// the quarantine only need what is kept); with a linkage key, once linkage merged a
	// person's records' events (free).
	if !s.keep {
		s.free()
	}
}

// bad notes that the events of case row row do not fit together (err: why, never a value).
func (s *eventStore) bad(row int32, err error) {
	why := "inconsistent events"
	var ie *outcomes.InputError
	if errors.As(err, &ie) {
		why = ie.Reason
	}
	i := slices.Index(s.badReasons, why)
	if i < 0 {
		i = len(s.badReasons)
		s.badReasons = append(s.badReasons, why)
	}
	if s.badRows == nil {
		s.badRows = map[int32]uint16{}
	}
	s.badRows[row] = uint16(min(i, math.MaxUint16))
}

// badNotices says, by reason, how many people have events that do not fit together and so no
// outcome: counted over the case rows kept after de-duplication and linkage (dropped), as
// caseNotices, not over the records read (linkage-merge7's Left: a case exported twice, or a
// linked person's two records, counted twice); a linked person whose records' events, summarised
// together, fit (mergeLinked) is not counted.
func (s *eventStore) badNotices(m *release.Manifest, dropped func(row int) bool) {
	n := make([]int, len(s.badReasons))
	for row, r := range s.badRows {
		if !dropped(int(row)) {
			n[r]++
		}
	}
	order := make([]int, len(n))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(s.badReasons[a], s.badReasons[b]) })
	for _, r := range order {
		if n[r] > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%d %s events that do not fit together (%s): they have no outcome after identification",
				n[r], agree(n[r], "person has", "people have"), s.badReasons[r]))
		}
	}
	s.badRows, s.badReasons = nil, nil
}

// caseNotices says how many people have placements that overlap, came back into care, or have
// legal rows of one legal case or stages without a number: counted over the case rows with
// events that are kept after de-duplication and linkage (dropped: a case exported twice, a
// linked person's other records, whose events mergeLinked counted under the kept record's),
// not over the records read (linkage-merge6's Left: a linked person's two records both counted).
func (s *eventStore) caseNotices(m *release.Manifest, dropped func(row int) bool) {
	s.overlaps, s.returns, s.readmitted, s.legalMerged, s.legalMergedCases, s.legalHistory, s.legalKinds, s.legalStation, s.legalStations, s.handed, s.laterRetrafficked = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	for row, f := range s.flags {
		if dropped(int(row)) {
			continue
		}
		if f.overlap {
			s.overlaps++
		}
		if f.legalMerged > 0 {
			s.legalMerged += int(f.legalMerged)
			s.legalMergedCases++
		}
		if f.legalHistory {
			s.legalHistory++
		}
		if f.legalKinds {
			s.legalKinds++
		}
		if f.legalStation {
			s.legalStation++
		}
		if f.legalStations {
			s.legalStations++
		}
		if f.handed {
			s.handed++
		}
		if f.returned {
			s.returns++
			if f.readmitted {
				s.readmitted++
			}
			if f.laterRetrafficked {
				s.laterRetrafficked++
			}
		}
	}
	s.flags = nil
	if s.overlaps > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have residential placements that overlap (in two beds at once, or placed again while a placement is open): "+
			"each night is counted once in occupancy, and overlapping placements in one province as one admission and one stay; "+
			"the events exports may hold a placement twice with different dates (a corrected end date) or a missing end date", s.overlaps))
	}
	if s.legalMerged > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d legal case row(s) of %d case record(s) share a police report (FIR) or court case number with another row of the same case "+
			"(a row per stage, or per accused): each legal case is counted once, at its furthest stage, with its latest row's disposition (convicted when any row is)",
			s.legalMerged, s.legalMergedCases))
	}
	if s.legalHistory > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have several legal case rows without a police report (FIR) or court case number whose stages rise with their dates "+
			"(a complaint, then an arrest, then a trial): each row is counted as a legal case of its own; if the export logs a row per stage of one case, "+
			"give the rows their police report or court case number (police_report_number, fir_number or court_case_number), and they are read as one case at its furthest stage",
			s.legalHistory))
	}
	if s.legalKinds > 0 {
		// attack-2026-12-02c finding 4: a trial row with only the court's number beside earlier
		// rows with only the FIR is a case of its own, as nothing ties the two numbers.
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have a legal case whose rows carry only a police report (FIR) number and another whose rows carry only a court case number, "+
			"with stages that rise with their dates (a complaint and charge sheet under the FIR, then a trial under the court's number): nothing ties the two numbers, so each is counted as a legal case of its own; "+
			"if they are one case's stages, give one row both numbers (police_report_number or fir_number, and court_case_number: the court's number on the charge sheet's row, or the FIR on the trial's), "+
			"and its rows are read as one case at its furthest stage",
			s.legalKinds))
	}
	if s.handed > 0 {
		// attack-2026-12-03b, lows: a transit shelter closing its record 5 days after the
		// home's admission moved the home's nights without a word.
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have a residential placement dated before an earlier placement of the child ended (not at home): "+
			"its nights are counted from that end, when the child left the earlier placement (a referral's row written before the exit), not from its own date; "+
			"if the child was admitted on the placement's own date, the earlier placement's end date is late: check which of the two organisations' dates is right",
			s.handed))
	}
	if s.legalStation > 0 {
		// A number at two stations is two police reports; a row of it naming neither may be
		// either's (outcomes.StationUnknown), so it is counted apart: say so.
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have a legal case row naming no police station whose police report (FIR) or court case number other rows of the case give at two stations: "+
			"the same number at two stations is two reports, so the row is counted as a legal case of its own, as it may be either's; "+
			"if it is one of them, write its station with the number (as the other rows do), and it is read as that case's stage",
			s.legalStation))
	}
	if s.legalStations > 0 {
		// attack-2026-12-03c, lows: one child's complaint under "Burtolla PS FIR N/2023" and
		// charge sheet under "Bowbazar PS FIR N/2023" are two legal cases by the stations'
		// rule, and halved the funnel's later stages without a word.
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have legal case rows giving one police report (FIR) or court case number at two police stations: "+
			"FIR numbers run per station and year, so each station's rows are counted as a legal case of their own, at their own furthest stage; "+
			"if the station is written two ways, or a stage was filed at another station (a charge sheet at the court's), write one station's name on every row of the case, "+
			"and its rows are read as one case at its furthest stage",
			s.legalStations))
	}
	if s.returns > 0 {
		// attack-2026-12-02a finding 3: a return to care was read as the same stay.
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) came back into care after a spell in care ended (a placement starting after a night out of care: "+
			"rescued again, found after absconding, readmitted): the stay, its exit and the time to reintegration describe the first spell, the months between spells "+
			"are not counted as time in care, and re-trafficking counts from the first reintegration; %d of them came back after reintegration with family "+
			"with no re-trafficking confirmed before their return: the re-trafficking table counts them as not re-trafficked up to their return (why they came back is not recorded), "+
			"the re-trafficking-or-return table as an event (re-trafficked or back in care: every return counted as a re-trafficking, the upper bound beside re-trafficking's lower one) "+
			"when their organisation's events hold follow-up visits",
			s.returns, s.readmitted))
	}
	if s.laterRetrafficked > 0 {
		// One observation per person (docs/outcomes.md, outc session y): a re-trafficking
		// after a second reintegration is the composite's event at the return, not the
		// confirmed curve's; how many so the organisation knows what the lower bound misses.
		m.Notices = append(m.Notices, fmt.Sprintf("%d case record(s) have a re-trafficking confirmed at a visit home after a return to care and a later reintegration: "+
			"each person is followed from their first reintegration only, so the re-trafficking table counts them as not re-trafficked up to their return, "+
			"and the re-trafficking-or-return table counts the return as the event (earlier than the re-trafficking itself)",
			s.laterRetrafficked))
	}
}

// free lets the stored events go.
func (s *eventStore) free() {
	s.parts, s.srcIdx, s.names, s.nameIdx, s.exact, s.refused = nil, nil, nil, nil, nil, nil
	s.routes, s.routeIdx, s.noFollowUp, s.routeRows, s.routeOf = nil, nil, nil, nil, nil
}

// ownRoute returns the referral route (index + 1 in routes, 0 none) of case row, whose
// matches are km: a match's (events taken back keep their row's route), else the one patch
// kept for a row without events (linkage-merge7's Left: a kept record without events of its
// own had no route in the outcome tables, though its microdata gives one).
func (s *eventStore) ownRoute(row int32, km []eventMatch) uint32 {
	if len(km) > 0 {
		return km[0].route
	}
	if i, ok := slices.BinarySearch(s.routeRows, row); ok {
		return s.routeOf[i]
	}
	return 0
}

// copyNotices says how many people have an open placement that a closed placement of their
// own record closes (closeCopy within one record): counted over the case rows kept (dropped).
func (s *eventStore) copyNotices(m *release.Manifest, dropped func(row int) bool) {
	slices.Sort(s.selfCopies)
	rows := slices.Compact(s.selfCopies)
	n := 0
	for _, r := range rows {
		if !dropped(int(r)) {
			n++
		}
	}
	s.selfCopies = nil
	if n > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d %s an open placement (no end date) that starts within %d days of a placement their own organisation's record closed, "+
			"in the same province or with one of the two rows naming none (an admission's row left open when the stay was closed in another row): it is read as that placement, starting at the earlier of the two rows' dates and ending when and how the closed row records "+
			"(unless that placement ended in a transfer: the open one may be where the child went)",
			n, agree(n, "person has", "people have"), copyDays))
	}
}

// derivedColumns are the columns patch fills.
var derivedColumns = [...]string{schema.PlacementProvince, schema.PlacementType, schema.LengthOfStayBand, schema.CareExit,
	schema.ReintegratedBy12m, schema.RetraffickedWithin24m, schema.FollowedUp6m, schema.FollowedUp12m,
	schema.InSchoolAtLast, schema.LegalStage, schema.LegalDisposition}

// The derived columns' indexes in derivedColumns.
const (
	dPlacementProvince = iota
	dPlacementType
	dLengthOfStayBand
	dCareExit
	dReintegratedBy12m
	dRetraffickedWithin24m
	dFollowedUp6m
	dFollowedUp12m
	dInSchoolAtLast
	dLegalStage
	dLegalDisposition
)

// caseDerived is one case's derived fields, by index in derivedColumns: strings ("" null)
// and booleans (0 null, 1 false, 2 true).
type caseDerived struct {
	strs  [len(derivedColumns)]string
	bools [len(derivedColumns)]int8
}

var exitLabels = []string{"open", "reintegrated", "transferred", "absconded", "other"}

// summarise turns a case's events into its derived fields and its outcome for the tables.
// ok is false when the events say nothing of care, follow-up or justice; an error names what
// is inconsistent (never a value).
// identified is the case's identification date (zero: unknown), the clock of the time to
// reintegration.
func summarise(evs []ingest.Event, extracted, identified time.Time) (caseDerived, anonymize.CaseOutcome, error) {
	var sc summariser
	return sc.summarise(evs, extracted, identified)
}

// summariser holds summarise's slices for the next case: patch summarises every case with
// events on the collecting goroutine, and Collector.SetOutcome copies what it keeps, so the
// slices of one case are free once its outcome is set.
type summariser struct {
	places, legal []ingest.Event
	followUps     []outcomes.FollowUp
	services      []anonymize.ServiceUse
	stays         []outcomes.Stay
	provinces     []string
	legalCases    []outcomes.LegalCase
	legalYears    []int
	spells        []spell
	later         []outcomes.Spell
	legalRows     []outcomes.LegalRow
	merged        []outcomes.MergedCase
	// legalMerged counts the last case's legal rows read into another row's legal case, and
	// legalHistory says which of its legal cases look like one case's stages, left apart
	// (outcomes.MergeLegal).
	legalMerged  int
	legalHistory outcomes.History
	// overlapped says whether the last case summarised had residential placements that
	// overlap (addStay).
	overlapped bool
	// handed says whether a placement of the last case summarised had its start moved to an
	// earlier placement's end (handedOver).
	handed bool
}

// spell is a spell in care (summarise): its admission, its end and why (zero and StillOpen
// while open), and its last placement (index in the sorted placements).
type spell struct {
	adm, left time.Time
	reason    outcomes.EndReason
	open      bool
	last      int
}

// addStay appends st, a residential placement in province prov starting no earlier than
// the stays before it, to stays (and provs), or merges it into the last stay of that province
// when it starts before that stay ends or on its last day: a transfer between two homes of a
// province is one admission and one stay there, as the case's stay is one (attack-2026-12-01f
// finding 5: counted as two admissions beside the merged stay's length, it doubled the beds
// needed), and a child is in one bed a night (overlapping placements, two beds at once, set
// overlapped: the nights are counted once).
func (s *summariser) addStay(stays []outcomes.Stay, provs []string, st outcomes.Stay, prov string) ([]outcomes.Stay, []string) {
	for i := len(stays) - 1; i >= 0; i-- {
		last := &stays[i]
		if last.End.IsZero() || st.Start.Before(last.End) {
			s.overlapped = true // two beds at once (in this province or another)
		}
		if provs[i] != prov {
			continue
		}
		if !last.End.IsZero() && st.Start.After(last.End) {
			break // a later admission to the province
		}
		if last.End.IsZero() || st.End.IsZero() {
			last.End = time.Time{}
		} else if st.End.After(last.End) {
			last.End = st.End
		}
		return stays, provs
	}
	return append(stays, st), append(provs, prov)
}

// handedOver returns when a placement from start to end (zero: open) began to hold the child a
// night: start, or the latest end of an earlier placement (prev) that ended after start, before
// end, other than at home (handsOver). A placement's end is when the child left it: a transfer,
// or a referral the register records as "other", "absconded" or without a reason, the next
// home's row written at the referral, before the exit (a transit shelter's referral row, read
// as the home's stay and starting at the referral's date: closeCopy). Counted from its own date, the child would be in
// two beds for those nights, counted twice in occupancy and noticed as placements that
// overlap. An earlier placement still open, or ending after the later one ends, is two beds at
// once indeed: left to addStay's notice.
func handedOver(prev []ingest.Event, start, end time.Time) time.Time {
	for i := range prev {
		q := &prev[i]
		if !q.End.IsZero() && handsOver(q.Reason) && q.End.After(start) && (end.IsZero() || q.End.Before(end)) {
			start = q.End
		}
	}
	return start
}

// handsOver says whether a placement that ended for reason r may have been followed by a
// placement its register wrote before the exit: not one that ended with the child at home, in
// the country of origin or dead (a placement dated before such an end is two beds at once, or
// the placement twice with a corrected end: noticed, TestEventsGivenTwice).
func handsOver(r outcomes.EndReason) bool {
	return outcomes.ExitCause(r) != outcomes.ExitReintegrated && r != outcomes.Died
}

// summarise is summarise with s's slices; the outcome's slices are valid until the next call.
func (s *summariser) summarise(evs []ingest.Event, extracted, identified time.Time) (caseDerived, anonymize.CaseOutcome, error) {
	var d caseDerived
	s.overlapped, s.handed = false, false
	co := anonymize.CaseOutcome{Services: s.services[:0], Stays: s.stays[:0], StayProvinces: s.provinces[:0],
		Legal: s.legalCases[:0], LegalYear: s.legalYears[:0]}
	places := s.places[:0]
	care := outcomes.Care{FollowUps: s.followUps[:0]}
	var closure *ingest.Event
	legal := s.legal[:0]
	defer func() {
		s.places, s.legal, s.followUps = places, legal, care.FollowUps
		s.services, s.stays, s.provinces, s.legalCases, s.legalYears = co.Services, co.Stays, co.StayProvinces, co.Legal, co.LegalYear
	}()
	for i := range evs {
		e := &evs[i]
		switch e.Kind {
		case ingest.Placement:
			places = append(places, *e)
		case ingest.FollowUp:
			care.FollowUps = append(care.FollowUps, outcomes.FollowUp{Date: e.Date, InSchool: e.InSchool, Retrafficked: e.Retrafficked})
		case ingest.Closure:
			if closure == nil || e.Date.After(closure.Date) {
				closure = e
			}
		case ingest.Legal:
			legal = append(legal, *e)
		case ingest.Service:
			if e.Type != "" {
				co.Services = append(co.Services, anonymize.ServiceUse{Type: e.Type, Implemented: e.Implemented})
			}
		}
	}
	if len(places) > 0 {
		slices.SortStableFunc(places, func(a, b ingest.Event) int { return a.Date.Compare(b.Date) })
		// Spells in care: placements that follow one another without a night out of care (or
		// after a transfer to another placement) are one spell; a placement that starts after
		// the spell ended (the child went home, absconded, ...) is a return to care, a spell
		// of its own: the months between are no time in care, and a re-trafficking found at
		// home before the return is counted (attack-2026-12-02a finding 3).
		spells := s.spells[:0]
		for i, p := range places {
			if p.Type == "" || p.Type == "residential_care" {
				st := outcomes.Stay{Start: handedOver(places[:i], p.Date, p.End), End: p.End}
				s.handed = s.handed || !st.Start.Equal(p.Date)
				co.Stays, co.StayProvinces = s.addStay(co.Stays, co.StayProvinces, st, p.Province)
			}
			if n := len(spells); n > 0 {
				if cur := &spells[n-1]; cur.open || !p.Date.After(cur.left) || outcomes.ExitCause(cur.reason) == outcomes.ExitTransferred {
					switch {
					case cur.open:
					case p.End.IsZero():
						cur.open, cur.left, cur.reason = true, time.Time{}, outcomes.StillOpen
					case !p.End.Before(cur.left):
						cur.left, cur.reason = p.End, p.Reason
					}
					cur.last = i
					continue
				}
			}
			sp := spell{adm: p.Date, left: p.End, reason: p.Reason, open: p.End.IsZero(), last: i}
			if sp.open {
				sp.reason = outcomes.StillOpen // an end reason without an end: still placed, as ever
			}
			spells = append(spells, sp)
		}
		s.spells = spells
		// The closure closes the spell it is dated in (the last one when undated); a spell
		// that ended without a recorded reason takes the closure's, else "other".
		k := -1
		if closure != nil && !closure.Date.IsZero() {
			for i := range spells {
				if !closure.Date.Before(spells[i].adm) {
					k = i
				}
			}
		}
		for i := range spells {
			sp, lastSpell := &spells[i], i == len(spells)-1
			mine := closure != nil && (i == k || lastSpell && k < 0)
			switch {
			case sp.open && lastSpell && closure != nil && k == i:
				sp.open, sp.left, sp.reason = false, closure.Date, closure.Reason
			case !sp.open && sp.reason == outcomes.StillOpen:
				sp.reason = outcomes.OtherEnd // ended, why not recorded
				if mine && closure.Reason != outcomes.StillOpen {
					sp.reason = closure.Reason
				}
			}
		}
		first := spells[0]
		care.Admitted, care.Left, care.Reason = first.adm, first.left, first.reason
		care.Extracted, care.Identified = extracted, identified
		care.Later = s.later[:0]
		for _, sp := range spells[1:] {
			care.Later = append(care.Later, outcomes.Spell{Admitted: sp.adm, Left: sp.left, Reason: sp.reason})
		}
		s.later = care.Later
		last := places[first.last] // the first spell's last placement: the stay the tables describe
		if care.Extracted.Before(care.Admitted) {
			care.Extracted = care.Admitted
		}
		o, err := outcomes.Derive(care)
		if err != nil {
			return d, co, err
		}
		co.Care, co.Outcome, co.Province, co.Admitted = true, o, last.Province, care.Admitted
		d.strs[dPlacementProvince], d.strs[dPlacementType] = last.Province, last.Type
		if b, ok := outcomes.BandOfMonths(o.StayMonths); ok {
			d.strs[dLengthOfStayBand] = b.String()
		}
		d.strs[dCareExit] = exitLabels[o.ExitStatus]
		set := func(f int, v bool) {
			d.bools[f] = 1
			if v {
				d.bools[f] = 2
			}
		}
		// Reintegrated within 12 months of identification: unknown (null) without an
		// identification date, or while the spell is open and younger than 12 months.
		switch {
		case !o.HasIdentification:
		case o.ExitStatus == outcomes.ExitReintegrated && o.FromIdentification <= 12: // the first spell's exit, as the reintegration table's
			set(dReintegratedBy12m, true)
		case o.ExitStatus != 0 || o.FromIdentification >= 12:
			set(dReintegratedBy12m, false)
		}
		if o.Reintegrated {
			switch {
			case o.Retrafficked && o.FollowedMonths <= 24:
				set(dRetraffickedWithin24m, true)
			case o.FollowedMonths >= 24:
				set(dRetraffickedWithin24m, false)
			}
			// Follow-up counts from the first reintegration, with the visits at home (not
			// those of a later spell in care).
			home, _ := care.Home()
			since := outcomes.Months(home, extracted)
			co.Since, co.LastVisit = since, -1
			for _, v := range care.FollowUps {
				if m := outcomes.Months(home, v.Date); care.AtHome(v.Date) && m > co.LastVisit {
					co.LastVisit = m
				}
			}
			for _, c := range []struct {
				f int
				m float64
			}{{dFollowedUp6m, 6}, {dFollowedUp12m, 12}} {
				if since < c.m {
					continue
				}
				seen := false
				for _, v := range care.FollowUps {
					if care.AtHome(v.Date) && outcomes.Months(home, v.Date) >= c.m {
						seen = true
					}
				}
				set(c.f, seen)
			}
			switch o.InSchoolAtLast {
			case outcomes.Yes:
				set(dInSchoolAtLast, true)
			case outcomes.No:
				set(dInSchoolAtLast, false)
			}
		}
	}
	s.legalMerged, s.legalHistory = 0, 0
	if len(legal) > 0 {
		// Rows of one legal case (the same police report or court case number: a row per stage,
		// or per accused) are one case at its furthest stage (attack-2026-12-02a finding 5:
		// a case at trial logged at each stage counted as three cases, two of which never
		// reached trial).
		rows := s.legalRows[:0]
		for _, l := range legal {
			rows = append(rows, outcomes.LegalRow{Date: l.Date, Stage: l.Stage, Disposition: l.Disposition, Keys: l.LegalKeys, Stations: l.LegalStations})
		}
		var cases []outcomes.MergedCase
		cases, s.legalMerged, s.legalHistory = outcomes.MergeLegal(s.merged[:0], rows)
		s.legalRows, s.merged = rows, cases
		best := cases[0].LegalCase
		for _, c := range cases {
			co.Legal = append(co.Legal, c.LegalCase)
			co.LegalYear = append(co.LegalYear, c.Registered.Year())
			if c.Stage > best.Stage {
				best = c.LegalCase
			}
		}
		d.strs[dLegalStage] = strings.ReplaceAll(best.Stage.String(), " ", "_")
		d.strs[dLegalDisposition] = best.Disposition.String()
	}
	return d, co, nil
}

// claim returns the index (+1) of the numbering of case rows of source src under
// de-duplication scope scope (case_id_scope's file or sheet, "" none): case numbers name one
// case within it.
func (s *eventStore) claim(src, scope string) int32 {
	if l := &s.lastClaim; l.k != 0 && l.src == src && l.scope == scope {
		return l.k
	}
	key := src + "\x00" + scope
	k, ok := s.claims[key]
	if !ok {
		k = int32(len(s.claims) + 1)
		s.claims[key] = k
		s.claimSrc = append(s.claimSrc, strings.Clone(src)) // src may be the batch's bytes
	}
	// claimSrc's copy, not src: the batch's bytes are another batch's once it is released,
	// and a lastClaim.src that came to read as the next source would give it this numbering.
	s.lastClaim.src, s.lastClaim.scope, s.lastClaim.k = s.claimSrc[k-1], scope, k
	return k
}

// patch returns rec with the derived columns of its cases filled from their events, and sets
// their outcomes in col (rows from base). It returns rec itself, retained, when no row has
// events. The rows whose events are inconsistent are noted with the reason (badRows), never
// shown. scope is the
// records' de-duplication scope: a case number names one case within its source and scope,
// and events found by case rows of two numberings are whose? (ambiguous, see check).
//
// sheet is the records' sheet under case_id_scope: sheet ("" otherwise): the input's own
// events (events: also) are looked up by sheet and case number.
func (s *eventStore) patch(rec arrow.RecordBatch, idx, base int, col *anonymize.Collector, scope, sheet string) arrow.RecordBatch {
	n := int(rec.NumRows())
	ids, _ := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	srcs, _ := rec.Column(schema.Index(schema.Source)).(*array.String)
	routes, _ := rec.Column(schema.Index(schema.ReferralRoute)).(*array.String)
	// Identification: identified_date, or else the registration date (the day the organisation
	// took the case in, which for these exports is when the person was identified).
	idDates, _ := rec.Column(schema.Index(schema.IdentifiedDate)).(*array.Date32)
	regDates, _ := rec.Column(schema.Index(schema.RegistrationDate)).(*array.Date32)
	identifiedAt := func(i int) time.Time {
		for _, a := range []*array.Date32{idDates, regDates} {
			if a != nil && a.IsValid(i) {
				return a.Value(i).ToTime()
			}
		}
		return time.Time{}
	}
	rows := make([]caseDerived, n)
	has := make([]bool, n)
	any := false
	own := ownPart(idx)
	var found []caseRef
	var evs []ingest.Event
	var gave rowsGave // the rows read for this case row, and what each gave (owner: per event of evs)
	var owner []int32
	var sum summariser
	// ownRoute keeps the route of row i, without events of its own: linkage may keep its record
	// for a person whose other records have some (mergeLinked), whose outcome then goes by it.
	ownRoute := func(i int) {
		if s.keep && routes != nil && routes.IsValid(i) && routes.Value(i) != "" {
			s.routeRows = append(s.routeRows, int32(base+i))
			s.routeOf = append(s.routeOf, s.route(routes.Value(i)))
		}
	}
	for i := 0; i < n; i++ {
		if ids == nil || ids.IsNull(i) {
			ownRoute(i)
			continue
		}
		src := ""
		if srcs != nil && srcs.IsValid(i) {
			src = srcs.Value(i)
		}
		found = s.lookup(found[:0], own, src, ids.Value(i))
		if sheet != "" {
			found = s.lookupSheet(found, own, sheet, ids.Value(i))
		}
		if len(found) == 0 {
			ownRoute(i)
			continue
		}
		evs, gave, owner = evs[:0], gave[:0], owner[:0]
		ex := s.extracted
		k := s.claim(src, scope)
		selfCopy := false
		idDay, route := int32(noDay), uint32(0)
		if t := identifiedAt(i); !t.IsZero() {
			idDay = int32(t.Unix() / 86400)
		}
		if s.keep && routes != nil && routes.IsValid(i) {
			route = s.route(routes.Value(i))
		}
		j := 0
		for _, cr := range found {
			p := s.parts[cr.part]
			ce := p.cases.at(cr.ci)
			ce.matched = true
			switch {
			case ce.claim == 0:
				ce.claim = k
			case ce.claim != k && !ce.ambiguous:
				// Another numbering's case has this number too (two files under case_id_scope:
				// file, two organisations for an events export without source:): the events
				// are given to neither from now on, and check refuses the run.
				ce.ambiguous = true
				if s.claimSrc[ce.claim-1] != src {
					s.acrossSources = true
				}
			}
			if ce.ambiguous {
				continue
			}
			// An event this part gives that an earlier part of the case gave already (its
			// own wide columns or subforms, then its source's events export, then one without
			// source:) is the same event: counted once, and a row of only such events is a
			// duplicate (linkage-merge4's Left: a placement in both was two admissions).
			mi := int32(len(s.matches)) // this part's match, appended below
			rows, cur, g := int32(0), -1, int32(-1)
			earlier, in := len(evs), ce.input
			endRow := func() {
				if g < 0 {
					return
				}
				r := &gave[g]
				r.ended = true
				switch {
				case s.refused[in][cur]:
				case r.n > 0:
					rows++
				default:
					s.crossDup(in, cur)
				}
			}
			p.each(cr.ci, func(e *ingest.Event, sheet uint16) {
				if k := rowKey(sheet, e.Line); k != cur { // a row's events come together
					endRow()
					cur = k
					gave = append(gave, rowGave{match: mi, in: in, row: k})
					g = int32(len(gave) - 1)
				}
				if earlier > 0 && mergeInto(evs[:earlier], e) {
					return
				}
				if i, merged, decides, replaced := closeCopyAt(evs, e); merged {
					selfCopy = true
					if decides {
						gave[g].n++
					}
					if r := gave.replaced(owner, i, g, replaced); r != nil && !s.refused[r.in][r.row] {
						// An open row read before the closed row of its stay gives nothing, as
						// one read after it: a duplicate (when it gave no other event).
						s.crossDup(r.in, r.row)
						if r.match == mi {
							rows--
						} else {
							s.matches[r.match].rows--
						}
					}
					return
				}
				evs = append(evs, *e)
				owner = append(owner, g)
				gave[g].n++
			})
			endRow()
			s.matches = append(s.matches, eventMatch{row: int32(base + i), in: ce.input, rows: rows, ci: cr.ci, part: cr.part, idDay: idDay, route: route})
			if cx := s.extractedOf[ce.input]; j == 0 || cx.After(ex) {
				ex = cx
			}
			j++
		}
		if j == 0 {
			ownRoute(i) // its events are none's
			continue
		}
		if selfCopy {
			s.selfCopies = append(s.selfCopies, int32(base+i))
		}
		d, co, err := sum.summarise(evs, ex, identifiedAt(i))
		if err != nil {
			s.bad(int32(base+i), err)
			continue
		}
		if routes != nil && routes.IsValid(i) {
			co.Route = routes.Value(i) // copied by SetOutcome
		}
		if f, ok := flagsOf(&sum, &co); ok {
			if s.flags == nil {
				s.flags = map[int32]rowFlags{}
			}
			s.flags[int32(base+i)] = f
		}
		col.SetOutcome(base+i, co)
		s.coverage(src, base+i, evs, co.Outcome.Reintegrated)
		s.noteFirst(src, evs)
		s.noteStays(src, co.Stays, co.StayProvinces, ex)
		rows[i], has[i], any = d, true, true
	}
	if !any {
		rec.Retain()
		return rec
	}
	cols := make([]arrow.Array, rec.NumCols())
	for c := range cols {
		cols[c] = rec.Column(c)
	}
	var made []arrow.Array
	for fi, f := range derivedColumns {
		fd, _ := schema.Lookup(f)
		var a arrow.Array
		if fd.Type == arrow.FixedWidthTypes.Boolean {
			b := array.NewBooleanBuilder(memory.DefaultAllocator)
			b.Reserve(n)
			for i := range rows {
				if r := &rows[i]; !has[i] || r.bools[fi] == 0 {
					b.AppendNull()
				} else {
					b.Append(r.bools[fi] == 2)
				}
			}
			a = b.NewArray()
			b.Release()
		} else {
			b := array.NewStringBuilder(memory.DefaultAllocator)
			size := 0
			for i := range rows {
				size += len(rows[i].strs[fi])
			}
			b.Reserve(n) // sized once: kept until the release is written, a doubled buffer would be half empty
			b.ReserveData(size)
			for i := range rows {
				if r := &rows[i]; !has[i] || r.strs[fi] == "" {
					b.AppendNull()
				} else {
					b.Append(r.strs[fi])
				}
			}
			a = b.NewArray()
			b.Release()
		}
		cols[schema.Index(f)] = a
		made = append(made, a)
	}
	out := array.NewRecordBatch(schema.Cases, cols, int64(n))
	for _, a := range made {
		a.Release()
	}
	return out
}

// coverage notes whether the events of row, a case of source src, hold a follow-up visit: an
// organisation none of whose cases' events has one exports no follow-up (its visits kept
// elsewhere, or not exported), and its reintegrated children are not "never visited"
// (unrecordedFollowUp).
func (s *eventStore) coverage(src string, row int, evs []ingest.Event, reintegrated bool) {
	if s.followed[src] {
		return
	}
	for i := range evs {
		if evs[i].Kind == ingest.FollowUp {
			s.followed[strings.Clone(src)] = true // src may be the batch's bytes
			delete(s.unvisited, src)
			return
		}
	}
	if reintegrated {
		if _, ok := s.unvisited[src]; !ok {
			src = strings.Clone(src)
		}
		s.unvisited[src] = append(s.unvisited[src], int32(row))
	}
}

// unrecordedFollowUp, once every case was read, marks the follow-up of the reintegrated cases
// of the organisations whose events hold no follow-up visit as not recorded (attack-2026-12-02a
// finding 6: an organisation that exports none halved the coverage, and a register with none
// was "0% visited, 95% CI 0-6%"): the follow-up table counts them as not_recorded, re-trafficking
// leaves them out, and their followed_up_6m/12m are null. A notice names each such source.
func (s *eventStore) unrecordedFollowUp(col *anonymize.Collector) {
	srcs := make([]string, 0, len(s.unvisited))
	for src := range s.unvisited {
		srcs = append(srcs, src)
	}
	slices.Sort(srcs)
	var rows []int
	var named []string
	for _, src := range srcs {
		for _, r := range s.unvisited[src] {
			rows = append(rows, int(r))
		}
		label := fmt.Sprintf("source %q", src)
		if src == "" {
			label = "the cases without a source"
		}
		named = append(named, fmt.Sprintf("%s (%d reintegrated %s)", label, len(s.unvisited[src]), agree(len(s.unvisited[src]), "case", "cases")))
	}
	if len(rows) == 0 {
		return
	}
	if s.keep {
		s.noFollowUp = make(map[int32]bool, len(rows))
		for _, r := range rows {
			s.noFollowUp[int32(r)] = true
		}
	}
	if col != nil {
		col.FollowUpNotRecorded(rows)
		for _, r := range rows {
			col.Clear(r, schema.FollowedUp6m)
			col.Clear(r, schema.FollowedUp12m)
		}
	}
	what := "no events of these organisations hold a follow-up visit"
	if len(s.followed) == 0 {
		what = "no events input holds a follow-up visit: there is no follow-up table"
	}
	s.notices = append(s.notices, fmt.Sprintf("%s: %s; whether their reintegrated children were visited is not recorded "+
		"(not counted as never visited in the follow-up coverage, nor as followed in re-trafficking): "+
		"export their follow-up visits with the events to count them", strings.Join(named, ", "), what))
	s.unvisited = nil
}

// centreBeds returns the beds per province of the centres.
func centreBeds(cs []analysis.Centre) []anonymize.CentreBeds {
	var out []anonymize.CentreBeds
	for _, c := range cs {
		out = append(out, anonymize.CentreBeds{Province: c.Province, Beds: c.Capacity})
	}
	return out
}

// latest returns the latest export date of the event inputs: the end of the occupancy period.
func (s *eventStore) latest() time.Time {
	t := time.Time{}
	for i, ex := range s.extractedOf {
		if s.inputUsed[i] && ex.After(t) {
			t = ex
		}
	}
	if t.IsZero() {
		return s.extracted
	}
	return t
}

// perSource points stayOf at source src's maps (stayLen, firstEvents), made when new.
func (s *eventStore) perSource(src string) {
	if s.stayOf.m != nil && s.stayOf.src == src {
		return
	}
	if s.stayLen == nil {
		s.stayLen, s.firstEvents, s.stayStarts = map[string]map[string][]int32{}, map[string]map[int32]int32{}, map[string]map[string]map[int32]int32{}
		s.stayEnds = map[string]map[int32]endMonth{}
	}
	src = strings.Clone(src) // a view of the record's buffer, reused by the next
	m := s.stayLen[src]
	if m == nil {
		m = map[string][]int32{}
		s.stayLen[src] = m
	}
	months := s.firstEvents[src]
	if months == nil {
		months = map[int32]int32{}
		s.firstEvents[src] = months
	}
	starts := s.stayStarts[src]
	if starts == nil {
		starts = map[string]map[int32]int32{}
		s.stayStarts[src] = starts
	}
	ends := s.stayEnds[src]
	if ends == nil {
		ends = map[int32]endMonth{}
		s.stayEnds[src] = ends
	}
	s.stayOf.src, s.stayOf.m, s.stayOf.months, s.stayOf.starts, s.stayOf.ends = src, m, months, starts, ends
}

// endMonth counts the stays that ended in a month and holds the first day one did.
type endMonth struct {
	n     int32
	first int8
}

// noteFirst counts a case row of source src with events evs by the month of its earliest
// dated event (firstEvents).
func (s *eventStore) noteFirst(src string, evs []ingest.Event) {
	var first time.Time
	for i := range evs {
		if d := evs[i].Date; !d.IsZero() && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	if first.IsZero() {
		return
	}
	s.perSource(src)
	s.stayOf.months[int32(first.Year()-1970)*12+int32(first.Month())-1]++
}

// noteStays counts the stays of a case row of source src by province and length (whole
// months; an open one to ex, the case's export date).
func (s *eventStore) noteStays(src string, stays []outcomes.Stay, provs []string, ex time.Time) {
	if len(stays) == 0 {
		return
	}
	s.perSource(src)
	for i, st := range stays {
		end := st.End
		if end.IsZero() {
			end = ex
		}
		months := min(max(int(outcomes.Months(st.Start, end)), 0), maxStayMonths)
		h, ok := s.stayOf.m[provs[i]]
		if len(h) <= months {
			h = append(h, make([]int32, months+1-len(h))...)
		}
		h[months]++
		prov := provs[i]
		if ok {
			s.stayOf.m[prov] = h
		} else {
			prov = strings.Clone(prov)
			s.stayOf.m[prov] = h
		}
		began := s.stayOf.starts[prov]
		if began == nil {
			began = map[int32]int32{} // made with the stayLen entry: prov is a copy then
			s.stayOf.starts[prov] = began
		}
		if !st.Start.IsZero() {
			began[int32(st.Start.Year()-1970)*12+int32(st.Start.Month())-1]++
		}
		if !st.End.IsZero() {
			k := int32(st.End.Year()-1970)*12 + int32(st.End.Month()) - 1
			e := s.stayOf.ends[k]
			if e.n == 0 || int8(st.End.Day()) < e.first {
				e.first = int8(st.End.Day())
			}
			e.n++
			s.stayOf.ends[k] = e
		}
	}
}

// maxStayMonths caps a stay's length in noteStays' counts (a longer one counts as this long).
const maxStayMonths = 600

// lateBegins returns, per province, the latest day an organisation whose records begin late
// (lateStarts) begins them, when the people it had in care before that day could move the
// province's occupancy_rate as printed: their stays are in no export, so the rate is counted
// over the years each organisation covers (anonymize.OutcomeConfig.Begins; outc session zf:
// Phnom Penh 0.40 for 0.84). A province is named when the day is after from, the period's
// first day (the nights and admissions before it are missing too), or when the people it
// would have in care in the period [from, to) from before its start, had it admitted before
// as it did since with stays as long as its records show (open ones to the export, so at
// least), fill half a hundredth of the province's beds (beds: the centres file's, summed) or
// more. That count is a yardstick for the decision only, never printed. A province where the
// organisation exports the people it had in care on its first day, with their admissions (a
// care system that took them in: broughtIn), is not named when the day is not after from:
// everyone in care there in the period is in the export (outc session zi: Phnom Penh's rate
// was left empty though its in_care_at_end was whole).
func (s *eventStore) lateBegins(late []lateStart, beds []anonymize.CentreBeds, from, to time.Time) map[string]time.Time {
	if s == nil || !to.After(from) {
		return nil // no events: no occupancy
	}
	capacity := map[string]int{}
	for _, c := range beds {
		capacity[c.Province] += c.Beds
	}
	var out map[string]time.Time
	for _, l := range late {
		day := l.day()
		gap, period, seen := outcomes.Months(day, from), outcomes.Months(from, to), outcomes.Months(day, to)
		for prov, h := range s.stayLen[l.source] {
			if prov == "" {
				continue
			}
			if !day.After(from) && s.broughtIn(l, prov) {
				// Its export holds the people it had in care on its first day, with their
				// admissions (a care system that took them in): everyone in care there in the
				// period, from its first day on, is in it, and the rate is whole.
				continue
			}
			if !day.After(from) {
				if capacity[prov] == 0 || seen <= 0 {
					continue // no rate printed
				}
				// Admitted u months before the day at the rate since (stays/seen a month) and
				// staying m months, one is in care t months after the day while u + t < m: over
				// u, the months t in [gap, gap+period) give the integral of m - t where positive.
				missing := 0.0
				for m, n := range h {
					lm := float64(m) + 0.5
					if n == 0 || lm <= gap {
						continue
					}
					hi := min(lm, gap+period)
					missing += float64(n) * ((lm-gap)*(lm-gap) - (lm-hi)*(lm-hi)) / 2
				}
				if missing/seen < 0.005*float64(capacity[prov])*period {
					continue
				}
			}
			if out == nil {
				out = map[string]time.Time{}
			}
			if day.After(out[prov]) {
				out[prov] = day
			}
		}
	}
	return out
}

// staysBefore returns the provinces where an organisation whose records begin late exports
// stays it began more than a month before its records begin, one in twenty of its stays there
// or more: the stays it had open on its first day (a care system that took in the children
// then in care, with their admissions), without those that had ended. Their lengths are the
// longer ones, so the province's mean stay, beds_needed and time in care read long (a care
// export from October 2024 with the stays open then: Phnom Penh's mean stay 13.4 months for
// 10.0, half still in care at 12 months for a third): anonymize leaves those figures empty
// (OutcomeConfig.StaysBefore). A stay begun a few weeks before the case's registration is not
// one of them.
func (s *eventStore) staysBefore(late []lateStart) map[string]bool {
	if s == nil {
		return nil
	}
	var out map[string]bool
	for _, l := range late {
		for prov := range s.stayStarts[l.source] {
			if prov == "" || !s.broughtIn(l, prov) {
				continue
			}
			if out == nil {
				out = map[string]bool{}
			}
			out[prov] = true
		}
	}
	return out
}

// lateEntries returns, per organisation whose records begin late (late: lateStarts and
// lateCare), the day the time-in-care curves count its stays open then from
// (anonymize.OutcomeConfig.Entries, delayed entry): the latest day its records begin or,
// when its export holds stays begun before that day (broughtIn: a care system that took in
// the children then in care, with their admissions), the first exit of the month its stays'
// exits begin at their pace (pacedStart), when later. Those admissions lie before the
// export's first day at nearly the pace of the months just before it (a stay open on a day
// was most likely begun in the year before), so lateCare's start from each case's first
// event falls months early; the stays begun between the two that had ended before the export
// began are in no export, and counting those kept (the longer ones) from their admission read
// the curve long (outc session zi's Left: Phnom Penh 0.447 at 12 months from January 2024,
// the whole register's 0.343; 0.34 from October 2024). No stay in such an export ends before
// its first day, so the first exit is not before it, and every stay begun before the first
// exit is still open on it: counting those from that day is right, if later than need be.
func (s *eventStore) lateEntries(late []lateStart) map[string]time.Time {
	var out map[string]time.Time
	for _, l := range late {
		if out == nil {
			out = map[string]time.Time{}
		}
		d := l.day()
		if e := s.exitsBegin(l); e.After(d) {
			d = e
		}
		if d.After(out[l.source]) {
			out[l.source] = d
		}
	}
	return out
}

// exitsBegin returns the day before the first day a stay of the late organisation l ended in
// the month its stays' exits begin at their pace, after l's start, when it exports stays
// begun before its start (broughtIn) in some province; else the zero time.
func (s *eventStore) exitsBegin(l lateStart) time.Time {
	if s == nil {
		return time.Time{}
	}
	brought := false
	for prov := range s.stayStarts[l.source] {
		brought = brought || prov != "" && s.broughtIn(l, prov)
	}
	ends := s.stayEnds[l.source]
	if !brought || len(ends) == 0 {
		return time.Time{}
	}
	months := make(map[int32]int32, len(ends))
	for m, e := range ends {
		months[m] = e.n
	}
	start, ok := pacedStart(months, l.start, l.start)
	if !ok {
		return time.Time{}
	}
	for ends[start].n == 0 {
		start++ // a month without exits (most of them follow it)
	}
	// The day before: a stay that ended on it was open the day before.
	return time.Date(1970+int(start/12), time.Month(1+start%12), int(ends[start].first)-1, 0, 0, 0, 0, time.UTC)
}

// broughtIn reports whether the late organisation l exports, in province prov, stays it began
// more than a month before its records begin, one in twenty of its stays there or more: the
// stays it had open on its first day, with their admissions (staysBefore).
func (s *eventStore) broughtIn(l lateStart, prov string) bool {
	var before, all int32
	for m, n := range s.stayStarts[l.source][prov] {
		all += n
		if m < l.start-1 {
			before += n
		}
	}
	return before > 0 && 20*before >= all
}

// latestBySource is latest per organisation: the day each source's open stays are counted up
// to (Manifest.AsOfBySource). Empty when no events input began a case's events.
func (s *eventStore) latestBySource() map[string]time.Time {
	out := map[string]time.Time{}
	for i, ex := range s.extractedOf {
		if s.inputUsed[i] && ex.After(out[s.sourceOf[i]]) {
			out[s.sourceOf[i]] = ex
		}
	}
	return out
}

// route returns v's index (+1) in routes, adding it.
func (s *eventStore) route(v string) uint32 {
	if v == "" {
		return 0
	}
	i, ok := s.routeIdx[v]
	if !ok {
		if s.routeIdx == nil {
			s.routeIdx = map[string]uint32{}
		}
		s.routes = append(s.routes, strings.Clone(v)) // v may be the batch's bytes
		i = uint32(len(s.routes))
		s.routeIdx[s.routes[i-1]] = i
	}
	return i
}

// matchesOf returns the matches of case row row (s.matches is in row order).
func (s *eventStore) matchesOf(row int32) []eventMatch {
	i, _ := slices.BinarySearchFunc(s.matches, row, func(m eventMatch, r int32) int { return cmp.Compare(m.row, r) })
	j := i
	for j < len(s.matches) && s.matches[j].row == row {
		j++
	}
	return s.matches[i:j]
}

// mergeLinked summarises, under each linked person's kept record (res.Kept), the events of all
// their records: the kept record's (its parts in patch's order), then each merged record's,
// an event one of them gave already (the same kind and date, mergeInto) counted once. A child
// a transit home placed for two weeks before a home kept them for ten months has one stay
// that began at the transit home, and the home's follow-ups (linkage-merge5's Left: only the
// kept record's events were counted). The kept row's outcome and derived fields (analytic
// columns, quasi-identifier leaves, the sensitive attribute) are set again; a merged record's
// rows of events that only repeat earlier ones become linked in the manifest (linkedAway),
// the others stay used. The kept record's follow-up stays not recorded (its organisation
// exports no visit) unless another record's events hold a visit. An open placement of one
// record that is another record's closed one (a referral register's copy of the home's
// admission) ends where and how the other ended (closeCopy), as within one record. A person
// whose records' events do not fit together keeps the kept record's (linkBad).
func (s *eventStore) mergeLinked(merged, kept []int, col *anonymize.Collector) {
	if !s.keep || len(merged) == 0 {
		return
	}
	// the merged rows by their kept row, each kept row's in merged's order: packed (kept row,
	// index) pairs sorted once, not a map of slices (507,623 kept rows at 10M)
	byKept := make([]uint64, len(merged))
	for i := range merged {
		byKept[i] = uint64(kept[i])<<32 | uint64(i)
	}
	slices.Sort(byKept)
	usable := func(mt *eventMatch) bool { return !s.parts[mt.part].ambiguousCase(mt.ci) }
	var evs []ingest.Event
	var gave rowsGave // the rows read for this person, and what each gave (owner: per event of evs)
	var owner []int32
	var sum summariser
	var newRows []int32 // per merged record's match (in the order visited): its rows that only repeat
	var ms [][]eventMatch
	for lo, hi := 0, 0; lo < len(byKept); lo = hi {
		k := int(byKept[lo] >> 32)
		for hi = lo + 1; hi < len(byKept) && int(byKept[hi]>>32) == k; hi++ {
		}
		km := s.matchesOf(int32(k))
		ms = ms[:0]
		others := false
		for _, p := range byKept[lo:hi] {
			mm := s.matchesOf(int32(merged[uint32(p)]))
			ms = append(ms, mm)
			for i := range mm {
				others = others || usable(&mm[i])
			}
		}
		if !others {
			continue // no other record's events to add
		}
		own := slices.ContainsFunc(km, func(mt eventMatch) bool { return usable(&mt) })
		if !own {
			s.linkNoOwn++ // Linker.better keeps a record with events: see linkNoOwn
		}
		evs, gave, owner = evs[:0], gave[:0], owner[:0]
		seen := map[caseRef]bool{}
		ex, exSet := s.extracted, false
		idDay, route := int32(noDay), uint32(0)
		rec, copied := 0, false // evs[:rec]: the earlier records' events (closeCopy)
		self := false           // an open copy within one record (patch's selfCopies)
		// take adds the events of match mt (account: a merged record's, the idx-th in newRows)
		// and returns its rows that only repeat earlier events (linked, not used).
		take := func(mt *eventMatch, account bool, idx int32) int32 {
			p := s.parts[mt.part]
			if cx := s.extractedOf[mt.in]; !exSet || cx.After(ex) {
				ex, exSet = cx, true
			}
			earlier, in := len(evs), mt.in
			rows, cur, g := int32(0), -1, int32(-1)
			repeat := func(r *rowGave) bool {
				return r.match >= 0 && r.n == 0 && !s.refused[r.in][r.row] && !s.crossDups[[2]int{int(r.in), r.row}]
			}
			endRow := func() {
				if g >= 0 {
					gave[g].ended = true
					if repeat(&gave[g]) {
						rows++
					}
				}
			}
			// merged notes e's merge with evs[i] (closeCopyAt): an open row of a merged record
			// replaced by a later row's closed placement repeats it, as patch counts it.
			merged := func(i int, decides, replaced bool) {
				if decides {
					gave[g].n++
				}
				if r := gave.replaced(owner, i, g, replaced); r != nil && repeat(r) {
					if r.match == idx {
						rows++
					} else {
						newRows[r.match]++
					}
				}
			}
			p.each(mt.ci, func(e *ingest.Event, sheet uint16) {
				if k := rowKey(sheet, e.Line); k != cur {
					endRow()
					cur = k
					gave = append(gave, rowGave{match: idx, in: in, row: k})
					g = int32(len(gave) - 1)
				}
				if earlier > 0 && mergeInto(evs[:earlier], e) {
					return
				}
				if rec > 0 {
					if i, ok, decides, replaced := closeCopyAt(evs[:rec], e); ok {
						copied = true
						merged(i, decides, replaced)
						return
					}
				}
				if i, ok, decides, replaced := closeCopyAt(evs[rec:], e); ok { // within the record, as patch
					self = true
					merged(rec+i, decides, replaced)
					return
				}
				evs = append(evs, *e)
				owner = append(owner, g)
				gave[g].n++
			})
			endRow()
			return rows
		}
		for i := range km {
			if mt := &km[i]; usable(mt) {
				seen[caseRef{mt.part, mt.ci}] = true
				take(mt, false, -1)
				idDay, route = mt.idDay, mt.route
			}
		}
		if !own {
			route = s.ownRoute(int32(k), km) // the kept record's own, as its microdata's referral_route
		}
		ownDay := idDay != noDay
		notRecorded := s.noFollowUp[int32(k)]
		newRows = newRows[:0]
		for _, mm := range ms {
			rec = len(evs) // a record's events are compared with the earlier records' (closeCopy)
			for i := range mm {
				mt := &mm[i]
				switch {
				case !usable(mt):
					newRows = append(newRows, mt.rows) // taken back: 0 already
				case seen[caseRef{mt.part, mt.ci}]:
					newRows = append(newRows, 0) // the kept record's events too: used
				default:
					seen[caseRef{mt.part, mt.ci}] = true
					newRows = append(newRows, 0) // take may count in it (merged)
					n := take(mt, true, int32(len(newRows)-1))
					newRows[len(newRows)-1] += n
					if !ownDay && mt.idDay != noDay && (idDay == noDay || mt.idDay < idDay) {
						idDay = mt.idDay // the kept record gives none: the earliest another gives
					}
					if !own && s.noFollowUp[mt.row] {
						notRecorded = true // whose events they are exports no visit
					}
				}
			}
		}
		identified := time.Time{}
		if idDay != noDay {
			identified = time.Unix(int64(idDay)*86400, 0).UTC()
		}
		d, co, err := sum.summarise(evs, ex, identified)
		if err != nil {
			s.linkBad++
			continue // the kept record's outcome stands; the others' rows are linked (linkedAway)
		}
		if route > 0 {
			co.Route = s.routes[route-1]
		}
		visited := slices.ContainsFunc(evs, func(e ingest.Event) bool { return e.Kind == ingest.FollowUp })
		co.FollowUpNotRecorded = notRecorded && !visited
		if co.FollowUpNotRecorded {
			d.bools[dFollowedUp6m], d.bools[dFollowedUp12m] = 0, 0
		}
		if f, ok := flagsOf(&sum, &co); ok {
			if s.flags == nil {
				s.flags = map[int32]rowFlags{}
			}
			s.flags[int32(k)] = f
		} else {
			delete(s.flags, int32(k))
		}
		delete(s.badRows, int32(k)) // the person's events fit together: they have an outcome
		col.SetOutcome(k, co)
		for fi, f := range derivedColumns {
			v := d.strs[fi]
			switch d.bools[fi] {
			case 1:
				v = "false"
			case 2:
				v = "true"
			}
			col.Set(k, f, v)
		}
		j := 0
		for _, mm := range ms {
			for i := range mm {
				mm[i].rows = newRows[j]
				j++
			}
		}
		s.linkMerged++
		if copied {
			s.linkCopies++
		}
		if self {
			s.selfCopies = append(s.selfCopies, int32(k))
		}
	}
}

// copyDays bounds, in days, how far apart two organisations' records of one admission start:
// the referring organisation writes the day it referred the child, the home the day it
// admitted them.
const copyDays = 14

// openCopy reports whether open, a placement without an end, is closed's placement as another
// organisation records it (attack-2026-12-02d finding 2: a transit shelter's register holds the
// home it referred the child to as an open placement, starting a day off the home's admission;
// merged under the kept record, the open row kept 30 reintegrated boys in care for good): both
// residential placements of one type (or one not given) in one province (or one not given:
// an intake's row may hold only the date, the row that closes the stay the province; attack-
// 2026-12-02g finding 4), starting at most
// copyDays apart, open starting nearer closed's start than its end, and closed not ended by a
// transfer (an open placement near a transfer's end is where the child was transferred to).
func openCopy(open, closed *ingest.Event) bool {
	if open.Kind != ingest.Placement || closed.Kind != ingest.Placement || !open.End.IsZero() || closed.End.IsZero() ||
		!fits(open.Province == "", closed.Province == "", open.Province == closed.Province) ||
		!fits(open.Type == "", closed.Type == "", open.Type == closed.Type) ||
		outcomes.ExitCause(closed.Reason) == outcomes.ExitTransferred {
		return false
	}
	d := open.Date.Sub(closed.Date)
	if d < 0 {
		d = -d
	}
	return d <= copyDays*24*time.Hour && d < closed.End.Sub(open.Date)
}

// closeCopy merges e, an event of one linked record, with its copy among prev, the earlier
// records' events (openCopy), or the record's own earlier events (patch; linkage-merge9: one
// organisation's export with an open and a closed row of one stay): the row or organisation
// that closed the placement decides its end and end reason; the stay starts at the earlier of
// the two starts (attack-2026-12-02f finding 6: a transit shelter's placement open from
// identification, closed by the home's admission 10 days later, lost the 10 days in care).
// merged says whether e was merged; decides, whether e gave the stay a date (the closed
// record's end, or the open record's earlier start: its row is used, not a repeat).
func closeCopy(prev []ingest.Event, e *ingest.Event) (merged, decides bool) {
	_, merged, decides, _ = closeCopyAt(prev, e)
	return merged, decides
}

// closeCopyAt is closeCopy, also giving the index in prev of the event e was merged with, and
// whether e replaced it: e closes that open placement and starts no later than it, so that
// the open row gave the stay nothing e does not give (as an open row read after its closed
// row gives nothing: decides is false then). Its row is then a repeat, whichever of the two
// rows came first (linkage-merge14 section 2).
func closeCopyAt(prev []ingest.Event, e *ingest.Event) (i int, merged, decides, replaced bool) {
	if e.Kind != ingest.Placement {
		return -1, false, false, false
	}
	for i := range prev[:min(len(prev), dedupScan)] {
		a := &prev[i]
		switch {
		case openCopy(e, a):
			if a.Type == "" {
				a.Type = e.Type
			}
			if a.Province == "" {
				a.Province = e.Province
			}
			if e.Date.Before(a.Date) {
				a.Date = e.Date
				return i, true, true, false
			}
			return i, true, false, false
		case openCopy(a, e):
			replaced = !a.Date.Before(e.Date)
			if e.Date.Before(a.Date) {
				a.Date = e.Date
			}
			a.End, a.Reason = e.End, e.Reason
			if e.Type != "" {
				a.Type = e.Type
			}
			if e.Province != "" {
				a.Province = e.Province
			}
			return i, true, true, replaced
		}
	}
	return -1, false, false, false
}

// rowGave is a row of events read for one case row (patch) or person (mergeLinked): its match
// (patch: in eventStore.matches; mergeLinked: in newRows, -1 for the kept record's, whose rows
// stay used), event input and rowKey, how many events it gave (appended, or a merge it decided),
// and whether all its events were read.
type rowGave struct {
	match, in int32
	row       int
	n         int32
	ended     bool
}

type rowsGave []rowGave

// replaced takes back what owner[i]'s row gave when the event it gave, evs[i], was replaced
// (closeCopyAt) by row g's, and returns that row when it gave nothing else and all its events
// were read (the caller counts it as a repeat); nil otherwise. A row still being read (g
// itself) is counted when it ends.
func (gave rowsGave) replaced(owner []int32, i int, g int32, replaced bool) *rowGave {
	if !replaced || i < 0 || i >= len(owner) {
		return nil
	}
	o := owner[i]
	if o < 0 || o == g {
		return nil
	}
	owner[i] = -1 // the closing row's now (it decided the stay)
	r := &gave[o]
	r.n--
	if r.n > 0 || !r.ended {
		return nil
	}
	return r
}
