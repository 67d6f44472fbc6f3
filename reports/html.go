package reports

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/intervals"
)

func htmlAttr(s string) string { return html.EscapeString(s) }

// figure is one key figure: a number (or its suppression label) and the sentence around it.
type figure struct {
	Value    string // the count or share as published
	Sentence string // a plain sentence that includes Value
	Interval string // e.g. "95% CI 41–46%"; empty when none
}

// ctable is a table as the HTML template renders it.
type ctable struct {
	Name, Title, Note, Mechanism string
	Columns                      []string
	Numeric                      []bool
	Rows                         [][]string
	Total                        []bool
}

type chart struct {
	Title string
	SVG   template.HTML
	// Note, when set, says what the chart's bars do not: the provinces whose counts cover
	// fewer years than the others' (lateProvinces).
	Note string
}

type htmlModel struct {
	Title, Tool, Version, Created string
	// Guarded: counts that changed by 1 to Threshold-1 since the previous release are shown
	// as x too (report.secondaryWhy).
	Guarded          bool
	Figures          []figure
	Outcomes         []figure // what happened after rescue (outcome tables)
	OutcomesEarlier  string   // a re-release's pointer to the earlier release (earlierRelease)
	OutcomesNote     string   // the tables they rest on, as report.md names them (outcomesNote)
	Accounting       string
	Charts           []chart
	Maps             []chart
	Tables           []ctable
	Sources          []string
	Threshold, K     int
	QIs              string
	SuppressionLimit string // how many cases could be withheld and were (withheldCases)
	Dropped          string
	Levels           [][3]string
	LevelsHeld       string // heldLevels, in place of Levels
	FigureSources    string // the research report's: which figures come from the tables, which from the case file (sourcesNote)
	Mechanism        string
	NoiseNote        string // "" without noise
	Privacy          [][3]string
	PrivacyExact     bool // the research report's exact measures; bands for everyone
	Hidden           string
	Caveats          []string
	Audience         string
	For              string // whom the audience's report is for, in words
	NotPublished     string // notForPublication, when Options.NotForPublication
	Source           string
	Gaps             *gapsModel
	GapsNote         string
	Counted          string // what a case is: a person, or a record when nothing was linked
}

// unlinkedNote says what a count of cases is when the run had no linkage key.
const unlinkedNote = "Without a linkage key, a person recorded by several organisations counts once per organisation."

// linked reports whether the run linked the organisations' records with a key (a release
// made before the manifest said so is taken as unlinked: the wording is then true either way).
func (r *report) linked() bool { return r.m.Key == "redacted" }

// source is the line under every chart.
func (r *report) source() string {
	s := "Source: anonymized release"
	if len(r.sources) > 0 {
		names := make([]string, len(r.sources))
		for i, n := range r.sources {
			names[i] = n
			if unnamedSource(n) {
				// The run's placeholder, not a name anyone can cite: say so.
				names[i] += ", an organisation the run's config does not name"
			}
		}
		s += " (" + strings.Join(names, "; ") + ")"
	}
	return s + fmt.Sprintf(", %s %s; counts 1–%d shown as <%d.", r.m.Tool, r.m.Version, r.opt.Threshold-1, r.opt.Threshold)
}

