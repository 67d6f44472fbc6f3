package anonymize

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// curveCases draws n cases in care with stays, exits, reintegrations, follow-up and legal
// cases, for the curve tests.
func curveCases(seed uint64) []CaseOutcome {
	r := rand.New(rand.NewPCG(seed, 31))
	n := 60 + r.IntN(80)
	provs := []string{"XA-A", "XA-B", "XA-C"}
	routes := []string{"police_operation", "hotline", "school_or_health"}
	cases := make([]CaseOutcome, n)
	for i := range cases {
		o := CaseOutcome{Care: true, Province: provs[r.IntN(len(provs))], Route: routes[r.IntN(len(routes))]}
		o.Outcome.StayMonths = r.ExpFloat64() * 9
		o.Outcome.FromIdentification, o.Outcome.HasIdentification = o.Outcome.StayMonths+r.Float64(), true
		if r.Float64() < 0.7 {
			o.Outcome.ExitStatus = 1 + r.IntN(outcomes.ExitCauses)
		}
		if o.Outcome.ExitStatus == outcomes.ExitReintegrated || r.Float64() < 0.3 {
			o.Outcome.Reintegrated = true
			o.Outcome.FollowedMonths = r.ExpFloat64() * 14
			o.Outcome.Retrafficked = r.Float64() < 0.15
			o.Since = r.Float64() * 30
			o.LastVisit = -1
			if r.Float64() < 0.8 {
				o.LastVisit = r.Float64() * o.Since
			}
			o.Outcome.InSchoolAtLast = []outcomes.Answer{outcomes.Yes, outcomes.No, outcomes.Unknown}[r.IntN(3)]
		}
		cases[i] = o
	}
	return cases
}

