package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // zone names of Parquet timestamps, on machines without a zone database
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquetProducer reads a Parquet file through Arrow (pqarrow), batch by batch, and hands its
// rows to the workers with every column as text, so that the mapping, presets and validation
// apply exactly as for CSV. Dates and timestamps become ISO dates. The file is read into memory
// first (Parquet needs random access), up to the mapping's MaxBytes.
type parquetProducer struct{}

func (p *parquetProducer) produce(e *emitter) error {
	limit := int64(DefaultMaxBytes)
	if m := e.conf.mapping; m != nil && m.MaxBytes > 0 {
		limit = m.MaxBytes
	}
	data, err := readWhole(e.in, limit, "PAR1", "a Parquet file")
	if err != nil {
		return err
	}
	if !bytes.HasSuffix(data, []byte("PAR1")) {
		return fmt.Errorf("%w: not a Parquet file (no PAR1 footer: truncated?)", ErrBrokenFile)
	}
	pr, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%w: not a readable Parquet file", ErrBrokenFile)
	}
	defer pr.Close()
	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("%w: not a readable Parquet file", ErrBrokenFile)
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return fmt.Errorf("%w: not a readable Parquet file", ErrBrokenFile)
	}
	defer rr.Release()
	sc := rr.Schema()
	// A struct column's fields are columns of their own, named by their path as JSON's nested
	// keys are ("review.remarks", "person.sex"): a Kobo or ODK export converted to Parquet keeps
	// its groups as structs, which were dropped whole (attack-2026-12-06d D11).
	flat := flatColumns(sc.Fields(), nil, "")
	lay := &layout{cols: make([]string, len(flat))}
	for i, f := range flat {
		lay.cols[i] = f.name
	}
	if lay.fields, err = e.res.layoutFields(lay.cols); err != nil {
		return err
	}
	known := false
	for _, f := range lay.fields {
		known = known || f >= 0
	}
	if !known {
		return ErrNoKnownColumn
	}
	tz := timeZone(e.conf.mapping)
	line := 0
	for rr.Next() {
		rec := rr.RecordBatch()
		n, nc := int(rec.NumRows()), len(flat)
		// One slab of values a batch, and a string column's text copied once a batch (its
		// values are slices of the copy): not a slice a row and a string a value. The workers
		// copy what they keep, as of a CSV chunk's reused text.
		rows, vals := make([]srow, n), make([]string, n*nc)
		for i := range rows {
			rows[i] = srow{vals: vals[i*nc : (i+1)*nc : (i+1)*nc], line: line + i + 1}
		}
		for j, fc := range flat {
			col, parents := fc.array(rec)
			if texts(col, vals[j:], nc) {
				blankNulls(parents, vals[j:], nc)
				continue
			}
			// A column that maps onto no field is read too, as a CSV's is: what it says is
			// looked at (a dropped status or case-type column refuses the input, a mark of
			// duplicates, a record of which only dropped values are known); never a date
			// read, so its instants are taken in UTC, without an error.
			ctz := tz
			if lay.fields[j] < 0 {
				ctz = time.UTC
			}
			for i := range n {
				if nullIn(parents, i) {
					continue // a struct's null: its fields' values are none
				}
				v, err := textOf(col, i, ctz)
				if err != nil {
					return atLine(line+i+1, textErr(lay.cols[j], j+1, err))
				}
				rows[i].vals[j] = v
			}
		}
		line += n
		if !e.emit(&chunk{lay: lay, rows: rows}) {
			return nil
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return atLine(line+1, fmt.Errorf("%w: unreadable Parquet data", ErrBrokenFile))
	}
	return nil
}

// flatColumn is a Parquet column as the reader reads it: a top-level column, or a field of a
// struct column (path: the field's index at each level).
type flatColumn struct {
	name string
	path []int
}

// flatColumns lists fields' columns, a struct's fields in its place, named prefix + its path
// joined by ".".
func flatColumns(fields []arrow.Field, path []int, prefix string) []flatColumn {
	var out []flatColumn
	for i, f := range fields {
		p := append(slices.Clone(path), i)
		if st, ok := f.Type.(*arrow.StructType); ok && st.NumFields() > 0 {
			out = append(out, flatColumns(st.Fields(), p, prefix+f.Name+".")...)
			continue
		}
		out = append(out, flatColumn{name: prefix + f.Name, path: p})
	}
	return out
}

