// Rows in: the Collector gathers validated, de-duplicated case records at full precision.

package anonymize

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"

	"github.com/prevalence/prevalence/schema"
)

// Collector gathers case records for anonymization. It keeps, per row, the leaf codes of the
// quasi-identifiers and the analytic columns; identifier columns are never retained.
type Collector struct {
	qis       []QI
	leaves    []map[string]int32 // per QI: joined leaf values -> leaf code
	leafs     [][][]string       // per QI: leaf code -> values
	codes     []rowCodes         // per QI: row -> leaf code (in 1, 2 or 4 bytes)
	analytic  []*column          // the analytic columns (schema.Cases order), then the pseudonym columns
	dropped   []Dropped          // per row (0: kept): a byte a row, where a map held some 40 per dropped row and was looked up on every pass
	rows      int
	sensitive map[string]*encoder // per sensitive attribute: row -> value code
	textLeaf  []fromText          // per QI of one analytic text column: its codes' leaf codes

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
	index    map[string]int32
	codes    rowCodes // per row: 1 + the value's code, 0 when missing
	fromText fromText // an attribute of one analytic text column: its codes' (see addFromText)
}

// add encodes v, or records MissingSensitive when missing.
func (e *encoder) add(v []byte, missing bool) {
	if missing {
		e.codes.append(0)
		return
	}
	code, ok := e.index[string(v)]
	if !ok {
		code = int32(len(e.index))
		e.index[string(v)] = code
	}
	e.codes.append(uint32(code) + 1)
}

