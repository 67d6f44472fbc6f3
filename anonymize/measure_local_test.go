package anonymize

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// labelCovers reports whether a released label stands for leaf in h: "*", or the label of one
// of the leaf's ancestors (labels of the random hierarchies name one node each).
func labelCovers(h *Hierarchy, label string, leaf int32) bool {
	if label == "*" {
		return true
	}
	for l := range h.Levels() {
		if h.Label(l, leaf) == label {
			return true
		}
	}
	return false
}

// TestMeasureMondrian recomputes the metrics of random Mondrian releases from their labels alone
// (classes are the released rows with the same labels) and compares them with MeasureResult:
// plain, with a population (and sometimes k-map), with rows withheld after the search (as
// Release.Guard does) and with every row suppressed.
func TestMeasureMondrian(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	measured, withPop, allSupp, extra := 0, 0, 0, 0
	for i := range 600 {
		tab, cfg := randomProblem(rng)
		cfg.Method = Mondrian
		n := tab.Rows()
		if n == 0 {
			continue
		}
		if i%10 == 0 { // the whole table fails: everything suppressed
			cfg.K, cfg.SuppressionLimit = n+1, 1
		}
		var pop *Population
		kMap := 0
		if rng.IntN(2) == 0 {
			pop = randomPopulation(rng, tab)
			kMap = rng.IntN(8)
			if rng.IntN(2) == 0 {
				cfg.Population, cfg.KMap = pop, kMap
			}
		}
		res, err := Search(tab, cfg)
		if errors.Is(err, ErrNoSolution) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		supp := res.Suppressed
		if rng.IntN(3) == 0 { // rows withheld after the search
			supp = make([]bool, n)
			for r := range supp {
				supp[r] = res.Suppressed[r] || rng.IntN(4) == 0
			}
			extra++
		}
		k := max(cfg.K, 2)
		m, err := MeasureResult(tab, res, supp, k, pop, kMap)
		if err != nil {
			t.Fatal(err)
		}
		measured++

		// Reference: classes by labels.
		classes := map[string][]int{}
		var keys []string
		released, suppressed := 0, 0
		for r := range n {
			if supp[r] {
				suppressed++
				continue
			}
			released++
			var key []string
			for q := range tab.Hierarchies {
				key = append(key, res.Labels[q][r])
			}
			k := strings.Join(key, "\x00")
			if classes[k] == nil {
				keys = append(keys, k)
			}
			classes[k] = append(classes[k], r)
		}
		if released == 0 {
			allSupp++
		}
		minSize, below, dm := 0, 0, 0.0
		for _, rows := range classes {
			s := len(rows)
			if minSize == 0 || s < minSize {
				minSize = s
			}
			if s < k {
				below += s
			}
			dm += float64(s * s)
		}
		dm += float64(suppressed * n)
		if m.Rows != n || m.Released != released || m.Suppressed != suppressed || m.Classes != len(classes) ||
			m.MinClassSize != minSize || m.RecordsBelowK != below || m.Discernibility != dm {
			t.Fatalf("trial %d: got %d released, %d suppressed, %d classes, min %d, %d below k, discernibility %v; want %d, %d, %d, %d, %d, %v",
				i, m.Released, m.Suppressed, m.Classes, m.MinClassSize, m.RecordsBelowK, m.Discernibility,
				released, suppressed, len(classes), minSize, below, dm)
		}
		if released > 0 && (m.Prosecutor.Highest != 1/float64(minSize) || m.Prosecutor.RecordsAtRisk != below) {
			t.Fatalf("trial %d: prosecutor %+v, want highest %v", i, m.Prosecutor, 1/float64(minSize))
		}
		hist := 0
		for _, b := range m.ClassSizes {
			hist += b.Records
		}
		if hist != released {
			t.Fatalf("trial %d: histogram holds %d records, %d released", i, hist, released)
		}

		// Loss and entropy from the labels: a value costs what the ancestor its label names
		// covers (leaves, or rows of the table); a suppressed one is fully generalized.
		loss, ent := 0.0, 0.0
		for q, h := range tab.Hierarchies {
			N := len(h.Labels[0])
			leafRows := map[int32]int{}
			for _, c := range tab.Columns[q] {
				leafRows[c]++
			}
			for r := range n {
				leaf := tab.Columns[q][r]
				if supp[r] {
					loss++
					ent += math.Log2(float64(n) / float64(leafRows[leaf]))
					continue
				}
				lab := res.Labels[q][r]
				leaves, rows := 0, 0
				for c := range N {
					if labelCovers(h, lab, int32(c)) {
						leaves++
						rows += leafRows[int32(c)]
					}
				}
				if N > 1 {
					loss += float64(leaves-1) / float64(N-1)
				}
				ent += math.Log2(float64(rows) / float64(leafRows[leaf]))
			}
		}
		loss /= float64(n * len(tab.Hierarchies))
		if math.Abs(m.Loss-loss) > 1e-9 || math.Abs(m.Entropy-ent) > 1e-9*max(1, ent) {
			t.Fatalf("trial %d: loss %v entropy %v, want %v %v", i, m.Loss, m.Entropy, loss, ent)
		}
		// The same as the search's own value when nothing more was withheld.
		if cfg.Weights == nil && sameFlags(supp, res.Suppressed) {
			got := map[Metric]float64{Loss: m.Loss, Entropy: m.Entropy, Discernibility: m.Discernibility}[cfg.Metric]
			if (cfg.Metric != Discernibility || m.Classes == res.Classes || released == 0) && math.Abs(got-res.Value) > 1e-9*max(1, res.Value) {
				t.Fatalf("trial %d: %v measured %v, search %v", i, cfg.Metric, got, res.Value)
			}
		}

		if pop == nil {
			if m.Population || m.Journalist != m.Prosecutor {
				t.Fatalf("trial %d: population metrics without a population: %+v", i, m)
			}
			continue
		}
		if released == 0 {
			continue
		}
		withPop++
		// Population counts by brute force: every leaf combination with its effective count,
		// max(sample, population), summed over those the class's labels cover.
		sample := map[string]int64{}
		for r := range n {
			sample[string(pop.key(leafCombo(tab, r)))]++
		}
		kt := kMap
		if kt <= 1 {
			kt = k
		}
		minF, atRisk, uniques, sum := int64(0), 0, 0, 0.0
		pr, err := newProblem(tab, Config{K: 1, Population: pop})
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range keys {
			rows := classes[key]
			labels := strings.Split(key, "\x00")
			var F int64
			combo := make([]int32, len(tab.Hierarchies))
			var rec func(q int)
			rec = func(q int) {
				if q == len(combo) {
					in := true
					for d, h := range tab.Hierarchies {
						in = in && labelCovers(h, labels[d], combo[d])
					}
					if in {
						F += max(sample[string(pop.key(combo))], pop.Count(combo))
					}
					return
				}
				for c := range len(tab.Hierarchies[q].Labels[0]) {
					combo[q] = int32(c)
					rec(q + 1)
				}
			}
			rec(0)
			// Mondrian's own k-map count of the cell (its rows as the search left them)
			// is the same.
			var cell []int32
			for r := range n {
				if !res.Suppressed[r] && labelsOf(res, r) == key {
					cell = append(cell, pr.rowEntry[r])
				}
			}
			all := make([]int32, pr.pop.len())
			for j := range all {
				all[j] = int32(j)
			}
			if _, f := pr.regionPop(cell, all); f != F {
				t.Fatalf("trial %d: class population %d, regionPop %d", i, F, f)
			}
			if minF == 0 || F < minF {
				minF = F
			}
			if F < int64(kt) {
				atRisk += len(rows)
			}
			if F == 1 {
				uniques += len(rows)
			}
			sum += float64(len(rows)) / float64(F)
		}
		j := m.Journalist
		if !m.Population || j.Highest != 1/float64(minF) || j.RecordsAtRisk != atRisk || m.PopulationUniques != uniques ||
			!near(m.MarketerRisk, sum/float64(released)) || j.Threshold != 1/float64(kt) {
			t.Fatalf("trial %d: journalist %+v marketer %v uniques %d; want highest %v, at risk %d, marketer %v, uniques %d",
				i, j, m.MarketerRisk, m.PopulationUniques, 1/float64(minF), atRisk, sum/float64(released), uniques)
		}
		if cfg.KMap > 1 && kMap == cfg.KMap && j.RecordsAtRisk != 0 {
			t.Fatalf("trial %d: %d records below k-map %d in a k-map release", i, j.RecordsAtRisk, kMap)
		}
	}
	t.Logf("%d measured, %d with a population, %d all suppressed, %d with rows withheld", measured, withPop, allSupp, extra)
	if measured < 300 || withPop < 80 || allSupp < 20 || extra < 80 {
		t.Fatalf("too few cases: %d measured, %d with a population, %d all suppressed, %d with rows withheld", measured, withPop, allSupp, extra)
	}
}

