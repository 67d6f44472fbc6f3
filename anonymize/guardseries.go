// Guard over a series: kinds of row an earlier release published at this release's levels.

package anonymize

import (
	"maps"
	"slices"
)

// Kinds counts this release's rows (not suppressed) by their full content: the keys of
// Guard with the zero View (every release column, as released). The run keeps them across a
// series (pipeline.EarlierKindsFile) for GuardSeries.
func (r *Release) Kinds() map[string]int {
	counts := map[string]int{}
	r.rowKeys(View{}, func(_ int, key string) { counts[key]++ })
	return counts
}

// GuardSeries is GuardAt for a release of a series in which an earlier release than the
// previous one was generalized as this one: earlier counts, per kind of row (its full
// content, keys as Kinds), the most copies any earlier release at these levels and columns
// published (the previous release's own where it is at them too), earlierElapsed the time since
// the oldest of them.
//
// A monthly series whose search changed the levels for one month and back (July, September
// otherwise, November as July) compared November with September only: the rows September could
// not show at its levels were new against it, withheld in November, and so in December too,
// against November: 135 rows of kinds July published at the same levels, for good, while the
// register grew (attack-2026-12-03c finding 3). Whoever holds July learns nothing from those
// rows, so a row of a kind earlier published in as many copies (or that only time moved on
// from one) is not withheld as new against the previous release. The rest are withheld as
// GuardAt does, and beyond them the copies of a kind this release adds against earlier in
// fewer than k (July and November at the same levels compared: rows new since July in fewer
// than k of a kind that September's coarser comparison let through). covered counts the rows
// GuardAt would have withheld that this keeps as earlier published.
func (r *Release) GuardSeries(previous map[string]int, k int, elapsed Elapsed, view View, earlier map[string]int, earlierElapsed Elapsed) (g Guarded, covered int, err error) {
	excess, keyOf, g := r.compareAt(previous, k, elapsed, view)
	g.Copies = 0 // counted again as withheld
	counts := map[string]int{}
	var order []string
	kindOf := map[int]string{}
	r.rowKeys(View{}, func(kept int, key string) {
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
		kindOf[kept] = key
	})
	newer, moved, _ := newCopies(r.Fields(View{}), earlier, counts, order, k, earlierElapsed)
	// The copies of a kind beyond what earlier releases published of it (or that only time
	// moved on from their rows): only those can be new cases.
	uncovered := map[string]int{}
	for key, n := range counts {
		if d := n - earlier[key] - moved[key]; d > 0 {
			uncovered[key] = d
		}
	}
	var touched []int
	// Withhold the last copies, as GuardAt: copies of a kind are alike.
	for kept := len(r.suppressed) - 1; kept >= 0; kept-- {
		key, ok := keyOf[kept]
		if !ok {
			continue
		}
		if !SeriesTake(excess, newer, uncovered, key, kindOf[kept]) {
			continue
		}
		r.suppressed[kept] = true
		touched = append(touched, kept)
		g.Copies++
	}
	// What is left new against the previous release is of kinds earlier published.
	for _, d := range excess {
		covered += d
	}
	rows, classes, err := r.recheck(touched)
	if err != nil {
		return g, covered, err
	}
	g.ClassRows, g.Classes = rows, classes
	r.Suppressed += g.Rows()
	r.Written -= g.Rows()
	return g, covered, nil
}

// NewCopiesSeries is NewCopies under GuardSeries' rule, for `prevalence check --previous` on a
// release of a series: previous and counts as NewCopies's (keys over fields); kinds counts this
// release's rows by their full content (keys over kindFields), earlier the kinds earlier
// releases at its levels published (as GuardSeries takes them), coarse maps a key of kinds to
// its key of counts. rows and sorts are the rows new against the previous release in fewer than
// k copies of a kind, but of kinds earlier published in as many copies; newer and newerKinds
// the rows of a kind this release adds against earlier in fewer than k.
func NewCopiesSeries(fields []string, previous, counts map[string]int, kindFields []string, earlier, kinds map[string]int,
	coarse func(kind string) (string, bool), k int, elapsed, earlierElapsed Elapsed) (rows, sorts, newer, newerKinds int, ok bool) {
	excess, _, _ := newCopies(fields, previous, counts, slices.Sorted(maps.Keys(counts)), k, elapsed)
	added, moved, _ := newCopies(kindFields, earlier, kinds, slices.Sorted(maps.Keys(kinds)), k, earlierElapsed)
	uncovered := map[string]int{}
	for key, n := range kinds {
		c, ok := coarse(key)
		if !ok {
			return 0, 0, 0, 0, false
		}
		uncovered[c] += max(0, n-earlier[key]-moved[key])
	}
	for c, d := range excess {
		if d = min(d, uncovered[c]); d > 0 {
			rows += d
			sorts++
		}
	}
	for _, d := range added {
		newer += d
		newerKinds++
	}
	return rows, sorts, newer, newerKinds, true
}

// RegisterKinds counts every row this release keeps, those suppressed included (the cases its
// register holds), by their full content with the quasi-identifiers at levels (per index in
// QIs; the others at this release's levels). The run caps the series' memory with it: a kind
// an earlier release published in more copies than the register now holds lost cases since,
// and a new case of that kind is new, not one published before.
func (r *Release) RegisterKinds(levels map[int]int) map[string]int {
	saved := r.suppressed
	r.suppressed = make([]bool, len(saved)) // rowKeys skips suppressed rows: none, for this count
	defer func() { r.suppressed = saved }()
	counts := map[string]int{}
	r.rowKeys(View{Up: levels}, func(_ int, key string) { counts[key]++ })
	return counts
}

// KindsAndRegister is Kinds and RegisterKinds(nil) in one pass over the rows
// (privacy-side-doors19: at 1M rows each pass builds 881,557 keys, and the run's write stage
// made both for the series' memory even when the levels had not changed): the released rows
// by their full content, and every row kept, suppressed ones included.
func (r *Release) KindsAndRegister() (released, register map[string]int) {
	saved := r.suppressed
	r.suppressed = make([]bool, len(saved))
	defer func() { r.suppressed = saved }()
	released, register = map[string]int{}, map[string]int{}
	r.rowKeys(View{}, func(kept int, key string) {
		register[key]++
		if !saved[kept] {
			released[key]++
		}
	})
	return released, register
}

// SeriesTake is the series' guard's rule for one kept row, from the last copies back (copies
// of a kind are alike), shared by GuardSeries and the tables' guard of `prevalence anonymize`:
// the row of comparison key key and kind is withheld when it is new against the previous
// release (excess[key]) and its kind holds more copies than earlier releases published
// (uncovered[kind]), or its kind adds fewer than k copies against earlier (newer[kind]). A row
// withheld is taken off each count it was in.
func SeriesTake(excess, newer, uncovered map[string]int, key, kind string) bool {
	if (excess[key] == 0 || uncovered[kind] == 0) && newer[kind] == 0 {
		return false
	}
	if excess[key] > 0 {
		excess[key]--
	}
	if newer[kind] > 0 {
		newer[kind]--
	}
	if uncovered[kind] > 0 {
		uncovered[kind]--
	}
	return true
}
