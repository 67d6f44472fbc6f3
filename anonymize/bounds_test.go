package anonymize

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestBoundsAsMap checks bounds (the cells' bounds in one slice) against the map-keyed
// propagation it replaced, kept here, on random tables, states and relations: equalities and
// inequalities over cells of several tables, cells that may be zero, and Refs outside the
// tables (read as exact zeros by both).
func TestBoundsAsMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 30))
	states := []State{Published, Primary, Secondary, Hidden}
	for trial := range 400 {
		ts, refs := randomCountTables(rng, states, 4, 6)
		pick := func() []Ref {
			var rs []Ref
			for range 1 + rng.IntN(5) {
				if rng.IntN(20) == 0 {
					rs = append(rs, Ref{rng.IntN(6), rng.IntN(8), rng.IntN(6)}) // maybe outside
				} else {
					rs = append(rs, refs[rng.IntN(len(refs))])
				}
			}
			return rs
		}
		var l Links
		for range rng.IntN(8) {
			l.Eqs = append(l.Eqs, Eq{Plus: pick(), Minus: pick()})
		}
		for range rng.IntN(5) {
			l.Les = append(l.Les, Le{Small: pick(), Large: pick()})
		}
		zero := map[Ref]bool{}
		for range rng.IntN(4) {
			zero[refs[rng.IntN(len(refs))]] = true
		}
		threshold := 2 + rng.IntN(10)
		got, want := bounds(ts, l, threshold, zero), boundsAsMap(ts, l, threshold, zero)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: bounds\n%v\nwant\n%v", trial, got, want)
		}
	}
}

// boundsAsMap is bounds as it was before its cells were held in a slice.
func boundsAsMap(ts []*CountTable, l Links, threshold int, zero map[Ref]bool) map[Ref]bound {
	b := map[Ref]bound{}
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				v := row.Values[ci]
				var x bound
				switch s {
				case Published:
					x = bound{v, v}
				case Primary:
					x = bound{1, int64(threshold - 1)}
				case Secondary:
					// Complementary cells are never zero and never small: zero and small counts
					// are published as 0 and <threshold.
					x = bound{int64(threshold), inf}
					if zero[Ref{ti, ri, ci}] {
						x.lo = 0
					}
				case Hidden:
					x = bound{0, inf}
				}
				b[Ref{ti, ri, ci}] = x
			}
		}
	}
	// agg is the sum of the bounds of a list of cells: lo, and hi over the finite ones with the
	// count of infinite ones, so that the sum without one cell costs O(1), not O(n).
	type agg struct {
		lo, hi int64
		infs   int
	}
	total := func(rs []Ref) agg {
		var a agg
		for _, r := range rs {
			x := b[r]
			a.lo += x.lo
			if x.hi >= inf {
				a.infs++
			} else {
				a.hi += x.hi
			}
		}
		return a
	}
	hiOf := func(a agg) int64 {
		if a.infs > 0 {
			return inf
		}
		return min(a.hi, inf)
	}
	without := func(a agg, x bound) agg {
		a.lo -= x.lo
		if x.hi >= inf {
			a.infs--
		} else {
			a.hi -= x.hi
		}
		return a
	}
	tighten := func(r Ref, lo, hi int64) bool {
		x := b[r]
		ch := false
		if lo > x.lo {
			x.lo, ch = lo, true
		}
		if hi < inf && hi < x.hi {
			x.hi, ch = hi, true
		}
		if ch {
			b[r] = x
		}
		return ch
	}
	// side propagates sum(a) = or <= sum(c): each x in a is at most sum hi(c) - sum lo(a\x), and
	// (for equalities) at least sum lo(c) - sum hi(a\x). The sums are kept up to date as cells
	// tighten, so each pass sees the newest bounds.
	side := func(a, c []Ref, eq bool) bool {
		ch := false
		ta, tc := total(a), total(c)
		for _, r := range a {
			old := b[r]
			rest := without(ta, old)
			hi := inf
			if s := hiOf(tc); s < inf {
				hi = s - rest.lo
			}
			lo := int64(0)
			if eq {
				if s := hiOf(rest); s < inf {
					lo = tc.lo - s
				}
			}
			if tighten(r, lo, hi) {
				ch = true
				ta = total(a) // rare: recompute
			}
		}
		return ch
	}
	for pass := 0; pass < 2000; pass++ {
		ch := false
		for _, e := range l.Eqs {
			if side(e.Plus, e.Minus, true) {
				ch = true
			}
			if side(e.Minus, e.Plus, true) {
				ch = true
			}
		}
		for _, e := range l.Les {
			if side(e.Small, e.Large, false) {
				ch = true
			}
			// Each y in Large is at least sum lo(Small) - sum hi(Large\y).
			small, large := total(e.Small), total(e.Large)
			for _, r := range e.Large {
				if s := hiOf(without(large, b[r])); s < inf {
					if tighten(r, small.lo-s, inf) {
						ch = true
						large = total(e.Large)
					}
				}
			}
		}
		if !ch {
			break
		}
	}
	return b
}
