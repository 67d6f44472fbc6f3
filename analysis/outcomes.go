package analysis

import (
	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
)

// OutcomeTable names a table of what happened after identification (issue 12). These are not
// queries over the microdata: the run counts them from the cases' events at full precision
// (dates of events never leave it) and protects them with the other tables, so query --named
// reads them from the release's tables.
type OutcomeTable struct {
	Name, Title string
	// From says what the run counts the table from, for the error of query --named when a
	// release has no such table (attack-2026-12-02b, lows: a release with legal events only was
	// told its length of stay is counted from "placements, follow-ups, legal cases" and "had
	// none").
	From string
}

// OutcomeTables are the outcome tables a release has when its run was given events (see
// docs/outcomes.md), and at-risk-by-province when some case is recorded as at risk.
var OutcomeTables = []OutcomeTable{
	{"at-risk-by-province", "People at risk of trafficking taken into care, by country and province (never counted as victims)",
		"the cases' trafficking status (at risk of trafficking)"},
	{"length-of-stay", "Time in care: share still in care at three, six, 12 and 24 months (Kaplan-Meier, Greenwood, log scale), restricted mean stay",
		"victims' residential placements"},
	{"reintegration", "Exits from care (reintegrated, transferred, absconded, other): cumulative incidence at the fixed points (Aalen-Johansen)",
		"victims' residential placements and how they ended"},
	{"re-trafficking", "Confirmed re-trafficking after reintegration by referral route: cumulative incidence at the fixed points, log-rank test",
		"victims reintegrated from residential care by an organisation whose events hold follow-up visits"},
	{"re-trafficking-or-return", "Re-trafficked or back in care after reintegration (a return to care counted as an event): the upper bound beside re-trafficking's lower one",
		"victims reintegrated from residential care by an organisation whose events hold follow-up visits, and their returns to care"},
	{"follow-up", "Follow-up after reintegration: children visited, and in school at their last visit, six and 12 months on (shares with Wilson intervals)",
		"children reintegrated from residential care by an organisation whose events hold follow-up visits"},
	{"services", "Services and support plans (Primero service types, HTCDS support-plan types): people (victims of every age) who had each, by status",
		"victims' services and support plans"},
	{"justice-funnel", "Legal cases by furthest stage and disposition per year, with both conviction rates (over completed trials, over registered)",
		"victims' legal cases"},
	{"occupancy", "Residential care by province: occupied over available bed-days, beds needed by Little's law (needs the config's centres)",
		"residential placements and the beds of the centres the run's config names"},
}

// FollowUpShare is one share of the follow-up table: among the children reintegrated at least
// Months months before the export, Yes of Of (those with a known answer) for Measure
// (visited_after: a follow-up visit at least Months after reintegration; in_school_at_last_visit),
// with NotRecorded children left out of the denominator and a Wilson interval at Level.
type FollowUpShare struct {
	Measure, Months string
	Yes, Of         int64
	NotRecorded     int64
	Level           float64
	intervals.Interval
}

// FollowUpShares works out the shares of the release's follow-up table from its published
// counts (children, yes, no, not_recorded), with Wilson score intervals at level, widened to
// cover the noise when the counts were published with noise (intervals.WilsonNoisy). A row whose
// yes or no count is withheld gives no share (it is left out), so that no withheld count is
// recovered from a share. It returns nil when t is nil.
func FollowUpShares(t *release.Table, level float64) []FollowUpShare {
	if t == nil {
		return nil
	}
	var out []FollowUpShare
	for ri, row := range t.Rows {
		if len(row.Labels) < 2 || len(row.Values) < 4 {
			continue
		}
		yes, ok1 := t.Value(ri, 1)
		no, ok2 := t.Value(ri, 2)
		if !ok1 || !ok2 {
			continue
		}
		nr, _ := t.Value(ri, 3)
		s := FollowUpShare{Measure: row.Labels[0], Months: row.Labels[1], Yes: yes, Of: yes + no, NotRecorded: nr, Level: level}
		// With noise (epsilon), the interval covers it too: yes and no carry their own draws.
		eps, ty := t.NoiseTerms(ri, 1)
		_, tn := t.NoiseTerms(ri, 2)
		nx := intervals.Noise{Epsilon: eps, Terms: ty}
		s.Interval = intervals.WilsonNoisy(int(yes), nx, int(yes+no), nx.Add(intervals.Noise{Epsilon: eps, Terms: tn}), level)
		out = append(out, s)
	}
	return out
}

// FollowUpTable is the follow-up table with its shares, as query --named follow-up shows it.
func FollowUpTable(t *release.Table, level float64) *Table {
	out := &Table{Name: "follow-up", Title: t.Title + " (shares with Wilson intervals)",
		Columns: []string{"measure", "reintegrated_at_least", "yes", "of", "not_recorded", "share", "lower", "upper"}, Rows: [][]any{}}
	for _, s := range FollowUpShares(t, level) {
		out.Rows = append(out.Rows, []any{s.Measure, s.Months, s.Yes, s.Of, s.NotRecorded,
			round(s.Estimate, 3), round(s.Lower, 3), round(s.Upper, 3)})
	}
	return out
}
