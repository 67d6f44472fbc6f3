package anonymize

import (
	"slices"
	"testing"
)

// TestSumBounds: the Bounder's interval of a sum of withheld counts holds the true sum, for
// every column of every published table over its rows of known labels (the shares'
// denominators), from the tables as they are written (counts erased) and the relations the
// run recorded; a sum of published counts is exact. At 3,000 synthetic cases some such sums
// are withheld and bounded to a finite interval.
func TestSumBounds(t *testing.T) {
	c := synthCollector(t, 3000, 1)
	defer c.Close()
	s, err := buildTablesYears(c.facts(), nil, provinceYears{on: true, min: ProvinceYearsMin * 10})
	if err != nil {
		t.Fatal(err)
	}
	s.minCell = 10
	truth := map[*CountTable][][]int64{}
	for _, tb := range s.tables {
		for _, r := range tb.Rows {
			truth[tb] = append(truth[tb], slices.Clone(r.Values))
		}
	}
	pt, err := s.protect(TableConfig{Protection: Protection{Threshold: 10}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBounder(pt.Tables, pt.Relations, 10)
	if err != nil {
		t.Fatal(err)
	}
	bounded := 0
	for _, tb := range pt.Tables {
		for ci := range tb.Counts {
			var cells [][2]int
			var sum int64
			withheld := false
			for ri, r := range tb.Rows {
				if r.Total || slices.Contains(r.Labels, NotRecorded) {
					continue
				}
				cells = append(cells, [2]int{ri, ci})
				sum += truth[tb][ri][ci]
				withheld = withheld || r.State[ci] != Published
			}
			if len(cells) == 0 {
				continue
			}
			lo, hi, err := b.SumBounds(tb.Name, cells)
			if err != nil {
				t.Fatalf("%s.%s: %v", tb.Name, tb.Counts[ci], err)
			}
			if float64(sum) < lo || float64(sum) > hi {
				t.Errorf("%s.%s: the sum %d is outside its bounds [%g, %g]", tb.Name, tb.Counts[ci], sum, lo, hi)
			}
			if !withheld && (lo != hi || lo != float64(sum)) {
				t.Errorf("%s.%s: published counts summing to %d bounded to [%g, %g]", tb.Name, tb.Counts[ci], sum, lo, hi)
			}
			if withheld && hi-lo < float64(sum) {
				bounded++
			}
		}
	}
	if bounded == 0 {
		t.Error("no withheld sum bounded to a finite interval narrower than itself")
	}
	t.Logf("%d withheld sums bounded", bounded)
}
