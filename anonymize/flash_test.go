package anonymize

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

// adultOptimum holds the optimal nodes for Adult, 8 QIs (adultQIs order), k=5, 0% suppression.
var adultOptimum = map[Metric][]int{
	Loss:           {4, 3, 2, 2, 1, 0, 0, 0},
	Discernibility: {1, 3, 1, 2, 1, 1, 1, 2},
	Entropy:        {1, 3, 1, 2, 1, 1, 1, 2},
}

func TestAdultOptimum(t *testing.T) {
	a := loadAdult(t)
	for _, m := range []Metric{Loss, Discernibility, Entropy} {
		res, err := Search(a.table, Config{K: 5, Metric: m})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: %v value %v, checked %d of %d nodes, %d classes", m, res.Levels, res.Value, res.Checked, res.Lattice, res.Classes)
		if !slices.Equal(res.Levels, adultOptimum[m]) {
			t.Errorf("%v: optimum %v, want %v", m, res.Levels, adultOptimum[m])
		}
		if res.Count != 0 {
			t.Errorf("%v: %d rows suppressed with a 0%% limit", m, res.Count)
		}
		if res.Checked >= res.Lattice/10 {
			t.Errorf("%v: Flash checked %d of %d nodes", m, res.Checked, res.Lattice)
		}
	}
}

// TestAdultBruteForce evaluates all 4,320 nodes of Adult with a straightforward reference (over
// the distinct rows, with its own grouping) and checks that the literal optima are the optima.
func TestAdultBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("brute force over 4,320 nodes")
	}
	a := loadAdult(t)
	tab := a.table
	n := tab.Rows()
	Q := len(tab.Hierarchies)
	// distinct leaf combinations
	type combo struct {
		codes []int32
		rows  int
	}
	idx := map[[8]int32]int{}
	var combos []combo
	for r := range n {
		var key [8]int32
		for q := range Q {
			key[q] = tab.Columns[q][r]
		}
		i, ok := idx[key]
		if !ok {
			i = len(combos)
			idx[key] = i
			combos = append(combos, combo{codes: slices.Clone(key[:])})
		}
		combos[i].rows++
	}
	leafCount := make([]map[int32]int, Q)
	for q := range Q {
		leafCount[q] = map[int32]int{}
		for r := range n {
			leafCount[q][tab.Columns[q][r]]++
		}
	}
	best := map[Metric]*bruteNode{}
	for _, lv := range allNodes(tab) {
		sizes := map[[8]int32]int{}
		for _, c := range combos {
			var key [8]int32
			for q, h := range tab.Hierarchies {
				key[q] = h.Up[lv[q]][c.codes[q]]
			}
			sizes[key] += c.rows
		}
		ok := true
		dm := 0
		for _, s := range sizes {
			ok = ok && s >= 5
			dm += s * s
		}
		if !ok {
			continue
		}
		loss, ent := 0.0, 0.0
		for q, h := range tab.Hierarchies {
			under := map[int32]int{}
			gen := map[int32]int{}
			for leaf, c := range h.Up[lv[q]] {
				under[c]++
				gen[c] += leafCount[q][int32(leaf)]
			}
			for _, c := range combos {
				g := h.Up[lv[q]][c.codes[q]]
				loss += float64(c.rows) * float64(under[g]-1) / float64(len(h.Labels[0])-1)
				ent += float64(c.rows) * math.Log2(float64(gen[g])/float64(leafCount[q][c.codes[q]]))
			}
		}
		loss /= float64(n * Q)
		for m, v := range map[Metric]float64{Loss: loss, Discernibility: float64(dm), Entropy: ent} {
			nd := bruteNode{lv, v}
			if best[m] == nil || bruteBetter(nd, *best[m]) {
				best[m] = &nd
			}
		}
	}
	for m, want := range adultOptimum {
		if !slices.Equal(best[m].levels, want) {
			t.Errorf("%v: brute force optimum %v (%v), literal %v", m, best[m].levels, best[m].value, want)
		}
		res, err := Search(tab, Config{K: 5, Metric: m})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.Value-best[m].value) > 1e-9*max(1, best[m].value) {
			t.Errorf("%v: value %v, brute force %v", m, res.Value, best[m].value)
		}
	}
}

