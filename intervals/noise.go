package intervals

import (
	"math"
	"sync"
)

// Noise describes the discrete Laplace noise in a published count (anonymize.Noise): the count
// is the sum of Terms counts, to each of which an independent draw Z with
// P(Z = z) = (1-p)/(1+p)·p^|z|, p = exp(-Epsilon), was added and the result clipped at 0
// (max(0, x+Z)) before summing. The zero value is a count without noise.
//
// Clipping only ever moves a noisy count towards its true value from below, so the error of
// each term, e = max(-x, Z), lies between Z and max(Z, 0): the error of the sum lies between
// ΣZ and ΣZ⁺. A consumer that derives a count from others keeps Terms additive: a sum of
// counts adds their Terms, a total less some of its parts subtracts them.
type Noise struct {
	Epsilon float64 // per draw; 0: no noise
	Terms   int     // draws summed in the count
}

// None reports whether the count has no noise.
func (n Noise) None() bool { return !(n.Epsilon > 0) || n.Terms <= 0 }

// Add returns the noise of the sum of two counts with independent draws.
func (n Noise) Add(o Noise) Noise {
	switch {
	case o.None():
		return n
	case n.None():
		return o
	}
	return Noise{Epsilon: math.Min(n.Epsilon, o.Epsilon), Terms: n.Terms + o.Terms}
}

// Sub returns the noise of a count less some of its own parts (o's draws are among n's).
func (n Noise) Sub(o Noise) Noise {
	if n.None() || o.None() {
		return n
	}
	return Noise{Epsilon: n.Epsilon, Terms: max(0, n.Terms-o.Terms)}
}

// Variance is the variance of the noise added to the count before clipping, in counts²:
// Terms · 2p/(1-p)², p = exp(-Epsilon) (0 without noise). It is what a normal approximation
// adds to a count's sampling variance; the intervals below use Bounds instead, which also hold
// for small counts and for clipping.
func (n Noise) Variance() float64 {
	if n.None() {
		return 0
	}
	p := math.Exp(-n.Epsilon)
	return float64(n.Terms) * 2 * p / ((1 - p) * (1 - p))
}

// Bounds returns how far the true count x can lie below and above the published count y:
// with probability at least 1-alpha over the noise, y - below <= x <= y + above.
//
// x >= y - below fails only when ΣZ⁺ > below and x <= y + above only when ΣZ < -above; each
// is given probability at most alpha/2: exactly for one draw (P(Z >= b) = p^b/(1+p), b >= 1)
// and by the Chernoff bound inf_t e^(-tb)·M(t)^Terms over 0 < t < Epsilon for a sum, with the
// moment generating functions M(t) = (1-p)²/((1-pe^t)(1-pe^-t)) of Z and
// 1/(1+p) + (1-p)/(1+p)·pe^t/(1-pe^t) of Z⁺. Both are 0 without noise; alpha must be in
// (0, 1).
func (n Noise) Bounds(alpha float64) (below, above int) {
	if n.None() || !(alpha > 0 && alpha < 1) {
		return 0, 0
	}
	key := boundsKey{n, alpha}
	if b, ok := boundsCache.Load(key); ok {
		ba := b.([2]int)
		return ba[0], ba[1]
	}
	below, above = n.bounds(alpha)
	boundsCache.Store(key, [2]int{below, above})
	return below, above
}

// boundsCache holds Bounds by noise and alpha: a table's counts share a few of them.
var boundsCache sync.Map

type boundsKey struct {
	n     Noise
	alpha float64
}

func (n Noise) bounds(alpha float64) (below, above int) {
	eps := n.Epsilon
	p := math.Exp(-eps)
	logZ := func(t float64) float64 {
		return 2*math.Log1p(-p) - math.Log1p(-p*math.Exp(t)) - math.Log1p(-p*math.Exp(-t))
	}
	logZplus := func(t float64) float64 {
		return math.Log(1/(1+p) + (1-p)/(1+p)*p*math.Exp(t)/(1-p*math.Exp(t)))
	}
	target := math.Log(alpha / 2)
	// tail returns the log of a bound on P(S >= b).
	tail := func(logM func(float64) float64, b int) float64 {
		if n.Terms == 1 {
			return float64(b)*math.Log(p) - math.Log1p(p)
		}
		f := func(t float64) float64 { return float64(n.Terms)*logM(t) - t*float64(b) }
		// f is convex in t on (0, eps): golden-section search.
		lo, hi := 0.0, eps*(1-1e-9)
		g := (math.Sqrt(5) - 1) / 2
		a, c := hi-g*(hi-lo), lo+g*(hi-lo)
		fa, fc := f(a), f(c)
		for i := 0; i < 100; i++ {
			if fa < fc {
				hi, c, fc = c, a, fa
				a = hi - g*(hi-lo)
				fa = f(a)
			} else {
				lo, a, fa = a, c, fc
				c = lo + g*(hi-lo)
				fc = f(c)
			}
		}
		return math.Min(0, math.Min(fa, fc))
	}
	// quantile returns the smallest b >= 0 with P(S > b) = P(S >= b+1) <= alpha/2.
	quantile := func(logM func(float64) float64) int {
		hi := 1
		for tail(logM, hi+1) > target {
			hi *= 2
			if hi > 1<<40 {
				return hi
			}
		}
		lo := -1 // tail(lo+1) > target or lo = -1
		for hi-lo > 1 {
			m := (lo + hi) / 2
			if tail(logM, m+1) > target {
				lo = m
			} else {
				hi = m
			}
		}
		return hi
	}
	return quantile(logZplus), quantile(logZ)
}

