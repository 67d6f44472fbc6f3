package anonymize

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomPopulation returns a population for tab: mostly at least the sample count of every
// sample combination (a population that dominates the sample), some cells below it or missing
// (the engine must then use the sample count), and some combinations absent from the sample.
func randomPopulation(rng *rand.Rand, tab *Table) *Population {
	pop := NewPopulation(tab)
	sample := map[string]int64{}
	var combos [][]int32
	for r := range tab.Rows() {
		c := leafCombo(tab, r)
		k := string(pop.key(c))
		if sample[k] == 0 {
			combos = append(combos, c)
		}
		sample[k]++
	}
	for _, c := range combos {
		n := sample[string(pop.key(c))]
		switch rng.IntN(10) {
		case 0: // missing: the sample count is used
		case 1:
			must(pop.Add(c, int64(rng.IntN(int(n)+1))))
		default:
			must(pop.Add(c, n+int64(rng.IntN(6))))
		}
	}
	for range rng.IntN(20) {
		c := make([]int32, len(tab.Hierarchies))
		for q, h := range tab.Hierarchies {
			c[q] = int32(rng.IntN(len(h.Labels[0])))
		}
		must(pop.Add(c, int64(rng.IntN(7))))
	}
	return pop
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// TestKMapProperties: for random tables, populations and configs, every release meets k-map in
// the population (brute force over the leaf combinations, in verifyRelease), suppresses the
// violating classes only and within the limit, and is the optimum found by exhaustive search.
func TestKMapProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	trials := 2000
	if testing.Short() {
		trials = 300
	}
	solved, noSol, bound := 0, 0, 0
	for i := range trials {
		tab, cfg := randomProblem(rng)
		cfg.K = 1 + rng.IntN(3)
		cfg.KMap = 1 + rng.IntN(10)
		cfg.Population = randomPopulation(rng, tab)
		res, err := Search(tab, cfg)
		want := bruteSearch(tab, cfg)
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
		// k-map binds when the optimum without it differs
		plain := cfg
		plain.KMap, plain.Population = 0, nil
		if w := bruteSearch(tab, plain); w != nil && !slices.Equal(w.levels, want.levels) {
			bound++
		}
		solved++
		clear(brutePopCells)
	}
	if bound == 0 {
		t.Error("k-map never changed the optimum: the test does not exercise it")
	}
	t.Logf("%d solved (%d where k-map changed the optimum), %d without solution", solved, bound, noSol)
}

// TestKMapAdult: a population made by repeating every Adult record 10 times has, for every class
// at every node, a population count of exactly 10 × its sample count (population cells equal
// 10 × sample cells, and max(sample, 10·sample) = 10·sample). So a class meets k-map 20 exactly
// when it has at least 2 records: at every node the same classes violate k-map 20 as violate
// 2-anonymity, the same rows are suppressed and the metric is the same, hence the same optimum.
func TestKMapAdult(t *testing.T) {
	a := loadAdult(t)
	pop := NewPopulation(a.table)
	for r := range a.table.Rows() {
		must(pop.Add(leafCombo(a.table, r), 10))
	}
	for _, tc := range []struct {
		supp   float64
		metric Metric
	}{{0, Loss}, {0.02, Loss}, {0.01, Discernibility}, {0, Entropy}} {
		kanon, err := Search(a.table, Config{K: 2, SuppressionLimit: tc.supp, Metric: tc.metric})
		if err != nil {
			t.Fatal(err)
		}
		kmap, err := Search(a.table, Config{K: 1, KMap: 20, Population: pop, SuppressionLimit: tc.supp, Metric: tc.metric})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(kmap.Levels, kanon.Levels) || kmap.Count != kanon.Count || kmap.Value != kanon.Value ||
			!slices.Equal(kmap.Suppressed, kanon.Suppressed) {
			t.Errorf("supp %g %v: k-map 20 gives %v (%d suppressed, %v), 2-anonymity %v (%d suppressed, %v)", tc.supp, tc.metric,
				kmap.Levels, kmap.Count, kmap.Value, kanon.Levels, kanon.Count, kanon.Value)
		}
		t.Logf("supp %g %v: %v, %d suppressed, checked %d/%d (k-anonymity: %d)", tc.supp, tc.metric, kmap.Levels, kmap.Count, kmap.Checked, kmap.Lattice, kanon.Checked)
	}
	// k-map 21 needs 3 records per class: the same as 3-anonymity.
	k3, err3 := Search(a.table, Config{K: 3})
	m21, err21 := Search(a.table, Config{K: 1, KMap: 21, Population: pop})
	if err3 != nil || err21 != nil || !slices.Equal(k3.Levels, m21.Levels) {
		t.Errorf("k-map 21 %v %v, 3-anonymity %v %v", m21, err21, k3, err3)
	}
}

