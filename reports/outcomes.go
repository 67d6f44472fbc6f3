package reports

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/release"
)

// What happened after rescue (issue 12): figures from the outcome tables (counted in the run
// from the cases' events at full precision and protected with the other tables). Each is read
// at a published point with its interval; a withheld point gives no figure.

// outcomeRow returns the figures of the row of table name whose labels are labels, when its
// counts are published.
func (r *report) outcomeRow(name string, labels ...string) ([]string, bool) {
	i, ok := r.set.byName[name]
	if !ok {
		return nil, false
	}
	t := r.set.tables[i]
	for ri, row := range t.Rows {
		if len(row.Labels) < len(labels) || !equalPrefix(row.Labels, labels) {
			continue
		}
		for ci := range row.Values {
			if _, ok := t.Value(ri, ci); !ok {
				return nil, false
			}
		}
		if len(row.Figures) == 0 || row.Figures[0] == "" {
			return nil, false
		}
		return row.Figures, true
	}
	return nil, false
}

func equalPrefix(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pct formats a proportion given as text ("0.394") as a percentage ("39%"), a half rounded up
// as the text reads: FormatFloat rounded 100 times the float, so a printed 0.385 read "38%"
// (half to even) and 0.145 "14%" (14.4999...), while 0.155 read "16%".
func pct(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return ""
	}
	return strconv.FormatFloat(math.Floor(100*v+0.5+1e-9), 'f', 0, 64) + "%"
}

func ciPct(lo, hi, how string) string {
	l, err1 := strconv.ParseFloat(lo, 64)
	h, err2 := strconv.ParseFloat(hi, 64)
	if err1 != nil || err2 != nil {
		return ""
	}
	return fmt.Sprintf("95%% CI %s%% (%s)", pctRange(100*l, 100*h), how)
}

// ciShort is an interval inside a sentence: "95% CI 10–17%".
func ciShort(lo, hi string) string {
	l, err1 := strconv.ParseFloat(lo, 64)
	h, err2 := strconv.ParseFloat(hi, 64)
	if err1 != nil || err2 != nil {
		return "no interval published"
	}
	return fmt.Sprintf("95%% CI %s%%", pctRange(100*l, 100*h))
}

// reintegrationFigure is the headline outcome: reintegrated with family within 12 months of
// identification, with its interval. When the 12-month point is withheld, the 24-month or
// six-month point stands in, saying the 12-month one is withheld and why; when every one is,
// the figure is "withheld" with the reason and, in a re-release, the earlier release that may
// give it: a monthly re-release's guard withheld the reintegrations at every point and the
// brief's "After rescue" lost its line without a word (attack-2026-12-02f finding 2).
func (r *report) reintegrationFigure() (figure, bool) {
	const at = "reintegrated with their families or repatriated within %s of their identification"
	const open = "(one exit in the tables; stays still open are counted as open, not as failures)"
	held := r.outcomeWithheld("reintegration", "reintegrated", "12 months")
	why := r.heldWhy(r.outcomeCarried("reintegration", "reintegrated", "12 months"))
	for _, point := range []string{"12 months", "24 months", "6 months"} {
		f, ok := r.outcomeRow("reintegration", "reintegrated", point)
		if !ok {
			continue
		}
		if point == "12 months" {
			return figure{Value: pct(f[0]),
				Sentence: fmt.Sprintf("%s of the victims taken into care (people at risk not included) were "+at+" %s.", pct(f[0]), point, open),
				Interval: r.curveCI("reintegration", []string{"reintegrated", point}, f, "Aalen-Johansen, log scale")}, true
		}
		if !held {
			break // 12 months published but undefined (no one followed that long): no figure
		}
		return figure{Value: pct(f[0]),
			Sentence: fmt.Sprintf("%s of the victims taken into care (people at risk not included) were "+at+" %s; the share within 12 months is withheld: %s.", pct(f[0]), point, open, why),
			Interval: r.curveCI("reintegration", []string{"reintegrated", point}, f, "Aalen-Johansen, log scale")}, true
	}
	if !held {
		return figure{}, false
	}
	return figure{Value: "withheld",
		Sentence: fmt.Sprintf("The share of the victims taken into care (people at risk not included) "+at+" is withheld: %s.", "12 months", why)}, true
}

// earlierRelease points the figures after rescue withheld in a re-release (the differencing
// guard withheld counts, manifest tables.guarded_counts) to the release it replaces, which
// gives them if it published them: said once under the section, after its figures; "" when
// none of fs is withheld or the release replaces none.
func (r *report) earlierRelease(fs ...figure) string {
	if t := r.m.Tables; t == nil || t.Guarded == 0 {
		return ""
	}
	for _, f := range fs {
		if f.Value != "withheld" {
			continue
		}
		if r.rescueCarried() {
			// The release replaced may have withheld it too (a monthly series: July printed
			// it, September and November withheld it): the pointer is to the one that printed.
			return fmt.Sprintf("This release replaces an earlier one, and a figure after rescue withheld here may be withheld only so that a change of fewer than %d cannot be worked out: "+
				"an earlier release of this register printed its counts (tables/carried.json holds the last values printed), and that release's brief and report give the figure as it was then, though the release this one replaces may have withheld it too.", r.opt.Threshold)
		}
		return fmt.Sprintf("This release replaces an earlier one, and a figure after rescue withheld here may be withheld only so that a change of fewer than %d since then cannot be worked out: the earlier release's brief and report give it, %s, if they published it.", r.opt.Threshold, r.previousWhen())
	}
	return ""
}

