package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// ErrUnpaired: the release the run follows is generalized otherwise, at levels the guard
// cannot pair its rows with this one's at (privacy-side-doors14).
var ErrUnpaired = errors.New("the differencing guard cannot compare this release with the previous one")

// otherQIs is guardView's reason when the two releases' quasi-identifiers differ.
const otherQIs = "the two releases protect other quasi-identifiers"

// unpaired is the run's refusal when the guard cannot compare with the release in out (why).
func unpaired(out, why string) error {
	return fmt.Errorf("%w in %s: %s. Publishing both would let anyone compare them and single out the cases that changed, "+
		"and the guard cannot tell which rows those are. Nothing was written: if it is another register's, write this release to a new folder (--out); "+
		"if the release in %s was never published (or is withdrawn), "+
		"set allow_differencing: true in the config; otherwise keep the generalization of that release (the levels in its manifest's privacy)", ErrUnpaired, out, why, out)
}

// guardView pairs the previous release's generalization (prev, in out) with this one's (now)
// for the differencing guard: a quasi-identifier the two show at other levels is compared at
// the coarser of them, as whoever holds both releases can coarsen the finer one that far and
// no further (privacy-side-doors13's HIGH: a re-release that moved origin from "*" to UN
// region published its 15 new cases in 1-4 copies of their kinds). One side at its top level
// showing one value for every row: the QI's columns are left out of both keys (as check's
// NewRowsAgainst does). Otherwise the finer side's labels are mapped up with this run's
// hierarchies: this release's rows through view.Up, the previous release's keys (over
// rel.Fields(view)) through relabel, false for a label the hierarchy does not have at that
// level. cannot says why the two cannot be paired (a Mondrian release beside another level,
// other quasi-identifiers, a hierarchy that does not nest); coarser names the levels compared
// at, for the notice.
func guardView(ctx context.Context, rel *anonymize.Release, prev *release.Manifest, now release.Privacy, out string) (view anonymize.View,
	relabel func(fields []string, key string) (string, bool), coarser []string, cannot string, err error) {
	relabel = func(_ []string, key string) (string, bool) { return key, true }
	var first []string // the columns of outcome quasi-identifiers recorded first now
	if len(prev.Privacy.Levels) != len(now.Levels) {
		levels, cols, err := firstRecorded(ctx, prev, now, out)
		if err != nil {
			return view, relabel, nil, "", err
		}
		if levels == nil {
			return view, relabel, nil, otherQIsWhy(prev, now), nil
		}
		now.Levels, first = levels, cols
	}
	view = anonymize.View{Drop: map[string]bool{}, Up: map[int]int{}}
	for _, col := range first {
		view.Drop[col] = true
	}
	type mapping struct {
		cols []string
		up   map[string]string // label (the columns' values joined by "\x1f", "" missing) -> label at the coarser level
	}
	var maps []mapping
	var differ []string
	for i, b := range now.Levels {
		a := prev.Privacy.Levels[i]
		if sameLevel(a, b) {
			continue
		}
		desc := fmt.Sprintf("%s at %q, was %s at %q", b.QuasiIdentifier, b.Name, a.QuasiIdentifier, a.Name)
		q := slices.IndexFunc(rel.QIs, func(qi anonymize.QI) bool { return qi.Name == b.QuasiIdentifier })
		if q < 0 || a.QuasiIdentifier != b.QuasiIdentifier || !slices.Equal(a.Columns, b.Columns) || len(a.Levels) != len(b.Levels) ||
			len(b.Columns) == 0 || (a.Level < 0 && b.Level < 0) {
			differ = append(differ, desc)
			continue
		}
		top := len(b.Levels) - 1
		c := max(a.Level, b.Level)
		coarser = append(coarser, fmt.Sprintf("%s at %q", b.QuasiIdentifier, b.Levels[c]))
		if c == top {
			one := false
			if a.Level == top {
				if one, err = oneValue(ctx, out, a.Columns); err != nil {
					return view, relabel, nil, "", err
				}
			} else {
				one = rel.Distinct(b.Columns) <= 1
			}
			if one {
				for _, col := range b.Columns {
					view.Drop[col] = true
				}
				continue
			}
		}
		if a.Level < 0 || b.Level < 0 { // Mondrian's local labels: no level to map
			differ = append(differ, desc)
			continue
		}
		if a.Level > b.Level {
			// This release's labels up to the previous release's level; the previous
			// release's labels must be this run's at that level.
			have, ok := rel.LabelsUp(q, a.Level, a.Level)
			if !ok {
				differ = append(differ, desc)
				continue
			}
			view.Up[q] = a.Level
			maps = append(maps, mapping{cols: b.Columns, up: have})
			continue
		}
		up, ok := rel.LabelsUp(q, a.Level, b.Level)
		if !ok {
			differ = append(differ, desc)
			continue
		}
		maps = append(maps, mapping{cols: b.Columns, up: up})
	}
	if len(differ) > 0 {
		return view, relabel, coarser, "the generalization differs from the previous release's (" + strings.Join(differ, "; ") +
			"), and this run's hierarchies cannot map one onto the other", nil
	}
	if len(maps) == 0 {
		return view, relabel, coarser, "", nil
	}
	relabel = func(fields []string, key string) (string, bool) {
		v := strings.Split(key, "\x1f")
		if len(v) != len(fields) {
			return key, false
		}
		for _, m := range maps {
			at := make([]int, len(m.cols))
			label := make([]string, len(m.cols))
			for j, col := range m.cols {
				if at[j] = slices.Index(fields, col); at[j] < 0 {
					return key, false
				}
				if label[j] = v[at[j]]; label[j] == anonymize.NullMark {
					label[j] = ""
				}
			}
			up, ok := m.up[strings.Join(label, "\x1f")]
			if !ok {
				return key, false
			}
			for j, u := range strings.Split(up, "\x1f") {
				if u == "" {
					u = anonymize.NullMark
				}
				v[at[j]] = u
			}
		}
		return strings.Join(v, "\x1f"), true
	}
	return view, relabel, coarser, "", nil
}

