package anonymize

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"
)

// problem is a validated Table and Config with everything the searches precompute once.
type problem struct {
	t       *Table
	cfg     Config
	q       int   // number of quasi-identifiers
	width   int   // q, plus one when a sensitive attribute is present (stored last)
	n       int   // rows
	maxSupp int64 // rows that may be suppressed
	// preferSupp is the rows Config.Prefer's levels would suppress, when they do not hold
	// within the limit (preferred).
	preferSupp int64
	sens       bool
	// monoAll says every privacy model is monotone for the search: true when no row may be
	// suppressed. Otherwise only k-anonymity and distinct l-diversity are (see flash.go).
	monoAll bool

	nLev  []int         // levels per hierarchy
	size  [][]int       // size[q][l]: number of codes at level l
	up    [][][][]int32 // up[q][a][b][code at a] = code at b, for a < b
	sSize int           // sensitive domain size (max code + 1, the missing code included)
	sens0 []int32       // sensitive code per row, MissingSensitive replaced by sMiss
	sMiss int32         // internal code of a missing sensitive value; -1 when none is missing

	// sensitive distribution over the whole table, for t-closeness
	sGlobal []float64 // by code
	sOrder  []int32   // present sensitive codes in increasing order
	scratch []float64 // per sensitive code, zero between uses (ordered EMD)

	weights []float64 // normalized to sum q; nil weights → all 1

	// Quality-model precomputation, see metric.go.
	sep [][]float64   // sep[q][l]: separable part of Loss or Entropy for hierarchy q at level l
	pen [][][]float64 // pen[q][l][code]: extra cost of suppressing a row with that code at level l

	base     *classTable // distinct (leaf codes..., sensitive) combinations with row counts
	rowEntry []int32     // row -> index in base

	// pop holds the effective population count, max(sample, population), of every distinct leaf
	// combination (quasi-identifiers only) of the sample or of Config.Population; nil without one.
	pop *classTable

	// anchorMin is the base table's size from which Flash rolls up through anchors (see
	// flashState.anchorFor); tests lower it. anchorsBuilt counts the anchors built.
	anchorMin, anchorsBuilt int
	// cacheFloor is cacheFloor (see cacheBudget); tests change it. rolled counts the source
	// entries of the rollups of the nodes Flash checked.
	cacheFloor, rolled int
	// partMin is the source size from which a rollup groups by cache-sized partitions
	// (rollupParted); tests and benchmarks change it. parted counts those rollups.
	partMin, parted int
	parts           partScratch
}

// classTable lists the distinct generalized combinations at one lattice node: codes per
// dimension (the quasi-identifiers at levels, then the sensitive value when present) and counts.
type classTable struct {
	levels []int
	width  int
	codes  []int32
	counts []int64
}

func (c *classTable) len() int { return len(c.counts) }

