// The case release: the configuration, the search, and the release's account of its rows.

package anonymize

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/schema"
)

// Config says what the case release must guarantee.
type CaseConfig struct {
	K                int
	SuppressionLimit float64
	// QuasiIdentifiers names the built-in QIs (or their columns) to protect; all when empty.
	// The others are released at their finest level.
	QuasiIdentifiers []string
	// Hierarchies replaces the built-in generalization of one-column quasi-identifiers
	// (year_of_registration, gender, citizenship) with the user's, by QI name. Its leaves are
	// the values as ingest writes them ("2023", "female", "AF"); a missing value stays missing
	// up to the top level ("*").
	Hierarchies map[string]*Hierarchy
	// Weights says how much each quasi-identifier's precision matters (by QI name; 1 when
	// absent): the search loses precision on low weights first.
	Weights map[string]float64
	// Metric is the quality model the search minimizes (Loss by default).
	Metric Metric
	// Method is FullDomain (default) or Mondrian local recoding.
	Method Method
	// Sensitive names the sensitive attribute for l-diversity and t-closeness (one of
	// SensitiveAttributes); empty for none.
	Sensitive string
	L         int       // l-diversity of Sensitive; 0 = off
	Diversity Diversity // distinct (default), entropy or recursive (c,l)
	C         float64   // c of recursive (c,l)-diversity
	T         float64   // t-closeness of Sensitive (equal distance); 0 = off
	// Population is a CSV of population counts (nil = none): a column per release column of
	// every protected quasi-identifier (both place columns for a place) but the trafficking
	// status (its people then match every status), named as in the release, and a column "count". Values the cases do not have extend the built-in
	// hierarchies (they must be valid for their column); an error is a *PopulationError.
	// With it, risk is measured against the population, and KMap and PopulationUniqueness
	// apply (see Config).
	Population           []byte
	KMap                 int
	PopulationUniqueness float64
	// Prefer gives the levels of the release this one replaces, by QI name and level name (its
	// manifest's privacy.levels): when the searched quasi-identifiers are the same, with the same
	// level names, and every model holds at those levels within the suppression limit, they are
	// kept without a search (Config.Prefer; Release.Search().Preferred). Full-domain only.
	Prefer map[string]string
}

// SensitiveAttributes are the attributes of the case schema that l-diversity and t-closeness
// can protect: "exploitation" is the combination of the five exploitation flags.
var SensitiveAttributes = map[string][]string{
	"exploitation":           {schema.IsSexualExploitation, schema.IsForcedLabour, schema.IsForcedMarriage, schema.IsForcedMilitary, schema.IsOtherExploitation},
	schema.LabourSector:      {schema.LabourSector},
	schema.RecruiterRelation: {schema.RecruiterRelation},
	// Confirmed re-trafficking within 24 months of reintegration (issue 12).
	schema.RetraffickedWithin24m: {schema.RetraffickedWithin24m},
}

// Release is the outcome of anonymizing the collected rows.
type Release struct {
	QIs        []QI
	Protected  []bool // per QI: part of the k-anonymity search
	Levels     []int  // per QI: chosen level
	Written    int
	Suppressed int
	Duplicates int // rows dropped as duplicates, linked records included
	Linked     int // of which: records of a person another source's record stands for
	// Beyond counts the suppressed rows that no generalization could release: their value of a
	// quasi-identifier that is never generalized (the trafficking status) is held by fewer
	// than k rows (BeyondValues), or its rows cannot meet l-diversity or t-closeness in any
	// class (BeyondSensitive: e.g. children at risk, with no form of exploitation recorded,
	// under l = 2). They are suppressed on top of the suppression limit. The values are a
	// vocabulary's, e.g. "at_risk"; "" for not recorded.
	Beyond          int
	BeyondValues    []string
	BeyondSensitive []string

	c          *Collector
	hier       []*Hierarchy
	suppressed []bool // over the non-dropped rows, in order
	table      *Table // the searched quasi-identifiers over the non-dropped rows
	searched   []int  // QI index of each of table's columns
	result     *Result
	k          int
	search     Config      // what the search guaranteed, for Guard's recheck of the classes
	pop        *Population // over table's hierarchies; nil without one
	kMap       int
}

