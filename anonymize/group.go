package anonymize

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// grouper collects distinct code combinations with counts. With radix multipliers it keys an
// open-addressing table by the mixed-radix uint64 of the codes; without (key space over 63
// bits) it falls back to a map keyed by the codes' bytes. When the key space is small it
// addresses slots by key directly (no hashing, no probing).
//
// A slot holds its key beside its entry, so that a probe touches one cache line, and the table
// is sized for the classes expected, not for the source: a rollup keeps about a third of its
// source's classes, and a table several times larger than the classes misses the cache on
// every probe. It doubles when half full, re-inserting its own slots (keys are not recomputed).
type grouper struct {
	width  int
	radix  []uint64
	direct bool
	dslots []int32 // direct: entry index + 1 by key; 0 = empty
	slots  []gslot
	packed []uint64 // when the key space fits 32 bits: key<<32 | entry+1; 0 = empty
	shift  uint
	smap   map[string]int32
	buf    []byte
	codes  []int32
	cnts   []int64
	sc     *groupScratch // where the hash table comes from and goes back to; nil = none
}

// groupScratch keeps the buffers of finished groupers for the next ones: the flash search rolls
// up a class table of about a third of a million entries per node checked, and allocating the
// hash table and the entries afresh each time (10 GiB over a search of 1 M rows) made the
// garbage collector preempt the search all along (issue 14). A grouper's result (entry order,
// codes, counts) does not depend on where its hash table comes from or how large it is.
type groupScratch struct {
	packed []uint64 // all zero
	dslots []int32  // all zero
	slots  []gslot  // all zero
	free   []*classTable
}

// takeZeroed returns a zeroed table of n slots, reusing the scratch's when large enough.
func takeZeroed[T any](held *[]T, n int) []T {
	if cap(*held) >= n {
		t := (*held)[:n]
		*held = nil
		return t
	}
	return make([]T, n)
}

// putZeroed clears t and keeps it when larger than the table held.
func putZeroed[T any](held *[]T, t []T) {
	if cap(t) <= cap(*held) {
		return
	}
	clear(t)
	*held = t[:0]
}

// recycle hands an unused class table's codes and counts to later groupers.
func (sc *groupScratch) recycle(ct *classTable) {
	const keep = 4
	sc.free = append(sc.free, ct)
	if len(sc.free) > keep {
		small := 0
		for i, f := range sc.free {
			if cap(f.counts) < cap(sc.free[small].counts) {
				small = i
			}
		}
		sc.free = slices.Delete(sc.free, small, small+1)
	}
}

// entries returns empty codes and counts slices for about expect entries of width codes, from
// the largest recycled table when it holds that many.
func (sc *groupScratch) entries(expect, width int) ([]int32, []int64) {
	if sc != nil && len(sc.free) > 0 {
		big := 0
		for i, f := range sc.free {
			if cap(f.counts) > cap(sc.free[big].counts) {
				big = i
			}
		}
		f := sc.free[big]
		if cap(f.counts) >= expect && cap(f.codes) >= expect*width {
			sc.free = slices.Delete(sc.free, big, big+1)
			return f.codes[:0], f.counts[:0]
		}
	}
	return make([]int32, 0, expect*width), make([]int64, 0, expect)
}

// release gives g's hash table back to its scratch; g must not be used to add afterwards.
func (g *grouper) release() {
	if g.sc == nil {
		return
	}
	if g.packed != nil {
		putZeroed(&g.sc.packed, g.packed)
		g.packed = nil
	}
	if g.dslots != nil {
		putZeroed(&g.sc.dslots, g.dslots)
		g.dslots = nil
	}
	if g.slots != nil {
		putZeroed(&g.sc.slots, g.slots)
		g.slots = nil
	}
}

// gslot is one slot of the open-addressing table: e is the entry index + 1 (0 = empty).
type gslot struct {
	key uint64
	e   int32
}

// newGrouper returns a grouper for combinations of width codes. expect is the number of
// distinct combinations expected: the table starts at twice that and grows when half full.
// direct addressing is used when the key space is at most max(4096, 4*limit) (and 4 Mi keys),
// limit being an upper bound of the distinct combinations (the source's size for a rollup).
func newGrouper(radix []uint64, space uint64, width, expect, limit int) *grouper {
	return newGrouperScratch(radix, space, width, expect, limit, nil)
}

// newGrouperScratch is newGrouper taking its buffers from sc (nil: allocating them); release
// gives them back.
func newGrouperScratch(radix []uint64, space uint64, width, expect, limit int, sc *groupScratch) *grouper {
	g := &grouper{width: width, radix: radix, sc: sc}
	if radix != nil && space < uint64(expect) {
		expect = int(space) // cannot have more distinct keys than the key space
	}
	if radix == nil {
		g.smap = make(map[string]int32, expect)
		g.buf = make([]byte, 4*width)
	} else if space <= max(4096, 4*uint64(max(limit, expect))) && space <= 1<<22 {
		g.direct = true
		if sc != nil {
			g.dslots = takeZeroed(&sc.dslots, int(space))
		} else {
			g.dslots = make([]int32, space)
		}
	} else if space <= 1<<32 {
		if sc != nil {
			g.packed = takeZeroed(&sc.packed, max(16, 1<<bits.Len(uint(2*expect))))
		} else {
			g.packed = make([]uint64, max(16, 1<<bits.Len(uint(2*expect))))
		}
		g.shift = uint(64 - bits.Len(uint(len(g.packed)-1)))
	} else {
		if sc != nil {
			g.slots = takeZeroed(&sc.slots, max(16, 1<<bits.Len(uint(2*expect))))
		} else {
			g.slots = make([]gslot, max(16, 1<<bits.Len(uint(2*expect))))
		}
		g.shift = uint(64 - bits.Len(uint(len(g.slots)-1)))
	}
	if sc != nil {
		g.codes, g.cnts = sc.entries(expect, width)
	} else {
		g.codes = make([]int32, 0, expect*width)
		g.cnts = make([]int64, 0, expect)
	}
	return g
}