// heldWhy is withheldWhy for a figure after rescue; carried: an earlier release of the series
// printed a count it needs (Options.Carried), and the guard compares this release's count
// with that value, so the figure stays withheld over releases until its counts move by the
// threshold (attack-2026-12-02g 1: July printed the reintegrations, September and November
// withheld them). Which of the reasons withholds it stays unsaid, as in secondaryWhy: saying
// "changed by fewer than 10" would tell the size of the change.
func (r *report) heldWhy(carried bool) string {
	why := r.withheldWhy()
	if carried {
		why += fmt.Sprintf("; an earlier release of this register printed its counts, and a count printed once is printed again only at the value printed then or once it has moved by %d or more from it, "+
			"so the figure may stay withheld for several releases", r.opt.Threshold)
	}
	return why
}

// outcomeCarried says whether the row of table name whose labels are labels, or a row before
// it on its curve (the same labels but the last), has a count withheld here that an earlier
// release printed (Options.Carried).
func (r *report) outcomeCarried(name string, labels ...string) bool {
	i, ok := r.set.byName[name]
	if !ok || len(r.opt.Carried) == 0 {
		return false
	}
	t := r.set.tables[i]
	idx := r.opt.Carried.Index()
	curve := labels[:len(labels)-1]
	for _, row := range t.Rows {
		if len(row.Labels) < len(curve) || !equalPrefix(row.Labels, curve) {
			continue
		}
		for ci := range row.State {
			if _, ok := idx.Last(name, t.Counts, row.Labels, ci); ok {
				return true
			}
		}
		if len(row.Labels) >= len(labels) && equalPrefix(row.Labels, labels) {
			break
		}
	}
	return false
}

// rescueCarried says whether a figure after rescue needs a count an earlier release printed
// and this one withholds (outcomeCarried of the figures' rows).
func (r *report) rescueCarried() bool {
	return r.outcomeCarried("reintegration", "reintegrated", "12 months") || r.outcomeCarried("length-of-stay", "all provinces", "12 months") ||
		r.outcomeCarried("re-trafficking", "all routes", "24 months") || r.outcomeCarried("re-trafficking-or-return", "all routes", "24 months")
}

// outcomeWithheld says whether the row of table name whose labels are labels has a count
// withheld (shown as "<threshold" or SecondaryLabel), so that its figure is withheld rather
// than undefined or absent; or its counts printed but its estimate empty while an earlier
// point of its curve (the rows before it with the same labels but the last) has a count
// withheld: the estimate needs the events between the points, so it goes with them (a
// re-release printed the composite's 24-month counts, not its estimate).
func (r *report) outcomeWithheld(name string, labels ...string) bool {
	i, ok := r.set.byName[name]
	if !ok {
		return false
	}
	t := r.set.tables[i]
	heldOf := func(row release.Row) bool {
		for _, st := range row.State {
			if st == release.Primary || st == release.Secondary {
				return true
			}
		}
		return false
	}
	curve := labels[:len(labels)-1]
	earlier := false
	for _, row := range t.Rows {
		if len(row.Labels) < len(labels) || !equalPrefix(row.Labels, labels) {
			if len(row.Labels) >= len(curve) && equalPrefix(row.Labels, curve) && heldOf(row) {
				earlier = true
			}
			continue
		}
		if heldOf(row) {
			return true
		}
		return earlier && (len(row.Figures) == 0 || row.Figures[0] == "")
	}
	return false
}

// retraffickingFigure is re-trafficking within 24 months of reintegration: confirmed (the
// re-trafficking table, a lower bound: a return to care is censored), and re-trafficked or back
// in care (re-trafficking-or-return, an upper bound: every return counted as re-trafficking)
// beside it when both print; either alone, named for what it is, when the other is withheld,
// saying which is withheld and why; "withheld", and why, when both are. The two curves differ
// by the returns to care, so when those are 1 to threshold-1 one of the two is withheld, and
// which one follows the release's other small counts: it can change from one release to the
// next (attack-2026-12-02e), and a re-release's brief dropped the line without a word.
func (r *report) retraffickingFigure() (figure, bool) {
	f, ok := r.retraffickingShares()
	if ok && f.Value != "withheld" {
		f.Sentence += r.lateReintegrations()
	}
	return f, ok
}

