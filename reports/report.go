package reports

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/release"
)

// File is one output of the report, with its path relative to the release folder.
type File struct {
	Path string
	Data []byte
	Rows int // data rows for tables, 0 otherwise
}

// Audiences are the presets of Options.Audience.
var Audiences = []string{"research", "programme", "advocacy"}

// Options steer a report. The zero value gives every output with threshold 10, no rounding
// and no noise.
type Options struct {
	// Threshold labels the accounting of input rows ("<Threshold"); the tables' own threshold
	// when zero.
	Threshold int
	// Tables are the release's protected tables (release.ReadTables), which the report
	// renders. Protection, rounding and noise were chosen when they were made.
	Tables []*release.Table
	// Audience selects the outputs: "" (all: the whole report, the programme report as
	// programme.html and the brief), "research" (report, tables), "programme" (report.html
	// with the centre gaps and maps first, tables as CSV) or "advocacy" (brief).
	Audience string
	// PrivacyJSON is the release's privacy.json, when it has one; its summary goes into the
	// report.
	PrivacyJSON []byte
	// Dir prefixes the output paths; "reports" when empty.
	Dir string
	// CaptureHistories is the release's capture_histories.csv, when linkage wrote one: the
	// report then gives the multiple systems estimate of the hidden number.
	CaptureHistories []byte
	// Centres are the existing centres (analysis.ReadCentres): the programme report opens with
	// the provinces ranked by unmet need against them (the named table centre-gaps), and
	// writes the whole ranking to tables/centre-gaps.csv. Without them, the programme report
	// says how to give them.
	Centres []analysis.Centre
	// Bounds is the release's own linear program over Tables (anonymize.Bounder; nil: none),
	// with which the named tables bound a share's withheld denominator.
	Bounds analysis.SumBounder
	// Carried are the release's carried values (release.ReadCarried: for each count it
	// withholds, the last value an earlier release of the series printed; nil: none): the
	// reports quote them beside the withheld counts of children by province, and a figure
	// after rescue whose counts an earlier release printed says that it stays withheld until
	// they move (heldWhy).
	Carried release.Carried
	// NotForPublication: the release is not to be published (run --publish refused it: its
	// tables were not audited together with those of the publication it would stand
	// beside, or that audit ended with counts exposed), and this rendering is for researchers under an agreement: the report says so
	// at its head.
	NotForPublication bool
}

// notForPublication is what the report says at its head when Options.NotForPublication (the
// reason, notPublishedWhy, follows "says why: ").
const notForPublication = "This release is not to be published (prevalence check on its folder says why: %s). " +
	"This report is for researchers under an agreement, not for publication: do not publish it or figures from it."

// notToBePublished is what a report for everyone says at its head when its release is not to
// be published (Manifest.NotToBePublished), though the run wrote it (attack-2026-12-04c, lows:
// the brief an organisation forwards did not say so).
const notToBePublished = "This release is not to be published (prevalence check on its folder says why: %s). Do not publish or forward this report or figures from it."

// notAuditedTogether is why a release is not to be published when its tables were compared
// with the publication's apart, or audited against an unpublished release only.
const notAuditedTogether = "its tables were not audited together with those of the publication it would stand beside, and whoever holds both could narrow counts each withholds"

// auditedExposed is why a release is not to be published when the joint audit with the
// publication it would stand beside ended with counts exposed (the number of them follows).
const auditedExposed = "its tables were audited together with those of the publication it would stand beside, and that audit ended with counts that whoever holds both can place among fewer values than the protection range allows:"

// notPublishedWhy says why the release is not to be published, as the manifest records it: a
// release whose joint audit ended exposed was audited together with the publication (the
// joint's note: "not audited together" was said of it too). The exposed counts are numbered,
// not named: the report may be forwarded, and their names would point at what to narrow; nor is
// the manifest's field that names them (a file for everyone points at no field of the manifest,
// which is not published: privacy-side-doors25's TestJointExposedFilesForEveryone).
func (r *report) notPublishedWhy() string {
	if r.m == nil || r.m.Tables == nil || !r.m.Tables.ExposedWithPrevious() {
		return notAuditedTogether
	}
	t := r.m.Tables
	n := len(t.JointExposed)
	if n == 0 {
		n = t.Audit.Exposed
	}
	counts := "counts"
	if n == 1 {
		counts = "count"
	}
	return fmt.Sprintf("%s %d %s", auditedExposed, n, counts)
}

