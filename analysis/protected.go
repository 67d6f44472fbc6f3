package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// Protected are a release's protected tables by name (release.ReadTables): counted by the
// anonymize package from every kept record at full precision (no year or province
// generalized away) and protected there (counts 1-9 shown as "<10", complementary counts
// as "x"). The named tables with intervals, shares and trends are computed from them when
// the release has them: a figure is derived only from published counts, and a figure that
// needs a withheld count is withheld too.
type Protected map[string]*release.Table

// years returns the first and last years of registration that the standard tables by year
// name (cases-by-year-and-gender's years, cases-by-period-and-gender's periods); zeros when
// none.
func (p Protected) years() [2]int {
	var span [2]int
	for _, name := range []string{"cases-by-year-and-gender", "cases-by-period-and-gender"} {
		t := p[name]
		if t == nil {
			continue
		}
		for _, r := range t.Rows {
			if len(r.Labels) == 0 {
				continue
			}
			if from, to, ok := period(r.Labels[0]); ok {
				span = widen(span, from, to)
			}
		}
	}
	return span
}

// NewProtected indexes the release's protected tables by name (nil when ts is empty).
func NewProtected(ts []*release.Table) Protected {
	if len(ts) == 0 {
		return nil
	}
	p := Protected{}
	for _, t := range ts {
		p[t.Name] = t
	}
	return p
}

// errNoTable: the release has no protected table of that name.
var errNoTable = errors.New("the release has no protected table")

// pcell is one count of a protected table as a cell of a named table: its dimension values
// and the count's row and column.
type pcell struct {
	vals   []value
	ri, ci int
}

// source says how a named table reads a protected table.
type source struct {
	table string
	// spec gives the dimensions (in the order of pcell.vals) and the filter, for the
	// population's sex and ages.
	spec  Spec
	cells func(t *release.Table) []pcell
	// den is the denominator of the shares when the cells cannot give it (a form is
	// multi-valued; nil: the sum of the cells known on every dimension, when all are published),
	// with its noise.
	den func(p Protected) (int64, intervals.Noise, bool)
	// total, when set, is the published count of all the cells: when a known cell is
	// withheld, the denominator is the total less the cells not known, if those are published.
	total func(p Protected) (int64, intervals.Noise, bool)
	// totalBounds, when set, bounds the count of all the cells from other published counts
	// (the sum of a column of another table, a total row's published parts), for when total
	// is withheld or absent: denominatorBounds narrows the denominator with it.
	totalBounds func(p Protected) (span, bool)
}

// published returns a count of t and whether it is published.
func published(t *release.Table, ri, ci int) (int64, bool) { return t.Value(ri, ci) }

