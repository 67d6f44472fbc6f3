package anonymize

import (
	"errors"
	"math"
	"slices"
)

// The exact audit: for every protected count, the interval an attacker can place it in by
// linear programming over everything published (every published count is a constant, every
// withheld count a variable within what its label says, every relation between counts a
// constraint). The relations split the withheld counts into blocks that share no relation
// (published totals cut the tables apart), and each block is one small LP whose matrix is built
// once and solved twice per protected count in it (a warm-started simplex, simplex.go).

// Interval is what an attacker knows of a count: Lo <= count <= Hi (Hi is +Inf when unbounded).
type Interval struct{ Lo, Hi float64 }

// Width is Hi - Lo.
func (i Interval) Width() float64 { return i.Hi - i.Lo }

// Audit is the account of an exact audit.
type AuditReport struct {
	Protected int `json:"protected_counts"` // counts the audit protects (primary, hidden small, guarded)
	Blocks    int `json:"blocks"`           // independent blocks of withheld counts
	Largest   int `json:"largest_block"`    // withheld counts in the largest block
	LPs       int `json:"linear_programs"`  // LPs solved
	// Narrowest is the narrowest interval width of a protected count (-1 when none).
	Narrowest float64 `json:"narrowest_width"`
}

type lpVar struct {
	ref    Ref
	lo, hi float64
}

// aBound is the interval a withheld count lies in a priori, from its label (and, for a
// withheld count whose previous release's count was small, from that: it may now be 0).
func aBound(ts []*CountTable, r Ref, threshold int, zero map[Ref]bool) (float64, float64) {
	switch _, s := at(ts, r); s {
	case Primary:
		return 1, float64(threshold - 1)
	case Secondary:
		if zero[r] {
			return 0, math.Inf(1)
		}
		// Complementary counts are never zero nor small: those are published as 0 and <threshold.
		return float64(threshold), math.Inf(1)
	}
	return 0, math.Inf(1)
}

// auditLP is one block's linear program, over y = x - lo of its withheld counts x: the
// relations as sparse rows A y = b (an inequality with a slack column of its own, after the
// counts), 0 <= y <= ub, and the true counts (erased ones: 0) as a point x0.
type auditLP struct {
	vars []lpVar
	rows [][]nz
	b    []float64
	n    int // columns: len(vars), then the slacks
	ub   []float64
	x0   []float64
}

