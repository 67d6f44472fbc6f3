package mse

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrNoEstimate is wrapped by the errors of models whose maximum likelihood
// estimate does not exist or is not identifiable (see FitModel).
var ErrNoEstimate = errors.New("maximum likelihood estimate does not exist")

// zWald is qnorm(0.975), the multiplier of SparseMSE's 95% Wald interval.
var zWald = distuv.UnitNormal.Quantile(0.975)

// Model is a Poisson log-linear model: intercept, one main effect per list,
// and the two-list interactions given as pairs of list indexes (0-based).
type Model struct {
	Interactions [][2]int
}

// Names returns the interactions as "A:B" using the list names.
func (m Model) Names(lists []string) []string {
	out := make([]string, len(m.Interactions))
	for k, p := range m.Interactions {
		a, b := fmt.Sprint(p[0]), fmt.Sprint(p[1])
		if p[0] >= 0 && p[0] < len(lists) {
			a = lists[p[0]]
		}
		if p[1] >= 0 && p[1] < len(lists) {
			b = lists[p[1]]
		}
		out[k] = a + ":" + b
	}
	return out
}

// Fit is a fitted model.
type Fit struct {
	Model Model
	Lists []string // list names of the table, to name the interactions

	Observed int     // people on at least one list
	Hidden   float64 // estimated number on no list: exp(intercept)
	Total    float64 // Observed + Hidden

	// Lower and Upper are SparseMSE's 95% Wald interval on the log scale
	// for the total: Observed + exp(b0 ± z·se(b0)), z = qnorm(0.975). It
	// leaves out the Poisson variance of the hidden count itself and covers
	// about 91% of the time (see Fit.Interval for the intervals that cover
	// 95%); it is kept to compare with published figures.
	Lower, Upper float64

	// AIC is R's glm's for the same model, -2 log L + 2p, L the Poisson
	// likelihood of the 2^L-1 observable cells and p the number of
	// parameters. BIC is -2 log L + p·log(n), n the number of people
	// observed, as in Rcapture (closedpMS.t) and the MSE literature.
	// Interactions whose lists share no one (fitted as SparseMSE does, see
	// Stepwise) count as parameters in both.
	AIC, BIC, Deviance float64
	DF                 int // residual degrees of freedom: 2^L-1-p

	// Coef and StdErr hold the coefficients and their standard errors:
	// intercept, main effects in list order, then the interactions in the
	// order of Model.Interactions.
	Coef, StdErr []float64

	// Exists reports whether the maximum likelihood estimate exists and
	// is identifiable. FitModel returns an error, with a Fit whose Exists
	// is false and estimates NaN, when it does not.
	Exists bool

	// StepPValues is set by Stepwise: the p-value with which each
	// interaction of Model was added.
	StepPValues []float64

	// Search is set by BestByIC: how many models it compared.
	Search *Search

	mu     []float64 // fitted means per cell, indexed by history bit mask
	muRows []float64 // fitted means per design row (inside irls)
	y      []float64 // the counts fitted, indexed by history bit mask
	empty  [][2]int  // interactions of Model fitted at -∞ (lists sharing no one)
}

// InteractionNames returns the model's interactions as "A:B".
func (f *Fit) InteractionNames() []string { return f.Model.Names(f.Lists) }

func (f *Fit) String() string {
	terms := "main effects"
	if len(f.Model.Interactions) > 0 {
		terms += " + " + strings.Join(f.InteractionNames(), " + ")
	}
	return fmt.Sprintf("%s: total %.2f (95%% CI %.1f, %.1f), observed %d, AIC %.2f",
		terms, f.Total, f.Lower, f.Upper, f.Observed, f.AIC)
}

