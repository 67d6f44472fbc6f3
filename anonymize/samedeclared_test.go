package anonymize

import (
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestSameDataTablesAdded releases the same register twice into one folder, the second time
// with two declared tables added, one of them a province × age band × gender table
// (attack-2026-12-02d finding 0: 3,000 synthetic cases, seed 1; the second release could not
// protect its declared tables around the first's pattern, kept only what the first withheld
// withheld, and published: with both releases 93 of 216 "<10" counts narrower than 5, e.g.
// Kandahar's girls 1-3). An attacker who holds both knows every count either printed
// (sameDataAttack solves the second's relations with them, as the tester's lp3.py did). Now a
// second release whose declared tables cannot be protected around the first's pattern
// withholds their counts (every one that is not a copy of a count the first printed) and says
// so, and the pair is proven: nothing narrower than the range with both. (The previous
// release's counts digest is of the tables it held: the tables added do not make the same data
// another; with the digest of every table the run took the joint path of a grown register,
// found no pattern and stopped.)
func TestSameDataTablesAdded(t *testing.T) {
	if testing.Short() {
		t.Skip("two releases of 3,000 cases: minutes under load")
	}
	const th = 10
	in, a := firstRelease3k(t) // threshold 10
	decl := []DeclaredTable{
		{Name: "cases-by-age-and-year", Dims: []string{"age_band", "year"}},
		{Name: "boys-by-province-and-referral", Dims: []string{"province", "age_band", "gender"}},
	}
	c2 := collect(t, string(in))
	defer c2.Close()
	b, err := c2.Tables(TableConfig{Protection: Protection{Threshold: th}, Declared: decl, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations,
		PreviousDigest: a.Protection.CountsDigest}) // as the run reads it from the previous manifest
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("previous_audit %q; previous %q; withheld new tables %v", b.Protection.PreviousAudit, b.Protection.Previous, b.WithheldNew)
	if !b.Protection.ProvenWithPrevious() {
		t.Errorf("previous_audit %q: not proven against someone who holds both releases", b.Protection.PreviousAudit)
	}
	if len(b.WithheldNew) == 0 {
		t.Error("no new table withheld: the declared tables were protected around the previous pattern, and the test tests nothing new")
	}
	// check's audits, from the published counts and relations alone: this release (its new
	// tables' withheld counts may be 0, as its relations record), and with the previous one.
	all, err := b.Relations.Resolve(b.Tables)
	if err != nil {
		t.Fatal(err)
	}
	found, err := AuditRelease(all, b.Relations, th, DefaultWidth(th))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("check: %s", f)
	}
	found, note, err := AuditReleases(a.Tables, a.Relations, b.Tables, b.Relations, th, DefaultWidth(th), b.Protection.PreviousAudit)
	if err != nil || len(found) > 0 {
		t.Errorf("check --previous: %q, %v (%s)", found, err, note)
	}
	n, pinned := sameDataAttack(t, a, b, th)
	t.Logf("%d of the second release's \"<%d\" counts attacked, %d narrower with the first release's counts than alone", n, th, len(pinned))
	if n == 0 {
		t.Fatal("no small count to attack: the test tests nothing")
	}
	if len(pinned) > 0 {
		t.Errorf("%d small counts narrower than %d with both releases of the same data, e.g. %s", len(pinned), DefaultWidth(th), strings.Join(pinned[:min(5, len(pinned))], "; "))
	}

	// A third release of the same data and tables keeps the second's pattern whole: its
	// withheld zeros stay withheld (it printed them, and gave the pattern up: "previous
	// pattern kept").
	c3 := collect(t, string(in))
	defer c3.Close()
	third, err := c3.Tables(TableConfig{Protection: Protection{Threshold: th}, Declared: decl, AllowDifferencing: true, Previous: b.Tables, PreviousRelations: b.Relations,
		PreviousDigest: b.Protection.CountsDigest})
	if err != nil {
		t.Fatal(err)
	}
	if third.Protection.PreviousAudit != release.PreviousSame {
		t.Errorf("third release: previous_audit %q, want %q", third.Protection.PreviousAudit, release.PreviousSame)
	}
	moved := 0
	for i, x := range b.Tables {
		if i >= len(third.Tables) {
			break
		}
		if y := third.Tables[i]; y.Name == x.Name && len(y.Rows) == len(x.Rows) {
			for ri := range x.Rows {
				if !slices.Equal(x.Rows[ri].State, y.Rows[ri].State) {
					moved++
				}
			}
		}
	}
	if moved > 0 || len(third.Tables) != len(b.Tables) {
		t.Errorf("third release: %d rows of the second's pattern moved", moved)
	}
}
