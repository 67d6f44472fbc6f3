// Rows in: the Collector gathers validated, de-duplicated case records at full precision.

package anonymize

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/schema"
)

// Collector gathers case records for anonymization. It keeps, per row, the leaf codes of the
// quasi-identifiers and the analytic columns; identifier columns are never retained.
type Collector struct {
	qis       []QI
	leaves    []map[string]int32 // per QI: joined leaf values -> leaf code
	leafs     [][][]string       // per QI: leaf code -> values
	codes     [][]int32          // per QI: row -> leaf code
	batches   []arrow.RecordBatch
	dropped   []Dropped // per row (0: kept): a byte a row, where a map held some 40 per dropped row and was looked up on every pass
	rows      int
	sensitive map[string]*encoder // per sensitive attribute: row -> value code

	pseudoKey    []byte
	pseudoFields []string

	outcomes outcomeStore // each row's outcome after identification (SetOutcome)
}

// PseudonymSuffix names the release column that replaces an identifier with its pseudonym.
const PseudonymSuffix = "_pseudonym"

// Pseudonymize makes the release carry, for each identifier field, a keyed pseudonym instead
// of dropping it: the first 16 bytes of HMAC-SHA-256(key, field, value), in hex, in a column
// named field+PseudonymSuffix. The same key gives the same pseudonym in every release, so
// records can be followed across releases by whoever holds them, but not reversed without the
// key. Free text (narrative) cannot be pseudonymized. Call it before Add.
func (c *Collector) Pseudonymize(key []byte, fields []string) error {
	for _, f := range fields {
		fd, ok := schema.Lookup(f)
		if !ok || fd.Role != schema.Identifier || f == schema.Narrative {
			return fmt.Errorf("anonymize: %q is not an identifier that can be pseudonymized", f)
		}
	}
	if len(fields) > 0 && len(key) == 0 {
		return fmt.Errorf("anonymize: pseudonyms need a secret key")
	}
	c.pseudoKey, c.pseudoFields = key, fields
	return nil
}