// normalize checks the interactions against L lists and returns them with
// each pair ordered (i < j).
func (m Model) normalize(L int) (Model, error) {
	out := Model{Interactions: make([][2]int, 0, len(m.Interactions))}
	seen := map[[2]int]bool{}
	for _, p := range m.Interactions {
		i, j := p[0], p[1]
		if i < 0 || j < 0 || i >= L || j >= L {
			return Model{}, fmt.Errorf("mse: interaction (%d, %d): list index out of range [0, %d)", i, j, L)
		}
		if i == j {
			return Model{}, fmt.Errorf("mse: interaction (%d, %d) pairs a list with itself", i, j)
		}
		if i > j {
			i, j = j, i
		}
		q := [2]int{i, j}
		if seen[q] {
			return Model{}, fmt.Errorf("mse: interaction (%d, %d) given twice", i, j)
		}
		seen[q] = true
		out.Interactions = append(out.Interactions, q)
	}
	return out, nil
}

// design returns the design matrix over the given observable cells (bit
// masks of capture histories), one row per cell: intercept, main effects,
// interactions.
func design(L int, m Model, cells []int) *mat.Dense {
	p := 1 + L + len(m.Interactions)
	X := mat.NewDense(len(cells), p, nil)
	for r, h := range cells {
		row := X.RawRowView(r)
		row[0] = 1
		for i := 0; i < L; i++ {
			if h&(1<<i) != 0 {
				row[1+i] = 1
			}
		}
		for k, q := range m.Interactions {
			if h&(1<<q[0]) != 0 && h&(1<<q[1]) != 0 {
				row[1+L+k] = 1
			}
		}
	}
	return X
}

// observable returns the cells 1..2^L-1, leaving out those containing both
// lists of any pair in drop.
func observable(L int, drop [][2]int) []int {
	cells := make([]int, 0, 1<<L-1)
next:
	for h := 1; h < 1<<L; h++ {
		for _, q := range drop {
			if h&(1<<q[0]) != 0 && h&(1<<q[1]) != 0 {
				continue next
			}
		}
		cells = append(cells, h)
	}
	return cells
}

// overlapCount returns the number of records on both lists of q.
func overlapCount(y []float64, q [2]int) float64 {
	mask := 1<<q[0] | 1<<q[1]
	n := 0.0
	for h := 1; h < len(y); h++ {
		if h&mask == mask {
			n += y[h]
		}
	}
	return n
}

// MainEffects fits the model with main effects only (independent lists).
func MainEffects(t *Table) (*Fit, error) {
	return FitModel(t, Model{})
}

// FitModel fits the Poisson log-linear model m to the table by iteratively
// reweighted least squares. The observations are all 2^L-1 observable cells,
// zero counts included; the design is intercept + main effects + the chosen
// interactions. The hidden count is exp(intercept).
//
// Before fitting, FitModel checks that the estimate exists, as SparseMSE's
// checkident does, and refuses the model with an error wrapping
// ErrNoEstimate when
//   - an interaction's two lists have no record in common (the interaction
//     would be -∞);
//   - the design matrix does not have full column rank (not identifiable);
//   - the Fienberg–Rinaldo condition fails: there is no strictly positive
//     vector y with Xᵀy = Xᵀn, so that some fitted means go to zero and
//     parameters to infinity. This is decided exactly by a linear program
//     (maximise s subject to Xᵀy = Xᵀn, y ≥ s), skipped when the design
//     restricted to the cells with records already has full column rank.
//     A typical failure is when the intercept's column is a combination of
//     the others on the cells with data, e.g. when no one is on two lists.
//
// In that case the returned Fit has Exists false and NaN estimates (the Fit
// is nil only when the table or the model is invalid). An error is also
// returned if IRLS fails to converge.
func FitModel(t *Table, m Model) (*Fit, error) {
	y, err := t.counts()
	if err != nil {
		return nil, err
	}
	L := len(t.Lists)
	m, err = m.normalize(L)
	if err != nil {
		return nil, err
	}
	return fitCounts(y, L, t.Lists, m)
}

func fitCounts(y []float64, L int, lists []string, m Model) (*Fit, error) {
	return fitCountsMode(y, L, lists, m, false)
}

