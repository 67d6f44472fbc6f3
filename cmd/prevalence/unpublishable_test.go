package main

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestUnpublishable: a release whose tables were compared with the previous release's apart
// is not copied for everyone (attack-2026-12-03e finding 2); one audited jointly, or a first
// release, is.
func TestUnpublishable(t *testing.T) {
	for _, c := range []struct {
		previous, audit string
		refused         bool
	}{
		{"", "", false},
		{"rel", release.PreviousJoint, false},
		{"rel", release.PreviousJointLost, false},
		{"rel", release.PreviousSame, false},
		{"rel", release.PreviousApart, true},
	} {
		m := &release.Manifest{Tables: &release.TablesProtection{Previous: c.previous, PreviousAudit: c.audit}}
		err := unpublishable(m, "rel", "pub")
		if (err != nil) != c.refused || err != nil && !strings.Contains(err.Error(), "written to rel but not published to pub") {
			t.Errorf("previous %q audited %q: %v, want refused %v", c.previous, c.audit, err, c.refused)
		}
	}
	if err := unpublishable(&release.Manifest{}, "rel", "pub"); err != nil {
		t.Errorf("a release without tables: %v", err)
	}
}
