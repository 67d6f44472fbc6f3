package anonymize

import (
	"math"
	"slices"
)

// nodeEval is what checking a lattice node yields.
type nodeEval struct {
	mOK      bool    // the monotone models hold within the suppression limit (used for tagging)
	pOK      bool    // all models hold within the suppression limit
	suppP    int64   // rows suppressed because their class violates a model
	value    float64 // metric value including suppression (meaningful when pOK)
	dmNoSupp float64 // sum of class sizes squared, suppression ignored
	classes  int     // released classes
}

// evaluate checks the privacy models on the classes of ct and computes the metric. When flags
// is non-nil it is set to, per entry of ct, whether the entry's class is suppressed.
func (p *problem) evaluate(ct *classTable, flags *[]bool) nodeEval {
	cfg := &p.cfg
	w := ct.width
	nE := ct.len()
	var classOf []int32
	var size []int64
	var gr *grouper // classes when a sensitive attribute is present
	if !p.sens {
		size = ct.counts
	} else {
		rad, space := p.radix(ct.levels)
		gr = newGrouper(rad, space, p.q, nE, nE)
		classOf = make([]int32, nE)
		for i := range nE {
			classOf[i] = gr.add(ct.codes[i*w:i*w+p.q], ct.counts[i])
		}
		size = gr.cnts
	}
	nC := len(size)
	violM := make([]bool, nC)
	violP := make([]bool, nC)
	for c, s := range size {
		if s < int64(cfg.K) {
			violM[c] = true
		}
	}
	var unique []bool // per class: its effective population count is 1 (uniqueness threshold)
	if cfg.KMap > 1 || cfg.PopulationUniqueness > 0 {
		// k-map is monotone like k-anonymity: merging classes sums their population counts.
		classCodes := ct.codes
		if p.sens {
			classCodes = gr.codes
		}
		if cfg.PopulationUniqueness > 0 {
			unique = make([]bool, nC)
		}
		for c, f := range p.popSizes(ct.levels, classCodes, nC) {
			if cfg.KMap > 1 && f < int64(cfg.KMap) {
				violM[c] = true
			}
			if unique != nil && f == 1 {
				unique[c] = true
			}
		}
	}
	if p.sens {
		// entries of each class, in entry order (counting sort by class)
		start := make([]int32, nC+1)
		for _, c := range classOf {
			start[c+1]++
		}
		for c := range nC {
			start[c+1] += start[c]
		}
		order := make([]int32, nE)
		fill := slices.Clone(start[:nC])
		for i, c := range classOf {
			order[fill[c]] = int32(i)
			fill[c]++
		}
		var vals []int32
		var cnts []int64
		for c := range nC {
			members := order[start[c]:start[c+1]]
			vals, cnts = vals[:0], cnts[:0]
			for _, e := range members {
				vals = append(vals, ct.codes[int(e)*w+p.q])
				cnts = append(cnts, ct.counts[e])
			}
			distinctOK, bad := p.sensitiveOK(vals, cnts, size[c])
			bad = !bad || !distinctOK
			// A class without a missing value that fails distinct l-diversity splits into parts
			// that fail it too; one with a missing value may leave a part of nothing recorded,
			// which passes (MissingSensitive).
			if !distinctOK && (p.sMiss < 0 || !slices.Contains(vals, p.sMiss)) {
				violM[c] = true
			}
			if bad && p.monoAll {
				violM[c] = true
			}
			violP[c] = bad
		}
	}
	var ev nodeEval
	var suppM int64
	var dmKept int64
	var dmAll int64
	var uniqM, uniqP int64 // population-unique records outside violM / violP classes
	for c, s := range size {
		violP[c] = violP[c] || violM[c]
		dmAll += s * s
		if violM[c] {
			suppM += s
		} else if unique != nil && unique[c] {
			uniqM += s
		}
		if violP[c] {
			ev.suppP += s
		} else {
			dmKept += s * s
			ev.classes++
			if unique != nil && unique[c] {
				uniqP += s
			}
		}
	}
	// The uniqueness threshold on the release (rows outside violP classes) is checked exactly
	// for pOK. For mOK it is relaxed so that it is implied by pOK and monotone: the rows of
	// violP \ violM classes (at most maxSupp-suppM of them) may each remove one unique, and the
	// released rows are at most n-suppM. See flash.go.
	n := int64(p.n)
	ev.mOK = suppM <= p.maxSupp && p.uniqueOK(uniqM+suppM-p.maxSupp, n-suppM)
	ev.pOK = ev.suppP <= p.maxSupp && p.uniqueOK(uniqP, n-ev.suppP)
	ev.dmNoSupp = float64(dmAll)
	if flags != nil {
		f := make([]bool, nE)
		for i := range f {
			if classOf == nil {
				f[i] = violP[i]
			} else {
				f[i] = violP[classOf[i]]
			}
		}
		*flags = f
	}
	switch cfg.Metric {
	case Discernibility:
		ev.value = float64(dmKept + ev.suppP*int64(p.n))
	default:
		pen := 0.0
		if ev.suppP > 0 {
			for i := range nE {
				c := int32(i)
				if classOf != nil {
					c = classOf[i]
				}
				if !violP[c] {
					continue
				}
				s := 0.0
				for d := range p.q {
					s += p.pen[d][ct.levels[d]][ct.codes[i*w+d]]
				}
				pen += float64(ct.counts[i]) * s
			}
		}
		ev.value = p.sepValue(ct.levels) + pen
	}
	return ev
}

