package ingest

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// Fields are numbered as the columns of schema.Cases, followed by the input-only fields, so
// that a row's values live in slices indexed by field rather than in maps.
var (
	nSchema = len(schema.Fields())
	fAge    = nSchema
	fTOE    = nSchema + 1
	fFirst  = nSchema + 2
	fMiddle = nSchema + 3
	fLast   = nSchema + 4
	nFields = nSchema + 5

	iFullName  = schema.Index(schema.FullName)
	iDOB       = schema.Index(schema.DateOfBirth)
	iReg       = schema.Index(schema.RegistrationDate)
	iYear      = schema.Index(schema.YearOfRegistration)
	iGender    = schema.Index(schema.Gender)
	iAgeBand   = schema.Index(schema.AgeBand)
	iMajority  = schema.Index(schema.MajorityStatus)
	iCitizen   = schema.Index(schema.Citizenship)
	iSource    = schema.Index(schema.Source)
	iOtherExpl = schema.Index(schema.IsOtherExploitation)

	// places pairs each country field with its province field.
	places = [][2]int{
		{schema.Index(schema.CountryOfOrigin), schema.Index(schema.ProvinceOfOrigin)},
		{schema.Index(schema.CountryOfExploitation), schema.Index(schema.ProvinceOfExploitation)},
	}
	// flagIdx are the exploitation flags' columns, in schema.ExploitationFlags order.
	flagIdx = func() []int {
		var out []int
		for _, e := range schema.ExploitationFlags {
			out = append(out, schema.Index(e.Field))
		}
		return out
	}()
)

// vocabFields are the released free-form fields restricted to a vocabulary.
var vocabFields = []struct {
	field string
	idx   int
	vocab map[string]string
}{
	{schema.LabourSector, schema.Index(schema.LabourSector), labourSectors},
	{schema.RecruiterRelation, schema.Index(schema.RecruiterRelation), recruiterRelations},
}

// column kinds of schema.Cases
const (
	kString = iota
	kDate
	kBool
	kYear
)

var (
	kinds     = make([]int, nSchema)
	passThrgh = make([]bool, nSchema) // identifiers and source: kept as text
)

func init() {
	for i, f := range schema.Fields() {
		switch f.Type {
		case arrow.FixedWidthTypes.Date32:
			kinds[i] = kDate
		case arrow.FixedWidthTypes.Boolean:
			kinds[i] = kBool
		case arrow.PrimitiveTypes.Int32:
			kinds[i] = kYear
		case arrow.BinaryTypes.String:
			kinds[i] = kString
		default:
			panic(fmt.Sprintf("ingest: no appender for %s", f.Type))
		}
		passThrgh[i] = f.Role == schema.Identifier || f.Name == schema.Source
	}
}

// fieldIndex returns the index of a canonical field name (with the input-only fields and the
// name parts), or -1.
func fieldIndex(f string) int {
	switch f {
	case Age:
		return fAge
	case TypeOfExploitation:
		return fTOE
	case schema.FullName + "#first":
		return fFirst
	case schema.FullName + "#middle":
		return fMiddle
	case schema.FullName + "#last":
		return fLast
	}
	return schema.Index(f)
}

// fieldName is the inverse of fieldIndex, for messages.
func fieldName(i int) string {
	switch i {
	case fAge:
		return Age
	case fTOE:
		return TypeOfExploitation
	case fFirst, fMiddle, fLast:
		return schema.FullName
	}
	return schema.Cases.Field(i).Name
}

// resolver maps input column names to field indices and collects the unknown ones in the order
// they are first seen. Only the producer goroutine uses it.
type resolver struct {
	m       *Mapping
	cache   map[string]int
	unknown []string
}

func newResolver(m *Mapping) *resolver { return &resolver{m: m, cache: map[string]int{}} }

// field resolves col, remembering unknown columns for the report.
func (r *resolver) field(col string) int {
	f, ok := r.cache[col]
	if !ok {
		name := r.m.resolveColumn(col)
		f = -1
		switch {
		case name == "drop":
		case name == "":
			r.unknown = append(r.unknown, col)
		default:
			f = fieldIndex(name) // -1 for a field that does not exist: config validation says so
		}
		r.cache[col] = f
	}
	return f
}

// known reports whether col maps onto a field, without recording anything.
func (r *resolver) known(col string) bool {
	name := r.m.resolveColumn(col)
	return name != "" && name != "drop" && fieldIndex(name) >= 0
}