// hierarchy builds the Hierarchy of QI q over the leaves seen, then the extra leaves (values
// only the population has). A leaf of a QI of several columns is its values joined by "\x1f",
// and so are its generalizations.
func (c *Collector) hierarchy(q int, qi QI, extra ...string) *Hierarchy {
	leaves := make([]string, len(c.leafs[q]), len(c.leafs[q])+len(extra))
	for i, leaf := range c.leafs[q] {
		leaves[i] = strings.Join(leaf, "\x1f")
	}
	leaves = append(leaves, extra...)
	return BuildHierarchy(qi.Name, leaves, len(qi.LevelNames), func(leaf string, l int) string {
		return strings.Join(qi.general(strings.Split(leaf, "\x1f"), l), "\x1f")
	})
}

// OutcomeWeight is the default weight of the after-identification quasi-identifiers.
const OutcomeWeight = 0.1

// recorded reports whether some case kept (not dropped) has a value of QI q. Rows, not leaves:
// a leaf no kept row uses any more (its values cleared, Collector.Clear, or only a linked or
// duplicate record's) records nothing.
func (c *Collector) recorded(q int) bool {
	has := make([]bool, len(c.leafs[q]))
	some := false
	for i, leaf := range c.leafs[q] {
		has[i] = slices.ContainsFunc(leaf, func(v string) bool { return v != "" })
		some = some || has[i]
	}
	if !some {
		return false
	}
	for row := range c.rows {
		if has[c.codes[q].at(row)] && !c.IsDropped(row) {
			return true
		}
	}
	return false
}

// Recorded reports whether some collected case has a value of the QI called name.
func (c *Collector) Recorded(name string) bool {
	i := slices.IndexFunc(c.qis, func(q QI) bool { return q.Name == name })
	return i >= 0 && c.recorded(i)
}

