package mse

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mathext"
)

// poissonTail returns min(P(X <= n), P(X >= n)) for X ~ Poisson(lambda),
// SparseMSE's one-sided p-value min(ppois(n, λ), ppois(n-1, λ, FALSE)).
func poissonTail(n int, lambda float64) float64 {
	if lambda <= 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	nf := float64(n)
	lower := mathext.GammaIncRegComp(nf+1, lambda) // P(X <= n)
	upper := 1.0                                   // P(X >= n)
	if n > 0 {
		upper = mathext.GammaIncReg(nf, lambda)
	}
	return math.Min(lower, upper)
}

// allPairs lists the two-list interactions in SparseMSE's order:
// (0,1), (0,2), ..., (0,L-1), (1,2), ...
func allPairs(L int) [][2]int {
	var out [][2]int
	for i := 0; i < L-1; i++ {
		for j := i + 1; j < L; j++ {
			out = append(out, [2]int{i, j})
		}
	}
	return out
}

func withInteraction(m Model, q [2]int) Model {
	ints := make([][2]int, len(m.Interactions), len(m.Interactions)+1)
	copy(ints, m.Interactions)
	return Model{Interactions: append(ints, q)}
}

// StepwiseOptions steer StepwiseWith.
type StepwiseOptions struct {
	// Threshold is the p-value below which an interaction is added
	// (SparseMSE's pthresh; the usual value is 0.02).
	Threshold float64
	// SkipEmptyOverlaps, when set, never adds an interaction between two
	// lists that share no one. This is not SparseMSE's rule, which adds
	// one when the empty overlap is significant (its expected size under
	// the current model is above about 3.9 at threshold 0.02) and fits it
	// by the extended maximum likelihood estimate. It is an opt-in choice
	// for data where lists that share no one are believed to record
	// different populations rather than to avoid each other.
	SkipEmptyOverlaps bool
}

// Stepwise selects a model by SparseMSE's stepwise rule (stepwisefit) at
// the given threshold and returns its fit: StepwiseWith with default
// options.
func Stepwise(t *Table, threshold float64) (*Fit, error) {
	return StepwiseWith(t, StepwiseOptions{Threshold: threshold})
}

// StepwiseWith selects a model by SparseMSE's stepwise rule (stepwisefit)
// and returns its fit. Starting from main effects, it repeatedly considers
// each two-list interaction not yet in the model: n, the number of people
// on both lists, is Poisson under the current fit with mean the sum of the
// fitted counts of the cells containing both lists, and its p-value is
// min(P(X <= n), P(X >= n)). The interaction with the smallest p-value is
// added (the first in the order AB, AC, ..., BC, ... on ties) while that
// p-value is below the threshold. Candidates for which the enlarged
// model's estimate would not exist (SparseMSE's checkident) are skipped.
//
// As in SparseMSE, an interaction between lists that share no one (n = 0,
// p-value exp(-λ)) is a candidate like any other; once added it is -∞ and
// is fitted by the extended maximum likelihood estimate: the cells
// containing both lists leave the fit (see Fit). opt.SkipEmptyOverlaps
// departs from this.
//
// A threshold of 0 or less gives the main-effects model. As in SparseMSE, a
// threshold of 1 or more first tries the model with all interactions, and
// falls back to the stepwise search if that model does not exist.
// StepwiseWith returns an error if the main-effects model does not exist.
func StepwiseWith(t *Table, opt StepwiseOptions) (*Fit, error) {
	threshold := opt.Threshold
	y, err := t.counts()
	if err != nil {
		return nil, err
	}
	if math.IsNaN(threshold) {
		return nil, errors.New("mse: stepwise threshold is NaN")
	}
	L := len(t.Lists)
	pairs := allPairs(L)
	fitExt := func(m Model) (*Fit, error) {
		return fitCountsMode(y, L, t.Lists, m, !opt.SkipEmptyOverlaps)
	}
	if threshold >= 1 {
		full := Model{Interactions: pairs}
		if opt.SkipEmptyOverlaps {
			full = Model{}
			for k, q := range pairs {
				if overlapCount(y, q) > 0 {
					full.Interactions = append(full.Interactions, pairs[k])
				}
			}
		}
		f, err := fitExt(full)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, ErrNoEstimate) {
			return nil, err
		}
	}
	fit, err := fitExt(Model{})
	if err != nil {
		return nil, err
	}
	if threshold <= 0 {
		return fit, nil
	}
	overlap := make([]int, len(pairs))
	for k, q := range pairs {
		overlap[k] = int(overlapCount(y, q))
	}
	included := make([]bool, len(pairs))
	var pvals []float64
	for range pairs {
		best, bestP := -1, math.Inf(1)
		for k, q := range pairs {
			if included[k] || (opt.SkipEmptyOverlaps && overlap[k] == 0) {
				continue
			}
			mask := 1<<q[0] | 1<<q[1]
			lambda := 0.0
			for h := 1; h < len(y); h++ {
				if h&mask == mask {
					lambda += fit.mu[h]
				}
			}
			p := poissonTail(overlap[k], lambda)
			if p >= threshold || p >= bestP {
				continue // cannot be chosen: skip the existence check
			}
			if existsExtended(y, withInteraction(fit.Model, q), t.Lists) != nil {
				continue
			}
			best, bestP = k, p
		}
		if best < 0 {
			break
		}
		next, err := fitExt(withInteraction(fit.Model, pairs[best]))
		if err != nil {
			return nil, fmt.Errorf("mse: stepwise: adding %s: %w", Model{Interactions: [][2]int{pairs[best]}}.Names(t.Lists)[0], err)
		}
		included[best] = true
		pvals = append(pvals, bestP)
		fit = next
	}
	fit.StepPValues = pvals
	return fit, nil
}

