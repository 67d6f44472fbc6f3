package anonymize

import (
	"errors"
	"math"
	"slices"
)

// A revised simplex for the audit's many small LPs that share their constraints: the matrix
// stays sparse (a column of the audit's LPs has 2-4 non-zeros: the count's table relations),
// and the basis inverse is kept in product form (an eta file: one sparse elementary column per
// pivot, refactorized every refactorEvery pivots with a sparsity-preferring order), so that a
// pivot costs about the non-zeros of the eta file instead of the rows × columns of a dense
// tableau. The first basis comes from the true counts when they are known (a crossover,
// newTableauAt) or else from phase 1, and every objective after it starts from the last
// optimal basis (warm start), so that the two LPs per protected count cost a few pivots each.
// gonum's lp.Simplex (which the tests use as an independent check) factorizes a dense basis at
// every iteration and starts each LP from scratch, which made the audit take minutes.
//
// Columns may have upper bounds (0 <= y_j <= u_j), handled as bounds rather than as rows (a
// bounded-variable simplex: a non-basic column sits at 0 or at u_j), so that the audit's "<10"
// counts add no row and no slack column; and the entering column is chosen by Devex pricing
// (Forrest and Goldfarb's reference weights), which on the audit's degenerate blocks takes
// several times fewer pivots than Dantzig's largest reduced cost. Every row has an artificial
// column (n+i); after phase 1 the artificials are fixed at 0, so that a row found redundant
// keeps its artificial basic at 0 and nothing else changes.

var (
	errInfeasible = errors.New("anonymize: audit LP infeasible")
	errUnbounded  = errors.New("anonymize: audit LP unbounded")
	errSingular   = errors.New("anonymize: audit LP basis numerically singular")
)

const (
	simplexEps = 1e-9
	// dropTol: an eta entry this small is rounding, not structure (the data are small integers).
	dropTol = 1e-12
	// refactorEvery pivots the eta file is rebuilt from the basis alone.
	refactorEvery = 100
)

// nz is one non-zero of a sparse row (i: its column) or column (i: its row).
type nz struct {
	i int
	v float64
}

// simplex holds a basis of A y = b, 0 <= y <= ub, with the values of every column.
type simplex struct {
	m, n  int       // rows; structural columns (artificial of row i: column n+i)
	cols  [][]nz    // non-zeros of each column, the artificials' too (n+m)
	rows  [][]nz    // non-zeros of each row over the structural columns
	b     []float64 // right-hand side
	ub    []float64 // upper bound of each column (+Inf: none; an artificial's is 0 after phase 1)
	x     []float64 // value of each column
	basis []int     // basic column at each position
	pos   []int     // position of each basic column, -1 for a non-basic one

	// B⁻¹ = E_k ⋯ E_1: E_k is the identity but in column etaRow[k], which holds etaPiv[k] at
	// etaRow[k] and etaVal[etaOff[k]:etaOff[k+1]] at rows etaIdx[...].
	etaRow []int
	etaPiv []float64
	etaOff []int
	etaIdx []int
	etaVal []float64
	// The etas of each row, as a list: etaFirst[r] and etaLast[r] (-1: none), etaNext[k] (-1:
	// the last). applyEtas visits only the etas of rows it holds non-zeros in (hypersparse
	// FTRAN) through the heap etaHeap.
	etaFirst, etaLast []int32
	etaNext           []int32
	etaHeap           []int32
	updates           int // pivots since the last refactorization
	// stopped: the last optimizeTo stopped at its bound, before the optimum.
	stopped bool

	work []float64 // FTRAN result (m), its non-zero positions in wIdx, marked in wMark
	wIdx []int
	wMk  []bool
	rho  []float64 // BTRAN result (m)
	rowv []float64 // pivot row over the columns (n), its non-zeros in rIdx
	rIdx []int
	rMk  []bool
	dBuf []float64 // optimizeTo's reduced costs and Devex weights
	wBuf []float64
}

