// Microdata out: the k-anonymous rows, in content order.

package anonymize

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Records calls fn with the released rows as records in schema.Release, batchSize rows at a
// time, in content order (see order). fn may retain the record (Retain, and Release when done
// with it: the cases writer keeps a row group's records until it writes the group): each
// record's columns are new arrays from alloc, none reused for a later record, and Records
// releases its own reference when fn returns.
//
// Each record is built column by column from the codes the collector holds (a QI's leaf code
// gives its generalized values, an analytic text column's code its value), the columns on all
// cores, and the next record is built while fn writes this one.
func (r *Release) Records(alloc memory.Allocator, batchSize int, fn func(arrow.RecordBatch) error) error {
	if alloc == nil {
		alloc = memory.DefaultAllocator
	}
	if r.c.rows == 0 {
		return nil // nothing collected: no record
	}
	rs := r.c.ReleaseSchema()
	colOf := make(map[string]int)
	for i, f := range rs.Fields() {
		colOf[f.Name] = i
	}
	labels := r.generalized()
	local := r.localColumns()
	builders := make([]func(rows []released) arrow.Array, rs.NumFields())
	// The columns built from a code a row, whose codes are gathered a window of rows at a time
	// (gatherCodes) rather than read in release order by each column's builder.
	coded := make([]*codedColumn, rs.NumFields())
	for q, qi := range r.QIs {
		for j, col := range qi.Columns {
			builders[colOf[col]], coded[colOf[col]] = r.qiColumn(alloc, q, j, labels, local)
		}
	}
	rows := r.order(labels, local)
	for _, col := range r.c.analytic {
		builders[colOf[col.field.Name]] = analyticColumn(alloc, col)
		if col.text != nil {
			coded[colOf[col.field.Name]] = textCoded(col)
		}
	}
	var gathered []int // the coded columns
	for i, c := range coded {
		if c != nil && gatherRows > 0 {
			gathered = append(gathered, i)
		}
	}
	for i, b := range builders {
		if b == nil {
			return fmt.Errorf("anonymize: release column %s has no source", rs.Field(i).Name)
		}
	}
	if batchSize <= 0 {
		batchSize = len(rows)
	}
	type built struct {
		rec  arrow.RecordBatch
		done chan struct{}
	}
	quit := make(chan struct{})
	queue := make(chan *built, 1) // one record built ahead while fn writes
	// A window of several batches' rows, whose codes are gathered at once: the wider it is,
	// the closer together the rows' numbers, at 4 bytes a row and coded column.
	window := batchSize * max(1, gatherRows/batchSize) // whole batches
	var g gatherer
	go func() {
		defer close(queue)
		workers := max(1, min(runtime.GOMAXPROCS(0), len(builders)))
		wlo := 0 // the window gathered: rows[wlo:wlo+len(g.pairs)]
		for lo := 0; lo < len(rows); lo += batchSize {
			select {
			case <-quit:
				return
			default:
			}
			part := rows[lo:min(lo+batchSize, len(rows))]
			if len(gathered) > 0 && lo >= wlo+len(g.pairs) {
				wlo = lo
				g.gather(rows[lo:min(lo+window, len(rows))], coded, gathered)
			}
			cols := make([]arrow.Array, len(builders))
			var wg sync.WaitGroup
			next := make(chan int)
			for range workers {
				wg.Go(func() {
					for c := range next {
						if cc := coded[c]; cc != nil && len(gathered) > 0 {
							cols[c] = textOfCodes(alloc, g.codes[c][lo-wlo:lo-wlo+len(part)], cc.vals, cc.null)
						} else {
							cols[c] = builders[c](part)
						}
					}
				})
			}
			for c := range builders {
				next <- c
			}
			close(next)
			wg.Wait()
			rec := array.NewRecordBatch(rs, cols, int64(len(part)))
			for _, c := range cols {
				c.Release()
			}
			select {
			case queue <- &built{rec: rec}:
			case <-quit:
				rec.Release()
				return
			}
		}
	}()
	var err error
	for b := range queue {
		if err == nil {
			err = fn(b.rec)
			if err != nil {
				close(quit)
			}
		}
		b.rec.Release()
	}
	return err
}