func labelsOf(res *Result, r int) string {
	var key []string
	for q := range res.Labels {
		key = append(key, res.Labels[q][r])
	}
	return strings.Join(key, "\x00")
}

func sameFlags(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestMeasureResultFullDomain: for a full-domain result MeasureResult is MeasurePopulation at
// the result's levels.
func TestMeasureResultFullDomain(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 100 {
		tab, cfg := randomProblem(rng)
		res, err := Search(tab, cfg)
		if errors.Is(err, ErrNoSolution) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := MeasureResult(tab, res, nil, cfg.K, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Measure(tab, res.Levels, res.Suppressed, cfg.K)
		if err != nil {
			t.Fatal(err)
		}
		if got.Classes != want.Classes || got.Loss != want.Loss || got.Released != want.Released {
			t.Fatalf("MeasureResult %+v, Measure %+v", got, want)
		}
	}
}

// TestMeasureMondrianErrors: labels and flags that do not fit the table are errors.
func TestMeasureMondrianErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	var tab *Table
	var res *Result
	for res == nil {
		var cfg Config
		tab, cfg = randomProblem(rng)
		if tab.Rows() == 0 {
			continue
		}
		cfg.Method, cfg.K, cfg.L, cfg.T = Mondrian, 1, 0, 0
		var err error
		if res, err = Search(tab, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := MeasureResult(tab, res, make([]bool, tab.Rows()+1), 2, nil, 0); err == nil {
		t.Error("wrong number of suppression flags accepted")
	}
	short := *res
	short.Labels = res.Labels[1:]
	if _, err := MeasureResult(tab, &short, nil, 2, nil, 0); err == nil {
		t.Error("missing label column accepted")
	}
	short.Labels = [][]string{}
	for _, col := range res.Labels {
		short.Labels = append(short.Labels, col[1:])
	}
	if _, err := MeasureResult(tab, &short, nil, 2, nil, 0); err == nil {
		t.Error("short label column accepted")
	}
}

// TestMeasureMondrianAdult: on Adult (ARX's hierarchies) the measured loss of a Mondrian
// release is the search's, and every class holds at least k records.
func TestMeasureMondrianAdult(t *testing.T) {
	a := loadAdult(t)
	res, err := Search(a.table, Config{K: 5, Method: Mondrian})
	if err != nil {
		t.Fatal(err)
	}
	m, err := MeasureResult(a.table, res, nil, 5, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.Loss-res.Value) > 1e-9 || m.Released != 30162 || m.MinClassSize < 5 || m.RecordsBelowK != 0 ||
		m.Classes > res.Classes || m.Prosecutor.Highest > 0.2 {
		t.Errorf("measured %+v; search loss %v, %d cells", m, res.Value, res.Classes)
	}
	t.Logf("%d classes (%d cells), loss %v, entropy %v", m.Classes, res.Classes, m.Loss, m.Entropy)
}
