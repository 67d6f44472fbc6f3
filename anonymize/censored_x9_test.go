package anonymize

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// TestCensoredBetweenPointsExceptionShadow is attack-2026-12-05e X9's last item: the tester's
// full LP over r3 (release_lp.py) placed the hidden count re-trafficking-censored-between-points
// [school_or_health, 3 months] in [7, 11], width 4 under the protection range 5. The route's
// at risk fell 51 -> 39 (12 left, both printed), its events by 3 months are "<10" and, five
// routes' "<10" under an all-routes "<10", each among 1..5 by the labels alone: the censored are
// 12 less those, 7..11. No relation is missing: the outcome store writes leavers = events +
// censored and n(0) = n(3) + leavers, and that is all an attacker has. The count is 11 (r3k, a
// debug print of intervalEvents), not a small count: a hidden cell is protected only from 1 to
// threshold-1 (Protection.protected), which release_lp.py cannot tell from the release (check
// audits hidden cells "by the run only": which are small is not published), so it flags every
// narrow hidden cell. This test builds the shape twice: the route's 12 leavers as 1 event and
// 11 censored (the release's), and as 3 events and 9 censored (a small hidden count), and
// fails when a hidden censored count from 1 to 9 is left narrower than the range, and when the
// first shape does not come out as the tester's [7, 11] (the test would test nothing).
func TestCensoredBetweenPointsExceptionShadow(t *testing.T) {
	const threshold, width = 10, 5
	routes := []string{"school_or_health", "hotline", "ngo", "police_operation", "family_or_community"}
	for _, events := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d events, %d censored", events, 12-events), func(t *testing.T) {
			var cases []CaseOutcome
			for ri, route := range routes {
				n := 50 + ri*7
				if ri == 0 {
					n = 51
				}
				for i := range n {
					o := CaseOutcome{Care: true, Province: "IN-WB", Route: route,
						Outcome: outcomes.Outcome{StayMonths: 2, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true, FollowedMonths: 30}}
					switch {
					case ri == 0 && i < events: // re-trafficked in the first 3 months
						o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 1+float64(i)/4, true
					case ri == 0 && i < 12: // lost to follow-up in the first 3 months
						o.Outcome.FollowedMonths = 1.1 + float64(i)/10
					case ri > 0 && i == 0:
						o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 1.5, true
					case ri > 0 && i < 16: // the other routes' 15 lost in the first 3 months
						o.Outcome.FollowedMonths = 1.2 + float64(i)/10
					}
					cases = append(cases, o)
				}
			}
			c := outcomeCollector(t, len(cases), func(i int) CaseOutcome { return cases[i] })
			pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: threshold, Width: width}})
			if err != nil {
				t.Fatal(err)
			}
			rt := tableByName(pt.Tables, "re-trafficking")
			if rt == nil {
				t.Fatal("no re-trafficking table")
			}
			// The values behind the hidden cells are erased from the release; the test knows them.
			all, err := pt.Relations.Resolve(pt.Tables)
			if err != nil {
				t.Fatal(err)
			}
			var target []Ref
			value := map[Ref]int64{}
			for ti, tb := range all {
				if tb.Name != "re-trafficking-censored-between-points" {
					continue
				}
				for ri, row := range tb.Rows {
					r := Ref{ti, ri, 0}
					target = append(target, r)
					if row.Labels[0] == "school_or_health" && row.Labels[1] == "3 months" {
						value[r] = int64(12 - events)
					}
				}
			}
			if len(value) != 1 {
				t.Fatalf("no hidden censored count of school_or_health at 3 months: %v", target)
			}
			want := map[Ref]bool{}
			for _, r := range target {
				want[r] = true
			}
			iv, _, err := (*lpCache)(nil).audit(unrecordedAsZero(all), linksOf(pt.Relations), threshold, zeroOf(pt.Relations),
				func(r Ref) bool { return want[r] }, func(Ref) float64 { return math.Inf(1) })
			if err != nil {
				t.Fatal(err)
			}
			for r, v := range value {
				x, ok := iv[r]
				if !ok {
					t.Fatalf("no interval for the hidden count %v", r)
				}
				t.Logf("re-trafficking-censored-between-points [school_or_health, 3 months] = %d, placed in [%g, %g]", v, x.Lo, x.Hi)
				if v >= 1 && v < threshold && x.Width() < width-1e-6 {
					t.Errorf("a hidden censored count of %d placed in [%g, %g], narrower than %d", v, x.Lo, x.Hi, width)
				}
				if events == 1 && (x.Lo != 7 || x.Hi != 11) {
					var b strings.Builder
					for _, row := range rt.Rows {
						fmt.Fprintf(&b, "\n%v %v %v", row.Labels, row.Values, row.State)
					}
					t.Errorf("the tester's shape: placed in [%g, %g], want [7, 11] (at risk 51 -> 39 and five routes' events <10 printed):%s", x.Lo, x.Hi, b.String())
				}
			}
		})
	}
}