func newProblem(t *Table, cfg Config) (*problem, error) {
	if cfg.K < 1 {
		return nil, fmt.Errorf("anonymize: k must be at least 1, got %d", cfg.K)
	}
	if !(cfg.SuppressionLimit >= 0 && cfg.SuppressionLimit <= 1) {
		return nil, fmt.Errorf("anonymize: suppression limit must be in [0,1], got %g", cfg.SuppressionLimit)
	}
	q := len(t.Hierarchies)
	if q == 0 {
		return nil, fmt.Errorf("anonymize: table has no quasi-identifiers")
	}
	if len(t.Columns) != q {
		return nil, fmt.Errorf("anonymize: %d hierarchies but %d columns", q, len(t.Columns))
	}
	n := t.Rows()
	for i, c := range t.Columns {
		if len(c) != n {
			return nil, fmt.Errorf("anonymize: column %d has %d rows, want %d", i, len(c), n)
		}
	}
	if n >= math.MaxInt32 {
		return nil, fmt.Errorf("anonymize: too many rows (%d)", n)
	}
	for _, h := range t.Hierarchies {
		if err := h.validate(); err != nil {
			return nil, err
		}
	}
	if cfg.Weights != nil && len(cfg.Weights) != q {
		return nil, fmt.Errorf("anonymize: %d weights for %d hierarchies", len(cfg.Weights), q)
	}
	if cfg.Metric < Loss || cfg.Metric > Entropy {
		return nil, fmt.Errorf("anonymize: unknown metric %d", int(cfg.Metric))
	}
	wantSens := cfg.L > 1 || cfg.T > 0
	if wantSens && cfg.Sensitive == nil {
		return nil, fmt.Errorf("anonymize: l-diversity and t-closeness need Config.Sensitive")
	}
	if cfg.Sensitive != nil && len(cfg.Sensitive) != n {
		return nil, fmt.Errorf("anonymize: %d sensitive values for %d rows", len(cfg.Sensitive), n)
	}
	if cfg.L > 1 {
		switch cfg.Diversity {
		case DistinctDiversity, EntropyDiversity:
		case RecursiveDiversity:
			if !(cfg.C > 0) {
				return nil, fmt.Errorf("anonymize: recursive (c,l)-diversity needs c > 0, got %g", cfg.C)
			}
		default:
			return nil, fmt.Errorf("anonymize: unknown diversity %d", int(cfg.Diversity))
		}
	}
	if cfg.T < 0 || cfg.T != cfg.T {
		return nil, fmt.Errorf("anonymize: t must be ≥ 0, got %g", cfg.T)
	}
	if cfg.KMap < 0 {
		return nil, fmt.Errorf("anonymize: k-map must be ≥ 0, got %d", cfg.KMap)
	}
	if cfg.KMap > 1 && cfg.Population == nil {
		return nil, fmt.Errorf("anonymize: k-map needs Config.Population")
	}
	if !(cfg.PopulationUniqueness >= 0 && cfg.PopulationUniqueness <= 1) {
		return nil, fmt.Errorf("anonymize: population uniqueness must be in [0,1], got %g", cfg.PopulationUniqueness)
	}
	if cfg.PopulationUniqueness > 0 && cfg.Population == nil {
		return nil, fmt.Errorf("anonymize: a population-uniqueness threshold needs Config.Population")
	}
	p := &problem{t: t, cfg: cfg, q: q, width: q, n: n, anchorMin: anchorMin, cacheFloor: cacheFloor, partMin: partMin}
	p.maxSupp = int64(cfg.SuppressionLimit * float64(n))
	p.monoAll = p.maxSupp == 0
	if wantSens {
		p.sens = true
		p.width = q + 1
		p.sMiss = -1
		for i, s := range cfg.Sensitive {
			if s < 0 && s != MissingSensitive {
				return nil, fmt.Errorf("anonymize: negative sensitive code %d in row %d", s, i)
			}
			if int(s) >= p.sSize {
				p.sSize = int(s) + 1
			}
		}
		// A missing value gets a code of its own after the others, so that classes group as
		// usual; sensitiveOK leaves it out of every model.
		p.sens0 = cfg.Sensitive
		if slices.Contains(cfg.Sensitive, MissingSensitive) {
			p.sMiss = int32(p.sSize)
			p.sSize++
			p.sens0 = make([]int32, n)
			for i, s := range cfg.Sensitive {
				if s == MissingSensitive {
					s = p.sMiss
				}
				p.sens0[i] = s
			}
		}
		counts := make([]int64, p.sSize)
		var recorded int64
		for _, s := range p.sens0 {
			counts[s]++
			if s != p.sMiss {
				recorded++
			}
		}
		// t-closeness compares distributions of recorded values only.
		p.sGlobal = make([]float64, p.sSize)
		for s, c := range counts {
			if c > 0 && int32(s) != p.sMiss {
				p.sGlobal[s] = float64(c) / float64(recorded)
				p.sOrder = append(p.sOrder, int32(s))
			}
		}
	}
	p.nLev = make([]int, q)
	p.size = make([][]int, q)
	p.up = make([][][][]int32, q)
	for i, h := range t.Hierarchies {
		L := h.Levels()
		p.nLev[i] = L
		p.size[i] = make([]int, L)
		for l := range L {
			p.size[i][l] = len(h.Labels[l])
		}
		p.up[i] = make([][][]int32, L)
		for a := range L {
			p.up[i][a] = make([][]int32, L)
			for b := a + 1; b < L; b++ {
				m := make([]int32, p.size[i][a])
				for leaf, c := range h.Up[a] {
					m[c] = h.Up[b][leaf]
				}
				p.up[i][a][b] = m
			}
		}
	}
	p.weights = make([]float64, q)
	if cfg.Weights == nil {
		for i := range p.weights {
			p.weights[i] = 1
		}
	} else {
		sum := 0.0
		for i, w := range cfg.Weights {
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("anonymize: weight %d is %g, want a finite value ≥ 0", i, w)
			}
			sum += w
		}
		if sum == 0 {
			return nil, fmt.Errorf("anonymize: all weights are zero")
		}
		for i, w := range cfg.Weights {
			p.weights[i] = w * float64(q) / sum
		}
	}
	if err := p.buildBase(); err != nil {
		return nil, err
	}
	if cfg.Population != nil {
		if err := p.buildPopulation(cfg.Population); err != nil {
			return nil, err
		}
	}
	p.prepareMetric()
	return p, nil
}

// radix returns the mixed-radix multipliers that turn a combination of codes at levels into a
// single uint64 key and the size of the key space, or nil when it does not fit in 63 bits.
func (p *problem) radix(levels []int) ([]uint64, uint64) {
	return p.radixW(levels, p.width)
}

