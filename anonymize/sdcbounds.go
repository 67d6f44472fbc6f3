package anonymize

// boundsCache keeps the propagated bounds between the audits of one Protect. Complementary
// suppression audits again after every newly withheld count, and bounds propagated every
// relation from scratch each time (a third of the protected tables' CPU at 1M rows with
// cases by province and year). A relation reads and tightens only its own cells, so the cells
// fall into components (cells linked through relations, directly or not), and a component's
// bounds depend only on its cells' starting bounds (state, value, may-be-zero, threshold):
// the cache propagates again only the components where a starting bound changed.
//
// Same result as bounds by construction: the component's relations are propagated in the
// same order (its equalities, then its inequalities, as bounds takes them), and a pass over
// all relations that changes nothing in the component leaves it as it is on every later
// pass, so both stop it at the same pass (or both at the pass limit). TestBoundsCache checks
// it against bounds on random table sets and state changes.
type boundsCache struct {
	eqs   []Eq // the links it was built for (the same slices: Protect's links)
	les   []Le
	ts    []*CountTable
	start [][]int // a row's cells from start[table][row]
	n     int
	comp  []int32 // each cell's component; -1 when no relation holds it
	comps []boundsComp
	init  []bound // the starting bounds the cells were propagated from
	cells []bound // the propagated bounds
	// outside: a relation holds a Ref outside the tables (only tests build such links):
	// bounds does the work every time.
	outside bool
	stale   bool // built anew: every component is propagated
}

// boundsComp is one component: its cells and its relations as cell indices, in the order of
// the links (equalities Plus = Minus, inequalities Small <= Large).
type boundsComp struct {
	cells    []int32
	eqs, les []cellRel
}

type cellRel struct{ a, c []int32 }

func newBoundsCache() *boundsCache { return &boundsCache{} }

func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// build lays out the cells of ts and the components of l's relations.
func (c *boundsCache) build(ts []*CountTable, l Links) {
	*c = boundsCache{eqs: l.Eqs, les: l.Les, ts: ts}
	c.start = make([][]int, len(ts))
	for ti, t := range ts {
		c.start[ti] = make([]int, len(t.Rows))
		for ri, row := range t.Rows {
			c.start[ti][ri] = c.n
			c.n += len(row.State)
		}
	}
	idx := func(r Ref) int32 {
		if r.T >= 0 && r.T < len(ts) && r.R >= 0 && r.R < len(ts[r.T].Rows) && r.C >= 0 && r.C < len(ts[r.T].Rows[r.R].State) {
			return int32(c.start[r.T][r.R] + r.C)
		}
		c.outside = true
		return -1
	}
	conv := func(rs []Ref) []int32 {
		out := make([]int32, len(rs))
		for i, r := range rs {
			out[i] = idx(r)
		}
		return out
	}
	eqs, les := make([]cellRel, len(l.Eqs)), make([]cellRel, len(l.Les))
	for i, e := range l.Eqs {
		eqs[i] = cellRel{conv(e.Plus), conv(e.Minus)}
	}
	for i, e := range l.Les {
		les[i] = cellRel{conv(e.Small), conv(e.Large)}
	}
	if c.outside {
		return
	}
	// Union-find over the cells of each relation.
	parent := make([]int32, c.n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	used := make([]bool, c.n)
	join := func(r cellRel) int32 {
		root := int32(-1)
		for _, side := range [][]int32{r.a, r.c} {
			for _, x := range side {
				used[x] = true
				x = find(x)
				if root < 0 {
					root = x
				} else if x != root {
					parent[x] = root
				}
			}
		}
		return root
	}
	for _, r := range eqs {
		join(r)
	}
	for _, r := range les {
		join(r)
	}
	c.comp = make([]int32, c.n)
	id := map[int32]int32{}
	for i := range c.comp {
		c.comp[i] = -1
		if !used[i] {
			continue
		}
		root := find(int32(i))
		k, ok := id[root]
		if !ok {
			k = int32(len(c.comps))
			id[root] = k
			c.comps = append(c.comps, boundsComp{})
		}
		c.comp[i] = k
		c.comps[k].cells = append(c.comps[k].cells, int32(i))
	}
	compOf := func(r cellRel) int {
		for _, side := range [][]int32{r.a, r.c} {
			if len(side) > 0 {
				return int(c.comp[side[0]])
			}
		}
		return -1 // an empty relation: nothing to propagate
	}
	for _, r := range eqs {
		if k := compOf(r); k >= 0 {
			c.comps[k].eqs = append(c.comps[k].eqs, r)
		}
	}
	for _, r := range les {
		if k := compOf(r); k >= 0 {
			c.comps[k].les = append(c.comps[k].les, r)
		}
	}
	c.init = make([]bound, c.n)
	c.cells = make([]bound, c.n)
}

// bounds returns the interval an attacker can place each count in, as bounds does; the
// function it returns reads the cache, and holds until the next call.
func (c *boundsCache) bounds(ts []*CountTable, l Links, threshold int, zero map[Ref]bool) func(Ref) bound {
	if !sameSlice(c.eqs, l.Eqs) || !sameSlice(c.les, l.Les) || !sameSlice(c.ts, ts) || !c.shape(ts) || c.init == nil && !c.outside {
		c.build(ts, l)
		c.stale = true
	}
	if c.outside {
		b := bounds(ts, l, threshold, zero)
		return func(r Ref) bound { return b[r] }
	}
	dirty := make([]bool, len(c.comps))
	if c.stale {
		for q := range dirty {
			dirty[q] = true
		}
		c.stale = false
	}
	k := 0
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				x := startBound(s, row.Values[ci], threshold, zero, Ref{ti, ri, ci})
				if q := c.comp[k]; q < 0 {
					c.cells[k] = x
				} else if c.init[k] != x {
					c.init[k] = x
					dirty[q] = true
				}
				k++
			}
		}
	}
	for q, d := range dirty {
		if !d {
			continue
		}
		cp := &c.comps[q]
		for _, x := range cp.cells {
			c.cells[x] = c.init[x]
		}
		propagate(c.cells, cp.eqs, cp.les)
	}
	return func(r Ref) bound {
		if r.T >= 0 && r.T < len(ts) && r.R >= 0 && r.R < len(ts[r.T].Rows) && r.C >= 0 && r.C < len(ts[r.T].Rows[r.R].State) {
			return c.cells[c.start[r.T][r.R]+r.C]
		}
		return bound{} // as bounds' map without the key
	}
}

