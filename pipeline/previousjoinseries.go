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
		fields := sharedFields(dirCols, s.Fields)
		kinds := projectKinds(s.Kinds, s.Fields, fields)
		memSide, nowSide := joinSide{kinds: kinds}, joinSide{folder: dir}
		same, drop, ok, err := pairSides(ctx, s.Levels, now, fields, &memSide, &nowSide)
		if err != nil {
			return nil, nil, err
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

// sharedFields are the columns of cols (in their order) that other holds too.
func sharedFields(cols, other []string) []string {
	var fields []string
	for _, f := range cols {
		if slices.Contains(other, f) {
			fields = append(fields, f)
		}
	}
	return fields
}

// projectKinds keys kinds (over from) over fields, a subset of from; keys of another width are
// left out.
func projectKinds(kinds map[string]int, from, fields []string) map[string]int {
	at := map[string]int{}
	for i, f := range from {
		at[f] = i
	}
	out := map[string]int{}
	for key, n := range kinds {
		v := strings.Split(key, "\x1f")
		if len(v) != len(from) {
			continue
		}
		p := make([]string, len(fields))
		for i, f := range fields {
			p[i] = v[at[f]]
		}
		out[strings.Join(p, "\x1f")] += n
	}
	return out
}

// pairSides is the level loop of a join of a side at levels a (other) with this release at
// levels now (here), both paired by finerPaired's rule: it sets on each side the columns it
// shows finer and the labels it maps up (at the leaves, to the coarser level), and returns
// the columns both show at one level (same) and those of a quasi-identifier at its top on the
// coarser side, left out (drop). ok is false when a level cannot be paired: a finer side
// between the leaves and the coarser level, or a top level of several values (a side's kinds
// tell it when set, else its folder's rows). Shared by check's join with the series' memory
// and the run's count of the previous release's rows the join singles out
// (privacy-side-doors22, task 2).
func pairSides(ctx context.Context, levels, now []release.Level, fields []string, other, here *joinSide) (same []string, drop map[string]bool, ok bool, err error) {
	drop = map[string]bool{}
	for i, b := range now {
		a := levels[i]
		if a.Level == b.Level {
			same = append(same, b.Columns...)
			continue
		}
		c, fine, fineSide, coarseSide := b, a, other, here
		if a.Level > b.Level {
			c, fine, fineSide, coarseSide = a, b, here, other
		}
		fineSide.finer = append(fineSide.finer, b.Columns)
		if c.Level == len(c.Levels)-1 {
			one := false
			if coarseSide.kinds != nil {
				one = oneKindValue(fields, coarseSide.kinds, c.Columns)
			} else if one, err = oneValue(ctx, coarseSide.folder, c.Columns); err != nil {
				return nil, nil, false, err
			}
			if !one {
				return nil, nil, false, nil
			}
			for _, col := range c.Columns {
				drop[col] = true
			}
			continue
		}
		if _, up := anonymize.LabelUp(fine.QuasiIdentifier, fine.Levels, make([]string, len(fine.Columns)), c.Level); !up || fine.Level != 0 {
			return nil, nil, false, nil
		}
		fineSide.ups = append(fineSide.ups, upTo{name: fine.QuasiIdentifier, levels: fine.Levels, cols: fine.Columns, to: c.Level})
	}
	return same, drop, true, nil
}

// kindsJoined joins two releases given as kinds (keys over their fields), the other one at
// levels a, this one at now, when their generalizations pair (finerPaired) and the other shows
// a quasi-identifier finer: ok is false when there is nothing to join or it cannot be joined.
func kindsJoined(ctx context.Context, a []release.Level, aFields []string, aKinds map[string]int, now []release.Level, nowFields []string, nowKinds map[string]int, k int) (j joined, ok bool, err error) {
	if len(finerPaired(kindSet{Levels: a}, now)) == 0 {
		return joined{}, false, nil
	}
	fields := sharedFields(nowFields, aFields)
	other, here := joinSide{kinds: projectKinds(aKinds, aFields, fields)}, joinSide{kinds: projectKinds(nowKinds, nowFields, fields)}
	same, drop, ok, err := pairSides(ctx, a, now, fields, &other, &here)
	if err != nil || !ok {
		return joined{}, false, err
	}
	j, err = joinedCount(ctx, fields, same, drop, other, here, k)
	return j, err == nil, err
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
