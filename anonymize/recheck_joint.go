package anonymize

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/release"
)

// ErrNotAudited is returned by AuditReleases when the two releases could not be solved
// together: its note says why. Their pair is then not verified (check --previous says so and
// fails unless --allow-unchecked).
var ErrNotAudited = errors.New("anonymize: the two releases were not audited jointly")

// AuditReleases re-audits a release jointly with the release it replaced, as the run did
// (sdc_joint.go), from both releases' published counts and recorded relations alone (check
// --previous): prev and prevRel are the previous release's tables and relations, ts and r
// this release's (each as release.ReadTables and ReadRelations give them). It returns a
// finding for every "<threshold" count of either release that the two together place in an
// interval narrower than width and than its own release alone leaves, for someone who knows
// that the register only grew (or only lost cases, when a published count fell and none
// rose), and note, how the releases were compared. When the same data was released again,
// this release's own audit covers both (no finding, err nil). When the joint audit could not
// run (over its size budget, counts that rose and fell, noisy or rounded counts, another
// threshold, no relations recorded), err is ErrNotAudited and note says why. Hidden counts
// and changes are audited by the run only: which of them are small is not published. Counts
// printed in both releases that moved by 1 to threshold-1 (or a "<threshold" printed as 0
// now) are findings whatever the joint audit gives (movedCounts).
//
// stated is the direction the run's manifest records for its joint audit (its
// tables.previous_audit, also in protections.json's words): release.PreviousJoint (the
// register only grew) or release.PreviousJointLost (it only lost cases). The run chose it from
// this release's true counts; read back, the counts that moved may all be withheld, so that
// both directions fit the published counts. The stated one is then audited, not both: it is
// the one that holds (the other's polytope does not hold the true counts, so what it narrows
// is no disclosure), and the public statement names it (attack-2026-12-02c finding 3: the same
// register two months later, whose risk sets grew where the release withholds them, failed
// check by the loss-of-cases LP the run rightly did not solve). Published counts that
// contradict the stated direction are a finding. Any other stated (an older manifest, none):
// both directions are audited when the published counts do not tell.
func AuditReleases(prev []*release.Table, prevRel *release.Relations, ts []*release.Table, r *release.Relations, threshold, width int, stated string) (findings []string, note string, err error) {
	return AuditReleasesCarried(prev, prevRel, nil, ts, r, threshold, width, stated)
}

// AuditReleasesCarried is AuditReleases with the previous release's carried values (carried:
// release.ReadCarried of its folder, indexed; nil for none): the last values earlier releases
// printed of the counts it withheld (carried.json) and the lower bounds their own tables gave
// them (carried_bounds.json, in the organisation's folder only). The run's joint audit takes
// them as lower bounds of the previous release's counts (jointPrev.lastPrinted); check
// --previous solved the two folders without them, so that it did not audit what the run did
// (the joint helper's sixteenth session: printed_at_least read by the run only).
func AuditReleasesCarried(prev []*release.Table, prevRel *release.Relations, carried release.CarriedIndex, ts []*release.Table, r *release.Relations, threshold, width int, stated string) (findings []string, note string, err error) {
	// Counts printed in both that moved by 1 to threshold-1, and "<threshold" counts printed
	// as 0 now: the run's guard withholds them when it is given the previous release; a
	// release written to another folder (or whose guard did not run) prints them, whatever
	// path the joint audit takes (attack-2026-12-01e finding 3). They fail the pair even when
	// the joint audit could not run.
	if stated == release.PreviousHeld {
		// The run published the previous release's tables again (heldAgain): the two publish
		// what the previous one did, so its own audit covers both, provided they are the same.
		if diff := tablesDiffer(prev, ts); diff != "" {
			findings = append(findings, "the manifest says the previous release's tables are published again, unchanged (held), but "+diff)
		} else {
			return nil, heldNote, nil
		}
	}
	moved := movedCounts(prev, ts, threshold)
	var more []string
	more, note, err = auditJoint(prev, prevRel, carried, ts, r, threshold, width, stated)
	if len(moved) > 0 && (err == nil || errors.Is(err, ErrNotAudited)) {
		if err != nil {
			note = "count by count (not jointly: " + note + ")"
		}
		return append(append(findings, moved...), more...), note, nil
	}
	return append(findings, more...), note, err
}

// heldNote is AuditReleases' note on a held release whose tables are the previous one's.
const heldNote = "held: this release publishes the previous release's tables again, unchanged (fewer records than the threshold changed since), so that release's own audit covers both"

