package anonymize

import (
	"math"
	"slices"
	"testing"
)

// TestApplyEtasHypersparse checks applyEtas' visit of only the etas of its non-zero rows
// against a scan of the whole eta file (applyEtasScan, the form it replaced), to the bit and
// in the same order of non-zeros, on the real audit's blocks (synthetic cases, with cases by
// province and year): FTRANs of every column after the crossover and after each of a few
// optimizations. Results stay the same only if the two agree exactly.
func TestApplyEtasHypersparse(t *testing.T) {
	sparse := 0
	for _, tc := range []struct {
		rows int
		seed uint64
	}{{600, 5}, {1000, 2}} {
		c := synthCollector(t, tc.rows, tc.seed)
		f := c.facts()
		c.Close()
		s, err := buildTables(f, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		p := Protection{Threshold: 10}
		out, err := s.protect(TableConfig{Protection: p})
		if err != nil {
			t.Fatal(err)
		}
		truth, err := buildTables(f, nil, true)
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
		for _, b := range auditBlocks(ts, l, p.Threshold, zero, protected) {
			if len(b.rows) < 40 {
				continue
			}
			sx, err := newSimplex(b.rows, b.b, b.n, b.ub).crossover(b.x0)
			if err != nil {
				t.Fatal(err)
			}
			sparse += compareFtran(t, sx)
			cost := make([]float64, b.n)
			for k := 0; k < 6 && k < len(b.vars); k++ {
				i := k * len(b.vars) / 6
				cost[i] = 1 - 2*float64(k%2)
				if err := sx.optimizeTo(cost, b.n, math.Inf(-1)); err != nil && err != errUnbounded {
					t.Fatal(err)
				}
				cost[i] = 0
				sparse += compareFtran(t, sx)
			}
		}
	}
	if sparse < 100 {
		t.Fatalf("only %d FTRANs took the sparse path", sparse)
	}
	t.Logf("%d FTRANs took the sparse path", sparse)
}

// compareFtran compares ftran of every column of s with applyEtasScan's; it returns how many
// of them took applyEtas' sparse path.
func compareFtran(t *testing.T, s *simplex) int {
	t.Helper()
	sparse := 0
	for j := 0; j < s.n+s.m; j++ {
		if len(s.etaRow) > 32 && len(s.cols[j]) < s.m/8 {
			sparse++
		}
		s.ftran(j)
		work, idx := slices.Clone(s.work), slices.Clone(s.wIdx)
		s.clearWork()
		for _, e := range s.cols[j] {
			s.addWork(e.i, e.v)
		}
		applyEtasScan(s)
		for i := range work {
			if math.Float64bits(work[i]) != math.Float64bits(s.work[i]) {
				t.Fatalf("column %d: row %d: %v, want %v (%d etas)", j, i, work[i], s.work[i], len(s.etaRow))
			}
		}
		if !slices.Equal(idx, s.wIdx) {
			t.Fatalf("column %d: non-zeros in another order", j)
		}
	}
	return sparse
}

// applyEtasScan is applyEtas as it was: every eta of the file in turn.
func applyEtasScan(s *simplex) {
	for k, r := range s.etaRow {
		t := s.work[r]
		if t == 0 {
			continue
		}
		s.work[r] = t * s.etaPiv[k]
		for q := s.etaOff[k]; q < s.etaOff[k+1]; q++ {
			s.addWork(s.etaIdx[q], s.etaVal[q]*t)
		}
	}
}
