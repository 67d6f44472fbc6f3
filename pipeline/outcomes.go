package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
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

// eventKey is a case's events' key: the case number, within a source ("" for an export that
// names none, which matches that number in any source).
type eventKey struct{ source, id string }

// caseEvents are the events of one case and where they came from.
type caseEvents struct {
	head, tail int32 // the case's first and last event in eventStore.events (a chain by next)
	input      int32 // index of the event input, whose export date censors open spells
	matched    bool
}

// storedEvent is an ingest.Event as the store keeps it: without pointers, so that the garbage
// collector never scans the millions of them, and without the case number (the key has it).
type storedEvent struct {
	date, end     int64 // Unix seconds; noTime for none
	next          int32 // the case's next event, -1 for none
	line          int32
	typ, province uint16 // in eventStore.names
	sheet         uint16 // in eventStore.names: the sheet, in a workbook of several sheets of events
	kind          ingest.EventKind
	reason        outcomes.EndReason
	inSchool      outcomes.Answer
	retrafficked  outcomes.Retrafficking
	stage         outcomes.Stage
	disposition   outcomes.Disposition
	implemented   outcomes.Answer
	nsDate, nsEnd bool // a date with nanoseconds: kept in eventStore.exact (never from ingest's dates)
}

const noTime = math.MinInt64

// eventChunk is the number of events in a chunk of eventStore.events (2.5 MiB).
const eventChunk = 1 << 16

// at returns stored event n.
func (s *eventStore) at(n int32) *storedEvent { return &s.events[n/eventChunk][n%eventChunk] }

type eventStore struct {
	byKey       map[eventKey]int32 // into cases
	cases       []caseEvents
	events      [][]storedEvent   // in chunks of eventChunk: one growing slice would be copied, and held twice meanwhile, each time it grew
	count       int32             // events stored
	names       []string          // types and provinces
	nameIdx     map[string]uint16 // into names
	exact       map[[2]int32]time.Time
	sources     map[string]bool // the sources of byKey's keys
	inputs      []release.EventInput
	extractedOf []time.Time // per event input: its export date
	used        []bool      // per event input: it began a case's events
	rejected    []ingest.Rejection
	refused     []map[int]bool // per event input: rows (rowKey) with a refused event
	inline      map[int]bool   // case inputs (by index) whose events were read
	extracted   time.Time      // default export date
}

// rowKey identifies a row of an event input: its line, and its sheet (names index) in a
// workbook of several sheets of events, whose lines restart on each sheet.
func rowKey(sheet uint16, line int) int { return int(sheet)<<32 | line&(1<<32-1) }

// name returns v's index in names.
func (s *eventStore) name(v string) uint16 {
	i, ok := s.nameIdx[v]
	if !ok {
		if len(s.names) == math.MaxUint16 {
			panic("events: more than 65535 distinct types and provinces")
		}
		i = uint16(len(s.names))
		s.names = append(s.names, strings.Clone(v))
		s.nameIdx[s.names[i]] = i
	}
	return i
}

// add stores e as the last event of case ci.
func (s *eventStore) add(ci int32, e *ingest.Event) {
	n := s.count
	if n == math.MaxInt32 {
		panic("events: more than 2^31-1 events")
	}
	se := storedEvent{next: -1, line: int32(e.Line), typ: s.name(e.Type), province: s.name(e.Province), sheet: s.name(e.Sheet),
		kind: e.Kind, reason: e.Reason, inSchool: e.InSchool, retrafficked: e.Retrafficked, stage: e.Stage,
		disposition: e.Disposition, implemented: e.Implemented}
	se.date, se.nsDate = s.seconds(n, 0, e.Date)
	se.end, se.nsEnd = s.seconds(n, 1, e.End)
	if n%eventChunk == 0 {
		s.events = append(s.events, make([]storedEvent, 0, eventChunk))
	}
	last := &s.events[len(s.events)-1]
	*last = append(*last, se)
	s.count++
	ce := &s.cases[ci]
	if ce.head < 0 {
		ce.head = n
	} else {
		s.at(ce.tail).next = n
	}
	ce.tail = n
}

// seconds returns t as Unix seconds (noTime for the zero time), keeping in exact a time that
// has more than that.
func (s *eventStore) seconds(n int32, which int32, t time.Time) (int64, bool) {
	if t.IsZero() {
		return noTime, false
	}
	if u := time.Unix(t.Unix(), 0).UTC(); u != t {
		if s.exact == nil {
			s.exact = map[[2]int32]time.Time{}
		}
		s.exact[[2]int32{n, which}] = t
		return 0, true
	}
	return t.Unix(), false
}

