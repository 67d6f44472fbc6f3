package anonymize

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGrouperEveryTable checks each of the grouper's tables (direct, packed 32-bit keys, 64-bit
// keys, the byte-key map) against a map: the entries in first-seen order, their codes and
// counts, and the entry add returns, through the growth of a table started far too small.
func TestGrouperEveryTable(t *testing.T) {
	for _, c := range []struct {
		name   string
		sizes  []int // codes per dimension
		expect int
	}{
		{"direct", []int{7, 5, 3}, 16},
		{"packed", []int{300, 200, 100}, 16},         // 6e6 keys: over the direct limit, under 2^32
		{"wide", []int{70000, 70000, 1000}, 16},      // 4.9e12 keys: 64-bit slots
		{"map", []int{1 << 30, 1 << 30, 1 << 30}, 4}, // over 63 bits: no radix
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(len(c.name))))
			var radix []uint64
			space := uint64(1)
			for d := len(c.sizes) - 1; d >= 0; d-- {
				radix = append([]uint64{space}, radix...)
				space *= uint64(c.sizes[d])
			}
			if c.name == "map" {
				radix, space = nil, 0
			}
			g := newGrouper(radix, space, len(c.sizes), c.expect, c.expect)
			switch {
			case c.name == "direct" && !g.direct,
				c.name == "packed" && g.packed == nil,
				c.name == "wide" && g.slots == nil,
				c.name == "map" && g.smap == nil:
				t.Fatalf("the grouper did not choose the %s table", c.name)
			}
			want := map[string]int32{}
			var order []string
			counts := map[string]int64{}
			codes := make([]int32, len(c.sizes))
			for i := range 20000 {
				for d, n := range c.sizes {
					// few distinct values per dimension, so that combinations repeat
					codes[d] = int32(rng.IntN(min(n, 40)) * (n / min(n, 40)))
				}
				k := fmt.Sprint(codes)
				cnt := int64(1 + i%3)
				e := g.add(codes, cnt)
				if w, ok := want[k]; ok {
					if e != w {
						t.Fatalf("add %v: entry %d, want %d", codes, e, w)
					}
				} else {
					if int(e) != len(order) {
						t.Fatalf("add %v (new): entry %d, want %d", codes, e, len(order))
					}
					want[k] = e
					order = append(order, k)
				}
				counts[k] += cnt
			}
			ct := g.table(make([]int, len(c.sizes)))
			if ct.len() != len(order) {
				t.Fatalf("%d entries, want %d", ct.len(), len(order))
			}
			w := len(c.sizes)
			for e, k := range order {
				if got := fmt.Sprint(ct.codes[e*w : (e+1)*w]); got != k {
					t.Fatalf("entry %d: codes %s, want %s", e, got, k)
				}
				if ct.counts[e] != counts[k] {
					t.Fatalf("entry %d: count %d, want %d", e, ct.counts[e], counts[k])
				}
			}
		})
	}
}

// TestRollupScratch checks that rollups through a groupScratch (hash tables handed back and
// taken again, entries written over recycled tables' buffers, as the flash search does) give
// exactly the tables, in the same entry order, of rollups with fresh buffers: a buffer not
// cleared, or a recycled table still read, shows as a wrong count or order.
func TestRollupScratch(t *testing.T) {
	a := loadAdult(t)
	p, err := newProblem(a.table, Config{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 14))
	var sc groupScratch
	var cache []*classTable
	usedPacked, usedDirect := false, false
	for i := range 300 {
		levels := make([]int, p.q)
		for d := range levels {
			levels[d] = rng.IntN(p.nLev[d])
		}
		src := p.base
		for _, c := range cache {
			if leq(c.levels, levels) && rng.IntN(2) == 0 {
				src = c
			}
		}
		want := make([]int32, src.len())
		got := make([]int32, src.len())
		ref := p.rollup(src, levels, want)
		ct := p.rollupScratch(src, levels, got, &sc)
		if !slices.Equal(ct.codes, ref.codes) || !slices.Equal(ct.counts, ref.counts) || !slices.Equal(got, want) {
			t.Fatalf("rollup %d to %v from %v: the scratch's table differs from a fresh one", i, levels, src.levels)
		}
		usedPacked = usedPacked || sc.packed != nil
		usedDirect = usedDirect || sc.dslots != nil
		cache = append(cache, ct)
		if len(cache) > 6 {
			sc.recycle(cache[0])
			cache = cache[1:]
		}
	}
	if !usedPacked || !usedDirect {
		t.Fatalf("the rollups did not use both tables (packed %v, direct %v)", usedPacked, usedDirect)
	}
}

