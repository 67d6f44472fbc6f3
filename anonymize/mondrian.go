package anonymize

import (
	"encoding/binary"
	"slices"
)

// Mondrian: strict multidimensional local recoding (LeFevre, DeWitt & Ramakrishnan 2006).
//
// The table (as its distinct leaf combinations) is split recursively. A partition is split on
// the quasi-identifier with the widest normalized range (range of leaf codes in the partition
// divided by the range in the whole table; ties go to the earlier hierarchy), at the median of
// the rows' leaf codes in the hierarchy's leaf order (file order for hierarchies read by
// ReadHierarchyCSV): codes ≤ median go left, the others right (strict partitioning: the two sides
// do not overlap). A split is allowed only when both sides satisfy every privacy model; when the
// dimension with the widest range cannot be split the next one is tried, and a partition that
// cannot be split on any dimension becomes a cell.
//
// A cell is released, per quasi-identifier, as the lowest common ancestor in the hierarchy of the
// leaf values it holds: the value at the lowest level at which all of them coincide ("*" if the
// hierarchy has no common root). Result.Labels holds these labels per row; the metric value uses
// the ancestor as the generalized value (Loss: its leaves; Entropy: its row count;
// Discernibility: cell sizes). Distinct cells may share labels and then form one published
// class, which only makes it larger (all models here are preserved by merging classes).
//
// With population counts, k-map applies to the region a cell is released as: the population
// count of a partition is the sum of the effective counts (max(sample, population), as for
// full-domain search) of the leaf combinations under its lowest common ancestors, and a split is
// allowed only when both sides reach KMap. A side's ancestors are descendants of the partition's,
// so its region is part of the partition's: the population entries are filtered down the
// recursion instead of being scanned for every partition. The population-uniqueness threshold
// caps the records in partitions of population count 1 (which hold one record): splitting only
// adds such records, so a split that would take them above the threshold (share of n) is not
// made. Cells with the same labels have the same region, hence the same population count.
//
// A Fixed hierarchy (one level: the trafficking status) is never generalized, as in full-domain
// search: the table is first split by its values, and Mondrian runs within each part. Otherwise
// Mondrian does not suppress: a part (the whole table when there is no such hierarchy) that
// violates a model is suppressed whole when the suppression limit allows it, otherwise
// ErrNoSolution is returned.