// Anonymize chooses the generalization and the rows to suppress.
func (c *Collector) Anonymize(cfg CaseConfig) (*Release, error) {
	r := &Release{QIs: slices.Clone(c.qis), c: c, Protected: make([]bool, len(c.qis)), Levels: make([]int, len(c.qis))}
	for name, h := range cfg.Hierarchies {
		qi, ok := LookupQI(name)
		if ok && qi.Name == schema.TraffickingStatus {
			return nil, fmt.Errorf("anonymize: trafficking_status takes no hierarchy: it is never generalized, since the victims' tables count by it")
		}
		if !ok || (len(qi.Columns) != 1 && !(len(qi.Columns) == 2 && isCoarse(qi.Columns[1]))) {
			return nil, fmt.Errorf("anonymize: a user hierarchy needs a quasi-identifier of one column (year_of_registration, gender or citizenship), not %q", name)
		}
		for q := range r.QIs {
			if r.QIs[q].Name != qi.Name {
				continue
			}
			unknown, coarse := 0, 0
			for _, leaf := range c.leafs[q] {
				if _, ok := h.Code(leaf[0]); !ok && leaf[0] != "" {
					unknown++
				}
				if leaf[0] == "" && len(leaf) > 1 && leaf[1] != "" {
					coarse++
				}
			}
			if unknown > 0 {
				return nil, fmt.Errorf("anonymize: %d values of %s are not in its user hierarchy", unknown, name)
			}
			if coarse > 0 {
				return nil, fmt.Errorf("anonymize: %d values of %s are known only as a %s, which its user hierarchy cannot place; use the built-in hierarchy", coarse, name, qi.Columns[1])
			}
			r.QIs[q] = userQI(qi, h)
		}
	}
	if len(cfg.QuasiIdentifiers) == 0 {
		for i := range r.Protected {
			// An outcome QI that no case records adds nothing to any class: not searched.
			r.Protected[i] = !(OutcomeQI(c.qis[i].Name) || c.qis[i].Name == schema.TraffickingStatus) || c.recorded(i)
		}
	}
	for _, name := range cfg.QuasiIdentifiers {
		qi, ok := LookupQI(name)
		if !ok {
			return nil, fmt.Errorf("anonymize: %q is not a quasi-identifier of the case schema", name)
		}
		for i := range c.qis {
			if c.qis[i].Name == qi.Name {
				r.Protected[i] = true
			}
		}
	}
	keep := make([]int, 0, c.rows-c.droppedRows())
	for row := 0; row < c.rows; row++ {
		if c.dropped[row] == 0 {
			keep = append(keep, row)
		}
	}
	for _, why := range c.dropped {
		switch why {
		case Duplicate:
			r.Duplicates++
		case Linked:
			r.Duplicates++
			r.Linked++
		}
	}
	var cp *casePopulation
	extra := make([][]string, len(c.qis))
	if cfg.Population != nil {
		var prot []int
		user := map[string]*Hierarchy{}
		for q := range c.qis {
			if r.Protected[q] {
				prot = append(prot, q)
			}
		}
		for name, h := range cfg.Hierarchies {
			qi, _ := LookupQI(name)
			user[qi.Name] = h
		}
		var err error
		if cp, err = c.readCasePopulation(cfg.Population, r, prot, user); err != nil {
			return nil, err
		}
		for i, q := range prot {
			extra[q] = cp.extra[i]
		}
	} else if cfg.KMap > 1 || cfg.PopulationUniqueness > 0 {
		return nil, fmt.Errorf("anonymize: k-map and the population-uniqueness threshold need population counts")
	}
	// Periods and regions partitioned from the data (and the population's extra leaves), so
	// that the coarser levels never overlap (see partitions).
	all := make([][][]string, len(c.qis))
	for q := range c.qis {
		all[q] = slices.Clip(c.leafs[q])
		for _, k := range extra[q] {
			all[q] = append(all[q], strings.Split(k, "\x1f"))
		}
	}
	part := partitionsOf(r.QIs, all)
	for q := range r.QIs {
		if r.QIs[q].fromData != nil {
			r.QIs[q].general = r.QIs[q].fromData(part)
		}
	}
	// A place of which neither the cases nor the population name any district has no district
	// level (an extra leaf is its values joined by "\x1f", so one without a district ends so).
	for q, qi := range r.QIs {
		if len(qi.Columns) >= 3 && isDistrict(qi.Columns[2]) &&
			!slices.ContainsFunc(c.leafs[q], func(leaf []string) bool { return leaf[2] != "" }) &&
			!slices.ContainsFunc(extra[q], func(k string) bool { return strings.Split(k, "\x1f")[2] != "" }) {
			r.QIs[q] = withoutDistrict(qi)
		}
	}
	t := &Table{}
	var searched []int
	var weights []float64
	for q := range c.qis {
		h := c.hierarchy(q, r.QIs[q], extra[q]...)
		h.Fixed = h.Levels() == 1 // the trafficking status
		r.hier = append(r.hier, h)
		if !r.Protected[q] {
			continue
		}
		col := make([]int32, len(keep))
		for i, row := range keep {
			col[i] = int32(c.codes[q].at(row))
		}
		t.Hierarchies = append(t.Hierarchies, h)
		t.Columns = append(t.Columns, col)
		searched = append(searched, q)
		w, ok := cfg.Weights[c.qis[q].Name]
		if !ok {
			w = 1
			if OutcomeQI(c.qis[q].Name) {
				// The prevalence tables rest on the place of exploitation, not on where a
				// child was placed: the search loses precision on these first.
				w = OutcomeWeight
			}
		}
		weights = append(weights, w)
	}
	sc := Config{K: cfg.K, SuppressionLimit: cfg.SuppressionLimit, Metric: cfg.Metric, Weights: weights,
		L: cfg.L, Diversity: cfg.Diversity, C: cfg.C, T: cfg.T, Method: cfg.Method,
		KMap: cfg.KMap, PopulationUniqueness: cfg.PopulationUniqueness}
	if cfg.Method == FullDomain {
		sc.Prefer = preferLevels(r.QIs, searched, cfg.Prefer)
	}
	if cp != nil && len(searched) > 0 {
		var err error
		if sc.Population, err = cp.population(t); err != nil {
			return nil, err
		}
	}
	if cfg.Sensitive != "" {
		enc, ok := c.sensitive[cfg.Sensitive]
		if !ok {
			return nil, fmt.Errorf("anonymize: %q is not a sensitive attribute of the case schema", cfg.Sensitive)
		}
		sc.Sensitive = make([]int32, len(keep))
		for i, row := range keep {
			sc.Sensitive[i] = enc.at(row)
		}
	} else if cfg.L > 1 || cfg.T > 0 {
		return nil, fmt.Errorf("anonymize: l-diversity and t-closeness need a sensitive attribute")
	}
	if len(keep) == 0 { // nothing to release: an empty release, not a search
		r.suppressed = []bool{}
		return r, nil
	}
	r.Beyond, r.BeyondValues, r.BeyondSensitive = fixedBeyond(t, sc)
	if r.Beyond > 0 {
		// Every solution suppresses these rows, whatever the other levels: the limit is for
		// the rows a generalization could have kept, so they come on top of it.
		n := float64(len(keep))
		sc.SuppressionLimit = min(1, (float64(int64(cfg.SuppressionLimit*n)+int64(r.Beyond))+0.5)/n)
	}
	res, err := Search(t, sc)
	if err != nil {
		return nil, err
	}
	if res.Levels != nil {
		for i, q := range searched {
			r.Levels[q] = res.Levels[i]
		}
	}
	r.table, r.searched, r.result, r.k, r.search = t, searched, res, cfg.K, sc
	r.pop, r.kMap = sc.Population, cfg.KMap
	r.suppressed = res.Suppressed
	if len(searched) == 0 {
		r.suppressed = make([]bool, len(keep))
	}
	for _, s := range r.suppressed {
		if s {
			r.Suppressed++
		}
	}
	r.Written = len(keep) - r.Suppressed
	return r, nil
}

