package pipeline

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// tableGuard is prevalence anonymize's differencing guard (privacy-side-doors15: a table
// anonymized over an earlier release of it was written with no comparison, so whoever holds
// both saw the rows added between them alone). Against the release already in out, if any, it
// withholds, wherever this release would add 1 to k-1 copies of a kind of row (all the columns
// both releases hold), those copies, and suppresses whole every class that leaves breaking the
// search's models (anonymize.Recheck), as the run's guard does. A quasi-identifier the two
// generalized to other levels is compared at the coarser one, the finer side's labels mapped up
// with this run's hierarchy; one it cannot pair (other quasi-identifiers, other level names,
// Mondrian's local labels, a label the hierarchy lacks) refuses the run (ErrUnpaired), and so
// does a comparison that would withhold more than the suppression limit from a release mostly
// gone since (ErrDifferencing: another table's folder). keep are the written columns of header
// (indexes in cols); qiOf maps a column index to its quasi-identifier. It returns the rows
// withheld (res.Suppressed and res.Count updated) and the notice for the manifest.
func tableGuard(ctx context.Context, out string, spec TableSpec, header []string, cols [][]string, keep []int, qiOf map[int]int,
	t *anonymize.Table, res *anonymize.Result, sc anonymize.Config, levelNames [][]string, now []release.Level) (int, string, error) {
	prev, err := release.ReadManifest(out)
	if err != nil {
		return 0, "", nil // no previous release
	}
	// The level each quasi-identifier is compared at, and the previous release's labels mapped
	// to it (nil: as they are).
	at := make([]int, len(spec.QIs))
	ups := make([]map[string]string, len(spec.QIs))
	// finer: the previous release's level where it is finer than this one's, for GuardJoinedTable.
	finer := map[int]int{}
	var coarser, differ, finerNames []string
	if len(prev.Privacy.Levels) != len(spec.QIs) {
		return 0, "", unpaired(out, "the two releases protect other quasi-identifiers")
	}
	for i, q := range spec.QIs {
		j := slices.IndexFunc(prev.Privacy.Levels, func(l release.Level) bool { return l.QuasiIdentifier == q })
		if j < 0 {
			return 0, "", unpaired(out, "the two releases protect other quasi-identifiers")
		}
		a := prev.Privacy.Levels[j]
		if res.Levels == nil || a.Level < 0 || !slices.Equal(a.Levels, levelNames[i]) || a.Level >= len(levelNames[i]) {
			differ = append(differ, fmt.Sprintf("%s at %q, was at %q", q, levelName(res, levelNames, i), a.Name))
			continue
		}
		b := res.Levels[i]
		at[i] = max(a.Level, b)
		if a.Level == b {
			continue
		}
		coarser = append(coarser, fmt.Sprintf("%s at %q", q, levelNames[i][at[i]]))
		if a.Level < b {
			finer[i] = a.Level
			finerNames = append(finerNames, fmt.Sprintf("%s at %q", q, a.Name))
			h := t.Hierarchies[i]
			up := map[string]string{}
			for leaf := range h.Up[0] {
				from, to := h.Label(a.Level, int32(leaf)), h.Label(b, int32(leaf))
				if was, seen := up[from]; seen && was != to {
					up = nil // the hierarchy does not nest
					break
				}
				up[from] = to
			}
			if up == nil {
				differ = append(differ, fmt.Sprintf("%s at %q, was at %q", q, levelNames[i][b], a.Name))
				continue
			}
			ups[i] = up
		}
	}
	if len(differ) > 0 {
		return 0, "", unpaired(out, "the generalization differs from the previous release's ("+strings.Join(differ, "; ")+
			"), and this run's hierarchies cannot map one onto the other")
	}
	db, err := analysis.Open(ctx, out)
	if err != nil {
		return 0, "", err
	}
	defer db.Close()
	var fields []string
	for _, c := range keep {
		fields = append(fields, header[c])
	}
	var view anonymize.View
	shared, err := sharedColumns(ctx, db, fields, &view)
	if err != nil {
		return 0, "", unpaired(out, "its cases cannot be read for the comparison")
	}
	var use []int // the columns of keep both releases hold
	var names []string
	for _, c := range keep {
		if !view.Drop[header[c]] {
			use = append(use, c)
			names = append(names, header[c])
		}
	}
	if len(use) == 0 {
		return 0, "", unpaired(out, "the two releases hold no column in common")
	}
	var parts []string
	for _, f := range names {
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(f, `"`, `""`)))
	}
	tab, err := analysis.Query(ctx, db, "SELECT concat_ws(chr(31), "+strings.Join(parts, ", ")+") AS k, count(*) AS n FROM cases GROUP BY k")
	if err != nil {
		return 0, "", unpaired(out, "its cases cannot be read for the comparison")
	}
	previous := map[string]int{}
	total := 0
	for _, r := range tab.Rows {
		n, _ := r[1].(int64)
		v := strings.Split(analysis.Cell(r[0]), "\x1f")
		for j, c := range use {
			q, ok := qiOf[c]
			if !ok || ups[q] == nil || j >= len(v) {
				continue
			}
			if v[j], ok = ups[q][v[j]]; !ok {
				return 0, "", unpaired(out, "the generalization differs from the previous release's ("+strings.Join(coarser, "; ")+
					" in one of them), and that release shows labels this run's hierarchy does not have at that level")
			}
		}
		previous[strings.Join(v, "\x1f")] += int(n)
		total += int(n)
	}
	// This release's rows, keyed alike.
	n := len(res.Suppressed)
	keyOf := make([]string, n)
	counts := map[string]int{}
	var order []string
	vals := make([]string, len(use))
	for r := range n {
		if res.Suppressed[r] {
			continue
		}
		for j, c := range use {
			if q, ok := qiOf[c]; ok {
				vals[j] = t.Hierarchies[q].Label(at[q], t.Columns[q][r])
			} else {
				vals[j] = cols[c][r]
			}
		}
		key := strings.Join(vals, "\x1f")
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
		keyOf[r] = key
	}
	gone := 0
	for key, c := range previous {
		gone += max(0, c-counts[key])
	}
	excess := map[string]int{}
	for _, key := range order {
		if d := counts[key] - previous[key]; d > 0 && d < sc.K {
			excess[key] = d
		}
	}
	// The series' memory (EarlierKindsFile beside the previous release): kinds an earlier
	// release published at this release's levels are not new against the previous one.
	var earlier map[string]int
	var mem earlierKinds
	if res.Levels != nil {
		if m, err := readEarlierKinds(out); err == nil {
			mem = m
			earlier, _ = mem.at(now, names)
		}
	}
	// The kinds this release's rows may be covered by in the joined guard: earlier releases' at
	// its levels, the previous release's own when it is at them too.
	var cover map[string]int
	if len(use) == len(keep) {
		cover = maps.Clone(earlier)
		if sameLevels(prev.Privacy.Levels, now) {
			if cover == nil {
				cover = map[string]int{}
			}
			for key, c := range previous {
				cover[key] = max(cover[key], c)
			}
		}
	}
	var touched []int
	covered := 0
	if len(earlier) > 0 && len(use) == len(keep) {
		if sameLevels(prev.Privacy.Levels, now) {
			for key, c := range previous { // compared as released: the previous release's kinds
				earlier[key] = max(earlier[key], c)
			}
		}
		touched, covered = tableSeriesWithhold(tableView{header: header, cols: cols, keep: keep, qiOf: qiOf, t: t, res: res}, earlier, excess, keyOf, sc.K)
	} else {
		for r := n - 1; r >= 0; r-- { // the last copies: copies of a row are alike
			if res.Suppressed[r] || excess[keyOf[r]] == 0 {
				continue
			}
			excess[keyOf[r]]--
			res.Suppressed[r] = true
			touched = append(touched, r)
		}
	}
	seriesNote := ""
	if covered > 0 {
		seriesNote = fmt.Sprintf("%d rows new against the release already in %s are of kinds an earlier release of the series published at this release's levels "+
			"in as many copies (%s): not new, so not withheld", covered, out, EarlierKindsFile)
	}
	// Joined with the previous release, this one's rows are seen at the finer level of both.
	joined := func(withheld int, notice string) (int, string, error) {
		kept := len(res.Suppressed) - res.Count
		// With every earlier release the series remembers too (privacy-side-doors19).
		tv := tableView{header: header, cols: cols, keep: keep, qiOf: qiOf, t: t, res: res}
		finer, finerNames := tableJoinLevels(tv, mem, finer, finerNames, spec.QIs, levelNames)
		rows, classRows, classes, err := anonymize.GuardJoinedTableSeries(t, res, sc, finer, tv.kindsOf(cover), cover)
		if err != nil || rows == 0 {
			return withheld, notice, err
		}
		// As the run's (privacy-side-doors16): these rows stay withheld while the two
		// generalizations differ, and the rare kinds go first; over the limit, the levels are
		// the user's to change.
		if rows+classRows > int(sc.SuppressionLimit*float64(kept)) {
			return 0, "", fmt.Errorf("%w: %d of the %d rows (%.0f%%, more than the suppression limit %g) would be withheld because joining this release with the one already in %s "+
				"would single them out: whoever holds both sees each row at the finer of the two generalizations (%s), where their kind holds fewer than k = %d rows. "+
				"Nothing was written: anonymize with the hierarchies and metric that gave the previous release its levels (its manifest's privacy), or raise the suppression limit; "+
				"if the release in %s was never published (or is withdrawn), give --allow-differencing",
				ErrDifferencing, rows+classRows, kept, 100*float64(rows+classRows)/float64(max(kept, 1)), sc.SuppressionLimit, out, strings.Join(finerNames, ", "), sc.K, out)
		}
		res.Count += rows + classRows
		join := fmt.Sprintf("%d rows withheld because joining this release with the one already in %s would single them out: whoever holds both sees each row "+
			"at the finer of the two generalizations (%s), where their kind holds fewer than k = %d rows", rows, out, strings.Join(finerNames, ", "), sc.K)
		if classes > 0 {
			join += fmt.Sprintf("; %d more rows in %d classes this left breaking k-anonymity (or the sensitive models) were suppressed whole", classRows, classes)
		}
		join += "; keeping the previous release's levels where they were finer releases them"
		if notice != "" {
			join = notice + "; " + join
		}
		return withheld + rows + classRows, join, nil
	}
	if len(touched) == 0 {
		if seriesNote != "" {
			return joined(0, seriesNote)
		}
		if shared == "" && len(coarser) == 0 {
			return joined(0, "")
		}
		return joined(0, fmt.Sprintf("the release already in %s differs from this one: the differencing guard compared the two%s, "+
			"and no kind of row is new in fewer than k = %d copies", out, guardWhere(coarser, shared), sc.K))
	}
	rows, classes, err := anonymize.Recheck(t, res, sc, touched)
	if err != nil {
		return 0, "", err
	}
	withheld := len(touched) + rows
	kept := n - res.Count
	share := func(a, of int) float64 { return 100 * float64(a) / float64(max(of, 1)) }
	over := withheld > int(sc.SuppressionLimit*float64(kept))
	if over && gone > int(sc.SuppressionLimit*float64(total)) {
		return 0, "", fmt.Errorf("%w: %d of the %d rows (%.0f%%, more than the suppression limit %g) would be withheld because they are new against the release already in %s "+
			"(comparing the two releases would single them out), and %d of that release's %d rows (%.0f%%) are not in this one: it looks like another table's release, "+
			"not an earlier one of this table. Nothing was written: write this release to a new folder (--out); if it does replace that release, "+
			"give --allow-differencing (comparing the two can then single out the rows that differ)",
			ErrDifferencing, withheld, kept, share(withheld, kept), sc.SuppressionLimit, out, gone, total, share(gone, total))
	}
	res.Count += withheld
	notice := fmt.Sprintf("%d rows withheld for differencing: each would add a kind of row (all its released values) in fewer than k = %d copies to the release already in %s%s, "+
		"and comparing the two releases would single those rows out; they are released once k of a kind accumulate", len(touched), sc.K, out, guardWhere(coarser, shared))
	if classes > 0 {
		notice += fmt.Sprintf("; %d more rows in %d classes that this left breaking k-anonymity (or the sensitive models) were suppressed whole", rows, classes)
	}
	if over {
		notice += fmt.Sprintf(". That is %.0f%% of the rows, more than the suppression limit %g: the table grew by more new rows than the release can show yet", share(withheld, kept), sc.SuppressionLimit)
	}
	if seriesNote != "" {
		notice += "; " + seriesNote
	}
	return joined(withheld, notice)
}

// guardWhere says where the guard compared two releases, for its notice.
func guardWhere(coarser []string, shared string) string {
	s := ""
	if len(coarser) > 0 {
		s = fmt.Sprintf(" (compared at the coarser of the two generalizations: %s)", strings.Join(coarser, "; "))
	}
	if shared != "" {
		s += " (" + shared + ")"
	}
	return s
}

// levelName names the level of quasi-identifier i in res (Mondrian: local).
func levelName(res *anonymize.Result, names [][]string, i int) string {
	if res.Levels == nil {
		return "local (varies by group)"
	}
	return names[i][res.Levels[i]]
}
