package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/release"
)

// TableSpec says how to anonymize any CSV (not only case exports): which columns are
// quasi-identifiers and how they generalize, which to drop, and the privacy models.
type TableSpec struct {
	Input string
	// QIs are the quasi-identifier columns, in lattice order.
	QIs []string
	// Hierarchies gives, per QI column, an ARX hierarchy CSV (";"-separated), a YAML hierarchy
	// (.yaml/.yml), or "builtin:age", "builtin:date" or "builtin:flat". A QI without one is flat.
	Hierarchies map[string]string
	// Drop lists identifier columns that are never written.
	Drop []string
	// Keep lists insensitive columns written as they are. Every input column must be in
	// exactly one of QIs, Sensitive, Keep and Drop, or AnonymizeTable refuses.
	Keep []string
	// Allow lists columns that look like identifiers (package detect) and are released
	// anyway, at the user's explicit word; any other such column is refused.
	Allow []string
	// Sensitive is the column that l-diversity and t-closeness protect.
	Sensitive string
	Config    Config // K, SuppressionLimit, L, Diversity, C, T, Metric, Method, Weights (by column)
	// PopulationFile is a CSV of population counts (see anonymize.ReadPopulationCSV): one column
	// per quasi-identifier, named as in QIs, holding leaf values of its hierarchy, and a column
	// "count". Built-in hierarchies then cover the population's values as well as the input's.
	// With it, privacy.json's journalist and marketer risk use the population; "" = none.
	PopulationFile string
	// KMap: every released class must match at least KMap people of the population
	// (PopulationFile required); 0 or 1 = off.
	KMap int
	// PopulationUniqueness: at most this share of the released rows may be in a class that
	// matches one person of the population (PopulationFile required); 0 = off.
	PopulationUniqueness float64
}

// ErrNoRows is a table with a header and no data rows: there is nothing to anonymize.
var ErrNoRows = errors.New("the table has a header but no data rows: nothing to anonymize (is it the right file, or was the export cut short?)")

// AnonymizeTable anonymizes spec.Input into a release at opt.Out: cases/part-00000.parquet with
// every kept column as text, manifest.json with the level chosen per quasi-identifier,
// privacy.json, and protections.json (the public statement, as Run writes it). The whole table
// is held in memory. Its errors name the input as the manifest does (inputLabel): "input 1"
// when the file's name could be a child's or a caseworker's ("Officer Hope.csv").
func AnonymizeTable(ctx context.Context, spec TableSpec, opt Options) (*release.Manifest, error) {
	m, err := anonymizeTable(ctx, spec, opt)
	return m, relabel(err, spec.Input, inputLabel(Input{Name: spec.Input}, 0))
}

