package mse

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func load(tb testing.TB, name string) *Table {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	t, err := ReadCSV(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return t
}

// round rounds x to d decimals, to compare with figures published to d
// decimals.
func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

func TestReadTestdata(t *testing.T) {
	// Lists and observed totals as stated in testdata/PROVENANCE.md.
	cases := []struct {
		name     string
		lists    string
		observed int
	}{
		{"NewOrl", "A B C D E F G H", 185},
		{"NewOrl_5", "A BEFG C D H", 185},
		{"Western", "A B C D E", 345},
		{"Korea_MSEpkg", "b c d", 123},
		{"Kosovo_MSEpkg", "EXH ABA OSCE HRW", 4400},
		{"Ned", "I K O P R Z", 8234},
		{"UKdat", "LA NG PF GO GP NCA", 2744},
		{"UKdat_5", "LA NG PFNCA GO GP", 2744},
	}
	for _, c := range cases {
		tb := load(t, c.name)
		if got := strings.Join(tb.Lists, " "); got != c.lists {
			t.Errorf("%s: lists %q, want %q", c.name, got, c.lists)
		}
		if got := tb.Observed(); got != c.observed {
			t.Errorf("%s: observed %d, want %d", c.name, got, c.observed)
		}
		if err := tb.Validate(); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestPublishedMainEffects reproduces SparseMSE's main-effects estimate for
// New Orleans: 996.66 with Wald interval (644.9, 1617.5) (Chan, Silverman
// & Vincent 2021; the README gives 997 (644, 1618)).
func TestPublishedMainEffects(t *testing.T) {
	fit, err := MainEffects(load(t, "NewOrl"))
	if err != nil {
		t.Fatal(err)
	}
	if got := round(fit.Total, 2); got != 996.66 {
		t.Errorf("total = %.4f, want 996.66", fit.Total)
	}
	if lo, hi := round(fit.Lower, 1), round(fit.Upper, 1); lo != 644.9 || hi != 1617.5 {
		t.Errorf("interval = (%.3f, %.3f), want (644.9, 1617.5)", fit.Lower, fit.Upper)
	}
	if fit.Observed != 185 || !fit.Exists || math.Abs(fit.Total-fit.Hidden-185) > 1e-9 {
		t.Errorf("observed %d, hidden %v, total %v", fit.Observed, fit.Hidden, fit.Total)
	}
}

// TestPublishedStepwise reproduces SparseMSE's stepwise selections at
// threshold 0.02 (README of testdata: NewOrl 1184 with DE, Western
// 2483.384 with AE, Korea_MSEpkg 268.7778 with bc).
func TestPublishedStepwise(t *testing.T) {
	cases := []struct {
		name     string
		terms    string
		total    float64
		decimals int
	}{
		{"NewOrl", "D:E", 1183.69, 2},
		{"Western", "A:E", 2483.384, 3},
		{"Korea_MSEpkg", "b:c", 268.7778, 4},
	}
	for _, c := range cases {
		fit, err := Stepwise(load(t, c.name), 0.02)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := strings.Join(fit.InteractionNames(), " "); got != c.terms {
			t.Errorf("%s: stepwise picked %q, want %q", c.name, got, c.terms)
		}
		if got := round(fit.Total, c.decimals); got != c.total {
			t.Errorf("%s: total %.6f, want %v", c.name, fit.Total, c.total)
		}
		if len(fit.StepPValues) != 1 || !(fit.StepPValues[0] < 0.02) {
			t.Errorf("%s: step p-values %v", c.name, fit.StepPValues)
		}
	}
}

// TestTwoListsClosedForm compares with the Lincoln–Petersen closed form:
// with two lists the main-effects model is saturated, the hidden count is
// n10·n01/n11 and var(b0) = 1/n10 + 1/n01 + 1/n11.
func TestTwoListsClosedForm(t *testing.T) {
	tb := &Table{Lists: []string{"X", "Y"}, Cells: []Cell{
		{[]bool{true, false}, 40}, {[]bool{false, true}, 25}, {[]bool{true, true}, 8},
	}}
	fit, err := MainEffects(tb)
	if err != nil {
		t.Fatal(err)
	}
	hidden := 40.0 * 25 / 8
	se := math.Sqrt(1.0/40 + 1.0/25 + 1.0/8)
	z := 1.959963984540054
	want := []float64{73 + hidden, 73 + hidden*math.Exp(-z*se), 73 + hidden*math.Exp(z*se)}
	got := []float64{fit.Total, fit.Lower, fit.Upper}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-7*want[i] {
			t.Errorf("got %v, want %v", got, want)
			break
		}
	}
	if fit.Deviance > 1e-8 || fit.DF != 0 {
		t.Errorf("saturated fit: deviance %v, df %d", fit.Deviance, fit.DF)
	}
}

// TestSufficientStatistics checks the defining property of the Poisson
// log-linear MLE: the fitted counts reproduce the observed list totals and
// the overlaps of the interactions in the model.
func TestSufficientStatistics(t *testing.T) {
	for _, name := range []string{"NewOrl", "Western", "UKdat", "Ned"} {
		tb := load(t, name)
		fit, err := Stepwise(tb, 0.02)
		if err != nil {
			t.Fatal(err)
		}
		y, _ := tb.counts()
		check := func(label string, mask int) {
			var obs, fitted float64
			for h := 1; h < len(y); h++ {
				if h&mask == mask {
					obs += y[h]
					fitted += fit.mu[h]
				}
			}
			if math.Abs(obs-fitted) > 1e-6*math.Max(1, obs) {
				t.Errorf("%s %s: fitted %v, observed %v", name, label, fitted, obs)
			}
		}
		check("all", 0)
		for i := range tb.Lists {
			check(tb.Lists[i], 1<<i)
		}
		for _, q := range fit.Model.Interactions {
			check(fmt.Sprint(q), 1<<q[0]|1<<q[1])
		}
	}
}

func TestPoissonTail(t *testing.T) {
	// P(X >= 3 | λ = 1) = 1 - e^-1 (1 + 1 + 1/2) = 0.080301397071394...
	if got, want := poissonTail(3, 1), 1-math.Exp(-1)*2.5; math.Abs(got-want) > 1e-14 {
		t.Errorf("poissonTail(3, 1) = %v, want %v", got, want)
	}
	// P(X <= 1 | λ = 6) = 7 e^-6 = 0.017351265236664...
	if got, want := poissonTail(1, 6), 7*math.Exp(-6); math.Abs(got-want) > 1e-14 {
		t.Errorf("poissonTail(1, 6) = %v, want %v", got, want)
	}
	// n = 0: P(X >= 0) = 1, so the p-value is P(X = 0) = e^-λ.
	if got, want := poissonTail(0, 2), math.Exp(-2); math.Abs(got-want) > 1e-14 {
		t.Errorf("poissonTail(0, 2) = %v, want %v", got, want)
	}
}

func TestExistence(t *testing.T) {
	cell := func(h string, n int) Cell {
		b := make([]bool, len(h))
		for i := range h {
			b[i] = h[i] == '1'
		}
		return Cell{b, n}
	}
	abc := []string{"A", "B", "C"}
	cases := []struct {
		name   string
		table  *Table
		model  Model
		exists bool
		msg    string
	}{
		{
			// Two lists with their interaction: 4 parameters, 3 cells.
			name:  "two lists saturated",
			table: &Table{Lists: []string{"X", "Y"}, Cells: []Cell{cell("10", 5), cell("01", 4), cell("11", 2)}},
			model: Model{Interactions: [][2]int{{0, 1}}},
			msg:   "not identifiable",
		},
		{
			// No one on two lists: the intercept's column equals the sum of
			// the main effects on the cells with data; the dark figure is
			// unbounded.
			name:  "no overlaps",
			table: &Table{Lists: abc, Cells: []Cell{cell("100", 5), cell("010", 4), cell("001", 7)}},
			msg:   "Fienberg–Rinaldo",
		},
		{
			name:  "empty overlap",
			table: &Table{Lists: abc, Cells: []Cell{cell("100", 5), cell("010", 4), cell("101", 2), cell("011", 3)}},
			model: Model{Interactions: [][2]int{{0, 1}}},
			msg:   "interaction A:B: no record is on both lists",
		},
		{
			// With A:B, the cells A and AC are empty: the direction
			// (main A -1, A:B +1) lowers only those cells, so their fitted
			// means go to zero (the LP path of the check).
			name: "zero cells A and AC",
			table: &Table{Lists: abc, Cells: []Cell{cell("010", 5), cell("001", 7), cell("110", 3),
				cell("011", 2), cell("111", 1)}},
			model: Model{Interactions: [][2]int{{0, 1}}},
			msg:   "Fienberg–Rinaldo",
		},
		{
			// The same data with main effects only: the estimate exists.
			name: "zero cells A and AC, main effects",
			table: &Table{Lists: abc, Cells: []Cell{cell("010", 5), cell("001", 7), cell("110", 3),
				cell("011", 2), cell("111", 1)}},
			exists: true,
		},
		{
			// The design on the cells with data (A, B, AB, CD) is rank
			// deficient, but the only flat direction (C +1, D -1) raises
			// cell C: the LP finds a positive solution, the MLE exists.
			name: "rank deficient on data but exists",
			table: &Table{Lists: []string{"A", "B", "C", "D"}, Cells: []Cell{cell("1000", 10), cell("0100", 8),
				cell("1100", 3), cell("0011", 2)}},
			exists: true,
		},
		{
			// Korea with all interactions is saturated and cell (c, d) is 0.
			name:  "Korea saturated",
			table: load(t, "Korea_MSEpkg"),
			model: Model{Interactions: [][2]int{{0, 1}, {0, 2}, {1, 2}}},
			msg:   "Fienberg–Rinaldo",
		},
	}
	for _, c := range cases {
		fit, err := FitModel(c.table, c.model)
		if c.exists {
			if err != nil || !fit.Exists || math.IsNaN(fit.Total) {
				t.Errorf("%s: want an estimate, got %v, %v", c.name, fit, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: want an error, got %v", c.name, fit)
			continue
		}
		if !errors.Is(err, ErrNoEstimate) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %q, want ErrNoEstimate mentioning %q", c.name, err, c.msg)
		}
		if fit == nil || fit.Exists || !math.IsNaN(fit.Total) {
			t.Errorf("%s: failed fit %+v, want Exists false and NaN total", c.name, fit)
		}
	}
}

func TestModelErrors(t *testing.T) {
	tb := load(t, "Western")
	for _, m := range []Model{
		{Interactions: [][2]int{{0, 5}}},
		{Interactions: [][2]int{{-1, 2}}},
		{Interactions: [][2]int{{2, 2}}},
		{Interactions: [][2]int{{0, 4}, {4, 0}}},
	} {
		if _, err := FitModel(tb, m); err == nil {
			t.Errorf("FitModel(%v): want an error", m.Interactions)
		}
	}
	// Reversed pairs are accepted and normalised.
	fit, err := FitModel(tb, Model{Interactions: [][2]int{{4, 0}}})
	if err != nil || fit.Model.Interactions[0] != [2]int{0, 4} || round(fit.Total, 3) != 2483.384 {
		t.Errorf("FitModel(E:A) = %v, %v", fit, err)
	}
	if _, err := MainEffects(&Table{Lists: []string{"A"}, Cells: []Cell{{[]bool{true}, 3}}}); err == nil {
		t.Error("one list: want an error")
	}
	if _, err := MainEffects(&Table{Lists: []string{"A", "B"}, Cells: []Cell{{[]bool{true}, 3}}}); err == nil {
		t.Error("short history: want an error")
	}
}

func TestStepwiseRules(t *testing.T) {
	tb := load(t, "NewOrl")
	main, err := Stepwise(tb, 0)
	if err != nil || len(main.Model.Interactions) != 0 {
		t.Errorf("threshold 0: %v, %v", main, err)
	}
	// Korea, threshold 1: the model with all interactions does not exist,
	// so the stepwise search runs and must skip the candidate that would
	// complete it.
	fit, err := Stepwise(load(t, "Korea_MSEpkg"), 1)
	if err != nil || !fit.Exists || len(fit.Model.Interactions) != 2 {
		t.Errorf("Korea threshold 1: %v, %v", fit, err)
	}
	// With SkipEmptyOverlaps (not SparseMSE's rule), interactions between
	// lists without common records are never added, whatever the
	// threshold; by default they are, when significant.
	fit, err = StepwiseWith(tb, StepwiseOptions{Threshold: 0.999, SkipEmptyOverlaps: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range fit.Model.Interactions {
		if tb.Overlap(q[0], q[1]) == 0 {
			t.Errorf("stepwise added %v with an empty overlap", q)
		}
	}
	fit, err = Stepwise(tb, 0.999)
	if err != nil {
		t.Fatal(err)
	}
	empty := 0
	for _, q := range fit.Model.Interactions {
		if tb.Overlap(q[0], q[1]) == 0 {
			empty++
		}
	}
	if empty == 0 || !fit.Exists {
		t.Errorf("threshold 0.999: %v added no empty overlap", fit)
	}
}

func TestBestByIC(t *testing.T) {
	tb := load(t, "Korea_MSEpkg")
	best, err := BestByIC(tb, "AIC", 3)
	if err != nil {
		t.Fatal(err)
	}
	// Brute force over the 8 subsets of Korea's 3 interactions.
	pairs := allPairs(3)
	bestAIC := math.Inf(1)
	for mask := 0; mask < 8; mask++ {
		var m Model
		for k := range pairs {
			if mask&(1<<k) != 0 {
				m.Interactions = append(m.Interactions, pairs[k])
			}
		}
		if f, err := FitModel(tb, m); err == nil {
			bestAIC = math.Min(bestAIC, f.AIC)
		}
	}
	if best.AIC != bestAIC {
		t.Errorf("BestByIC AIC %v, brute force %v", best.AIC, bestAIC)
	}
	uk := load(t, "UKdat")
	if m, err := BestByIC(uk, "aic", 0); err != nil || len(m.Model.Interactions) != 0 {
		t.Errorf("maxInteractions 0: %v, %v", m, err)
	}
	if _, err := BestByIC(uk, "dic", 2); err == nil {
		t.Error("unknown criterion: want an error")
	}
}

// simulateIndependent captures a population of N with independent lists
// of the given capture probabilities, drawing from r.
func simulateIndependent(N int, probs []float64, r *rand.Rand) *Table {
	L := len(probs)
	counts := make([]int, 1<<L)
	for range N {
		h := 0
		for i, p := range probs {
			if r.Float64() < p {
				h |= 1 << i
			}
		}
		counts[h]++
	}
	tb := &Table{Lists: []string{"A", "B", "C", "D", "E", "F"}[:L]}
	for h := 1; h < 1<<L; h++ {
		if counts[h] > 0 {
			hist := make([]bool, L)
			for i := range hist {
				hist[i] = h&(1<<i) != 0
			}
			tb.Cells = append(tb.Cells, Cell{hist, counts[h]})
		}
	}
	return tb
}

// coverage draws reps populations of N from one seeded stream, fits main
// effects (the true model), and counts how often each interval covers N.
func coverage(tb testing.TB, N, reps int, seed uint64) map[IntervalMethod]int {
	r := rand.New(rand.NewPCG(seed, 2024))
	covered := map[IntervalMethod]int{}
	for range reps {
		f, err := MainEffects(simulateIndependent(N, []float64{0.12, 0.08, 0.15, 0.1}, r))
		if err != nil {
			tb.Fatal(err)
		}
		for _, m := range []IntervalMethod{Profile, LogNormal, Wald} {
			lo, hi, err := f.Interval(m)
			if err != nil {
				tb.Fatal(err)
			}
			if lo <= float64(N) && float64(N) <= hi {
				covered[m]++
			}
		}
	}
	return covered
}

// checkCoverage accepts a 95% interval's coverage of k in n replicates when
// it is within 93.5-96.5%: with n = 800 that is about 2 binomial standard
// errors either side, and 92% (the Wald interval's coverage in earlier
// simulations) fails.
func checkCoverage(k, n int) error {
	if c := float64(k) / float64(n); c < 0.935 || c > 0.965 {
		return fmt.Errorf("coverage %d/%d = %.1f%%, want 93.5-96.5%%", k, n, 100*c)
	}
	return nil
}

// TestCoverageIndependentLists checks that the default interval covers the
// true total 95% of the time: 800 seeded populations each of N = 1,000 and
// N = 3,000 captured by four independent lists (n about 380 and 1,140).
// BenchmarkCoverage runs 4,000 replicates.
func TestCoverageIndependentLists(t *testing.T) {
	if checkCoverage(736, 800) == nil || checkCoverage(792, 800) == nil || checkCoverage(760, 800) != nil {
		t.Fatal("checkCoverage accepts 92% or 99%, or refuses 95%")
	}
	const reps = 800
	for _, N := range []int{1000, 3000} {
		cov := coverage(t, N, reps, uint64(N))
		if err := checkCoverage(cov[DefaultInterval], reps); err != nil {
			t.Errorf("N = %d, %s interval: %v", N, DefaultInterval, err)
		}
		t.Logf("N = %d: coverage of %d replicates: profile %d, log-normal %d, Wald %d", N, reps, cov[Profile], cov[LogNormal], cov[Wald])
	}
}

// BenchmarkCoverage is the long coverage simulation: it reports the
// coverage of each interval (percent) over 4,000 replicates per
// iteration, for N = 1,000 and 3,000 (go test -run X -bench Coverage
// -benchtime 1x ./mse).
func BenchmarkCoverage(b *testing.B) {
	const reps = 4000
	for _, N := range []int{1000, 3000} {
		b.Run(fmt.Sprint("N=", N), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				cov := coverage(b, N, reps, uint64(1000*N+i))
				for _, m := range []IntervalMethod{Profile, LogNormal, Wald} {
					b.ReportMetric(100*float64(cov[m])/reps, "%cover-"+string(m))
				}
			}
		})
	}
}

func TestBootstrap(t *testing.T) {
	tb := load(t, "Western")
	b1, err := Bootstrap(tb, nil, 200, 7)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := Bootstrap(tb, nil, 200, 7)
	if *b1 != *b2 {
		t.Errorf("same seed, different intervals: %+v and %+v", b1, b2)
	}
	b3, _ := Bootstrap(tb, nil, 200, 8)
	if b1.Lower == b3.Lower && b1.Upper == b3.Upper {
		t.Error("different seeds gave the same interval")
	}
	// The interval brackets the stepwise estimate 2483.38 and is of the
	// same order as the Wald interval (1657.1, 3830.0).
	if round(b1.Estimate, 2) != 2483.38 || !(b1.Lower < 2483.38 && 2483.38 < b1.Upper) || b1.Lower < 1000 || b1.Upper > 8000 {
		t.Errorf("interval %+v", b1)
	}
	if _, err := Bootstrap(tb, nil, 10, 1); err == nil {
		t.Error("10 replicates: want an error")
	}
	// The multinomial draw keeps the number observed.
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]int, 4)
	for range 100 {
		multinomial(r, 50, []int{20, 0, 25, 5}, out)
		if out[0]+out[1]+out[2]+out[3] != 50 || out[1] != 0 {
			t.Fatalf("multinomial %v", out)
		}
	}
	// R: quantile(c(1, 2, 4, 8, 16), c(0.1, 0.5, 0.9), type = 8) = 1, 4, 16 (clamped ends),
	// and quantile(1:10, 0.3, type = 8) = 3.433333.
	if got := []float64{quantile8([]float64{1, 2, 4, 8, 16}, 0.1), quantile8([]float64{1, 2, 4, 8, 16}, 0.5),
		quantile8([]float64{1, 2, 4, 8, 16}, 0.9)}; !slices.Equal(got, []float64{1, 4, 16}) {
		t.Errorf("quantile8 = %v", got)
	}
	if got := quantile8([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.3); math.Abs(got-(3+1.3/3)) > 1e-12 {
		t.Errorf("quantile8(1:10, 0.3) = %v, want 3.4333", got)
	}
}

func TestStratified(t *testing.T) {
	one := &Table{Lists: []string{"A", "B", "C"}, Cells: []Cell{{[]bool{true, false, false}, 50}}}
	tiny := &Table{Lists: []string{"A", "B", "C"}, Cells: []Cell{
		{[]bool{true, false, false}, 5}, {[]bool{false, true, false}, 4}, {[]bool{true, true, false}, 2}}}
	// Western with an extra list F that has no record in this stratum.
	w := load(t, "Western")
	wide := &Table{Lists: append(slices.Clone(w.Lists), "F")}
	for _, c := range w.Cells {
		wide.Cells = append(wide.Cells, Cell{append(slices.Clone(c.History), false), c.Count})
	}
	fits, err := Stratified(map[string]*Table{
		"New Orleans": load(t, "NewOrl"), "West": wide, "one list": one, "tiny": tiny,
	}, nil)
	if len(fits) != 2 || round(fits["New Orleans"].Total, 2) != 1183.69 || round(fits["West"].Total, 3) != 2483.384 {
		t.Errorf("fits %v", fits)
	}
	if got := strings.Join(fits["West"].Lists, ""); got != "ABCDE" {
		t.Errorf("West lists %q, want list F dropped", got)
	}
	if err == nil {
		t.Fatal("want errors for strata \"one list\" and \"tiny\"")
	}
	msg := err.Error()
	if !strings.Contains(msg, `stratum "one list"`) || !strings.Contains(msg, `stratum "tiny"`) {
		t.Errorf("error %q does not name the strata", msg)
	}
	if !errors.Is(err, ErrTooFewLists) || !errors.Is(err, ErrTooFewRecords) {
		t.Errorf("error %q: want ErrTooFewLists and ErrTooFewRecords", msg)
	}
	var se *StratumError
	if !errors.As(err, &se) || se.Stratum != "one list" {
		t.Errorf("first StratumError %v, want stratum \"one list\"", se)
	}
	fits, err = Stratified(map[string]*Table{"K": load(t, "Korea_MSEpkg")}, MainEffects)
	if err != nil || round(fits["K"].Total, 2) != 141.99 {
		t.Errorf("main effects estimator: %v, %v", fits, err)
	}
}

func BenchmarkStepwise8Lists(b *testing.B) {
	tb := load(b, "NewOrl")
	for b.Loop() {
		if _, err := Stepwise(tb, 0.02); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMainEffects8Lists(b *testing.B) {
	tb := load(b, "NewOrl")
	for b.Loop() {
		if _, err := MainEffects(tb); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExtendedFit checks the extended-MLE handling of an interaction with an
// empty overlap (used by Bootstrap): the interaction is -∞ in place, the
// others keep their order, and AIC counts it as a parameter.
func TestExtendedFit(t *testing.T) {
	tb := load(t, "NewOrl")
	y, _ := tb.counts()
	m := Model{Interactions: [][2]int{{0, 1}, {3, 4}}} // A:B is empty, D:E is not
	if _, err := FitModel(tb, m); !errors.Is(err, ErrNoEstimate) {
		t.Fatalf("FitModel with A:B: %v, want ErrNoEstimate", err)
	}
	ext, err := fitCountsMode(y, 8, tb.Lists, m, true)
	if err != nil {
		t.Fatal(err)
	}
	de, err := FitModel(tb, Model{Interactions: [][2]int{{3, 4}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ext.Coef) != 11 || !math.IsInf(ext.Coef[9], -1) || math.IsInf(ext.Coef[10], 0) {
		t.Fatalf("coefficients %v", ext.Coef)
	}
	// The 64 cells with both A and B leave the fit, and A:B counts as a
	// parameter: 255-64-11 residual degrees of freedom. The extended fit
	// maximises the likelihood of the remaining cells, so its deviance is
	// at most that of the D:E fit.
	if ext.DF != 255-64-11 || ext.Deviance > de.Deviance+1e-9 {
		t.Errorf("extended fit: df %d, deviance %v (D:E fit: %v)", ext.DF, ext.Deviance, de.Deviance)
	}
	ll := 0.0
	for h := 1; h < 256; h++ {
		if h&3 != 3 {
			lg, _ := math.Lgamma(y[h] + 1)
			ll += y[h]*math.Log(ext.mu[h]) - ext.mu[h] - lg
		}
	}
	if want := -2*ll + 2*11; math.Abs(ext.AIC-want) > 1e-8 {
		t.Errorf("extended AIC %v, want %v", ext.AIC, want)
	}
	for h := 1; h < 256; h++ {
		if h&3 == 3 && ext.mu[h] != 0 {
			t.Fatalf("cell %b has fitted mean %v, want 0", h, ext.mu[h])
		}
	}
}

// bootstrapCalibration draws sims populations of N = 1,000 captured by four
// independent lists and returns how often the BCa bootstrap interval (main
// effects, reps replicates) covers N, and its mean width over that of the
// profile-likelihood interval.
func bootstrapCalibration(tb testing.TB, sims, reps int) (covered int, widthRatio float64) {
	const N = 1000
	r := rand.New(rand.NewPCG(5, 6))
	var wb, wp float64
	for s := range sims {
		t := simulateIndependent(N, []float64{0.12, 0.08, 0.15, 0.1}, r)
		b, err := Bootstrap(t, MainEffects, reps, uint64(s))
		if err != nil {
			tb.Fatal(err)
		}
		f, _ := MainEffects(t)
		lo, hi, err := f.Interval(Profile)
		if err != nil {
			tb.Fatal(err)
		}
		if b.Lower <= N && N <= b.Upper {
			covered++
		}
		wb += b.Upper - b.Lower
		wp += hi - lo
	}
	return covered, wb / wp
}

// TestBootstrapCalibrated: the bootstrap redraws the observed people with
// their number fixed, so its interval is about as wide as the profile
// interval. The parametric bootstrap it replaced redrew the observed count
// too, and was about 1.4 times too wide (and covered 100% of the time).
// BenchmarkBootstrapCoverage measures its coverage.
func TestBootstrapCalibrated(t *testing.T) {
	_, ratio := bootstrapCalibration(t, 30, 200)
	if ratio < 0.8 || ratio > 1.2 {
		t.Errorf("BCa interval %.2f times as wide as the profile interval, want 0.8-1.2", ratio)
	}
}

// BenchmarkBootstrapCoverage reports the BCa bootstrap interval's coverage
// (percent) and width relative to the profile interval over 400 simulated
// populations of 1,000 (go test -run X -bench BootstrapCoverage -benchtime 1x ./mse).
func BenchmarkBootstrapCoverage(b *testing.B) {
	for b.Loop() {
		covered, ratio := bootstrapCalibration(b, 400, 1000)
		b.ReportMetric(100*float64(covered)/400, "%cover")
		b.ReportMetric(ratio, "width/profile")
	}
}

// TestProfileWithEmptyOverlaps: the demo's shape, a list sharing no one,
// whose two interactions SparseMSE's stepwise adds at -∞. The remaining
// fit is exact (deviance 0), and the profile likelihood is still found
// (it once stopped on rounding in the deviance).
func TestProfileWithEmptyOverlaps(t *testing.T) {
	tb := &Table{Lists: []string{"A", "I", "C"}, Cells: []Cell{
		{[]bool{true, false, false}, 1070}, {[]bool{false, true, false}, 1649},
		{[]bool{true, true, false}, 102}, {[]bool{false, false, true}, 966}}}
	f, err := Stepwise(tb, 0.02)
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedTerms(f); got != "A:C I:C" || round(f.Total, 2) != 21085.33 {
		t.Fatalf("stepwise %s, total %v", got, f.Total)
	}
	lo, hi, err := f.Interval(Profile)
	if err != nil || !(lo < f.Total && f.Total < hi) || lo < 17000 || hi > 27000 {
		t.Errorf("profile interval (%v, %v), %v", lo, hi, err)
	}
}
