// The collected analytic columns, held as codes: at 10,000,000 rows their text as Arrow
// arrays (offsets and bytes a row) took 0.9 GiB of a run's peak, their codes take 1 byte a row
// a column.

package anonymize

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// column is one collected analytic column (or pseudonym column), a value per added row, in
// one of three forms: text as a code into the column's distinct values (text), booleans as
// two bits (flag), or pseudonyms as their 16 bytes (pseudo; unique a person, so a dictionary
// would cost more than the values).
type column struct {
	field  arrow.Field
	text   *textColumn
	flag   *boolColumn
	pseudo *pseudoColumn
}

// column returns the collected analytic column called name, or nil.
func (c *Collector) column(name string) *column {
	for _, col := range c.analytic {
		if col.field.Name == name {
			return col
		}
	}
	return nil
}

// newColumn returns an empty column for field, which is a string or boolean field.
func newColumn(f arrow.Field) *column {
	switch f.Type.ID() {
	case arrow.STRING:
		return &column{field: f, text: &textColumn{index: map[string]uint32{}, vals: []string{""}}}
	case arrow.BOOL:
		return &column{field: f, flag: &boolColumn{}}
	}
	panic(fmt.Sprintf("anonymize: analytic column %s of type %s", f.Name, f.Type))
}

// add appends the values of a, which has the column's type.
func (c *column) add(a arrow.Array) {
	switch {
	case c.text != nil:
		c.text.add(a.(*array.String))
	case c.flag != nil:
		c.flag.add(a.(*array.Boolean))
	}
}

// valid reports whether row has a value (is not null).
func (c *column) valid(row int) bool {
	switch {
	case c.text != nil:
		return c.text.codes.at(row) != 0
	case c.flag != nil:
		return c.flag.valid.get(row)
	}
	return c.pseudo.valid.get(row)
}

// str returns row's value as text, as Arrow's ValueStr gives it ("true" or "false" for a
// boolean); row must be valid.
func (c *column) str(row int) string {
	switch {
	case c.text != nil:
		return c.text.vals[c.text.codes.at(row)]
	case c.flag != nil:
		if c.flag.set.get(row) {
			return "true"
		}
		return "false"
	}
	return hex.EncodeToString(c.pseudo.vals[row][:])
}

// textColumn holds a text column as a code a row: 0 for null, else the index of the value in
// vals (the column's distinct values in order of first appearance; vals[0] is unused).
type textColumn struct {
	index map[string]uint32
	vals  []string
	codes rowCodes
}

func (t *textColumn) add(a *array.String) {
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			t.codes.append(0)
			continue
		}
		v := a.Value(i) // points into a's buffer: copied when kept
		code, ok := t.index[v]
		if !ok {
			v = strings.Clone(v)
			code = uint32(len(t.vals))
			t.index[v] = code
			t.vals = append(t.vals, v)
		}
		t.codes.append(code)
	}
}

// rowCodes is a column of codes, one a row, each in the narrowest width that holds the largest
// code so far: one byte, two or four.
type rowCodes struct {
	u8  []uint8
	u16 []uint16
	u32 []uint32
}

func (c *rowCodes) append(v uint32) {
	switch {
	case c.u32 != nil:
		c.u32 = append(double(c.u32), v)
	case c.u16 != nil:
		if v > 0xffff {
			c.u32 = make([]uint32, len(c.u16), max(2*len(c.u16), 16))
			for i, x := range c.u16 {
				c.u32[i] = uint32(x)
			}
			c.u16 = nil
			c.u32 = append(c.u32, v)
			return
		}
		c.u16 = append(double(c.u16), uint16(v))
	default:
		if v > 0xff {
			c.u16 = make([]uint16, len(c.u8), max(2*len(c.u8), 16))
			for i, x := range c.u8 {
				c.u16[i] = uint16(x)
			}
			c.u8 = nil
			c.append(v)
			return
		}
		c.u8 = append(double(c.u8), uint8(v))
	}
}

// double makes room in a full s for as many again: a column holds a code per row, and append
// grows a large slice by a quarter, copying it about four times over its final size (5% of a
// 1M-row run's CPU in Collector.Add; issue-14-speed11.md).
func double[T uint8 | uint16 | uint32](s []T) []T {
	if len(s) < cap(s) {
		return s
	}
	return slices.Grow(s, max(len(s), 16))
}

// set replaces row's code by v, a code some row already has (so the width holds it).
func (c *rowCodes) set(row int, v uint32) {
	switch {
	case c.u32 != nil:
		c.u32[row] = v
	case c.u16 != nil:
		c.u16[row] = uint16(v)
	default:
		c.u8[row] = uint8(v)
	}
}

