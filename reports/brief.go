package reports

import (
	"context"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/intervals"
)

// briefTop is how many provinces the brief's children figure shows.
const briefTop = 8

// childLine is one province of the brief's children figure, in words. Apart marks the cases
// of a country whose province is not recorded: said after the provinces, never among them.
type childLine struct {
	Place, Boys, Girls string
	Apart              bool
}

// childrenByProvince is the brief's figure for advocates: boys and girls (under 18) by
// province of exploitation, from the protected tables boys-by-province and girls-by-province,
// the briefTop provinces with the most published cases, each published count with its exact
// Poisson (Garwood) 95% interval. A province is ranked by what is published of it (briefGroup):
// Herat's 247 boys rank it whether or not its girls are withheld to protect another count ("x",
// its line says so), its place then a lower bound; provinces with nothing published but an "x"
// come after those with a published count, never among the small ones. Cases whose
// province is not recorded are neither drawn nor listed among the provinces: they follow them
// as lines marked Apart. ok is false when no province has a published count or an "x"; c is
// empty when no bar has a number.
func (r *report) childrenByProvince() (c chart, lines []childLine, ok bool, err error) {
	bi, okb := r.set.byName["boys-by-province"]
	gi, okg := r.set.byName["girls-by-province"]
	if !okb || !okg || r.m.Counts.Written == 0 {
		return chart{}, nil, false, nil
	}
	boys, girls := r.set.tables[bi], r.set.tables[gi]
	th := r.opt.Threshold
	type place struct {
		key, name  string
		code       string // the province's code
		b, g       bar
		bRow, gRow int
		// least and most bound the boys and girls together when a count is withheld
		// ("x"): what the published counts allow (leastOf), most +Inf when unbounded.
		least, most float64
		// rank is what the province is ranked by: least, but a withheld count ("x") that an
		// earlier release of the series printed is counted at that value when the centre gaps
		// would count its group so (analysis.CarriedFits: it lies within the bounds the
		// published counts give, or they bound it too widely), kept within them (carried
		// lists them, "140 boys").
		rank    float64
		carried []string
		// byLeast: a withheld count of it is ranked by its least (not by a value printed before).
		byLeast bool
		// byMid: a withheld count of it is ranked by the midpoint of its interval.
		byMid bool
		// bySmall: a count of it shown as small ("<10") is ranked at the middle of 1-9.
		bySmall bool
	}
	places := map[string]*place{}
	var order []string
	add := func(t *Table, isBoys bool) {
		for ri, row := range t.Rows {
			if row.Total || len(row.Labels) < 2 {
				continue
			}
			key := row.Labels[0] + "/" + row.Labels[1]
			p := places[key]
			if p == nil {
				name := row.Labels[1]
				if pr, ok := geo.ProvinceByCode(name); ok {
					name = pr.Name
				} else if name == NotRecorded {
					name = "province not recorded"
				}
				if c, ok := geo.CountryByCode(row.Labels[0]); ok {
					name += ", " + c.Name
				}
				if row.Labels[1] == NotRecorded { // a line apart: "in Afghanistan, 36 boys"
					name = "a country not recorded"
					if c, ok := geo.CountryByCode(row.Labels[0]); ok {
						name = c.Name
					}
				}
				p = &place{key: key, code: row.Labels[1], name: name, bRow: -1, gRow: -1}
				p.b, p.g = bar{label: name, text: "0"}, bar{label: name, text: "0"}
				places[key] = p
				order = append(order, key)
			}
			if isBoys {
				p.b, p.bRow = cellBar(t, ri, 0, th, p.name), ri
			} else {
				p.g, p.gRow = cellBar(t, ri, 0, th, p.name), ri
			}
		}
	}
	add(boys, true)
	add(girls, false)
	if len(order) == 1 && order[0] == NotRecorded+"/"+NotRecorded {
		return chart{}, nil, false, nil // no place recorded: nothing by province to show
	}
	bLeast, gLeast := map[string]float64{}, map[string]float64{}
	bMost, gMost := map[string]float64{}, map[string]float64{}
	for _, k := range order {
		p := places[k]
		p.least, p.most = p.b.value+p.g.value, p.b.value+p.g.value
		p.rank = p.least
		for _, w := range []struct {
			b     bar
			t     *Table
			row   int
			least map[string]float64
			most  map[string]float64
			who   string
		}{{p.b, boys, p.bRow, bLeast, bMost, "boys"}, {p.g, girls, p.gRow, gLeast, gMost, "girls"}} {
			switch {
			case w.b.text == SecondaryLabel && w.row >= 0:
				lo, hi := r.leastOf(w.t, w.row)
				p.least += lo
				p.most += hi
				w.least[k], w.most[k] = lo, hi
				// West Bengal's 470 girls and 141 boys, withheld by the guard and bounded
				// only far below, ranked it by that least and left the largest province out
				// of the update's eight, where July printed 469 and 140 (attack-2026-12-03g,
				// lows). One rule with the centre gaps' (analysis carriedFits): Paktika's 133
				// boys printed in July, placed at 126-348 now, count 133, not the least 126
				// (attack-2026-12-04a, coordinator's note on 7b).
				v := lo
				// Kept within the bounds, and never a number 1-9 (a bound under the threshold).
				if last, ok := r.lastPrinted(w.t, w.row, 0); ok && analysis.CarriedFits(float64(last), lo, hi) && min(max(float64(last), lo), hi) >= float64(max(th, 1)) {
					v = min(max(float64(last), lo), hi)
					p.carried = append(p.carried, fmt.Sprintf("%.0f %s", v, w.who))
				} else if lo >= float64(max(th, 1)) && !math.IsInf(hi, 1) && hi >= lo && !analysis.TooWide(lo, hi) {
					// The midpoint of its interval, as the centre gaps count a withheld group
					// (outcomes-spells' note: the brief ranked by the least, the programme page
					// by the midpoint, so one province stood in two orders). Not of an interval
					// wider than its midpoint: the update's Nangarhar girls, 10-435 (about 20),
					// ranked it 2nd from 222; the centre gaps then use a value printed before
					// or the gender's count then, which the brief has not.
					v = (lo + hi) / 2
					p.byMid = true
				} else if lo > 0 {
					p.byLeast = true
				}
				p.rank += v
			case w.b.value == 0 && strings.HasPrefix(w.b.text, "<"):
				// A small count withheld ("<10") is 1 to threshold-1 (a noisy one may be more:
				// unbounded), and ranked at the middle of that, as a withheld count ("x") is at
				// the midpoint of its interval: one rule, the one the brief states. Ranked as 0,
				// Koh Kong's 11 and 15 (26) stood 8th above Banteay Meanchey's <10 and 24
				// (25-33) and Paktika's 123 and <10 below Khost's 114 and 13, under a sentence
				// saying provinces are ranked by midpoints (attack-2026-12-05e X9).
				if w.b.noise.None() {
					p.least++
					p.most += float64(max(th, 1) - 1)
				} else {
					p.most = math.Inf(1)
				}
				p.rank += float64(max(th, 1)) / 2
				p.bySmall = true
			}
		}
	}
	// A province is ranked by the least its children can be: its published counts, and for a
	// count withheld to protect another ("x") what the published counts bound it to (a
	// monthly re-release withholds the counts that moved: Khost's 114 boys, withheld after 5
	// more, ranked it by its 13 girls alone, below Banteay Meanchey's 24, attack-2026-12-02d
	// finding 6).
	sort.SliceStable(order, func(i, j int) bool {
		a, b := places[order[i]], places[order[j]]
		// Cases whose province is not recorded come after every recorded province: the
		// figure is of provinces, so they are listed only when there is room.
		if na, nb := strings.HasSuffix(a.key, "/"+NotRecorded), strings.HasSuffix(b.key, "/"+NotRecorded); na != nb {
			return nb
		}
		ga, gb := briefRankGroup(a.b, a.g, a.rank), briefRankGroup(b.b, b.g, b.rank)
		return ga < gb || ga == gb && a.rank > b.rank
	})
	// One horizontal bar per province and gender: long province names stay readable.
	var bars []bar
	var apart []childLine
	r.briefRank = briefRank{}
	// floor is the fewest children a province listed may have, for what the lines and the
	// paragraph say of the order: the least the published counts allow it, but the values an
	// earlier release printed where it is ranked by them (its line says the count now may be
	// larger or smaller). Ranked by midpoints, a province may have fewer children than one
	// listed below it, or than one left out: they say so.
	floor := func(p *place) float64 {
		if len(p.carried) > 0 {
			return p.rank
		}
		return p.least
	}
	smallest := math.Inf(1) // the fewest children a province listed may have (floor)
	var left []*place       // provinces not listed with a count withheld ("x")
	var listed []*place     // the provinces of lines, in order
	// small are the provinces never listed, their boys and girls both shown as small ("<10"):
	// at most 18 children, more than a listed province's fewest can be (a listed 11 boys and
	// no girls, or a least of 0), when they are named after the list as the others left out.
	var small []*place
	for _, k := range order {
		p := places[k]
		if strings.HasSuffix(k, "/"+NotRecorded) {
			if briefGroup(p.b, p.g) != 2 {
				apart = append(apart, childLine{p.name, r.withInterval(p.b, "boys"), r.withInterval(p.g, "girls"), true})
			}
			continue
		}
		if briefGroup(p.b, p.g) == 2 {
			if p.most > 0 {
				small = append(small, p)
			}
			continue
		}
		if len(lines) == briefTop {
			left = append(left, p)
			continue
		}
		p.b.label, p.g.label = p.name+": boys", p.name+": girls"
		bb, gb := p.b, p.g
		for _, b := range []*bar{&bb, &gb} {
			if b.text == SecondaryLabel {
				b.text = secondaryBarText
			}
		}
		bars = append(bars, bb, gb)
		boysText, girlsText := r.withInterval(p.b, "boys"), r.withInterval(p.g, "girls")
		// A withheld count an earlier release of the series printed: that value too (public,
		// tables/carried.json), which a programme lead can plan by where the bound says "10 or
		// more" (attack-2026-12-02g finding 3).
		for _, w := range []struct {
			text  *string
			least map[string]float64
			most  map[string]float64
			t     *Table
			row   int
		}{{&boysText, bLeast, bMost, boys, p.bRow}, {&girlsText, gLeast, gMost, girls, p.gRow}} {
			note := r.lastPrintedNote(w.t, w.row, 0)
			if lo, ok := w.least[k]; ok && lo >= float64(max(th, 1)) {
				if hi := w.most[k]; !math.IsInf(hi, 1) && hi >= lo {
					*w.text += fmt.Sprintf(" (the published counts put it at %.0f–%.0f%s)", lo, hi, note)
				} else {
					*w.text += fmt.Sprintf(" (the published counts put it at %.0f or more%s)", lo, note)
				}
			} else if note != "" {
				*w.text += " (" + strings.TrimPrefix(note, "; ") + ")"
			}
		}
		if p.byLeast {
			r.briefRank.bounded = true
		}
		if p.byMid {
			r.briefRank.mid = true
		}
		if p.bySmall {
			r.briefRank.small = true
		}
		if len(p.carried) > 0 {
			r.briefRank.carried = true
			count, values, it := "count", "value", "it"
			if len(p.carried) > 1 {
				count, values, it = "counts", "values", "them"
			}
			girlsText += fmt.Sprintf("; ranked with its withheld %s at the %s an earlier release of this series printed (%s), kept within the bounds the published counts give %s: the %s now may be larger or smaller",
				count, values, strings.Join(p.carried, ", "), it, count)
		}
		smallest = min(smallest, floor(p))
		lines = append(lines, childLine{p.name, boysText, girlsText, false})
		listed = append(listed, p)
	}
	// A province with a count not shown is ranked only as far as the bounds order it: when
	// a province may have more children than the fewest of one listed above it, its line says
	// so (attack-2026-12-02f finding 2: West Bengal's 144 children of the month before listed
	// 4th, below Paktika's 23 boys and <10 girls, on "10 or more"; Khost's 114 and 13, 127,
	// below Paktika's 123 and <10, 124-132, ranked 128).
	for j, p := range listed {
		if len(p.carried) > 0 {
			continue // ranked by the values printed before: its line says so
		}
		var above []string
		for _, q := range listed[:j] {
			if p.most > floor(q) {
				above = append(above, q.name)
			}
		}
		if len(above) == 0 {
			continue
		}
		r.briefRank.unordered = true
		who := joinAnd(above) + ", listed above it"
		if len(above) == j && j > 1 {
			who = "any province listed above it"
		}
		lines[j].Girls += "; its place in this list is not known: the published counts allow it more children than " + who
	}
	// A province whose registrations begin late has its count over fewer years than the
	// others': Phnom Penh's 16 boys and 37 girls, registered from October 2024 (a few older
	// records keyed in), listed last beside other provinces' eleven years, where the centre
	// gaps rank its boys 2nd by their cases a year (attack-2026-12-05a T9).
	late := r.lateProvinces()
	for j, p := range listed {
		if ls, ok := late[p.code]; ok {
			lines[j].Girls += "; " + lateWords(ls, "its count")
		}
	}
	for _, p := range left {
		if ls, ok := late[p.code]; ok && p.least > 0 {
			r.briefRank.lateLeft = append(r.briefRank.lateLeft, [2]string{p.name, lateWords(ls, "its count")})
		}
	}
	// A province left out that the published counts allow more children than the fewest of a
	// province listed is named: Banteay Meanchey's 24 girls and <10 boys (25-33) were left out
	// below Koh Kong's 26 without a word (attack-2026-12-03f, lows); ranked at 29 now, it is
	// listed and Koh Kong, left out, may have more than Siem Reap's 23 and <10 (24-32).
	// A province whose boys and girls are both shown as small ("<10") is never listed, but is
	// named as the others left out are when it may have more children than the fewest of a
	// province listed: Pailin's <10 and <10 (2-18) were in no sentence beside a listed 11 boys.
	for _, p := range slices.Concat(left, small) {
		switch {
		case p.most <= smallest:
		case p.b.text == SecondaryLabel || p.g.text == SecondaryLabel:
			r.briefRank.mayBeAmong = append(r.briefRank.mayBeAmong, p.name)
		default:
			r.briefRank.smallMayBeAmong = append(r.briefRank.smallMayBeAmong, p.name)
		}
	}
	if len(lines) == 0 {
		return chart{}, nil, false, nil
	}
	lines = append(lines, apart...)
	drawn := false
	for _, b := range bars {
		drawn = drawn || b.value > 0
	}
	if !drawn {
		return chart{}, lines, true, nil // no bar to draw: the lines say why
	}
	title := "Boys and girls (under 18) by province of exploitation"
	svg, err := hbars(title, "children identified", bars, func(i int) color.Color { return []color.Color{colMale, colFemale}[i%2] }, th, r.source())
	return chart{Title: title, SVG: template.HTML(svg)}, lines, true, err
}