func anonymizeTable(ctx context.Context, spec TableSpec, opt Options) (*release.Manifest, error) {
	cfg := spec.Config
	cfg.QuasiIdentifiers, cfg.Sensitive = nil, ""
	if spec.Sensitive != "" {
		cfg.Sensitive = "exploitation" // any valid name: only the settings are validated here
	}
	cc, err := cfg.caseConfig()
	if err != nil {
		return nil, err
	}
	if len(spec.QIs) == 0 {
		return nil, errors.New("no quasi-identifier given (--qi)")
	}
	header, cols, sum, err := readTable(spec.Input)
	if err != nil {
		return nil, err
	}
	colIdx := map[string]int{}
	for i, h := range header {
		colIdx[h] = i
	}
	need := append(append(slices.Clone(spec.QIs), spec.Drop...), spec.Keep...)
	if spec.Sensitive != "" {
		need = append(need, spec.Sensitive)
	}
	// The hierarchies' columns in their names' order: a map's order would name another
	// missing column first each run.
	hierarchies := slices.Sorted(maps.Keys(spec.Hierarchies))
	need = append(need, hierarchies...)
	for _, c := range need {
		if _, ok := colIdx[c]; !ok {
			return nil, fmt.Errorf("%s: no column %q (columns: %s)", spec.Input, c, shownList(header))
		}
	}
	if len(cols) == 0 || len(cols[0]) == 0 {
		return nil, fmt.Errorf("%s: %w", spec.Input, ErrNoRows)
	}
	classes, err := classify(spec, header, cols)
	if err != nil {
		return nil, err
	}
	for _, c := range hierarchies {
		if !slices.Contains(spec.QIs, c) {
			return nil, fmt.Errorf("--hierarchy %s: %s is not a quasi-identifier (--qi)", c, c)
		}
	}
	n := 0
	if len(cols) > 0 {
		n = len(cols[0])
	}
	if spec.KMap < 0 {
		return nil, fmt.Errorf("k-map must be at least 0, got %d", spec.KMap)
	}
	if spec.KMap > 1 && spec.PopulationFile == "" {
		return nil, errors.New("k-map needs a population file (--population)")
	}
	if !(spec.PopulationUniqueness >= 0 && spec.PopulationUniqueness <= 1) {
		return nil, fmt.Errorf("population uniqueness must be between 0 and 1, got %g", spec.PopulationUniqueness)
	}
	if spec.PopulationUniqueness > 0 && spec.PopulationFile == "" {
		return nil, errors.New("the population-uniqueness threshold needs a population file (--population)")
	}
	var popCols map[string][]string // population values per QI, for built-in hierarchies
	if spec.PopulationFile != "" {
		ph, pc, _, err := readTable(spec.PopulationFile)
		if err != nil {
			return nil, err
		}
		popCols = map[string][]string{}
		for i, h := range ph {
			if slices.Contains(spec.QIs, h) {
				popCols[h] = pc[i]
			}
		}
	}
	t := &anonymize.Table{}
	var levelNames [][]string
	var weights []float64
	for _, q := range spec.QIs {
		vals := cols[colIdx[q]]
		hv := vals
		if pv := popCols[q]; len(pv) > 0 {
			hv = append(slices.Clone(vals), pv...)
		}
		h, names, err := loadHierarchy(q, spec.Hierarchies[q], hv)
		if err != nil {
			return nil, err
		}
		// A hierarchy of one level (its leaves only) says the column is never generalized: full-
		// domain search cannot, and Mondrian, which could release "*", splits by it first.
		h.Fixed = h.Levels() == 1
		codes := make([]int32, n)
		for r, v := range vals {
			c, ok := h.Code(v)
			if !ok {
				return nil, &TableError{File: spec.Input, Line: r + 2, Column: q, Err: errors.New("value not in the column's hierarchy")}
			}
			codes[r] = c
		}
		t.Hierarchies = append(t.Hierarchies, h)
		t.Columns = append(t.Columns, codes)
		levelNames = append(levelNames, names)
		w, ok := cfg.Weights[q]
		if !ok {
			w = 1
		}
		weights = append(weights, w)
	}
	sc := anonymize.Config{K: cc.K, SuppressionLimit: cc.SuppressionLimit, Metric: cc.Metric, Weights: weights,
		L: cc.L, Diversity: cc.Diversity, C: cc.C, T: cc.T, Method: cc.Method, KMap: spec.KMap,
		PopulationUniqueness: spec.PopulationUniqueness}
	if spec.PopulationFile != "" {
		if sc.Population, err = readPopulation(spec.PopulationFile, t); err != nil {
			return nil, err
		}
	}
	if spec.Sensitive != "" {
		enc := map[string]int32{}
		for _, v := range cols[colIdx[spec.Sensitive]] {
			if release.IsMissing(v) {
				sc.Sensitive = append(sc.Sensitive, anonymize.MissingSensitive)
				continue
			}
			code, ok := enc[v]
			if !ok {
				code = int32(len(enc))
				enc[v] = code
			}
			sc.Sensitive = append(sc.Sensitive, code)
		}
	}
	if !cfg.AllowDifferencing && !cfg.NewLevels {
		// A re-release keeps the levels of the release it replaces while they hold, as the
		// run's (anonymize.Config.Prefer): other levels, joined with that release, show its
		// rows at the finer of the two generalizations of each quasi-identifier.
		sc.Prefer = tablePrefer(opt.Out, spec.QIs, levelNames)
	}
	res, err := anonymize.Search(t, sc)
	if err != nil {
		return nil, err
	}
	if err := keptWithinK(spec, header, cols, t, res, sc, classes); err != nil {
		return nil, err
	}

	m := &release.Manifest{Tool: "prevalence", Version: Version, CreatedAt: time.Now().UTC()}
	m.Counts = release.Counts{Read: n, Written: n - res.Count, Suppressed: res.Count}
	// The file's name as run would record it: "input 1" when it could be a person's name
	// ("Zarmina Qasimzada.csv", attack-2026-12-01e finding 5).
	m.Inputs = []release.Input{{Path: inputLabel(Input{Name: spec.Input}, 0), SHA256: sum, Rows: n, Written: n - res.Count, Suppressed: res.Count}}
	m.Privacy = release.Privacy{Model: cfg.model(), K: cfg.K, SuppressionLimit: cfg.SuppressionLimit,
		QuasiIdentifiers: spec.QIs, Sensitive: []string{}, DroppedIdentifiers: spec.Drop, L: cfg.L,
		Diversity: cfg.Diversity, C: cfg.C, T: cfg.T, Metric: cfg.Metric, Method: cfg.Method, Columns: classes}
	if m.Privacy.Metric == "" {
		m.Privacy.Metric = "loss"
	}
	m.Privacy.Model += popModel(spec.KMap, spec.PopulationUniqueness)
	if spec.PopulationFile != "" {
		data, err := os.ReadFile(spec.PopulationFile)
		if err != nil {
			return nil, fmt.Errorf("population: %w", err)
		}
		setPopulation(&m.Privacy, &PopulationConfig{File: spec.PopulationFile, KMap: spec.KMap, Uniqueness: spec.PopulationUniqueness}, data)
	}
	if spec.Sensitive != "" {
		m.Privacy.Sensitive = []string{spec.Sensitive}
		m.Privacy.Model = strings.ReplaceAll(m.Privacy.Model, "exploitation", spec.Sensitive)
		if cfg.L > 1 || cfg.T > 0 {
			m.Privacy.SensitiveMissing = release.MissingRule
		}
		if cfg.T > 0 {
			m.Privacy.TReference = shares(cols[colIdx[spec.Sensitive]])
		}
	}
	for i, q := range spec.QIs {
		l := release.Level{QuasiIdentifier: q, Columns: []string{q}, Levels: levelNames[i], Protected: true, Level: -1, Name: "local (varies by group)"}
		if res.Levels != nil {
			l.Level, l.Name = res.Levels[i], levelNames[i][res.Levels[i]]
		}
		m.Privacy.Levels = append(m.Privacy.Levels, l)
	}

	if res.Preferred {
		m.Notices = append(m.Notices, tableKeptLevelsNotice(m.Privacy.Levels, opt.Out, cfg.K))
	}

	w, err := release.Create(opt.Out)
	if err != nil {
		return nil, err
	}
	w.SigningKey = opt.SigningKey
	committed := false
	defer func() {
		if !committed {
			w.Abort()
		}
	}()
	var fields []arrow.Field
	var keep []int
	for i, h := range header {
		if !slices.Contains(spec.Drop, h) {
			fields = append(fields, arrow.Field{Name: h, Type: arrow.BinaryTypes.String, Nullable: true})
			keep = append(keep, i)
		}
	}
	s := arrow.NewSchema(fields, nil)
	qiOf := map[int]int{}
	for qi, q := range spec.QIs {
		qiOf[colIdx[q]] = qi
	}
	// After the lock, as the run's guard: the release compared with is the one published.
	if !cfg.AllowDifferencing {
		withheld, notice, err := tableGuard(ctx, opt.Out, spec, header, cols, keep, qiOf, t, res, sc, levelNames, m.Privacy.Levels)
		if err != nil {
			return nil, err
		}
		m.Counts.Withheld = withheld
		m.Counts.Written -= withheld
		m.Counts.Suppressed += withheld
		m.Inputs[0].Written, m.Inputs[0].Suppressed = m.Counts.Written, m.Counts.Suppressed
		if notice != "" {
			m.Notices = append(m.Notices, notice)
		}
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, s)
	defer b.Release()
	flush := func() error {
		rec := b.NewRecordBatch()
		defer rec.Release()
		if rec.NumRows() == 0 {
			return nil
		}
		return w.WriteCases(rec)
	}
	// Rows sorted by their released values, as the run's (docs/threat-model.md): in the input's
	// order, two releases of one table lined up row by row gave each row at the finer level of
	// both, and one release told what the input was sorted by through a column generalized away
	// (attack-2026-12-03c finding 1).
	value := func(c, r int) string {
		if qi, ok := qiOf[c]; ok {
			return res.Label(t, qi, r)
		}
		return cols[c][r]
	}
	var order []int
	for r := range n {
		if !res.Suppressed[r] {
			order = append(order, r)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int {
		for _, c := range keep {
			if d := strings.Compare(value(c, x), value(c, y)); d != 0 {
				return d
			}
		}
		return 0
	})
	for _, r := range order {
		for j, c := range keep {
			b.Field(j).(*array.StringBuilder).Append(value(c, r))
		}
		if b.Field(0).Len() == 64*1024 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := w.CloseCases(s); err != nil {
		return nil, err
	}
	if prev, err := release.ReadManifest(opt.Out); err == nil && !cfg.AllowDifferencing && res.Levels != nil {
		// The series' memory for the next release (EarlierKindsFile), as the run keeps it.
		mem, err := tableMemory(ctx, opt.Out, prev, tableView{header: header, cols: cols, keep: keep, qiOf: qiOf, t: t, res: res}, m.Privacy.Levels, spec.QIs, levelNames)
		if err != nil {
			return nil, err
		}
		if err := writeTableMemory(w, mem); err != nil {
			return nil, err
		}
	}
	before, err := anonymize.MeasurePopulation(t, make([]int, len(spec.QIs)), nil, cfg.K, sc.Population, spec.KMap)
	if err != nil {
		return nil, err
	}
	after, err := anonymize.MeasureResult(t, res, res.Suppressed, cfg.K, sc.Population, spec.KMap)
	if err != nil {
		return nil, err
	}
	doc, err := marshalPrivacy(m, before, &after, res, res.Count)
	if err != nil {
		return nil, err
	}
	if err := w.WriteFile(PrivacyFile, doc, 0); err != nil {
		return nil, err
	}
	if err := writeProtections(w, m); err != nil {
		return nil, err
	}
	if err := w.Commit(m); err != nil {
		return nil, err
	}
	committed = true
	return m, nil
}

// tablePrefer is the level of every quasi-identifier of the full-domain release in dir, in qis'
// order, as anonymize.Config.Prefer takes them, or nil when dir holds none, or one that protects
// other quasi-identifiers or generalizes one with other level names (another hierarchy).
func tablePrefer(dir string, qis []string, levelNames [][]string) []int {
	pm, err := release.ReadManifest(dir)
	if err != nil || pm.Privacy.Method == "mondrian" || len(pm.Privacy.Levels) != len(qis) {
		return nil
	}
	lv := make([]int, len(qis))
	for i, q := range qis {
		j := slices.IndexFunc(pm.Privacy.Levels, func(l release.Level) bool { return l.QuasiIdentifier == q })
		if j < 0 {
			return nil
		}
		l := pm.Privacy.Levels[j]
		if l.Level < 0 || !slices.Equal(l.Levels, levelNames[i]) || l.Level >= len(levelNames[i]) || levelNames[i][l.Level] != l.Name {
			return nil
		}
		lv[i] = l.Level
	}
	return lv
}

// tableKeptLevelsNotice says that the release kept the levels of the release in dir.
func tableKeptLevelsNotice(levels []release.Level, dir string, k int) string {
	var at []string
	for _, l := range levels {
		if len(l.Levels) > 1 {
			at = append(at, l.QuasiIdentifier+" at "+l.Name)
		}
	}
	return fmt.Sprintf("the release keeps the generalization of the release already in %s (%s): it still holds k = %d (and the other models) within the suppression limit, "+
		"and other levels, joined with that release, would show its rows at the finer of the two generalizations of each quasi-identifier. "+
		"The search for the best levels (metric) runs again when these no longer hold, when the quasi-identifiers or hierarchies change, "+
		"or with --new-levels (the rows the join would single out are then withheld, or the release refused past the suppression limit)",
		dir, strings.Join(at, ", "), k)
}

// classify gives every input column its class (spec's lists) and refuses a column in none or in
// two of them, and a released column that looks like an identifier (package detect) unless
// spec.Allow names it. Errors name columns and kinds, never values.
func classify(spec TableSpec, header []string, cols [][]string) ([]release.ColumnClass, error) {
	lists := []struct {
		class string
		cols  []string
	}{{release.ClassQuasiIdentifier, spec.QIs}, {release.ClassInsensitive, spec.Keep}, {release.ClassDropped, spec.Drop}}
	if spec.Sensitive != "" {
		lists = append(lists, struct {
			class string
			cols  []string
		}{release.ClassSensitive, []string{spec.Sensitive}})
	}
	class := map[string]string{}
	for _, l := range lists {
		for _, c := range l.cols {
			if prev, ok := class[c]; ok && prev != l.class {
				return nil, fmt.Errorf("column %q is given two classes: %s and %s", c, prev, l.class)
			}
			class[c] = l.class
		}
	}
	for _, c := range spec.Allow {
		if !slices.Contains(header, c) {
			return nil, fmt.Errorf("%s: no column %q (--allow)", spec.Input, c)
		}
	}
	var unclassified []string
	for i, h := range header {
		if _, ok := class[h]; !ok {
			unclassified = append(unclassified, shownHeader(h, i))
		}
	}
	if len(unclassified) > 0 {
		return nil, fmt.Errorf("%s: unclassified columns %s: name each as a quasi-identifier (--qi), sensitive (--sensitive), "+
			"kept as it is (--keep) or dropped (--drop)", spec.Input, strings.Join(unclassified, ", "))
	}
	out := make([]release.ColumnClass, len(header))
	var refused, freeText, places []string
	for i, h := range header {
		out[i] = release.ColumnClass{Column: h, Class: class[h]}
		if class[h] == release.ClassDropped {
			continue
		}
		if why := recordIdentifier(h, cols[i]); why != "" {
			if !slices.Contains(spec.Allow, h) {
				refused = append(refused, fmt.Sprintf("%s is a record identifier (%s): it ties each row to its case file and makes rows unique", shownHeader(h, i), why))
				continue
			}
			out[i].Identifier = "record identifier"
			out[i].Allowed = true
			continue
		}
		if f, ok := detect.Column(h, cols[i]); ok {
			out[i].Identifier = string(f.Kind)
			switch {
			case f.Kind == detect.FreeText:
				// A caseworker's words may name anyone, with their phone and address, and make
				// every row unique: never released, whatever --allow says.
				freeText = append(freeText, fmt.Sprintf("%s is free text (by its %s)", shownHeader(h, i), f.By))
				continue
			case f.Within && !slices.Contains(spec.Allow, h):
				refused = append(refused, fmt.Sprintf("%s holds %s inside its text (by its content)", shownHeader(h, i), plural(f.Kind)))
				continue
			case f.Zawgyi && !slices.Contains(spec.Allow, h):
				// Burmese typed in the Zawgyi font: its syllables cannot be told from names', so
				// a column of provinces so written is refused too; say so, and the ways out.
				refused = append(refused, fmt.Sprintf("%s looks like %s %s (by its content: Burmese in the Zawgyi font, "+
					"whose words cannot be told from names; if it holds categories such as places or occupations, not names, "+
					"convert it to Unicode, which is judged word by word, or release it with --allow %s)", shownHeader(h, i), article(f.Kind), f.Kind, allowArg(h)))
				continue
			case !slices.Contains(spec.Allow, h):
				refused = append(refused, fmt.Sprintf("%s looks like %s %s (by its %s)", shownHeader(h, i), article(f.Kind), f.Kind, f.By))
				continue
			}
			out[i].Allowed = true
			continue
		}
		// A village or a town kept as it is: a quasi-identifier that k-anonymity does not cover.
		if class[h] != release.ClassQuasiIdentifier && detect.SmallPlaceHeader(h) {
			if !slices.Contains(spec.Allow, h) {
				places = append(places, fmt.Sprintf("%s names a place smaller than a district (by its header)", shownHeader(h, i)))
				continue
			}
			out[i].Identifier = "quasi-identifier (place)"
			out[i].Allowed = true
			continue
		}
		if why := groupIdentifier(h, cols[i], class[h], spec.Config.K); why != "" {
			if !slices.Contains(spec.Allow, h) {
				msg := fmt.Sprintf("%s is a household, family or group number (%s): it ties rows to a family's file "+
					"and singles out its few rows, whatever k says", shownHeader(h, i), why)
				if !detect.GroupHeader(h) {
					msg = fmt.Sprintf("%s singles out small groups of rows (%s): a household, family or group number, "+
						"or a place or measure kept as it is, is a quasi-identifier", shownHeader(h, i), why)
				}
				refused = append(refused, msg)
				continue
			}
			out[i].Identifier = "group identifier"
			out[i].Allowed = true
		}
	}
	var why []string
	if len(freeText) > 0 {
		why = append(why, strings.Join(freeText, "; ")+": free text is never released (it may hold names, phone numbers "+
			"and addresses), even with --allow: drop such a column (--drop), or release a coded column made from it instead")
	}
	if len(refused) > 0 {
		why = append(why, strings.Join(refused, "; ")+": drop such a column (--drop), or release it anyway with --allow COLUMN")
	}
	if len(places) > 0 {
		why = append(why, strings.Join(places, "; ")+": a place that small singles out the people of a release with the "+
			"other columns: name it a quasi-identifier with a hierarchy (--qi, --hierarchy), drop it (--drop), "+
			"or release it anyway with --allow COLUMN")
	}
	if len(why) > 0 {
		return nil, fmt.Errorf("%s: %s", spec.Input, strings.Join(why, "; "))
	}
	return out, nil
}

// plural names a kind of identifier in the plural: "phone numbers".
func plural(k detect.Kind) string {
	switch k {
	case detect.Address:
		return "addresses"
	case detect.IDNumber:
		return "identity or passport numbers"
	case detect.BirthDate:
		return "dates"
	case detect.Name:
		return "names"
	case detect.Place:
		return "rooms, beds or schools"
	}
	return string(k) + "s"
}

// article is "an" before a kind that starts with a vowel ("an identity or passport number"),
// else "a".
func article(k detect.Kind) string {
	if strings.ContainsRune("aeiou", rune(string(k)[0])) {
		return "an"
	}
	return "a"
}

// shownHeader names column i (from 0) of a table's header in a refusal: quoted when
// detect.SafeLabel allows it, else by its position ("column 4 (its name withheld)"): a
// headerless table's first row is data, and a header may be a child's name ("Zarmina",
// "contact_rahimullah"), which the refusals printed as it was (privacy-side-doors35).
func shownHeader(h string, i int) string {
	if detect.SafeLabel(h) {
		return strconv.Quote(h)
	}
	return fmt.Sprintf("column %d (its name withheld)", i+1)
}

// shownList is the header's columns through shownHeader.
func shownList(header []string) string {
	q := make([]string, len(header))
	for i, h := range header {
		q[i] = shownHeader(h, i)
	}
	return strings.Join(q, ", ")
}

// allowArg is the --allow argument a refusal offers for column h: its name, or COLUMN when the
// name is withheld (shownHeader).
func allowArg(h string) string {
	if detect.SafeLabel(h) {
		return strconv.Quote(h)
	}
	return "COLUMN"
}

// readPopulation reads the population counts of path for the hierarchies of t; an error names
// the file, line and column, never the value.
func readPopulation(path string, t *anonymize.Table) (*anonymize.Population, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("population: %w", err)
	}
	defer f.Close()
	pop, err := anonymize.ReadPopulationCSV(f, t)
	var pe *anonymize.PopulationError
	if errors.As(err, &pe) {
		return nil, populationError(path, pe)
	}
	return pop, err
}

// TableError is a problem at one place of a table given to AnonymizeTable; it never holds the
// value found there.
type TableError struct {
	File   string
	Line   int
	Column string
	Err    error
}

func (e *TableError) Error() string {
	return fmt.Sprintf("%s:%d: column %q: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *TableError) Unwrap() error { return e.Err }

// readTable reads a delimited text file (",", ";", tab or "|", guessed from the header) into
// columns, and its SHA-256.
func readTable(path string) (header []string, cols [][]string, sum string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, "", err
	}
	h := sha256.Sum256(data)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = anonymize.GuessDelimiter(data)
	header, err = cr.Read()
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: no header row: %w", path, err)
	}
	cols = make([][]string, len(header))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, "", &TableError{File: path, Line: pe.Line, Column: fmt.Sprint(pe.Column), Err: pe.Err}
			}
			return nil, nil, "", err
		}
		for i, v := range rec {
			cols[i] = append(cols[i], v)
		}
	}
	return header, cols, hex.EncodeToString(h[:]), nil
}