// TestCensoredBetweenPointsProtected is attack-2026-11-30d finding 6: between two points of
// an outcome curve, the fall of the number at risk less the events between them (the running
// totals' difference) is the number censored there, the children whose stay or follow-up
// ended with no event (r3k Paktika 12 -> 24 months: at risk 36 -> 13, exits 71 -> 93, so 1
// child). The test scans every consecutive pair of points of every curve (length of stay,
// reintegration with its competing exits summed, re-trafficking, and the follow-up table's
// six and 12 months) for any count an attacker gets by subtracting published counts of the
// pair, and fails on one from 1 to the threshold less one; check's LP audit must accept the
// release too.
func TestCensoredBetweenPointsProtected(t *testing.T) {
	const threshold = 5
	width := DefaultWidth(threshold)
	smallCensored := 0
	for seed := uint64(1); seed <= 8; seed++ {
		cases := curveCases(seed)
		c := outcomeCollector(t, len(cases), func(i int) CaseOutcome { return cases[i] })
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: threshold}})
		if err != nil {
			t.Fatal(err)
		}
		all, err := pt.Relations.Resolve(pt.Tables)
		if err != nil {
			t.Fatal(err)
		}
		found, err := AuditRelease(all, pt.Relations, threshold, width)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			t.Errorf("seed %d: check's audit: %s", seed, f)
		}
		small := func(v int64) bool { return v >= 1 && v < threshold }
		// The true censored between points, from the cases: a test that finds none tests nothing.
		for _, g := range []string{"", "XA-A", "XA-B", "XA-C"} {
			for k := 1; k < len(OutcomePoints); k++ {
				n := int64(0)
				for _, o := range cases {
					m := o.Outcome.StayMonths
					if (g == "" || o.Province == g) && o.Outcome.ExitStatus == 0 && m > OutcomePoints[k-1] && m <= OutcomePoints[k] {
						n++
					}
				}
				if small(n) {
					smallCensored++
				}
			}
		}
		check := func(table string, what string, a, b []int64, okA, okB bool, la, lb []string) {
			if !okA || !okB {
				return
			}
			var d int64
			for i := range a {
				d += a[i] - b[i]
			}
			if small(d) {
				t.Errorf("seed %d: %s %v -> %v: %s = %d, a count from 1 to %d by subtraction", seed, table, la, lb[1], what, d, threshold-1)
			}
		}
		// Curves with one risk set per curve: at risk (col 0), running total of events (col 1).
		for _, name := range []string{"length-of-stay", "re-trafficking"} {
			tb := tableByName(pt.Tables, name)
			if tb == nil {
				t.Fatalf("seed %d: no %s table", seed, name)
			}
			for _, rows := range byLabel0(nil)(tb) {
				for k := 1; k < len(rows); k++ {
					p, q := rows[k-1], rows[k]
					np, ok1 := tb.Value(p, 0)
					nq, ok2 := tb.Value(q, 0)
					ep, ok3 := tb.Value(p, 1)
					eq, ok4 := tb.Value(q, 1)
					check(name, "leavers", []int64{np}, []int64{nq}, ok1, ok2, tb.Rows[p].Labels, tb.Rows[q].Labels)
					check(name, "events", []int64{eq}, []int64{ep}, ok3, ok4, tb.Rows[p].Labels, tb.Rows[q].Labels)
					check(name, "censored (leavers - events)", []int64{np, ep}, []int64{nq, eq}, ok1 && ok3, ok2 && ok4, tb.Rows[p].Labels, tb.Rows[q].Labels)
				}
			}
		}
		// Reintegration: competing exits of one risk set; the censored are the leavers less
		// the events of every exit.
		tb := tableByName(pt.Tables, "reintegration")
		if tb == nil {
			t.Fatalf("seed %d: no reintegration table", seed)
		}
		curves := byLabel0(nil)(tb)
		for k := 1; k < len(OutcomePoints); k++ {
			var a, b []int64
			okA, okB := true, true
			for ci, rows := range curves {
				p, q := rows[k-1], rows[k]
				np, ok1 := tb.Value(p, 0)
				nq, ok2 := tb.Value(q, 0)
				ep, ok3 := tb.Value(p, 1)
				eq, ok4 := tb.Value(q, 1)
				check("reintegration", "events", []int64{eq}, []int64{ep}, ok3, ok4, tb.Rows[p].Labels, tb.Rows[q].Labels)
				if ci == 0 {
					check("reintegration", "leavers", []int64{np}, []int64{nq}, ok1, ok2, tb.Rows[p].Labels, tb.Rows[q].Labels)
					a, b = append(a, np), append(b, nq)
					okA, okB = okA && ok1, okB && ok2
				}
				a, b = append(a, ep), append(b, eq)
				okA, okB = okA && ok3, okB && ok4
			}
			check("reintegration", "censored (leavers - events of every exit)", a, b, okA, okB, tb.Rows[curves[0][k-1]].Labels, tb.Rows[curves[0][k]].Labels)
		}
		// Follow-up: the six months' row less the 12 months' (a count of children in every
		// column but visited_after's "no").
		tb = tableByName(pt.Tables, "follow-up")
		if tb == nil {
			t.Fatalf("seed %d: no follow-up table", seed)
		}
		for _, rows := range byLabel0(nil)(tb) {
			p, q := rows[0], rows[1]
			for col := range tb.Counts {
				if tb.Rows[p].Labels[0] == "visited_after" && tb.Counts[col] == "no" {
					continue
				}
				a, ok1 := tb.Value(p, col)
				b, ok2 := tb.Value(q, col)
				check("follow-up", tb.Counts[col]+" difference", []int64{a}, []int64{b}, ok1, ok2, tb.Rows[p].Labels, tb.Rows[q].Labels)
			}
		}
	}
	if smallCensored == 0 {
		t.Error("no draw had a small censored count between points: the test tests nothing")
	}
}

