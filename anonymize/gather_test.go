package anonymize

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestGatherCodes: the codes gathered for released rows in any order are each row's code, for
// codes of every width.
func TestGatherCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 5000
	var cols []*codedColumn
	for _, top := range []uint32{200, 60000, 1 << 20} {
		var rc rowCodes
		for range n {
			rc.append(r.Uint32N(top))
		}
		cols = append(cols, &codedColumn{codes: &rc})
	}
	if cols[0].codes.width() != 1 || cols[1].codes.width() != 2 || cols[2].codes.width() != 4 {
		t.Fatalf("widths %d, %d, %d", cols[0].codes.width(), cols[1].codes.width(), cols[2].codes.width())
	}
	var g gatherer
	for _, m := range []int{n, 1234, 1, 3000} { // reused windows, shrinking and growing
		rows := make([]released, 0, m)
		for _, row := range r.Perm(n)[:m] {
			rows = append(rows, released{row: int32(row)})
		}
		g.gather(rows, cols, []int{0, 1, 2})
		for c, col := range cols {
			if len(g.codes[c]) != m {
				t.Fatalf("column %d: %d codes for %d rows", c, len(g.codes[c]), m)
			}
			for i, e := range rows {
				if got, want := g.codes[c][i], col.codes.at(int(e.row)); got != want {
					t.Fatalf("column %d, window of %d, row %d (place %d): code %d, want %d", c, m, e.row, i, got, want)
				}
			}
		}
	}
}

// TestRecordsGatheredAsRead: the records built from gathered codes, over windows of several
// batches and a last short one, are those built from each row's codes read in release order.
func TestRecordsGatheredAsRead(t *testing.T) {
	c := collectWith(t, randomCases(3000, 5), memory.NewGoAllocator(), 256)
	defer c.Close()
	rel, err := c.Anonymize(CaseConfig{K: 2, SuppressionLimit: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	records := func(window int) string {
		defer func(w int) { gatherRows = w }(gatherRows)
		gatherRows = window
		var b strings.Builder
		err := rel.Records(memory.NewGoAllocator(), 70, func(rec arrow.RecordBatch) error {
			for i := range int(rec.NumRows()) {
				for j := range int(rec.NumCols()) {
					b.WriteString(rec.Column(j).ValueStr(i) + "|")
				}
				b.WriteString("\n")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := records(0)
	if strings.Count(want, "\n") < 2000 {
		t.Fatalf("%d rows released: the input tests little", strings.Count(want, "\n"))
	}
	for _, w := range []int{1, 250, 1000, 1 << 18} {
		if got := records(w); got != want {
			t.Fatalf("window %d: records differ from those read in release order", w)
		}
	}
}

// TestTextOfCodes: a text column built from codes is the StringBuilder's column of the same
// values (nulls where null[code], "" a value), with and without nulls, and its buffers are
// sized exactly: what the allocator holds is the offsets, the data and (only with a null) the
// validity, each rounded up to 64 bytes, not a builder's doubled offsets and kept bitmap.
func TestTextOfCodes(t *testing.T) {
	vals := []string{"", "", "a", "bcd", "x\x1fy", "ééé"}
	null := []bool{true, false, false, false, false, false} // code 0 null, code 1 ""
	r := rand.New(rand.NewPCG(5, 6))
	round := func(n int) int { return (n + 63) &^ 63 }
	for _, n := range []int{0, 1, 63, 64, 65, 1 << 16} {
		for _, withNulls := range []bool{false, true} {
			codes := make([]uint32, n)
			for i := range codes {
				codes[i] = 1 + r.Uint32N(uint32(len(vals)-1))
				if withNulls && i%7 == 3 {
					codes[i] = 0
				}
			}
			want := func() arrow.Array {
				sb := array.NewStringBuilder(memory.NewGoAllocator())
				defer sb.Release()
				for _, c := range codes {
					if null[c] {
						sb.AppendNull()
					} else {
						sb.Append(vals[c])
					}
				}
				return sb.NewArray()
			}()
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			got := textOfCodes(mem, codes, vals, null)
			if !array.Equal(got, want) {
				t.Fatalf("%d rows (nulls %v): column differs from the builder's", n, withNulls)
			}
			if got.NullN() != want.NullN() {
				t.Fatalf("%d rows (nulls %v): %d nulls, want %d", n, withNulls, got.NullN(), want.NullN())
			}
			size := 0
			for _, c := range codes {
				size += len(vals[c])
			}
			exact := round(4*(n+1)) + round(size)
			if want.NullN() > 0 {
				exact += round((n + 7) / 8)
			}
			if held := mem.CurrentAlloc(); held != exact {
				t.Errorf("%d rows (nulls %v): %d bytes held, want %d", n, withNulls, held, exact)
			}
			got.Release()
			want.Release()
			mem.AssertSize(t, 0)
		}
	}
}
