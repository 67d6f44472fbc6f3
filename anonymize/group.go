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
type grouper struct {
	width  int
	radix  []uint64
	direct bool
	keys   []uint64
	slots  []int32 // entry index + 1; 0 = empty
	shift  uint
	smap   map[string]int32
	buf    []byte
	codes  []int32
	cnts   []int64
}

func newGrouper(radix []uint64, space uint64, width, expect int) *grouper {
	g := &grouper{width: width, radix: radix}
	if radix != nil && space < uint64(expect) {
		expect = int(space) // cannot have more distinct keys than the key space
	}
	if radix == nil {
		g.smap = make(map[string]int32, expect)
		g.buf = make([]byte, 4*width)
	} else if space <= max(4096, 4*uint64(expect)) && space <= 1<<22 {
		g.direct = true
		g.slots = make([]int32, space)
	} else {
		g.resize(max(16, 1<<bits.Len(uint(2*expect))))
	}
	g.codes = make([]int32, 0, expect*width)
	g.cnts = make([]int64, 0, expect)
	return g
}

func (g *grouper) resize(capacity int) {
	g.keys = make([]uint64, capacity)
	g.slots = make([]int32, capacity)
	g.shift = uint(64 - bits.Len(uint(capacity-1)))
	mask := uint64(capacity - 1)
	w := g.width
	for i := range g.cnts {
		var key uint64
		for d, c := range g.codes[i*w : (i+1)*w] {
			key += uint64(c) * g.radix[d]
		}
		h := (key * 0x9E3779B97F4A7C15) >> g.shift
		for g.slots[h] != 0 {
			h = (h + 1) & mask
		}
		g.keys[h] = key
		g.slots[h] = int32(i + 1)
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
	if g.direct {
		if s := g.slots[key]; s != 0 {
			g.cnts[s-1] += cnt
			return s - 1
		}
		e := int32(len(g.cnts))
		g.slots[key] = e + 1
		g.codes = append(g.codes, codes...)
		g.cnts = append(g.cnts, cnt)
		return e
	}
	mask := uint64(len(g.slots) - 1)
	h := (key * 0x9E3779B97F4A7C15) >> g.shift
	for {
		s := g.slots[h]
		if s == 0 {
			break
		}
		if g.keys[h] == key {
			g.cnts[s-1] += cnt
			return s - 1
		}
		h = (h + 1) & mask
	}
	e := int32(len(g.cnts))
	g.keys[h] = key
	g.slots[h] = e + 1
	g.codes = append(g.codes, codes...)
	g.cnts = append(g.cnts, cnt)
	if 2*len(g.cnts) > len(g.slots) {
		g.resize(2 * len(g.slots))
	}
	return e
}

func (g *grouper) table(levels []int) *classTable {
	return &classTable{levels: slices.Clone(levels), width: g.width, codes: g.codes, counts: g.cnts}
}
