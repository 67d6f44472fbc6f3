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
		previous, audit, since string
		refused                bool
	}{
		{"", "", "", false},
		{"rel", release.PreviousJoint, "", false},
		{"rel", release.PreviousJointLost, "", false},
		{"rel", release.PreviousSame, "", false},
		{"rel", release.PreviousApart, "", true},
		{"rel", release.PreviousApart, "2026-12-03T19:51:04Z", true},
		// The refused release run again: the same data as it, refused all the same
		// (attack-2026-12-03f finding 1).
		{"rel", release.PreviousSame, "2026-12-03T19:51:04Z", true},
		{"rel", release.PreviousJoint, "2026-12-03T19:51:04Z", true},
	} {
		m := &release.Manifest{Tables: &release.TablesProtection{Previous: c.previous, PreviousAudit: c.audit, UnpublishedSince: c.since}}
		err := unpublishable(m, "rel", "pub")
		if (err != nil) != c.refused || err != nil && !strings.Contains(err.Error(), "written to rel but not published to pub") {
			t.Errorf("previous %q audited %q: %v, want refused %v", c.previous, c.audit, err, c.refused)
		}
	}
	if err := unpublishable(&release.Manifest{}, "rel", "pub"); err != nil {
		t.Errorf("a release without tables: %v", err)
	}
}