// fitCountsMode fits m to the counts y (indexed by bit mask). With extended
// false, an interaction whose lists have no record in common is refused.
// With extended true it is handled as SparseMSE's modelfit does, by the
// extended maximum likelihood estimate: the interaction is -∞, so the cells
// containing both lists are removed and the interaction dropped from the
// design; their fitted means are 0 and AIC and BIC count the interaction as
// a parameter.
func fitCountsMode(y []float64, L int, lists []string, m Model, extended bool) (*Fit, error) {
	observed := 0.0
	for _, v := range y[1:] {
		observed += v
	}
	nan := math.NaN()
	fail := &Fit{
		Model: m, Lists: lists, Observed: int(observed),
		Hidden: nan, Total: nan, Lower: nan, Upper: nan, AIC: nan, BIC: nan, Deviance: nan,
	}
	if observed == 0 {
		return fail, fmt.Errorf("mse: no records: %w", ErrNoEstimate)
	}
	fitted, empty, cells, err := extendedDesign(y, m, lists, extended)
	if err != nil {
		return fail, err
	}
	ys := make([]float64, len(cells))
	for r, h := range cells {
		ys[r] = y[h]
	}
	X := design(L, fitted, cells)
	if err := checkExists(X, ys, fitted, lists); err != nil {
		return fail, err
	}
	f, err := irls(X, ys)
	if err != nil {
		return fail, fmt.Errorf("mse: model %s: %w", modelLabel(fitted, lists), err)
	}
	f.mu = make([]float64, 1<<L)
	for r, h := range cells {
		f.mu[h] = f.muRows[r]
	}
	f.muRows = nil
	f.mu[0] = math.Exp(f.Coef[0])
	if len(empty) > 0 {
		// Report coefficients in the order of m, with -Inf (standard
		// error NaN) for the interactions with empty overlaps.
		coef, se := slices.Clone(f.Coef[:1+L]), slices.Clone(f.StdErr[:1+L])
		k := 1 + L
		for _, q := range m.Interactions {
			if slices.Contains(empty, q) {
				coef, se = append(coef, math.Inf(-1)), append(se, nan)
				continue
			}
			coef, se = append(coef, f.Coef[k]), append(se, f.StdErr[k])
			k++
		}
		f.Coef, f.StdErr = coef, se
		f.AIC += 2 * float64(len(empty))
		f.DF -= len(empty)
	}
	params := float64(len(f.Coef))
	f.BIC = f.AIC - 2*params + params*math.Log(observed)
	f.Model, f.Lists, f.Observed = m, lists, int(observed)
	f.y, f.empty = y, empty
	f.Exists = true
	b0, se0 := f.Coef[0], f.StdErr[0]
	f.Hidden = math.Exp(b0)
	f.Total = observed + f.Hidden
	f.Lower = observed + math.Exp(b0-zWald*se0)
	f.Upper = observed + math.Exp(b0+zWald*se0)
	return f, nil
}

// extendedDesign splits m's interactions into those fitted and those whose
// lists share no record (empty), and returns the observable cells of the
// fit: without the cells containing both lists of an empty interaction.
// Unless extended, an empty interaction is an error wrapping ErrNoEstimate.
func extendedDesign(y []float64, m Model, lists []string, extended bool) (fitted Model, empty [][2]int, cells []int, err error) {
	for _, q := range m.Interactions {
		if overlapCount(y, q) > 0 {
			fitted.Interactions = append(fitted.Interactions, q)
			continue
		}
		if !extended {
			return Model{}, nil, nil, fmt.Errorf("mse: interaction %s:%s: no record is on both lists, so the interaction is -∞: %w",
				lists[q[0]], lists[q[1]], ErrNoEstimate)
		}
		empty = append(empty, q)
	}
	L := 0
	for 1<<L < len(y) {
		L++
	}
	return fitted, empty, observable(L, empty), nil
}

// existsExtended applies the existence check to m fitted as SparseMSE
// does (interactions with empty overlaps at -∞).
func existsExtended(y []float64, m Model, lists []string) error {
	fitted, _, cells, _ := extendedDesign(y, m, lists, true)
	ys := make([]float64, len(cells))
	for r, h := range cells {
		ys[r] = y[h]
	}
	return checkExists(design(len(lists), fitted, cells), ys, fitted, lists)
}

