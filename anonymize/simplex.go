package anonymize

import (
	"errors"
	"math"
	"slices"
)

// A dense tableau simplex for the audit's many small LPs that share their constraints: phase 1
// runs once per block, and every objective after it starts from the last optimal basis (warm
// start), so that the two LPs per protected count cost a few pivots each. gonum's lp.Simplex
// (which the attack tests use as an independent check) factorizes the basis at every
// iteration and starts each LP from scratch, which made the audit of a 3,000-case release
// take minutes.
//
// Columns may have upper bounds (0 <= y_j <= u_j), handled as bounds rather than as rows (a
// bounded-variable simplex: a non-basic column sits at 0 or at u_j), so that the audit's
// "<10" counts add no row and no slack column; and the entering column is chosen by Devex
// pricing (Forrest and Goldfarb's reference weights), which on the audit's degenerate blocks
// takes several times fewer pivots than Dantzig's largest reduced cost.

var (
	errInfeasible = errors.New("anonymize: audit LP infeasible")
	errUnbounded  = errors.New("anonymize: audit LP unbounded")
)

const simplexEps = 1e-9

// tableau holds B⁻¹A for the current basis of A y = b, 0 <= y <= ub, and the basic values.
type tableau struct {
	m, n  int
	t     []float64 // m rows of n+1: B⁻¹A, then the row's basic value
	basis []int     // basic column of each row
	ub    []float64 // upper bound of each column (+Inf: none); nil when no column has one
	up    []bool    // a non-basic column at its upper bound (else at 0)
	nz    []int     // scratch: the pivot row's non-zero columns
	beta  []float64 // scratch: the basic values after a step
}

func (tb *tableau) at(i, j int) float64 { return tb.t[i*(tb.n+1)+j] }

// upper is column j's upper bound (+Inf when it has none).
func (tb *tableau) upper(j int) float64 {
	if tb.ub == nil {
		return math.Inf(1)
	}
	return tb.ub[j]
}

// nonbasic is the value of a non-basic column: 0 or its upper bound.
func (tb *tableau) nonbasic(j int) float64 {
	if tb.up[j] {
		return tb.ub[j]
	}
	return 0
}

// pivot makes column c basic in row r (B⁻¹A, and the last column as a row operation: callers
// whose non-basic columns are not all at 0 set the basic values themselves).
func (tb *tableau) pivot(r, c int) {
	w := tb.n + 1
	row := tb.t[r*w : (r+1)*w]
	p := row[c]
	// The rows of these problems are sparse: update only the pivot row's non-zero columns.
	tb.nz = tb.nz[:0]
	for j, v := range row {
		if v != 0 {
			row[j] = v / p
			tb.nz = append(tb.nz, j)
		}
	}
	for i := 0; i < tb.m; i++ {
		if i == r {
			continue
		}
		o := tb.t[i*w : (i+1)*w]
		f := o[c]
		if f == 0 {
			continue
		}
		for _, j := range tb.nz {
			o[j] -= f * row[j]
		}
		o[c] = 0
	}
	tb.basis[r] = c
	tb.up[c] = false
}

