package anonymize

import (
	"errors"
	"slices"
)

// cohortRounds is how many complements publishCohorts lets a redo withhold for one cohort, and
// cohortRetries how many withheld cohorts it tries (each try costs a redo).
const (
	cohortRounds  = 12
	cohortRetries = 8
)

// publishCohorts prints again the counts that other rows' figures rest on (Protection.needs:
// an outcome curve's cohort, its 0-month number at risk) when complementary suppression
// withheld them: withholding one takes every estimate of its curve with it, where other
// counts may protect as well. On attack-2026-12-02a's 120 boys with every stay ended, the
// greedy choice withheld the reintegration cohort last, after the exits that could not
// protect alone, and the whole curve lost its estimates. Each withheld cohort, the largest
// first, is printed with its copies and held printed with every printed count outside the
// tables with figures (the brief's and the map's counts never pay for a curve), and
// complementary suppression runs again (redo, at most cohortRounds complements); the new
// pattern is kept only when it withholds fewer figures than before, each row's weighed by the
// people it is about (figuresWithheld). rep is the audit of ts as it is; the audit of the final
// pattern is returned.
func publishCohorts(ts []*CountTable, p Protection, copiesOf func(Ref) []Ref, rep AuditReport, frozen map[Ref]bool, redo func(rounds int) (AuditReport, error)) (AuditReport, error) {
	var cohorts []Ref
	seen := map[Ref]bool{}
	for _, n := range p.needs {
		for _, r := range n.needs {
			if _, s := at(ts, r); s == Secondary && !seen[r] && !p.fixed(r) && !p.MayBeZero[r] {
				if _, before := p.Before[r]; !before {
					cohorts = append(cohorts, r)
				}
			}
			seen[r] = true
		}
	}
	slices.SortFunc(cohorts, func(a, b Ref) int {
		va, _ := at(ts, a)
		vb, _ := at(ts, b)
		if va != vb {
			return int(vb - va)
		}
		return cmpRef(a, b)
	})
	tried := 0
	for _, r := range cohorts {
		if tried >= cohortRetries {
			break
		}
		if _, s := at(ts, r); s != Secondary {
			continue // printed with a copy
		}
		set, ok := printable(ts, copiesOf(r), func(c Ref) bool {
			_, before := p.Before[c]
			return !p.fixed(c) && !p.MayBeZero[c] && !before
		})
		if !ok {
			continue
		}
		tried++
		lost := figuresWithheld(ts, p.needs)
		saved := make([][]State, 0, len(ts))
		for _, t := range ts {
			for _, row := range t.Rows {
				saved = append(saved, slices.Clone(row.State))
			}
		}
		setState(ts, set, Published)
		var held []Ref
		for ti, t := range ts {
			for ri, row := range t.Rows {
				for c, st := range row.State {
					if r := (Ref{ti, ri, c}); st == Published && !frozen[r] && (len(t.Figures) == 0 || slices.Contains(set, r)) {
						held = append(held, r)
					}
				}
			}
		}
		for _, c := range held {
			frozen[c] = true
		}
		rep2, err := redo(cohortRounds)
		for _, c := range held {
			delete(frozen, c)
		}
		if err == nil && figuresWithheld(ts, p.needs) < lost {
			rep = rep2
			continue
		}
		if err != nil && !errors.Is(err, ErrUnprotectable) && err != errRounds {
			return rep, err
		}
		i := 0
		for _, t := range ts {
			for ri := range t.Rows {
				t.Rows[ri].State = saved[i]
				i++
			}
		}
	}
	return rep, nil
}

// figuresWithheld weighs the rows whose figures rest on other rows (needs: a curve's points
// after its cohort) and are withheld (a count of the row, or a count they need, not published)
// by the people each is about: the largest of the row's first count and the counts it needs
// (a curve's cohort, a funnel's complaints). Counted as rows, the all-provinces curve weighed
// as much as one province's of 1-9 children (outc session x, synth 20,000 seed 5), so a redo
// could trade it for two small provinces' curves. (The cohort's own figures are trivial: 1 or
// 0 at time 0.)
func figuresWithheld(ts []*CountTable, needs []figureNeed) int64 {
	out := map[Ref]int64{}
	for _, n := range needs {
		row := ts[n.row.T].Rows[n.row.R]
		withheld := slices.ContainsFunc(row.State, func(s State) bool { return s != Published && s != Hidden })
		var people int64
		if len(row.Values) > 0 {
			people = row.Values[0]
		}
		for _, r := range n.needs {
			v, s := at(ts, r)
			if s != Published {
				withheld = true
			}
			people = max(people, v)
		}
		if withheld {
			out[n.row] = max(out[n.row], people, 1)
		}
	}
	var sum int64
	for _, w := range out {
		sum += w
	}
	return sum
}