// lateReintegrations says, after the re-trafficking figure, whom it leaves out when an
// organisation's records begin late: the people it reintegrated before that day are in no
// export, and re-trafficking's clock starts at reintegration, so they cannot enter late as its
// stays in care do; its people followed longest are the ones missing, and the 24-month point
// rests on the other organisations'. The re-trafficking table's note says so
// (release.LateReintegrationsNote, also for a late organisation none of whose stays was open
// on its first day); a release made before that note, when the time-in-care tables' notes
// say a stay entered late (release.LateStaysNote). Both phrases are shared with anonymize,
// which writes them. Not a bias (outc, 2026-12-05 afternoon): the tester's care export cut at
// 2024-01-01 (sLC) read 14% for the whole register's 12% (synth's truth 12%), its 24-month
// point being the other organisations' people alone (78 followed that long for 203; their
// curve without that export's care records: 0.141); seeds 2-4 +2.7, +0.1 and -0.8 points. ""
// otherwise.
//
// Its words (shares, session zm, on the demo's brief): "where" an organisation's records begin
// late, as one or more may (the demo's Afghan centre and Cambodia Safe Haven); the note is
// named in report.html, as the brief holds no table; and the figures above it that count the
// late organisations' stays open on their first day from that day (the tables whose notes say
// release.LateStaysNote) are named by their values, so the reader knows the 38% and 37%
// already take those stays in.
func (r *report) lateReintegrations() string {
	noted := func(name, words string) bool {
		i, ok := r.set.byName[name]
		return ok && strings.Contains(r.set.tables[i].Note, words)
	}
	said := "" // the table whose note says so
	for _, n := range []struct{ name, words string }{{"re-trafficking", release.LateReintegrationsNote},
		{"length-of-stay", release.LateStaysNote}, {"reintegration", release.LateStaysNote}} {
		if said == "" && noted(n.name, n.words) {
			said = n.name
		}
	}
	if said == "" {
		return ""
	}
	// The figures above that count the stays open on the day from that day (delayed entry).
	var entered []string
	if f, ok := r.reintegrationFigure(); ok && f.Value != "withheld" && noted("reintegration", release.LateStaysNote) {
		entered = append(entered, "the "+f.Value+" reintegrated")
	}
	if f, ok := r.stayFigure(); ok && f.Value != "withheld" && noted("length-of-stay", release.LateStaysNote) {
		entered = append(entered, "the "+f.Value+" still in care")
	}
	// How many organisations, when the re-trafficking note says (release.LateOrganisations);
	// "where an organisation's" when it does not (a release made before that count). The note
	// counts the organisations with people in care only (those whose reintegrations are
	// missing), so the sentence says so: the demo's Kolkata police begin late too, with no one
	// in care, and "one organisation's records begin late" read as the release's only late
	// start beside a manifest naming two (attack-2026-12-06d A6's re-check).
	open, it, its, had := " Where an organisation's records begin late (report.html, the "+said+" table's note),", "it", "its", "it"
	if i, ok := r.set.byName["re-trafficking"]; ok && said == "re-trafficking" {
		if n, ok := release.LateOrganisationsIn(r.set.tables[i].Note); ok {
			open = " " + capitalised(countWord(n)) + " organisation with people in care has records that begin late (report.html, the re-trafficking table's note):"
			if n > 1 {
				open = " " + capitalised(countWord(n)) + " organisations with people in care have records that begin late (report.html, the re-trafficking table's note):"
				it, its, had = "they", "their organisation's", "those organisations"
			}
		}
	}
	as := ""
	switch {
	case len(entered) > 0:
		as = ", as the stays in care " + had + " had open on that day are counted from that day in " + joinAnd(entered) + " above"
	case noted("reintegration", release.LateStaysNote) || noted("length-of-stay", release.LateStaysNote):
		as = ", as the stays in care " + had + " had open on that day are counted from that day in the time-in-care tables"
	}
	return open + " the people " + it + " reintegrated before then are in no export and not in this figure " +
		"(re-trafficking counts from the day of reintegration, so they cannot be counted from the day " + its + " records begin" + as + "); " +
		"fewer people are followed to 24 months, and that point rests more on the organisations whose records go back further."
}

// countWord is n in words from one to nine (a count of organisations), else in figures.
func countWord(n int) string {
	if n >= 1 && n <= 9 {
		return [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}[n-1]
	}
	return strconv.Itoa(n)
}

