package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// retraffickingTable is a re-trafficking curve's 24-month row (all routes), withheld when
// published is false.
func retraffickingTable(name string, published bool, figs ...string) *release.Table {
	st := release.Published
	if !published {
		st = release.Secondary
		figs = []string{"", "", ""}
	}
	return &release.Table{Name: name, Labels: []string{"referral_route", "months"}, Counts: []string{"at_risk", "events"},
		Figures: []string{"cumulative_incidence", "lower", "upper"},
		Rows: []release.Row{{Labels: []string{"all routes", "24 months"}, Values: []int64{178, 59},
			State: []release.State{release.Published, st}, Figures: figs}}}
}

// TestRetraffickingFigure: the report and brief give the confirmed curve (a lower bound) and
// the composite with returns to care (an upper bound) side by side when both are published,
// and either alone named for what it is.
func TestRetraffickingFigure(t *testing.T) {
	for _, c := range []struct {
		name              string
		confirmed, either bool
		want, not         []string
	}{
		{"both", true, true, []string{"13% were confirmed re-trafficked within 24 months (95% CI 10–17%)",
			"17% were re-trafficked or back in care (95% CI 13–21%)", "the share re-trafficked lies between the two",
			"a re-trafficking after a return to care and a second reintegration is in the second figure (at the return), not the first"}, nil},
		{"confirmed only", true, false, []string{"13% of the victims reintegrated (children and adults) were confirmed re-trafficked",
			"the upper bound, re-trafficked or back in care, is withheld: a count it needs is fewer than 10 or withheld so that", "which one can change from one release to the next",
			"or one after a return to care and a second reintegration, is missed"}, nil},
		{"composite only", false, true, []string{"17% of the victims reintegrated (children and adults) were re-trafficked or back in care", "upper bound", "the confirmed figure is withheld: a count it needs is fewer than 10 or withheld so that"},
			[]string{"confirmed re-trafficked"}},
		{"neither", false, false, []string{"withheld Re-trafficking within 24 months of reintegration (confirmed, and re-trafficked or back in care) is withheld: a count it needs is fewer than 10 or withheld so that"}, nil},
	} {
		r := &report{set: (&set{byName: map[string]int{}}).withStandard(), m: &release.Manifest{}, opt: Options{Threshold: 10}}
		r.set.add(retraffickingTable("re-trafficking", c.confirmed, "0.128", "0.098", "0.167"))
		r.set.add(retraffickingTable("re-trafficking-or-return", c.either, "0.170", "0.134", "0.212"))
		var all string
		for _, f := range r.outcomeFigures() {
			all += f.Value + " " + f.Sentence + " " + f.Interval + "\n"
		}
		for _, w := range c.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no %q in\n%s", c.name, w, all)
			}
		}
		for _, w := range c.not {
			if strings.Contains(all, w) {
				t.Errorf("%s: %q in\n%s", c.name, w, all)
			}
		}
	}
}

// TestRetraffickingWithheldInReRelease (attack-2026-12-02e, lows): a re-release whose guard
// withheld both 24-month points says so, and why, where the previous release's brief gave the
// figure (it said nothing, and the brief's "After rescue" kept only the reintegration line);
// the brief's note points to the earlier release.
func TestRetraffickingWithheldInReRelease(t *testing.T) {
	r := &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10},
		m: &release.Manifest{Tables: &release.TablesProtection{Guarded: 3}}}
	r.set.add(retraffickingTable("re-trafficking", false))
	r.set.add(retraffickingTable("re-trafficking-or-return", false))
	f, ok := r.retraffickingFigure()
	if !ok || f.Value != "withheld" || !strings.Contains(f.Sentence, "nor a change of fewer than 10 since the previous release can be worked out") {
		t.Errorf("re-trafficking withheld by the guard: %v %+v", ok, f)
	}
	if p := r.previousNote(); !strings.Contains(p, "the earlier release's brief still gives it") {
		t.Errorf("no note of the earlier release: %q", p)
	}
	md := string(r.briefMarkdown())
	if !strings.Contains(md, "## After rescue\n\n**withheld**: Re-trafficking within 24 months") {
		t.Errorf("the brief's After rescue:\n%s", md)
	}

	// Published but undefined (no one followed to 24 months): no figure, not "withheld".
	r = &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10}, m: &release.Manifest{}}
	r.set.add(retraffickingTable("re-trafficking", true, "", "", ""))
	if f, ok := r.retraffickingFigure(); ok {
		t.Errorf("an undefined figure given: %+v", f)
	}
}