// briefGroup is the brief's group for a province's boys' and girls' bars: 0 when a count is
// published (ranked by the published counts, whatever the other is), 1 when none is but one is
// withheld to protect another count ("x"), 2 when both are zero or withheld as small. The
// programme report's charts rank by rankGroup, which puts an "x" row after every published one;
// the brief, which lists only briefTop provinces, would leave out a province with the most
// boys because its girls are withheld (attack-2026-11-30d finding 4b: Herat's 247 boys).
func briefGroup(b, g bar) int {
	switch {
	case b.value > 0 || g.value > 0:
		return 0
	case b.text == SecondaryLabel || g.text == SecondaryLabel:
		return 1
	}
	return 2
}

// briefRankGroup is briefGroup, but a province with no published count whose withheld count
// ("x") the published counts bound above 0 is ranked with the published ones, by that bound.
func briefRankGroup(b, g bar, least float64) int {
	if gr := briefGroup(b, g); gr != 1 || least <= 0 {
		return gr
	}
	return 0
}

// briefRank is what the brief's list of provinces says of its ranking (briefMore), set by
// childrenByProvince.
type briefRank struct {
	// bounded: a province listed is ranked by what the published counts bound a withheld
	// count to, not by a published count.
	bounded bool
	// mayBeAmong names the provinces not listed with a count withheld ("x") that may be
	// larger than a province listed: the published counts do not bound it below it.
	mayBeAmong []string
	// smallMayBeAmong names the provinces not listed, with no count withheld ("x"), that the
	// published counts allow more children than the fewest a province listed may have: a count
	// of theirs shown as small ("<10") may be 9, or one of the province listed may be 1.
	smallMayBeAmong []string
	// unordered: the bounds leave a province listed room for more children than one listed
	// above it (its line says so).
	unordered bool
	// carried: a province listed is ranked by the value an earlier release printed of a
	// withheld count (analysis.CarriedFits; its line says so).
	carried bool
	// mid: a province listed is ranked by the midpoint of the interval the published counts
	// allow a withheld count.
	mid bool
	// small: a province listed has a count shown as small ("<10"), ranked at the middle of
	// 1-9 (the threshold's).
	small bool
	// lateLeft: the provinces not listed whose registrations begin late (analysis.LateProvinces),
	// each with lateWords.
	lateLeft [][2]string
}

