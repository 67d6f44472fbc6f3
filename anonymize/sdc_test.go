package anonymize

import (
	"crypto/rand"
	"math"
	mrand "math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// attack solves the relations as an intruder with a pencil would: for every relation with
// exactly one withheld count, it recovers that count by subtraction, and repeats until nothing
// changes. It returns the primary counts recovered (complementary ones are not sensitive).
func attack(ts []*CountTable, l Links) []Ref {
	known := map[Ref]bool{}
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				if s == Published {
					known[Ref{ti, ri, ci}] = true
				}
			}
		}
	}
	var got []Ref
	for changed := true; changed; {
		changed = false
		for _, e := range l.Eqs {
			var unknown []Ref
			for _, r := range append(append([]Ref{}, e.Plus...), e.Minus...) {
				if !known[r] {
					unknown = append(unknown, r)
				}
			}
			if len(unknown) == 1 {
				r := unknown[0]
				// The value by subtraction: it is the true value because the relation holds.
				known[r] = true
				changed = true
				if s := ts[r.T].Rows[r.R].State[r.C]; s == Primary {
					got = append(got, r)
				}
			}
		}
	}
	return got
}

// randomTable is an r×c table of counts, many small, with row totals, column totals and the
// grand total.
func randomTable(rng *mrand.Rand, nr, nc int) (*CountTable, Links) {
	t := &CountTable{Name: "random", Labels: []string{"row"}, TotalCols: make([]bool, nc+1)}
	t.TotalCols[nc] = true
	for c := 0; c <= nc; c++ {
		t.Counts = append(t.Counts, "c")
	}
	total := CountRow{Labels: []string{"total"}, Values: make([]int64, nc+1), Total: true}
	for r := 0; r < nr; r++ {
		row := CountRow{Labels: []string{"r"}, Values: make([]int64, nc+1)}
		for c := 0; c < nc; c++ {
			var v int64
			switch rng.IntN(4) {
			case 0:
				v = 0
			case 1:
				v = 1 + rng.Int64N(9)
			default:
				v = 10 + rng.Int64N(200)
			}
			row.Values[c] = v
			row.Values[nc] += v
			total.Values[c] += v
			total.Values[nc] += v
		}
		t.Rows = append(t.Rows, row)
	}
	t.Rows = append(t.Rows, total)
	var l Links
	for r := 0; r <= nr; r++ {
		e := Eq{Plus: []Ref{{0, r, nc}}}
		for c := 0; c < nc; c++ {
			e.Minus = append(e.Minus, Ref{0, r, c})
		}
		l.Eqs = append(l.Eqs, e)
	}
	for c := 0; c <= nc; c++ {
		e := Eq{Plus: []Ref{{0, nr, c}}}
		for r := 0; r < nr; r++ {
			e.Minus = append(e.Minus, Ref{0, r, c})
		}
		l.Eqs = append(l.Eqs, e)
	}
	return t, l
}

func TestProtectRandomTables(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		tab, l := randomTable(rng, 2+rng.IntN(6), 2+rng.IntN(5))
		ts := []*CountTable{tab}
		if _, err := Protect(ts, l, Protection{Threshold: 10}); err != nil {
			t.Fatalf("table %d: %v", i, err)
		}
		if got := attack(ts, l); len(got) > 0 {
			t.Fatalf("table %d: the attack recovers %d withheld counts, e.g. row %d column %d", i, len(got), got[0].R, got[0].C)
		}
		if got, _ := audit(ts, l, Protection{Threshold: 10}); len(got) > 0 {
			t.Fatalf("table %d: interval propagation narrows %d protected counts", i, len(got))
		}
		if got, _, _, err := Audit(ts, l, Protection{Threshold: 10}); err != nil || len(got) > 0 {
			t.Fatalf("table %d: the LP audit narrows %d protected counts (%v)", i, len(got), err)
		}
		for _, row := range tab.Rows {
			for c, v := range row.Values {
				if v > 0 && v < 10 && row.State[c] != Primary {
					t.Fatalf("table %d: a small count is published", i)
				}
				if row.State[c] == Secondary && v == 0 {
					t.Fatalf("table %d: a zero was withheld", i)
				}
			}
		}
	}
}

func TestRound(t *testing.T) {
	for _, c := range []struct{ v, base, th, want int64 }{
		{0, 5, 10, 0}, {12, 5, 10, 10}, {13, 5, 10, 15}, {10, 3, 10, 12}, {11, 3, 10, 12}, {250, 10, 10, 250}, {254, 10, 10, 250}, {255, 10, 10, 260}, {7, 1, 10, 7},
	} {
		if got := round(c.v, int(c.base), int(c.th)); got != c.want {
			t.Errorf("round(%d, %d, %d) = %d, want %d", c.v, c.base, c.th, got, c.want)
		}
	}
}

// TestDiscreteLaplace checks the noise against the exact distribution with a chi-square test
// of goodness of fit at a fixed number of draws. The threshold is generous (p < 1e-6 fails),
// so that the test is not flaky, yet a wrong scale or a biased sign fails it by far.
func TestDiscreteLaplace(t *testing.T) {
	const n = 20000
	for _, eps := range []float64{0.5, 1.25} {
		counts := map[int64]int{}
		for i := 0; i < n; i++ {
			z, err := Noise(rand.Reader, eps)
			if err != nil {
				t.Fatal(err)
			}
			counts[z]++
		}
		p := math.Exp(-eps)
		pmf := func(z int64) float64 { return (1 - p) / (1 + p) * math.Pow(p, math.Abs(float64(z))) }
		// Bins: every z with an expected count of at least 5, and the two tails.
		var k int64
		for float64(n)*pmf(k+1) >= 5 {
			k++
		}
		var chi float64
		bins := 0
		tail := 1.0
		for z := -k; z <= k; z++ {
			e := float64(n) * pmf(z)
			tail -= pmf(z)
			o := float64(counts[z])
			chi += (o - e) * (o - e) / e
			bins++
		}
		var lo, hi int
		for z, c := range counts {
			if z < -k {
				lo += c
			} else if z > k {
				hi += c
			}
		}
		for _, o := range []int{lo, hi} {
			e := float64(n) * tail / 2
			chi += (float64(o) - e) * (float64(o) - e) / e
			bins++
		}
		pv := distuv.ChiSquared{K: float64(bins - 1)}.Survival(chi)
		t.Logf("epsilon %g: chi-square %.1f on %d bins, p = %.3g", eps, chi, bins, pv)
		if pv < 1e-6 {
			t.Errorf("epsilon %g: the noise does not follow the discrete Laplace distribution (chi-square %.1f on %d bins, p = %.3g)", eps, chi, bins, pv)
		}
	}
}

// The mean absolute noise matches the distribution: a wrong scale fails here too.
func TestDiscreteLaplaceMean(t *testing.T) {
	var s float64
	for i := 0; i < 2000; i++ {
		z, _ := Noise(rand.Reader, 0.5)
		s += math.Abs(float64(z))
	}
	// E|Z| = 2p/(1-p²) for p = exp(-ε): about 1.92 at ε = 0.5, 0.87 at ε = 1.
	mean := s / 2000
	if math.Abs(mean-1.92) > 0.3 {
		t.Errorf("mean |noise| %.2f, want about 1.92", mean)
	}
}