// countProtected counts the cells of src from the protected tables p. A cell summing several
// counts is withheld ("x") when one of them is; a withheld count keeps its label. bounds, when
// not nil, bounds a withheld denominator by the release's own linear program.
func countProtected(p Protected, src source, spec Spec, bounds SumBounder) (*counted, filter, error) {
	f, err := parseFilter(src.spec.Filter)
	if err != nil {
		return nil, f, err
	}
	t := p[src.table]
	if t == nil {
		return nil, f, fmt.Errorf("%w %s (run it again with this version)", errNoTable, src.table)
	}
	res := &counted{}
	for _, d := range src.spec.Dims {
		res.dims = append(res.dims, dims[d])
		res.multi = res.multi || d == DimForm
	}
	byKey := map[string]*cell{}
	// Each count's bounds from its published value and label (denominatorBounds).
	var parts []part
	th := float64(t.Threshold)
	if th <= 0 {
		th = DefaultSmallCell
	}
	exact := t.Epsilon <= 0
	for _, pc := range src.cells(t) {
		var key strings.Builder
		for _, v := range pc.vals {
			key.WriteString(v.s)
			key.WriteByte(0)
		}
		cl := byKey[key.String()]
		first := cl == nil
		if first {
			cl = &cell{vals: pc.vals}
			byKey[key.String()] = cl
			res.cells = append(res.cells, cl)
		}
		n, ok := published(t, pc.ri, pc.ci)
		if t.Rows[pc.ri].Rounded != nil {
			exact = false
		}
		b := countSpan(t, pc.ri, pc.ci, th)
		if !ok && b.lo == b.hi && t.Epsilon <= 0 && t.Rows[pc.ri].Rounded == nil {
			// A total withheld beside its printed parts (all countries' cases beside their
			// women, men and others): any reader adds them up, and so does the figure.
			n, ok = int64(b.lo), true
		}
		parts = append(parts, part{cl: cl, ri: pc.ri, ci: pc.ci, b: b})
		eps, terms := t.NoiseTerms(pc.ri, pc.ci)
		cl.noise = cl.noise.Add(intervals.Noise{Epsilon: eps, Terms: terms})
		switch {
		case first && !ok:
			cl.label = t.Cell(pc.ri, pc.ci)
		case !first && (!ok || cl.label != ""):
			cl.label = release.SecondaryLabel // a sum with a withheld part
		}
		cl.count += n
	}
	for _, cl := range res.cells {
		if cl.label != "" {
			cl.count = 0
		}
	}
	if len(res.dims) == 0 && len(res.cells) == 0 {
		res.cells = []*cell{{}}
	}
	switch {
	case src.den != nil:
		res.known, res.knownNoise, res.knownOK = src.den(p)
	case res.multi:
		res.known = -1 // no denominator: a case counts in several cells
	case !res.multi:
		res.knownOK = true
		var unknown int64
		var unknownNoise intervals.Noise
		unknownOK := true
		for _, cl := range res.cells {
			if cl.known() {
				res.known += cl.count
				res.knownNoise = res.knownNoise.Add(cl.noise)
				res.knownOK = res.knownOK && cl.label == ""
			} else {
				unknown += cl.count
				unknownNoise = unknownNoise.Add(cl.noise)
				unknownOK = unknownOK && cl.label == ""
			}
		}
		if !res.knownOK && unknownOK && src.total != nil {
			if n, noise, ok := src.total(p); ok {
				res.known, res.knownNoise, res.knownOK = n-unknown, noise.Sub(unknownNoise), true
			}
		}
		if !res.knownOK && exact {
			// The published tables may give the denominator exactly (its withheld parts
			// added up elsewhere): the share is then exact; else bounded, or withheld.
			if b := denominatorBounds(p, src, t, parts, th, lpBounds(bounds, src.table, parts)); b != nil && b.lo == b.hi {
				res.known, res.knownNoise, res.knownOK = int64(b.lo), intervals.Noise{}, true
			} else {
				res.knownBounds = b
			}
		}
	}
	sortCells(res.cells, spec.ByCount)
	return res, f, nil
}

// span is a count known to lie in [lo, hi] from published counts (hi may be +Inf).
type span struct{ lo, hi float64 }

func (a span) add(b span) span { return span{a.lo + b.lo, a.hi + b.hi} }

// meet is the intersection of a and b (the tighter of each end).
func (a span) meet(b span) span { return span{max(a.lo, b.lo), min(a.hi, b.hi)} }

// part is one count of a source's cells, with the bounds its label gives.
type part struct {
	cl     *cell
	ri, ci int
	b      span
}

// countSpan bounds count (ri, ci) of t as any reader can: a published count is itself, a
// "<10" count lies in 1-9, any other withheld count is at least 0; a withheld total column
// (a row's cases) is also the sum of the row's other counts (release.Table.TotalCols), exact
// when they are all published (a year's cases withheld beside its published women, men and
// others).
func countSpan(t *release.Table, ri, ci int, th float64) span {
	if n, ok := published(t, ri, ci); ok {
		return span{float64(n), float64(n)}
	}
	b := span{0, math.Inf(1)}
	if t.Rows[ri].State[ci] == release.Primary {
		b = span{1, th - 1}
	}
	if ci < len(t.TotalCols) && t.TotalCols[ci] {
		var sum span
		for c, tot := range t.TotalCols {
			if !tot {
				sum = sum.add(countSpan(t, ri, c, th))
			}
		}
		b = b.meet(sum)
	}
	return b
}