// unnamedSource reports whether a source is the pipeline's placeholder for an input whose
// config names no organisation ("input 2": the input's place in the run).
func unnamedSource(s string) bool {
	n, ok := strings.CutPrefix(s, "input ")
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// share returns "p% (95% CI lo–hi%)" for x of n when both are published, and "" otherwise:
// a rate from a withheld count is withheld too. With noise (nx, nn) the interval covers it
// (intervals.WilsonNoisy).
func share(x int64, nx intervals.Noise, n int64, nn intervals.Noise, okx, okn bool) (string, string) {
	if !okx || !okn || n <= 0 || x > n {
		return "", ""
	}
	ci := intervals.WilsonNoisy(int(x), nx, int(n), nn, 0.95)
	return fmt.Sprintf("%.0f%%", 100*ci.Estimate), "95% CI " + pctRange(100*ci.Lower, 100*ci.Upper) + "%"
}

// noVictims is the brief's one figure for a release without victims: it says so, and counts
// the people at risk apart when their table publishes them.
func (r *report) noVictims() figure {
	f := figure{Value: "0", Sentence: "No people identified as victims of trafficking are in this release."}
	i, ok := r.set.byName["at-risk-by-province"]
	if !ok {
		return f
	}
	t := r.set.tables[i]
	last := len(t.Rows) - 1
	if v, pub := t.Value(last, 0); pub && v > 0 {
		f.Sentence += fmt.Sprintf(" %d people at risk of trafficking taken into care are counted apart (table at-risk-by-province), never as victims.", v)
	} else if last >= 0 {
		f.Sentence += " The people at risk of trafficking taken into care are counted apart (table at-risk-by-province), never as victims."
	}
	return f
}

// pctRange formats an interval of percentages as "lo–hi" with the fewest decimals (up to two)
// that keep its ends apart: 82–83, but 6.8–7.5 rather than 7–7, which reads as no
// uncertainty at all.
func pctRange(lo, hi float64) string {
	for d := 0; ; d++ {
		a, b := strconv.FormatFloat(lo, 'f', d, 64), strconv.FormatFloat(hi, 'f', d, 64)
		if a != b || d == 2 {
			return a + "–" + b
		}
	}
}

// figures are the three headline numbers.
func (r *report) figures() []figure {
	th := r.opt.Threshold
	prov := r.table("cases-by-province-and-gender")
	g := len(prov.Rows) - 1
	n, okn := prov.Given(g, 0)
	nNoise := noiseOf(prov, g, 0)
	var out []figure
	nText := prov.Cell(g, 0)
	if _, pub := prov.Value(g, 0); okn && !pub {
		nText = fmt.Sprint(n) // withheld, but its printed women, men and others add up to it
	}
	countries := 0
	for _, row := range prov.Rows {
		if row.Total && row.Labels[1] == "all provinces" && row.Labels[0] != NotRecorded {
			countries++
		}
	}
	// The tables count every kept record (the microdata withholds some for k-anonymity); the
	// organisations are those of the records the tables count.
	by := "recorded by organisations not named in the records"
	if n := len(r.sources); n > 0 {
		by = fmt.Sprintf("recorded by %d organisation%s", n, map[bool]string{true: "", false: "s"}[n == 1])
	}
	where := fmt.Sprintf("in %d countr%s", countries, map[bool]string{true: "y", false: "ies"}[countries == 1])
	if regions := r.regionCount(); regions > 0 && countries == 0 {
		// Places recorded only by their UN region (CTDC's exports): the regions, not "0 countries".
		where = fmt.Sprintf("in %d UN region%s of exploitation (countries not recorded)", regions, map[bool]string{true: "", false: "s"}[regions == 1])
	} else if regions > 0 {
		where += " (some cases only by UN region)"
	} else if countries == 0 {
		where = "(country not recorded)"
	}
	first := figure{Value: nText, Sentence: fmt.Sprintf("%s people were identified as victims of trafficking and %s %s, counted once each.", nText, by, where)}
	if !r.linked() {
		// Nothing linked the organisations' records: a person two of them recorded is two.
		first.Sentence = fmt.Sprintf("%s records of people identified as victims of trafficking, %s %s. %s", nText, by, where, unlinkedNote)
	}
	if okn && n == 0 {
		// A register of people at risk only (a prevention programme): no victim, so no share
		// of children or of forms (0 of 0), and no place.
		return []figure{r.noVictims()}
	}
	if !okn {
		// The total itself is withheld ("x" or "<10"): say so in words, not "x: x records".
		what, why := "people identified as victims of trafficking", r.secondaryWhy()
		if !r.linked() {
			what = "records of " + what
		}
		if nText != SecondaryLabel {
			why = fmt.Sprintf("fewer than %d", th)
			if !nNoise.None() {
				why += " after the added noise"
			}
		}
		// "is withheld so that ...", not "is withheld (withheld so that ...)".
		first = figure{Value: "withheld", Sentence: fmt.Sprintf("The number of %s %s %s is %s.", what, by, where, why)}
		if nText != SecondaryLabel {
			first.Sentence = fmt.Sprintf("The number of %s %s %s is withheld (%s).", what, by, where, why)
		}
	}
	// The count's exact Poisson (Garwood) interval, unless its lower end is itself a small number.
	if ci := intervals.PoissonNoisy(int(n), nNoise, 0.95); okn && ci.Lower >= float64(th) {
		first.Interval = fmt.Sprintf("95%% CI %.0f–%.0f (exact Poisson%s)", ci.Lower, ci.Upper, noiseSuffix(nNoise))
	}
	out = append(out, first)
	// The children's share is over the cases whose age is known; how many are not is said.
	minors, known, mNoise, kNoise, okm := childrenOf(r.table("cases-by-age-and-gender"), n, nNoise, okn)
	if s, ci := share(minors, mNoise, known, kNoise, okm, okm); s != "" {
		sentence := fmt.Sprintf("Children (under 18) were %s of them.", s)
		if unknown := n - known; unknown > 0 {
			sentence = fmt.Sprintf("Children (under 18) were %s of those whose age is known (%s of unknown age not counted).", s, countText(unknown, th))
		}
		out = append(out, figure{Value: s, Sentence: sentence, Interval: ci + " (Wilson" + noiseSuffix(kNoise) + ")"})
	} else if lo, hi, ok := r.childrenRange(n, okn); ok {
		// The share as the range the release's own counts give anyone (attack-2026-12-01d
		// finding 12: after a grown release the guard withholds the minors' change, and the
		// share to the percent would tell it).
		v := fmt.Sprintf("%d–%d%%", lo, hi)
		sentence := fmt.Sprintf("Children (under 18) were between %d%% and %d%% of those whose age is known (the exact share is withheld: %s; this range is what the published counts give anyone).", lo, hi, r.withheldWhy())
		if lo == hi { // "between 100% and 100%" (attack-2026-12-02d, lows)
			v = fmt.Sprintf("about %d%%", lo)
			sentence = fmt.Sprintf("Children (under 18) were about %d%% of those whose age is known (to the percent, as the published counts give anyone; the exact count is withheld: %s).", lo, r.withheldWhy())
		}
		out = append(out, figure{Value: v, Sentence: sentence})
	} else if r.ageless() {
		out = append(out, figure{Value: "not recorded", Sentence: "The share of children cannot be given: no case in this input records an age."})
	} else {
		out = append(out, figure{Value: "withheld", Sentence: "The share of children is withheld: " + r.withheldWhy() + "."})
	}
	// The most common form, as a share of the cases with a form recorded; withheld when a
	// form's count is (it might be the most common) or the denominator is.
	forms := r.table("exploitation-by-age")
	best, bv := -1, int64(-1)
	var bNoise intervals.Noise
	var unrecorded []string // forms no input can record: not candidates, and said so
	var withheld []int      // rows of withheld forms: each might be the most common
	for ri := range forms.Rows {
		v, ok := forms.Value(ri, 0)
		if forms.Rows[ri].State[0] == Unrecorded {
			unrecorded = append(unrecorded, forms.Rows[ri].Labels[0])
			continue
		}
		if !ok {
			withheld = append(withheld, ri)
		}
		if ok && v > bv {
			best, bv, bNoise = ri, v, noiseOf(forms, ri, 0)
		}
	}
	// A withheld form is not the most common when even its largest value is below the
	// largest printed one: a "<10" count is at most threshold-1, and an "x" count at most what
	// the release's own linear program allows (what any reader can work out, so saying it
	// tells nothing new).
	allForms := true
	for _, ri := range withheld {
		hi := math.Inf(1)
		switch {
		case forms.Rows[ri].State[0] == Primary:
			hi = float64(th - 1)
		case r.opt.Bounds != nil:
			if _, h, err := r.opt.Bounds.SumBounds(forms.Name, [][2]int{{ri, 0}}); err == nil {
				hi = h
			}
		}
		allForms = allForms && hi < float64(bv)
	}
	withForm, okForm, noForm, fNoise := r.withForm(n, nNoise, okn)
	if s, ci := share(bv, bNoise, withForm, fNoise, best >= 0 && allForms, okForm); s != "" && bv > 0 {
		sentence := fmt.Sprintf("The most common form of exploitation recorded was %s: %s of cases (a case can have several forms).", forms.Rows[best].Labels[0], s)
		if noForm > 0 {
			sentence = fmt.Sprintf("The most common form of exploitation recorded was %s: %s of the cases with a form recorded (a case can have several forms; %s with no form recorded not counted).", forms.Rows[best].Labels[0], s, countText(noForm, th))
		}
		if len(unrecorded) > 0 {
			list := unrecorded[0]
			if n := len(unrecorded); n > 1 {
				list = strings.Join(unrecorded[:n-1], ", ") + " or " + unrecorded[n-1]
			}
			sentence += fmt.Sprintf(" The input does not record %s.", list)
		}
		out = append(out, figure{Value: s, Sentence: sentence, Interval: ci + " (Wilson" + noiseSuffix(fNoise) + ")"})
	} else if len(forms.Rows) > 0 && len(unrecorded) == len(forms.Rows) {
		// no input records any form: nothing was withheld (attack-2026-12-05b U6)
		out = append(out, figure{Value: "not recorded", Sentence: "The most common form of exploitation cannot be given: no case in this input records a form of exploitation."})
	} else if n > 0 || !okn {
		out = append(out, figure{Value: "withheld", Sentence: "The share of the most common form of exploitation is withheld: " + r.withheldWhy() + "."})
	}
	return out
}

// childrenOf returns, from the age table, the minors and the cases whose majority status is
// known (minors and adults), with their noise, and whether both follow from published counts:
// each group is the sum of its rows when they are all published, else the total n (with noise
// nn) less the other rows.
func childrenOf(age *Table, n int64, nn intervals.Noise, okn bool) (minors, known int64, mNoise, kNoise intervals.Noise, ok bool) {
	sum := func(keep func(string) bool) (int64, intervals.Noise, bool) {
		var s int64
		var noise intervals.Noise
		for ri, row := range age.Rows {
			if row.Total || !keep(row.Labels[0]) {
				continue
			}
			v, ok := age.Value(ri, 0)
			if !ok {
				return 0, intervals.Noise{}, false
			}
			s += v
			noise = noise.Add(noiseOf(age, ri, 0))
		}
		return s, noise, true
	}
	isMinor := func(m string) bool { return m == "minor" }
	isAdult := func(m string) bool { return m == "adult" }
	isOther := func(m string) bool { return m != "minor" && m != "adult" }
	m, mn, okM := sum(isMinor)
	a, an, okA := sum(isAdult)
	o, on, okO := sum(isOther)
	switch {
	case okM && okA:
		return m, m + a, mn, mn.Add(an), true
	case !okn || !okO:
		return 0, 0, mn, mn, false
	case okM:
		return m, n - o, mn, nn.Sub(on), true
	case okA:
		return n - o - a, n - o, nn.Sub(on).Sub(an), nn.Sub(on), true
	}
	return 0, 0, mn, mn, false
}

// childrenRange returns the share of children among the cases whose age is known, in whole
// percent from lo (rounded down) to hi (rounded up), as the release's own linear program
// (Options.Bounds) bounds the minors' sum, when the total n and the cases of unknown age are
// printed and the bounds are finite; ok is false otherwise. When the total itself is withheld
// (after a grown release the guard withholds its change), the share minors / (minors +
// adults) is bounded by the two sums' bounds: it grows with the minors and falls with the
// adults, so it lies between lo/(lo + adults' hi) and hi/(hi + adults' lo).
func (r *report) childrenRange(n int64, okn bool) (lo, hi int, ok bool) {
	i, has := r.set.byName["cases-by-age-and-gender"]
	if r.opt.Bounds == nil || !has {
		return 0, 0, false
	}
	age := r.set.tables[i]
	known := n
	var cells, adults [][2]int
	for ri, row := range age.Rows {
		switch {
		case row.Total:
		case row.Labels[0] == "minor":
			cells = append(cells, [2]int{ri, 0})
		case row.Labels[0] == "adult":
			adults = append(adults, [2]int{ri, 0})
		case okn:
			v, ok := age.Value(ri, 0)
			if !ok {
				return 0, 0, false
			}
			known -= v
		}
	}
	if len(cells) == 0 || age.Epsilon > 0 {
		return 0, 0, false
	}
	l, h, err := r.opt.Bounds.SumBounds(age.Name, cells)
	if err != nil || math.IsInf(h, 1) {
		return 0, 0, false
	}
	if !okn {
		al, ah, err := r.opt.Bounds.SumBounds(age.Name, adults)
		if err != nil || math.IsInf(ah, 1) || l+ah <= 0 || h+al <= 0 {
			return 0, 0, false
		}
		return int(math.Floor(100 * l / (l + ah))), int(math.Ceil(100 * h / (h + al))), true
	}
	if known <= 0 || h > float64(known) {
		return 0, 0, false
	}
	return int(math.Floor(100 * l / float64(known))), int(math.Ceil(100 * h / float64(known))), true
}

// withForm returns the number of cases with a form of exploitation recorded (the forms'
// denominator), whether it is published, the number without one, and the denominator's noise.
// A release without the table cases-by-form-recorded gives all cases (n, with noise nn).
func (r *report) withForm(n int64, nn intervals.Noise, okn bool) (int64, bool, int64, intervals.Noise) {
	i, ok := r.set.byName["cases-by-form-recorded"]
	if !ok {
		return n, okn, 0, nn
	}
	t := r.set.tables[i]
	var yes, no int64
	var yesNoise intervals.Noise
	okYes, okNo := false, false
	for ri, row := range t.Rows {
		switch row.Labels[0] {
		case "yes":
			yes, okYes = t.Value(ri, 0)
			yesNoise = noiseOf(t, ri, 0)
		case "no":
			no, okNo = t.Value(ri, 0)
		}
	}
	if !okNo {
		no = 0
	}
	return yes, okYes, no, yesNoise
}

func (r *report) ctable(t *Table) ctable {
	c := ctable{Name: t.Name, Title: t.Title, Note: t.Note, Mechanism: t.Mechanism}
	if n := r.agelessNote(t); n != "" {
		c.Note = strings.TrimSpace(c.Note + " " + n)
	}
	c.Columns = append(append([]string{}, t.Labels...), t.Counts...)
	for range t.Labels {
		c.Numeric = append(c.Numeric, false)
	}
	for range t.Counts {
		c.Numeric = append(c.Numeric, true)
	}
	for _, f := range t.Figures {
		c.Columns = append(c.Columns, f)
		c.Numeric = append(c.Numeric, true)
	}
	var den int64
	var okDen bool
	var denNoise intervals.Noise
	if t.Name == "exploitation-by-age" {
		prov := r.table("cases-by-province-and-gender")
		n, okn := prov.Value(len(prov.Rows)-1, 0)
		var no int64
		den, okDen, no, denNoise = r.withForm(n, noiseOf(prov, len(prov.Rows)-1, 0), okn)
		head := "share of all cases (95% CI)"
		if no > 0 || !okDen {
			head = "share of the cases with a form recorded (95% CI)"
		}
		c.Columns = append(c.Columns, head)
		c.Numeric = append(c.Numeric, true)
	}
	for ri, row := range t.Rows {
		cells := append([]string{}, row.Labels...)
		for ci := range row.Values {
			cells = append(cells, t.Cell(ri, ci))
		}
		for fi := range t.Figures {
			cells = append(cells, figureCell(row, fi))
		}
		if t.Name == "exploitation-by-age" {
			v, ok := t.Value(ri, 0)
			s, ci := share(v, noiseOf(t, ri, 0), den, denNoise, ok, okDen)
			switch {
			case s == "" && row.State[0] == Unrecorded:
				s = UnrecordedLabel // nothing withheld: the input cannot record the form
			case s == "":
				s = "withheld"
			default:
				s += " (" + strings.TrimPrefix(ci, "95% CI ") + ")"
			}
			cells = append(cells, s)
		}
		c.Rows = append(c.Rows, cells)
		c.Total = append(c.Total, row.Total)
	}
	return c
}

// lateChartNote says which provinces of prov (the cases by province and gender) have counts
// over fewer years than the others', as the brief's list of children does (lateWords): the
// chart of cases by province ranks them by counts over the whole release, Phnom Penh's 89
// cases from October 2024 (and a few older records keyed in) beside other provinces' eleven
// years (attack-2026-12-05a T9). country, when not "", keeps to that country's provinces (a
// per-country map's colours are counts over the release too). "" when none.
func (r *report) lateChartNote(prov *Table, country string) string {
	late := r.lateProvinces()
	var notes []string
	seen := map[string]bool{}
	for _, row := range prov.Rows {
		if row.Total || len(row.Labels) < 2 || seen[row.Labels[1]] || (country != "" && row.Labels[0] != country) {
			continue
		}
		ls, ok := late[row.Labels[1]]
		if !ok {
			continue
		}
		seen[row.Labels[1]] = true
		name := row.Labels[1]
		if p, ok := geo.ProvinceByCode(name); ok {
			name = p.Name
		}
		notes = append(notes, fmt.Sprintf("%s: %s.", name, lateWords(ls, "its count")))
	}
	return strings.Join(notes, " ")
}

// appendChart adds a drawn chart; a chart with nothing to draw ("") is left out.
func appendChart(out []chart, title, svg string) []chart {
	if svg == "" {
		return out
	}
	return append(out, chart{Title: title, SVG: template.HTML(svg)})
}

// charts draws the four charts, leaving out those with nothing to draw.
func (r *report) charts() ([]chart, error) {
	if r.m.Counts.Written == 0 {
		return nil, nil // an empty release has nothing to draw
	}
	th := r.opt.Threshold
	src := r.source()
	var out []chart
	// Bars by province, largest first, coloured by country; by UN region when no case has a
	// country but some have a region (CTDC's exports).
	if c, ok, err := r.regionChart(src); err != nil {
		return nil, err
	} else if ok {
		out = append(out, c)
	}
	prov := r.table("cases-by-province-and-gender")
	var bars []bar
	var country []string
	for ri, row := range prov.Rows {
		if row.Total {
			continue
		}
		label := row.Labels[1]
		if p, ok := geo.ProvinceByCode(label); ok {
			label = p.Name + " (" + row.Labels[0] + ")"
		} else if label == NotRecorded {
			label = row.Labels[0] + ", province not recorded"
		}
		bars = append(bars, cellBar(prov, ri, 0, th, label))
		country = append(country, row.Labels[0])
	}
	idx := make([]int, len(bars))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ga, gb := rankGroup(bars[idx[a]]), rankGroup(bars[idx[b]])
		return ga < gb || ga == gb && bars[idx[a]].value > bars[idx[b]].value
	})
	var sorted []bar
	var sc []string
	for _, i := range idx {
		b := bars[i]
		if b.text == SecondaryLabel {
			b.text = secondaryBarText
		}
		sorted = append(sorted, b)
		sc = append(sc, country[i])
	}
	cidx := map[string]int{}
	for _, c := range sc {
		if _, ok := cidx[c]; !ok {
			cidx[c] = len(cidx)
		}
	}
	title := "Cases by province of exploitation"
	if len(out) == 0 {
		svg, err := hbars(title, "cases (people identified)", sorted, func(i int) color.Color { return okabeIto[[]int{3, 0, 2, 4, 5, 1, 6}[cidx[sc[i]]%7]] }, th, src)
		if err != nil {
			return nil, err
		}
		out = appendChart(out, title, svg)
		if svg != "" {
			out[len(out)-1].Note = r.lateChartNote(prov, "")
		}
	}

	// Trend by year, by gender; by period when some cases are known only by a band of years,
	// as periods never overlap (the year table would leave those cases out). The year's total
	// comes first: complementary suppression can withhold both genders of a year while its
	// total is printed, and the trend must still show every year.
	year := r.table("cases-by-year-and-gender")
	title = "Cases by year of registration and gender"
	if i, ok := r.set.byName["cases-by-period-and-gender"]; ok {
		year, title = r.set.tables[i], "Cases by period of registration and gender"
	}
	var groups []string
	var gb [][]bar
	for ri, row := range year.Rows {
		if row.Total {
			continue
		}
		l := row.Labels[0]
		if l == "*" {
			l = "all years (withheld)"
		}
		groups = append(groups, l)
		gb = append(gb, []bar{cellBar(year, ri, 0, th, "all genders"), cellBar(year, ri, 1, th, "female"), cellBar(year, ri, 2, th, "male"), cellBar(year, ri, 3, th, "other or unknown")})
	}
	svg, err := groupedBars(title, "cases (people identified)", groups, []string{"all genders", "female", "male", "other or unknown"}, []color.Color{colAll, colFemale, colMale, colOther}, gb, th, src)
	if err != nil {
		return nil, err
	}
	out = appendChart(out, title, svg)

	// Age-gender pyramid.
	age := r.table("cases-by-age-and-gender")
	var ages []string
	var fb, mb []bar
	for ri, row := range age.Rows {
		if row.Total {
			continue
		}
		l := row.Labels[1]
		if l == NotRecorded {
			l = row.Labels[0] + ", age not recorded"
		}
		ages = append(ages, l)
		fb = append(fb, cellBar(age, ri, 1, th, l))
		mb = append(mb, cellBar(age, ri, 2, th, l))
	}
	title = "Cases by age group and gender"
	svg, err = pyramid(title, ages, fb, mb, th, src)
	if err != nil {
		return nil, err
	}
	out = appendChart(out, title, svg)

	// Exploitation mix.
	forms := r.table("exploitation-by-age")
	bars = nil
	for ri, row := range forms.Rows {
		bars = append(bars, cellBar(forms, ri, 0, th, row.Labels[0]))
	}
	title = "Forms of exploitation (a case can have several)"
	svg, err = hbars(title, "cases with this form", bars, func(i int) color.Color { return okabeIto[[]int{4, 3, 5, 0, 2}[i%5]] }, th, src)
	if err != nil {
		return nil, err
	}
	out = appendChart(out, title, svg)
	return out, nil
}

