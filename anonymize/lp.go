package anonymize

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
)

// The exact audit: for every protected count, the interval an attacker can place it in by
// linear programming over everything published (every published count is a constant, every
// withheld count a variable within what its label says, every relation between counts a
// constraint). The relations split the withheld counts into blocks that share no relation
// (published totals cut the tables apart), and each block is one small LP whose matrix is built
// once and solved twice per protected count in it (a warm-started simplex, simplex.go).

// Interval is what an attacker knows of a count: Lo <= count <= Hi (Hi is +Inf when unbounded).
type Interval struct{ Lo, Hi float64 }

// Width is Hi - Lo.
func (i Interval) Width() float64 { return i.Hi - i.Lo }

// Audit is the account of an exact audit.
type AuditReport struct {
	// Protected are the counts that keep the protection range (primary, hidden small, guarded,
	// and hidden counts at stake whose interval reaches 1..Threshold-1): Audit's account; the
	// changes it audits are not among them. lpAudit's own account counts every count asked for.
	Protected int `json:"protected_counts"`
	Blocks    int `json:"blocks"`          // independent blocks of withheld counts
	Largest   int `json:"largest_block"`   // withheld counts in the largest block
	LPs       int `json:"linear_programs"` // LPs solved
	// Narrowest is the narrowest interval width of a protected count (-1 when none).
	Narrowest float64 `json:"narrowest_width"`
}

type lpVar struct {
	ref    Ref
	lo, hi float64
}

// aBound is the interval a withheld count lies in a priori, from its label (and, for a
// withheld count whose previous release's count was small, from that: it may now be 0).
func aBound(ts []*CountTable, r Ref, threshold int, zero map[Ref]bool) (float64, float64) {
	switch _, s := at(ts, r); s {
	case Primary:
		return 1, float64(threshold - 1)
	case Secondary:
		if zero[r] {
			return 0, math.Inf(1)
		}
		// Complementary counts are never zero nor small: those are published as 0 and <threshold.
		return float64(threshold), math.Inf(1)
	}
	return 0, math.Inf(1)
}

// auditLP is one block's linear program, over y = x - lo of its withheld counts x: the
// relations as sparse rows A y = b (an inequality with a slack column of its own, after the
// counts), 0 <= y <= ub, and the true counts (erased ones: 0) as a point x0.
type auditLP struct {
	vars []lpVar
	rows [][]nz
	b    []float64
	n    int // columns: len(vars), then the slacks
	ub   []float64
	x0   []float64
	// pubs holds, per row, the published counts of its relation with their sign (+1: the
	// relation's left side): b falls by sign for each one more of such a count (complement's
	// choice of a count to withhold reads it, sdcdual.go).
	pubs [][]pubTerm
}

// pubTerm is a published count of a relation, with its side (+1 left, -1 right).
type pubTerm struct {
	r    Ref
	sign float64
}