// colSpan bounds the sum of column col over the rows of table name that keep selects.
func colSpan(name, col string, keep func(release.Row) bool) func(p Protected) (span, bool) {
	return func(p Protected) (span, bool) {
		t := p[name]
		if t == nil || t.Epsilon > 0 {
			return span{}, false
		}
		ci := slices.Index(t.Counts, col)
		if ci < 0 {
			return span{}, false
		}
		th := float64(t.Threshold)
		if th <= 0 {
			th = DefaultSmallCell
		}
		var sum span
		for ri, r := range t.Rows {
			if r.Rounded != nil {
				return span{}, false
			}
			if keep(r) {
				sum = sum.add(countSpan(t, ri, ci, th))
			}
		}
		return sum, true
	}
}

// denominatorBounds bounds the cases known on every dimension (the shares' denominator) when a
// part of it is withheld, from published counts only, as any reader can, taking the tightest
// bounds every relation below gives: each count's own label (countSpan); a row's total
// column, which bounds the sum of its parts (the minors' row of the age table shows "<10" for
// its girls and boys together); src.total, the known cells being the total less the cells not
// known; and src.totalBounds, the total from another table (the girls are the female column
// of minors by year and gender). On the demo the "(not recorded)" provinces of two countries
// are withheld as complements, and the provinces' shares come from these bounds. It returns
// lp, when not nil, is the bounds that the release's own linear program gives (lpBounds: every
// relation between every table, which the relations above are a few of) and narrows them
// further. It returns nil when the bounds are not finite, or further apart than a tenth of the
// lower one (a share at the midpoint of 121-200 cases would mislead more than its interval
// tells); a result with lo = hi is the denominator exactly.
func denominatorBounds(p Protected, src source, t *release.Table, parts []part, th float64, lp *span) *span {
	var known, unknown span
	byRow := map[int][]part{}
	var rows []int
	for _, pt := range parts {
		if _, ok := byRow[pt.ri]; !ok {
			rows = append(rows, pt.ri)
		}
		byRow[pt.ri] = append(byRow[pt.ri], pt)
	}
	for _, ri := range rows {
		var k, u span
		cols := map[int]bool{}
		for _, pt := range byRow[ri] {
			cols[pt.ci] = true
			if pt.cl.known() {
				k = k.add(pt.b)
			} else {
				u = u.add(pt.b)
			}
		}
		// The row's parts are all among the cells: its total column bounds their sum.
		whole, tc := len(t.TotalCols) > 0, -1
		for c, tot := range t.TotalCols {
			switch {
			case tot && tc < 0:
				tc = c
			case !tot && !cols[c]:
				whole = false
			}
		}
		if whole && tc >= 0 && !cols[tc] {
			row := countSpan(t, ri, tc, th)
			k = k.meet(span{row.lo - u.hi, row.hi - u.lo})
			u = u.meet(span{row.lo - k.hi, row.hi - k.lo})
		}
		known, unknown = known.add(k), unknown.add(u)
	}
	var total *span
	if src.total != nil {
		if n, noise, ok := src.total(p); ok && noise.None() {
			total = &span{float64(n), float64(n)}
		}
	}
	if src.totalBounds != nil {
		if b, ok := src.totalBounds(p); ok {
			if total != nil {
				b = b.meet(*total)
			}
			total = &b
		}
	}
	if total != nil {
		known = known.meet(span{total.lo - unknown.hi, total.hi - unknown.lo})
	}
	if lp != nil {
		known = known.meet(*lp)
	}
	if math.IsInf(known.hi, 1) || known.lo <= 0 || known.lo > known.hi || 10*(known.hi-known.lo) > known.lo {
		return nil
	}
	return &known
}

// lpBounds bounds the sum of the known parts (the shares' denominator) by b, the release's
// own linear program; nil when there is none or it cannot (an older release without
// relations, a rounded or noisy one).
func lpBounds(b SumBounder, table string, parts []part) *span {
	if b == nil {
		return nil
	}
	var cells [][2]int
	for _, pt := range parts {
		if pt.cl.known() {
			cells = append(cells, [2]int{pt.ri, pt.ci})
		}
	}
	lo, hi, err := b.SumBounds(table, cells)
	if err != nil {
		return nil
	}
	return &span{lo, hi}
}

