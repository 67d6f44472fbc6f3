package anonymize

import "math"

// A warm start for the joint audit's blocks across its rounds (issue 14; issue 16's joint
// audit). Every round of jointProtect withholds more counts of this release, which changes the
// joint block (both releases' withheld counts) and so its LP's content: lpCache.get found no
// block of that content and solved the new one from its first vertex again. The previous
// release's withheld counts are erased (not known), so the true counts are no point of the
// joint LP and that first vertex came from phase 1: thousands of pivots over the whole block
// in every round (a fifth of an 800-row re-release's tables stage, attack-2026-12-02g).
//
// Each block's simplex always sits at a vertex, a point of its LP; the blocks of one audit
// share no count and no relation, so their vertices together are a point of all of them. A
// round that withholds more only adds variables (each at its true count, within its bounds)
// and loosens bounds, so that point, with the newly withheld counts at their true values and
// each change at the difference of its two counts, is a point of the new block, and the
// crossover from it (one pivot at most per column) replaces phase 1. When it is no point (a
// count published again, printAgain's batches), the block starts as before.
//
// What this changes is only the vertex a new block starts from, and so the vertices visited:
// the verdicts do not depend on them (blockLP.interval stops at a vertex once a count's range
// is need wide, and otherwise solves both ends exactly), and the joint audit reads only the
// verdicts and the exact intervals of the counts narrower than they need (jointPrev.audit).
// Protect's own cache has no warm start: its blocks' inner intervals reach helpers' duals and
// dualChoice (issue-14-speed14.md).

// warmKey names a count of a cached block across audits for the warm start: key is the same
// count in every round's LP (a change is named by its count of this release, whose row in the
// changes' table moves between rounds), known whether its true count is a point of the LP
// (this release's counts; not the previous release's erased ones, nor the changes).
type warmKey func(r Ref) (key Ref, known bool)

// warmRecord keeps the current vertex of every block of the audit just made, by warmKey, in
// the original scale (x = y + lo).
func (c *lpCache) warmRecord(bls []*blockLP) {
	if c.warm == nil {
		return
	}
	if c.warmX == nil {
		c.warmX = map[Ref]float64{}
	}
	for _, bl := range bls {
		for i, v := range bl.lp.vars {
			k, _ := c.warm(v.ref)
			c.warmX[k] = bl.tb.x[i] + v.lo
		}
	}
}

// warmPoint returns a candidate point of lp made of the vertices warmRecord kept (nil when
// none of lp's counts was kept); get starts from it only when it holds, else from the true
// counts or phase 1, as without a warm start. Counts not kept take their true count when known; the others (a new
// change, a count of the previous release not seen) are solved from an equality that holds one
// of them alone; the slacks follow from their rows.
//
// truth: the counts whose true count is known take it even when kept (a second try, for a
// block where some counts are published again: printAgain's batches make them constants at
// their true counts, which the kept vertex may not hold).
func (c *lpCache) warmPoint(lp auditLP, truth bool) []float64 {
	if c == nil || c.warm == nil || len(c.warmX) == 0 {
		return nil
	}
	nv := len(lp.vars)
	x := make([]float64, lp.n)
	set := make([]bool, nv)
	any := false
	var open []int
	for i, v := range lp.vars {
		k, known := c.warm(v.ref)
		if val, ok := c.warmX[k]; ok && !(truth && known) {
			x[i], set[i], any = val-v.lo, true, true
		} else if known {
			x[i], set[i] = lp.x0[i], true
		} else {
			open = append(open, i)
		}
	}
	if !any {
		return nil
	}
	// Equalities (rows without a slack) holding one count not yet set: solve it. Repeat while
	// that sets one.
	for len(open) > 0 {
		progress := false
		for ri, row := range lp.rows {
			if len(row) == 0 || row[len(row)-1].i >= nv {
				continue
			}
			u, a, s := -1, 0.0, lp.b[ri]
			for _, e := range row {
				if set[e.i] {
					s -= e.v * x[e.i]
				} else if u < 0 {
					u, a = e.i, e.v
				} else {
					u = -2
					break
				}
			}
			if u >= 0 {
				x[u], set[u], progress = s/a, true, true
			}
		}
		if !progress {
			break
		}
		open = open[:0]
		for i := range set {
			if !set[i] {
				open = append(open, i)
			}
		}
	}
	for _, i := range open {
		x[i] = lp.x0[i]
	}
	for ri, row := range lp.rows {
		if len(row) > 0 && row[len(row)-1].i >= nv {
			s := lp.b[ri]
			for _, e := range row[:len(row)-1] {
				s -= e.v * x[e.i]
			}
			x[row[len(row)-1].i] = s
		}
	}
	// Vertices are within their bounds only to rounding: clamp what rounding put outside, and
	// let feasible (to 1e-9 and 1e-6) decide.
	for j := range x {
		if math.Abs(x[j]) < 1e-9 {
			x[j] = 0
		}
	}
	return x
}

// holds reports whether 0 <= x <= ub solves lp's rows, to simplex.feasible's rounding.
func (lp auditLP) holds(x []float64) bool {
	for j, v := range x {
		if v < -1e-9 || v > lp.ub[j]+1e-9 {
			return false
		}
	}
	for i, r := range lp.rows {
		v := 0.0
		for _, e := range r {
			v += e.v * x[e.i]
		}
		if math.Abs(v-lp.b[i]) > 1e-6 {
			return false
		}
	}
	return true
}

// jointWarmKey is the joint audit's warmKey: its tables are B's n tables, then A's, then the
// changes' table ct whose row k is the change of B's count chgOf[k].
func jointWarmKey(n, ct int, chgOf []Ref) warmKey {
	return func(r Ref) (Ref, bool) {
		switch {
		case r.T < n:
			return r, true
		case r.T == ct:
			b := chgOf[r.R]
			return Ref{-1 - b.T, b.R, b.C}, false
		}
		return r, false
	}
}