// sharedColumns leaves out of view (Drop) the columns of fields (this release's, as view keys
// them) that the previous release's cases (db) do not hold, and says which columns either
// release holds alone, for the notice ("" when they hold the same). The guard then compares
// the two on the columns both hold, as whoever holds both can (a column only one release
// holds pairs no row).
func sharedColumns(ctx context.Context, db *sql.DB, fields []string, view *anonymize.View) (string, error) {
	t, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return "", err
	}
	var have []string
	for _, r := range t.Rows {
		have = append(have, analysis.Cell(r[0]))
	}
	var here, there []string
	for _, f := range fields {
		if !slices.Contains(have, f) {
			here = append(here, f)
			if view.Drop == nil {
				view.Drop = map[string]bool{}
			}
			view.Drop[f] = true
		}
	}
	for _, f := range have {
		if !slices.Contains(fields, f) && !view.Drop[f] {
			there = append(there, f)
		}
	}
	var say []string
	if len(here) > 0 {
		say = append(say, "this release's "+strings.Join(here, ", ")+" not in the previous one")
	}
	if len(there) > 0 {
		say = append(say, "the previous release's "+strings.Join(there, ", ")+" not in this one")
	}
	if len(say) == 0 {
		return "", nil
	}
	return "compared on the columns both releases hold: " + strings.Join(say, "; "), nil
}

// unpairedByConfig refuses, before any input is read, a run that the differencing guard would
// refuse after the whole anonymization because of its config alone (attack-2026-12-03b, lows:
// refused after 75 s): method mondrian publishes local labels, no level of a hierarchy, so it
// pairs with no previous release generalized below the top of a quasi-identifier it protects,
// nor with a previous Mondrian release (guardView: ErrUnpaired). A full-domain run beside a
// Mondrian release is left to the guard: a quasi-identifier it generalizes to one value pairs.
func unpairedByConfig(cfg Config, opt Options) error {
	if cfg.AllowDifferencing || cfg.Method != "mondrian" {
		return nil
	}
	dir := opt.Out
	if opt.Previous != "" {
		dir = opt.Previous
	}
	pm, err := release.ReadManifest(dir)
	if err != nil {
		return nil // no previous release (or a --publish folder: no microdata to guard)
	}
	protects := func(l release.Level) bool {
		return len(cfg.QuasiIdentifiers) == 0 || slices.Contains(cfg.QuasiIdentifiers, l.QuasiIdentifier) ||
			slices.ContainsFunc(l.Columns, func(c string) bool { return slices.Contains(cfg.QuasiIdentifiers, c) })
	}
	var at []string
	for _, l := range pm.Privacy.Levels {
		// Outcome quasi-identifiers and the status are left out: a run without their data
		// lists no level for them (privacyOf).
		if len(l.Columns) == 0 || !l.Protected || !protects(l) || anonymize.OutcomeQI(l.QuasiIdentifier) || l.QuasiIdentifier == schema.TraffickingStatus {
			continue
		}
		if l.Level < 0 {
			at = append(at, fmt.Sprintf("%s at %q (Mondrian's)", l.QuasiIdentifier, l.Name))
		} else if l.Level < len(l.Levels)-1 {
			at = append(at, fmt.Sprintf("%s at %q", l.QuasiIdentifier, l.Name))
		}
	}
	if len(at) == 0 {
		return nil
	}
	err = unpaired(dir, "this run's method is mondrian, whose groups are generalized each its own way (no level of a hierarchy), and the previous release shows "+
		strings.Join(at, ", ")+": no row of one can be paired with the other's. Checked from the config before any input was read")
	if opt.Previous != "" {
		err = namedPreviousErr(err, dir)
	}
	return err
}

