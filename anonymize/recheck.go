package anonymize

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/release"
)

// The relations leave with the tables (release.Relations) so that check can solve the audit's
// linear programs again from the published counts alone: check imports this file's
// AuditRelease, which needs neither the records nor ingest.

// relationsOf records the links l between the counts of ts: the published tables in the
// order they are written, then the hidden ones, by shape only.
func relationsOf(ts []*CountTable, l Links, zero map[Ref]bool) *release.Relations {
	r := &release.Relations{}
	idx := make([]int, len(ts))
	for pass, hidden := range []bool{false, true} {
		_ = pass
		for i, t := range ts {
			if t.Hidden != hidden {
				continue
			}
			idx[i] = len(r.Tables)
			r.Tables = append(r.Tables, t.Name)
			if hidden {
				h := release.HiddenTable{Name: t.Name, Counts: t.Counts}
				for _, row := range t.Rows {
					h.Rows = append(h.Rows, row.Labels)
				}
				r.Hidden = append(r.Hidden, h)
			}
		}
	}
	refs := func(rs []Ref) []release.CountRef {
		out := make([]release.CountRef, len(rs))
		for i, x := range rs {
			out[i] = release.CountRef{idx[x.T], x.R, x.C}
		}
		return out
	}
	for _, e := range l.Eqs {
		r.Equal = append(r.Equal, release.Relation{Left: refs(e.Plus), Right: refs(e.Minus)})
	}
	for _, e := range l.Les {
		r.AtMost = append(r.AtMost, release.Relation{Left: refs(e.Small), Right: refs(e.Large)})
	}
	var z []Ref
	for x := range zero {
		if _, s := at(ts, x); s == Secondary {
			z = append(z, x)
		}
	}
	slices.SortFunc(z, cmpRef)
	r.MayBeZero = refs(z)
	return r
}

// zeroOf is the set of r.MayBeZero.
func zeroOf(r *release.Relations) map[Ref]bool {
	out := map[Ref]bool{}
	for _, x := range r.MayBeZero {
		out[Ref{x[0], x[1], x[2]}] = true
	}
	return out
}

// linksOf is the inverse of relationsOf over the tables r.Resolve returned.
func linksOf(r *release.Relations) Links {
	refs := func(rs []release.CountRef) []Ref {
		out := make([]Ref, len(rs))
		for i, x := range rs {
			out[i] = Ref{x[0], x[1], x[2]}
		}
		return out
	}
	var l Links
	for _, e := range r.Equal {
		l.Eqs = append(l.Eqs, Eq{Plus: refs(e.Left), Minus: refs(e.Right)})
	}
	for _, e := range r.AtMost {
		l.Les = append(l.Les, Le{Small: refs(e.Left), Large: refs(e.Right)})
	}
	return l
}

