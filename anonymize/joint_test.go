package anonymize

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
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
// releases; it must say what was done, and run --publish refuses it (NotToBePublished), as a
// release compared apart. With the budget, the joint audit runs and says so.
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
	b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointMax: 1}, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations})
	if err != nil {
		t.Fatal(err)
	}
	pr := b.Protection
	if pr.PreviousAudit != release.PreviousKept || !strings.Contains(pr.Previous, "not jointly") {
		t.Fatalf("over the budget: previous_audit %q, previous %q", pr.PreviousAudit, pr.Previous)
	}
	// Not audited together with the release it replaces: run --publish refuses it
	// (attack-2026-12-04d R15's rest: it was published with a notice), as one compared apart.
	if !(&release.Manifest{Tables: &pr}).NotToBePublished() {
		t.Error("kept over the joint audit's budget, not audited together: to be published")
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
		b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointFresh: fresh}, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations})
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

// TestRegisterCorrected (attack-2026-12-01c finding 10): a register corrected by removing 3
// cases and released again is audited jointly too, with every count at most the previous
// release's (it was compared apart, and an LP over both releases that knows the register
// only lost cases narrowed `<10` counts to 1-3). Re-audited from the published releases as
// check --previous does, no "<10" count of either is narrower than the range.
func TestRegisterCorrected(t *testing.T) {
	if testing.Short() {
		t.Skip("a joint protection of synth 500")
	}
	const th = 10
	in := synthCSV(t, 500, 2)
	first := collect(t, string(in))
	defer first.Close()
	second := collect(t, string(dropCases(t, in, herat, 3)))
	defer second.Close()
	if got, was := provinceCases(second.facts(), herat), provinceCases(first.facts(), herat); got != was-3 {
		t.Fatalf("Herat has %d cases after the correction, %d before", got, was)
	}
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th}, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations})
	if err != nil {
		t.Fatal(err)
	}
	if pr := b.Protection; pr.PreviousAudit != release.PreviousJointLost || !strings.Contains(pr.Previous, "only lost cases") {
		t.Fatalf("previous_audit %q, previous %q: want the joint audit of a register that only lost cases", pr.PreviousAudit, pr.Previous)
	}
	found, note, err := AuditReleases(a.Tables, a.Relations, b.Tables, b.Relations, th, DefaultWidth(th), b.Protection.PreviousAudit)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "only lost cases") {
		t.Errorf("check --previous: %q, want the joint audit of a register that only lost cases", note)
	}
	for _, f := range found {
		t.Error(f)
	}
}

// dropCases returns the canonical CSV in without its first k whole rows of the province (a
// correction: cases found to be duplicates or not victims removed).
func dropCases(t *testing.T, in []byte, province [2]string, k int) []byte {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(in))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := recs[0]
	prov, reg := slices.Index(h, "province_of_exploitation"), slices.Index(h, "registration_date")
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for i, r := range recs {
		if i > 0 && k > 0 && len(r) == len(h) && r[prov] == province[1] && len(r[reg]) == 10 && r[reg] < "2026" {
			k--
			continue
		}
		w.Write(r)
	}
	w.Flush()
	if k > 0 {
		t.Fatalf("fewer whole rows of %v than asked", province)
	}
	return out.Bytes()
}

