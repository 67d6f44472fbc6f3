package anonymize

import (
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestJointFallbackStatement (attack-2026-12-01b finding 3): a register that only grew, whose
// joint audit of both releases is over its size budget (here a budget of one count, as 3,000
// cases were over the real one), falls back to keeping the previous release's withheld counts
// withheld, which is not a proof. The public statement (protections.json) said
// "audited_with_previous_release": true and promised the range against someone who holds both
// releases; it must say what was done. With the budget, the joint audit runs and says so.
func TestJointFallbackStatement(t *testing.T) {
	const th = 10
	in := synthCSV(t, 500, 2)
	first := collect(t, string(in))
	defer first.Close()
	have := provinceCases(first.facts(), herat)
	second := collect(t, string(grow(t, in, herat, have, have+3)))
	defer second.Close()
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointMax: 1}, Previous: a.Tables, PreviousRelations: a.Relations})
	if err != nil {
		t.Fatal(err)
	}
	pr := b.Protection
	if pr.PreviousAudit != release.PreviousKept || !strings.Contains(pr.Previous, "not jointly") {
		t.Fatalf("over the budget: previous_audit %q, previous %q", pr.PreviousAudit, pr.Previous)
	}
	st := release.ProtectionsOf(&release.Manifest{Tables: &pr}).Tables
	if st.PreviousRelease {
		t.Error("protections.json says audited_with_previous_release over the joint audit's budget")
	}
	if !strings.Contains(st.PreviousAudit, "not a proof") || strings.Contains(st.ProtectionRange, "over the previous release's tables") ||
		!strings.Contains(st.ProtectionRange, "not proven against someone who also holds the previous release") {
		t.Errorf("protections.json promises the joint range over the budget:\nprevious_release_audit: %s\nprotection_range: %s", st.PreviousAudit, st.ProtectionRange)
	}
}

// givenBackPrinted returns the counts of b withheld as complements that one equation of its
// relations gives back from printed counts, and that a printed the same way (a's count of the
// same table, labels and column printed): withholding them protects nothing.
func givenBackPrinted(t *testing.T, a, b *ProtectedTables) []string {
	t.Helper()
	all, err := b.Relations.Resolve(b.Tables)
	if err != nil {
		t.Fatal(err)
	}
	printedInA := map[string]bool{}
	for _, x := range a.Tables {
		for _, r := range x.Rows {
			for ci, st := range r.State {
				if st == release.Published {
					printedInA[x.Name+"|"+strings.Join(r.Labels, "|")+"|"+x.Counts[ci]] = true
				}
			}
		}
	}
	seen := map[release.CountRef]bool{}
	var out []string
	for _, e := range b.Relations.Equal {
		var w release.CountRef
		n := 0
		for _, x := range append(slices.Clone(e.Left), e.Right...) {
			if all[x[0]].Rows[x[1]].State[x[2]] != release.Published {
				w, n = x, n+1
			}
		}
		if n != 1 || seen[w] || all[w[0]].Hidden || all[w[0]].Rows[w[1]].State[w[2]] != release.Secondary {
			continue
		}
		seen[w] = true
		x := all[w[0]]
		if key := x.Name + "|" + strings.Join(x.Rows[w[1]].Labels, "|") + "|" + x.Counts[w[2]]; printedInA[key] {
			out = append(out, key)
		}
	}
	return out
}

// TestJointAuditReuse: the joint audit's rounds skip the targets an earlier round found wide
// enough while the pattern only withholds more (provenWide). The pattern it accepts must be
// the one a joint audit that solves every target each round accepts.
func TestJointAuditReuse(t *testing.T) {
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
	var states [2][]string
	for i, fresh := range []bool{false, true} {
		second := collect(t, string(grown))
		b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointFresh: fresh}, Previous: a.Tables, PreviousRelations: a.Relations})
		second.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b.Protection.PreviousAudit != release.PreviousJoint {
			t.Fatalf("fresh %v: previous_audit %q, want the joint audit", fresh, b.Protection.PreviousAudit)
		}
		for _, x := range b.Tables {
			for _, r := range x.Rows {
				for ci, st := range r.State {
					states[i] = append(states[i], x.Name+"|"+strings.Join(r.Labels, "|")+"|"+x.Counts[ci]+"|"+string(st))
				}
			}
		}
	}
	if !slices.Equal(states[0], states[1]) {
		n := 0
		for i := range min(len(states[0]), len(states[1])) {
			if states[0][i] != states[1][i] && n < 10 {
				t.Errorf("reused %s, fresh %s", states[0][i], states[1][i])
				n++
			}
		}
		t.Fatalf("the pattern with the reuse differs from the fresh one (%d and %d counts)", len(states[0]), len(states[1]))
	}
}
