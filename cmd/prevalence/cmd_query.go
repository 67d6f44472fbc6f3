package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

func cmdQuery(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "query", "query DIR 'SQL' | query DIR --named NAME [--population FILE] [--centres FILE] | query DIR --by DIMS [--filter F] [--trend] | query [DIR] --list")
	named := fs.String("named", "", "run a named query of the catalogue (see --list)")
	list := fs.Bool("list", false, "list the named queries, dimensions and filters (with DIR: marking those this release counts from the microdata)")
	popFile := fs.String("population", "", "population CSV (area, sex, age_band, year, population): adds rates per 100,000")
	centresFile := fs.String("centres", "", "centres CSV (name, province, capacity, ages, genders), for --named centre-gaps (default: those the run's config named, kept in the release)")
	by := fs.String("by", "", "a prevalence table with intervals by these dimensions, comma-separated (see --list)")
	filterFlag := fs.String("filter", "", "with --by: count only these cases, e.g. boys or minors+forced-military (see --list)")
	trend := fs.Bool("trend", false, "with --by: by year, with the change from the year before")
	format := fs.String("format", "table", "output format: table, csv, json or markdown")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *list {
		// With a release, mark exactly the tables it answers from the microdata; without
		// one, those that some releases do.
		var p analysis.Protected
		if len(pos) > 1 {
			return usageErrorf("--list takes at most a release folder")
		}
		published, held := false, false
		if len(pos) == 1 {
			f, err := readFolder(pos[0])
			if err != nil {
				return err
			}
			published, held = f.published, f.held
			tables, err := release.ReadTables(pos[0])
			if err != nil {
				return err
			}
			p = analysis.NewProtected(tables)
		}
		for _, n := range analysis.Catalogue() {
			mark := ""
			switch {
			case len(pos) == 1:
				why := n.FromMicrodata(p)
				switch {
				case why != "" && published:
					mark = " [not in a published folder: counted from the k-anonymous microdata, which it does not hold (" + why + ")]"
				case why != "" && held:
					mark = " [not answered while the release's tables are held: " + why + "]"
				case why != "":
					mark = " [from the k-anonymous microdata: " + why + "]"
				}
			case n.Optional():
				mark = " [from the k-anonymous microdata when the release lacks the protected table it reads]"
			}
			fmt.Fprintf(e.stdout, "%-34s %s%s\n", n.Name, n.Title, mark)
		}
		fmt.Fprintf(e.stdout, "\nafter identification, counted by the run from events and protected (in the release's tables when it had events):\n")
		for _, n := range analysis.OutcomeTables {
			fmt.Fprintf(e.stdout, "%-34s %s\n", n.Name, n.Title)
		}
		fmt.Fprintf(e.stdout, "\n%s\n", analysis.MicrodataNote)
		fmt.Fprintf(e.stdout, "\ndimensions for --by: %s\nfilters for --filter (join with +):\n", strings.Join(analysis.Dimensions(), ", "))
		for _, f := range analysis.Filters() {
			fmt.Fprintf(e.stdout, "  %-22s %s\n", f[0], f[1])
		}
		return nil
	}
	write, err := writer(e, *format)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usageErrorf("no release folder given")
	case *named != "" && *by != "":
		return usageErrorf("give --named or --by, not both")
	case *named == "" && *by == "" && len(pos) != 2:
		return usageErrorf("give one SQL statement after the release folder, or --named NAME, or --by DIMS")
	case (*named != "" || *by != "") && len(pos) != 1:
		return usageErrorf("--named and --by take no SQL")
	case (*filterFlag != "" || *trend) && *by == "":
		return usageErrorf("--filter and --trend go with --by")
	}
	var in analysis.Inputs
	if *popFile != "" {
		if in.Population, err = analysis.ReadPopulationFile(*popFile); err != nil {
			return err
		}
	}
	if *centresFile != "" {
		if in.Centres, err = analysis.ReadCentresFile(*centresFile); err != nil {
			return err
		}
	}
	dir := pos[0]
	f, err := readFolder(dir)
	if err != nil {
		return err
	}
	if f.published && *named == "" {
		what := "SQL"
		if *by != "" {
			what = "--by"
		}
		return usageErrorf("%s is a published folder (the protected tables for everyone, without the k-anonymous microdata): %s counts the microdata, which only the release folder holds; its tables answer --named NAME (see prevalence query %s --list)", dir, what, dir)
	}
	if in.Centres == nil && f.centres != "" {
		// The centres the run's config named, kept in the release.
		if in.Centres, err = analysis.ReadCentresFile(f.centres); err != nil {
			return err
		}
	}
	in.SmallCell, in.PartialYear, in.PartialFirst = f.smallCell, f.partial, f.first
	// The late organisation's provinces: centre-gaps ranks as the run's report does.
	in.PartialFirstProvinces = f.firstProvinces
	in.Late = f.late
	var db *sql.DB // nil for a published folder: its named tables read the protected tables only
	if !f.published {
		if db, err = analysis.Open(ctx, dir); err != nil {
			return err
		}
		defer db.Close()
	}
	if *by != "" {
		spec := analysis.Spec{Filter: *filterFlag, Population: in.Population, SmallCell: in.SmallCell}
		for _, d := range strings.Split(*by, ",") {
			if d = strings.TrimSpace(d); d != "" {
				spec.Dims = append(spec.Dims, d)
			}
		}
		build, title := analysis.Prevalence, "Cases by "+*by
		if *trend {
			build, title = analysis.Trends, "Cases by "+*by+" and year, with the change from the period before"
		}
		if *filterFlag != "" {
			title += " (" + *filterFlag + ")"
		}
		t, err := build(ctx, db, spec)
		if err != nil {
			var de *analysis.SpecError
			if errors.As(err, &de) {
				return usageErrorf("%v (see prevalence query --list)", err)
			}
			return err
		}
		t.Title = title
		t.Microdata = "a table of --by counts the researchers' release"
		return writeMarked(e, write, *format, published(reports.Suppress(t, []string{"cases"}, in.SmallCell), []string{"cases"}, *format))
	}
	if *named != "" {
		// A protected table of the release answers for itself: it was counted from all records
		// at full precision and protected with the others (the microdata would give coarser,
		// separately suppressed counts).
		tables, err := release.ReadTables(dir)
		if err != nil {
			return err
		}
		in.Tables = analysis.NewProtected(tables)
		in.Bounds = tableBounds(dir, tables)
		// The last values earlier releases of the series printed of the counts this one
		// withholds (tables/carried.json), as the run's reports read them: centre-gaps' age
		// bands fall back on them where the tables bound a band too widely (attack-2026-12-03e
		// finding 5), so the query gives the programme page's figures.
		carried, err := release.ReadCarried(dir)
		if err != nil {
			return err
		}
		release.CurrentCarried(carried)
		in.Carried = carried.Index()
		for _, t := range tables {
			if t.Name != *named {
				continue
			}
			if t.Name == "follow-up" {
				// Its shares, worked out from the published counts with Wilson intervals, in
				// every format as --list promises (CSV too: its counts are all published,
				// rows with a withheld count being left out).
				return write(analysis.FollowUpTable(t, 0.95))
			}
			if *format == "csv" { // as the release's tables/NAME.csv: numeric counts and flags
				b, err := t.CSV()
				if err != nil {
					return err
				}
				_, err = e.stdout.Write(b)
				return err
			}
			return write(reports.PublishedTable(t))
		}
		for _, o := range analysis.OutcomeTables {
			if o.Name == *named {
				return noOutcomeTable(o, tables, f)
			}
		}
		n, ok := analysis.LookupNamed(*named)
		if !ok {
			// A typo gets the name meant: the catalogue's, the outcome tables' or the release's.
			var names []string
			for _, c := range analysis.Catalogue() {
				names = append(names, c.Name)
			}
			for _, o := range analysis.OutcomeTables {
				names = append(names, o.Name)
			}
			for _, t := range tables {
				names = append(names, t.Name)
			}
			hint := ""
			if c := closest(*named, names); c != "" {
				hint = "; did you mean " + c + "?"
			}
			return usageErrorf("no named query %q%s (see prevalence query --list)", *named, hint)
		}
		if n.Needs == "centres" && in.Centres == nil {
			return usageErrorf("--named %s needs --centres FILE (the release keeps none: its run's config named no centres)", n.Name)
		}
		if why := n.FromMicrodata(in.Tables); why != "" && f.published {
			return fmt.Errorf("%s is a published folder: --named %s is counted from the k-anonymous microdata (%s), which a published folder does not hold; only the release folder can answer it (see prevalence query %s --list)", dir, n.Name, why, dir)
		}
		if why := n.FromMicrodata(in.Tables); why != "" && f.held {
			return heldNamed(dir, n.Name, why)
		}
		if n.FromMicrodata(in.Tables) == "" && len(tables) > 0 && f.tablesSmallCell > 0 {
			// Counted from the protected tables: with the threshold they were printed with. A
			// held release's tables are the previous release's, printed with its threshold, and
			// the configured one beside them ("<11" where the table prints 10) told nothing true
			// (privacy-side-doors37). The microdata's queries keep the configured one.
			in.SmallCell = f.tablesSmallCell
		}
		t, err := n.RunWith(ctx, db, in)
		if err != nil {
			return err
		}
		if n.Name == "centre-gaps" && f.published && f.first != 0 {
			// protections.json does not name where one organisation works (the manifest's
			// partial_first_provinces stays with the organisation): the ranking takes the rule
			// of thumb, which the run's report, knowing the list, may not have (shares29's left).
			t.PartialNote = strings.TrimPrefix(t.PartialNote+"; "+lateProvincesNote(f.first), "; ")
		}
		// Named queries are tables meant for publication: small counts are suppressed.
		return writeMarked(e, write, *format, published(reports.Suppress(t, n.Counts, in.SmallCell), n.Counts, *format))
	}
	t, err := analysis.QueryReadOnly(ctx, db, pos[1])
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return write(t)
}