// TestCheckMovedCounts (attack-2026-12-01e finding 3): a release written to another folder
// (its run never saw the previous release, so no guard) prints counts that moved by 1 to 9
// and a 0 where the previous release showed "<10". check --previous fails it whatever path
// the joint audit takes, even with no relations recorded; a count that moved by 10, and
// withheld or noisy counts, are no finding.
func TestCheckMovedCounts(t *testing.T) {
	const th = 10
	table := func(values [][]int64, states [][]release.State, eps float64) *release.Table {
		tb := &release.Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
			Counts: []string{"cases", "female", "male"}, TotalCols: []bool{true, false, false}, Threshold: th, Epsilon: eps}
		for i, v := range values {
			tb.Rows = append(tb.Rows, release.Row{Labels: []string{"IN", fmt.Sprint("IN-", i)}, Values: v, State: states[i]})
		}
		return tb
	}
	P, S, C := release.Published, release.Primary, release.Secondary
	a := table([][]int64{{330, 200, 130}, {40, 3, 37}, {12, 0, 12}},
		[][]release.State{{P, P, P}, {P, S, C}, {P, P, P}}, 0)
	b := table([][]int64{{333, 200, 133}, {40, 0, 40}, {22, 0, 22}},
		[][]release.State{{P, P, P}, {P, P, P}, {P, P, P}}, 0)
	found, note, err := AuditReleases([]*release.Table{a}, nil, []*release.Table{b}, nil, th, DefaultWidth(th), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"row IN / IN-0, column cases: printed in both releases, it moved by 1 to 9",
		"row IN / IN-0, column male: printed in both releases, it moved by 1 to 9",
		"row IN / IN-1, column female: shown as <10 in the previous release and as 0 now"}
	if len(found) != len(want) {
		t.Errorf("findings %q (%s), want %d", found, note, len(want))
	}
	for i, w := range want {
		if i < len(found) && !strings.Contains(found[i], w) {
			t.Errorf("finding %q, want %q", found[i], w)
		}
	}
	for _, f := range found {
		if strings.Contains(f, "330") || strings.Contains(f, "333") {
			t.Errorf("a finding prints the counts: %q", f)
		}
	}
	// Noisy counts move by the noise: no finding (and no relations: not audited).
	noisy := table([][]int64{{333, 200, 133}, {40, 0, 40}, {22, 0, 22}}, [][]release.State{{P, P, P}, {P, P, P}, {P, P, P}}, 0.5)
	if found, _, err := AuditReleases([]*release.Table{a}, nil, []*release.Table{noisy}, nil, th, DefaultWidth(th), ""); !errors.Is(err, ErrNotAudited) || len(found) > 0 {
		t.Errorf("noisy: findings %q, err %v", found, err)
	}
}

// TestCheckFollowsStatedDirection (attack-2026-12-02c finding 3): the same register two
// months later grew only where the release withholds it (a province's cases rose by 3, its
// total withheld by the guard), so that every count printed in both releases is unchanged
// and both directions fit the published counts. The run saw the growth in its true counts,
// audited B >= A and said so in its manifest (previous_audit "joint"); check --previous also
// solved B <= A, whose polytope does not hold the true counts, found the previous release's
// "<10" pinned at 1 there, and failed the release the run had accepted (exit 3). Check now
// audits the direction the manifest states, and finds published counts that contradict it.
func TestCheckFollowsStatedDirection(t *testing.T) {
	const th = 10
	P, S, C := release.Published, release.Primary, release.Secondary
	table := func(values []int64, states []release.State) *release.Table {
		tb := &release.Table{Name: "cases-by-province", Labels: []string{"province"}, Counts: []string{"cases"}, Threshold: th}
		for i, l := range []string{"all provinces", "AF-HER", "AF-NAN", "AF-KHO"} {
			tb.Rows = append(tb.Rows, release.Row{Labels: []string{l}, Values: []int64{values[i]}, State: []release.State{states[i]}})
		}
		return tb
	}
	rel := &release.Relations{Tables: []string{"cases-by-province"}, Equal: []release.Relation{{
		Left:  []release.CountRef{{0, 0, 0}},
		Right: []release.CountRef{{0, 1, 0}, {0, 2, 0}, {0, 3, 0}},
	}}}
	// A: 45 cases, Herat 1 (<10), Nangarhar 24 (withheld), Khost 20. B: Herat 4, the rest
	// the same; the total (48, moved by 3) withheld, Nangarhar printed. Withheld counts are
	// erased, as release.ReadTables gives them.
	a := table([]int64{45, 0, 0, 20}, []release.State{P, S, C, P})
	b := table([]int64{0, 0, 24, 20}, []release.State{C, S, P, P})
	audit := func(stated string) ([]string, string) {
		t.Helper()
		found, note, err := AuditReleases([]*release.Table{a}, rel, []*release.Table{b}, rel, th, DefaultWidth(th), stated)
		if err != nil {
			t.Fatalf("stated %q: %v", stated, err)
		}
		return found, note
	}
	// Not stated (an older manifest): both directions, and B <= A pins Herat (24 <= A's
	// Nangarhar, so A's Herat is 1): the finding check gave.
	if found, note := audit(""); len(found) != 1 || !strings.Contains(found[0], "AF-HER") || !strings.Contains(note, "only lost cases") {
		t.Errorf("not stated: findings %q (%s), want Herat pinned by the loss-of-cases LP", found, note)
	}
	if found, note := audit(release.PreviousJoint); len(found) != 0 || !strings.Contains(note, "only grew, as the manifest states") || strings.Contains(note, "lost") {
		t.Errorf("stated grown: findings %q (%s), want none, audited as growth", found, note)
	}
	if found, note := audit(release.PreviousJointLost); len(found) != 1 || !strings.Contains(found[0], "AF-HER") || !strings.Contains(note, "only lost cases, as the manifest states") {
		t.Errorf("stated lost cases: findings %q (%s), want Herat pinned", found, note)
	}

	// Published counts against the stated direction: Khost printed 20 then 22 (grew), or 18.
	for _, c := range []struct {
		khost  int64
		stated string
		want   string
	}{
		{22, release.PreviousJointLost, "only lost cases since the previous release, but published counts rose"},
		{18, release.PreviousJoint, "only grew since the previous release, but published counts fell"},
	} {
		b := table([]int64{0, 0, 24, c.khost}, []release.State{C, S, P, P})
		found, _, err := AuditReleases([]*release.Table{a}, rel, []*release.Table{b}, rel, th, DefaultWidth(th), c.stated)
		if err != nil || len(found) == 0 || !strings.Contains(strings.Join(found, "\n"), c.want) {
			t.Errorf("Khost %d, stated %q: findings %q, err %v; want %q", c.khost, c.stated, found, err, c.want)
		}
	}
}