// shape reports whether ts has the rows and cells the cache was built for.
func (c *boundsCache) shape(ts []*CountTable) bool {
	k := 0
	for ti, t := range ts {
		if len(t.Rows) != len(c.start[ti]) {
			return false
		}
		for ri, row := range t.Rows {
			if c.start[ti][ri] != k {
				return false
			}
			k += len(row.State)
		}
	}
	return k == c.n
}

// startBound is a count's bound from its label alone (see bounds).
func startBound(s State, v int64, threshold int, zero map[Ref]bool, r Ref) bound {
	switch s {
	case Published:
		return bound{v, v}
	case Primary:
		return bound{1, int64(threshold - 1)}
	case Secondary:
		// Complementary cells are never zero and never small: zero and small counts
		// are published as 0 and <threshold.
		x := bound{int64(threshold), inf}
		if zero[r] {
			x.lo = 0
		}
		return x
	case Hidden:
		return bound{0, inf}
	}
	return bound{}
}

// boundSum is the sum of the bounds of a list of cells: lo, and hi over the finite ones with
// the count of infinite ones, so that the sum without one cell costs O(1), not O(n).
type boundSum struct {
	lo, hi int64
	infs   int
}

func sumOf(cells []bound, rs []int32) boundSum {
	var a boundSum
	for _, r := range rs {
		x := cells[r]
		a.lo += x.lo
		if x.hi >= inf {
			a.infs++
		} else {
			a.hi += x.hi
		}
	}
	return a
}

func (a boundSum) high() int64 {
	if a.infs > 0 {
		return inf
	}
	return min(a.hi, inf)
}

func (a boundSum) without(x bound) boundSum {
	a.lo -= x.lo
	if x.hi >= inf {
		a.infs--
	} else {
		a.hi -= x.hi
	}
	return a
}

func tightenCell(cells []bound, r int32, lo, hi int64) bool {
	x := cells[r]
	ch := false
	if lo > x.lo {
		x.lo, ch = lo, true
	}
	if hi < inf && hi < x.hi {
		x.hi, ch = hi, true
	}
	if ch {
		cells[r] = x
	}
	return ch
}

// propagateSide is bounds' side: sum(a) = or <= sum(c).
func propagateSide(cells []bound, a, c []int32, eq bool) bool {
	ch := false
	ta, tc := sumOf(cells, a), sumOf(cells, c)
	for _, r := range a {
		rest := ta.without(cells[r])
		hi := inf
		if s := tc.high(); s < inf {
			hi = s - rest.lo
		}
		lo := int64(0)
		if eq {
			if s := rest.high(); s < inf {
				lo = tc.lo - s
			}
		}
		if tightenCell(cells, r, lo, hi) {
			ch = true
			ta = sumOf(cells, a) // rare: recompute
		}
	}
	return ch
}

// propagate is bounds' loop over the relations of one component, passes and order alike.
func propagate(cells []bound, eqs, les []cellRel) {
	for pass := 0; pass < 2000; pass++ {
		ch := false
		for _, e := range eqs {
			if propagateSide(cells, e.a, e.c, true) {
				ch = true
			}
			if propagateSide(cells, e.c, e.a, true) {
				ch = true
			}
		}
		for _, e := range les {
			if propagateSide(cells, e.a, e.c, false) {
				ch = true
			}
			small, large := sumOf(cells, e.a), sumOf(cells, e.c)
			for _, r := range e.c {
				if s := large.without(cells[r]).high(); s < inf {
					if tightenCell(cells, r, small.lo-s, inf) {
						ch = true
						large = sumOf(cells, e.c)
					}
				}
			}
		}
		if !ch {
			break
		}
	}
}