// newTableau finds a feasible basis of A y = b, 0 <= y <= ub (A is m×n, row-major; ub nil or
// of length n, +Inf for no bound) by phase 1 with one artificial column per row. Rows that
// turn out redundant are dropped.
func newTableau(A [][]float64, b []float64, n int, ub []float64) (*tableau, error) {
	m := len(A)
	N := n + m // with artificials
	tb := &tableau{m: m, n: N, t: make([]float64, m*(N+1)), basis: make([]int, m), up: make([]bool, N)}
	if ub != nil {
		tb.ub = append(slices.Clone(ub[:n]), make([]float64, m)...)
		for j := n; j < N; j++ {
			tb.ub[j] = math.Inf(1)
		}
	}
	for i := range A {
		s := 1.0
		if b[i] < 0 {
			s = -1
		}
		for j, v := range A[i] {
			tb.t[i*(N+1)+j] = s * v
		}
		tb.t[i*(N+1)+n+i] = 1
		tb.t[i*(N+1)+N] = s * b[i]
		tb.basis[i] = n + i
	}
	// Crash basis: a column that is a unit vector (+1 in one row, the slack of a <= row) is
	// basic in its row from the start when its bound allows the row's value, and the row's
	// artificial is never needed (its column is cleared, so it never enters).
	covered := make([]bool, m)
	for j := 0; j < n; j++ {
		r, ok := -1, true
		for i := 0; i < m && ok; i++ {
			switch v := tb.t[i*(N+1)+j]; {
			case v == 0:
			case r < 0 && v == 1:
				r = i
			default:
				ok = false
			}
		}
		if ok && r >= 0 && !covered[r] && tb.t[r*(N+1)+N] <= tb.upper(j) {
			covered[r] = true
			tb.basis[r] = j
			tb.t[r*(N+1)+n+r] = 0
		}
	}
	cost := make([]float64, N)
	for j := n; j < N; j++ {
		cost[j] = 1
	}
	if err := tb.optimize(cost, N); err != nil {
		return nil, err
	}
	// Phase 1's optimum must be 0 (the true counts are a solution).
	for i := 0; i < m; i++ {
		if tb.basis[i] >= n && tb.at(i, N) > 1e-6 {
			return nil, errInfeasible
		}
	}
	// Drive the artificials (at 0) out of the basis: the entering column keeps its value, so
	// the point does not move; a row with no other column is redundant.
	keep := make([]bool, m)
	isBasic := make([]bool, N)
	for _, j := range tb.basis {
		isBasic[j] = true
	}
	for i := 0; i < m; i++ {
		keep[i] = true
		if tb.basis[i] < n {
			continue
		}
		piv, best := -1, 1e-7
		for j := 0; j < n; j++ {
			if a := math.Abs(tb.at(i, j)); a > best && !isBasic[j] {
				piv, best = j, a
			}
		}
		if piv < 0 {
			keep[i] = false
			continue
		}
		v := tb.nonbasic(piv)
		tb.setBeta()
		tb.pivot(i, piv)
		isBasic[piv] = true
		tb.beta[i] = v
		tb.putBeta()
	}
	return tb.rebuild(n, keep), nil
}

// setBeta copies the basic values into the scratch beta; putBeta writes them back.
func (tb *tableau) setBeta() {
	w := tb.n + 1
	tb.beta = tb.beta[:0]
	for i := 0; i < tb.m; i++ {
		tb.beta = append(tb.beta, tb.t[i*w+tb.n])
	}
}

func (tb *tableau) putBeta() {
	w := tb.n + 1
	for i, v := range tb.beta {
		tb.t[i*w+tb.n] = v
	}
}

// rebuild keeps the first n columns (dropping artificials) and the kept rows.
func (tb *tableau) rebuild(n int, keep []bool) *tableau {
	w := tb.n + 1
	out := &tableau{n: n, up: slices.Clone(tb.up[:n])}
	if tb.ub != nil {
		out.ub = slices.Clone(tb.ub[:n])
	}
	for i := 0; i < tb.m; i++ {
		if !keep[i] {
			continue
		}
		row := tb.t[i*w : (i+1)*w]
		out.t = append(out.t, row[:n]...)
		out.t = append(out.t, row[tb.n])
		out.basis = append(out.basis, tb.basis[i])
		out.m++
	}
	return out
}