// TestGrewWhereWithheld (attack-2026-12-01f finding 3; "the same data again" only when every
// count is unchanged): synth 400 grown by 3 Herat cases (U, whose guard withholds every count
// they moved), then by 3 more of the same cells (V): every count U printed is V's, unchanged,
// so V read as "the same data again" (previous_audit "same data", no joint audit), though
// its withheld counts grew. With U's counts' digest (the manifest's tables.counts_digest) V
// keeps U's pattern and is audited jointly as a register that grew; check --previous, told
// the direction by the manifest, audits the same and finds nothing.
func TestGrewWhereWithheld(t *testing.T) {
	if testing.Short() {
		t.Skip("three protections of synth 400, two of them joint")
	}
	const th = 10
	in := synthCSV(t, 400, 4)
	first := collect(t, string(in))
	defer first.Close()
	have := provinceCases(first.facts(), herat)
	// One Herat case of the latest year, as grow copies it; U has 3 copies of it, V 3 more
	// (the same cells: every count they touch moved by 3 in U, which withholds it).
	cr := csv.NewReader(bytes.NewReader(grow(t, in, herat, have, have+1)))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	id := slices.Index(recs[0], "case_id")
	row := recs[len(recs)-1]
	if row[id] != "NEW-0000" {
		t.Fatalf("grow's new case is %q", row[id])
	}
	copies := func(in []byte, prefix string) []byte {
		out := bytes.NewBuffer(slices.Clone(in))
		w := csv.NewWriter(out)
		for i := range 3 {
			r := slices.Clone(row)
			r[id] = fmt.Sprintf("%s-%04d", prefix, i)
			w.Write(r)
		}
		w.Flush()
		return out.Bytes()
	}
	u := copies(in, "NEW")
	v := bytes.NewBuffer(copies(u, "MORE"))
	protect := func(in []byte, prev *ProtectedTables, digest string) *ProtectedTables {
		t.Helper()
		c := collect(t, string(in))
		defer c.Close()
		cfg := TableConfig{Protection: Protection{Threshold: th}}
		if prev != nil {
			cfg.AllowDifferencing = true
			cfg.Previous, cfg.PreviousRelations, cfg.PreviousDigest = prev.Tables, prev.Relations, digest
		}
		pt, err := c.Tables(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return pt
	}
	a := protect(in, nil, "")
	ut := protect(u, a, a.Protection.CountsDigest)
	if ut.Protection.PreviousAudit != release.PreviousJoint {
		t.Fatalf("U: previous_audit %q, want the joint audit of a grown register", ut.Protection.PreviousAudit)
	}
	// Without the digest (a previous manifest written before it was recorded): the same data.
	if old := protect(v.Bytes(), ut, ""); old.Protection.PreviousAudit != release.PreviousSame {
		t.Fatalf("V without U's digest: previous_audit %q, want %q (else the test no longer grows V where U withholds only)", old.Protection.PreviousAudit, release.PreviousSame)
	}
	vt := protect(v.Bytes(), ut, ut.Protection.CountsDigest)
	pr := vt.Protection
	if pr.CountsDigest == ut.Protection.CountsDigest {
		t.Fatal("V's counts' digest is U's")
	}
	if pr.PreviousAudit != release.PreviousJoint || strings.Contains(pr.Previous, "same data") || pr.Audit.Exposed != 0 {
		t.Errorf("V: previous_audit %q, exposed %d, previous %q: want the joint audit of a grown register", pr.PreviousAudit, pr.Audit.Exposed, pr.Previous)
	}
	// U's pattern kept: every count U printed V prints, with the same value.
	printed := map[string]int64{}
	for _, x := range vt.Tables {
		for _, r := range x.Rows {
			for ci, st := range r.State {
				if st == release.Published {
					printed[x.Name+"|"+strings.Join(r.Labels, "|")+"|"+x.Counts[ci]] = r.Values[ci]
				}
			}
		}
	}
	for _, x := range ut.Tables {
		for _, r := range x.Rows {
			for ci, st := range r.State {
				key := x.Name + "|" + strings.Join(r.Labels, "|") + "|" + x.Counts[ci]
				if got, ok := printed[key]; st == release.Published && (!ok || got != r.Values[ci]) {
					t.Errorf("%s: U printed %d, V prints %d (printed %v)", key, r.Values[ci], got, ok)
				}
			}
		}
	}
	found, note, err := AuditReleases(ut.Tables, ut.Relations, vt.Tables, vt.Relations, th, DefaultWidth(th), pr.PreviousAudit)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "only grew, as the manifest states") {
		t.Errorf("check --previous: %q, want the joint audit of a grown register", note)
	}
	for _, f := range found {
		t.Error(f)
	}
}