// lateProvinces returns the provinces whose registrations begin late, as the centre gaps take
// them (analysis.LateProvinces, with the inputs of centreGaps).
func (r *report) lateProvinces() map[string]analysis.LateStart {
	gs := analysis.GapSpec{Bounds: r.opt.Bounds, Carried: r.opt.Carried.Index()}
	if r.m.Partial != nil {
		gs.PartialYear = r.m.Partial.Year
	}
	if r.m.PartialFirst != nil {
		gs.PartialFirst = r.m.PartialFirst.Year
		gs.PartialFirstProvinces = r.m.PartialFirstProvinces
	}
	gs.Late = r.m.Late
	return analysis.LateProvinces(analysis.NewProtected(r.opt.Tables), gs)
}

// lateWords says of a province whose registrations begin late that what (its count) covers
// fewer years than the other provinces', for a ranking by counts over the release.
func lateWords(ls analysis.LateStart, what string) string {
	first := fmt.Sprintf("none of its cases is registered before %d (its organisations' registrations begin then)", ls.Year)
	if ls.Most {
		first = fmt.Sprintf("most of its cases are registered from %d, the year one organisation's registrations begin months into (it joined then, or its earlier records are not in its export)", ls.Year)
	}
	return fmt.Sprintf("%s, so %s covers fewer years than most provinces' and ranks it below what its cases a year would (the programme report's centre gaps count its cases a year over its own years)", first, what)
}