// curveTable is a curve of table name (labels curve, then months) at 3, 12 and 24 months:
// held[i] withholds the events of point i (and its estimate), estimate[i] is its estimate
// ("" for none).
func curveTable(name, label, curve string, held [3]bool, estimate [3]string) *release.Table {
	t := &release.Table{Name: name, Labels: []string{label, "months"}, Counts: []string{"at_risk", "events"},
		Figures: []string{"estimate", "lower", "upper"}}
	for i, m := range []string{"3 months", "12 months", "24 months"} {
		st, figs := release.Published, []string{estimate[i], "", ""}
		if estimate[i] != "" {
			figs = []string{estimate[i], "0.100", "0.500"}
		}
		if held[i] {
			st, figs = release.Secondary, []string{"", "", ""}
		}
		t.Rows = append(t.Rows, release.Row{Labels: []string{curve, m}, Values: []int64{200 - 50*int64(i), 20 + 20*int64(i)},
			State: []release.State{release.Published, st}, Figures: figs})
	}
	return t
}

// TestAfterRescueWithheldInReRelease (attack-2026-12-02f finding 2): a monthly re-release
// whose guard withheld the reintegrations at every point and both re-trafficking curves (the
// composite's 24-month counts printed, its estimate not) lost the brief's "After rescue"
// section without a word. Now each figure says it is withheld and why, the section points to
// the earlier release, and the brief's note above counts them; the 24-month reintegration
// stands in when only the 12-month point is withheld.
func TestAfterRescueWithheldInReRelease(t *testing.T) {
	guarded := &release.Manifest{Tables: &release.TablesProtection{Guarded: 19},
		Replaced: &release.Replaced{AsOf: "2026-01-01"}}
	r := &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10}, m: guarded}
	r.set.add(curveTable("reintegration", "exit", "reintegrated", [3]bool{true, true, true}, [3]string{}))
	r.set.add(curveTable("re-trafficking", "referral_route", "all routes", [3]bool{true, true, true}, [3]string{}))
	r.set.add(curveTable("re-trafficking-or-return", "referral_route", "all routes", [3]bool{true, true, false}, [3]string{}))
	md := string(r.briefMarkdown())
	for _, w := range []string{
		"## After rescue\n\n**withheld**: The share of the victims taken into care (people at risk not included) reintegrated with their families or repatriated within 12 months of their identification is withheld: a count it needs is fewer than 10 or withheld so that neither a small count elsewhere nor a change of fewer than 10 since the previous release can be worked out.",
		"**withheld**: Re-trafficking within 24 months of reintegration (confirmed, and re-trafficked or back in care) is withheld",
		"the earlier release's brief and report give it, as of 1 January 2026, if they published it.\n",
		"the earlier release's brief still gives it, as of 1 January 2026",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("no %q in the brief:\n%s", w, md)
		}
	}
	html, err := r.briefHTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "<h2>After rescue</h2>\n<div class=\"figure\"><div class=\"v\">withheld</div><p>The share of the victims taken into care") ||
		!strings.Contains(string(html), "if they published it.</p>") {
		t.Errorf("the brief's HTML has no withheld After rescue:\n%s", html)
	}
	rep := r.outcomesMarkdown()
	if !strings.Contains(rep, "- The share of the victims taken into care") || !strings.Contains(rep, "if they published it.\n") {
		t.Errorf("the report's section:\n%s", rep)
	}

	// Only the 12-month reintegrations withheld: the 24-month share stands in, saying so.
	r = &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10}, m: guarded}
	r.set.add(curveTable("reintegration", "exit", "reintegrated", [3]bool{false, true, false}, [3]string{"0.131", "", "0.550"}))
	f, ok := r.reintegrationFigure()
	if !ok || f.Value != "55%" || !strings.Contains(f.Sentence, "within 24 months of their identification") ||
		!strings.Contains(f.Sentence, "the share within 12 months is withheld: a count it needs") {
		t.Errorf("the 24-month share in place of the 12-month one: %v %+v", ok, f)
	}

	// Not a re-release, nothing withheld, the 12-month point undefined (no one followed):
	// no figure and no pointer.
	r = &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10}, m: &release.Manifest{}}
	r.set.add(curveTable("reintegration", "exit", "reintegrated", [3]bool{}, [3]string{"0.131", "", ""}))
	if f, ok := r.reintegrationFigure(); ok {
		t.Errorf("a figure for an undefined point: %+v", f)
	}
	if md := string(r.briefMarkdown()); strings.Contains(md, "After rescue") {
		t.Errorf("an After rescue section with nothing in it:\n%s", md)
	}
}

