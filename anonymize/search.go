package anonymize

import (
	"errors"
	"fmt"
	"slices"
)

// Hierarchy generalizes one quasi-identifier. Values are dense codes per level: level 0 holds
// the leaves (the values found in the data), the last level is the most general (usually "*").
type Hierarchy struct {
	Name   string     // the quasi-identifier's name, as recorded in the manifest
	Labels [][]string // Labels[level][code] is the printable value of code at level
	Up     [][]int32  // Up[level][leaf] is the code at level of leaf code leaf; Up[0][i] == i
	// Fixed says a hierarchy of one level is never generalized, not even to "*" by Mondrian
	// (the trafficking status): Mondrian splits by it first, and Collector.Anonymize suppresses
	// the rows of a value fewer than k share on top of the suppression limit.
	Fixed bool

	index map[string]int32 // leaf label -> code, built by ReadHierarchyCSV or Index
}

// Levels returns the number of levels, leaves included.
func (h *Hierarchy) Levels() int { return len(h.Labels) }

// Table is the encoded quasi-identifier view of a dataset: one leaf-code column per hierarchy,
// all of the same length (one entry per row).
type Table struct {
	Hierarchies []*Hierarchy
	Columns     [][]int32 // Columns[q][row] is the leaf code of row for hierarchy q
}

// Rows returns the number of rows in t.
func (t *Table) Rows() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return len(t.Columns[0])
}

// Metric is the quality model Search minimizes.
type Metric int

const (
	// Loss is ARX's "Loss" (generalized information loss, Iyengar 2002): a value generalized to
	// a node covering c of the hierarchy's N leaves loses (c-1)/(N-1); a suppressed value loses 1.
	// The result is the average over rows and (weighted) quasi-identifiers, in [0,1].
	Loss Metric = iota
	// Discernibility is the discernibility metric (Bayardo & Agrawal 2005): the sum over
	// released classes of size², plus n for every suppressed row (n = number of rows). It does
	// not depend on attributes, so Config.Weights do not apply to it.
	Discernibility
	// Entropy is non-uniform entropy (Gionis & Tassa 2009; ARX's "Non-uniform entropy"): the sum
	// over rows and (weighted) quasi-identifiers of -log2(count(original value) /
	// count(generalized value)), counts taken over the whole table; a suppressed value is
	// generalized to the root (count n).
	Entropy
)