// Values of the dimensions from the protected tables' labels.

func provinceValue(code string) value {
	if code == NotRecorded || code == "" {
		return value{s: NotRecorded}
	}
	return value{s: code, known: true, sort: code}
}

func countryValue(code string) value { return provinceValue(code) }

func regionValues(code string) (region, subregion value) {
	c, ok := geo.CountryByCode(code)
	switch {
	case code == NotRecorded || code == "":
		return value{s: NotRecorded}, value{s: NotRecorded}
	case !ok || c.Region == "":
		return value{s: Unknown}, value{s: Unknown}
	}
	return value{s: c.Region, known: true, sort: c.Region}, value{s: c.SubRegion, known: true, sort: c.SubRegion}
}

func genderValue(g string) value {
	if g == "female" || g == "male" {
		return value{s: g, known: true, sort: g}
	}
	return value{s: g} // other, unknown or not recorded: one group in the protected tables
}

func ageValue(band string) value {
	if band == NotRecorded || band == "" || band == Unknown {
		return value{s: NotRecorded}
	}
	return value{s: band, known: true, sort: ageSort(band)}
}

// bandOrMajority is the age table's age value: the band, or when no band is recorded the
// majority status the row still knows ("minor (age band not recorded)"), so that an export
// that records only whether a person is a minor (CTDC) is not all "(not recorded)"
// (attack-2026-12-01e finding 14). Such a value is not a known band: it stays out of the
// bands' shares.
func bandOrMajority(majority, band string) value {
	v := ageValue(band)
	if v.known {
		return v
	}
	switch majority {
	case "minor":
		return value{s: "minor (age band not recorded)", sort: "~1"}
	case "adult":
		return value{s: "adult (age band not recorded)", sort: "~2"}
	}
	v.sort = "~3"
	return v
}

func majorityValue(m string) value {
	switch m {
	case "minor":
		return value{s: m, known: true, sort: m}
	case "adult":
		return value{s: m, known: true, sort: "~"}
	}
	return value{s: m}
}

func yearValue(y string) value {
	if y == PeriodOnly {
		return value{s: PeriodOnly}
	}
	if _, _, ok := period(y); !ok {
		return value{s: NotRecorded}
	}
	return value{s: y, known: true, sort: y}
}

// formLabel returns the label of the exploitation flag field.
func formLabel(field string) string {
	for _, e := range schema.ExploitationFlags {
		if e.Field == field {
			return e.Label
		}
	}
	return field
}

func formValue(label string) value {
	i := slices.IndexFunc(schema.ExploitationFlags, func(e struct{ Field, Label string }) bool { return e.Label == label })
	return value{s: label, known: true, sort: fmt.Sprint(i)}
}

// Row selections of the province table.
func provinceRows(r release.Row) bool { return !r.Total }
func countryRows(r release.Row) bool {
	return r.Total && len(r.Labels) > 1 && r.Labels[1] == "all provinces"
}

// rowsCol returns a cells function over the rows keep selects, one count column (by name),
// with the values vals gives.
func rowsCol(col string, keep func(release.Row) bool, vals func(r release.Row) []value) func(t *release.Table) []pcell {
	return func(t *release.Table) []pcell {
		ci := slices.Index(t.Counts, col)
		var out []pcell
		for ri, r := range t.Rows {
			if ci >= 0 && keep(r) {
				out = append(out, pcell{vals: vals(r), ri: ri, ci: ci})
			}
		}
		return out
	}
}

// rowsCols returns a cells function over the rows keep selects and the count columns cols,
// with the values vals gives for a row and a column.
func rowsCols(cols []string, keep func(release.Row) bool, vals func(r release.Row, col string) []value) func(t *release.Table) []pcell {
	return func(t *release.Table) []pcell {
		var out []pcell
		for ri, r := range t.Rows {
			if !keep(r) {
				continue
			}
			for _, c := range cols {
				if ci := slices.Index(t.Counts, c); ci >= 0 {
					out = append(out, pcell{vals: vals(r, c), ri: ri, ci: ci})
				}
			}
		}
		return out
	}
}

