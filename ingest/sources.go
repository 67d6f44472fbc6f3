package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/schema"
)

// cell is one input value with the name of the column it came from.
type cell struct {
	col   string
	val   string
	group bool // a JSON list of objects (a form's repeat group), read as the empty list
}

// rowSource yields the rows of one input in order. next returns io.EOF at the end; a
// *rowError for a row that cannot be split into cells (the caller quarantines it and goes on);
// any other error ends the input.
type rowSource interface {
	next() (cells []cell, line int, err error)
}

type rowError struct {
	line   int
	reason string
}

func (e *rowError) Error() string { return e.reason }

// csvProducer splits delimited text into chunks of whole records. It decodes the text to UTF-8
// first, finds the delimiter and the header row, then cuts the rest at record boundaries (a
// newline outside quotes) into chunks of about csvChunk bytes for the workers to parse.
type csvProducer struct {
	delim byte // 0: sniff
}

// csvChunk is the size of the chunks of text handed to the workers (a variable for tests).
var csvChunk = 1 << 20

const (
	maxRecord    = 64 << 20 // a record (a quoted field) longer than this is taken as a broken file
	headerWindow = 20       // rows in which to look for the header
)

var errRecordTooLong = errors.New("a record longer than 64 MiB (an unterminated quote?)")

func (p *csvProducer) produce(e *emitter) error {
	br, notice, err := decodeInput(e.in, e.conf.encoding)
	if err != nil {
		return err
	}
	if notice != "" {
		e.notices = append(e.notices, notice)
	}
	delim := p.delim
	if delim == 0 {
		delim = sniffDelimiter(br)
	}
	buf := make([]byte, 0, csvChunk)
	line := 1
	eof := false
	var lay *layout
	for {
		if !eof && len(buf) < cap(buf) {
			n, err := io.ReadFull(br, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				eof = true
			} else if err != nil {
				return atLine(line, err)
			}
		}
		end, plain := lastRecordEnd(buf, delim, eof)
		if end == 0 && !eof {
			if cap(buf) >= maxRecord {
				return atLine(line, errRecordTooLong)
			}
			nb := make([]byte, len(buf), 2*cap(buf))
			copy(nb, buf)
			buf = nb
			continue
		}
		data := buf[:end]
		if lay == nil {
			var skip, lines int
			lay, skip, lines, err = findHeader(data, delim, line, e.res, eof)
			if err != nil {
				return err
			}
			if lay == nil { // no complete header yet: read more
				if cap(buf) >= maxRecord {
					return atLine(line, errRecordTooLong)
				}
				nb := make([]byte, len(buf), 2*cap(buf))
				copy(nb, buf)
				buf = nb
				continue
			}
			line += lines
			data = data[skip:]
			if w := discardedName(fileStem(e.conf.name)); w != "" && e.conf.inFolder && !namesInput(e.conf.mapping) {
				// "deleted-records.csv", "duplicates.csv" beside the cases: skipped as such a
				// sheet is (attack-2026-12-03d finding 6).
				reason := fmt.Sprintf("its file name (%q) says its rows are records taken out, not cases", w)
				return p.skipInput(e, br, buf[end:], data, delim, eof, reason, "if its rows are cases, name the file exactly with match: under sources: in the config")
			}
			if col := repeatColumn(lay.cols); col >= 0 && !namesInput(e.conf.mapping) {
				reason := fmt.Sprintf("a form's repeat group (its %s ties each row to a record of another export), not one row per case", columnAt(lay.cols[col], col+1))
				return p.skipInput(e, br, buf[end:], data, delim, eof, reason, "if its rows are the cases, name the file exactly with match: under sources: in the config")
			}
			sk, err := sideFile(e.conf.mapping, lay, data, delim, eof)
			if err != nil {
				return atLine(line-1, err) // the header's line
			}
			if sk != nil {
				return p.skipInput(e, br, buf[end:], data, delim, eof, sk.Reason, "if its rows are cases, map that column under columns: (as drop, or onto its field)")
			}
		}
		if len(data) > 0 {
			if !e.emit(&chunk{lay: lay, text: data, line: line, plain: plain}) {
				return nil
			}
			line += bytes.Count(data, []byte{'\n'})
		}
		if eof {
			return nil
		}
		rest := buf[end:]
		var nb []byte
		select {
		case nb = <-e.conf.free:
		default:
		}
		if cap(nb) < max(csvChunk, 2*len(rest)) {
			nb = make([]byte, 0, max(csvChunk, 2*len(rest)))
		}
		buf = append(nb[:0], rest...)
	}
}

// skipInput records a delimited input as skipped, with why (reason) and what to do if that is
// wrong (hint), as the workbook reader skips a sheet: a form's repeat group (its rows tie each
// to a record of another export: ODK Central's and Briefcase's household members, beside the
// main CSV in the folder) or a summary of counts (sideFile). It counts its non-blank records
// (header included), for the manifest and the notice, and reads none.
func (p *csvProducer) skipInput(e *emitter, br io.Reader, rest, data []byte, delim byte, eof bool, reason, hint string) error {
	n := 1 // the header
	var rec []string
	count := func(text string) {
		for pos := 0; pos < len(text); {
			rec, pos, _ = parseRecord(text, pos, delim, rec[:0])
			if !blankVals(rec) {
				n++
			}
		}
	}
	count(string(data))
	if !eof {
		more, err := io.ReadAll(br)
		if err != nil {
			return err
		}
		count(string(append(slices.Clone(rest), more...)))
	}
	e.res.takeUnknown() // its columns are not read: no notice of columns dropped
	e.skipped = append(e.skipped, SkippedSheet{Rows: n, Reason: reason})
	e.notices = append(e.notices, fmt.Sprintf("skipped: %s; its %d non-blank rows (header included) were not read (%s)", reason, n, hint))
	return nil
}