// auditBlocks splits the withheld counts of ts into blocks that share no relation (published
// counts are constants) and states the LP of every block that holds a count for which want is
// true, in a fixed order.
func auditBlocks(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool) []auditLP {
	// Relations as rows: coefficient per withheld count, constant from published counts.
	type term struct {
		r Ref
		a float64
	}
	type rel struct {
		terms []term
		c     float64 // sum(terms) + c = 0 (eq) or <= 0 (le)
		eq    bool
		pub   []pubTerm
	}
	// Most relations hold published counts only (constants): they are passed over before any
	// allocation, and the others' terms are counted first and share three arrays of that
	// size (a relation's own slices, grown term by term, were most of auditBlocks'
	// allocations, which complementary suppression repeats after every complement).
	var nr, nt, np int
	count := func(rs []Ref) (w bool) {
		for _, r := range rs {
			if v, s := at(ts, r); s != Published {
				nt++
				w = true
			} else if v != 0 {
				np++
			}
		}
		return w
	}
	for _, e := range l.Eqs {
		t, p := nt, np
		if a, b := count(e.Plus), count(e.Minus); a || b {
			nr++
		} else {
			nt, np = t, p
		}
	}
	for _, e := range l.Les {
		t, p := nt, np
		if a, b := count(e.Small), count(e.Large); a || b {
			nr++
		} else {
			nt, np = t, p
		}
	}
	rels := make([]rel, 0, nr)
	terms := make([]term, 0, nt)
	pubs := make([]pubTerm, 0, np)
	withheld := func(rs []Ref) bool {
		return slices.ContainsFunc(rs, func(r Ref) bool { _, s := at(ts, r); return s != Published })
	}
	mk := func(plus, minus []Ref, eq bool) {
		if !withheld(plus) && !withheld(minus) {
			return // published counts only: a constant
		}
		t0, p0 := len(terms), len(pubs)
		x := rel{eq: eq}
		add := func(rs []Ref, sign float64) {
			for _, r := range rs {
				v, s := at(ts, r)
				if s == Published {
					x.c += sign * float64(v) // the true count: with rounding, an attacker who knew it exactly
					if v != 0 {
						pubs = append(pubs, pubTerm{r, sign})
					}
				} else {
					terms = append(terms, term{r, sign})
				}
			}
		}
		add(plus, 1)
		add(minus, -1)
		// Full slice expressions: no relation's part can be appended into.
		x.terms = terms[t0:len(terms):len(terms)]
		if len(pubs) > p0 {
			x.pub = pubs[p0:len(pubs):len(pubs)]
		}
		rels = append(rels, x)
	}
	for _, e := range l.Eqs {
		mk(e.Plus, e.Minus, true)
	}
	for _, e := range l.Les {
		mk(e.Small, e.Large, false)
	}
	// Blocks: union-find over withheld counts sharing a relation. Over the cells' indices in
	// ts (a row's cells from start[table][row], in Ref order): a map keyed by Ref (refUnion)
	// was half of auditBlocks' time, which complementary suppression calls after every
	// complement. The same joins in the same order as refUnion's, so the same roots and blocks
	// (TestAuditBlocksUnion).
	start := make([][]int32, len(ts))
	nc := int32(0)
	for ti, t := range ts {
		start[ti] = make([]int32, len(t.Rows))
		for ri, row := range t.Rows {
			start[ti][ri] = nc
			nc += int32(len(row.State))
		}
	}
	cell := func(r Ref) int32 { return start[r.T][r.R] + int32(r.C) }
	parent := make([]int32, nc)
	for i := range parent {
		parent[i] = -1 // not seen: its own root when found
	}
	var find func(x int32) int32
	find = func(x int32) int32 {
		p := parent[x]
		if p < 0 || p == x {
			parent[x] = x
			return x
		}
		root := find(p)
		parent[x] = root
		return root
	}
	for _, x := range rels {
		a := find(cell(x.terms[0].r))
		for _, t := range x.terms[1:] {
			if b := find(cell(t.r)); b != a {
				parent[b] = a
			}
		}
	}
	blockRels := map[int32][]int{}
	for i, x := range rels {
		root := find(cell(x.terms[0].r))
		blockRels[root] = append(blockRels[root], i)
	}
	blockVars := map[int32][]Ref{}
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				if s == Published {
					continue
				}
				r := Ref{ti, ri, ci}
				root := find(cell(r))
				blockVars[root] = append(blockVars[root], r)
			}
		}
	}
	roots := make([]int32, 0, len(blockVars))
	for root := range blockVars {
		roots = append(roots, root)
	}
	slices.Sort(roots) // Ref order
	var out []auditLP
	// idx: each withheld count's column in its block's LP, by cell index (each cell is in one
	// block; a map keyed by Ref per block was a fifth of auditBlocks' time).
	idx := make([]int32, nc)
	for _, root := range roots {
		vars := blockVars[root]
		if !slices.ContainsFunc(vars, want) {
			continue
		}
		vs := make([]lpVar, len(vars))
		for i, r := range vars {
			idx[cell(r)] = int32(i)
			lo, hi := aBound(ts, r, threshold, zero)
			vs[i] = lpVar{r, lo, hi}
		}
		nv := len(vars)
		n := nv
		for _, ri := range blockRels[root] {
			if !rels[ri].eq {
				n++
			}
		}
		lp := auditLP{vars: vs, n: n, ub: make([]float64, n), x0: make([]float64, n)}
		if nr := len(blockRels[root]); nr > 0 {
			lp.rows, lp.b, lp.pubs = make([][]nz, 0, nr), make([]float64, 0, nr), make([][]pubTerm, 0, nr)
		}
		slack := nv
		for _, ri := range blockRels[root] {
			x := rels[ri]
			row := make([]nz, 0, len(x.terms)+1)
			rhs := -x.c
			for _, t := range x.terms {
				j := int(idx[cell(t.r)])
				rhs -= t.a * vs[j].lo // shift to y = x - lo
				row = append(row, nz{j, t.a})
			}
			// A count twice in a relation has one coefficient.
			slices.SortFunc(row, func(a, b nz) int { return a.i - b.i })
			k := 0
			for _, e := range row {
				if k > 0 && row[k-1].i == e.i {
					row[k-1].v += e.v
				} else {
					row[k] = e
					k++
				}
			}
			row = slices.DeleteFunc(row[:k], func(e nz) bool { return e.v == 0 })
			if !x.eq {
				row = append(row, nz{slack, 1})
				slack++
			}
			lp.rows, lp.b, lp.pubs = append(lp.rows, row), append(lp.b, rhs), append(lp.pubs, x.pub)
		}
		// The upper bounds of "<10" counts are bounds of their columns (no row).
		for i := range lp.ub {
			lp.ub[i] = math.Inf(1)
		}
		for i, v := range vs {
			lp.ub[i] = v.hi - v.lo
			c, _ := at(ts, v.ref)
			lp.x0[i] = float64(c) - v.lo
		}
		for i, row := range lp.rows {
			if len(row) > 0 && row[len(row)-1].i >= nv {
				s := lp.b[i]
				for _, e := range row[:len(row)-1] {
					s -= e.v * lp.x0[e.i]
				}
				lp.x0[row[len(row)-1].i] = s
			}
		}
		out = append(out, lp)
	}
	return out
}

