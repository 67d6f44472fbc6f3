package mse

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// MinBootstrapReps is the smallest number of replicates Bootstrap accepts:
// with fewer, the 2.5% and 97.5% percentiles are not resolved.
const MinBootstrapReps = 40

// maxBootstrapFailures is the largest fraction of replicates whose estimate
// may fail to exist before Bootstrap gives up.
const maxBootstrapFailures = 0.05

// Bootstrap returns a parametric bootstrap 95% percentile interval for the
// total population under model m. The model is fitted to t; each replicate
// draws every observable cell's count from a Poisson distribution with the
// fitted mean, refits m, and records the estimated total (observed in the
// replicate + hidden). The limits are the 2.5% and 97.5% quantiles of the
// replicate totals (R's default quantile type 7).
//
// A replicate in which an interaction's two lists come out with no record
// in common is fitted as SparseMSE fits such data: by the extended maximum
// likelihood estimate, the interaction being -∞ (the cells containing both
// lists are left out of the fit). Leaving such replicates out instead would
// bias the interval, as they are common when an overlap is small (NewOrl's
// D:E overlap of 3 is empty in about 5% of replicates). Replicates whose
// estimate still does not exist are left out; if more than 5% of
// replicates fail, Bootstrap returns an error. The result is deterministic for a given seed
// (math/rand/v2 PCG), on every platform. reps must be at least
// MinBootstrapReps; 1000 or more is usual.
//
// Published bootstrap intervals (SparseMSE's are BCa intervals, resampling
// the observed records multinomially) depend on R's random numbers and on
// that method, so they are not reproduced exactly.
func Bootstrap(t *Table, m Model, reps int, seed uint64) (lower, upper float64, err error) {
	if reps < MinBootstrapReps {
		return math.NaN(), math.NaN(), fmt.Errorf("mse: bootstrap needs at least %d replicates, got %d", MinBootstrapReps, reps)
	}
	y, err := t.counts()
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	L := len(t.Lists)
	m, err = m.normalize(L)
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	fit, err := fitCounts(y, L, t.Lists, m)
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	src := rand.NewPCG(seed, 0x9e3779b97f4a7c15)
	totals := make([]float64, 0, reps)
	ystar := make([]float64, len(y))
	failures := 0
	var lastErr error
	for r := 0; r < reps; r++ {
		for h := 1; h < len(y); h++ {
			ystar[h] = distuv.Poisson{Lambda: fit.mu[h], Src: src}.Rand()
		}
		f, err := fitCountsMode(ystar, L, t.Lists, m, true)
		if err != nil {
			if !errors.Is(err, ErrNoEstimate) {
				return math.NaN(), math.NaN(), fmt.Errorf("mse: bootstrap replicate %d: %w", r+1, err)
			}
			failures++
			lastErr = err
			if float64(failures) > maxBootstrapFailures*float64(reps) {
				return math.NaN(), math.NaN(), fmt.Errorf("mse: bootstrap: the estimate does not exist in more than %.0f%% of replicates (last: %v)",
					100*maxBootstrapFailures, lastErr)
			}
			continue
		}
		totals = append(totals, f.Total)
	}
	slices.Sort(totals)
	return quantile7(totals, 0.025), quantile7(totals, 0.975), nil
}

// quantile7 is R's default (type 7) quantile of sorted x.
func quantile7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}