// regionCount is the number of UN regions of exploitation with cases, from the region table
// (present when some place is known only by its region); 0 without it.
func (r *report) regionCount() int {
	i, ok := r.set.byName["cases-by-region-and-gender"]
	if !ok {
		return 0
	}
	n := 0
	for _, row := range r.set.tables[i].Rows {
		if !row.Total && row.Labels[0] != NotRecorded {
			n++
		}
	}
	return n
}

// regionChart draws cases by UN region of exploitation, largest first, when no case has a
// country of exploitation and the region table has regions; ok is false otherwise.
func (r *report) regionChart(src string) (chart, bool, error) {
	i, ok := r.set.byName["cases-by-region-and-gender"]
	if !ok || r.regionCount() == 0 {
		return chart{}, false, nil
	}
	for _, row := range r.table("cases-by-province-and-gender").Rows {
		if !row.Total && row.Labels[0] != NotRecorded {
			return chart{}, false, nil
		}
	}
	t := r.set.tables[i]
	var bars []bar
	for ri, row := range t.Rows {
		if row.Total {
			continue
		}
		l := row.Labels[0]
		if l == NotRecorded {
			l = "region not recorded"
		}
		bars = append(bars, cellBar(t, ri, 0, r.opt.Threshold, l))
	}
	sort.SliceStable(bars, func(a, b int) bool { return bars[a].value > bars[b].value })
	title := "Cases by UN region of exploitation"
	svg, err := hbars(title, "cases (people identified)", bars, func(i int) color.Color { return okabeIto[i%7] }, r.opt.Threshold, src)
	if err != nil {
		return chart{}, false, err
	}
	if svg == "" {
		return chart{}, false, nil
	}
	return chart{Title: title, SVG: template.HTML(svg)}, true, nil
}