// retraffickingShares is retraffickingFigure without lateReintegrations.
func (r *report) retraffickingShares() (figure, bool) {
	c, confirmed := r.outcomeRow("re-trafficking", "all routes", "24 months")
	u, either := r.outcomeRow("re-trafficking-or-return", "all routes", "24 months")
	cHeld := !confirmed && r.outcomeWithheld("re-trafficking", "all routes", "24 months")
	uHeld := !either && r.outcomeWithheld("re-trafficking-or-return", "all routes", "24 months")
	cCarried := cHeld && r.outcomeCarried("re-trafficking", "all routes", "24 months")
	uCarried := uHeld && r.outcomeCarried("re-trafficking-or-return", "all routes", "24 months")
	cWhy, uWhy := r.heldWhy(cCarried), r.heldWhy(uCarried)
	// The curve an earlier release printed, withheld here while the other prints (a monthly
	// series: July the composite, September the confirmed count, the composite's count moved by
	// fewer than the threshold since July): the reader of both briefs is told the figure changed
	// curve, not value.
	const traded = "An earlier release of this register printed %s in this figure's place: the two are the lower and the upper bound of one share, not one figure that moved."
	const followed = "counting those followed up for less as followed until their last contact"
	const bounds = "The first misses a re-trafficking the register records only as a new placement in care, the second counts every return to care as one (why a child came back is not recorded): the share re-trafficked lies between the two. Each person is followed from their first reintegration: a re-trafficking after a return to care and a second reintegration is in the second figure (at the return), not the first."
	// Why the other curve is not given beside the one printed.
	const differ = "the two differ by the returns to care, so when these are few one of the two is withheld, and which one can change from one release to the next"
	switch {
	case confirmed && either:
		return figure{Value: pct(c[0]),
			Sentence: fmt.Sprintf("Of the victims reintegrated (children and adults), %s were confirmed re-trafficked within 24 months (%s) and %s were re-trafficked or back in care (%s), %s (cumulative incidence, intervals on the log scale). %s",
				pct(c[0]), r.curveShort("re-trafficking", []string{"all routes", "24 months"}, c), pct(u[0]), r.curveShort("re-trafficking-or-return", []string{"all routes", "24 months"}, u), followed, bounds)}, true
	case confirmed:
		s := fmt.Sprintf("%s of the victims reintegrated (children and adults) were confirmed re-trafficked within 24 months, %s.", pct(c[0]), followed)
		if uHeld {
			s += fmt.Sprintf(" This is a lower bound (a re-trafficking the register records only as a new placement in care, or one after a return to care and a second reintegration, is missed); the upper bound, re-trafficked or back in care, is withheld: %s (%s).", uWhy, differ)
			if uCarried {
				s += " " + fmt.Sprintf(traded, "the upper bound (re-trafficked or back in care)")
			}
		}
		return figure{Value: pct(c[0]), Sentence: s, Interval: r.curveCI("re-trafficking", []string{"all routes", "24 months"}, c, "cumulative incidence, log scale")}, true
	case either:
		s := fmt.Sprintf("%s of the victims reintegrated (children and adults) were re-trafficked or back in care within 24 months, %s: an upper bound on re-trafficking, as every return to care counts as one (why a child came back is not recorded); the confirmed figure is withheld", pct(u[0]), followed)
		if cHeld {
			s += fmt.Sprintf(": %s (%s)", cWhy, differ)
		}
		s += "."
		if cHeld && cCarried {
			s += " " + fmt.Sprintf(traded, "the confirmed figure")
		}
		return figure{Value: pct(u[0]), Sentence: s, Interval: r.curveCI("re-trafficking-or-return", []string{"all routes", "24 months"}, u, "cumulative incidence, log scale")}, true
	case cHeld || uHeld:
		return figure{Value: "withheld",
			Sentence: fmt.Sprintf("Re-trafficking within 24 months of reintegration (confirmed, and re-trafficked or back in care) is withheld: %s.", r.heldWhy(r.outcomeCarried("re-trafficking", "all routes", "24 months") || r.outcomeCarried("re-trafficking-or-return", "all routes", "24 months")))}, true
	}
	return figure{}, false
}

// stayFigure is the share still in care 12 months after admission, all provinces: the
// estimate, or where only its cohort is withheld the range the published counts give
// (stayRange), else "withheld". The report's outcomes and the brief (which had no line for it:
// the coordinator's note on attack-2026-12-03c) both give it.
func (r *report) stayFigure() (figure, bool) {
	if f, ok := r.outcomeRow("length-of-stay", "all provinces", "12 months"); ok {
		s := fmt.Sprintf("%s were still in care 12 months after admission.", pct(f[0]))
		if m, ok := r.outcomeRow("length-of-stay", "all provinces", "24 months"); ok && len(m) > 3 && m[3] != "" {
			s += fmt.Sprintf(" Over the first two years a stay lasted %s months on average (restricted mean).", m[3])
		}
		return figure{Value: pct(f[0]), Sentence: s, Interval: r.curveCI("length-of-stay", []string{"all provinces", "12 months"}, f, "Kaplan-Meier, Greenwood, log scale")}, true
	} else if lo, hi, ok := r.stayRange(); ok {
		// The cohort withheld as a complement (attack-2026-12-03b finding 5: 30 provinces of
		// 1-9 stays, and the cohort tied to the reintegration curve's, whose figures it keeps):
		// the share as the range the published counts give anyone.
		why := r.stayCohortWhy()
		v := fmt.Sprintf("%d–%d%%", lo, hi)
		s := fmt.Sprintf("Between %d%% and %d%% were still in care 12 months after admission (the estimate is withheld with the number admitted, %s; this range is what the published numbers at risk and exits give anyone: the Kaplan-Meier estimate lies in it whatever the order, between two points, of the exits and the stays still open at the export).", lo, hi, why)
		if lo == hi {
			v = fmt.Sprintf("about %d%%", lo)
			s = fmt.Sprintf("About %d%% were still in care 12 months after admission (to the percent, as the published numbers at risk and exits give anyone; the estimate is withheld with the number admitted, %s).", lo, why)
		}
		if other := r.stayOtherRanges(); other != "" {
			s += " The same counts place the share still in care " + other + "."
		}
		return figure{Value: v, Sentence: s}, true
	} else if r.outcomeWithheld("length-of-stay", "all provinces", "12 months") {
		return figure{Value: "withheld", Sentence: fmt.Sprintf("The share still in care 12 months after admission is withheld: %s.", r.heldWhy(r.outcomeCarried("length-of-stay", "all provinces", "12 months")))}, true
	}
	return figure{}, false
}