// loadHierarchy reads the hierarchy of column q from spec ("" for flat) and names its levels.
func loadHierarchy(q, spec string, values []string) (*anonymize.Hierarchy, []string, error) {
	if spec == "" {
		spec = "builtin:" + anonymize.BuiltinFlat
	}
	if kind, ok := strings.CutPrefix(spec, "builtin:"); ok {
		h, err := anonymize.BuiltinHierarchy(q, kind, values)
		return h, anonymize.BuiltinLevelNames[kind], err
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, nil, fmt.Errorf("hierarchy of %s: %w", q, err)
	}
	defer f.Close()
	var h *anonymize.Hierarchy
	switch strings.ToLower(filepath.Ext(spec)) {
	case ".yaml", ".yml":
		h, err = anonymize.ReadHierarchyYAML(q, f)
	default:
		h, err = anonymize.ReadHierarchyCSV(q, f)
	}
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, h.Levels())
	for l := range names {
		names[l] = fmt.Sprintf("level %d", l)
	}
	if len(names) > 1 {
		names[len(names)-1] = "*" // one level is the leaves, never "*"
	}
	return h, names, nil
}

// shares is the distribution of the recorded values of vals (release.IsMissing ones left out).
func shares(vals []string) map[string]float64 {
	out := map[string]float64{}
	n := 0
	for _, v := range vals {
		if !release.IsMissing(v) {
			out[v]++
			n++
		}
	}
	for v := range out {
		out[v] /= float64(n)
	}
	return out
}