// qiColumn returns the builder of column j of QI q: its generalized value for each row; and,
// for a full-domain QI, the column as built from the rows' leaf codes.
func (r *Release) qiColumn(alloc memory.Allocator, q, j int, labels [][][]string, local map[int]int) (func([]released) arrow.Array, *codedColumn) {
	if li, ok := local[q]; ok { // Mondrian: each kept row's own labels
		return func(rows []released) arrow.Array {
			sb := array.NewStringBuilder(alloc)
			defer sb.Release()
			sb.Reserve(len(rows))
			for _, e := range rows {
				if v := strings.Split(r.result.Labels[li][e.kept], "\x1f")[j]; v == "" {
					sb.AppendNull()
				} else {
					sb.Append(v)
				}
			}
			return sb.NewArray()
		}, nil
	}
	vals := make([]string, len(labels[q])) // per leaf code
	null := make([]bool, len(labels[q]))
	for leaf, v := range labels[q] {
		vals[leaf], null[leaf] = v[j], v[j] == ""
	}
	codes := &r.c.codes[q]
	return func(rows []released) arrow.Array {
		return fromCodes(alloc, rows, func(row int32) uint32 { return codes.at(int(row)) }, vals, null)
	}, &codedColumn{codes: codes, vals: vals, null: null}
}

// codedColumn is a text column built from a code a row: the value vals[code], or null where
// null[code].
type codedColumn struct {
	codes *rowCodes
	vals  []string
	null  []bool
}

// textCoded returns a collected text column as a codedColumn (its values made safe by
// cleanText).
func textCoded(col *column) *codedColumn {
	clean := make([]string, len(col.text.vals))
	null := make([]bool, len(col.text.vals))
	for i, v := range col.text.vals {
		clean[i] = cleanText(v)
	}
	null[0] = true // code 0; a valid empty text is released as text
	return &codedColumn{codes: &col.text.codes, vals: clean, null: null}
}

// analyticColumn returns the builder of a collected analytic column: its values as collected
// (text made safe by cleanText).
func analyticColumn(alloc memory.Allocator, col *column) func([]released) arrow.Array {
	switch {
	case col.text != nil:
		cc := textCoded(col)
		return func(rows []released) arrow.Array {
			return fromCodes(alloc, rows, func(row int32) uint32 { return cc.codes.at(int(row)) }, cc.vals, cc.null)
		}
	case col.flag != nil:
		return func(rows []released) arrow.Array {
			bb := array.NewBooleanBuilder(alloc)
			defer bb.Release()
			bb.Reserve(len(rows))
			for _, e := range rows {
				switch col.flag.code(int(e.row)) {
				case 0:
					bb.AppendNull()
				case 1:
					bb.Append(false)
				default:
					bb.Append(true)
				}
			}
			return bb.NewArray()
		}
	}
	return func(rows []released) arrow.Array {
		sb := array.NewStringBuilder(alloc)
		defer sb.Release()
		sb.Reserve(len(rows))
		sb.ReserveData(32 * len(rows))
		for _, e := range rows {
			if col.valid(int(e.row)) {
				sb.Append(col.str(int(e.row)))
			} else {
				sb.AppendNull()
			}
		}
		return sb.NewArray()
	}
}

// fromCodes builds a text column of rows from a code each (code(row), row numbered among the
// added rows): the value vals[code], or null where null[code]. The QIs' columns (a code a
// leaf) and the analytic text columns (a code a distinct value) are both built so: no map
// lookup per released row, and no read of a row's text from where it was collected.
//
// Records builds its columns from codes gathered by gatherCodes instead (textOfCodes): the
// rows are in release order, not the collector's, and each code read here is a cache miss at
// 10M rows.
func fromCodes(alloc memory.Allocator, rows []released, code func(row int32) uint32, vals []string, null []bool) arrow.Array {
	codes := make([]uint32, len(rows))
	for i, e := range rows {
		codes[i] = code(e.row)
	}
	return textOfCodes(alloc, codes, vals, null)
}

