package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/schema"
)

// Events after identification (issue 12): placements, services, follow-up visits, the closure
// of the case and legal cases. They come in three layouts, all read by EventReader:
//
//   - a separate export keyed by case number, one row per event (CSV, TSV or XLSX), with a
//     column naming the kind of event (event: placement, service, followup, closure, legal);
//   - the wide columns of a case export: placement_1_start, placement_1_end, placement_1_type,
//     followup_1_date, followup_2_date, ..., legal_1_stage, closure_reason, closure_date; a gap
//     (followup_2 empty, followup_3 set) is kept as given;
//   - Primero-style JSON records whose subforms are arrays of objects: care_arrangements (or
//     placements), services, followup (or followups), legal_cases, with closure_reason and
//     date_closure at the top level.
//
// Events live in memory only: their dates serve outcomes.Derive and never leave the boundary.

// EventKind is the kind of an event after identification.
type EventKind uint8

const (
	Placement EventKind = iota + 1 // a stay in a placement (care arrangement)
	Service                        // a service (Primero lookup-service-type) or HTCDS support plan
	FollowUp                       // a follow-up visit
	Closure                        // the closure of the case
	Legal                          // a legal case against the traffickers
)

var eventKinds = map[string]EventKind{
	"placement": Placement, "placements": Placement, "carearrangement": Placement, "carearrangements": Placement,
	"service": Service, "services": Service, "followup": FollowUp, "followups": FollowUp, "visit": FollowUp,
	"supportplan": Service, "supportplans": Service,
	"closure": Closure, "closureform": Closure, "legal": Legal, "legalcase": Legal, "legalcases": Legal,
}

func (k EventKind) String() string {
	switch k {
	case Placement:
		return "placement"
	case Service:
		return "service"
	case FollowUp:
		return "followup"
	case Closure:
		return "closure"
	case Legal:
		return "legal"
	}
	return "event"
}

// Event is one event of a case. Strings are the reader's own (never shared buffers).
type Event struct {
	CaseID string
	Kind   EventKind
	// Date is when a placement started, a visit, service or closure took place, or a legal
	// case was registered; End when a placement ended (zero: still placed).
	Date, End time.Time
	// Type is a placement's care-arrangement type or a service's type (canonical ids).
	Type string
	// Province is a placement's province (ISO 3166-2; "" unknown).
	Province string
	// Reason is why a placement or the case ended (StillOpen: not given).
	Reason outcomes.EndReason
	// InSchool and Retrafficked are what a follow-up visit found.
	InSchool     outcomes.Answer
	Retrafficked outcomes.Retrafficking
	// Implemented is a service's status (Primero service_implemented): Yes implemented, No
	// not implemented, Unknown not recorded (never read as not implemented).
	Implemented outcomes.Answer
	// Stage and Disposition are a legal case's furthest stage and outcome.
	Stage       outcomes.Stage
	Disposition outcomes.Disposition
	// LegalKeys are a legal case's police report (FIR) and court case numbers, hashed with a
	// key of the process (0: not given): rows of one case with the same number are one legal
	// case at several stages (outcomes.MergeLegal). Only compared, in memory; the numbers are
	// never kept.
	LegalKeys [2]uint64
	// LegalStations are the police stations the numbers name, hashed as LegalKeys (0: none
	// named, legalStation): the same FIR number at two named stations is two reports.
	LegalStations [2]uint64
	// Line is the row (CSV line, sheet row or JSON record number) the event came from, and
	// Sheet its sheet when a workbook has more than one sheet of events ("" otherwise).
	Line  int
	Sheet string
}

// Event fields, as the columns and subform keys name them (folded).
const (
	evDate = iota
	evEnd
	evType
	evProvince
	evCountry
	evReason
	evInSchool
	evRetrafficked
	evImplemented
	evStage
	evDisposition
	evPoliceNumber // a legal case's police report (FIR) number: hashed (Event.LegalKeys)
	evCourtNumber  // a legal case's court case number: hashed
	evKind
	evIgnore // known, not needed (identifiers such as police report numbers, living arrangement)
)

var eventFields = map[string]int{
	"date": evDate, "start": evDate, "startdate": evDate, "datestarted": evDate, "eventdate": evDate,
	"carearrangementstarteddate": evDate, "carearrangementsstarteddate": evDate, "followupdate": evDate,
	"servicedate": evDate, "serviceimplementeddaytime": evDate, "serviceresponsedaytime": evDate,
	"registrationdate": evDate, "complaintdate": evDate, "dateofcomplaint": evDate, "closuredate": evDate,
	"dateclosure": evDate, "visitdate": evDate, "admissiondate": evDate,
	"end": evEnd, "enddate": evEnd, "dateended": evEnd, "carearrangementenddate": evEnd,
	"carearrangementsenddate": evEnd, "dischargedate": evEnd,
	"type": evType, "carearrangementstype": evType, "carearrangementtype": evType, "placementtype": evType,
	"servicetype": evType, "spltype": evType, "supportplantype": evType,
	"province": evProvince, "placementprovince": evProvince, "location": evProvince,
	"country": evCountry,
	"reason":  evReason, "endreason": evReason, "closurereason": evReason, "placementendreason": evReason,
	"inschool": evInSchool, "attendingschool": evInSchool, "schooling": evInSchool,
	"retrafficked": evRetrafficked, "retrafficking": evRetrafficked,
	"implemented": evImplemented, "serviceimplemented": evImplemented, "status": evImplemented,
	"stage": evStage, "legalstage": evStage, "furtheststage": evStage,
	"disposition": evDisposition, "legaldisposition": evDisposition, "verdict": evDisposition,
	"event": evKind, "eventtype": evKind,
	"policereportnumber": evPoliceNumber, "policereportno": evPoliceNumber, "firnumber": evPoliceNumber, "firno": evPoliceNumber,
	"courtcasenumber": evCourtNumber, "courtcaseno": evCourtNumber,
	"livingarrangement": evIgnore, "followuptype": evIgnore, "caseworker": evIgnore, "notes": evIgnore,
	"serviceresponsetype": evIgnore,
}

// wideColumn matches the numbered columns of the wide layout: kind, number, field.
var wideColumn = regexp.MustCompile(`^(placement|care_?arrangement|followup|follow_up|service|legal(?:_case)?)_?(\d+)_(.+)$`)

// EventReader reads the events of one input, pulled like encoding/csv: Read returns the next
// event and io.EOF at the end. A value it cannot read for certain refuses that event (not the
// row's others), with its position, column and reason and never the value (Rejected).
type EventReader struct {
	// Mapping gives the value maps (values: {placement_type: {...}}), date formats and order,
	// encoding and sheet; nil for the defaults.
	Mapping *Mapping
	// Format overrides the format told by the name.
	Format Format
	// Now bounds dates: later ones are refused (time.Now when zero).
	Now time.Time

	// cutoff is the day the export was made (the mapping's extracted:, else Now): an event
	// dated after it has not happened by then (attack-2026-12-01f finding 4: a planned
	// discharge read as an exit, a placement not begun as a stay). censored counts the ends
	// after it read as still open.
	cutoff   time.Time
	censored int
	blank    int // see Blank

	name    string
	in      io.Reader
	started bool
	queue   []Event
	qhead   int          // queue[qhead:] are the events not yet read
	next    func() error // reads the next row into queue; io.EOF at the end
	rows    int
	rej     []Rejection
	layout  string
	serials bool // a workbook: numbers in date columns are Excel serial dates
	// date1904: the workbook counts its serials from 1904 (Excel for Mac's old default), as the
	// case reader honours (attack-2026-12-01e finding 2: read from 1900, four years early)
	date1904 bool
	// hiddenRow: the row just read is hidden on its sheet (a filter, Hide Rows): quarantined
	// as the case reader does, never read (a test or a closure nobody deleted)
	hiddenRow bool
	// caseKeys remembers which JSON keys name the case number.
	caseKeys map[string]bool
	skipped  []SkippedSheet // see SkippedSheets
	sheet    string         // the sheet read, when a workbook has more than one sheet of events
	header   []string       // the header of the table read (none for JSON), for Rejection.Pos
	// stop ends what reading left running (the NDJSON stream's goroutines); closed: Close was
	// called.
	stop   func()
	closed bool
	// cal counts the Ethiopian calendar's signatures among the dates (eventcalendar.go),
	// judged at the end: calErr is its refusal, returned by Read in place of io.EOF.
	cal    calendarEvidence
	calErr error
}

