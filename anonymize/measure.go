package anonymize

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
)

// Metrics describes the re-identification risk and the information loss of a release, for
// privacy.json.
//
// Risk follows ARX's model of an attacker who links a record by its generalized
// quasi-identifiers: the prosecutor risk of a released record is 1/size of its equivalence class.
// Suppressed records are not released and carry no risk, but count as fully generalized in the
// information loss.
//
// Without a population table (Measure) the dataset is taken to be the population: journalist
// risk (attacker does not know whether the target is in the data) then equals prosecutor risk,
// and marketer risk (expected share of records re-identified when the attacker tries to link all
// of them) is classes / released records. With one (MeasurePopulation, MeasureResult), the
// journalist risk of a released record is 1/F, F the population count of its class (the sum of
// the effective counts, max(sample, population), of the leaf combinations in the class, released
// or not), and the marketer risk is the expected share of released records re-identified, Σ f/F
// over released classes (f = released records of the class) divided by the released records.
type Metrics struct {
	Rows          int `json:"rows"`
	Released      int `json:"released_records"`
	Suppressed    int `json:"suppressed_records"`
	Classes       int `json:"classes"`
	K             int `json:"k"`
	MinClassSize  int `json:"min_class_size"`
	MaxClassSize  int `json:"max_class_size"`
	RecordsBelowK int `json:"records_below_k"` // released records in classes smaller than k

	AvgClassSize float64     `json:"avg_class_size"`
	ClassSizes   []ClassSize `json:"class_sizes"` // histogram, by increasing size

	Prosecutor   Risk    `json:"prosecutor_risk"`
	Journalist   Risk    `json:"journalist_risk"`
	MarketerRisk float64 `json:"marketer_risk"`

	// Population is true when journalist and marketer risk use population counts; then
	// PopulationUniques is the number of released records whose class is unique in the
	// population (population count 1), and PopulationUniqueShare their share of the released
	// records (what Config.PopulationUniqueness bounds; nil without a population).
	Population            bool     `json:"population,omitempty"`
	PopulationUniques     int      `json:"population_uniques,omitempty"`
	PopulationUniqueShare *float64 `json:"population_unique_share,omitempty"`

	Loss           float64 `json:"loss"`                // Loss metric, equal weights, in [0,1]
	Discernibility float64 `json:"discernibility"`      // Discernibility metric
	Entropy        float64 `json:"non_uniform_entropy"` // non-uniform entropy, equal weights, bits
}

// ClassSize is one bar of the equivalence-class size histogram.
type ClassSize struct {
	Size    int `json:"size"`
	Classes int `json:"classes"`
	Records int `json:"records"`
}

// Risk summarizes per-record re-identification risk (1/class size) over the released records.
type Risk struct {
	Highest        float64 `json:"highest"`         // 1 / smallest class size
	HighestRecords int     `json:"highest_records"` // records at the highest risk
	Average        float64 `json:"average"`         // mean over released records (= classes / released)
	Threshold      float64 `json:"threshold"`       // 1/k
	RecordsAtRisk  int     `json:"records_at_risk"` // records with risk above Threshold (class size < k)
	ShareAtRisk    float64 `json:"share_at_risk"`   // RecordsAtRisk / released records
}

// Measure computes risk and utility metrics of releasing t generalized to levels with the rows
// marked in suppressed (nil = none) withheld; k is the threshold for the "at risk" counts (1/k).
func Measure(t *Table, levels []int, suppressed []bool, k int) (Metrics, error) {
	return MeasurePopulation(t, levels, suppressed, k, nil, 0)
}

// MeasurePopulation is Measure with population counts: journalist and marketer risk use pop
// (see Metrics), and journalist records at risk are those in classes whose population count is
// below kMap (threshold 1/kMap; k when kMap ≤ 1). With pop nil it is Measure.
func MeasurePopulation(t *Table, levels []int, suppressed []bool, k int, pop *Population, kMap int) (Metrics, error) {
	k = max(k, 1)
	p, err := newProblem(t, Config{K: 1, Population: pop})
	if err != nil {
		return Metrics{}, err
	}
	if len(levels) != p.q {
		return Metrics{}, fmt.Errorf("anonymize: %d levels for %d hierarchies", len(levels), p.q)
	}
	for q, l := range levels {
		if l < 0 || l >= p.nLev[q] {
			return Metrics{}, fmt.Errorf("anonymize: level %d out of range for hierarchy %q", l, t.Hierarchies[q].Name)
		}
	}
	if suppressed != nil && len(suppressed) != p.n {
		return Metrics{}, fmt.Errorf("anonymize: %d suppression flags for %d rows", len(suppressed), p.n)
	}
	m := Metrics{Rows: p.n, K: k}
	// released rows per distinct leaf combination, then rolled up to levels
	released := &classTable{levels: make([]int, p.q), width: p.width, codes: p.base.codes, counts: slices.Clone(p.base.counts)}
	var suppRows []int
	for r := range p.n {
		if suppressed != nil && suppressed[r] {
			released.counts[p.rowEntry[r]]--
			suppRows = append(suppRows, r)
		}
	}
	m.Suppressed = len(suppRows)
	m.Released = p.n - m.Suppressed
	ct := p.rollup(released, levels, nil)
	dm := m.setClasses(ct.counts)
	if pop != nil && m.Released > 0 {
		m.setPopulation(p.popSizes(ct.levels, ct.codes, ct.len()), ct.counts, kMap)
	}
	m.Discernibility = float64(dm + int64(m.Suppressed)*int64(p.n))
	for _, metric := range []Metric{Loss, Entropy} {
		p.cfg.Metric = metric
		p.prepareMetric()
		v := p.sepValue(levels)
		pen := 0.0
		for _, r := range suppRows {
			s := 0.0
			for q, h := range t.Hierarchies {
				s += p.pen[q][levels[q]][h.Up[levels[q]][t.Columns[q][r]]]
			}
			pen += s
		}
		if metric == Loss {
			m.Loss = v + pen
		} else {
			m.Entropy = v + pen
		}
	}
	return m, nil
}