// ReleaseSchema is schema.Release plus the pseudonym columns.
func (c *Collector) ReleaseSchema() *arrow.Schema {
	fs := schema.Release.Fields()
	for _, f := range c.pseudoFields {
		fs = append(fs, arrow.Field{Name: f + PseudonymSuffix, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	return arrow.NewSchema(fs, nil)
}

// encoder gives dense codes to values in order of first appearance.
type encoder struct {
	index map[string]int32
	codes []int32
}

// add encodes v, or records MissingSensitive when missing.
func (e *encoder) add(v []byte, missing bool) {
	if missing {
		e.codes = append(e.codes, MissingSensitive)
		return
	}
	code, ok := e.index[string(v)]
	if !ok {
		code = int32(len(e.index))
		e.index[string(v)] = code
	}
	e.codes = append(e.codes, code)
}

// Dropped says why a row is left out of the release before anonymization.
type Dropped uint8

const (
	// Duplicate: the same source exported the same case again; the latest was kept.
	Duplicate Dropped = iota + 1
	// Linked: another source's record of a person already kept.
	Linked
	// Skipped: a row of an input that failed part-way and was skipped as a whole (the caller
	// counts it as quarantined).
	Skipped
)

// NewCollector returns an empty Collector over the built-in quasi-identifiers.
func NewCollector() *Collector {
	c := &Collector{qis: CaseQIs, sensitive: make(map[string]*encoder)}
	for name := range SensitiveAttributes {
		c.sensitive[name] = &encoder{index: make(map[string]int32)}
	}
	c.leaves = make([]map[string]int32, len(c.qis))
	c.leafs = make([][][]string, len(c.qis))
	c.codes = make([][]int32, len(c.qis))
	for i := range c.qis {
		c.leaves[i] = make(map[string]int32)
	}
	return c
}

// Rows returns the number of rows added, dropped ones included.
func (c *Collector) Rows() int { return c.rows }

// Drop excludes row (numbered in the order added) from the release, for reason why.
func (c *Collector) Drop(row int, why Dropped) {
	if row >= len(c.dropped) {
		c.dropped = append(c.dropped, make([]Dropped, row+1-len(c.dropped))...)
	}
	c.dropped[row] = why
}

// IsDropped reports whether row has been dropped.
func (c *Collector) IsDropped(row int) bool { return row < len(c.dropped) && c.dropped[row] != 0 }

// droppedRows returns the number of rows dropped.
func (c *Collector) droppedRows() int {
	n := 0
	for _, why := range c.dropped {
		if why != 0 {
			n++
		}
	}
	return n
}

// Add takes the rows of rec, which is in schema.Cases. The caller keeps ownership of rec: its
// buffers may be recycled for other records once released (ingest's allocator does), so any
// value kept from it is copied.
func (c *Collector) Add(rec arrow.RecordBatch) {
	n := int(rec.NumRows())
	// A row's values of a QI, joined by "\x1f", are built in key and looked up without a
	// string of their own: only a new leaf is copied out (which also frees it from rec).
	var key []byte
	for q, qi := range c.qis {
		cols := make([]arrow.Array, len(qi.Columns))
		for j, name := range qi.Columns {
			cols[j] = rec.Column(schema.Index(name))
		}
		for i := 0; i < n; i++ {
			key = joinValues(key[:0], cols, i)
			code, ok := c.leaves[q][string(key)]
			if !ok {
				code = int32(len(c.leafs[q]))
				k := string(key)
				c.leaves[q][k] = code
				c.leafs[q] = append(c.leafs[q], strings.Split(k, "\x1f"))
			}
			c.codes[q] = append(c.codes[q], code)
		}
	}
	for name, cols := range SensitiveAttributes {
		arrs := make([]arrow.Array, len(cols))
		for j, col := range cols {
			arrs[j] = rec.Column(schema.Index(col))
		}
		for i := 0; i < n; i++ {
			key = joinValues(key[:0], arrs, i)
			c.sensitive[name].add(key, allNull(arrs, i))
		}
	}
	// Keep only the analytic columns; the identifiers go with rec when the caller releases it.
	var fields []arrow.Field
	var cols []arrow.Array
	for i, f := range schema.Cases.Fields() {
		if fd, _ := schema.Lookup(f.Name); fd.Role == schema.Analytic {
			fields = append(fields, f)
			a := trimmed(rec.Column(i))
			defer a.Release()
			cols = append(cols, a)
		}
	}
	for _, f := range c.pseudoFields {
		p := c.pseudonyms(f, rec.Column(schema.Index(f)))
		fields = append(fields, arrow.Field{Name: f + PseudonymSuffix, Type: arrow.BinaryTypes.String, Nullable: true})
		cols = append(cols, p)
		defer p.Release()
	}
	c.batches = append(c.batches, array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(n)))
	c.rows += n
	if len(c.dropped) < c.rows {
		c.dropped = append(c.dropped, make([]Dropped, c.rows-len(c.dropped))...)
	}
}

// trimmed returns a copy of a in Go buffers of the size its values take (a itself, retained,
// for a nested type). The columns are kept until the release is written. Ingest's buffers have
// room to grow (a string column's some 60% more than it uses) and each refers to its reader's
// pool of free buffers (up to 64 MiB), which a kept column would hold for the whole run.
func trimmed(a arrow.Array) arrow.Array {
	d := a.Data()
	switch a.DataType().ID() {
	case arrow.STRING, arrow.BOOL, arrow.INT32, arrow.DATE32, arrow.INT64, arrow.FLOAT64:
	default:
		a.Retain()
		return a
	}
	bufs := make([]*memory.Buffer, len(d.Buffers()))
	for i, b := range d.Buffers() {
		if b == nil {
			continue
		}
		nb := memory.NewResizableBuffer(memory.DefaultAllocator)
		nb.Resize(b.Len())
		copy(nb.Bytes(), b.Bytes())
		bufs[i] = nb
	}
	nd := array.NewData(d.DataType(), d.Len(), bufs, nil, d.NullN(), d.Offset())
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	defer nd.Release()
	return array.MakeFromData(nd)
}

func (c *Collector) pseudonyms(field string, a arrow.Array) arrow.Array {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	mac := hmac.New(sha256.New, c.pseudoKey)
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			b.AppendNull()
			continue
		}
		mac.Reset()
		mac.Write([]byte("prevalence-pseudonym-v1\x00" + field + "\x00"))
		mac.Write([]byte(a.ValueStr(i)))
		b.Append(hex.EncodeToString(mac.Sum(nil)[:16]))
	}
	return b.NewArray()
}

// joinValues appends row i's values of cols to b, joined by "\x1f" ("" for a null).
func joinValues(b []byte, cols []arrow.Array, i int) []byte {
	for j, a := range cols {
		if j > 0 {
			b = append(b, 0x1f)
		}
		if a.IsNull(i) {
			continue
		}
		switch a := a.(type) {
		case *array.String:
			b = append(b, a.Value(i)...)
		case *array.Int32:
			b = strconv.AppendInt(b, int64(a.Value(i)), 10)
		case *array.Boolean:
			b = strconv.AppendBool(b, a.Value(i))
		default:
			panic(fmt.Sprintf("anonymize: quasi-identifier or sensitive attribute of type %s", a.DataType()))
		}
	}
	return b
}

// Close releases the collected records.
func (c *Collector) Close() {
	for _, b := range c.batches {
		b.Release()
	}
	c.batches = nil
}

// allNull reports whether row i is null in every column: a sensitive attribute not recorded,
// which is no sensitive value (MissingSensitive). Ingest reads blank cells as null.
func allNull(cols []arrow.Array, i int) bool {
	for _, a := range cols {
		if !a.IsNull(i) {
			return false
		}
	}
	return true
}