// TestGrouperScratchSlots: groupers over a key space wider than 32 bits (the slot table, which
// the 10M-row searches use) give through one scratch, table grown or not, the same entries and
// indices as fresh ones.
func TestGrouperScratchSlots(t *testing.T) {
	radix := []uint64{1, 1 << 12, 1 << 24}
	const space = 1 << 36
	rng := rand.New(rand.NewPCG(14, 12))
	var sc groupScratch
	usedSlots := false
	for i := range 40 {
		expect, n, spread := 1+rng.IntN(500), 1+rng.IntN(5000), 1+rng.IntN(4000)
		fresh := newGrouper(radix, space, 3, expect, n)
		held := newGrouperScratch(radix, space, 3, expect, n, &sc)
		if fresh.slots == nil || held.slots == nil {
			t.Fatal("a key space over 32 bits did not use the slot table")
		}
		for range n {
			codes := []int32{int32(rng.IntN(spread) % 4096), int32(rng.IntN(7)), int32(rng.IntN(3))}
			cnt := int64(1 + rng.IntN(3))
			if a, b := fresh.add(codes, cnt), held.add(codes, cnt); a != b {
				t.Fatalf("grouper %d: entry %d through the scratch, %d fresh", i, b, a)
			}
		}
		if !slices.Equal(fresh.codes, held.codes) || !slices.Equal(fresh.cnts, held.cnts) {
			t.Fatalf("grouper %d: the scratch's entries differ from a fresh grouper's", i)
		}
		held.release()
		usedSlots = usedSlots || sc.slots != nil
	}
	if !usedSlots {
		t.Fatal("no slot table went back to the scratch")
	}
}

// TestGrouperEntriesDouble: a grouper's entries grow by doubling, not by append's quarter (a
// rollup's codes and counts were copied two to three times over, issue 14), in every table
// kind, and hold the entries in the order they came, with their counts.
func TestGrouperEntriesDouble(t *testing.T) {
	for _, tc := range []struct {
		name  string
		radix []uint64
		space uint64
	}{
		{"direct", []uint64{1, 1 << 10}, 1 << 20},
		{"packed", []uint64{1, 1 << 14}, 1 << 28},
		{"slots", []uint64{1, 1 << 24}, 1 << 48},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 200_000
			g := newGrouper(tc.radix, tc.space, 2, 16, 16)
			growths, last := 0, cap(g.cnts)
			for i := range n {
				codes := []int32{int32(i % 1000), int32(i / 1000)}
				if e := g.add(codes, int64(i%5+1)); e != int32(i) {
					t.Fatalf("key %d: entry %d", i, e)
				}
				if c := cap(g.cnts); c != last {
					if c < 2*last {
						t.Fatalf("counts grew from %d to %d entries, less than double", last, c)
					}
					growths, last = growths+1, c
				}
			}
			if growths > 14 {
				t.Errorf("%d growths for %d entries from 16", growths, n)
			}
			for i := range n {
				if g.codes[2*i] != int32(i%1000) || g.codes[2*i+1] != int32(i/1000) || g.cnts[i] != int64(i%5+1) {
					t.Fatalf("entry %d: codes %v count %d", i, g.codes[2*i:2*i+2], g.cnts[i])
				}
			}
		})
	}
}

// wideTable is a table of rows random rows over four quasi-identifiers of 128 leaves, each
// generalized to 32, 8 and 1 ("*"), the codes drawn skewed by scale (a few common, most rare):
// its base table holds hundreds of thousands of classes, and its rollups tables past the cache
// (rollupParted's case).
func wideTable(rows int, seed uint64, scale float64) *Table {
	return wideTableQ(rows, seed, scale, 4)
}