// writeProtections writes the public statement of the protections (protections.json), for
// everyone (privacy.json and the manifest are the organisation's): from the manifest alone,
// which check derives it from again. Run and AnonymizeTable both write it, after the tables:
// their files' SHA-256 (the manifest's outputs, recorded at Commit) go into it, so that a
// published folder given as --previous is checked as a release folder is (release.VerifyPublished).
func writeProtections(w *release.Writer, m *release.Manifest) error {
	withOutputs := *m
	withOutputs.Outputs = w.Outputs()
	statement, err := release.ProtectionsJSON(&withOutputs)
	if err != nil {
		return err
	}
	return w.WriteFile(release.ProtectionsFile, statement, 0)
}

// recordHeaders are the headers of case and record numbers (letters and digits only, lower
// case): the canonical schema's case_id and the names registers give them.
var recordHeaders = map[string]bool{
	"id": true, "caseid": true, "caseno": true, "casenumber": true, "caseref": true, "casereference": true,
	"casecode": true, "uniqueid": true, "uid": true, "uuid": true, "refno": true, "ref": true,
	"reference": true, "referenceno": true, "referencenumber": true, "fileno": true, "filenumber": true,
	"registrationno": true, "registrationnumber": true, "regno": true, "serial": true, "serialno": true,
	"srno": true, "slno": true, "sno": true, "beneficiaryid": true, "beneficiaryno": true, "clientid": true,
	"clientcode": true, "clientno": true, "gdentryno": true, "gdno": true, "firno": true, "firnumber": true,
	"formno": true, "recordid": true, "recordno": true, "personid": true, "survivorid": true, "victimid": true,
	"childid": true, "instanceid": true, "submissionid": true, "index": true,
}

