package reports

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/survival"
)

// stayTable is the length-of-stay table's "all provinces" curve of the stays tm (ev: ended)
// as the run counts it, with the cohort withheld as a complement (attack-2026-12-03b finding 5)
// and the estimates with it. It returns the table and the Kaplan-Meier estimate at 12 months.
func stayTable(t *testing.T, tm []float64, ev []bool) (*release.Table, float64, int64) {
	t.Helper()
	tb, surv, cohort := stayTableAt(t, tm, ev)
	return tb, surv[2], cohort
}

// stayTableAt is stayTable with the Kaplan-Meier estimates at 3, 6, 12 and 24 months.
func stayTableAt(t *testing.T, tm []float64, ev []bool) (*release.Table, []float64, int64) {
	t.Helper()
	km, err := survival.KaplanMeier(tm, ev, survival.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pts, err := km.At(0, 3, 6, 12, 24)
	if err != nil {
		t.Fatal(err)
	}
	tb := &release.Table{Name: "length-of-stay", Labels: []string{"placement_province", "months"}, Counts: []string{"at_risk", "exits"},
		Figures: []string{"still_in_care", "lower", "upper", "mean_months_to_24"}, Threshold: 10}
	cum := 0
	for i, p := range pts {
		cum += p.NEvent
		st := release.Published
		if i == 0 {
			st = release.Secondary
		}
		tb.Rows = append(tb.Rows, release.Row{Labels: []string{"all provinces", stayPoint(p.Time)}, Values: []int64{int64(p.NRisk), int64(cum)},
			State: []release.State{st, release.Published}, Figures: []string{"", "", "", ""}})
	}
	return tb, []float64{pts[1].Surv, pts[2].Surv, pts[3].Surv, pts[4].Surv}, int64(pts[0].NRisk)
}

func stayPoint(p float64) string {
	return map[float64]string{0: "0 months", 3: "3 months", 6: "6 months", 12: "12 months", 24: "24 months"}[p]
}

// TestStayRange: with the cohort withheld, the share still in care at 12 months is given as
// the range the published numbers at risk and exits and the cohort's upper bound give, and the
// Kaplan-Meier estimate lies in it: 400 random registers (stays in whole days, some of 0 days,
// ties, 0-90% of the stays still open), the cohort's upper bound 0-300 above it. Before, the
// report said "withheld" (the programme page of a 20,000-row register). The same holds at 3, 6
// and 24 months, which the sentence gives too (they had no range: session aa's note).
func TestStayRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 12))
	widest := 0
	for trial := range 400 {
		n := 30 + rng.IntN(3000)
		open := rng.Float64() * 0.9
		var tm []float64
		var ev []bool
		for range n {
			days := rng.IntN(900)
			if rng.IntN(20) == 0 {
				days = 0
			}
			tm = append(tm, float64(days)/30.4375)
			ev = append(ev, rng.Float64() >= open)
		}
		tb, survs, cohort := stayTableAt(t, tm, ev)
		r := &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10, Bounds: rangeBounds{float64(cohort), float64(cohort + int64(rng.IntN(300)))}}, m: &release.Manifest{}}
		r.set.add(tb)
		for pi, at := range stayPoints {
			lo, hi, ok := r.stayRangeAt(at)
			if tb.Rows[pi+1].Values[0] == 0 {
				break
			}
			if !ok {
				t.Fatalf("trial %d: no range at %s", trial, at)
			}
			if surv := survs[pi]; 100*surv < float64(lo)-1e-9 || 100*surv > float64(hi)+1e-9 {
				t.Fatalf("trial %d: Kaplan-Meier %.4f at %s outside %d-%d%%", trial, surv, at, lo, hi)
			}
			if at == "12 months" {
				widest = max(widest, hi-lo)
				if lo2, hi2, _ := r.stayRange(); lo2 != lo || hi2 != hi {
					t.Fatalf("trial %d: stayRange %d-%d, stayRangeAt 12 months %d-%d", trial, lo2, hi2, lo, hi)
				}
			}
		}
	}
	t.Logf("widest range %d points", widest)

	// The figure of the report, and "withheld" when a count it needs is.
	tm, ev := []float64{}, []bool{}
	for i := range 2000 {
		tm = append(tm, float64(i%700)/30.4375)
		ev = append(ev, i%9 != 0)
	}
	tb, surv, cohort := stayTable(t, tm, ev)
	r := &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10, Bounds: rangeBounds{float64(cohort), float64(cohort + 40)}}, m: &release.Manifest{}}
	r.set.add(tb)
	var got figure
	for _, f := range r.outcomeFigures() {
		if strings.Contains(f.Sentence, "still in care 12 months") {
			got = f
		}
	}
	if !strings.HasPrefix(got.Sentence, "Between ") || !strings.Contains(got.Sentence, "the estimate is withheld with the number admitted") || got.Value == "withheld" {
		t.Errorf("the figure over the bounded cohort (Kaplan-Meier %.3f): %+v", surv, got)
	}
	// The other points' ranges, in the same sentence.
	var other []string
	for _, at := range []string{"3 months", "6 months", "24 months"} {
		lo, hi, ok := r.stayRangeAt(at)
		if !ok {
			t.Fatalf("no range at %s", at)
		}
		other = append(other, fmt.Sprintf("at %s %d–%d%%", at, lo, hi))
	}
	if want := " The same counts place the share still in care " + other[0] + ", " + other[1] + " and " + other[2] + "."; !strings.HasSuffix(got.Sentence, want) {
		t.Errorf("the sentence:\n%s\nwant it to end %q", got.Sentence, want)
	}
	// With stays entered late (the note says delayed entry) the numbers at risk can rise
	// between points and the bounds do not hold: no range, the figure is withheld.
	tb.Note = "... counted from that day on, not from its admission (delayed entry, as R survival::survfit(Surv(entry, exit, event))) ..."
	if _, _, ok := r.stayRangeAt("12 months"); ok {
		t.Error("a range with stays entered late")
	}
	tb.Note = ""
	// Its reason is the cohort's own: every other count it needs is printed (not withheldWhy's
	// "a count it needs is fewer than 10 or withheld", which sent the reader to look for one).
	if want := "the number admitted, the one count of the curve up to 12 months withheld, so that a small count elsewhere cannot be worked out; every number at risk and exit after it is printed;"; !strings.Contains(got.Sentence, want) || strings.Contains(got.Sentence, "a count it needs") {
		t.Errorf("the range's reason:\n%s\nwant %q", got.Sentence, want)
	}
	// The brief gives it too (it had no length-of-stay line: the coordinator's note on
	// attack-2026-12-03c), in both its forms.
	r.set.withStandard()
	if md := string(r.briefMarkdown()); !strings.Contains(md, "## After rescue") || !strings.Contains(md, "**"+got.Value+"**: "+got.Sentence) {
		t.Errorf("the brief has no line for the share still in care (%s):\n%s", got.Value, md)
	}
	if h, err := r.briefHTML(); err != nil || !strings.Contains(string(h), "<h2>After rescue</h2>") || !strings.Contains(string(h), got.Value) {
		t.Errorf("the brief's page has no line for the share still in care (%s): %v", got.Value, err)
	}
	tb.Rows[2].State[1] = release.Secondary
	got = figure{}
	for _, f := range r.outcomeFigures() {
		if strings.Contains(f.Sentence, "still in care 12 months") {
			got = f
		}
	}
	if got.Value != "withheld" {
		t.Errorf("6 months' exits withheld: %+v", got)
	}
	r.opt.Bounds = nil
	if _, _, ok := r.stayRange(); ok {
		t.Error("a range without the release's bounds")
	}
}

