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
}

// published returns a count of t and whether it is published.
func published(t *release.Table, ri, ci int) (int64, bool) { return t.Value(ri, ci) }

// countProtected counts the cells of src from the protected tables p. A cell summing several
// counts is withheld ("x") when one of them is; a withheld count keeps its label.
func countProtected(p Protected, src source, spec Spec) (*counted, filter, error) {
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
	// Each cell's bounds from its published counts and labels (denominatorBounds).
	bounds := map[*cell]*span{}
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
		if bounds[cl] == nil {
			bounds[cl] = &span{}
		}
		switch b := bounds[cl]; {
		case t.Rows[pc.ri].Rounded != nil:
			exact = false
		case ok:
			b.lo, b.hi = b.lo+float64(n), b.hi+float64(n)
		case t.Rows[pc.ri].State[pc.ci] == release.Primary:
			b.lo, b.hi = b.lo+1, b.hi+th-1
		default:
			b.hi = math.Inf(1)
		}
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
			res.knownBounds = denominatorBounds(p, src, res.cells, bounds)
		}
	}
	sortCells(res.cells, spec.ByCount)
	return res, f, nil
}

// span is a count known to lie in [lo, hi] from published counts (hi may be +Inf).
type span struct{ lo, hi float64 }

// denominatorBounds bounds the cases known on every dimension (the shares' denominator) when a
// part of it is withheld, from published counts only, as any reader can: a "<10" count lies in
// 1-9, any other withheld count is at least 0, and, with src.total, the known cells are the
// total less the cells not known. On the demo the "(not recorded)" provinces of two countries
// are withheld as complements (cases by province and year tell how many years each small
// province has, so the country's total less its provinces would pin them), and the provinces'
// shares come from these bounds. It returns nil when the bounds are not finite, or further
// apart than a tenth of the lower one (a share at the midpoint of 121-200 cases would mislead
// more than its interval tells).
func denominatorBounds(p Protected, src source, cells []*cell, bounds map[*cell]*span) *span {
	var known, unknown span
	for _, cl := range cells {
		b := bounds[cl]
		if b == nil {
			continue
		}
		if cl.known() {
			known.lo, known.hi = known.lo+b.lo, known.hi+b.hi
		} else {
			unknown.lo, unknown.hi = unknown.lo+b.lo, unknown.hi+b.hi
		}
	}
	if src.total != nil {
		if n, noise, ok := src.total(p); ok && noise.None() {
			known.lo = max(known.lo, float64(n)-unknown.hi)
			known.hi = min(known.hi, float64(n)-unknown.lo)
		}
	}
	if math.IsInf(known.hi, 1) || known.lo <= 0 || known.lo > known.hi || 10*(known.hi-known.lo) > known.lo {
		return nil
	}
	return &known
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
	grand       = cellOf(provTable, "cases", func(r release.Row) bool { return r.Total && r.Labels[0] == "all countries" })
	srcProvince = source{table: provTable, spec: Spec{Dims: []string{DimProvince}}, total: grand,
		cells: rowsCol("cases", provinceRows, func(r release.Row) []value { return []value{provinceValue(r.Labels[1])} })}
	srcCountry = source{table: provTable, spec: Spec{Dims: []string{DimCountry}}, total: grand,
		cells: rowsCol("cases", countryRows, func(r release.Row) []value { return []value{countryValue(r.Labels[0])} })}
	srcRegion = source{table: provTable, spec: Spec{Dims: []string{DimRegion, DimSubregion}}, total: grand,
		cells: rowsCol("cases", countryRows, func(r release.Row) []value {
			a, b := regionValues(r.Labels[0])
			return []value{a, b}
		})}
	srcKids = func(who, filter string) source {
		return source{table: who + "-by-province", spec: Spec{Dims: []string{DimProvince}, Filter: filter},
			cells: rowsCol("cases", all, func(r release.Row) []value { return []value{provinceValue(r.Labels[1])} })}
	}
	srcGenderAge = source{table: ageTable, spec: Spec{Dims: []string{DimGender, DimAge}}, total: grand,
		cells: rowsCols(genderCols, func(r release.Row) bool { return !r.Total }, func(r release.Row, c string) []value {
			return []value{genderValue(c), ageValue(r.Labels[1])}
		})}
	srcForm = source{table: formsTable, spec: Spec{Dims: []string{DimForm}},
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{formValue(r.Labels[0])} }),
		den:   cellOf("cases-by-form-recorded", "cases", func(r release.Row) bool { return r.Labels[0] == "yes" })}
	srcYear = source{table: yearTable, spec: Spec{Dims: []string{DimYear}}, total: grand,
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{yearValue(r.Labels[0])} })}
	// srcPeriod: cases by period when some cases are known only by a band of years (the
	// period table's periods never overlap, and every case is in one of them).
	srcPeriod = source{table: periodTable, spec: Spec{Dims: []string{DimYear}}, total: grand,
		cells: rowsCol("cases", func(r release.Row) bool { return !r.Total }, func(r release.Row) []value { return []value{yearValue(r.Labels[0])} })}
	// srcRegionOnly: cases by UN region when some places are known only by their region (the
	// region table; its regions are the data's, such as Americas/Oceania, with no sub-region).
	srcRegionOnly = source{table: regionTable, spec: Spec{Dims: []string{DimRegion}}, total: grand,
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
	srcRelation = source{table: relationTable, spec: Spec{Dims: []string{DimRelation}}, total: grand,
		cells: rowsCol("cases", all, func(r release.Row) []value { return []value{labelValue(r.Labels[0])} })}
	srcProvinceYear = source{table: provYearTable, spec: Spec{Dims: []string{DimProvince, DimYear}}, total: grand,
		cells: rowsCol("cases", all, func(r release.Row) []value {
			return []value{provinceValue(r.Labels[1]), yearValue(r.Labels[2])}
		})}
)