// Sequential blues (light to dark), readable by colour-blind readers (one hue, varying
// lightness).
var blues = []string{"#deebf7", "#9ecae1", "#4292c6", "#08519c"}

// maps draws, for each country with cases by province, a choropleth of its first-level
// subdivisions coloured by the published (protected) count of cases exploited there.
func (r *report) maps() ([]chart, error) {
	if r.m.Counts.Written == 0 {
		return nil, nil
	}
	th := r.opt.Threshold
	prov := r.table("cases-by-province-and-gender")
	var out []chart
	for ri, row := range prov.Rows {
		if !row.Total || row.Labels[1] != "all provinces" {
			continue
		}
		cc := row.Labels[0]
		cells := map[string]mapCell{}
		for rj := ri + 1; rj < len(prov.Rows) && !prov.Rows[rj].Total; rj++ {
			v, ok := prov.Value(rj, 0)
			cells[prov.Rows[rj].Labels[1]] = mapCell{Count: v, Withheld: !ok, Secondary: !ok && prov.Cell(rj, 0) == SecondaryLabel, Noisy: !noiseOf(prov, rj, 0).None()}
		}
		c, _ := geo.CountryByCode(cc)
		source := fmt.Sprintf("Source: anonymized release, %s %s; counts 1–%d withheld.", r.m.Tool, r.m.Version, th-1)
		svg, unplaced, ok, err := choropleth(cc, c.Name, cells, th, source)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		title := fmt.Sprintf("%s: cases by province of exploitation", c.Name)
		if unplaced > 0 {
			title += fmt.Sprintf(" (%d cases in provinces the map cannot draw are in the table)", unplaced)
		}
		// Its colours are counts over the release: a province whose registrations begin late
		// is paler than its cases a year would make it (the chart's and the brief's words).
		out = append(out, chart{Title: title, SVG: svg, Note: r.lateChartNote(prov, cc)})
	}
	return out, nil
}