// notPublishedLine is what a report says at its head about its publication ("" when it may be
// published).
func (r *report) notPublishedLine() string {
	switch {
	case r.opt.NotForPublication:
		return fmt.Sprintf(notForPublication, r.notPublishedWhy())
	case r.m != nil && r.m.NotToBePublished():
		return fmt.Sprintf(notToBePublished, r.notPublishedWhy())
	}
	return ""
}

// report is everything rendered, computed once.
type report struct {
	opt      Options
	carried  release.CarriedIndex // opt.Carried, indexed (nil: none)
	m        *release.Manifest
	set      *set
	acct     *Table
	sources  []string
	privacy  map[string]any
	headline []int // indexes of the catalogue's headline tables in set.tables
	mse      *analysis.Table
	mseNote  string // why there is no estimate, when capture histories were given
	// mseIsolated are, per stratum ("" when not stratified), the lists that share no one with
	// another list (mse.Table.IsolatedLists)
	mseIsolated map[string][]string
	// mseSmall are the strata ("" when not stratified) with a pattern count from 1 to the
	// threshold less one: their estimate, observed count and intervals give the pattern
	// counts back (with two lists exactly: Lincoln-Petersen), so only the research report,
	// which is for researchers like the capture histories, prints them (mseHeld)
	mseSmall map[string]bool
	// mseLists are, per stratum, the lists that record someone there (their source names):
	// the estimate's note says when one of them covers part of the period only
	mseLists map[string][]string
	// gaps is the centre-gap ranking, small counts suppressed (programme report with centres)
	gaps      *analysis.Table
	gapCounts []string
	// briefRank is what the brief's list of provinces says of its ranking (childrenByProvince)
	briefRank briefRank
}

// Build runs the report's tables on db, protects them and renders reports/report.md,
// reports/report.html, reports/programme.html, reports/brief.md, reports/brief.html,
// reports/tables/NAME.csv and .json, reports/tables/centre-gaps.csv (with centres) and
// reports/NAME.csv for each headline table (the audience's subset with Options.Audience). m describes the release (its counts and
// protection); its outputs need not be final.
func Build(ctx context.Context, db *sql.DB, m *release.Manifest, opt Options) ([]File, error) {
	r, err := prepare(ctx, db, m, opt)
	if err != nil {
		return nil, err
	}
	return r.render()
}

func prepare(ctx context.Context, db *sql.DB, m *release.Manifest, opt Options) (*report, error) {
	if opt.Dir == "" {
		opt.Dir = "reports"
	}
	switch opt.Audience {
	case "", "research", "programme", "advocacy":
	default:
		return nil, fmt.Errorf("reports: unknown audience %q (want research, programme or advocacy)", opt.Audience)
	}
	s, err := loadSet(opt.Tables)
	if err != nil {
		return nil, err
	}
	if th := s.tables[0].Threshold; opt.Threshold <= 0 || opt.Threshold == DefaultThreshold && th > 0 {
		opt.Threshold = th
	}
	if th := m.TablesThreshold(); held(m) && th > 0 {
		// Held tables are printed as the previous release printed them: with its threshold,
		// whatever the configuration says now (F9, attack-2026-12-06f: "fewer than 11" and
		// intervals placed for 11 beside counts printed as "<10"). run, check, report and
		// query take it from the manifest's one method.
		opt.Threshold = th
	}
	r := &report{opt: opt, m: m, set: s}
	if opt.Carried != nil {
		r.carried = opt.Carried.Index()
	}
	for _, n := range analysis.Headline() {
		if i, ok := s.byName[n.Name]; ok {
			r.headline = append(r.headline, i)
		}
	}
	// The accounting of input rows, which the manifest publishes: small counts are labelled
	// as in the tables, for the sentences that quote them.
	c := m.Counts
	acct := &Table{Name: "rows-accounted", Title: "Input rows", Labels: []string{"rows"}, Counts: []string{"n"}, TotalCols: []bool{false}, Threshold: opt.Threshold}
	for _, x := range []struct {
		l string
		v int
	}{{"read", c.Read}, {"written", c.Written}, {"suppressed", c.Suppressed}, {"quarantined", c.Quarantined}, {"duplicates", c.Duplicates}} {
		st := Published
		if x.v > 0 && x.v < opt.Threshold {
			st = Primary
		}
		acct.Rows = append(acct.Rows, Row{Labels: []string{x.l}, Values: []int64{int64(x.v)}, State: []State{st}, Total: x.l == "read"})
	}
	s.add(acct)
	r.acct = acct
	// The organisations of the records the tables count (at full precision); a release made
	// before the tables listed them gives the microdata's (which may miss one whose records
	// were all withheld).
	if m.Tables != nil && m.Tables.Organisations != nil {
		r.sources = m.Tables.Organisations
	} else {
		srcs, err := analysis.Query(ctx, db, "SELECT DISTINCT source FROM cases WHERE source IS NOT NULL ORDER BY source")
		if err != nil {
			return nil, err
		}
		for _, row := range srcs.Rows {
			r.sources = append(r.sources, analysis.Cell(row[0]))
		}
	}
	if len(opt.CaptureHistories) > 0 {
		r.estimate()
	}
	if (opt.Audience == "programme" || opt.Audience == "") && len(opt.Centres) > 0 {
		if err := r.centreGaps(ctx, db); err != nil {
			return nil, err
		}
	}
	if len(opt.PrivacyJSON) > 0 {
		var p map[string]any
		if err := json.Unmarshal(opt.PrivacyJSON, &p); err == nil {
			r.privacy = p
		}
	}
	return r, nil
}