// MaxSearchModels is the largest number of fits BestByIC makes. Its search
// is exact: when it would need more fits than this it returns an error
// rather than a model it cannot show to be the best.
const MaxSearchModels = 1 << 18

// BestByIC selects, among the models with main effects and at most
// maxInteractions two-list interactions between lists that share records,
// and whose estimates exist, the one with the smallest information
// criterion: "aic" or "bic" (Fit.AIC, Fit.BIC: penalty 2 or log(people
// observed) per parameter; case is ignored). These are the hierarchical
// log-linear models with interactions of at most two lists, every graph
// on the lists (Rcapture's closedpMS.t with maxorder 2, restricted to
// pairs with records in common: an interaction at -∞ is on the boundary
// of the parameter space, where the approximations behind AIC and BIC do
// not hold).
//
// The search is exact: branch and bound over the subsets of candidate
// interactions, deciding one interaction at a time. Every model below a
// node (its included interactions I, any of the undecided ones U) is nested
// in the model I ∪ U, so its log-likelihood is at most that of I ∪ U's fit
// (when it has an estimate; else its parent's bound, and at the root the
// saturated Poisson fit, μ = n in every cell), and its criterion at least
// -2·log L(I ∪ U) + penalty·(1 + L + |I|). Nodes whose bound is above the
// best criterion found are not searched: they cannot hold the best model.
// Fit.Search says how many models were compared and how many were ruled
// out by the bound. If more than MaxSearchModels fits would be needed,
// BestByIC returns an error. Ties go to the model with fewer interactions,
// then the first in the order AB, AC, ..., BC, ...
func BestByIC(t *Table, criterion string, maxInteractions int) (*Fit, error) {
	var ic func(*Fit) float64
	crit := strings.ToLower(criterion)
	switch crit {
	case "aic":
		ic = func(f *Fit) float64 { return f.AIC }
	case "bic":
		ic = func(f *Fit) float64 { return f.BIC }
	default:
		return nil, fmt.Errorf("mse: unknown criterion %q (want \"aic\" or \"bic\")", criterion)
	}
	if maxInteractions < 0 {
		return nil, fmt.Errorf("mse: maxInteractions %d is negative", maxInteractions)
	}
	y, err := t.counts()
	if err != nil {
		return nil, err
	}
	L := len(t.Lists)
	var cands [][2]int
	for _, q := range allPairs(L) {
		if t.Overlap(q[0], q[1]) > 0 {
			cands = append(cands, q)
		}
	}
	K := len(cands)
	maxInteractions = min(maxInteractions, K)
	best, err := fitCounts(y, L, t.Lists, Model{})
	if err != nil {
		return nil, err
	}
	bestIdx := []int{}
	penalty := 2.0
	if crit == "bic" {
		penalty = math.Log(float64(best.Observed))
	}
	sat := 0.0 // -2 log L of the saturated Poisson fit
	for _, v := range y[1:] {
		sat -= 2 * (-v - lgammaPlus1(v))
		if v > 0 {
			sat -= 2 * v * math.Log(v)
		}
	}
	search := Search{Criterion: strings.ToUpper(crit), Candidates: K, Space: 1, Fitted: 1, Compared: 1}
	for size := 1; size <= maxInteractions; size++ {
		search.Space += binomial(K, size)
	}
	model := func(idx []int) Model {
		m := Model{Interactions: make([][2]int, len(idx))}
		for i, k := range idx {
			m.Interactions[i] = cands[k]
		}
		return m
	}
	// minus2LL fits the model idx and returns -2 log L, or false.
	minus2LL := func(idx []int) (*Fit, float64, bool) {
		search.Fitted++
		f, err := fitCounts(y, L, t.Lists, model(idx))
		if err != nil {
			return nil, 0, false
		}
		return f, f.AIC - 2*float64(len(f.Coef)), true
	}
	// better orders models by criterion, then size, then the order of
	// their interactions.
	better := func(f *Fit, idx []int) bool {
		if a, b := ic(f), ic(best); a != b {
			return a < b
		}
		if len(idx) != len(bestIdx) {
			return len(idx) < len(bestIdx)
		}
		return slices.Compare(idx, bestIdx) < 0
	}
	var errTooMany error
	// visit searches the models I ⊆ S ⊆ I ∪ cands[next:] with |S| at most
	// maxInteractions; lb is a lower bound on their -2 log L.
	var visit func(I []int, next int, lb float64)
	visit = func(I []int, next int, lb float64) {
		if errTooMany != nil || lb+penalty*float64(1+L+len(I)) > ic(best) {
			return // nothing here can beat the best
		}
		if next == K || len(I) == maxInteractions {
			if len(I) == 0 {
				return // main effects: fitted first
			}
			if f, _, ok := minus2LL(I); ok {
				search.Compared++
				if better(f, I) {
					best, bestIdx = f, slices.Clone(I)
				}
			}
			return
		}
		if search.Fitted > MaxSearchModels {
			errTooMany = fmt.Errorf("mse: best by %s: more than %d models to fit (%d interactions between lists sharing records); use stepwise selection",
				search.Criterion, MaxSearchModels, K)
			return
		}
		// Include cands[next]: the same largest model, the same bound.
		visit(append(slices.Clone(I), next), next+1, lb)
		// Exclude it: a smaller largest model, maybe a tighter bound.
		u := slices.Clone(I)
		for k := next + 1; k < K; k++ {
			u = append(u, k)
		}
		childLB := lb
		if len(u) > 0 {
			if _, m2, ok := minus2LL(u); ok {
				childLB = math.Max(lb, m2)
			}
		}
		visit(I, next+1, childLB)
	}
	rootLB := sat
	all := make([]int, K)
	for k := range all {
		all[k] = k
	}
	if K > 0 {
		if _, m2, ok := minus2LL(all); ok {
			rootLB = math.Max(sat, m2)
		}
	}
	visit(nil, 0, rootLB)
	if errTooMany != nil {
		return nil, errTooMany
	}
	best.Search = &search
	return best, nil
}