// growPacked doubles the packed open-addressing table.
func (g *grouper) growPacked() {
	old := g.packed
	if g.sc != nil {
		g.packed = takeZeroed(&g.sc.packed, 2*len(old))
	} else {
		g.packed = make([]uint64, 2*len(old))
	}
	g.shift = uint(64 - bits.Len(uint(len(g.packed)-1)))
	mask := uint64(len(g.packed) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		h := ((s >> 32) * 0x9E3779B97F4A7C15) >> g.shift
		for g.packed[h] != 0 {
			h = (h + 1) & mask
		}
		g.packed[h] = s
	}
	if g.sc != nil {
		putZeroed(&g.sc.packed, old)
	}
}

// grow doubles the open-addressing table.
func (g *grouper) grow() {
	old := g.slots
	if g.sc != nil {
		g.slots = takeZeroed(&g.sc.slots, 2*len(old))
	} else {
		g.slots = make([]gslot, 2*len(old))
	}
	g.shift = uint(64 - bits.Len(uint(len(g.slots)-1)))
	mask := uint64(len(g.slots) - 1)
	for _, s := range old {
		if s.e == 0 {
			continue
		}
		h := (s.key * 0x9E3779B97F4A7C15) >> g.shift
		for g.slots[h].e != 0 {
			h = (h + 1) & mask
		}
		g.slots[h] = s
	}
	if g.sc != nil {
		putZeroed(&g.sc.slots, old)
	}
}

// add counts cnt occurrences of codes and returns the index of their entry.
func (g *grouper) add(codes []int32, cnt int64) int32 {
	if g.radix == nil {
		for d, c := range codes {
			binary.LittleEndian.PutUint32(g.buf[4*d:], uint32(c))
		}
		if e, ok := g.smap[string(g.buf)]; ok {
			g.cnts[e] += cnt
			return e
		}
		e := int32(len(g.cnts))
		g.smap[string(g.buf)] = e
		g.codes = append(g.codes, codes...)
		g.cnts = append(g.cnts, cnt)
		return e
	}
	var key uint64
	for d, c := range codes {
		key += uint64(c) * g.radix[d]
	}
	return g.addKey(key, codes, cnt)
}

// addKey is add for a key already computed from codes with g's radix.
func (g *grouper) addKey(key uint64, codes []int32, cnt int64) int32 {
	if g.direct {
		if s := g.dslots[key]; s != 0 {
			g.cnts[s-1] += cnt
			return s - 1
		}
		e := int32(len(g.cnts))
		g.dslots[key] = e + 1
		g.push(codes, cnt)
		return e
	}
	if g.packed != nil {
		mask := uint64(len(g.packed) - 1)
		h := (key * 0x9E3779B97F4A7C15) >> g.shift
		for {
			s := g.packed[h]
			if s == 0 {
				break
			}
			if s>>32 == key {
				e := int32(uint32(s)) - 1
				g.cnts[e] += cnt
				return e
			}
			h = (h + 1) & mask
		}
		e := int32(len(g.cnts))
		g.packed[h] = key<<32 | uint64(e+1)
		g.push(codes, cnt)
		if 2*len(g.cnts) > len(g.packed) {
			g.growPacked()
		}
		return e
	}
	mask := uint64(len(g.slots) - 1)
	h := (key * 0x9E3779B97F4A7C15) >> g.shift
	for {
		s := &g.slots[h]
		if s.e == 0 {
			break
		}
		if s.key == key {
			g.cnts[s.e-1] += cnt
			return s.e - 1
		}
		h = (h + 1) & mask
	}
	e := int32(len(g.cnts))
	g.slots[h] = gslot{key: key, e: e + 1}
	g.push(codes, cnt)
	if 2*len(g.cnts) > len(g.slots) {
		g.grow()
	}
	return e
}

// push appends an entry, doubling codes and counts when full: append grows a large slice by
// about a quarter, so a rollup that keeps more classes than rollupEstimate copied its entries
// two to three times over (growslice was 9.1 s of the 10M folder's 48 s search, issue 14). The
// entries are the same; only the capacity differs.
func (g *grouper) push(codes []int32, cnt int64) {
	if len(g.cnts) == cap(g.cnts) {
		g.cnts = slices.Grow(g.cnts, max(16, len(g.cnts)))
	}
	if len(g.codes)+len(codes) > cap(g.codes) {
		g.codes = slices.Grow(g.codes, max(len(codes), len(g.codes)))
	}
	g.codes = append(g.codes, codes...)
	g.cnts = append(g.cnts, cnt)
}

func (g *grouper) table(levels []int) *classTable {
	return &classTable{levels: slices.Clone(levels), width: g.width, codes: g.codes, counts: g.cnts}
}