// radixW is radix for the first width dimensions (width = q: quasi-identifiers only).
func (p *problem) radixW(levels []int, width int) ([]uint64, uint64) {
	r := make([]uint64, width)
	mult := uint64(1)
	for d := width - 1; d >= 0; d-- {
		r[d] = mult
		var s int
		if d == p.q {
			s = p.sSize
		} else {
			s = p.size[d][levels[d]]
		}
		hi, lo := bits.Mul64(mult, uint64(max(s, 1)))
		if hi != 0 || lo >= 1<<63 {
			return nil, 0
		}
		mult = lo
	}
	return r, mult
}

// buildBase computes the distinct combinations of leaf codes (and sensitive values) and the
// combination of every row, in parallel over row chunks for large tables.
func (p *problem) buildBase() error {
	zero := make([]int, p.q)
	rad, space := p.radix(zero)
	n := p.n
	p.rowEntry = make([]int32, n)
	workers := min(runtime.NumCPU(), max(1, n/(1<<16)))
	chunk := (n + workers - 1) / max(workers, 1)
	locals := make([]*classTable, workers)
	var g errgroup.Group
	for w := range workers {
		lo, hi := w*chunk, min(n, (w+1)*chunk)
		g.Go(func() error {
			gr := newGrouper(rad, space, p.width, 1024, 1024)
			tmp := make([]int32, p.width)
			cols := p.t.Columns
			for r := lo; r < hi; r++ {
				for d := 0; d < p.q; d++ {
					c := cols[d][r]
					if c < 0 || int(c) >= p.size[d][0] {
						return fmt.Errorf("anonymize: row %d: code %d out of range for hierarchy %q", r, c, p.t.Hierarchies[d].Name)
					}
					tmp[d] = c
				}
				if p.sens {
					tmp[p.q] = p.sens0[r]
				}
				p.rowEntry[r] = gr.add(tmp, 1)
			}
			locals[w] = gr.table(zero)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if workers == 1 {
		p.base = locals[0]
		return nil
	}
	gr := newGrouper(rad, space, p.width, locals[0].len(), locals[0].len())
	remap := make([][]int32, workers)
	for w, l := range locals {
		remap[w] = make([]int32, l.len())
		for i := range l.counts {
			remap[w][i] = gr.add(l.codes[i*p.width:(i+1)*p.width], l.counts[i])
		}
	}
	p.base = gr.table(zero)
	for w := range workers {
		lo, hi := w*chunk, min(n, (w+1)*chunk)
		g.Go(func() error {
			m := remap[w]
			for r := lo; r < hi; r++ {
				p.rowEntry[r] = m[p.rowEntry[r]]
			}
			return nil
		})
	}
	return g.Wait()
}

// rollupEstimate is the number of classes a rollup of a table of n classes starts its hash
// table for. A rollup keeps about a third of its source's classes on the synth folder (17 M of
// 48 M over a search of 1 M rows), so a table sized for the source is mostly empty and misses
// the cache on every probe; a quarter of the source, grown when half full, measured 15-20% less
// CPU for the search than one sized for the source (issue 14).
func rollupEstimate(n int) int { return max(16, n/4) }

// rollup computes the class table at levels from src, a table at a specialization of levels.
// When assign is non-nil it receives, for every entry of src, the index of its entry in the
// result.
func (p *problem) rollup(src *classTable, levels []int, assign []int32) *classTable {
	return p.rollupScratch(src, levels, assign, nil)
}

// rollupScratch is rollup with the buffers of sc (nil: allocated).
func (p *problem) rollupScratch(src *classTable, levels []int, assign []int32, sc *groupScratch) *classTable {
	w := src.width
	maps := make([][]int32, w)
	for d := 0; d < p.q; d++ {
		if levels[d] != src.levels[d] {
			maps[d] = p.up[d][src.levels[d]][levels[d]]
		}
	}
	rad, space := p.radix(levels)
	if n := src.len(); assign == nil && rad != nil && n >= p.partMin &&
		!(space <= max(4096, 4*uint64(n)) && space <= 1<<22) {
		if space > 1<<32 {
			return p.rollupPartedWide(src, levels, maps, rad, sc)
		}
		return p.rollupParted(src, levels, maps, rad, sc)
	}
	gr := newGrouperScratch(rad, space, w, rollupEstimate(src.len()), src.len(), sc)
	defer gr.release()
	tmp := make([]int32, w)
	for i := range src.counts {
		row := src.codes[i*w : (i+1)*w]
		var e int32
		if rad != nil {
			var key uint64
			for d, c := range row {
				if m := maps[d]; m != nil {
					c = m[c]
				}
				tmp[d] = c
				key += uint64(c) * rad[d]
			}
			e = gr.addKey(key, tmp, src.counts[i])
		} else {
			for d, c := range row {
				if m := maps[d]; m != nil {
					c = m[c]
				}
				tmp[d] = c
			}
			e = gr.add(tmp, src.counts[i])
		}
		if assign != nil {
			assign[i] = e
		}
	}
	return gr.table(levels)
}
