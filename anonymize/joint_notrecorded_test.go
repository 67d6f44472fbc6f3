package anonymize

import (
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestNotRecordedFallStillJoint (attack-2026-12-05b U4): six more months of the same exports,
// and a "(not recorded)" count fell by more than the threshold (a later organisation's linked
// record gave the person a value an earlier one did not record) while every other count
// rose. No case left: the "(not recorded)" row may fall with none removed (mayFall), so it is
// bounded apart and the rest audited jointly as growth. It was "counts rose and others fell":
// the two releases compared count by count, and the update never published.
func TestNotRecordedFallStillJoint(t *testing.T) {
	const th = 10
	P := release.Published
	tb := func(values []int64) *release.Table {
		x := &release.Table{Name: "by-sector", Labels: []string{"labour_sector"}, Counts: []string{"cases"}, Threshold: th}
		for i, l := range []string{"total", "agriculture", NotRecorded} {
			x.Rows = append(x.Rows, release.Row{Labels: []string{l}, Values: []int64{values[i]}, State: []release.State{P}})
		}
		return x
	}
	sum := release.Relation{Left: []release.CountRef{{0, 0, 0}}, Right: []release.CountRef{{0, 1, 0}, {0, 2, 0}}}
	rel := &release.Relations{Tables: []string{"by-sector"}, Equal: []release.Relation{sum}}
	a := tb([]int64{60, 30, 30})
	b := tb([]int64{90, 70, 20}) // agriculture +40, "(not recorded)" -10

	pall, err := rel.Resolve([]*release.Table{a})
	if err != nil {
		t.Fatal(err)
	}
	all, err := rel.Resolve([]*release.Table{b})
	if err != nil {
		t.Fatal(err)
	}
	s := &tableSet{byName: map[string]int{}, rows: map[string]map[string]int{}}
	for _, x := range all {
		s.add(x)
	}
	j, why := s.newJoint(pall, rel, th, nil)
	if j == nil || j.mixed || j.shrink {
		t.Fatalf("newJoint: %q, want the joint audit of growth (only a \"(not recorded)\" count fell)", why)
	}
	if len(j.nr) != 1 || !j.nrFell {
		t.Errorf("the \"(not recorded)\" pairs %v (fell %v), want the one, seen to fall", j.nr, j.nrFell)
	}
	found, note, err := AuditReleases([]*release.Table{a}, rel, []*release.Table{b}, rel, th, DefaultWidth(th), release.PreviousJoint)
	if err != nil {
		t.Fatalf("check --previous: %v (%s)", err, note)
	}
	if len(found) > 0 || !strings.Contains(note, "only grew") {
		t.Errorf("check --previous: %q, note %q: want the joint audit of growth, nothing exposed", found, note)
	}
}

// TestNotRecordedPaired: the "(not recorded)" rows bounded apart (above) would let a change
// through that someone who pairs them pins: here the register only grew, "(not recorded)"
// printed 30 before, and now agriculture and "(not recorded)" are withheld, 62 together (the
// total less construction). Apart, agriculture's change lies in [0, 32]; paired ("(not
// recorded)" is 30 or more now), in [0, 2]. The joint audit solves that LP too
// (jointPrev.withNR) and finds it.
func TestNotRecordedPaired(t *testing.T) {
	const th = 10
	P, C := release.Published, release.Secondary
	tb := func(values []int64, states []release.State) *release.Table {
		x := &release.Table{Name: "by-sector", Labels: []string{"labour_sector"}, Counts: []string{"cases"}, Threshold: th}
		for i, l := range []string{"total", "agriculture", "construction", NotRecorded} {
			x.Rows = append(x.Rows, release.Row{Labels: []string{l}, Values: []int64{values[i]}, State: []release.State{states[i]}})
		}
		return x
	}
	sum := release.Relation{Left: []release.CountRef{{0, 0, 0}}, Right: []release.CountRef{{0, 1, 0}, {0, 2, 0}, {0, 3, 0}}}
	rel := &release.Relations{Tables: []string{"by-sector"}, Equal: []release.Relation{sum}}
	a := tb([]int64{70, 30, 10, 30}, []release.State{P, P, P, P})
	b := tb([]int64{85, 0, 23, 0}, []release.State{P, C, P, C})
	found, note, err := AuditReleases([]*release.Table{a}, rel, []*release.Table{b}, rel, th, DefaultWidth(th), release.PreviousJoint)
	if err != nil {
		t.Fatalf("check --previous: %v (%s)", err, note)
	}
	t.Logf("found %q", found)
	if !slices.ContainsFunc(found, func(f string) bool { return strings.Contains(f, "agriculture") }) {
		t.Errorf("check --previous: %q, note %q: want agriculture's change, pinned once \"(not recorded)\" is paired", found, note)
	}
}
