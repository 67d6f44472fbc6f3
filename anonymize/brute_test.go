package anonymize

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
)

// Independent, slow reference implementation used by the tests: it works on rows, never on the
// engine's structures.

// bruteClasses groups the rows of tab by their codes at levels.
func bruteClasses(tab *Table, levels []int) [][]int {
	idx := map[string]int{}
	var out [][]int
	var buf []byte
	for r := 0; r < tab.Rows(); r++ {
		buf = buf[:0]
		for q, h := range tab.Hierarchies {
			buf = strconv.AppendInt(buf, int64(h.Up[levels[q]][tab.Columns[q][r]]), 10)
			buf = append(buf, ',')
		}
		key := string(buf)
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

// bruteViolates reports whether a class (its rows) violates any privacy model of cfg.
func bruteViolates(cfg Config, rows []int) bool {
	if len(rows) < cfg.K {
		return true
	}
	if cfg.L <= 1 && cfg.T <= 0 {
		return false
	}
	freq := map[int32]int{}
	recorded := 0 // rows with a recorded value: a missing one is no sensitive value
	for _, r := range rows {
		if cfg.Sensitive[r] != MissingSensitive {
			freq[cfg.Sensitive[r]]++
			recorded++
		}
	}
	if cfg.L > 1 && recorded > 0 { // nothing recorded discloses no form (MissingSensitive)
		var cnt []int
		for _, c := range freq {
			cnt = append(cnt, c)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(cnt)))
		switch cfg.Diversity {
		case DistinctDiversity:
			if len(cnt) < cfg.L {
				return true
			}
		case EntropyDiversity:
			h := 0.0
			for _, c := range cnt {
				p := float64(c) / float64(recorded)
				h -= p * math.Log(p)
			}
			if len(cnt) == 0 || h < math.Log(float64(cfg.L))-1e-9 {
				return true
			}
		case RecursiveDiversity:
			if len(cnt) < cfg.L {
				return true
			}
			tail := 0
			for _, c := range cnt[cfg.L-1:] {
				tail += c
			}
			if !(float64(cnt[0]) < cfg.C*float64(tail)) {
				return true
			}
		}
	}
	if cfg.T > 0 && recorded > 0 {
		global := map[int32]int{}
		n := 0.0
		for _, s := range cfg.Sensitive {
			if s != MissingSensitive {
				global[s]++
				n++
			}
		}
		var vals []int32
		for v := range global {
			vals = append(vals, v)
		}
		slices.Sort(vals)
		emd := 0.0
		if cfg.SensitiveOrdered {
			cum := 0.0
			for i := 0; i+1 < len(vals); i++ {
				cum += float64(freq[vals[i]])/float64(recorded) - float64(global[vals[i]])/n
				emd += math.Abs(cum)
			}
			if len(vals) > 1 {
				emd /= float64(len(vals) - 1)
			}
		} else {
			for _, v := range vals {
				emd += math.Abs(float64(freq[v])/float64(recorded) - float64(global[v])/n)
			}
			emd /= 2
		}
		if emd > cfg.T+1e-9 {
			return true
		}
	}
	return false
}

// bruteValue is the metric value of releasing tab at levels with suppressed rows.
func bruteValue(tab *Table, cfg Config, levels []int, suppressed []bool, classes [][]int) float64 {
	n := tab.Rows()
	Q := len(tab.Hierarchies)
	w := make([]float64, Q)
	sum := 0.0
	for q := range w {
		w[q] = 1
		if cfg.Weights != nil {
			w[q] = cfg.Weights[q]
		}
		sum += w[q]
	}
	for q := range w {
		w[q] *= float64(Q) / sum
	}
	switch cfg.Metric {
	case Discernibility:
		v := 0
		for _, c := range classes {
			if suppressed[c[0]] {
				v += len(c) * n
			} else {
				v += len(c) * len(c)
			}
		}
		return float64(v)
	case Loss:
		v := 0.0
		for q, h := range tab.Hierarchies {
			N := len(h.Labels[0])
			under := map[int32]int{}
			for _, c := range h.Up[levels[q]] {
				under[c]++
			}
			s := 0.0
			for r := 0; r < n; r++ {
				if suppressed[r] {
					s += 1
				} else if N > 1 {
					s += float64(under[h.Up[levels[q]][tab.Columns[q][r]]]-1) / float64(N-1)
				}
			}
			v += w[q] * s
		}
		return v / float64(n*Q)
	case Entropy:
		v := 0.0
		for q, h := range tab.Hierarchies {
			leaf := map[int32]int{}
			gen := map[int32]int{}
			for r := 0; r < n; r++ {
				leaf[tab.Columns[q][r]]++
				gen[h.Up[levels[q]][tab.Columns[q][r]]]++
			}
			s := 0.0
			for r := 0; r < n; r++ {
				g := float64(n)
				if !suppressed[r] {
					g = float64(gen[h.Up[levels[q]][tab.Columns[q][r]]])
				}
				s += math.Log2(g / float64(leaf[tab.Columns[q][r]]))
			}
			v += w[q] * s
		}
		return v
	}
	panic("metric")
}

// bruteRelease computes the suppressed rows at levels and whether the release is within limits.
func bruteRelease(tab *Table, cfg Config, levels []int) (suppressed []bool, count int, ok bool, classes [][]int) {
	n := tab.Rows()
	classes = bruteClasses(tab, levels)
	suppressed = make([]bool, n)
	for _, c := range classes {
		if bruteViolatesAt(tab, cfg, levels, c) {
			for _, r := range c {
				suppressed[r] = true
				count++
			}
		}
	}
	return suppressed, count, count <= int(cfg.SuppressionLimit*float64(n)), classes
}

type bruteNode struct {
	levels []int
	value  float64
}

// bruteBetter mirrors the documented order: value (relative tolerance 1e-9), height, lexicographic.
func bruteBetter(a, b bruteNode) bool {
	e := 1e-9 * max(1, math.Abs(a.value), math.Abs(b.value))
	if a.value < b.value-e {
		return true
	}
	if a.value > b.value+e {
		return false
	}
	ha, hb := 0, 0
	for i := range a.levels {
		ha += a.levels[i]
		hb += b.levels[i]
	}
	if ha != hb {
		return ha < hb
	}
	return slices.Compare(a.levels, b.levels) < 0
}

// allNodes enumerates every level vector of tab's lattice in lexicographic order.
func allNodes(tab *Table) [][]int {
	out := [][]int{{}}
	for _, h := range tab.Hierarchies {
		var next [][]int
		for _, p := range out {
			for l := 0; l < h.Levels(); l++ {
				next = append(next, append(slices.Clone(p), l))
			}
		}
		out = next
	}
	return out
}

// bruteSearch returns the optimum by exhaustive search, or nil when no node qualifies.
func bruteSearch(tab *Table, cfg Config) *bruteNode {
	var best *bruteNode
	for _, lv := range allNodes(tab) {
		supp, _, ok, classes := bruteRelease(tab, cfg, lv)
		if !ok {
			continue
		}
		nd := bruteNode{lv, bruteValue(tab, cfg, lv, supp, classes)}
		if best == nil || bruteBetter(nd, *best) {
			best = &nd
		}
	}
	return best
}

// bruteViolatesAt is bruteViolates plus k-map at levels.
func bruteViolatesAt(tab *Table, cfg Config, levels []int, rows []int) bool {
	return bruteViolates(cfg, rows) || (cfg.KMap > 1 && brutePopCount(tab, cfg.Population, levels, rows[0]) < int64(cfg.KMap))
}

type bruteCell struct {
	leaves []int32
	count  int64
}

// brutePopCells caches, per population, the leaf combinations with a non-zero effective count:
// every combination of the lattice's leaves is enumerated (not taken from the engine) and
// counted as max(rows of the table with that combination, pop.Count of it).
var brutePopCells = map[*Population][]bruteCell{}

// brutePopCount is the population count of the class of row at levels: the sum of the effective
// counts of the leaf combinations that generalize to row's values at levels.
func brutePopCount(tab *Table, pop *Population, levels []int, row int) int64 {
	Q := len(tab.Hierarchies)
	cells, ok := brutePopCells[pop]
	if !ok {
		sample := map[string]int64{}
		for r := range tab.Rows() {
			sample[fmt.Sprint(leafCombo(tab, r))]++
		}
		combo := make([]int32, Q)
		var rec func(q int)
		rec = func(q int) {
			if q == Q {
				if c := max(sample[fmt.Sprint(combo)], pop.Count(combo)); c > 0 {
					cells = append(cells, bruteCell{slices.Clone(combo), c})
				}
				return
			}
			for leaf := range len(tab.Hierarchies[q].Labels[0]) {
				combo[q] = int32(leaf)
				rec(q + 1)
			}
		}
		rec(0)
		brutePopCells[pop] = cells
	}
	var total int64
	for _, c := range cells {
		match := true
		for q, h := range tab.Hierarchies {
			if h.Up[levels[q]][c.leaves[q]] != h.Up[levels[q]][tab.Columns[q][row]] {
				match = false
				break
			}
		}
		if match {
			total += c.count
		}
	}
	return total
}

func leafCombo(tab *Table, r int) []int32 {
	out := make([]int32, len(tab.Hierarchies))
	for q := range out {
		out[q] = tab.Columns[q][r]
	}
	return out
}