// event returns stored event n as the reader gave it (but its case number).
func (s *eventStore) event(n int32) ingest.Event {
	se := s.at(n)
	t := func(sec int64, exact bool, which int32) time.Time {
		switch {
		case exact:
			return s.exact[[2]int32{n, which}]
		case sec == noTime:
			return time.Time{}
		}
		return time.Unix(sec, 0).UTC()
	}
	return ingest.Event{Kind: se.kind, Date: t(se.date, se.nsDate, 0), End: t(se.end, se.nsEnd, 1),
		Type: s.names[se.typ], Province: s.names[se.province], Reason: se.reason, InSchool: se.inSchool,
		Retrafficked: se.retrafficked, Implemented: se.implemented, Stage: se.stage, Disposition: se.disposition,
		Line: int(se.line), Sheet: s.names[se.sheet]}
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
			s = &eventStore{byKey: map[eventKey]int32{}, nameIdx: map[string]uint16{}, sources: map[string]bool{}, inline: map[int]bool{}, extracted: now}
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
			return nil, &ingest.ParseError{File: name, Err: unwrapPath(err)}
		}
		h := sha256.New()
		r := ingest.NewEventReader(name, io.TeeReader(f, h))
		r.Mapping, r.Now = m, now
		ex := now
		if m.Extracted != "" {
			if ex, err = time.Parse("2006-01-02", m.Extracted); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: extracted: not a date (YYYY-MM-DD)", name)
			}
		}
		ei := int32(len(s.inputs))
		s.extractedOf = append(s.extractedOf, ex)
		s.used = append(s.used, false)
		refused := map[int]bool{}
		src := m.Source
		if m.Events == ingest.EventsAlso {
			src = fmt.Sprint(idx)
		}
		s.sources[src] = true
		last, lastCase := "", int32(-1) // a case's events come together: one lookup for them
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
				return nil, err
			}
			if lastCase < 0 || e.CaseID != last {
				k := eventKey{src, e.CaseID}
				ci, ok := s.byKey[k]
				if !ok {
					ci = int32(len(s.cases))
					s.cases = append(s.cases, caseEvents{head: -1, tail: -1, input: ei})
					s.byKey[k] = ci
					s.used[ei] = true
				}
				last, lastCase = e.CaseID, ci
			}
			s.add(lastCase, &e)
		}
		io.Copy(io.Discard, f)
		f.Close()
		shown := inputLabel(name, idx)
		for _, rej := range r.Rejected() {
			refused[rowKey(s.name(rej.Sheet), rej.Line)] = true
			rej.File = shown // the release names the input as the manifest does (a name could be a child's)
			s.rejected = append(s.rejected, rej)
		}
		s.refused = append(s.refused, refused)
		s.inputs = append(s.inputs, release.EventInput{Path: shown, SHA256: hex.EncodeToString(h.Sum(nil)),
			Layout: r.Layout(), Rows: r.Rows(), Also: m.Events == ingest.EventsAlso})
		for _, sk := range r.SkippedSheets() {
			in := &s.inputs[len(s.inputs)-1]
			in.SkippedSheets = append(in.SkippedSheets, release.SkippedSheet(sk))
		}
		if m.Events == ingest.EventsAlso {
			s.inline[idx] = true
		}
	}
	return s, nil
}

// eventsOnly reports whether input idx is an events export, not read as cases.
func eventsOnly(cfg *Config, in Input) bool {
	m := cfg.mapping(ingest.RedactURL(in.Name))
	return m != nil && m.Events == ingest.EventsOnly
}

// lookup appends to out the cases (in s.cases) of case id of source src read from input idx
// (named own: its own wide columns or subforms), or from an events export of that source or
// of none.
func (s *eventStore) lookup(out []int32, own, src, id string) []int32 {
	for _, source := range [3]string{own, src, ""} {
		if !s.sources[source] {
			continue
		}
		if ci, ok := s.byKey[eventKey{source, id}]; ok {
			out = append(out, ci)
		}
	}
	return out
}

