package reports

import (
	"fmt"

	"github.com/prevalence/prevalence/geo"
)

// A count withheld once stays withheld until it has moved by at least the threshold from the
// last value any earlier release of the series printed (tables/carried.json holds those values,
// for everyone). In a monthly series most of the counts of boys and girls by province are
// withheld by the fourth month, and the pages said only "10 or more" of them (attack-2026-12-02g
// finding 3: by November no count of boys in any Afghan province, no number of boys or girls in
// the brief's provinces): the last printed value, public already, is what a programme lead can
// plan by, and the page says what brings the count back.

// lastPrinted returns the value an earlier release of the series printed of t's count (ri, ci),
// withheld in this release, when the release carries one (Options.Carried).
func (r *report) lastPrinted(t *Table, ri, ci int) (int64, bool) {
	if r.carried == nil || ri < 0 || ri >= len(t.Rows) {
		return 0, false
	}
	if row := t.Rows[ri]; ci >= len(row.State) || row.State[ci] == Published {
		return 0, false
	}
	return r.carried.Last(t.Name, t.Counts, t.Rows[ri].Labels, ci)
}

// lastPrintedNote is what a withheld count's words add when an earlier release printed it:
// "; an earlier release of this series printed 57" ("" when none did).
func (r *report) lastPrintedNote(t *Table, ri, ci int) string {
	if v, ok := r.lastPrinted(t, ri, ci); ok {
		return fmt.Sprintf("; an earlier release of this series printed %d", v)
	}
	return ""
}

// carriedChildren lists the counts of boys and of girls by province withheld here that an
// earlier release of the series printed, with that value ("Herat's boys: 57"), in the tables'
// order.
func (r *report) carriedChildren() []string {
	if r.carried == nil || r.set == nil {
		return nil
	}
	var out []string
	for _, x := range []struct{ table, who string }{{"boys-by-province", "boys"}, {"girls-by-province", "girls"}} {
		i, ok := r.set.byName[x.table]
		if !ok {
			continue
		}
		t := r.set.tables[i]
		for ri, row := range t.Rows {
			if row.Total || len(row.Labels) < 2 || row.Labels[1] == NotRecorded {
				continue
			}
			v, ok := r.lastPrinted(t, ri, 0)
			if !ok {
				continue
			}
			name := row.Labels[1]
			if p, ok := geo.ProvinceByCode(name); ok {
				name = p.Name
			}
			out = append(out, fmt.Sprintf("%s's %s: %d", name, x.who, v))
		}
	}
	return out
}

// carriedSentence says, on a re-release whose counts of children by province an earlier
// release printed and this one withholds, those last printed values, and what brings the counts
// back ("" when there are none).
func (r *report) carriedSentence() string {
	list := r.carriedChildren()
	if len(list) == 0 {
		return ""
	}
	th := max(r.opt.Threshold, 1)
	return fmt.Sprintf("Children by province that an earlier release of this series printed and this one withholds, with the value last printed (tables/carried.json; the count now may be larger or smaller): %s. "+
		"A count withheld once is printed again only when it is back at the value last printed or has moved %d or more from it, and no other count needs it withheld, however many releases that takes: a group that gains a few cases a month may not be printed again for many months. "+
		"Released for everyone once a quarter or once a year (README, repeated releases), each release of the tables adds more cases and prints more of these counts; the microdata can still be released monthly.",
		joinAnd(list), th)
}

// groupLastPrinted returns what an earlier release of the series printed of the children of a
// group of the centre gaps (province code, gender, majority status), withheld here: the count
// of boys-by-province or girls-by-province the group's count is, when it is one.
func (r *report) groupLastPrinted(province, gender, majority string) (int64, bool) {
	if r.carried == nil || r.set == nil {
		return 0, false
	}
	table := map[string]string{"male": "boys-by-province", "female": "girls-by-province"}[gender]
	i, ok := r.set.byName[table]
	if !ok || majority != "minor" {
		return 0, false
	}
	t := r.set.tables[i]
	for ri, row := range t.Rows {
		if !row.Total && len(row.Labels) >= 2 && row.Labels[1] == province {
			return r.lastPrinted(t, ri, 0)
		}
	}
	return 0, false
}

// carriedRankNote says why a withheld group is ranked by what the release's own counts allow
// and not by the value an earlier release printed, which its row quotes (attack-2026-12-03a
// finding 3: Herat's 57 boys ranked at "10 or more"). Decided (issue-16-shares13.md): the value
// last printed is no floor of the count now (in the same series counts fell: records linked as
// one person, a province corrected, attack-2026-12-03a findings 1b and 8). Since the
// coordinator's fix of attack-2026-12-03f finding 6 it is used where this release's tables
// bound the count too widely for their midpoint (analysis.CarriedUsed; the row says so), so a
// row that only quotes it is one the tables bound closely enough.
const carriedRankNote = "Where such a group's row quotes the count an earlier release printed (\"57 in an earlier release\"), it is not ranked by it: that count is not a floor of the count now " +
	"(a count falls when records are linked as one person or corrected, as the account of the rows above may say), so it is used only where this release's tables bound the count too widely to tell (the row then says \"the N an earlier release printed used\"), not where they bound it as closely as here. " +
	"An organisation that knows its register only gained cases since (no record merged, corrected or removed) may read such a count as at least the earlier value; the release cannot know it."
