package reports

import (
	"fmt"
	"slices"

	"github.com/prevalence/prevalence/analysis"
)

// DefaultThreshold is the smallest count published as a number; CTDC hides countries with
// fewer than 10 victims.
const DefaultThreshold = 10

// Suppress returns a copy of t in which every count from 1 to threshold-1 in the columns
// counts is replaced by "<threshold". Zero is published: it tells nobody anything about a
// person.
func Suppress(t *analysis.Table, counts []string, threshold int) *analysis.Table {
	out := &analysis.Table{Name: t.Name, Title: t.Title, Microdata: t.Microdata, ShareNote: t.ShareNote, RateNote: t.RateNote, PartialNote: t.PartialNote, Columns: t.Columns, Rows: make([][]any, len(t.Rows))}
	isCount := make([]bool, len(t.Columns))
	for i, c := range t.Columns {
		isCount[i] = slices.Contains(counts, c)
	}
	label := fmt.Sprintf("<%d", threshold)
	for r, row := range t.Rows {
		nr := slices.Clone(row)
		for i, v := range nr {
			if !isCount[i] {
				continue
			}
			if n, ok := v.(int64); ok && n > 0 && n < int64(threshold) {
				nr[i] = label
			}
		}
		out.Rows[r] = nr
	}
	return out
}

// Flagged returns a copy of t for spreadsheets: each column of counts is followed by
// COLUMN_flag, and a count shown as a label ("<10", or "x") moves into the flag, leaving the
// count empty, so that the count column holds numbers only (as the release's tables/*.csv).
func Flagged(t *analysis.Table, counts []string) *analysis.Table {
	isCount := make([]bool, len(t.Columns))
	out := &analysis.Table{Name: t.Name, Title: t.Title, Microdata: t.Microdata, ShareNote: t.ShareNote, RateNote: t.RateNote, PartialNote: t.PartialNote, Rows: make([][]any, len(t.Rows))}
	for i, c := range t.Columns {
		out.Columns = append(out.Columns, c)
		if isCount[i] = slices.Contains(counts, c); isCount[i] {
			out.Columns = append(out.Columns, c+"_flag")
		}
	}
	for r, row := range t.Rows {
		nr := make([]any, 0, len(out.Columns))
		for i, v := range row {
			if !isCount[i] {
				nr = append(nr, v)
				continue
			}
			if s, ok := v.(string); ok {
				nr = append(nr, nil, s)
			} else {
				nr = append(nr, v, "")
			}
		}
		out.Rows[r] = nr
	}
	return out
}
