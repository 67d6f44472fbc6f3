package anonymize

import (
	"math/rand/v2"
	"testing"
)

// TestBoundsCache checks the audit's bounds kept between audits (boundsCache: only the
// components of the relations whose starting bounds changed are propagated again) against
// bounds over every relation, on random table sets (1-5 tables, equalities and inequalities
// within and across them, cells that may be zero) and random sequences of changes: counts
// withheld as complementary suppression does, published again as republish does, states and
// values changed, one or several at a time. Links with a Ref outside the tables take the
// uncached path; they are checked too.
func TestBoundsCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	states := []State{Published, Published, Published, Primary, Secondary, Hidden}
	for trial := range 600 {
		ts, refs := randomCountTables(rng, states, 5, 7)
		outside := trial%10 == 0
		// Relations in a few groups of cells, so that a set has several components.
		groups := 1 + rng.IntN(4)
		pick := func(g int) []Ref {
			var rs []Ref
			for range 1 + rng.IntN(5) {
				if outside && rng.IntN(10) == 0 {
					rs = append(rs, Ref{rng.IntN(7), rng.IntN(9), rng.IntN(6)}) // maybe outside
					continue
				}
				for {
					if r := refs[rng.IntN(len(refs))]; (r.T+r.R+r.C)%groups == g || rng.IntN(30) == 0 {
						rs = append(rs, r)
						break
					}
				}
			}
			return rs
		}
		var l Links
		for range rng.IntN(12) {
			g := rng.IntN(groups)
			l.Eqs = append(l.Eqs, Eq{Plus: pick(g), Minus: pick(g)})
		}
		for range rng.IntN(6) {
			g := rng.IntN(groups)
			l.Les = append(l.Les, Le{Small: pick(g), Large: pick(g)})
		}
		zero := map[Ref]bool{}
		for range rng.IntN(4) {
			zero[refs[rng.IntN(len(refs))]] = true
		}
		threshold := 2 + rng.IntN(10)
		c := newBoundsCache()
		for step := range 25 {
			if step > 0 {
				for range 1 + rng.IntN(3)*rng.IntN(2) {
					r := refs[rng.IntN(len(refs))]
					row := &ts[r.T].Rows[r.R]
					switch rng.IntN(4) {
					case 0, 1:
						if row.State[r.C] == Published {
							row.State[r.C] = Secondary // a complement
						} else {
							row.State[r.C] = Published // published again
						}
					case 2:
						row.State[r.C] = states[rng.IntN(len(states))]
					case 3:
						row.Values[r.C] = int64(rng.IntN(40))
					}
				}
			}
			got, want := c.bounds(ts, l, threshold, zero), bounds(ts, l, threshold, zero)
			for _, r := range refs {
				if got(r) != want[r] {
					t.Fatalf("trial %d step %d: %v: cache %v, bounds %v", trial, step, r, got(r), want[r])
				}
			}
			for r, x := range want {
				if got(r) != x {
					t.Fatalf("trial %d step %d: %v (outside the tables): cache %v, bounds %v", trial, step, r, got(r), x)
				}
			}
		}
	}
}