func all(release.Row) bool { return true }

// cellOf returns the denominator: one count of a protected table, with its noise.
func cellOf(table, col string, keep func(release.Row) bool) func(p Protected) (int64, intervals.Noise, bool) {
	return func(p Protected) (int64, intervals.Noise, bool) {
		t := p[table]
		if t == nil {
			return 0, intervals.Noise{}, false
		}
		ci := slices.Index(t.Counts, col)
		for ri, r := range t.Rows {
			if keep(r) && ci >= 0 {
				v, ok := t.Value(ri, ci)
				eps, terms := t.NoiseTerms(ri, ci)
				return v, intervals.Noise{Epsilon: eps, Terms: terms}, ok
			}
		}
		return 0, intervals.Noise{}, false
	}
}

const (
	provTable = "cases-by-province-and-gender"
	ageTable  = "cases-by-age-and-gender"
	yearTable = "cases-by-year"
	// periodTable and regionTable are in a release when some cases are known only by a band
	// of years, or some places only by their UN region (CTDC's exports).
	periodTable = "cases-by-period-and-gender"
	regionTable = "cases-by-region-and-gender"
	formsTable  = "exploitation-by-age"
	// provYearTable is cases by country, province and year (rows of (country, province, year)
	// with at least one case; a province's missing years are 0).
	provYearTable = "cases-by-province-and-year"
	// The tables of anonymize/tables_minors.go.
	minorsYearTable     = "minors-by-year-and-gender"
	minorsFormTable     = "minors-by-form-and-gender"
	minorsMilitaryTable = "minors-military-by-province-and-year"
	sectorTable         = "labour-by-sector"
	relationTable       = "cases-by-recruiter-relation"
)

// nonzero returns cells without the published zeros (a table with a row for every
// combination, such as minors in military service by province and year, prints its empty
// ones; the microdata's tables have none).
func nonzero(cells func(t *release.Table) []pcell) func(t *release.Table) []pcell {
	return func(t *release.Table) []pcell {
		var out []pcell
		for _, c := range cells(t) {
			if v, ok := t.Value(c.ri, c.ci); !ok || v != 0 {
				out = append(out, c)
			}
		}
		return out
	}
}

// labelValue is the value of a free label (sector, relation): not recorded and "unknown"
// are not known.
func labelValue(s string) value {
	switch s {
	case NotRecorded, "":
		return value{s: NotRecorded}
	case Unknown:
		return value{s: Unknown}
	}
	return value{s: s, known: true, sort: s}
}

var genderCols = []string{"female", "male", OtherOrUnknown}