// newSimplex states A y = b, 0 <= y <= ub (rows: m sparse rows over n columns; ub nil or of
// length n, +Inf for no bound) without a basis.
func newSimplex(rows [][]nz, b []float64, n int, ub []float64) *simplex {
	m := len(rows)
	N := n + m
	s := &simplex{m: m, n: n, rows: rows, b: b, cols: make([][]nz, N), ub: make([]float64, N),
		x: make([]float64, N), basis: make([]int, m), pos: make([]int, N),
		work: make([]float64, m), wMk: make([]bool, m), rho: make([]float64, m),
		rowv: make([]float64, n), rMk: make([]bool, n), etaOff: []int{0},
		etaFirst: make([]int32, m), etaLast: make([]int32, m)}
	for i := range s.etaFirst {
		s.etaFirst[i], s.etaLast[i] = -1, -1
	}
	cnt := make([]int, n)
	for _, r := range rows {
		for _, e := range r {
			cnt[e.i]++
		}
	}
	for j := 0; j < n; j++ {
		s.cols[j] = make([]nz, 0, cnt[j])
	}
	for i, r := range rows {
		for _, e := range r {
			s.cols[e.i] = append(s.cols[e.i], nz{i, e.v})
		}
		s.cols[n+i] = []nz{{i, 1}}
	}
	for j := range s.ub {
		s.ub[j] = math.Inf(1)
		if ub != nil && j < n {
			s.ub[j] = ub[j]
		}
		s.pos[j] = -1
	}
	return s
}

// denseRows converts dense rows to sparse ones.
func denseRows(A [][]float64) [][]nz {
	out := make([][]nz, len(A))
	for i, r := range A {
		for j, v := range r {
			if v != 0 {
				out[i] = append(out[i], nz{j, v})
			}
		}
	}
	return out
}

// newTableau is newSimplexPhase1 over dense rows (the tests' form).
func newTableau(A [][]float64, b []float64, n int, ub []float64) (*simplex, error) {
	return newSimplex(denseRows(A), b, n, ub).phase1()
}

// newTableauAt is newSimplexAt over dense rows (the tests' form).
func newTableauAt(A [][]float64, b []float64, n int, ub []float64, x []float64) (*simplex, error) {
	return newSimplex(denseRows(A), b, n, ub).crossover(x)
}

// upper is column j's upper bound (+Inf when it has none).
func (s *simplex) upper(j int) float64 { return s.ub[j] }

// nonbasic is the value of a column (kept for every column, basic or not).
func (s *simplex) nonbasic(j int) float64 { return s.x[j] }

// value is cost·y at the current basis.
func (s *simplex) value(cost []float64) float64 {
	v := 0.0
	for j, c := range cost {
		if c != 0 {
			v += c * s.x[j]
		}
	}
	return v
}

// point is the current vertex over the structural columns.
func (s *simplex) point() []float64 { return s.x[:s.n] }

// feasible reports whether 0 <= x <= ub solves A x = b (to rounding).
func (s *simplex) feasible(x []float64) bool {
	for j := 0; j < s.n; j++ {
		if x[j] < -1e-9 || x[j] > s.ub[j]+1e-9 {
			return false
		}
	}
	for i, r := range s.rows {
		v := 0.0
		for _, e := range r {
			v += e.v * x[e.i]
		}
		if math.Abs(v-s.b[i]) > 1e-6 {
			return false
		}
	}
	return true
}

// clearWork empties the FTRAN vector.
func (s *simplex) clearWork() {
	for _, i := range s.wIdx {
		s.work[i], s.wMk[i] = 0, false
	}
	s.wIdx = s.wIdx[:0]
}

func (s *simplex) addWork(i int, v float64) {
	if !s.wMk[i] {
		s.wMk[i] = true
		s.wIdx = append(s.wIdx, i)
	}
	s.work[i] += v
}

// ftran sets work to B⁻¹ a_j.
func (s *simplex) ftran(j int) {
	s.clearWork()
	for _, e := range s.cols[j] {
		s.addWork(e.i, e.v)
	}
	s.applyEtas()
}

