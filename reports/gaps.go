package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/release"
)

// gapRows is how many groups the programme report shows of the centre-gap ranking; the whole
// ranking is in tables/centre-gaps.csv.
const gapRows = 10

// centreGaps runs the centre-gap ranking (analysis named table centre-gaps) against the
// existing centres, small counts suppressed.
func (r *report) centreGaps(ctx context.Context, db *sql.DB) error {
	n, ok := analysis.LookupNamed("centre-gaps")
	if !ok {
		return fmt.Errorf("reports: no centre-gaps table in the catalogue")
	}
	// From the protected tables (every kept record, provinces at full precision).
	in := analysis.Inputs{Centres: r.opt.Centres, SmallCell: r.opt.Threshold, Tables: analysis.NewProtected(r.opt.Tables), Bounds: r.opt.Bounds, Carried: r.opt.Carried.Index()}
	if r.m.Partial != nil {
		in.PartialYear = r.m.Partial.Year // half a year is not a year's cases (attack-2026-12-02a finding 4)
	}
	if r.m.PartialFirst != nil {
		in.PartialFirst = r.m.PartialFirst.Year // nor is a year one organisation's registrations begin months into
		in.PartialFirstProvinces = r.m.PartialFirstProvinces
	}
	in.Late = r.m.Late // every late organisation, with its provinces
	t, err := n.RunWith(ctx, db, in)
	if err != nil {
		return err
	}
	r.gaps = Suppress(t, n.Counts, r.opt.Threshold)
	r.gapCounts = n.Counts
	return nil
}

// gapsCSV is the whole ranking for spreadsheets: counts numeric, with a flag column.
func (r *report) gapsCSV() ([]byte, error) {
	var b bytes.Buffer
	err := Flagged(r.gaps, r.gapCounts).WriteCSV(&b)
	return b.Bytes(), err
}

// gapsModel is the centre-gap section of the programme report.
type gapsModel struct {
	Table  ctable
	Period string
	Shown  int
	Total  int
	Trends int // rows shown with a trend
	// provinceTrend: the trends are the provinces' (analysis.ProvinceTrend), not the groups'.
	provinceTrend bool
	// measuredStay: some group's need uses its province's measured mean stay, not 12 months.
	measuredStay bool
	// stayCarried names the places shown whose mean stay this release withholds and an
	// earlier release printed (analysis.CarriedStays): their need uses that one.
	stayCarried []string
	// perYearRecent: some group's cases a year are its province's last years' (the ranking's
	// per_year_period differs from its period); averaged names the places shown whose are the
	// average over the period instead (per_year_note says why), yearsUsed the last years used.
	perYearRecent bool
	averaged      []string
	// averagedWhy: why each place of averaged has no last years' rate, (reason, place).
	averagedWhy [][2]string
	yearsUsed   []string
	// totalPlaced names the places shown whose province's total is withheld and counted at the
	// midpoint of its interval for the share of the last years (analysis.TotalPlaced).
	totalPlaced []string
	// totalCarried names those whose province's total is placed too widely for a midpoint
	// and counted at the value an earlier release printed (analysis.TotalCarried).
	totalCarried []string
	// coveredFrom names the places shown whose province has no case registered before a year
	// after the release's first: their cases a year are over the years from then
	// (analysis.CoveredFrom).
	coveredFrom []string
	// mostFrom names those most of whose province's cases are printed from the manifest's
	// partial_first_year (analysis.MostFrom).
	mostFrom []string
	// noYears: the ranking is from a release that generalized the year away in every case
	// (analysis.NoYears): all its cases are taken as one year's need.
	noYears bool
	// atRisk: some group shown is of people at risk (analysis.AtRisk).
	atRisk bool
	// partAges: some group shown is served by a centre that takes part of its ages only (the
	// centres column says "not the group's ages ...").
	partAges bool
	// partBand: some group shown is served by a centre that serves part of one of its age
	// bands: counted at the midpoint of what it may give (analysis.PartOfBand, unmet_least).
	partBand bool
	// notEstimable: some group shown rests on an age band no release printed that the published
	// tables bound too widely for a midpoint: its places and unmet need are shown at their two
	// ends (analysis.BandsNotEstimable).
	notEstimable bool
	// least: some group (shown or in lower) is ranked by the least the published tables allow its withheld
	// count (the ranking's recent_cases_least).
	least bool
	// mid: some group (shown or in lower) is ranked by the midpoint of the interval the published tables allow
	// its withheld count (recent_cases_least to recent_cases_most).
	mid bool
	// atMost: some group shown shares a centre with a group whose need is withheld or taken at
	// its least: its places are shown "at most", its unmet need "or more".
	atMost bool
	// leastYears: some group shown has its cases a year from the least the published tables
	// allow its province's last years (one of them withheld): shown "or more".
	leastYears bool
	// partYear names the places shown whose cases a year are over the year one organisation's
	// registrations begin months into, the last whole year (analysis.PartYearLeast): "or more".
	partYear []string
	// inPart names the places shown that only late organisations record, whose cases a year
	// count a year covered only in part as a whole one (analysis.InPartLeast): "or more".
	inPart []string
	// someNoYear names the places shown some of whose group's cases have the year generalized
	// ("*") in a release whose others have years (analysis.SomeNoYear): "or more".
	someNoYear []string
	// lower names the groups not shown that are ranked by such a least: they may belong higher.
	lower []string
	// carried: some group (shown or in lower) is counted at the value an earlier release
	// printed (analysis.CarriedUsed, analysis.CarriedWhole in its per_year_note).
	carried bool
	// placed: some group is counted at the midpoint of the interval the release before placed
	// its withheld count in (analysis.CarriedPlaced).
	placed bool
	// carriedLow: some group ranked by such a least has a value an earlier release of the
	// series printed (carried.json), quoted beside it; the page says why it does not rank it.
	carriedLow bool
	// TrendNotes say in full why a trend shown as "withheld" or "not estimable" is not given
	// (the ranking's trend_note): each reason once, with its places (groupNotes).
	TrendNotes []string
}

