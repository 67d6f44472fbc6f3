package anonymize

import (
	"container/heap"
	"fmt"
	"slices"
)

// Full-domain search.
//
// Phase 1 classifies every node of the lattice with Flash (Kohlmayer et al. 2012) under the
// monotone privacy predicate M: "the rows in classes that violate k-anonymity, k-map or distinct
// l-diversity number at most SuppressionLimit·n" (with the uniqueness threshold, below). M is
// monotone even with suppression (merging classes never turns a compliant class into a violating
// one: sizes, population counts and distinct values only add up; and violating rows stay the
// same rows or become compliant), so a node satisfying M tags all its generalizations, and a
// node failing it tags all its specializations, without checking them. When no row may be
// suppressed, entropy and recursive l-diversity and t-closeness are monotone too (entropy is
// concave and EMD is convex in the class distribution) and are part of M. With suppression they
// are not (merging a compliant class with a violating one can produce a violating class), so they
// are checked, like the metric, only on the candidates of phase 2.
//
// The population-uniqueness threshold (Config.PopulationUniqueness) is a property of the whole
// release: population-unique records (in classes whose population count is 1) may be at most a
// share x of the released records. Merging classes only adds population counts, so a record
// unique at a generalization is unique, alone in the same class, at every specialization: the
// unique records outside violM classes (uM; violM: classes violating a model of M) never
// increase under generalization, and the rows outside violM classes never decrease. With suppression the released rows are those
// outside the classes that violate any model (violP), not only the monotone ones (violM), so M
// holds the threshold in a relaxed form, uM + suppM - maxSupp ≤ x·(n - suppM) (suppM: rows in
// violM classes), which every node meeting the threshold exactly within the limit implies (the extra suppressed rows,
// at most maxSupp - suppM, remove at most as many uniques; at most n - suppM rows are released)
// and which is monotone (the left side shrinks, the right side grows). Unique records are never
// suppressed for the threshold; without suppression (maxSupp = 0) the relaxed form is exact.
//
// Phase 2 finds the optimum among the nodes satisfying M. Information loss is monotone under
// generalization only without suppression; with suppression it is not (a generalization may
// suppress fewer rows and lose less). So instead of taking the minimal nodes only, phase 2 uses
// a lower bound of each candidate's value that is exact without suppression: for Loss and
// Entropy the separable no-suppression value (suppression only adds cost); for Discernibility
// the exact value of checked nodes, otherwise the largest sum of squared class sizes of a checked
// specialization (monotone under merging) and k·n. Candidates are visited by increasing bound and
// evaluated exactly (classes rolled up from the cache) until the bound exceeds the best value;
// the result is the exact optimum, and without suppression no node beyond phase 1 is computed for
// Loss and Entropy. A candidate above a checked node that suppresses nothing suppresses nothing
// either, so its value is its bound and needs no classes. Result.Checked counts both phases.

// lattice indexes level vectors in mixed radix with the first hierarchy most significant, so
// index order is lexicographic order of level vectors.
type lattice struct {
	nLev   []int
	stride []int
	size   int
}

const maxLattice = 1 << 25

func newLattice(nLev []int) (*lattice, error) {
	lt := &lattice{nLev: nLev, stride: make([]int, len(nLev)), size: 1}
	for d := len(nLev) - 1; d >= 0; d-- {
		lt.stride[d] = lt.size
		lt.size *= nLev[d]
		if lt.size > maxLattice {
			return nil, fmt.Errorf("anonymize: generalization lattice has more than %d nodes", maxLattice)
		}
	}
	return lt, nil
}

func (lt *lattice) decode(id int, out []int) []int {
	out = out[:0]
	for d, s := range lt.stride {
		out = append(out, (id/s)%lt.nLev[d])
	}
	return out
}

type nodeHeap struct {
	ids  []int
	less func(a, b int) bool
}

func (h *nodeHeap) Len() int           { return len(h.ids) }
func (h *nodeHeap) Less(i, j int) bool { return h.less(h.ids[i], h.ids[j]) }
func (h *nodeHeap) Swap(i, j int)      { h.ids[i], h.ids[j] = h.ids[j], h.ids[i] }
func (h *nodeHeap) Push(x any)         { h.ids = append(h.ids, x.(int)) }
func (h *nodeHeap) Pop() any {
	x := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return x
}

const (
	untagged uint8 = iota
	tagOK
	tagFail
)

type flashState struct {
	p       *problem
	lt      *lattice
	tag     []uint8
	height  []int32
	rel     []float64 // sum of levels relative to hierarchy heights: the order within a height
	evals   map[int]nodeEval
	cache   []*classTable
	cached  int // entries the cache's tables have room for (base excluded; see held)
	budget  int
	checked int
	lv, lv2 []int
	stack   []int
	scratch groupScratch // the rollups' buffers, and the tables evicted from cache

	anchors  []*classTable // see anchorFor
	anchored int           // entries the anchors have room for
	single   [][]int       // single[d][l]: classes at the node of level l in dimension d alone
}