// applyEtas multiplies work by E_k ⋯ E_1. The slices are held in locals (addWork written
// out): through s, every eta reloaded them, and the crossovers' FTRANs walk eta files of up
// to 1,800 etas once per column (issue-14-speed7.md). An eta changes work only when work is
// non-zero at its row, so while work is sparse, only the etas of its non-zero rows are
// visited, in eta order (a heap of each such row's next eta); once work has non-zeros in an
// eighth of the rows, the rest of the file is scanned. Either way the same etas are applied
// in the same order with the same operations (the same results, to the bit).
func (s *simplex) applyEtas() {
	work, mk, idx := s.work, s.wMk, s.wIdx
	piv, off, etaIdx, etaVal := s.etaPiv, s.etaOff, s.etaIdx, s.etaVal
	piv = piv[:len(s.etaRow)]
	off = off[:len(s.etaRow)+1]
	apply := func(k, r int) {
		t := work[r]
		if t == 0 {
			return
		}
		work[r] = t * piv[k]
		lo, hi := off[k], off[k+1]
		vals := etaVal[lo:hi]
		for q, i := range etaIdx[lo:hi] {
			if !mk[i] {
				mk[i] = true
				idx = append(idx, i)
			}
			work[i] += vals[q] * t
		}
	}
	K := len(s.etaRow)
	from := 0 // the etas before from are done
	if dense := s.m / 8; K > 32 && len(idx) < dense {
		h := s.etaHeap[:0]
		for _, i := range idx {
			if k := s.etaFirst[i]; k >= 0 {
				h = heapPush(h, k)
			}
		}
		for len(h) > 0 {
			var k32 int32
			k32, h = heapPop(h)
			k := int(k32)
			r := s.etaRow[k]
			n0 := len(idx)
			apply(k, r)
			if nk := s.etaNext[k]; nk >= 0 {
				h = heapPush(h, nk)
			}
			for _, i := range idx[n0:] {
				// A row made non-zero by eta k: its first eta after k.
				nk := s.etaFirst[i]
				for nk >= 0 && int(nk) <= k {
					nk = s.etaNext[nk]
				}
				if nk >= 0 {
					h = heapPush(h, nk)
				}
			}
			if len(idx) >= dense {
				from = k + 1
				break
			}
		}
		s.etaHeap = h[:0]
		if len(idx) < dense {
			from = K
		}
	}
	for k := from; k < K; k++ {
		apply(k, s.etaRow[k])
	}
	s.wIdx = idx
}