// lateProvincesNote says, under centre-gaps of a published folder whose release has a
// partial_first_year (first), that the provinces the late organisation records cases in are not
// known here, so a rise in first is told from its start by the rule of thumb (analysis.GapSpec),
// and the ranking may differ from the report's, written from the release's manifest.
func lateProvincesNote(first int) string {
	return fmt.Sprintf("one organisation's registrations begin months into %d, and a published folder does not say in which provinces it records cases (its manifest does; protections.json does not name where one organisation works): a province whose cases rise from %d is taken as that organisation's start unless the year before holds a quarter or more of its cases a year after, so this ranking may differ from the programme report's (reports/tables/centre-gaps.csv), which the run wrote knowing them; prevalence query on the release folder gives the report's", first, first)
}

// noOutcomeTable is the error for an outcome table the release does not have: what the run
// counts it from, and what the release says of why it had none (no events at all, or events
// of other kinds: its tables from events are named).
func noOutcomeTable(o analysis.OutcomeTable, tables []*release.Table, f *folder) error {
	if o.Name == "at-risk-by-province" {
		return fmt.Errorf("this release has no table %s: the run counts it from %s (see docs/outcomes.md) and had no case recorded as at risk", o.Name, o.From)
	}
	msg := fmt.Sprintf("this release has no table %s: the run counts it from events after identification, %s (see docs/outcomes.md)", o.Name, o.From)
	var have []string
	for _, t := range tables {
		for _, x := range analysis.OutcomeTables {
			if t.Name == x.Name && x.Name != "at-risk-by-province" {
				have = append(have, t.Name)
			}
		}
	}
	switch {
	case o.Name == "occupancy" && f.centres == "" && !f.published:
		msg += ", and the run's config named no centres"
	case len(have) > 0:
		msg += fmt.Sprintf(", and had none of them: its events gave %s only", strings.Join(have, ", "))
	case !f.published && !f.events:
		msg += ", and the run was given no events after identification"
	default:
		msg += ", and had none of them"
	}
	return errors.New(msg)
}

