package anonymize

import (
	"cmp"
	"errors"
	"slices"
)

// figureCols are, per table, the count columns the publication's figures read: the brief's
// and the programme ranking's boys and girls by province, the province table's women and men
// (the map's split and the ranking's adults), the year chart's female and male bars, and the
// minors' girls and boys by year (the minors' trend by gender: on the demo, with cases by
// province and year in the standard set, 7 of its 16 were printed, 10 with them here,
// attack-2026-11-30e finding 6).
// Complementary suppression picks its complements one at a time, each the cheapest in reach
// of the exposed count of its round, and at 20,000 synthetic cases (seed 7) a chain of rounds
// for one small province (Nuristan's 11 cases, all men and boys) withheld the boys of every
// large province, one after the other, before the province's own total closed it; at 3,000
// cases the year chart lost both its bars in some years where one protects the year's small
// "other or unknown" count. tau-Argus weighs a complement by its value, so that large figures
// are withheld last; publishFigures gets the same from the other side, by printing the
// figures the final pattern does not need.
var figureCols = map[string][]int{
	"boys-by-province":             {0},
	"girls-by-province":            {0},
	"cases-by-province-and-gender": {1, 2},
	"cases-by-year-and-gender":     {1, 2},
	minorsYearTable:                {0, 1},
}

// figureRetries is how many figures publishFigures tries to print again with an exact audit
// (a try that bound propagation rejects costs no LP and is not counted).
const figureRetries = 40

// publishFigures prints again the figures (figureCols) that complementary suppression
// withheld and the final pattern does not need: the largest first, the boys' and girls'
// tables before the others, each with its copies, kept printed only when the exact audit
// finds every protected count protected (as publishUnneeded does for margins). A count in a
// block that leans on the labels (leaning) stays withheld. rep is the audit of ts as it is;
// the last accepted audit's account is returned.
func publishFigures(ts []*CountTable, l Links, p Protection, copiesOf func(Ref) []Ref, rep AuditReport, frozen map[Ref]bool, redo func(rounds int) (AuditReport, error)) (AuditReport, error) {
	lean, err := leaning(ts, l, p)
	if err != nil {
		return rep, err
	}
	candidate := func(r Ref) bool {
		_, before := p.Before[r]
		_, s := at(ts, r)
		return s == Secondary && !lean[r] && !p.fixed(r) && !p.MayBeZero[r] && !before
	}
	var figs []Ref
	for ti, t := range ts {
		cols, ok := figureCols[t.Name]
		if !ok || t.Hidden {
			continue
		}
		for ri, row := range t.Rows {
			if row.Total || slices.Contains(row.Labels, NotRecorded) {
				continue
			}
			for _, c := range cols {
				if r := (Ref{ti, ri, c}); c < len(row.State) && candidate(r) {
					figs = append(figs, r)
				}
			}
		}
	}
	slices.SortFunc(figs, func(a, b Ref) int {
		if ka, kb := keep(ts, a), keep(ts, b); ka != kb {
			if ka {
				return -1
			}
			return 1
		}
		va, _ := at(ts, a)
		vb, _ := at(ts, b)
		if va != vb {
			return cmp.Compare(vb, va)
		}
		return cmpRef(a, b)
	})
	tried := 0
	for _, r := range figs {
		if _, s := at(ts, r); s != Secondary {
			continue // printed with a copy
		}
		set, ok := printable(ts, copiesOf(r), candidate)
		if !ok {
			continue
		}
		setState(ts, set, Published)
		// Bound propagation is never narrower than the LP: a count it finds exposed, the
		// exact audit finds exposed too.
		if exposed, _ := audit(ts, l, p); len(exposed) == 0 && tried < figureRetries {
			tried++
			exposed, _, rep2, err := Audit(ts, l, p)
			if err != nil {
				return rep, err
			}
			if len(exposed) == 0 {
				rep = rep2
				continue
			}
		}
		setState(ts, set, Secondary)
	}
	return publishBars(ts, p, copiesOf, rep, frozen, redo)
}

// heldTables are the tables whose printed counts (totals included) publishBars never
// withholds for a bar: the year chart and its copy, the age pyramid and the province table.
var heldTables = map[string]bool{
	"cases-by-year-and-gender":     true,
	"cases-by-year":                true,
	"cases-by-age-and-gender":      true,
	"cases-by-province-and-gender": true,
}

// barRounds is how many complements publishBars lets a redo withhold for one year's bar.
const barRounds = 8