// TestFunnelRatesNeedTheirCounts: a conviction rate published beside its denominator gives
// the convicted back (the demo's 2019: 37 complaints and a rate over them of 0.108 is 4
// convictions, shown as <10), and a stage's share beside the stage gives the complaints. Each
// figure is published only with the counts it rests on; the test fails when a published
// figure's numerator or denominator is withheld.
func TestFunnelRatesNeedTheirCounts(t *testing.T) {
	checked := 0
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 37))
		n := 150 + r.IntN(100)
		cases := make([]CaseOutcome, n)
		for i := range cases {
			var o CaseOutcome
			for j := 1 + r.IntN(2); j > 0; j-- {
				stage := outcomes.Complaint + outcomes.Stage(r.IntN(5))
				d := outcomes.Pending
				if stage == outcomes.Disposed {
					d = []outcomes.Disposition{outcomes.Convicted, outcomes.Acquitted, outcomes.Acquitted}[r.IntN(3)]
				}
				o.Legal = append(o.Legal, outcomes.LegalCase{Stage: stage, Disposition: d})
				o.LegalYear = append(o.LegalYear, 2019+r.IntN(4))
			}
			cases[i] = o
		}
		c := outcomeCollector(t, n, func(i int) CaseOutcome { return cases[i] })
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
		if err != nil {
			t.Fatal(err)
		}
		tb := tableByName(pt.Tables, "justice-funnel")
		if tb == nil {
			t.Fatalf("seed %d: no justice-funnel table", seed)
		}
		find := func(year, step string) int {
			for ri, row := range tb.Rows {
				if row.Labels[0] == year && row.Labels[1] == step {
					return ri
				}
			}
			t.Fatalf("seed %d: no row %s %s", seed, year, step)
			return -1
		}
		for _, row := range tb.Rows {
			if len(row.Figures) == 0 || row.Figures[0] == "" {
				continue
			}
			need := find(row.Labels[0], "complaint")
			if strings.HasPrefix(row.Labels[1], "conviction rate") {
				need = find(row.Labels[0], "convicted")
			}
			checked++
			if _, ok := tb.Value(need, 0); !ok {
				t.Errorf("seed %d: %v published %s while %s is withheld (%s)", seed, row.Labels, row.Figures[0], tb.Rows[need].Labels[1], tb.Rows[need].State[0])
			}
		}
	}
	if checked == 0 {
		t.Error("no figure published: the test tests nothing")
	}
}

// TestFunnelAllYearsAsSum: the all-years rows of the justice funnel are the sums of the years'
// rows, which every reader knows; where one year's count of a step is withheld and the others
// and all years' are published, the subtraction gives it back (the demo's 2019 convictions, 4).
// The audit is told the sums; the test fails when a withheld year comes back that way, and
// check's LP audit must accept the release.
func TestFunnelAllYearsAsSum(t *testing.T) {
	const threshold = 10
	width := DefaultWidth(threshold)
	withheld := 0
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 41))
		n := 200 + r.IntN(150)
		cases := make([]CaseOutcome, n)
		for i := range cases {
			var o CaseOutcome
			for j := 1 + r.IntN(2); j > 0; j-- {
				stage := outcomes.Complaint + outcomes.Stage(r.IntN(5))
				d := outcomes.Pending
				if stage == outcomes.Disposed {
					d = []outcomes.Disposition{outcomes.Convicted, outcomes.Acquitted, outcomes.Acquitted}[r.IntN(3)]
				}
				o.Legal = append(o.Legal, outcomes.LegalCase{Stage: stage, Disposition: d})
				o.LegalYear = append(o.LegalYear, []int{2018, 2021, 2021, 2022, 2022, 2022, 2023, 2023, 2023}[r.IntN(9)])
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
		found, err := AuditRelease(all, pt.Relations, threshold, width)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			t.Errorf("seed %d: check's audit: %s", seed, f)
		}
		tb := tableByName(pt.Tables, "justice-funnel")
		if tb == nil {
			t.Fatalf("seed %d: no justice-funnel table", seed)
		}
		byStep := map[string][]int{}
		for ri, row := range tb.Rows {
			if !strings.HasPrefix(row.Labels[1], "conviction rate") {
				byStep[row.Labels[1]] = append(byStep[row.Labels[1]], ri)
			}
		}
		for step, rows := range byStep {
			var sum int64
			var hidden []int
			allRow := -1
			for _, ri := range rows {
				if tb.Rows[ri].Labels[0] == "all years" {
					allRow = ri
					continue
				}
				if v, ok := tb.Value(ri, 0); ok {
					sum += v
				} else {
					hidden = append(hidden, ri)
				}
			}
			withheld += len(hidden)
			total, ok := tb.Value(allRow, 0)
			if ok && len(hidden) == 1 {
				t.Errorf("seed %d: %s %s = all years %d less the published years' %d = %d, withheld yet given back",
					seed, tb.Rows[hidden[0]].Labels[0], step, total, sum, total-sum)
			}
		}
	}
	if withheld == 0 {
		t.Error("no year's count withheld: the test tests nothing")
	}
}