func (p *problem) mondrian() (*Result, error) {
	nE := p.base.len()
	all := make([]int32, nE)
	for i := range all {
		all[i] = int32(i)
	}
	res := &Result{Suppressed: make([]bool, p.n), Metric: p.cfg.Metric, Labels: make([][]string, p.q)}
	for q := range res.Labels {
		res.Labels[q] = make([]string, p.n)
	}
	if p.n == 0 {
		return res, nil
	}
	usePop := p.pop != nil && (p.cfg.KMap > 1 || p.cfg.PopulationUniqueness > 0)
	var rootPops []int32
	var rootF int64
	if usePop {
		rootPops = make([]int32, p.pop.len())
		for i := range rootPops {
			rootPops[i] = int32(i)
		}
		rootPops, rootF = p.regionPop(all, rootPops)
	}
	type pending struct {
		ents []int32
		pops []int32 // population entries in the partition's region (usePop only)
		f    int64   // population count of the region
	}
	// A Fixed hierarchy is never generalized (the trafficking status): the table is
	// split on it first, and a part that violates a model is suppressed whole, as full-domain
	// search suppresses its classes. Otherwise the one part is the table.
	var roots []pending
	for _, g := range p.fixedParts(all) {
		r := pending{ents: g, pops: rootPops, f: rootF}
		if usePop && len(g) < nE {
			r.pops, r.f = p.regionPop(g, rootPops)
		}
		roots = append(roots, r)
	}
	// uniques counts the records in partitions (pending or final) of population count 1.
	var uniques int64
	for _, r := range roots {
		if usePop {
			uniques += unit(r.f)
		}
	}
	var stack []pending
	var gone [][]int32 // parts suppressed whole
	var goneRows int64
	for i := len(roots) - 1; i >= 0; i-- { // the first part on top
		r := roots[i]
		if p.partitionOK(r.ents) && (!usePop || p.popOK(r.f, uniques)) {
			stack = append(stack, r)
			continue
		}
		gone = append(gone, r.ents)
		for _, e := range r.ents {
			goneRows += p.base.counts[e]
		}
		if usePop {
			uniques -= unit(r.f)
		}
	}
	if goneRows > p.maxSupp {
		return nil, ErrNoSolution
	}
	if len(stack) == 0 {
		for r := range p.n {
			res.Suppressed[r] = true
			for q := range p.q {
				res.Labels[q][r] = "*"
			}
		}
		res.Count = p.n
		res.Value = float64(int64(p.n) * int64(p.n))
		if p.cfg.Metric != Discernibility {
			res.Value = p.mondrianValue(p.cfg.Metric, []recoded{{}})
		}
		return res, nil
	}
	lo, hi := make([]int32, p.q), make([]int32, p.q)
	p.bounds(all, lo, hi)
	span := make([]float64, p.q)
	for q := range span {
		span[q] = float64(hi[q] - lo[q])
	}
	var cells [][]int32
	dims := make([]int, p.q)
	rng := make([]float64, p.q)
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		part := top.ents
		stack = stack[:len(stack)-1]
		p.bounds(part, lo, hi)
		dims = dims[:0]
		for q := range p.q {
			if hi[q] > lo[q] {
				rng[q] = float64(hi[q]-lo[q]) / span[q]
				dims = append(dims, q)
			}
		}
		slices.SortStableFunc(dims, func(a, b int) int {
			if rng[a] > rng[b] {
				return -1
			}
			if rng[a] < rng[b] {
				return 1
			}
			return 0
		})
		split := false
		for _, q := range dims {
			left, right := p.medianSplit(part, q)
			if left == nil || !p.partitionOK(left) || !p.partitionOK(right) {
				continue
			}
			l, r := pending{ents: left}, pending{ents: right}
			if usePop {
				l.pops, l.f = p.regionPop(left, top.pops)
				r.pops, r.f = p.regionPop(right, top.pops)
				u := uniques - unit(top.f) + unit(l.f) + unit(r.f)
				if !p.popOK(l.f, u) || !p.popOK(r.f, u) {
					continue
				}
				uniques = u
			}
			stack = append(stack, r, l) // left first
			split = true
			break
		}
		if !split {
			cells = append(cells, part)
		}
	}
	// labels per cell
	cellOf := make([]int32, nE)
	cellGen := make([][]gen, len(cells))
	for c, part := range cells {
		for _, e := range part {
			cellOf[e] = int32(c)
		}
		cellGen[c] = p.lca(part)
	}
	for _, part := range gone {
		for _, e := range part {
			cellOf[e] = -1
		}
	}
	for r, e := range p.rowEntry {
		if cellOf[e] < 0 {
			res.Suppressed[r] = true
			res.Count++
			for q := range p.q {
				res.Labels[q][r] = "*"
			}
			continue
		}
		for q, h := range p.t.Hierarchies {
			g := cellGen[cellOf[e]][q]
			if g.level < 0 {
				res.Labels[q][r] = "*"
			} else {
				res.Labels[q][r] = h.Labels[g.level][g.code]
			}
		}
	}
	res.Classes = len(cells)
	// metric
	if p.cfg.Metric == Discernibility {
		var dm int64
		for _, part := range cells {
			var s int64
			for _, e := range part {
				s += p.base.counts[e]
			}
			dm += s * s
		}
		res.Value = float64(dm + goneRows*int64(p.n)) // a suppressed row costs n, as in full-domain
	} else {
		rel := make([]recoded, len(cells), len(cells)+len(gone))
		for c, part := range cells {
			rel[c] = recoded{gen: cellGen[c], entries: part}
		}
		for _, part := range gone {
			rel = append(rel, recoded{entries: part}) // "*" throughout
		}
		res.Value = p.mondrianValue(p.cfg.Metric, rel)
	}
	return res, nil
}

// gen is a generalized value: a level and a code at it; level -1 means no common ancestor ("*").
type gen struct {
	level int
	code  int32
}

// lca returns, per hierarchy, the lowest common ancestor of the leaf values of part.
func (p *problem) lca(part []int32) []gen {
	w := p.width
	out := make([]gen, p.q)
	for q, h := range p.t.Hierarchies {
		g := gen{level: -1}
		for l := range p.nLev[q] {
			code := h.Up[l][p.base.codes[int(part[0])*w+q]]
			same := true
			for _, e := range part[1:] {
				if h.Up[l][p.base.codes[int(e)*w+q]] != code {
					same = false
					break
				}
			}
			if same {
				g = gen{l, code}
				break
			}
		}
		out[q] = g
	}
	return out
}