// TestAdultModels runs Flash on Adult with suppression and l-diversity / t-closeness on
// occupation, and checks the release independently.
func TestAdultModels(t *testing.T) {
	a := loadAdult(t)
	for _, cfg := range []Config{
		{K: 5, SuppressionLimit: 0.02},
		{K: 5, SuppressionLimit: 0.02, Metric: Discernibility},
		{K: 5, SuppressionLimit: 0.02, Metric: Entropy},
		{K: 5, SuppressionLimit: 0.01, Sensitive: a.occupation, L: 3},
		{K: 5, SuppressionLimit: 0.01, Sensitive: a.occupation, L: 3, Diversity: EntropyDiversity},
		{K: 2, SuppressionLimit: 0.01, Sensitive: a.occupation, L: 3, Diversity: RecursiveDiversity, C: 4},
		{K: 5, SuppressionLimit: 0.04, Sensitive: a.occupation, T: 0.2},
		{K: 5, Sensitive: a.occupation, T: 0.2, SensitiveOrdered: true},
	} {
		start := time.Now()
		res, err := Search(a.table, cfg)
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		t.Logf("k=%d supp=%g l=%d/%d t=%g %v: %v value %v, %d suppressed, checked %d, %v", cfg.K, cfg.SuppressionLimit,
			cfg.L, cfg.Diversity, cfg.T, cfg.Metric, res.Levels, res.Value, res.Count, res.Checked, time.Since(start))
		verifyRelease(t, a.table, cfg, res)
		if res.Checked >= res.Lattice {
			t.Errorf("checked %d of %d", res.Checked, res.Lattice)
		}
	}
}