func (r *report) model() (*htmlModel, error) {
	p := r.m.Privacy
	m := &htmlModel{Title: "Prevalence report", Tool: r.m.Tool, Version: r.m.Version, Threshold: r.opt.Threshold, K: p.K,
		QIs: strings.Join(p.QuasiIdentifiers, ", "), SuppressionLimit: withheldCases(r.m, r.opt.Threshold),
		Dropped: strings.Join(p.DroppedIdentifiers, ", "), Sources: r.sources, Audience: r.opt.Audience, Source: r.source(),
		For: map[string]string{"programme": "programme leads: where places are most needed and the provinces first", "research": "researchers: the methods and the privacy account before the tables"}[r.opt.Audience]}
	if !r.m.CreatedAt.IsZero() {
		m.Created = r.m.CreatedAt.Format("2 January 2006")
	}
	m.Guarded = r.m.Tables != nil && r.m.Tables.Guarded > 0
	m.NotPublished = r.notPublishedLine()
	m.Figures = r.figures()
	m.Counted = "Cases: people identified as victims of trafficking and recorded by the organisations, after duplicates within and across organisations were merged."
	if !r.linked() {
		m.Counted = "Cases: records of people identified as victims of trafficking, after duplicates within each organisation were merged. " + unlinkedNote
	}
	m.Outcomes = r.outcomeFigures()
	m.OutcomesEarlier = r.earlierRelease(m.Outcomes...)
	m.OutcomesNote = r.outcomesNote()
	m.Accounting = r.accounting()
	if r.heldPublic() {
		m.LevelsHeld = heldLevels
		p.Levels = nil
	}
	for _, l := range p.Levels {
		as := l.Name
		if !l.Protected {
			as += " (not protected)"
		}
		m.Levels = append(m.Levels, [3]string{l.QuasiIdentifier, strings.Join(l.Columns, ", "), as})
	}
	if r.opt.Audience == "" || r.opt.Audience == "research" {
		m.FigureSources = r.sourcesNote()
	}
	var err error
	if m.Charts, err = r.charts(); err != nil {
		return nil, err
	}
	if m.Maps, err = r.maps(); err != nil {
		return nil, err
	}
	tables := r.published()
	if r.opt.Audience == "programme" {
		// Programme leads plan by place: the province table first.
		sort.SliceStable(tables, func(a, b int) bool {
			return strings.Contains(tables[a].Name, "province") && !strings.Contains(tables[b].Name, "province")
		})
	}
	for _, t := range tables {
		m.Tables = append(m.Tables, r.ctable(t))
	}
	if r.opt.Audience == "programme" {
		m.Gaps = r.gapsModel()
		m.GapsNote = r.gapsSentence(m.Gaps)
	}
	m.Mechanism = r.table("cases-by-province-and-gender").Mechanism
	m.NoiseNote = r.noiseNote()
	if !r.heldPublic() { // this run's records' risks, in bands, would tell what changed too
		m.Privacy = privacyAccount(r.privacy, r.opt.Audience == "research", max(r.opt.Threshold, r.m.Privacy.SmallCellThreshold))
	}
	m.PrivacyExact = r.opt.Audience == "research"
	m.Hidden = r.mseSentence()
	m.Caveats = r.caveats()
	return m, nil
}

// noiseNote says that noise was added to the counts and how the intervals cover it ("" without
// noise).
func (r *report) noiseNote() string {
	eps := r.epsilon()
	if eps <= 0 {
		return ""
	}
	total := ""
	if r.m.Tables != nil && r.m.Tables.EpsilonTotal > 0 {
		total = fmt.Sprintf(" (ε = %s for all the tables together, by sequential composition)", strconv.FormatFloat(r.m.Tables.EpsilonTotal, 'g', 4, 64))
		if t := r.m.Tables; t.EpsilonReleases > t.EpsilonTotal {
			total = fmt.Sprintf(" (ε = %s for all the tables together, and at most %s with the earlier releases this one replaced, by sequential composition)",
				strconv.FormatFloat(t.EpsilonTotal, 'g', 4, 64), strconv.FormatFloat(t.EpsilonReleases, 'g', 4, 64))
		}
	}
	return fmt.Sprintf("Random noise was added to every count (differential privacy: discrete Laplace noise, ε = %s per count%s), so a count may differ from the number recorded by a few cases, and a total by more. "+
		"Every interval is widened to cover the noise as well as chance variation: with half of the 5%% error rate spent on each, the interval is that of the count moved down and up by the most the noise can move it 97.5%% of the time.",
		strconv.FormatFloat(eps, 'g', -1, 64), total)
}

func (r *report) caveats() []string {
	if n := r.noiseNote(); n != "" {
		return append(r.plainCaveats(), n)
	}
	return r.plainCaveats()
}

func (r *report) plainCaveats() []string {
	return []string{
		"These are people identified and recorded by the organisations behind this release, not an estimate of everyone trafficked: many victims are never identified.",
		"Organisations differ in whom they reach and how they record cases; differences between places or years may reflect that rather than trafficking.",
		fmt.Sprintf("To protect people, counts from 1 to %d are shown as <%d, some other counts are withheld (%s), and details such as age or year may be released in broad groups.", r.opt.Threshold-1, r.opt.Threshold, SecondaryLabel),
		"A case can involve several forms of exploitation, so the forms do not add up to the number of cases.",
	}
}