// ErrReaderClosed is the error of Read after Close.
var ErrReaderClosed = errors.New("read after Close")

// Close stops reading: the goroutines an NDJSON stream runs end (at once, or as soon as a read
// of the input they wait on returns) and Read returns ErrReaderClosed, never a short io.EOF.
// It does not close the input. A caller that stops before io.EOF (an error, a cancelled
// context) must call it; after io.EOF or an error of Read it is a no-op.
func (r *EventReader) Close() error {
	if !r.closed {
		r.closed = true
		if r.stop != nil {
			r.stop()
		}
	}
	return nil
}

// NewEventReader returns a reader of the events in r, called name in messages.
func NewEventReader(name string, r io.Reader) *EventReader {
	return &EventReader{name: name, in: r}
}

// Rows returns the number of rows (or JSON records) read so far.
func (r *EventReader) Rows() int { return r.rows }

// Rejected returns the events refused so far.
func (r *EventReader) Rejected() []Rejection { return r.rej }

// Blank returns the number of rows of a table (CSV, TSV, sheet) skipped so far because every
// value in them was empty, as Reader.Blank counts a case export's: outside Rows.
func (r *EventReader) Blank() int { return r.blank }

// Censored returns the number of events read so far whose end (a placement's planned
// discharge) falls after the day the export was made (the mapping's extracted:, else Now):
// the end and its reason are dropped and the stay read as still open at the export.
func (r *EventReader) Censored() int { return r.censored }

// ErrAfterExport refuses an event dated after the day its export was made: a planned
// placement, visit or closure has not happened, and read it would count as one that had. It
// is no bad value: callers leave such events out of the share of refused ones.
var ErrAfterExport = errors.New("dated after the day the export was made (extracted:): a planned event, not one that happened by then")

// Layout names the layout read: "events" (one row per event), "wide" or "nested" ("" before
// the first Read).
func (r *EventReader) Layout() string { return r.layout }

// SkippedSheets returns the sheets of a workbook that were not read, each with its non-blank
// rows (header included) and why: the manifest records them with the input, as it does a case
// workbook's, so that no sheet is skipped unseen: the sheets whose first row is not a header
// of events (every sheet of events is read; only the one the mapping names, when it names one).
func (r *EventReader) SkippedSheets() []SkippedSheet { return r.skipped }

// ErrNoEvents is the error of an input with no recognisable event column.
var ErrNoEvents = errors.New("no event columns (event, placement_1_start, followup_1_date, ... or Primero subforms)")

// Read returns the next event, or io.EOF after the last one.
func (r *EventReader) Read() (Event, error) {
	if r.closed {
		return Event{}, ErrReaderClosed
	}
	if !r.started {
		r.started = true
		if err := r.start(); err != nil {
			return Event{}, err
		}
	}
	for r.qhead >= len(r.queue) {
		// Read to its end: its room is used again. Sliced from the front, the queue kept no
		// room and each row's events took a new slice: 456 of the events stage's 2,582 MiB
		// allocated for synth's 1M folder (issue-14-speed22).
		r.queue, r.qhead = r.queue[:0], 0
		if r.calErr != nil {
			return Event{}, r.calErr
		}
		if err := r.next(); err == io.EOF {
			if r.calErr = r.cal.ethiopian(r.name, r.Mapping); r.calErr != nil {
				return Event{}, r.calErr
			}
			return Event{}, err
		} else if err != nil {
			return Event{}, err
		}
	}
	e := r.queue[r.qhead]
	r.qhead++
	return e, nil
}

func (r *EventReader) start() error {
	r.cutoff = r.Now
	if r.cutoff.IsZero() {
		r.cutoff = time.Now()
	}
	if r.Mapping != nil && r.Mapping.Extracted != "" {
		if y, m, d, ok := isoDate(r.Mapping.Extracted); ok {
			if t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); t.Before(r.cutoff) {
				r.cutoff = t
			}
		}
	}
	f := r.Format
	if f == "" {
		f = FormatOf(r.name)
	}
	enc := ""
	if r.Mapping != nil {
		enc = r.Mapping.Encoding
	}
	switch f {
	case XLSX:
		return r.startXLSX()
	case Parquet:
		return r.startParquet()
	}
	br, _, err := decodeInput(r.in, enc) // the EventReader keeps no notices
	if err != nil {
		return &ParseError{File: r.name, Err: err}
	}
	if f == "" {
		f = sniffFormat(br)
	}
	if f == JSON || f == NDJSON {
		return r.startJSON(br)
	}
	delim := sniffDelimiter(br)
	if b, _ := br.Peek(6); len(b) == 6 && strings.EqualFold(string(b[:4]), "sep=") && b[5] == '\n' || len(b) == 6 && strings.EqualFold(string(b[:4]), "sep=") && b[5] == '\r' {
		delim = b[4] // Excel's "sep=;" line names the delimiter (the line is a title, skipped below)
	}
	cr := csv.NewReader(br)
	cr.Comma, cr.FieldsPerRecord, cr.ReuseRecord = rune(delim), -1, true
	header, err := cr.Read()
	if err != nil {
		return &ParseError{File: r.name, Line: 1, Err: ErrNoHeader}
	}
	header = slices.Clone(header)
	// The header may sit below title lines ("Placements register", "Exported 2025-01-05") or
	// Excel's sep= line, as the case reader finds it (findHeader): the first row of the
	// first rows that names a case number column and events. Without one, the first row is
	// the header, and its error says what it lacks.
	if _, long, wide, hasCase := r.eventColumns(header); !hasCase || !long && !wide {
		for n := 1; n < headerWindow; n++ {
			rec, err := cr.Read()
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					continue // a title line with a stray quote
				}
				break
			}
			if _, long, wide, hasCase := r.eventColumns(rec); hasCase && (long || wide) {
				header = slices.Clone(rec)
				break
			}
		}
	}
	line := 1
	return r.startTable(header, func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.Line, &ParseError{File: r.name, Line: pe.Line, Err: pe.Err}
			}
			return nil, 0, err
		}
		l, _ := cr.FieldPos(0)
		line = l
		return rec, line, nil
	})
}

