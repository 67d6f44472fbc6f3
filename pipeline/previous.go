package pipeline

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/prevalence/prevalence/analysis"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// ElapsedBetween is the time the differencing guard lets an open stay age between the release
// prev and the release now replacing it (dir: now's folder, for the error), from their
// manifests as the run takes it: as_of (else the run's day), per organisation
// as_of_by_source. `prevalence check --previous` pairs the two releases' rows with it.
func ElapsedBetween(prev, now *release.Manifest, dir string) (anonymize.Elapsed, error) {
	day := func(m *release.Manifest) time.Time {
		if t, err := time.Parse(time.DateOnly, m.AsOf); err == nil {
			return t
		}
		return m.CreatedAt
	}
	bySource := map[string]time.Time{}
	for src, d := range now.AsOfBySource {
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			bySource[src] = t
		}
	}
	return elapsedSince(prev, day(prev), day(now), bySource, dir)
}

// NewRowsAgainst compares the microdata of the release in dir with that of the release prev
// it replaces (`prevalence check --previous`): the rows of a kind (all their released values)
// that dir adds in fewer than k copies, which comparing the two releases singles out, as the
// differencing guard counts them when a run writes over its previous release (the rows only
// time moved on, an open stay's band or an outcome no longer censored, pair with the rows they
// were). A quasi-identifier that one of the two releases generalized to its top level ("*")
// and the other did not is compared at that top, the coarser of the two: its columns are left
// out of both (whoever holds both releases can coarsen the finer one as far, and no further).
// It returns the problem found ("" for none) and, when the two cannot be compared (other
// intermediate generalizations, other columns), why not: check says so in its verdict.
func NewRowsAgainst(ctx context.Context, dir, prev string, m *release.Manifest) (problem, skipped string, err error) {
	problem, skipped, _, err = NewRowsAgainstNoted(ctx, dir, prev, m)
	return problem, skipped, err
}

