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
// round's vertices (lpwarm.go) instead of phase 1, and the release is the one the cold start
// gives: every count's value and state, and the protection's account of the joint audit
// (the LPs solved, its own and the joint audit's, apart: the vertices visited differ).
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
	var warmed [2]int
	for i, cold := range []bool{true, false} {
		second := collect(t, string(grown))
		b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointCold: cold, jointWarmed: &warmed[i]},
			AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations})
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
		prs[i].Audit.LPs, prs[i].Audit.JointLPs = 0, 0
	}
	if warmed[0] != 0 {
		t.Errorf("the cold start started %d blocks warm", warmed[0])
	}
	if warmed[1] == 0 {
		t.Error("no joint block started warm: each round's changed blocks solved phase 1 again")
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
	t.Logf("%d joint blocks started warm", warmed[1])
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