// leastOf bounds row ri's count (column 0) of t, withheld to protect another count: at least
// each published count of the same row (the row's other columns count some of its cases: a
// form of exploitation each) and what the release's linear program (Options.Bounds) gives;
// at most what the linear program gives, +Inf without one.
func (r *report) leastOf(t *Table, ri int) (lo, hi float64) {
	hi = math.Inf(1)
	for ci := 1; ci < len(t.Counts); ci++ {
		if v, ok := t.Value(ri, ci); ok && noiseOf(t, ri, ci).None() {
			lo = max(lo, float64(v))
		}
	}
	if r.opt.Bounds != nil {
		if l, h, err := r.opt.Bounds.SumBounds(t.Name, [][2]int{{ri, 0}}); err == nil && l <= h {
			// Rounded outward, so that every printed bound is one of the continuous linear
			// program the audit checks the protection range with (privacy-side-doors13): its
			// least can be fractional (a multi-way table's LP relaxation has fractional
			// vertices), and rounding it up would print a bound narrower than the audit's.
			lo, hi = max(lo, math.Floor(l+1e-6)), math.Ceil(h-1e-6)
		}
	}
	return lo, hi
}

// withInterval says a bar's count of who with its exact Poisson 95% interval, or why there is
// no number.
func (r *report) withInterval(b bar, who string) string {
	th := r.opt.Threshold
	if b.value == 0 {
		switch {
		case b.text == "0" && !b.noise.None():
			// A noisy count clipped at 0 is not a fact (attack-2026-12-01e finding 13:
			// Herat's girls, <10 without noise, read "no girls recorded").
			ci := intervals.PoissonNoisy(0, b.noise, 0.95)
			return fmt.Sprintf("0 %s after the added noise (95%% CI 0–%.0f, widened to cover the added noise)", who, ci.Upper)
		case b.text == "0":
			return "no " + who + " recorded"
		case b.text == SecondaryLabel:
			return "the number of " + who + " is " + r.secondaryWhy()
		}
		if !b.noise.None() {
			// The noisy count is below the threshold, not the count recorded (attack-2026-12-01f
			// lows: "<10 boys (fewer than 10)" of a noisy count): the interval of the largest
			// noisy count shown so, widened by the noise, bounds it.
			ci := intervals.PoissonNoisy(th-1, b.noise, 0.95)
			return fmt.Sprintf("%s %s after the added noise (the number recorded may be %d or more: 95%% CI 0–%.0f, widened to cover the added noise)", b.text, who, th, ci.Upper)
		}
		return fmt.Sprintf("%s %s (fewer than %d)", b.text, who, th)
	}
	ci := intervals.PoissonNoisy(int(b.value), b.noise, 0.95)
	return fmt.Sprintf("%.0f %s (95%% CI %.0f–%.0f%s)", b.value, who, ci.Lower, ci.Upper, noiseSuffix(b.noise))
}