// MeasureResult measures the release res that Search returned for t, with the rows marked in
// suppressed withheld (nil: res.Suppressed; rows withheld after the search, as by Release.Guard,
// must be marked too). A full-domain result is measured at its levels by MeasurePopulation. A
// Mondrian result is measured by its published equivalence classes, the distinct label tuples
// (Result.Labels) of the released rows. Per hierarchy, a class stands for the values under the
// ancestor its label names: the lowest common ancestor of its records' values that carries the
// label, which is the one Mondrian released its cell as. With a population, the class's
// population count is that region's (the leaf combinations under those ancestors, as for k-map
// in mondrian.go); Loss and Entropy charge every released value for its ancestor, as Mondrian's
// own value does, and suppressed rows as fully generalized. (Should a hierarchy give two values
// the same label, cells released as different ancestors may form one class, which then stands
// for the lowest common ancestor of its values.)
func MeasureResult(t *Table, res *Result, suppressed []bool, k int, pop *Population, kMap int) (Metrics, error) {
	if suppressed == nil {
		suppressed = res.Suppressed
	}
	if res.Labels == nil {
		return MeasurePopulation(t, res.Levels, suppressed, k, pop, kMap)
	}
	p, err := newProblem(t, Config{K: 1, Population: pop})
	if err != nil {
		return Metrics{}, err
	}
	if len(res.Labels) != p.q {
		return Metrics{}, fmt.Errorf("anonymize: %d label columns for %d hierarchies", len(res.Labels), p.q)
	}
	for _, col := range res.Labels {
		if len(col) != p.n {
			return Metrics{}, fmt.Errorf("anonymize: %d labels for %d rows", len(col), p.n)
		}
	}
	if suppressed != nil && len(suppressed) != p.n {
		return Metrics{}, fmt.Errorf("anonymize: %d suppression flags for %d rows", len(suppressed), p.n)
	}
	return p.measureLocal(res.Labels, suppressed, max(k, 1), kMap), nil
}

// measureLocal is MeasureResult for labels per row (Result.Labels).
func (p *problem) measureLocal(labels [][]string, suppressed []bool, k, kMap int) Metrics {
	m := Metrics{Rows: p.n, K: k}
	// Classes: released rows by their labels (interned per hierarchy, then keyed by the ids).
	ids := make([]map[string]uint32, p.q)
	for q := range ids {
		ids[q] = map[string]uint32{}
	}
	classOf := map[string]int32{}
	var sizes []int64
	var first []int // a row of each class, for its labels
	type part struct{ class, entry int32 }
	rows := map[part]int64{}            // released rows per class and base entry
	supp := make([]int64, p.base.len()) // suppressed rows per base entry
	key := make([]byte, 0, 4*p.q)
	for r := range p.n {
		if suppressed != nil && suppressed[r] {
			supp[p.rowEntry[r]]++
			m.Suppressed++
			continue
		}
		key = key[:0]
		for q := range p.q {
			id, ok := ids[q][labels[q][r]]
			if !ok {
				id = uint32(len(ids[q]))
				ids[q][labels[q][r]] = id
			}
			key = binary.LittleEndian.AppendUint32(key, id)
		}
		c, ok := classOf[string(key)]
		if !ok {
			c = int32(len(sizes))
			classOf[string(key)] = c
			sizes = append(sizes, 0)
			first = append(first, r)
		}
		sizes[c]++
		rows[part{c, p.rowEntry[r]}]++
	}
	m.Released = p.n - m.Suppressed
	dm := m.setClasses(sizes)
	m.Discernibility = float64(dm + int64(m.Suppressed)*int64(p.n))

	// The ancestors each class is released as.
	parts := make([]part, 0, len(rows))
	for pt := range rows {
		parts = append(parts, pt)
	}
	slices.SortFunc(parts, func(a, b part) int { return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.entry, b.entry)) })
	recs := make([]recoded, len(sizes), len(sizes)+1)
	for _, pt := range parts {
		r := &recs[pt.class]
		r.entries = append(r.entries, pt.entry)
		r.counts = append(r.counts, rows[pt])
	}
	gens := make([][]gen, len(sizes))
	for c := range recs {
		gens[c] = make([]gen, p.q)
		for q := range p.q {
			gens[c][q] = p.labelled(recs[c].entries, q, labels[q][first[c]])
		}
		recs[c].gen = gens[c]
	}
	if p.pop != nil && m.Released > 0 {
		m.setPopulation(p.regionCounts(gens), sizes, kMap)
	}

	// Loss and Entropy (equal weights) as Mondrian computes them; suppressed rows at the root.
	var gone recoded
	for e, n := range supp {
		if n > 0 {
			gone.entries = append(gone.entries, int32(e))
			gone.counts = append(gone.counts, n)
		}
	}
	if gone.entries != nil {
		recs = append(recs, gone)
	}
	m.Loss = p.mondrianValue(Loss, recs)
	m.Entropy = p.mondrianValue(Entropy, recs)
	return m
}