// TestAtRiskApart (attack-2026-12-01e finding 3): three children at risk confirmed as victims
// make the people at risk's table fall while the victims' tables grow. The victims' tables
// are still audited jointly (growth), the at-risk table apart (its own relations, the guard,
// the changes bounded count by count): the run took the rose-and-fell path, compared
// everything apart, and wrote a release that check --previous, seeing the falls withheld,
// solved as growth and failed.
func TestAtRiskApart(t *testing.T) {
	const th = 10
	table := func(name string, v []int64, st []release.State) *release.Table {
		return &release.Table{Name: name, Labels: []string{"country"}, Counts: []string{"cases", "female", "male"},
			TotalCols: []bool{true, false, false}, Threshold: th, Rows: []release.Row{{Labels: []string{"IN"}, Values: v, State: st}}}
	}
	P := release.Published
	a := []*release.Table{table("cases-by-country", []int64{330, 200, 130}, []release.State{P, P, P}),
		table(atRiskName, []int64{303, 150, 153}, []release.State{P, P, P})}
	s := &tableSet{byName: map[string]int{}, rows: map[string]map[string]int{}}
	s.add(table("cases-by-country", []int64{333, 200, 133}, nil))
	s.add(table(atRiskName, []int64{300, 150, 150}, nil))
	j, why := s.newJoint(a, &release.Relations{}, th, nil)
	if j == nil {
		t.Fatalf("not audited jointly: %s", why)
	}
	if j.shrink || j.same {
		t.Errorf("shrink %v, same %v: want growth", j.shrink, j.same)
	}
	for _, pr := range j.pairs {
		if s.tables[pr[0].T].Name == atRiskName {
			t.Errorf("the at-risk table's count %v is paired with the previous release's", pr[0])
		}
	}
	if len(j.pairs) != 3 {
		t.Errorf("%d pairs, want the victims' table's 3", len(j.pairs))
	}
}

// TestSumRange: the range a release's own published counts and relations give a sum of its
// counts (the brief's share of children after a grown release, attack-2026-12-01d finding
// 12): the sum of every age band's cases is the printed total exactly; the minors' sum lies
// within [0, the total] and holds the true count.
func TestSumRange(t *testing.T) {
	const th = 10
	c := synthCollector(t, 500, 1)
	defer c.Close()
	var minors int64
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	all, err := pt.Relations.Resolve(pt.Tables)
	if err != nil {
		t.Fatal(err)
	}
	ti := slices.IndexFunc(all, func(x *release.Table) bool { return x.Name == "cases-by-age-and-gender" })
	if ti < 0 {
		t.Fatal("no cases-by-age-and-gender")
	}
	var every, young []release.CountRef
	total := int64(-1)
	for ri, row := range all[ti].Rows {
		if row.Total {
			if row.State[0] == release.Published {
				total = row.Values[0]
			}
			continue
		}
		every = append(every, release.CountRef{ti, ri, 0})
		if row.Labels[0] == "minor" {
			young = append(young, release.CountRef{ti, ri, 0})
		}
	}
	f := c.facts()
	for i, k := range f.cells {
		if f.majority(k) == "minor" {
			minors += f.counts[i]
		}
	}
	if total < 0 {
		t.Fatal("the total of cases-by-age-and-gender is withheld")
	}
	lo, hi, err := SumRange(all, pt.Relations, th, every)
	if err != nil {
		t.Fatal(err)
	}
	if lo != float64(total) || hi != float64(total) {
		t.Errorf("every age band: [%g, %g], want the printed total %d", lo, hi, total)
	}
	lo, hi, err = SumRange(all, pt.Relations, th, young)
	if err != nil {
		t.Fatal(err)
	}
	if lo < 0 || hi > float64(total) || lo > float64(minors) || hi < float64(minors) {
		t.Errorf("minors: [%g, %g], want within [0, %d] around the true %d", lo, hi, total, minors)
	}
	t.Logf("minors %d in [%g, %g] of %d", minors, lo, hi, total)
}