// stayCohortWhy says why stayFigure's range stands for the estimate: stayRange gives one only
// when the number admitted is the one count of the curve up to 12 months withheld, so the
// reason is that count's, not withheldWhy's pair ("a count it needs is fewer than 10 or
// withheld ..."), which sent a reader checking the table to counts that are all printed (the
// tester's 20,000-row register: the cohort "x", every later count printed).
func (r *report) stayCohortWhy() string {
	st := release.Secondary
	if i, ok := r.set.byName["length-of-stay"]; ok {
		for _, row := range r.set.tables[i].Rows {
			if len(row.Labels) == 2 && row.Labels[0] == "all provinces" && row.Labels[1] == "0 months" && len(row.State) > 0 {
				st = row.State[0]
				break
			}
		}
	}
	why := "the one count of the curve up to 12 months withheld, " + strings.TrimPrefix(r.secondaryWhy(), "withheld ")
	if st == release.Primary {
		why = fmt.Sprintf("the one count of the curve up to 12 months withheld, as it is fewer than %d", r.opt.Threshold)
	}
	why += "; every number at risk and exit after it is printed"
	if r.outcomeCarried("length-of-stay", "all provinces", "12 months") {
		why += fmt.Sprintf("; an earlier release of this register printed it, and a count printed once is printed again only at the value printed then or once it has moved by %d or more from it, "+
			"so it may stay withheld for several releases", r.opt.Threshold)
	}
	return why
}

// outcomeFigures are the figures of the outcomes section, for programme leads and researchers.
func (r *report) outcomeFigures() []figure {
	var out []figure
	if f, ok := r.reintegrationFigure(); ok {
		out = append(out, f)
	}
	if f, ok := r.stayFigure(); ok {
		out = append(out, f)
	}
	if f, ok := r.retraffickingFigure(); ok {
		out = append(out, f)
	}
	out = append(out, r.followUpFigures()...)
	for _, label := range []string{"conviction rate over completed trials", "conviction rate over cases registered"} {
		i, ok := r.set.byName["justice-funnel"]
		if !ok {
			break
		}
		t := r.set.tables[i]
		for ri, row := range t.Rows {
			if row.Labels[0] != "all years" || !strings.HasPrefix(row.Labels[1], label) || len(row.Figures) == 0 || row.Figures[0] == "" {
				continue
			}
			if _, ok := t.Value(ri, 0); !ok {
				continue
			}
			out = append(out, figure{Value: pct(row.Figures[0]), Sentence: fmt.Sprintf("The %s was %s.", row.Labels[1], pct(row.Figures[0])),
				Interval: ciPct(row.Figures[1], row.Figures[2], "Wilson")})
		}
	}
	if s := r.bedsSentence(); s != "" {
		out = append(out, figure{Value: "beds", Sentence: s})
	}
	return out
}

// followUpFigures are the follow-up shares 12 months after reintegration (six when the 12-month
// counts are withheld), worked out from the published counts with Wilson intervals.
func (r *report) followUpFigures() []figure {
	i, ok := r.set.byName["follow-up"]
	if !ok {
		return nil
	}
	shares := analysis.FollowUpShares(r.set.tables[i], 0.95)
	var out []figure
	for _, measure := range []string{"visited_after", "in_school_at_last_visit"} {
		var pick *analysis.FollowUpShare
		for j := range shares {
			s := &shares[j]
			if s.Measure == measure && s.Of > 0 && (pick == nil || s.Months == "12 months") {
				pick = s
			}
		}
		if pick == nil {
			continue
		}
		p := strconv.FormatFloat(pick.Estimate, 'f', 3, 64)
		since := strings.TrimSuffix(pick.Months, " months")
		if since == "6" {
			since = "six"
		}
		var sentence string
		if measure == "visited_after" {
			// Children of an organisation that exports no visit are not recorded (attack-2026-12-02a finding 6).
			sentence = fmt.Sprintf("%s of the children (under 18 when identified) reintegrated at least %s months before the export had a follow-up visit %s months or more after going home%s.", pct(p), since, since,
				leftOut(r.set.tables[i], measure, pick.Months, "whose organisation exports no follow-up visit"))
		} else {
			sentence = fmt.Sprintf("%s of the children reintegrated at least %s months before the export were in school at their last follow-up visit%s.", pct(p), since, leftOut(r.set.tables[i], measure, pick.Months, "whose schooling was not recorded"))
		}
		out = append(out, figure{Value: pct(p), Sentence: sentence,
			Interval: ciPct(strconv.FormatFloat(pick.Lower, 'f', 3, 64), strconv.FormatFloat(pick.Upper, 'f', 3, 64), "Wilson")})
	}
	return out
}