// textOfCodes builds a text column of a code a row: the value vals[code], or null where
// null[code]. Its buffers are sized exactly, offsets, data and (only when a row is null)
// validity, and filled in one pass: a StringBuilder's Reserve rounds the offsets of a 64 Ki-row
// batch (64 Ki+1 of them) up to twice that, and its validity bitmap is kept with no null.
func textOfCodes(alloc memory.Allocator, codes []uint32, vals []string, null []bool) arrow.Array {
	n := len(codes)
	size, nulls := 0, 0
	for _, c := range codes {
		if null[c] {
			nulls++
		} else {
			size += len(vals[c])
		}
	}
	if size > math.MaxInt32 {
		panic("anonymize: a batch's text column of over 2 GiB") // as the StringBuilder did (offset overflow)
	}
	offBuf := memory.NewResizableBuffer(alloc)
	defer offBuf.Release()
	offBuf.Resize(arrow.Int32Traits.BytesRequired(n + 1))
	offs := arrow.Int32Traits.CastFromBytes(offBuf.Bytes())
	dataBuf := memory.NewResizableBuffer(alloc)
	defer dataBuf.Release()
	dataBuf.Resize(size)
	data := dataBuf.Bytes()
	var validBuf *memory.Buffer
	var valid []byte
	if nulls > 0 {
		validBuf = memory.NewResizableBuffer(alloc)
		defer validBuf.Release()
		validBuf.Resize(int(bitutil.BytesForBits(int64(n))))
		valid = validBuf.Bytes()
		clear(valid) // an allocator need not give zeroed memory
	}
	pos := 0
	for i, c := range codes {
		offs[i] = int32(pos)
		if null[c] {
			continue
		}
		if valid != nil {
			bitutil.SetBit(valid, i)
		}
		pos += copy(data[pos:], vals[c])
	}
	offs[n] = int32(pos)
	d := array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{validBuf, offBuf, dataBuf}, nil, nulls, 0)
	defer d.Release()
	return array.NewStringData(d)
}

// gatherRows is the rows of a window of gathered codes (rounded down to whole batches, at
// least one): a window of 256 Ki rows of the 10M CSV's release holds about one row in 38, and
// takes 1 MiB a coded column. 0 builds each column from its codes read in release order
// (fromCodes), as tests compare.
var gatherRows = 1 << 18

// gatherer holds a window of released rows' codes, gathered column by column in one pass
// over the rows sorted by their numbers (the collector's order, in which each column holds its
// codes), then placed in release order: a column's builder read them in release order, a
// cache miss a row and column at 10M rows (fromCodes' random reads: 6.1 s of the 10M CSV's
// write stage, issue-14-speed20.md).
type gatherer struct {
	pairs, tmp []uint64   // the window's rows: row number << 32 | place in the window
	codes      [][]uint32 // per coded column: the window's codes in release order
}

// gather gathers the codes of the coded columns cols (indexes into coded) for rows.
func (g *gatherer) gather(rows []released, coded []*codedColumn, cols []int) {
	n := len(rows)
	if cap(g.pairs) < n {
		g.pairs, g.tmp = make([]uint64, n), make([]uint64, n)
	}
	g.pairs, g.tmp = g.pairs[:n], g.tmp[:n]
	top := int32(0)
	for i, e := range rows {
		g.pairs[i] = uint64(e.row)<<32 | uint64(i)
		top = max(top, e.row)
	}
	radixHigh(g.pairs, g.tmp, bits.Len32(uint32(top)))
	if g.codes == nil {
		g.codes = make([][]uint32, len(coded))
	}
	for _, c := range cols {
		if cap(g.codes[c]) < n {
			g.codes[c] = make([]uint32, n)
		}
		g.codes[c] = g.codes[c][:n]
	}
	parallel(len(cols), func(k int) {
		c := cols[k]
		dst, src := g.codes[c], coded[c].codes
		switch {
		case src.u32 != nil:
			for _, p := range g.pairs {
				dst[uint32(p)] = src.u32[p>>32]
			}
		case src.u16 != nil:
			for _, p := range g.pairs {
				dst[uint32(p)] = uint32(src.u16[p>>32])
			}
		default:
			for _, p := range g.pairs {
				dst[uint32(p)] = uint32(src.u8[p>>32])
			}
		}
	})
}

