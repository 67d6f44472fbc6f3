package anonymize

import (
	"math/bits"
	"slices"
)

// partMin is the source size from which a rollup groups by partitions (rollupParted). Rolling
// wideTable's base up one level, alternating the two ways in one process at load 10-12
// (BenchmarkRollupParted; thread CPU of 10-40 rollups, six rounds each): 46,506 entries into
// 24,251 classes 0.065-0.075 s partitioned against 0.072-0.100 s in one table, 177,206 into
// 100,353 0.057-0.077 s against 0.134-0.188 s, 2,504,284 into 1,892,093 (a 10M folder's size)
// 0.39-0.63 s against 1.08-1.94 s (per three).
const partMin = 1 << 16

// partEntries is the most source entries a partition holds (below 1<<12 partitions): its hash
// table has twice as many slots (at most 32 Ki of 8 bytes, 256 KiB), inside the 1 MiB L2 of
// this machine's cores, and never fills past half.
const partEntries = 1 << 14

// partScratch holds rollupParted's buffers between rollups.
type partScratch struct {
	keys  []uint64 // per source entry: key<<32 | entry, scattered by partition
	first []int32  // per source entry: the class it is the first entry of, + 1; 0 = none
	table []uint64 // one partition's hash table: key<<32 | local class + 1
	cnt   []int64  // per class (over all partitions), its count
	// rollupPartedWide's: keys scattered by partition beside their source entries, and one
	// partition's table of key and local class + 1.
	wkeys []uint64
	widx  []int32
	wtab  []gslot
}

// rollupParted is rollupScratch for a large source whose classes would not fit the cache: it
// partitions the source's entries by their key's hash, groups each partition in a table that
// fits the cache, and writes the classes in the order of their first source entry, which is
// the order a single table gives (the same codes, counts and entry order). The packed table's
// probes missed the cache once per entry where a table held a million classes (issue 14,
// speed18's "lever left").
func (p *problem) rollupParted(src *classTable, levels []int, maps [][]int32, rad []uint64, sc *groupScratch) *classTable {
	n, w := src.len(), src.width
	ps := &p.parts
	p.parted++
	pb := min(12, bits.Len(uint(n/partEntries))) // 1<<pb partitions
	np := 1 << pb
	keys := ps.keys
	if cap(keys) < 2*n {
		keys = make([]uint64, 2*n)
	}
	keys = keys[:2*n]
	flat, out := keys[:n], keys[n:]
	var counts [1 << 12]int
	for i := range n {
		var key uint64
		row := src.codes[i*w : (i+1)*w]
		for d, c := range row {
			if m := maps[d]; m != nil {
				c = m[c]
			}
			key += uint64(c) * rad[d]
		}
		flat[i] = key
		counts[(key*0x9E3779B97F4A7C15)>>(64-pb)]++ // a shift by 64 is 0
	}
	var start [1<<12 + 1]int
	for q := range np {
		start[q+1] = start[q] + counts[q]
	}
	pos := start
	for i, key := range flat[:n] {
		q := (key * 0x9E3779B97F4A7C15) >> (64 - pb)
		out[pos[q]] = key<<32 | uint64(i)
		pos[q]++
	}
	first := ps.first
	if cap(first) < n {
		first = make([]int32, n)
	}
	first = first[:n]
	clear(first)
	cnt := ps.cnt[:0]
	for q := range np {
		part := out[start[q]:start[q+1]]
		size := max(16, 1<<bits.Len(uint(2*len(part)))) // never half full: classes <= entries
		table := ps.table
		if cap(table) < size {
			table = make([]uint64, size)
		}
		table = table[:size]
		shift := uint(64 - bits.Len(uint(size-1)))
		mask := uint64(size - 1)
		base := len(cnt)
		for _, v := range part {
			key, i := v>>32, int32(uint32(v))
			h := ((key * 0x9E3779B97F4A7C15) << pb) >> shift
			for {
				s := table[h]
				if s == 0 {
					e := len(cnt) - base
					table[h] = key<<32 | uint64(e+1)
					cnt = append(cnt, src.counts[i])
					first[i] = int32(len(cnt))
					break
				}
				if s>>32 == key {
					cnt[base+int(uint32(s))-1] += src.counts[i]
					break
				}
				h = (h + 1) & mask
			}
		}
		clear(table)
		ps.table = table
	}
	ps.keys, ps.first, ps.cnt = keys, first, cnt
	codes, counts64 := sc.entries(len(cnt), w) // nil sc: allocated
	codes, counts64 = slices.Grow(codes, len(cnt)*w), slices.Grow(counts64, len(cnt))
	for i, f := range first {
		if f == 0 {
			continue
		}
		for d, c := range src.codes[i*w : (i+1)*w] {
			if m := maps[d]; m != nil {
				c = m[c]
			}
			codes = append(codes, c)
		}
		counts64 = append(counts64, cnt[f-1])
	}
	return &classTable{levels: slices.Clone(levels), width: w, codes: codes, counts: counts64}
}