// NewRowsAgainstNoted is NewRowsAgainst with notes for check's verdict that are not problems of
// this release (privacy-side-doors20): the rows of the previous release, or of an earlier one
// the series remembers, that joining it with this release singles out (counts only; that
// release is out already), and the remembered generalizations that could not be joined.
func NewRowsAgainstNoted(ctx context.Context, dir, prev string, m *release.Manifest) (problem, skipped string, notes []string, err error) {
	pm, err := release.ReadManifest(prev)
	if err != nil {
		return "", "", nil, err
	}
	// drop: the columns of the quasi-identifiers compared at their top level, with the
	// folder whose release shows them as one value everywhere (checked below).
	drop := map[string]bool{}
	levels := m.Privacy.Levels
	if len(pm.Privacy.Levels) != len(levels) {
		// Outcome quasi-identifiers recorded first in this release: compared at their top,
		// as the run's guard does (firstRecorded).
		l, cols, err := firstRecorded(ctx, pm, m.Privacy, prev)
		if err != nil {
			return "", "", nil, err
		}
		if l == nil {
			return "", "the two releases protect other quasi-identifiers", nil, nil
		}
		levels = l
		for _, c := range cols {
			drop[c] = true
		}
	}
	top := map[string][]string{} // folder -> its columns to check for one value
	ups := map[string][]upTo{}   // folder -> the quasi-identifiers whose labels are mapped up
	var differ, coarser []string
	var same []string                // the columns of the quasi-identifiers both show at one level
	finer := map[string][][]string{} // folder -> the columns of the quasi-identifiers it shows finer
	for i, b := range levels {
		a := pm.Privacy.Levels[i]
		if sameLevel(a, b) {
			same = append(same, b.Columns...)
			continue
		}
		c, folder := a, prev
		if b.Level > a.Level {
			c, folder = b, dir
		}
		if f := map[string]string{prev: dir, dir: prev}[folder]; a.QuasiIdentifier == b.QuasiIdentifier && a.Level >= 0 && b.Level >= 0 {
			finer[f] = append(finer[f], b.Columns)
		}
		if a.QuasiIdentifier != b.QuasiIdentifier || a.Level < 0 || b.Level < 0 || len(c.Columns) == 0 {
			differ = append(differ, fmt.Sprintf("%s at %q, was %s at %q", b.QuasiIdentifier, b.Name, a.QuasiIdentifier, a.Name))
			continue
		}
		if c.Level != len(c.Levels)-1 {
			// Below the top: the finer release's labels mapped up with the built-in hierarchy
			// its manifest names, from its leaves (privacy-side-doors14); else not compared.
			f, ffolder := a, prev
			if folder == prev {
				f, ffolder = b, dir
			}
			if _, ok := anonymize.LabelUp(f.QuasiIdentifier, f.Levels, make([]string, len(f.Columns)), c.Level); !ok || f.Level != 0 ||
				!slices.Equal(a.Levels, b.Levels) || !slices.Equal(a.Columns, b.Columns) {
				differ = append(differ, fmt.Sprintf("%s at %q, was %s at %q", b.QuasiIdentifier, b.Name, a.QuasiIdentifier, a.Name))
				continue
			}
			coarser = append(coarser, fmt.Sprintf("%s at %q", c.QuasiIdentifier, c.Name))
			ups[ffolder] = append(ups[ffolder], upTo{name: f.QuasiIdentifier, levels: f.Levels, cols: f.Columns, to: c.Level})
			continue
		}
		coarser = append(coarser, fmt.Sprintf("%s at %q", c.QuasiIdentifier, c.Name))
		for _, col := range c.Columns {
			drop[col] = true
		}
		top[folder] = append(top[folder], c.Columns...)
	}
	if len(differ) > 0 {
		return "", "the generalization differs from the previous release's (" + strings.Join(differ, "; ") +
			"), at levels the built-in hierarchies cannot pair (a user's hierarchy, or neither release at the leaves): the rows cannot be paired", nil, nil
	}
	for _, folder := range slices.Sorted(maps.Keys(top)) {
		one, err := oneValue(ctx, folder, top[folder])
		if err != nil {
			return "", "", nil, err
		}
		if !one {
			return "", "the generalization differs from the previous release's (" + strings.Join(coarser, "; ") + " in one of them only), " +
				"and that top level does not show one value for every row (a missing value kept apart): the rows cannot be paired", nil, nil
		}
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return "", "", nil, err
	}
	defer db.Close()
	cols, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return "", "", nil, err
	}
	// The columns both releases hold (pseudonyms added, an earlier version's release without
	// later columns): whoever holds both compares them on those, as the run's guard does
	// (sharedColumns; before, check said the columns differ and compared nothing).
	had, err := columnsOf(ctx, prev)
	if err != nil {
		return "", "the previous release's cases cannot be read for the comparison", nil, nil
	}
	var fields, parts, all, here, there []string
	for _, r := range cols.Rows {
		f := analysis.Cell(r[0])
		if !slices.Contains(had, f) {
			here = append(here, f)
			continue
		}
		all = append(all, f)
		if drop[f] {
			continue
		}
		fields = append(fields, f)
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(f, `"`, `""`)))
	}
	for _, f := range had {
		if !slices.Contains(all, f) {
			there = append(there, f)
		}
	}
	if len(fields) == 0 {
		return "", "the two releases hold no column in common", nil, nil
	}
	var shared []string
	if len(here) > 0 {
		shared = append(shared, "this release's "+strings.Join(here, ", ")+" not in the previous one")
	}
	if len(there) > 0 {
		shared = append(shared, "the previous release's "+strings.Join(there, ", ")+" not in this one")
	}
	q := "SELECT concat_ws(chr(31), " + strings.Join(parts, ", ") + ") AS k, count(*) AS n FROM cases GROUP BY k"
	counts := func(folder string) (map[string]int, error) {
		db, err := analysis.Open(ctx, folder)
		if err != nil {
			return nil, err
		}
		defer db.Close()
		t, err := analysis.Query(ctx, db, q)
		if err != nil {
			return nil, err
		}
		out := make(map[string]int, len(t.Rows))
		for _, r := range t.Rows {
			n, _ := r[1].(int64)
			key, ok := labelsUp(fields, analysis.Cell(r[0]), ups[folder])
			if !ok {
				return nil, fmt.Errorf("%s: its labels cannot be mapped up", folder)
			}
			out[key] += int(n)
		}
		return out, nil
	}
	now, err := counts(dir)
	if err != nil {
		return "", "", nil, err
	}
	before, err := counts(prev)
	if err != nil {
		return "", "the previous release's cases cannot be read for the comparison", nil, nil
	}
	elapsed, err := ElapsedBetween(pm, m, dir)
	if err != nil {
		return "", "", nil, err
	}
	rows, kinds, _ := anonymize.NewCopies(fields, before, now, m.Privacy.K, elapsed)
	var dirCols []string
	for _, r := range cols.Rows {
		dirCols = append(dirCols, analysis.Cell(r[0]))
	}
	// In a series, rows of kinds an earlier release published at this release's levels are
	// not new (the run's GuardSeries; attack-2026-12-03c finding 3): the memory beside the
	// previous release says which, and rows new against those releases are counted too.
	rows, kinds, newer, newerKinds, series, err := seriesNewRows(ctx, dir, prev, pm, m, dirCols, fields, before, ups[dir], drop, rows, kinds, elapsed)
	if err != nil {
		return "", "", nil, err
	}
	at := ""
	if len(coarser) > 0 {
		at = " (compared at the coarser of the two generalizations: " + strings.Join(coarser, "; ") + ")"
	}
	if len(shared) > 0 {
		at += " (compared on the columns both releases hold: " + strings.Join(shared, "; ") + ")"
	}
	var problems []string
	if rows > 0 {
		problems = append(problems, fmt.Sprintf("microdata: %d rows of %d kinds (all their released values) are new against the previous release %s in fewer than k = %d copies%s: "+
			"comparing the two releases singles those cases out (rows that only time moved on, an open stay's length_of_stay_band or an outcome no longer censored, count as the same cases%s)",
			rows, kinds, prev, m.Privacy.K, at, series))
	}
	if newer > 0 {
		problems = append(problems, fmt.Sprintf("microdata: %d rows of %d kinds are new in fewer than k = %d copies against an earlier release of the series at this release's levels "+
			"(%s beside the previous release %s): comparing the two singles those cases out", newer, newerKinds, m.Privacy.K, EarlierKindsFile, prev))
	}
	// The previous release finer in a quasi-identifier: the run's GuardJoined withheld the rows
	// the two releases joined single out; recheck it (attack-2026-12-03b finding 2).
	if len(finer[prev]) > 0 {
		j, err := joinedCount(ctx, all, same, drop, joinSide{folder: prev, finer: finer[prev], ups: ups[prev]},
			joinSide{folder: dir, finer: finer[dir], ups: ups[dir]}, m.Privacy.K)
		if err != nil {
			return "", "", nil, err
		}
		if j.problem != "" {
			if len(shared) > 0 {
				j.problem += " (compared on the columns both releases hold: " + strings.Join(shared, "; ") + ")"
			}
			problems = append(problems, j.problem)
		}
		if n := j.sideNote("the previous release " + prev); n != "" {
			notes = append(notes, n)
		}
		if n := j.oneSided("the previous release " + prev); n != "" {
			notes = append(notes, n)
		}
	}
	// Every generalization the series remembers beside prev, joined as the run's guard joins
	// them (seriesJoinLevels).
	mj, unjoined, err := joinMemory(ctx, dir, prev, m, dirCols)
	if err != nil {
		return "", "", nil, err
	}
	for _, x := range mj {
		if x.found.problem != "" {
			problems = append(problems, x.found.problem)
		}
		if n := x.found.sideNote("an earlier release remembered in " + EarlierKindsFile + " (" + strings.Join(x.names, ", ") + ")"); n != "" {
			notes = append(notes, n)
		}
		if n := x.found.oneSided("an earlier release remembered in " + EarlierKindsFile + " (" + strings.Join(x.names, ", ") + ")"); n != "" {
			notes = append(notes, n)
		}
	}
	if len(unjoined) > 0 {
		notes = append(notes, "not joined (a finer level the built-in hierarchies cannot map up, or a top level of several values): "+strings.Join(unjoined, "; "))
	}
	return strings.Join(problems, "; "), "", notes, nil
}