// radixHigh sorts a by its high 32 bits, of which the top ones above width are zero (an LSD
// radix sort, 11 bits a pass, tmp as long as a).
func radixHigh(a, tmp []uint64, width int) {
	const b = 11
	for shift := 32; shift < 32+width; shift += b {
		var count [1 << b]int
		for _, v := range a {
			count[v>>shift&(1<<b-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i], sum = sum, sum+c
		}
		for _, v := range a {
			d := v >> shift & (1<<b - 1)
			tmp[count[d]] = v
			count[d]++
		}
		copy(a, tmp)
	}
}

// released is a row to release: its number among the added rows and among the kept ones.
type released struct {
	key       uint64
	row, kept int32
}

// order returns the released rows sorted by their content: quasi-identifiers first, then the
// analytic columns, each by the alphabetical rank of its value. The order of the exports (which
// follows case numbers and registration dates) must not survive into the release, where a
// row's position would tell more than its generalized values; sorted, rows with the same
// content are interchangeable, and a reader's filters can skip whole row groups. Columns enter
// the sort key while their numbers of values multiply to less than 2^63; rows equal on those
// keep their relative order, which then carries no more than the columns left out.
func (r *Release) order(labels [][][]string, local map[int]int) []released {
	// Counted first: appended, the slice's copies as it grew were 1.8 s of a 10M-row run's
	// 176 s of CPU (issue-14-speed11.md).
	n, kept := 0, 0
	for row := range r.c.rows {
		if r.c.dropped[row] != 0 {
			continue
		}
		if !r.suppressed[kept] {
			n++
		}
		kept++
	}
	out := make([]released, 0, n)
	kept = 0
	for row := range r.c.rows {
		if r.c.dropped[row] != 0 {
			continue
		}
		if !r.suppressed[kept] {
			out = append(out, released{row: int32(row), kept: int32(kept)})
		}
		kept++
	}
	// Each column gives every released row a rank: rank(e) in [0, card).
	type column struct {
		card uint64
		rank func(i int, e *released) uint64 // i: the row's place in out
	}
	var cols []column
	for q := range r.QIs {
		if li, ok := local[q]; ok { // Mondrian: a label per row
			ranks := rankStrings(len(out), func(i int) string { return r.result.Labels[li][out[i].kept] })
			cols = append(cols, column{card: maxRank(ranks) + 1, rank: func(i int, _ *released) uint64 { return ranks[i] }})
			continue
		}
		// Full-domain: rank the labels of the leaves once.
		ls := make([]string, len(labels[q]))
		for leaf, v := range labels[q] {
			ls[leaf] = strings.Join(v, "\x1f")
		}
		ranks := rankStrings(len(ls), func(i int) string { return ls[i] })
		cols = append(cols, column{card: maxRank(ranks) + 1, rank: func(_ int, e *released) uint64 { return ranks[r.c.codes[q].at(int(e.row))] }})
	}
	// The analytic columns rank their distinct values once (a text column's by code); a row's
	// rank is its code's.
	analytic := make([]column, len(r.c.analytic))
	parallel(len(analytic), func(j int) {
		col := r.c.analytic[j]
		rank, card, byRow := col.ranks()
		switch {
		case byRow != nil:
			analytic[j] = column{card: card, rank: func(_ int, e *released) uint64 { return byRow(int(e.row)) }}
		case col.text != nil:
			codes := &col.text.codes
			analytic[j] = column{card: card, rank: func(_ int, e *released) uint64 { return rank[codes.at(int(e.row))] }}
		default:
			analytic[j] = column{card: card, rank: func(_ int, e *released) uint64 { return rank[col.flag.code(int(e.row))] }}
		}
	})
	cols = append(cols, analytic...)
	radix := uint64(1)
	for ci, c := range cols {
		if c.card == 0 || radix > (1<<63)/c.card {
			cols = cols[:ci] // the key is full: leave the rest out
			break
		}
		radix *= c.card
	}
	const part = 1 << 16
	parallel((len(out)+part-1)/part, func(p int) {
		for i := p * part; i < min(len(out), (p+1)*part); i++ {
			var k uint64
			for _, c := range cols {
				k = k*c.card + c.rank(i, &out[i])
			}
			out[i].key = k
		}
	})
	slices.SortFunc(out, func(a, b released) int { // by key, then by row: stable, and fast
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.row, b.row)
	})
	return out
}

// parallel calls fn(0) to fn(n-1) on all cores.
func parallel(n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), n)) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// rankStrings ranks n strings alphabetically (equal strings share a rank).
func rankStrings(n int, at func(i int) string) []uint64 {
	distinct := map[string]uint64{}
	for i := 0; i < n; i++ {
		distinct[at(i)] = 0
	}
	vals := make([]string, 0, len(distinct))
	for v := range distinct {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	for i, v := range vals {
		distinct[v] = uint64(i)
	}
	ranks := make([]uint64, n)
	for i := range ranks {
		ranks[i] = distinct[at(i)]
	}
	return ranks
}

func maxRank(ranks []uint64) uint64 {
	m := uint64(0)
	for _, r := range ranks {
		m = max(m, r)
	}
	return m
}

// cleanText makes a released text value safe to store and show: invalid UTF-8 is replaced and
// control characters (NUL included) are dropped.
func cleanText(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
