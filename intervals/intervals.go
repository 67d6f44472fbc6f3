// Package intervals computes confidence intervals for counts, proportions and
// rates, and tests of change, as published prevalence tables need them.
//
// All functions take the confidence level as a fraction in (0, 1), for
// example 0.95. Invalid input (a negative count, more successes than trials,
// a level outside (0, 1), a non-positive exposure) never panics: the result
// then holds NaN in every field, so that it cannot be mistaken for a figure.
package intervals

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a point estimate with the lower and upper limits of its
// confidence interval.
type Interval struct {
	Estimate, Lower, Upper float64
}

var nanInterval = Interval{math.NaN(), math.NaN(), math.NaN()}

func validLevel(level float64) bool {
	return level > 0 && level < 1
}

// z returns the standard normal quantile for a two-sided interval of the
// given level, e.g. 1.959964 for 0.95.
func z(level float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-level)/2)
}

// Wilson returns the proportion successes/n with its Wilson score interval
// (Wilson 1927; the interval of R's prop.test without continuity
// correction):
//
//	(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
//
// The limits always lie in [0, 1]. For n == 0 the estimate and both limits
// are NaN, as there is no information about the proportion.
func Wilson(successes, n int, level float64) Interval {
	if n <= 0 || successes < 0 || successes > n || !validLevel(level) {
		return nanInterval
	}
	nf := float64(n)
	p := float64(successes) / nf
	zz := z(level)
	z2 := zz * zz
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := zz / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi := centre-half, centre+half
	// Remove rounding noise at the boundaries: the exact limits are 0 for
	// successes == 0 and 1 for successes == n.
	if successes == 0 {
		lo = 0
	}
	if successes == n {
		hi = 1
	}
	return Interval{Estimate: p, Lower: math.Max(0, lo), Upper: math.Min(1, hi)}
}

// PoissonExact returns the count with its exact (Garwood 1936) confidence
// interval for the mean of a Poisson variable, as R's poisson.test(count):
//
//	lower = Gamma(shape count).Quantile(α/2)       (0 when count == 0)
//	upper = Gamma(shape count+1).Quantile(1 - α/2)
//
// with α = 1 - level; equivalently χ²(2count)/2 and χ²(2count+2)/2
// quantiles. For count 0 at level 0.95 the interval is (0, 3.689).
func PoissonExact(count int, level float64) Interval {
	if count < 0 || !validLevel(level) {
		return nanInterval
	}
	alpha := 1 - level
	c := float64(count)
	lo := 0.0
	if count > 0 {
		lo = distuv.Gamma{Alpha: c, Beta: 1}.Quantile(alpha / 2)
	}
	hi := distuv.Gamma{Alpha: c + 1, Beta: 1}.Quantile(1 - alpha/2)
	return Interval{Estimate: c, Lower: lo, Upper: hi}
}

// Rate returns count/population·per, for example cases per 100000
// residents, with the exact Poisson interval of PoissonExact scaled by the
// same factor. The population (person-time or head count) is treated as
// known without error. A population that is not positive and finite, or a
// per that is not positive and finite, gives NaN.
func Rate(count int, population float64, per float64, level float64) Interval {
	if !(population > 0) || math.IsInf(population, 0) || !(per > 0) || math.IsInf(per, 0) {
		return nanInterval
	}
	iv := PoissonExact(count, level)
	f := per / population
	return Interval{Estimate: iv.Estimate * f, Lower: iv.Lower * f, Upper: iv.Upper * f}
}

// RateRatio is the ratio of two Poisson rates with its confidence interval
// and the two-sided p-value of the test that the ratio is 1.
type RateRatio struct {
	Ratio, Lower, Upper, PValue float64
}