// folder is what query reads of the folder it is given besides the tables: a release, or a
// folder written by run --publish (the files for everyone: the protected tables, the reports,
// centres.csv and protections.json; no manifest, no microdata). The advocates and programme
// leads who receive the latter query it for the named tables the protected tables answer.
type folder struct {
	published bool
	smallCell int // the small-cell threshold of the microdata's counts: the configured one
	// tablesSmallCell is the threshold the protected tables print with
	// (release.Manifest.TablesThreshold: a held release's is the previous release's).
	tablesSmallCell int
	partial         int // the last year of registration not covered whole (0: none)
	first           int // the year one organisation's registrations begin months into (0: none)
	// firstProvinces are the provinces in which that organisation records cases (the
	// manifest's partial_first_provinces; nil: not known, as in a published folder, whose
	// protections.json does not say).
	firstProvinces []string
	// late are every late organisation with its provinces (the manifest's
	// late_organisations; nil: not known, as in a published folder).
	late    []release.LateOrganisation
	centres string // the centres file kept in the folder ("" when none)
	events  bool   // the run was given events after identification (a release's manifest says)
	// held: the release's tables are the previous release's again (release.Manifest.Held):
	// a named table they do not answer is not counted from this run's case file (heldNamed).
	held bool
}

// heldNamed refuses a named table that a held release's tables do not answer (the previous
// release's again, made without it or by an earlier version): counted from this run's case
// file, it would publish this run's records, which the held tables keep back, beside them
// (named tables are meant for publication; privacy-side-doors37, priv's Left of 7 Dec 19:46).
func heldNamed(dir, name, why string) error {
	return fmt.Errorf("%s holds the previous release's tables again (held: fewer records than the threshold changed since), and --named %s is not among them (%s): "+
		"counted from this release's k-anonymous case file, it would publish the records the held tables keep back; it is answered once the release prints fresh tables "+
		"(the case file stays for the researchers' own queries: prevalence query %s 'SQL')", dir, name, why, dir)
}