// Words of the trend column when there is no rate ratio to show.
const (
	trendWithheld     = "withheld"
	trendNotEstimable = "not estimable"
)

// trendCell is the trend column of one group: the rate ratio with its interval, or in words
// why there is none, never a blank: withheld when the group's recent count is (a small or
// complementary count), else the ranking's own note when it has one (trend_note: its first
// words, "withheld" or "not estimable", before a colon and the reason, which gapsModel lists
// under the table), else not estimable (the years before are not published, or there are
// none).
func trendCell(trend, lo, hi, recent, note string) string {
	switch {
	case trend != "" && lo != "" && hi != "":
		return trend + " (" + lo + "–" + hi + ")"
	case trend != "":
		return trend
	case strings.HasPrefix(recent, "<") || recent == SecondaryLabel:
		return trendWithheld
	case note != "":
		if word, _, found := strings.Cut(note, ":"); found {
			return word
		}
		return note
	}
	return trendNotEstimable
}

// noteOf returns the row's trend_note, when the ranking has that column.
func noteOf(row []any, col map[string]int) string {
	if i, ok := col["trend_note"]; ok {
		return analysis.Cell(row[i])
	}
	return ""
}

// who names a group of the ranking in words: girls, boys, women, men, ...
func who(gender, majority string) string {
	w := map[[2]string]string{
		{"female", "minor"}: "girls", {"male", "minor"}: "boys", {"female", "adult"}: "women", {"male", "adult"}: "men",
		{"female", analysis.AdultOrUnknown}: "women (or age unknown)", {"male", analysis.AdultOrUnknown}: "men (or age unknown)",
		{analysis.OtherOrUnknown, analysis.AllAges}: "other or unknown gender",
	}[[2]string{gender, majority}]
	if w == "" && analysis.IsAtRisk(majority) {
		var ws []string
		for _, g := range strings.Split(gender, " or ") {
			ws = append(ws, map[string]string{"female": "girls and women", "male": "boys and men", analysis.OtherOrUnknown: "other or unknown gender"}[g])
		}
		if !slices.Contains(ws, "") {
			w = "at risk: " + strings.Join(ws, " + ")
			if len(ws) > 1 {
				w += " (each withheld, their sum shown)"
			}
		}
	}
	if w == "" {
		if gender == "" {
			gender = "gender not recorded"
		}
		if majority == "" {
			majority = "age not recorded"
		}
		w = gender + ", " + majority
	}
	return w
}

