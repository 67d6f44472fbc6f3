// Microdata out: the k-anonymous rows, in content order.

package anonymize

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Records calls fn with the released rows as records in schema.Release, batchSize rows at a
// time, in content order (see order). fn must not retain the record after it returns.
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
	for q, qi := range r.QIs {
		for j, col := range qi.Columns {
			builders[colOf[col]] = r.qiColumn(alloc, q, j, labels, local)
		}
	}
	rows := r.order(labels, local)
	for _, col := range r.c.analytic {
		builders[colOf[col.field.Name]] = analyticColumn(alloc, col)
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
	go func() {
		defer close(queue)
		workers := max(1, min(runtime.GOMAXPROCS(0), len(builders)))
		for lo := 0; lo < len(rows); lo += batchSize {
			select {
			case <-quit:
				return
			default:
			}
			part := rows[lo:min(lo+batchSize, len(rows))]
			cols := make([]arrow.Array, len(builders))
			var wg sync.WaitGroup
			next := make(chan int)
			for range workers {
				wg.Go(func() {
					for c := range next {
						cols[c] = builders[c](part)
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

// qiColumn returns the builder of column j of QI q: its generalized value for each row.
func (r *Release) qiColumn(alloc memory.Allocator, q, j int, labels [][][]string, local map[int]int) func([]released) arrow.Array {
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
		}
	}
	vals := make([]string, len(labels[q])) // per leaf code
	null := make([]bool, len(labels[q]))
	for leaf, v := range labels[q] {
		vals[leaf], null[leaf] = v[j], v[j] == ""
	}
	codes := &r.c.codes[q]
	return func(rows []released) arrow.Array {
		return fromCodes(alloc, rows, func(row int32) uint32 { return codes.at(int(row)) }, vals, null)
	}
}

// analyticColumn returns the builder of a collected analytic column: its values as collected
// (text made safe by cleanText).
func analyticColumn(alloc memory.Allocator, col *column) func([]released) arrow.Array {
	switch {
	case col.text != nil:
		clean := make([]string, len(col.text.vals))
		null := make([]bool, len(col.text.vals))
		for i, v := range col.text.vals {
			clean[i] = cleanText(v)
		}
		null[0] = true // code 0; a valid empty text is released as text
		codes := &col.text.codes
		return func(rows []released) arrow.Array {
			return fromCodes(alloc, rows, func(row int32) uint32 { return codes.at(int(row)) }, clean, null)
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
func fromCodes(alloc memory.Allocator, rows []released, code func(row int32) uint32, vals []string, null []bool) arrow.Array {
	sb := array.NewStringBuilder(alloc)
	defer sb.Release()
	sb.Reserve(len(rows))
	// The rows are in release order, not the collector's: each code read is a cache miss at
	// 10M rows, so they are read once (half of fromCodes' time was the second read).
	codes := make([]uint32, len(rows))
	size := 0
	for i, e := range rows {
		c := code(e.row)
		codes[i] = c
		size += len(vals[c])
	}
	sb.ReserveData(size)
	for _, c := range codes {
		if null[c] {
			sb.AppendNull()
		} else {
			sb.Append(vals[c])
		}
	}
	return sb.NewArray()
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
