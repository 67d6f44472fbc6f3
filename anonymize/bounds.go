package anonymize

import (
	"errors"
	"fmt"
	"math"

	"github.com/prevalence/prevalence/release"
)

// Bounder bounds sums of a release's published and withheld counts as any reader of the
// release can: by the audit's own linear program over every relation the run recorded
// (tables/relations.json, the hidden cells of the finest cross-classification included). A
// figure over a withheld total (a share's denominator) is then given over bounds that every
// published table agrees with, where a hand-picked set of relations left a wider interval,
// and its midpoint outside the true bounds (attack-2026-11-30e finding 5: the boys' total at
// 20,000 cases bounded to 6158-6502 by the boys' table alone, 6261-6285 with the age table's).
type Bounder struct {
	ts        []*CountTable
	l         Links
	threshold int
	zero      map[Ref]bool
	byName    map[string]int
}

// NewBounder returns the Bounder of the published tables ts (release.ReadTables, or the run's
// ProtectedTables.Tables) and the relations r the run recorded between them; threshold is the
// tables' small-cell threshold. Tables with rounding or noise are not bounded: their counts
// no longer satisfy the relations exactly.
func NewBounder(ts []*release.Table, r *release.Relations, threshold int) (*Bounder, error) {
	if r == nil {
		return nil, errors.New("anonymize: the release records no relations between its tables")
	}
	for _, t := range ts {
		if t.Epsilon > 0 {
			return nil, errors.New("anonymize: the tables have noise: their counts do not satisfy the relations exactly")
		}
		for _, row := range t.Rows {
			if row.Rounded != nil {
				return nil, errors.New("anonymize: the tables are rounded: their counts do not satisfy the relations exactly")
			}
		}
	}
	all, err := r.Resolve(ts)
	if err != nil {
		return nil, err
	}
	all = unrecordedAsZero(all)
	b := &Bounder{ts: all, l: linksOf(r), threshold: threshold, zero: zeroOf(r), byName: map[string]int{}}
	for i, t := range all {
		if !t.Hidden {
			b.byName[t.Name] = i
		}
	}
	return b, nil
}

// SumBounds returns the smallest interval [lo, hi] that the published counts and the
// relations place the sum of the counts cells (row, count column) of the published table
// named table in (hi is +Inf when nothing bounds it). A count listed twice counts once.
func (b *Bounder) SumBounds(table string, cells [][2]int) (lo, hi float64, err error) {
	ti, ok := b.byName[table]
	if !ok {
		return 0, 0, fmt.Errorf("anonymize: the release has no published table %s", table)
	}
	t := b.ts[ti]
	want := map[Ref]bool{}
	for _, c := range cells {
		if c[0] < 0 || c[0] >= len(t.Rows) || c[1] < 0 || c[1] >= len(t.Counts) {
			return 0, 0, fmt.Errorf("anonymize: table %s has no count (%d, %d)", table, c[0], c[1])
		}
		r := Ref{ti, c[0], c[1]}
		if want[r] {
			continue
		}
		v, s := at(b.ts, r)
		if s == Published {
			lo += float64(v)
			hi += float64(v)
			continue
		}
		want[r] = true
	}
	if len(want) == 0 {
		return lo, hi, nil
	}
	// The blocks share no relation: the sum's ends are the sums of each block's ends.
	for _, lp := range auditBlocks(b.ts, b.l, b.threshold, b.zero, func(r Ref) bool { return want[r] }) {
		tb, err := newSimplex(lp.rows, lp.b, lp.n, lp.ub).crossover(lp.x0)
		if err != nil {
			return 0, 0, err
		}
		cost := make([]float64, lp.n)
		var shift float64
		for i, v := range lp.vars {
			if want[v.ref] {
				cost[i] = 1
				shift += v.lo
			}
		}
		sum := func() float64 {
			var s float64
			for i, c := range cost {
				if c != 0 {
					s += tb.x[i]
				}
			}
			return s
		}
		if err := tb.optimize(cost, lp.n); err != nil {
			return 0, 0, err
		}
		lo += shift + sum()
		for i := range cost {
			cost[i] = -cost[i]
		}
		switch err := tb.optimize(cost, lp.n); {
		case errors.Is(err, errUnbounded):
			hi = math.Inf(1)
		case err != nil:
			return 0, 0, err
		default:
			hi += shift + sum()
		}
	}
	// Counts are whole: the LP's ends, up to its rounding, are too.
	lo, hi = math.Ceil(lo-1e-6), math.Floor(hi+1e-6)
	if lo > hi {
		return 0, 0, errInfeasible
	}
	return lo, hi, nil
}