func (r *report) gapsModel() *gapsModel {
	if r.gaps == nil {
		return nil
	}
	t := r.gaps
	col := map[string]int{}
	for i, c := range t.Columns {
		col[c] = i
	}
	g := &gapsModel{Total: len(t.Rows)}
	g.Table = ctable{Name: "centre-gaps", Title: "Where places are most needed",
		Columns: []string{"rank", "province", "who", "cases", "cases a year", "stay (months)", "places needed", "places", "unmet", "trend (95% CI)", "centres serving them"},
		Numeric: []bool{true, false, false, true, true, true, true, true, true, true, false}}
	var notes [][2]string // (trend_note, place) of the rows shown without a trend
	var carriedStays map[string]float64
	for _, ot := range r.opt.Tables {
		if ot.Name == "occupancy" {
			carriedStays = analysis.CarriedStays(analysis.NewProtected([]*release.Table{ot}), r.opt.Carried.Index())
		}
	}
	for i, row := range t.Rows {
		cell := func(c string) string {
			if i, ok := col[c]; ok {
				return analysis.Cell(row[i])
			}
			return ""
		}
		if i >= gapRows {
			if least := cell("recent_cases_least"); least != "" {
				place := cell("province_name")
				if place == "" {
					place = cell("province")
				}
				earlier := ""
				if v, ok := r.groupLastPrinted(cell("province"), cell("gender"), cell("majority_status")); ok {
					// Kolkata's girls ranked 11th "by 10 cases or more" beside the 115 the
					// same folder's carried.json holds (attack-2026-12-03a finding 3).
					earlier = fmt.Sprintf("; %d in an earlier release", v)
				}
				by := least + " cases or more"
				if v, what, ok := carriedCount(cell("per_year_note")); ok {
					by = fmt.Sprintf("the %s %s, placed at %s", v, what, bounds(least, cell("recent_cases_most")))
					earlier = ""
					g.carriedKind(cell("per_year_note"))
				} else if most := cell("recent_cases_most"); most != "" {
					by = "the midpoint of " + least + "–" + most + " cases"
					g.mid = true
				} else {
					g.least = true
				}
				g.carriedLow = g.carriedLow || earlier != ""
				g.lower = append(g.lower, fmt.Sprintf("%s's %s (rank %s, by %s%s)", place, who(cell("gender"), cell("majority_status")), cell("rank"), by, earlier))
			}
			continue
		}
		if st := cell("stay_months"); st != "" && st != "12" {
			g.measuredStay = true
		}
		place := cell("province_name")
		if place == "" {
			place = cell("province")
		}
		if carriedStays[cell("province")] > 0 && !slices.Contains(g.stayCarried, place) {
			g.stayCarried = append(g.stayCarried, place)
		}
		trend := trendCell(cell("trend"), cell("trend_lower"), cell("trend_upper"), cell("recent_cases"), noteOf(row, col))
		// A release without the table of cases by province and year: the sentence above the
		// table says why no group has a trend, once (gapsSentence), not once per province.
		if note := noteOf(row, col); cell("trend") == "" && strings.Contains(note, ":") && note != analysis.NoProvinceYears {
			notes = append(notes, [2]string{note, place}) // why, in full, under the table
		}
		if cell("trend") != "" {
			g.Trends++
			g.provinceTrend = g.provinceTrend || strings.HasPrefix(noteOf(row, col), analysis.ProvinceTrend)
		}
		g.atRisk = g.atRisk || analysis.IsAtRisk(cell("majority_status"))
		g.noYears = g.noYears || cell("per_year_note") == analysis.NoYears
		if py := cell("per_year_period"); t.Microdata != "" && py == cell("period") && yearsRe.MatchString(py) && cell("cases_per_year") != "" && !slices.Contains(g.yearsUsed, py) {
			// From the microdata a group's cases a year over the window have the window as
			// their period: its years are used too (the column's years are not only the late
			// provinces').
			g.yearsUsed = append(g.yearsUsed, py)
		}
		if py := cell("per_year_period"); py != "" && py != cell("period") {
			g.perYearRecent = true
			if !slices.Contains(g.yearsUsed, py) {
				g.yearsUsed = append(g.yearsUsed, py)
			}
			if strings.Contains(cell("per_year_note"), analysis.TotalPlaced) && !slices.Contains(g.totalPlaced, place) {
				g.totalPlaced = append(g.totalPlaced, place)
			}
			if strings.Contains(cell("per_year_note"), analysis.TotalCarried) && !slices.Contains(g.totalCarried, place) {
				g.totalCarried = append(g.totalCarried, place)
			}
			if strings.Contains(cell("per_year_note"), analysis.CoveredFrom) && !slices.Contains(g.coveredFrom, place) {
				g.coveredFrom = append(g.coveredFrom, place)
			}
			if strings.Contains(cell("per_year_note"), analysis.MostFrom) && !slices.Contains(g.mostFrom, place) {
				g.mostFrom = append(g.mostFrom, place)
			}
		} else if note := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(cell("per_year_note"), analysis.SomeNoYear), analysis.AtRiskYears), "; "); note != "" && cell("cases_per_year") != "" && !slices.Contains(g.averaged, place) {
			g.averaged = append(g.averaged, place)
			// The reason is the note's last part before the average it falls back on (a
			// partial year may come first: the sentence says it apart).
			why := note
			if i := strings.LastIndex(why, "; "); i >= 0 {
				why = why[i+2:]
			}
			if why = strings.TrimSuffix(why, ": the average over every year"); why != "" {
				g.averagedWhy = append(g.averagedWhy, [2]string{why, place})
			}
		}
		centres := cell("centres")
		g.partAges = g.partAges || strings.Contains(centres, analysis.PartOfAges)
		if centres == "" {
			centres = "none"
		}
		cases := cell("recent_cases")
		if least := cell("recent_cases_least"); least != "" {
			bound := least + " or more"
			if v, what, ok := carriedCount(cell("per_year_note")); ok {
				// Bounds too wide for their midpoint: the value an earlier release printed
				// (attack-2026-12-03f finding 6: Nangarhar's and Herat's girls, 18 and 20 in
				// July, ranked 2nd and 3rd in December from the midpoint of 10-87).
				bound = fmt.Sprintf("%s; the %s %s used", bounds(least, cell("recent_cases_most")), v, what)
				g.carriedKind(cell("per_year_note"))
			} else {
				if most := cell("recent_cases_most"); most != "" {
					// Placed in an interval: counted at its midpoint (attack-2026-12-03c finding 6:
					// Nangarhar's boys, 149 the month before, needed 0.9 places by the least, 10).
					bound = least + "–" + most + ", its midpoint used"
					g.mid = true
				} else {
					g.least = true
				}
				if v, ok := r.groupLastPrinted(cell("province"), cell("gender"), cell("majority_status")); ok {
					bound += fmt.Sprintf("; %d in an earlier release", v)
					g.carriedLow = true
				}
			}
			cases += " (" + bound + ")"
		}
		places, unmet := cell("places"), cell("unmet")
		perYearCell, neededCell := cell("cases_per_year"), cell("places_needed")
		if strings.Contains(cell("per_year_note"), analysis.LeastYears) && perYearCell != "" && cell("recent_cases_least") == "" {
			// Its province's last years hold a withheld count: its cases a year are from the
			// least the published tables allow those years, so a bound, as is what follows.
			perYearCell, neededCell, unmet = perYearCell+" or more", neededCell+" or more", unmet+" or more"
			g.leastYears = true
		} else if note := cell("per_year_note"); perYearCell != "" && cell("recent_cases_least") == "" &&
			(strings.Contains(note, analysis.PartYearLeast) || strings.Contains(note, analysis.SomeNoYear) || strings.Contains(note, analysis.InPartLeast)) {
			// Its cases a year are of part of a year taken as a year's, or leave out its cases
			// whose year is generalized: at least those shown.
			perYearCell, neededCell, unmet = perYearCell+" or more", neededCell+" or more", unmet+" or more"
			if strings.Contains(note, analysis.PartYearLeast) && !slices.Contains(g.partYear, place) {
				g.partYear = append(g.partYear, place)
			}
			if strings.Contains(note, analysis.SomeNoYear) && !slices.Contains(g.someNoYear, place) {
				g.someNoYear = append(g.someNoYear, place)
			}
			if strings.Contains(note, analysis.InPartLeast) && !slices.Contains(g.inPart, place) {
				g.inPart = append(g.inPart, place)
			}
		}
		if cell("recent_cases_least") == "" && places != "" && (strings.Contains(centres, analysis.SharedWithBounded) || strings.Contains(centres, analysis.SharedWithWithheld)) {
			// A centre it shares with a group whose need is withheld (which takes none of the
			// places) or counted at its least (which takes too few): the places column said
			// 19.3 of the Kolkata homes' 26 for West Bengal's people at risk beside its girls,
			// 115 a month before, counted at 10 (attack-2026-12-02f finding 2), and only the
			// centres column's note said it was a bound. Not re-allocated: the other group's
			// need is not known, so any other share would be a guess.
			places = "at most " + places
			if !strings.HasSuffix(unmet, " or more") {
				unmet += " or more"
			}
			g.atMost = true
		}
		if ul, um := cell("unmet_least"), cell("unmet_most"); ul != "" && um != "" && unmet == "" && (strings.HasPrefix(centres, analysis.BandsNotEstimable) || strings.HasPrefix(centres, analysis.SharedNotEstimable)) {
			// Not estimable: the two ends, no figure between them (issue-16-shares19 section 4).
			unmet = ul + "–" + um + " (not estimable)"
			if pl, pm := cell("places_least"), cell("places_most"); pl != "" && pm != "" {
				places = pl + "–" + pm
				if pl == pm {
					places = pl
				}
			}
			g.notEstimable = true
		} else if ul != "" && um != "" && unmet != "" {
			// A centre serving part of an age band: counted at the midpoint of none and all
			// of what it may give the band (attack-2026-12-04a, lows: Herat's boys 1st with
			// 30 beds for 12-17 "not counted"); the two ends beside it.
			unmet += " (" + ul + "–" + um + ")"
			g.partBand = true
		}
		g.Table.Rows = append(g.Table.Rows, []string{cell("rank"), place, who(cell("gender"), cell("majority_status")), cases,
			perYearCell, cell("stay_months"), neededCell, places, unmet, trend, centres})
		g.Table.Total = append(g.Table.Total, false)
		if g.Period == "" {
			g.Period = cell("period")
		}
	}
	g.Shown = len(g.Table.Rows)
	g.TrendNotes = groupNotes(notes)
	// The count covers the period the ranking says, which may be every year of the release:
	// "recent" would suggest the last few (attack-2026-12-01 finding 14).
	g.Table.Columns[3] = "cases registered"
	if yearsRe.MatchString(g.Period) {
		g.Table.Columns[3] = "cases " + g.Period
	}
	// The years "cases a year" stand for, when the same for every group shown.
	if g.perYearRecent && len(g.averaged) == 0 && len(g.yearsUsed) == 1 {
		g.Table.Columns[4] = "cases a year " + g.yearsUsed[0]
	}
	return g
}