// readFolder reads dir's manifest, or, when it has none, the public statement of a published
// folder (protections.json): a folder with neither is not a release (the manifest's error).
func readFolder(dir string) (*folder, error) {
	m, err := release.ReadManifest(dir)
	if err == nil {
		f := &folder{smallCell: threshold(m), tablesSmallCell: m.TablesThreshold(), events: len(m.Events) > 0, held: m.Held()}
		if m.Partial != nil {
			f.partial = m.Partial.Year
		}
		if m.PartialFirst != nil {
			f.first = m.PartialFirst.Year
			f.firstProvinces = m.PartialFirstProvinces
		}
		f.late = m.Late
		if m.Centres != "" {
			f.centres = releaseFile(dir, m.Centres)
		}
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	st, serr := release.ReadProtections(dir)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return nil, fmt.Errorf("%w (nor a folder written by run --publish: no %s)", err, release.ProtectionsFile)
	case serr != nil:
		return nil, serr
	}
	f := &folder{published: true, smallCell: reports.DefaultThreshold}
	if st.Tables != nil && st.Tables.Threshold > 0 {
		f.smallCell = st.Tables.Threshold
	}
	f.tablesSmallCell = f.smallCell // protections.json states the tables' own (ProtectionsOf)
	if st.PartialYear != nil {
		f.partial = st.PartialYear.Year
	}
	if st.PartialFirst != nil {
		f.first = st.PartialFirst.Year
	}
	// publish copies the release's centres with their path.
	if _, err := os.Stat(filepath.Join(dir, pipeline.CentresFile)); err == nil {
		f.centres = filepath.Join(dir, pipeline.CentresFile)
	}
	return f, nil
}

// publishedFolder returns err, the manifest's error for dir, saying so when dir is a folder
// written by run --publish (no manifest, a protections.json): what command needs is in the
// release folder it was published from.
func publishedFolder(dir, command string, err error) error {
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if _, serr := os.Stat(filepath.Join(dir, release.ProtectionsFile)); serr != nil {
		return err
	}
	return fmt.Errorf("%s is a folder written by run --publish (the files for everyone, without the manifest): %s needs the release folder it was published from; its reports are in %s, and prevalence query %s --named NAME answers its tables (--named centre-gaps --centres FILE ranks against other centres)",
		dir, command, filepath.Join(dir, "reports"), dir)
}