// TestWindowCountsApart (attack-2026-12-02a finding 2): occupancy's admissions in the 12
// months to the export and its people in care at the end slide with the export date, and a
// later export moves follow-up's "no", services not implemented and legal cases pending the
// other way too, with no case removed. None of them is paired with the previous release's, so
// a register that grew (or gained nothing but a later export) is still audited jointly as
// growth; before, every re-release of a register with centres read as "cases were removed"
// and was never solved together, while check --previous solved it and failed it.
func TestWindowCountsApart(t *testing.T) {
	const th = 10
	P := release.Published
	row := func(labels []string, v ...int64) release.Row {
		st := make([]release.State, len(v))
		for i := range st {
			st[i] = P
		}
		return release.Row{Labels: labels, Values: v, State: st}
	}
	table := func(name string, labels, counts []string, rows ...release.Row) *release.Table {
		return &release.Table{Name: name, Labels: labels, Counts: counts, TotalCols: make([]bool, len(counts)), Threshold: th, Rows: rows}
	}
	tables := func(cases, admissions, inCare, no, notImpl, pending, convicted int64) []*release.Table {
		return []*release.Table{
			table("cases-by-country", []string{"country"}, []string{"cases"}, row([]string{"AF"}, cases)),
			table("occupancy", []string{"province"}, []string{"admissions", "in_care_at_end"}, row([]string{"AF-HER"}, admissions, inCare)),
			table("follow-up", []string{"measure", "reintegrated_at_least"}, []string{"children", "yes", "no", "not_recorded"},
				row([]string{"visited_after", "6 months"}, 60, 60-no, no, 0)),
			table("services", []string{"service_type"}, []string{"people", "implemented", "not_implemented", "not_recorded"},
				row([]string{"any service"}, 80, 80-notImpl, notImpl, 0)),
			table("justice-funnel", []string{"year", "step"}, []string{"legal_cases"},
				row([]string{"2024", "complaint"}, 50), row([]string{"2024", "pending"}, pending), row([]string{"2024", "convicted"}, convicted)),
		}
	}
	for _, tc := range []struct {
		name  string
		cases int64
	}{{"three more cases, a later export", 333}, {"the same cases, a later export", 330}} {
		t.Run(tc.name, func(t *testing.T) {
			a := tables(330, 40, 30, 20, 30, 30, 20)
			s := &tableSet{byName: map[string]int{}, rows: map[string]map[string]int{}}
			for _, tb := range tables(tc.cases, 25, 22, 12, 20, 20, 30) {
				c := *tb
				c.Rows = slices.Clone(tb.Rows)
				for i := range c.Rows {
					c.Rows[i].State = nil
				}
				s.add(&c)
			}
			j, why := s.newJoint(a, &release.Relations{}, th, nil)
			if j == nil {
				t.Fatalf("not audited jointly: %s", why)
			}
			if j.shrink || j.same {
				t.Errorf("shrink %v, same %v: want growth", j.shrink, j.same)
			}
			for _, pr := range j.pairs {
				tb := s.tables[pr[0].T]
				col, labels := tb.Counts[pr[0].C], tb.Rows[pr[0].R].Labels
				if tb.Name == "occupancy" || col == "no" || col == "not_implemented" || slices.Contains(labels, "pending") {
					t.Errorf("%s %v %s (a count that may fall) is paired with the previous release's", tb.Name, labels, col)
				}
			}
			// cases; follow-up children and yes; services people and implemented; complaint, convicted.
			if len(j.pairs) != 7 {
				t.Errorf("%d pairs, want 7", len(j.pairs))
			}
		})
	}
}
