package anonymize

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/release"
)

// A withheld count that the printed counts beside it give exactly protects nothing: anyone
// adds up its row (attack-2026-12-03d finding 9: exploitation-by-age's forced military service
// printed 183 cases, 0 adults and 0 of unknown age, its minors withheld, and so 183, and their
// copy in minors-by-exploitation withheld too). The run prints such counts (printGiven) and
// check names those of a release written before (GivenByPrinted).

// givenByRelations returns the counts of ts that are not known (known: published, and not taken
// as unknown by unknown) which the known ones give exactly through the equalities of l, with
// the values they give: an equality with one unknown left gives it, and that count is known
// from then on (repeatedly, as anyone with a pencil would go). An equality whose unknown comes
// out negative or fractional contradicts the counts and gives nothing.
func givenByRelations(ts []*CountTable, l Links, unknown func(Ref) bool) map[Ref]int64 {
	known := func(r Ref) bool {
		_, st := at(ts, r)
		return st == Published && !unknown(r)
	}
	type term struct {
		r Ref
		c int64
	}
	eqs := make([][]term, len(l.Eqs))
	left := make([]int, len(l.Eqs)) // unknown counts left per equality
	of := map[Ref][]int{}           // unknown count -> the equalities it is in
	var queue []int
	for i, e := range l.Eqs {
		coef := map[Ref]int64{}
		var order []Ref
		for sign, rs := range [][]Ref{e.Plus, e.Minus} {
			for _, r := range rs {
				if _, in := coef[r]; !in {
					order = append(order, r)
				}
				coef[r] += 1 - 2*int64(sign)
			}
		}
		for _, r := range order {
			if coef[r] == 0 {
				continue
			}
			eqs[i] = append(eqs[i], term{r, coef[r]})
			if !known(r) {
				left[i]++
				of[r] = append(of[r], i)
			}
		}
		if left[i] == 1 {
			queue = append(queue, i)
		}
	}
	out := map[Ref]int64{}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		if left[i] != 1 {
			continue
		}
		var u term
		var sum int64
		found := false
		for _, x := range eqs[i] {
			v, got := out[x.r]
			switch {
			case known(x.r):
				v, _ = at(ts, x.r)
			case !got:
				u, found = x, true
				continue
			}
			sum += x.c * v
		}
		if !found || (-sum)%u.c != 0 || -sum/u.c < 0 {
			continue
		}
		out[u.r] = -sum / u.c
		for _, j := range of[u.r] {
			if left[j]--; left[j] == 1 {
				queue = append(queue, j)
			}
		}
	}
	return out
}

// printGiven prints every withheld count (Secondary) of a printed table that the counts this
// release prints give exactly (givenByRelations over links), unless the differencing guard
// withholds it (p.Guarded, p.atMost: the change from an earlier release; check's
// MovedFromCarried would name it printed) or it is below the threshold. Printing it tells
// nothing the release does not: every solution of the audit's linear program already has it.
// The counts of the sector's and the relation's tables that no input records leave as
// "not recorded" (unrecordedDims, after the protection): unknown here. The outcome curves'
// tables (with figures) are left as they are. It returns the counts
// it printed. Noisy and rounded counts do not add up: the caller does not call it for those.
//
// Protect's publishGivenBack prints such counts too, but not one the previous release had
// (p.Before) nor one the joint audit kept (p.Kept) while the joint audit still walks the
// withheld counts; this runs after it, on the final pattern.
func (s *tableSet) printGiven(links Links, p *Protection) []Ref {
	unknown := func(r Ref) bool {
		t := s.tables[r.T]
		return (t.Name == sectorTable || t.Name == relationTable) && unrecordedDim(t)
	}
	show := map[Ref]bool{}
	for r, v := range givenByRelations(s.tables, links, unknown) {
		t := s.tables[r.T]
		cur, st := at(s.tables, r)
		if t.Hidden || st != Secondary || cur != v || p.Guarded[r] || (v > 0 && v < int64(p.Threshold)) {
			continue
		}
		if len(t.Figures) > 0 {
			// An outcome curve keeps a point withheld once its number at risk is
			// (TestCurvesWithheldOnwards): its estimates rest on the withheld counts.
			continue
		}
		if _, ok := p.atMost[r]; ok {
			continue
		}
		show[r] = true
	}
	// A count printed in two tables is printed in both or in neither (twins): a copy the
	// guard withholds keeps the other withheld.
	for changed := true; changed; {
		changed = false
		for _, e := range links.Eqs {
			if len(e.Plus) != 1 || len(e.Minus) != 1 {
				continue
			}
			a, b := e.Plus[0], e.Minus[0]
			if s.tables[a.T].Hidden || s.tables[b.T].Hidden {
				continue
			}
			_, sa := at(s.tables, a)
			_, sb := at(s.tables, b)
			if show[a] != show[b] && (show[a] && sb != Published || show[b] && sa != Published) {
				delete(show, a)
				delete(show, b)
				changed = true
			}
		}
	}
	out := slices.SortedFunc(maps.Keys(show), cmpRef)
	setState(s.tables, out, Published)
	return out
}

