package analysis

// OutcomeTable names a table of what happened after identification (issue 12). These are not
// queries over the microdata: the run counts them from the cases' events at full precision
// (dates of events never leave it) and protects them with the other tables, so query --named
// reads them from the release's tables.
type OutcomeTable struct{ Name, Title string }

// OutcomeTables are the outcome tables a release has when its run was given events (see
// docs/outcomes.md), and at-risk-by-province when some case is recorded as at risk.
var OutcomeTables = []OutcomeTable{
	{"at-risk-by-province", "People at risk of trafficking taken into care, by country and province (never counted as victims)"},
	{"length-of-stay", "Time in care: share still in care at three, six, 12 and 24 months (Kaplan-Meier, Greenwood, log scale), restricted mean stay"},
	{"reintegration", "Exits from care (reintegrated, transferred, absconded, other): cumulative incidence at the fixed points (Aalen-Johansen)"},
	{"re-trafficking", "Confirmed re-trafficking after reintegration by referral route: cumulative incidence at the fixed points, log-rank test"},
	{"justice-funnel", "Legal cases by furthest stage and disposition per year, with both conviction rates (over completed trials, over registered)"},
	{"occupancy", "Residential care by province: occupied over available bed-days, beds needed by Little's law (needs the config's centres)"},
}
