package anonymize

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Independent checks of k-map under Mondrian and of the population-uniqueness threshold. The
// population counts are recomputed here from the rows, the Population's Count and the
// hierarchies' labels, never from the engine's structures.

// popOracle gives the population count of a region (a set of leaves per hierarchy): the sum, over
// every combination of leaves in it, of max(rows with that combination, pop.Count).
type popOracle struct {
	tab    *Table
	pop    *Population
	sample map[string]int64
}

func newPopOracle(tab *Table, pop *Population) *popOracle {
	o := &popOracle{tab: tab, pop: pop, sample: map[string]int64{}}
	for r := range tab.Rows() {
		o.sample[fmt.Sprint(leafCombo(tab, r))]++
	}
	return o
}

func (o *popOracle) count(region [][]int32) int64 {
	var total int64
	combo := make([]int32, len(region))
	var rec func(q int)
	rec = func(q int) {
		if q == len(region) {
			total += max(o.sample[fmt.Sprint(combo)], o.pop.Count(combo))
			return
		}
		for _, leaf := range region[q] {
			combo[q] = leaf
			rec(q + 1)
		}
	}
	rec(0)
	return total
}

// labelRegion is the set of leaves of h that a released label stands for: those with the label
// at some level, every leaf for "*".
func labelRegion(h *Hierarchy, label string) []int32 {
	var out []int32
	for leaf := range h.Labels[0] {
		ok := label == "*"
		for l := range h.Levels() {
			ok = ok || h.Label(l, int32(leaf)) == label
		}
		if ok {
			out = append(out, int32(leaf))
		}
	}
	return out
}

// lcaRegion is the set of leaves under the lowest common ancestor of the rows' values of
// hierarchy q (every leaf when they have none).
func lcaRegion(tab *Table, q int, rows []int) []int32 {
	h := tab.Hierarchies[q]
	for l := range h.Levels() {
		code := h.Up[l][tab.Columns[q][rows[0]]]
		same := true
		for _, r := range rows {
			same = same && h.Up[l][tab.Columns[q][r]] == code
		}
		if same {
			var out []int32
			for leaf, c := range h.Up[l] {
				if c == code {
					out = append(out, int32(leaf))
				}
			}
			return out
		}
	}
	return labelRegion(h, "*")
}