// published returns the tables that are published (not hidden, not the accounting table).
func (r *report) published() []*Table {
	var out []*Table
	for _, t := range r.set.tables {
		if !t.Hidden && t != r.acct {
			out = append(out, t)
		}
	}
	return out
}

// table returns the set's table name, one of standardNames, which loadSet requires. A name the
// set lacks is a mistake in this package, not in the release: it panics naming the table,
// where byName's zero value gave the set's first table (the provinces) under another name and
// a page quoted its counts as that table's. A table a release may lack is looked up in byName
// with its ok (TestTableTakesOnlyStandardNames keeps the callers to standardNames).
func (r *report) table(name string) *Table {
	i, ok := r.set.byName[name]
	if !ok {
		panic(fmt.Sprintf("reports: the report takes table %s, which its set lacks (only standardNames may be taken without looking them up in byName)", name))
	}
	return r.set.tables[i]
}

func (r *report) render() ([]File, error) {
	var files []File
	add := func(name string, data []byte, rows int) {
		files = append(files, File{Path: r.opt.Dir + "/" + name, Data: data, Rows: rows})
	}
	aud := r.opt.Audience
	if aud == "" {
		// The headline tables as before, beside the report.
		for _, i := range r.headline {
			t := r.set.tables[i]
			b, err := t.CSV()
			if err != nil {
				return nil, err
			}
			add(t.Name+".csv", b, len(t.Rows))
		}
	}
	if aud == "" || aud == "research" || aud == "programme" {
		for _, t := range r.published() {
			// Numeric counts with a flag column, as the release's tables/*.csv.
			b, err := t.CSV()
			if err != nil {
				return nil, err
			}
			add("tables/"+t.Name+".csv", b, len(t.Rows))
			if aud != "programme" {
				j, err := r.tableJSON(t)
				if err != nil {
					return nil, err
				}
				add("tables/"+t.Name+".json", j, len(t.Rows))
			}
		}
	}
	if (aud == "programme" || aud == "") && r.gaps != nil {
		g, err := r.gapsCSV()
		if err != nil {
			return nil, err
		}
		add("tables/centre-gaps.csv", g, len(r.gaps.Rows))
	}
	if aud == "" || aud == "research" {
		add("report.md", r.markdown(), 0)
	}
	if aud != "advocacy" {
		h, err := r.html()
		if err != nil {
			return nil, err
		}
		add("report.html", h, 0)
	}
	if aud == "" {
		// The programme lead's report beside the whole one: centre gaps and maps first.
		r.opt.Audience = "programme"
		h, err := r.html()
		r.opt.Audience = aud
		if err != nil {
			return nil, err
		}
		add("programme.html", h, 0)
	}
	if aud == "" || aud == "advocacy" {
		add("brief.md", r.briefMarkdown(), 0)
		h, err := r.briefHTML()
		if err != nil {
			return nil, err
		}
		add("brief.html", h, 0)
	}
	return files, nil
}

