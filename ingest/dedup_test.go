package ingest

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestDeduperKeepsLatest(t *testing.T) {
	in := `case_id,source,updated_at,gender
C-1,org,2024-01-01,female
C-2,org,2024-01-01,male
C-1,org,2024-03-01,female
C-1,other,2024-01-01,female
C-2,org,2023-12-01,male
,org,2024-01-01,male
,org,2024-01-01,male
C-3,org,,female
C-3,org,,female
`
	r := NewReader("x.csv", strings.NewReader(in))
	r.Now, r.BatchSize = testNow, 2
	d := NewDeduper()
	var losers []int
	base := 0
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
	slices.Sort(losers)
	// Row 0 loses to the later update of C-1 (row 2); row 4 is an older C-2 than row 1; C-1 of
	// another source is another case; rows without a case ID are never merged; of two C-3 without
	// dates the later wins.
	if want := []int{0, 4, 7}; !slices.Equal(losers, want) {
		t.Errorf("losers = %v, want %v", losers, want)
	}
}
