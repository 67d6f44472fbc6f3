package anonymize

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestAuditBlocksUnion checks auditBlocks (its union-find over the cells' indices) against
// the version with the union-find in a map keyed by Ref (refUnion), kept below, on random
// table sets, states and relations: the same LPs, blocks, order and all.
func TestAuditBlocksUnion(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 55))
	states := []State{Published, Published, Primary, Secondary, Hidden}
	for trial := range 500 {
		ts, refs := randomCountTables(rng, states, 5, 7)
		pick := func() []Ref {
			var rs []Ref
			for range 1 + rng.IntN(5) {
				rs = append(rs, refs[rng.IntN(len(refs))])
			}
			return rs
		}
		var l Links
		for range rng.IntN(12) {
			l.Eqs = append(l.Eqs, Eq{Plus: pick(), Minus: pick()})
		}
		for range rng.IntN(6) {
			l.Les = append(l.Les, Le{Small: pick(), Large: pick()})
		}
		zero := map[Ref]bool{}
		for range rng.IntN(4) {
			zero[refs[rng.IntN(len(refs))]] = true
		}
		threshold := 2 + rng.IntN(10)
		wanted := map[Ref]bool{}
		for range 1 + rng.IntN(4) {
			wanted[refs[rng.IntN(len(refs))]] = true
		}
		for _, want := range []func(Ref) bool{func(Ref) bool { return true }, func(r Ref) bool { return wanted[r] }} {
			got, old := auditBlocks(ts, l, threshold, zero, want), auditBlocksRefUnion(ts, l, threshold, zero, want)
			if !reflect.DeepEqual(got, old) {
				t.Fatalf("trial %d: auditBlocks\n%+v\nwith refUnion\n%+v", trial, got, old)
			}
		}
	}
}

// auditBlocksRefUnion is auditBlocks as it was with its union-find in a map keyed by Ref.
func auditBlocksRefUnion(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool) []auditLP {
	// Relations as rows: coefficient per withheld count, constant from published counts.
	type term struct {
		r Ref
		a float64
	}
	type rel struct {
		terms []term
		c     float64 // sum(terms) + c = 0 (eq) or <= 0 (le)
		eq    bool
		pub   []pubTerm
	}
	var rels []rel
	mk := func(plus, minus []Ref, eq bool) {
		var x rel
		x.eq = eq
		add := func(rs []Ref, sign float64) {
			for _, r := range rs {
				v, s := at(ts, r)
				if s == Published {
					x.c += sign * float64(v) // the true count: with rounding, an attacker who knew it exactly
					if v != 0 {
						x.pub = append(x.pub, pubTerm{r, sign})
					}
				} else {
					x.terms = append(x.terms, term{r, sign})
				}
			}
		}
		add(plus, 1)
		add(minus, -1)
		if len(x.terms) > 0 {
			rels = append(rels, x)
		}
	}
	for _, e := range l.Eqs {
		mk(e.Plus, e.Minus, true)
	}
	for _, e := range l.Les {
		mk(e.Small, e.Large, false)
	}
	// Blocks: union-find over withheld counts sharing a relation.
	parent := refUnion{}
	find := parent.find
	for _, x := range rels {
		a := find(x.terms[0].r)
		for _, t := range x.terms[1:] {
			if b := find(t.r); b != a {
				parent[b] = a
			}
		}
	}
	blockRels := map[Ref][]int{}
	for i, x := range rels {
		root := find(x.terms[0].r)
		blockRels[root] = append(blockRels[root], i)
	}
	blockVars := map[Ref][]Ref{}
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				r := Ref{ti, ri, ci}
				if s == Published {
					continue
				}
				root := find(r)
				blockVars[root] = append(blockVars[root], r)
			}
		}
	}
	roots := make([]Ref, 0, len(blockVars))
	for root := range blockVars {
		roots = append(roots, root)
	}
	slices.SortFunc(roots, func(a, b Ref) int { return cmpRef(a, b) })
	var out []auditLP
	for _, root := range roots {
		vars := blockVars[root]
		if !slices.ContainsFunc(vars, want) {
			continue
		}
		vs := make([]lpVar, len(vars))
		idx := make(map[Ref]int, len(vars))
		for i, r := range vars {
			idx[r] = i
			lo, hi := aBound(ts, r, threshold, zero)
			vs[i] = lpVar{r, lo, hi}
		}
		nv := len(vars)
		n := nv
		for _, ri := range blockRels[root] {
			if !rels[ri].eq {
				n++
			}
		}
		lp := auditLP{vars: vs, n: n, ub: make([]float64, n), x0: make([]float64, n)}
		slack := nv
		for _, ri := range blockRels[root] {
			x := rels[ri]
			row := make([]nz, 0, len(x.terms)+1)
			rhs := -x.c
			for _, t := range x.terms {
				j := idx[t.r]
				rhs -= t.a * vs[j].lo // shift to y = x - lo
				row = append(row, nz{j, t.a})
			}
			// A count twice in a relation has one coefficient.
			slices.SortFunc(row, func(a, b nz) int { return a.i - b.i })
			k := 0
			for _, e := range row {
				if k > 0 && row[k-1].i == e.i {
					row[k-1].v += e.v
				} else {
					row[k] = e
					k++
				}
			}
			row = slices.DeleteFunc(row[:k], func(e nz) bool { return e.v == 0 })
			if !x.eq {
				row = append(row, nz{slack, 1})
				slack++
			}
			lp.rows, lp.b, lp.pubs = append(lp.rows, row), append(lp.b, rhs), append(lp.pubs, x.pub)
		}
		// The upper bounds of "<10" counts are bounds of their columns (no row).
		for i := range lp.ub {
			lp.ub[i] = math.Inf(1)
		}
		for i, v := range vs {
			lp.ub[i] = v.hi - v.lo
			c, _ := at(ts, v.ref)
			lp.x0[i] = float64(c) - v.lo
		}
		for i, row := range lp.rows {
			if len(row) > 0 && row[len(row)-1].i >= nv {
				s := lp.b[i]
				for _, e := range row[:len(row)-1] {
					s -= e.v * lp.x0[e.i]
				}
				lp.x0[row[len(row)-1].i] = s
			}
		}
		out = append(out, lp)
	}
	return out
}

// BenchmarkAuditBlocks states the audit's LPs of the standard set of tables of 20,000
// synthetic cases under their protected pattern, as complementary suppression does after
// every complement (allocations: -benchmem):
//
//	go test ./anonymize -run '^$' -bench AuditBlocks -benchmem
func BenchmarkAuditBlocks(b *testing.B) {
	c := synthCollector(b, 20000, 1)
	defer c.Close()
	s, err := standardTables(c.facts(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Protect(s.tables, s.links, Protection{Threshold: 10}); err != nil {
		b.Fatal(err)
	}
	all := func(Ref) bool { return true }
	for b.Loop() {
		auditBlocks(s.tables, s.links, 10, nil, all)
	}
}