// formats are the output formats of tables (--format), in the order the usage names them.
var formats = []string{"table", "csv", "json", "markdown"}

// writer returns the writer of tables to stdout in format, or a usage error (with a "did you
// mean", as for flags and commands) for a format that is none of formats.
func writer(e *env, format string) (func(*analysis.Table) error, error) {
	switch format {
	case "table":
		return func(t *analysis.Table) error { return t.WriteText(e.stdout) }, nil
	case "csv":
		return func(t *analysis.Table) error { return t.WriteCSV(e.stdout) }, nil
	case "json":
		return func(t *analysis.Table) error { return t.WriteJSON(e.stdout) }, nil
	case "markdown":
		return func(t *analysis.Table) error { return t.WriteMarkdown(e.stdout) }, nil
	}
	hint := ""
	if c := closest(format, formats); c != "" {
		hint = "; did you mean " + c + "?"
	}
	return nil, usageErrorf("unknown --format %q%s (want table, csv, json or markdown)", format, hint)
}

// microdataSource is the value of the source column of a table counted from the microdata.
const microdataSource = "k-anonymous microdata"

// writeMarked writes t, marked when it was counted from the k-anonymous microdata (its counts
// lack the rows k-anonymity suppressed, so they may differ from the protected tables'): a
// first line in text and Markdown; in CSV and JSON, which programs read, a source column
// (the counts stay computable) and a note on stderr.
func writeMarked(e *env, write func(*analysis.Table) error, format string, t *analysis.Table) error {
	// How the shares were bounded and what the rates are (per how many, over which years'
	// people): after the table in text and Markdown, on stderr for CSV and JSON (an array of
	// rows, which programs read).
	for _, note := range []string{t.ShareNote, t.RateNote, t.PartialNote} {
		switch {
		case note == "":
		case format == "table" || format == "markdown":
			defer fmt.Fprintf(e.stdout, "\n%s.\n", upperFirst(note))
		default:
			fmt.Fprintf(e.stderr, "note: %s\n", note)
		}
	}
	if t.Microdata == "" {
		return write(t)
	}
	mark := "from the k-anonymous microdata (" + t.Microdata + "): rows that k-anonymity suppressed are missing and generalized values show as (generalized), so counts can differ from the protected tables'."
	switch format {
	case "table":
		fmt.Fprintf(e.stdout, "%s\n\n", upperFirst(mark))
	case "markdown":
		fmt.Fprintf(e.stdout, "*%s*\n\n", analysis.EscapeMarkdown(upperFirst(mark)))
	default:
		fmt.Fprintf(e.stderr, "note: %s\n", mark)
		c := *t
		c.Columns = append(append([]string(nil), t.Columns...), "source")
		c.Rows = make([][]any, len(t.Rows))
		for i, r := range t.Rows {
			c.Rows[i] = append(append([]any(nil), r...), microdataSource)
		}
		t = &c
	}
	return write(t)
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// tableBounds is the release's own linear program over its protected tables tables (nil when the
// release records no relations between them, or they are rounded or noisy): the named tables
// bound a share's withheld denominator with it, as the run's reports did.
func tableBounds(dir string, tables []*release.Table) analysis.SumBounder {
	rel, err := release.ReadRelations(dir)
	if err != nil || rel == nil || len(tables) == 0 {
		return nil
	}
	b, err := anonymize.NewBounder(tables, rel, tables[0].Threshold)
	if err != nil {
		return nil
	}
	return b
}

func threshold(m *release.Manifest) int {
	if m.Privacy.SmallCellThreshold > 0 {
		return m.Privacy.SmallCellThreshold
	}
	return reports.DefaultThreshold
}

// published is a suppressed table as it is written: for CSV, with numeric counts and a flag
// column per count column (reports.Flagged), so that a spreadsheet can sum them.
func published(t *analysis.Table, counts []string, format string) *analysis.Table {
	if format == "csv" {
		return reports.Flagged(t, counts)
	}
	return t
}