// leftOut says how many children (who: why) a follow-up share leaves out, from the follow-up
// table's not_recorded count of its row (as published: "<10" or "x" when withheld).
func leftOut(t *Table, measure, months, who string) string {
	for ri, row := range t.Rows {
		if len(row.Labels) < 2 || len(row.Values) < 4 || row.Labels[0] != measure || row.Labels[1] != months {
			continue
		}
		switch n := t.Cell(ri, 3); n {
		case "0":
			return ""
		case SecondaryLabel:
			return " (children " + who + " are left out: their number is withheld)"
		default:
			return fmt.Sprintf(" (%s children %s are left out)", n, who)
		}
	}
	return " (children " + who + " are left out)"
}

// bedsSentence names the provinces whose residential care is fullest, with the beds Little's
// law asks for.
func (r *report) bedsSentence() string {
	i, ok := r.set.byName["occupancy"]
	if !ok {
		return ""
	}
	t := r.set.tables[i]
	var parts []string
	over := 0 // provinces over 100%
	for ri, row := range t.Rows {
		if len(row.Figures) < 4 || row.Figures[0] == "" || row.Figures[1] == "" || row.Figures[3] == "" {
			continue
		}
		if _, ok := t.Value(ri, 0); !ok {
			continue
		}
		rate, _ := strconv.ParseFloat(row.Figures[1], 64)
		if rate < 0.85 {
			continue
		}
		name := row.Labels[0]
		if p, ok := geo.ProvinceByCode(name); ok {
			name = p.Name
		}
		need, _ := strconv.ParseFloat(row.Figures[3], 64)
		part := fmt.Sprintf("%s (%s of %s beds filled; about %.0f needed)", name, pct(row.Figures[1]), row.Figures[0], need)
		if rate > 1 {
			// More people in residential care than beds: the centres file lists fewer beds
			// than the placements use (a home missing from it, or capacities out of date), so
			// the rate measures the file, not how full the homes are.
			part = fmt.Sprintf("%s (more people in residential care than the %s beds the centres file lists, %s of them: the file may miss homes there or be out of date; about %.0f beds needed)", name, row.Figures[0], pct(row.Figures[1]), need)
			over++
		}
		parts = append(parts, part)
	}
	// A province whose rate is left out because an organisation placing people there begins
	// its records late: its homes are not at or above 85% for all the sentence knows, nor
	// below, and a reader of the sentence alone would take them for below (outc session zg's
	// Left: the table's note was the only word).
	var late []string
	for _, code := range lateRates(t.Note) {
		name := code
		if p, ok := geo.ProvinceByCode(code); ok {
			name = p.Name
		}
		late = append(late, name)
	}
	var s string
	if len(parts) > 0 {
		s = "Residential care at or above 85% occupancy: " + strings.Join(parts, "; ") + ". Beds needed are Little's law (arrivals × mean stay, at 85% occupancy), assuming arrivals and stays go on as in the last year; see the occupancy table."
		if over > 0 {
			s += " An occupancy over 100% is a count of people against the beds listed, not a measure of crowding: check the centres file before reading it as one."
		}
	}
	if len(late) > 0 {
		s = strings.TrimSpace(s + " " + fmt.Sprintf("No occupancy is given for %s: an organisation that placed people there begins its records, or its care records, late, and the people it had in care before then are in no export, so a rate would read the homes emptier than they are (see the occupancy table's note).", joinAnd(late)))
	}
	return s
}

// lateRates returns the provinces (codes) whose occupancy_rate the occupancy table's note says
// is left empty because an organisation that placed people there begins its records late:
// anonymize's occupancy writes "KH-12, KH-23: occupancy_rate left empty, ..." (its
// TestOccupancyLateOrganisation checks those words).
func lateRates(note string) []string {
	late, _, _ := occupancyLate(note)
	return late
}

// outcomesMarkdown is the outcomes section of report.md ("" without outcome tables).
func (r *report) outcomesMarkdown() string {
	fs := r.outcomeFigures()
	if len(fs) == 0 {
		return ""
	}
	var b bytes.Buffer
	b.WriteString("## What happened after rescue\n\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "- %s", analysis.EscapeMarkdown(f.Sentence)) // centres' and places' names are text
		if f.Interval != "" {
			fmt.Fprintf(&b, " %s.", f.Interval)
		}
		b.WriteString("\n")
	}
	if e := r.earlierRelease(fs...); e != "" {
		b.WriteString("\n" + e + "\n")
	}
	b.WriteString("\n" + r.outcomesNote() + "\n\n")
	return b.String()
}