// heapPush and heapPop keep h a binary min-heap of eta indices.
func heapPush(h []int32, k int32) []int32 {
	h = append(h, k)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p] <= h[i] {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

func heapPop(h []int32) (int32, []int32) {
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l, c := 2*i+1, i
		if l < n && h[l] < h[c] {
			c = l
		}
		if l+1 < n && h[l+1] < h[c] {
			c = l + 1
		}
		if c == i {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	return top, h
}

// btran sets rho to rho B⁻¹ (rho holds the row vector on entry); slices in locals as in
// applyEtas.
func (s *simplex) btran() {
	rho, rows, piv, off, etaIdx, etaVal := s.rho, s.etaRow, s.etaPiv, s.etaOff, s.etaIdx, s.etaVal
	piv = piv[:len(rows)]
	off = off[:len(rows)+1]
	for k := len(rows) - 1; k >= 0; k-- {
		r := rows[k]
		v := rho[r] * piv[k]
		lo, hi := off[k], off[k+1]
		vals := etaVal[lo:hi]
		for q, i := range etaIdx[lo:hi] {
			v += rho[i] * vals[q]
		}
		rho[r] = v
	}
}

// addEta appends the elementary matrix that pivots the column in work on position r.
func (s *simplex) addEta(r int) {
	p := s.work[r]
	// The crossover's eta file grows to megabytes (no refactorization until its end): grow it
	// by doubling rather than append's 1.25 for large slices (growslice's copies were a
	// quarter of addEta's time at 1M rows).
	if need := len(s.etaIdx) + len(s.wIdx); need > cap(s.etaIdx) {
		s.etaIdx = slices.Grow(s.etaIdx, max(need, 2*cap(s.etaIdx))-len(s.etaIdx))
		s.etaVal = slices.Grow(s.etaVal, max(need, 2*cap(s.etaVal))-len(s.etaVal))
	}
	for _, i := range s.wIdx {
		if v := s.work[i]; i != r && math.Abs(v) > dropTol {
			s.etaIdx = append(s.etaIdx, i)
			s.etaVal = append(s.etaVal, -v/p)
		}
	}
	if len(s.etaIdx) == s.etaOff[len(s.etaOff)-1] && p == 1 {
		return // the identity
	}
	k := int32(len(s.etaRow))
	if l := s.etaLast[r]; l >= 0 {
		s.etaNext[l] = k
	} else {
		s.etaFirst[r] = k
	}
	s.etaLast[r] = k
	s.etaNext = append(s.etaNext, -1)
	s.etaRow = append(s.etaRow, r)
	s.etaPiv = append(s.etaPiv, 1/p)
	s.etaOff = append(s.etaOff, len(s.etaIdx))
}

func (s *simplex) resetEtas() {
	s.etaRow, s.etaPiv, s.etaIdx, s.etaVal = s.etaRow[:0], s.etaPiv[:0], s.etaIdx[:0], s.etaVal[:0]
	s.etaOff = s.etaOff[:1]
	s.etaNext = s.etaNext[:0]
	for i := range s.etaFirst {
		s.etaFirst[i], s.etaLast[i] = -1, -1
	}
	s.updates = 0
}

// refactor rebuilds the eta file from the basic columns alone: unit columns first, then a
// column of a row that only one remaining column covers (the triangular part, no fill), then
// the sparsest column; each pivots on a position whose entry is within a factor 10 of the
// column's largest, the least covered first. Positions are assigned anew.
func (s *simplex) refactor() error {
	s.resetEtas()
	m := s.m
	cols := slices.Clone(s.basis)
	for i := range s.basis {
		s.basis[i] = -1
	}
	taken := make([]bool, m)
	place := func(j, r int) {
		s.addEta(r)
		s.basis[r], s.pos[j] = j, r
		taken[r] = true
	}
	// Unit columns (artificials, slacks) on their row.
	rest := cols[:0:0]
	for _, j := range cols {
		if c := s.cols[j]; len(c) == 1 && !taken[c[0].i] {
			s.clearWork()
			s.addWork(c[0].i, c[0].v)
			place(j, c[0].i)
			continue
		}
		rest = append(rest, j)
	}
	slices.SortStableFunc(rest, func(a, b int) int { return len(s.cols[a]) - len(s.cols[b]) })
	cover := make([]int, m) // remaining columns with a non-zero in each row
	done := make(map[int]bool, len(rest))
	isRest := make(map[int]bool, len(rest))
	for _, j := range rest {
		isRest[j] = true
		for _, e := range s.cols[j] {
			cover[e.i]++
		}
	}
	var single []int
	for i, c := range cover {
		if c == 1 && !taken[i] {
			single = append(single, i)
		}
	}
	next := 0
	for placed := 0; placed < len(rest); placed++ {
		j, want := -1, -1
		for len(single) > 0 && j < 0 {
			r := single[len(single)-1]
			single = single[:len(single)-1]
			if taken[r] || cover[r] != 1 {
				continue
			}
			for _, e := range s.rows[r] {
				if isRest[e.i] && !done[e.i] {
					j, want = e.i, r
					break
				}
			}
		}
		if j < 0 {
			for done[rest[next]] {
				next++
			}
			j = rest[next]
		}
		s.ftran(j)
		big := 0.0
		for _, i := range s.wIdx {
			if !taken[i] {
				big = max(big, math.Abs(s.work[i]))
			}
		}
		if big < 1e-9 {
			return errSingular
		}
		r := -1
		if want >= 0 && math.Abs(s.work[want]) >= 0.1*big {
			r = want
		} else {
			for _, i := range s.wIdx {
				if a := math.Abs(s.work[i]); !taken[i] && a >= 0.1*big &&
					(r < 0 || cover[i] < cover[r] || (cover[i] == cover[r] && a > math.Abs(s.work[r]))) {
					r = i
				}
			}
		}
		place(j, r)
		done[j] = true
		for _, e := range s.cols[j] {
			if cover[e.i]--; cover[e.i] == 1 && !taken[e.i] {
				single = append(single, e.i)
			}
		}
	}
	s.updates = 0
	return nil
}

// computeBasic sets the basic values from the non-basic ones: B⁻¹ (b - N x_N), within bounds.
func (s *simplex) computeBasic() {
	s.computeBasicRaw()
	for i, j := range s.basis {
		s.x[j] = min(max(s.work[i], 0), s.ub[j])
	}
}

// basisValuesOK reports whether B⁻¹ (b - N x_N) is within the bounds (to 1e-6).
func (s *simplex) basisValuesOK() bool {
	s.computeBasicRaw()
	for i, j := range s.basis {
		if v := s.work[i]; v < -1e-6 || v > s.ub[j]+1e-6 {
			return false
		}
	}
	return true
}

// computeBasicRaw leaves B⁻¹ (b - N x_N) in s.work, row by row of the basis, unclamped.
func (s *simplex) computeBasicRaw() {
	s.clearWork()
	for i, v := range s.b {
		if v != 0 {
			s.addWork(i, v)
		}
	}
	for j, x := range s.x {
		if x != 0 && s.pos[j] < 0 {
			for _, e := range s.cols[j] {
				s.addWork(e.i, -e.v*x)
			}
		}
	}
	s.applyEtas()
}

// phase1Tries bounds phase 1's optimizations: the first, and again from its basis refactorized.
const phase1Tries = 3

// phase1 finds a feasible basis by phase 1: an artificial column per row (its sign that of
// the row's right-hand side), except where a unit column (a slack) can be basic in its row.
func (s *simplex) phase1() (*simplex, error) {
	n, m := s.n, s.m
	covered := make([]bool, m)
	for j := 0; j < n; j++ {
		c := s.cols[j]
		if len(c) == 1 && c[0].v == 1 && !covered[c[0].i] && s.b[c[0].i] >= 0 && s.b[c[0].i] <= s.ub[j] {
			i := c[0].i
			covered[i] = true
			s.basis[i], s.pos[j], s.x[j] = j, i, s.b[i]
		}
	}
	cost := make([]float64, n+m)
	for i := 0; i < m; i++ {
		a := n + i
		if covered[i] {
			s.ub[a] = 0
			continue
		}
		if s.b[i] < 0 {
			s.cols[a][0].v = -1
		}
		s.basis[i], s.pos[a], s.x[a] = a, i, math.Abs(s.b[i])
		cost[a] = 1
	}
	if err := s.refactor(); err != nil {
		return nil, err
	}
	// Phase 1's optimum must be 0. Its optimality is read from reduced costs through an eta
	// file of many pivots, and on a large block they drift: a joint audit's block of 2,022
	// counts stopped with an artificial at 1/3 where the true counts fit every relation, and
	// one more optimization from the basis refactorized reached 0 (TestWithheldThenPrinted's
	// September release). So an LP is called infeasible only when that does not either.
	for try := 0; ; try++ {
		if err := s.optimizeTo(cost, n, math.Inf(-1)); err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(s.x[n:n+m], func(v float64) bool { return v > 1e-6 }) {
			break
		}
		if try == phase1Tries-1 {
			return nil, errInfeasible
		}
		if err := s.refactor(); err != nil {
			return nil, err
		}
		s.computeBasic()
	}
	s.fixArtificials()
	return s, nil
}

// fixArtificials bounds every artificial at 0: a basic one stays at 0 (a redundant row's) or
// leaves at the first pivot that moves it.
func (s *simplex) fixArtificials() {
	for i := 0; i < s.m; i++ {
		s.ub[s.n+i], s.x[s.n+i] = 0, 0
	}
}

// crossover finds a feasible basis from a known feasible point x (the true counts, during a
// run) instead of phase 1. Starting from the basis of artificial columns (all at 0, as A x =
// b), every column strictly inside its bounds either replaces an artificial in the basis (the
// point does not move) or is moved towards 0 along its edge until it or a basic column reaches
// a bound (one pivot at most), so that at the end every non-basic column is at a bound and the
// point is a vertex: at most one pivot per row and per column, where phase 1 took thousands of
// pivots on the audit's degenerate blocks. When x is nil or not feasible (a release read
// back, whose withheld counts are erased), it runs phase 1.
func (s *simplex) crossover(x []float64) (*simplex, error) {
	if x == nil || !s.feasible(x) {
		return s.phase1()
	}
	n, m := s.n, s.m
	for i := 0; i < m; i++ {
		s.basis[i], s.pos[n+i] = n+i, i
	}
	const tiny = 1e-7
	for j := 0; j < n; j++ {
		s.x[j] = min(max(x[j], 0), s.ub[j])
	}
	for j := 0; j < n; j++ {
		if s.x[j] <= 0 || s.x[j] >= s.ub[j] {
			continue
		}
		s.ftran(j)
		// Replace an artificial when the column has a non-zero in its position (the largest,
		// for stability; the shortest row among equals): the point does not move.
		r, best := -1, tiny
		for _, i := range s.wIdx {
			a := math.Abs(s.work[i])
			if s.basis[i] < n || a <= tiny {
				continue
			}
			if r < 0 || a > best+1e-9 || (a > best-1e-9 && len(s.rows[i]) < len(s.rows[r])) {
				r, best = i, a
			}
		}
		if r >= 0 {
			s.enter(j, r)
			continue
		}
		// Else decrease y_j: the basic columns move by step × the column; stop at the first
		// that reaches a bound.
		step, r, hitUp := s.x[j], -1, false
		for _, i := range s.wIdx {
			bi, a := s.basis[i], s.work[i]
			switch {
			case a < -tiny:
				if q := s.x[bi] / -a; q < step {
					step, r, hitUp = q, i, false
				}
			case a > tiny:
				if u := s.ub[bi]; !math.IsInf(u, 1) {
					if q := (u - s.x[bi]) / a; q < step {
						step, r, hitUp = q, i, true
					}
				}
			}
		}
		for _, i := range s.wIdx {
			if a := s.work[i]; a != 0 {
				bi := s.basis[i]
				s.x[bi] = min(s.ub[bi], max(0, s.x[bi]+step*a))
			}
		}
		s.x[j] -= step
		if r < 0 {
			s.x[j] = 0
			continue
		}
		leave := s.basis[r]
		s.enter(j, r)
		if hitUp {
			s.x[leave] = s.ub[leave]
		} else {
			s.x[leave] = 0
		}
	}
	// Drive the artificials left in the basis out where a non-basic column has a non-zero in
	// their row of B⁻¹A (at 0, so the point does not move); a row with none is redundant and
	// keeps its artificial, fixed at 0.
	for r := 0; r < m; r++ {
		if s.basis[r] < n {
			continue
		}
		clear(s.rho)
		s.rho[r] = 1
		s.btran()
		q, best := -1, tiny
		for i, v := range s.rho {
			if v == 0 {
				continue
			}
			for _, e := range s.rows[i] {
				if s.pos[e.i] < 0 {
					s.rowv[e.i] += v * e.v
				}
			}
		}
		for j := 0; j < n; j++ {
			if a := math.Abs(s.rowv[j]); a > best && s.pos[j] < 0 {
				q, best = j, a
			}
			s.rowv[j] = 0
		}
		if q >= 0 {
			s.ftran(q)
			s.enter(q, r)
		}
	}
	s.fixArtificials()
	if err := s.refactor(); err != nil || !s.basisValuesOK() {
		// Numerically lost: start again from phase 1.
		return newSimplex(s.rows, s.b, n, s.ub[:n]).phase1()
	}
	s.computeBasic()
	return s, nil
}

// enter makes column j basic at position r, with the FTRAN of its column in work.
func (s *simplex) enter(j, r int) {
	leave := s.basis[r]
	s.addEta(r)
	s.updates++
	s.basis[r], s.pos[j], s.pos[leave] = j, r, -1
}

// optimize minimizes cost·y over the columns below limit from the current (feasible) basis:
// Devex pricing, and Bland's rule after a run of degenerate pivots so that it cannot cycle.
func (s *simplex) optimize(cost []float64, limit int) error {
	return s.optimizeTo(cost, limit, math.Inf(-1))
}

// reduced sets d to the reduced costs cost - c_B B⁻¹ A of the columns below limit.
func (s *simplex) reduced(cost []float64, d []float64) {
	c := func(j int) float64 {
		if j < len(cost) {
			return cost[j]
		}
		return 0
	}
	for i, j := range s.basis {
		s.rho[i] = c(j)
	}
	s.btran()
	for j := range d {
		if s.pos[j] >= 0 {
			d[j] = 0
			continue
		}
		v := c(j)
		for _, e := range s.cols[j] {
			v -= s.rho[e.i] * e.v
		}
		d[j] = v
	}
}

// optimizeTo is optimize that stops early, at a vertex, once cost·y <= stop: the audit only
// needs to know that a count reaches some value, not how far beyond it can go.
func (s *simplex) optimizeTo(cost []float64, limit int, stop float64) error {
	limit = min(limit, s.n)
	obj := s.value(cost)
	s.stopped = obj <= stop
	if s.stopped {
		return nil
	}
	// d and the Devex reference weights in buffers kept with s: the audit asks a block for
	// two optima per protected count, and each made both anew.
	if cap(s.dBuf) < limit {
		s.dBuf, s.wBuf = make([]float64, limit), make([]float64, limit)
	}
	d, weight := s.dBuf[:limit], s.wBuf[:limit]
	s.reduced(cost, d)
	for j := range weight {
		weight[j] = 1
	}
	degenerate := 0
	fresh := true // d was just computed from scratch
	maxIter := max(50000, 50*(s.m+s.n))
	for iter := 0; iter < maxIter; iter++ {
		q := -1
		best := 0.0
		for j, r := range d {
			up := s.x[j] > 0 && s.x[j] >= s.ub[j]
			if !(r < -simplexEps && !up && s.ub[j] > 0) && !(r > simplexEps && up) || s.pos[j] >= 0 {
				continue
			}
			if degenerate > 50 {
				q = j // Bland: the first improving column
				break
			}
			if v := r * r / weight[j]; v > best {
				q, best = j, v
			}
		}
		if q < 0 {
			if fresh {
				return nil
			}
			// Confirm optimality with reduced costs computed afresh (the updated ones drift).
			s.reduced(cost, d)
			fresh = true
			continue
		}
		fresh = false
		dir := 1.0 // the entering column rises from 0, or falls from its upper bound
		if s.x[q] > 0 {
			dir = -1
		}
		s.ftran(q)
		// Ratio test: basic value i moves by -θ·dir·α_i; it must stay in [0, its bound], and
		// the entering column within its own bounds (a bound flip).
		theta, r := s.ub[q], -1
		for _, i := range s.wIdx {
			a := dir * s.work[i]
			bi := s.basis[i]
			var t float64
			switch {
			case a > simplexEps:
				t = s.x[bi] / a
			case a < -simplexEps:
				u := s.ub[bi]
				if math.IsInf(u, 1) {
					continue
				}
				t = (u - s.x[bi]) / -a
			default:
				continue
			}
			if t < theta-simplexEps || (t < theta+simplexEps && r >= 0 && bi < s.basis[r]) {
				theta, r = t, i
			}
		}
		if math.IsInf(theta, 1) {
			return errUnbounded
		}
		theta = max(theta, 0)
		if theta < simplexEps {
			degenerate++
		} else {
			degenerate = 0
		}
		obj += d[q] * theta * dir
		for _, i := range s.wIdx {
			if a := s.work[i]; a != 0 {
				bi := s.basis[i]
				s.x[bi] = min(s.ub[bi], max(0, s.x[bi]-theta*dir*a))
			}
		}
		if r < 0 { // bound flip: no basis change
			if dir > 0 {
				s.x[q] = s.ub[q]
			} else {
				s.x[q] = 0
			}
			if obj <= stop {
				s.stopped = true
				return nil
			}
			continue
		}
		leave := s.basis[r]
		aq := s.work[r]
		toUpper := dir*aq < 0
		s.x[q] += theta * dir
		if toUpper {
			s.x[leave] = s.ub[leave]
		} else {
			s.x[leave] = 0
		}
		// The pivot row (e_r B⁻¹ A over the non-basic columns) updates the reduced costs and
		// the Devex weights.
		clear(s.rho)
		s.rho[r] = 1
		s.btran()
		for _, j := range s.rIdx {
			s.rowv[j], s.rMk[j] = 0, false
		}
		s.rIdx = s.rIdx[:0]
		for i, v := range s.rho {
			if v == 0 {
				continue
			}
			for _, e := range s.rows[i] {
				if j := e.i; j < limit && s.pos[j] < 0 {
					if !s.rMk[j] {
						s.rMk[j] = true
						s.rIdx = append(s.rIdx, j)
					}
					s.rowv[j] += v * e.v
				}
			}
		}
		f := d[q]
		wq := weight[q]
		for _, j := range s.rIdx {
			if j == q {
				continue
			}
			a := s.rowv[j] / aq
			if a == 0 {
				continue
			}
			d[j] -= f * a
			if v := a * a * wq; v > weight[j] {
				weight[j] = v
			}
		}
		d[q] = 0
		if leave < limit {
			d[leave] = -f / aq
			weight[leave] = max(wq/(aq*aq), 1)
		}
		s.enter(q, r)
		if s.updates >= refactorEvery {
			if err := s.refactor(); err != nil {
				return err
			}
			s.computeBasic()
			s.reduced(cost, d)
			fresh = true
			obj = s.value(cost)
		}
		if obj <= stop {
			s.stopped = true
			return nil
		}
	}
	return errors.New("anonymize: audit LP did not converge")
}

// feasibleAt reports whether 0 <= x <= ub solves A x = b (to rounding).
func feasibleAt(A [][]float64, b, ub, x []float64) bool {
	for j, v := range x {
		if v < -1e-9 || (ub != nil && v > ub[j]+1e-9) {
			return false
		}
	}
	for i, row := range A {
		s := 0.0
		for j, a := range row {
			s += a * x[j]
		}
		if math.Abs(s-b[i]) > 1e-6 {
			return false
		}
	}
	return true
}
