package pipeline

import (
	"context"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// The series' memory (EarlierKindsFile) for `prevalence anonymize`, as the run keeps it: a
// table re-released at other levels and back compared with the previous release only withheld
// for good the rows that release could not show (attack-2026-12-03c finding 3 for the run;
// privacy-side-doors18 for the table). A table has no as_of: no row moves on with time.

// tableView is what the table's series code needs of AnonymizeTable's state.
type tableView struct {
	header []string
	cols   [][]string
	keep   []int       // written columns (indexes in cols), in the release's order
	qiOf   map[int]int // column index -> quasi-identifier index
	t      *anonymize.Table
	res    *anonymize.Result
}

// fields are the written columns' names, in the release's order.
func (v tableView) fields() []string {
	var f []string
	for _, c := range v.keep {
		f = append(f, v.header[c])
	}
	return f
}

// kinds counts rows by their full released content (keys as previousKinds reads a release:
// values joined by chr(31)), each quasi-identifier at levels (nil: the release's own), all
// rows (suppressed ones too: the register) or the released ones only. keyOf gives each
// counted row's key ("" for the others).
func (v tableView) kinds(levels []int, all bool) (map[string]int, []string) {
	if levels == nil {
		levels = v.res.Levels
	}
	n := len(v.res.Suppressed)
	counts := map[string]int{}
	keyOf := make([]string, n)
	vals := make([]string, len(v.keep))
	for r := range n {
		if !all && v.res.Suppressed[r] {
			continue
		}
		for j, c := range v.keep {
			if q, ok := v.qiOf[c]; ok {
				vals[j] = v.t.Hierarchies[q].Label(levels[q], v.t.Columns[q][r])
			} else {
				vals[j] = v.cols[c][r]
			}
		}
		keyOf[r] = strings.Join(vals, "\x1f")
		counts[keyOf[r]]++
	}
	return counts, keyOf
}

// levelsOf returns the level index per quasi-identifier of set levels ls, when every one
// names this run's quasi-identifier (in order) with its hierarchy's level names; ok false
// otherwise.
func (v tableView) levelsOf(ls []release.Level, qis []string, levelNames [][]string) ([]int, bool) {
	if len(ls) != len(qis) {
		return nil, false
	}
	lv := make([]int, len(qis))
	for i, l := range ls {
		if l.QuasiIdentifier != qis[i] || l.Level < 0 || !slices.Equal(l.Levels, levelNames[i]) || l.Level >= len(levelNames[i]) {
			return nil, false
		}
		lv[i] = l.Level
	}
	return lv, true
}

// tableSeriesWithhold is GuardSeries' rule over the table: earlier counts the most copies of
// each kind (full content at this release's levels) earlier releases of the series published;
// excess and keyOf are the guard's comparison with the previous release (keys at the coarser
// levels). A row new against the previous release is withheld only if its kind holds more
// copies than earlier published; beyond that, the copies a kind adds against earlier in fewer
// than k are withheld. It returns the rows withheld (res.Suppressed set) and how many rows new
// against the previous release it kept as earlier published.
func tableSeriesWithhold(v tableView, earlier map[string]int, excess map[string]int, keyOf []string, k int) (touched []int, covered int) {
	counts, kindOf := v.kinds(nil, false)
	uncovered, newer := map[string]int{}, map[string]int{}
	for kind, n := range counts {
		if d := n - earlier[kind]; d > 0 {
			uncovered[kind] = d
			if d < k {
				newer[kind] = d
			}
		}
	}
	for r := len(v.res.Suppressed) - 1; r >= 0; r-- { // the last copies: copies of a kind are alike
		if v.res.Suppressed[r] {
			continue
		}
		if !anonymize.SeriesTake(excess, newer, uncovered, keyOf[r], kindOf[r]) {
			continue
		}
		v.res.Suppressed[r] = true
		touched = append(touched, r)
	}
	for _, d := range excess {
		covered += d
	}
	return touched, covered
}

// tableMemory is the series' memory to write beside this release (nil: none): the memory
// beside the previous release in out, with the previous release's own rows added at its
// levels, every set capped at the rows of each kind the table holds now (suppressed ones
// included) at the set's levels, then without the kinds this release holds in as many copies
// at its own levels.
func tableMemory(ctx context.Context, out string, prev *release.Manifest, v tableView, now []release.Level, qis []string, levelNames [][]string) (*earlierKinds, error) {
	mem, err := readEarlierKinds(out)
	if err != nil {
		return nil, err
	}
	if prev.Privacy.Method != "mondrian" && !slices.ContainsFunc(prev.Privacy.Levels, func(l release.Level) bool { return l.Level < 0 }) {
		db, err := analysis.Open(ctx, out)
		if err != nil {
			return nil, err
		}
		kinds, fields, err := previousKinds(ctx, db)
		db.Close()
		if err != nil {
			return nil, err
		}
		if len(kinds) > 0 {
			mem = mem.add(kindSet{Levels: prev.Privacy.Levels, Fields: fields, Kinds: kinds})
		}
	}
	fields := v.fields()
	var capped earlierKinds
	for _, s := range mem.Sets {
		if lv, ok := v.levelsOf(s.Levels, qis, levelNames); ok && slices.Equal(s.Fields, fields) {
			reg, _ := v.kinds(lv, true)
			kinds := map[string]int{}
			for key, n := range s.Kinds {
				if n = min(n, reg[key]); n > 0 {
					kinds[key] = n
				}
			}
			s.Kinds = kinds
		}
		if len(s.Kinds) > 0 {
			capped.Sets = append(capped.Sets, s)
		}
	}
	own, _ := v.kinds(nil, false)
	next := capped.beside(now, fields, own)
	if len(next.Sets) == 0 {
		return nil, nil
	}
	return &next, nil
}

// writeTableMemory writes mem into the release w writes (EarlierKindsFile, the organisation's).
func writeTableMemory(w *release.Writer, mem *earlierKinds) error {
	if mem == nil {
		return nil
	}
	j, err := mem.encode()
	if err != nil {
		return err
	}
	return w.WriteFile(EarlierKindsFile, j, 0)
}