func (m Metric) String() string {
	switch m {
	case Loss:
		return "loss"
	case Discernibility:
		return "discernibility"
	case Entropy:
		return "non-uniform entropy"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// Diversity is the variant of l-diversity (Machanavajjhala et al. 2007).
type Diversity int

const (
	// DistinctDiversity: every class holds at least L distinct sensitive values.
	DistinctDiversity Diversity = iota
	// EntropyDiversity: the entropy of every class's sensitive values is at least ln(L).
	EntropyDiversity
	// RecursiveDiversity: recursive (c,l)-diversity, r1 < C·(r_L + … + r_m) for the class's
	// sensitive value counts sorted in decreasing order r1 ≥ r2 ≥ … ≥ r_m.
	RecursiveDiversity
)

// Method selects the anonymization algorithm.
type Method int

const (
	// FullDomain is global recoding: one hierarchy level per quasi-identifier for the whole
	// table, the optimum found by the Flash lattice search, plus suppression of outlier classes.
	FullDomain Method = iota
	// Mondrian is strict multidimensional local recoding (LeFevre et al. 2006) on the leaf
	// order of the hierarchies; see Config.Method and Result.Labels.
	Mondrian
)

// Config says what a release must guarantee. Zero values of the optional fields mean "off" or
// the default.
type Config struct {
	K                int     // every released row shares its generalized QIs with at least K-1 others
	SuppressionLimit float64 // share of rows (0..1) that may be suppressed to reach K

	Metric  Metric    // quality model to minimize; default Loss
	Weights []float64 // per hierarchy, ≥ 0; nil = equal. Used by Loss and Entropy.

	// Sensitive holds one sensitive attribute as a code per row (codes ≥ 0; for ordered
	// t-closeness the codes' numeric order is the attribute's order), or MissingSensitive where
	// the value was not recorded. Nil = none.
	Sensitive        []int32
	L                int       // l-diversity on Sensitive; 0 or 1 = off
	Diversity        Diversity // variant of l-diversity; default distinct
	C                float64   // c of recursive (c,l)-diversity
	T                float64   // t-closeness on Sensitive (earth mover's distance); 0 = off
	SensitiveOrdered bool      // t-closeness uses ordered distance instead of equal distance

	Method Method // FullDomain (default) or Mondrian

	// Population gives population counts per combination of leaf codes (see Population; the
	// effective count of a combination is max(sample count, population count)). Nil = none.
	Population *Population
	// KMap is k-map (El Emam & Dankar 2008; ARX's "k-map"): every released class must match at
	// least KMap people in the population, i.e. the sum of the effective population counts of all
	// leaf combinations that generalize into the class at the chosen levels (Mondrian: into the
	// cell's lowest common ancestors). A class below KMap is suppressed like a k-anonymity
	// violation, within SuppressionLimit; Mondrian does not split a partition into one below it.
	// Needs Population; 0 or 1 = off. Like k-anonymity it is monotone under generalization, so it
	// is part of Flash's tagging predicate.
	KMap int
	// PopulationUniqueness is a population-uniqueness risk threshold: the largest share of the
	// released records that may be unique in the population, i.e. whose released class has an
	// effective population count of 1 (0 < x ≤ 1; 0 = off; needs Population). It is a property of
	// the whole release, not of a class: unique classes are not suppressed for it; a node (or a
	// Mondrian split) that would release too many of them is rejected. The population count of a
	// class is at least its size, so it only binds where classes of one record may be released
	// (K = 1 and KMap ≤ 1); to release no population unique at all, use KMap = 2. flash.go says
	// why it stays monotone with suppression.
	PopulationUniqueness float64

	// Prefer is a level per hierarchy, in Table order (full-domain only; nil = none), that Search
	// takes without searching when every model holds there within the suppression limit: the
	// levels of the release this one replaces, so that a series keeps its generalization (a
	// release at other levels, joined with that one, shows its cases at the finer level of each
	// quasi-identifier: Release.GuardJoined). Where they do not hold, Search searches as usual.
	Prefer []int
}

// Result is the transformation chosen by Search.
type Result struct {
	Levels     []int  // chosen level per hierarchy, in Table order (nil for Mondrian)
	Suppressed []bool // per row: true when the row's class violates a privacy model (e.g. is smaller than K) and is not released
	Count      int    // number of suppressed rows

	Metric  Metric  // the quality model Value is measured in
	Value   float64 // information loss of the release under Metric (lower is better)
	Checked int     // lattice nodes whose equivalence classes were computed: Flash's checks plus, with suppression, candidates evaluated for the optimum (full-domain only)
	Lattice int     // number of nodes in the generalization lattice (full-domain only)
	Classes int     // number of released equivalence classes (Mondrian: cells)
	// Preferred says the levels are Config.Prefer's, taken without a search.
	Preferred bool
	// PreferSuppressed, when Config.Prefer's levels did not hold within the suppression limit,
	// is the rows they would have suppressed (of len(Suppressed)): what a limit that keeps them
	// must allow (attack-2026-12-03e finding 4: 42 of 828, one row over 5%). 0 otherwise.
	PreferSuppressed int

	// Labels[q][row] is the released value of hierarchy q for row ("*" when suppressed). Filled
	// by Mondrian, where a cell is released as the lowest common ancestor, in the hierarchy, of
	// the leaf values the cell holds on that attribute. Nil for full-domain results: use Label.
	Labels [][]string
}

// Label returns the released value of hierarchy q for row: "*" when the row is suppressed, the
// Mondrian cell's label when r.Labels is set, otherwise the row's leaf generalized to r.Levels[q].
func (r *Result) Label(t *Table, q, row int) string {
	if r.Labels != nil {
		return r.Labels[q][row]
	}
	if r.Suppressed != nil && r.Suppressed[row] {
		return "*"
	}
	return t.Hierarchies[q].Label(r.Levels[q], t.Columns[q][row])
}

// ErrNoSolution is returned when no transformation reaches K within the suppression limit.
var ErrNoSolution = errors.New("anonymize: no generalization reaches k within the suppression limit")

// ErrLUnreachable is returned when l-diversity asks for more distinct sensitive values than
// the whole table has, so that no generalization, however coarse, can reach it.
var ErrLUnreachable = errors.New("anonymize: l-diversity cannot be reached")

// Search finds the transformation of t that satisfies every privacy model of cfg (k-anonymity,
// and when asked l-diversity and t-closeness on cfg.Sensitive, k-map and the
// population-uniqueness threshold on cfg.Population) with at most SuppressionLimit·n
// rows suppressed, and that has the lowest information loss under cfg.Metric; ties are broken by
// the lowest height (sum of levels), then by the lexicographically smallest level vector.
// Classes that violate any model are suppressed, as in ARX.
//
// Full-domain search (the default) works on the distinct combinations of leaf codes (plus the
// sensitive value), never on rows, and classifies the lattice with Flash (Kohlmayer et al. 2012):
// it checks nodes along greedy paths by binary search and tags the generalizations of a node that
// satisfies the models, and the specializations of one that does not, without checking them. A
// node's classes are rolled up from the smallest already computed class table of one of its
// specializations. See flash.go for how optimality is kept when suppression makes the metrics
// non-monotone. The result is deterministic.
//
// With cfg.Method == Mondrian, Search runs strict Mondrian local recoding instead (mondrian.go).
func Search(t *Table, cfg Config) (*Result, error) {
	p, err := newProblem(t, cfg)
	if err != nil {
		return nil, err
	}
	var res *Result
	switch cfg.Method {
	case FullDomain:
		if res, err = p.preferred(); res == nil && err == nil {
			if res, err = p.flash(); res != nil {
				res.PreferSuppressed = int(p.preferSupp)
			}
		}
	case Mondrian:
		res, err = p.mondrian()
	default:
		return nil, fmt.Errorf("anonymize: unknown method %d", int(cfg.Method))
	}
	if errors.Is(err, ErrNoSolution) && cfg.L > 1 {
		// Name the real cause when it is the sensitive values, not k: a class is l-diverse
		// only with l distinct values, and the whole table has fewer.
		seen := map[int32]bool{}
		for _, v := range cfg.Sensitive {
			if v != MissingSensitive {
				seen[v] = true
			}
		}
		if len(seen) < cfg.L {
			return nil, &lError{l: cfg.L, have: len(seen)}
		}
	}
	return res, err
}

// preferred is the release at cfg.Prefer when every model holds there within the suppression
// limit, or nil (no preference, or it does not hold).
func (p *problem) preferred() (*Result, error) {
	lv := p.cfg.Prefer
	if lv == nil {
		return nil, nil
	}
	if len(lv) != p.q {
		return nil, fmt.Errorf("anonymize: %d preferred levels for %d hierarchies", len(lv), p.q)
	}
	for d, l := range lv {
		if l < 0 || l >= p.nLev[d] {
			return nil, fmt.Errorf("anonymize: preferred level %d of hierarchy %d is outside its %d levels", l, d, p.nLev[d])
		}
	}
	if ev := p.evaluate(p.rollup(p.base, lv, nil), nil); !ev.pOK {
		p.preferSupp = ev.suppP
		return nil, nil
	}
	res := p.apply(slices.Clone(lv))
	res.Preferred = true
	return res, nil
}

// lError is ErrLUnreachable (and ErrNoSolution) with the numbers.
type lError struct{ l, have int }

func (e *lError) Error() string {
	return fmt.Sprintf("%v: l = %d needs at least %d distinct sensitive values in a class, and the whole table has %d; no generalization can reach it: lower l, or choose a sensitive attribute with more values",
		ErrLUnreachable, e.l, e.l, e.have)
}

func (e *lError) Unwrap() []error { return []error{ErrLUnreachable, ErrNoSolution} }
