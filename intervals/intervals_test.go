package intervals

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Expected values below were computed independently of this package with
// Python's mpmath 1.3.0 at 30 significant digits: Gamma and Beta quantiles
// by bisection on the regularized incomplete gamma / beta functions
// (mpmath.gammainc, mpmath.betainc), binomial probabilities from exact
// binomial coefficients, and the Wilson limits from the closed form. They
// are written to the digits shown and compared with the tolerance given.

func near(a, b, tol float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) || math.IsNaN(a) || math.IsNaN(b) {
		return a == b || (math.IsNaN(a) && math.IsNaN(b))
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

func checkInterval(t *testing.T, name string, got, want Interval, tol float64) {
	t.Helper()
	if !near(got.Estimate, want.Estimate, tol) || !near(got.Lower, want.Lower, tol) || !near(got.Upper, want.Upper, tol) {
		t.Errorf("%s = %+v, want %+v (tol %g)", name, got, want, tol)
	}
}

func TestWilson(t *testing.T) {
	// Closed form (z = qnorm(0.975) = 1.959963984540054, z² = 3.841458820694124):
	// for 8/20, p = 0.4, den = 1 + z²/20 = 1.192072941,
	// centre = (0.4 + z²/40)/den = 0.496036470/1.192072941 = 0.416112516,
	// half = z/den·sqrt(0.24/20 + z²/1600) = 1.644133·0.120003751 = 0.197305983,
	// giving (0.218806532, 0.613418499), which matches the commonly quoted
	// (0.2188, 0.6134).
	cases := []struct {
		x, n  int
		level float64
		want  Interval
	}{
		{8, 20, 0.95, Interval{0.4, 0.218806532372817, 0.613418499237747}},
		// x = 0 and x = n: one limit is exactly 0 or 1.
		{0, 10, 0.95, Interval{0, 0, 0.277532799862889}},
		{10, 10, 0.95, Interval{1, 0.722467200137111, 1}},
		{1, 3, 0.95, Interval{1.0 / 3, 0.0614919447203962, 0.792340399197952}},
		// 99%: z = qnorm(0.995) = 2.575829303549.
		{150, 600, 0.99, Interval{0.25, 0.207366867030175, 0.298101740725657}},
	}
	for _, c := range cases {
		got := Wilson(c.x, c.n, c.level)
		checkInterval(t, "Wilson", got, c.want, 1e-9)
	}
}

func TestWilsonInvalid(t *testing.T) {
	for _, c := range []struct {
		x, n  int
		level float64
	}{{0, 0, 0.95}, {3, 2, 0.95}, {-1, 5, 0.95}, {1, 5, 0}, {1, 5, 1}, {1, 5, math.NaN()}} {
		got := Wilson(c.x, c.n, c.level)
		if !math.IsNaN(got.Estimate) || !math.IsNaN(got.Lower) || !math.IsNaN(got.Upper) {
			t.Errorf("Wilson(%d, %d, %v) = %+v, want all NaN", c.x, c.n, c.level, got)
		}
	}
}

func TestPoissonExact(t *testing.T) {
	// Lower = qgamma(α/2, x), upper = qgamma(1-α/2, x+1) (R's poisson.test).
	// R: poisson.test(10)$conf.int = (4.795389, 18.390356) and
	// poisson.test(0) upper = 3.688879 = -log(0.025); both agree with the
	// mpmath values below.
	cases := []struct {
		x     int
		level float64
		want  Interval
	}{
		{0, 0.95, Interval{0, 0, 3.68887945411394}},
		{1, 0.95, Interval{1, 0.0253178079842899, 5.57164339093890}},
		{5, 0.95, Interval{5, 1.62348639011842, 11.6683320793227}},
		{10, 0.95, Interval{10, 4.79538869613243, 18.3903560420178}},
		{100, 0.95, Interval{100, 81.3639912509231, 121.626793792426}},
		{10, 0.90, Interval{10, 5.42540569709129, 16.9622192357219}},
	}
	for _, c := range cases {
		checkInterval(t, "PoissonExact", PoissonExact(c.x, c.level), c.want, 1e-9)
	}
	if got := PoissonExact(0, 0.95); math.Abs(got.Upper-3.689) > 5e-4 || got.Lower != 0 {
		t.Errorf("PoissonExact(0) = %+v, want (0, 3.689)", got)
	}
	if got := PoissonExact(-1, 0.95); !math.IsNaN(got.Upper) {
		t.Errorf("PoissonExact(-1) = %+v, want NaN", got)
	}
}

func TestRate(t *testing.T) {
	// 10 cases in a population of 250000, per 100000: the PoissonExact
	// limits for 10 times 100000/250000 = 0.4.
	got := Rate(10, 250000, 100000, 0.95)
	want := Interval{4, 0.4 * 4.79538869613243, 0.4 * 18.3903560420178}
	checkInterval(t, "Rate", got, want, 1e-9)

	got = Rate(0, 1e6, 1e5, 0.95)
	want = Interval{0, 0, 0.368887945411394}
	checkInterval(t, "Rate(0)", got, want, 1e-9)

	for _, pop := range []float64{0, -1, math.Inf(1), math.NaN()} {
		if got := Rate(3, pop, 1e5, 0.95); !math.IsNaN(got.Estimate) {
			t.Errorf("Rate(3, %v) = %+v, want NaN", pop, got)
		}
	}
}

func TestPoissonRateRatio(t *testing.T) {
	// Conditional binomial test and Clopper–Pearson interval mapped to the
	// ratio scale, as R's poisson.test(c(x1, x0), c(T1, T0)).
	//
	// poisson.test(c(30, 15), c(1, 1)): π = x1/n with n = 45, limits
	// qbeta(0.025, 30, 16) = 0.510513 and qbeta(0.975, 31, 15) = 0.799991,
	// ratio = π/(1-π): (1.042886, 3.999858). The p-value is
	// 2·P(Bin(45, 1/2) <= 15) = 2·sum_{k<=15} C(45,k)/2^45 = 0.0356978
	// (exact rational arithmetic). The brief quoted (1.050, 3.968) and
	// p = 0.03617 from memory; those disagree with the formula, so the
	// formula's values are used here.
	cases := []struct {
		x1     int
		t1     float64
		x0     int
		t0     float64
		level  float64
		want   RateRatio
		reason string
	}{
		{30, 1, 15, 1, 0.95, RateRatio{2, 1.04288573701949, 3.99985780377669, 0.0356978035551947}, "30 vs 15"},
		// Unequal exposures: π0 = 2000/5000 = 0.4, n = 17.
		{12, 2000, 5, 3000, 0.95, RateRatio{3.6, 1.18056884125922, 13.0439716780204, 0.0126818238870323}, "12/2000 vs 5/3000"},
		// Ratio below 1; p = 2·P(Bin(13, 1/2) <= 3) = 0.09228515625 exactly.
		{3, 1, 10, 1, 0.95, RateRatio{0.3, 0.0530539904847632, 1.16511861048405, 0.09228515625}, "3 vs 10"},
		// x1 = 0: lower limit 0. binom.test(0, 4, 1/3): P(0) = 16/81, the
		// outcomes no more likely are 0, 3 (8/81) and 4 (1/81): p = 25/81.
		{0, 1, 4, 2, 0.95, RateRatio{0, 0, 3.02973371873174, 0.308641975308642}, "0 vs 4"},
	}
	for _, c := range cases {
		got := PoissonRateRatio(c.x1, c.t1, c.x0, c.t0, c.level)
		if !near(got.Ratio, c.want.Ratio, 1e-9) || !near(got.Lower, c.want.Lower, 1e-8) ||
			!near(got.Upper, c.want.Upper, 1e-8) || !near(got.PValue, c.want.PValue, 1e-8) {
			t.Errorf("%s: got %+v, want %+v", c.reason, got, c.want)
		}
	}
}

func TestPoissonRateRatioEdges(t *testing.T) {
	got := PoissonRateRatio(5, 1, 0, 1, 0.95)
	if !math.IsInf(got.Ratio, 1) || !math.IsInf(got.Upper, 1) || !(got.Lower > 0) {
		t.Errorf("count0 = 0: got %+v, want ratio and upper +Inf", got)
	}
	got = PoissonRateRatio(0, 1, 0, 1, 0.95)
	if !math.IsNaN(got.Ratio) || got.Lower != 0 || !math.IsInf(got.Upper, 1) || got.PValue != 1 {
		t.Errorf("no events: got %+v", got)
	}
	got = PoissonRateRatio(5, 0, 3, 1, 0.95)
	if !math.IsNaN(got.Ratio) || !math.IsNaN(got.PValue) {
		t.Errorf("zero exposure: got %+v, want NaN", got)
	}
	// Equal rates: p-value 1, interval contains 1.
	got = PoissonRateRatio(20, 2, 10, 1, 0.95)
	if got.PValue != 1 || got.Ratio != 1 || !(got.Lower < 1 && got.Upper > 1) {
		t.Errorf("equal rates: got %+v", got)
	}
}

func TestBinomialTest(t *testing.T) {
	// binom.test(7, 20, 0.5): 2·P(X <= 7) = 2·137980/1048576 = 0.263184 (exact).
	if got, want := BinomialTest(7, 20, 0.5), 2*137980.0/1048576; !near(got, want, 1e-12) {
		t.Errorf("BinomialTest(7, 20, 0.5) = %v, want %v", got, want)
	}
	if got := BinomialTest(0, 5, 0); got != 1 {
		t.Errorf("BinomialTest(0, 5, 0) = %v, want 1", got)
	}
	if got := BinomialTest(1, 5, 0); got != 0 {
		t.Errorf("BinomialTest(1, 5, 0) = %v, want 0", got)
	}
}

// TestCoverage checks that the exact intervals cover at least their nominal
// level over a grid of true means (the Garwood interval is conservative).
func TestCoverage(t *testing.T) {
	for _, mu := range []float64{0.5, 2, 7.3, 20} {
		cover := 0.0
		p := math.Exp(-mu)
		for k := 0; k < 200; k++ {
			if k > 0 {
				p *= mu / float64(k)
			}
			iv := PoissonExact(k, 0.95)
			if iv.Lower <= mu && mu <= iv.Upper {
				cover += p
			}
		}
		if cover < 0.95 {
			t.Errorf("coverage at mean %v = %v < 0.95", mu, cover)
		}
	}
}

// TestBinomialTestBisection checks the bisection in BinomialTest against R's loop over every
// outcome, written out here.
func TestBinomialTestBisection(t *testing.T) {
	brute := func(x, n int, p float64) float64 {
		b := distuv.Binomial{N: float64(n), P: p}
		d := b.Prob(float64(x))
		m := float64(n) * p
		if float64(x) == m {
			return 1
		}
		pv := 0.0
		for i := 0; i <= n; i++ {
			if pr := b.Prob(float64(i)); pr <= d*(1+1e-7) {
				pv += pr
			}
		}
		return math.Min(1, pv)
	}
	for _, c := range [][3]float64{{3, 10, 0.5}, {30, 45, 0.5}, {12, 17, 0.4}, {0, 4, 1.0 / 3}, {1, 400, 0.01}, {700, 1500, 0.5}, {90, 100, 0.7}, {5, 1000, 0.003}} {
		x, n, p := int(c[0]), int(c[1]), c[2]
		if got, want := BinomialTest(x, n, p), brute(x, n, p); math.Abs(got-want) > 1e-9*math.Max(1, want) {
			t.Errorf("BinomialTest(%d, %d, %v) = %v, loop gives %v", x, n, p, got, want)
		}
	}
}