// mondrianClasses groups the released rows of a Mondrian result by their labels.
func mondrianClasses(tab *Table, res *Result) [][]int {
	idx := map[string]int{}
	var out [][]int
	for r := range tab.Rows() {
		if res.Suppressed[r] {
			continue
		}
		var key []string
		for q := range tab.Hierarchies {
			key = append(key, res.Labels[q][r])
		}
		k := strings.Join(key, "\x00")
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

// TestMondrianKMapProperties: for random tables, populations and configs, every class Mondrian
// releases matches at least KMap people of the population (counted over the leaves its labels
// stand for), the population-unique records stay within the threshold, and a table whose whole
// region fails is suppressed or has no solution.
func TestMondrianKMapProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	trials := 1500
	if testing.Short() {
		trials = 300
	}
	bound, uniq, released := 0, 0, 0
	for i := range trials {
		tab, cfg := randomProblem(rng)
		cfg.Method = Mondrian
		cfg.K = 1 + rng.IntN(3)
		cfg.Population = randomPopulation(rng, tab)
		cfg.KMap = rng.IntN(12)
		if rng.IntN(3) == 0 {
			cfg.KMap = 0
			cfg.PopulationUniqueness = []float64{0.05, 0.1, 0.3}[rng.IntN(3)]
		}
		o := newPopOracle(tab, cfg.Population)
		n := tab.Rows()
		res, err := Search(tab, cfg)
		if errors.Is(err, ErrNoSolution) || (err == nil && n > 0 && res.Count == n) {
			all := make([]int, n)
			for r := range all {
				all[r] = r
			}
			region := make([][]int32, len(tab.Hierarchies))
			for q := range region {
				region[q] = lcaRegion(tab, q, all)
			}
			F := o.count(region)
			whole := bruteViolates(cfg, all) || (cfg.KMap > 1 && F < int64(cfg.KMap)) ||
				(cfg.PopulationUniqueness > 0 && F == 1 && 1 > cfg.PopulationUniqueness*float64(n))
			if !whole {
				t.Fatalf("trial %d: everything suppressed (%v) although the whole table is fine", i, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", i, err)
		}
		verifyMondrian(t, tab, cfg, res)
		uniques := 0
		for _, rows := range mondrianClasses(tab, res) {
			region := make([][]int32, len(tab.Hierarchies))
			for q, h := range tab.Hierarchies {
				region[q] = labelRegion(h, res.Labels[q][rows[0]])
			}
			F := o.count(region)
			if F < int64(len(rows)) {
				t.Fatalf("trial %d: population count %d below the class size %d", i, F, len(rows))
			}
			if cfg.KMap > 1 && F < int64(cfg.KMap) {
				t.Fatalf("trial %d: released class %v matches %d people, k-map %d", i, rows, F, cfg.KMap)
			}
			if F == 1 {
				uniques++
			}
			released++
		}
		if cfg.PopulationUniqueness > 0 && float64(uniques) > cfg.PopulationUniqueness*float64(n) {
			t.Fatalf("trial %d: %d of %d records unique in the population, threshold %g", i, uniques, n, cfg.PopulationUniqueness)
		}
		uniq += uniques
		// Does the population model change the outcome? Without it, some released class would
		// be too small in the population or too many records unique.
		plain := cfg
		plain.KMap, plain.PopulationUniqueness, plain.Population = 0, 0, nil
		if pr, err := Search(tab, plain); err == nil && !slices.EqualFunc(pr.Labels, res.Labels, slices.Equal) {
			bound++
		}
	}
	if bound == 0 || uniq == 0 {
		t.Errorf("the population models changed %d releases and allowed %d uniques: the test does not exercise them", bound, uniq)
	}
	t.Logf("%d released classes checked; the population models changed %d releases; %d population uniques released within thresholds", released, bound, uniq)
}

// bruteUniquesOK reports whether the release at levels with suppressed rows keeps population
// uniques within cfg.PopulationUniqueness, and the number of them.
func bruteUniquesOK(tab *Table, cfg Config, levels []int, suppressed []bool, classes [][]int) (bool, int) {
	uniques, released := 0, 0
	for _, c := range classes {
		if suppressed[c[0]] {
			continue
		}
		released += len(c)
		if brutePopCount(tab, cfg.Population, levels, c[0]) == 1 {
			uniques += len(c)
		}
	}
	return cfg.PopulationUniqueness <= 0 || float64(uniques) <= cfg.PopulationUniqueness*float64(released), uniques
}

// bruteSearchUnique is bruteSearch with the population-uniqueness threshold.
func bruteSearchUnique(tab *Table, cfg Config) *bruteNode {
	var best *bruteNode
	for _, lv := range allNodes(tab) {
		supp, _, ok, classes := bruteRelease(tab, cfg, lv)
		if !ok {
			continue
		}
		if ok, _ := bruteUniquesOK(tab, cfg, lv, supp, classes); !ok {
			continue
		}
		nd := bruteNode{lv, bruteValue(tab, cfg, lv, supp, classes)}
		if best == nil || bruteBetter(nd, *best) {
			best = &nd
		}
	}
	return best
}

// TestPopulationUniquenessProperties: for random tables, populations and configs (suppression,
// l-diversity and t-closeness included), the full-domain release keeps the population uniques
// within the threshold when recomputed independently, suppresses exactly the violating classes,
// and is the optimum of an exhaustive search: no finer or better node meets the threshold.
func TestPopulationUniquenessProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	trials := 2000
	if testing.Short() {
		trials = 300
	}
	solved, noSol, bound, withSupp := 0, 0, 0, 0
	for i := range trials {
		tab, cfg := randomProblem(rng)
		cfg.K = 1 + rng.IntN(4)/3 // mostly 1: with k ≥ 2 no class is unique in the population
		cfg.Population = randomPopulation(rng, tab)
		cfg.PopulationUniqueness = []float64{0.02, 0.05, 0.1, 0.2, 0.5, 1}[rng.IntN(6)]
		if rng.IntN(5) == 0 {
			cfg.KMap = 1 + rng.IntN(4)
		}
		res, err := Search(tab, cfg)
		want := bruteSearchUnique(tab, cfg)
		if want == nil {
			if !errors.Is(err, ErrNoSolution) {
				t.Fatalf("trial %d: want ErrNoSolution, got %v, %v", i, res, err)
			}
			noSol++
			clear(brutePopCells)
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", i, err)
		}
		if !slices.Equal(res.Levels, want.levels) {
			t.Fatalf("trial %d: got %v (%v), brute force %v (%v); cfg %+v", i, res.Levels, res.Value, want.levels, want.value, cfg)
		}
		verifyRelease(t, tab, cfg, res)
		classes := bruteClasses(tab, res.Levels)
		ok, uniques := bruteUniquesOK(tab, cfg, res.Levels, res.Suppressed, classes)
		if !ok {
			t.Fatalf("trial %d: %d population uniques among %d released, threshold %g", i, uniques, tab.Rows()-res.Count, cfg.PopulationUniqueness)
		}
		if released := tab.Rows() - res.Count; released > 0 {
			m, err := MeasurePopulation(tab, res.Levels, res.Suppressed, cfg.K, cfg.Population, cfg.KMap)
			if err != nil {
				t.Fatal(err)
			}
			if m.PopulationUniqueShare == nil || !near(*m.PopulationUniqueShare, float64(uniques)/float64(released)) {
				t.Fatalf("trial %d: measured share %v, want %d/%d", i, m.PopulationUniqueShare, uniques, released)
			}
		}
		plain := cfg
		plain.PopulationUniqueness = 0
		if w := bruteSearchUnique(tab, plain); w != nil && !slices.Equal(w.levels, want.levels) {
			bound++
		}
		if res.Count > 0 {
			withSupp++
		}
		solved++
		clear(brutePopCells)
	}
	if bound == 0 {
		t.Error("the threshold never changed the optimum: the test does not exercise it")
	}
	t.Logf("%d solved (%d where the threshold changed the optimum, %d with suppression), %d without solution", solved, bound, withSupp, noSol)
}