// yearsRe is a year or a span of years, as the ranking's period column gives them.
var yearsRe = regexp.MustCompile(`^[0-9]{4}([-–][0-9]{4})?$`)

// averagedReasons says each reason of (reason, place) once with its places: "for Herat and
// Phnom Penh, the province's cases are withheld; for Khost, ...".
func averagedReasons(why [][2]string) string {
	var order []string
	places := map[string][]string{}
	for _, w := range why {
		if _, ok := places[w[0]]; !ok {
			order = append(order, w[0])
		}
		if !slices.Contains(places[w[0]], w[1]) {
			places[w[0]] = append(places[w[0]], w[1])
		}
	}
	var out []string
	for _, reason := range order {
		out = append(out, "for "+joinAnd(places[reason])+", "+reason)
	}
	if len(out) == 0 {
		return "they are not all printed"
	}
	return strings.Join(out, "; ")
}

// groupNotes says each reason of the trend notes (note, place) once, with the places it
// applies to: "Withheld for Herat and Phnom Penh: a count of the province's years 2020-2025
// is withheld (Herat: the published counts bound ...; Phnom Penh: ...)." A note's reason is
// its text before the first "; ", what follows is the place's own detail.
func groupNotes(notes [][2]string) []string {
	type group struct {
		places, details []string
	}
	var order []string
	groups := map[string]*group{}
	for _, n := range notes {
		head, detail, _ := strings.Cut(n[0], "; ")
		g := groups[head]
		if g == nil {
			g = &group{}
			groups[head] = g
			order = append(order, head)
		}
		if slices.Contains(g.places, n[1]) {
			continue
		}
		g.places = append(g.places, n[1])
		if detail != "" {
			g.details = append(g.details, n[1]+": "+detail)
		}
	}
	var out []string
	for _, head := range order {
		g := groups[head]
		places := joinAnd(g.places)
		word, reason, _ := strings.Cut(head, ": ")
		s := strings.ToUpper(word[:1]) + word[1:] + " for " + places + ": " + reason
		if len(g.details) > 0 {
			s += " (" + strings.Join(g.details, "; ") + ")"
		}
		out = append(out, s+".")
	}
	return out
}

