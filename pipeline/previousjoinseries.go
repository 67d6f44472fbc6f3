package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// `check --previous` joined with the series' memory (privacy-side-doors20, task 1): the run's
// joined guard joins this release with every generalization the series remembers
// (seriesJoinLevels), but check joined it with the previous release only, so a series July,
// September (finer in a quasi-identifier), November and December at July's levels checked
// December against November alone: the rows December adds that joining with September singles
// out passed. Whoever published September holds it; the memory beside the previous release
// (EarlierKindsFile) holds its rows at its levels, and check now joins each such set with this
// release as it joins the previous one.

// memoryJoin is one set of the memory beside the previous release joined with this release:
// its words for the verdict (the levels it shows finer) and what the join found.
type memoryJoin struct {
	names []string
	found joined
}

// joinMemory joins the release in dir (manifest m, columns dirCols) with every set of the
// memory beside prev whose generalization pairs with m's (seriesJoinLevels' rule: the same
// quasi-identifiers, hierarchies and columns) and shows a quasi-identifier finer than m: rows
// linked by the columns both hold at the coarser of the two levels (a finer side at the leaves
// mapped up; a quasi-identifier at its top on the coarser side, one value there, left out), as
// NewRowsAgainst joins the previous release. skipped names the sets that could not be joined
// (a finer side between the leaves and the coarser level, a top level of several values).
func joinMemory(ctx context.Context, dir, prev string, m *release.Manifest, dirCols []string) (out []memoryJoin, skipped []string, err error) {
	mem, err := readEarlierKinds(prev)
	if err != nil {
		return nil, nil, nil // unreadable: the previous release alone, as seriesNewRows leaves it
	}
	now := m.Privacy.Levels
	for _, s := range mem.Sets {
		names := finerPaired(s, now)
		if len(names) == 0 {
			continue
		}
		var fields []string
		at := map[string]int{}
		for i, f := range s.Fields {
			at[f] = i
		}
		for _, f := range dirCols {
			if _, ok := at[f]; ok {
				fields = append(fields, f)
			}
		}
		kinds := map[string]int{}
		for key, n := range s.Kinds {
			v := strings.Split(key, "\x1f")
			if len(v) != len(s.Fields) {
				continue
			}
			p := make([]string, len(fields))
			for i, f := range fields {
				p[i] = v[at[f]]
			}
			kinds[strings.Join(p, "\x1f")] += n
		}
		var same []string
		drop := map[string]bool{}
		var memSide, nowSide joinSide
		memSide.kinds = kinds
		nowSide.folder = dir
		ok := true
		for i, b := range now {
			a := s.Levels[i]
			if a.Level == b.Level {
				same = append(same, b.Columns...)
				continue
			}
			c, fine, fineSide, coarseMem := b, a, &memSide, false
			if a.Level > b.Level {
				c, fine, fineSide, coarseMem = a, b, &nowSide, true
			}
			fineSide.finer = append(fineSide.finer, b.Columns)
			if c.Level == len(c.Levels)-1 {
				one := false
				if coarseMem {
					one = oneKindValue(fields, kinds, c.Columns)
				} else if one, err = oneValue(ctx, dir, c.Columns); err != nil {
					return nil, nil, err
				}
				if !one {
					ok = false
					break
				}
				for _, col := range c.Columns {
					drop[col] = true
				}
				continue
			}
			if _, up := anonymize.LabelUp(fine.QuasiIdentifier, fine.Levels, make([]string, len(fine.Columns)), c.Level); !up || fine.Level != 0 {
				ok = false
				break
			}
			fineSide.ups = append(fineSide.ups, upTo{name: fine.QuasiIdentifier, levels: fine.Levels, cols: fine.Columns, to: c.Level})
		}
		desc := "an earlier release's " + strings.Join(names, ", ") + " (remembered in " + EarlierKindsFile + ")"
		if !ok {
			skipped = append(skipped, desc)
			continue
		}
		memSide.name = fmt.Sprintf("an earlier release of the series (its generalization remembered in %s beside the previous release %s: %s)",
			EarlierKindsFile, prev, strings.Join(names, ", "))
		found, err := joinedCount(ctx, fields, same, drop, memSide, nowSide, m.Privacy.K)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, memoryJoin{names: names, found: found})
	}
	return out, skipped, nil
}

// finerPaired names the quasi-identifiers (at the set's level) that the memory's set s shows
// finer than now, when its generalization pairs with now's (the same quasi-identifiers in the
// same order, hierarchies and columns, levels at the built-in ones): nil when it does not.
func finerPaired(s kindSet, now []release.Level) []string {
	if len(s.Levels) != len(now) || len(now) == 0 {
		return nil
	}
	var names []string
	for i, b := range now {
		a := s.Levels[i]
		if a.QuasiIdentifier != b.QuasiIdentifier || a.Level < 0 || b.Level < 0 || a.Level >= len(a.Levels) ||
			!slices.Equal(a.Levels, b.Levels) || !slices.Equal(a.Columns, b.Columns) {
			return nil
		}
		if a.Level < b.Level {
			names = append(names, fmt.Sprintf("%s at %q", a.QuasiIdentifier, a.Name))
		}
	}
	return names
}

// oneKindValue reports whether the columns cols of kinds (keys over fields) hold one combination
// of values, as oneValue does for a folder.
func oneKindValue(fields []string, kinds map[string]int, cols []string) bool {
	var idx []int
	for _, c := range cols {
		if i := slices.Index(fields, c); i >= 0 {
			idx = append(idx, i)
		}
	}
	seen := ""
	first := true
	for key := range kinds {
		v := strings.Split(key, "\x1f")
		var b strings.Builder
		for _, i := range idx {
			b.WriteString(v[i])
			b.WriteByte(0x1f)
		}
		if first {
			seen, first = b.String(), false
		} else if b.String() != seen {
			return false
		}
	}
	return true
}