func (r *EventReader) startXLSX() error {
	limit := int64(DefaultMaxBytes)
	if r.Mapping != nil && r.Mapping.MaxBytes > 0 {
		limit = r.Mapping.MaxBytes
	}
	data, err := readWhole(r.in, limit, "PK\x03\x04", "XLSX")
	if err != nil {
		return &ParseError{File: r.name, Err: err}
	}
	// As for cases: a sheet is never unzipped to a temporary file (excelize does so past its
	// default 16 MiB, which would put identifiable data on disk), nor past xlsxMaxUnzip.
	opts := excelize.Options{UnzipSizeLimit: xlsxMaxUnzip, UnzipXMLSizeLimit: xlsxMaxUnzip}
	// Rows set to height 0 are hidden as surely as rows marked hidden (the case reader's
	// p.zero; ingest-exactness7, Left): quarantined alike.
	_, zero, _ := sheetMerges(data)
	x, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		if strings.Contains(err.Error(), "size exceeds") {
			return &ParseError{File: r.name, Err: fmt.Errorf("%w: the workbook inflates to more than %d MiB", ErrTooLarge, xlsxMaxUnzip>>20)}
		}
		// As for cases, never the library's text: it may quote the workbook's bytes.
		return &ParseError{File: r.name, Err: fmt.Errorf("%w: not a readable XLSX workbook", ErrBrokenFile)}
	}
	// The sheets read are the one the mapping names, else every sheet whose first row is a
	// header of events, in order (none: the first, for its error). The other sheets with a
	// value are reported as skipped, with their rows (SkippedSheets).
	sheets := x.GetSheetList()
	chosen := r.Mapping != nil && r.Mapping.Sheet != ""
	headers := map[string][]string{}
	if chosen {
		sheets = []string{r.Mapping.Sheet}
	}
	for _, s := range sheets {
		headers[s] = firstRow(x, s)
	}
	if props, err := x.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	// A hidden sheet is no sheet of events unless the config names it, as for cases (a hidden
	// "Old test" sheet of closures made every child "absconded": attack-2026-12-01e finding 2).
	hidden := map[string]bool{}
	for _, s := range sheets {
		if visible, err := x.GetSheetVisible(s); err == nil && !visible && !chosen {
			hidden[s] = true
		}
	}
	var read []string // the sheets of events
	for _, s := range sheets {
		if hidden[s] {
			continue
		}
		if _, long, wide, hasCase := r.eventColumns(headers[s]); chosen || hasCase && (long || wide) {
			read = append(read, s)
		}
	}
	if len(read) == 0 {
		read = []string{x.GetSheetName(0)}
		for _, s := range sheets {
			if !hidden[s] {
				read[0] = s
				break
			}
		}
		delete(hidden, read[0])
	}
	label := func(s string) string {
		idx, _ := x.GetSheetIndex(s)
		return sheetLabel(s, idx)
	}
	// A cell far right (XFD) would pad every row to 16,384 strings: cells right of the header
	// are removed, a named column far right moved next to the others (see planCells); the
	// cells of a skipped sheet, only counted, are moved next to the near columns.
	plans := map[string]cellPlan{}
	for _, s := range sheets {
		header := headers[s]
		w := len(header)
		for w > 0 && strings.TrimSpace(header[w-1]) == "" {
			w--
		}
		isRead := slices.Contains(read, s)
		if !isRead {
			w, header = 0, nil
		}
		if pl, ok := planCells(w, header, nil, r.Mapping); ok && (w > 0 || !isRead) {
			plans[s] = pl
		}
	}
	if trimmed, ok := trimFarCells(data, plans); ok {
		if y, err := excelize.OpenReader(bytes.NewReader(trimmed), opts); err == nil {
			x.Close()
			x = y
		}
	}
	for _, s := range sheets {
		if slices.Contains(read, s) {
			continue
		}
		rows, err := x.Rows(s)
		if err != nil {
			continue
		}
		n := 0
		for rows.Next() {
			if vals, err := rows.Columns(excelize.Options{RawCellValue: true}); err == nil && !blankRow(vals) {
				n++
			}
		}
		rows.Close()
		if n > 0 && hidden[s] {
			r.skipped = append(r.skipped, SkippedSheet{Sheet: label(s), Rows: n,
				Reason: "hidden in the workbook: if it holds events, name it with sheet: in the config, or unhide it"})
		} else if n > 0 {
			r.skipped = append(r.skipped, SkippedSheet{Sheet: label(s), Rows: n,
				Reason: "no events columns (event, placement_1_start, followup_1_date, ...) with a case number in its first row"})
		}
	}
	r.serials = true
	// Each sheet of events in turn: at the end of one, the next one's header starts its table
	// (its own columns and layout). With more than one, events and refusals name their sheet
	// (Event.Sheet, Rejection.Sheet): row numbers restart on each.
	var open func(i int) error
	open = func(i int) error {
		if len(read) > 1 {
			r.sheet = label(read[i])
		}
		rows, err := x.Rows(read[i])
		if err != nil {
			return &ParseError{File: r.name, Sheet: r.sheet, Err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)}
		}
		n := 0
		next := func() ([]string, int, error) {
			for rows.Next() {
				n++
				vals, err := rows.Columns(excelize.Options{RawCellValue: true})
				if err != nil {
					return nil, n, &ParseError{File: r.name, Sheet: r.sheet, Line: n, Err: err}
				}
				r.hiddenRow = rows.GetRowOpts().Hidden || zero[read[i]][n]
				return vals, n, nil
			}
			rows.Close()
			if i+1 < len(read) {
				// No row: the next sheet's table takes over r.next.
				return nil, n, open(i + 1)
			}
			return nil, n, io.EOF
		}
		header, _, err := next()
		if err != nil {
			return &ParseError{File: r.name, Sheet: r.sheet, Line: 1, Err: ErrNoHeader}
		}
		return r.startTable(header, next)
	}
	return open(0)
}

// firstRow returns the first row of a sheet (nil when it has none or cannot be read).
func firstRow(x *excelize.File, sheet string) []string {
	rows, err := x.Rows(sheet)
	if err != nil {
		return nil
	}
	defer rows.Close()
	if !rows.Next() {
		return nil
	}
	vals, _ := rows.Columns(excelize.Options{RawCellValue: true})
	return vals
}

// startParquet reads a Parquet file of events (the long or wide layout; one row per row
// group record) through Arrow, batch by batch, every column as text as the case reader does
// (dates and timestamps as ISO dates). Lines are the row numbers, from 1.
func (r *EventReader) startParquet() error {
	limit := int64(DefaultMaxBytes)
	if r.Mapping != nil && r.Mapping.MaxBytes > 0 {
		limit = r.Mapping.MaxBytes
	}
	data, err := readWhole(r.in, limit, "PAR1", "a Parquet file")
	if err != nil {
		return &ParseError{File: r.name, Err: err}
	}
	broken := &ParseError{File: r.name, Err: fmt.Errorf("%w: not a readable Parquet file", ErrBrokenFile)}
	if !bytes.HasSuffix(data, []byte("PAR1")) {
		return &ParseError{File: r.name, Err: fmt.Errorf("%w: not a Parquet file (no PAR1 footer: truncated?)", ErrBrokenFile)}
	}
	pr, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		return broken
	}
	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
	if err != nil {
		pr.Close()
		return broken
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		pr.Close()
		return broken
	}
	sc := rr.Schema()
	header := make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		header[i] = f.Name
	}
	tz := timeZone(r.Mapping)
	// A column the events do not use (an export's created_at, say) is only looked at for
	// whether the row is blank: its instants are never dated, so a TIMESTAMPTZ there with times
	// of day is read as UTC instead of refusing the file for want of a time_zone.
	cols, _, _, _ := r.eventColumns(header)
	colTZ := make([]*time.Location, len(cols))
	for j, c := range cols {
		colTZ[j] = tz
		if !c.case_ && (c.field < 0 || c.field == evIgnore) && tz == nil {
			colTZ[j] = time.UTC
		}
	}
	var batch arrow.RecordBatch
	at, line := 0, 0
	read := func() ([]string, int, error) {
		for batch == nil || at >= int(batch.NumRows()) {
			if !rr.Next() {
				err := rr.Err()
				rr.Release()
				pr.Close()
				if err != nil && err != io.EOF {
					return nil, line + 1, &ParseError{File: r.name, Line: line + 1, Err: fmt.Errorf("%w: unreadable Parquet data", ErrBrokenFile)}
				}
				return nil, line, io.EOF
			}
			batch, at = rr.RecordBatch(), 0
		}
		vals := make([]string, batch.NumCols())
		for j, col := range batch.Columns() {
			v, err := textOf(col, at, colTZ[j])
			if err != nil {
				return nil, line + 1, &ParseError{File: r.name, Line: line + 1, Column: header[j], Pos: j + 1, Err: textErr(header[j], j+1, err)}
			}
			vals[j] = v
		}
		at++
		line++
		return vals, line, nil
	}
	if err := r.startTable(header, read); err != nil {
		rr.Release()
		pr.Close()
		return err
	}
	return nil
}

// column is what one column of a table layout holds.
type evColumn struct {
	name  string
	case_ bool // the case number
	kind  EventKind
	group int // wide layout: the number of the event within its kind (0: the long layout)
	field int // evDate..evIgnore; -1: not an event column
}

// eventColumns reads a table's header: what each column holds, whether the header has the
// long layout's event column, the wide layout's columns, and a case number column.
func (r *EventReader) eventColumns(header []string) (cols []evColumn, long, wide, hasCase bool) {
	cols = make([]evColumn, len(header))
	for i, h := range header {
		c := evColumn{name: h, field: -1}
		if f, _ := r.Mapping.resolve(h); f == schema.CaseID {
			c.case_, hasCase = true, true
		} else if m := wideColumn.FindStringSubmatch(strings.ToLower(strings.TrimSpace(h))); m != nil {
			if f, ok := eventFields[fold(m[3])]; ok {
				c.kind = eventKinds[fold(m[1])]
				c.group, _ = strconv.Atoi(m[2])
				c.group++ // a number 0 still differs from the long layout
				c.field, wide = f, true
			}
		} else if k := fold(h); k == "closurereason" || k == "dateclosure" || k == "closuredate" {
			c.kind, c.group, c.field, wide = Closure, 1, eventFields[k], true
		} else if f, ok := eventFields[k]; ok {
			c.field = f
			long = long || f == evKind
		}
		cols[i] = c
	}
	return cols, long, wide, hasCase
}

