package anonymize

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

// sumBoundsFresh is SumBounds as it was before the Bounder kept its blocks: every block the
// sum touches stated and solved from scratch on each call.
func sumBoundsFresh(b *Bounder, table string, cells [][2]int) (lo, hi float64, err error) {
	ti, ok := b.byName[table]
	if !ok {
		return 0, 0, fmt.Errorf("no table %s", table)
	}
	want := map[Ref]bool{}
	for _, c := range cells {
		r := Ref{ti, c[0], c[1]}
		if want[r] {
			continue
		}
		v, s := at(b.ts, r)
		if s == Published {
			lo += float64(v)
			hi += float64(v)
			continue
		}
		want[r] = true
	}
	if len(want) == 0 {
		return lo, hi, nil
	}
	for _, lp := range auditBlocks(b.ts, b.l, b.threshold, b.zero, func(r Ref) bool { return want[r] }) {
		tb, err := newSimplex(lp.rows, lp.b, lp.n, lp.ub).crossover(lp.x0)
		if err != nil {
			return 0, 0, err
		}
		cost := make([]float64, lp.n)
		var shift float64
		for i, v := range lp.vars {
			if want[v.ref] {
				cost[i] = 1
				shift += v.lo
			}
		}
		sum := func() float64 {
			var s float64
			for i, c := range cost {
				if c != 0 {
					s += tb.x[i]
				}
			}
			return s
		}
		if err := tb.optimize(cost, lp.n); err != nil {
			return 0, 0, err
		}
		lo += shift + sum()
		for i := range cost {
			cost[i] = -cost[i]
		}
		switch err := tb.optimize(cost, lp.n); {
		case errors.Is(err, errUnbounded):
			hi = math.Inf(1)
		case err != nil:
			return 0, 0, err
		default:
			hi += shift + sum()
		}
	}
	lo, hi = math.Ceil(lo-1e-6), math.Floor(hi+1e-6)
	if lo > hi {
		return 0, 0, errInfeasible
	}
	return lo, hi, nil
}

// bounderSums is every single withheld count of the release of 3,000 synthetic cases, and
// every column's sum over its rows of known labels, as SumBounds' arguments.
func bounderSums(t testing.TB) (*Bounder, []string, [][][2]int) {
	c := synthCollector(t, 3000, 1)
	defer c.Close()
	s, err := buildTablesYears(c.facts(), nil, provinceYears{on: true, min: ProvinceYearsMin * 10})
	if err != nil {
		t.Fatal(err)
	}
	s.minCell = 10
	pt, err := s.protect(TableConfig{Protection: Protection{Threshold: 10}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBounder(pt.Tables, pt.Relations, 10)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var sums [][][2]int
	for _, tb := range pt.Tables {
		for ci := range tb.Counts {
			var col [][2]int
			for ri, r := range tb.Rows {
				if r.State[ci] != Published {
					names, sums = append(names, tb.Name), append(sums, [][2]int{{ri, ci}})
				}
				if !r.Total && !slices.Contains(r.Labels, NotRecorded) {
					col = append(col, [2]int{ri, ci})
				}
			}
			if len(col) > 0 {
				names, sums = append(names, tb.Name), append(sums, col)
			}
		}
	}
	return b, names, sums
}

// TestSumBoundsKeptBlocksSameBounds: the Bounder that keeps its blocks solved gives every
// sum the bounds solved from scratch, asked in order, again in reverse (a block's kept vertex
// is not moved by the sums solved over it); the columns' sums span several blocks.
func TestSumBoundsKeptBlocksSameBounds(t *testing.T) {
	b, names, sums := bounderSums(t)
	type iv struct{ lo, hi float64 }
	fresh := make([]iv, len(sums))
	finite := 0
	for i := range sums {
		lo, hi, err := sumBoundsFresh(b, names[i], sums[i])
		if err != nil {
			t.Fatalf("%s %v: %v", names[i], sums[i], err)
		}
		fresh[i] = iv{lo, hi}
		if !math.IsInf(hi, 1) && hi > lo {
			finite++
		}
	}
	if finite == 0 {
		t.Fatal("no sum with a finite interval: the comparison would not show a difference")
	}
	check := func(i int) {
		lo, hi, err := b.SumBounds(names[i], sums[i])
		if err != nil {
			t.Fatalf("%s %v: %v", names[i], sums[i], err)
		}
		if lo != fresh[i].lo || hi != fresh[i].hi {
			t.Errorf("%s %v: kept blocks give [%g, %g], from scratch [%g, %g]", names[i], sums[i], lo, hi, fresh[i].lo, fresh[i].hi)
		}
	}
	for i := range sums {
		check(i)
	}
	for i := len(sums) - 1; i >= 0; i-- {
		check(i)
	}
	if len(b.solved) < 2 {
		t.Fatalf("%d blocks: no sum over two", len(b.solved))
	}
	t.Logf("%d sums (%d finite and wide), %d blocks", len(sums), finite, len(b.solved))
}

// BenchmarkSumBounds: every sum of bounderSums, by the kept blocks and from scratch.
func BenchmarkSumBounds(bm *testing.B) {
	b, names, sums := bounderSums(bm)
	bm.Run("kept", func(bm *testing.B) {
		for range bm.N {
			for i := range sums {
				if _, _, err := b.SumBounds(names[i], sums[i]); err != nil {
					bm.Fatal(err)
				}
			}
		}
	})
	bm.Run("fresh", func(bm *testing.B) {
		for range bm.N {
			for i := range sums {
				if _, _, err := sumBoundsFresh(b, names[i], sums[i]); err != nil {
					bm.Fatal(err)
				}
			}
		}
	})
}