// Tally counts, for consecutive ranges of added rows ending (exclusive) at ends, how many rows
// were written, suppressed, dropped as duplicates and merged as linked records.
func (r *Release) Tally(ends []int) (written, suppressed, duplicates, linked []int) {
	written = make([]int, len(ends))
	suppressed = make([]int, len(ends))
	duplicates = make([]int, len(ends))
	linked = make([]int, len(ends))
	kept, part := 0, 0
	for row := 0; row < r.c.rows; row++ {
		for part < len(ends) && row >= ends[part] {
			part++
		}
		if part == len(ends) {
			break
		}
		switch {
		case r.c.dropped[row] == Duplicate:
			duplicates[part]++
		case r.c.dropped[row] == Linked:
			linked[part]++
		case r.c.dropped[row] == Skipped:
			// counted by the caller, as quarantined
		case r.suppressed[kept]:
			suppressed[part]++
			kept++
		default:
			written[part]++
			kept++
		}
	}
	return written, suppressed, duplicates, linked
}

// Mondrian reports whether the release was recoded locally (no single level per QI).
func (r *Release) Mondrian() bool { return r.result != nil && r.result.Labels != nil }

// Metrics measures re-identification risk and information loss of the searched
// quasi-identifiers before anonymization (every value at its finest level, nothing suppressed)
// and after (as released, rows withheld by Guard included; Mondrian releases by their published
// classes, see MeasureResult), against the population when CaseConfig.Population was given.
// After is nil when nothing was searched.
func (r *Release) Metrics() (before Metrics, after *Metrics, err error) {
	if r.table == nil || len(r.table.Hierarchies) == 0 {
		return Metrics{}, nil, nil
	}
	before, err = MeasurePopulation(r.table, make([]int, len(r.table.Hierarchies)), nil, r.k, r.pop, r.kMap)
	if err != nil {
		return before, nil, err
	}
	a, err := MeasureResult(r.table, r.result, r.suppressed, r.k, r.pop, r.kMap)
	return before, &a, err
}

// Search returns the search's own account: metric value, nodes checked, lattice size.
func (r *Release) Search() *Result { return r.result }

// SensitiveShares returns the distribution of the sensitive attribute over the rows the search
// saw where it is recorded (the reference distribution of t-closeness, see MissingSensitive):
// value -> share, values of a combination joined with "|".
func (r *Release) SensitiveShares(name string) map[string]float64 {
	enc, ok := r.c.sensitive[name]
	if !ok {
		return nil
	}
	labels := make([]string, len(enc.index))
	for v, code := range enc.index {
		labels[code] = strings.ReplaceAll(v, "\x1f", "|")
	}
	counts := make(map[string]int)
	n := 0
	for row := range r.c.rows {
		if code := enc.at(row); r.c.dropped[row] == 0 && code != MissingSensitive {
			counts[labels[code]]++
			n++
		}
	}
	out := make(map[string]float64, len(counts))
	for v, c := range counts {
		out[v] = float64(c) / float64(n)
	}
	return out
}

// generalized returns, per QI and leaf, the values of the QI's columns at the chosen level.
func (r *Release) generalized() [][][]string {
	labels := make([][][]string, len(r.QIs))
	for q, h := range r.hier {
		labels[q] = make([][]string, len(h.Up[0]))
		for leaf := range h.Up[0] {
			code := h.Up[r.Levels[q]][leaf]
			labels[q][leaf] = strings.Split(h.Labels[r.Levels[q]][code], "\x1f")
		}
	}
	return labels
}

// localColumns maps a QI to its column of r.result.Labels when Mondrian gave each row its own
// labels; it is empty for full-domain releases.
func (r *Release) localColumns() map[int]int {
	local := map[int]int{}
	if r.result != nil && r.result.Labels != nil {
		for i, q := range r.searched {
			local[q] = i
		}
	}
	return local
}

// Recorded reports whether some collected case has a value of the QI called name.
func (r *Release) Recorded(name string) bool { return r.c.Recorded(name) }