// GivenByPrinted names the withheld counts of a release's protected tables (ts: the published
// tables then the hidden ones, as release.Relations.Resolve returns them) that its printed
// counts give exactly through its recorded relations (a row's total and its other counts
// printed): they protect nothing. given holds, for release.MovedFromCarried, a copy of each
// table that has such counts, with those counts printed at the value they are given and every
// other count withheld. check names them; releases written now print them, unless the
// differencing guard withholds them.
func GivenByPrinted(ts []*release.Table, r *release.Relations) (names []string, given []*release.Table) {
	orig := ts
	ts = unrecordedAsZero(ts)
	vals := givenByRelations(ts, linksOf(r), func(Ref) bool { return false })
	refs := slices.SortedFunc(maps.Keys(vals), cmpRef)
	copies := map[int]*release.Table{}
	for _, ref := range refs {
		t := ts[ref.T]
		if t.Hidden || orig[ref.T].Rows[ref.R].State[ref.C] != release.Secondary {
			continue
		}
		c := copies[ref.T]
		if c == nil {
			c = &release.Table{Name: t.Name, Labels: t.Labels, Counts: t.Counts, Threshold: t.Threshold}
			for _, row := range t.Rows {
				st := make([]State, len(row.State))
				for i := range st {
					st[i] = release.Secondary
				}
				c.Rows = append(c.Rows, release.Row{Labels: row.Labels, Values: make([]int64, len(row.Values)), State: st})
			}
			copies[ref.T] = c
			given = append(given, c)
		}
		c.Rows[ref.R].State[ref.C], c.Rows[ref.R].Values[ref.C] = release.Published, vals[ref]
		names = append(names, fmt.Sprintf("%s row %s column %s", t.Name, strings.Join(t.Rows[ref.R].Labels, "/"), t.Counts[ref.C]))
	}
	return names, given
}

// stillAccepted audits the pattern again once printGiven printed counts: the audit compares a
// protected count's interval with what the labels alone leave, which a printed count can
// change, so the counts are printed only when this release's audit, and the joint audit with
// the previous release when it ran (joint), expose no more than before (exposed, jointExposed:
// what they found at the final pattern; check re-runs both). A joint audit over its budget or
// infeasible is as before (keepPrevious' own outcome).
func (s *tableSet) stillAccepted(links Links, p Protection, exposed int, joint bool, jointExposed int) (bool, error) {
	ex, _, _, err := Audit(s.tables, links, p)
	if err != nil {
		if errors.Is(err, errInfeasible) {
			return false, nil
		}
		return false, err
	}
	if len(ex) > exposed {
		return false, nil
	}
	if !joint {
		return true, nil
	}
	jex, _, err := p.joint.audit(s.tables, links, p)
	switch {
	case errors.Is(err, errJointTooLarge) || errors.Is(err, errInfeasible):
		return true, nil
	case err != nil:
		return false, err
	}
	return len(jex) <= jointExposed, nil
}
