package anonymize

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestJointAtStake: the joint audit with the previous release targets a hidden count its value
// does not protect (0, or the threshold or more) as this release's own audit does
// (Protection.atStake): exposed when the two releases together place it in an interval
// narrower than the range that reaches 1..threshold-1, not when that interval lies above it.
// The joint audit targeted B's protected counts only, so the previous release's printed
// counts could narrow such a count into 1..9 unseen (outc's Left of the session of 2026-12-06).
//
// This release: cases 50 = a + b, a and b withheld, b = h + g with h hidden, g printed. Alone,
// h lies anywhere from 0 to 50-g. The previous release printed a 22 and b 24: the register
// only grew, so b is 24 to 28 and h is b-g.
func TestJointAtStake(t *testing.T) {
	const th = 10
	P, S, H := release.Published, release.Secondary, release.Hidden
	for _, c := range []struct {
		g, h    int64
		exposed bool
	}{
		{15, 12, true}, // h in [9, 13]: four wide, reaching 9
		{5, 22, false}, // h in [19, 23]: four wide, above 9
	} {
		b := 27
		a := []*release.Table{{Name: "cases-by-country", Labels: []string{"country"}, Counts: []string{"cases", "a", "b", "g"},
			TotalCols: []bool{true, false, false, false}, Threshold: th,
			Rows: []release.Row{{Labels: []string{"IN"}, Values: []int64{46, 22, 24, c.g}, State: []release.State{P, P, P, P}}}}}
		s := &tableSet{byName: map[string]int{}, rows: map[string]map[string]int{}}
		s.add(&CountTable{Name: "cases-by-country", Labels: []string{"country"}, Counts: []string{"cases", "a", "b", "g"},
			TotalCols: []bool{true, false, false, false}, Threshold: th,
			Rows: []CountRow{{Labels: []string{"IN"}, Values: []int64{50, 23, int64(b), c.g}, State: []State{P, S, S, P}}}})
		s.add(&CountTable{Name: "cases-hidden", Hidden: true, Labels: []string{"country"}, Counts: []string{"h"}, TotalCols: []bool{false},
			Rows: []CountRow{{Labels: []string{"IN"}, Values: []int64{c.h}, State: []State{H}}}})
		l := Links{Eqs: []Eq{
			{Plus: []Ref{{0, 0, 0}}, Minus: []Ref{{0, 0, 1}, {0, 0, 2}}},
			{Plus: []Ref{{0, 0, 2}}, Minus: []Ref{{1, 0, 0}, {0, 0, 3}}},
		}}
		j, why := s.newJoint(a, &release.Relations{}, th, nil)
		if j == nil {
			t.Fatalf("not audited jointly: %s", why)
		}
		p := Protection{Threshold: th}
		if !p.atStake(s.tables, Ref{1, 0, 0}) || p.protected(s.tables, Ref{1, 0, 0}) {
			t.Fatalf("h = %d: not a count at stake only", c.h)
		}
		// This release alone leaves h wide.
		if ex, iv, _, err := Audit(s.tables, l, p); err != nil || len(ex) > 0 || iv[Ref{1, 0, 0}].Width() < 5 {
			t.Fatalf("h = %d alone: exposed %v, interval %+v, %v", c.h, ex, iv[Ref{1, 0, 0}], err)
		}
		out, _, err := j.audit(s.tables, l, p)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(out, Ref{1, 0, 0}); got != c.exposed {
			t.Errorf("g %d, h %d: the hidden count exposed jointly %v, want %v (exposed %v)", c.g, c.h, got, c.exposed, out)
		}
	}
}
