package anonymize

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// TestCurvePointsResistAttack: an attacker holding the published curve points (numbers at risk
// and running totals of events at three, six, 12 and 24 months, per group and for all groups)
// tries to recover the events between two points (the survfit summary's n.event), which singles
// out a child when it is from 1 to threshold-1. They subtract running totals, bound an
// interval's events by the fall of the number at risk, and fill in a withheld group's counts
// from the total and the other groups (the groups partition the cases). Over several random
// draws with small groups, no small interval count is pinned to an interval narrower than the
// protection range, and the linear-programming re-audit that check runs finds nothing.
func TestCurvePointsResistAttack(t *testing.T) {
	const threshold = 5
	width := int64(DefaultWidth(threshold))
	small := 0
	for seed := uint64(1); seed <= 8; seed++ {
		r := rand.New(rand.NewPCG(seed, 12))
		n := 60 + r.IntN(60)
		provs := []string{"XA-A", "XA-B", "XA-C", ""}
		routes := []string{"police_operation", "hotline", ""}
		if seed%2 == 0 { // every case has its group: the groups add up to the total
			provs, routes = provs[:3], routes[:2]
		}
		cases := make([]CaseOutcome, n)
		for i := range cases {
			o := CaseOutcome{Care: true, Province: provs[r.IntN(len(provs))], Route: routes[r.IntN(len(routes))]}
			o.Outcome.StayMonths = r.ExpFloat64() * 8
			o.Outcome.FromIdentification, o.Outcome.HasIdentification = o.Outcome.StayMonths+r.Float64(), r.Float64() < 0.9
			if r.Float64() < 0.75 {
				o.Outcome.ExitStatus = 1 + r.IntN(outcomes.ExitCauses)
			}
			if o.Outcome.ExitStatus == outcomes.ExitReintegrated {
				o.Outcome.Reintegrated = true
				o.Outcome.FollowedMonths = r.ExpFloat64() * 14
				o.Outcome.Retrafficked = r.Float64() < 0.3
			}
			cases[i] = o
		}
		c := outcomeCollector(t, n, func(i int) CaseOutcome { return cases[i] })
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: threshold}})
		if err != nil {
			t.Fatal(err)
		}
		all, err := pt.Relations.Resolve(pt.Tables)
		if err != nil {
			t.Fatal(err)
		}
		found, err := AuditRelease(all, pt.Relations, threshold, int(width))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			t.Errorf("seed %d: check's audit: %s", seed, f)
		}
		// The true events between points, per curve, from the cases.
		type curveOf struct {
			table, all string
			group      func(o CaseOutcome) (string, bool) // the case's group and whether it is in the curve
			event      func(o CaseOutcome) (float64, bool)
		}
		stay := func(o CaseOutcome) (float64, bool) { return o.Outcome.StayMonths, o.Outcome.ExitStatus != 0 }
		curves := []curveOf{
			{"length-of-stay", "all provinces", func(o CaseOutcome) (string, bool) { return o.Province, true }, stay},
			{"re-trafficking", "all routes", func(o CaseOutcome) (string, bool) { return o.Route, o.Outcome.Reintegrated },
				func(o CaseOutcome) (float64, bool) { return o.Outcome.FollowedMonths, o.Outcome.Retrafficked }},
		}
		for k := 1; k <= outcomes.ExitCauses; k++ {
			curves = append(curves, curveOf{"reintegration", exitNames[k], func(o CaseOutcome) (string, bool) { return exitNames[k], o.Outcome.HasIdentification },
				func(o CaseOutcome) (float64, bool) { return o.Outcome.FromIdentification, o.Outcome.ExitStatus == k }})
		}
		for _, cv := range curves {
			tb := tableByName(pt.Tables, cv.table)
			if tb == nil {
				t.Fatalf("seed %d: no %s table", seed, cv.table)
			}
			// Published counts by group and point; the attacker fills in a group's withheld
			// count from the total and the other groups when every case has a group.
			pub := map[string][]*int64{}
			var groups []string
			for ri, row := range tb.Rows {
				if _, ok := pub[row.Labels[0]]; !ok {
					groups = append(groups, row.Labels[0])
				}
				for ci := 0; ci < 2; ci++ {
					var p *int64
					if v, ok := tb.Value(ri, ci); ok {
						p = &v
					}
					pub[row.Labels[0]+fmt.Sprint(ci)] = append(pub[row.Labels[0]+fmt.Sprint(ci)], p)
				}
				pub[row.Labels[0]] = nil
			}
			unrecorded := false
			for _, o := range cases {
				if g, in := cv.group(o); in && g == "" {
					unrecorded = true
				}
			}
			if cv.table != "reintegration" && !unrecorded {
				for ci := 0; ci < 2; ci++ {
					for k := range OutcomePoints {
						var missing []string
						var sum int64
						for _, g := range groups[1:] {
							if p := pub[g+fmt.Sprint(ci)][k]; p == nil {
								missing = append(missing, g)
							} else {
								sum += *p
							}
						}
						if tot := pub[groups[0]+fmt.Sprint(ci)][k]; tot != nil && len(missing) == 1 {
							v := *tot - sum
							pub[missing[0]+fmt.Sprint(ci)][k] = &v
						}
					}
				}
			}
			for _, g := range groups {
				if cv.table == "reintegration" && g != cv.all {
					continue
				}
				// True events between points.
				d := make([]int64, len(OutcomePoints))
				for _, o := range cases {
					gr, in := cv.group(o)
					if !in || (g != cv.all && gr != g) {
						continue
					}
					tm, ev := cv.event(o)
					if !ev {
						continue
					}
					for k, p := range OutcomePoints {
						lo := 0.0
						if k > 0 {
							lo = OutcomePoints[k-1]
						}
						if tm > lo && tm <= p || k == 0 && tm == 0 {
							d[k]++
						}
					}
				}
				risk, cum := pub[g+"0"], pub[g+"1"]
				cumAt := func(k int) *int64 {
					if k < 0 {
						z := int64(0)
						return &z
					}
					return cum[k]
				}
				upperFall := func(k int) (int64, bool) { // events in (t_{k-1}, t_k] <= n(t_{k-1}) - n(t_k)
					if k == 0 || risk[k-1] == nil || risk[k] == nil {
						return 0, false
					}
					return *risk[k-1] - *risk[k], true
				}
				for k := range OutcomePoints {
					if d[k] < 1 || d[k] >= threshold {
						continue
					}
					small++
					j := k - 1
					for j >= 0 && cum[j] == nil {
						j--
					}
					m := k
					for m < len(cum) && cum[m] == nil {
						m++
					}
					hi, lo := int64(1<<40), int64(0)
					if f, ok := upperFall(k); ok {
						hi = min(hi, f)
					}
					if m < len(cum) {
						span := *cumAt(m) - *cumAt(j)
						hi = min(hi, span)
						others := int64(0)
						bounded := true
						for x := j + 1; x <= m; x++ {
							if x == k {
								continue
							}
							f, ok := upperFall(x)
							if !ok {
								bounded = false
								break
							}
							others += f
						}
						if bounded {
							lo = max(lo, span-others)
						}
					}
					if hi-lo < width {
						t.Errorf("seed %d: %s %s: the %d events between %s and %s months are pinned to [%d, %d] from the published points",
							seed, cv.table, g, d[k], fmt.Sprint(map[bool]float64{true: 0, false: OutcomePoints[max(k-1, 0)]}[k == 0]), fmt.Sprint(OutcomePoints[k]), lo, hi)
					}
				}
			}
		}
	}
	if small == 0 {
		t.Fatal("no small count between points in any draw: the test attacks nothing")
	}
	t.Logf("%d small counts of events between points attacked", small)
}