func TestKMapConfigErrors(t *testing.T) {
	a := loadAdult(t)
	pop := NewPopulation(a.table)
	other := NewPopulation(&Table{Hierarchies: a.table.Hierarchies[:2]})
	for _, cfg := range []Config{
		{K: 1, KMap: 5},
		{K: 1, KMap: -1, Population: pop},
		{K: 1, KMap: 5, Population: other},
		{K: 1, PopulationUniqueness: 0.1},
		{K: 1, PopulationUniqueness: 1.5, Population: pop},
	} {
		if _, err := Search(a.table, cfg); err == nil || errors.Is(err, ErrNoSolution) {
			t.Errorf("KMap %d: got %v", cfg.KMap, err)
		}
	}
	if err := pop.Add([]int32{0}, 1); err == nil {
		t.Error("short combination accepted")
	}
	if err := pop.Add(make([]int32, 8), -1); err == nil {
		t.Error("negative count accepted")
	}
	if err := pop.Add([]int32{0, 0, 0, 0, 0, 0, 0, 999}, 1); err == nil {
		t.Error("out-of-range code accepted")
	}
}

func TestReadPopulationCSV(t *testing.T) {
	age := &Hierarchy{Name: "age", Labels: [][]string{{"30", "31", "40"}, {"30-39", "40-49"}, {"*"}}, Up: [][]int32{{0, 1, 2}, {0, 0, 1}, {0, 0, 0}}}
	city := &Hierarchy{Name: "city", Labels: [][]string{{"Delhi", "Pune"}, {"*"}}, Up: [][]int32{{0, 1}, {0, 0}}}
	tab := &Table{Hierarchies: []*Hierarchy{age, city}, Columns: [][]int32{{0, 1}, {0, 1}}}
	pop, err := ReadPopulationCSV(strings.NewReader("\ufeffcity;age;count;note\nDelhi;30;100;x\r\nPune;40;7;\nDelhi;30;5;\n"), tab)
	if err != nil {
		t.Fatal(err)
	}
	if pop.Len() != 2 || pop.Count([]int32{0, 0}) != 105 || pop.Count([]int32{2, 1}) != 7 || pop.Count([]int32{1, 1}) != 0 {
		t.Errorf("population %+v", pop)
	}
	for _, tc := range []struct{ in, want string }{
		{"age,count\n30,1\n", `line 1: column "city": missing column`},
		{"age,city\n30,Delhi\n", `line 1: column "count": missing column`},
		{"age,city,count\n30,Delhi,1\n31,Mumbai,2\n", `line 3: column "city": value not in the column's hierarchy`},
		{"age,city,count\n30,Delhi,1\n\n31,Pune,-2\n", `line 4: column "count": count is not a non-negative integer`},
		{"age,city,count\n30,Delhi,x\n", `line 2: column "count"`},
		{"age,city,count\n30,Delhi\n", `line 2: column "count": missing column`},
		{"", "line 1: no header row"},
		{"age,city,count\n30,\"Del\"hi,1\n", "line 2"},
	} {
		_, err := ReadPopulationCSV(strings.NewReader(tc.in), tab)
		var pe *PopulationError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "Mumbai") {
			t.Errorf("error names the value: %v", err)
		}
	}
}

// TestMeasurePopulation checks population-based journalist and marketer risk against the brute
// force population counts, and that without a population Measure is unchanged.
func TestMeasurePopulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 300 {
		tab, _ := randomProblem(rng)
		if tab.Rows() == 0 {
			continue
		}
		pop := randomPopulation(rng, tab)
		levels := make([]int, len(tab.Hierarchies))
		for q, h := range tab.Hierarchies {
			levels[q] = rng.IntN(h.Levels())
		}
		supp := make([]bool, tab.Rows())
		for r := range supp {
			supp[r] = rng.IntN(4) == 0
		}
		kMap := 1 + rng.IntN(6)
		m, err := MeasurePopulation(tab, levels, supp, 2, pop, kMap)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := Measure(tab, levels, supp, 2)
		if err != nil {
			t.Fatal(err)
		}
		if plain.Population || plain.Journalist != plain.Prosecutor || m.Prosecutor != plain.Prosecutor || m.Loss != plain.Loss {
			t.Fatalf("measure with population changed the rest: %+v / %+v", m, plain)
		}
		kt := kMap
		if kt <= 1 {
			kt = 2 // the threshold falls back to k
		}
		released, atRisk, uniques := 0, 0, 0
		sum, highest := 0.0, 0.0
		for _, cl := range bruteClasses(tab, levels) {
			kept := 0
			for _, r := range cl {
				if !supp[r] {
					kept++
				}
			}
			if kept == 0 {
				continue
			}
			F := brutePopCount(tab, pop, levels, cl[0])
			released += kept
			sum += float64(kept) / float64(F)
			highest = max(highest, 1/float64(F))
			if F < int64(kt) {
				atRisk += kept
			}
			if F == 1 {
				uniques += kept
			}
		}
		clear(brutePopCells)
		if released == 0 {
			continue
		}
		j := m.Journalist
		if !m.Population || j.Highest != highest || j.RecordsAtRisk != atRisk || m.PopulationUniques != uniques ||
			!near(j.Average, sum/float64(released)) || !near(m.MarketerRisk, sum/float64(released)) ||
			j.Threshold != 1/float64(kt) {
			t.Fatalf("journalist %+v marketer %v uniques %d; want highest %v, at risk %d, average %v, uniques %d",
				j, m.MarketerRisk, m.PopulationUniques, highest, atRisk, sum/float64(released), uniques)
		}
		if j.Highest > m.Prosecutor.Highest || m.MarketerRisk > plain.MarketerRisk+1e-12 {
			t.Fatalf("population risk above sample risk: %+v / %+v", m, plain)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }
