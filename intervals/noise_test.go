package intervals

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// laplace draws discrete Laplace noise with P(Z = z) ∝ exp(-eps|z|): the difference of two
// independent geometric counts of failures with success probability 1-exp(-eps).
func laplace(r *rand.Rand, eps float64) int {
	p := math.Exp(-eps)
	geo := func() int { return int(math.Floor(math.Log(1-r.Float64()) / math.Log(p))) }
	return geo() - geo()
}

// poisson draws a Poisson count with mean lambda (gonum's sampler over r).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda == 0 {
		return 0
	}
	return int(distuv.Poisson{Lambda: lambda, Src: r}.Rand())
}

func TestNoiseBoundsOneDraw(t *testing.T) {
	// One draw: P(Z >= b) = p^b/(1+p). At eps = 1 and alpha = 0.025, P(Z >= 4) = 0.0268 >
	// 0.0125 and P(Z >= 5) = 0.0099 <= 0.0125, so both bounds are 4.
	b, a := Noise{Epsilon: 1, Terms: 1}.Bounds(0.025)
	if b != 4 || a != 4 {
		t.Errorf("Bounds(eps 1, one draw, 0.025) = %d, %d, want 4, 4", b, a)
	}
	if b, a := (Noise{}).Bounds(0.05); b != 0 || a != 0 {
		t.Errorf("no noise: bounds %d, %d", b, a)
	}
	// The variance of one draw: 2p/(1-p)² = 1.8410 at eps = 1.
	if v := (Noise{Epsilon: 1, Terms: 3}).Variance(); math.Abs(v-5.52404) > 1e-4 {
		t.Errorf("variance %g", v)
	}
}

// TestNoiseBoundsHold draws sums of clipped noisy counts and checks that the true sum lies
// within Bounds at least 1-alpha of the time, for sums of many zero cells (where clipping
// biases the sum upwards) and of large ones (where the noise is symmetric).
func TestNoiseBoundsHold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const draws = 20000
	for _, c := range []struct {
		eps   float64
		terms int
		x     int // each term's true count
	}{{1, 1, 0}, {1, 1, 50}, {0.5, 10, 0}, {0.5, 10, 50}, {1, 60, 0}, {1, 60, 3}, {0.1, 30, 20}} {
		n := Noise{Epsilon: c.eps, Terms: c.terms}
		const alpha = 0.05
		below, above := n.Bounds(alpha)
		miss := 0
		for i := 0; i < draws; i++ {
			y := 0
			for j := 0; j < c.terms; j++ {
				y += max(0, c.x+laplace(r, c.eps))
			}
			x := c.terms * c.x
			if x < y-below || x > y+above {
				miss++
			}
		}
		// 3 standard errors of a binomial proportion alpha over the draws.
		if f := float64(miss) / draws; f > alpha+3*math.Sqrt(alpha*(1-alpha)/draws) {
			t.Errorf("eps %g, %d terms of %d: true sum outside [y-%d, y+%d] in %.4f of draws, want <= %g", c.eps, c.terms, c.x, below, above, f, alpha)
		}
	}
}

// TestPoissonNoisyWidens checks that the noisy interval is the Garwood interval at level
// 1-alpha/2 of the counts moved by the noise bounds at alpha/2: wider than the plain one.
func TestPoissonNoisyWidens(t *testing.T) {
	n := Noise{Epsilon: 1, Terms: 1}
	below, above := n.Bounds(0.025)
	for _, y := range []int{0, 3, 12, 100, 2500} {
		got := PoissonNoisy(y, n, 0.95)
		plain := PoissonExact(y, 0.95)
		want := Interval{Estimate: float64(y), Lower: PoissonExact(max(0, y-below), 0.975).Lower, Upper: PoissonExact(y+above, 0.975).Upper}
		checkInterval(t, "PoissonNoisy", got, want, 1e-12)
		if got.Lower > plain.Lower || got.Upper <= plain.Upper || (y > 0 && got.Lower >= plain.Lower) {
			t.Errorf("y %d: noisy %+v not wider than plain %+v", y, got, plain)
		}
	}
	// y = 100, eps = 1: Garwood at 97.5% of 96 and 104.
	got := PoissonNoisy(100, n, 0.95)
	if lo := (distuv.Gamma{Alpha: 96, Beta: 1}).Quantile(0.0125); math.Abs(got.Lower-lo) > 1e-9 {
		t.Errorf("lower %g, want %g", got.Lower, lo)
	}
	if hi := (distuv.Gamma{Alpha: 105, Beta: 1}).Quantile(1 - 0.0125); math.Abs(got.Upper-hi) > 1e-9 {
		t.Errorf("upper %g, want %g", got.Upper, hi)
	}
	if PoissonNoisy(7, Noise{}, 0.95) != PoissonExact(7, 0.95) {
		t.Error("without noise PoissonNoisy must be PoissonExact")
	}
}