func modelLabel(m Model, lists []string) string {
	if len(m.Interactions) == 0 {
		return "main effects"
	}
	return "main effects + " + strings.Join(m.Names(lists), " + ")
}

// checkExists applies SparseMSE's checkident conditions (see FitModel) to
// the design X and counts y of its rows.
func checkExists(X *mat.Dense, y []float64, m Model, lists []string) error {
	K, p := X.Dims()
	if r := rank(X); r < p {
		return fmt.Errorf("mse: model %s is not identifiable (%d parameters, design of rank %d): %w",
			modelLabel(m, lists), p, r, ErrNoEstimate)
	}
	var rows []int
	for i := 0; i < K; i++ {
		if y[i] > 0 {
			rows = append(rows, i)
		}
	}
	if len(rows) >= p {
		XS := mat.NewDense(len(rows), p, nil)
		for r, i := range rows {
			XS.SetRow(r, X.RawRowView(i))
		}
		if rank(XS) == p {
			return nil // no direction can be flat on the data: the MLE exists
		}
	}
	s, err := frLP(X, y)
	if err != nil {
		return fmt.Errorf("mse: model %s: existence check failed: %v", modelLabel(m, lists), err)
	}
	if s <= 1e-9 {
		return fmt.Errorf("mse: model %s: some fitted counts go to zero and parameters to infinity "+
			"(Fienberg–Rinaldo linear program); the estimate is not finite: %w", modelLabel(m, lists), ErrNoEstimate)
	}
	return nil
}