// auditBlocks splits the withheld counts of ts into blocks that share no relation (published
// counts are constants) and states the LP of every block that holds a count for which want is
// true, in a fixed order.
func auditBlocks(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool) []auditLP {
	// Relations as rows: coefficient per withheld count, constant from published counts.
	type term struct {
		r Ref
		a float64
	}
	type rel struct {
		terms []term
		c     float64 // sum(terms) + c = 0 (eq) or <= 0 (le)
		eq    bool
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
	parent := map[Ref]Ref{}
	var find func(Ref) Ref
	find = func(r Ref) Ref {
		p, ok := parent[r]
		if !ok || p == r {
			parent[r] = r
			return r
		}
		root := find(p)
		parent[r] = root
		return root
	}
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
			lp.rows, lp.b = append(lp.rows, row), append(lp.b, rhs)
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

// lpAudit returns, for every count for which want is true, its LP interval, and the account.
// When enough is not nil, a count whose interval is at least enough(r) wide may be given an
// interval inside its LP interval that is at least that wide (see below); the others' are exact.
func lpAudit(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool, enough func(Ref) float64) (map[Ref]Interval, AuditReport, error) {
	rep := AuditReport{Narrowest: -1}
	out := map[Ref]Interval{}
	for _, lp := range auditBlocks(ts, l, threshold, zero, want) {
		vs, n, x0 := lp.vars, lp.n, lp.x0
		idx := make(map[Ref]int, len(vs))
		var targets []Ref
		for i, v := range vs {
			idx[v.ref] = i
			if want(v.ref) {
				targets = append(targets, v.ref)
			}
		}
		rep.Blocks++
		rep.Largest = max(rep.Largest, len(vs))
		// The true counts are a feasible point during a run; a release read back has them
		// erased, and the simplex then runs phase 1.
		tb, err := newSimplex(lp.rows, lp.b, n, lp.ub).crossover(x0)
		if err != nil {
			return nil, rep, err
		}
		cost := make([]float64, n)
		// Every vertex the simplex stops at is a feasible point: the range of a target's
		// values over the points seen so far is inside its interval. A target whose range is
		// already as wide as enough asks for no LP of its own (the audit needs to know that the
		// interval is at least that wide, not how wide); the others are solved exactly.
		tIdx := make([]int, len(targets))
		seen := make([]Interval, len(targets))
		// The true counts are a point seen only when they are a point: a release read back has
		// them erased (0, below a "<10" count's lower bound), and counting them would widen
		// what the vertices span (check accepted a forgery that pinned a "<10" count so).
		x0ok := tb.feasible(x0)
		for k, t := range targets {
			tIdx[k] = idx[t]
			seen[k] = Interval{math.Inf(1), math.Inf(-1)}
			if x0ok {
				seen[k] = Interval{x0[idx[t]], x0[idx[t]]}
			}
		}
		record := func() {
			for k, j := range tIdx {
				v := tb.x[j]
				seen[k] = Interval{min(seen[k].Lo, v), max(seen[k].Hi, v)}
			}
		}
		record()
		for k, t := range targets {
			i := idx[t]
			v := vs[i]
			need := 0.0
			if enough != nil {
				need = enough(t)
			}
			if need > 0 && seen[k].Width() >= need-1e-6 {
				iv := Interval{v.lo + roundNear(seen[k].Lo), v.lo + roundNear(seen[k].Hi)}
				out[t] = iv
				rep.Protected++
				if rep.Narrowest < 0 || iv.Width() < rep.Narrowest {
					rep.Narrowest = iv.Width()
				}
				continue
			}
			// With a need, each LP may stop at the first vertex that takes the seen range to
			// it (optimizeTo): the interval is then an inner one at least that wide.
			stop := math.Inf(-1)
			if need > 0 {
				stop = seen[k].Hi - need + 1e-7
			}
			cost[i] = 1
			if err := tb.optimizeTo(cost, n, stop); err != nil {
				return nil, rep, err
			}
			lo := roundNear(tb.value(cost))
			rep.LPs++
			record()
			hi := math.Inf(1)
			if need > 0 && roundNear(seen[k].Hi)-lo >= need-1e-6 {
				hi = roundNear(seen[k].Hi)
			} else {
				cost[i] = -1
				if need > 0 {
					stop = -(lo + need - 1e-7)
				}
				if err := tb.optimizeTo(cost, n, stop); err == nil {
					hi = roundNear(-tb.value(cost))
					record()
				} else if !errors.Is(err, errUnbounded) {
					return nil, rep, err
				} else {
					// An unbounded ray leaves the basis where it was: still feasible.
				}
				rep.LPs++
			}
			cost[i] = 0
			iv := Interval{v.lo + lo, v.lo + hi}
			out[t] = iv
			rep.Protected++
			if rep.Narrowest < 0 || iv.Width() < rep.Narrowest {
				rep.Narrowest = iv.Width()
			}
		}
	}
	return out, rep, nil
}

// roundNear rounds an optimum to the nearest integer when within 1e-6 of it (the data are
// integers; the simplex is in floating point).
func roundNear(f float64) float64 {
	if r := math.Round(f); math.Abs(f-r) < 1e-6 {
		return r
	}
	return f
}

// independentRows keeps a maximal set of linearly independent rows of A (the relations of
// tables with margins repeat each other; the simplex needs full row rank). Dropped rows are
// combinations of kept ones and, as the true counts satisfy them all, consistent.
func independentRows(A [][]float64, b []float64) ([][]float64, []float64) {
	if len(A) == 0 {
		return nil, nil
	}
	n := len(A[0])
	var basis [][]float64 // reduced rows, each with its pivot
	var pivots []int
	var keptA [][]float64
	var keptB []float64
	for i, r := range A {
		v := slices.Clone(r)
		for k, p := range pivots {
			if f := v[p]; f != 0 {
				for j := range v {
					v[j] -= f * basis[k][j]
				}
			}
		}
		p, best := -1, 1e-9
		for j := 0; j < n; j++ {
			if a := math.Abs(v[j]); a > best {
				p, best = j, a
			}
		}
		if p < 0 {
			continue
		}
		f := v[p]
		for j := range v {
			v[j] /= f
		}
		// Keep earlier basis rows reduced in column p.
		for k := range basis {
			if g := basis[k][p]; g != 0 {
				for j := range basis[k] {
					basis[k][j] -= g * v[j]
				}
			}
		}
		basis = append(basis, v)
		pivots = append(pivots, p)
		keptA, keptB = append(keptA, r), append(keptB, b[i])
	}
	return keptA, keptB
}

func cmpRef(a, b Ref) int {
	if a.T != b.T {
		return a.T - b.T
	}
	if a.R != b.R {
		return a.R - b.R
	}
	return a.C - b.C
}
