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
// and changes are audited by the run only: which of them are small is not published.
func AuditReleases(prev []*release.Table, prevRel *release.Relations, ts []*release.Table, r *release.Relations, threshold, width int) (findings []string, note string, err error) {
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
	j, why := s.newJoint(pall, prevRel, threshold)
	switch {
	case j == nil:
		return nil, why, ErrNotAudited
	case j.same:
		return nil, "the same data released again: this release's own audit covers both", nil
	}
	p := Protection{Threshold: threshold, Width: width, MayBeZero: zeroOf(r)}
	both := false // audited as growth and as a loss of cases
	exposed, _, err := j.audit(all, linksOf(r), p)
	if errors.Is(err, errInfeasible) && !j.shrink {
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
		return nil, fmt.Sprintf("the linear program over both releases is over its size budget (%d withheld counts in a block), as it was for the run", jointBudget), ErrNotAudited
	}
	if errors.Is(err, errInfeasible) {
		return []string{"the two releases' published counts contradict each other's relations, labels or direction: no register that only grew (or only lost cases) gives both"}, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	for _, x := range exposed {
		t := all[x.T]
		findings = append(findings, fmt.Sprintf("table %s, row %s, column %s: with the previous release, a count shown as <%d (this release's, or the previous release's count of the same cells) can be worked out to within less than the protection range %d: the joint audit would withhold more",
			t.Name, strings.Join(t.Rows[x.R].Labels, " / "), t.Counts[x.C], threshold, p.width()))
	}
	how := "jointly, in one linear program over both releases that assumes the register only grew"
	switch {
	case both:
		how = "jointly, in one linear program over both releases that assumes the register only grew, and in one that assumes it only lost cases (no published count shows which)"
	case j.shrink:
		how = "jointly, in one linear program over both releases that assumes the register only lost cases"
	}
	return findings, how, nil
}