// recordIdentifier says why a column is a record identifier, or "": its header names case or
// record numbers (recordHeaders), or it holds a different value in nine rows of ten or more
// (of 20 filled rows or more). Either ties a released row to its case file, and a column of
// nearly unique values makes every row unique, whatever k the other columns are generalized to.
func recordIdentifier(header string, vals []string) string {
	key := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, header)
	if recordHeaders[key] || recordHeaders[strings.TrimPrefix(key, "_")] {
		return "by its header"
	}
	filled := 0
	distinct := map[string]struct{}{}
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			filled++
			distinct[v] = struct{}{}
		}
	}
	if filled >= 20 && len(distinct)*10 >= filled*9 {
		return fmt.Sprintf("by its content: %d different values in %d rows", len(distinct), filled)
	}
	return ""
}

// groupIdentifier says why a column numbers households, families, groups of siblings or
// rescue operations, or "": its header says so (detect.GroupHeader), or, for a column kept as
// it is, half its filled rows or more (of 20 at least) hold a value that few rows share: three
// at most, fewer than k, or one row in twenty at most (up to 50 rows), whatever k is. Such a
// number pairs every released row with the few rows of its family or raid: the group a reader
// can single out is the family, not k (a household of five children passes k = 5 and still
// tells which rows are one family), and the organisation's file for it is one look-up away.
// recordIdentifier's nine-in-ten rule misses it (half the values are distinct).
func groupIdentifier(header string, vals []string, class string, k int) string {
	if detect.GroupHeader(header) {
		return "by its header"
	}
	if class != release.ClassInsensitive {
		return "" // quasi-identifiers are generalized to k; the sensitive column is l-diverse
	}
	counts := map[string]int{}
	filled := 0
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !release.IsMissing(v) {
			filled++
			counts[v]++
		}
	}
	most := max(k-1, 3, min(filled/20, 50))
	small := 0
	for _, c := range counts {
		if c <= most {
			small += c
		}
	}
	if filled >= 20 && 2*small >= filled {
		return fmt.Sprintf("by its content: %d of %d rows share their value with at most %d rows in all", small, filled, most)
	}
	return ""
}