// trendBeforeBands is the brief's trend when some cases are known only by a band of years
// (CTDC's exports): the last change from one single year to the next that the period table
// gives (analysis named table trends, which compares only disjoint periods of equal length),
// saying that the later years are recorded only as a band. ok is false when there is none.
func (r *report) trendBeforeBands() (figure, bool) {
	n, found := analysis.LookupNamed("trends")
	p := analysis.NewProtected(r.opt.Tables)
	if !found || p == nil || n.FromMicrodata(p) != "" {
		return figure{}, false
	}
	in := analysis.Inputs{Tables: p, SmallCell: r.opt.Threshold, Bounds: r.opt.Bounds}
	if r.m.PartialFirst != nil {
		in.PartialFirst = r.m.PartialFirst.Year // the trends table compares only the years after it
	}
	t, err := n.RunWith(context.Background(), nil, in)
	if err != nil {
		return figure{}, false
	}
	col := map[string]int{}
	for i, c := range t.Columns {
		col[c] = i
	}
	for _, c := range []string{"year", "cases", "change", "change_lower", "change_upper"} {
		if _, ok := col[c]; !ok {
			return figure{}, false
		}
	}
	last, partial := -1, ""
	for i := 1; i < len(t.Rows); i++ {
		y, py := analysis.Cell(t.Rows[i][col["year"]]), analysis.Cell(t.Rows[i-1][col["year"]])
		var yn, pn int
		fmt.Sscan(y, &yn)
		fmt.Sscan(py, &pn)
		_, okc := t.Rows[i][col["change"]].(float64)
		_, okn := t.Rows[i][col["cases"]].(int64)
		_, okp := t.Rows[i-1][col["cases"]].(int64)
		if p := r.m.Partial; p != nil && yn == p.Year {
			// Part of a year against a whole one (partialNote).
			partial = r.partialNote()
			continue
		}
		if singleYear.MatchString(y) && singleYear.MatchString(py) && yn == pn+1 && okc && okn && okp {
			last = i
		}
	}
	if last < 0 {
		return figure{}, false
	}
	var bands []string
	for _, row := range t.Rows[last+1:] {
		if y := analysis.Cell(row[col["year"]]); !singleYear.MatchString(y) && period.MatchString(y) {
			bands = append(bands, y)
		}
	}
	row, prev := t.Rows[last], t.Rows[last-1]
	ratio, lo, hi := row[col["change"]].(float64), row[col["change_lower"]], row[col["change_upper"]]
	change := fmt.Sprintf("%+.0f%%", 100*(ratio-1))
	later := "."
	if len(bands) > 0 {
		later = fmt.Sprintf("; the later cases are recorded only by a band of years (%s), which cannot be set against a single year.", strings.Join(bands, ", "))
	}
	later += partial
	f := figure{Value: change,
		Sentence: fmt.Sprintf("Cases registered in %s (%d) against %s (%d): %s, the last change from one year to the next%s A change in recorded cases can come from more (or less) outreach and identification, or from a year not yet fully recorded; it does not by itself show that trafficking rose or fell.",
			analysis.Cell(row[col["year"]]), row[col["cases"]].(int64), analysis.Cell(prev[col["year"]]), prev[col["cases"]].(int64), change, later)}
	if l, ok := lo.(float64); ok {
		if h, ok := hi.(float64); ok {
			f.Interval = fmt.Sprintf("rate ratio %.2f, 95%% CI %.2f–%.2f (exact, Poisson)", ratio, l, h)
		}
	}
	return f, true
}