// tablesDiffer names the first way ts differ from prev as published (the tables, their
// columns, rows and printed cells), or returns "" when they are the same.
func tablesDiffer(prev, ts []*release.Table) string {
	if len(prev) != len(ts) {
		return fmt.Sprintf("it has %d tables and the previous release %d", len(ts), len(prev))
	}
	for i, p := range prev {
		t := ts[i]
		if t.Name != p.Name || !slices.Equal(t.Counts, p.Counts) || len(t.Rows) != len(p.Rows) {
			return fmt.Sprintf("table %s differs from the previous release's %s", t.Name, p.Name)
		}
		for r := range p.Rows {
			if !slices.Equal(t.Rows[r].Labels, p.Rows[r].Labels) || len(t.Rows[r].State) != len(p.Rows[r].State) {
				return fmt.Sprintf("table %s: row %d differs from the previous release's", t.Name, r+1)
			}
			for c := range p.Rows[r].State {
				if t.Cell(r, c) != p.Cell(r, c) {
					return fmt.Sprintf("table %s: row %d, column %s differs from the previous release's", t.Name, r+1, t.Counts[c])
				}
			}
		}
	}
	return ""
}

// auditJoint is AuditReleases but for the counts that moved.
func auditJoint(prev []*release.Table, prevRel *release.Relations, carried release.CarriedIndex, ts []*release.Table, r *release.Relations, threshold, width int, stated string) (findings []string, note string, err error) {
	if prevRel == nil || r == nil {
		return nil, "a release recorded no relations: not audited jointly", ErrNotAudited
	}
	pall, err := prevRel.Resolve(prev)
	if err != nil {
		return nil, "", fmt.Errorf("the previous release's relations: %w", err)
	}
	all, err := r.Resolve(ts)
	if err != nil {
		return nil, "", fmt.Errorf("the release's relations: %w", err)
	}
	all = unrecordedAsZero(all)
	s := &tableSet{byName: map[string]int{}, rows: map[string]map[string]int{}}
	for _, t := range all {
		s.add(t)
	}
	j, why := s.newJoint(pall, prevRel, threshold, carried)
	if j != nil && j.same && stated == release.PreviousJoint && !j.notSame() {
		// Every count the previous release printed is printed unchanged, but the run saw
		// withheld counts move (its counts' digest: jointPrev.notSame) and audited jointly.
		return nil, "the previous release's counts do not satisfy its relations: not audited jointly", ErrNotAudited
	}
	switch {
	case j == nil || j.mixed: // a fall check sees is printed: not audited (newJoint)
		return nil, why, ErrNotAudited
	case j.same:
		return nil, "the same data released again: this release's own audit covers both", nil
	}
	j.printed = true
	p := Protection{Threshold: threshold, Width: width, MayBeZero: zeroOf(r)}
	both := false // audited as growth and as a loss of cases
	as := ""      // the direction the manifest states, when it is audited alone
	switch stated {
	case release.PreviousJoint:
		if j.shrink {
			return []string{"the manifest says the register only grew since the previous release, but published counts fell and none rose"}, "", nil
		}
		j.unseen, as = false, ", as the manifest states"
	case release.PreviousJointLost:
		if !j.shrink && !j.unseen {
			return []string{"the manifest says the register only lost cases since the previous release, but published counts rose"}, "", nil
		}
		j.shrink, j.unseen, as = true, false, ", as the manifest states"
	}
	// The direction stated: the run bounded apart the pairs the printed counts contradict
	// (jointPrev.falls), and so does check, from the pattern published.
	j.bound = as != ""
	exposed, _, err := j.audit(all, linksOf(r), p)
	if errors.Is(err, errInfeasible) && !j.shrink && as == "" {
		// No published count fell, yet the register cannot have only grown: the counts that
		// fell are all withheld (a correction whose changes of 1 to 9 the guard withholds,
		// TestRegisterCorrected). Then it only lost cases, as the run knew: someone who holds
		// both releases learns that direction from the same contradiction.
		j.shrink, j.lps, j.wide = true, newLPCache(), provenWide{}
		exposed, _, err = j.audit(all, linksOf(r), p)
	} else if err == nil && j.unseen {
		// Both directions fit the published counts (a correction whose every fall is
		// withheld, as the run of r3k less 3 Herat cases gives): someone who knows it was a
		// correction solves B <= A, so that is audited too (the run audited the true one).
		j.shrink, j.lps, j.wide = true, newLPCache(), provenWide{}
		more, _, err2 := j.audit(all, linksOf(r), p)
		switch {
		case errors.Is(err2, errInfeasible):
			j.shrink = false // only growth fits
		case err2 != nil:
			return nil, "", err2
		default:
			for _, x := range more {
				if !slices.Contains(exposed, x) {
					exposed = append(exposed, x)
				}
			}
			slices.SortFunc(exposed, cmpRef)
			both = true
		}
	}
	if errors.Is(err, errJointTooLarge) {
		size := fmt.Sprintf("%d withheld counts in a block", jointBudget)
		if big := (*jointTooLarge)(nil); errors.As(err, &big) {
			size = fmt.Sprintf("its largest block of withheld counts %d, over %d", big.size, big.budget)
		}
		return nil, fmt.Sprintf("the linear program over both releases is over its size budget (%s), as it was for the run", size), ErrNotAudited
	}
	if errors.Is(err, errInfeasible) {
		if as != "" {
			return []string{"the two releases' published counts contradict each other's relations, labels or the direction the manifest states: no register that " + map[bool]string{false: "only grew", true: "only lost cases"}[j.shrink] + " gives both"}, "", nil
		}
		// No direction stated, and neither fits: counts rose and others fell, all where they
		// are withheld. That is a pair not solved together (exit 4, as when the published
		// counts show it), not a release that failed (attack-2026-12-02d finding 1b).
		return nil, "counts rose and others fell since the previous release (no register that only grew, or only lost cases, gives both releases' published counts)", ErrNotAudited
	}
	if err != nil {
		return nil, "", err
	}
	printed := map[Ref]bool{} // this release's withheld counts the previous release printed
	for _, pr := range j.pairs {
		if _, s := at(j.tables, pr[1]); s == Published {
			printed[pr[0]] = true
		}
	}
	for _, x := range exposed {
		t := all[x.T]
		what := fmt.Sprintf("a count shown as <%d (this release's, or the previous release's count of the same cells) can be worked out to within less than the protection range %d", threshold, p.width())
		if t.Hidden { // a hidden table's count (Protection.atStake), as AuditRelease says it
			what = fmt.Sprintf("the hidden count, whose interval reaches 1 to %d, can be worked out to within less than the protection range %d", threshold-1, p.width())
		}
		if _, s := at(all, x); s == Secondary && printed[x] {
			what = fmt.Sprintf("withheld now, printed by the previous release: the two releases place its change since then among fewer than %d values, a change of 1 to %d among them, and not both no change and another", p.width()+1, threshold-1)
		}
		findings = append(findings, fmt.Sprintf("table %s, row %s, column %s: with the previous release, %s: the joint audit would withhold more",
			t.Name, strings.Join(t.Rows[x.R].Labels, " / "), t.Counts[x.C], what))
	}
	how := "jointly, in one linear program over both releases that assumes the register only grew"
	switch {
	case both:
		how = "jointly, in one linear program over both releases that assumes the register only grew, and in one that assumes it only lost cases (no published count shows which)"
	case j.shrink:
		how = "jointly, in one linear program over both releases that assumes the register only lost cases"
	}
	return findings, how + as + j.fellNote(), nil
}