// setWide is set for a code that may be wider than every code before it (a new one).
func (c *rowCodes) setWide(row int, v uint32) {
	if c.u32 == nil && (c.u16 == nil && v > 0xff || c.u16 != nil && v > 0xffff) {
		n := len(c.u8) + len(c.u16) // the one in use
		c.append(v)                 // widens
		switch {
		case c.u32 != nil:
			c.u32 = c.u32[:n]
		default:
			c.u16 = c.u16[:n]
		}
	}
	c.set(row, v)
}

// at returns row's code.
func (c *rowCodes) at(row int) uint32 {
	switch {
	case c.u32 != nil:
		return c.u32[row]
	case c.u16 != nil:
		return uint32(c.u16[row])
	}
	return uint32(c.u8[row])
}

// width returns the bytes a code takes.
func (c *rowCodes) width() int {
	switch {
	case c.u32 != nil:
		return 4
	case c.u16 != nil:
		return 2
	}
	return 1
}

// bitmap holds a bit a row.
type bitmap []uint64

func (b *bitmap) set(row int, v bool) {
	for row>>6 >= len(*b) {
		*b = append(*b, 0)
	}
	if v {
		(*b)[row>>6] |= 1 << (row & 63)
	}
}

func (b bitmap) get(row int) bool { return row>>6 < len(b) && b[row>>6]&(1<<(row&63)) != 0 }

// boolColumn holds a boolean column as two bits a row; hasFalse and hasTrue say which values
// occur (the sort key ranks only those).
type boolColumn struct {
	valid, set        bitmap
	n                 int
	hasFalse, hasTrue bool
}

func (b *boolColumn) add(a *array.Boolean) {
	for i := 0; i < a.Len(); i, b.n = i+1, b.n+1 {
		if a.IsNull(i) {
			continue
		}
		v := a.Value(i)
		b.valid.set(b.n, true)
		b.set.set(b.n, v)
		b.hasTrue, b.hasFalse = b.hasTrue || v, b.hasFalse || !v
	}
}

// pseudoColumn holds a pseudonym column: each row's 16 bytes (shown in hex) and whether it
// has one.
type pseudoColumn struct {
	valid bitmap
	vals  [][16]byte
}

// ranks returns the column's values' ranks in the release's sort key: the alphabetical rank
// of each value as text among the column's values and "" (which ranks first, with null), and
// card, the number of ranks. For text and booleans rank is by code (text: the code; boolean:
// 0 null, 1 false, 2 true); for pseudonyms byRow gives each row's rank.
func (c *column) ranks() (rank []uint64, card uint64, byRow func(row int) uint64) {
	switch {
	case c.text != nil:
		sorted := make([]string, 0, len(c.text.vals))
		for _, v := range c.text.vals[1:] {
			if v != "" {
				sorted = append(sorted, v)
			}
		}
		sorted = append(sorted, "")
		slices.Sort(sorted)
		at := make(map[string]uint64, len(sorted))
		for i, v := range sorted {
			at[v] = uint64(i)
		}
		rank = make([]uint64, len(c.text.vals))
		for code, v := range c.text.vals {
			rank[code] = at[v] // null (code 0) ranks with "": 0
		}
		return rank, uint64(len(sorted)), nil
	case c.flag != nil:
		rank = make([]uint64, 3)
		card = 1
		if c.flag.hasFalse {
			rank[1] = card
			card++
		}
		if c.flag.hasTrue {
			rank[2] = card
			card++
		}
		return rank, card, nil
	}
	// Pseudonyms: hex keeps the order of the bytes.
	seen := map[[16]byte]uint64{}
	for row, v := range c.pseudo.vals {
		if c.pseudo.valid.get(row) {
			seen[v] = 0
		}
	}
	sorted := make([]string, 0, len(seen))
	for v := range seen {
		sorted = append(sorted, string(v[:]))
	}
	slices.Sort(sorted)
	for i, v := range sorted {
		seen[[16]byte([]byte(v))] = uint64(i + 1) // after ""
	}
	return nil, uint64(len(sorted) + 1), func(row int) uint64 {
		if !c.pseudo.valid.get(row) {
			return 0
		}
		return seen[c.pseudo.vals[row]]
	}
}

// boolCode returns row's code in a boolean column: 0 null, 1 false, 2 true.
func (b *boolColumn) code(row int) int {
	switch {
	case !b.valid.get(row):
		return 0
	case b.set.get(row):
		return 2
	}
	return 1
}