// firstRecorded returns this release's levels (now's) but those of the outcome quasi-identifiers
// the previous release (prev, in out) did not show, and those quasi-identifiers' columns, when
// those are all that differ and the previous release's cases show one value of them (none
// recorded: its run did not search them). Such a quasi-identifier is every previous case at
// its top level, one value, and guardView leaves its columns out of both keys, as for one
// side at its top level (outc: a monthly series was refused as soon as its first legal case
// was recorded after months without one). It returns nil levels otherwise.
func firstRecorded(ctx context.Context, prev *release.Manifest, now release.Privacy, out string) ([]release.Level, []string, error) {
	var levels []release.Level
	var cols []string
	for _, l := range now.Levels {
		if slices.ContainsFunc(prev.Privacy.Levels, func(a release.Level) bool { return a.QuasiIdentifier == l.QuasiIdentifier }) {
			levels = append(levels, l)
			continue
		}
		if !anonymize.OutcomeQI(l.QuasiIdentifier) || len(l.Columns) == 0 {
			return nil, nil, nil
		}
		cols = append(cols, l.Columns...)
	}
	if len(cols) == 0 || len(levels) != len(prev.Privacy.Levels) {
		return nil, nil, nil
	}
	for i, l := range levels {
		if l.QuasiIdentifier != prev.Privacy.Levels[i].QuasiIdentifier {
			return nil, nil, nil
		}
	}
	one, err := oneValue(ctx, out, cols)
	if err != nil || !one {
		return nil, nil, err
	}
	return levels, cols, nil
}

// otherQIsWhy says which quasi-identifiers the previous release (prev) and this one (now) do not
// both show with a level, and, where the previous release's are the events' (placements,
// follow-ups, legal cases), which events exports it read: a run without one of them lacks
// those columns (attack-2026-12-03d finding 6: advice for another register instead).
func otherQIsWhy(prev *release.Manifest, now release.Privacy) string {
	names := func(ls []release.Level) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.QuasiIdentifier)
		}
		return out
	}
	a, b := names(prev.Privacy.Levels), names(now.Levels)
	var gone, added []string
	for _, n := range a {
		if !slices.Contains(b, n) {
			gone = append(gone, n)
		}
	}
	for _, n := range b {
		if !slices.Contains(a, n) {
			added = append(added, n)
		}
	}
	why := otherQIs
	var parts []string
	if len(gone) > 0 {
		parts = append(parts, "the previous release's "+qiColumns(gone)+" not in this one")
	}
	if len(added) > 0 {
		parts = append(parts, "this one's "+qiColumns(added)+" not in the previous release")
	}
	if len(parts) > 0 {
		why += " (" + strings.Join(parts, "; ") + ")"
	}
	if len(gone) > 0 && len(prev.Events) > 0 && !slices.ContainsFunc(gone, func(n string) bool { return !anonymize.OutcomeQI(n) }) {
		var paths []string
		for _, e := range prev.Events {
			paths = append(paths, e.Path)
		}
		why += fmt.Sprintf(": those come from the events after identification (placements, follow-ups, legal cases), and the previous release read them from %s: "+
			"if this run lacks one of those exports, give it too", strings.Join(paths, ", "))
	}
	return why
}

// unpairedOther is unpaired for releases whose quasi-identifiers differ (otherQIsWhy) when gone
// of the previous release's of rows are of organisations (source) whose exports this run does
// not read: one organisation's export run alone into the register's folder was refused as a
// release that "cannot compare" only, though it is another register's (or part of this one's)
// as much (the joint helper's sixteenth session). Both are said; it is ErrUnpaired.
func unpairedOther(out, why string, gone, of int) error {
	return fmt.Errorf("%w in %s: %s, and %d of that release's %d rows (%.0f%%) are of organisations whose exports this run does not read: "+
		"it looks like another register's release (or another organisation's), or this register's with only some of its organisations' exports given now. "+
		"Nothing was written: if it is another register's, write this release to a new folder (--out); if exports were left out, run the register's whole export; "+
		"if the release in %s was never published (or is withdrawn), set allow_differencing: true in the config",
		ErrUnpaired, out, why, gone, of, 100*float64(gone)/float64(max(of, 1)), out)
}

// sourcesGone counts the rows of the release in out whose source is not one of sources (this
// run's case sources), of all its rows; ok is false when its cases cannot be so counted (a
// release without the source column).
func sourcesGone(ctx context.Context, out string, sources map[string]bool) (gone, of int, ok bool) {
	db, err := analysis.Open(ctx, out)
	if err != nil {
		return 0, 0, false
	}
	defer db.Close()
	t, err := analysis.Query(ctx, db, fmt.Sprintf(`SELECT CAST("%s" AS VARCHAR) AS s, count(*) AS n FROM cases GROUP BY s`, schema.Source))
	if err != nil {
		return 0, 0, false
	}
	for _, r := range t.Rows {
		n, _ := r[1].(int64)
		of += int(n)
		if r[0] == nil || !sources[analysis.Cell(r[0])] {
			gone += int(n)
		}
	}
	return gone, of, of > 0
}

// qiColumns lists quasi-identifiers by name, an events' one that is no column by its columns
// (the legal case's: legal_stage and legal_disposition, the columns an events export gives;
// "legal" alone named no column anyone could look for: attack-2026-12-03e, lows).
func qiColumns(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if q, ok := anonymize.LookupQI(n); ok && anonymize.OutcomeQI(n) && len(q.Columns) > 0 && !slices.Contains(q.Columns, n) {
			out[i] = strings.Join(q.Columns, " and ")
		}
	}
	return strings.Join(out, ", ")
}