// tableJSON is a table for researchers: its description, the protection, and the rows as
// objects (counts as numbers, withheld counts as their labels).
func (r *report) tableJSON(t *Table) ([]byte, error) {
	p := PublishedTable(t)
	rows := make([]map[string]any, len(p.Rows))
	for i, row := range p.Rows {
		o := map[string]any{}
		for j, v := range row {
			o[p.Columns[j]] = v
		}
		rows[i] = o
	}
	out := struct {
		Name      string           `json:"name"`
		Title     string           `json:"title"`
		Note      string           `json:"note,omitempty"`
		Margins   string           `json:"margins,omitempty"`
		Mechanism string           `json:"mechanism"`
		Threshold int              `json:"threshold"`
		RoundTo   int              `json:"round_to,omitempty"`
		Epsilon   float64          `json:"epsilon,omitempty"`
		Columns   []string         `json:"columns"`
		Rows      []map[string]any `json:"rows"`
	}{t.Name, t.Title, t.Note, t.Margins, t.Mechanism, t.Threshold, r.roundTo(), r.epsilon(), p.Columns, rows}
	b, err := json.MarshalIndent(out, "", "  ")
	return append(b, '\n'), err
}

func (r *report) markdown() []byte {
	var md bytes.Buffer
	m := r.m
	th := r.opt.Threshold
	fmt.Fprintf(&md, "# Prevalence report\n\n")
	if l := r.notPublishedLine(); l != "" {
		md.WriteString("**" + l + "**\n\n")
	}
	if r.held() {
		fmt.Fprintf(&md, "Produced by %s %s. ", m.Tool, m.Version)
	} else {
		fmt.Fprintf(&md, "Produced by %s %s from %s. ", m.Tool, m.Version, r.inputFiles())
	}
	md.WriteString(r.accounting() + "\n\n")
	fmt.Fprintf(&md, "Counts from 1 to %d are shown as `<%d` so that no small group can be singled out; counts shown as `%s` are withheld so that a small count cannot be worked out from the totals or from another table", th-1, th, SecondaryLabel)
	if t := m.Tables; t != nil && t.Guarded > 0 {
		fmt.Fprintf(&md, ", or because they changed by 1 to %d since the previous release (which of the two is not said: that too would tell the size of the change)", th-1)
	}
	md.WriteString(".\n\n")
	if n := r.noiseNote(); n != "" {
		md.WriteString(n + "\n\n")
	}
	md.WriteString(r.outcomesMarkdown())
	for _, t := range r.published() {
		// Titles and notes of declared tables, and every sentence below, can hold names from
		// the input (a declared table's name, an organisation's list): escaped as text.
		fmt.Fprintf(&md, "## %s\n\n", analysis.EscapeMarkdown(t.Title))
		if t.Note != "" {
			fmt.Fprintf(&md, "%s\n\n", analysis.EscapeMarkdown(t.Note))
		}
		if n := r.agelessNote(t); n != "" {
			md.WriteString(n + "\n\n")
		}
		if len(t.Rows) == 0 {
			md.WriteString("No released cases.\n\n")
			continue
		}
		PublishedTable(t).WriteMarkdown(&md)
		fmt.Fprintf(&md, "\n_Protection: %s_\n\n", t.Mechanism)
	}
	if s := r.mseSentence(); s != "" {
		fmt.Fprintf(&md, "## Hidden numbers: multiple systems estimation\n\n%s\n\n", analysis.EscapeMarkdown(s))
	}
	writePrivacy(&md, m, r.opt.Threshold, r.sourcesNote(), map[bool]string{false: "listed"}[r.heldPublic()])
	return md.Bytes()
}

