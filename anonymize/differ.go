package anonymize

import "slices"

// Differ returns the fields, among fields and in their order, of which row and other both give
// a value and not the same one: a quasi-identifier's column in their leaves (blank and "unknown"
// give none, as Gives says), else the analytic column. pipeline compares so the two records of
// one case number in one export that neither dates (ingest.Deduper.UndatedMerges): the later
// row is kept, so the row order decided those fields' values (attack-2026-12-05d W12: a
// re-sorted register's recruiter relations 284 -> 280). A value only one of them gives is no
// difference: Complete gives it to the record kept whatever the order.
func (c *Collector) Differ(row, other int, fields []string) []string {
	if row < 0 || other < 0 || row >= c.rows || other >= c.rows || row == other {
		return nil
	}
	var out []string
	for _, f := range fields {
		a, okA := c.valueOf(row, f)
		b, okB := c.valueOf(other, f)
		if okA && okB && a != b {
			out = append(out, f)
		}
	}
	return out
}

// valueOf returns row's value of field as Differ compares it, and whether row gives one.
func (c *Collector) valueOf(row int, field string) (string, bool) {
	for q, qi := range c.qis {
		if j := slices.Index(qi.Columns, field); j >= 0 {
			v := c.leafs[q][c.codes[q].at(row)][j]
			return v, v != "" && v != "unknown"
		}
	}
	col := c.column(field)
	if col == nil || col.pseudo != nil || !col.valid(row) {
		return "", false
	}
	return col.str(row), true
}