// outcomeTables are the tables the outcomes section rests on, in the order it names them.
var outcomeTables = []string{"length-of-stay", "reintegration", "re-trafficking", "re-trafficking-or-return", "follow-up", "services", "justice-funnel", "occupancy"}

// outcomesNote closes the outcomes section of report.md and report.html alike (the page's
// named five of the eight tables, session q's note): the outcome tables of this release, and
// what the figures count from.
func (r *report) outcomesNote() string {
	var names []string
	for _, n := range outcomeTables {
		if _, ok := r.set.byName[n]; ok {
			names = append(names, n)
		}
	}
	list := "the outcome tables"
	switch len(names) {
	case 0:
	case 1:
		list = "the table " + names[0]
	default:
		list = "the tables " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return "From " + list + " below: estimates at three, six, 12 and 24 months only, each with the numbers at risk and of events it rests on. Time to reintegration counts from identification, length of stay from admission. Dates of events never left the organisations' systems: the release holds months, banded."
}

// stayDelayedEntry is what anonymize's length-of-stay note says when a stay is counted from a
// late organisation's first day (anonymize.TestLengthOfStayDelayedEntry checks the words).
const stayDelayedEntry = "(delayed entry"

// stayRange is stayRangeAt 12 months, the figure the report and the brief give.
func (r *report) stayRange() (lo, hi int, ok bool) { return r.stayRangeAt("12 months") }

// stayPoints are the length-of-stay curve's points after 0 months, in order.
var stayPoints = []string{"3 months", "6 months", "12 months", "24 months"}

// stayOtherRanges says the ranges stayRangeAt gives at 3, 6 and 24 months, for the sentence of
// the 12 months' range: "at 3 months 80–85%, at 6 months 61–66% and at 24 months 10–14%"
// (session aa's note: only 12 months had a range, though the same counts bound every point).
func (r *report) stayOtherRanges() string {
	var parts []string
	for _, at := range stayPoints {
		if at == "12 months" {
			continue
		}
		if lo, hi, ok := r.stayRangeAt(at); ok {
			v := fmt.Sprintf("%d–%d%%", lo, hi)
			if lo == hi {
				v = fmt.Sprintf("about %d%%", lo)
			}
			parts = append(parts, "at "+at+" "+v)
		}
	}
	return joinAnd(parts)
}

// stayRangeAt bounds the share still in care at a point of the curve (3, 6, 12 or 24 months
// after admission, all provinces) when the estimate is withheld only because the cohort, the
// 0-month number at risk, is: from the numbers at risk n_k and cumulative exits D_k published
// at 0 months and every point up to it, and the
// cohort's upper bound by the release's own linear program (Options.Bounds). Between two
// points, d = D_k - D_(k-1) exits and some stays still open at the export (censored) left the
// n_(k-1) at risk; Kaplan-Meier's factor over the interval is least when every censoring
// came before the exits, n_k / (n_k + d), and most when after them, (n_(k-1) - d) / n_(k-1):
// the estimate lies between the products of these, whatever the order. The first interval's
// n_0 is the cohort, taken at its upper bound (the factor grows with it). lo is rounded down
// and hi up, in whole percent; ok is false when a count it needs is withheld or the cohort is
// unbounded.
func (r *report) stayRangeAt(at string) (lo, hi int, ok bool) {
	upTo := slices.Index(stayPoints, at)
	if upTo < 0 {
		return 0, 0, false
	}
	i, has := r.set.byName["length-of-stay"]
	if !has || r.opt.Bounds == nil {
		return 0, 0, false
	}
	t := r.set.tables[i]
	if t.Epsilon > 0 {
		return 0, 0, false
	}
	want := append([]string{"0 months"}, stayPoints[:upTo+1]...)
	var rows []int
	for ri, row := range t.Rows {
		if len(row.Labels) == 2 && row.Labels[0] == "all provinces" && len(rows) < len(want) && row.Labels[1] == want[len(rows)] {
			rows = append(rows, ri)
		}
	}
	if len(rows) != len(want) || len(t.Counts) < 2 {
		return 0, 0, false
	}
	if _, printed := t.Value(rows[0], 0); printed {
		return 0, 0, false // the estimate is withheld for another reason: say withheld
	}
	if strings.Contains(t.Note, stayDelayedEntry) {
		// Stays entered late (a late organisation's stays open on its first day) join the
		// risk set between points: the factors below assume none does (outc session zi).
		return 0, 0, false
	}
	_, top, err := r.opt.Bounds.SumBounds(t.Name, [][2]int{{rows[0], 0}})
	if err != nil || math.IsInf(top, 1) || top <= 0 {
		return 0, 0, false
	}
	low, high := 1.0, 1.0
	prevN, prevD := math.Floor(top), 0.0
	for _, ri := range rows[1:] {
		n, ok1 := t.Value(ri, 0)
		d, ok2 := t.Value(ri, 1)
		if !ok1 || !ok2 {
			return 0, 0, false
		}
		exits := float64(d) - prevD
		if exits < 0 || float64(n)+exits > prevN || prevN <= 0 {
			return 0, 0, false
		}
		if exits > 0 {
			low *= float64(n) / (float64(n) + exits)
			high *= (prevN - exits) / prevN
		}
		prevN, prevD = float64(n), float64(d)
	}
	return int(math.Floor(100*low + 1e-9)), int(math.Ceil(100*high - 1e-9)), true
}

// curveCI is the interval of a curve's estimate f (estimate, lower, upper) at the row of table
// name whose labels are labels, as ciPct gives it; but where the estimate is 0 or 1 the
// log-scale interval has no width (attack-2026-12-03b, lows: "95% CI 100.00–100.00%" for 30 of
// 30 reintegrated), and the exact binomial (Clopper-Pearson) interval over the people the
// share is certain for is given instead: at 1 those with the event by the point (the exits,
// column 1) or, for a share still in care, those at risk at it (column 0); at 0 the other
// way. With censoring this counts fewer people than the cohort, so the interval is wider
// than over the cohort. Clopper-Pearson at x = n is [(α/2)^(1/n), 1] and at x = 0 is
// [0, 1 - (α/2)^(1/n)]: R's binom.test(30, 30)$conf.int, 0.8843-1.
func (r *report) curveCI(name string, labels []string, f []string, how string) string {
	l, h, n, whom, ok := r.certainCI(name, labels, f)
	if !ok {
		return ciPct(f[1], f[2], how)
	}
	return fmt.Sprintf("95%% CI %s%% (exact binomial, Clopper-Pearson, over the %d %s: the %s interval on the log scale has no width at %s)", pctRange(100*l, 100*h), n, whom, strings.TrimSuffix(how, ", log scale"), pct(f[0]))
}

// curveShort is curveCI inside a sentence: "95% CI 0–4%, exact binomial over the 100 followed
// to then" where the estimate is 0 or 1, else ciShort.
func (r *report) curveShort(name string, labels []string, f []string) string {
	l, h, n, whom, ok := r.certainCI(name, labels, f)
	if !ok {
		return ciShort(f[1], f[2])
	}
	return fmt.Sprintf("95%% CI %s%%, exact binomial over the %d %s", pctRange(100*l, 100*h), n, whom)
}

// certainCI is curveCI's exact binomial interval [l, h] over the n people (whom) the estimate
// f[0], 0 or 1 with an interval of no width, is certain for; ok false otherwise.
func (r *report) certainCI(name string, labels []string, f []string) (l, h float64, n int64, whom string, ok bool) {
	est, err1 := strconv.ParseFloat(f[0], 64)
	lo, err2 := strconv.ParseFloat(f[1], 64)
	hi, err3 := strconv.ParseFloat(f[2], 64)
	if err1 != nil || err2 != nil || err3 != nil || hi-lo > 1e-9 || (est != 0 && est != 1) {
		return 0, 0, 0, "", false
	}
	i, has := r.set.byName[name]
	if !has {
		return 0, 0, 0, "", false
	}
	t := r.set.tables[i]
	fewest := int64(-1) // the fewest (not none) at risk at the curve's points before this one
	for ri, row := range t.Rows {
		if len(row.Labels) != len(labels) || !equalPrefix(row.Labels, labels) || len(row.Values) < 2 {
			if len(row.Labels) == len(labels) && equalPrefix(row.Labels, labels[:len(labels)-1]) {
				if n, ok := t.Value(ri, 0); ok && n > 0 && (fewest < 0 || n < fewest) {
					fewest = n
				}
			}
			continue
		}
		stay := name == "length-of-stay" // a share still in care: 1 when no one left
		col := 0
		if (est == 1) != stay {
			col = 1
		}
		v, published := t.Value(ri, col)
		if !published || v <= 0 || t.Epsilon > 0 {
			return 0, 0, 0, "", false
		}
		whom = "with the event by then"
		if col == 0 {
			whom = "followed to then"
			// With delayed entry the number at risk can rise from one point to the next: those
			// at risk at the point were not all followed from the start, and the estimate is
			// certain only over as many as the fewest at risk on the way (without entries the
			// numbers at risk only fall, and this is the point's own).
			if fewest > 0 && fewest < v {
				v, whom = fewest, "at risk at the curve's fewest before then (some entered late, not followed from the start)"
			}
		}
		a := math.Pow(0.025, 1/float64(v))
		l, h = a, 1.0
		if est == 0 {
			l, h = 0, 1-a
		}
		return l, h, v, whom, true
	}
	return 0, 0, 0, "", false
}