// lpAudit returns, for every count for which want is true, its LP interval, and the account.
// When enough is not nil, a count whose interval is at least enough(r) wide may be given an
// interval inside its LP interval that is at least that wide (see below); the others' are exact.
func lpAudit(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool, enough func(Ref) float64) (map[Ref]Interval, AuditReport, error) {
	return (*lpCache)(nil).audit(ts, l, threshold, zero, want, enough)
}

// lpCache keeps the blocks' LPs between the audits of one protection (Protect audits again
// after every complementary suppression, and one suppression changes one block at most): the
// simplex at its last vertex, the range each count took over the vertices seen, and the ends
// solved exactly, keyed by the LP's content. An entry unused for cacheAge audits is dropped.
type lpCache struct {
	gen    int
	blocks map[uint64][]*blockLP
	used   []cachedInterval // what the last audit asked of its blocks
	last   *lastAudit       // Audit's last call, while no audit followed it
	ctx    context.Context  // when set, audit stops between LPs once it is cancelled
	// warm, when set, starts a block not in the cache from the vertices of the last audit's
	// blocks (warmX, lpwarm.go) when they make a point of it: the joint audit's only.
	warm   warmKey
	warmX  map[Ref]float64
	warmed *int // when not nil, counts the blocks started warm (tests)
}

// cachedInterval is one count's interval an audit asked a block for.
type cachedInterval struct {
	bl   *blockLP
	i    int
	need float64
}

// lastAudit is what Audit's call on the cache saw (remember): the tables and their states, the
// sizes of the protection's maps its wanted counts follow from, the blocks' intervals it asked
// for, and the protection range and threshold.
type lastAudit struct {
	tables    []*CountTable
	states    []State
	maps      [3]int
	intervals []cachedInterval
	width     int64
	threshold int
}

const cacheAge = 4

func newLPCache() *lpCache { return &lpCache{blocks: map[uint64][]*blockLP{}} }

// blockLP is one block's LP and what is known of its counts (over y = x - lo).
type blockLP struct {
	lp     auditLP
	tb     *simplex
	cost   []float64
	seen   []Interval // each count's range over the vertices seen: inside its interval
	lo, hi []float64  // the ends solved exactly (NaN: not yet)
	used   int
}