// TestPublishedCurveWithheld: query --named length-of-stay wrote blank shares for the points of
// a curve whose cohort is withheld (attack-2026-12-03b finding 5); they read "withheld" where
// another curve gives the figure at that point, and the mean stays blank where it is not given.
func TestPublishedCurveWithheld(t *testing.T) {
	var tm []float64
	var ev []bool
	for i := range 400 {
		tm = append(tm, float64(i%700)/30.4375)
		ev = append(ev, i%5 != 0)
	}
	tb, _, _ := stayTable(t, tm, ev)
	n := len(tb.Rows)
	for i := range n { // a province printed whole
		row := tb.Rows[i]
		row.Labels = []string{"AF-HER", row.Labels[1]}
		row.State = []release.State{release.Published, release.Published}
		row.Figures = []string{"0.500", "0.400", "0.600", ""}
		if i == n-1 {
			row.Figures[3] = "9.1"
		}
		tb.Rows = append(tb.Rows, row)
	}
	p := PublishedTable(tb)
	for i, row := range p.Rows[:n] {
		for fi := 4; fi < 8; fi++ {
			want := "withheld"
			if fi == 7 && i > 0 && i < n-1 {
				want = ""
			}
			if row[fi] != want {
				t.Errorf("all provinces row %d figure %d: %q, want %q", i, fi-4, row[fi], want)
			}
		}
	}
	if p.Rows[n+1][4] != "0.500" {
		t.Errorf("the printed province: %v", p.Rows[n+1])
	}
}