// frLP solves the Fienberg–Rinaldo linear program of SparseMSE's checkident,
//
//	maximise s subject to Xᵀy = Xᵀn, y_i ≥ s ≥ 0,
//
// for a 0/1 design X (rows = cells) and counts n, and returns the optimal
// s divided by max(1, max n). The maximum likelihood estimate exists (given
// full rank) if and only if s > 0, i.e. some strictly positive y has the
// observed sufficient statistics. The optimum is a vertex of a polytope with
// 0/1 constraints and integer right-hand side, so a positive optimum is far
// above rounding error; checkExists counts values up to 1e-9 as zero.
//
// It is a dense two-phase tableau simplex with Bland's rule (which cannot
// cycle) on the standard form y = w + s·1, w ≥ 0. gonum's lp.Simplex is not
// used because it can panic on the degenerate problems this check meets.
func frLP(X *mat.Dense, n []float64) (float64, error) {
	K, p := X.Dims()
	nv := K + 1     // w_1..w_K, s
	width := nv + p // + artificials
	rhs := width    // column of the right-hand side
	cols := width + 1
	T := make([]float64, p*cols)
	scale := 1.0
	for i := 0; i < K; i++ {
		row := X.RawRowView(i)
		for j, v := range row {
			if v != 0 {
				T[j*cols+i] += v
				T[j*cols+K] += v
				T[j*cols+rhs] += v * n[i]
			}
		}
		scale = math.Max(scale, n[i])
	}
	basis := make([]int, p)
	for j := 0; j < p; j++ {
		T[j*cols+nv+j] = 1 // artificial, basic; rhs ≥ 0 as n ≥ 0
		basis[j] = nv + j
	}
	const eps = 1e-9
	obj := make([]float64, cols) // reduced costs, and -objective in obj[rhs]
	pivot := func(r, c int) {
		pr := T[r*cols : (r+1)*cols]
		inv := 1 / pr[c]
		for k := range pr {
			pr[k] *= inv
		}
		pr[c] = 1
		for i := 0; i < p; i++ {
			if i == r {
				continue
			}
			ri := T[i*cols : (i+1)*cols]
			if f := ri[c]; f != 0 {
				for k := range ri {
					ri[k] -= f * pr[k]
				}
				ri[c] = 0
			}
		}
		if f := obj[c]; f != 0 {
			for k := range obj {
				obj[k] -= f * pr[k]
			}
			obj[c] = 0
		}
		basis[r] = c
	}
	// run minimises the objective whose reduced costs are in obj, over
	// the columns below limit, and reports false if unbounded.
	run := func(limit int) (bool, error) {
		for iter := 0; iter < 50*(p+limit); iter++ {
			enter := -1
			for j := 0; j < limit; j++ {
				if obj[j] < -eps {
					enter = j
					break
				}
			}
			if enter < 0 {
				return true, nil
			}
			leave := -1
			best := math.Inf(1)
			for i := 0; i < p; i++ {
				a := T[i*cols+enter]
				if a <= eps {
					continue
				}
				ratio := T[i*cols+rhs] / a
				if ratio < best-eps || (ratio <= best+eps && (leave < 0 || basis[i] < basis[leave])) {
					if ratio < best {
						best = ratio
					}
					leave = i
				}
			}
			if leave < 0 {
				return false, nil
			}
			pivot(leave, enter)
		}
		return false, errors.New("simplex did not terminate")
	}
	// Phase 1: minimise the sum of the artificials.
	for j := 0; j < p; j++ {
		for k := 0; k < cols; k++ {
			if k < nv || k == rhs {
				obj[k] -= T[j*cols+k]
			}
		}
	}
	if ok, err := run(width); err != nil || !ok {
		return 0, errors.Join(errors.New("phase 1 failed"), err)
	}
	if -obj[rhs] > eps*scale*float64(p) {
		return 0, errors.New("phase 1 found no feasible point") // impossible: y = n is feasible
	}
	// Drive artificials at level zero out of the basis.
	for i := 0; i < p; i++ {
		if basis[i] < nv {
			continue
		}
		for j := 0; j < nv; j++ {
			if math.Abs(T[i*cols+j]) > eps {
				pivot(i, j)
				break
			}
		}
		if basis[i] >= nv {
			return 0, errors.New("design is rank deficient")
		}
	}
	// Phase 2: minimise -s over the original columns.
	for k := range obj {
		obj[k] = 0
	}
	obj[K] = -1
	for i := 0; i < p; i++ {
		if basis[i] == K {
			for k := 0; k < cols; k++ {
				obj[k] += T[i*cols+k]
			}
			obj[K] = 0
		}
	}
	ok, err := run(nv)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("linear program unbounded") // impossible: Σy = Σn bounds s
	}
	for i := 0; i < p; i++ {
		if basis[i] == K {
			return T[i*cols+rhs] / scale, nil
		}
	}
	return 0, nil
}

// rank returns the numerical column rank of A from its singular values.
func rank(A *mat.Dense) int {
	var svd mat.SVD
	if !svd.Factorize(A, mat.SVDNone) {
		return 0
	}
	s := svd.Values(nil)
	r, c := A.Dims()
	if len(s) == 0 {
		return 0
	}
	tol := s[0] * float64(max(r, c)) * 2.220446049250313e-16
	k := 0
	for _, v := range s {
		if v > tol {
			k++
		}
	}
	return k
}

const (
	irlsMaxIter = 100
	irlsTol     = 1e-12
	irlsAbsTol  = 1e-9
)

// irls fits the Poisson GLM with log link by iteratively reweighted least
// squares, started as R's glm does (μ = y + 0.1).
func irls(X *mat.Dense, y []float64) (*Fit, error) { return irlsFrom(X, y, nil) }