// partialNote says, after a trend's sentence, that the release's last year is left out and
// why ("" when the release covers its last year whole).
func (r *report) partialNote() string {
	p := r.m.Partial
	if p == nil {
		return ""
	}
	return fmt.Sprintf(" %d is not compared: the release does not cover the whole year (%s), and gives no months to set the same months of %d against it.", p.Year, p.Why, p.Year-1)
}

// period is a band of years as the period table labels it.
var period = regexp.MustCompile(`^[12][0-9]{3}-[12][0-9]{3}$`)

// noTrend is the brief's trend figure when there is none, saying why.
func noTrend(why string) figure {
	return figure{Value: "no trend", Sentence: "No change from one year to the next is given: " + why + "."}
}

// withheldWhy says why a figure needs a count that is withheld (after "withheld: ").
func (r *report) withheldWhy() string {
	// "is fewer than 10 or withheld so that", not "is withheld (fewer than 10, or withheld so that".
	return fmt.Sprintf("a count it needs is fewer than %d or %s", r.opt.Threshold, r.secondaryWhy())
}

// secondaryWhy says why a count shown as SecondaryLabel is withheld, starting "withheld so
// that". When the release replaces an earlier one and the differencing guard withheld counts
// that changed by 1 to threshold-1 (manifest tables.guarded_counts), those are shown as
// SecondaryLabel too, so the reason names both. Which of the two it is stays unsaid on
// purpose: a count marked "changed by fewer than 10" tells the size of the change, and one
// marked "complement" tells that it changed by 0 or by 10 or more.
func (r *report) secondaryWhy() string {
	if t := r.m.Tables; t != nil && t.Guarded > 0 {
		return fmt.Sprintf("withheld so that neither a small count elsewhere nor a change of fewer than %d since the previous release can be worked out", r.opt.Threshold)
	}
	return "withheld so that a small count elsewhere cannot be worked out"
}

// noChildrenByProvince says why the brief has no figure of boys and girls by province ("" when
// it has one, or the release has no such tables).
func (r *report) noChildrenByProvince() string {
	bi, okb := r.set.byName["boys-by-province"]
	gi, okg := r.set.byName["girls-by-province"]
	if !okb || !okg || r.m.Counts.Written == 0 {
		return ""
	}
	if r.genderless() {
		return "No case in this input records a gender (female or male), so boys and girls cannot be shown by province."
	}
	if r.ageless() {
		return "No case in this input records an age, so children cannot be told from adults, nor boys and girls shown by province."
	}
	for _, t := range []*Table{r.set.tables[bi], r.set.tables[gi]} {
		for _, row := range t.Rows {
			if !row.Total && len(row.Labels) >= 2 && row.Labels[1] != NotRecorded {
				return fmt.Sprintf("No province has a published count of boys or girls: each is 0 or fewer than %d.", r.opt.Threshold)
			}
		}
	}
	prov := r.table("cases-by-province-and-gender")
	if n, ok := prov.Given(len(prov.Rows)-1, 0); ok && n == 0 {
		return "No victims are in this release, so there are no boys or girls to show by province."
	}
	return "The provinces of exploitation are not recorded in this input, so boys and girls cannot be shown by province."
}

// genderless reports whether the release has cases and none of them is of a recorded female
// or male gender (an input with no gender column, such as a workbook with a sheet per gender):
// the table of cases by province and gender gives 0 women and 0 men in all.
func (r *report) genderless() bool {
	prov := r.table("cases-by-province-and-gender")
	g := len(prov.Rows) - 1
	if g < 0 || len(prov.Counts) < 3 || prov.Counts[1] != "female" || prov.Counts[2] != "male" {
		return false
	}
	n, ok := prov.Given(g, 0)
	f, okf := prov.Given(g, 1)
	m, okm := prov.Given(g, 2)
	return ok && okf && okm && n > 0 && f == 0 && m == 0
}

// ageless reports whether the release has cases and none of them is of a known age (an
// export whose ages are in a column that maps onto no field, such as "Age Group"): the brief
// said the provinces were not recorded and the children's share withheld for privacy
// (attack-2026-12-03b finding 8).
func (r *report) ageless() bool {
	if _, ok := r.set.byName["cases-by-age-and-gender"]; !ok {
		return false // r.table would give the set's first table
	}
	age := r.table("cases-by-age-and-gender")
	total := false
	for ri, row := range age.Rows {
		v, ok := age.Given(ri, 0)
		switch {
		case row.Total:
			total = ok && v > 0
		case len(row.Labels) > 0 && (row.Labels[0] == "minor" || row.Labels[0] == "adult") && (!ok || v != 0):
			return false
		}
	}
	return total
}