// at returns row's code, or MissingSensitive.
func (e *encoder) at(row int) int32 {
	if c := e.codes.at(row); c > 0 {
		return int32(c - 1)
	}
	return MissingSensitive
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
	c.codes = make([]rowCodes, len(c.qis))
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

// Fill gives row the value of analytic field that row from has, when row has none: a linked
// person's kept record takes the trafficking status that only another organisation's record
// of them gives (linkage.Result.Fill). It reports whether it filled one.
func (c *Collector) Fill(row, from int, field string) bool {
	col := c.column(field)
	if col == nil || col.valid(row) || !col.valid(from) {
		return false
	}
	c.copyLeaf(row, from, field)
	switch {
	case col.text != nil:
		col.text.codes.set(row, col.text.codes.at(from))
	case col.flag != nil:
		col.flag.valid.set(row, true)
		col.flag.set.set(row, col.flag.set.get(from))
	default:
		return false
	}
	return true
}

// Complete gives row, a case's record kept, what from, a record of the same case dropped as
// its duplicate, gives and row does not, among fields: a quasi-identifier all of whose columns
// row lacks takes from's values (its whole leaf: never one export's province under the other's
// country), a sensitive attribute row lacks takes from's with its analytic columns (the forms
// of exploitation together), and another analytic column null in row takes from's. A later
// export without a gender column thus keeps the earlier export's genders (ingest.Deduper's
// Merges). Only columns of which every column of their quasi-identifier or sensitive attribute
// is in fields are completed. It returns the columns completed, in the order of fields.
func (c *Collector) Complete(row, from int, fields []string) (done []string) {
	if row == from || row < 0 || from < 0 || row >= c.rows || from >= c.rows {
		return nil
	}
	all := func(cols []string) bool {
		for _, f := range cols {
			if !slices.Contains(fields, f) {
				return false
			}
		}
		return true
	}
	empty := func(leaf []string) bool { // "unknown": a majority status without an age, a gender not known
		for _, v := range leaf {
			if v != "" && v != "unknown" {
				return false
			}
		}
		return true
	}
	for q, qi := range c.qis {
		if !all(qi.Columns) {
			continue
		}
		if r, f := c.codes[q].at(row), c.codes[q].at(from); r != f && empty(c.leafs[q][r]) && !empty(c.leafs[q][f]) {
			c.codes[q].setWide(row, f)
			done = append(done, qi.Columns...)
		}
	}
	grouped := map[string]bool{}
	names := make([]string, 0, len(SensitiveAttributes))
	for name := range SensitiveAttributes {
		names = append(names, name)
	}
	slices.Sort(names) // done in one order every run
	for _, name := range names {
		cols, e := SensitiveAttributes[name], c.sensitive[name]
		if e == nil || !all(cols) {
			continue
		}
		for _, f := range cols {
			grouped[f] = true
		}
		if e.codes.at(row) != 0 || e.codes.at(from) == 0 {
			continue
		}
		e.codes.setWide(row, e.codes.at(from))
		for _, f := range cols {
			c.copyAnalytic(row, from, f)
		}
		done = append(done, cols...)
	}
	for _, col := range c.analytic {
		if f := col.field.Name; !grouped[f] && all([]string{f}) && c.copyAnalytic(row, from, f) {
			done = append(done, f)
		}
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(done))
	for _, f := range fields {
		if slices.Contains(done, f) && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// Gives reports whether row gives a value of field: in its quasi-identifier's leaf (neither
// blank nor "unknown"), else in its analytic column. pipeline says with it what a record kept
// over a duplicate holds after Complete (an export without a gender column whose cases take
// another export's genders).
func (c *Collector) Gives(row int, field string) bool {
	if row < 0 || row >= c.rows {
		return false
	}
	for q, qi := range c.qis {
		if j := slices.Index(qi.Columns, field); j >= 0 {
			v := c.leafs[q][c.codes[q].at(row)][j]
			return v != "" && v != "unknown"
		}
	}
	col := c.column(field)
	return col != nil && col.valid(row)
}

// copyAnalytic gives row from's value of analytic column field when row has none; it reports
// whether it did.
func (c *Collector) copyAnalytic(row, from int, field string) bool {
	col := c.column(field)
	if col == nil || col.pseudo != nil || col.valid(row) || !col.valid(from) {
		return false
	}
	switch {
	case col.text != nil:
		col.text.codes.setWide(row, col.text.codes.at(from))
	case col.flag != nil:
		v := col.flag.set.get(from) // from's value is among those the column has
		col.flag.valid.set(row, true)
		col.flag.set.set(row, v)
	default:
		return false
	}
	return true
}

// Replace gives row the value of analytic field that row from has, whether or not row has
// one: a linked person's kept record at risk takes the victim status another organisation's
// record gives (linkage.Result.Raise). It reports whether the value changed.
func (c *Collector) Replace(row, from int, field string) bool {
	col := c.column(field)
	if col == nil || col.text == nil || !col.valid(from) || col.valid(row) && col.text.codes.at(row) == col.text.codes.at(from) {
		return false
	}
	c.copyLeaf(row, from, field)
	col.text.codes.set(row, col.text.codes.at(from))
	return true
}

// copyLeaf gives row, in the leaf of every QI with column field, from's value of it.
func (c *Collector) copyLeaf(row, from int, field string) {
	for q, qi := range c.qis {
		j := slices.Index(qi.Columns, field)
		if j < 0 {
			continue
		}
		c.setLeaf(q, j, row, c.leafs[q][c.codes[q].at(from)][j])
	}
}

// Clear nulls row's value of analytic field: the outcome fields of a case whose events turned
// out not to be known as its own (pipeline: a case number naming cases of two numberings). It
// reports whether there was one.
//
// A quasi-identifier's column (placement_province, legal_stage, legal_disposition) is cleared in
// the row's leaf, and a sensitive attribute of that one column (retrafficked_within_24m) too:
// the analytic columns alone left a taken-back case "placed in Herat" (linkage-merge5).
func (c *Collector) Clear(row int, field string) bool {
	if row < 0 || row >= c.rows {
		return false
	}
	cleared := false
	for q, qi := range c.qis {
		j := slices.Index(qi.Columns, field)
		if j < 0 {
			continue
		}
		cleared = c.setLeaf(q, j, row, "") || cleared
	}
	for name, cols := range SensitiveAttributes {
		if e := c.sensitive[name]; len(cols) == 1 && cols[0] == field && e != nil && e.codes.at(row) != 0 {
			e.codes.set(row, 0) // 0: missing, which every width holds
			cleared = true
		}
	}
	col := c.column(field)
	if col == nil || !col.valid(row) {
		return cleared
	}
	switch {
	case col.text != nil:
		col.text.codes.set(row, 0)
	case col.flag != nil:
		col.flag.valid.set(row, false)
	default:
		return cleared
	}
	return true
}

// setLeaf gives row's leaf of quasi-identifier q the value v in its column j ("" a null),
// interning the new leaf; it reports whether the value changed.
func (c *Collector) setLeaf(q, j, row int, v string) bool {
	leaf := c.leafs[q][c.codes[q].at(row)]
	if leaf[j] == v {
		return false
	}
	nl := slices.Clone(leaf)
	nl[j] = v
	k := strings.Join(nl, "\x1f")
	code, ok := c.leaves[q][k]
	if !ok {
		code = int32(len(c.leafs[q]))
		c.leaves[q][k] = code
		c.leafs[q] = append(c.leafs[q], nl)
	}
	c.codes[q].setWide(row, uint32(code))
	return true
}

// Set gives row the value v of field (a string, or "true"/"false" for a boolean; "" nulls it)
// in every form the Collector holds it: the analytic column, the quasi-identifier leaf of the
// row (placement_province, legal_stage, legal_disposition) and a sensitive attribute of that
// one column (retrafficked_within_24m), as Clear does for a null. The pipeline sets a linked
// person's kept record's outcome fields from the events of all their records (linkage-merge6:
// a transit home's placement and a home's follow-ups of one child). It reports whether any
// form changed. A value of another type than the field's panics: a programming error.
func (c *Collector) Set(row int, field, v string) bool {
	if v == "" {
		return c.Clear(row, field)
	}
	if row < 0 || row >= c.rows {
		return false
	}
	changed := false
	for q, qi := range c.qis {
		j := slices.Index(qi.Columns, field)
		if j < 0 {
			continue
		}
		changed = c.setLeaf(q, j, row, v) || changed
	}
	for name, cols := range SensitiveAttributes {
		e := c.sensitive[name]
		if len(cols) != 1 || cols[0] != field || e == nil {
			continue
		}
		code, ok := e.index[v]
		if !ok {
			code = int32(len(e.index))
			e.index[v] = code
		}
		if e.codes.at(row) != uint32(code)+1 {
			e.codes.setWide(row, uint32(code)+1)
			changed = true
		}
	}
	col := c.column(field)
	switch {
	case col == nil:
	case col.text != nil:
		t := col.text
		code, ok := t.index[v]
		if !ok {
			code = uint32(len(t.vals))
			t.index[v] = code
			t.vals = append(t.vals, v)
		}
		if t.codes.at(row) != code {
			t.codes.setWide(row, code)
			changed = true
		}
	case col.flag != nil:
		b, err := strconv.ParseBool(v)
		if err != nil || v != strconv.FormatBool(b) {
			panic(fmt.Sprintf("anonymize: Set of boolean %s to a value that is not true or false", field))
		}
		f := col.flag
		if !f.valid.get(row) || f.set.get(row) != b {
			f.valid.set(row, true)
			f.set.set(row, b)
			f.hasTrue, f.hasFalse = f.hasTrue || b, f.hasFalse || !b
			changed = true
		}
	}
	return changed
}

// Why returns why row was dropped (0: it is kept).
func (c *Collector) Why(row int) Dropped {
	if row < len(c.dropped) {
		return c.dropped[row]
	}
	return 0
}

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
	// Keep only the analytic columns, as codes (see column); the identifiers go with rec when
	// the caller releases it. They are added first: a QI or sensitive attribute of one of
	// their text columns takes its codes from the column's (see fromText).
	if c.analytic == nil {
		for _, f := range schema.Cases.Fields() {
			if fd, _ := schema.Lookup(f.Name); fd.Role == schema.Analytic {
				c.analytic = append(c.analytic, newColumn(f))
			}
		}
		for _, f := range c.pseudoFields {
			c.analytic = append(c.analytic, &column{
				field:  arrow.Field{Name: f + PseudonymSuffix, Type: arrow.BinaryTypes.String, Nullable: true},
				pseudo: &pseudoColumn{}})
		}
	}
	for _, col := range c.analytic {
		if col.pseudo == nil {
			col.add(rec.Column(schema.Index(col.field.Name)))
		}
	}
	for k, f := range c.pseudoFields {
		c.pseudonyms(c.analytic[len(c.analytic)-len(c.pseudoFields)+k].pseudo, f, rec.Column(schema.Index(f)))
	}
	// A row's values of a QI, joined by "\x1f", are built in key and looked up without a
	// string of their own: only a new leaf is copied out (which also frees it from rec). A QI
	// of one text column without nulls is looked up by the value itself (its key is the value).
	var key []byte
	var cols []keyCol
	for q, qi := range c.qis {
		if t := c.textOf(qi.Columns); t != nil {
			c.leavesFromText(q, t, n)
			continue
		}
		cols = cols[:0]
		for _, name := range qi.Columns {
			cols = append(cols, newKeyCol(rec.Column(schema.Index(name))))
		}
		leaves, codes := c.leaves[q], &c.codes[q]
		if len(cols) == 1 && cols[0].s != nil && cols[0].valid == nil {
			a := cols[0].s
			for i := 0; i < n; i++ {
				v := a.Value(i)
				code, ok := leaves[v]
				if !ok {
					code = c.newLeaf(q, strings.Clone(v))
				}
				codes.append(uint32(code))
			}
			continue
		}
		for i := 0; i < n; i++ {
			key = appendKey(key[:0], cols, i)
			code, ok := leaves[string(key)]
			if !ok {
				code = c.newLeaf(q, string(key))
			}
			codes.append(uint32(code))
		}
	}
	for name, attr := range SensitiveAttributes {
		enc := c.sensitive[name]
		if t := c.textOf(attr); t != nil {
			enc.addFromText(t, c.rows, n)
			continue
		}
		cols = cols[:0]
		for _, col := range attr {
			cols = append(cols, newKeyCol(rec.Column(schema.Index(col))))
		}
		for i := 0; i < n; i++ {
			key = appendKey(key[:0], cols, i)
			enc.add(key, allNullKey(cols, i))
		}
	}
	c.rows += n
	if len(c.dropped) < c.rows {
		c.dropped = append(c.dropped, make([]Dropped, c.rows-len(c.dropped))...)
	}
}

// textOf returns the collected text column when cols is one analytic text column (such as
// trafficking_status, a QI, or labour_sector, a sensitive attribute), else nil.
func (c *Collector) textOf(cols []string) *textColumn {
	if len(cols) != 1 {
		return nil
	}
	if col := c.column(cols[0]); col != nil {
		return col.text
	}
	return nil
}

// fromText translates a text column's codes into a QI's leaf codes or a sensitive
// attribute's: one look-up a distinct value instead of a second map look-up a row beside the
// column's own. Entry code is 1 + the translated code, 0 when not yet looked up. The column's
// codes only grow (a value keeps its code), so the table holds across records.
type fromText []uint32

// get returns 1 + the translated code of text code tc, 0 when not yet looked up.
func (f *fromText) get(tc uint32) uint32 {
	if int(tc) >= len(*f) {
		*f = append(*f, make([]uint32, int(tc)+1-len(*f))...)
	}
	return (*f)[tc]
}

// leavesFromText appends the leaf codes of QI q, of the one text column t, for the n rows t
// was just given: a null and "" are one leaf (the joined key of a null is ""), as appendKey
// makes them, and a value is its own key.
func (c *Collector) leavesFromText(q int, t *textColumn, n int) {
	if c.textLeaf == nil {
		c.textLeaf = make([]fromText, len(c.qis))
	}
	tr, codes := &c.textLeaf[q], &c.codes[q]
	for row := c.rows; row < c.rows+n; row++ {
		tc := t.codes.at(row)
		code := tr.get(tc)
		if code == 0 {
			v := t.vals[tc] // vals[0], a null's, is ""
			leaf, ok := c.leaves[q][v]
			if !ok {
				leaf = c.newLeaf(q, v) // the column's own string, not rec's
			}
			code = uint32(leaf) + 1
			(*tr)[tc] = code
		}
		codes.append(code - 1)
	}
}

// addFromText appends the codes of the n rows from row first of the one text column t: a
// null is missing, any value (also "") a value.
func (e *encoder) addFromText(t *textColumn, first, n int) {
	for row := first; row < first+n; row++ {
		tc := t.codes.at(row)
		if tc == 0 {
			e.codes.append(0)
			continue
		}
		code := e.fromText.get(tc)
		if code == 0 {
			v := t.vals[tc]
			c, ok := e.index[v]
			if !ok {
				c = int32(len(e.index))
				e.index[v] = c
			}
			code = uint32(c) + 1
			e.fromText[tc] = code
		}
		e.codes.append(code) // 1 + the value's code, as add appends
	}
}

// pseudonyms appends to p the pseudonym of each of a's values of identifier field.
func (c *Collector) pseudonyms(p *pseudoColumn, field string, a arrow.Array) {
	mac := hmac.New(sha256.New, c.pseudoKey)
	var sum []byte
	for i := 0; i < a.Len(); i++ {
		row := len(p.vals)
		p.vals = append(p.vals, [16]byte{})
		if a.IsNull(i) {
			continue
		}
		mac.Reset()
		mac.Write([]byte("prevalence-pseudonym-v1\x00" + field + "\x00"))
		mac.Write([]byte(a.ValueStr(i)))
		sum = mac.Sum(sum[:0])
		p.vals[row] = [16]byte(sum[:16])
		p.valid.set(row, true)
	}
}

// newLeaf gives the joined values k (a string of its own) QI q's next leaf code.
func (c *Collector) newLeaf(q int, k string) int32 {
	code := int32(len(c.leafs[q]))
	c.leaves[q][k] = code
	c.leafs[q] = append(c.leafs[q], strings.Split(k, "\x1f"))
	return code
}

// keyCol is a column of a QI or a sensitive attribute, its type and validity found once a
// record rather than once a value (Add's keys were a fifth of its time in an interface's
// type switch and IsNull calls).
type keyCol struct {
	a     arrow.Array
	s     *array.String
	i32   *array.Int32
	b     *array.Boolean
	valid []byte // the validity bitmap when the column has nulls, else nil
	off   int
}

func newKeyCol(a arrow.Array) keyCol {
	k := keyCol{a: a, off: a.Data().Offset()}
	switch t := a.(type) {
	case *array.String:
		k.s = t
	case *array.Int32:
		k.i32 = t
	case *array.Boolean:
		k.b = t
	}
	if a.NullN() > 0 {
		k.valid = a.NullBitmapBytes()
	}
	return k
}

func (k *keyCol) isNull(i int) bool {
	return k.valid != nil && bitutil.BitIsNotSet(k.valid, k.off+i)
}

// appendKey appends row i's values of cols to b, joined by "\x1f" ("" for a null).
func appendKey(b []byte, cols []keyCol, i int) []byte {
	for j := range cols {
		k := &cols[j]
		if j > 0 {
			b = append(b, 0x1f)
		}
		if k.isNull(i) {
			continue
		}
		switch {
		case k.s != nil:
			b = append(b, k.s.Value(i)...)
		case k.i32 != nil:
			b = strconv.AppendInt(b, int64(k.i32.Value(i)), 10)
		case k.b != nil:
			b = strconv.AppendBool(b, k.b.Value(i))
		default:
			panic(fmt.Sprintf("anonymize: quasi-identifier or sensitive attribute of type %s", k.a.DataType()))
		}
	}
	return b
}

// Close lets the collected columns go.
func (c *Collector) Close() {
	c.analytic = nil
}

// allNullKey reports whether row i is null in every column: a sensitive attribute not
// recorded, which is no sensitive value (MissingSensitive). Ingest reads blank cells as null.
func allNullKey(cols []keyCol, i int) bool {
	for j := range cols {
		if !cols[j].isNull(i) {
			return false
		}
	}
	return true
}
