package anonymize

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCheckReadsCarriedBounds: check --previous solved the two releases without the previous
// release's carried values, though the run's joint audit takes them as lower bounds of the
// counts that release withheld (printed_at_least, in carried_bounds.json: the organisation's
// own bounds of 1-9, and the last values printed, in carried.json). A: 45 cases, Herat "<10",
// Nangarhar withheld, Khost 20; B: 56, Herat "<10", Nangarhar withheld, Khost 30. Herat and
// Nangarhar hold 25 cases in A and 26 in B. Without bounds, B's Herat is anywhere in 1-9
// jointly; an earlier release's tables bounded A's Nangarhar at 22 or more, so with both
// releases B's Nangarhar is 22 or more and B's Herat 1-4, narrower than the range 5.
func TestCheckReadsCarriedBounds(t *testing.T) {
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
	a := table([]int64{45, 0, 0, 20}, []release.State{P, S, C, P})
	b := table([]int64{56, 0, 0, 30}, []release.State{P, S, C, P})
	found, note, err := AuditReleasesCarried([]*release.Table{a}, rel, nil, []*release.Table{b}, rel, th, DefaultWidth(th), release.PreviousJoint)
	if err != nil || len(found) != 0 {
		t.Fatalf("without carried values: findings %q (%s), err %v; want none", found, note, err)
	}
	bounds := release.Carried{}.SetAtLeast(a, []string{"AF-NAN"}, 0, 22)
	found, note, err = AuditReleasesCarried([]*release.Table{a}, rel, bounds.Index(), []*release.Table{b}, rel, th, DefaultWidth(th), release.PreviousJoint)
	if err != nil {
		t.Fatalf("with the bounds: %v (%s)", err, note)
	}
	if len(found) != 1 || !strings.Contains(found[0], "AF-HER") {
		t.Errorf("with A's Nangarhar at least 22: findings %q (%s), want Herat narrower than the range", found, note)
	}
}