// TestCertainShareInterval (attack-2026-12-03b, lows): 30 of 30 reintegrated read "95% CI
// 100.00–100.00%" in the brief; the interval at 0 or 1 is now the exact binomial one over the
// people the share is certain for (R: binom.test(30, 30)$conf.int is 0.8843-1; here 40 with
// the event, 0.9119-1), and a share of 0 re-trafficked over those followed to 24 months.
func TestCertainShareInterval(t *testing.T) {
	r := &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10}, m: &release.Manifest{}}
	rt := curveTable("reintegration", "exit", "reintegrated", [3]bool{}, [3]string{"0.500", "1.000", ""})
	rt.Rows[1].Figures = []string{"1.000", "1.000", "1.000"}
	r.set.add(rt)
	r.set.withStandard() // the brief takes the standard tables (a missing one panics by name)
	f, ok := r.reintegrationFigure()
	if want := "95% CI 91–100% (exact binomial, Clopper-Pearson, over the 40 with the event by then: the Aalen-Johansen interval on the log scale has no width at 100%)"; !ok || f.Interval != want {
		t.Errorf("the interval of 40 of 40: %q, want %q", f.Interval, want)
	}
	md := string(r.briefMarkdown())
	if !strings.Contains(md, "95% CI 91–100% (exact binomial") || strings.Contains(md, "100.00–100.00") {
		t.Errorf("the brief:\n%s", md)
	}
	if got := r.curveCI("reintegration", []string{"reintegrated", "3 months"}, []string{"0.500", "0.400", "0.600"}, "Aalen-Johansen, log scale"); got != "95% CI 40–60% (Aalen-Johansen, log scale)" {
		t.Errorf("an interval with width: %q", got)
	}
	ct := curveTable("re-trafficking", "referral_route", "all routes", [3]bool{}, [3]string{"0.000", "0.000", "0.000"})
	ct.Rows[2].Figures = []string{"0.000", "0.000", "0.000"}
	r.set.add(ct)
	if got := r.curveCI("re-trafficking", []string{"all routes", "24 months"}, ct.Rows[2].Figures, "cumulative incidence, log scale"); got != "95% CI 0–4% (exact binomial, Clopper-Pearson, over the 100 followed to then: the cumulative incidence interval on the log scale has no width at 0%)" {
		t.Errorf("0 of 100: %q", got)
	}
}

// TestCertainShareShort: the sentence with both re-trafficking curves gave "95% CI 0–0%" at 0.
func TestCertainShareShort(t *testing.T) {
	r := &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10}, m: &release.Manifest{}}
	for _, name := range []string{"re-trafficking", "re-trafficking-or-return"} {
		ct := curveTable(name, "referral_route", "all routes", [3]bool{}, [3]string{"0.000", "0.000", "0.000"})
		ct.Rows[2].Figures = []string{"0.000", "0.000", "0.000"}
		r.set.add(ct)
	}
	f, ok := r.retraffickingFigure()
	if !ok || strings.Contains(f.Sentence, "0–0%") || !strings.Contains(f.Sentence, "(95% CI 0–4%, exact binomial over the 100 followed to then)") {
		t.Errorf("both curves at 0: %v %+v", ok, f)
	}
}
