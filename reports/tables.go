package reports

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// The report renders the protected tables of the release (release.Table); it computes and
// protects nothing: the tables were counted and protected inside the privacy boundary
// (anonymize), and what is withheld there is not held here.
type (
	Table = release.Table
	Row   = release.Row
	State = release.State
)

// The states of a count.
const (
	Published = release.Published
	Primary   = release.Primary
	Secondary = release.Secondary
	Hidden    = release.Hidden
	// Unrecorded counts are of a value no input can record: "not recorded in this input".
	Unrecorded = release.Unrecorded
)

// SecondaryLabel marks a count withheld by complementary suppression.
const SecondaryLabel = release.SecondaryLabel

// UnrecordedLabel is what a count (or a figure from it) of a value no input can record reads.
const UnrecordedLabel = release.UnrecordedLabel

// NotRecorded labels the group of cases that have no value for a label column (as anonymize
// labels them).
const NotRecorded = "(not recorded)"

// standardNames are the tables the report draws on.
var standardNames = []string{"cases-by-province-and-gender", "cases-by-age-and-gender", "cases-by-year-and-gender", "exploitation-by-age"}

// set is the tables of a report.
type set struct {
	tables []*Table
	byName map[string]int
}

func (s *set) add(t *Table) int {
	s.tables = append(s.tables, t)
	i := len(s.tables) - 1
	s.byName[t.Name] = i
	return i
}

// loadSet takes the release's protected tables.
func loadSet(ts []*release.Table) (*set, error) {
	s := &set{byName: map[string]int{}}
	for _, t := range ts {
		if !t.Hidden {
			s.add(t)
		}
	}
	for _, n := range standardNames {
		if _, ok := s.byName[n]; !ok {
			return nil, fmt.Errorf("the release has no protected table %s, which reports render: they are written by \"prevalence run\" or \"demo\" (run a release written before them again)", n)
		}
	}
	return s, nil
}

// PublishedTable returns a protected table as it is published: labels, then counts as numbers
// (int64) or the suppression labels (strings).
func PublishedTable(t *Table) *analysis.Table {
	out := &analysis.Table{Name: t.Name, Title: t.Title, Columns: append(append(slices.Clone(t.Labels), t.Counts...), t.Figures...), Rows: [][]any{}}
	// An outcome curve's estimates rest on its earlier points (the cohort first): once one of
	// them has a count withheld, a later point's estimate is withheld too, though its own
	// counts are printed (attack-2026-12-03b finding 5: the blank shares of length-of-stay's
	// all provinces under a withheld cohort). Such a figure reads "withheld" where the table
	// gives it at that point for another curve (not the mean, given at 24 months only).
	curve := len(t.Labels) > 1 && t.Labels[len(t.Labels)-1] == "months"
	given := map[string]bool{} // months label and figure column with a figure in some row
	if curve {
		for _, row := range t.Rows {
			for fi, f := range row.Figures {
				if f != "" {
					given[row.Labels[len(row.Labels)-1]+"\x00"+strconv.Itoa(fi)] = true
				}
			}
		}
	}
	var heldCurve []string // the labels of the curve that has had a count withheld
	for ri, row := range t.Rows {
		if curve {
			key := row.Labels[:len(row.Labels)-1]
			if heldCurve != nil && !slices.Equal(heldCurve, key) {
				heldCurve = nil
			}
			for _, st := range row.State {
				if st != Published && st != Unrecorded && st != Hidden {
					heldCurve = key
				}
			}
		}
		r := make([]any, 0, len(out.Columns))
		for _, s := range row.Labels {
			r = append(r, s)
		}
		for ci := range row.Values {
			if v, ok := t.Value(ri, ci); ok {
				r = append(r, v)
			} else {
				r = append(r, t.Cell(ri, ci))
			}
		}
		for fi := range t.Figures {
			c := figureCell(row, fi)
			if c == "" && heldCurve != nil && given[row.Labels[len(row.Labels)-1]+"\x00"+strconv.Itoa(fi)] {
				c = "withheld"
			}
			r = append(r, c)
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

// figureCell is a row's derived figure fi as shown: "withheld" when one of the row's counts
// is, "not recorded in this input" when its counts are of a value no input can record, ""
// when the row has no such figure.
func figureCell(row Row, fi int) string {
	if fi < len(row.Figures) && row.Figures[fi] != "" {
		return row.Figures[fi]
	}
	unrecorded := false
	for _, st := range row.State {
		switch st {
		case Published:
		case Unrecorded:
			unrecorded = true
		default:
			return "withheld"
		}
	}
	if unrecorded {
		return UnrecordedLabel
	}
	return ""
}