// AuditRelease re-audits the complementary suppression of a release's protected tables (ts:
// the published tables then the hidden ones, as release.Relations.Resolve returns them) from
// the relations r the run recorded: by linear programming over every relation, it returns a
// finding for every primary count ("<threshold") that the published counts place in an
// interval narrower than width and than what the labels alone leave, and one when the
// published counts contradict the relations. Hidden counts and changes from a previous
// release are audited by the run only: which of them are small is not published. It is
// release.CheckOptions.AuditTables.
func AuditRelease(ts []*release.Table, r *release.Relations, threshold, width int) ([]string, error) {
	orig := ts
	ts = unrecordedAsZero(ts)
	l := linksOf(r)
	var bad []string
	for _, e := range l.Eqs {
		if sum, ok := publishedSum(ts, e.Plus, e.Minus); ok && sum != 0 {
			bad = append(bad, describeRel(ts, e.Plus, e.Minus, "="))
		}
	}
	for _, e := range l.Les {
		if sum, ok := publishedSum(ts, e.Small, e.Large); ok && sum > 0 {
			bad = append(bad, describeRel(ts, e.Small, e.Large, "<="))
		}
	}
	if len(bad) > 0 {
		return []string{fmt.Sprintf("the published counts of the protected tables break %d of their relations, e.g. %s", len(bad), bad[0])}, nil
	}
	p := Protection{Threshold: threshold, Width: width, MayBeZero: zeroOf(r)}
	for ti, t := range ts {
		if t.Name != sectorTable && t.Name != relationTable {
			continue
		}
		for ri, row := range t.Rows {
			for ci, st := range row.State {
				if st == release.Secondary && slices.Contains(orig[ti].Rows[ri].State, release.Unrecorded) {
					p.MayBeZero[Ref{ti, ri, ci}] = true // unknown, from 0: a copy of any total
				}
			}
		}
	}
	exposed, iv, _, err := Audit(ts, l, p)
	if errors.Is(err, errInfeasible) {
		return []string{"the published counts of the protected tables contradict their relations and labels: no counts behind the withheld ones can add up to them"}, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, x := range exposed {
		t := ts[x.T]
		shown := fmt.Sprintf("the count shown as <%d", threshold)
		if t.Hidden { // a hidden table's count (Protection.atStake)
			shown = fmt.Sprintf("the hidden count, whose interval reaches 1 to %d,", threshold-1)
		}
		out = append(out, fmt.Sprintf("table %s, row %s, column %s: %s can be worked out from the published counts to within [%g, %g], narrower than the protection range %d: complementary suppression is missing",
			t.Name, strings.Join(t.Rows[x.R].Labels, " / "), t.Counts[x.C], shown, iv[x].Lo, iv[x].Hi, p.width()))
	}
	return out, nil
}

// publishedSum returns sum(a) - sum(b) when every count of a and b is published.
func publishedSum(ts []*CountTable, a, b []Ref) (int64, bool) {
	var s int64
	for sign, rs := range [][]Ref{a, b} {
		for _, r := range rs {
			v, st := at(ts, r)
			if st != Published {
				return 0, false
			}
			if sign == 0 {
				s += v
			} else {
				s -= v
			}
		}
	}
	return s, true
}

func describeRel(ts []*CountTable, a, b []Ref, op string) string {
	name := func(rs []Ref) string {
		var parts []string
		for _, r := range rs {
			parts = append(parts, fmt.Sprintf("%s[%s].%s", ts[r.T].Name, strings.Join(ts[r.T].Rows[r.R].Labels, "/"), ts[r.T].Counts[r.C]))
		}
		return strings.Join(parts, " + ")
	}
	return name(a) + " " + op + " " + name(b)
}

// unrecordedAsZero returns ts with every release.Unrecorded count as the published 0 it was to
// the run's own audit (unrecordedForms marks those counts after the protection): taken as
// unknown, the re-audit would be looser than the run's and pass a pattern the run refuses.
// Tables without such counts are shared, the others copied.
func unrecordedAsZero(ts []*release.Table) []*release.Table {
	out := slices.Clone(ts)
	for i, t := range ts {
		for ri, row := range t.Rows {
			if !slices.Contains(row.State, release.Unrecorded) {
				continue
			}
			if out[i] == t {
				c := *t
				c.Rows = slices.Clone(t.Rows)
				out[i] = &c
			}
			st, vals := slices.Clone(row.State), slices.Clone(row.Values)
			for ci, s := range st {
				switch {
				case s != release.Unrecorded:
				case t.Name == sectorTable || t.Name == relationTable:
					// a copy of a total (unrecordedDims), not a 0: unknown to the re-audit
					st[ci], vals[ci] = release.Secondary, 0
				default:
					st[ci], vals[ci] = release.Published, 0
				}
			}
			out[i].Rows[ri].State, out[i].Rows[ri].Values = st, vals
		}
	}
	return out
}

// SumRange returns the smallest interval [lo, hi] that a release's published counts and
// recorded relations place the sum of the counts terms in (ts: the published tables then the
// hidden ones, as release.Relations.Resolve returns them; terms in r's indices), by linear
// programming: what anyone who holds the release can work out of it, so printing it tells
// nothing new. It is the brief's way to a share whose counts are withheld (attack-2026-12-01d
// finding 12: after a grown release the share of children, 302 of 372, could only be printed
// as the range its release's own counts give, e.g. "80-84%", since the joint audit does not
// accept it to the percent). An infeasible or unbounded program is an error.
func SumRange(ts []*release.Table, r *release.Relations, threshold int, terms []release.CountRef) (lo, hi float64, err error) {
	ts = unrecordedAsZero(ts)
	sum := &CountTable{Name: "the sum asked for", Hidden: true, Counts: []string{"sum"}, TotalCols: []bool{false},
		Rows: []CountRow{{Values: []int64{0}, State: []State{Hidden}}}}
	all := append(slices.Clone(ts), sum)
	s := Ref{len(ts), 0, 0}
	l := linksOf(r)
	plus := make([]Ref, 0, len(terms))
	var known float64 // the published terms: the sum is known when every term is
	for _, x := range terms {
		ref := Ref{x[0], x[1], x[2]}
		if ref.T < 0 || ref.T >= len(ts) || ref.R < 0 || ref.R >= len(ts[ref.T].Rows) || ref.C < 0 || ref.C >= len(ts[ref.T].Rows[ref.R].State) {
			return 0, 0, fmt.Errorf("anonymize: SumRange: no count %v in the release's tables", x)
		}
		if v, st := at(ts, ref); st == Published {
			known += float64(v)
			continue
		}
		plus = append(plus, ref)
	}
	if len(plus) == 0 {
		return known, known, nil
	}
	sum.Rows[0].Values[0] = 0
	for _, x := range plus {
		v, _ := at(ts, x)
		sum.Rows[0].Values[0] += v // the true point (erased counts: 0), for the LP's start
	}
	l.Eqs = append(slices.Clone(l.Eqs), Eq{Plus: plus, Minus: []Ref{s}})
	iv, _, err := lpAudit(all, l, threshold, zeroOf(r), func(x Ref) bool { return x == s }, nil)
	if errors.Is(err, errInfeasible) {
		return 0, 0, fmt.Errorf("anonymize: SumRange: the published counts contradict their relations")
	}
	if err != nil {
		return 0, 0, err
	}
	x, ok := iv[s]
	if !ok || math.IsInf(x.Hi, 1) {
		return 0, 0, fmt.Errorf("anonymize: SumRange: the sum is not bounded by the release's counts")
	}
	return known + x.Lo, known + x.Hi, nil
}
