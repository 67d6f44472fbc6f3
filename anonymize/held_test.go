package anonymize

import (
	"encoding/json"
	"slices"
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
		cfg.PreviousOrganisations = prev.Protection.Organisations
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
	if len(a.Protection.Organisations) == 0 || js(pr.Organisations) != js(a.Protection.Organisations) {
		t.Errorf("held: organisations %q, want the previous release's %q (its tables count them)", pr.Organisations, a.Protection.Organisations)
	}
	if !pr.ProvenWithPrevious() || pr.ExposedWithPrevious() || (&release.Manifest{Tables: &pr}).NotToBePublished() {
		t.Error("held tables (the previous release's again) are not to be published")
	}
	if st := release.ProtectionsOf(&release.Manifest{Tables: &pr}).Tables; !st.PreviousRelease || !strings.Contains(st.PreviousAudit, "published again, unchanged") {
		t.Errorf("protections.json: audited_with_previous_release %v, previous_release_audit %q", st.PreviousRelease, st.PreviousAudit)
	}
	// check --previous: the two releases publish the same counts.
	found, note, err := AuditReleases(a.Tables, a.Relations, b.Tables, b.Relations, th, pr.ProtectionWidth, pr.PreviousAudit)
	if err != nil || len(found) > 0 || !strings.HasPrefix(note, "held: ") {
		t.Errorf("check --previous on the held release: %v, %q, %v; want no finding and the held note", found, note, err)
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

// TestHeldAudited: check --previous on a release whose manifest says its tables are the
// previous release's again (held) says so, not "the same data released again"; and tables
// that differ from the previous release's under that statement are a finding.
func TestHeldAudited(t *testing.T) {
	table := func(v int64) []*release.Table {
		return []*release.Table{{Name: "cases-by-province", Labels: []string{"province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10,
			Rows: []release.Row{{Labels: []string{"AF-HER"}, Values: []int64{v}, State: []release.State{release.Published}}}}}
	}
	found, note, err := AuditReleases(table(40), nil, table(40), nil, 10, 4, release.PreviousHeld)
	if err != nil || len(found) > 0 || !strings.HasPrefix(note, "held: ") {
		t.Errorf("the previous release's tables again, held: %v, %q, %v; want no finding and the held note", found, note, err)
	}
	found, _, _ = AuditReleases(table(40), nil, table(43), nil, 10, 4, release.PreviousHeld)
	if len(found) == 0 || !strings.Contains(found[0], "(held), but table cases-by-province: row 1, column cases differs") {
		t.Errorf("held stated, a count changed: %q; want the statement's finding first", found)
	}
}

// TestHelpersTraced: the trace sees every count the duals weigh before the filter, those
// that cannot fall once withheld (at the threshold) too, and helpers' choice among them.
func TestHelpersTraced(t *testing.T) {
	// 3 (primary) and 10 in a row of 13; 20 and 30 below them; the columns' totals 23, 40.
	tb := &CountTable{Name: "grid", Labels: []string{"row"}, Counts: []string{"a", "b", "total"}, TotalCols: []bool{false, false, true},
		Rows: []CountRow{
			{Labels: []string{"r1"}, Values: []int64{3, 10, 13}, State: []State{Primary, Published, Published}},
			{Labels: []string{"r2"}, Values: []int64{20, 30, 50}, State: []State{Published, Published, Published}},
			{Labels: []string{"total"}, Values: []int64{23, 40, 63}, State: []State{Published, Published, Published}, Total: true},
		}}
	var l Links
	for r := 0; r < 3; r++ {
		l.Eqs = append(l.Eqs, Eq{Plus: []Ref{{0, r, 2}}, Minus: []Ref{{0, r, 0}, {0, r, 1}}})
	}
	for c := 0; c < 3; c++ {
		l.Eqs = append(l.Eqs, Eq{Plus: []Ref{{0, 2, c}}, Minus: []Ref{{0, 0, c}, {0, 1, c}}})
	}
	ts := []*CountTable{tb}
	p := Protection{Threshold: 10}
	seen := map[Ref]bool{}
	stuck := 0 // weighed, but at the threshold: cannot fall once withheld
	got, err := p.helpersTraced(ts, l, Ref{0, 0, 0}, func(dir float64, c Ref, g float64, canFall bool) {
		seen[c] = true
		if !canFall && g > 0 {
			stuck++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := p.helpers(ts, l, Ref{0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, plain) || len(got) == 0 {
		t.Fatalf("helpersTraced chose %v, helpers %v", got, plain)
	}
	for _, c := range got {
		if !seen[c] {
			t.Errorf("%v chosen but not traced", c)
		}
	}
	t.Logf("traced %d, chosen %d, at the threshold %d", len(seen), len(got), stuck)
	if len(seen) <= len(got) && stuck == 0 {
		t.Errorf("the trace saw only the chosen counts (%v): not before the filter", got)
	}
}

// TestHeldThresholdChanged (attack-2026-12-06f F9): tables printed with a small-cell
// threshold of 5 and held by a configuration of 10 print counts of 5 to 9 again: the held
// statement (and so the run's notice) says so, and counts the one case changed as one.
func TestHeldThresholdChanged(t *testing.T) {
	in := synthCSV(t, 500, 2)
	first := collect(t, string(in))
	defer first.Close()
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: 5}})
	if err != nil {
		t.Fatal(err)
	}
	have := provinceCases(first.facts(), herat)
	c := collect(t, string(grow(t, in, herat, have, have+1)))
	defer c.Close()
	b, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}, Previous: a.Tables, PreviousRelations: a.Relations, PreviousCarried: a.Carried,
		PreviousDigest: a.Protection.CountsDigest, PreviousOrganisations: a.Protection.Organisations})
	if err != nil {
		t.Fatal(err)
	}
	pr := b.Protection
	t.Logf("held: %s", pr.Held)
	if pr.PreviousAudit != release.PreviousHeld || pr.Threshold != 5 ||
		!strings.Contains(pr.Held, "small-cell threshold of 5, not this configuration's 10, so the counts of 5 to 9 they print stay printed") ||
		// One case added: the previous release's complements are 5 or more, not 10 (its
		// threshold, not this configuration's): "at least 5 records" before.
		!strings.HasPrefix(pr.Held, "at least 1 record and fewer than 10") {
		t.Errorf("held across a raised threshold: previous_audit %q, threshold %d, held %q; want held, 5, and the counts of 5 to 9 said", pr.PreviousAudit, pr.Threshold, pr.Held)
	}
}