// regionPop returns the entries of p.pop, among within, that lie in the region of part (under
// its lowest common ancestors), and the sum of their effective population counts.
func (p *problem) regionPop(part []int32, within []int32) ([]int32, int64) {
	g := p.lca(part)
	var out []int32
	var f int64
	for _, i := range within {
		in := true
		for q, c := range p.pop.codes[int(i)*p.q : (int(i)+1)*p.q] {
			if g[q].code != p.genCode(q, g[q].level, c) {
				in = false
				break
			}
		}
		if in {
			out = append(out, i)
			f += p.pop.counts[i]
		}
	}
	return out, f
}

// genCode is the code of leaf at level of hierarchy q; 0 at level -1 (no common ancestor), where
// gen's code is 0 too, so that every leaf lies under it.
func (p *problem) genCode(q, level int, leaf int32) int32 {
	if level < 0 {
		return 0
	}
	return p.t.Hierarchies[q].Up[level][leaf]
}

// regionCounts returns the population count of each region (lowest common ancestors per
// hierarchy, as from lca): regionPop's count over all of p.pop, for many regions at once.
// Testing every region against every population entry would take regions × entries; regions at
// the same levels are disjoint, so per distinct level vector each entry is looked up once, by
// its codes at those levels.
func (p *problem) regionCounts(regions [][]gen) []int64 {
	out := make([]int64, len(regions))
	byLevels := map[string][]int{} // level vector -> its regions
	key := make([]byte, 0, 4*p.q)
	for r, g := range regions {
		key = key[:0]
		for _, x := range g {
			key = binary.LittleEndian.AppendUint32(key, uint32(x.level))
		}
		byLevels[string(key)] = append(byLevels[string(key)], r)
	}
	for _, group := range byLevels {
		levels := regions[group[0]]
		index := make(map[string]int, len(group))
		same := make([]int, len(group)) // the region of group[i] with the same codes
		for i, r := range group {
			key = key[:0]
			for _, x := range regions[r] {
				key = binary.LittleEndian.AppendUint32(key, uint32(x.code))
			}
			if j, ok := index[string(key)]; ok {
				same[i] = j
				continue
			}
			index[string(key)] = r
			same[i] = r
		}
		for i := range p.pop.len() {
			key = key[:0]
			for q, c := range p.pop.codes[i*p.q : (i+1)*p.q] {
				key = binary.LittleEndian.AppendUint32(key, uint32(p.genCode(q, levels[q].level, c)))
			}
			if r, ok := index[string(key)]; ok {
				out[r] += p.pop.counts[i]
			}
		}
		for i, r := range group {
			out[r] = out[same[i]]
		}
	}
	return out
}

// popOK reports whether a partition of population count f meets k-map, and whether uniques
// population-unique records among the n released meet the uniqueness threshold.
func (p *problem) popOK(f, uniques int64) bool {
	if p.cfg.KMap > 1 && f < int64(p.cfg.KMap) {
		return false
	}
	return p.uniqueOK(uniques, int64(p.n))
}

// unit is 1 for a population count of 1 (the partition's one record is population-unique).
func unit(f int64) int64 {
	if f == 1 {
		return 1
	}
	return 0
}

// recoded is a part of a locally recoded release: rows of base entries released with each
// hierarchy q generalized to gen[q]; gen nil means suppressed (every value generalized to the
// root). The rows are counts[i] of entries[i] (counts nil: all rows of the entry), or all rows
// of every entry when entries is nil.
type recoded struct {
	gen     []gen
	entries []int32
	counts  []int64
}

// mondrianValue computes Loss or Entropy of the rows in parts, each value charged for the
// ancestor it is released as: Loss (c-1)/(N-1) for an ancestor covering c of the N leaves,
// Entropy log2(rows under the ancestor / rows with the leaf), counted over the whole table; a
// suppressed value (or level -1, no common ancestor) as the root: Loss 1, Entropy log2(n / rows
// with the leaf).
func (p *problem) mondrianValue(metric Metric, parts []recoded) float64 {
	w := p.width
	n := float64(p.n)
	v := 0.0
	for q, h := range p.t.Hierarchies {
		leafCount := make([]int64, p.size[q][0])
		for e, c := range p.base.counts {
			leafCount[p.base.codes[e*w+q]] += c
		}
		under := make([][]int64, p.nLev[q]) // hierarchy leaves per code
		rows := make([][]int64, p.nLev[q])  // rows per code
		for l := range p.nLev[q] {
			under[l] = make([]int64, p.size[q][l])
			rows[l] = make([]int64, p.size[q][l])
			for leaf, c := range h.Up[l] {
				under[l][c]++
				rows[l][c] += leafCount[leaf]
			}
		}
		N := float64(p.size[q][0] - 1)
		s := 0.0
		for _, part := range parts {
			l, code := -1, int32(0)
			if part.gen != nil {
				l, code = part.gen[q].level, part.gen[q].code
			}
			cost := func(e int32) float64 {
				leaf := p.base.codes[int(e)*w+q]
				if metric == Loss {
					if l < 0 {
						return 1
					}
					if N > 0 {
						return float64(under[l][code]-1) / N
					}
					return 0
				}
				g := n
				if l >= 0 {
					g = float64(rows[l][code])
				}
				return log2(g / float64(leafCount[leaf]))
			}
			if part.entries == nil {
				for e, c := range p.base.counts {
					s += float64(c) * cost(int32(e))
				}
			}
			for i, e := range part.entries {
				c := p.base.counts[e]
				if part.counts != nil {
					c = part.counts[i]
				}
				s += float64(c) * cost(e)
			}
		}
		if metric == Loss {
			v += p.weights[q] * s / (n * float64(p.q))
		} else {
			v += p.weights[q] * s
		}
	}
	return v
}

