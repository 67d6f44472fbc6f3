package anonymize

import (
	"errors"
	"math"
	"testing"

	"github.com/prevalence/prevalence/release"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// TestAuditLPMatchesGonum solves the real audit's linear programs exactly (the blocks of
// releases from synthetic cases: the standard set, and with cases by province and year and
// their hidden cells), as the run states them (from the true counts) and as check does (the
// withheld counts erased: phase 1), and compares protected counts' intervals with gonum's
// lp.Simplex on the same LP with the upper bounds written as rows: they must agree to 1e-6.
// gonum's dense simplex factorizes the basis at every pivot and its phase 1 fails on blocks of
// a few hundred rows, so it starts from the crossover's first vertex (a feasible basis; the
// optimum is gonum's own), and solves a sample of each block's protected counts.
func TestAuditLPMatchesGonum(t *testing.T) {
	compared := 0
	for _, tc := range []struct {
		rows         int
		seed         uint64
		provinceYear bool
	}{{60, 3, false}, {60, 5, true}, {150, 7, false}} {
		c := synthCollector(t, tc.rows, tc.seed)
		f := c.facts()
		c.Close()
		s, err := buildTables(f, nil, tc.provinceYear)
		if err != nil {
			t.Fatal(err)
		}
		p := Protection{Threshold: 10}
		out, err := s.protect(TableConfig{Protection: p})
		if err != nil {
			t.Fatal(err)
		}
		truth, err := buildTables(f, nil, tc.provinceYear)
		if err != nil {
			t.Fatal(err)
		}
		copyStates(truth, s)
		// The counts the release marks may be zero (labelledParts' withheld parts of 1-9) are
		// stated so, as check states them; any other withheld count is at least the threshold.
		zero := releasedZero(truth, out.Relations)
		p.MayBeZero = zero
		ts, l := truth.tables, truth.links
		protected := func(r Ref) bool { return p.protected(ts, r) }
		run, _, err := lpAudit(ts, l, p.Threshold, zero, protected, nil)
		if err != nil {
			t.Fatal(err)
		}
		// check's re-audit: the withheld counts erased, no known point.
		check, _, err := lpAudit(s.tables, l, p.Threshold, zero, protected, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range auditBlocks(ts, l, p.Threshold, zero, protected) {
			compared += compareGonum(t, b, protected, map[string]map[Ref]Interval{"run": run, "check": check}, 10)
		}
	}
	if compared < 30 {
		t.Fatalf("only %d intervals compared", compared)
	}
	t.Logf("%d intervals compared", compared)
}

// compareGonum solves up to most protected counts of b's LP with gonum (both ends) and
// compares the intervals in got; it returns how many it compared.
func compareGonum(t *testing.T, b auditLP, protected func(Ref) bool, got map[string]map[Ref]Interval, most int) int {
	t.Helper()
	var bounded []int
	for j, u := range b.ub {
		if !math.IsInf(u, 1) {
			bounded = append(bounded, j)
		}
	}
	N := b.n + len(bounded)
	var A [][]float64
	var rhs []float64
	for i, row := range b.rows {
		a := make([]float64, N)
		for _, e := range row {
			a[e.i] += e.v
		}
		A, rhs = append(A, a), append(rhs, b.b[i])
	}
	for k, j := range bounded {
		a := make([]float64, N)
		a[j], a[b.n+k] = 1, 1
		A, rhs = append(A, a), append(rhs, b.ub[j])
	}
	ra, rb := independentRows(A, rhs)
	M := mat.NewDense(len(ra), N, nil)
	for i := range ra {
		M.SetRow(i, ra[i])
	}
	// A feasible basis for gonum's form: the crossover's basic columns, the bounded columns
	// at their bound, and the bound rows' slacks of the others.
	sx, err := newSimplex(b.rows, b.b, b.n, b.ub).crossover(b.x0)
	if err != nil {
		t.Fatal(err)
	}
	var basic []int
	for j := 0; j < b.n; j++ {
		if sx.pos[j] >= 0 {
			basic = append(basic, j)
		}
	}
	for k, j := range bounded {
		if sx.pos[j] < 0 && sx.x[j] > 0 {
			basic = append(basic, j) // at its bound: its slack is 0
		} else {
			basic = append(basic, b.n+k)
		}
	}
	if len(basic) != len(ra) {
		t.Fatalf("block of %d rows: a basis of %d columns for %d independent rows", len(b.rows), len(basic), len(ra))
	}
	// A sample spread over the block (its tables follow each other).
	var sample []int
	for j, v := range b.vars {
		if protected(v.ref) {
			sample = append(sample, j)
		}
	}
	if step := len(sample) / most; step > 1 {
		for k := range most {
			sample[k] = sample[k*step]
		}
		sample = sample[:most]
	}
	n := 0
	for _, j := range sample {
		v := b.vars[j]
		want := Interval{}
		ok := true
		for _, sign := range []float64{1, -1} {
			cost := make([]float64, N)
			cost[j] = sign
			opt, _, err := lp.Simplex(cost, M, rb, 1e-10, basic)
			switch {
			case sign < 0 && errors.Is(err, lp.ErrUnbounded):
				want.Hi = math.Inf(1)
			case err != nil:
				t.Logf("gonum: %v (not compared)", err)
				ok = false
			case sign > 0:
				want.Lo = v.lo + opt
			default:
				want.Hi = v.lo - opt
			}
		}
		if !ok {
			continue
		}
		for name, ivs := range got {
			x := ivs[v.ref]
			if math.Abs(x.Lo-want.Lo) > 1e-6 || !(x.Hi == want.Hi || math.Abs(x.Hi-want.Hi) <= 1e-6) {
				t.Errorf("%s: count %v: interval %v, gonum %v", name, v.ref, x, want)
			}
		}
		n++
	}
	t.Logf("block of %d rows, %d columns: %d protected counts compared", len(b.rows), b.n, n)
	return n
}

// releasedZero returns the counts of ts that rel (the release's relations) marks may be zero,
// as check reads them: the audit's lower bound of those is 0, not the threshold.
func releasedZero(ts *tableSet, rel *release.Relations) map[Ref]bool {
	zero := map[Ref]bool{}
	for _, x := range rel.MayBeZero {
		if ti, ok := ts.byName[rel.Tables[x[0]]]; ok {
			zero[Ref{ti, x[1], x[2]}] = true
		}
	}
	return zero
}