func (s *flashState) less(a, b int) bool {
	if s.height[a] != s.height[b] {
		return s.height[a] < s.height[b]
	}
	if s.rel[a] != s.rel[b] {
		return s.rel[a] < s.rel[b]
	}
	return a < b
}

// successors returns the direct generalizations of id in Flash order.
func (s *flashState) successors(id int, out []int) []int {
	out = out[:0]
	s.lv = s.lt.decode(id, s.lv)
	for d, l := range s.lv {
		if l+1 < s.lt.nLev[d] {
			out = append(out, id+s.lt.stride[d])
		}
	}
	slices.SortFunc(out, func(a, b int) int {
		if s.less(a, b) {
			return -1
		}
		if s.less(b, a) {
			return 1
		}
		return 0
	})
	return out
}

// classesAt computes the class table at levels, rolled up from the smallest cached table of a
// specialization (the base table of distinct leaf combinations at worst), or from an anchor
// (see anchorFor) when none is near.
func (s *flashState) classesAt(levels []int) *classTable {
	src := s.source(levels)
	if a := s.anchorFor(levels, src); a != nil {
		src = a
	}
	ct := s.p.rollupScratch(src, levels, nil, &s.scratch)
	s.checked++
	s.p.rolled += src.len()
	if ct.len() < s.p.base.len() {
		s.cache = append(s.cache, ct)
		s.cached += held(ct)
		for s.cached > s.budget && len(s.cache) > 1 {
			s.cached -= held(s.cache[0])
			s.scratch.recycle(s.cache[0])
			s.cache = s.cache[1:]
		}
	}
	return ct
}

// held is the memory a kept table holds, in entries: its capacity, not its length (a rollup's
// entries double when full, and a recycled buffer may be larger still), so that the budget
// bounds the search's heap: counted by length, the cache at 10M held ~340 MB more than its
// budget said once the entries doubled, over the run's 3 GiB limit (issue 14).
func held(ct *classTable) int { return cap(ct.counts) }

// cacheFloor is the least the search's cache, and as much its anchors, may hold, in bytes of
// entries. A budget of four times the base table bounds the heap at 10 M rows, where the run
// nears its 3 GiB soft limit (issue 14); a small base's budget held few tables once counted by
// capacity (held): on the 1 M synth folder (base 328,050 entries of 10 codes) the cache kept 4
// tables and the search rolled 101.6 M entries, against 87.0 M with this floor (88.6 M when the
// budget counted length). 10 M's base is larger, so its budget is unchanged.
const cacheFloor = 192 << 20

// cacheBudget is the entries the search's cache, and its anchors, may hold: four times the
// base table, and at least p.cacheFloor bytes of entries.
func (p *problem) cacheBudget() int {
	return max(4*p.base.len(), p.cacheFloor/(4*p.base.width+8))
}

// source returns the smallest table, cached or anchor, at a specialization of levels (the base
// table when none is).
func (s *flashState) source(levels []int) *classTable {
	src := s.p.base
	for _, c := range s.cache {
		if c.len() < src.len() && leq(c.levels, levels) {
			src = c
		}
	}
	for _, c := range s.anchors {
		if c.len() < src.len() && leq(c.levels, levels) {
			src = c
		}
	}
	return src
}

// anchorMin is the size of the base table from which the search keeps anchors.
const anchorMin = 1 << 15

