package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/analysis"
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
	t, err := n.RunWith(ctx, db, analysis.Inputs{Centres: r.opt.Centres, SmallCell: r.opt.Threshold, Tables: analysis.NewProtected(r.opt.Tables)})
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
}

// who names a group of the ranking in words: girls, boys, women, men, ...
func who(gender, majority string) string {
	w := map[[2]string]string{
		{"female", "minor"}: "girls", {"male", "minor"}: "boys", {"female", "adult"}: "women", {"male", "adult"}: "men",
		{"female", analysis.AdultOrUnknown}: "women (or age unknown)", {"male", analysis.AdultOrUnknown}: "men (or age unknown)",
		{analysis.OtherOrUnknown, analysis.AllAges}: "other or unknown gender",
	}[[2]string{gender, majority}]
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
		Columns: []string{"rank", "province", "who", "recent cases", "cases a year", "places needed", "places", "unmet", "trend (95% CI)", "centres serving them"},
		Numeric: []bool{true, false, false, true, true, true, true, true, true, false}}
	for i, row := range t.Rows {
		if i == gapRows {
			break
		}
		cell := func(c string) string { return analysis.Cell(row[col[c]]) }
		place := cell("province_name")
		if place == "" {
			place = cell("province")
		}
		trend := cell("trend")
		if trend != "" && cell("trend_lower") != "" {
			trend += " (" + cell("trend_lower") + "–" + cell("trend_upper") + ")"
		}
		centres := cell("centres")
		if centres == "" {
			centres = "none"
		}
		g.Table.Rows = append(g.Table.Rows, []string{cell("rank"), place, who(cell("gender"), cell("majority_status")), cell("recent_cases"),
			cell("cases_per_year"), cell("places_needed"), cell("places"), cell("unmet"), trend, centres})
		g.Table.Total = append(g.Table.Total, false)
		if g.Period == "" {
			g.Period = cell("period")
		}
	}
	g.Shown = len(g.Table.Rows)
	return g
}

// gapsSentence says what the ranking shows and how it was computed.
func (r *report) gapsSentence(g *gapsModel) string {
	if g == nil {
		return ""
	}
	if g.Total == 0 {
		return "No group can be ranked: no case of this release has a province of exploitation (it may have been generalized away to protect people)."
	}
	return strings.TrimSpace(fmt.Sprintf("Groups of people by province of exploitation, gender and age, ranked by unmet need: the places their cases registered in %s need (cases a year times a stay of 12 months, by Little's law), minus the places of the existing centres that serve them (a centre serving several groups is shared among them in proportion to need). Trend: the same years' cases against as many years before (rate ratio, exact 95%% interval); empty when a count is small or withheld, and always when the ranking comes from the protected tables, which count provinces over all years together (a table by province and year would be mostly withheld). %d of %d groups shown; the whole ranking is in tables/centre-gaps.csv.",
		g.Period, g.Shown, g.Total))
}