// wideTableQ is wideTable over nq quasi-identifiers: from six on, the key space of the base
// and of most rollups is over 32 bits (rollupPartedWide's case).
func wideTableQ(rows int, seed uint64, scale float64, nq int) *Table {
	rng := rand.New(rand.NewPCG(seed, 99))
	t := &Table{}
	for q := range nq {
		h := &Hierarchy{Name: fmt.Sprintf("q%d", q)}
		for _, size := range []int{128, 32, 8, 1} {
			labels := make([]string, size)
			for i := range labels {
				labels[i] = fmt.Sprintf("%d/%d", i, size)
			}
			up := make([]int32, 128)
			for leaf := range up {
				up[leaf] = int32(leaf * size / 128)
			}
			h.Labels = append(h.Labels, labels)
			h.Up = append(h.Up, up)
		}
		col := make([]int32, rows)
		for r := range col {
			// Skewed, as data is: a few codes common, most rare.
			col[r] = int32(min(127, int(rng.ExpFloat64()*scale)))
		}
		t.Hierarchies = append(t.Hierarchies, h)
		t.Columns = append(t.Columns, col)
	}
	return t
}

// TestRollupParted checks that the partitioned rollup gives exactly the single table's codes,
// counts and entry order, from the base and from rolled tables, through a scratch or not.
func TestRollupParted(t *testing.T) {
	p, err := newProblem(wideTable(400_000, 1, 12), Config{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if p.base.len() < 4*partEntries {
		t.Fatalf("base %d entries: too few for several partitions", p.base.len())
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var sc groupScratch
	parted := 0
	for i := range 40 {
		levels := make([]int, p.q)
		for d := range levels {
			levels[d] = rng.IntN(3)
		}
		src := p.base
		if i%3 == 2 {
			mid := slices.Clone(levels)
			mid[rng.IntN(p.q)] = 0
			src = p.rollup(p.base, mid, nil)
		}
		p.partMin = math.MaxInt
		ref := p.rollup(src, levels, nil)
		p.partMin = 0
		got := p.rollupScratch(src, levels, nil, &sc)
		if rad, space := p.radix(levels); rad != nil && space <= 1<<32 && !(space <= max(4096, 4*uint64(src.len())) && space <= 1<<22) {
			parted++
		}
		if !slices.Equal(got.codes, ref.codes) || !slices.Equal(got.counts, ref.counts) || !slices.Equal(got.levels, ref.levels) {
			t.Fatalf("rollup %d to %v from %v (%d entries): the partitioned table differs", i, levels, src.levels, src.len())
		}
		sc.recycle(got)
	}
	if parted < 10 {
		t.Fatalf("only %d rollups were partitioned", parted)
	}
}

// TestRollupPartedWide is TestRollupParted where the key space is over 32 bits: the wide
// partitioned rollup gives exactly the single table's codes, counts and entry order.
func TestRollupPartedWide(t *testing.T) {
	p, err := newProblem(wideTableQ(150_000, 2, 12, 6), Config{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if p.base.len() < 4*partEntries {
		t.Fatalf("base %d entries: too few for several partitions", p.base.len())
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var sc groupScratch
	wide := 0
	for i := range 40 {
		levels := make([]int, p.q)
		for d := range levels {
			levels[d] = rng.IntN(3)
		}
		levels[rng.IntN(p.q)] = 0
		src := p.base
		if i%3 == 2 {
			mid := slices.Clone(levels)
			mid[rng.IntN(p.q)] = 0
			src = p.rollup(p.base, mid, nil)
		}
		p.partMin = math.MaxInt
		ref := p.rollup(src, levels, nil)
		p.partMin = 0
		before := p.parted
		got := p.rollupScratch(src, levels, nil, &sc)
		if _, space := p.radix(levels); space > 1<<32 {
			if p.parted == before {
				t.Fatalf("rollup %d to %v: key space %d, not partitioned", i, levels, space)
			}
			wide++
		}
		if !slices.Equal(got.codes, ref.codes) || !slices.Equal(got.counts, ref.counts) || !slices.Equal(got.levels, ref.levels) {
			t.Fatalf("rollup %d to %v from %v (%d entries): the partitioned table differs", i, levels, src.levels, src.len())
		}
		sc.recycle(got)
	}
	if wide < 10 {
		t.Fatalf("only %d rollups had a key space over 32 bits", wide)
	}
}

// TestRollupPartedSmall: at the default partMin, rollups of sources of a few thousand entries
// (one partition, below partEntries) go through the partitions too, packed and wide, and give
// the single table's codes, counts and entry order.
func TestRollupPartedSmall(t *testing.T) {
	for _, c := range []struct {
		t    *Table
		seed uint64
	}{{wideTable(9_000, 3, 12), 9}, {wideTableQ(6_000, 4, 12, 6), 10}} {
		p, err := newProblem(c.t, Config{K: 5})
		if err != nil {
			t.Fatal(err)
		}
		if n := p.base.len(); n < partMin || n >= 1<<16 {
			t.Fatalf("base %d entries: not a small source", n)
		}
		rng := rand.New(rand.NewPCG(c.seed, 11))
		parted := 0
		for i := range 40 {
			levels := make([]int, p.q)
			for d := range levels {
				levels[d] = rng.IntN(3)
			}
			levels[rng.IntN(p.q)] = 0
			p.partMin = math.MaxInt
			ref := p.rollup(p.base, levels, nil)
			p.partMin = partMin
			before := p.parted
			got := p.rollup(p.base, levels, nil)
			if p.parted > before {
				parted++
			}
			if !slices.Equal(got.codes, ref.codes) || !slices.Equal(got.counts, ref.counts) || !slices.Equal(got.levels, ref.levels) {
				t.Fatalf("rollup %d to %v (%d entries): the partitioned table differs", i, levels, p.base.len())
			}
		}
		t.Logf("%d quasi-identifiers, base %d entries: %d of 40 rollups partitioned", p.q, p.base.len(), parted)
		if parted < 10 {
			t.Fatalf("%d quasi-identifiers: only %d rollups of %d entries were partitioned", p.q, parted, p.base.len())
		}
	}
}

// BenchmarkRollupPartedSmall is BenchmarkRollupParted for TestRollupPartedSmall's sources of
// a few thousand entries (one partition), packed and wide: one level up, single against parted.
func BenchmarkRollupPartedSmall(b *testing.B) {
	for _, c := range []struct {
		name string
		t    *Table
	}{{"packed", wideTable(9_000, 3, 12)}, {"wide", wideTableQ(6_000, 4, 12, 6)}} {
		p, err := newProblem(c.t, Config{K: 5})
		if err != nil {
			b.Fatal(err)
		}
		levels := make([]int, p.q)
		levels[0] = 1
		for _, m := range []struct {
			name string
			min  int
		}{{"single", math.MaxInt}, {"parted", 0}} {
			b.Run(c.name+"/"+m.name, func(b *testing.B) {
				p.partMin = m.min
				var sc groupScratch
				var classes int
				for b.Loop() {
					ct := p.rollupScratch(p.base, levels, nil, &sc)
					classes = ct.len()
					sc.recycle(ct)
				}
				b.ReportMetric(float64(p.base.len()), "entries")
				b.ReportMetric(float64(classes), "classes")
			})
		}
	}
}

// BenchmarkRollupPartedWide is BenchmarkRollupParted over a key space of 42 bits (the slots
// grouper against rollupPartedWide).
func BenchmarkRollupPartedWide(b *testing.B) {
	p, err := newProblem(wideTableQ(3_000_000, 1, 25, 6), Config{K: 5})
	if err != nil {
		b.Fatal(err)
	}
	levels := []int{1, 0, 0, 0, 0, 0}
	var classes int
	for _, c := range []struct {
		name string
		min  int
	}{{"single", math.MaxInt}, {"parted", 0}} {
		b.Run(c.name, func(b *testing.B) {
			p.partMin = c.min
			var sc groupScratch
			for b.Loop() {
				ct := p.rollupScratch(p.base, levels, nil, &sc)
				classes = ct.len()
				sc.recycle(ct)
			}
			b.ReportMetric(float64(p.base.len()), "entries")
			b.ReportMetric(float64(classes), "classes")
		})
	}
}

// BenchmarkRollupParted rolls the base table of wideTable up one quasi-identifier's level (a
// packed hash table of about a million classes) through one hash table and through
// partitions; run with -count to alternate the two on a loaded machine.
func BenchmarkRollupParted(b *testing.B) {
	p, err := newProblem(wideTable(3_000_000, 1, 25), Config{K: 5})
	if err != nil {
		b.Fatal(err)
	}
	levels := []int{1, 0, 0, 0}
	var classes int
	for _, c := range []struct {
		name string
		min  int
	}{{"single", math.MaxInt}, {"parted", 0}} {
		b.Run(c.name, func(b *testing.B) {
			p.partMin = c.min
			var sc groupScratch
			for b.Loop() {
				ct := p.rollupScratch(p.base, levels, nil, &sc)
				classes = ct.len()
				sc.recycle(ct)
			}
			b.ReportMetric(float64(p.base.len()), "entries")
			b.ReportMetric(float64(classes), "classes")
		})
	}
}
