package release

import "testing"

// TestProvenWithPrevious: the run's notice (attack-2026-12-02d finding 0) says the tables were
// not audited with the previous release's exactly when protections.json says so.
func TestProvenWithPrevious(t *testing.T) {
	for _, c := range []struct {
		previous, audit string
		want            bool
	}{
		{"", "", true},
		{"1313 counts of 23 tables", "", true}, // written before the audit was recorded
		{"x", PreviousJoint, true},
		{"x", PreviousJointLost, true},
		{"x", PreviousSame, true},
		{"x", PreviousKept, false},
		{"x", PreviousApart, false},
	} {
		tp := &TablesProtection{Previous: c.previous, PreviousAudit: c.audit}
		if got := tp.ProvenWithPrevious(); got != c.want {
			t.Errorf("%q, %q: ProvenWithPrevious %v, want %v", c.previous, c.audit, got, c.want)
		}
		m := &Manifest{Tables: tp}
		if got := ProtectionsOf(m).Tables.PreviousRelease; got != c.want && c.previous != "" {
			t.Errorf("%q, %q: protections.json's audited_with_previous_release %v, want %v", c.previous, c.audit, got, c.want)
		}
	}
}