// keptTogether checks the kept columns that keep k (and the sensitive models) one at a time
// (and are not released at the user's word) all together: whoever knows a row's region and its
// shift knows both, and two columns that each keep k can split a class below it together (24
// rows, region and shift kept: classes of 3 under k = 5), or into parts of one sensitive value.
// A column of a combination that --allow names is released anyway, and classes says that k does
// not hold with it and the other kept columns; the rest are checked again. It returns the
// refusals, naming the pairs that split classes (or all the columns, when no pair does alone).
func keptTogether(spec TableSpec, header []string, classes []release.ColumnClass, k int, below func(...int) keptSplit) []string {
	var kept []int
	for i := range header {
		if classes[i].Class == release.ClassInsensitive && !classes[i].Allowed {
			kept = append(kept, i)
		}
	}
	if len(kept) < 2 {
		return nil
	}
	if below(kept...).ok() {
		return nil
	}
	var rest []int
	for _, i := range kept {
		if !slices.Contains(spec.Allow, header[i]) {
			rest = append(rest, i)
			continue
		}
		why := fmt.Sprintf("%d-anonymity does not hold with it and the other kept columns", k)
		if below(kept...).small == 0 {
			why = "the sensitive models do not hold with it and the other kept columns"
		}
		if classes[i].Identifier == "" {
			classes[i].Identifier = "quasi-identifier kept as it is (" + why + ")"
		} else {
			classes[i].Identifier += " (" + why + ")"
		}
		classes[i].Allowed = true
	}
	if len(rest) < 2 {
		return nil
	}
	all := below(rest...)
	if all.ok() {
		return nil
	}
	var refused []string
	for a := 0; a < len(rest); a++ {
		for b := a + 1; b < len(rest); b++ {
			if s := below(rest[a], rest[b]); !s.ok() {
				refused = append(refused, fmt.Sprintf("%s and %s, kept as they are, together split the released rows into %s",
					shownHeader(header[rest[a]], rest[a]), shownHeader(header[rest[b]], rest[b]), s.describe(k)))
			}
		}
	}
	if len(refused) == 0 {
		names := make([]string, len(rest))
		for j, i := range rest {
			names[j] = shownHeader(header[i], i)
		}
		refused = append(refused, fmt.Sprintf("%s, kept as they are, together split the released rows into %s",
			strings.Join(names, ", "), all.describe(k)))
	}
	return refused
}

