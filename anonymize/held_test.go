package anonymize

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestHeldWhileFewChanged (attack-2026-12-06c C0): a release with a few cases more than the
// previous one withheld only the counts that moved and printed every other again unchanged,
// so the set of moved counts told the added cases' gender, province, year and form. Now the
// previous release's tables are published again, unchanged (held), while fewer than the
// threshold of records changed; a later release is compared with them, so the changes
// accumulate until fresh tables are printed. The same data is not held (nothing changed), and
// AllowDifferencing turns the hold off.
func TestHeldWhileFewChanged(t *testing.T) {
	const th = 10
	in := synthCSV(t, 500, 2)
	first := collect(t, string(in))
	defer first.Close()
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	have := provinceCases(first.facts(), herat)
	after := func(t *testing.T, added int, prev *ProtectedTables, cfg TableConfig) *ProtectedTables {
		t.Helper()
		c := collect(t, string(grow(t, in, herat, have, have+added)))
		defer c.Close()
		cfg.Previous, cfg.PreviousRelations, cfg.PreviousCarried, cfg.PreviousDigest = prev.Tables, prev.Relations, prev.Carried, prev.Protection.CountsDigest
		out, err := c.Tables(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// Three Herat cases more: held, the tables and relations exactly the previous release's.
	b := after(t, 3, a, TableConfig{Protection: Protection{Threshold: th}})
	pr := b.Protection
	t.Logf("held: %s", pr.Held)
	if pr.PreviousAudit != release.PreviousHeld || !strings.Contains(pr.Held, "at least 3 records and fewer than 10") {
		t.Fatalf("3 cases added: previous_audit %q, held %q; want %q, at least 3 records", pr.PreviousAudit, pr.Held, release.PreviousHeld)
	}
	if js(b.Tables) != js(a.Tables) || js(b.Relations) != js(a.Relations) || pr.CountsDigest != a.Protection.CountsDigest {
		t.Error("held: the tables, relations or counts' digest differ from the previous release's")
	}
	if !pr.ProvenWithPrevious() || pr.ExposedWithPrevious() || (&release.Manifest{Tables: &pr}).NotToBePublished() {
		t.Error("held tables (the previous release's again) are not to be published")
	}
	if st := release.ProtectionsOf(&release.Manifest{Tables: &pr}).Tables; !st.PreviousRelease || !strings.Contains(st.PreviousAudit, "published again, unchanged") {
		t.Errorf("protections.json: audited_with_previous_release %v, previous_release_audit %q", st.PreviousRelease, st.PreviousAudit)
	}
	// check --previous: the two releases publish the same counts.
	found, _, err := AuditReleases(a.Tables, a.Relations, b.Tables, b.Relations, th, pr.ProtectionWidth, pr.PreviousAudit)
	if err != nil || len(found) > 0 {
		t.Errorf("check --previous on the held release: %v, %v", found, err)
	}

	// Twelve more than the release the held one repeats: compared with the held tables (the
	// first release's), so the change is 12, and fresh tables are printed (the joint audit's
	// budget of one count keeps this cheap: its fallback, not held).
	c := after(t, 12, b, TableConfig{Protection: Protection{Threshold: th, jointMax: 1}})
	if c.Protection.PreviousAudit == release.PreviousHeld || c.Protection.Held != "" {
		t.Errorf("12 cases since the tables printed last: previous_audit %q, held %q", c.Protection.PreviousAudit, c.Protection.Held)
	}

	// The same data again: nothing changed, nothing held.
	same := after(t, 0, a, TableConfig{Protection: Protection{Threshold: th}})
	if same.Protection.PreviousAudit != release.PreviousSame {
		t.Errorf("the same data: previous_audit %q, want %q", same.Protection.PreviousAudit, release.PreviousSame)
	}

	// AllowDifferencing: fresh tables for three cases more, as before the hold.
	open := after(t, 3, a, TableConfig{Protection: Protection{Threshold: th, jointMax: 1}, AllowDifferencing: true})
	if open.Protection.PreviousAudit == release.PreviousHeld {
		t.Error("AllowDifferencing: held")
	}
}