// Search describes the model search of BestByIC.
type Search struct {
	Criterion  string // "AIC" or "BIC"
	Candidates int    // two-list interactions between lists sharing records
	Space      int    // models in the search space (main effects included)
	Fitted     int    // fits made, for the models compared and for the bounds
	Compared   int    // models whose estimates exist, compared by the criterion
}

func (s *Search) String() string {
	return fmt.Sprintf("best by %s of %d models (exact search: %d compared; the other %d have no estimate or cannot have a lower %s)",
		s.Criterion, s.Space, s.Compared, s.Space-s.Compared, s.Criterion)
}

// binomial returns n choose k, saturating at MaxInt64/2.
func binomial(n, k int) int {
	c := 1
	for i := 1; i <= k; i++ {
		c = c * (n - k + i) / i
		if c > math.MaxInt64/(2*n+2) {
			return math.MaxInt64 / 2
		}
	}
	return c
}

func hasPair(m Model, q [2]int) bool {
	for _, p := range m.Interactions {
		if p == q {
			return true
		}
	}
	return false
}

// nextCombination advances idx to the next k-combination of 0..n-1 in
// lexicographic order, reporting false after the last one.
func nextCombination(idx []int, n int) bool {
	k := len(idx)
	i := k - 1
	for i >= 0 && idx[i] == n-k+i {
		i--
	}
	if i < 0 {
		return false
	}
	idx[i]++
	for j := i + 1; j < k; j++ {
		idx[j] = idx[j-1] + 1
	}
	return true
}