// array returns the column's array in rec and the struct arrays above it (whose nulls null it).
func (c flatColumn) array(rec arrow.RecordBatch) (arrow.Array, []*array.Struct) {
	a := rec.Column(c.path[0])
	var parents []*array.Struct
	for _, k := range c.path[1:] {
		s := a.(*array.Struct)
		parents = append(parents, s)
		a = s.Field(k)
	}
	return a, parents
}

// nullIn reports whether row i is null in one of parents.
func nullIn(parents []*array.Struct, i int) bool {
	for _, s := range parents {
		if s.IsNull(i) {
			return true
		}
	}
	return false
}

// blankNulls empties dst[i*stride] for the rows null in one of parents.
func blankNulls(parents []*array.Struct, dst []string, stride int) {
	for _, s := range parents {
		if s.NullN() == 0 {
			continue
		}
		for i := range s.Len() {
			if s.IsNull(i) {
				dst[i*stride] = ""
			}
		}
	}
}

// texts sets dst[i*stride] to the text of a's value i (as textOf: "" for a null) when a is a
// string column, or a dictionary of strings no longer than the column (pandas' categoricals),
// and reports whether it was one. The values are slices of one copy of the column's text, or
// of its dictionary's, not a string each.
func texts(a arrow.Array, dst []string, stride int) bool {
	switch c := a.(type) {
	case *array.String:
		textsOf(c, c.ValueBytes(), c.ValueOffsets(), dst, stride)
		return true
	case *array.LargeString:
		textsOf(c, c.ValueBytes(), c.ValueOffsets(), dst, stride)
		return true
	case *array.Dictionary:
		// A dictionary longer than the batch (a batch's slice of a file-wide one) would be
		// copied for fewer values than it holds: those go value by value (textOf).
		dict := c.Dictionary()
		if dict.Len() > c.Len() {
			return false
		}
		words := make([]string, dict.Len())
		if !texts(dict, words, 1) {
			return false
		}
		for i := range c.Len() {
			if !c.IsNull(i) {
				dst[i*stride] = words[c.GetValueIndex(i)]
			}
		}
		return true
	}
	return false
}

// textsOf is texts for a string column's data and offsets.
func textsOf[O int32 | int64](a arrow.Array, data []byte, offs []O, dst []string, stride int) {
	if a.Len() == 0 {
		return
	}
	text := string(data) // ValueBytes: from offs[0] to the last value's end
	for i := range a.Len() {
		if !a.IsNull(i) {
			dst[i*stride] = text[offs[i]-offs[0] : offs[i+1]-offs[0]]
		}
	}
}

// textOf renders one value as text; the string is the caller's own (not a view of the batch).
// tz is the mapping's time_zone (nil when none): the zone in which instants stored in UTC were
// recorded. Without it, such an instant at a time of day other than midnight is refused
// (errUTCInstant): its UTC date may be the day before or after the local one.
func textOf(a arrow.Array, i int, tz *time.Location) (string, error) {
	if a.IsNull(i) {
		return "", nil
	}
	switch c := a.(type) {
	case *array.String:
		return strings.Clone(c.Value(i)), nil
	case *array.LargeString:
		return strings.Clone(c.Value(i)), nil
	case *array.Date32:
		return c.Value(i).ToTime().Format("2006-01-02"), nil
	case *array.Date64:
		return c.Value(i).ToTime().Format("2006-01-02"), nil
	case *array.Timestamp:
		// An instant with a zone is dated where it was recorded: the local calendar date at
		// that zone, not the UTC one (which may be the day before or after). Without a zone,
		// the value is a wall-clock time already. An instant stored in UTC (DuckDB's
		// TIMESTAMPTZ, any Parquet timestamp adjusted to UTC: Arrow says "UTC") says nothing of
		// where it was recorded: the mapping's time_zone does; without it, only midnight (a
		// date stored as a timestamp) is a date for certain.
		tt := c.DataType().(*arrow.TimestampType)
		t := c.Value(i).ToTime(tt.Unit)
		if tt.TimeZone != "" {
			loc, err := tt.GetZone()
			if err != nil {
				return "unknown time zone", nil // not a date: the row is quarantined, naming the column
			}
			switch {
			case utcZone(tt.TimeZone) && tz != nil:
				t = t.In(tz)
			case utcZone(tt.TimeZone):
				if t = t.UTC(); t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
					return "", errUTCInstant
				}
			case loc != nil:
				t = t.In(loc)
			}
		}
		return t.Format("2006-01-02"), nil
	case *array.Dictionary:
		return textOf(c.Dictionary(), c.GetValueIndex(i), tz)
	case *array.Binary:
		return binaryText(c.Value(i))
	case *array.LargeBinary:
		return binaryText(c.Value(i))
	}
	return strings.Clone(a.ValueStr(i)), nil
}