// namesInput reports whether the config names the input itself: its sources: entry matches it
// by an exact name, not a pattern. Such an input is read even when its rows are a form's repeat
// group (the user says they are the cases, as sheet: does for a workbook).
func namesInput(m *Mapping) bool {
	return m != nil && m.Match != "" && !strings.ContainsAny(m.Match, "*?[\\")
}

// findHeader picks the header among the first rows of data: the first row that maps at least two
// known columns, else the first that maps one, else the first row (and then the input fails:
// no column is known). It returns the layout, the bytes and lines up to the end of the header,
// or a nil layout when data holds too few rows to decide and more may come.
func findHeader(data []byte, delim byte, line int, res *resolver, eof bool) (*layout, int, int, error) {
	text := string(data[:min(len(data), 4<<20)])
	type cand struct {
		cols        []string
		end, lines  int
		line, known int
	}
	var cands []cand
	pos, ln := 0, line
	var rec []string
	for pos < len(text) && len(cands) < headerWindow {
		var next int
		var bad quoteFault
		rec, next, bad = parseRecord(text, pos, delim, rec[:0])
		start := ln
		ln += strings.Count(text[pos:next], "\n")
		pos = next
		if bad != quotesOK || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		cols := make([]string, len(rec))
		known := map[int]bool{}
		for i, c := range rec {
			cols[i] = strings.TrimSpace(strings.Clone(c))
			if f := res.m.resolveColumn(cols[i]); f != "" && f != "drop" && fieldIndex(f) >= 0 {
				known[fieldIndex(f)] = true
			}
		}
		cands = append(cands, cand{cols, pos, ln - line, start, len(known)})
		if len(known) >= 2 {
			break
		}
	}
	if len(cands) == 0 {
		if eof {
			return nil, 0, 0, ErrNoHeader
		}
		return nil, 0, 0, nil
	}
	pick := -1
	for i, c := range cands {
		if c.known >= 2 {
			pick = i
			break
		}
	}
	if pick < 0 {
		if !eof && len(cands) < headerWindow && len(data) < 4<<20 {
			return nil, 0, 0, nil // perhaps the header is further down
		}
		for i, c := range cands {
			if c.known >= 1 {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		pick = 0
	}
	c := cands[pick]
	fields, named, err := res.layoutNamed(c.cols)
	if err != nil {
		return nil, 0, 0, atLine(c.line, err)
	}
	lay := &layout{delim: delim, cols: c.cols, fields: fields, trailEmpty: len(c.cols) > 1 && c.cols[len(c.cols)-1] == ""}
	lay.named = named
	anyKnown := false
	for _, f := range fields {
		anyKnown = anyKnown || f >= 0
	}
	if !anyKnown {
		return nil, 0, 0, atLine(c.line, ErrNoKnownColumn)
	}
	return lay, c.end, c.lines, nil
}

// sniffDelimiter picks the candidate that splits some line among the first ones into the most
// fields, counting outside quotes only (a title line above the header has few).
func sniffDelimiter(br *bufio.Reader) byte {
	b, _ := br.Peek(1 << 16)
	counts := map[byte]int{}
	for n := 0; n < headerWindow && len(b) > 0; n++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		per := map[byte]int{}
		quoted := false
		for _, c := range line {
			switch c {
			case '"':
				quoted = !quoted
			case ',', ';', '\t', '|':
				if !quoted {
					per[c]++
				}
			}
		}
		for d, k := range per {
			counts[d] = max(counts[d], k)
		}
	}
	best, n := byte(','), 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		if counts[d] > n {
			best, n = d, counts[d]
		}
	}
	return best
}

// lastRecordEnd returns the end of the last complete record in b (0 when none); at the end of
// the input every byte belongs to a record. plain says that b[:end] holds no quote (false when
// unknown).
func lastRecordEnd(b []byte, delim byte, eof bool) (end int, plain bool) {
	if eof {
		return len(b), false
	}
	// Between quotes every newline ends a record, so only the records holding a quote need
	// reading field by field; the rest is found with SIMD searches.
	last, i := 0, 0
	for {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			if nl := bytes.LastIndexByte(b[i:], '\n'); nl >= 0 {
				return i + nl + 1, i == 0
			}
			return last, false
		}
		q += i
		if nl := bytes.LastIndexByte(b[i:q], '\n'); nl >= 0 {
			last = i + nl + 1
			i = last
		}
		j := recordEnd(b, i, delim)
		if j < 0 {
			return last, false
		}
		last, i = j, j
	}
}

// recordEnd returns the end (after the newline) of the record that starts at b[i], or -1 when b
// ends first. It follows parseRecord's reading of quotes exactly, so that chunks split where the
// parser would, malformed quoting included.
func recordEnd(b []byte, i int, delim byte) int {
	nl := bytes.IndexByte(b[i:], '\n')
	if nl < 0 {
		return -1
	}
	if bytes.IndexByte(b[i:i+nl], '"') < 0 {
		return i + nl + 1
	}
	for {
		if i < len(b) && b[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(b[i:], '"')
				if j < 0 {
					return -1
				}
				i += j + 1
				if i >= len(b) {
					return -1
				}
				if b[i] == '"' {
					i++
					continue
				}
				break
			}
			switch {
			case b[i] == delim:
				i++
				continue
			case b[i] == '\n':
				return i + 1
			case b[i] == '\r' && i+1 >= len(b):
				return -1
			case b[i] == '\r' && b[i+1] == '\n':
				return i + 2
			}
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				return -1
			}
			return i + k + 1
		}
		j := i
		for j < len(b) && b[j] != delim && b[j] != '\n' {
			if b[j] == '"' {
				k := bytes.IndexByte(b[j:], '\n')
				if k < 0 {
					return -1
				}
				return j + k + 1
			}
			j++
		}
		if j >= len(b) {
			return -1
		}
		if b[j] == '\n' {
			return j + 1
		}
		i = j + 1
	}
}

