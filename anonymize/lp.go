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

// lpAudit returns, for every count for which want is true, its LP interval, and the account.
// When enough is not nil, a count whose interval is at least enough(r) wide may be given an
// interval inside its LP interval that is at least that wide (see below); the others' are exact.
func lpAudit(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool, enough func(Ref) float64) (map[Ref]Interval, AuditReport, error) {
	rep := AuditReport{Narrowest: -1}
	out := map[Ref]Interval{}
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
	for _, root := range roots {
		vars := blockVars[root]
		var targets []Ref
		for _, r := range vars {
			if want(r) {
				targets = append(targets, r)
			}
		}
		if len(targets) == 0 {
			continue
		}
		rep.Blocks++
		rep.Largest = max(rep.Largest, len(vars))
		idx := make(map[Ref]int, len(vars))
		vs := make([]lpVar, len(vars))
		for i, r := range vars {
			idx[r] = i
			lo, hi := aBound(ts, r, threshold, zero)
			vs[i] = lpVar{r, lo, hi}
		}
		var eqA [][]float64
		var eqB []float64
		var leA [][]float64
		var leB []float64
		for _, ri := range blockRels[root] {
			x := rels[ri]
			row := make([]float64, len(vars))
			rhs := -x.c
			for _, t := range x.terms {
				row[idx[t.r]] += t.a
				rhs -= t.a * vs[idx[t.r]].lo // shift to y = x - lo
			}
			if x.eq {
				eqA, eqB = append(eqA, row), append(eqB, rhs)
			} else {
				leA, leB = append(leA, row), append(leB, rhs)
			}
		}
		// Standard form: [eq 0; le I] over y and the le slacks; the upper bounds of "<10"
		// counts are bounds of their columns (no row).
		n := len(vars) + len(leA)
		ub := make([]float64, n)
		for i := range ub {
			ub[i] = math.Inf(1)
		}
		for i, v := range vs {
			ub[i] = v.hi - v.lo
		}
		var A [][]float64
		var b []float64
		for i := range eqA {
			A, b = append(A, append(eqA[i], make([]float64, n-len(vars))...)), append(b, eqB[i])
		}
		for i := range leA {
			row := append(leA[i], make([]float64, n-len(vars))...)
			row[len(vars)+i] = 1
			A, b = append(A, row), append(b, leB[i])
		}
		// The true counts are a feasible point (during a run; a release read back has them
		// erased, and newTableauAt then runs phase 1).
		x0 := make([]float64, n)
		for i, v := range vs {
			c, _ := at(ts, v.ref)
			x0[i] = float64(c) - v.lo
		}
		for i := range leA {
			s := leB[i]
			for j, a := range leA[i][:len(vars)] {
				s -= a * x0[j]
			}
			x0[len(vars)+i] = s
		}
		tb, err := newTableauAt(A, b, n, ub, x0)
		if err != nil {
			return nil, rep, err
		}
		cost := make([]float64, n)
		// Every vertex the simplex stops at is a feasible point: the range of a target's
		// values over the points seen so far is inside its interval. A target whose range is
		// already as wide as enough asks for no LP of its own (the audit needs to know that the
		// interval is at least that wide, not how wide); the others are solved exactly.
		tIdx := make([]int, len(targets))
		isT := make([]int, n)
		for i := range isT {
			isT[i] = -1
		}
		seen := make([]Interval, len(targets))
		// The true counts are a point seen only when they are a point: a release read back has
		// them erased (0, below a "<10" count's lower bound), and counting them would widen
		// what the vertices span (check accepted a forgery that pinned a "<10" count so).
		x0ok := feasibleAt(A, b, ub, x0)
		for k, t := range targets {
			tIdx[k] = idx[t]
			isT[idx[t]] = k
			seen[k] = Interval{math.Inf(1), math.Inf(-1)}
			if x0ok {
				seen[k] = Interval{x0[idx[t]], x0[idx[t]]}
			}
		}
		basic := make([]float64, len(targets))
		record := func() {
			for k, j := range tIdx {
				basic[k] = tb.nonbasic(j)
			}
			for i, j := range tb.basis {
				if k := isT[j]; j < len(vars) && k >= 0 {
					basic[k] = tb.at(i, tb.n)
				}
			}
			for k, v := range basic {
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
			cost[i] = 1
			if err := tb.optimize(cost, n); err != nil {
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
				if err := tb.optimize(cost, n); err == nil {
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