// PoissonRateRatio compares the rate count1/exposure1 with the reference
// rate count0/exposure0, as R's
// poisson.test(c(count1, count0), c(exposure1, exposure0)) does.
//
// Conditionally on the total n = count1 + count0, count1 is binomial with
// success probability π = r·e1/(r·e1 + e0), r the rate ratio. The p-value is
// that of the exact two-sided binomial test of π0 = e1/(e1 + e0) (R's
// binom.test: the probabilities of all outcomes no more likely than the one
// observed, with relative tolerance 1e-7). The interval is the
// Clopper–Pearson interval (πL, πU) for π, from Beta quantiles, mapped to
// the ratio scale by r = π/(1-π)·e0/e1.
//
// Edge cases follow R: when count0 == 0 the ratio and the upper limit are
// +Inf; when count1 == 0 the ratio and lower limit are 0; when both are 0
// the ratio is NaN, the interval (0, +Inf) and the p-value 1.
func PoissonRateRatio(count1 int, exposure1 float64, count0 int, exposure0 float64, level float64) RateRatio {
	nan := math.NaN()
	if count1 < 0 || count0 < 0 || !validLevel(level) ||
		!(exposure1 > 0) || !(exposure0 > 0) || math.IsInf(exposure1, 0) || math.IsInf(exposure0, 0) {
		return RateRatio{nan, nan, nan, nan}
	}
	n := count1 + count0
	ratio := (float64(count1) / exposure1) / (float64(count0) / exposure0)
	if n == 0 {
		return RateRatio{Ratio: nan, Lower: 0, Upper: math.Inf(1), PValue: 1}
	}
	alpha := (1 - level) / 2
	x, nf := float64(count1), float64(n)
	piL, piU := 0.0, 1.0
	if count1 > 0 {
		piL = distuv.Beta{Alpha: x, Beta: nf - x + 1}.Quantile(alpha)
	}
	if count1 < n {
		piU = distuv.Beta{Alpha: x + 1, Beta: nf - x}.Quantile(1 - alpha)
	}
	toRatio := func(p float64) float64 {
		if p >= 1 {
			return math.Inf(1)
		}
		return p / (1 - p) * exposure0 / exposure1
	}
	p0 := exposure1 / (exposure1 + exposure0)
	return RateRatio{
		Ratio:  ratio,
		Lower:  toRatio(piL),
		Upper:  toRatio(piU),
		PValue: BinomialTest(count1, n, p0),
	}
}

// BinomialTest returns the two-sided p-value of the exact binomial test that
// x successes in n trials come from success probability p, computed as R's
// binom.test: the total probability of the outcomes whose probability does
// not exceed that of x (with relative tolerance 1e-7). It returns NaN for
// invalid input.
func BinomialTest(x, n int, p float64) float64 {
	if n < 0 || x < 0 || x > n || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	if n == 0 {
		return 1
	}
	const relErr = 1 + 1e-7
	b := distuv.Binomial{N: float64(n), P: p}
	prob := func(k int) float64 {
		// distuv.Binomial.Prob mishandles the degenerate p = 0 and p = 1.
		switch {
		case p == 0:
			return b2f(k == 0)
		case p == 1:
			return b2f(k == n)
		}
		return b.Prob(float64(k))
	}
	cdf := func(k int) float64 { // P(X <= k)
		if k < 0 {
			return 0
		}
		if k >= n {
			return 1
		}
		switch {
		case p == 0:
			return 1
		case p == 1:
			return 0
		}
		return b.CDF(float64(k))
	}
	sf := func(k int) float64 { // P(X > k)
		if k < 0 {
			return 1
		}
		if k >= n {
			return 0
		}
		switch {
		case p == 0:
			return 0
		case p == 1:
			return 1
		}
		return b.Survival(float64(k))
	}
	d := prob(x)
	m := float64(n) * p
	var pv float64
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		// On [ceil(m), n] the probabilities do not increase (the mode is at most ceil(m)), so
		// the outcomes no more likely than x there are a suffix: find where it starts by
		// bisection rather than summing n terms (R loops; the count is the same).
		lo, hi := int(math.Ceil(m)), n+1
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if prob(mid) <= d*relErr {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		y := n + 1 - lo
		pv = cdf(x) + sf(n-y)
	default:
		// On [0, floor(m)] the probabilities do not decrease: the outcomes no more likely
		// than x there are a prefix.
		lo, hi := 0, int(math.Floor(m))+1
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if prob(mid) <= d*relErr {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		y := lo
		pv = cdf(y-1) + sf(x-1)
	}
	return math.Min(1, pv)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