// TestWeights: a heavy weight on a quasi-identifier keeps it more precise (age for Loss, sex for
// Entropy, which both generalize without weights).
func TestWeights(t *testing.T) {
	a := loadAdult(t)
	for m, q := range map[Metric]int{Loss: 0, Entropy: 6} {
		w := []float64{1, 1, 1, 1, 1, 1, 1, 1}
		w[q] = 50
		res, err := Search(a.table, Config{K: 5, Metric: m, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v with weight 50 on %s: %v", m, adultQIs[q], res.Levels)
		if res.Levels[q] >= adultOptimum[m][q] {
			t.Errorf("%v: weighted %s at level %d, unweighted %d", m, adultQIs[q], res.Levels[q], adultOptimum[m][q])
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := loadAdult(t)
	cfg := Config{K: 3, SuppressionLimit: 0.01, Sensitive: a.occupation, L: 2, Diversity: EntropyDiversity}
	r1, err1 := Search(a.table, cfg)
	r2, err2 := Search(a.table, cfg)
	if err1 != nil || err2 != nil || !slices.Equal(r1.Levels, r2.Levels) || r1.Value != r2.Value ||
		!slices.Equal(r1.Suppressed, r2.Suppressed) || r1.Checked != r2.Checked {
		t.Errorf("two runs differ: %+v %v / %+v %v", r1.Levels, err1, r2.Levels, err2)
	}
}

func TestConfigErrors(t *testing.T) {
	a := loadAdult(t)
	for _, cfg := range []Config{
		{K: 0},
		{K: 2, SuppressionLimit: 1.5},
		{K: 2, L: 2},
		{K: 2, T: 0.1},
		{K: 2, Weights: []float64{1}},
		{K: 2, Sensitive: a.occupation, L: 2, Diversity: RecursiveDiversity},
		{K: 2, Metric: Metric(9)},
		{K: 2, Method: Method(9)},
	} {
		if _, err := Search(a.table, cfg); err == nil || errors.Is(err, ErrNoSolution) {
			t.Errorf("%+v: got %v", cfg, err)
		}
	}
	bad := &Table{Hierarchies: a.table.Hierarchies[:1], Columns: [][]int32{{0, 1, 200}}}
	if _, err := Search(bad, Config{K: 1}); err == nil {
		t.Error("out-of-range code accepted")
	}
	if _, err := Search(a.table, Config{K: 40000}); !errors.Is(err, ErrNoSolution) {
		t.Errorf("k > n: %v", err)
	}
}

// TestFlashAnchors: rolling up through anchors (flashState.anchorFor) changes only where the
// search's tables come from, so the search checks the same nodes and finds the same release.
// Adult's base table is below anchorMin: the anchors are forced on and compared with none.
func TestFlashAnchors(t *testing.T) {
	a := loadAdult(t)
	for _, cfg := range []Config{
		{K: 5, SuppressionLimit: 0.02},
		{K: 10, SuppressionLimit: 0.05, Metric: Entropy},
		{K: 5, SuppressionLimit: 0.01, Metric: Discernibility},
		{K: 3, Sensitive: a.occupation, L: 2, SuppressionLimit: 0.02},
		{K: 5},
	} {
		var res [2]*Result
		built := 0
		for i, on := range []bool{false, true} {
			p, err := newProblem(a.table, cfg)
			if err != nil {
				t.Fatal(err)
			}
			p.anchorMin = math.MaxInt
			if on {
				p.anchorMin = 0
			}
			if res[i], err = p.flash(); err != nil {
				t.Fatal(err)
			}
			built = p.anchorsBuilt
		}
		if built == 0 {
			t.Errorf("%+v: no anchor built", cfg)
		}
		off, on := res[0], res[1]
		if !slices.Equal(off.Levels, on.Levels) || off.Checked != on.Checked || math.Float64bits(off.Value) != math.Float64bits(on.Value) ||
			off.Count != on.Count || off.Classes != on.Classes || !slices.Equal(off.Suppressed, on.Suppressed) {
			t.Errorf("k=%d metric %v: without anchors levels %v, %d checked, value %v, %d suppressed, %d classes; with %d anchors %v, %d, %v, %d, %d",
				cfg.K, cfg.Metric, off.Levels, off.Checked, off.Value, off.Count, off.Classes, built, on.Levels, on.Checked, on.Value, on.Count, on.Classes)
		}
	}
}

// TestFlashCacheFloor: the cache's floor (cacheBudget) changes only which tables the search
// keeps, so where its rollups start: the same nodes checked and the same release, with fewer
// entries rolled when more tables are kept. Without a floor Adult's budget is four times its
// base table, counted by capacity.
func TestFlashCacheFloor(t *testing.T) {
	a := loadAdult(t)
	for _, cfg := range []Config{
		{K: 5, SuppressionLimit: 0.02},
		{K: 10, SuppressionLimit: 0.05, Metric: Entropy},
		{K: 5, SuppressionLimit: 0.01, Metric: Discernibility},
	} {
		var res [2]*Result
		var rolled [2]int
		for i, floor := range []int{0, cacheFloor} {
			p, err := newProblem(a.table, cfg)
			if err != nil {
				t.Fatal(err)
			}
			p.cacheFloor = floor
			if res[i], err = p.flash(); err != nil {
				t.Fatal(err)
			}
			rolled[i] = p.rolled
		}
		off, on := res[0], res[1]
		if !slices.Equal(off.Levels, on.Levels) || off.Checked != on.Checked || math.Float64bits(off.Value) != math.Float64bits(on.Value) ||
			off.Count != on.Count || off.Classes != on.Classes || !slices.Equal(off.Suppressed, on.Suppressed) {
			t.Errorf("k=%d %v: without the floor levels %v, %d checked, value %v, %d suppressed, %d classes; with %v, %d, %v, %d, %d",
				cfg.K, cfg.Metric, off.Levels, off.Checked, off.Value, off.Count, off.Classes, on.Levels, on.Checked, on.Value, on.Count, on.Classes)
		}
		t.Logf("k=%d %v: %d checked, %d entries rolled without the floor, %d with", cfg.K, cfg.Metric, on.Checked, rolled[0], rolled[1])
		if rolled[1] >= rolled[0] {
			t.Errorf("k=%d %v: %d entries rolled with the floor, %d without: the floor kept no more tables", cfg.K, cfg.Metric, rolled[1], rolled[0])
		}
	}
}

// TestFlashParted: grouping the rollups by partitions (rollupParted) gives the tables of one
// hash table, so the search checks the same nodes and finds the same release; on Adult (one
// partition, its base forced into the path) and on wideTable (sources of many partitions).
func TestFlashParted(t *testing.T) {
	a := loadAdult(t)
	wide := wideTable(400_000, 1, 12)
	wide6 := wideTableQ(40_000, 3, 12, 6)
	for _, c := range []struct {
		t   *Table
		cfg Config
	}{
		{a.table, Config{K: 5, SuppressionLimit: 0.02}},
		{a.table, Config{K: 10, SuppressionLimit: 0.05, Metric: Entropy}},
		{a.table, Config{K: 3, Sensitive: a.occupation, L: 2, SuppressionLimit: 0.02}},
		{wide, Config{K: 5, SuppressionLimit: 0.02}},
		{wide, Config{K: 10, SuppressionLimit: 0.05, Metric: Discernibility}},
		{wide6, Config{K: 5, SuppressionLimit: 0.02}}, // key spaces over 32 bits: rollupPartedWide
	} {
		var res [2]*Result
		parted := 0
		for i, min := range []int{math.MaxInt, 0} {
			p, err := newProblem(c.t, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			p.partMin = min
			if res[i], err = p.flash(); err != nil {
				t.Fatal(err)
			}
			parted = p.parted
		}
		if parted == 0 {
			t.Errorf("%d rows %+v: no rollup partitioned", c.t.Rows(), c.cfg)
		}
		off, on := res[0], res[1]
		if !slices.Equal(off.Levels, on.Levels) || off.Checked != on.Checked || math.Float64bits(off.Value) != math.Float64bits(on.Value) ||
			off.Count != on.Count || off.Classes != on.Classes || !slices.Equal(off.Suppressed, on.Suppressed) {
			t.Errorf("%d rows k=%d %v: one table: levels %v, %d checked, value %v, %d suppressed, %d classes; %d partitioned: %v, %d, %v, %d, %d",
				c.t.Rows(), c.cfg.K, c.cfg.Metric, off.Levels, off.Checked, off.Value, off.Count, off.Classes, parted, on.Levels, on.Checked, on.Value, on.Count, on.Classes)
		}
		t.Logf("%d rows k=%d %v: %d checked, %d rollups partitioned", c.t.Rows(), c.cfg.K, c.cfg.Metric, on.Checked, parted)
	}
}
