package anonymize

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestJointWarmStart: the joint audit's blocks that a round changed start from the last
// round's vertices (lpwarm.go) instead of phase 1, its targets' exact ends from their last
// round's optima, and the release is the one the cold start
// gives: every count's value and state, and the protection's account of the joint audit
// (the LPs solved apart: the vertices visited differ).
func TestJointWarmStart(t *testing.T) {
	if testing.Short() {
		t.Skip("two joint protections of synth 500")
	}
	const th = 10
	in := synthCSV(t, 500, 1)
	first := collect(t, string(in))
	defer first.Close()
	have := provinceCases(first.facts(), herat)
	grown := grow(t, in, herat, have, have+6)
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	var cells [2][]string
	var prs [2]release.TablesProtection
	var warmed, jumped [2]int
	for i, cold := range []bool{true, false} {
		second := collect(t, string(grown))
		b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointCold: cold, jointWarmed: &warmed[i], jointJumped: &jumped[i]},
			Previous: a.Tables, PreviousRelations: a.Relations})
		second.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b.Protection.PreviousAudit != release.PreviousJoint {
			t.Fatalf("cold %v: previous_audit %q, want the joint audit", cold, b.Protection.PreviousAudit)
		}
		for _, x := range b.Tables {
			for _, r := range x.Rows {
				for ci, st := range r.State {
					cells[i] = append(cells[i], x.Name+"|"+strings.Join(r.Labels, "|")+"|"+x.Counts[ci]+"|"+string(st)+"|"+
						strconv.FormatInt(r.Values[ci], 10))
				}
			}
		}
		prs[i] = b.Protection
		prs[i].Audit.LPs = 0
	}
	if warmed[0] != 0 {
		t.Errorf("the cold start started %d blocks warm", warmed[0])
	}
	if warmed[1] == 0 {
		t.Error("no joint block started warm: each round's changed blocks solved phase 1 again")
	}
	if jumped[0] != 0 {
		t.Errorf("the cold start started %d exact ends from their last optima", jumped[0])
	}
	if jumped[1] == 0 {
		t.Error("no exact end started from its last round's optimum")
	}
	if !slices.Equal(cells[0], cells[1]) {
		n := 0
		for i := range min(len(cells[0]), len(cells[1])) {
			if cells[0][i] != cells[1][i] && n < 10 {
				t.Errorf("cold %s, warm %s", cells[0][i], cells[1][i])
				n++
			}
		}
		t.Fatalf("the release with the warm start differs from the cold one (%d and %d counts)", len(cells[0]), len(cells[1]))
	}
	if !reflect.DeepEqual(prs[0], prs[1]) {
		t.Errorf("the protection's account differs:\ncold %+v\nwarm %+v", prs[0], prs[1])
	}
	t.Logf("%d joint blocks started warm, %d exact ends from their last optima", warmed[1], jumped[1])
}

// TestWarmPoint: the warm point takes the kept values, the true count of a count of this
// release not kept, and a change from the equality that holds it alone; a point outside the
// block's bounds is refused by holds, and the second try takes the true counts.
func TestWarmPoint(t *testing.T) {
	// B's count b (true 12, lo 0), A's count a (erased: x0 0, lo 0), the change d:
	// b - a - d = 0; B's count e (true 5, not kept) with e <= b (slack s): e + s = b.
	B, A, D, E := Ref{0, 0, 0}, Ref{1, 0, 0}, Ref{2, 0, 0}, Ref{0, 1, 0}
	lp := auditLP{vars: []lpVar{{B, 0, 100}, {A, 0, 100}, {D, 0, math.Inf(1)}, {E, 0, 100}},
		rows: [][]nz{{{0, 1}, {1, -1}, {2, -1}}, {{0, -1}, {3, 1}, {4, 1}}}, b: []float64{0, 0}, n: 5,
		ub: []float64{100, 100, math.Inf(1), 100, math.Inf(1)}, x0: []float64{12, 0, 0, 5, 7}}
	key := func(r Ref) (Ref, bool) { return r, r.T == 0 }
	c := &lpCache{warm: key, warmX: map[Ref]float64{B: 9, A: 4}}
	x := c.warmPoint(lp, false)
	if want := []float64{9, 4, 5, 5, 4}; !slices.Equal(x, want) || !lp.holds(x) {
		t.Fatalf("warm point %v, want %v, a point of the block", x, want)
	}
	c.warmX[A] = 11 // the change would be -2
	if x := c.warmPoint(lp, false); lp.holds(x) {
		t.Errorf("%v (a change below 0) is taken for a point", x)
	}
	if x, want := c.warmPoint(lp, true), []float64{12, 11, 1, 5, 7}; !slices.Equal(x, want) || !lp.holds(x) {
		t.Errorf("the second try %v, want %v, B's true counts", x, want)
	}
	if x := (&lpCache{warm: key}).warmPoint(lp, false); x != nil {
		t.Errorf("a warm point %v with nothing kept", x)
	}
}

