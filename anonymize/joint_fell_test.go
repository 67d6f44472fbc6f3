package anonymize

import (
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestJointFallsBoundedApart (attack-2026-12-05f Y3): no count printed in both releases fell,
// but a count the printed ones give did (here Y + Z, 40 in the previous release, is the total
// less X now: 39), as linkage re-choosing kept records does on an ordinary update (the guard
// withholds each fall of 1 to 4). No register that only grew gives both releases, and the run
// dropped the whole joint audit for it ("apart": a release that only grew refused). Now the
// pair the printed counts contradict is bounded apart, as mayFall's pairs are, and the rest
// audited jointly: falls names it, and check --previous of the direction stated agrees.
func TestJointFallsBoundedApart(t *testing.T) {
	const th = 10
	P, C := release.Published, release.Secondary
	tb := func(values []int64, states []release.State) *release.Table {
		x := &release.Table{Name: "t", Labels: []string{"part"}, Counts: []string{"cases"}, Threshold: th}
		for i, l := range []string{"total", "X", "Y", "Z"} {
			x.Rows = append(x.Rows, release.Row{Labels: []string{l}, Values: []int64{values[i]}, State: []release.State{states[i]}})
		}
		return x
	}
	sum := release.Relation{Left: []release.CountRef{{0, 0, 0}}, Right: []release.CountRef{{0, 1, 0}, {0, 2, 0}, {0, 3, 0}}}
	rel := &release.Relations{Tables: []string{"t"}, Equal: []release.Relation{sum}}
	a := tb([]int64{60, 20, 20, 20}, []release.State{P, P, P, P})
	b := tb([]int64{99, 60, 0, 0}, []release.State{P, P, C, C})

	// falls, on the releases as check reads them.
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
	if j == nil || j.mixed {
		t.Fatalf("newJoint: %q, want growth (no printed count fell)", why)
	}
	p := Protection{Threshold: th, Width: DefaultWidth(th), MayBeZero: zeroOf(rel)}
	fell, err := j.falls(all, linksOf(rel), p)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for pr := range fell {
		names = append(names, exposedNames(all, []Ref{pr[0]})...)
	}
	slices.Sort(names)
	t.Logf("bounded apart: %q", names)
	if !slices.Equal(names, []string{"t / Z / cases"}) {
		t.Errorf("bounded apart %q, want the one count whose fall the printed counts show (t / Z / cases: Y kept first, in the pairs' order)", names)
	}

	found, note, err := AuditReleases([]*release.Table{a}, rel, []*release.Table{b}, rel, th, DefaultWidth(th), release.PreviousJoint)
	if err != nil {
		t.Fatalf("check --previous: %v (%s)", err, note)
	}
	for _, f := range found {
		if strings.Contains(f, "contradict") {
			t.Errorf("check --previous: %s", f)
		}
	}
	if !strings.Contains(note, "only grew") || !strings.Contains(note, "1 counts whose change the two releases' printed counts show against that direction") {
		t.Errorf("check --previous: %q, want the joint audit of growth with one count bounded apart", note)
	}
}