// anchorFor returns, when src (the nearest table at a specialization of levels) is far from
// levels, an anchor: the table at the node that generalizes two dimensions of the base to their
// levels in levels, rolled up and kept, or nil. Flash checks many nodes above no checked node
// (on the 1M synth folder 373 of 1,334 rollups started from the base table, two thirds of the
// entries rolled) and the tables cached are seldom specializations of the next one; an anchor
// is below many of them. The pair is the one whose table is estimated smallest, from the
// sizes of the one-dimension generalizations (computed once, when the search first rolls from
// the base) as if the dimensions were independent; it is built when estimated at most half as
// large as src. Anchors are held apart from the cache, in a budget of their own. Only the
// tables' entry order depends on the source, so the search checks the same nodes and finds
// the same optimum (the penalty of a node's suppressed rows is summed in another order: last
// bits only, far below p.eps; apply rolls the result from the base).
func (s *flashState) anchorFor(levels []int, src *classTable) *classTable {
	p := s.p
	if p.base.len() < p.anchorMin || (s.single == nil && src != p.base) {
		return nil
	}
	if s.single == nil {
		s.single = make([][]int, p.q)
		lv := make([]int, p.q)
		for d := range p.q {
			s.single[d] = make([]int, p.nLev[d])
			s.single[d][0] = p.base.len()
			for l := 1; l < p.nLev[d]; l++ {
				lv[d] = l
				ct := p.rollupScratch(p.base, lv, nil, &s.scratch)
				s.single[d][l] = ct.len()
				s.scratch.recycle(ct)
			}
			lv[d] = 0
		}
	}
	bd, be, best := -1, -1, 0.0
	for d := range p.q {
		if levels[d] == 0 {
			continue
		}
		for e := d + 1; e < p.q; e++ {
			if levels[e] == 0 {
				continue
			}
			est := float64(s.single[d][levels[d]]) * float64(s.single[e][levels[e]]) / float64(p.base.len())
			if bd < 0 || est < best {
				bd, be, best = d, e, est
			}
		}
	}
	if bd < 0 || best >= 0.5*float64(src.len()) {
		return nil
	}
	lv := make([]int, p.q)
	lv[bd], lv[be] = levels[bd], levels[be]
	for _, a := range s.anchors {
		if slices.Equal(a.levels, lv) {
			return nil // source already found it, or it is no nearer than src
		}
	}
	a := p.rollupScratch(s.source(lv), lv, nil, &s.scratch)
	s.anchors = append(s.anchors, a)
	p.anchorsBuilt++
	s.anchored += held(a)
	for s.anchored > s.budget && len(s.anchors) > 1 {
		s.anchored -= held(s.anchors[0])
		s.scratch.recycle(s.anchors[0])
		s.anchors = s.anchors[1:]
	}
	return a
}

func leq(a, b []int) bool {
	for i := range a {
		if a[i] > b[i] {
			return false
		}
	}
	return true
}

func (s *flashState) check(id int) {
	levels := s.lt.decode(id, nil)
	ev := s.p.evaluate(s.classesAt(levels), nil)
	s.evals[id] = ev
	if ev.mOK {
		s.tagUp(id)
	} else {
		s.tagDown(id)
	}
}

func (s *flashState) tagUp(id int) {
	s.tag[id] = tagOK
	st := append(s.stack[:0], id)
	for len(st) > 0 {
		x := st[len(st)-1]
		st = st[:len(st)-1]
		lv := s.lt.decode(x, s.lv2)
		for d, l := range lv {
			if l+1 < s.lt.nLev[d] {
				y := x + s.lt.stride[d]
				if s.tag[y] != tagOK {
					s.tag[y] = tagOK
					st = append(st, y)
				}
			}
		}
		s.lv2 = lv
	}
	s.stack = st
}

func (s *flashState) tagDown(id int) {
	s.tag[id] = tagFail
	st := append(s.stack[:0], id)
	for len(st) > 0 {
		x := st[len(st)-1]
		st = st[:len(st)-1]
		lv := s.lt.decode(x, s.lv2)
		for d, l := range lv {
			if l > 0 {
				y := x - s.lt.stride[d]
				if s.tag[y] != tagFail {
					s.tag[y] = tagFail
					st = append(st, y)
				}
			}
		}
		s.lv2 = lv
	}
	s.stack = st
}

// findPath follows, from id, the first untagged successor in Flash order up to the top.
func (s *flashState) findPath(id int) []int {
	path := []int{id}
	var succ []int
	for {
		succ = s.successors(id, succ)
		next := -1
		for _, x := range succ {
			if s.tag[x] == untagged {
				next = x
				break
			}
		}
		if next < 0 {
			return path
		}
		path = append(path, next)
		id = next
	}
}

// checkPath binary-searches the path for its lowest node satisfying M; nodes found failing go
// to the heap so that their successors are explored.
func (s *flashState) checkPath(path []int, h *nodeHeap) {
	low, high := 0, len(path)-1
	for low <= high {
		mid := (low + high) / 2
		id := path[mid]
		if s.tag[id] == untagged {
			s.check(id)
		}
		if s.tag[id] == tagOK {
			high = mid - 1
		} else {
			heap.Push(h, id)
			low = mid + 1
		}
	}
}