const css = `
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:1100px;margin:0 auto;padding:24px;line-height:1.45}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:36px}
h3{font-size:16px;margin:22px 0 6px}
.meta{color:#555;margin:0 0 16px}
.figures{display:flex;gap:16px;flex-wrap:wrap}
.figure{flex:1 1 280px;border:1px solid #cfd8e3;border-left:6px solid #0072B2;border-radius:6px;padding:12px 16px;background:#f5f9fc}
.figure .v{font-size:34px;font-weight:bold;color:#0072B2}
.figure .ci{color:#555;font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:18px}
figure{margin:0;break-inside:avoid;page-break-inside:avoid}
svg.chart,svg.map{max-width:100%;height:auto;background:#fff}
svg.map path:hover{stroke:#000;stroke-width:1.5}svg.map text.legend{font-size:11px}svg.map text.source{font-size:10px;fill:#555}
table{border-collapse:collapse;margin:6px 0;font-size:13px;break-inside:auto}
th,td{border:1px solid #cfd8e3;padding:3px 8px;text-align:left}
th{background:#e8f0f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:bold;background:#f5f9fc}
tr{break-inside:avoid;page-break-inside:avoid}
.note,.mech{color:#444;font-size:13px;margin:4px 0}
.mech{font-style:italic}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:bold}dd{margin:0}
.source{color:#555;font-size:12px}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid;page-break-after:avoid}.charts{display:block}figure{margin-bottom:12px}}
`

