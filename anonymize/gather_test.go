package anonymize

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
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
