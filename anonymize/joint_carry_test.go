package anonymize

import (
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestJointCarriedPoints (cut 6): every point the joint audit carries from an earlier round
// by its dual certificate is the interval a fresh LP gives it in that round: the same update
// as TestJointAuditReuse's, with the carried points solved as well and compared.
func TestJointCarriedPoints(t *testing.T) {
	if testing.Short() {
		t.Skip("a joint protection of synth 500")
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
	check := &carryCheck{}
	second := collect(t, string(grown))
	defer second.Close()
	b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointCarryCheck: check}, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations})
	if err != nil {
		t.Fatal(err)
	}
	if b.Protection.PreviousAudit != release.PreviousJoint {
		t.Fatalf("previous_audit %q, want the joint audit", b.Protection.PreviousAudit)
	}
	t.Logf("points carried %d, of them not the fresh interval %d", check.carried, check.differ)
	if check.carried == 0 {
		t.Fatal("no point carried: the test checks nothing")
	}
	if check.differ > 0 {
		t.Errorf("%d of %d carried points differ from the fresh LP's interval", check.differ, check.carried)
	}
}