// noiseOf returns the discrete Laplace noise in a count of t (none without ε).
func noiseOf(t *Table, ri, ci int) intervals.Noise {
	eps, n := t.NoiseTerms(ri, ci)
	return intervals.Noise{Epsilon: eps, Terms: n}
}

// noiseSuffix says, after an interval's method, that the interval covers the noise too.
func noiseSuffix(n intervals.Noise) string {
	if n.None() {
		return ""
	}
	return ", widened to cover the added noise"
}

// singleYear is a year label that is one calendar year (not a period, "*" or not recorded).
var singleYear = regexp.MustCompile(`^[12][0-9]{3}$`)

// trend is the brief's headline trend: cases registered in the last year of the year table
// against the year before, as a Poisson rate ratio with its exact 95% interval (R's
// poisson.test), when both years are single, adjacent and published. ok is false otherwise.
func (r *report) trend() (f figure, ok bool) {
	i, has := r.set.byName["cases-by-year-and-gender"]
	if !has {
		return figure{}, false
	}
	if _, bands := r.set.byName["cases-by-period-and-gender"]; bands {
		// Some cases are known only by a band of years, which may hold either year or come
		// after both: two single years compared without them would mislead.
		if f, ok := r.trendBeforeBands(); ok {
			return f, true
		}
		return noTrend("some cases are recorded only by a band of years (such as 2021-2022), which may hold either of the last two years, so comparing those years alone would mislead; prevalence query DIR --named trends compares disjoint periods of equal length"), true
	}
	t := r.set.tables[i]
	type yc struct {
		year  string
		count int64
		noise intervals.Noise
	}
	var years []yc
	withheld := map[string]bool{}
	for ri, row := range t.Rows {
		if row.Total || !singleYear.MatchString(row.Labels[0]) {
			continue
		}
		v, ok := t.Value(ri, 0)
		years = append(years, yc{row.Labels[0], v, noiseOf(t, ri, 0)})
		withheld[row.Labels[0]] = !ok
	}
	sort.Slice(years, func(a, b int) bool { return years[a].year < years[b].year })
	left := "" // why the last year is left out, when it is
	if p := r.m.Partial; p != nil && len(years) > 0 && years[len(years)-1].year == strconv.Itoa(p.Year) {
		// Part of a year set against a whole one would show a fall that is only the months
		// not yet recorded; the release gives no months to compare the same ones of both.
		left = r.partialNote()
		years = years[:len(years)-1]
		if len(years) < 2 {
			return noTrend(fmt.Sprintf("the release does not cover the whole of %d (%s), and records fewer than two whole years before it", p.Year, p.Why)), true
		}
	}
	if pf := r.m.PartialFirst; pf != nil && len(years) >= 2 && years[len(years)-2].year <= strconv.Itoa(pf.Year) {
		// One organisation's first year (part of its cases) and the years before it (none of
		// them) are other registers than the years after: its start would read as a rise.
		after := slices.DeleteFunc(slices.Clone(years), func(y yc) bool { return y.year <= strconv.Itoa(pf.Year) })
		if len(after) < 2 {
			f := noTrend(fmt.Sprintf("%s, and the release records fewer than two years after it", pf.Why))
			f.Sentence += left
			return f, true
		}
		years = after
		left += fmt.Sprintf(" Years up to %d are not compared: %s.", pf.Year, pf.Why)
	}
	if len(years) < 2 {
		return noTrend("the release records fewer than two years of registration"), true
	}
	last, prev := years[len(years)-1], years[len(years)-2]
	if withheld[last.year] || withheld[prev.year] {
		return figure{Value: "withheld", Sentence: fmt.Sprintf("The change from %s to %s is withheld: %s.%s", prev.year, last.year, r.withheldWhy(), left)}, true
	}
	var ly, py int
	fmt.Sscan(last.year, &ly)
	fmt.Sscan(prev.year, &py)
	switch {
	case ly != py+1:
		f := noTrend(fmt.Sprintf("the last two years recorded, %s and %s, are not consecutive", prev.year, last.year))
		f.Sentence += left
		return f, true
	case prev.count == 0:
		f := noTrend(fmt.Sprintf("no case was registered in %s, so there is nothing to compare %s with", prev.year, last.year))
		f.Sentence += left
		return f, true
	}
	rr := intervals.PoissonRateRatioNoisy(int(last.count), last.noise, 1, int(prev.count), prev.noise, 1, 0.95)
	change := fmt.Sprintf("%+.0f%%", 100*(rr.Ratio-1))
	return figure{
		Value: change,
		Sentence: fmt.Sprintf("Cases registered in %s (%d) against %s (%d): %s.%s A change in recorded cases can come from more (or less) outreach and identification, or from a year not yet fully recorded; it does not by itself show that trafficking rose or fell.",
			last.year, last.count, prev.year, prev.count, change, left),
		Interval: fmt.Sprintf("rate ratio %.2f, 95%% CI %.2f–%.2f (exact, Poisson%s)", rr.Ratio, rr.Lower, rr.Upper, noiseSuffix(last.noise.Add(prev.noise))),
	}, true
}