// columnsOf lists the columns of the cases of the release in folder.
func columnsOf(ctx context.Context, folder string) ([]string, error) {
	db, err := analysis.Open(ctx, folder)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	t, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, r := range t.Rows {
		cols = append(cols, analysis.Cell(r[0]))
	}
	return cols, nil
}

// upTo is a quasi-identifier (name, the level names its manifest lists, its columns) whose
// labels at its leaves NewRowsAgainst maps up to level to.
type upTo struct {
	name         string
	levels, cols []string
	to           int
}

// labelsUp maps the labels of a row key (fields' values joined by "\x1f", NullMark for a
// missing one) up as ups say; false when a column is missing or a hierarchy refuses.
func labelsUp(fields []string, key string, ups []upTo) (string, bool) {
	if len(ups) == 0 {
		return key, true
	}
	v := strings.Split(key, "\x1f")
	for _, u := range ups {
		at := make([]int, len(u.cols))
		vals := make([]string, len(u.cols))
		for j, c := range u.cols {
			if at[j] = slices.Index(fields, c); at[j] < 0 {
				return key, false
			}
			if vals[j] = v[at[j]]; vals[j] == anonymize.NullMark {
				vals[j] = ""
			}
		}
		up, ok := anonymize.LabelUp(u.name, u.levels, vals, u.to)
		if !ok || len(up) != len(at) {
			return key, false
		}
		for j, x := range up {
			if x == "" {
				x = anonymize.NullMark
			}
			v[at[j]] = x
		}
	}
	return strings.Join(v, "\x1f"), true
}

// oneValue reports whether the columns cols of the release in folder hold one combination of
// values (missing ones included) over all its rows, as a quasi-identifier at its top level does.
func oneValue(ctx context.Context, folder string, cols []string) (bool, error) {
	db, err := analysis.Open(ctx, folder)
	if err != nil {
		return false, err
	}
	defer db.Close()
	have, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return false, err
	}
	var parts []string
	for _, c := range cols {
		if !slices.ContainsFunc(have.Rows, func(r []any) bool { return analysis.Cell(r[0]) == c }) {
			continue // a column the release does not hold (nothing of it recorded)
		}
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(c, `"`, `""`)))
	}
	if len(parts) == 0 {
		return true, nil
	}
	t, err := analysis.Query(ctx, db, "SELECT count(DISTINCT concat_ws(chr(31), "+strings.Join(parts, ", ")+")) FROM cases")
	if err != nil {
		return false, nil // a column missing: not one value
	}
	n, _ := t.Rows[0][0].(int64)
	return n <= 1, nil
}
