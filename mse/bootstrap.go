package mse

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"
)

// MinBootstrapReps is the smallest number of replicates Bootstrap accepts:
// with fewer, the 2.5% and 97.5% percentiles are not resolved.
const MinBootstrapReps = 40

// maxBootstrapFailures is the largest fraction of replicates whose estimate
// may fail before Bootstrap gives up.
const maxBootstrapFailures = 0.05

// BootstrapResult is a BCa bootstrap interval (see Bootstrap).
type BootstrapResult struct {
	Estimate     float64 // the estimator's total on the data
	Lower, Upper float64 // 95% BCa limits (2.5% and 97.5%)
	Bias         float64 // z0 = qnorm(share of replicates below Estimate)
	Accel        float64 // acceleration from the jackknife
	Reps, Failed int     // replicates drawn, and those whose estimate failed
}

// Bootstrap returns SparseMSE's BCa bootstrap 95% interval for the total
// population (estimatepopulation, Chan, Silverman and Vincent 2021): each of
// reps replicates redraws the observed people multinomially over their
// capture histories (so the number observed is fixed, as it is known) and
// applies est to the replicate, model selection included; the acceleration
// comes from the jackknife that removes one person from each history in
// turn; the limits are the bias-corrected and accelerated percentiles,
// R's quantile type 8 as in SparseMSE's bcaconfvalues.
//
// est defaults to Stepwise at 0.02, SparseMSE's default. A list that a
// replicate leaves without records is dropped from that replicate (its main
// effect is -∞). Replicates whose estimate fails are left out; if more than
// 5% fail, Bootstrap returns an error. The result is deterministic for a
// given seed (math/rand/v2 PCG) on every platform; it does not reproduce
// R's random numbers, so it matches SparseMSE's published intervals to
// within their Monte Carlo error. reps must be at least MinBootstrapReps;
// 1000 is usual. The replicates are estimated on every core: est must be
// safe for concurrent use (the estimators of this package are).
func Bootstrap(t *Table, est Estimator, reps int, seed uint64) (*BootstrapResult, error) {
	return bootstrap(t, est, reps, seed, runtime.GOMAXPROCS(0))
}

// estimateAll returns estimate of each of draws, on up to workers goroutines.
func estimateAll(draws [][]int, estimate func([]int) (float64, error), workers int) ([]float64, []error) {
	vals := make([]float64, len(draws))
	errs := make([]error, len(draws))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(workers, len(draws))) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(draws) {
					return
				}
				vals[i], errs[i] = estimate(draws[i])
			}
		})
	}
	wg.Wait()
	return vals, errs
}

