package anonymize

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func randomHierarchy(rng *rand.Rand, name string) *Hierarchy {
	leaves := 1 + rng.IntN(7)
	levels := 1 + rng.IntN(4)
	h := &Hierarchy{Name: name, Labels: make([][]string, levels), Up: make([][]int32, levels)}
	cur := make([]int32, leaves) // code at current level per leaf
	size := leaves
	for l := range levels {
		if l > 0 {
			nsize := max(1, size-rng.IntN(size))
			if l == levels-1 && rng.IntN(2) == 0 {
				nsize = 1
			}
			parent := make([]int32, size)
			for c := range parent {
				if c < nsize {
					parent[c] = int32(c) // surjective
				} else {
					parent[c] = int32(rng.IntN(nsize))
				}
			}
			rng.Shuffle(len(parent), func(i, j int) { parent[i], parent[j] = parent[j], parent[i] })
			for i := range cur {
				cur[i] = parent[cur[i]]
			}
			size = nsize
		} else {
			for i := range cur {
				cur[i] = int32(i)
			}
		}
		h.Up[l] = slices.Clone(cur)
		for c := range size {
			h.Labels[l] = append(h.Labels[l], fmt.Sprintf("%s%d.%d", name, l, c))
		}
	}
	return h
}

func randomProblem(rng *rand.Rand) (*Table, Config) {
	Q := 1 + rng.IntN(4)
	n := rng.IntN(60)
	tab := &Table{}
	for q := range Q {
		h := randomHierarchy(rng, fmt.Sprint("h", q))
		tab.Hierarchies = append(tab.Hierarchies, h)
		col := make([]int32, n)
		skew := 1 + rng.IntN(3)
		for r := range col {
			c := rng.IntN(len(h.Labels[0]))
			for range skew - 1 {
				c = min(c, rng.IntN(len(h.Labels[0])))
			}
			col[r] = int32(c)
		}
		tab.Columns = append(tab.Columns, col)
	}
	cfg := Config{K: 1 + rng.IntN(5)}
	cfg.SuppressionLimit = []float64{0, 0, 0.05, 0.1, 0.3, 1}[rng.IntN(6)]
	cfg.Metric = Metric(rng.IntN(3))
	if rng.IntN(3) == 0 {
		cfg.Weights = make([]float64, Q)
		for q := range cfg.Weights {
			cfg.Weights[q] = float64(rng.IntN(4))
		}
		cfg.Weights[rng.IntN(Q)] = 1
	}
	if rng.IntN(2) == 0 {
		dom := 1 + rng.IntN(5)
		cfg.Sensitive = make([]int32, n)
		missing := rng.IntN(3) == 0 // some values not recorded: no sensitive value
		for r := range cfg.Sensitive {
			cfg.Sensitive[r] = int32(rng.IntN(dom))
			if missing && rng.IntN(4) == 0 {
				cfg.Sensitive[r] = MissingSensitive
			}
		}
		if rng.IntN(3) > 0 {
			cfg.L = 2 + rng.IntN(2)
			cfg.Diversity = Diversity(rng.IntN(3))
			cfg.C = []float64{0.5, 1, 2, 3}[rng.IntN(4)]
		}
		if rng.IntN(2) == 0 {
			cfg.T = []float64{0.1, 0.2, 0.4, 0.7}[rng.IntN(4)]
			cfg.SensitiveOrdered = rng.IntN(2) == 0
		}
	}
	return tab, cfg
}

// verifyRelease checks res independently: suppressed rows are exactly those in classes that
// violate a model, within the limit, and the value matches the reference metric.
func verifyRelease(t *testing.T, tab *Table, cfg Config, res *Result) {
	t.Helper()
	supp, count, ok, classes := bruteRelease(tab, cfg, res.Levels)
	if !ok {
		t.Fatalf("release at %v suppresses %d rows, limit %g of %d", res.Levels, count, cfg.SuppressionLimit, tab.Rows())
	}
	if count != res.Count || !slices.Equal(supp, res.Suppressed) {
		t.Fatalf("suppressed rows differ: got %d %v, want %d %v", res.Count, res.Suppressed, count, supp)
	}
	for _, c := range classes {
		if !res.Suppressed[c[0]] && bruteViolatesAt(tab, cfg, res.Levels, c) {
			t.Fatalf("released class %v violates the models", c)
		}
	}
	want := bruteValue(tab, cfg, res.Levels, supp, classes)
	if math.Abs(want-res.Value) > 1e-9*max(1, math.Abs(want)) {
		t.Fatalf("value %v, reference %v", res.Value, want)
	}
}

func TestSearchProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	trials := 3000
	if testing.Short() {
		trials = 300
	}
	checked, lattice := 0, 0
	solved, withSupp, withModels, noSol := 0, 0, 0, 0
	for i := range trials {
		tab, cfg := randomProblem(rng)
		res, err := Search(tab, cfg)
		want := bruteSearch(tab, cfg)
		if want == nil {
			if !errors.Is(err, ErrNoSolution) {
				t.Fatalf("trial %d: want ErrNoSolution, got %v, %v (cfg %+v)", i, res, err, cfg)
			}
			noSol++
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v (cfg %+v)", i, err, cfg)
		}
		if !slices.Equal(res.Levels, want.levels) {
			t.Fatalf("trial %d: got %v (%v), brute force %v (%v); cfg %+v", i, res.Levels, res.Value, want.levels, want.value, cfg)
		}
		verifyRelease(t, tab, cfg, res)
		checked += res.Checked
		solved++
		if res.Count > 0 {
			withSupp++
		}
		if cfg.L > 1 || cfg.T > 0 {
			withModels++
		}
		lattice += res.Lattice
	}
	if checked >= lattice {
		t.Errorf("checked %d nodes of %d", checked, lattice)
	}
	t.Logf("checked %d of %d lattice nodes; %d solved (%d with suppression, %d with l/t), %d without solution",
		checked, lattice, solved, withSupp, withModels, noSol)
}