func (r *EventReader) startTable(header []string, read func() ([]string, int, error)) error {
	r.header = header
	cols, long, wide, hasCase := r.eventColumns(header)
	if !hasCase {
		return &ParseError{File: r.name, Line: 1, Field: schema.CaseID, Err: fmt.Errorf("%w: no case number column", ErrNoHeader)}
	}
	switch {
	case long:
		r.layout = "events"
	case wide:
		r.layout = "wide"
	default:
		return &ParseError{File: r.name, Line: 1, Err: ErrNoEvents}
	}
	// The events of a row are its columns' (kind, group)s, in that order: each column's group
	// is found once here, and a row's values go into one reused evFields a group.
	var groups [][2]int
	for _, c := range cols {
		if c.case_ || c.field < 0 || c.field == evIgnore {
			continue
		}
		if k := [2]int{int(c.kind), c.group}; !slices.Contains(groups, k) {
			groups = append(groups, k)
		}
	}
	slices.SortFunc(groups, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	colGroup := make([]int, len(cols))
	for i, c := range cols {
		colGroup[i] = -1
		if !c.case_ && c.field >= 0 && c.field != evIgnore {
			colGroup[i] = slices.Index(groups, [2]int{int(c.kind), c.group})
		}
	}
	vals := make([]evFields, len(groups))
	r.next = func() error {
		rec, line, err := read()
		if err != nil {
			return err
		}
		if blankRow(rec) {
			r.blank++
			return nil
		}
		r.rows++
		if r.hiddenRow {
			r.hiddenRow = false
			r.reject(line, "", "", errHiddenRow)
			return nil
		}
		var id string
		clear(vals)
		given := false
		for i, v := range rec {
			if i >= len(cols) {
				continue
			}
			if missing(v) {
				if g := colGroup[i]; g >= 0 && cols[i].field == evDisposition {
					vals[g].blankDisposition = cellAt{col: cols[i].name}
				}
				continue
			}
			c := &cols[i]
			if c.case_ {
				id = strings.TrimSpace(v)
				continue
			}
			if g := colGroup[i]; g >= 0 {
				vals[g].put(c.field, cellAt{v: v, col: c.name})
				given = given || numberFields&(1<<c.field) == 0
			}
		}
		if id == "" {
			if given {
				r.reject(line, "", schema.CaseID, errRequired)
			}
			return nil
		}
		id = strings.Clone(id)
		for g, k := range groups {
			f := &vals[g]
			if f.set&^numberFields == 0 { // a legal case's number alone is no event
				continue
			}
			kind := EventKind(k[0])
			if r.layout == "events" {
				kc, ok := f.get(evKind)
				if !ok {
					r.reject(line, "", "event", errRequired)
					continue
				}
				if kind, ok = eventKinds[fold(kc.v)]; !ok {
					r.reject(line, kc.name(), "event", errVocabulary)
					continue
				}
			}
			if e, ok := r.event(id, kind, f, line); ok {
				r.queue = append(r.queue, e)
			}
		}
		return nil
	}
	return nil
}

func blankRow(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// cellAt is a value and the column it came from: col, or for a subform's field
// sub[idx].col (the name is only built for a message).
type cellAt struct {
	v, col string
	sub    string
	idx    int
}

func (c cellAt) name() string {
	if c.sub == "" {
		return c.col
	}
	return fmt.Sprintf("%s[%d].%s", c.sub, c.idx, c.col)
}

// evFields are the values given for one event, by field (evDate..evKind).
type evFields struct {
	set uint16 // bit i: field i given
	c   [evIgnore]cellAt
	// blankDisposition is the disposition column (or subform key) left blank, for a refusal
	// to name ("" none).
	blankDisposition cellAt
}

// numberFields are the fields of a legal case's numbers: given alone they make no event.
const numberFields = 1<<evPoliceNumber | 1<<evCourtNumber

// legalSeed keys the hash of legal case numbers (Event.LegalKeys): one per process, so that
// the exports of one run compare, and no hash outlives it.
var legalSeed = maphash.MakeSeed()

// legalKey hashes a legal case's number as registers write it several ways (never 0): its
// letters' case, spaces and punctuation aside, without the words "FIR" and "No.", numbers
// without leading zeros, and a year written with two digits or four ("FIR No. 021/2023",
// "FIR-21/2023", "21/23" and "fir 21 / 2023" are one number). Words other than those stay
// (a police station's name, "SC" for a sessions case): two rows whose numbers differ in them
// stay two cases. Rows are only compared within one case record, so the year's century
// (1923 and 2023 alike) costs nothing.
//
// police: v is a police report's (FIR) number, whose unmarked words before the number or after
// its year name its station (legalParts).
func legalKey(v string, police bool) uint64 {
	n, _ := legalParts(v, police)
	return maphash.String(legalSeed, n) | 1
}

// legalStation hashes the police station a police report's number names (never 0), 0 when
// it names none: "Bowbazar PS FIR 12/2023" and "FIR 12/2023 Kotwali P.S." name Bowbazar and
// Kotwali, which legalKey drops from the number. FIR numbers run per station and year, so the
// same number at two named stations is two reports (outcomes.MergeLegal, Event.LegalStations).
//
// A name written in one word or two ("Bow Bazar", "Bow-Bazar", "Bowbazar") is one station:
// the words are hashed joined (linkage-merge14: one child's complaint and charge sheet under
// two spellings of one station were two legal cases, halving the justice funnel). A name
// spelled otherwise ("Burtolla", "Burtala") stays another station: which is a typo cannot
// be told from the number.
func legalStation(v string, police bool) uint64 {
	if _, st := legalParts(v, police); st != "" {
		return maphash.String(legalSeed, strings.ReplaceAll(st, " ", "")) | 1
	}
	return 0
}

// legalNumber is legalKey's normal form (of a number not known to be a police report's): its
// runs of letters and of digits, joined by "/".
func legalNumber(v string) string {
	n, _ := legalParts(v, false)
	return n
}

// legalParts returns legalNumber's normal form and the station's name it dropped ("" none):
// the words before a number marked as a police report, or after its year before a station's
// marker or after it, markers and the words of a number aside. Of a police report's number
// (police), unmarked words before the number ("Bowbazar-21/2023") or after its year ("21/2023
// Bowbazar", "FIR 21/2023 (Bowbazar)") name its station too: an FIR is numbered per station
// and year, so the words written with it in the police report's column are where it was filed
// (attack-2026-12-03b's low: one child's complaint and trial counted twice).
func legalParts(v string, police bool) (number, station string) {
	var toks []string
	digits := 0
	report := false     // "FIR" or "crime" before the number
	start, prev := 0, 0 // prev: the last rune's class (0 other, 1 letter, 2 digit)
	// Bengali or Devanagari digits ("FIR ২১/২০২৩") are the number in 0-9.
	v = strings.ToLower(strings.Map(decimalDigit, v))
	if strings.Contains(v, ".") { // "F.I.R." is "fir"
		rs := []rune(v)
		var b strings.Builder
		for i, r := range rs {
			if r == '.' && i > 0 && unicode.IsLetter(rs[i-1]) {
				continue // an abbreviation's dot
			}
			b.WriteRune(r)
		}
		v = b.String()
	}
	v = dropCityAfterStation(v)
	flush := func(end int) {
		if prev == 0 || start >= end {
			return
		}
		tok := v[start:end]
		if prev == 2 {
			if tok = strings.TrimLeft(tok, "0"); tok == "" {
				tok = "0"
			}
			digits++
		} else if legalNumberWords[tok] {
			report = report || digits == 0 && legalReportWords[tok]
			return
		}
		toks = append(toks, tok)
	}
	for i, r := range v + " " {
		class := 0
		if unicode.IsLetter(r) || unicode.IsMark(r) { // a Bengali or Devanagari word's vowel signs are marks
			class = 1
		} else if unicode.IsDigit(r) {
			class = 2
		}
		if class != prev {
			flush(i)
			start, prev = i, class
		}
	}
	// A day written as an ordinal beside a month's name ("5th January 2023", "January 5th,
	// 2023") is the day: its suffix dropped (attack-2026-12-03d's low: "FIR 100 dated 5th
	// January 2023" and "FIR 100/2023" were two legal cases).
	for i := 1; i < len(toks); i++ {
		if ordinalSuffix[toks[i]] && numeric(toks[i-1]) && len(toks[i-1]) <= 2 &&
			(i+1 < len(toks) && monthName(toks[i+1]) || i >= 2 && monthName(toks[i-2])) {
			toks = slices.Delete(toks, i, i+1)
		}
	}
	// A General Diary entry ("G.D.E. No. 100/2023", "GD Entry 100/2023", "General Diary No.
	// 100"), which a police station records before, or instead of, an FIR, is another document
	// numbered apart: its number is marked so that it never equals an FIR's (attack-2026-12-03d's
	// low: "G.D.E. 100/2023" merged with "FIR 100/2023"), and its words name no station.
	diary := false
	if k := slices.IndexFunc(toks, numeric); k > 0 {
		for i := 0; i < k; i++ {
			if legalDiaryWords[toks[i]] || toks[i] == "general" && i+1 < k && toks[i+1] == "diary" {
				diary = true
			}
		}
		if diary {
			pre := slices.DeleteFunc(slices.Clone(toks[:k]), func(t string) bool { return legalDiaryWords[t] || t == "general" || t == "entry" })
			toks = append(pre, toks[k:]...)
		}
	}
	// The date the report was filed instead of its year ("FIR No. 21 dt. 05.01.2023", "FIR 21
	// dated 05/01/2023", "Case No. 21 dated 2023-01-05"): the date's year is the number's, as
	// "FIR 21/2023" writes it (attack-2026-12-03b's low: two legal cases for one).
	if k := slices.IndexFunc(toks, numeric); k >= 0 && k+4 < len(toks) && legalDateWords[toks[k+1]] {
		if y := dateYear(toks[k+2 : k+5]); y != "" {
			digits -= len(slices.DeleteFunc(slices.Clone(toks[k+2:k+5]), func(t string) bool { return !numeric(t) })) - 1
			toks = append(append(toks[:k+1:k+1], y), toks[k+5:]...)
		}
	}
	// A penal section or a date after the number and its year ("FIR 21/2023 u/s 370 IPC",
	// "FIR 21/2023 dated 05.01.2023") says what the case is about or when it was filed, not
	// which case it is: registers write them into the number's column for some rows and not
	// others, which made one child's case two (attack-2026-12-02e low 6). What follows the
	// year is dropped when such a word follows it; a station's name alone stays (above).
	var names []string // the station's name's words
	// The words of ws that name the station: a marker after them ends the name, so that a city
	// or district written after the marker ("Burtolla Police Station, Kolkata") is not read as
	// part of it (linkage-merge14's "Left": "burtolla kolkata", another station).
	name := func(ws []string) {
		took := 0
		for i, w := range ws {
			marker := legalStationWords(w) || w == "p" && i+1 < len(ws) && ws[i+1] == "s" || w == "s" && i > 0 && ws[i-1] == "p"
			if marker && took > 0 {
				return
			}
			if numeric(w) || marker || w == "case" { // "PS Case No.", West Bengal's FIR
				continue
			}
			names = append(names, w)
			took++
		}
	}
	if k := slices.IndexFunc(toks, numeric); k >= 0 && k+1 < len(toks) && numeric(toks[k+1]) {
		for i := k + 2; i < len(toks); i++ {
			section := legalSuffixWords[toks[i]] || toks[i] == "u" && i+1 < len(toks) && (toks[i+1] == "s" || toks[i+1] == "sec")
			if station := legalStationWords(toks[i]) || toks[i] == "p" && i+1 < len(toks) && toks[i+1] == "s"; section || station {
				if station {
					// "12/2023 Bowbazar PS" or "12/2023 PS Bowbazar": the words before the
					// marker, else those after it up to a section.
					name(toks[k+2 : i])
					if len(names) == 0 {
						end := slices.IndexFunc(toks[i:], func(t string) bool { return legalSuffixWords[t] || t == "u" }) // "u/s"
						if end < 0 {
							end = len(toks) - i
						}
						name(toks[i : i+end])
					}
				}
				toks, digits = toks[:k+2], 2
				break
			}
		}
		// A police report's number followed by words alone ("21/2023 Bowbazar", up to three
		// words): its station's name, unmarked.
		if rest := toks[min(k+2, len(toks)):]; police && len(names) == 0 && len(rest) > 0 && len(rest) <= 3 && !slices.ContainsFunc(rest, numeric) {
			name(rest)
			toks, digits = toks[:k+2], 2
		}
	}
	// The police station's name before the FIR's number ("Bowbazar PS FIR 12/2023", "Bowbazar
	// P.S. Case No. 12/2023", "Kotwali FIR 12/2023") says where it was filed, which a register
	// writes on some rows and not others: one child's case read as two (attack-2026-12-02g
	// low 7). Before a number marked as a police report (a station's marker, or "FIR", "Crime
	// No."), the words are dropped; after the number and its year, a station's marker drops
	// what follows, as a section does (legalSuffixWords). Unmarked words stay ("Kotwali
	// 21/2023", "SC 21/2023": perhaps another register's number). Rows are compared within one
	// case record, where the same FIR number and year at two stations is rarer than a station
	// written on some rows only.
	if k := slices.IndexFunc(toks, numeric); k > 0 && (report || police || slices.ContainsFunc(toks[:k], legalStationWords) ||
		slices.ContainsFunc(toks[1:k], func(t string) bool { return t == "s" }) && slices.Contains(toks[:k-1], "p")) {
		if len(names) == 0 {
			name(toks[:k])
		}
		toks = toks[k:]
	}
	// number/year: a four-digit year as its last two digits, as "21/23" writes it
	if last := len(toks) - 1; digits >= 2 && len(toks[last]) == 4 &&
		(strings.HasPrefix(toks[last], "19") || strings.HasPrefix(toks[last], "20")) {
		toks[last] = toks[last][2:]
	}
	if diary {
		toks = append([]string{"gd"}, toks...)
	}
	return strings.Join(toks, "/"), strings.Join(names, " ")
}

// dropCityAfterStation drops, after a comma-separated part that begins with a station's marker
// and its name ("PS Burtolla, Kolkata"), the word or two that start the next part before any
// digit, marker or number's word: the city or district, which the tokens (commas lost) would
// have read as the name's second word ("burtolla kolkata", another station than "Burtolla
// PS"'s; linkage-merge15's "Left"). A name of two words is kept whole: "PS New Market".
func dropCityAfterStation(v string) string {
	if !strings.Contains(v, ",") {
		return v
	}
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }
	plain := func(w string) bool {
		return !legalStationWords(w) && !legalNumberWords[w] && !legalSuffixWords[w] && !legalDiaryWords[w] && !ordinalSuffix[w] && !monthName(w)
	}
	parts := strings.Split(v, ",")
	for i := 0; i+1 < len(parts); i++ {
		// the part's words after its number, if any ("FIR 5/2023 PS Burtolla, Kolkata")
		ws := strings.FieldsFunc(parts[i][strings.LastIndexFunc(parts[i], unicode.IsDigit)+1:], notLetter)
		at := 1 // the name's first word
		if len(ws) > 1 && (ws[0] == "p" && ws[1] == "s" || ws[0] == "police" && ws[1] == "station") {
			at = 2
		} else if len(ws) == 0 || !legalStationWords(ws[0]) {
			continue
		}
		if len(ws) <= at || !slices.ContainsFunc(ws[at:], plain) {
			continue
		}
		// the next part's leading words, up to a digit or a word that is not plain
		next, end, n := parts[i+1], 0, 0
		for pos := 0; pos < len(next); {
			r, size := utf8.DecodeRuneInString(next[pos:])
			if unicode.IsDigit(r) {
				break
			}
			if notLetter(r) {
				pos += size
				continue
			}
			w := pos
			for pos < len(next) {
				if r, size := utf8.DecodeRuneInString(next[pos:]); !notLetter(r) {
					pos += size
					continue
				}
				break
			}
			if !plain(next[w:pos]) {
				break
			}
			end, n = pos, n+1
		}
		if n == 0 || n > 2 {
			continue
		}
		if rest := next[end:]; strings.TrimFunc(rest, notLetter) == "" && !strings.ContainsFunc(rest, unicode.IsDigit) {
			parts = slices.Delete(parts, i+1, i+2)
		} else {
			parts[i+1] = rest
		}
	}
	return strings.Join(parts, ",")
}

// legalDiaryWords mark a General Diary entry's number ("GD", "G.D.E.", "GDE", "General Diary"):
// legalParts keeps such a number apart from an FIR's.
var legalDiaryWords = map[string]bool{"gd": true, "gde": true, "gdr": true, "diary": true}

// ordinalSuffix are the suffixes of a day written as an ordinal ("5th", "1st", "22nd", "3rd").
var ordinalSuffix = map[string]bool{"st": true, "nd": true, "rd": true, "th": true}

// monthName reports whether a token of legalParts names a month in English, in full or in
// three letters and more ("jan", "sept").
func monthName(tok string) bool {
	if len(tok) < 3 {
		return false
	}
	for _, m := range []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"} {
		if strings.HasPrefix(m, tok) {
			return true
		}
	}
	return false
}