// gapsSentence says what the ranking shows and how it was computed.
func (r *report) gapsSentence(g *gapsModel) string {
	if g == nil {
		return ""
	}
	if g.Total == 0 {
		return "No group can be ranked: no case of this release has a province of exploitation (it may have been generalized away to protect people)."
	}
	trend := "Trend: the same years' cases against as many years before (rate ratio, exact 95% interval); \"" + trendWithheld + "\" when the group's count is withheld to protect people, \"" + trendNotEstimable + "\" when the years before are not published."
	if g.Trends > 0 && g.provinceTrend {
		trend = "Trend: the province's cases (all genders and ages: the protected tables publish no group by year) of the last years against as many years just before (rate ratio, exact 95% interval); \"" + trendWithheld + "\" when the group's count, or a year of the province, is withheld to protect people, \"" + trendNotEstimable + "\" when the years before are not published."
	}
	// A ranking counted from the k-anonymous microdata (a release without protected tables:
	// analysis.CentreGaps) has each group's own years: the protected tables' words are not
	// its (shares26's left).
	micro := r.gaps != nil && r.gaps.Microdata != ""
	if g.Trends == 0 {
		trend = "Trend: \"" + trendNotEstimable + "\" for every group shown: the protected tables this ranking comes from do not publish its groups' counts year by year, so the recent years cannot be set against the years before; \"" + trendWithheld + "\" where the group's count itself is withheld."
		if micro {
			trend = "Trend: \"" + trendNotEstimable + "\" for every group shown: the k-anonymous cases this ranking is counted from do not give the groups' cases in the recent years and in as many whole years before (their years generalized, or their cases registered only from within those years); \"" + trendWithheld + "\" where the group's count itself is withheld."
		}
	}
	stay := "a stay of 12 months"
	for _, t := range r.opt.Tables {
		switch {
		case t.Name != "occupancy" || g.measuredStay:
		case t.Epsilon > 0:
			// The measured stays rest on exact times and are withheld with noise: 12 months is
			// an assumption, not what was measured (attack-2026-12-02a, lows).
			stay = "a stay of 12 months (assumed: the occupancy table's measured mean stays are withheld when noise is added, as they rest on exact times)"
		case analysis.MeasuredStays(analysis.NewProtected([]*release.Table{t})) == nil:
			// A re-release whose occupancy counts are withheld for differencing publishes no
			// mean stay: the need then rose by a sixth (synth 3,000's second export: 9.9-10.4
			// months measured, 12 assumed) without a word.
			stay = "a stay of 12 months (assumed: the occupancy table publishes no province's measured mean stay in this release, as the counts it rests on are withheld)"
		}
	}
	if g.measuredStay {
		stay = "the mean stay measured in the province's residential care (the occupancy table's mean_stay_months; 12 months where none is measured)"
		if len(g.stayCarried) > 0 {
			// An update whose guard withheld the occupancy counts (attack-2026-12-03g finding 7b).
			stay = fmt.Sprintf("the mean stay measured in the province's residential care (the occupancy table's mean_stay_months; for %s, whose occupancy figures this release withholds with their counts, the mean stay an earlier release printed (tables/carried.json); 12 months where none is measured)", joinAnd(g.stayCarried))
		}
	}
	perYear := ""
	if g.perYearRecent {
		perYear = fmt.Sprintf(" Cases a year: the province's cases a year in its last years printed in the table of cases by province and year (%s), times the group's share of the province's cases in %s (the protected tables publish no group by year, so each group is taken to keep its share).",
			strings.Join(g.yearsUsed, ", "), g.Period)
		if micro {
			perYear = fmt.Sprintf(" Cases a year: each group's own cases a year in the k-anonymous cases (the release's rows give each group's years) over its last whole years (%s).", strings.Join(g.yearsUsed, ", "))
		}
		if len(g.averaged) > 0 {
			perYear += fmt.Sprintf(" For %s, whose last years are not all printed, the average over %s.", joinAnd(g.averaged), g.Period)
		}
		if len(g.coveredFrom) > 0 {
			// attack-2026-12-04c R4: Phnom Penh's boys, 13 registered from October 2024 on, read
			// 1.2 a year over eleven years (17th) where its organisation's years give 10.3 (2nd).
			perYear += fmt.Sprintf(" For %s, none of whose cases is registered before a year after the release's first (its organisations' registrations begin then), the years from then only, and from the year after when one organisation's registrations begin months into that year (tables/centre-gaps.csv's per_year_note gives them): the years before are not its organisations' years.", joinAnd(g.coveredFrom))
		}
		if len(g.mostFrom) > 0 {
			// attack-2026-12-05a T9: the same organisation with older records keyed in.
			perYear += fmt.Sprintf(" For %s, most of whose cases are printed from the year one organisation's registrations begin months into (the manifest's partial_first_year), the whole years after it only (tables/centre-gaps.csv's per_year_note gives them): the years before are not its organisation's years.", joinAnd(g.mostFrom))
		}
		if len(g.totalPlaced) > 0 {
			// synth 3,000's series, December: Herat's total withheld, placed at 236-242, and its
			// boys fell back to the average over 11 years.
			perYear += fmt.Sprintf(" For %s, whose province's cases are withheld, the share is of the midpoint of the interval the published tables place them in (tables/centre-gaps.csv's per_year_note gives it).", joinAnd(g.totalPlaced))
		}
	}
	if !g.perYearRecent && len(g.averaged) > 0 {
		// attack-2026-12-02f finding 2: a re-release withheld Herat's years, and its boys' cases
		// a year fell from 9.8 (its last three years) to 5.2 (the average over 11 years), said
		// only in the CSV's per_year_note.
		perYear = fmt.Sprintf(" Cases a year: the average over %s, not the provinces' last years (%s), so a rising need is understated.", g.Period, averagedReasons(g.averagedWhy))
		switch {
		case r.m != nil && r.m.Tables != nil && r.m.Tables.PreviousAudit == release.PreviousHeld:
			// Held: the tables are the earlier release's, unchanged; nothing was withheld for a change.
			perYear += " This release publishes the tables of the release it replaces again, unchanged (too few records changed since to print fresh ones), and those tables withhold some of the provinces' last years."
		case r.m != nil && r.m.Replaced != nil:
			perYear += " This release replaces an earlier one and withholds the counts that changed since then: a release that printed the provinces' last years gave their cases a year over those years, and may show more."
		}
	}
	need := "cases a year times " + stay
	if g.noYears {
		// The microdata of a release with the year generalized away (query --named centre-gaps
		// or a report on a release without protected tables): synth 3,000 so, West Bengal's
		// girls, 615 cases over eleven years, read as needing 615 places.
		need = "all its cases, taken as one year's, times " + stay
		perYear = " The year of registration is generalized in every case of this release, and the years it spans are not recorded: the places needed take all its cases as one year's, the most any one year's cases can need, so the places needed and the unmet need are at most those shown (divided by the years the release spans, the places needed are an average year's), and the ranking is of all its cases against the places."
	}
	if r.m != nil && r.m.Partial != nil && g.perYearRecent {
		perYear += fmt.Sprintf(" %d is left out of the cases a year and the trend: the release does not cover it whole (%s).", r.m.Partial.Year, r.m.Partial.Why)
	}
	part := ""
	if g.partAges {
		// attack-2026-12-02b finding 3: a boys' home of 9-17 with more places than the boys'
		// need beside an unmet need reads as a wrong sum unless the ages are said.
		part = " A centre that serves part of a group's ages (a boys' home of 9-17) takes only the need of those ages, at their share of the group's cases in all provinces (no table gives a province's ages): its places beyond that need do not cover the other ages, so a group can have more places than it needs and still an unmet need, which is theirs (the centres column names the ages a centre does not take)."
	}
	if g.partBand {
		// The places shown are the midpoint of the nominal places, the unmet need the midpoint
		// of each end's, which counts only the places that meet the served ages' need: Herat's
		// boys on the update pair read 19.7 needed, 15 places, 11.9 unmet (outcomes-spells ze).
		part += " A centre that serves part of one of a group's age bands (a boys' home of 12-17 beside the band 9-17) may give that band from none of its places to all it would give the band served whole, as no table says how many of the band are of its ages: the group's places and unmet need are each counted at the midpoint of their two ends, and it is ranked by that unmet need, its two ends in brackets (\"45 (30–60)\"; the centres column gives the places the centre may give); where the centre serves only part of the group's ages too, its places at each end meet only those ages' need, so places needed less places can be less than the unmet need."
	}
	if g.notEstimable {
		part += " A group marked \"not estimable\" is served by a centre that takes part of its ages, and how many of its cases are of those ages rests on an age band no release printed that the published tables place in an interval too wide for a midpoint (the centres column names it): its places and unmet need are shown at the least and the most that interval allows, and it is ranked by the midpoint of its unmet need's two ends. A group sharing such a centre with it is marked so too, as its share of the places moves with that group's need (the centres column names the group)."
	}
	if g.mid {
		// attack-2026-12-03c finding 6: ranked by the least, Nangarhar's boys (149 the month
		// before, placed at 10-267) read as needing 0.9 places for 20.7.
		part += fmt.Sprintf(" A group whose count is withheld to protect another (%s) and placed by the published tables in an interval is counted at its midpoint, shown as \"%s (least–most, its midpoint used)\", as a withheld age band is: its cases a year, places needed and unmet need are the midpoint's, and may be more or less; it takes its share of a centre's places by that need.", SecondaryLabel, SecondaryLabel)
	}
	if g.carried || len(g.totalCarried) > 0 {
		// One explanation for the three counts taken so (a group's own, its gender's at all
		// ages, its province's total): the page gave the total's apart, in other words.
		var what []string
		if g.carried {
			what = append(what, fmt.Sprintf("a group's own count is shown as \"%s (least–most; the N an earlier release printed used)\", and where no earlier release printed the group but one printed its gender's count at all ages (withheld now too), that count, which held the group then, is used and named so (or, where this release's folder holds the least an earlier release's tables allowed the group, the midpoint of that least and that count)", SecondaryLabel))
		}
		if len(g.totalCarried) > 0 {
			what = append(what, fmt.Sprintf("the province's cases of %s, of which a group's cases a year take its share, are taken so (tables/centre-gaps.csv's per_year_note gives the value)", joinAnd(g.totalCarried)))
		}
		part += fmt.Sprintf(" A count withheld to protect another (%s) that the published tables place in an interval too wide for its midpoint (wider than the midpoint itself), or bound only below, is counted at the value an earlier release of the series printed of it (tables/carried.json), kept within the interval: %s. The cases a year, places needed and unmet need are then that value's, where the count now may be more (the cases added since) or less (records linked as one person or corrected).",
			SecondaryLabel, strings.Join(what, "; "))
	}
	if g.placed {
		// attack-2026-12-04b finding 7c: West Bengal's other-gender group, placed at 11-19 in
		// July and at 10-66 by the update's tables though India's data had not changed.
		part += fmt.Sprintf(" A count withheld to protect another (%s) in this release and the one before, which no release printed, is counted at the midpoint of the interval the release before's tables placed it in (tables/carried.json's placed_before), its top raised by the growth since of the published totals that hold it (where none printed in both releases bounds it, tables/carried.json's placed_then, not raised, and only for a group whose province's cases are counted at the value an earlier release printed: the province taken not to have grown, neither did the group), kept within the bounds this release's tables give, where that is narrower than they are: shown as \"%s (least–most; the N midway in the interval the release before placed it in used)\". The count now may be more or less than that midpoint.", SecondaryLabel, SecondaryLabel)
	}
	if g.least || g.mid || len(g.lower) > 0 {
		// attack-2026-12-02e finding 5: a re-release withheld Khost's boys to protect a change,
		// and they fell from rank 10 to the last with no need.
		if g.least {
			part += fmt.Sprintf(" A group whose count is withheld to protect another (%s) and bounded by the published tables only below is ranked by the least they allow it, shown as \"%s (N or more)\": its cases a year, places needed and unmet need are at least those shown, and it takes its share of a centre's places by that need.", SecondaryLabel, SecondaryLabel)
		}
		if len(g.lower) > 0 {
			part += " Ranked so below the groups shown, and perhaps above some of them: " + joinAnd(g.lower) + "."
		}
		if g.carriedLow {
			part += " " + carriedRankNote
		}
	}
	if g.leastYears {
		part += " Where a count of a province's last years is withheld, its groups' cases a year come from the least the published tables allow those years' cases, when that is more than the average over every year: their cases a year, places needed and unmet need are shown \"or more\"."
	}
	if len(g.partYear) > 0 {
		// Session zi's left: a partial_first_year that is the last whole year was counted as a
		// whole year's cases.
		part += fmt.Sprintf(" For %s, the year one organisation's registrations begin months into (the manifest's partial_first_year) is the release's last whole year, so no whole year follows it: its cases, of part of that year, are taken as a year's, and their cases a year, places needed and unmet need are shown \"or more\".", joinAnd(g.partYear))
	}
	if len(g.inPart) > 0 {
		// outc's Left since session zf: the demo's Cambodian provinces, recorded only by an
		// organisation whose registrations begin in February 2019, over 2019-2025 as seven years.
		part += fmt.Sprintf(" For %s, whose cases only organisations beginning their registrations late record, the years from the first one's start include a year they cover only in part (their registrations begin months into it, or the release does not cover it whole) counted as a whole one, as the cases of that year are not given apart: their cases a year, places needed and unmet need are shown \"or more\".", joinAnd(g.inPart))
	}
	if len(g.someNoYear) > 0 {
		part += fmt.Sprintf(" Some cases of %s have no year of registration in this release (generalized to \"*\", or not recorded) and are in none of the recent years, so they are not counted: their cases a year, places needed and unmet need are shown \"or more\".", joinAnd(g.someNoYear))
	}
	if g.atMost {
		part += " A group that shares a centre with a group whose count is withheld (its need not known, it takes none of the places) or taken at its least (it takes the share of that least) has its places shown \"at most\" and its unmet need \"or more\": the places are not shared out again by a need the release does not give."
	}
	if c := r.carriedSentence(); c != "" {
		part += " " + c
	}
	part += r.agelessGaps()
	return fmt.Sprintf("Groups of people by province of exploitation, gender and age, ranked by unmet need: the places their cases registered in %s need (%s, by Little's law), minus the places of the existing centres that serve them (a centre serving several groups is shared among them in proportion to need).%s%s The occupancy table's beds needed is another measure and may be larger or smaller: it counts the people admitted to the province's homes in the last 12 months (placed there from any province, readmissions included) over a target occupancy of 85%%, where this ranking counts every case registered by its province of exploitation, at full occupancy.%s%s %s %d of %d groups shown; the whole ranking is in tables/centre-gaps.csv.",
		g.Period, need, part, perYear, r.lateOccupancy(g.measuredStay), r.atRiskSentence(g), trend, g.Shown, g.Total)
}