// bounds sets lo and hi to the smallest and largest leaf code per hierarchy in part.
func (p *problem) bounds(part []int32, lo, hi []int32) {
	w := p.width
	for q := range p.q {
		lo[q], hi[q] = p.base.codes[int(part[0])*w+q], p.base.codes[int(part[0])*w+q]
	}
	for _, e := range part[1:] {
		for q := range p.q {
			c := p.base.codes[int(e)*w+q]
			lo[q] = min(lo[q], c)
			hi[q] = max(hi[q], c)
		}
	}
}

// medianSplit splits part on hierarchy q at the median leaf code (weighted by rows): codes up to
// the median go left. Returns nil, nil when no strict split exists.
func (p *problem) medianSplit(part []int32, q int) (left, right []int32) {
	w := p.width
	sorted := slices.Clone(part)
	slices.SortStableFunc(sorted, func(a, b int32) int {
		return int(p.base.codes[int(a)*w+q]) - int(p.base.codes[int(b)*w+q])
	})
	var total int64
	for _, e := range sorted {
		total += p.base.counts[e]
	}
	var cum int64
	median := p.base.codes[int(sorted[len(sorted)-1])*w+q]
	for _, e := range sorted {
		cum += p.base.counts[e]
		if 2*cum >= total {
			median = p.base.codes[int(e)*w+q]
			break
		}
	}
	if median == p.base.codes[int(sorted[len(sorted)-1])*w+q] {
		median-- // everything would go left: split below the largest value instead
	}
	cut, _ := slices.BinarySearchFunc(sorted, median+1, func(e int32, v int32) int {
		return int(p.base.codes[int(e)*w+q]) - int(v)
	})
	if cut == 0 || cut == len(sorted) {
		return nil, nil
	}
	return sorted[:cut], sorted[cut:]
}

// partitionOK reports whether the rows of part, as one class, satisfy every privacy model.
func (p *problem) partitionOK(part []int32) bool {
	var size int64
	for _, e := range part {
		size += p.base.counts[e]
	}
	if size < int64(p.cfg.K) {
		return false
	}
	if !p.sens {
		return true
	}
	w := p.width
	agg := map[int32]int64{}
	for _, e := range part {
		agg[p.base.codes[int(e)*w+p.q]] += p.base.counts[e]
	}
	vals := make([]int32, 0, len(agg))
	for v := range agg {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	cnts := make([]int64, len(vals))
	for i, v := range vals {
		cnts[i] = agg[v]
	}
	d, o := p.sensitiveOK(vals, cnts, size)
	return d && o
}

// fixedParts splits the entries all by their leaves of the Fixed hierarchies (never
// generalized), in order of first entry; all itself when there is none.
func (p *problem) fixedParts(all []int32) [][]int32 {
	var fixed []int
	for q := range p.q {
		if p.t.Hierarchies[q].Fixed && p.nLev[q] == 1 && p.size[q][0] > 1 {
			fixed = append(fixed, q)
		}
	}
	if len(fixed) == 0 {
		return [][]int32{all}
	}
	w := p.width
	idx := map[string]int{}
	var parts [][]int32
	key := make([]byte, 0, 4*len(fixed))
	for _, e := range all {
		key = key[:0]
		for _, q := range fixed {
			key = binary.LittleEndian.AppendUint32(key, uint32(p.base.codes[int(e)*w+q]))
		}
		i, ok := idx[string(key)]
		if !ok {
			i = len(parts)
			idx[string(key)] = i
			parts = append(parts, nil)
		}
		parts[i] = append(parts[i], e)
	}
	return parts
}