// optimize minimizes cost·y over the columns below limit from the current (feasible) basis:
// Devex pricing, and Bland's rule after a run of degenerate pivots so that it cannot cycle.
func (tb *tableau) optimize(cost []float64, limit int) error {
	w := tb.n + 1
	// Reduced costs: cost - c_B · B⁻¹A.
	red := make([]float64, limit)
	copy(red, cost[:limit])
	for i := 0; i < tb.m; i++ {
		cb := cost[tb.basis[i]]
		if cb == 0 {
			continue
		}
		row := tb.t[i*w : i*w+limit]
		for j, v := range row {
			red[j] -= cb * v
		}
	}
	for _, j := range tb.basis {
		if j < limit {
			red[j] = 0 // exactly
		}
	}
	weight := make([]float64, limit) // Devex reference weights
	for j := range weight {
		weight[j] = 1
	}
	degenerate := 0
	maxIter := max(50000, 50*(tb.m+tb.n))
	for iter := 0; iter < maxIter; iter++ {
		c := -1
		best := 0.0
		for j, r := range red {
			if !(r < -simplexEps && !tb.up[j]) && !(r > simplexEps && tb.up[j]) {
				continue
			}
			if degenerate > 50 {
				c = j // Bland: the first improving column
				break
			}
			if s := r * r / weight[j]; s > best {
				c, best = j, s
			}
		}
		if c < 0 {
			return nil
		}
		dir := 1.0 // the entering column rises from 0, or falls from its upper bound
		if tb.up[c] {
			dir = -1
		}
		// Ratio test: basic value i moves by -θ·dir·a_ic; it must stay in [0, its bound], and
		// the entering column within its own bounds (a bound flip).
		theta, r := tb.upper(c), -1
		for i := 0; i < tb.m; i++ {
			a := dir * tb.t[i*w+c]
			var q float64
			switch {
			case a > simplexEps:
				q = tb.t[i*w+tb.n] / a
			case a < -simplexEps:
				u := tb.upper(tb.basis[i])
				if math.IsInf(u, 1) {
					continue
				}
				q = (u - tb.t[i*w+tb.n]) / -a
			default:
				continue
			}
			if q < theta-simplexEps || (q < theta+simplexEps && r >= 0 && tb.basis[i] < tb.basis[r]) {
				theta, r = q, i
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
		if r < 0 { // bound flip: no basis change
			for i := 0; i < tb.m; i++ {
				if a := tb.t[i*w+c]; a != 0 {
					tb.t[i*w+tb.n] -= theta * dir * a
				}
			}
			tb.up[c] = !tb.up[c]
			continue
		}
		tb.setBeta()
		for i := range tb.beta {
			if a := tb.t[i*w+c]; a != 0 {
				tb.beta[i] = max(0, tb.beta[i]-theta*dir*a)
			}
		}
		enter := theta
		if tb.up[c] {
			enter = tb.ub[c] - theta
		}
		leave := tb.basis[r]
		toUpper := dir*tb.t[r*w+c] < 0
		tb.beta[r] = enter
		tb.pivot(r, c)
		tb.putBeta()
		tb.up[leave] = toUpper
		// Update the reduced costs and the Devex weights with the pivot row.
		f := red[c]
		row := tb.t[r*w : (r+1)*w]
		wq := weight[c]
		for _, j := range tb.nz {
			if j < limit && j != c {
				red[j] -= f * row[j]
				v := row[j] * row[j] * wq
				if j == leave {
					weight[j] = max(v, 1)
				} else if v > weight[j] {
					weight[j] = v
				}
			}
		}
		red[c] = 0
	}
	return errors.New("anonymize: audit LP did not converge")
}

// value is cost·y at the current basis.
func (tb *tableau) value(cost []float64) float64 {
	s := 0.0
	for i, j := range tb.basis {
		s += cost[j] * tb.at(i, tb.n)
	}
	for j, u := range tb.up {
		if u {
			s += cost[j] * tb.ub[j]
		}
	}
	return s
}

// newTableauAt finds a feasible basis of A y = b, 0 <= y <= ub from a known feasible point x
// (the true counts, during a run): a crossover instead of phase 1. Starting from the basis of
// artificial rows (all at 0, as A x = b), every column strictly inside its bounds either
// replaces an artificial in the basis (the point does not move) or is moved towards 0 along
// its edge until it or a basic column reaches a bound (one pivot at most), so that at the end
// every non-basic column is at a bound and the point is a vertex: at most one pivot per row and
// per column, where phase 1 took thousands of pivots on the audit's degenerate blocks. When x
// is nil or not feasible (a release read back, whose withheld counts are erased), it runs
// phase 1.
func newTableauAt(A [][]float64, b []float64, n int, ub []float64, x []float64) (*tableau, error) {
	m := len(A)
	if x == nil || !feasibleAt(A, b, ub, x) {
		return newTableau(A, b, n, ub)
	}
	w := n + 1
	tb := &tableau{m: m, n: n, t: make([]float64, m*w), basis: make([]int, m), up: make([]bool, n)}
	if ub != nil {
		tb.ub = slices.Clone(ub[:n])
	}
	for i := range A {
		copy(tb.t[i*w:], A[i])
		tb.t[i*w+n] = b[i]
		tb.basis[i] = -1 // an artificial, at 0
	}
	y := slices.Clone(x)
	const tiny = 1e-7
	for j := 0; j < n; j++ {
		if y[j] <= 0 {
			y[j] = 0
			continue
		}
		if u := tb.upper(j); y[j] >= u {
			y[j], tb.up[j] = u, true
			continue
		}
		// Replace an artificial when the column has a non-zero in its row (the largest, for
		// stability): the point does not move.
		r, best := -1, tiny
		for i := 0; i < m; i++ {
			if a := math.Abs(tb.t[i*w+j]); tb.basis[i] < 0 && a > best {
				r, best = i, a
			}
		}
		if r >= 0 {
			tb.pivot(r, j)
			continue
		}
		// Else decrease y_j: the basic columns move by step × the column; stop at the first
		// that reaches a bound.
		step, r, hitUp := y[j], -1, false
		for i := 0; i < m; i++ {
			bi := tb.basis[i]
			if bi < 0 {
				continue
			}
			a := tb.t[i*w+j]
			switch {
			case a < -tiny:
				if q := y[bi] / -a; q < step {
					step, r, hitUp = q, i, false
				}
			case a > tiny:
				if u := tb.upper(bi); !math.IsInf(u, 1) {
					if q := (u - y[bi]) / a; q < step {
						step, r, hitUp = q, i, true
					}
				}
			}
		}
		for i := 0; i < m; i++ {
			if a := tb.t[i*w+j]; a != 0 && tb.basis[i] >= 0 {
				bi := tb.basis[i]
				y[bi] = min(tb.upper(bi), max(0, y[bi]+step*a))
			}
		}
		y[j] -= step
		if r >= 0 {
			leave := tb.basis[r]
			if hitUp {
				y[leave] = tb.ub[leave]
			} else {
				y[leave] = 0
			}
			tb.pivot(r, j)
			tb.up[leave] = hitUp
		} else {
			y[j] = 0
		}
	}
	// Drive the remaining artificials out (at 0, so the point does not move); a row with no
	// other column is redundant.
	keep := make([]bool, m)
	isBasic := make([]bool, n)
	for _, j := range tb.basis {
		if j >= 0 {
			isBasic[j] = true
		}
	}
	for i := 0; i < m; i++ {
		keep[i] = true
		if tb.basis[i] >= 0 {
			continue
		}
		piv, best := -1, tiny
		for j := 0; j < n; j++ {
			if a := math.Abs(tb.t[i*w+j]); a > best && !isBasic[j] {
				piv, best = j, a
			}
		}
		if piv < 0 {
			keep[i] = false
			continue
		}
		tb.pivot(i, piv)
		isBasic[piv] = true
	}
	// The basic values: B⁻¹b (the last column, by the row operations) less the non-basic
	// columns at their upper bounds.
	for i := 0; i < m; i++ {
		v := tb.t[i*w+n]
		for j := 0; j < n; j++ {
			if tb.up[j] {
				v -= tb.ub[j] * tb.t[i*w+j]
			}
		}
		tb.t[i*w+n] = v
	}
	out := tb.rebuild(n, keep)
	for i := 0; i < out.m; i++ {
		v := out.t[i*w+n]
		u := out.upper(out.basis[i])
		if v < -1e-6 || v > u+1e-6 {
			return newTableau(A, b, n, ub) // numerically lost: start again from phase 1
		}
		out.t[i*w+n] = min(max(v, 0), u) // clean rounding
	}
	return out, nil
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