func (p *problem) flash() (*Result, error) {
	lt, err := newLattice(p.nLev)
	if err != nil {
		return nil, err
	}
	N := lt.size
	defer func() { p.parts = partScratch{} }() // rollupParted's buffers: the search's only
	s := &flashState{p: p, lt: lt, tag: make([]uint8, N), height: make([]int32, N), rel: make([]float64, N),
		evals: make(map[int]nodeEval), budget: p.cacheBudget()}
	lv := make([]int, p.q)
	for id := range N {
		lv = lt.decode(id, lv)
		for d, l := range lv {
			s.height[id] += int32(l)
			if p.nLev[d] > 1 {
				s.rel[id] += float64(l) / float64(p.nLev[d]-1)
			}
		}
	}
	nodes := make([]int, N)
	for i := range nodes {
		nodes[i] = i
	}
	slices.SortFunc(nodes, func(a, b int) int {
		if s.less(a, b) {
			return -1
		}
		if s.less(b, a) {
			return 1
		}
		return 0
	})

	// Phase 1: Flash.
	h := &nodeHeap{less: s.less}
	var succ []int
	for _, id := range nodes {
		if s.tag[id] != untagged {
			continue
		}
		s.checkPath(s.findPath(id), h)
		for h.Len() > 0 {
			x := heap.Pop(h).(int)
			succ = s.successors(x, succ[:0])
			for _, y := range slices.Clone(succ) {
				if s.tag[y] == untagged {
					s.checkPath(s.findPath(y), h)
				}
			}
		}
	}

	// Phase 2: optimum among the nodes satisfying M.
	var dmLB []float64
	if p.cfg.Metric == Discernibility {
		dmLB = make([]float64, N)
		floor := float64(p.n)
		for id := range N { // predecessors have smaller indices
			if ev, ok := s.evals[id]; ok {
				dmLB[id] = ev.dmNoSupp
				continue
			}
			b := floor
			lv = lt.decode(id, lv)
			for d, l := range lv {
				if l > 0 {
					b = max(b, dmLB[id-lt.stride[d]])
				}
			}
			dmLB[id] = b
		}
	}
	// A generalization of a node where no class violates any model suppresses no row either
	// (merging compliant classes keeps them compliant under every model here), so its value is
	// exactly its no-suppression value: for Loss and Entropy, sep, known without computing classes.
	// It also meets the uniqueness threshold when the node does (fewer uniques, all n released).
	var noSupp []bool
	if p.cfg.Metric != Discernibility && !p.monoAll {
		noSupp = make([]bool, N)
		for id := range N {
			if ev, ok := s.evals[id]; ok && ev.suppP == 0 && ev.pOK {
				noSupp[id] = true
				continue
			}
			lv = lt.decode(id, lv)
			for d, l := range lv {
				if l > 0 && noSupp[id-lt.stride[d]] {
					noSupp[id] = true
					break
				}
			}
		}
	}
	type cand struct {
		id    int
		bound float64
	}
	var cands []cand
	kn := float64(min(p.cfg.K, p.n)) * float64(p.n)
	for _, id := range nodes {
		if s.tag[id] != tagOK {
			continue
		}
		var b float64
		if ev, ok := s.evals[id]; ok {
			if !ev.pOK {
				continue
			}
			b = ev.value
		} else if dmLB != nil {
			b = max(dmLB[id], kn)
		} else {
			b = p.sepValue(lt.decode(id, lv))
		}
		cands = append(cands, cand{id, b})
	}
	slices.SortStableFunc(cands, func(a, b cand) int { // nodes are already in height order
		if a.bound < b.bound {
			return -1
		}
		if a.bound > b.bound {
			return 1
		}
		return 0
	})
	best, bestVal := -1, 0.0
	for _, c := range cands {
		if best >= 0 && c.bound > bestVal+p.eps(bestVal) {
			break
		}
		ev, ok := s.evals[c.id]
		if !ok {
			if p.cfg.Metric != Discernibility && (p.monoAll || noSupp[c.id]) {
				ev = nodeEval{pOK: true, value: c.bound}
			} else {
				ev = p.evaluate(s.classesAt(lt.decode(c.id, lv)), nil)
				s.evals[c.id] = ev
			}
		}
		if !ev.pOK {
			continue
		}
		if best < 0 || p.better(ev.value, s.height[c.id], c.id, bestVal, s.height[best], best) {
			best, bestVal = c.id, ev.value
		}
	}
	if best < 0 {
		return nil, ErrNoSolution
	}
	res := p.apply(lt.decode(best, nil))
	res.Checked = s.checked
	res.Lattice = N
	return res, nil
}

// better reports whether node a (value va, height ha, index ia) beats node b: lower value (within
// eps), then lower height, then lexicographically smaller levels (lower index).
func (p *problem) better(va float64, ha int32, ia int, vb float64, hb int32, ib int) bool {
	e := p.eps(max(abs(va), abs(vb)))
	if va < vb-e {
		return true
	}
	if va > vb+e {
		return false
	}
	if ha != hb {
		return ha < hb
	}
	return ia < ib
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// apply computes the release at levels: suppressed rows, metric value and class count.
func (p *problem) apply(levels []int) *Result {
	assign := make([]int32, p.base.len())
	ct := p.rollup(p.base, levels, assign)
	var flags []bool
	ev := p.evaluate(ct, &flags)
	res := &Result{Levels: levels, Suppressed: make([]bool, p.n), Metric: p.cfg.Metric, Value: ev.value, Classes: ev.classes}
	for r, e := range p.rowEntry {
		if flags[assign[e]] {
			res.Suppressed[r] = true
			res.Count++
		}
	}
	return res
}