// TestAfterRescueWithheldForSeveralReleases (attack-2026-12-02g's monthly series): July printed
// the reintegrations by 12 months (188), September withheld them (the guard), and November,
// whose guard compares with the last value printed (tables/carried.json), withheld them again.
// November's brief says that an earlier release printed the counts and that the figure stays
// withheld until they are back at that value or have moved by 10, and points to the release
// that printed it, not to the one it replaces (which withheld it too). A figure withheld
// whose counts no release printed says nothing of the kind.
func TestAfterRescueWithheldForSeveralReleases(t *testing.T) {
	guarded := &release.Manifest{Tables: &release.TablesProtection{Guarded: 19},
		Replaced: &release.Replaced{AsOf: "2026-01-01"}}
	v := func(x int64) *int64 { return &x }
	carried := release.Carried{{Name: "reintegration", Counts: []string{"at_risk", "events"},
		Rows: []release.CarriedRow{{Labels: []string{"reintegrated", "12 months"}, Values: []*int64{nil, v(188)}}}}}
	r := &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10, Carried: carried}, m: guarded}
	r.set.add(curveTable("reintegration", "exit", "reintegrated", [3]bool{false, true, true}, [3]string{"0.131", "", ""}))
	r.set.add(curveTable("re-trafficking", "referral_route", "all routes", [3]bool{true, true, true}, [3]string{}))
	r.set.add(curveTable("re-trafficking-or-return", "referral_route", "all routes", [3]bool{true, true, true}, [3]string{}))
	md := string(r.briefMarkdown())
	for _, w := range []string{
		"within 12 months of their identification is withheld: a count it needs is fewer than 10 or withheld so that neither a small count elsewhere nor a change of fewer than 10 since the previous release can be worked out; " +
			"an earlier release of this register printed its counts, and a count printed once is printed again only at the value printed then or once it has moved by 10 or more from it, so the figure may stay withheld for several releases.",
		"an earlier release of this register printed its counts (tables/carried.json holds the last values printed), and that release's brief and report give the figure as it was then, though the release this one replaces may have withheld it too.",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("no %q in the brief:\n%s", w, md)
		}
	}
	if f, ok := r.retraffickingFigure(); !ok || strings.Contains(f.Sentence, "an earlier release of this register printed") {
		t.Errorf("re-trafficking, whose counts no release printed: %v %+v", ok, f)
	}
	if rep := r.outcomesMarkdown(); !strings.Contains(rep, "may stay withheld for several releases") || !strings.Contains(rep, "tables/carried.json") {
		t.Errorf("the report's section:\n%s", rep)
	}
}

// TestRetraffickingCurveTraded (outc session w): a monthly series printed the composite in July
// and the confirmed count in September, whose composite count moved by fewer than 10 since
// July (the guard withheld it; carried.json holds July's value). September's brief and report
// say that the earlier release printed the other curve in this figure's place, and that the two
// are bounds, not one figure that moved; the same the other way round; nothing when the withheld
// curve was never printed.
func TestRetraffickingCurveTraded(t *testing.T) {
	guarded := &release.Manifest{Tables: &release.TablesProtection{Guarded: 19},
		Replaced: &release.Replaced{AsOf: "2026-01-01"}}
	v := func(x int64) *int64 { return &x }
	carriedOf := func(name string) release.Carried {
		return release.Carried{{Name: name, Counts: []string{"at_risk", "events"},
			Rows: []release.CarriedRow{{Labels: []string{"all routes", "24 months"}, Values: []*int64{nil, v(25)}}}}}
	}
	const traded = "in this figure's place: the two are the lower and the upper bound of one share, not one figure that moved."
	for _, c := range []struct {
		name         string
		carried      release.Carried
		confHeld     bool
		want, absent string
	}{
		{"September: the composite withheld, printed in July", carriedOf("re-trafficking-or-return"), false,
			"An earlier release of this register printed the upper bound (re-trafficked or back in care) " + traded, ""},
		{"the confirmed count withheld, printed before", carriedOf("re-trafficking"), true,
			"An earlier release of this register printed the confirmed figure " + traded, ""},
		{"the withheld curve never printed", carriedOf("reintegration"), false, "", traded},
	} {
		r := &report{set: (&set{byName: map[string]int{}}).withStandard(), opt: Options{Threshold: 10, Carried: c.carried}, m: guarded}
		r.set.add(curveTable("re-trafficking", "referral_route", "all routes", [3]bool{false, false, c.confHeld}, [3]string{"0.050", "0.100", "0.150"}))
		r.set.add(curveTable("re-trafficking-or-return", "referral_route", "all routes", [3]bool{false, false, !c.confHeld}, [3]string{"0.060", "0.120", "0.190"}))
		f, ok := r.retraffickingFigure()
		if !ok {
			t.Errorf("%s: no figure", c.name)
			continue
		}
		if c.want != "" && !strings.Contains(f.Sentence, c.want) {
			t.Errorf("%s: no %q in %q", c.name, c.want, f.Sentence)
		}
		if c.absent != "" && strings.Contains(f.Sentence, c.absent) {
			t.Errorf("%s: %q in %q", c.name, c.absent, f.Sentence)
		}
		if md := string(r.briefMarkdown()); c.want != "" && !strings.Contains(md, c.want) {
			t.Errorf("%s: not in the brief:\n%s", c.name, md)
		}
	}
}