// estimate runs multiple systems estimation (SparseMSE's stepwise model, the profile-likelihood
// interval, SparseMSE's Wald interval and seeded BCa bootstrap) on the capture histories, by
// stratum (country of exploitation) when they have one; a refusal is kept as a note for the
// report.
func (r *report) estimate() {
	data := r.opt.CaptureHistories
	strata := ""
	if first, _, _ := strings.Cut(string(data), ","); first == analysis.StratumColumn {
		strata = analysis.StratumColumn
	}
	ch, err := analysis.ReadCaptureHistories(bytes.NewReader(data), strata)
	if err == nil {
		r.mse, err = analysis.EstimateHidden(ch, analysis.MSEOptions{Reps: 1000, Seed: 1})
		r.mseIsolated = map[string][]string{}
		r.mseSmall = map[string]bool{}
		r.mseLists = map[string][]string{}
		for s, t := range ch.Tables {
			d := t.DropEmptyLists()
			r.mseIsolated[s], r.mseLists[s] = d.IsolatedLists(), d.Lists
			for _, c := range t.Cells {
				if c.Count > 0 && c.Count < r.opt.Threshold {
					r.mseSmall[s] = true
				}
			}
		}
	}
	if err != nil {
		r.mse, r.mseNote = nil, "no estimate: "+err.Error()
	}
}

// mseSentence says the estimate in words, or why there is none: for each country whose lists
// allow one when the histories are by country (the pooled estimate across countries, whose
// lists record different populations, is not given), else for all lists.
func (r *report) mseSentence() string {
	if r.heldPublic() && (r.mse != nil || r.mseNote != "") {
		return heldEstimate
	}
	if r.mse == nil || len(r.mse.Rows) == 0 {
		return r.mseNote
	}
	ci := map[string]int{}
	for i, c := range r.mse.Columns {
		ci[c] = i
	}
	_, stratified := ci["stratum"]
	const assumes = " The estimate assumes the lists are a closed population and that the model captures how they depend on each other; wide intervals mean little overlap between the lists."
	if !stratified {
		if note, _ := r.mse.Rows[0][ci["note"]].(string); r.mse.Rows[0][ci["estimate"]] == nil && strings.HasPrefix(note, analysis.NotEstimable) {
			return "The number of people no organisation recorded is not estimable from these lists by multiple systems estimation: " +
				strings.TrimPrefix(note, analysis.NotEstimable+": ") + "."
		}
		if r.mseHeld("") {
			return "Multiple systems estimation from how the organisations' lists overlap gives an estimate of the total number of people, recorded or not, that this report does not print: " +
				r.mseHeldWhy() + "."
		}
		return "Multiple systems estimation from how the organisations' lists overlap puts the total number of people, recorded or not, at " + r.mseRow(r.mse.Rows[0], ci, "") + "." + assumes + r.msePeriod("")
	}
	var estimated, refused, held, periods []string
	for _, row := range r.mse.Rows {
		st, _ := row[ci["stratum"]].(string)
		if st == "(all strata pooled)" {
			continue
		}
		name := stratumName(st)
		if row[ci["estimate"]] == nil {
			refused = append(refused, name)
			continue
		}
		if r.mseHeld(st) {
			held = append(held, name)
			continue
		}
		estimated = append(estimated, fmt.Sprintf("in %s, %s", name, r.mseRow(row, ci, st)))
		if r.msePeriod(st) != "" {
			periods = append(periods, st)
		}
	}
	if len(estimated) == 0 && len(held) == 0 {
		return fmt.Sprintf("No multiple systems estimate: in no country of exploitation (%s) do two organisations' lists record enough of the same people.", strings.Join(refused, ", "))
	}
	var s string
	if len(estimated) > 0 {
		s = "Multiple systems estimation from how the organisations' lists overlap, country by country (the lists of one country record one population; lists of different countries do not), puts the total number of people, recorded or not, " + strings.Join(estimated, "; ") + "."
	}
	if len(held) > 0 {
		s += fmt.Sprintf(" Multiple systems estimation, country by country, gives an estimate of the total number of people, recorded or not, for %s that this report does not print: %s.",
			strings.Join(held, ", "), r.mseHeldWhy())
	}
	if len(refused) > 0 {
		s += fmt.Sprintf(" No estimate for %s: fewer than two lists record enough people there, so nothing tells how many they missed.", strings.Join(refused, ", "))
	}
	if len(estimated) == 0 {
		return strings.TrimSpace(s)
	}
	return s + assumes + r.msePeriod(periods...)
}