// audit is lpAudit with the blocks kept in c (nil: none kept).
func (c *lpCache) audit(ts []*CountTable, l Links, threshold int, zero map[Ref]bool, want func(Ref) bool, enough func(Ref) float64) (map[Ref]Interval, AuditReport, error) {
	rep := AuditReport{Narrowest: -1}
	out := map[Ref]Interval{}
	if c != nil {
		c.gen++
		defer c.evict()
		c.used, c.last = c.used[:0], nil
	}
	var bls []*blockLP // the blocks of this audit, for the warm start (warm set only)
	for _, lp := range auditBlocks(ts, l, threshold, zero, want) {
		rep.Blocks++
		rep.Largest = max(rep.Largest, len(lp.vars))
		bl, err := c.get(lp)
		if err != nil {
			return nil, rep, err
		}
		if c != nil && c.warm != nil {
			bls = append(bls, bl)
		}

		for i, v := range lp.vars {
			if !want(v.ref) {
				continue
			}
			need := 0.0
			if enough != nil {
				need = enough(v.ref)
			}
			if c != nil {
				c.used = append(c.used, cachedInterval{bl, i, need})
			}
			if c != nil && c.ctx != nil && c.ctx.Err() != nil {
				return nil, rep, fmt.Errorf("anonymize: protecting the tables: %w", c.ctx.Err())
			}
			iv, lps, err := bl.interval(i, need)
			rep.LPs += lps
			if err != nil {
				return nil, rep, err
			}
			iv = Interval{v.lo + iv.Lo, v.lo + iv.Hi}
			out[v.ref] = iv
			rep.Protected++
			if rep.Narrowest < 0 || iv.Width() < rep.Narrowest {
				rep.Narrowest = iv.Width()
			}
		}
	}
	if c != nil {
		c.warmRecord(bls)
	}
	return out, rep, nil
}

// get returns the block of lp: kept in c, or solved from its crossover (phase 1 when its true
// counts are not a point of it: a release read back has them erased).
func (c *lpCache) get(lp auditLP) (*blockLP, error) {
	var key uint64
	if c != nil {
		key = lp.hash()
		for _, bl := range c.blocks[key] {
			if bl.lp.same(lp) {
				bl.used = c.gen
				return bl, nil
			}
		}
	}
	// The joint audit's warm start (lpwarm.go): from the last audit's vertices when they are a
	// point of this block.
	start := lp.x0
	warm := c.warmPoint(lp, false)
	if warm != nil && !lp.holds(warm) {
		warm = c.warmPoint(lp, true)
	}
	if warm != nil && lp.holds(warm) {
		start = warm
		if c.warmed != nil {
			*c.warmed++
		}
	} else {
		warm = nil
	}
	tb, err := newSimplex(lp.rows, lp.b, lp.n, lp.ub).crossover(start)
	if err != nil {
		return nil, err
	}
	nv := len(lp.vars)
	bl := &blockLP{lp: lp, tb: tb, cost: make([]float64, lp.n), seen: make([]Interval, nv),
		lo: make([]float64, nv), hi: make([]float64, nv)}
	// The true counts are a point seen only when they are a point: a release read back has
	// them erased (0, below a "<10" count's lower bound), and counting them would widen what
	// the vertices span (check accepted a forgery that pinned a "<10" count so).
	x0ok := tb.feasible(lp.x0)
	for i := range bl.seen {
		bl.seen[i] = Interval{math.Inf(1), math.Inf(-1)}
		if x0ok {
			bl.seen[i] = Interval{lp.x0[i], lp.x0[i]}
		}
		if warm != nil {
			bl.seen[i] = Interval{min(bl.seen[i].Lo, warm[i]), max(bl.seen[i].Hi, warm[i])}
		}
		bl.lo[i], bl.hi[i] = math.NaN(), math.NaN()
	}
	bl.record()
	if c != nil {
		bl.used = c.gen
		c.blocks[key] = append(c.blocks[key], bl)
	}
	return bl, nil
}

// remember marks the cache's last audit as Audit's audit of ts under p, one that found every
// protected count at least its range wide.
func (c *lpCache) remember(ts []*CountTable, p Protection) {
	if c == nil {
		return
	}
	c.last = &lastAudit{tables: slices.Clone(ts), states: snapshotStates(ts), maps: [3]int{len(p.Guarded), len(p.Before), len(p.MayBeZero)},
		intervals: slices.Clone(c.used), width: p.width(), threshold: p.Threshold}
}