// split is how an interval of a noisy count spends its error rate 1-level: half on the
// sampling interval, half on the noise (a union bound: the combined interval covers with
// probability at least level, whatever the count).
func split(level float64) (sampling, noise float64) {
	alpha := 1 - level
	return 1 - alpha/2, alpha / 2
}

// PoissonNoisy returns the exact Poisson interval of a count published with noise n: the mean
// of a Poisson count x of which y is published as x plus n's noise. When x lies in
// [y-below, y+above] (n.Bounds at alpha/2) and the mean in Garwood's interval of x at level
// 1-alpha/2, the mean lies in [lower(y-below), upper(y+above)], since both limits grow with
// the count: the interval covers with probability at least level (a union bound, conservative).
// The estimate is y. Without noise it is PoissonExact.
func PoissonNoisy(y int, n Noise, level float64) Interval {
	if n.None() {
		return PoissonExact(y, level)
	}
	if y < 0 || !validLevel(level) {
		return nanInterval
	}
	ls, ln := split(level)
	below, above := n.Bounds(ln)
	lo := PoissonExact(max(0, y-below), ls).Lower
	hi := PoissonExact(y+above, ls).Upper
	return Interval{Estimate: float64(y), Lower: lo, Upper: hi}
}

// RateNoisy is Rate with the interval of PoissonNoisy.
func RateNoisy(y int, n Noise, population, per, level float64) Interval {
	if n.None() {
		return Rate(y, population, per, level)
	}
	if !(population > 0) || math.IsInf(population, 0) || !(per > 0) || math.IsInf(per, 0) {
		return nanInterval
	}
	iv := PoissonNoisy(y, n, level)
	f := per / population
	return Interval{Estimate: iv.Estimate * f, Lower: iv.Lower * f, Upper: iv.Upper * f}
}

// WilsonNoisy returns the proportion x/m of two counts published with noise nx and nm (x among
// m) with a Wilson interval that covers the noise too: with x and m in their noise bounds
// (n.Bounds at alpha/4 each) and the proportion in the Wilson interval of the true counts at
// level 1-alpha/2, it lies in [Wilson(x-below, m+above).Lower, Wilson(x+above, m-below).Upper]
// (the limits grow with x and fall with m). Without noise it is Wilson.
func WilsonNoisy(x int, nx Noise, m int, nm Noise, level float64) Interval {
	if nx.None() && nm.None() {
		return Wilson(x, m, level)
	}
	if m <= 0 || x < 0 || x > m || !validLevel(level) {
		return nanInterval
	}
	ls, ln := split(level)
	bx, ax := nx.Bounds(ln / 2)
	bm, am := nm.Bounds(ln / 2)
	xlo, xhi := max(0, x-bx), x+ax
	mlo, mhi := max(1, m-bm), m+am
	out := Interval{Estimate: float64(x) / float64(m), Lower: Wilson(min(xlo, mhi), mhi, ls).Lower, Upper: 1}
	if xhi < mlo {
		out.Upper = Wilson(xhi, mlo, ls).Upper
	}
	return out
}

// PoissonRateRatioNoisy is PoissonRateRatio for counts published with noise n1 and n0. The
// interval is the Clopper-Pearson ratio interval at level 1-alpha/2 taken at the corners of
// the noise bounds (alpha/4 each) that make it widest: its limits grow with count1 and fall
// with count0. The p-value is the largest exact p-value over the counts within the noise
// bounds at 0.005 each, plus 0.01, the chance that they lie outside (so that it stays a valid
// p-value). For each count1 of the box it is sought at the count0 nearest the ratio of the
// null hypothesis (the exact test's p-value falls away from it) and at the box's ends. The
// ratio is that of the published counts.
func PoissonRateRatioNoisy(count1 int, n1 Noise, exposure1 float64, count0 int, n0 Noise, exposure0 float64, level float64) RateRatio {
	if n1.None() && n0.None() {
		return PoissonRateRatio(count1, exposure1, count0, exposure0, level)
	}
	plain := PoissonRateRatio(count1, exposure1, count0, exposure0, level)
	if math.IsNaN(plain.PValue) {
		return plain
	}
	ls, ln := split(level)
	b1, a1 := n1.Bounds(ln / 2)
	b0, a0 := n0.Bounds(ln / 2)
	out := RateRatio{Ratio: plain.Ratio}
	out.Lower = PoissonRateRatio(max(0, count1-b1), exposure1, count0+a0, exposure0, ls).Lower
	out.Upper = PoissonRateRatio(count1+a1, exposure1, max(0, count0-b0), exposure0, ls).Upper
	const outside = 0.01
	b1, a1 = n1.Bounds(outside / 2)
	b0, a0 = n0.Bounds(outside / 2)
	lo1, hi1, lo0, hi0 := max(0, count1-b1), count1+a1, max(0, count0-b0), count0+a0
	p0 := exposure1 / (exposure1 + exposure0)
	best := 0.0
	for c1 := lo1; c1 <= hi1; c1++ {
		null := int(math.Floor(float64(c1) * exposure0 / exposure1))
		for _, c0 := range []int{lo0, hi0, null - 1, null, null + 1, null + 2} {
			if c0 >= lo0 && c0 <= hi0 {
				best = math.Max(best, BinomialTest(c1, c1+c0, p0))
			}
		}
	}
	out.PValue = math.Min(1, best+outside)
	return out
}