// msePeriod is the sentence, with a leading space, saying that the lists the estimates of
// strata rest on do not cover the same period (analysis.MSEPeriodNote), or "" when they do;
// the strata's countries are named when there are strata.
func (r *report) msePeriod(strata ...string) string {
	var lists, names []string
	for _, st := range strata {
		lists = append(lists, r.mseLists[st]...)
		if st != "" {
			names = append(names, stratumName(st))
		}
	}
	note := analysis.MSEPeriodNote(r.m, lists, false)
	switch {
	case note == "":
		return ""
	case len(names) > 0:
		return " But in " + strings.Join(names, " and ") + " t" + note[1:] + "."
	}
	return " But t" + note[1:] + "."
}

// mseHeld reports whether this report leaves out the estimate of stratum: a report for
// everyone does when a pattern count of the stratum is from 1 to the threshold less one (with
// two lists, the estimate, the number observed and the Wald interval solve back to every
// pattern count, the overlap included: Lincoln-Petersen); the research report, for
// researchers like capture_histories.csv, gives every estimate.
func (r *report) mseHeld(stratum string) bool {
	return r.opt.Audience != "research" && r.mseSmall[stratum]
}

// mseHeldWhy says why an estimate is left out and where it is.
func (r *report) mseHeldWhy() string {
	return fmt.Sprintf("some combination of organisations recorded fewer than %d of the same people, and the estimate with the number observed and its interval would give that count back. "+
		"The research report (prevalence report DIR --for research), for researchers under an agreement like the capture histories it is computed from, gives it", r.opt.Threshold)
}

// mseRow says one row of the MSE table: the estimate with its intervals, the people observed,
// the model, and the warnings (too few people; a list sharing no one with the others).
func (r *report) mseRow(row []any, ci map[string]int, stratum string) string {
	col := func(name string) any { return row[ci[name]] }
	f := func(v any) string {
		x, _ := v.(float64)
		return fmt.Sprintf("%.0f", x)
	}
	obs, _ := col("observed").(int64)
	interval := "" // the default interval, when it could be computed
	if col("lower") != nil {
		upper := f(col("upper"))
		if col("upper") == nil {
			upper = "no upper limit"
		}
		interval = fmt.Sprintf("95%% %s interval %s to %s; ", intervalName(col("interval")), f(col("lower")), upper)
	}
	boot := fmt.Sprintf("BCa bootstrap %s to %s", f(col("boot_lower")), f(col("boot_upper")))
	if col("boot_lower") == nil || col("boot_upper") == nil {
		boot = "no bootstrap interval (" + bootWhy(col("note")) + ")"
	}
	s := fmt.Sprintf("at %s (%sSparseMSE's Wald interval %s to %s; %s), of whom %d were recorded by at least one organisation (model: %s, interactions: %s)",
		f(col("estimate")), interval, f(col("wald_lower")), f(col("wald_upper")), boot, obs, col("model"), col("interactions"))
	if obs < analysis.MinObserved {
		s += fmt.Sprintf(". Warning: only %d people were observed, fewer than %d; the estimate rests on a handful of overlaps and is not reliable", obs, analysis.MinObserved)
	}
	if iso := r.mseIsolated[stratum]; len(iso) > 0 {
		s += fmt.Sprintf(". Caution: %s shares no one with any other list, so nothing in the data ties it to them and the estimate of whom it missed rests on the model alone. If it records another population (another country's cases), this estimate is not meaningful: estimate by stratum (prevalence mse --strata) or without it",
			strings.Join(iso, ", "))
	}
	return s
}

// intervalName names the method of the MSE table's interval column in words.
func intervalName(v any) string {
	switch v {
	case "profile":
		return "profile-likelihood"
	case "lognormal":
		return "log-normal"
	case "wald":
		return "Wald"
	}
	return fmt.Sprint(v)
}