// finish accounts for every event row: used (its case was found), or quarantined (a refused
// value, or a case number no case export has), and says so in the manifest.
func (s *eventStore) finish(m *release.Manifest) {
	unknown := make([]map[int]bool, len(s.inputs))
	for i := range unknown {
		unknown[i] = map[int]bool{}
	}
	var keys []eventKey
	for k := range s.byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		return keys[a].source < keys[b].source || keys[a].source == keys[b].source && keys[a].id < keys[b].id
	})
	for _, k := range keys {
		ce := &s.cases[s.byKey[k]]
		if ce.matched {
			continue
		}
		for n := ce.head; n >= 0; n = s.at(n).next {
			se := s.at(n)
			l, row := int(se.line), rowKey(se.sheet, int(se.line))
			if !unknown[ce.input][row] && !s.refused[ce.input][row] {
				unknown[ce.input][row] = true
				s.rejected = append(s.rejected, ingest.Rejection{File: s.inputs[ce.input].Path, Sheet: s.names[se.sheet], Line: l, Field: schema.CaseID,
					Reason: "the case number is in no case export (or its case was quarantined)"})
			}
		}
	}
	for i := range s.inputs {
		in := &s.inputs[i]
		in.Quarantined = len(s.refused[i]) + len(unknown[i])
		in.Used = in.Rows - in.Quarantined
		if in.Also {
			in.Used, in.Quarantined = 0, 0
			in.RefusedEvents = len(s.refused[i]) + len(unknown[i])
		}
		if in.Quarantined > 0 || in.RefusedEvents > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%s: %d rows of events quarantined (listed in %s)", in.Path, in.Quarantined+in.RefusedEvents, EventsQuarantineFile))
		}
		for _, sk := range in.SkippedSheets {
			m.Notices = append(m.Notices, fmt.Sprintf("%s: sheet %q of events skipped: %s; its %d non-blank rows (header included) were not read", in.Path, sk.Sheet, sk.Reason, sk.Rows))
		}
	}
	m.Events = s.inputs
	// Every event is now accounted for (its case's outcome is in the Collector, or its line is
	// quarantined): the store, some 60 bytes an event, is freed before anonymizing, which
	// needs the memory (latest and the quarantine only need what is kept).
	s.byKey, s.cases, s.events, s.names, s.nameIdx, s.exact, s.sources, s.refused = nil, nil, nil, nil, nil, nil, nil, nil
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
	var d caseDerived
	var co anonymize.CaseOutcome
	var places []ingest.Event
	var care outcomes.Care
	var closure *ingest.Event
	var legal []ingest.Event
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
		sort.SliceStable(places, func(a, b int) bool { return places[a].Date.Before(places[b].Date) })
		last := places[len(places)-1]
		care.Admitted, care.Extracted, care.Identified = places[0].Date, extracted, identified
		open := false
		for _, p := range places {
			if p.End.IsZero() {
				open = true
			}
			if p.Type == "" || p.Type == "residential_care" {
				co.Stays = append(co.Stays, outcomes.Stay{Start: p.Date, End: p.End})
				co.StayProvinces = append(co.StayProvinces, p.Province)
			}
		}
		switch {
		case !open:
			care.Left, care.Reason = last.End, last.Reason
			if care.Reason == outcomes.StillOpen {
				care.Reason = outcomes.OtherEnd // ended, why not recorded
				if closure != nil && closure.Reason != outcomes.StillOpen {
					care.Reason = closure.Reason
				}
			}
		case closure != nil && !closure.Date.IsZero() && !closure.Date.Before(care.Admitted):
			care.Left, care.Reason = closure.Date, closure.Reason
		}
		if care.Extracted.Before(care.Admitted) {
			care.Extracted = care.Admitted
		}
		o, err := outcomes.Derive(care)
		if err != nil {
			return d, co, err
		}
		co.Care, co.Outcome, co.Province = true, o, last.Province
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
		case o.Reintegrated && o.FromIdentification <= 12:
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
			since := outcomes.Months(care.Left, extracted)
			co.Since, co.LastVisit = since, -1
			for _, v := range care.FollowUps {
				if m := outcomes.Months(care.Left, v.Date); m >= 0 && m > co.LastVisit {
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
					if outcomes.Months(care.Left, v.Date) >= c.m {
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
	if len(legal) > 0 {
		best := legal[0]
		for _, l := range legal {
			co.Legal = append(co.Legal, outcomes.LegalCase{Stage: l.Stage, Disposition: l.Disposition})
			co.LegalYear = append(co.LegalYear, l.Date.Year())
			if l.Stage > best.Stage {
				best = l
			}
		}
		d.strs[dLegalStage] = strings.ReplaceAll(best.Stage.String(), " ", "_")
		d.strs[dLegalDisposition] = best.Disposition.String()
	}
	return d, co, nil
}

// patch returns rec with the derived columns of its cases filled from their events, and sets
// their outcomes in col (rows from base). It returns rec itself, retained, when no row has
// events. Inconsistent events are counted in bad (by reason), never shown.
func (s *eventStore) patch(rec arrow.RecordBatch, idx, base int, col *anonymize.Collector, bad map[string]int) arrow.RecordBatch {
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
	own := strconv.Itoa(idx)
	var found []int32
	var evs []ingest.Event
	for i := 0; i < n; i++ {
		if ids == nil || ids.IsNull(i) {
			continue
		}
		src := ""
		if srcs != nil && srcs.IsValid(i) {
			src = srcs.Value(i)
		}
		found = s.lookup(found[:0], own, src, ids.Value(i))
		if len(found) == 0 {
			continue
		}
		evs = evs[:0]
		ex := s.extracted
		for j, ci := range found {
			ce := &s.cases[ci]
			ce.matched = true
			for e := ce.head; e >= 0; e = s.at(e).next {
				evs = append(evs, s.event(e))
			}
			if cx := s.extractedOf[ce.input]; j == 0 || cx.After(ex) {
				ex = cx
			}
		}
		d, co, err := summarise(evs, ex, identifiedAt(i))
		if err != nil {
			var ie *outcomes.InputError
			if errors.As(err, &ie) {
				bad[ie.Reason]++
			} else {
				bad["inconsistent events"]++
			}
			continue
		}
		if routes != nil && routes.IsValid(i) {
			co.Route = routes.Value(i) // copied by SetOutcome
		}
		col.SetOutcome(base+i, co)
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
		if s.used[i] && ex.After(t) {
			t = ex
		}
	}
	if t.IsZero() {
		return s.extracted
	}
	return t
}