// publishBars gives the year chart a bar in every year it can: where a year's female and male
// counts are both still withheld (its small "other or unknown" count, with the year's minors
// by gender, needs one more count withheld than the row: at 3,000 synthetic cases a year's
// 7 women who are not minors were 74 women less 67 girls), the larger is printed and held
// printed (frozen, with every figure printed so far and every printed count of heldTables), and complementary suppression runs
// again (redo, at most barRounds complements) to protect what that exposes with other counts,
// the minors by year and gender say. When it cannot, the states go back as they were. rep is
// the audit of ts as it is; the audit of the final pattern is returned.
func publishBars(ts []*CountTable, p Protection, copiesOf func(Ref) []Ref, rep AuditReport, frozen map[Ref]bool, redo func(rounds int) (AuditReport, error)) (AuditReport, error) {
	yi := slices.IndexFunc(ts, func(t *CountTable) bool { return t.Name == "cases-by-year-and-gender" })
	if yi < 0 {
		return rep, nil
	}
	mi := slices.IndexFunc(ts, func(t *CountTable) bool { return t.Name == minorsYearTable })
	// hold lists the printed counts a redo may not withhold: every printed count of heldTables
	// and every printed figure (figureCols) but the minors' by year, which a year's bar
	// outranks (publishBars withholds them itself).
	hold := func() []Ref {
		var out []Ref
		for ti, t := range ts {
			for ri, row := range t.Rows {
				for c, st := range row.State {
					r := Ref{ti, ri, c}
					held := heldTables[t.Name] || slices.Contains(figureCols[t.Name], c) && t.Name != minorsYearTable
					if st == Published && !frozen[r] && held {
						out = append(out, r)
					}
				}
			}
		}
		return out
	}
	// try prints r (female or male of a year) and returns whether the redo protected the rest.
	try := func(r Ref) (bool, error) {
		set, ok := printable(ts, copiesOf(r), func(c Ref) bool {
			_, before := p.Before[c]
			return !p.fixed(c) && !p.MayBeZero[c] && !before
		})
		if !ok {
			return false, nil
		}
		saved := make([][]State, 0, len(ts))
		for _, t := range ts {
			for _, row := range t.Rows {
				saved = append(saved, slices.Clone(row.State))
			}
		}
		held := append(hold(), set...)
		setState(ts, set, Published)
		// The year's minors of that gender go instead: without them, the bar less the
		// minors no longer gives the adults.
		if mi >= 0 {
			for mr, m := range ts[mi].Rows {
				if !slices.Equal(m.Labels, ts[r.T].Rows[r.R].Labels) || m.State[r.C-1] != Published || m.Values[r.C-1] == 0 {
					continue
				}
				for _, c := range copiesOf(Ref{mi, mr, r.C - 1}) {
					if _, s := at(ts, c); s == Published && !ts[c.T].Hidden {
						ts[c.T].Rows[c.R].State[c.C] = Secondary
					}
				}
			}
		}
		for _, c := range held {
			frozen[c] = true
		}
		rep2, err := redo(barRounds)
		for _, c := range held {
			delete(frozen, c)
		}
		if err == nil {
			rep = rep2
			return true, nil
		}
		if !errors.Is(err, ErrUnprotectable) && err != errRounds {
			return false, err
		}
		i := 0
		for _, t := range ts {
			for ri := range t.Rows {
				t.Rows[ri].State = saved[i]
				i++
			}
		}
		return false, nil
	}
	// The gender whose all-years count is printed while the other's is withheld is the bar to
	// print: the year's other gender then stays withheld in a column whose total is withheld
	// too. A bar of the other gender leaves this one withheld in a column whose total is
	// printed, and two such years pin the sum of their small "other or unknown" counts (at
	// 1,000 synthetic cases, seed 2, 2022's male bar, the larger, left 2023 without a bar:
	// either of its counts printed then exposed 2022's other count; attack-2026-11-30e, low).
	prefer := 0
	for _, row := range ts[yi].Rows {
		if row.Total && len(row.State) >= 3 {
			switch {
			case row.State[1] == Published && row.State[2] != Published:
				prefer = 1
			case row.State[2] == Published && row.State[1] != Published:
				prefer = 2
			}
		}
	}
	for ri, row := range ts[yi].Rows {
		if row.Total || len(row.State) < 3 || row.State[1] != Secondary || row.State[2] != Secondary {
			continue
		}
		// The larger first (the column with the printed total, when one is); the other when
		// the first's column would be left with one withheld count, say.
		cols := []int{1, 2}
		if prefer == 2 || prefer == 0 && row.Values[2] > row.Values[1] {
			cols = []int{2, 1}
		}
		for _, c := range cols {
			done, err := try(Ref{yi, ri, c})
			if err != nil {
				return rep, err
			}
			if done {
				break
			}
		}
	}
	return rep, nil
}
