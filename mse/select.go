package mse

import (
	"errors"
	"fmt"
	"math"
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

// maxExhaustiveModels bounds the number of models BestByIC fits in an
// exhaustive search before it switches to greedy forward selection.
const maxExhaustiveModels = 2000

// BestByIC selects, among the models with main effects and at most
// maxInteractions two-list interactions whose estimates exist, the one with
// the smallest information criterion: "aic" or "bic" (as in Fit.AIC and
// Fit.BIC; case is ignored).
//
// The search is exhaustive over all subsets of interactions between lists
// that have records in common when there are at most 2000 such models (for
// example 8 lists with up to 2 interactions, or 5 lists with up to 10);
// otherwise it is greedy forward selection: starting from main effects, add
// the interaction that lowers the criterion most, while it lowers it and
// the model has fewer than maxInteractions. Ties go to the model found
// first (fewer interactions, then the order AB, AC, ..., BC, ...).
func BestByIC(t *Table, criterion string, maxInteractions int) (*Fit, error) {
	var ic func(*Fit) float64
	switch strings.ToLower(criterion) {
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
	best, err := fitCounts(y, L, t.Lists, Model{})
	if err != nil {
		return nil, err
	}
	maxInteractions = min(maxInteractions, len(cands))
	if countSubsets(len(cands), maxInteractions) <= maxExhaustiveModels {
		// Subsets by increasing size, each in lexicographic order.
		for size := 1; size <= maxInteractions; size++ {
			idx := make([]int, size)
			for i := range idx {
				idx[i] = i
			}
			for {
				m := Model{Interactions: make([][2]int, size)}
				for i, k := range idx {
					m.Interactions[i] = cands[k]
				}
				if f, err := fitCounts(y, L, t.Lists, m); err == nil && ic(f) < ic(best) {
					best = f
				}
				if !nextCombination(idx, len(cands)) {
					break
				}
			}
		}
		return best, nil
	}
	for len(best.Model.Interactions) < maxInteractions {
		var step *Fit
		for _, q := range cands {
			if hasPair(best.Model, q) {
				continue
			}
			f, err := fitCounts(y, L, t.Lists, withInteraction(best.Model, q))
			if err != nil {
				continue
			}
			if ic(f) < ic(best) && (step == nil || ic(f) < ic(step)) {
				step = f
			}
		}
		if step == nil {
			break
		}
		best = step
	}
	return best, nil
}

func hasPair(m Model, q [2]int) bool {
	for _, p := range m.Interactions {
		if p == q {
			return true
		}
	}
	return false
}

// countSubsets returns the number of subsets of size 1..k of n items,
// capped at a value above maxExhaustiveModels.
func countSubsets(n, k int) int {
	total, c := 0, 1
	for s := 1; s <= k; s++ {
		c = c * (n - s + 1) / s
		total += c
		if total > maxExhaustiveModels {
			return maxExhaustiveModels + 1
		}
	}
	return total
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