// Sources of the named tables that the protected tables answer.
var (
	srcHeadline = source{table: provTable, spec: Spec{},
		cells: rowsCol("cases", func(r release.Row) bool { return r.Total && r.Labels[0] == "all countries" }, func(release.Row) []value { return nil })}
	grand = cellOf(provTable, "cases", func(r release.Row) bool { return r.Total && r.Labels[0] == "all countries" })
	// grandBounds: all countries' cases from the province table's total row (its women, men and
	// others when its cases are withheld).
	grandBounds = colSpan(provTable, "cases", func(r release.Row) bool { return r.Total && r.Labels[0] == "all countries" })
	srcProvince = source{table: provTable, spec: Spec{Dims: []string{DimProvince}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", provinceRows, func(r release.Row) []value { return []value{provinceValue(r.Labels[1])} })}
	srcCountry = source{table: provTable, spec: Spec{Dims: []string{DimCountry}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", countryRows, func(r release.Row) []value { return []value{countryValue(r.Labels[0])} })}
	srcRegion = source{table: provTable, spec: Spec{Dims: []string{DimRegion, DimSubregion}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", countryRows, func(r release.Row) []value {
			a, b := regionValues(r.Labels[0])
			return []value{a, b}
		})}
	srcKids = func(who, filter string) source {
		// The boys and the girls are the male and female columns of minors by year and
		// gender (every year, "not recorded" too): the girls whose province is known are
		// those less the girls' "(not recorded)" rows (attack-2026-11-30d finding 8).
		col := map[string]string{"boys": "male", "girls": "female"}[who]
		return source{table: who + "-by-province", spec: Spec{Dims: []string{DimProvince}, Filter: filter},
			totalBounds: colSpan(minorsYearTable, col, func(r release.Row) bool { return !r.Total }),
			cells:       rowsCol("cases", all, func(r release.Row) []value { return []value{provinceValue(r.Labels[1])} })}
	}
	srcGenderAge = source{table: ageTable, spec: Spec{Dims: []string{DimGender, DimAge}}, total: grand, totalBounds: grandBounds,
		cells: rowsCols(genderCols, func(r release.Row) bool { return !r.Total }, func(r release.Row, c string) []value {
			return []value{genderValue(c), bandOrMajority(r.Labels[0], r.Labels[1])}
		})}
	srcForm = source{table: formsTable, spec: Spec{Dims: []string{DimForm}},
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{formValue(r.Labels[0])} }),
		den:   cellOf("cases-by-form-recorded", "cases", func(r release.Row) bool { return r.Labels[0] == "yes" })}
	srcYear = source{table: yearTable, spec: Spec{Dims: []string{DimYear}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{yearValue(r.Labels[0])} })}
	// srcPeriod: cases by period when some cases are known only by a band of years (the
	// period table's periods never overlap, and every case is in one of them).
	srcPeriod = source{table: periodTable, spec: Spec{Dims: []string{DimYear}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", func(r release.Row) bool { return !r.Total }, func(r release.Row) []value { return []value{yearValue(r.Labels[0])} })}
	// srcRegionOnly: cases by UN region when some places are known only by their region (the
	// region table; its regions are the data's, such as Americas/Oceania, with no sub-region).
	srcRegionOnly = source{table: regionTable, spec: Spec{Dims: []string{DimRegion}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", func(r release.Row) bool { return !r.Total }, func(r release.Row) []value { return []value{labelValue(r.Labels[0])} })}
	srcMinorsYear = source{table: minorsYearTable, spec: Spec{Dims: []string{DimGender, DimYear}, Filter: "minors"},
		cells: rowsCols(genderCols, all, func(r release.Row, c string) []value { return []value{genderValue(c), yearValue(r.Labels[0])} })}
	// srcMinorsForm: a minor with several forms counts in each row (no denominator).
	srcMinorsForm = source{table: minorsFormTable, spec: Spec{Dims: []string{DimForm, DimGender}, Filter: "minors"},
		cells: rowsCols(genderCols, all, func(r release.Row, c string) []value { return []value{formValue(r.Labels[0]), genderValue(c)} })}
	srcMinorsMilitary = source{table: minorsMilitaryTable, spec: Spec{Dims: []string{DimProvince, DimYear}, Filter: "minors+forced-military"},
		total: cellOf("minors-by-exploitation", "cases", func(r release.Row) bool { return r.Labels[0] == formLabel(schema.IsForcedMilitary) }),
		cells: nonzero(rowsCol("cases", all, func(r release.Row) []value {
			return []value{provinceValue(r.Labels[1]), yearValue(r.Labels[2])}
		}))}
	srcSector = source{table: sectorTable, spec: Spec{Dims: []string{DimSector}, Filter: "forced-labour"},
		total: cellOf(formsTable, "cases", func(r release.Row) bool { return r.Labels[0] == formLabel(schema.IsForcedLabour) }),
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{labelValue(r.Labels[0])} })}
	srcRelation = source{table: relationTable, spec: Spec{Dims: []string{DimRelation}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{labelValue(r.Labels[0])} })}
	srcProvinceYear = source{table: provYearTable, spec: Spec{Dims: []string{DimProvince, DimYear}}, total: grand, totalBounds: grandBounds,
		cells: rowsCol("cases", all, func(r release.Row) []value {
			return []value{provinceValue(r.Labels[1]), yearValue(r.Labels[2])}
		})}
)