var reportTmpl = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>` + css + `</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">Anonymized release produced by {{.Tool}} {{.Version}}{{with .Created}} on {{.}}{{end}}.{{with .For}} Prepared for {{.}}.{{end}}</p>
{{with .NotPublished}}<p class="meta"><strong>{{.}}</strong></p>
{{end}}</header>
{{if eq .Audience "programme"}}{{template "gaps" .}}{{template "maps" .}}{{template "figures" .}}{{template "outcomes" .}}{{template "tables" .}}{{template "charts" .}}{{template "hidden" .}}{{template "methods" .}}
{{else if eq .Audience "research"}}{{template "figures" .}}{{template "outcomes" .}}{{template "methods" .}}{{template "tables" .}}{{template "charts" .}}{{template "maps" .}}{{template "hidden" .}}
{{else}}{{template "figures" .}}{{template "outcomes" .}}{{template "charts" .}}{{template "maps" .}}{{template "tables" .}}{{template "hidden" .}}{{template "methods" .}}{{end}}
<footer><p class="source">{{.Source}}</p></footer>
</body>
</html>
{{define "gaps"}}<section id="centre-gaps">
<h2>Where places are most needed</h2>
{{with .Gaps}}<p class="note">{{$.GapsNote}}</p>
{{if .Table.Rows}}<table class="counts gaps">
<thead><tr>{{$t := .Table}}{{range $i, $c := .Table.Columns}}<th{{if index $t.Numeric $i}} class="num"{{end}} scope="col">{{$c}}</th>{{end}}</tr></thead>
<tbody>
{{range .Table.Rows}}<tr>{{range $ci, $c := .}}<td{{if index $t.Numeric $ci}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>{{end}}
{{with .TrendNotes}}<p class="note">Where the trend column says why there is none: {{range $i, $n := .}}{{if $i}} {{end}}{{$n}}{{end}}</p>{{end}}
{{else}}<p class="note">No centres were given, so the provinces cannot be ranked by unmet need. Name the existing centres in the run's config (<code>centres: centres.csv</code>, a CSV of name, province, capacity, ages and genders, or a list of them), or render this report with them: <code>prevalence report DIR --for programme --centres centres.csv</code>.</p>{{end}}
</section>{{end}}
{{define "outcomes"}}{{if .Outcomes}}<section id="outcomes">
<h2>What happened after rescue</h2>
<div class="figures">
{{range .Outcomes}}<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>
{{end}}</div>
{{with .OutcomesEarlier}}<p class="note">{{.}}</p>
{{end}}<p class="note">{{.OutcomesNote}}</p>
</section>{{end}}{{end}}
{{define "figures"}}<section id="key-figures">
<h2>Key figures</h2>
<div class="figures">
{{range .Figures}}<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>
{{end}}</div>
<p>{{.Accounting}}</p>
</section>{{end}}
{{define "charts"}}<section id="charts">
<h2>Charts</h2>
<div class="charts">
{{range .Charts}}<figure>{{.SVG}}{{with .Note}}<figcaption class="note">{{.}}</figcaption>{{end}}<figcaption class="source">{{$.Source}}</figcaption></figure>
{{end}}</div>
</section>{{end}}
{{define "maps"}}{{if .Maps}}<section id="maps">
<h2>Provinces</h2>
<p class="note">Each province is coloured by the number of cases exploited there, from the protected tables. Hatched: fewer than {{.Threshold}} cases, withheld. Dotted: withheld so that another count{{if .Guarded}}, or a change of fewer than {{.Threshold}} since the previous release,{{end}} cannot be worked out from the totals; it may hold any number, large ones too. Pale grey: no case recorded there, which does not mean that no one was trafficked there.</p>
{{range .Maps}}<figure>{{.SVG}}{{with .Note}}<figcaption class="note">{{.}}</figcaption>{{end}}</figure>
{{end}}</section>{{end}}{{end}}
{{define "tables"}}<section id="tables">
<h2>Tables</h2>
{{range .Tables}}<h3 id="{{.Name}}">{{.Title}}</h3>
{{with .Note}}<p class="note">{{.}}</p>{{end}}
<table class="counts">
<thead><tr>{{$t := .}}{{range $i, $c := .Columns}}<th{{if index $t.Numeric $i}} class="num"{{end}} scope="col">{{$c}}</th>{{end}}</tr></thead>
<tbody>
{{$t := .}}{{range $ri, $row := .Rows}}<tr{{if index $t.Total $ri}} class="total"{{end}}>{{range $ci, $c := $row}}<td{{if index $t.Numeric $ci}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<p class="mech">Protection: {{.Mechanism}}</p>
{{end}}</section>{{end}}
{{define "hidden"}}{{with .Hidden}}<section id="hidden">
<h2>Hidden numbers</h2>
<p>{{.}}</p>
</section>{{end}}{{end}}
{{define "methods"}}<section id="methodology">
<h2>Methodology</h2>
<dl>
<dt>Sources</dt><dd>{{range $i, $s := .Sources}}{{if $i}}; {{end}}{{$s}}{{else}}not recorded{{end}}</dd>
<dt>What is counted</dt><dd>{{.Counted}}</dd>
<dt>k-anonymity</dt><dd>k = {{.K}}: every released case shares its {{.QIs}} with at least k-1 others.</dd>
<dt>Withheld cases</dt><dd>{{.SuppressionLimit}}</dd>
<dt>Identifiers removed</dt><dd>{{.Dropped}}</dd>{{with .FigureSources}}
<dt>Where the figures come from</dt><dd>{{.}}</dd>{{end}}
<dt>Small counts</dt><dd>threshold {{.Threshold}}: counts from 1 to threshold-1 are shown as &lt;{{.Threshold}} (primary suppression).</dd>
<dt>Complementary suppression</dt><dd>where a table has totals, or a count can be derived from another table, further counts are shown as x, inner counts before totals and the smallest first, until an exact audit by linear programming (every total and relation between tables, and the previous release's tables) places no withheld count within its protection range.{{if .Guarded}} Counts that changed by 1 to {{.Threshold}}-1 since the previous release are shown as x too, so that the release and the previous one together do not tell what happened to a few people; which x is which is not said, since that too would tell the size of the change.{{end}}</dd>
<dt>Intervals</dt><dd>shares of cases carry a 95% Wilson score interval; a share computed from a withheld count is withheld.{{with .NoiseNote}} {{.}}{{end}}</dd>
<dt>Protection of counts</dt><dd>{{.Mechanism}}</dd>
</dl>
<h3>Generalization of quasi-identifiers</h3>
{{with .LevelsHeld}}<p class="note">{{.}}</p>{{else}}<table class="levels"><thead><tr><th scope="col">quasi-identifier</th><th scope="col">columns</th><th scope="col">released as</th></tr></thead>
<tbody>{{range .Levels}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td><td>{{index . 2}}</td></tr>{{end}}</tbody></table>{{end}}
{{if .Privacy}}<h3>Risk before and after</h3>
<table class="privacy"><thead><tr><th scope="col">measure</th><th scope="col">before</th><th scope="col">after</th></tr></thead>
<tbody>{{range .Privacy}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td><td>{{index . 2}}</td></tr>{{end}}</tbody></table>
<p class="note">Prosecutor risk: the chance that someone who knows a person is in the release, and knows their {{.QIs}}, picks out their record.{{if .PrivacyExact}} Journalist risk: the same without knowing that the person is in it.{{else}} Said here in bands against k: exact shares and group sizes, with the published totals, would give back how many records were withheld; they are in the research report.{{end}} The full account, with every group size, the exact counts and the search, is in privacy.json, which is the organisation's: its exact counts could give back a total the tables withhold.</p>{{end}}
<h3>Caveats</h3>
<ul>{{range .Caveats}}<li>{{.}}</li>{{end}}</ul>
</section>{{end}}`))

func (r *report) html() ([]byte, error) {
	m, err := r.model()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := reportTmpl.Execute(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var briefTmpl = template.Must(template.New("brief").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brief: people identified as victims of trafficking</title>
<style>` + css + `body{max-width:800px}</style>
</head>
<body>
<h1>People identified as victims of trafficking</h1>
<p class="meta">A two-page brief from an anonymized release ({{.Tool}} {{.Version}}{{with .Created}}, {{.}}{{end}}).</p>
{{with .NotPublished}}<p class="meta"><strong>{{.}}</strong></p>
{{end}}<section id="key-figures">
{{range .Figures}}<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>
{{end}}{{with .Previous}}<p class="note">{{.}}</p>
{{end}}{{with .Change}}<p class="note">{{.}}</p>
{{end}}</section>
{{if or .Outcome .Stay .Retrafficking}}<h2>After rescue</h2>{{end}}
{{with .Outcome}}<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>{{end}}
{{with .Stay}}<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>{{end}}
{{with .Retrafficking}}<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>{{end}}
{{with .RescueEarlier}}<p class="note">{{.}}</p>{{end}}
{{with .Trend}}<h2>The trend</h2>
<div class="figure"><div class="v">{{.Value}}</div><p>{{.Sentence}}</p>{{with .Interval}}<div class="ci">{{.}}</div>{{end}}</div>{{end}}
{{if .ChildLines}}<h2>Boys and girls by province</h2>
{{with .Children}}<figure>{{.SVG}}<figcaption class="source">{{$.Source}}</figcaption></figure>{{end}}
<ul>{{range .ChildLines}}{{if not .Apart}}<li><b>{{.Place}}</b>: {{.Boys}}; {{.Girls}}.</li>{{end}}{{end}}</ul>
{{with .More}}<p>{{.}}</p>
{{end}}{{with .ApartLines}}<p>{{$.ApartNote}} {{range $i, $l := .}}{{if $i}}; {{end}}in <b>{{$l.Place}}</b>, {{$l.Boys}} and {{$l.Girls}}{{end}}.</p>
{{end}}<p class="note">These are children identified and recorded by the organisations behind this release, not every child trafficked there: a province with more cases may have more organisations looking, and one with none may have no one looking.</p>{{else}}{{with .NoChildren}}<h2>Boys and girls by province</h2>
<p>{{.}}</p>{{end}}{{end}}
{{if .Charts}}{{with index .Charts 0}}<figure>{{.SVG}}<figcaption class="source">{{$.Source}}</figcaption></figure>{{end}}{{end}}
<h2>Caveats</h2>
<ul>{{range .Caveats}}<li>{{.}}</li>{{end}}</ul>
<p class="source">{{.Source}}</p>
</body>
</html>
`))

// briefModel is what the brief shows besides the report's figures.
type briefModel struct {
	*htmlModel
	Trend      *figure
	Outcome    *figure // the headline outcome: reintegrated within 12 months
	Children   *chart
	ChildLines []childLine
	NoChildren string // why there is no figure of boys and girls by province, when none
	ApartNote  string // the words before a line of children whose province is not recorded
	More       string // that the list holds the provinces with the most children only (briefMore)
	Previous   string // where a re-release's withheld figures still stand (previousNote)
	Change     string // what merged, corrected or removed records since the replaced release (changeSince)

	// Retrafficking is re-trafficking within 24 months of reintegration, confirmed and with
	// returns to care (retraffickingFigure).
	Retrafficking *figure
	Stay          *figure // still in care 12 months after admission, or its range (stayFigure)
	RescueEarlier string  // a re-release's pointer to the earlier release (earlierRelease)
}

// listedPlaces counts the provinces of the brief's list (not the lines apart).
func listedPlaces(lines []childLine) int {
	n := 0
	for _, l := range lines {
		if !l.Apart {
			n++
		}
	}
	return n
}

// ApartLines are the lines of children whose province is not recorded, said after the list in
// one sentence (apartNote once, then each country's boys and girls, "; " between countries).
func (m *briefModel) ApartLines() []childLine { return apartLines(m.ChildLines) }

// apartLines returns the lines marked Apart.
func apartLines(lines []childLine) []childLine {
	var out []childLine
	for _, l := range lines {
		if l.Apart {
			out = append(out, l)
		}
	}
	return out
}

// previousNote says, when the release replaces an earlier one and withholds a key figure or
// the trend (the differencing guard withheld counts that moved by fewer than the threshold,
// manifest tables.guarded_counts), that the previous release's brief still gives them as of
// its date: a monthly re-release's brief had no number of its own above the province list
// (issue-16-shares8.md, the advocate's read). "" otherwise.
func (r *report) previousNote() string {
	if t := r.m.Tables; t == nil || t.Guarded == 0 {
		return ""
	}
	fs := r.figures()
	if f, ok := r.trend(); ok {
		fs = append(fs, f)
	}
	// Re-trafficking and reintegration too: a month's release gave them, the next withheld
	// them (attack-2026-12-02e, 12-02f finding 2).
	if f, ok := r.retraffickingFigure(); ok {
		fs = append(fs, f)
	}
	if f, ok := r.reintegrationFigure(); ok {
		fs = append(fs, f)
	}
	for _, f := range fs {
		if f.Value == "withheld" {
			return fmt.Sprintf("This release replaces an earlier one, and a figure it withholds may be withheld only so that a change of fewer than %d since then cannot be worked out: the earlier release's brief still gives it, %s. For figures every month, release the tables for everyone once a quarter or once a year, and the microdata monthly (README, repeated releases).", r.opt.Threshold, r.previousWhen())
		}
	}
	return ""
}

// previousWhen is the earlier release's date (manifest replaced: its as_of, else the day it
// was made) as "as of 1 January 2026", when the manifest records it (releases from before it
// did not).
func (r *report) previousWhen() string {
	when := "as of that release's date"
	if p := r.m.Replaced; p != nil {
		day := p.AsOf
		if d, err := time.Parse(time.DateOnly, day); err == nil {
			day = d.Format("2 January 2006")
		} else if !p.CreatedAt.IsZero() {
			day = p.CreatedAt.UTC().Format("2 January 2006")
		}
		if day != "" {
			when = "as of " + day
		}
	}
	return when
}

// apartNote introduces the children whose province is not recorded, after the provinces: once,
// not once per country (synth 3,000 said it three times in a row).
const apartNote = "Children whose province of exploitation is not recorded are not in the list above:"

func (r *report) briefModel() (*briefModel, error) {
	m, err := r.model()
	if err != nil {
		return nil, err
	}
	bm := &briefModel{htmlModel: m, ApartNote: apartNote}
	if f, ok := r.trend(); ok {
		bm.Trend = &f
	}
	if f, ok := r.reintegrationFigure(); ok {
		bm.Outcome = &f
	}
	var rescue []figure
	if f, ok := r.reintegrationFigure(); ok {
		rescue = append(rescue, f)
	}
	if f, ok := r.stayFigure(); ok {
		bm.Stay = &f
		rescue = append(rescue, f)
	}
	if f, ok := r.retraffickingFigure(); ok {
		bm.Retrafficking = &f
		rescue = append(rescue, f)
	}
	bm.RescueEarlier = r.earlierRelease(rescue...)
	bm.Previous = r.previousNote()
	bm.Change = r.changeSince()
	c, lines, ok, err := r.childrenByProvince()
	if err != nil {
		return nil, err
	}
	if ok {
		bm.ChildLines = lines
		bm.More = r.briefMore(listedPlaces(lines))
		if c.SVG != "" {
			bm.Children = &c
		}
	} else {
		bm.NoChildren = r.noChildrenByProvince()
	}
	return bm, nil
}

func (r *report) briefHTML() ([]byte, error) {
	m, err := r.briefModel()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := briefTmpl.Execute(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (r *report) briefMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# People identified as victims of trafficking\n\n")
	fmt.Fprintf(&b, "A two-page brief from an anonymized release (%s %s).\n\n", r.m.Tool, r.m.Version)
	if l := r.notPublishedLine(); l != "" {
		b.WriteString("**" + l + "**\n\n")
	}
	b.WriteString("## Three numbers\n\n")
	for _, f := range r.figures() {
		fmt.Fprintf(&b, "- **%s**: %s", f.Value, f.Sentence)
		if f.Interval != "" {
			fmt.Fprintf(&b, " %s.", f.Interval)
		}
		b.WriteString("\n")
	}
	if p := r.previousNote(); p != "" {
		b.WriteString("\n" + p + "\n")
	}
	if c := r.changeSince(); c != "" {
		b.WriteString("\n" + c + "\n")
	}
	// A figure's line: its interval, when it has one, after the sentence (never ". ."), as a
	// sentence of its own: the trend's "rate ratio 1.12, ..." read "rose or fell. rate ratio"
	// (brief.html sets it apart in a box of its own, shares30).
	line := func(f figure) string {
		if f.Interval == "" {
			return fmt.Sprintf("**%s**: %s\n", f.Value, f.Sentence)
		}
		return fmt.Sprintf("**%s**: %s %s.\n", f.Value, f.Sentence, capitalised(f.Interval))
	}
	var rescue []figure
	if f, ok := r.reintegrationFigure(); ok {
		rescue = append(rescue, f)
	}
	if f, ok := r.stayFigure(); ok {
		rescue = append(rescue, f)
	}
	if f, ok := r.retraffickingFigure(); ok {
		rescue = append(rescue, f)
	}
	for i, f := range rescue {
		if i == 0 {
			b.WriteString("\n## After rescue\n\n")
		} else {
			b.WriteString("\n")
		}
		b.WriteString(line(f))
	}
	if e := r.earlierRelease(rescue...); e != "" {
		b.WriteString("\n" + e + "\n")
	}
	if f, ok := r.trend(); ok {
		b.WriteString("\n## The trend\n\n" + line(f))
	}
	if _, lines, ok, err := r.childrenByProvince(); err == nil && ok {
		b.WriteString("\n## Boys and girls by province\n\n")
		for _, l := range lines {
			if !l.Apart {
				fmt.Fprintf(&b, "- **%s**: %s; %s.\n", analysis.EscapeMarkdown(l.Place), l.Boys, l.Girls)
			}
		}
		if more := r.briefMore(listedPlaces(lines)); more != "" {
			b.WriteString("\n" + more + "\n")
		}
		if apart := apartLines(lines); len(apart) > 0 {
			var each []string
			for _, l := range apart {
				each = append(each, fmt.Sprintf("in **%s**, %s and %s", analysis.EscapeMarkdown(l.Place), l.Boys, l.Girls))
			}
			fmt.Fprintf(&b, "\n%s %s.\n", apartNote, strings.Join(each, "; "))
		}
		b.WriteString("\nThese are children identified and recorded by the organisations behind this release, not every child trafficked there: a province with more cases may have more organisations looking, and one with none may have no one looking.\n")
	} else if why := r.noChildrenByProvince(); err == nil && why != "" {
		b.WriteString("\n## Boys and girls by province\n\n" + why + "\n")
	}
	b.WriteString("\nThe charts are in brief.html and report.html.\n\n## Caveats\n\n")
	for _, c := range r.caveats() {
		fmt.Fprintf(&b, "- %s\n", c)
	}
	fmt.Fprintf(&b, "\n%s\n", analysis.EscapeMarkdown(r.source())) // organisations' names are text from configs
	return b.Bytes()
}

// countText is a count for a sentence: "<threshold" when small.
func countText(v int64, threshold int) string {
	if v > 0 && v < int64(threshold) {
		return fmt.Sprintf("<%d", threshold)
	}
	return strconv.FormatInt(v, 10)
}

// capitalised returns s with its first letter upper case (a sentence of its own).
func capitalised(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
