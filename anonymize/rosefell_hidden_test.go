package anonymize

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestRoseAndFellHidden (attack-2026-12-03e finding 2): a register that gained cases in one
// province and lost one in another (linkage re-choosing a kept record does that on an
// ordinary update) has counts that rose and counts that fell by 1, which the differencing
// guard withholds: both releases' printed counts then show growth only, and check --previous
// (as anyone who holds both) solves them as growth. Compared apart, the run never audited
// that LP (the tester's 48 counts narrower than the range); now it audits it jointly and
// withholds what it narrows, and check --previous, auditing the direction the manifest
// states, finds nothing.
func TestRoseAndFellHidden(t *testing.T) {
	if testing.Short() {
		t.Skip("a joint protection of synth 500")
	}
	const th = 10
	nangarhar := [2]string{"AF", "AF-NAN"}
	in := synthCSV(t, 500, 2)
	first := collect(t, string(in))
	defer first.Close()
	have := provinceCases(first.facts(), nangarhar)
	second := collect(t, string(grow(t, dropCases(t, in, herat, 1), nangarhar, have, have+6)))
	defer second.Close()
	if got := provinceCases(second.facts(), herat); got != provinceCases(first.facts(), herat)-1 {
		t.Fatalf("Herat has %d cases after the update", got)
	}
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th}, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations})
	if err != nil {
		t.Fatal(err)
	}
	pr := b.Protection
	if pr.PreviousAudit != release.PreviousJoint || !strings.Contains(pr.Previous, "each that fell by less than the threshold") {
		t.Fatalf("previous_audit %q, previous %q: want the joint audit of what both releases' printed counts show (growth)", pr.PreviousAudit, pr.Previous)
	}
	found, note, err := AuditReleases(a.Tables, a.Relations, b.Tables, b.Relations, th, DefaultWidth(th), pr.PreviousAudit)
	if err != nil {
		t.Fatalf("check --previous: %v (%s)", err, note)
	}
	if !strings.Contains(note, "only grew") {
		t.Errorf("check --previous: %q, want the joint audit of growth", note)
	}
	for _, f := range found {
		t.Error(f)
	}
}
