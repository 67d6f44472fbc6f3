package anonymize

import (
	"math/rand/v2"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// TestLeaversAndStopsProtected is attack-2026-11-30c finding 11: one subtraction of two
// published numbers at risk gives the children who left a curve between two points (with no
// event, those whose follow-up ended), and one of two published stages of the justice funnel
// gives the legal cases that stopped at a stage. Neither may be a count from 1 to the
// threshold less one, and check's LP audit of the release must accept it.
func TestLeaversAndStopsProtected(t *testing.T) {
	const threshold = 5
	width := DefaultWidth(threshold)
	small := 0
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 29))
		n := 60 + r.IntN(60)
		provs := []string{"XA-A", "XA-B", "XA-C"}
		routes := []string{"police_operation", "hotline", "school_or_health"}
		cases := make([]CaseOutcome, n)
		for i := range cases {
			o := CaseOutcome{Care: true, Province: provs[r.IntN(len(provs))], Route: routes[r.IntN(len(routes))]}
			o.Outcome.StayMonths = r.ExpFloat64() * 8
			o.Outcome.FromIdentification, o.Outcome.HasIdentification = o.Outcome.StayMonths+r.Float64(), true
			if r.Float64() < 0.6 {
				o.Outcome.ExitStatus = 1 + r.IntN(outcomes.ExitCauses)
			}
			if o.Outcome.ExitStatus == outcomes.ExitReintegrated || r.Float64() < 0.3 {
				o.Outcome.Reintegrated = true
				o.Outcome.FollowedMonths = r.ExpFloat64() * 14
				o.Outcome.Retrafficked = r.Float64() < 0.1
			}
			for j := r.IntN(3); j > 0; j-- {
				stage := outcomes.Complaint + outcomes.Stage(r.IntN(5))
				d := outcomes.Pending
				if stage == outcomes.Disposed {
					d = []outcomes.Disposition{outcomes.Convicted, outcomes.Acquitted}[r.IntN(2)]
				}
				o.Legal = append(o.Legal, outcomes.LegalCase{Stage: stage, Disposition: d})
				o.LegalYear = append(o.LegalYear, 2020+r.IntN(3))
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
		// The true falls, from the cases: the numbers at risk (time at least the point) of the
		// length of stay by province, and the legal cases by year that reached a stage.
		for _, g := range append([]string{""}, provs...) {
			for k := 1; k < len(OutcomePoints); k++ {
				fall := 0
				for _, o := range cases {
					if (g == "" || o.Province == g) && o.Outcome.StayMonths >= OutcomePoints[k-1] && o.Outcome.StayMonths < OutcomePoints[k] {
						fall++
					}
				}
				if fall >= 1 && fall < threshold {
					small++
				}
			}
		}
		for y := 2020; y <= 2022; y++ {
			for st := outcomes.Complaint; st < outcomes.Disposed; st++ {
				stop := 0
				for _, o := range cases {
					for i, lc := range o.Legal {
						if o.LegalYear[i] == y && lc.Stage == st {
							stop++
						}
					}
				}
				if stop >= 1 && stop < threshold {
					small++
				}
			}
		}
		// The attacker's subtraction: consecutive rows of one curve (or one year's stages).
		for _, c := range []struct {
			table string
			col   int
			rows  func(tb *CountTable) [][]int
		}{
			{"length-of-stay", 0, byLabel0(nil)},
			{"re-trafficking", 0, byLabel0(nil)},
			{"reintegration", 0, byLabel0(nil)},
			{"justice-funnel", 0, byLabel0(func(row CountRow) bool {
				for _, st := range fundingSteps {
					if row.Labels[1] == st {
						return true
					}
				}
				return false
			})},
		} {
			tb := tableByName(pt.Tables, c.table)
			if tb == nil {
				t.Fatalf("seed %d: no %s table", seed, c.table)
			}
			for _, rows := range c.rows(tb) {
				for k := 1; k < len(rows); k++ {
					a, okA := tb.Value(rows[k-1], c.col)
					b, okB := tb.Value(rows[k], c.col)
					if okA && okB && a-b >= 1 && a-b < threshold {
						t.Errorf("seed %d: %s %v -> %v: %d - %d = %d, a count from 1 to %d by one subtraction",
							seed, c.table, tb.Rows[rows[k-1]].Labels, tb.Rows[rows[k]].Labels[1], a, b, a-b, threshold-1)
					}
				}
			}
		}
	}
	if small == 0 {
		t.Error("no draw had a small fall between points: the test tests nothing")
	}
}

// byLabel0 groups a table's rows (those keep accepts, all when nil) by their first label, in
// order: one curve, or one year's stages.
func byLabel0(keep func(CountRow) bool) func(tb *CountTable) [][]int {
	return func(tb *CountTable) [][]int {
		idx := map[string]int{}
		var out [][]int
		for ri, row := range tb.Rows {
			if keep != nil && !keep(row) {
				continue
			}
			i, ok := idx[row.Labels[0]]
			if !ok {
				i = len(out)
				idx[row.Labels[0]] = i
				out = append(out, nil)
			}
			out[i] = append(out[i], ri)
		}
		return out
	}
}

// TestNoEstimateAfterLastObservation is attack-2026-11-30c finding 12: a province whose
// placements were all censored within three months (recent admissions) has no one at risk at
// 3-24 months; the curve is not estimable there, so those points have no estimate and no mean
// stay (it printed "still in care 1.000 (1.000-1.000)" and a mean of 24.0 months).
func TestNoEstimateAfterLastObservation(t *testing.T) {
	var cases []CaseOutcome
	for i := 0; i < 40; i++ {
		o := CaseOutcome{Care: true, Province: "XA-A"}
		// From 3.5 months: no exit by the first point, whose small count the cohort (0 months)
		// less the number at risk would give, withholding the cohort and the curve's estimates.
		o.Outcome.StayMonths, o.Outcome.ExitStatus = 3.5+float64(i%30), outcomes.ExitReintegrated
		if i%4 == 0 {
			// Open at the export after 30 months: no censored count from 1 to 4 between two
			// points, which would withhold the 24 months' exits (and estimate) with it.
			o.Outcome.StayMonths, o.Outcome.ExitStatus = 30, 0
		}
		cases = append(cases, o)
	}
	for i := 0; i < 12; i++ {
		o := CaseOutcome{Care: true, Province: "XA-B"}
		o.Outcome.StayMonths = 0.5 + float64(i)/10 // admitted in the last two months, still in care
		cases = append(cases, o)
	}
	c := outcomeCollector(t, len(cases), func(i int) CaseOutcome { return cases[i] })
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5}})
	if err != nil {
		t.Fatal(err)
	}
	tb := tableByName(pt.Tables, "length-of-stay")
	seen := 0
	for _, row := range tb.Rows {
		if row.Labels[0] != "XA-B" {
			continue
		}
		seen++
		if row.Labels[1] == months(0) {
			continue // the cohort, at risk at the start: 1.000 is its estimate
		}
		for fi, f := range row.Figures {
			if f != "" {
				t.Errorf("XA-B at %s: %s = %s, after the last observation (nobody at risk)", row.Labels[1], tb.Figures[fi], f)
			}
		}
	}
	if seen != len(OutcomePoints) {
		t.Fatalf("XA-B has %d points", seen)
	}
	// A curve followed to 24 months keeps its estimates and mean.
	for _, row := range tb.Rows {
		if row.Labels[0] == "XA-A" && row.Labels[1] == "24 months" && (row.Figures[0] == "" || row.Figures[3] == "") {
			t.Errorf("XA-A at 24 months lost its estimate: %q", row.Figures)
		}
	}
}