// writePrivacy writes the section on the protections; levels "" says that the microdata's
// generalization is not given (heldLevels), else the manifest's levels are listed.
func writePrivacy(md *bytes.Buffer, m *release.Manifest, threshold int, sources, levels string) {
	p := m.Privacy
	fmt.Fprintf(md, "## How this release protects people\n\n")
	// Column names come from the input under prevalence anonymize: escaped as text.
	list := func(names []string) string { return analysis.EscapeMarkdown(strings.Join(names, ", ")) }
	fmt.Fprintf(md, "- Direct identifiers (%s) were removed and never written.\n", list(p.DroppedIdentifiers))
	fmt.Fprintf(md, "- Every released case shares its %s with at least %s (k-anonymity, k = %d).\n",
		list(p.QuasiIdentifiers), others(p.K-1), p.K)
	fmt.Fprintf(md, "- %s\n", withheldCases(m, threshold))
	if sources != "" {
		fmt.Fprintf(md, "- Where the figures come from: %s\n", analysis.EscapeMarkdown(strings.ToLower(sources[:1])+sources[1:]))
	}
	if levels == "" {
		fmt.Fprintf(md, "- %s\n\n", heldLevels)
		return
	}
	md.WriteString("- Quasi-identifiers were generalized as follows:\n\n")
	md.WriteString("| quasi-identifier | columns | released as |\n| --- | --- | --- |\n")
	for _, l := range p.Levels {
		as := l.Name
		if !l.Protected {
			as += " (not protected)"
		}
		fmt.Fprintf(md, "| %s | %s | %s |\n", analysis.EscapeMarkdown(l.QuasiIdentifier), list(l.Columns), analysis.EscapeMarkdown(as))
	}
	md.WriteString("\n")
}

// withheldCases says what share of the cases was withheld (in bands) beside the suppression limit: a release may
// withhold more than the limit (the differencing guard's rows, rows of a status no table may
// count), and "Up to 5% of cases could be withheld" alone then misstated it. A number from 1
// to the threshold less one is never printed.
func withheldCases(m *release.Manifest, threshold int) string {
	limit := 100 * m.Privacy.SuppressionLimit
	n, all := m.Counts.Suppressed, m.Counts.Written+m.Counts.Suppressed
	th := max(threshold, m.Privacy.SmallCellThreshold, 1)
	s := fmt.Sprintf("Up to %.0f%% of cases could be withheld to reach k-anonymity", limit)
	switch {
	case held(m):
		return s + "." // this run's share, beside held tables, would tell what changed
	case all == 0:
		return s + "."
	case n == 0:
		return s + "; none was."
	case n < th:
		return fmt.Sprintf("%s; fewer than %d were.", s, th)
	}
	// A band, not "32 of 679": two releases' exact counts give the rows each withheld, and the
	// exact account is the organisation's (attack-2026-12-02g finding 6).
	share := bandShare(float64(n) / float64(all))
	if float64(n) <= m.Privacy.SuppressionLimit*float64(all) {
		return fmt.Sprintf("%s; %s were.", s, share)
	}
	return fmt.Sprintf("In all, %s of the cases were withheld, more than the %.0f%% that could be withheld to reach k-anonymity: the others by the protections the run's notices name (such as the rows a re-release withholds so that its new cases cannot be worked out from the previous release).", share, limit)
}

// others says "n others" in words a reader takes in: "at least 5-1 others" made people do the
// sum.
func others(n int) string {
	if n == 1 {
		return "1 other"
	}
	return fmt.Sprintf("%d others", n)
}

// roundTo and epsilon are the tables' rounding base and noise parameter (0: none).
func (r *report) roundTo() int {
	if r.m.Tables != nil {
		return r.m.Tables.RoundTo
	}
	return 0
}

func (r *report) epsilon() float64 {
	if r.m.Tables != nil {
		return r.m.Tables.Epsilon
	}
	return 0
}

// bootWhy says, from an MSE row's note, why it has no bootstrap interval (the bootstrap's
// error without its details), or that none was computed.
func bootWhy(note any) string {
	s, _ := note.(string)
	for _, part := range strings.Split(s, "; ") {
		why, ok := strings.CutPrefix(part, "bootstrap: ")
		if !ok {
			continue
		}
		for _, p := range []string{"mse: ", "bootstrap: "} {
			why = strings.TrimPrefix(why, p)
		}
		if i := strings.Index(why, " (last:"); i >= 0 {
			why = why[:i]
		}
		return why
	}
	return "it was not computed"
}