// irlsFrom is irls started from the means start (when not nil), e.g. the
// fit of nearby counts.
func irlsFrom(X *mat.Dense, y, start []float64) (*Fit, error) {
	K, p := X.Dims()
	mu := make([]float64, K)
	eta := make([]float64, K)
	for i := range y {
		mu[i] = y[i] + 0.1
		if start != nil {
			mu[i] = start[i]
		}
		eta[i] = math.Log(mu[i])
	}
	devOld := deviance(y, mu)
	xtwx := mat.NewSymDense(p, nil)
	xtwz := mat.NewVecDense(p, nil)
	beta := mat.NewVecDense(p, nil)
	var chol mat.Cholesky
	converged := false
	for iter := 0; iter < irlsMaxIter; iter++ {
		normalEquations(X, mu, eta, y, xtwx, xtwz)
		if !chol.Factorize(xtwx) {
			return nil, errors.New("IRLS: weighted normal equations are singular")
		}
		if err := chol.SolveVecTo(beta, xtwz); err != nil {
			return nil, fmt.Errorf("IRLS: %v", err)
		}
		for i := 0; i < K; i++ {
			eta[i] = mat.Dot(X.RowView(i), beta)
			mu[i] = math.Exp(eta[i])
		}
		dev := deviance(y, mu)
		if math.IsNaN(dev) || math.IsInf(dev, 0) {
			return nil, errors.New("IRLS diverged")
		}
		// The relative test is R's (with a stricter tolerance); the absolute
		// one stops a fit that is exact up to rounding (deviance near 0, as
		// saturated fits and the profile likelihood at its maximum have),
		// where rounding in the deviance's terms exceeds the relative test.
		// IRLS converges quadratically, so the estimates are then exact to
		// far below either threshold.
		if d := math.Abs(dev - devOld); d/(math.Abs(dev)+0.1) < irlsTol || d < irlsAbsTol {
			converged = true
			break
		}
		devOld = dev
	}
	if !converged {
		return nil, fmt.Errorf("IRLS did not converge in %d iterations (%w)", irlsMaxIter, ErrNoEstimate)
	}
	// Covariance at the final means.
	normalEquations(X, mu, eta, y, xtwx, xtwz)
	if !chol.Factorize(xtwx) {
		return nil, errors.New("IRLS: information matrix is singular")
	}
	var cov mat.SymDense
	if err := chol.InverseTo(&cov); err != nil {
		return nil, fmt.Errorf("IRLS: %v", err)
	}
	f := &Fit{Coef: make([]float64, p), StdErr: make([]float64, p), muRows: mu}
	for j := 0; j < p; j++ {
		f.Coef[j] = beta.AtVec(j)
		f.StdErr[j] = math.Sqrt(cov.At(j, j))
	}
	ll := 0.0
	for i := range y {
		ll += -mu[i] - lgammaPlus1(y[i])
		if y[i] > 0 {
			ll += y[i] * math.Log(mu[i])
		}
	}
	f.Deviance = deviance(y, mu)
	f.AIC = -2*ll + 2*float64(p)
	f.DF = K - p
	return f, nil
}

func lgammaPlus1(x float64) float64 {
	v, _ := math.Lgamma(x + 1)
	return v
}

// normalEquations fills XᵀWX and XᵀWz for the working response
// z = η + (y-μ)/μ and weights W = μ.
func normalEquations(X *mat.Dense, mu, eta, y []float64, xtwx *mat.SymDense, xtwz *mat.VecDense) {
	K, p := X.Dims()
	xtwx.Zero()
	xtwz.Zero()
	raw := xtwx.RawSymmetric()
	nz := make([]int, 0, p)
	for i := 0; i < K; i++ {
		row := X.RawRowView(i)
		nz = nz[:0]
		for j, v := range row {
			if v != 0 {
				nz = append(nz, j)
			}
		}
		w := mu[i]
		z := eta[i] + (y[i]-mu[i])/mu[i]
		// The design is 0/1: accumulate over its non-zero entries only.
		for a, j := range nz {
			xtwz.SetVec(j, xtwz.AtVec(j)+w*z)
			for _, k := range nz[a:] {
				raw.Data[j*raw.Stride+k] += w
			}
		}
	}
}

func deviance(y, mu []float64) float64 {
	d := 0.0
	for i := range y {
		if y[i] > 0 {
			d += y[i]*math.Log(y[i]/mu[i]) - (y[i] - mu[i])
		} else {
			d += mu[i]
		}
	}
	return 2 * d
}