// labelled returns the ancestor, in hierarchy q, that the leaves of entries are released as
// under label: the lowest common ancestor carrying the label. When there is none (a hierarchy
// that gives two values the same label), it is the lowest common ancestor; "*" without an
// ancestor so labelled stands for every value (level -1, as in lca).
func (p *problem) labelled(entries []int32, q int, label string) gen {
	h := p.t.Hierarchies[q]
	w := p.width
	common := gen{level: -1}
	for l := range p.nLev[q] {
		code := h.Up[l][p.base.codes[int(entries[0])*w+q]]
		same := true
		for _, e := range entries[1:] {
			if h.Up[l][p.base.codes[int(e)*w+q]] != code {
				same = false
				break
			}
		}
		if !same {
			continue
		}
		if h.Labels[l][code] == label {
			return gen{l, code}
		}
		if common.level < 0 {
			common = gen{l, code}
		}
	}
	if label == "*" {
		return gen{level: -1}
	}
	return common
}

// setClasses fills in m (Rows, Released, Suppressed and K set) what follows from the released
// records per class, sizes (empty classes are skipped): class counts and size histogram, records
// below k, prosecutor risk, and journalist and marketer risk taking the dataset as the
// population. It returns the sum of the squared sizes, the released part of discernibility.
func (m *Metrics) setClasses(sizes []int64) int64 {
	hist := map[int]*ClassSize{}
	var dm int64
	for _, c := range sizes {
		if c == 0 {
			continue
		}
		s := int(c)
		m.Classes++
		dm += c * c
		if m.MinClassSize == 0 || s < m.MinClassSize {
			m.MinClassSize = s
		}
		m.MaxClassSize = max(m.MaxClassSize, s)
		if s < m.K {
			m.RecordsBelowK += s
		}
		b := hist[s]
		if b == nil {
			b = &ClassSize{Size: s}
			hist[s] = b
		}
		b.Classes++
		b.Records += s
	}
	for _, b := range hist {
		m.ClassSizes = append(m.ClassSizes, *b)
	}
	slices.SortFunc(m.ClassSizes, func(a, b ClassSize) int { return a.Size - b.Size })
	if m.Released > 0 {
		m.AvgClassSize = float64(m.Released) / float64(m.Classes)
		r := Risk{
			Highest:        1 / float64(m.MinClassSize),
			HighestRecords: m.ClassSizes[0].Records,
			Average:        float64(m.Classes) / float64(m.Released),
			Threshold:      1 / float64(m.K),
			RecordsAtRisk:  m.RecordsBelowK,
			ShareAtRisk:    float64(m.RecordsBelowK) / float64(m.Released),
		}
		m.Prosecutor, m.Journalist = r, r
		m.MarketerRisk = r.Average
	}
	return dm
}

// setPopulation sets the population-based journalist and marketer risk and population uniques
// from the released records f and the population count F of every class (classes with f = 0
// are skipped); m.Released must be positive. Journalist records at risk are those in classes
// whose population count is below kMap (m.K when kMap ≤ 1).
func (m *Metrics) setPopulation(F, f []int64, kMap int) {
	if kMap <= 1 {
		kMap = m.K
	}
	r := Risk{Threshold: 1 / float64(kMap)}
	var minF int64
	sum, uniques := 0.0, 0
	for c, n := range f {
		if n == 0 {
			continue
		}
		if minF == 0 || F[c] < minF {
			minF, r.HighestRecords = F[c], 0
		}
		if F[c] == minF {
			r.HighestRecords += int(n)
		}
		sum += float64(n) / float64(F[c])
		if F[c] < int64(kMap) {
			r.RecordsAtRisk += int(n)
		}
		if F[c] == 1 {
			uniques += int(n)
		}
	}
	r.Highest = 1 / float64(minF)
	r.Average = sum / float64(m.Released)
	r.ShareAtRisk = float64(r.RecordsAtRisk) / float64(m.Released)
	share := float64(uniques) / float64(m.Released)
	m.Population = true
	m.Journalist, m.MarketerRisk = r, r.Average
	m.PopulationUniques, m.PopulationUniqueShare = uniques, &share
}
