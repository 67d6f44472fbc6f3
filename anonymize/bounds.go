package anonymize

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

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

	// The blocks do not change between calls (the tables are the release's): they are stated
	// once, on the first call, and each block's simplex is kept at the feasible vertex its
	// phase 1 (or crossover) found, and copied for each sum, so that a call solves only its
	// sum's two optima (the reports ask for hundreds of sums, each of which solved every block
	// it touches from scratch: 1.45 s a sum at 300,000 cases). From the same vertex the
	// optima, and so the bounds, are those solved from scratch.
	mu      sync.Mutex
	blocks  []auditLP
	blockOf map[Ref]int
	solved  []*simplex
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
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.blockOf == nil {
		b.blocks = auditBlocks(b.ts, b.l, b.threshold, b.zero, func(Ref) bool { return true })
		b.solved = make([]*simplex, len(b.blocks))
		b.blockOf = map[Ref]int{}
		for i, lp := range b.blocks {
			for _, v := range lp.vars {
				b.blockOf[v.ref] = i
			}
		}
	}
	var touched []int
	for r := range want {
		if i, ok := b.blockOf[r]; ok && !slices.Contains(touched, i) {
			touched = append(touched, i)
		}
	}
	slices.Sort(touched) // auditBlocks' order: the sums add up in the same order
	for _, bi := range touched {
		lp := b.blocks[bi]
		if b.solved[bi] == nil {
			tb, err := newSimplex(lp.rows, lp.b, lp.n, lp.ub).crossover(lp.x0)
			if err != nil {
				return 0, 0, err
			}
			b.solved[bi] = tb
		}
		tb := b.solved[bi].copy()
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

// copy returns a simplex at s's basis and values that shares with s only what no pivot
// changes (the matrix and the right-hand side): solving one leaves the other as it was.
func (s *simplex) copy() *simplex {
	c := *s
	c.ub, c.x = slices.Clone(s.ub), slices.Clone(s.x)
	c.basis, c.pos = slices.Clone(s.basis), slices.Clone(s.pos)
	c.etaRow, c.etaPiv, c.etaOff = slices.Clone(s.etaRow), slices.Clone(s.etaPiv), slices.Clone(s.etaOff)
	c.etaIdx, c.etaVal = slices.Clone(s.etaIdx), slices.Clone(s.etaVal)
	c.etaFirst, c.etaLast = slices.Clone(s.etaFirst), slices.Clone(s.etaLast)
	c.etaNext, c.etaHeap = slices.Clone(s.etaNext), slices.Clone(s.etaHeap)
	c.work, c.wIdx, c.wMk = slices.Clone(s.work), slices.Clone(s.wIdx), slices.Clone(s.wMk)
	c.rho, c.rowv, c.rIdx, c.rMk = slices.Clone(s.rho), slices.Clone(s.rowv), slices.Clone(s.rIdx), slices.Clone(s.rMk)
	c.dBuf, c.wBuf = slices.Clone(s.dBuf), slices.Clone(s.wBuf)
	// The artificial columns' non-zeros: phase 1 may have turned one's sign (it is done then,
	// but a copy must not depend on that).
	c.cols = slices.Clone(s.cols)
	for j := s.n; j < len(c.cols); j++ {
		c.cols[j] = slices.Clone(s.cols[j])
	}
	return &c
}