// lateOccupancy says, beside the ranking, which provinces the occupancy table gives no
// occupancy rate (and no beds needed, or no mean stay) because an organisation placing people
// there begins its records, or its care records, late (outc sessions zg and zh: anonymize's
// occupancy leaves them empty and says so in its note only, so a programme lead comparing the
// ranking with the table read the blank as no figure at all), and what the ranking's stay
// there rests on; "" when there is none. The words are outc's bedsSentence's
// (reports/outcomes.go), agreed for the two pages.
func (r *report) lateOccupancy(measuredStay bool) string {
	var late, inside, long []string
	for _, t := range r.opt.Tables {
		if t.Name == "occupancy" {
			late, inside, long = occupancyLate(t.Note)
		}
	}
	if len(late) == 0 && len(long) == 0 {
		return ""
	}
	names := func(codes []string) string {
		var out []string
		for _, c := range codes {
			if p, ok := geo.ProvinceByCode(c); ok {
				c = p.Name
			}
			out = append(out, c)
		}
		return joinAnd(out)
	}
	var parts []string
	if len(late) > 0 {
		parts = append(parts, fmt.Sprintf("No occupancy is given for %s: an organisation that placed people there begins its records, or its care records, late, and the people it had in care before then are in no export, so a rate would read the homes emptier than they are (see the occupancy table's note)", names(late)))
	}
	if len(inside) > 0 {
		parts = append(parts, fmt.Sprintf("nor beds needed for %s, whose records begin inside the 12 months the table counts admissions in", names(inside)))
	}
	if len(long) > 0 {
		parts = append(parts, fmt.Sprintf("no mean stay or beds needed is given for %s: the export of an organisation whose records begin late holds the stays it had open then, begun before, and none that had ended, the longer ones, so this ranking does not take a stay measured there", names(long)))
	}
	var measured []string
	for _, c := range late {
		if !slices.Contains(long, c) {
			measured = append(measured, c)
		}
	}
	if measuredStay && len(measured) > 0 {
		parts = append(parts, fmt.Sprintf("the mean stay this ranking takes for %s is of the stays those records hold", names(measured)))
	}
	s := strings.Join(parts, "; ")
	return " " + strings.ToUpper(s[:1]) + s[1:] + "."
}

