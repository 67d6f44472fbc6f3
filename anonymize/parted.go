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
// 0.39-0.63 s against 1.08-1.94 s (per three). Small sources gain too, as one partition whose
// table is made for all its entries never grows (a single table starts at a quarter of its
// source and grows and copies its entries as it fills): thread CPU of 100 rollups, 7,988
// entries into 7,533 classes (key space 2^36) 42.6 ms in one table against 15.0 ms, 6,864 into
// 3,527 (2^24) 21.1 against 8.3 ms (issue-14-speed35.md); so from a few thousand entries.
const partMin = 1 << 12

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
	n := src.len()
	ps := &p.parts
	p.parted++
	keys := sized(&ps.keys, 2*n)
	flat, out := keys[:n], keys[n:]
	var start [1<<12 + 1]int
	pb := partKeys(src, maps, rad, flat, &start)
	pos := start
	for i, key := range flat {
		q := (key * 0x9E3779B97F4A7C15) >> (64 - pb)
		out[pos[q]] = key<<32 | uint64(i)
		pos[q]++
	}
	first := sized(&ps.first, n)
	clear(first)
	cnt := ps.cnt[:0]
	for q := range 1 << pb {
		part := out[start[q]:start[q+1]]
		table, shift, mask := partTable(&ps.table, len(part))
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
	}
	ps.cnt = cnt
	return partClasses(src, levels, maps, first, cnt, sc)
}

// rollupPartedWide is rollupParted for a key space over 32 bits, where a key and its entry do
// not pack into one word: the keys are scattered by partition beside their source entries, and
// a partition's table holds a key and its class (16 bytes a slot, at most 32 Ki slots: 512
// KiB, inside L2). Before, such rollups went through one grouper of 16-byte slots sized for a
// quarter of the source, missing the cache on most probes and regrowing its table and entries
// (2.1 s of the 1M synth folder's 8 s search, issue 14). The classes come out in the order of
// their first source entry, as from one table: the same codes, counts and entry order.
func (p *problem) rollupPartedWide(src *classTable, levels []int, maps [][]int32, rad []uint64, sc *groupScratch) *classTable {
	n := src.len()
	ps := &p.parts
	p.parted++
	keys := sized(&ps.wkeys, 2*n)
	flat, out := keys[:n], keys[n:]
	idx := sized(&ps.widx, n)
	var start [1<<12 + 1]int
	pb := partKeys(src, maps, rad, flat, &start)
	pos := start
	for i, key := range flat {
		q := (key * 0x9E3779B97F4A7C15) >> (64 - pb)
		out[pos[q]], idx[pos[q]] = key, int32(i)
		pos[q]++
	}
	first := sized(&ps.first, n)
	clear(first)
	cnt := ps.cnt[:0]
	for q := range 1 << pb {
		pk, pi := out[start[q]:start[q+1]], idx[start[q]:start[q+1]]
		table, shift, mask := partTable(&ps.wtab, len(pk))
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
	}
	ps.cnt = cnt
	return partClasses(src, levels, maps, first, cnt, sc)
}

// sized returns *held resliced to n, reallocated (and kept in *held) when its capacity is short.
func sized[T any](held *[]T, n int) []T {
	if cap(*held) < n {
		*held = make([]T, n)
	}
	return (*held)[:n]
}

// partKeys writes every source entry's key at the rollup's levels (its codes through maps,
// weighted by rad) into flat and the bounds of the partitions the keys fall in (the key's
// hash's top bits) into start: partition q is [start[q], start[q+1]). It returns pb, the
// partitions being 1<<pb (at most 1<<12, about partEntries source entries each).
func partKeys(src *classTable, maps [][]int32, rad []uint64, flat []uint64, start *[1<<12 + 1]int) uint {
	n, w := src.len(), src.width
	pb := uint(min(12, bits.Len(uint(n/partEntries))))
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
	for q := range 1 << pb {
		start[q+1] = start[q] + counts[q]
	}
	return pb
}

// partTable returns a zeroed hash table (held in *held) for a partition of m entries, never
// half full (classes <= entries), with the shift that takes a hash's bits below the
// partition's to a slot and the mask of a slot's index. The caller clears it after use.
func partTable[T any](held *[]T, m int) (table []T, shift uint, mask uint64) {
	size := max(16, 1<<bits.Len(uint(2*m)))
	return sized(held, size), uint(64 - bits.Len(uint(size-1))), uint64(size - 1)
}

// partClasses writes a partitioned rollup's classes in the order of their first source entry
// (first[i] = the class's index in cnt + 1 where entry i is its first, else 0), which is the
// order one table gives: the codes through maps and the counts cnt summed.
func partClasses(src *classTable, levels []int, maps [][]int32, first []int32, cnt []int64, sc *groupScratch) *classTable {
	w := src.width
	codes, counts := sc.entries(len(cnt), w) // nil sc: allocated
	codes, counts = slices.Grow(codes, len(cnt)*w), slices.Grow(counts, len(cnt))
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
		counts = append(counts, cnt[f-1])
	}
	return &classTable{levels: slices.Clone(levels), width: w, codes: codes, counts: counts}
}