func (r *resolver) takeUnknown() []string {
	u := r.unknown
	r.unknown = nil
	return u
}

// conf is what the workers share, read-only.
type conf struct {
	name     string
	source   string
	mapping  *Mapping
	now      time.Time
	nowDays  int32
	formats  []string
	batch    int
	alloc    memory.Allocator
	values   []valueMap // per field index; nil entries map nothing
	defaults []fieldValue
	required []int
	encoding string
	free     chan []byte // CSV chunk buffers to reuse
}

type valueMap struct {
	exact  map[string]string
	folded map[string]string // lower-cased, trimmed keys
}

type fieldValue struct {
	f int
	v string
}

func newConf(r *Reader) (*conf, error) {
	c := &conf{
		name: RedactURL(r.name), mapping: r.Mapping, now: r.Now, batch: r.BatchSize, alloc: r.Alloc,
		nowDays: int32(floorDiv(r.Now.Unix(), 86400)),
	}
	c.source = strings.TrimSuffix(baseName(r.name), extOf(r.name))
	if IsURL(r.name) {
		if u, err := url.Parse(r.name); err == nil {
			c.source = strings.TrimSuffix(path.Base(u.Path), path.Ext(u.Path))
			if c.source == "" || c.source == "." || c.source == "/" {
				c.source = u.Hostname()
			}
		}
	}
	m := r.Mapping
	if m == nil {
		return c, nil
	}
	if m.Source != "" {
		c.source = m.Source
	}
	c.formats = m.DateFormats
	c.encoding = m.Encoding
	if len(m.Values) > 0 {
		c.values = make([]valueMap, nFields)
		for f, vocab := range m.Values {
			i := fieldIndex(canonical(f))
			if i < 0 {
				continue
			}
			vm := valueMap{exact: vocab, folded: map[string]string{}}
			for in, out := range vocab {
				vm.folded[strings.ToLower(strings.TrimSpace(in))] = out
			}
			c.values[i] = vm
		}
	}
	for f, v := range m.Defaults {
		if i := fieldIndex(canonical(f)); i >= 0 {
			c.defaults = append(c.defaults, fieldValue{i, v})
		}
	}
	// Map iteration order is random; defaults only fill empty fields, so order matters only for
	// determinism of which default lands first on a name part, which cannot happen. Sort anyway.
	sortFieldValues(c.defaults)
	for _, f := range m.Required {
		if i := fieldIndex(canonical(f)); i >= 0 {
			c.required = append(c.required, i)
		}
	}
	return c, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// mapValue applies the mapping's vocabulary for field f to v, if it has an entry.
func (c *conf) mapValue(f int, v string) string {
	if c.values == nil || c.values[f].exact == nil {
		return v
	}
	vm := c.values[f]
	if out, ok := vm.exact[v]; ok {
		return out
	}
	if out, ok := vm.folded[strings.ToLower(strings.TrimSpace(v))]; ok {
		return out
	}
	return v
}

// dateVal is a validated date: days since the epoch, and the year and day of the year for age
// arithmetic.
type dateVal struct {
	days int32
	year int
	yday int
}

// worker turns chunks into records. Each has its own builder, scratch slices and caches.
type worker struct {
	c   *conf
	lay *layout
	res *result

	cols  []colAcc // one per column of schema.Cases
	nrows int

	// input values by field index
	in    []string
	inCol []int // index into names, -1 for none
	has   []bool
	names []string // column names of the current row
	// output values by column of schema.Cases
	str     []string
	date    []dateVal
	bools   []bool
	set     []bool
	touched [4][]int // columns set in this row, per kind
	year    int32

	rec []string // CSV fields

	genders, majorities, countries cache
	vocabs                         [2]cache
	provinces                      map[string]*cache
	lastProv                       [2]provCache // per places: the last country's provinces
	exploitation                   map[string][6]bool
}

func newWorker(c *conf) *worker {
	w := &worker{
		c:    c,
		cols: make([]colAcc, nSchema),
		in:   make([]string, nFields), inCol: make([]int, nFields), has: make([]bool, nFields),
		str: make([]string, nSchema), date: make([]dateVal, nSchema), bools: make([]bool, nSchema),
		set: make([]bool, nSchema), provinces: map[string]*cache{}, exploitation: map[string][6]bool{},
	}
	for i := range w.cols {
		w.cols[i].offs = []int32{0}
	}
	return w
}

// release frees the buffers prepared for a batch that will not come.
func (w *worker) release() {
	for i := range w.cols {
		w.cols[i].drop()
	}
}

// do converts one chunk.
func (w *worker) do(c *chunk) *result {
	w.res = &result{unknown: c.unknown}
	w.lay = c.lay
	if c.text != nil {
		w.doCSV(c)
		// Nothing keeps a reference into the text: values are copied into the records, cache
		// keys are cloned, rejections hold no values.
		select {
		case w.c.free <- c.text[:0]:
		default:
		}
	}
	for i := range c.rows {
		row := &c.rows[i]
		sheet := ""
		if w.lay != nil {
			sheet = w.lay.sheet
		}
		if row.bad != "" {
			w.res.rows++
			w.res.rejected = append(w.res.rejected, Rejection{File: w.c.name, Sheet: sheet, Line: row.line, Reason: row.bad})
			continue
		}
		clear(w.has)
		if row.cells != nil {
			w.names = w.names[:0]
			for j, cl := range row.cells {
				w.names = append(w.names, cl.col)
				if cl.f >= 0 {
					w.put(cl.f, j, cl.val)
				}
			}
		} else {
			w.names = w.lay.cols
			for j, v := range row.vals {
				if j < len(w.lay.fields) && w.lay.fields[j] >= 0 {
					w.put(w.lay.fields[j], j, v)
				}
			}
		}
		w.row(row.line, sheet)
	}
	w.flush()
	res := w.res
	w.res = nil
	return res
}

// doCSV splits the chunk's records and converts them.
func (w *worker) doCSV(c *chunk) {
	// The producer never writes to a chunk's bytes once emitted, so they can be viewed as a
	// string without a copy; unquoted fields are substrings of it.
	text := unsafe.String(unsafe.SliceData(c.text), len(c.text))
	lay := c.lay
	line := c.line
	pos := 0
	ncols := len(lay.cols)
	w.names = lay.cols
	for pos < len(text) {
		start := line
		// The usual record: one line without quotes, split and recorded in one pass.
		if nl := strings.IndexByte(text[pos:], '\n'); nl >= 0 && strings.IndexByte(text[pos:pos+nl], '"') < 0 {
			ln := strings.TrimSuffix(text[pos:pos+nl], "\r")
			pos += nl + 1
			line++
			if strings.IndexByte(ln, lay.delim) < 0 && strings.TrimSpace(ln) == "" {
				continue // blank line
			}
			clear(w.has)
			j := w.splitLine(ln, lay)
			if j != ncols {
				w.res.rows++
				w.res.rejected = append(w.res.rejected, Rejection{File: w.c.name, Line: start,
					Reason: fmt.Sprintf("has %d fields, header has %d", j, ncols)})
				continue
			}
			w.row(start, "")
			continue
		}
		var bad bool
		var next int
		w.rec, next, bad = parseRecord(text, pos, lay.delim, w.rec[:0])
		line += strings.Count(text[pos:next], "\n")
		pos = next
		if bad {
			w.res.rows++
			w.res.rejected = append(w.res.rejected, Rejection{File: w.c.name, Line: start, Reason: "malformed quoting"})
			continue
		}
		if len(w.rec) == 1 && strings.TrimSpace(w.rec[0]) == "" {
			continue // blank line
		}
		if len(w.rec) != len(lay.cols) {
			w.res.rows++
			w.res.rejected = append(w.res.rejected, Rejection{File: w.c.name, Line: start,
				Reason: fmt.Sprintf("has %d fields, header has %d", len(w.rec), len(lay.cols))})
			continue
		}
		clear(w.has)
		for j, v := range w.rec {
			if f := lay.fields[j]; f >= 0 {
				w.put(f, j, v)
			}
		}
		w.row(start, "")
	}
}

// maybeMissing says which first bytes may start a placeholder (see missing).
var maybeMissing = func() (t [256]bool) {
	for _, c := range "-.nNmM \t\r\n\v\f" {
		t[c] = true
	}
	for c := 0x80; c < 256; c++ {
		t[c] = true
	}
	return t
}()

// splitLine splits a line without quotes at the delimiter and puts each field's value; it
// returns the number of fields. Delimiters are found eight bytes at a time.
func (w *worker) splitLine(ln string, lay *layout) int {
	fields := lay.fields
	ncols := len(fields)
	pat := uint64(lay.delim) * lo8
	j, start, k := 0, 0, 0
	field := func(end int) {
		if j < ncols {
			if f := fields[j]; f >= 0 {
				w.put(f, j, ln[start:end])
			}
		}
		j++
		start = end + 1
	}
	b := unsafe.Slice(unsafe.StringData(ln), len(ln))
	for ; k+8 <= len(b); k += 8 {
		x := binary.LittleEndian.Uint64(b[k:]) ^ pat
		// A byte of x is zero where the delimiter is: its high bit stays clear in t.
		t := ^(((x & lo7) + lo7) | x) & hi8
		for t != 0 {
			field(k + bits.TrailingZeros64(t)>>3)
			t &= t - 1
		}
	}
	for ; k < len(ln); k++ {
		if ln[k] == lay.delim {
			field(k)
		}
	}
	field(len(ln))
	return j
}

const (
	lo8 = 0x0101010101010101
	lo7 = 0x7f7f7f7f7f7f7f7f
	hi8 = 0x8080808080808080
)

// plainEnd says which bytes may end a value that needs no trimming: printable ASCII.
var plainEnd = func() (t [256]bool) {
	for c := '!'; c < 0x80; c++ {
		t[c] = true
	}
	return t
}()

// put records one input value for field f; the first non-empty value of a field wins.
func (w *worker) put(f int, col int, v string) {
	n := len(v)
	if n == 0 {
		return
	}
	// The usual value: printable ASCII at both ends (nothing to trim), and longer than any
	// placeholder or not starting like one.
	if !(plainEnd[v[0]] && plainEnd[v[n-1]] && (n > 7 || !maybeMissing[v[0]])) || w.c.values != nil {
		if missing(v) {
			return
		}
		if w.c.values != nil {
			v = w.c.mapValue(f, v)
		}
		v = trimSpace(v)
	}
	switch f {
	case fFirst, fMiddle, fLast:
		w.in[f], w.has[f] = v, true
		return
	}
	if w.has[f] && w.in[f] != "" {
		return // two columns for one field: the first wins
	}
	w.in[f], w.inCol[f], w.has[f] = v, col, true
}

func (w *worker) row(line int, sheet string) {
	w.res.rows++
	if rej := w.convert(); rej != nil {
		rej.File, rej.Sheet, rej.Line = w.c.name, sheet, line
		w.res.rejected = append(w.res.rejected, *rej)
		return
	}
	w.appendRow()
	if w.nrows >= w.c.batch {
		w.flush()
	}
}

func (w *worker) flush() {
	if w.nrows == 0 {
		return
	}
	n := w.nrows
	arrs := make([]arrow.Array, nSchema)
	for i := range w.cols {
		arrs[i] = w.cols[i].build(w.c.alloc, schema.Cases.Field(i).Type, kinds[i], n)
	}
	w.res.recs = append(w.res.recs, array.NewRecordBatch(schema.Cases, arrs, int64(n)))
	for _, a := range arrs {
		a.Release()
	}
	w.nrows = 0
}

// appendRow adds the converted row to the column accumulators. Only the columns that have a
// value are visited; the others are padded with nulls when next written, or at flush.
func (w *worker) appendRow() {
	r := w.nrows
	bit := byte(1) << (r & 7)
	for _, i := range w.touched[kString] {
		c := &w.cols[i]
		if c.rows < r || len(c.valid) <= r>>3 {
			c.pad(r, kString)
		}
		c.valid[r>>3] |= bit
		c.data = append(c.data, w.str[i]...)
		c.offs = append(c.offs, int32(len(c.data)))
		c.rows++
		c.count++
	}
	for _, i := range w.touched[kDate] {
		c := &w.cols[i]
		if c.rows < r || len(c.valid) <= r>>3 {
			c.pad(r, kDate)
		}
		c.valid[r>>3] |= bit
		c.i32 = append(c.i32, w.date[i].days)
		c.rows++
		c.count++
	}
	for _, i := range w.touched[kBool] {
		c := &w.cols[i]
		if c.rows < r || len(c.valid) <= r>>3 {
			c.pad(r, kBool)
		}
		c.valid[r>>3] |= bit
		if w.bools[i] {
			c.b[r>>3] |= bit
		}
		c.rows++
		c.count++
	}
	for _, i := range w.touched[kYear] {
		c := &w.cols[i]
		if c.rows < r || len(c.valid) <= r>>3 {
			c.pad(r, kYear)
		}
		c.valid[r>>3] |= bit
		c.i32 = append(c.i32, w.year)
		c.rows++
		c.count++
	}
	w.nrows++
}

// colAcc accumulates one column of a record in plain slices (an Arrow builder costs more per
// value): validity and booleans as bitmaps, dates and years as int32, strings as offsets and
// bytes. Rows without a value are filled in lazily by pad. build copies the slices into buffers
// from the allocator.
type colAcc struct {
	rows  int // rows held, values and nulls
	count int // values among them
	valid []byte
	i32   []int32
	b     []byte
	offs  []int32
	data  []byte
	// buffers from the allocator that offs, data or i32 are slices of (see prepare)
	obuf, big *memory.Buffer
}

// pad adds nulls up to row r (exclusive) and makes room in the bitmaps for row r.
func (c *colAcc) pad(r, kind int) {
	for len(c.valid) <= r>>3 {
		c.valid = append(c.valid, 0)
		if kind == kBool {
			c.b = append(c.b, 0)
		}
	}
	if c.rows >= r {
		return
	}
	switch kind {
	case kString:
		end := int32(len(c.data))
		for ; c.rows < r; c.rows++ {
			c.offs = append(c.offs, end)
		}
	case kDate, kYear:
		for ; c.rows < r; c.rows++ {
			c.i32 = append(c.i32, 0)
		}
	default:
		c.rows = r
	}
}

func (c *colAcc) build(alloc memory.Allocator, dt arrow.DataType, kind, n int) arrow.Array {
	if n > 0 {
		c.pad(n-1, kind)
		c.pad(n, kind)
	}
	nulls := n - c.count
	var validity *memory.Buffer
	if nulls > 0 {
		validity = bytesBuffer(alloc, c.valid[:(n+7)>>3])
	}
	var bufs []*memory.Buffer
	switch kind {
	case kString:
		bufs = []*memory.Buffer{validity, adopt(alloc, c.obuf, arrow.Int32Traits.CastToBytes(c.offs)), adopt(alloc, c.big, c.data)}
	case kDate, kYear:
		bufs = []*memory.Buffer{validity, adopt(alloc, c.big, arrow.Int32Traits.CastToBytes(c.i32))}
	case kBool:
		bufs = []*memory.Buffer{validity, bytesBuffer(alloc, c.b[:(n+7)>>3])}
	}
	c.obuf, c.big = nil, nil
	d := array.NewData(dt, n, bufs, nil, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	a := array.MakeFromData(d)
	d.Release()
	c.valid, c.b = c.valid[:0], c.b[:0]
	c.prepare(alloc, kind, n, len(c.data))
	c.rows, c.count = 0, 0
	return a
}

// prepare makes the next batch's offsets, values and string bytes slices of buffers from the
// allocator, sized after the batch just built (n rows, dataLen bytes), so that build can hand
// them over without a copy. A batch that outgrows them moves to the Go heap and is copied.
func (c *colAcc) prepare(alloc memory.Allocator, kind, n, dataLen int) {
	rows := n + n/4 + 16
	switch kind {
	case kString:
		c.obuf = memory.NewResizableBuffer(alloc)
		c.obuf.Reserve((rows + 1) * 4)
		c.offs = append(arrow.Int32Traits.CastFromBytes(c.obuf.Buf())[:0], 0)
		c.big = memory.NewResizableBuffer(alloc)
		c.big.Reserve(dataLen + dataLen/4 + 64)
		c.data = c.big.Buf()[:0]
	case kDate, kYear:
		c.big = memory.NewResizableBuffer(alloc)
		c.big.Reserve(rows * 4)
		c.i32 = arrow.Int32Traits.CastFromBytes(c.big.Buf())[:0]
	default:
		c.offs, c.data, c.i32 = append(c.offs[:0], 0), c.data[:0], c.i32[:0]
	}
}

// drop releases the prepared buffers.
func (c *colAcc) drop() {
	for _, b := range []*memory.Buffer{c.obuf, c.big} {
		if b != nil {
			b.Release()
		}
	}
	c.obuf, c.big = nil, nil
	c.offs, c.data, c.i32 = []int32{0}, nil, nil
}

// adopt returns buf holding b when b is still the slice of buf that prepare made, else a copy
// of b (and buf is released).
func adopt(alloc memory.Allocator, buf *memory.Buffer, b []byte) *memory.Buffer {
	if buf != nil && len(b) > 0 && unsafe.SliceData(b) == unsafe.SliceData(buf.Buf()) && len(b) <= buf.Cap() {
		buf.ResizeNoShrink(len(b))
		return buf
	}
	if buf != nil {
		buf.Release()
	}
	return bytesBuffer(alloc, b)
}

func bytesBuffer(alloc memory.Allocator, b []byte) *memory.Buffer {
	buf := memory.NewResizableBuffer(alloc)
	buf.Resize(len(b))
	copy(buf.Bytes(), b)
	return buf
}

func (w *worker) setStr(i int, v string) { w.str[i] = v; w.mark(i, kString) }

// mark records that column i, of kind k, has a value in this row.
func (w *worker) mark(i, k int) {
	if !w.set[i] {
		w.set[i] = true
		w.touched[k] = append(w.touched[k], i)
	}
}

func reject(col string, f int, err error) *Rejection {
	return &Rejection{Column: col, Field: fieldName(f), Reason: err.Error()}
}

// col returns the name of the column field f's value came from ("" for a default).
func (w *worker) col(f int) string {
	if j := w.inCol[f]; j >= 0 && j < len(w.names) {
		return w.names[j]
	}
	return ""
}

// convert validates the row in w.in into the output slices; it returns the rejection of an
// invalid row (without file and position).
func (w *worker) convert() *Rejection {
	c := w.c
	for _, d := range c.defaults {
		if !w.has[d.f] {
			w.in[d.f], w.inCol[d.f], w.has[d.f] = d.v, -1, true
		}
	}
	if !w.has[iFullName] && (w.has[fFirst] || w.has[fMiddle] || w.has[fLast]) {
		var parts []string
		for _, f := range []int{fFirst, fMiddle, fLast} {
			if w.has[f] && w.in[f] != "" {
				parts = append(parts, w.in[f])
			}
		}
		if len(parts) > 0 {
			w.in[iFullName], w.inCol[iFullName], w.has[iFullName] = strings.Join(parts, " "), -1, true
		}
	}
	for _, f := range c.required {
		if !w.has[f] {
			return reject("", f, errRequired)
		}
	}
	clear(w.set)
	for k := range w.touched {
		w.touched[k] = w.touched[k][:0]
	}
	for i := range nSchema {
		if !w.has[i] {
			continue
		}
		switch {
		case kinds[i] == kDate:
			d, err := w.parseDate(w.in[i])
			if err != nil {
				return reject(w.col(i), i, err)
			}
			if i != iDOB && d.year < 1950 {
				return reject(w.col(i), i, errDateRange)
			}
			w.date[i] = d
			w.mark(i, kDate)
		case kinds[i] == kBool:
			b, err := normBool(w.in[i])
			if err != nil {
				return reject(w.col(i), i, err)
			}
			w.bools[i] = b
			w.mark(i, kBool)
		case passThrgh[i]:
			w.setStr(i, w.in[i])
		}
	}
	if w.has[fTOE] {
		flags, ok := w.exploitation[w.in[fTOE]]
		if !ok {
			flags = exploitationFlags(w.in[fTOE])
			if len(w.exploitation) < cacheSize {
				w.exploitation[strings.Clone(w.in[fTOE])] = flags
			}
		}
		if flags[5] { // any label at all
			for j, i := range flagIdx {
				if !w.set[i] {
					w.bools[i] = flags[j]
					w.mark(i, kBool)
				}
			}
		}
	}
	if !w.set[iSource] {
		w.setStr(iSource, c.source)
	}
	// Registration year: from the year field, else from the date.
	if w.has[iYear] {
		y, err := normYear(w.in[iYear], c.now)
		if err != nil {
			return reject(w.col(iYear), iYear, err)
		}
		w.year = int32(y)
		w.mark(iYear, kYear)
	} else if w.set[iReg] {
		w.year = int32(w.date[iReg].year)
		w.mark(iYear, kYear)
	}
	if w.has[iGender] {
		g := w.genders.lookup(w.in[iGender], func(v string) (string, error) { return normGender(v) })
		if g.err != nil {
			return reject(w.col(iGender), iGender, g.err)
		}
		w.setStr(iGender, g.v)
	}
	if rej := w.convertAge(); rej != nil {
		return rej
	}
	if rej := w.convertPlaces(); rej != nil {
		return rej
	}
	for j, vf := range vocabFields {
		if w.has[vf.idx] {
			r := w.vocabs[j].lookup(w.in[vf.idx], func(v string) (string, error) {
				out, known := normVocab(v, vf.vocab)
				if !known {
					return out, errVocabulary
				}
				return out, nil
			})
			if r.err != nil {
				w.res.others[j]++
			}
			w.setStr(vf.idx, r.v)
		}
	}
	return nil
}

// parseDate reads a date: ISO quickly, then the mapping's layouts and the built-in ones, and an
// Excel serial number in a workbook.
func (w *worker) parseDate(v string) (dateVal, error) {
	if len(w.c.formats) == 0 {
		if y, m, d, ok := isoDate(v); ok {
			days := daysFromCivil(y, m, d)
			if y < 1900 || days > w.c.nowDays {
				return dateVal{}, errDateRange
			}
			return dateVal{days: days, year: y, yday: yearDay(y, m, d)}, nil
		}
	}
	if w.lay != nil && w.lay.serial {
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 1 && f < 2958466 {
			t, err := excelize.ExcelDateToTime(f, w.lay.date19)
			if err == nil {
				t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
				if t.Year() < 1900 || t.After(w.c.now) {
					return dateVal{}, errDateRange
				}
				return dateOf(t), nil
			}
		}
	}
	t, err := normDate(v, w.c.formats, w.c.now)
	if err != nil {
		return dateVal{}, err
	}
	return dateOf(t), nil
}

func dateOf(t time.Time) dateVal {
	return dateVal{days: int32(floorDiv(t.Unix(), 86400)), year: t.Year(), yday: t.YearDay()}
}

// isoDate parses exactly YYYY-MM-DD, rejecting impossible days as time.Parse does.
func isoDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	s = s[:10]
	d0, d1, d2, d3 := uint(s[0]-'0'), uint(s[1]-'0'), uint(s[2]-'0'), uint(s[3]-'0')
	m0, m1, e0, e1 := uint(s[5]-'0'), uint(s[6]-'0'), uint(s[8]-'0'), uint(s[9]-'0')
	if d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9 || m0 > 9 || m1 > 9 || e0 > 9 || e1 > 9 {
		return 0, 0, 0, false
	}
	y = int(d0*1000 + d1*100 + d2*10 + d3)
	m = int(m0*10 + m1)
	d = int(e0*10 + e1)
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
var cumDays = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

func daysIn(y, m int) int {
	if m == 2 && leap(y) {
		return 29
	}
	return monthDays[m]
}

func yearDay(y, m, d int) int {
	n := cumDays[m] + d
	if m > 2 && leap(y) {
		n++
	}
	return n
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date.
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// convertAge fills age band and majority status from an age, a date of birth or a band.
func (w *worker) convertAge() *Rejection {
	band := ""
	hasDOB := w.set[iDOB]
	dob := w.date[iDOB]
	if hasDOB {
		if dob.days > w.c.nowDays {
			return reject(w.col(iDOB), iDOB, errBirthFuture)
		}
		if w.set[iReg] && dob.days > w.date[iReg].days {
			return reject(w.col(iDOB), iDOB, errBirthAfter)
		}
		if w.set[iYear] && int32(dob.year) > w.year {
			return reject(w.col(iDOB), iDOB, errBirthAfter)
		}
	}
	switch {
	case w.has[fAge] && w.in[fAge] != "":
		age, err := normAge(w.in[fAge])
		if err != nil {
			return reject(w.col(fAge), fAge, err)
		}
		band = schema.BandOfAge(age)
	case w.has[iAgeBand] && w.in[iAgeBand] != "":
		b, err := normAgeBand(w.in[iAgeBand])
		if err != nil {
			return reject(w.col(iAgeBand), iAgeBand, err)
		}
		band = b
	case hasDOB:
		// Age at registration: exact with a registration date, else by year (may be one high).
		if w.set[iReg] {
			reg := w.date[iReg]
			y := reg.year - dob.year
			if reg.yday < dob.yday {
				y--
			}
			band = schema.BandOfAge(y)
		} else if w.set[iYear] {
			band = schema.BandOfAge(int(w.year) - dob.year)
		}
	}
	if band != "" {
		w.setStr(iAgeBand, band)
	}
	maj := schema.MajorityOfBand(band)
	if w.has[iMajority] {
		m := w.majorities.lookup(w.in[iMajority], func(v string) (string, error) { return normMajority(v) })
		if m.err != nil {
			return reject(w.col(iMajority), iMajority, m.err)
		}
		if maj != "" && m.v != "unknown" && m.v != maj {
			return reject(w.col(iMajority), iMajority, errContradicts)
		}
		if maj == "" {
			maj = m.v
		}
	}
	if maj == "" && (band != "" || (w.set[iGender] && w.str[iGender] != "")) {
		maj = "unknown"
	}
	if maj != "" {
		w.setStr(iMajority, maj)
	}
	return nil
}

// convertPlaces fills the country fields as ISO 3166-1 alpha-2 and the provinces as ISO 3166-2.
func (w *worker) convertPlaces() *Rejection {
	country := func(v string) cached {
		return w.countries.lookup(v, func(v string) (string, error) { return normCountry(v) })
	}
	if w.has[iCitizen] {
		c := country(w.in[iCitizen])
		if c.err != nil {
			return reject(w.col(iCitizen), iCitizen, c.err)
		}
		w.setStr(iCitizen, c.v)
	}
	for pi, p := range places {
		cc := ""
		if w.has[p[0]] {
			c := country(w.in[p[0]])
			if c.err != nil {
				return reject(w.col(p[0]), p[0], c.err)
			}
			cc = c.v
		}
		if w.has[p[1]] {
			var pc *cache
			if last := &w.lastProv[pi]; last.pc != nil && last.cc == cc {
				pc = last.pc
			} else {
				pc = w.provinces[cc]
				if pc == nil {
					pc = &cache{}
					w.provinces[cc] = pc
				}
				*last = provCache{cc, pc}
			}
			r := pc.lookup(w.in[p[1]], func(v string) (string, error) {
				country := cc
				if country == "" {
					// A full ISO 3166-2 code names its country.
					if c := geo.CountryOfProvince(strings.ToUpper(strings.TrimSpace(v))); c != "" {
						if _, ok := geo.ProvinceByCode(v); ok {
							country = c
						}
					}
					if country == "" {
						return "", errProvinceOnly
					}
				}
				code, ok := geo.LookupProvince(country, v)
				if !ok {
					return "", errProvince
				}
				return code, nil
			})
			if r.err != nil {
				return reject(w.col(p[1]), p[1], r.err)
			}
			w.setStr(p[1], r.v)
			if cc == "" {
				cc = geo.CountryOfProvince(r.v)
			}
		}
		if cc != "" {
			w.setStr(p[0], cc)
		}
	}
	return nil
}

type provCache struct {
	cc string
	pc *cache
}

// cache memoises a value normaliser per worker: exports repeat the same few spellings millions
// of times. It holds at most cacheSize entries (keys are copied, never the input's buffer). A
// small direct-mapped table in front of the map answers the usual spellings without hashing.
type cache struct {
	m     map[string]frontEntry
	front [cacheFront]frontEntry
}

type frontEntry struct {
	k  string
	r  cached
	ok bool
}

const cacheFront = 64

type cached struct {
	v   string
	err error
}

const cacheSize = 4096

// frontSlot picks k's slot in the front table from its length and a few of its bytes.
func frontSlot(k string) int {
	n := len(k)
	if n == 0 {
		return 0
	}
	return int(uint(n)*37+uint(k[0])*7+uint(k[n-1])*13+uint(k[n>>1])) & (cacheFront - 1)
}

func (c *cache) lookup(k string, fn func(string) (string, error)) cached {
	e := &c.front[frontSlot(k)]
	if e.ok && e.k == k {
		return e.r
	}
	return c.lookupSlow(e, k, fn)
}

func (c *cache) lookupSlow(e *frontEntry, k string, fn func(string) (string, error)) cached {
	if ent, ok := c.m[k]; ok {
		*e = ent
		return ent.r
	}
	v, err := fn(k)
	r := cached{v, err}
	if c.m == nil {
		c.m = make(map[string]frontEntry)
	}
	if len(c.m) < cacheSize {
		ent := frontEntry{k: strings.Clone(k), r: r, ok: true}
		c.m[ent.k] = ent
		*e = ent
	}
	return r
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	return name
}

func extOf(name string) string {
	b := baseName(name)
	if i := strings.LastIndexByte(b, '.'); i >= 0 {
		return b[i:]
	}
	return ""
}

func sortFieldValues(fv []fieldValue) {
	for i := 1; i < len(fv); i++ {
		for j := i; j > 0 && fv[j].f < fv[j-1].f; j-- {
			fv[j], fv[j-1] = fv[j-1], fv[j]
		}
	}
}

// trimSpace is strings.TrimSpace with a fast path for the usual value that has no space to trim.
func trimSpace(v string) string {
	if len(v) > 0 && v[0] > ' ' && v[0] < 0x80 && v[len(v)-1] > ' ' && v[len(v)-1] < 0x80 {
		return v
	}
	return strings.TrimSpace(v)
}