// TestNoisyCoverage simulates Poisson counts split over several cells, each published with
// clipped discrete Laplace noise and summed, and checks that the noisy intervals cover the
// mean (and the proportion, and the rate ratio) at least 95% of the time, while the plain
// interval of the noisy count does not always.
func TestNoisyCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const draws = 3000
	tol := 3 * math.Sqrt(0.05*0.95/draws)
	plainWorst := 1.0
	for _, c := range []struct {
		eps    float64
		terms  int
		lambda float64
	}{{1, 1, 0.5}, {1, 1, 4}, {0.5, 1, 20}, {1, 12, 6}, {0.5, 6, 30}, {1, 40, 200}, {0.2, 3, 15}} {
		n := Noise{Epsilon: c.eps, Terms: c.terms}
		noisy := func() int {
			y := 0
			for j := 0; j < c.terms; j++ {
				y += max(0, poisson(r, c.lambda/float64(c.terms))+laplace(r, c.eps))
			}
			return y
		}
		cover, coverPlain := 0, 0
		for i := 0; i < draws; i++ {
			y := noisy()
			if iv := PoissonNoisy(y, n, 0.95); iv.Lower <= c.lambda && c.lambda <= iv.Upper {
				cover++
			}
			if iv := PoissonExact(y, 0.95); iv.Lower <= c.lambda && c.lambda <= iv.Upper {
				coverPlain++
			}
		}
		if f := float64(cover) / draws; f < 0.95-tol {
			t.Errorf("eps %g, %d terms, mean %g: the noisy interval covers %.4f, want >= 0.95", c.eps, c.terms, c.lambda, f)
		}
		plainWorst = math.Min(plainWorst, float64(coverPlain)/draws)
	}
	if plainWorst >= 0.95-tol {
		t.Errorf("the plain interval of the noisy count covered in every case (worst %.4f): the test cannot tell", plainWorst)
	}

	// Proportions: x of m cases, each noisy over its terms (m's terms include x's).
	for _, c := range []struct {
		eps      float64
		m        int
		share    float64
		xt, rest int
	}{{1, 40, 0.3, 3, 3}, {0.5, 200, 0.45, 1, 1}, {1, 25, 0.9, 6, 2}} {
		nx, nm := Noise{Epsilon: c.eps, Terms: c.xt}, Noise{Epsilon: c.eps, Terms: c.xt + c.rest}
		cover := 0
		for i := 0; i < draws; i++ {
			x := 0
			for j := 0; j < c.m; j++ {
				if r.Float64() < c.share {
					x++
				}
			}
			// Spread the true counts over the terms, noise each and sum.
			spread := func(v, terms int) int {
				y := 0
				for j := 0; j < terms; j++ {
					part := v / terms
					if j < v%terms {
						part++
					}
					y += max(0, part+laplace(r, c.eps))
				}
				return y
			}
			yx, yo := spread(x, c.xt), spread(c.m-x, c.rest)
			if iv := WilsonNoisy(yx, nx, yx+yo, nm, 0.95); !(iv.Lower <= c.share && c.share <= iv.Upper) {
				continue
			}
			cover++
		}
		if f := float64(cover) / draws; f < 0.95-tol {
			t.Errorf("share %g of %d, eps %g: the noisy Wilson interval covers %.4f", c.share, c.m, c.eps, f)
		}
	}

	// Rate ratios of two noisy counts.
	for _, c := range []struct{ eps, l1, l0 float64 }{{1, 20, 20}, {0.5, 60, 40}, {1, 8, 12}} {
		n := Noise{Epsilon: c.eps, Terms: 3}
		cover, reject := 0, 0
		for i := 0; i < draws; i++ {
			y := func(l float64) int {
				s := 0
				for j := 0; j < 3; j++ {
					s += max(0, poisson(r, l/3)+laplace(r, c.eps))
				}
				return s
			}
			rr := PoissonRateRatioNoisy(y(c.l1), n, 1, y(c.l0), n, 1, 0.95)
			if rr.Lower <= c.l1/c.l0 && c.l1/c.l0 <= rr.Upper {
				cover++
			}
			if c.l1 == c.l0 && rr.PValue <= 0.05 {
				reject++
			}
		}
		if f := float64(cover) / draws; f < 0.95-tol {
			t.Errorf("rate ratio %g/%g, eps %g: covers %.4f", c.l1, c.l0, c.eps, f)
		}
		if f := float64(reject) / draws; f > 0.05+tol {
			t.Errorf("rate ratio 1, eps %g: the noisy p-value rejects %.4f of the time at 0.05", c.eps, f)
		}
	}
}