// quoteFault says what is wrong with a record's quoting.
type quoteFault uint8

const (
	quotesOK quoteFault = iota
	// quoteUnclosed: a quoted value never closes; the record runs to the end of the text, and
	// dst holds the fields before it
	quoteUnclosed
	// quoteStray: a quote inside an unquoted value, or text after a closing quote
	quoteStray
)

// parseRecord splits the record at text[pos:] into fields appended to dst, as encoding/csv
// does (RFC 4180 quoting, CRLF or LF, no lazy quotes), and returns where the next record
// starts. A record with malformed quoting is bad (the fault says how); reading goes on after
// the line where the problem is. Unquoted fields are substrings of text: no copy.
func parseRecord(text string, pos int, delim byte, dst []string) ([]string, int, quoteFault) {
	nl := strings.IndexByte(text[pos:], '\n')
	line, next := text[pos:], len(text)
	if nl >= 0 {
		line, next = text[pos:pos+nl], pos+nl+1
	}
	if strings.IndexByte(line, '"') < 0 {
		line = strings.TrimSuffix(line, "\r")
		for {
			i := strings.IndexByte(line, delim)
			if i < 0 {
				return append(dst, line), next, quotesOK
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
		}
	}
	skipLine := func(i int) ([]string, int, quoteFault) {
		k := strings.IndexByte(text[i:], '\n')
		if k < 0 {
			return dst, len(text), quoteStray
		}
		return dst, i + k + 1, quoteStray
	}
	i := pos
	for {
		if i < len(text) && text[i] == '"' {
			i++
			seg := i
			var sb strings.Builder
			built := false
			for {
				j := strings.IndexByte(text[i:], '"')
				if j < 0 {
					return dst, len(text), quoteUnclosed
				}
				i += j + 1
				if i < len(text) && text[i] == '"' {
					sb.WriteString(text[seg:i])
					i++
					seg, built = i, true
					continue
				}
				break
			}
			val := text[seg : i-1]
			if built {
				sb.WriteString(val)
				val = sb.String()
			}
			if strings.Contains(val, "\r\n") {
				val = strings.ReplaceAll(val, "\r\n", "\n")
			}
			dst = append(dst, val)
			switch {
			case i >= len(text):
				return dst, i, quotesOK
			case text[i] == delim:
				i++
				continue
			case text[i] == '\n':
				return dst, i + 1, quotesOK
			case text[i] == '\r' && i+1 == len(text):
				return dst, i + 1, quotesOK
			case text[i] == '\r' && text[i+1] == '\n':
				return dst, i + 2, quotesOK
			}
			return skipLine(i)
		}
		j := i
		for j < len(text) && text[j] != delim && text[j] != '\n' {
			if text[j] == '"' {
				return skipLine(j)
			}
			j++
		}
		if j >= len(text) {
			return append(dst, strings.TrimSuffix(text[i:j], "\r")), j, quotesOK
		}
		if text[j] == '\n' {
			return append(dst, strings.TrimSuffix(text[i:j], "\r")), j + 1, quotesOK
		}
		dst = append(dst, text[i:j])
		i = j + 1
	}
}

// jsonProducer reads JSON arrays and NDJSON. Cutting the text into values cannot be split
// safely, so one goroutine does it; decoding the values (into maps, then flattened to cells),
// the costly part, is spread over the cores in batches; the cells are then resolved onto
// fields here, in order, and handed to the workers. What is read, and every error and where,
// is as if one goroutine did it all.
type jsonProducer struct{}

// jsonBatch is a run of consecutive values: their text (one slab), their record numbers, and,
// once decoded, their cells or the reason each is not a record.
type jsonBatch struct {
	text  []byte
	ends  []int // value i is text[ends[i-1]:ends[i]]
	lines []int
	err   error // the error that ended the input after these values (io.EOF at the end)
	line  int   // the record number where err happened
	cells [][]cell
	slabs [][]cell // the flattener's slabs cells holds (see flattener.slab)
	bad   []error  // per value: a *rowError, or nil
	// per value, a line the cutter already found malformed (NDJSON read line by line): its
	// *rowError; nil when none is
	cutBad map[int]error
	done   chan struct{}
}

const jsonBatchSize = 256

func (p *jsonProducer) produce(e *emitter) error {
	br, notice, err := decodeInput(e.in, e.conf.encoding)
	if err != nil {
		return err
	}
	if notice != "" {
		e.notices = append(e.notices, notice)
	}
	s, err := newJSONSource(br, localPath(e.conf.name))
	if err != nil {
		return err
	}
	if s.notice != "" {
		e.notices = append(e.notices, s.notice)
	}
	if s.skip != nil {
		// A page of an API's answer read with the answer's first page (see siblingPages).
		e.skipped = append(e.skipped, *s.skip)
		e.notices = append(e.notices, "skipped: "+s.skip.Reason)
		return nil
	}
	// rows is made at the last chunk's size once one was sent (grown from nil by doubling,
	// a chunk's srows were allocated about twice over); fslab holds the rows' cells one
	// after another, in slabs never written again once cut (a slice a row was a tenth of
	// an NDJSON input's allocated bytes): a chunk kept for a second conversion keeps its slabs.
	var rows []srow
	var fslab []fcell
	rowCap := 0
	flush := func() bool {
		if len(rows) == 0 {
			return true
		}
		ok := e.emit(&chunk{rows: rows})
		rows, rowCap = nil, len(rows)
		return ok
	}
	// A list of objects (a form's repeat group) beside rows that map no person's field: the
	// people may be in the group, and the rows operations or households (see personless).
	person, group := false, ""
	// repeat: the first record's column that ties it to a record of another feed (ODK
	// Central's OData feed of a repeat group: __Submissions-id); then every record is only
	// counted (n), as skipRepeat does for a CSV. checked: the first record was looked at.
	repeat, checked, n := "", namesInput(e.conf.mapping), 0
	others := false // a record so far mapped a field other than age (srow.others)
	// take resolves one value's cells and queues the row; false when the input ends here.
	take := func(cells []cell, line int) (bool, error) {
		if !checked {
			checked = true
			cols := make([]string, len(cells))
			for i, c := range cells {
				cols[i] = c.col
			}
			if i := repeatColumn(cols); i >= 0 {
				repeat, n, rows = cols[i], len(rows), nil
			}
		}
		if repeat != "" {
			n++
			return true, nil
		}
		if cap(fslab)-len(fslab) < len(cells) {
			fslab = make([]fcell, 0, max(len(cells)*128, 1024))
		}
		n := len(fslab)
		fslab = fslab[:n+len(cells)]
		fc := fslab[n : n+len(cells) : n+len(cells)]
		for i, c := range cells {
			fc[i] = fcell{f: e.res.field(c.col), col: c.col, val: c.val}
			person = person || personField(fc[i].f)
			others = others || fc[i].f >= 0 && fc[i].f != fAge
			// ODK Central's OData gives a repeat group as a link to its own feed
			// ("household@odata.navigationLink"), not as a list in the record.
			navLink := strings.HasSuffix(c.col, "@odata.navigationLink") && len(c.col) > len("@odata.navigationLink")
			if (c.group || navLink) && group == "" && fc[i].f < 0 && !serverMeta(c.col) && !EventColumn(c.col) { // not _attachments, nor a subform of events
				if name, _ := e.res.m.resolveAny(c.col); name != "drop" {
					group = c.col
				}
			}
		}
		if err := e.res.cells(fc); err != nil {
			if !flush() {
				return false, nil
			}
			return false, atLine(line, err)
		}
		if rows == nil && rowCap > 0 {
			rows = make([]srow, 0, rowCap)
		}
		rows = append(rows, srow{cells: fc, line: line, others: others})
		if len(rows) >= 1024 && !flush() {
			return false, nil
		}
		return true, nil
	}
	if s.pending != nil {
		var cells []cell
		var err error
		if s.pendingRaw != nil {
			// The flattener, as for the other records: it refuses a key given twice.
			cells, err = newFlattener().record(string(s.pendingRaw), 0, len(s.pendingRaw), s.index)
		} else {
			flatten("", s.pending, &cells, 0)
		}
		s.pending, s.pendingRaw = nil, nil
		if re, ok := err.(*rowError); ok {
			rows = append(rows, srow{line: s.index, bad: re.reason})
		} else if ok, err := take(cells, s.index); !ok {
			return err
		}
	}

	quit := make(chan struct{})
	cut := make(chan struct{})
	defer func() {
		close(quit)
		<-cut // the input is read by one goroutine at a time: the caller reads the rest
	}()
	workers := max(1, e.conf.workers)
	order := make(chan *jsonBatch, 2*workers)
	work := make(chan *jsonBatch, 2*workers)
	go func() { // cuts the values, in order
		defer close(cut)
		defer close(work)
		defer close(order)
		var raw json.RawMessage
		size := 64 << 10
		for {
			// Sized after the last batch: a slab that never grows while it fills.
			b := &jsonBatch{done: make(chan struct{}), text: make([]byte, 0, size)}
			for len(b.lines) < jsonBatchSize {
				line, err := s.nextRaw(&raw)
				var re *rowError
				if errors.As(err, &re) { // a malformed NDJSON line: quarantined, reading goes on
					if b.cutBad == nil {
						b.cutBad = map[int]error{}
					}
					b.cutBad[len(b.lines)] = re
					b.ends = append(b.ends, len(b.text))
					b.lines = append(b.lines, line)
					continue
				}
				if err != nil {
					b.err, b.line = err, line
					break
				}
				b.text = append(b.text, raw...)
				b.ends = append(b.ends, len(b.text))
				b.lines = append(b.lines, line)
			}
			size = max(size, len(b.text)+len(b.text)/8)
			select {
			case order <- b:
			case <-quit:
				return
			}
			select {
			case work <- b:
			case <-quit:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	// Slabs of cells come back once their batch's rows are taken (take copies the cells).
	free := make(chan []cell, 2*workers+2)
	for range workers {
		go func() { // decodes batches, in any order
			fl := newFlattener()
			var b *jsonBatch
			fl.slabbed = true
			fl.newSlab = func(n int) []cell {
				var sl []cell
				select {
				case sl = <-free:
				default:
				}
				if cap(sl) < n*jsonBatchSize {
					sl = make([]cell, 0, n*jsonBatchSize)
				}
				b.slabs = append(b.slabs, sl[:0])
				return sl[:0]
			}
			for b = range work {
				fl.slab = nil // a batch's cells in slabs of its own: they come back with it
				b.cells, b.bad = make([][]cell, len(b.lines)), make([]error, len(b.lines))
				// The slab is never written again: its values are read in place.
				text := unsafe.String(unsafe.SliceData(b.text), len(b.text))
				from := 0
				for i, end := range b.ends {
					if e := b.cutBad[i]; e != nil {
						b.bad[i] = e
					} else {
						b.cells[i], b.bad[i] = fl.record(text, from, end, b.lines[i])
					}
					from = end
				}
				close(b.done)
			}
		}()
	}
	for b := range order {
		select {
		case <-b.done:
		case <-e.ctx.Done():
			return nil
		}
		for i, line := range b.lines {
			var re *rowError
			switch {
			case b.bad[i] == nil:
				if ok, err := take(b.cells[i], line); !ok {
					return err
				}
			case repeat != "":
				n++ // a record of the repeat group's feed, whatever it holds: counted only
			case errors.As(b.bad[i], &re):
				rows = append(rows, srow{line: re.line, bad: re.reason})
			default:
				if !flush() {
					return nil
				}
				return atLine(line, b.bad[i])
			}
		}
		for _, sl := range b.slabs {
			select {
			case free <- sl:
			default:
			}
		}
		if b.err == io.EOF {
			break
		}
		if b.err != nil {
			if !flush() {
				return nil
			}
			return atLine(b.line, b.err)
		}
	}
	if repeat != "" {
		e.res.takeUnknown() // its columns are not read: no notice of columns dropped
		reason := fmt.Sprintf("a form's repeat group (its field %q ties each record to a record of another export), not one record per case", shownColumn(repeat))
		e.skipped = append(e.skipped, SkippedSheet{Rows: n, Reason: reason})
		e.notices = append(e.notices, fmt.Sprintf("skipped: %s; its %d records were not read "+
			"(if its records are the cases, name the file exactly with match: under sources: in the config)", reason, n))
		return nil
	}
	flush()
	if name, ok := strings.CutSuffix(group, "@odata.navigationLink"); ok && !person {
		// the link's name is the group's and "@odata.navigationLink", which SafeLabel refuses ("@")
		link := withheldColumn
		if detect.SafeLabel(name) {
			link = group
		}
		return personless(fmt.Sprintf("column %q (a link to the repeat group %q, on a feed of its own)", link, detect.Label(name, "of the form")),
			"map that column onto drop under columns: if each record is one person whose gender and age were not recorded; "+
				"if the group's records are the people, read the group's own feed (Submissions."+detect.Label(name, "GROUP")+") as the cases")
	}
	if group != "" && !person {
		return personless(fmt.Sprintf("column %q", detect.Label(group, "a column")), "map that column onto drop under columns: if each row is one person whose gender and age were not recorded; "+
			"if the group's records are the people, export them one row per person (KoboToolbox's XLSX export puts a repeat group on its own sheet: name it with sheet:)")
	}
	return nil
}

// personIdx are the fields that describe a person's gender or age.
var personIdx = []int{fieldIndex(schema.Gender), fAge, fieldIndex(schema.AgeBand), fieldIndex(schema.DateOfBirth), fieldIndex(schema.MajorityStatus)}

func personField(f int) bool { return f >= 0 && slices.Contains(personIdx, f) }

// personless is the refusal of an input whose rows map no gender, age or date of birth while
// a form's repeat group (what) beside them holds records: a form of one submission per rescue
// operation or household, the people in the group. Read, each operation would be one victim
// of unknown gender and age (attack-2026-12-01 finding 10).
func personless(what, fix string) error {
	return fmt.Errorf("%w: no column maps onto gender, age or date of birth, while %s holds a form's repeat group: the people may be in that group, "+
		"and each row an operation or a household, not one person; %s", ErrNotCases, what, fix)
}

// jsonSource reads a JSON array of objects or newline-delimited objects. Nested objects are
// flattened to dotted paths (data.sex); arrays of scalars are joined with ";". A file that is
// one object holding the records in an array (an API's answer: {"data": [...], "metadata":
// {...}}) is unwrapped; one that holds a part of them only (a page) or whose records are under
// a field of another name is refused: an envelope is never taken for one row.
type jsonSource struct {
	dec     *json.Decoder
	array   bool
	index   int
	pending map[string]any // the first object, read ahead to tell an envelope from a record
	// its text, when the first record is the file's first value (flattened as the others)
	pendingRaw []byte
	notice     string
	// path is the input's file on disk ("" for a URL or a stream): the folder where the other
	// pages of an API's answer saved page by page are looked for (see siblingPages)
	path string
	skip *SkippedSheet // the input is a page read with its answer's first page: not read
	br   *bufio.Reader // the input after what dec has buffered
	// NDJSON is read line by line (see tryLines, nextLine): lines is br then, line counts the
	// lines read, held is the line read ahead (at line+0), buf holds a long line
	lines *bufio.Reader
	line  int
	held  []byte
	buf   []byte
}

// tryLines reads the input as NDJSON, line by line, when its first line is one JSON object and
// a non-blank line follows, or when its first line is malformed and the next non-blank line is
// one JSON object: then a malformed line, the first too, is quarantined and reading goes on at
// the next. A file of one line (one record, or an API's envelope), or whose first value spreads
// over lines (objects written one after another, pretty-printed), is read by the decoder as a
// stream, where a malformed value ends the input: no line says where the next one starts.
func (s *jsonSource) tryLines() bool {
	var read []byte // what was read, for the decoder when this is not NDJSON
	line, err := s.br.ReadBytes('\n')
	read = append(read, line...)
	first := bytes.TrimSpace(line)
	if err == nil && json.Valid(first) {
		for n := 1; ; n++ {
			var next []byte
			next, err = s.br.ReadBytes('\n')
			if len(bytes.TrimSpace(next)) > 0 {
				var rec map[string]any
				d := json.NewDecoder(bytes.NewReader(first))
				d.UseNumber()
				if d.Decode(&rec) == nil {
					s.line++
					s.index, s.pending, s.pendingRaw = s.line, rec, first // the first record's line
					s.line += n
					s.held, s.lines = next, s.br
					return true
				}
			}
			read = append(read, next...)
			if err != nil {
				break
			}
		}
	} else if err == nil && len(first) > 0 && first[0] == '{' && !bytes.HasSuffix(first, []byte("{")) && !bytes.HasSuffix(first, []byte("[")) {
		// The first line malformed (not the start of a value spread over lines, which ends
		// with a bracket): NDJSON if the next non-blank line is one object. Then the first
		// line is quarantined like any other, not the whole input failed.
		for {
			var next []byte
			next, err = s.br.ReadBytes('\n')
			read = append(read, next...)
			if t := bytes.TrimSpace(next); len(t) > 0 {
				if t[0] == '{' && json.Valid(t) {
					s.lines = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(read), s.br), 1<<16)
					return true
				}
				break
			}
			if err != nil {
				break
			}
		}
	}
	var rest io.Reader = s.br
	if err != nil && err != io.EOF {
		rest = errReader{err} // a failed read fails the input, where the decoder meets it
	}
	s.dec = json.NewDecoder(io.MultiReader(bytes.NewReader(read), rest))
	s.dec.UseNumber()
	return false
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// envelopeKeys are the fields under which APIs return their records (Primero, KoboToolbox and
// Django REST framework, ODK Central's OData, Elasticsearch-like answers).
var envelopeKeys = []string{"data", "records", "results", "items", "value", "rows", "entries", "cases", "submissions"}

func newJSONSource(br *bufio.Reader, path string) (*jsonSource, error) {
	dec := json.NewDecoder(br)
	dec.UseNumber()
	s := &jsonSource{dec: dec, br: br, path: path}
	// Peek the first non-space byte to tell an array from NDJSON.
	for {
		b, err := br.Peek(1)
		if err != nil {
			return nil, ErrNoHeader
		}
		if b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t' {
			if b[0] == '\n' {
				s.line++
			}
			br.ReadByte()
			continue
		}
		if b[0] == '[' {
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			s.array = true
			return s, nil
		}
		if b[0] == '{' {
			if s.tryLines() {
				return s, nil
			}
			return s, s.envelope()
		}
		return s, nil
	}
}

// envelope reads the first object. Alone in the file and holding its records in an array of
// objects, it is an envelope: the array is read instead. Otherwise it is the first record.
func (s *jsonSource) envelope() error {
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err != nil {
		return nil // next reports it, at its line
	}
	var first map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&first); err != nil {
		return nil
	}
	s.index++
	if s.dec.More() { // more objects follow: NDJSON, whose first line is a record
		s.pending, s.pendingRaw = first, raw
		return nil
	}
	if err := keyedFile(string(raw)); err != nil {
		return err
	}
	var arrays []string // fields holding arrays of objects
	for k, v := range first {
		if a, ok := v.([]any); ok && len(a) > 0 {
			if _, ok := a[0].(map[string]any); ok {
				arrays = append(arrays, k)
			}
		}
	}
	sort.Strings(arrays)
	if k, ok := nullEnvelope(first); ok {
		// Primero's {"data": null, "metadata": {...}}: an answer that holds no records (a page
		// past the last, a query that matched none), not one case of which nothing is known.
		return fmt.Errorf("%w: the file is an API's answer whose records field %q is null: it holds no records (an empty page, or a query that matched none); "+
			"export the records, or leave the file out", ErrBrokenFile, k)
	}
	if len(arrays) == 0 {
		if err := s.rowsTable(first); err != nil || s.array {
			return err
		}
	}
	key := ""
	for _, k := range envelopeKeys {
		if a, ok := first[k].([]any); ok && (len(a) == 0 || slices.Contains(arrays, k)) {
			key = k
			break
		}
	}
	if key == "" {
		if len(arrays) > 0 {
			// "holds 1 objects, not a list of records" read as a miscount (attack-2026-12-05e X9)
			n := len(first[arrays[0]].([]any))
			return fmt.Errorf("%w: the file is one JSON object whose field %q holds a list of %d %s, under a name that no API's answer gives its records: whether they are the records is not certain; "+
				"export the records as a JSON array or NDJSON, or as an answer with the records under %s",
				ErrBrokenFile, shownColumn(arrays[0]), n, agreeN(n, "object", "objects"), strings.Join(envelopeKeys, ", "))
		}
		s.pending, s.pendingRaw = first, raw // a file of one record
		return nil
	}
	records := first[key].([]any)
	pages := 0
	if total, more := pageInfo(first); more || total > len(records) {
		all, why := siblingPages(s.path, first, key)
		switch {
		case all == nil && strings.Contains(why, "the answer changed while"):
			return fmt.Errorf("%w: the file is one page of an API's answer (%d of %d records under %q)%s: "+
				"fetch every page again, one after another with nothing added meanwhile (or export every record in one file, the server's export), "+
				"and save each page as a file of its own in one folder",
				ErrBrokenFile, len(records), max(total, len(records)), key, why)
		case all == nil:
			return fmt.Errorf("%w: the file is one page of an API's answer (%d of %d records under %q, or a next page)%s: "+
				"export every record in one file (the server's export, not its API's pages), or save every page of the answer as a file "+
				"of its own in one folder: pages whose records make the answer's count are read together",
				ErrBrokenFile, len(records), max(total, len(records)), key, why)
		case all[0].path != "":
			at := 0
			for _, p := range all {
				if p.path == "" {
					at = p.offset
				}
			}
			s.skip = &SkippedSheet{Rows: len(records), Reason: fmt.Sprintf("a page of an API's answer (records %d-%d of %d under %q), "+
				"read with the answer's first page, %s, beside it (give that file, or the folder)", at+1, at+len(records), total, key, pageLabel(all[0].path))}
			return nil
		}
		records, pages = nil, len(all)
		var from []string
		for _, p := range all {
			records = append(records, p.records...)
			if p.path != "" {
				from = append(from, pageLabel(p.path))
			}
		}
		s.notice = fmt.Sprintf("the records were read from the answer's %q field in %d pages, this file's and those of %s beside it (%d records, the answer's count)",
			key, pages, strings.Join(from, ", "), len(records))
	}
	for i, r := range records {
		if _, ok := r.(map[string]any); !ok {
			return fmt.Errorf("%w: record %d under %q is not a JSON object", ErrBrokenFile, i+1, key)
		}
	}
	inner, _ := json.Marshal(records)
	s.dec = json.NewDecoder(bytes.NewReader(inner))
	s.dec.UseNumber()
	s.dec.Token() // [
	s.array, s.index = true, 0
	var other []string
	for k := range first {
		if k != key {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	if pages == 0 {
		s.notice = fmt.Sprintf("the records were read from the answer's %q field (%d)", key, len(records))
	}
	if len(other) > 0 {
		s.notice += fmt.Sprintf("; its other fields (%s) were not read", strings.Join(other, ", "))
	}
	return nil
}

// pageKeys are the fields an API's answer gives beside its records: counts, links, paging.
var pageKeys = map[string]bool{
	"metadata": true, "meta": true, "pagination": true, "paging": true, "links": true, "page": true,
	"per": true, "per_page": true, "total": true, "count": true, "total_count": true, "totalcount": true,
	"total_records": true, "totalrecords": true, "next": true, "previous": true, "prev": true,
	"next_page": true, "nextpage": true, "@odata.context": true, "@odata.count": true, "@odata.nextlink": true,
	"success": true, "status": true, "errors": true, "message": true,
}

// nullEnvelope returns the envelope key of an answer whose records field is null and whose
// other fields are only an answer's (see pageKeys): the answer holds no records.
func nullEnvelope(doc map[string]any) (string, bool) {
	key := ""
	for _, k := range envelopeKeys {
		if v, ok := doc[k]; ok && v == nil {
			key = k
			break
		}
	}
	if key == "" {
		return "", false
	}
	for k := range doc {
		if k != key && !pageKeys[strings.ToLower(k)] {
			return "", false
		}
	}
	return key, true
}

// keyedFile refuses a file that is one object of records keyed by their names or case numbers,
// or whose field holds them (Firebase's {"cases": {"<id>": {...}, ...}}): read as one record,
// every key became a column name that the column clash error printed (attack-2026-12-01e
// finding 5). The error names the field, a name of the export's layout, never a key.
func keyedFile(text string) error {
	f := &flattener{text: text}
	f.ws()
	ms := objectMembers(f, nil)
	if keyedRecords(text, ms) {
		return fmt.Errorf("%w: %s", ErrBrokenFile, strings.Replace(keyedReason("", len(ms)), "the record is an object", "the file is one JSON object", 1))
	}
	for _, m := range ms {
		if text[m.start] != '{' {
			continue
		}
		g := &flattener{text: text[:m.end], pos: m.start}
		sub := objectMembers(g, nil)
		if keyedRecords(text, sub) {
			return fmt.Errorf("%w: the file is one JSON object whose %s", ErrBrokenFile, keyedReason(m.key, len(sub)))
		}
	}
	return nil
}

// rowsTable reads an object that holds a table as an array of rows, a header row first (the
// Google Sheets API's values.get: {"range", "majorDimension": "ROWS", "values": [[...], ...]}),
// as its records: a row shorter than the header has empty cells after its last (the API
// leaves trailing empty cells out). It sets s.array when it did; an object with no such array
// is left to envelope. Read as one record, the table was one case of which nothing is known
// (attack-2026-12-01d finding 11).
func (s *jsonSource) rowsTable(first map[string]any) error {
	var keys []string
	for k, v := range first {
		if a, ok := v.([]any); ok && len(a) > 0 {
			if _, ok := a[0].([]any); ok {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	if len(keys) > 1 {
		return fmt.Errorf("%w: the file is one JSON object with %d arrays of rows (%s): export one table as CSV", ErrBrokenFile, len(keys), strings.Join(keys, ", "))
	}
	key := keys[0]
	if d, ok := first["majorDimension"].(string); ok && !strings.EqualFold(d, "ROWS") {
		return fmt.Errorf("%w: the table under %q is by columns (majorDimension %s): ask for it by rows, or export it as CSV", ErrBrokenFile, key, d)
	}
	rows := first[key].([]any)
	head, _ := rows[0].([]any)
	header := make([]string, len(head))
	for i, h := range head {
		name, ok := h.(string)
		if !ok || strings.TrimSpace(name) == "" || slices.Contains(header[:i], name) {
			return fmt.Errorf("%w: the first row under %q is not a header (column %d is not a name, is empty or repeats one): export the table as CSV with its header", ErrBrokenFile, key, i+1)
		}
		header[i] = name
	}
	records := make([]map[string]any, 0, len(rows)-1)
	for ri, r := range rows[1:] {
		cells, ok := r.([]any)
		if !ok || len(cells) > len(header) {
			return fmt.Errorf("%w: row %d under %q is not an array of at most %d cells (the header's)", ErrBrokenFile, ri+2, key, len(header))
		}
		rec := make(map[string]any, len(header))
		for i, name := range header {
			rec[name] = ""
			if i < len(cells) && cells[i] != nil {
				rec[name] = cells[i]
			}
		}
		records = append(records, rec)
	}
	inner, _ := json.Marshal(records)
	s.dec = json.NewDecoder(bytes.NewReader(inner))
	s.dec.UseNumber()
	s.dec.Token() // [
	s.array, s.index = true, 0
	s.notice = fmt.Sprintf("the records were read from the rows under the answer's %q field (a header row and %d rows)", key, len(records))
	return nil
}

// pageInfo finds what paged answers say of the whole: a total count of records and whether a
// next page exists (DRF and Kobo: count, next; Primero: metadata.total; JSON:API: links.next,
// meta.total; OData: @odata.nextLink, @odata.count).
func pageInfo(doc map[string]any) (total int, more bool) {
	num := func(v any) int {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				return int(i)
			}
		}
		return 0
	}
	look := func(m map[string]any) {
		for _, k := range []string{"total", "count", "total_count", "totalCount", "total_records", "totalRecords", "@odata.count"} {
			total = max(total, num(m[k]))
		}
		for _, k := range []string{"next", "next_page", "nextPage", "@odata.nextLink"} {
			switch v := m[k].(type) {
			case string:
				more = more || v != ""
			case bool:
				more = more || v
			}
		}
	}
	look(doc)
	for _, k := range []string{"metadata", "meta", "pagination", "paging", "links", "page"} {
		if m, ok := doc[k].(map[string]any); ok {
			look(m)
		}
	}
	return total, more
}

// nextRaw reads the next value's text into raw and returns its record number: io.EOF at the
// end; a malformed file ends the input with an error at the record where it was found.
func (s *jsonSource) nextRaw(raw *json.RawMessage) (int, error) {
	if s.lines != nil {
		return s.nextLine(raw)
	}
	if s.array && !s.dec.More() {
		// More is false at the array's end, and also when reading failed (a connection lost, a
		// size cap, a truncated file): only a closing bracket is the end.
		if t, err := s.dec.Token(); err != nil || t != json.Delim(']') {
			s.index++
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			if why, ok := jsonFault(err, ""); ok {
				return s.index, errors.New(why)
			}
			return s.index, fmt.Errorf("malformed JSON: the list of records does not end: %w", err)
		}
		return 0, io.EOF
	}
	s.index++
	if err := s.dec.Decode(raw); err != nil {
		if err == io.EOF && !s.array {
			return 0, io.EOF
		}
		if why, ok := jsonFault(err, ""); ok {
			return s.index, errors.New(why)
		}
		return s.index, fmt.Errorf("malformed JSON: %w", err)
	}
	return s.index, nil
}

// nextLine reads the next non-blank line of NDJSON into raw and returns its line number: io.EOF
// at the end. A line that is not one JSON value is a *rowError (quarantined; the position of
// the fault in the line, never its text), unless it is the last line and has no line end: a
// file cut short (a transfer broken off) ends the input with an error, since the records
// after it are lost.
func (s *jsonSource) nextLine(raw *json.RawMessage) (int, error) {
	for {
		var b []byte
		var err error
		if s.held != nil {
			b, s.held = s.held, nil
			if b[len(b)-1] != '\n' {
				err = io.EOF
			}
			s.line--
		} else {
			b, err = s.lines.ReadSlice('\n')
		}
		if err == bufio.ErrBufferFull {
			s.buf = append(s.buf[:0], b...)
			for err == bufio.ErrBufferFull {
				b, err = s.lines.ReadSlice('\n')
				s.buf = append(s.buf, b...)
			}
			b = s.buf
		}
		if err != nil && err != io.EOF {
			return s.line + 1, fmt.Errorf("malformed JSON: %w", err)
		}
		if len(b) == 0 && err == io.EOF {
			return 0, io.EOF
		}
		s.line++
		t := bytes.TrimSpace(b)
		if len(t) == 0 {
			continue // a blank line is no record
		}
		if !validJSON(t) {
			why, ok := jsonFault(json.Unmarshal(t, new(json.RawMessage)), " of the line")
			if !ok {
				why = "not one JSON value"
			}
			if err == io.EOF && !strings.HasPrefix(why, "JSON too deep") {
				return s.line, fmt.Errorf("%s, the last line, which has no line end: the file looks cut short", why)
			}
			return s.line, &rowError{line: s.line, reason: why}
		}
		*raw = append((*raw)[:0], t...)
		return s.line, nil
	}
}

// jsonFault says where and why a JSON text is not read, from the error encoding/json gave for
// it (ok false when it is no *json.SyntaxError): "malformed JSON at byte N" plus where, or,
// for well-formed JSON nested deeper than encoding/json reads (maxJSONDepth), that it is too
// deep, which no correction of a typo mends. Never the text itself.
func jsonFault(err error, where string) (string, bool) {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return "", false
	}
	if strings.Contains(se.Error(), "exceeded max depth") {
		return fmt.Sprintf("JSON too deep: values nested more than %d levels at byte %d%s (no record of an export nests so deep)", maxJSONDepth, se.Offset, where), true
	}
	return fmt.Sprintf("malformed JSON at byte %d%s", se.Offset, where), true
}

const maxDepth = 32

// notesKey reports whether a JSON array at path is KoboToolbox's (and Ona's) "_notes": the
// reviewers' notes on a submission, as objects ({"note": "Not a victim", "user": ...,
// "date_created": ...}) or strings. Their CSV export writes the notes' texts joined by line
// breaks (notesSep) in a "_notes" column, which is judged as a remark; the JSON's objects were
// skipped as a repeat group's, unseen (attack-2026-12-06c C7).
func notesKey(path string) bool {
	return path == "_notes" || strings.HasSuffix(path, "._notes")
}

// notesSep joins the notes' texts, as onadata's and KoBoCAT's CSV export do.
const notesSep = "\r\n"

func flatten(prefix string, v any, out *[]cell, depth int) {
	if depth > maxDepth {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // a stable column order, whatever the map's
		for _, k := range keys {
			c := x[k]
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, c, out, depth+1)
		}
	case []any:
		if notesKey(prefix) {
			// KoboToolbox's reviewers' notes: each note's text, as its CSV export joins them
			var notes []string
			for _, e := range x {
				if m, ok := e.(map[string]any); ok {
					if e, ok = m["note"]; !ok {
						continue
					}
				}
				if s, ok := scalar(e); ok {
					notes = append(notes, s)
				}
			}
			*out = append(*out, cell{col: prefix, val: strings.Join(notes, notesSep)})
			return
		}
		parts := make([]string, 0, len(x))
		group := false
		for _, e := range x {
			if s, ok := scalar(e); ok {
				parts = append(parts, s)
			}
			_, obj := e.(map[string]any)
			group = group || obj
		}
		*out = append(*out, cell{col: prefix, val: strings.Join(parts, ";"), group: group})
	default:
		if s, ok := scalar(x); ok {
			*out = append(*out, cell{col: prefix, val: s})
		}
	}
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