// uniqueOK reports whether uniques population-unique records among released ones stay within
// the population-uniqueness threshold (always true when it is off).
func (p *problem) uniqueOK(uniques, released int64) bool {
	x := p.cfg.PopulationUniqueness
	return x <= 0 || float64(uniques) <= x*float64(released)
}

// MissingSensitive is the sensitive code of a row whose value was not recorded. Following
// sdcMicro, a missing value is not a sensitive value: it counts in its class's size (k) but not
// as one of the l distinct values, nor in the distributions of entropy and recursive (c,l)-
// diversity and t-closeness, which are those of the recorded values. A class {sexual, sexual,
// missing} is therefore 1-diverse: it discloses the form of everyone recorded. A class without
// any recorded value discloses no form: it meets every l (vacuously, as t-closeness puts it at
// distance 0), so a group whose value is missing by definition (the children at risk, with no
// form of exploitation) is released. ARX differs: it encodes a missing value as the value NULL,
// so its class {sexual, NULL} is 2-diverse and {NULL, NULL} is not; either way a missing value
// is not taken for a second form, and here nothing is claimed of a class holding none.
// Vacuous classes make distinct l-diversity non-monotone with suppression ({sexual, missing}
// fails, its part {missing} passes): evaluate keeps it monotone for classes without a missing
// value only.
const MissingSensitive int32 = -1

// sensitiveOK checks the sensitive-attribute models on one class whose distinct sensitive values
// are vals with counts cnts (size = their sum): distinctOK for distinct l-diversity (monotone with
// suppression on classes without a missing value), othersOK for entropy / recursive l-diversity
// and t-closeness. cnts may be reordered. The missing value (p.sMiss) is left out of every
// model; a class with no recorded value passes every one (MissingSensitive).
func (p *problem) sensitiveOK(vals []int32, cnts []int64, size int64) (distinctOK, othersOK bool) {
	cfg := &p.cfg
	distinctOK, othersOK = true, true
	if p.sMiss >= 0 {
		if i := slices.Index(vals, p.sMiss); i >= 0 {
			size -= cnts[i]
			vals = slices.Delete(slices.Clone(vals), i, i+1)
			cnts = slices.Delete(slices.Clone(cnts), i, i+1)
		}
	}
	s := float64(size)
	if cfg.L > 1 && len(vals) > 0 {
		switch cfg.Diversity {
		case DistinctDiversity:
			distinctOK = len(vals) >= cfg.L
		case EntropyDiversity:
			h := 0.0
			for _, c := range cnts {
				f := float64(c) / s
				h -= f * math.Log(f)
			}
			othersOK = h >= math.Log(float64(cfg.L))-1e-12
		case RecursiveDiversity:
			othersOK = recursiveOK(slices.Clone(cnts), cfg.L, cfg.C)
		}
	}
	if size == 0 {
		return distinctOK, othersOK // nothing recorded: no distribution to compare for t-closeness
	}
	if cfg.T > 0 && othersOK {
		var emd float64
		if cfg.SensitiveOrdered {
			if p.scratch == nil {
				p.scratch = make([]float64, p.sSize)
			}
			for i, v := range vals {
				p.scratch[v] += float64(cnts[i]) / s
			}
			m := len(p.sOrder)
			cum := 0.0
			for i := 0; i+1 < m; i++ {
				v := p.sOrder[i]
				cum += p.scratch[v] - p.sGlobal[v]
				emd += math.Abs(cum)
			}
			if m > 1 {
				emd /= float64(m - 1)
			}
			for _, v := range vals {
				p.scratch[v] = 0
			}
		} else {
			inQ := 0.0
			for i, v := range vals {
				emd += math.Abs(float64(cnts[i])/s - p.sGlobal[v])
				inQ += p.sGlobal[v]
			}
			emd = (emd + max(0, 1-inQ)) / 2
		}
		othersOK = emd <= cfg.T+1e-12
	}
	return distinctOK, othersOK
}

// recursiveOK reports whether counts (one per distinct sensitive value of a class) are
// recursive (c,l)-diverse: r1 < c·(r_l + … + r_m) with r sorted in decreasing order.
func recursiveOK(counts []int64, l int, c float64) bool {
	if len(counts) < l {
		return false
	}
	slices.SortFunc(counts, func(a, b int64) int { return int(b - a) })
	var tail int64
	for _, r := range counts[l-1:] {
		tail += r
	}
	return float64(counts[0]) < c*float64(tail)
}
