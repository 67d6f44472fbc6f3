package anonymize

import (
	"errors"
	"maps"
	"math"
	"slices"
)

// helpers returns the published counts whose withholding would widen the LP interval of the
// withheld count r at either end: the counts of the relations that the two LPs' optimal duals
// weigh (the bound on r is a combination of the relations, rho·b; a published count moves b),
// each in a direction its label allows once withheld (a complement is at least the threshold,
// so a count at the threshold cannot go lower). Complementary suppression picks among them,
// where a walk outwards through the relations picked counts that did not bear on r at all
// (at 3,000 synthetic cases with province × year, a redo withheld every province's last year,
// one after the other, for a province of one case that the gender margins pinned).
// The duals of a degenerate optimum are one certificate among several: a count not listed
// may also help, and one listed may stop helping once another route opens; the audit after
// each complement decides.
func (p Protection) helpers(ts []*CountTable, l Links, r Ref) ([]Ref, error) {
	return p.helpersTraced(ts, l, r, nil)
}

// helpersTraced is helpers, telling trace (when set) every published count the duals weigh
// at each end (dir 1: the lower end, -1: the upper), before the filter: g is dz/dv, canFall
// whether the count may go lower once withheld (above its complement's lower bound). A
// diagnosis of a count no helper reaches (the joint audit's loss of cases, Y3 backward).
func (p Protection) helpersTraced(ts []*CountTable, l Links, r Ref, trace func(dir float64, c Ref, g float64, canFall bool)) ([]Ref, error) {
	blocks := auditBlocks(ts, l, p.Threshold, p.MayBeZero, func(x Ref) bool { return x == r })
	if len(blocks) == 0 {
		return nil, nil
	}
	lp := blocks[0]
	i := -1
	for j, v := range lp.vars {
		if v.ref == r {
			i = j
		}
	}
	if i < 0 {
		return nil, nil
	}
	bl, err := p.lps.get(lp)
	if err != nil {
		return nil, err
	}
	tb := bl.tb
	cost := make([]float64, lp.n)
	seen := map[Ref]bool{}
	var out []Ref
	for _, dir := range []float64{1, -1} { // the lower end, then the upper end
		cost[i] = dir
		err := tb.optimizeTo(cost, lp.n, math.Inf(-1))
		if errors.Is(err, errUnbounded) {
			continue // that end is open already
		}
		if err != nil {
			return nil, err
		}
		bl.record()
		for k, j := range tb.basis {
			tb.rho[k] = 0
			if j < lp.n {
				tb.rho[k] = cost[j]
			}
		}
		tb.btran()
		// dz/dv for each published count v: b_k holds -sign·v.
		d := map[Ref]float64{}
		for k, terms := range lp.pubs {
			if y := tb.rho[k]; math.Abs(y) > 1e-9 {
				for _, t := range terms {
					d[t.r] -= y * t.sign
				}
			}
		}
		// In Ref order, not the map's: the first of equals by better is taken, and a release
		// must not depend on the run (two runs' patterns together gave withheld counts).
		for _, c := range slices.SortedFunc(maps.Keys(d), cmpRef) {
			g := d[c]
			v, _ := at(ts, c)
			lo := int64(p.Threshold)
			if p.MayBeZero[c] {
				lo = 0
			}
			if trace != nil {
				trace(dir, c, g, v > lo)
			}
			if seen[c] {
				continue
			}
			// The optimum (minimized) falls when v rises (g < 0, always possible) or falls
			// (g > 0, down to the complement's lower bound).
			if g < -1e-9 || g > 1e-9 && v > lo {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	cost[i] = 0
	return out, nil
}

// dualChoice is the count complementary suppression withholds for the exposed count r when
// the LP's duals point at one (helpers): the first by better among those not frozen.
func dualChoice(ts []*CountTable, l Links, p Protection, r Ref, frozen map[Ref]bool, better func(a, b Ref) bool) (Ref, bool) {
	cands, err := p.helpers(ts, l, r)
	if err != nil {
		return Ref{}, false // the walk through the relations decides instead
	}
	best, ok := Ref{}, false
	for _, c := range cands {
		if v, s := at(ts, c); s == Published && v != 0 && !frozen[c] && (!ok || better(c, best)) {
			best, ok = c, true
		}
	}
	return best, ok
}

// costly reports whether withholding r costs more than the count itself: a key margin (the
// map, the province figures), a key count of the publication (keep), or a count of a table
// whose rows carry estimates (the outcome curves: a withheld count takes the point's estimate
// with it, and a withheld number at risk every later point). For those, complementary
// suppression asks the walk through the relations first, whose ranking knows these costs.
func costly(ts []*CountTable, r Ref) bool {
	return keyMargin(ts, r) || keep(ts, r) || len(ts[r.T].Figures) > 0
}