// legalNumberWords are the words registers write around a police report or case number: "FIR
// No. 21 of 2023" as Indian police and courts write it, "Crime No. 21/2023" (Cr. No.), the FIR's
// name in Kerala, Tamil Nadu and Karnataka (attack-2026-12-02d finding 6).
var legalNumberWords = map[string]bool{"fir": true, "no": true, "nr": true, "num": true, "number": true,
	"of": true, "crime": true, "cr": true}

// legalReportWords, among legalNumberWords, mark a police report's number (an FIR, "Crime No."),
// which a police station files: words before them are the station's name.
var legalReportWords = map[string]bool{"fir": true, "crime": true, "cr": true}

// legalStationWords reports whether a word of legalNumber marks a police station: "PS"
// ("P.S."; "P S" is two words, p and s), "police station" ("Police Stn"), "thana" (Hindi and Bengali registers),
// "PS Case No." as West Bengal writes an FIR.
func legalStationWords(tok string) bool {
	switch tok {
	case "ps", "police", "station", "stn", "thana", "thane", "pstn", "थाना", "থানা":
		return true
	}
	return false
}

// legalSuffixWords are the words that, after a number and its year, start what registers add
// to it: the sections charged ("u/s" is u and s; "under section 370", "Sec. 370", "370 IPC",
// the Immoral Traffic (Prevention) Act, POCSO, the Bharatiya Nyaya Sanhita that replaced the
// IPC in 2024) or the date the report was filed ("dated", "dtd.", "dt.", "date").
var legalSuffixWords = map[string]bool{"dated": true, "dtd": true, "dt": true, "date": true, "on": true,
	"under": true, "section": true, "sections": true, "sec": true, "secs": true, "ipc": true, "itpa": true,
	"pocso": true, "bns": true, "crpc": true, "bnss": true, "act": true, "jja": true}