// briefMore says, under the brief's list of provinces, that it holds the briefTop provinces
// with the most children only and how many other provinces recorded children, so that an
// advocate does not read the list as every province (synth 3,000: Siem Reap's 23 girls and
// Banteay Meanchey's 24 were in no line, below Koh Kong's 26 children); "" when every province
// is listed. listed is the number of provinces in the list.
func (r *report) briefMore(listed int) string {
	s, c := r.briefMoreProvinces(listed), r.carriedSentence()
	if s != "" && c != "" {
		return s + " " + c
	}
	return s + c
}

// briefMoreProvinces is briefMore's part on the provinces not listed and the ranking.
func (r *report) briefMoreProvinces(listed int) string {
	bi, okb := r.set.byName["boys-by-province"]
	gi, okg := r.set.byName["girls-by-province"]
	if !okb || !okg {
		return ""
	}
	seen := map[string]bool{}
	for _, t := range []*Table{r.set.tables[bi], r.set.tables[gi]} {
		for _, row := range t.Rows {
			if !row.Total && len(row.Labels) >= 2 && row.Labels[1] != NotRecorded {
				seen[row.Labels[0]+"/"+row.Labels[1]] = true
			}
		}
	}
	more := len(seen) - listed
	if more <= 0 {
		return ""
	}
	other, are := "provinces", "are"
	if more == 1 {
		other, are = "province", "is"
	}
	if listed < briefTop { // not cut at briefTop: those left out have small counts only
		th := max(r.opt.Threshold, 1)
		return fmt.Sprintf("%d other %s where children were recorded, fewer than %d boys and fewer than %d girls in each, %s in the tables of boys and of girls by province, in report.html.", more, other, th, th, are) + r.smallMayBeAmong()
	}
	s := fmt.Sprintf("Only the %d provinces with the most children identified are listed; %d other %s where children were recorded %s in the tables of boys and of girls by province, in report.html.", listed, more, other, are)
	if r.briefRank.small {
		th := max(r.opt.Threshold, 1)
		s += fmt.Sprintf(" A province is ranked by its boys and girls together, a count shown as <%d counted as %s, the middle of 1–%d.", th, strconv.FormatFloat(float64(th)/2, 'f', -1, 64), th-1)
	}
	switch {
	case r.briefRank.mid && r.briefRank.bounded:
		s += " Where a count is withheld, a province is ranked by the midpoint of the interval the published counts allow it, as the programme report's centre gaps count a withheld group, or by the least they allow it where that interval is wider than its midpoint or open above (a midpoint of 10–435 would rank a province by children it likely does not have)."
	case r.briefRank.mid:
		s += " Where a count is withheld, a province is ranked by the midpoint of the interval the published counts allow it, as the programme report's centre gaps count a withheld group."
	case r.briefRank.bounded:
		s += " Where a count is withheld, a province is ranked by the least the published counts allow it."
	}
	if r.briefRank.unordered {
		s += " Where the published counts leave a province room for more children than one listed above it, its line says so."
	}
	if r.briefRank.carried {
		s += " Where an earlier release of this series printed a withheld count (tables/carried.json), the province is ranked by that value when it lies within the bounds the published counts give, or when they bound the count too widely to rank by (an interval wider than its midpoint, or a least only), kept within them, as the programme report's centre gaps count it; its line says so."
	}
	for _, l := range r.briefRank.lateLeft {
		s += fmt.Sprintf(" %s is not listed: %s.", l[0], l[1])
	}
	if n := r.briefRank.mayBeAmong; len(n) > 0 {
		verb := "is"
		if len(n) > 1 {
			verb = "are"
		}
		s += fmt.Sprintf(" The number of children of %s %s withheld and may be larger than that of a province listed.", joinAnd(n), verb)
	}
	return s + r.smallMayBeAmong()
}

// smallMayBeAmong is briefMoreProvinces' sentence naming briefRank.smallMayBeAmong, with a
// leading space ("" when none).
func (r *report) smallMayBeAmong() string {
	n := r.briefRank.smallMayBeAmong
	if len(n) == 0 {
		return ""
	}
	verb, its, them := "is", "its", "it"
	if len(n) > 1 {
		verb, its, them = "are", "their", "them"
	}
	return fmt.Sprintf(" %s %s not listed, though the published counts leave %s room for more children than a province listed: %s place in this list is not known.",
		joinAnd(n), verb, them, its)
}