// TestCrossoverRefresh: the jumps' crossover (refactorized, artificials driven out by columns:
// crossoverAt's refresh) stops at crossover's point, a feasible vertex (every non-basic column
// at a bound), and each protected count's min and max from it are crossover's.
func TestCrossoverRefresh(t *testing.T) {
	c := synthCollector(t, 150, 7)
	f := c.facts()
	c.Close()
	s, err := buildTables(f, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	p := Protection{Threshold: 10}
	if _, err := s.protect(TableConfig{Protection: p}); err != nil {
		t.Fatal(err)
	}
	truth, err := buildTables(f, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	copyStates(truth, s) // s's withheld counts are erased: the true counts make the point
	ts, l := truth.tables, truth.links
	protected := func(r Ref) bool { return p.protected(ts, r) }
	compared := 0
	for _, b := range auditBlocks(ts, l, p.Threshold, nil, protected) {
		if !newSimplex(b.rows, b.b, b.n, b.ub).feasible(b.x0) {
			t.Fatal("the true counts are no point of their block")
		}
		old, err := newSimplex(b.rows, b.b, b.n, b.ub).crossover(b.x0)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := newSimplex(b.rows, b.b, b.n, b.ub).crossoverAt(b.x0, true)
		if err != nil {
			t.Fatal(err)
		}
		arts := func(s *simplex) (k int) {
			for _, j := range s.basis {
				if j >= s.n {
					k++
				}
			}
			return k
		}
		if a, b := arts(tb), arts(old); a > b {
			t.Fatalf("%d artificials left in the basis, crossover leaves %d", a, b)
		}
		if !tb.feasible(tb.x) {
			t.Fatal("the refreshed crossover's vertex is no point of the block")
		}
		for j := range b.n {
			if math.Abs(tb.x[j]-old.x[j]) > 1e-9 {
				t.Fatalf("column %d at %v, at %v from crossover", j, tb.x[j], old.x[j])
			}
			if tb.pos[j] < 0 && tb.x[j] != 0 && tb.x[j] != tb.ub[j] {
				t.Fatalf("non-basic column %d at %v, inside its bounds", j, tb.x[j])
			}
		}
		cost := make([]float64, b.n)
		for i, v := range b.vars {
			if !protected(v.ref) || i%3 != 0 {
				continue
			}
			for _, sign := range []float64{1, -1} {
				cost[i] = sign
				if err := old.optimize(cost, b.n); err != nil {
					t.Fatal(err)
				}
				if err := tb.optimize(cost, b.n); err != nil {
					t.Fatal(err)
				}
				if math.Abs(old.x[i]-tb.x[i]) > 1e-6 {
					t.Fatalf("count %v: %v from crossover, %v from the refreshed one", v.ref, old.x[i], tb.x[i])
				}
				compared++
			}
			cost[i] = 0
		}
	}
	if compared < 20 {
		t.Fatalf("only %d optima compared", compared)
	}
	t.Logf("%d optima compared", compared)
}