// bootstrap is Bootstrap with the replicates estimated on up to workers goroutines.
func bootstrap(t *Table, est Estimator, reps int, seed uint64, workers int) (*BootstrapResult, error) {
	if reps < MinBootstrapReps {
		return nil, fmt.Errorf("mse: bootstrap needs at least %d replicates, got %d", MinBootstrapReps, reps)
	}
	if est == nil {
		est = func(t *Table) (*Fit, error) { return Stepwise(t, 0.02) }
	}
	y, err := t.counts()
	if err != nil {
		return nil, err
	}
	L := len(t.Lists)
	fit, err := est(t)
	if err != nil {
		return nil, err
	}
	res := &BootstrapResult{Estimate: fit.Total, Reps: reps}
	var hist []int // the histories with records
	var n []int
	total := 0
	for h := 1; h < len(y); h++ {
		if y[h] > 0 {
			hist, n = append(hist, h), append(n, int(y[h]))
			total += int(y[h])
		}
	}
	table := func(counts []int) *Table {
		tb := &Table{Lists: t.Lists}
		for k, h := range hist {
			if counts[k] == 0 {
				continue
			}
			b := make([]bool, L)
			for i := range b {
				b[i] = h&(1<<i) != 0
			}
			tb.Cells = append(tb.Cells, Cell{b, counts[k]})
		}
		return tb.DropEmptyLists()
	}
	estimate := func(counts []int) (float64, error) {
		tb := table(counts)
		if len(tb.Lists) < 2 {
			return 0, fmt.Errorf("fewer than 2 lists have records: %w", ErrNoEstimate)
		}
		f, err := est(tb)
		if err != nil {
			return 0, err
		}
		return f.Total, nil
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	// The replicates are drawn in order from the one generator, then estimated on every core
	// (each estimate is a model search: most of the reports' time), then taken in order as
	// one loop would take them, so the result is the same for any number of cores.
	draws := make([][]int, reps)
	for i := range draws {
		draws[i] = make([]int, len(n))
		multinomial(r, total, n, draws[i])
	}
	// Jackknife: one person fewer in each history in turn.
	for k := range n {
		counts := slices.Clone(n)
		counts[k]--
		draws = append(draws, counts)
	}
	vals, errs := estimateAll(draws, estimate, workers)
	boot := make([]float64, 0, reps)
	var lastErr error
	for i := range reps {
		v, err := vals[i], errs[i]
		if err != nil {
			if !errors.Is(err, ErrNoEstimate) {
				return nil, fmt.Errorf("mse: bootstrap: %w", err)
			}
			res.Failed++
			lastErr = err
			if float64(res.Failed) > maxBootstrapFailures*float64(reps) {
				return nil, fmt.Errorf("mse: bootstrap: the estimate fails in more than %.0f%% of replicates (last: %v)",
					100*maxBootstrapFailures, lastErr)
			}
			continue
		}
		boot = append(boot, v)
	}
	jack := vals[reps:]
	for _, err := range errs[reps:] {
		if err != nil {
			return nil, fmt.Errorf("mse: bootstrap: jackknife: %w", err)
		}
	}
	mean := 0.0
	for k, v := range jack {
		mean += float64(n[k]) * v
	}
	mean /= float64(total)
	var s2, s3 float64
	for k, v := range jack {
		d := mean - v
		s2 += float64(n[k]) * d * d
		s3 += float64(n[k]) * d * d * d
	}
	if s2 > 0 {
		res.Accel = s3 / (6 * math.Pow(s2, 1.5))
	}
	below := 0
	for _, v := range boot {
		if v < res.Estimate {
			below++
		}
	}
	slices.Sort(boot)
	norm := distuv.UnitNormal
	res.Bias = norm.Quantile(float64(below) / float64(len(boot)))
	level := func(alpha float64) float64 {
		za := norm.Quantile(alpha) + res.Bias
		return norm.CDF(res.Bias + za/(1-res.Accel*za))
	}
	res.Lower = quantile8(boot, level(0.025))
	res.Upper = quantile8(boot, level(0.975))
	return res, nil
}

// multinomial draws total items over categories with probabilities
// proportional to weights into out, by conditional binomials (as R's
// rmultinom).
func multinomial(r *rand.Rand, total int, weights []int, out []int) {
	left, wleft := total, 0
	for _, w := range weights {
		wleft += w
	}
	for k, w := range weights {
		if k == len(weights)-1 || left == 0 {
			out[k] = left
			left = 0
			continue
		}
		p := float64(w) / float64(wleft)
		x := 0
		if p >= 1 {
			x = left
		} else if p > 0 {
			x = int(distuv.Binomial{N: float64(left), P: p, Src: r}.Rand())
		}
		out[k] = x
		left -= x
		wleft -= w
	}
}

// quantile8 is R's quantile type 8 (median-unbiased) of sorted x; p NaN
// (every replicate on one side of the estimate) gives NaN.
func quantile8(x []float64, p float64) float64 {
	if math.IsNaN(p) || len(x) == 0 {
		return math.NaN()
	}
	n := float64(len(x))
	h := (n+1.0/3)*p + 1.0/3 // 1-based
	if h <= 1 {
		return x[0]
	}
	if h >= n {
		return x[len(x)-1]
	}
	lo := math.Floor(h)
	i := int(lo) - 1
	return x[i] + (h-lo)*(x[i+1]-x[i])
}

// FixedModel returns an Estimator that fits m, whose interactions index
// lists, to any table that names its lists the same way: interactions whose
// lists a table lacks are left out, and interactions whose lists share no
// one are fitted at -∞ (the extended maximum likelihood estimate, as
// SparseMSE's modelfit). It is how Bootstrap resamples a model chosen once,
// for instance by BestByIC.
func FixedModel(m Model, lists []string) Estimator {
	return func(t *Table) (*Fit, error) {
		y, err := t.counts()
		if err != nil {
			return nil, err
		}
		var mm Model
		for _, q := range m.Interactions {
			if q[0] >= len(lists) || q[1] >= len(lists) {
				continue
			}
			i, j := slices.Index(t.Lists, lists[q[0]]), slices.Index(t.Lists, lists[q[1]])
			if i >= 0 && j >= 0 {
				mm.Interactions = append(mm.Interactions, [2]int{min(i, j), max(i, j)})
			}
		}
		return fitCountsMode(y, len(t.Lists), t.Lists, mm, true)
	}
}