// legalDateWords, among legalSuffixWords, introduce the date a report was filed.
var legalDateWords = map[string]bool{"dated": true, "dtd": true, "dt": true, "date": true, "on": true}

// dateYear returns the year of a date written as three of legalNumber's tokens (day, month and
// year, or year, month and day; the month in digits or a word), as legalNumber writes a year;
// "" when they are not a date.
func dateYear(t []string) string {
	year := func(s string) bool {
		return numeric(s) && (len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")))
	}
	short := func(s string) bool { return numeric(s) && len(s) <= 2 }
	month := func(s string) bool { return short(s) || !numeric(s) && len(s) >= 3 }
	switch {
	case year(t[0]) && month(t[1]) && short(t[2]):
		return t[0]
	case short(t[0]) && month(t[1]) && (year(t[2]) || short(t[2])):
		return t[2]
	case !numeric(t[0]) && len(t[0]) >= 3 && short(t[1]) && year(t[2]): // "January 5, 2023"
		return t[2]
	}
	return ""
}

// numeric reports whether a token of legalNumber is a run of digits.
func numeric(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsDigit(r)
}

func (f *evFields) put(i int, c cellAt) { f.set |= 1 << i; f.c[i] = c }

func (f *evFields) get(i int) (cellAt, bool) { return f.c[i], f.set&(1<<i) != 0 }

func (f *evFields) has(i int) bool { return f.set&(1<<i) != 0 }

func (r *EventReader) reject(line int, col, field string, err error) {
	r.rej = append(r.rej, Rejection{File: r.name, Sheet: r.sheet, Line: line, Column: col, Field: field, Reason: err.Error()})
	placeRejections(r.rej[len(r.rej)-1:], r.header)
}

// event builds one event from its fields; a value that cannot be read refuses the event.
func (r *EventReader) event(id string, kind EventKind, f *evFields, line int) (Event, bool) {
	e := Event{CaseID: id, Kind: kind, Line: line, Sheet: r.sheet}
	field := func(name string) string { return kind.String() + "." + name }
	bad := func(c cellAt, name string, err error) (Event, bool) {
		r.reject(line, c.name(), field(name), err)
		return Event{}, false
	}
	mapped := func(name string, c cellAt) string {
		if r.Mapping != nil {
			if m, ok := r.Mapping.Values[name]; ok {
				for k, v := range m {
					if strings.EqualFold(strings.TrimSpace(k), strings.TrimSpace(c.v)) {
						return v
					}
				}
			}
		}
		return c.v
	}
	if c, ok := f.get(evDate); ok {
		// A scheduled event may lie after the run too: refused below as after the export,
		// not as a date out of range (it is no bad value).
		d, err := r.dateUpTo(c.v, r.cutoff.AddDate(5, 0, 0))
		r.cal.date(c, r.sheet, field("date"), c.v, d, err)
		if err != nil {
			return bad(c, "date", err)
		}
		e.Date = d
	}
	if c, ok := f.get(evEnd); ok {
		// A planned discharge may lie after the run too: read up to five years on, and
		// dropped below as an end after the export.
		d, err := r.dateUpTo(c.v, r.cutoff.AddDate(5, 0, 0))
		r.cal.date(c, r.sheet, field("end"), c.v, d, err)
		if err != nil {
			return bad(c, "end", err)
		}
		e.End = d
	}
	if c, ok := f.get(evCountry); ok {
		r.cal.country(c.v)
	}
	if e.Date.IsZero() && kind != Closure {
		r.reject(line, "", field("date"), errRequired)
		return Event{}, false
	}
	if e.Date.After(r.cutoff) {
		return bad(f.c[evDate], "date", ErrAfterExport)
	}
	if !e.End.IsZero() && e.End.Before(e.Date) {
		r.reject(line, f.c[evEnd].name(), field("end"), errors.New("ends before it starts"))
		return Event{}, false
	}
	planned := e.End.After(r.cutoff) // the end (and its reason) has not happened by the export
	if c, ok := f.get(evType); ok {
		v := mapped("placement_type", c)
		vocab := placementTypes
		if kind == Service {
			v, vocab = mapped("service_type", c), serviceTypes
		}
		t, ok := vocab[fold(v)]
		if !ok {
			return bad(c, "type", errVocabulary)
		}
		e.Type = t
	}
	if c, ok := f.get(evProvince); ok {
		country := ""
		if cc, ok := f.get(evCountry); ok {
			country = cc.v
		}
		p, err := eventProvince(c.v, country)
		if err != nil {
			return bad(c, "province", err)
		}
		e.Province = p
	}
	if c, ok := f.get(evReason); ok {
		v, ok := endReasons[fold(mapped("end_reason", c))]
		if !ok {
			return bad(c, "reason", errVocabulary)
		}
		e.Reason = v
	}
	if kind == Closure && e.Reason != outcomes.StillOpen && e.Date.IsZero() {
		r.reject(line, "", field("date"), errRequired)
		return Event{}, false
	}
	if c, ok := f.get(evInSchool); ok {
		if fold(c.v) == "unknown" {
			e.InSchool = outcomes.Unknown
		} else if b, err := normBoolWords(c.v); err != nil {
			return bad(c, "in_school", err)
		} else if b {
			e.InSchool = outcomes.Yes
		} else {
			e.InSchool = outcomes.No
		}
	}
	if c, ok := f.get(evRetrafficked); ok {
		v, ok := retraffickedValues[fold(mapped("retrafficked", c))]
		if !ok {
			return bad(c, "retrafficked", errVocabulary)
		}
		e.Retrafficked = v
	}
	if c, ok := f.get(evImplemented); ok {
		switch fold(c.v) {
		case "implemented", "yes", "true", "1", "done", "provided", "completed":
			e.Implemented = outcomes.Yes
		case "notimplemented", "no", "false", "0", "pending", "referred", "notprovided":
			e.Implemented = outcomes.No
		case "unknown":
		default:
			return bad(c, "implemented", errVocabulary)
		}
	}
	if c, ok := f.get(evStage); ok {
		v, ok := legalStages[fold(mapped("legal_stage", c))]
		if !ok {
			return bad(c, "stage", errVocabulary)
		}
		e.Stage = v
	}
	if c, ok := f.get(evDisposition); ok {
		v, ok := dispositions[fold(mapped("legal_disposition", c))]
		if !ok {
			return bad(c, "disposition", errVocabulary)
		}
		e.Disposition = v
		if (v == outcomes.Convicted || v == outcomes.Acquitted) && e.Stage != outcomes.Disposed {
			if f.has(evStage) {
				r.reject(line, c.name(), field("disposition"), errors.New("a verdict before the case was disposed"))
				return Event{}, false
			}
			e.Stage = outcomes.Disposed // a verdict says the case was disposed
		}
	}
	if kind == Legal && e.Stage == outcomes.Disposed && e.Disposition == outcomes.Pending {
		// Disposed before the judgment was entered: how it ended is not known, and the
		// funnel has no "disposed, outcome unknown" to count it under.
		c, ok := f.get(evDisposition)
		if !ok {
			c = f.blankDisposition // the blank column, not the stage's (attack-2026-12-02a, lows)
			if c.col == "" {
				c = f.c[evStage] // no disposition column: the stage that says disposed
			}
		}
		return bad(c, "disposition", errors.New("disposed without a disposition (convicted, acquitted, discharged or withdrawn)"))
	}
	if kind == Legal {
		for k, fi := range [2]int{evPoliceNumber, evCourtNumber} {
			// A value without a digit 1-9 ("pending", "not filed", "0") names no case: rows
			// under it are not merged.
			if c, ok := f.get(fi); ok && strings.ContainsAny(strings.Map(decimalDigit, c.v), "123456789") {
				e.LegalKeys[k] = legalKey(c.v, fi == evPoliceNumber)
				e.LegalStations[k] = legalStation(c.v, fi == evPoliceNumber)
			}
		}
	}
	if kind == Closure && e.Reason == outcomes.StillOpen {
		return Event{}, false // an empty closure form: nothing happened
	}
	if planned {
		e.End, e.Reason = time.Time{}, outcomes.StillOpen
		r.censored++
	}
	return e, true
}

// eventProvince reads a placement's province: an ISO 3166-2 code, or a name within country,
// or a name only one country has.
func eventProvince(v, country string) (string, error) {
	v = strings.TrimSpace(v)
	if p, ok := geo.ProvinceByCode(strings.ToUpper(v)); ok {
		return p.Code, nil
	}
	if country != "" {
		cc, ok := geo.LookupCountry(country)
		if !ok {
			return "", errCountry
		}
		if p, ok := geo.LookupProvince(cc, v); ok {
			return p, nil
		}
		return "", errProvince
	}
	if p, ok := geo.LookupProvinceAnywhere(v); ok {
		return p, nil
	}
	return "", errProvince
}

// dateUpTo reads an event date: ISO, the mapping's layouts, a day/month date in the mapping's
// date_order (refused as ambiguous without one, unless a part above 12 tells), or an Excel
// serial number in a workbook; before 1950 or after now is refused (the caller's bound: five
// years past the export, see event: a later date is refused as after the export).
func (r *EventReader) dateUpTo(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	check := func(t time.Time) (time.Time, error) {
		if err := yearCalendarErr(t.Year()); err != nil {
			// "1402/10/10", "2080-04-15": another calendar's year, said so as the cases' dates
			// do (worker.parseDate), not "before 1950" (attack-2026-12-03b and 03c, lows)
			return time.Time{}, err
		}
		if t.Year() < 1950 || t.After(now) {
			return time.Time{}, errDateRange
		}
		return t, nil
	}
	if len(v) > 10 && v[10] == 'T' || len(v) > 10 && v[10] == ' ' {
		if y, m, d, ok := isoDate(v[:10]); ok {
			return check(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
		}
	}
	if y, m, d, ok := isoDate(v); ok {
		return check(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
	}
	if r.Mapping != nil {
		for _, l := range r.Mapping.DateFormats {
			if t, err := time.Parse(l, v); err == nil {
				return check(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
			}
		}
	}
	if a, b, y, ok := numericDate(v); ok {
		order := ""
		if r.Mapping != nil {
			order = r.Mapping.DateOrder
		}
		d, m := a, b
		switch {
		case order == "mdy" || (order == "" && a <= 12 && b > 12):
			d, m = b, a
		case order == "dmy" || (order == "" && a > 12 && b <= 12):
		default:
			return time.Time{}, errors.New("a day/month date that could be read either way: set date_order (dmy or mdy)")
		}
		if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return time.Time{}, errDate
		}
		return check(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
	}
	if r.serials {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 2958466 && !math.IsNaN(f) {
			base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
			if r.date1904 {
				base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			t := base.AddDate(0, 0, int(f))
			return check(t)
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return check(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
		}
	}
	// A month's name in Spanish, French, Portuguese or Indonesian ("5 de marzo de 2024",
	// "05-ene-2024"), read as the cases' dates read it (normDate's englishMonth): the events of
	// the same register write their dates alike (ing25's "Left").
	if e, ok := englishMonth(v); ok && e != v {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, e); err == nil {
				return check(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
			}
		}
	}
	return time.Time{}, errDate
}

// JSON: Primero-style records with subforms.

var subforms = map[string]EventKind{
	"carearrangements": Placement, "carearrangement": Placement, "placements": Placement,
	"services": Service, "servicessection": Service, "followup": FollowUp, "followups": FollowUp,
	"followupsubformsection": FollowUp, "legalcases": Legal, "legal": Legal,
}

func (r *EventReader) startJSON(br *bufio.Reader) error {
	// NDJSON (a first line that is one object, or a malformed one, followed by a line that is
	// one object; a first line ending with { or [ is the start of a value spread over lines) is
	// read line by line, so that a malformed line, the first too, is quarantined and reading
	// goes on at the next, as the case reader does.
	// read is what was read ahead, given back to whatever reads the input then. An array is
	// never NDJSON.
	var read []byte
	if b, _ := br.Peek(1); len(b) == 1 && b[0] == '{' {
		head, err := br.ReadBytes('\n')
		read = head
		t := bytes.TrimSpace(head)
		valid := json.Valid(t)
		if err == nil && (valid || !bytes.HasSuffix(t, []byte("{")) && !bytes.HasSuffix(t, []byte("["))) {
			for {
				next, err := br.ReadBytes('\n')
				read = append(read, next...)
				if nt := bytes.TrimSpace(next); len(nt) > 0 {
					if valid || nt[0] == '{' && json.Valid(nt) {
						r.layout = "nested"
						r.next = r.streamJSON(io.MultiReader(bytes.NewReader(read), br), "", true)
						return nil
					}
					break
				}
				if err != nil {
					break
				}
			}
		}
	}
	in := io.MultiReader(bytes.NewReader(read), br)
	dec := json.NewDecoder(in)
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return &ParseError{File: r.name, Err: fmt.Errorf("%w: malformed JSON", ErrBrokenFile)}
	}
	var records []json.RawMessage
	found := false
	switch first[0] { // Decode leaves no space before the value
	case '[':
		json.Unmarshal(first, &records) // cannot fail: dec checked the value
		found = true
	case '{':
		if !dec.More() {
			var doc map[string]any
			if json.Unmarshal(first, &doc) == nil {
				if k, ok := nullEnvelope(doc); ok { // Primero's {"data": null, "metadata": {...}}
					return &ParseError{File: r.name, Err: fmt.Errorf("%w: the file is an API's answer whose records field %q is null: it holds no records (an empty page, or a query that matched none); "+
						"export the records, or leave the file out", ErrBrokenFile, k)}
				}
			}
			var x map[string]json.RawMessage
			json.Unmarshal(first, &x)
			for _, k := range envelopeKeys {
				if a, ok := x[k]; ok && a[0] == '[' {
					json.Unmarshal(a, &records)
					found = true
					break
				}
			}
		}
		if !found && dec.More() { // values spread over lines: cut as values
			r.layout = "nested"
			r.next = r.streamJSON(io.MultiReader(dec.Buffered(), in), string(first), false)
			return nil
		}
		if !found {
			records = []json.RawMessage{first}
		}
	default:
		return &ParseError{File: r.name, Err: fmt.Errorf("%w: not JSON records", ErrBrokenFile)}
	}
	r.layout = "nested"
	i := 0
	var j jsonRecord
	r.next = func() error {
		if i == len(records) {
			return io.EOF
		}
		i++
		r.rows++
		r.record(&j, string(records[i-1]), i)
		records[i-1] = nil
		return nil
	}
	return nil
}

// eventBatch is a run of NDJSON records (after the first), checked and turned into events on
// a worker; done is closed when events and rej are set.
type eventBatch struct {
	text     []byte // the records' text, one after another
	ends     []int  // record i is text[ends[i-1]:ends[i]]
	line     int    // of the first record
	lines    []int  // by line: each record's line
	byLine   bool   // one record per line: a malformed one is quarantined (see streamJSON)
	noEnd    bool   // by line: the last record is the input's last line and has no line end
	events   []Event
	rej      []Rejection
	censored int   // ends after the export (Censored)
	err      error // the record after ends is malformed (the stream ends here)
	done     chan struct{}
	cal      calendarEvidence // the records' dates (EventReader.cal)
}

// eventBatchSize is the records in a eventBatch.
const eventBatchSize = 256

// streamJSON returns the next func of an NDJSON stream in, after its first record (first):
// one goroutine cuts the values (valueCutter), workers on every core check them (so a
// malformed record and its number are as json.Decoder says), read them without maps and build
// their events, which are queued in the order of the file. Nothing is left running once next
// has returned an error or io.EOF.
//
// byLine: the stream holds one record per line (NDJSON), cut at line ends; a line that is not
// one JSON value is quarantined with its line and the fault's byte (never its text), unless it
// is the last line and has no line end (a file cut short, whose records after it are lost).
func (r *EventReader) streamJSON(in io.Reader, first string, byLine bool) func() error {
	workers := max(1, runtime.GOMAXPROCS(0))
	order := make(chan *eventBatch, 2*workers)
	work := make(chan *eventBatch, 2*workers)
	// stop (Close, or next at the first malformed record) ends the cutter, which closes work,
	// which ends the workers: a caller that stops reading leaves nothing blocked on order or
	// work.
	stop := make(chan struct{})
	var once sync.Once
	r.stop = func() { once.Do(func() { close(stop) }) }
	go func() {
		defer close(order)
		defer close(work)
		cut := newValueCutter(in)
		lc := &lineCutter{br: bufio.NewReaderSize(in, 64<<10)} // by line: from line 1
		line := 2
		size := 64 << 10
		for {
			select {
			case <-stop:
				return
			default:
			}
			// Sized after the last batch: a slab that never grows while it fills.
			b := &eventBatch{line: line, byLine: byLine, done: make(chan struct{}), text: make([]byte, 0, size)}
			for byLine && len(b.ends) < eventBatchSize {
				text, ln, more, noEnd, err := lc.next(b.text)
				if err != nil {
					b.err = &ParseError{File: r.name, Line: ln, Err: fmt.Errorf("%w: %w", ErrBrokenFile, err)}
					break
				}
				if !more {
					break
				}
				b.text = text
				b.ends = append(b.ends, len(b.text))
				b.lines = append(b.lines, ln)
				b.noEnd = noEnd
			}
			for !byLine && len(b.ends) < eventBatchSize {
				text, more, err := cut.next(b.text)
				if err != nil {
					b.err = &ParseError{File: r.name, Line: line, Err: fmt.Errorf("%w: malformed JSON", ErrBrokenFile)}
					break
				}
				if !more {
					break
				}
				b.text = text
				b.ends = append(b.ends, len(b.text))
				line++
			}
			size = max(size, len(b.text)+len(b.text)/8)
			if len(b.ends) == 0 && b.err == nil {
				return
			}
			// Decided before b is handed on: a worker cuts b.ends and sets b.err at a
			// malformed record (reading them after the send was a data race).
			last := b.err != nil || len(b.ends) < eventBatchSize // malformed, or the end
			select {
			case order <- b:
			case <-stop:
				return
			}
			select {
			case work <- b:
			case <-stop:
				return
			}
			if last {
				return
			}
		}
	}()
	for range workers {
		go func() {
			w := &EventReader{Mapping: r.Mapping, Now: r.Now, name: r.name, layout: r.layout, serials: r.serials, date1904: r.date1904, cutoff: r.cutoff}
			var j jsonRecord
			for b := range work {
				start := 0
				var bad []int // by line: records quarantined as malformed
				for i, end := range b.ends {
					if v := b.text[start:end]; !validJSON(v) {
						if b.byLine && (i < len(b.ends)-1 || !b.noEnd) {
							bad = append(bad, i)
							w.rej = append(w.rej, Rejection{File: r.name, Line: b.lines[i], Reason: malformedLine(v)})
							start = end
							continue
						}
						ln := b.line + i
						if b.byLine {
							ln = b.lines[i]
						}
						b.ends = b.ends[:i]
						b.err = &ParseError{File: r.name, Line: ln, Err: fmt.Errorf("%w: malformed JSON", ErrBrokenFile)}
						break
					}
					start = end
				}
				// The batch's text is never written again (the cutter makes a new one for
				// each batch): its events' strings are read in place, not from a copy.
				text := unsafe.String(unsafe.SliceData(b.text), start)
				b.text = nil
				start = 0
				for i, end := range b.ends {
					if len(bad) > 0 && bad[0] == i {
						bad = bad[1:]
					} else if b.byLine {
						w.record(&j, text[start:end], b.lines[i])
					} else {
						w.record(&j, text[start:end], b.line+i)
					}
					start = end
				}
				b.events, b.rej, b.censored, b.cal = w.queue, w.rej, w.censored, w.cal
				// Sized after this batch: one slice a batch, not a doubling series of them.
				w.queue, w.rej, w.censored, w.cal = make([]Event, 0, len(b.events)+len(b.events)/8), nil, 0, calendarEvidence{}
				close(b.done)
			}
		}()
	}
	started := false
	var failed error // returned once the events before it are read
	return func() error {
		if !started && first != "" {
			started = true
			r.rows++
			var j jsonRecord
			r.record(&j, first, 1)
			return nil
		}
		if failed != nil {
			return failed
		}
		b, ok := <-order
		if !ok {
			return io.EOF
		}
		<-b.done
		r.rows += len(b.ends)
		if len(r.queue) == 0 {
			r.queue = b.events // the worker's slice, not a copy of it
		} else {
			r.queue = append(r.queue, b.events...)
		}
		r.rej = append(r.rej, b.rej...)
		r.censored += b.censored
		r.cal.add(&b.cal)
		if b.err != nil {
			r.stop()
			for range order { // the batches cut after it: their workers finish, nothing is read
			}
		}
		if len(r.queue) > 0 {
			failed = b.err
			return nil
		}
		return b.err
	}
}

// isCaseID reports whether the record key k maps onto the case number (remembered: records
// repeat their keys).
func (r *EventReader) isCaseID(k string) bool {
	is, ok := r.caseKeys[k]
	if !ok {
		f, _ := r.Mapping.resolve(k)
		is = f == schema.CaseID
		if r.caseKeys == nil {
			r.caseKeys = map[string]bool{}
		}
		if len(r.caseKeys) < 1024 { // keys are few; a file keyed by data is not remembered
			r.caseKeys[strings.Clone(k)] = is
		}
	}
	return is
}

// EventColumn reports whether an input column holds events of the wide layout or a Primero
// subform (placement_1_start, followup_2_date, closure_reason, care_arrangements, ...): the
// case reader does not know it, the EventReader does.
func EventColumn(name string) bool {
	k := fold(name)
	if _, ok := subforms[k]; ok {
		return true
	}
	if k == "closurereason" || k == "dateclosure" || k == "closuredate" {
		return true
	}
	m := wideColumn.FindStringSubmatch(strings.ToLower(strings.TrimSpace(name)))
	if m == nil {
		return false
	}
	_, ok := eventFields[fold(m[3])]
	return ok
}

// malformedLine is the reason a line of NDJSON events is quarantined: where its fault is,
// never its text.
func malformedLine(v []byte) string {
	if why, ok := jsonFault(json.Unmarshal(v, new(json.RawMessage)), " of the line"); ok {
		return why
	}
	return "not one JSON value"
}

// lineCutter cuts NDJSON at line ends: each non-blank line is a value, with its line number.
type lineCutter struct {
	br   *bufio.Reader
	line int // lines read
}

// next appends the next non-blank line's text (spaces trimmed) to dst; ln is its line number,
// more is false at the end, noEnd says the line is the input's last and has no line end.
func (c *lineCutter) next(dst []byte) (out []byte, ln int, more, noEnd bool, err error) {
	start := len(dst)
	for {
		b, err := c.br.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			dst = append(dst, b...)
			b, err = c.br.ReadSlice('\n')
		}
		dst = append(dst, b...)
		if err != nil && err != io.EOF {
			return dst[:start], c.line + 1, false, false, err
		}
		if len(dst) == start && err == io.EOF {
			return dst, 0, false, false, nil
		}
		c.line++
		t := bytes.TrimSpace(dst[start:])
		if len(t) == 0 {
			dst = dst[:start]
			if err == io.EOF {
				return dst, 0, false, false, nil
			}
			continue
		}
		n := copy(dst[start:], t)
		return dst[:start+n], c.line, true, err == io.EOF, nil
	}
}