// occupancyLate reads the provinces (codes) of the occupancy table's note whose occupancy_rate
// is left empty because an organisation placing people there begins its records late
// ("KH-12, KH-17: occupancy_rate left empty, ..."), those whose beds_needed is left empty too
// ("KH-17: its records begin inside the period, ..."), and those whose mean stay is left empty
// as its export holds the longer stays only ("KH-12: mean_stay_months and beds_needed left
// empty: ...", outc session zh): anonymize's occupancy writes them (its occupancy tests check
// the words).
func occupancyLate(note string) (late, inside, long []string) {
	codes := func(marker string) []string {
		head, _, ok := strings.Cut(note, marker)
		if !ok {
			return nil
		}
		if i := strings.LastIndex(head, ". "); i >= 0 {
			head = head[i+2:]
		}
		var out []string
		for _, c := range strings.Split(head, ", ") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
		return out
	}
	return codes(": occupancy_rate left empty"), codes(": its records begin inside the period"), codes(": mean_stay_months and beds_needed left empty")
}

// atRiskSentence says that the ranking counts the people at risk taken into care
// (at-risk-by-province) as groups of their own, who fill places too (attack-2026-12-02a finding
// 8: West Bengal's girls "covered 1.16 times" beside 132 girls at risk in the same homes), and
// how their need is taken; "" when the release has no such table.
func (r *report) atRiskSentence(g *gapsModel) string {
	var t *release.Table
	for _, x := range r.opt.Tables {
		if x.Name == "at-risk-by-province" {
			t = x
		}
	}
	if t == nil {
		return r.atRiskMicrodataSentence(g)
	}
	var where []string
	for ri, row := range t.Rows {
		if row.Total || len(row.Labels) < 2 || row.Labels[1] == "" || row.Labels[1] == analysis.NotRecorded {
			continue
		}
		if n, ok := t.Value(ri, 0); ok && n > 0 {
			name := row.Labels[1]
			if p, ok := geo.ProvinceByCode(name); ok {
				name = p.Name
			}
			where = append(where, fmt.Sprintf("%d in %s", n, name))
		}
	}
	s := " People at risk of trafficking taken into care (at-risk-by-province"
	if len(where) > 0 {
		s += ": " + joinAnd(where)
	}
	s += ") are ranked as groups of their own (\"at risk\"), whose need shares the centres' places with the victims': their ages are not published, so each group is taken to be in the centres of its province that serve its gender, whatever ages they serve, and, the table having no years, its cases a year and trend are taken from its province's cases as every group's are; genders whose counts are withheld are ranked together, by their sum (the province's people at risk less its published genders)."
	if g != nil && !g.atRisk && len(where) > 0 {
		s += " None of them is among the groups shown."
	}
	return s
}

