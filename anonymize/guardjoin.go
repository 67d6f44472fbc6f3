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
	rows, classRows, classes, err = withholdJoined(t, levels, r.suppressed, k, r.recheck)
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
	if len(finer) == 0 || res.Levels == nil {
		return 0, 0, 0, nil
	}
	levels := slices.Clone(res.Levels)
	for i, l := range finer {
		if l >= 0 && l < levels[i] {
			levels[i] = l
		}
	}
	return withholdJoined(t, levels, res.Suppressed, cfg.K, func(touched []int) (int, int, error) { return Recheck(t, res, cfg, touched) })
}

// withholdJoined withholds (suppressed) the rows whose group at levels (per quasi-identifier
// of t) holds fewer than k unsuppressed rows, and lets recheck suppress the classes that
// leaves breaking a model, until every group holds k rows or none.
func withholdJoined(t *Table, levels []int, suppressed []bool, k int, recheck func(touched []int) (rows, classes int, err error)) (rows, classRows, classes int, err error) {
	keys := make([]string, len(suppressed))
	var buf []byte
	for row := range suppressed {
		buf = buf[:0]
		for i, h := range t.Hierarchies {
			buf = binary.AppendUvarint(buf, uint64(h.Up[levels[i]][t.Columns[i][row]]))
		}
		keys[row] = string(buf)
	}
	for {
		counts := map[string]int{}
		for row, s := range suppressed {
			if !s {
				counts[keys[row]]++
			}
		}
		var touched []int
		for row, s := range suppressed {
			if !s && counts[keys[row]] < k {
				suppressed[row] = true
				touched = append(touched, row)
			}
		}
		if len(touched) == 0 {
			return rows, classRows, classes, nil
		}
		rows += len(touched)
		cr, cl, err := recheck(touched)
		if err != nil {
			return rows, classRows, classes, err
		}
		classRows, classes = classRows+cr, classes+cl
	}
}