// repeatAudit stands for Audit(ts, l, p) run again right after the remembered one, when every
// protected count was at least its need wide and the audit would solve no LP: it leaves the
// cache exactly as that audit would (a new generation, the same blocks marked used, the same
// eviction) and reports true. Otherwise it changes nothing and reports false. (Audit's wanted
// counts and blocks follow from the states, the tables and the protection's maps; the LPs,
// from the blocks' cached ends and seen ranges: interval's tests without an LP.)
func (c *lpCache) repeatAudit(ts []*CountTable, p Protection) bool {
	if c == nil || c.last == nil {
		return false
	}
	a := c.last
	if a.width != p.width() || a.threshold != p.Threshold ||
		a.maps != [3]int{len(p.Guarded), len(p.Before), len(p.MayBeZero)} || !slices.Equal(a.tables, ts) {
		return false
	}
	if !sameStates(ts, a.states) {
		return false
	}
	for _, x := range a.intervals {
		if !x.bl.cached(x.i, x.need) {
			return false
		}
	}
	c.gen++
	for _, x := range a.intervals {
		x.bl.used = c.gen
	}
	c.evict()
	c.used = append(c.used[:0], a.intervals...)
	return true
}

// snapshotStates returns the states of every count of ts, table by table, row by row.
func snapshotStates(ts []*CountTable) []State {
	var out []State
	for _, t := range ts {
		for _, row := range t.Rows {
			out = append(out, row.State...)
		}
	}
	return out
}

// sameStates reports whether ts's states are states (snapshotStates).
func sameStates(ts []*CountTable, states []State) bool {
	k := 0
	for _, t := range ts {
		for _, row := range t.Rows {
			if k+len(row.State) > len(states) || !slices.Equal(row.State, states[k:k+len(row.State)]) {
				return false
			}
			k += len(row.State)
		}
	}
	return k == len(states)
}

// cached reports whether interval(i, need) would return from what the block knows, with no LP.
func (bl *blockLP) cached(i int, need float64) bool {
	if need > 0 && bl.seen[i].Width() >= need-1e-6 {
		return true
	}
	lo := bl.lo[i]
	if math.IsNaN(lo) {
		return false
	}
	if need > 0 && roundNear(bl.seen[i].Hi)-lo >= need-1e-6 {
		return true
	}
	return !math.IsNaN(bl.hi[i])
}

// evict drops the blocks unused for cacheAge audits.
func (c *lpCache) evict() {
	for k, bls := range c.blocks {
		bls = slices.DeleteFunc(bls, func(bl *blockLP) bool { return bl.used < c.gen-cacheAge })
		if len(bls) == 0 {
			delete(c.blocks, k)
		} else {
			c.blocks[k] = bls
		}
	}
}

// record widens every count's seen range to the current vertex.
func (bl *blockLP) record() {
	for i := range bl.seen {
		v := bl.tb.x[i]
		bl.seen[i] = Interval{min(bl.seen[i].Lo, v), max(bl.seen[i].Hi, v)}
	}
}

// interval returns count i's interval over y, and how many LPs it solved. Every vertex the
// simplex stops at is a feasible point, so the range of a count's values over the points seen
// so far is inside its interval: a count whose range is already need wide (need > 0) asks for
// no LP (the audit needs to know that the interval is at least that wide, not how wide), and
// each LP may stop at the first vertex that takes the range to need (optimizeTo); the
// interval is then an inner one at least need wide. With need 0, both ends are exact.
func (bl *blockLP) interval(i int, need float64) (Interval, int, error) {
	round := func(x Interval) Interval { return Interval{roundNear(x.Lo), roundNear(x.Hi)} }
	if need > 0 && bl.seen[i].Width() >= need-1e-6 {
		return round(bl.seen[i]), 0, nil
	}
	tb, n, lps := bl.tb, bl.lp.n, 0
	defer func() { bl.cost[i] = 0 }()
	lo := bl.lo[i]
	if math.IsNaN(lo) {
		stop := math.Inf(-1)
		if need > 0 {
			stop = bl.seen[i].Hi - need + 1e-7
		}
		bl.cost[i] = 1
		if err := tb.optimizeTo(bl.cost, n, stop); err != nil {
			return Interval{}, lps + 1, err
		}
		lps++
		lo = roundNear(tb.x[i])
		if !tb.stopped {
			bl.lo[i] = lo
		}
		bl.record()
	}
	if need > 0 && roundNear(bl.seen[i].Hi)-lo >= need-1e-6 {
		return Interval{lo, roundNear(bl.seen[i].Hi)}, lps, nil
	}
	hi := bl.hi[i]
	if math.IsNaN(hi) {
		stop := math.Inf(-1)
		if need > 0 {
			stop = -(lo + need - 1e-7)
		}
		bl.cost[i] = -1
		lps++
		switch err := tb.optimizeTo(bl.cost, n, stop); {
		case errors.Is(err, errUnbounded):
			// An unbounded ray leaves the basis where it was: still feasible.
			hi = math.Inf(1)
			bl.hi[i] = hi
		case err != nil:
			return Interval{}, lps, err
		default:
			hi = roundNear(tb.x[i])
			if !tb.stopped {
				bl.hi[i] = hi
			}
			bl.record()
		}
	}
	return Interval{lo, hi}, lps, nil
}