// keptSplit is what kept columns do to the released classes: small classes (rows) under k, and
// diverse classes (rows) that break the sensitive models (sensModel, e.g. "distinct 2-diversity
// of exploitation"; "" when none is asked).
type keptSplit struct {
	small, rows, undiverse, urows int
	sensModel                     string
}

func (s keptSplit) ok() bool { return s.small == 0 && s.undiverse == 0 }

// describe says, in counts only, how the classes break the models.
func (s keptSplit) describe(k int) string {
	var parts []string
	if s.small > 0 {
		parts = append(parts, fmt.Sprintf("%d classes (%d rows) smaller than k = %d", s.small, s.rows, k))
	}
	if s.undiverse > 0 {
		parts = append(parts, fmt.Sprintf("%d classes (%d rows) without the %s the release claims", s.undiverse, s.urows, s.sensModel))
	}
	return strings.Join(parts, " and ") + " with the quasi-identifiers"
}

// keptWithinK checks the k that the manifest will claim with each kept column (one kept as it
// is, --keep) as one more quasi-identifier: whoever knows a row's household, rescue operation
// or any other kept value knows it beside the quasi-identifiers, and a class of the released
// quasi-identifiers that the kept column splits below k is a group of fewer than k people (a
// household of five children under k = 5, of different ages). Such a column is refused unless
// --allow names it; allowed, classes records that k does not hold with it. The kept columns are
// then checked together (keptTogether). l-diversity and t-closeness, when asked, are checked
// over the same classes: the manifest claims them of every class a reader may know. Errors
// name columns and counts, never values.
func keptWithinK(spec TableSpec, header []string, cols [][]string, t *anonymize.Table, res *anonymize.Result, sc anonymize.Config, classes []release.ColumnClass) error {
	k := spec.Config.K
	sensOn := sc.Sensitive != nil && (sc.L > 1 || sc.T > 0)
	if k <= 1 && !sensOn {
		return nil
	}
	sensModel := ""
	if sensOn {
		c := spec.Config
		c.Sensitive, c.Population = spec.Sensitive, nil
		sensModel = strings.TrimPrefix(c.model(), fmt.Sprintf("%d-anonymity, ", c.K))
	}
	n := len(cols[0])
	keys := make([]string, n) // each released row's quasi-identifiers as released
	var sb strings.Builder
	for r := 0; r < n; r++ {
		if res.Suppressed != nil && res.Suppressed[r] {
			continue
		}
		sb.Reset()
		for q := range spec.QIs {
			sb.WriteString(res.Label(t, q, r))
			sb.WriteByte(0x1f)
		}
		keys[r] = sb.String()
	}
	// below counts the classes under k (and their rows) of the released quasi-identifiers with
	// the kept columns given, together, and those that break the sensitive models: a kept
	// column can split an l-diverse class into parts of one sensitive value (attack-2026-12-02d
	// finding 3: a shelter wing whose girls were all sexually exploited).
	below := func(together ...int) keptSplit {
		id := map[string]int32{}
		class := make([]int32, n)
		var key strings.Builder
		for r := 0; r < n; r++ {
			if res.Suppressed != nil && res.Suppressed[r] {
				class[r] = -1
				continue
			}
			key.Reset()
			key.WriteString(keys[r])
			for _, i := range together {
				key.WriteString(strings.TrimSpace(cols[i][r]))
				key.WriteByte(0x1f)
			}
			c, ok := id[key.String()]
			if !ok {
				c = int32(len(id))
				id[key.String()] = c
			}
			class[r] = c
		}
		s := keptSplit{sensModel: sensModel}
		size := make([]int, len(id))
		for _, c := range class {
			if c >= 0 {
				size[c]++
			}
		}
		for _, c := range size {
			if c < k {
				s.small++
				s.rows += c
			}
		}
		s.undiverse, s.urows = anonymize.SensitiveViolations(sc, class)
		return s
	}
	var refused []string
	for i, h := range header {
		if classes[i].Class != release.ClassInsensitive {
			continue // dropped, or protected by the search
		}
		split := below(i)
		if split.ok() {
			continue
		}
		if slices.Contains(spec.Allow, h) {
			// Released at the user's word: the manifest says that k does not hold with it.
			why := fmt.Sprintf("%d-anonymity does not hold with it", k)
			if split.small == 0 {
				why = split.sensModel + " does not hold with it"
			}
			if classes[i].Identifier == "" {
				classes[i].Identifier = "quasi-identifier kept as it is (" + why + ")"
			} else {
				classes[i].Identifier += " (" + why + ")"
			}
			classes[i].Allowed = true
			continue
		}
		refused = append(refused, fmt.Sprintf("%s, kept as it is, splits the released rows into %s", shownHeader(h, i), split.describe(k)))
	}
	if len(refused) == 0 {
		refused = keptTogether(spec, header, classes, k, below)
	}
	if len(refused) == 0 {
		return nil
	}
	claim := fmt.Sprintf("%d-anonymous", k)
	if sensOn {
		claim += " (" + sensModel + ")"
	}
	return fmt.Errorf("%s: %s: whoever knows a row's value of such a column (a household, a rescue operation, "+
		"a group) finds fewer than k rows, or rows that share their sensitive value, so the release would not be %s: name it a quasi-identifier "+
		"(--qi), the sensitive column (--sensitive), drop it (--drop), or release it anyway with --allow COLUMN",
		spec.Input, strings.Join(refused, "; "), claim)
}
