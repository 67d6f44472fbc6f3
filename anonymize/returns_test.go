package anonymize

import (
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// returnsCollector: 120 reintegrated children followed at home, 30 confirmed re-trafficked
// (months 1 to 20), 4 back in care without a confirmed re-trafficking (months 2 to 5: the
// returns by six months are 4), the rest censored at their last visit (months 1 to 30).
func returnsCollector(t *testing.T) *Collector {
	return outcomeCollector(t, 120, func(i int) CaseOutcome {
		o := CaseOutcome{Care: true, Route: []string{"hotline", "police_operation"}[i%2]}
		o.Outcome.StayMonths, o.Outcome.ExitStatus, o.Outcome.Reintegrated = 3, outcomes.ExitReintegrated, true
		switch {
		case i < 30:
			o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 1+float64(i)*0.63, true
		case i < 34:
			o.Outcome.FollowedMonths, o.Outcome.Readmitted = 2.1+float64(i-30)*0.9, true
		default:
			o.Outcome.FollowedMonths = 1 + float64(i-34)*0.34
		}
		return o
	})
}

// TestRetraffickingOrReturn: the composite curve counts a return to care as an event beside a
// confirmed re-trafficking (same people, same times: the numbers at risk are re-trafficking's),
// and its events less re-trafficking's, the returns, are never printed from 1 to the threshold
// less one (here 4 by six months): both tables' running totals are related through the hidden
// returns, which the protection and the audit see.
func TestRetraffickingOrReturn(t *testing.T) {
	const threshold = 10
	find := func(pt *ProtectedTables, name string) *CountTable {
		for _, tb := range pt.Tables {
			if tb.Name == name {
				return tb
			}
		}
		t.Fatalf("no %s table", name)
		return nil
	}
	// Unprotected (threshold 1): the composite's counts.
	raw, err := returnsCollector(t).Tables(TableConfig{Protection: Protection{Threshold: 1}})
	if err != nil {
		t.Fatal(err)
	}
	rt, ct := find(raw, "re-trafficking"), find(raw, "re-trafficking-or-return")
	byPoint := func(tb *CountTable) map[string][]int64 {
		m := map[string][]int64{}
		for _, r := range tb.Rows {
			if r.Labels[0] == "all routes" {
				m[r.Labels[1]] = r.Values
			}
		}
		return m
	}
	rp, cp := byPoint(rt), byPoint(ct)
	if len(cp) != len(OutcomePoints) {
		t.Fatalf("composite points %v", cp)
	}
	for p, c := range cp {
		if r := rp[p]; c[0] != r[0] {
			t.Errorf("%s: at risk %d, re-trafficking's %d", p, c[0], r[0])
		}
	}
	if got := cp[months(24)][1]; got != 34 {
		t.Errorf("composite events by 24 months %d, want 34 (30 re-trafficked, 4 returns)", got)
	}
	if got := rp[months(24)][1]; got != 30 {
		t.Errorf("re-trafficking events by 24 months %d, want 30", got)
	}

	pt, err := returnsCollector(t).Tables(TableConfig{Protection: Protection{Threshold: threshold}})
	if err != nil {
		t.Fatal(err)
	}
	rt, ct = find(pt, "re-trafficking"), find(pt, "re-trafficking-or-return")
	published := func(r CountRow, ci int) bool { return r.State == nil || r.State[ci] == Published }
	ev := func(tb *CountTable) map[string]int64 {
		m := map[string]int64{}
		for _, r := range tb.Rows {
			if r.Labels[0] == "all routes" && published(r, 1) {
				m[r.Labels[1]] = r.Values[1]
			}
		}
		return m
	}
	re, ce := ev(rt), ev(ct)
	for p, c := range ce {
		if r, ok := re[p]; ok && c-r >= 1 && c-r < threshold {
			t.Errorf("%s: the returns are printed by difference: %d - %d", p, c, r)
		}
	}
	if testing.Verbose() {
		for _, tb := range []*CountTable{rt, ct} {
			for _, r := range tb.Rows {
				t.Log(tb.Name, r.Labels, r.Values, r.State, r.Figures)
			}
		}
	}
	ts, err := pt.Relations.Resolve(pt.Tables)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := AuditRelease(ts, pt.Relations, threshold, DefaultWidth(threshold))
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(findings, func(f string) bool { return strings.Contains(f, "re-trafficking") }) {
		t.Errorf("the audit finds the released curves exposed: %q", findings)
	}
}

// TestReturnsCostTheComposite: 36 children re-trafficked and 4 back in care by six months. One
// of the two running totals must be withheld (their difference is the 4 returns); it is the
// composite's (the bound), not re-trafficking's: re-trafficking's counts are withheld last.
func TestReturnsCostTheComposite(t *testing.T) {
	c := outcomeCollector(t, 120, func(i int) CaseOutcome {
		o := CaseOutcome{Care: true}
		o.Outcome.StayMonths, o.Outcome.ExitStatus, o.Outcome.Reintegrated = 3, outcomes.ExitReintegrated, true
		switch {
		case i < 36:
			o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 3.2+float64(i)*0.05, true
		case i < 40:
			o.Outcome.FollowedMonths, o.Outcome.Readmitted = 5, true
		default:
			o.Outcome.FollowedMonths = 7 + float64(i-40)*0.1
		}
		return o
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
	if err != nil {
		t.Fatal(err)
	}
	rt := tableByName(pt.Tables, "re-trafficking")
	for _, r := range rt.Rows {
		if r.Labels[1] == months(12) && (r.State[1] != Published || r.Values[1] != 36 || r.Figures[0] == "") {
			t.Errorf("re-trafficking by 12 months withheld for the returns: %v %v %v", r.Values, r.State, r.Figures)
		}
	}
}

// TestConfirmedWithheldByItsOwnCounts: synth 3,000 (seed 1) printed the composite's 29 by six
// months beside the confirmed curve's six-month point withheld. The returns did not cost it:
// the confirmed events between three and six months (8) are a count 1-9, the three-month count
// is "<10" and so are its five routes' (at least one each: 5-9 in all), so a printed 15 by six
// months would place the 8 in 6-10, narrower than the protection range. The same people with
// no return (censored at the same times) withhold the same counts of the confirmed curve.
func TestConfirmedWithheldByItsOwnCounts(t *testing.T) {
	routes := []string{"police", "hotline", "ngo", "self", "family"}
	tables := func(returns bool) *CountTable {
		c := outcomeCollector(t, 400, func(i int) CaseOutcome {
			o := CaseOutcome{Care: true, Route: routes[i%len(routes)]}
			o.Outcome.StayMonths, o.Outcome.ExitStatus, o.Outcome.Reintegrated = 3, outcomes.ExitReintegrated, true
			switch {
			case i < 7: // by 3 months, in all five routes
				o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 1+float64(i)*0.2, true
			case i < 15: // 8 more by 6 months
				o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 4+float64(i-7)*0.2, true
			case i < 45: // 30 more by 12 months
				o.Outcome.FollowedMonths, o.Outcome.Retrafficked = 7+float64(i-15)*0.1, true
			case i < 51: // 6 returns by 3 months, 14 by 6
				o.Outcome.FollowedMonths, o.Outcome.Readmitted = 2+float64(i-45)*0.1, returns
			case i < 65:
				o.Outcome.FollowedMonths, o.Outcome.Readmitted = 3.5+float64(i-51)*0.1, returns
			default:
				o.Outcome.FollowedMonths = 1 + float64(i%30)
			}
			return o
		})
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
		if err != nil {
			t.Fatal(err)
		}
		return tableByName(pt.Tables, "re-trafficking")
	}
	with, without := tables(true), tables(false)
	for ri, r := range with.Rows {
		if r.Labels[0] == "all routes" && r.Labels[1] == months(6) && r.State[1] == Published {
			t.Errorf("all routes by 6 months printed (%d): its 8 events since 3 months would lie in 6-10", r.Values[1])
		}
		if !slices.Equal(r.State, without.Rows[ri].State) {
			t.Errorf("%v: states %v with returns, %v without: the returns cost the confirmed curve", r.Labels, r.State, without.Rows[ri].State)
		}
	}
}