// rollupPartedWide is rollupParted for a key space over 32 bits, where a key and its entry do
// not pack into one word: the keys are scattered by partition beside their source entries, and
// a partition's table holds a key and its class (16 bytes a slot, at most 32 Ki slots: 512
// KiB, inside L2). Before, such rollups went through one grouper of 16-byte slots sized for a
// quarter of the source, missing the cache on most probes and regrowing its table and entries
// (2.1 s of the 1M synth folder's 8 s search, issue 14). The classes come out in the order of
// their first source entry, as from one table: the same codes, counts and entry order.
func (p *problem) rollupPartedWide(src *classTable, levels []int, maps [][]int32, rad []uint64, sc *groupScratch) *classTable {
	n, w := src.len(), src.width
	ps := &p.parts
	p.parted++
	pb := min(12, bits.Len(uint(n/partEntries))) // 1<<pb partitions
	np := 1 << pb
	keys := ps.wkeys
	if cap(keys) < 2*n {
		keys = make([]uint64, 2*n)
	}
	keys = keys[:2*n]
	flat, out := keys[:n], keys[n:]
	idx := ps.widx
	if cap(idx) < n {
		idx = make([]int32, n)
	}
	idx = idx[:n]
	var counts [1 << 12]int
	for i := range n {
		var key uint64
		row := src.codes[i*w : (i+1)*w]
		for d, c := range row {
			if m := maps[d]; m != nil {
				c = m[c]
			}
			key += uint64(c) * rad[d]
		}
		flat[i] = key
		counts[(key*0x9E3779B97F4A7C15)>>(64-pb)]++ // a shift by 64 is 0
	}
	var start [1<<12 + 1]int
	for q := range np {
		start[q+1] = start[q] + counts[q]
	}
	pos := start
	for i, key := range flat {
		q := (key * 0x9E3779B97F4A7C15) >> (64 - pb)
		out[pos[q]], idx[pos[q]] = key, int32(i)
		pos[q]++
	}
	first := ps.first
	if cap(first) < n {
		first = make([]int32, n)
	}
	first = first[:n]
	clear(first)
	cnt := ps.cnt[:0]
	for q := range np {
		pk, pi := out[start[q]:start[q+1]], idx[start[q]:start[q+1]]
		size := max(16, 1<<bits.Len(uint(2*len(pk)))) // never half full: classes <= entries
		table := ps.wtab
		if cap(table) < size {
			table = make([]gslot, size)
		}
		table = table[:size]
		shift := uint(64 - bits.Len(uint(size-1)))
		mask := uint64(size - 1)
		base := len(cnt)
		for j, key := range pk {
			i := pi[j]
			h := ((key * 0x9E3779B97F4A7C15) << pb) >> shift
			for {
				s := &table[h]
				if s.e == 0 {
					*s = gslot{key: key, e: int32(len(cnt)-base) + 1}
					cnt = append(cnt, src.counts[i])
					first[i] = int32(len(cnt))
					break
				}
				if s.key == key {
					cnt[base+int(s.e)-1] += src.counts[i]
					break
				}
				h = (h + 1) & mask
			}
		}
		clear(table)
		ps.wtab = table
	}
	ps.wkeys, ps.widx, ps.first, ps.cnt = keys, idx, first, cnt
	codes, counts64 := sc.entries(len(cnt), w) // nil sc: allocated
	codes, counts64 = slices.Grow(codes, len(cnt)*w), slices.Grow(counts64, len(cnt))
	for i, f := range first {
		if f == 0 {
			continue
		}
		for d, c := range src.codes[i*w : (i+1)*w] {
			if m := maps[d]; m != nil {
				c = m[c]
			}
			codes = append(codes, c)
		}
		counts64 = append(counts64, cnt[f-1])
	}
	return &classTable{levels: slices.Clone(levels), width: w, codes: codes, counts: counts64}
}
