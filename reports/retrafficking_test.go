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
			"17% were re-trafficked or back in care (95% CI 13–21%)", "the share re-trafficked lies between the two"}, nil},
		{"confirmed only", true, false, []string{"13% of the victims reintegrated (children and adults) were confirmed re-trafficked",
			"the upper bound, re-trafficked or back in care, is withheld: a count it needs is fewer than 10 or withheld so that", "which one can change from one release to the next"}, nil},
		{"composite only", false, true, []string{"17% of the victims reintegrated (children and adults) were re-trafficked or back in care", "upper bound", "the confirmed figure is withheld: a count it needs is fewer than 10 or withheld so that"},
			[]string{"confirmed re-trafficked"}},
		{"neither", false, false, []string{"withheld Re-trafficking within 24 months of reintegration (confirmed, and re-trafficked or back in care) is withheld: a count it needs is fewer than 10 or withheld so that"}, nil},
	} {
		r := &report{set: &set{byName: map[string]int{}}, m: &release.Manifest{}, opt: Options{Threshold: 10}}
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
	r := &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10},
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
	r = &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10}, m: &release.Manifest{}}
	r.set.add(retraffickingTable("re-trafficking", true, "", "", ""))
	if f, ok := r.retraffickingFigure(); ok {
		t.Errorf("an undefined figure given: %+v", f)
	}
}