// atRiskMicrodataSentence is atRiskSentence for a ranking counted from the microdata (a release
// without protected tables), which ranks the people at risk from the microdata's rows of
// trafficking status at_risk, with their own years; "" when it ranks none.
func (r *report) atRiskMicrodataSentence(g *gapsModel) string {
	if r.gaps == nil || r.gaps.Microdata == "" {
		return ""
	}
	mi := slices.Index(r.gaps.Columns, "majority_status")
	if mi < 0 || !slices.ContainsFunc(r.gaps.Rows, func(row []any) bool { return analysis.IsAtRisk(analysis.Cell(row[mi])) }) {
		return ""
	}
	s := " People at risk of trafficking taken into care (recorded as at risk, never counted as victims) are ranked as groups of their own (\"at risk\"), by province and gender at all ages, whose need shares the centres' places with the victims': each group is taken to be in the centres of its province that serve its gender, whatever ages they serve, with its own cases a year and trend."
	if g != nil && !g.atRisk {
		s += " None of them is among the groups shown."
	}
	return s
}

// joinAnd joins names as a sentence lists them: "Herat", "Herat and Khost", "Herat, Khost and
// Paktika".
func joinAnd(names []string) string {
	if k := len(names); k > 1 {
		return strings.Join(names[:k-1], ", ") + " and " + names[k-1]
	}
	return strings.Join(names, "")
}

// carriedKind records in g how a group counted from a value of an earlier release (its
// per_year_note, carriedCount) was counted: at the midpoint of the interval the release before
// placed it in (placed), or at a value printed (carried).
func (g *gapsModel) carriedKind(note string) {
	if strings.Contains(note, analysis.CarriedPlaced) || strings.Contains(note, analysis.CarriedPlacedThen) {
		g.placed = true
	} else {
		g.carried = true
	}
}

// carriedCount returns the value an earlier release printed that a centre-gap group's
// per_year_note says was used for its withheld count (analysis.CarriedUsed or
// analysis.CarriedWhole, then the value), and what it is a count of.
func carriedCount(note string) (v, what string, ok bool) {
	for _, c := range []struct{ prefix, what string }{
		{analysis.CarriedUsed, "an earlier release printed"},
		{analysis.CarriedWhole, "of its gender at all ages an earlier release printed"},
		{analysis.CarriedWholeBounded, "midway between the least an earlier release allowed it and the count of its gender at all ages then"},
		{analysis.CarriedPlaced, "midway in the interval the release before placed it in"},
		{analysis.CarriedPlacedThen, "midway in the interval the release before placed it in"},
	} {
		if i := strings.Index(note, c.prefix+" "); i >= 0 {
			rest := note[i+len(c.prefix)+1:]
			if j := strings.Index(rest, ";"); j >= 0 {
				rest = rest[:j]
			}
			return strings.TrimSpace(rest), c.what, true
		}
	}
	return "", "", false
}

// bounds is a withheld count's interval as the page shows it: "least–most", or "least or
// more" when nothing bounds it above.
func bounds(least, most string) string {
	if most == "" {
		return least + " or more"
	}
	return least + "–" + most
}

// agelessGaps says, beside a ranking of a release no case of which records an age (the run's
// "no row records an age" notice), that every group is of unknown age and ranked with the
// adults, so the places of the centres serving only children are set against no need: synth
// 3,000 without its age columns ranked Herat's "men (or age unknown)" 2nd, 24.4 places unmet
// and "none" serving them, beside Herat Boys' Centre's 30 places. "" when some case has an age.
func (r *report) agelessGaps() string {
	if r.set == nil || !r.ageless() {
		return ""
	}
	var children []string
	for _, c := range r.opt.Centres {
		if c.AgeHi < 18 && !slices.Contains(children, c.Name) {
			children = append(children, c.Name)
		}
	}
	s := " No case in this input records an age, so every group is of unknown age and is ranked with the adults (\"or age unknown\"): it is served by the centres that take adults."
	if len(children) > 0 {
		s += fmt.Sprintf(" The places of the centres that serve only children (%s) are set against no group's need, though some of the cases may be children's: where such a centre is, the unmet need may be less than shown.", joinAnd(children))
	}
	return s
}

// agelessNote is the note a table counting minors or adults gets in a release no case of which
// records an age: its zeros are of ages not known, not of no children (synth 3,000 without its
// age columns printed "minors 0" in every year). "" otherwise, and when the table's own note
// says it (anonymize prints such counts as "not recorded in this input" with a note).
func (r *report) agelessNote(t *Table) string {
	if r.set == nil || t == nil || !r.ageless() || strings.Contains(t.Note, "No case in this input records an age") {
		return ""
	}
	counts := strings.HasPrefix(t.Name, "minors-") || strings.HasPrefix(t.Name, "boys-") || strings.HasPrefix(t.Name, "girls-")
	for _, c := range t.Counts {
		counts = counts || c == "minors" || c == "adults"
	}
	if !counts {
		return ""
	}
	return "No case in this input records an age, so no case is counted here as a minor or an adult: a 0 (or no row) means that no one's age is known, not that no child was identified."
}
