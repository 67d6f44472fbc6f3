package pipeline

import (
	"fmt"
	"maps"
	"slices"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// The joined guard against every release the series remembers (privacy-side-doors19, task 2 of
// privacy-side-doors18): GuardJoined joined this release with the previous one only, so a
// series July, September (finer in a quasi-identifier), November (as July) let December's rows
// new since September be singled out by joining December with September, although September's
// generalization is remembered (EarlierKindsFile) and whoever published September holds it.

// seriesJoinLevels is joinLevels over the previous release (prev) and every set of the series'
// memory (mem) whose generalization pairs with this one's (the same quasi-identifiers in the
// same order, with the same level names): each quasi-identifier that any of them shows finer
// than this release (now) maps to the finest such level. names says where each came from, for
// the notice. A set that does not pair (other quasi-identifiers or hierarchies, Mondrian's
// labels) is left out: its rows cannot be seen at this release's levels.
func seriesJoinLevels(rel *anonymize.Release, prev *release.Manifest, mem earlierKinds, now release.Privacy) (finer map[int]int, names []string) {
	finer, names = joinLevels(rel, prev, now)
	if len(names) > 0 {
		names[0] = "the previous release's " + names[0]
	}
	from := map[int]string{} // quasi-identifier -> the memory's name for its finest level
	for _, s := range mem.Sets {
		if len(s.Levels) != len(now.Levels) {
			continue
		}
		pairs := true
		for i, b := range now.Levels {
			a := s.Levels[i]
			if a.QuasiIdentifier != b.QuasiIdentifier || a.Level < 0 || b.Level < 0 || !slices.Equal(a.Levels, b.Levels) || a.Level >= len(a.Levels) {
				pairs = false
				break
			}
		}
		if !pairs {
			continue
		}
		for i, b := range now.Levels {
			a := s.Levels[i]
			if a.Level >= b.Level {
				continue
			}
			q := slices.IndexFunc(rel.QIs, func(qi anonymize.QI) bool { return qi.Name == b.QuasiIdentifier })
			if q < 0 {
				continue
			}
			if l, ok := finer[q]; ok && l <= a.Level {
				continue
			}
			finer[q] = a.Level
			from[q] = fmt.Sprintf("an earlier release's %s at %q (remembered in %s)", a.QuasiIdentifier, a.Name, EarlierKindsFile)
		}
	}
	if len(from) == 0 {
		return finer, names
	}
	// The names again, each at its finest level: the previous release's first (its name said
	// once, as joinLevels' notice had it), then the memory's.
	var mine []string
	names = nil
	for q := range rel.QIs {
		l, ok := finer[q]
		if !ok {
			continue
		}
		if n, ok := from[q]; ok {
			mine = append(mine, n)
			continue
		}
		i := slices.IndexFunc(prev.Privacy.Levels, func(lv release.Level) bool { return lv.QuasiIdentifier == rel.QIs[q].Name })
		if i >= 0 && prev.Privacy.Levels[i].Level == l {
			names = append(names, fmt.Sprintf("%s at %q", rel.QIs[q].Name, prev.Privacy.Levels[i].Name))
		}
	}
	if len(names) > 0 {
		names[0] = "the previous release's " + names[0]
	}
	return finer, append(names, mine...)
}

// tableJoinLevels is seriesJoinLevels for `prevalence anonymize`: finer and names (the previous
// release's finer levels, tableGuard's) with every set of the memory that pairs with this run's
// quasi-identifiers and level names added, each quasi-identifier at its finest level.
func tableJoinLevels(v tableView, mem earlierKinds, finer map[int]int, names []string, qis []string, levelNames [][]string) (map[int]int, []string) {
	if v.res.Levels == nil {
		return finer, nil
	}
	out := maps.Clone(finer)
	for _, s := range mem.Sets {
		lv, ok := v.levelsOf(s.Levels, qis, levelNames)
		if !ok {
			continue
		}
		for q, l := range lv {
			if l >= v.res.Levels[q] {
				continue
			}
			if f, ok := out[q]; ok && f <= l {
				continue
			}
			out[q] = l
		}
	}
	names = nil
	var mine []string
	for q := range qis {
		if l, ok := out[q]; ok {
			if f, ok := finer[q]; ok && f == l {
				names = append(names, fmt.Sprintf("%s at %q", qis[q], levelNames[q][l]))
			} else {
				mine = append(mine, fmt.Sprintf("an earlier release's %s at %q (remembered in %s)", qis[q], levelNames[q][l], EarlierKindsFile))
			}
		}
	}
	if len(names) > 0 {
		names[0] = "the previous release's " + names[0]
	}
	return out, append(names, mine...)
}

// kindsOf returns each row's kind (full content at the release's levels; "" for rows not
// released) for the joined guard's cover, or nil when cover is empty.
func (v tableView) kindsOf(cover map[string]int) []string {
	if len(cover) == 0 {
		return nil
	}
	_, keyOf := v.kinds(nil, false)
	return keyOf
}
