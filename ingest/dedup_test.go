package ingest

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestDeduperKeepsLatest(t *testing.T) {
	// The source comes from the config (here each reader's default), never from a column.
	parts := []struct{ source, rows string }{
		{"org", "C-1,2024-01-01,female\nC-2,2024-01-01,male\nC-1,2024-03-01,female\n"},
		{"other", "C-1,2024-01-01,female\n"},
		{"org", "C-2,2023-12-01,male\n,2024-01-01,male\n,2024-01-01,male\nC-3,,female\nC-3,,female\n"},
	}
	d := NewDeduper()
	var losers []int
	base := 0
	for _, p := range parts {
		r := NewReader("x.csv", strings.NewReader("case_id,updated_at,gender\n"+p.rows))
		r.Now, r.BatchSize, r.DefaultSource = testNow, 2, p.source
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			losers = append(losers, d.Add(rec, base)...)
			base += int(rec.NumRows())
			rec.Release()
		}
	}
	slices.Sort(losers)
	// Row 0 loses to the later update of C-1 (row 2); row 4 is an older C-2 than row 1; C-1 of
	// another source is another case; rows without a case ID are never merged; of two C-3 without
	// dates the later wins.
	if want := []int{0, 4, 7}; !slices.Equal(losers, want) {
		t.Errorf("losers = %v, want %v", losers, want)
	}
}
