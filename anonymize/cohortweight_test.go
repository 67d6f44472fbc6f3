package anonymize

import "testing"

// TestFiguresWeighedByPeople: publishCohorts keeps a redo's pattern only when it loses less
// than the pattern before, and counted as rows, the all-provinces curve (4 points after its
// cohort) lost less than two provinces' curves of a dozen children each (8 points): a redo
// withholding the overall curve to print two small provinces' looked better. Weighed by the
// people each row is about, the overall curve's 4 rows over 400 children weigh more than 8
// rows over 24. pipeline.TestOverallStayOn20000Rows is the register where this was seen.
func TestFiguresWeighedByPeople(t *testing.T) {
	// One length-of-stay table: all provinces (400), AF-HER (12), AF-KHO (12), AF-NAN (376);
	// each curve a cohort at 0 months and 4 points whose figures need it.
	tb := &CountTable{Name: "length-of-stay", Counts: []string{"at_risk", "exits"}}
	var needs []figureNeed
	cohorts := map[string]int{}
	for _, c := range []struct {
		label  string
		cohort int64
	}{{"all provinces", 400}, {"AF-HER", 12}, {"AF-KHO", 12}, {"AF-NAN", 376}} {
		start := len(tb.Rows)
		cohorts[c.label] = start
		for k, left := range []int64{c.cohort, c.cohort * 3 / 4, c.cohort / 2, c.cohort / 4, c.cohort / 8} {
			tb.Rows = append(tb.Rows, CountRow{Labels: []string{c.label, months([]float64{0, 3, 6, 12, 24}[k])},
				Values: []int64{left, c.cohort - left}, State: []State{Published, Published},
				Figures: []string{"x"}})
			if k > 0 {
				needs = append(needs, figureNeed{row: Ref{0, start + k, 0}, needs: []Ref{{0, start, 0}}})
			}
		}
	}
	ts := []*CountTable{tb}
	withhold := func(labels ...string) int64 {
		for ri := range tb.Rows {
			tb.Rows[ri].State[0] = Published
		}
		for _, l := range labels {
			tb.Rows[cohorts[l]].State[0] = Secondary
		}
		return figuresWithheld(ts, needs)
	}
	if got := withhold(); got != 0 {
		t.Fatalf("nothing withheld weighs %d, want 0", got)
	}
	overall, small := withhold("all provinces"), withhold("AF-HER", "AF-KHO")
	if overall <= small {
		t.Errorf("the all-provinces curve withheld weighs %d, two provinces of 12 children %d: the overall curve must weigh more", overall, small)
	}
	if want := int64(4 * 400); overall != want {
		t.Errorf("the all-provinces curve withheld weighs %d, want %d (4 points over its 400 children)", overall, want)
	}
	// A point withheld on its own (its first count) weighs its cohort too.
	withhold()
	tb.Rows[cohorts["AF-NAN"]+2].State[1] = Secondary
	if got := figuresWithheld(ts, needs); got != 376 {
		t.Errorf("one AF-NAN point withheld weighs %d, want 376", got)
	}
}