// hash is a digest of the LP's content (its counts, rows, right-hand side and bounds).
func (lp auditLP) hash() uint64 {
	h := fnv.New64a()
	var buf [8]byte
	put := func(v uint64) {
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	for _, v := range lp.vars {
		put(uint64(v.ref.T)<<40 ^ uint64(v.ref.R)<<16 ^ uint64(v.ref.C))
		put(math.Float64bits(v.lo))
		put(math.Float64bits(v.hi))
	}
	for i, r := range lp.rows {
		put(math.Float64bits(lp.b[i]))
		for _, e := range r {
			put(uint64(e.i))
			put(math.Float64bits(e.v))
		}
	}
	return h.Sum64()
}

// same reports whether two LPs are the same (the counts, rows, right-hand side and bounds;
// the point x0 follows from the counts).
func (lp auditLP) same(o auditLP) bool {
	return lp.n == o.n && slices.Equal(lp.vars, o.vars) && slices.Equal(lp.b, o.b) &&
		slices.EqualFunc(lp.rows, o.rows, slices.Equal) && slices.Equal(lp.x0, o.x0)
}

// roundNear rounds an optimum to the nearest integer when within 1e-6 of it (the data are
// integers; the simplex is in floating point).
func roundNear(f float64) float64 {
	if r := math.Round(f); math.Abs(f-r) < 1e-6 {
		return r
	}
	return f
}

// independentRows keeps a maximal set of linearly independent rows of A (the relations of
// tables with margins repeat each other; the simplex needs full row rank). Dropped rows are
// combinations of kept ones and, as the true counts satisfy them all, consistent.
func independentRows(A [][]float64, b []float64) ([][]float64, []float64) {
	if len(A) == 0 {
		return nil, nil
	}
	n := len(A[0])
	var basis [][]float64 // reduced rows, each with its pivot
	var pivots []int
	var keptA [][]float64
	var keptB []float64
	for i, r := range A {
		v := slices.Clone(r)
		for k, p := range pivots {
			if f := v[p]; f != 0 {
				for j := range v {
					v[j] -= f * basis[k][j]
				}
			}
		}
		p, best := -1, 1e-9
		for j := 0; j < n; j++ {
			if a := math.Abs(v[j]); a > best {
				p, best = j, a
			}
		}
		if p < 0 {
			continue
		}
		f := v[p]
		for j := range v {
			v[j] /= f
		}
		// Keep earlier basis rows reduced in column p.
		for k := range basis {
			if g := basis[k][p]; g != 0 {
				for j := range basis[k] {
					basis[k][j] -= g * v[j]
				}
			}
		}
		basis = append(basis, v)
		pivots = append(pivots, p)
		keptA, keptB = append(keptA, r), append(keptB, b[i])
	}
	return keptA, keptB
}

func cmpRef(a, b Ref) int {
	if a.T != b.T {
		return a.T - b.T
	}
	if a.R != b.R {
		return a.R - b.R
	}
	return a.C - b.C
}

// refUnion is a union-find over counts: each count's parent, a root its own (join two sets by
// setting one root's parent to the other). Blocks of withheld counts joined by relations.
type refUnion map[Ref]Ref

// find returns r's root, compressing the path; a count not seen before is its own root.
func (u refUnion) find(r Ref) Ref {
	p, ok := u[r]
	if !ok || p == r {
		u[r] = r
		return r
	}
	root := u.find(p)
	u[r] = root
	return root
}