// fixedBeyond counts the rows of t that every release under cfg suppresses because of their
// values of the Fixed hierarchies (one level, never generalized: the trafficking status), and
// names those values: below, the values fewer than cfg.K rows share; sens, the values whose rows
// no class can release under the sensitive models. A class never mixes such values, so a row is
// in a class under k at every lattice node and every Mondrian cell when its value is held by
// fewer than k rows; and every class of a value's rows holding a recorded sensitive value fails
// l-diversity (every variant) when those rows hold fewer than l (but some) distinct recorded
// values (a class with nothing recorded passes: the children at risk), and equal-distance
// t-closeness when the values they hold have a share q(S) of the table's recorded values under
// 1-t (a class's distance is at least 1-q(S); only its recorded rows count then, since a class
// with nothing recorded is at distance 0). Mondrian never suppresses within a part, so there a
// part that fails a model as a whole (entropy or recursive diversity, ordered t-closeness too)
// is suppressed whole. None when no such hierarchy has two values, or when the other rows are
// fewer than k (nothing could be released: the search's own error says so).
func fixedBeyond(t *Table, cfg Config) (beyond int, below, sens []string) {
	var fixed []int
	for q, h := range t.Hierarchies {
		if h.Fixed && h.Levels() == 1 && len(h.Labels[0]) > 1 {
			fixed = append(fixed, q)
		}
	}
	if len(fixed) == 0 {
		return 0, nil, nil
	}
	// A row's key: its leaf codes of the fixed hierarchies, mixed radix (a few values each).
	n := t.Rows()
	keys := make([]int, n)
	size := 1
	for _, q := range fixed {
		m := len(t.Hierarchies[q].Up[0])
		for row := range n {
			keys[row] = keys[row]*m + int(t.Columns[q][row])
		}
		size *= m
	}
	count := make([]int, size)
	for _, key := range keys {
		count[key]++
	}
	label := func(key int) string {
		parts := make([]string, len(fixed))
		for i := len(fixed) - 1; i >= 0; i-- {
			h := t.Hierarchies[fixed[i]]
			m := len(h.Up[0])
			parts[i] = strings.ReplaceAll(h.Label(0, int32(key%m)), "\x1f", "|")
			key /= m
		}
		return strings.Join(parts, "|")
	}
	gone := make([]int, size) // rows of each key that every release suppresses
	below, sens = []string{}, []string{}
	for key, c := range count {
		if c > 0 && c < cfg.K {
			gone[key] = c
			below = append(below, label(key))
		}
	}
	if cfg.Sensitive != nil && (cfg.L > 1 || cfg.T > 0) {
		// The recorded sensitive values per key, and the table's distribution of them.
		p := sensitiveModels(cfg)
		global := p.sGlobal
		per := make([][]int64, size)
		for row, v := range cfg.Sensitive {
			if v == MissingSensitive {
				continue
			}
			if per[keys[row]] == nil {
				per[keys[row]] = make([]int64, p.sSize)
			}
			per[keys[row]][v]++
		}
		for key, c := range count {
			if c == 0 || gone[key] > 0 {
				continue
			}
			var vals []int32
			var cnts []int64
			var rec int64
			inQ := 0.0
			for v, m := range per[key] {
				if m > 0 {
					vals, cnts = append(vals, int32(v)), append(cnts, m)
					rec += m
					inQ += global[v]
				}
			}
			switch {
			case cfg.Method == Mondrian:
				if d, o := p.sensitiveOK(vals, cnts, rec); !d || !o {
					gone[key] = c
				}
			case cfg.L > 1 && len(vals) > 0 && len(vals) < cfg.L:
				gone[key] = int(rec) // a class of its missing values alone passes (MissingSensitive)
			case cfg.T > 0 && !cfg.SensitiveOrdered && rec > 0 && 1-inQ > cfg.T+1e-12:
				gone[key] = int(rec)
			}
			if gone[key] > 0 {
				sens = append(sens, label(key))
			}
		}
	}
	for _, g := range gone {
		beyond += g
	}
	if beyond == 0 || n-beyond < cfg.K {
		return 0, nil, nil
	}
	slices.Sort(below)
	slices.Sort(sens)
	return beyond, below, sens
}

// preferLevels is the level per searched quasi-identifier that prefer names, or nil when prefer
// does not name exactly the searched ones or names a level they do not have (another config's
// release: the search chooses anew).
func preferLevels(qis []QI, searched []int, prefer map[string]string) []int {
	if len(prefer) == 0 || len(prefer) != len(searched) {
		return nil
	}
	lv := make([]int, len(searched))
	for i, q := range searched {
		name, ok := prefer[qis[q].Name]
		if lv[i] = slices.Index(qis[q].LevelNames, name); !ok || lv[i] < 0 {
			return nil
		}
	}
	return lv
}
