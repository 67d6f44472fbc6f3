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
// gives its generalized values; the analytic columns are read from the collected batches), the
// columns on all cores, and the next record is built while fn writes this one.
func (r *Release) Records(alloc memory.Allocator, batchSize int, fn func(arrow.RecordBatch) error) error {
	if alloc == nil {
		alloc = memory.DefaultAllocator
	}
	if len(r.c.batches) == 0 {
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
	rows, texts := r.order(labels, local)
	for j, f := range r.c.batches[0].Schema().Fields() {
		builders[colOf[f.Name]] = r.analyticColumn(alloc, j, texts[j])
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
	for leaf, v := range labels[q] {
		vals[leaf] = v[j]
	}
	codes := r.c.codes[q]
	return func(rows []released) arrow.Array {
		sb := array.NewStringBuilder(alloc)
		defer sb.Release()
		sb.Reserve(len(rows))
		size := 0
		for _, e := range rows {
			size += len(vals[codes[e.row]])
		}
		sb.ReserveData(size)
		for _, e := range rows {
			if v := vals[codes[e.row]]; v == "" {
				sb.AppendNull()
			} else {
				sb.Append(v)
			}
		}
		return sb.NewArray()
	}
}

// analyticColumn returns the builder of the collected batches' column j, copied as it was
// collected (text made safe by cleanText). codes, when not nil, holds the text column's values
// by row code (see textCodes), so that a row's value is read from its code, not from the
// batch it was collected in.
func (r *Release) analyticColumn(alloc memory.Allocator, j int, codes *textCodes) func([]released) arrow.Array {
	batches := r.c.batches
	switch batches[0].Column(j).(type) {
	case *array.String:
		if codes != nil {
			clean := make([]string, len(codes.vals))
			for i, v := range codes.vals {
				clean[i] = cleanText(v)
			}
			return func(rows []released) arrow.Array {
				sb := array.NewStringBuilder(alloc)
				defer sb.Release()
				sb.Reserve(len(rows))
				size := 0
				for _, e := range rows {
					size += len(clean[codes.at(int(e.row))])
				}
				sb.ReserveData(size)
				for _, e := range rows {
					if c := codes.at(int(e.row)); c == 0 {
						sb.AppendNull()
					} else {
						sb.Append(clean[c])
					}
				}
				return sb.NewArray()
			}
		}
		return func(rows []released) arrow.Array {
			sb := array.NewStringBuilder(alloc)
			defer sb.Release()
			sb.Reserve(len(rows))
			last, clean := "", "" // released text columns repeat a few values
			for _, e := range rows {
				a := batches[e.batch].Column(j).(*array.String)
				i := int(e.off)
				if a.IsNull(i) {
					sb.AppendNull()
					continue
				}
				if v := a.Value(i); v != last || clean == "" {
					last, clean = v, cleanText(v)
				}
				sb.Append(clean)
			}
			return sb.NewArray()
		}
	case *array.Boolean:
		return func(rows []released) arrow.Array {
			bb := array.NewBooleanBuilder(alloc)
			defer bb.Release()
			bb.Reserve(len(rows))
			for _, e := range rows {
				a := batches[e.batch].Column(j).(*array.Boolean)
				if i := int(e.off); a.IsNull(i) {
					bb.AppendNull()
				} else {
					bb.Append(a.Value(i))
				}
			}
			return bb.NewArray()
		}
	}
	panic(fmt.Sprintf("anonymize: analytic column of type %s", batches[0].Column(j).DataType()))
}

// released is a row to release: its number among the added rows and among the kept ones, and
// where it is held (batch and offset).
type released struct {
	key       uint64
	row, kept int32
	batch     int32
	off       int32
}

// order returns the released rows sorted by their content: quasi-identifiers first, then the
// analytic columns, each by the alphabetical rank of its value. The order of the exports (which
// follows case numbers and registration dates) must not survive into the release, where a
// row's position would tell more than its generalized values; sorted, rows with the same
// content are interchangeable, and a reader's filters can skip whole row groups. Columns enter
// the sort key while their numbers of values multiply to less than 2^63; rows equal on those
// keep their relative order, which then carries no more than the columns left out.
func (r *Release) order(labels [][][]string, local map[int]int) ([]released, []*textCodes) {
	var out []released
	kept, row := 0, 0
	for bi, batch := range r.c.batches {
		for i := 0; i < int(batch.NumRows()); i, row = i+1, row+1 {
			if r.c.dropped[row] != 0 {
				continue
			}
			if !r.suppressed[kept] {
				out = append(out, released{row: int32(row), kept: int32(kept), batch: int32(bi), off: int32(i)})
			}
			kept++
		}
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
		cols = append(cols, column{card: maxRank(ranks) + 1, rank: func(_ int, e *released) uint64 { return ranks[r.c.codes[q][e.row]] }})
	}
	var texts []*textCodes
	if len(r.c.batches) > 0 {
		// The analytic columns' values are ranked on all cores, a column each. A text column's
		// rows get the code of their value once (see textCodes), which gives both the rank and,
		// for Records, the value: a map lookup per released row, and a read of the row's text
		// from the batch it was collected in, cost more than the rest of building the release.
		analytic := make([]column, len(r.c.batches[0].Schema().Fields()))
		texts = make([]*textCodes, len(analytic))
		parallel(len(analytic), func(j int) {
			seen := map[string]uint64{"": 0}
			for _, b := range r.c.batches {
				a := b.Column(j)
				for i := 0; i < a.Len(); i++ {
					if a.IsValid(i) {
						seen[a.ValueStr(i)] = 0
					}
				}
			}
			vals := make([]string, 0, len(seen))
			for v := range seen {
				vals = append(vals, v)
			}
			slices.Sort(vals) // "" (missing) first
			for i, v := range vals {
				seen[v] = uint64(i)
			}
			if _, ok := r.c.batches[0].Column(j).(*array.String); ok && len(vals) < 1<<16-1 {
				tc := newTextCodes(r.c, j, seen, vals)
				texts[j] = tc
				analytic[j] = column{card: uint64(len(vals)), rank: func(_ int, e *released) uint64 {
					return tc.rank[tc.at(int(e.row))]
				}}
				return
			}
			analytic[j] = column{card: uint64(len(vals)), rank: func(_ int, e *released) uint64 {
				a := r.c.batches[e.batch].Column(j)
				if a.IsNull(int(e.off)) {
					return 0
				}
				return seen[a.ValueStr(int(e.off))]
			}}
		})
		cols = append(cols, analytic...)
	}
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
	return out, texts
}

// textCodes gives each collected row of a text column a code: 0 for a missing value (null),
// else 1 + the index of its value in vals (the column's distinct values, sorted; "" first, as a
// valid empty text ranks with a missing value). A code takes one byte when the column has
// fewer than 255 values and two below 65,535 (a wider column keeps the per-row lookups), so
// that the codes of a 10,000,000-row release stay small.
type textCodes struct {
	vals   []string // by code; vals[0] unused (null)
	rank   []uint64 // by code: the value's rank in the sort key
	narrow []uint8
	wide   []uint16
}

func newTextCodes(c *Collector, j int, seen map[string]uint64, sorted []string) *textCodes {
	tc := &textCodes{vals: append([]string{""}, sorted...), rank: make([]uint64, len(sorted)+1)}
	for i := range sorted {
		tc.rank[i+1] = uint64(i)
	}
	n := 0
	for _, b := range c.batches {
		n += int(b.NumRows())
	}
	if len(tc.vals) <= 1<<8 {
		tc.narrow = make([]uint8, n)
	} else {
		tc.wide = make([]uint16, n)
	}
	row := 0
	for _, b := range c.batches {
		a := b.Column(j).(*array.String)
		for i := 0; i < a.Len(); i, row = i+1, row+1 {
			if c.dropped[row] != 0 || a.IsNull(i) {
				continue // dropped rows are never released: left at 0
			}
			code := seen[a.Value(i)] + 1
			if tc.narrow != nil {
				tc.narrow[row] = uint8(code)
			} else {
				tc.wide[row] = uint16(code)
			}
		}
	}
	return tc
}

// at returns the code of collected row row.
func (tc *textCodes) at(row int) int {
	if tc.narrow != nil {
		return int(tc.narrow[row])
	}
	return int(tc.wide[row])
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
