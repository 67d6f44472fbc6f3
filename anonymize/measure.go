package anonymize

import (
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
// of them) is classes / released records. With one (MeasurePopulation), the journalist risk of a
// released record is 1/F, F the population count of its class (the sum of the effective counts,
// max(sample, population), of the leaf combinations in the class, released or not), and the
// marketer risk is the expected share of released records re-identified, Σ f/F over released
// classes (f = released records of the class) divided by the released records.
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
	hist := map[int]*ClassSize{}
	var dm int64
	for _, c := range ct.counts {
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
		if s < k {
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
			Threshold:      1 / float64(k),
			RecordsAtRisk:  m.RecordsBelowK,
			ShareAtRisk:    float64(m.RecordsBelowK) / float64(m.Released),
		}
		m.Prosecutor, m.Journalist = r, r
		m.MarketerRisk = r.Average
		if pop != nil {
			m.Population = true
			m.Journalist, m.MarketerRisk, m.PopulationUniques = p.journalist(ct, kMap, k, m.Released)
			share := float64(m.PopulationUniques) / float64(m.Released)
			m.PopulationUniqueShare = &share
		}
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

// journalist computes population-based journalist risk, marketer risk and population uniques of
// the released classes ct (counts = released records; empty classes are skipped).
func (p *problem) journalist(ct *classTable, kMap, k, released int) (Risk, float64, int) {
	if kMap <= 1 {
		kMap = k
	}
	F := p.popSizes(ct.levels, ct.codes, ct.len())
	r := Risk{Threshold: 1 / float64(kMap)}
	var minF int64
	sum, uniques := 0.0, 0
	for c, f := range ct.counts {
		if f == 0 {
			continue
		}
		if minF == 0 || F[c] < minF {
			minF, r.HighestRecords = F[c], 0
		}
		if F[c] == minF {
			r.HighestRecords += int(f)
		}
		sum += float64(f) / float64(F[c])
		if F[c] < int64(kMap) {
			r.RecordsAtRisk += int(f)
		}
		if F[c] == 1 {
			uniques += int(f)
		}
	}
	r.Highest = 1 / float64(minF)
	r.Average = sum / float64(released)
	r.ShareAtRisk = float64(r.RecordsAtRisk) / float64(released)
	return r, r.Average, uniques
}
