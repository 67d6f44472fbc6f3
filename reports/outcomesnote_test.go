package reports

import (
	"html"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestOutcomesNoteBothRenderings: report.md and report.html close the outcomes section with
// one note naming the same tables (the page named five of report.md's eight: session q's
// note), only those the release holds.
func TestOutcomesNoteBothRenderings(t *testing.T) {
	tm, ev := []float64{}, []bool{}
	for i := range 2000 {
		tm = append(tm, float64(i%700)/30.4375)
		ev = append(ev, i%9 != 0)
	}
	tb, _, cohort := stayTable(t, tm, ev)
	r := &report{set: &set{byName: map[string]int{}}, opt: Options{Threshold: 10, Bounds: rangeBounds{float64(cohort), float64(cohort + 40)}}, m: &release.Manifest{}}
	r.set.add(tb)
	for _, n := range outcomeTables[1:] {
		r.set.add(&release.Table{Name: n, Labels: []string{"x"}, Counts: []string{"n"}, Threshold: 10})
	}
	r.set.withStandard()
	check := func(want string) {
		t.Helper()
		if md := r.outcomesMarkdown(); !strings.Contains(md, "\n"+want+"\n") {
			t.Errorf("report.md's outcomes section:\n%s\nwant %q", md, want)
		}
		h, err := r.html()
		if err != nil {
			t.Fatal(err)
		}
		if page := html.UnescapeString(string(h)); !strings.Contains(page, `<p class="note">`+want+`</p>`) {
			i := strings.Index(page, `<section id="outcomes">`)
			t.Errorf("report.html's outcomes section:\n%.2000s\nwant %q", page[max(i, 0):], want)
		}
	}
	check("From the tables length-of-stay, reintegration, re-trafficking, re-trafficking-or-return, follow-up, services, justice-funnel and occupancy below: " +
		"estimates at three, six, 12 and 24 months only, each with the numbers at risk and of events it rests on. Time to reintegration counts from identification, length of stay from admission. " +
		"Dates of events never left the organisations' systems: the release holds months, banded.")
	// A release without some of them names the others only.
	r2 := &report{set: &set{byName: map[string]int{}}, opt: r.opt, m: r.m}
	r2.set.add(tb)
	r2.set.add(&release.Table{Name: "occupancy", Labels: []string{"x"}, Counts: []string{"n"}, Threshold: 10})
	r2.set.withStandard()
	r = r2
	check("From the tables length-of-stay and occupancy below: " +
		"estimates at three, six, 12 and 24 months only, each with the numbers at risk and of events it rests on. Time to reintegration counts from identification, length of stay from admission. " +
		"Dates of events never left the organisations' systems: the release holds months, banded.")
}
