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

var (
	errInfeasible = errors.New("anonymize: audit LP infeasible")
	errUnbounded  = errors.New("anonymize: audit LP unbounded")
)

const simplexEps = 1e-9

// tableau holds B⁻¹[A | b] for the current basis of A y = b, y >= 0.
type tableau struct {
	m, n  int
	t     []float64 // m rows of n+1 (the last column is B⁻¹b)
	basis []int     // basic column of each row
	nz    []int     // scratch: the pivot row's non-zero columns
}

func (tb *tableau) at(i, j int) float64 { return tb.t[i*(tb.n+1)+j] }

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
}

// newTableau finds a feasible basis of A y = b, y >= 0 (A is m×n, row-major) by phase 1 with
// one artificial column per row. Rows that turn out redundant are dropped.
func newTableau(A [][]float64, b []float64, n int) (*tableau, error) {
	m := len(A)
	N := n + m // with artificials
	tb := &tableau{m: m, n: N, t: make([]float64, m*(N+1)), basis: make([]int, m)}
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
	// Crash basis: a column that is a unit vector (+1 in one row, the slack of a <= row or of
	// an upper bound) is basic in its row from the start, and the row's artificial is never
	// needed (its column is cleared, so it never enters).
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
		if ok && r >= 0 && !covered[r] {
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
	// Drive the artificials out of the basis; a row with no other column is redundant.
	keep := make([]bool, m)
	for i := 0; i < m; i++ {
		keep[i] = true
		if tb.basis[i] < n {
			continue
		}
		piv := -1
		for j := 0; j < n; j++ {
			if math.Abs(tb.at(i, j)) > 1e-7 {
				piv = j
				break
			}
		}
		if piv < 0 {
			keep[i] = false
			continue
		}
		tb.pivot(i, piv)
	}
	// Rebuild without artificial columns and redundant rows.
	out := &tableau{n: n}
	for i := 0; i < m; i++ {
		if !keep[i] {
			continue
		}
		row := tb.t[i*(N+1) : (i+1)*(N+1)]
		out.t = append(out.t, row[:n]...)
		out.t = append(out.t, row[N])
		out.basis = append(out.basis, tb.basis[i])
		out.m++
	}
	return out, nil
}

// optimize minimizes cost·y over the columns below limit from the current (feasible) basis:
// Dantzig's rule, and Bland's rule after a run of degenerate pivots so that it cannot cycle.
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
	degenerate := 0
	for iter := 0; iter < 50000; iter++ {
		c := -1
		best := -simplexEps
		for j, r := range red {
			if r < best {
				c, best = j, r
				if degenerate > 50 {
					break // Bland: the first improving column
				}
			}
		}
		if c < 0 {
			return nil
		}
		r, ratio := -1, math.Inf(1)
		for i := 0; i < tb.m; i++ {
			a := tb.t[i*w+c]
			if a > simplexEps {
				if q := tb.t[i*w+tb.n] / a; q < ratio-simplexEps || (q < ratio+simplexEps && r >= 0 && tb.basis[i] < tb.basis[r]) {
					r, ratio = i, q
				}
			}
		}
		if r < 0 {
			return errUnbounded
		}
		if ratio < simplexEps {
			degenerate++
		} else {
			degenerate = 0
		}
		tb.pivot(r, c)
		// Update the reduced costs with the pivot row.
		f := red[c]
		row := tb.t[r*w : (r+1)*w]
		for _, j := range tb.nz {
			if j < limit {
				red[j] -= f * row[j]
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
	return s
}

// newTableauAt finds a feasible basis of A y = b, y >= 0 from a known feasible point x (the
// true counts, during a run): a crossover instead of phase 1. Starting from the basis of
// artificial rows (all at 0, as A x = b), every column with x_j > 0 either replaces an
// artificial in the basis (the point does not move) or is moved towards 0 along its edge until
// it or a basic column reaches 0 (one pivot at most), so that at the end every non-basic column
// is 0 and the point is a vertex: at most one pivot per row and per positive column, where
// phase 1 took thousands of pivots on the audit's degenerate blocks. When x is nil or not
// feasible (a release read back, whose withheld counts are erased), it runs phase 1.
func newTableauAt(A [][]float64, b []float64, n int, x []float64) (*tableau, error) {
	m := len(A)
	if x == nil || !feasibleAt(A, b, x) {
		return newTableau(A, b, n)
	}
	w := n + 1
	tb := &tableau{m: m, n: n, t: make([]float64, m*w), basis: make([]int, m)}
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
		// that reaches 0.
		step, r := y[j], -1
		for i := 0; i < m; i++ {
			if a := tb.t[i*w+j]; a < -tiny && tb.basis[i] >= 0 {
				if q := y[tb.basis[i]] / -a; q < step {
					step, r = q, i
				}
			}
		}
		for i := 0; i < m; i++ {
			if a := tb.t[i*w+j]; a != 0 && tb.basis[i] >= 0 {
				y[tb.basis[i]] = max(0, y[tb.basis[i]]+step*a)
			}
		}
		y[j] -= step
		if r >= 0 {
			y[tb.basis[r]] = 0
			tb.pivot(r, j)
		} else {
			y[j] = 0
		}
	}
	// Drive the remaining artificials out (at 0, so the point does not move); a row with no
	// other column is redundant.
	keep := make([]bool, m)
	for i := 0; i < m; i++ {
		keep[i] = true
		if tb.basis[i] >= 0 {
			continue
		}
		piv, best := -1, tiny
		for j := 0; j < n; j++ {
			if a := math.Abs(tb.t[i*w+j]); a > best {
				piv, best = j, a
			}
		}
		if piv < 0 {
			keep[i] = false
			continue
		}
		tb.pivot(i, piv)
	}
	out := &tableau{n: n}
	for i := 0; i < m; i++ {
		if !keep[i] {
			continue
		}
		row := tb.t[i*w : (i+1)*w]
		// Every non-basic column is 0, so the basic values are the point's (clean rounding).
		if v := row[n]; v < 0 && v > -1e-6 {
			row[n] = 0
		}
		out.t = append(out.t, row...)
		out.basis = append(out.basis, tb.basis[i])
		out.m++
	}
	for i := 0; i < out.m; i++ {
		if out.t[i*w+n] < -1e-6 {
			return newTableau(A, b, n) // numerically lost: start again from phase 1
		}
	}
	return out, nil
}

// feasibleAt reports whether x >= 0 solves A x = b (to rounding).
func feasibleAt(A [][]float64, b []float64, x []float64) bool {
	for _, v := range x {
		if v < -1e-9 {
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
