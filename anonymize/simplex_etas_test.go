package anonymize

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestApplyEtasSparse checks that applyEtasSparse (visiting only the etas at rows work has
// touched) leaves work and the order of its non-zeros (wIdx, which the pivot choices read)
// the same bit for bit as applyEtasAll: on random eta files with small integer entries (so
// that values cancel to exactly 0 and etas at touched rows are skipped), and on the real
// audit's LPs (synthetic releases, cases by province and year among them; the run's LPs and
// the labels' baseline's, the larger): the crossover from the true counts and LPs after it,
// the simplex's values and basis compared after each.
func TestApplyEtasSparse(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 9))
	small := func() float64 { return float64([]int{-2, -1, -1, 1, 1, 2}[rng.IntN(6)]) }
	for trial := range 300 {
		m := 5 + rng.IntN(300)
		s := newSimplex(make([][]nz, m), make([]float64, m), 0, nil)
		for range 64 + rng.IntN(800) {
			s.clearWork()
			r := rng.IntN(m)
			s.addWork(r, small())
			for range rng.IntN(4) {
				s.addWork(rng.IntN(m), small())
			}
			if s.work[r] == 0 {
				s.work[r] = 1
			}
			s.addEta(r)
		}
		for range 20 {
			nnz := 1 + rng.IntN(4)
			if rng.IntN(5) == 0 {
				nnz = 1 + rng.IntN(m)
			}
			var in []nz
			for range nnz {
				in = append(in, nz{rng.IntN(m), small()})
			}
			run := func(sparse bool) ([]float64, []int) {
				s.clearWork()
				for _, e := range in {
					s.addWork(e.i, e.v)
				}
				if sparse {
					s.applyEtasSparse()
				} else {
					s.applyEtasAll()
				}
				return slices.Clone(s.work), slices.Clone(s.wIdx)
			}
			w0, i0 := run(false)
			w1, i1 := run(true)
			if !sameBits(w0, w1) || !slices.Equal(i0, i1) {
				t.Fatalf("trial %d: %d etas over %d rows, %d non-zeros in: work or its order differ", trial, len(s.etaRow), m, nnz)
			}
		}
	}

	lps := 0
	for _, tc := range []struct {
		rows         int
		seed         uint64
		provinceYear bool
	}{{3000, 1, true}, {1500, 4, false}} {
		c := synthCollector(t, tc.rows, tc.seed)
		f := c.facts()
		c.Close()
		s, err := buildTables(f, nil, tc.provinceYear)
		if err != nil {
			t.Fatal(err)
		}
		p := Protection{Threshold: 10}
		if _, err := s.protect(TableConfig{Protection: p}); err != nil {
			t.Fatal(err)
		}
		truth, err := buildTables(f, nil, tc.provinceYear)
		if err != nil {
			t.Fatal(err)
		}
		copyStates(truth, s)
		ts, l := truth.tables, truth.links
		bt, zero := givenUnknown(ts, l, nil)
		every := func(Ref) bool { return true }
		blocks := append(auditBlocks(ts, l, p.Threshold, nil, every), auditBlocks(bt, labelLinks(bt, l), p.Threshold, zero, every)...)
		for _, b := range blocks {
			if len(b.rows) < 40 {
				continue
			}
			var sx [2]*simplex
			for k := range sx {
				x := newSimplex(b.rows, b.b, b.n, b.ub)
				x.allEtas = k == 0
				if sx[k], err = x.crossover(b.x0); err != nil {
					t.Fatal(err)
				}
			}
			same := func(what string) {
				t.Helper()
				if !sameBits(sx[0].x, sx[1].x) || !slices.Equal(sx[0].basis, sx[1].basis) {
					t.Fatalf("block of %d rows: %s differs", len(b.rows), what)
				}
			}
			same("the crossover")
			lps++
			cost := make([]float64, b.n)
			for j := 0; j < len(b.vars); j += 1 + len(b.vars)/8 {
				for _, sign := range []float64{1, -1} {
					cost[j] = sign
					var errs [2]error
					for k := range sx {
						errs[k] = sx[k].optimizeTo(cost, b.n, math.Inf(-1))
					}
					if (errs[0] == nil) != (errs[1] == nil) {
						t.Fatalf("block of %d rows: errors %v and %v", len(b.rows), errs[0], errs[1])
					}
					same("an LP after the crossover")
					lps++
				}
				cost[j] = 0
			}
		}
	}
	if lps < 20 {
		t.Fatalf("%d LPs compared: too few", lps)
	}
	t.Logf("%d LPs compared", lps)
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