// movedCounts returns a finding for every count that prev and ts (tables of the same name,
// count columns, row labels and column) both print exactly and that differ by 1 to
// threshold-1, and for every count prev showed as "<threshold" that ts prints as 0: the
// difference names cases added or removed (the guard's counts, anonymize's guard). Noisy and
// rounded tables are left out (their counts move by the noise or the rounding).
func movedCounts(prev, ts []*release.Table, threshold int) []string {
	exact := func(t *release.Table) bool {
		if t.Epsilon > 0 {
			return false
		}
		for _, r := range t.Rows {
			if r.Rounded != nil {
				return false
			}
		}
		return true
	}
	byName := map[string]*release.Table{}
	for _, t := range prev {
		if !t.Hidden && exact(t) {
			byName[t.Name] = t
		}
	}
	var out []string
	for _, t := range ts {
		old, ok := byName[t.Name]
		if !ok || t.Hidden || !exact(t) || !slices.Equal(old.Counts, t.Counts) {
			continue
		}
		rows := map[string]int{}
		for i, r := range old.Rows {
			rows[strings.Join(r.Labels, "\x00")] = i
		}
		for _, row := range t.Rows {
			oi, ok := rows[strings.Join(row.Labels, "\x00")]
			if !ok {
				continue
			}
			orow := old.Rows[oi]
			for ci := range t.Counts {
				if ci >= len(row.State) || ci >= len(orow.State) || ci >= len(row.Values) || ci >= len(orow.Values) || row.State[ci] != release.Published {
					continue
				}
				v := row.Values[ci]
				switch orow.State[ci] {
				case release.Published:
					d := v - orow.Values[ci]
					if d != 0 && d > -int64(threshold) && d < int64(threshold) {
						out = append(out, fmt.Sprintf("table %s, row %s, column %s: printed in both releases, it moved by 1 to %d since the previous release (a change that names cases added or removed): the run's guard withholds it when given the previous release",
							t.Name, strings.Join(row.Labels, " / "), t.Counts[ci], threshold-1))
					}
				case release.Primary:
					if v == 0 {
						out = append(out, fmt.Sprintf("table %s, row %s, column %s: shown as <%d in the previous release and as 0 now (its cases left): the run's guard withholds it when given the previous release",
							t.Name, strings.Join(row.Labels, " / "), t.Counts[ci], threshold))
					}
				}
			}
		}
	}
	return out
}