// binaryText reads a BYTE_ARRAY value without Parquet's UTF8 annotation (Impala's, Hive's, old
// Spark and Java writers': attack-2026-12-05c V5) as the text it holds, as DuckDB's
// binary_as_string does; Arrow's ValueStr would give its base64. Bytes that are not UTF-8 are
// no text: refused (errBinaryNotText), never read as another encoding.
func binaryText(b []byte) (string, error) {
	if !utf8.Valid(b) {
		return "", errBinaryNotText
	}
	return string(b), nil
}

// errBinaryNotText is textOf's error for a binary value that is not UTF-8 text.
var errBinaryNotText = errors.New("holds binary values that are not UTF-8 text (a BYTE_ARRAY column without a string type): " +
	"write the column as a string (UTF8) column, or map it onto drop under columns:")

// textErr is the error of textOf's err for column col, the pos-th: ErrEncoding for a binary
// column that holds no text, ErrTimeZone for an instant's day. The column is named by columnAt.
func textErr(col string, pos int, err error) error {
	kind := ErrTimeZone
	if errors.Is(err, errBinaryNotText) {
		kind = ErrEncoding
	}
	return fmt.Errorf("%w: %s %v", kind, columnAt(col, pos), err)
}

// utcZone reports whether an Arrow timestamp's zone is UTC itself.
func utcZone(z string) bool {
	switch strings.ToUpper(z) {
	case "UTC", "ETC/UTC", "Z", "+00:00", "GMT", "ETC/GMT", "UCT", "ZULU", "UNIVERSAL":
		return true
	}
	return false
}

// errUTCInstant is textOf's error for an instant stored in UTC with a time of day, read
// without the mapping's time_zone.
var errUTCInstant = errors.New("holds instants stored in UTC (DuckDB's TIMESTAMPTZ, a timestamp adjusted to UTC) at a time of day other than midnight: " +
	"the date where they were recorded may be the day before or after the UTC one, and is not guessed; " +
	"set time_zone: in the source's config to the zone in which the records were made (Asia/Kabul, Asia/Kolkata, ...)")

// timeZone returns the mapping's time_zone (nil when none; Check has validated it).
func timeZone(m *Mapping) *time.Location {
	if m == nil || m.TimeZone == "" {
		return nil
	}
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return nil
	}
	return loc
}

// ole2 is the signature of an OLE2 compound file: an encrypted (password-protected) Office
// document or an old .xls.
const ole2 = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

// errOLE2 is readWhole's error for an input that is an OLE2 compound file (see ole2).
var errOLE2 = errors.New("an OLE2 compound file")

// readWhole reads an input that must be held whole (XLSX, Parquet), after checking its first
// bytes against magic: an input that is not of the format (or an endless stream of zeros) is
// refused at its first bytes, not after limit bytes of memory.
func readWhole(in io.Reader, limit int64, magic, what string) ([]byte, error) {
	// A stream that knows its length (a file) is refused before it is read when longer than
	// the cap, and read into a buffer of its length: io.ReadAll would grow one to twice the
	// file's size on the way to the cap.
	size := streamSize(in)
	if size > limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	head := make([]byte, len(magic))
	if n, err := io.ReadFull(in, head); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("%w: not %s (%d bytes)", ErrBrokenFile, what, n)
		}
		return nil, err
	}
	if string(head) != magic {
		if rest := make([]byte, 4); len(magic) == 4 && string(head) == ole2[:4] {
			if n, _ := io.ReadFull(in, rest); n == 4 && string(rest) == ole2[4:] {
				return nil, errOLE2
			}
		}
		return nil, fmt.Errorf("%w: not %s (its first bytes are not %q)", ErrBrokenFile, what, magic)
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + bytes.MinRead)
	}
	buf.Write(head)
	if _, err := buf.ReadFrom(io.LimitReader(in, limit+1-int64(len(magic)))); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// streamSize is the length of what in holds when it says (Size, or a regular file's Stat);
// -1 when unknown.
func streamSize(in io.Reader) int64 {
	if s, ok := in.(interface{ Size() int64 }); ok {
		return s.Size()
	}
	if s, ok := in.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return -1
}
