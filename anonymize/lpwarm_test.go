package anonymize

import (
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
	var warmed [2]int
	for i, cold := range []bool{true, false} {
		second := collect(t, string(grown))
		b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointCold: cold, jointWarmed: &warmed[i]},
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