// accounting says what became of the input rows as shares of the rows read, never as counts:
// the exact accounting (the manifest's) gives back, less the published at-risk total, a
// victims' total the tables withhold or round, and between two releases how many cases were
// added or removed (attack-2026-11-30c finding 6); it is the organisation's.
func (r *report) accounting() string {
	if r.held() {
		return heldAccount
	}
	c := r.m.Counts
	if c.Read == 0 {
		return fmt.Sprintf("No rows were read from %s.", r.inputFiles())
	}
	// In bands, not to 1%: with a total the tables publish, a share of a small register to 1%
	// is the count of rows withheld (attack-2026-12-02g finding 6).
	// A count of 1 to the threshold less one (or all rows but that), which a band pins in a
	// small register ("1-5%" of 30 rows read is 1), as "fewer than 10 rows" (privacy-side-doors14).
	th := max(r.opt.Threshold, r.m.Privacy.SmallCellThreshold)
	share := func(v int) string { return bandCount(float64(v)/float64(c.Read), float64(c.Read), th, "rows") }
	return fmt.Sprintf("Of the rows read from %s, %s were released, %s withheld to protect privacy, %s quarantined as invalid and %s merged as duplicates "+
		"(shares of the rows read; the exact account of every row is the organisation's, in manifest.json and quarantine.csv).",
		r.inputFiles(), share(c.Written), share(c.Suppressed), share(c.Quarantined), share(c.Duplicates)) + prefixed(" ", r.changeSince())
}

// heldAccount stands for the account of the input rows when the tables are held (the previous
// release's again, unchanged, because 1-9 records changed): this run's number of input files
// and its shares of rows told everyone what the hold keeps from them ("from 5 input file(s)"
// where the previous release said 4: the changed records came in a new export; a share crossing
// a band: rows added or removed). The previous release's reports give its own account.
const heldAccount = "The account of the input rows is not given while the tables are held (the tables of the release this one replaces, again): " +
	"the files and rows read since would tell what changed. The exact account of every row is the organisation's, in manifest.json and quarantine.csv."

// held reports whether m's tables are the previous release's again, unchanged (held).
func held(m *release.Manifest) bool { return m.Held() }

func (r *report) held() bool { return held(r.m) }

// heldPublic reports whether the report is for everyone (not the researchers', who hold the
// microdata and the capture histories) and its release's tables are held: what this run's
// records alone decide (the multiple systems estimate, the microdata's generalization) is not
// said then, as the account of the input rows is not (heldEstimate, heldLevels).
func (r *report) heldPublic() bool { return r.held() && r.opt.Audience != "research" }

// heldEstimate stands for the multiple systems estimate under the hold: this run's capture
// histories give it, and a changed record moves it (privacy-side-doors37, zy's Left).
const heldEstimate = "The multiple systems estimate is not given while the tables are held (the tables of the release this one replaces, again): " +
	"an estimate from the records read since would tell what changed. The researchers' report gives it from the capture histories."

// heldLevels stands for the microdata's generalization levels under the hold: this run's
// records choose them, and a changed record can move them (privacy-side-doors37, zy's Left).
const heldLevels = "The generalization of the quasi-identifiers in the k-anonymous case file (cases/) is not given while the tables are held: " +
	"the levels chosen for the records read since would tell what changed. The researchers' report gives them."

// prefixed is s after p, or "" when s is.
func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// inputFiles says how many input files were read, and how many were skipped whole (not
// cases, or unreadable under --keep-going: the manifest's inputs[].skipped says why).
func (r *report) inputFiles() string {
	read, skipped := 0, 0
	for _, in := range r.m.Inputs {
		if in.Skipped != nil {
			skipped++
		} else {
			read++
		}
	}
	s := fmt.Sprintf("%d input file(s)", read)
	if skipped > 0 {
		s += fmt.Sprintf(" (%d more skipped whole: the manifest says why)", skipped)
	}
	return s
}

// stratumName is a stratum of the capture histories as the reports name it: its country's
// name when it is a country code, else itself.
func stratumName(st string) string {
	if c, ok := geo.CountryByCode(st); ok {
		return c.Name
	}
	return st
}
