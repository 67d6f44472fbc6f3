// Guard against joining two releases generalized otherwise.

package anonymize

import (
	"encoding/binary"
	"slices"
)

// GuardJoined withholds the rows that joining this release with a previous one generalized
// otherwise would single out (attack-2026-12-03b finding 2). Whoever holds both releases sees
// a case at the finer of the two levels of every quasi-identifier: this release's where it is
// the finer, the previous release's where that one is. finer maps a quasi-identifier (its
// index in QIs) to the previous release's level where it is finer than this release's. The
// columns time does not move (citizenship, the forms, source, status) link a case's rows of
// the two releases, so a group of this release's rows that holds fewer than k rows at those
// joined levels can be told apart although each release alone is k-anonymous (a September
// release by gender and age, a November one by year: joined, 18 combinations held one case,
// 68 fewer than 5). The Guard's comparison at the coarser of the two levels cannot see that.
//
// The rows of such groups are withheld, and the classes of this release they leave breaking
// a privacy model are suppressed whole, as Guard does, until every group at the joined levels
// holds k rows or none. It returns the rows withheld, and beyond them the rows and classes
// suppressed whole. A Mondrian release (no level to join at; the run refuses to pair one,
// see pipeline.ErrUnpaired) returns zeros.
func (r *Release) GuardJoined(finer map[int]int, k int) (rows, classRows, classes int, err error) {
	return r.GuardJoinedSeries(finer, k, nil)
}

// GuardJoinedSeries is GuardJoined for a release of a series, joined with every earlier release
// it remembers (finer: the finest level of each quasi-identifier any of them showed below this
// release's), privacy-side-doors19. earlier counts, per kind of row (full content, keys as
// Kinds), the copies earlier releases at this release's own levels published (GuardSeries'
// earlier): those copies of a kind count in the size of their group at the joined levels but
// are not withheld. Such a row shows nothing its earlier release did not (that release guarded
// its own joins), and withholding it for a join with a release two generalizations back would
// withhold for good the rows the memory brought back (a series July, September otherwise,
// November as July: December at July's levels joined with September would lose July's rows
// again). Only the copies beyond them, rows new since, are withheld. nil: every row may be.
func (r *Release) GuardJoinedSeries(finer map[int]int, k int, earlier map[string]int) (rows, classRows, classes int, err error) {
	if len(finer) == 0 || r.table == nil || r.result == nil || r.result.Labels != nil {
		return 0, 0, 0, nil
	}
	t := r.table
	levels := make([]int, len(t.Hierarchies))
	joined := false
	for i := range t.Hierarchies {
		levels[i] = r.result.Levels[i]
		if l, ok := finer[r.searched[i]]; ok && l >= 0 && l < levels[i] {
			levels[i], joined = l, true
		}
	}
	if !joined {
		return 0, 0, 0, nil
	}
	var kinds []string
	if len(earlier) > 0 {
		kinds = make([]string, len(r.suppressed))
		r.rowKeys(View{}, func(kept int, key string) { kinds[kept] = key })
	}
	rows, classRows, classes, err = withholdJoined(t, levels, r.suppressed, k, r.recheck, kinds, earlier)
	if err != nil {
		return rows, classRows, classes, err
	}
	r.Suppressed += rows + classRows
	r.Written -= rows + classRows
	return rows, classRows, classes, nil
}

// GuardJoinedTable is GuardJoined for a table anonymized by Search (prevalence anonymize's
// re-release guard, attack-2026-12-03c finding 1): finer maps a quasi-identifier (its index in
// t) to the previous release's level where it is finer than res's. Rows withheld, and the
// classes that leaves breaking cfg's models (Recheck), are set in res.Suppressed; res.Count is
// the caller's to update. A Mondrian result (no levels) returns zeros.
func GuardJoinedTable(t *Table, res *Result, cfg Config, finer map[int]int) (rows, classRows, classes int, err error) {
	return GuardJoinedTableSeries(t, res, cfg, finer, nil, nil)
}

// GuardJoinedTableSeries is GuardJoinedTable joined with every earlier release of the series
// (finer: the finest level of each quasi-identifier any of them showed), as GuardJoinedSeries:
// kinds gives each row's kind (full content at res's levels; nil: none) and earlier the copies
// of each kind earlier releases at res's levels published: those copies count in their group's
// size but are not withheld.
func GuardJoinedTableSeries(t *Table, res *Result, cfg Config, finer map[int]int, kinds []string, earlier map[string]int) (rows, classRows, classes int, err error) {
	if len(finer) == 0 || res.Levels == nil {
		return 0, 0, 0, nil
	}
	levels := slices.Clone(res.Levels)
	for i, l := range finer {
		if l >= 0 && l < levels[i] {
			levels[i] = l
		}
	}
	return withholdJoined(t, levels, res.Suppressed, cfg.K, func(touched []int) (int, int, error) { return Recheck(t, res, cfg, touched) }, kinds, earlier)
}

// withholdJoined withholds (suppressed) the rows whose group at levels (per quasi-identifier
// of t) holds fewer than k unsuppressed rows, and lets recheck suppress the classes that
// leaves breaking a model, until every group holds k rows or none.
//
// With kinds (each row's kind, its full content at the release's levels; nil: none) and earlier
// (the copies of each kind earlier releases at these levels published), up to earlier[kind]
// copies of a kind are covered: counted in their group, not withheld. Which copies are the
// earlier ones nobody can tell (they are alike at the release's levels, not at the joined
// ones), so the cover goes first to the copies in groups of k or more, then to those in the
// largest groups under k: the copies left in the smallest groups are withheld.
func withholdJoined(t *Table, levels []int, suppressed []bool, k int, recheck func(touched []int) (rows, classes int, err error),
	kinds []string, earlier map[string]int) (rows, classRows, classes int, err error) {
	keys := make([]string, len(suppressed))
	var buf []byte
	for row := range suppressed {
		buf = buf[:0]
		for i, h := range t.Hierarchies {
			buf = binary.AppendUvarint(buf, uint64(h.Up[levels[i]][t.Columns[i][row]]))
		}
		keys[row] = string(buf)
	}
	if len(earlier) == 0 {
		kinds = nil
	}
	for {
		counts := map[string]int{}
		for row, s := range suppressed {
			if !s {
				counts[keys[row]]++
			}
		}
		var touched []int
		big := map[string]int{}     // kind -> its copies in groups of k or more
		small := map[string][]int{} // kind -> its copies in groups under k
		for row, s := range suppressed {
			if s {
				continue
			}
			kind := ""
			if kinds != nil {
				kind = kinds[row]
			}
			switch {
			case counts[keys[row]] >= k:
				big[kind]++
			case kind == "" || earlier[kind] == 0:
				suppressed[row] = true
				touched = append(touched, row)
			default:
				small[kind] = append(small[kind], row)
			}
		}
		for kind, rs := range small {
			left := max(0, earlier[kind]-big[kind])
			if left >= len(rs) {
				continue
			}
			slices.SortStableFunc(rs, func(a, b int) int { return counts[keys[b]] - counts[keys[a]] }) // largest groups first
			for _, row := range rs[left:] {
				suppressed[row] = true
				touched = append(touched, row)
			}
		}
		if len(touched) == 0 {
			return rows, classRows, classes, nil
		}
		slices.Sort(touched)
		rows += len(touched)
		cr, cl, err := recheck(touched)
		if err != nil {
			return rows, classRows, classes, err
		}
		classRows, classes = classRows+cr, classes+cl
	}
}
