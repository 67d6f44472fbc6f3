package analysis

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/schema"
)

// Labels of the values that carry no information on a dimension. Rows with them are shown
// separately (last) and left out of the denominators of proportions, as CTDC does.
const (
	NotRecorded = "(not recorded)" // NULL: the organisation did not record it
	Generalized = "(generalized)"  // "*" (or coarser than the dimension): removed to protect people
	Unknown     = "unknown"        // recorded as unknown
	// PeriodOnly: a year recorded only as a band of years (CTDC's 2015-2017), in the protected
	// tables by year (anonymize.PeriodOnly); the period table has them by period.
	PeriodOnly = "(a period only)"
)

// DefaultLevel is the confidence level of every interval.
const DefaultLevel = 0.95

// DefaultPer is the population base of rates: cases per 100,000 people.
const DefaultPer = 100000

// DefaultSmallCell is the smallest count whose derived figures (intervals, shares, rates,
// ratios) a table shows when Spec.SmallCell is zero: an interval or a share of a count of 3
// gives the count away as surely as the count itself. It matches reports.DefaultThreshold.
const DefaultSmallCell = 10

// Dimension names accepted by Spec.Dims.
const (
	DimProvince  = "province"  // province of exploitation (ISO 3166-2)
	DimCountry   = "country"   // country of exploitation (ISO 3166-1)
	DimSubregion = "subregion" // UN M49 sub-region of the place of exploitation
	DimRegion    = "region"    // UN M49 region of the place of exploitation
	DimGender    = "gender"
	DimAge       = "age"      // age band as released (CTDC band, 0-17/18+, ...)
	DimMajority  = "majority" // minor, adult
	DimForm      = "form"     // form of exploitation: multi-value, a case counts in each of its forms
	DimSector    = "sector"   // labour sector
	DimRelation  = "relation" // recruiter's relation to the person
	DimYear      = "year"     // year (or period) of registration
)

// Dimensions lists the dimension names Spec.Dims accepts.
func Dimensions() []string {
	return []string{DimProvince, DimCountry, DimSubregion, DimRegion, DimGender, DimAge, DimMajority, DimForm, DimSector, DimRelation, DimYear}
}

// Spec describes a prevalence table.
type Spec struct {
	// Dims are the dimensions, in column order (see Dimensions). None gives one row: all cases.
	Dims []string
	// Filter names the cases counted: one or more of Filters() joined by "+" or ",", e.g.
	// "boys" or "minors+forced-military". Empty counts every case.
	Filter string
	// Population, when set, adds rates per Per people with exact intervals to tables with a
	// geography dimension.
	Population *Population
	// PopulationYear, when set, is the one year whose population is the denominator of rows
	// without a year (tables without the year dimension): a rate of every year's cases over
	// one year's people, not a yearly rate.
	PopulationYear int
	// Years are the first and last years of registration of the cases counted. Rows without a
	// year get a yearly rate: their cases over the population summed over those years
	// (person-years). Prevalence sets them from the cases when zero; without them (and
	// without PopulationYear) the population table's last year is the denominator.
	Years [2]int
	// Per is the population base of rates (DefaultPer when zero).
	Per float64
	// Level is the confidence level (DefaultLevel when zero).
	Level float64
	// SmallCell: derived figures of counts from 1 to SmallCell-1 are left empty
	// (DefaultSmallCell when zero; negative shows everything, for research use only).
	SmallCell int
	// PartialYear (Trends): a period that ends in this year is not compared with the one
	// before it, as the release does not cover the year whole (0: every year is whole).
	PartialYear int
	// PartialFirst (Trends): the year one organisation's registrations begin months into (the
	// manifest's partial_first_year; 0: none): a period is compared only with one after it.
	PartialFirst int
	// ByCount orders the known rows by count, largest first, rather than by dimension values.
	ByCount bool
}

func (s Spec) level() float64 {
	if s.Level > 0 && s.Level < 1 {
		return s.Level
	}
	return DefaultLevel
}

func (s Spec) per() float64 {
	if s.Per > 0 {
		return s.Per
	}
	return DefaultPer
}

func (s Spec) smallCell() int {
	switch {
	case s.SmallCell == 0:
		return DefaultSmallCell
	case s.SmallCell < 0:
		return 0
	}
	return s.SmallCell
}

// suppressed reports whether the derived figures of count n are withheld.
func (s Spec) suppressed(n int64) bool { return n > 0 && n < int64(s.smallCell()) }

// SpecError reports a Spec that names an unknown dimension or filter.
type SpecError struct{ msg string }

func (e *SpecError) Error() string { return e.msg }

func specErrorf(format string, args ...any) error {
	return &SpecError{fmt.Sprintf(format, args...)}
}

// ---- filters ----

// filter is a named selection of cases, with the population it is a part of.
type filter struct {
	name, doc string
	where     string
	sex       string // "" any
	ageLo     int
	ageHi     int // inclusive; maxAge for open-ended
}

const maxAge = 200

var filters = []filter{
	{"boys", "male minors", "gender = 'male' AND majority_status = 'minor'", "male", 0, 17},
	{"girls", "female minors", "gender = 'female' AND majority_status = 'minor'", "female", 0, 17},
	{"minors", "people under 18", "majority_status = 'minor'", "", 0, 17},
	{"adults", "people 18 and over", "majority_status = 'adult'", "", 18, maxAge},
	{"women", "female adults", "gender = 'female' AND majority_status = 'adult'", "female", 18, maxAge},
	{"men", "male adults", "gender = 'male' AND majority_status = 'adult'", "male", 18, maxAge},
	{"female", "women and girls", "gender = 'female'", "female", 0, maxAge},
	{"male", "men and boys", "gender = 'male'", "male", 0, maxAge},
	{"sexual-exploitation", "cases of sexual exploitation", "is_sexual_exploitation", "", 0, maxAge},
	{"forced-labour", "cases of forced labour", "is_forced_labour", "", 0, maxAge},
	{"forced-marriage", "cases of forced marriage", "is_forced_marriage", "", 0, maxAge},
	{"forced-military", "cases of forced military service", "is_forced_military", "", 0, maxAge},
	{"other-exploitation", "cases of other exploitation", "is_other_exploitation", "", 0, maxAge},
}

// Filters lists the filter names Spec.Filter accepts, with what they select.
func Filters() [][2]string {
	out := make([][2]string, len(filters))
	for i, f := range filters {
		out[i] = [2]string{f.name, f.doc}
	}
	return out
}

// parseFilter combines the named filters of s into one: the SQL condition, and the sex and
// age range of the population the cases belong to.
func parseFilter(s string) (filter, error) {
	out := filter{where: "true", ageHi: maxAge}
	var conds []string
	for _, name := range strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == ',' || r == ' ' }) {
		i := slices.IndexFunc(filters, func(f filter) bool { return f.name == strings.ToLower(name) })
		if i < 0 {
			var names []string
			for _, f := range filters {
				names = append(names, f.name)
			}
			return filter{}, specErrorf("unknown filter %q (want %s)", name, strings.Join(names, ", "))
		}
		f := filters[i]
		conds = append(conds, "("+f.where+")")
		if f.sex != "" {
			if out.sex != "" && out.sex != f.sex {
				out.where = "false"
			}
			out.sex = f.sex
		}
		out.ageLo, out.ageHi = max(out.ageLo, f.ageLo), min(out.ageHi, f.ageHi)
	}
	if len(conds) > 0 && out.where != "false" {
		out.where = strings.Join(conds, " AND ")
	}
	if out.ageLo > out.ageHi {
		out.where = "false"
	}
	return out, nil
}

// ---- dimensions ----

// value is one value of a dimension for a group of cases.
type value struct {
	s     string
	known bool
	sort  string // sort key among known values
}

// dim is a dimension: the release columns it reads and how it turns them into values.
type dim struct {
	name    string
	columns []string // output columns: the value, then extras (names)
	raw     []string // release columns read
	// values returns the dimension's values for one group of raw columns (several for
	// multi-valued dimensions) and the extra output columns of each.
	values func(raw []any) []value
	extra  func(v value) []any
}

func str(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// simple is the value of a string column with the missing-value conventions.
func simple(v any, unknown ...string) value {
	s, ok := str(v)
	switch {
	case !ok:
		return value{s: NotRecorded}
	case s == "*":
		return value{s: Generalized}
	case s == "" || slices.Contains(unknown, s):
		return value{s: Unknown}
	}
	return value{s: s, known: true, sort: s}
}

// subregions maps UN M49 sub-region and region names to their region.
var regionOf = func() map[string]string {
	m := map[string]string{}
	for _, c := range geo.Countries() {
		if c.Region != "" {
			m[c.SubRegion] = c.Region
			m[c.Region] = c.Region
		}
	}
	return m
}()

// place returns the country code of a case from its country and province columns, or the
// generalized value (a sub-region or region name, "*") with known false.
func place(country, province any) (string, value) {
	c, ok := str(country)
	if !ok || c == "" {
		if p, ok := str(province); ok && geo.CountryOfProvince(p) != "" {
			return geo.CountryOfProvince(p), value{}
		}
		return "", value{s: NotRecorded}
	}
	if _, ok := geo.CountryByCode(c); ok && len(c) == 2 {
		return strings.ToUpper(c), value{}
	}
	return "", value{s: c}
}

func ageSort(s string) string {
	if i := slices.Index(schema.AgeBands, s); i >= 0 {
		return fmt.Sprintf("%02d", i)
	}
	switch s {
	case "0-17":
		return "00~"
	case "18+":
		return "02~"
	}
	return "99" + s
}

var dims = map[string]dim{
	DimProvince: {
		name: DimProvince, columns: []string{"province", "province_name"},
		raw: []string{schema.ProvinceOfExploitation},
		values: func(raw []any) []value {
			v := simple(raw[0])
			if v.known {
				if _, ok := geo.ProvinceByCode(v.s); !ok {
					v = value{s: Generalized} // a region name in the province column
				}
			}
			return []value{v}
		},
		extra: func(v value) []any {
			if p, ok := geo.ProvinceByCode(v.s); ok && v.known {
				return []any{p.Name}
			}
			return []any{nil}
		},
	},
	DimCountry: {
		name: DimCountry, columns: []string{"country", "country_name"},
		raw: []string{schema.CountryOfExploitation, schema.ProvinceOfExploitation},
		values: func(raw []any) []value {
			cc, v := place(raw[0], raw[1])
			if cc != "" {
				return []value{{s: cc, known: true, sort: cc}}
			}
			if v.s != NotRecorded {
				v.s = Generalized
			}
			return []value{v}
		},
		extra: func(v value) []any {
			if c, ok := geo.CountryByCode(v.s); ok && v.known {
				return []any{c.Name}
			}
			return []any{nil}
		},
	},
	DimSubregion: {
		name: DimSubregion, columns: []string{"subregion"},
		raw: []string{schema.CountryOfExploitation, schema.ProvinceOfExploitation},
		values: func(raw []any) []value {
			cc, v := place(raw[0], raw[1])
			if cc != "" {
				c, _ := geo.CountryByCode(cc)
				if c.SubRegion != "" {
					return []value{{s: c.SubRegion, known: true, sort: c.SubRegion}}
				}
				return []value{{s: Unknown}}
			}
			if r, ok := regionOf[v.s]; ok && r != v.s {
				return []value{{s: v.s, known: true, sort: v.s}}
			}
			if v.s != NotRecorded {
				v.s = Generalized
			}
			return []value{v}
		},
	},
	DimRegion: {
		name: DimRegion, columns: []string{"region"},
		raw: []string{schema.CountryOfExploitation, schema.ProvinceOfExploitation, schema.RegionOfExploitation},
		values: func(raw []any) []value {
			if r := simple(raw[2]); r.known && r.s != "*" {
				// The release's region: as recorded when only the region is known, else filled
				// from the country at the coarser levels (a union of regions included).
				return []value{{s: r.s, known: true, sort: r.s}}
			}
			cc, v := place(raw[0], raw[1])
			if cc != "" {
				c, _ := geo.CountryByCode(cc)
				if c.Region != "" {
					return []value{{s: c.Region, known: true, sort: c.Region}}
				}
				return []value{{s: Unknown}}
			}
			if r, ok := regionOf[v.s]; ok {
				return []value{{s: r, known: true, sort: r}}
			}
			if v.s != NotRecorded {
				v.s = Generalized
			}
			return []value{v}
		},
	},
	DimGender: {
		name: DimGender, columns: []string{"gender"}, raw: []string{schema.Gender},
		values: func(raw []any) []value { return []value{simple(raw[0], "unknown")} },
	},
	DimAge: {
		name: DimAge, columns: []string{"age_band"}, raw: []string{schema.AgeBand},
		values: func(raw []any) []value {
			v := simple(raw[0], "unknown")
			v.sort = ageSort(v.s)
			return []value{v}
		},
	},
	DimMajority: {
		name: DimMajority, columns: []string{"majority_status"}, raw: []string{schema.MajorityStatus},
		values: func(raw []any) []value {
			v := simple(raw[0], "unknown")
			if v.s == "adult" {
				v.sort = "~" // minors first
			}
			return []value{v}
		},
	},
	DimForm: {
		name: DimForm, columns: []string{"form"},
		raw: func() []string {
			var r []string
			for _, e := range schema.ExploitationFlags {
				r = append(r, e.Field)
			}
			return r
		}(),
		values: func(raw []any) []value {
			var out []value
			anyFalse := false
			for i, e := range schema.ExploitationFlags {
				b, ok := raw[i].(bool)
				if ok && b {
					out = append(out, value{s: e.Label, known: true, sort: fmt.Sprint(i)})
				}
				anyFalse = anyFalse || ok
			}
			if len(out) == 0 {
				if anyFalse {
					return []value{{s: Unknown}}
				}
				return []value{{s: NotRecorded}}
			}
			return out
		},
	},
	DimSector: {
		name: DimSector, columns: []string{"labour_sector"}, raw: []string{schema.LabourSector},
		values: func(raw []any) []value { return []value{simple(raw[0], "unknown")} },
	},
	DimRelation: {
		name: DimRelation, columns: []string{"recruiter_relation"}, raw: []string{schema.RecruiterRelation},
		values: func(raw []any) []value { return []value{simple(raw[0], "unknown")} },
	},
	DimYear: {
		name: DimYear, columns: []string{"year"}, raw: []string{schema.YearOfRegistration, schema.RegistrationPeriod},
		values: func(raw []any) []value {
			v := simple(raw[0], "unknown")
			if p := simple(raw[1]); p.known && (!v.known || v.s == "*") {
				v = p // a case known only by a period, or a release generalized to periods
			}
			if v.known {
				if _, _, ok := period(v.s); !ok {
					v = value{s: Generalized}
				}
			}
			return []value{v}
		},
	},
}

// optionalColumns are release columns added after the first releases (places and years known
// at a coarser level); a query over an older release reads them as not recorded.
var optionalColumns = []string{schema.RegistrationPeriod, schema.CitizenshipRegion, schema.RegionOfExploitation}

// absentColumns returns which of cols the release's cases lack.
func absentColumns(ctx context.Context, db *sql.DB, cols []string) map[string]bool {
	rows, err := db.QueryContext(ctx, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return nil
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var c string
		if rows.Scan(&c) == nil {
			have[c] = true
		}
	}
	out := map[string]bool{}
	for _, c := range cols {
		if !have[c] {
			out[c] = true
		}
	}
	return out
}

// period parses a year ("2023") or a period of years ("2020-2024").
func period(s string) (from, to int, ok bool) {
	a, b, isRange := strings.Cut(s, "-")
	from, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, false
	}
	to = from
	if isRange {
		if to, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || to < from {
			return 0, 0, false
		}
	}
	return from, to, true
}

// ---- the builder ----

// cell is one output row being counted.
type cell struct {
	vals  []value
	count int64
	// label is set when the count is withheld (a protected table's "<10" or "x"); count is
	// then 0 and every figure derived from it is withheld too.
	label string
	// least, when label is "x" (withheld to protect another count), is the least the
	// published tables allow the count (CentreGapsProtected); 0 when they bound it by no more.
	least float64
	// most is the most the published tables allow such a count (+Inf when nothing bounds it).
	most float64
	// carried, when hasCarried, is the count an earlier release of the series printed of a
	// withheld count whose bounds are too wide for their midpoint (CentreGapsProtected).
	carried    float64
	hasCarried bool
	// carriedWhole, when not "": carried is from the count of the group's gender at all ages
	// an earlier release printed, its own count never printed (carryWhole): the note saying
	// how (CarriedWhole or CarriedWholeBounded), or from the interval the release before
	// placed it in (CarriedPlaced).
	carriedWhole string
	// carriedSpan is the width of the interval carriedWhole's value stands for (carryWhole:
	// from the least then, or today's, to the gender's count then), which carryPlaced's
	// narrower one replaces.
	carriedSpan float64
	// noise is the discrete Laplace noise in a protected table's count (none for the
	// microdata's): its intervals widen to cover it.
	noise intervals.Noise
}

// counted is the result of counting: cells in output order and the denominator.
type counted struct {
	dims  []dim
	cells []*cell
	// known is the number of cases known on every dimension: the denominator of shares;
	// knownOK is false when it is withheld (a part of it is), or when there is none (known
	// is then -1: a multi-valued dimension without a published denominator).
	known   int64
	knownOK bool
	// knownNoise is the noise in known (protected tables with noise).
	knownNoise intervals.Noise
	// knownBounds, when known is withheld, bounds it from the published counts (protected
	// tables without noise: denominatorBounds); nil when they do not.
	knownBounds *span
	// carriedUsed names the centre-gap groups (province, gender, majority) counted from the
	// value an earlier release printed, with that value (gapsTable).
	carriedUsed map[[3]string]float64
	// carriedWhole names those of them counted from their gender's count at all ages an
	// earlier release printed (carryWhole), with the note saying how (cell.carriedWhole).
	carriedWhole map[[3]string]string
	// formNote is set when a case can count in several rows.
	multi bool
}

// count runs the grouping query of spec over the victims and counts the cells.
func count(ctx context.Context, db *sql.DB, spec Spec) (*counted, filter, error) {
	return countFrom(ctx, db, "victims", spec)
}

// countFrom is count over the relation from (a view, or a subquery in parentheses) of the
// release's cases: the centre gaps count the people at risk, outside the victims view, with it.
func countFrom(ctx context.Context, db *sql.DB, from string, spec Spec) (*counted, filter, error) {
	f, err := parseFilter(spec.Filter)
	if err != nil {
		return nil, f, err
	}
	res := &counted{knownOK: true}
	var raw []string
	offset := make([]int, len(spec.Dims))
	for i, name := range spec.Dims {
		d, ok := dims[strings.ToLower(name)]
		if !ok {
			return nil, f, specErrorf("unknown dimension %q (want %s)", name, strings.Join(Dimensions(), ", "))
		}
		if slices.ContainsFunc(res.dims, func(e dim) bool { return e.name == d.name }) {
			return nil, f, specErrorf("dimension %q given twice", name)
		}
		res.dims = append(res.dims, d)
		offset[i] = len(raw)
		raw = append(raw, d.raw...)
		res.multi = res.multi || d.name == DimForm
	}
	// Group on the distinct raw columns only.
	var cols []string
	for _, c := range raw {
		if !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	q := "SELECT count(*) AS n FROM " + from + " WHERE " + f.where
	if len(cols) > 0 {
		sel := slices.Clone(cols)
		if missing := absentColumns(ctx, db, optionalColumns); len(missing) > 0 {
			for i, c := range sel {
				if missing[c] { // a release written before the column existed: not recorded
					sel[i] = "NULL::VARCHAR AS " + c
				}
			}
		}
		q = fmt.Sprintf("SELECT %s, count(*) AS n FROM %s WHERE %s GROUP BY ALL", strings.Join(sel, ", "), from, f.where)
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, f, err
	}
	defer rows.Close()
	byKey := map[string]*cell{}
	vals := make([]any, len(cols)+1)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rawRow := make([]any, len(raw))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, f, err
		}
		for i, c := range raw {
			rawRow[i] = normalize(vals[slices.Index(cols, c)])
		}
		n, _ := normalize(vals[len(cols)]).(int64)
		// The values of each dimension, then every combination.
		per := make([][]value, len(res.dims))
		allKnown := true
		for i, d := range res.dims {
			per[i] = d.values(rawRow[offset[i] : offset[i]+len(d.raw)])
			allKnown = allKnown && per[i][0].known
		}
		if allKnown {
			res.known += n
		}
		combos := [][]value{{}}
		for _, vs := range per {
			var next [][]value
			for _, c := range combos {
				for _, v := range vs {
					next = append(next, append(slices.Clone(c), v))
				}
			}
			combos = next
		}
		for _, c := range combos {
			var key strings.Builder
			for _, v := range c {
				key.WriteString(v.s)
				key.WriteByte(0)
			}
			k := key.String()
			if byKey[k] == nil {
				byKey[k] = &cell{vals: c}
				res.cells = append(res.cells, byKey[k])
			}
			byKey[k].count += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, f, err
	}
	if len(res.dims) == 0 && len(res.cells) == 0 {
		res.cells = []*cell{{}}
	}
	sortCells(res.cells, spec.ByCount)
	return res, f, nil
}

func (c *cell) known() bool {
	for _, v := range c.vals {
		if !v.known {
			return false
		}
	}
	return true
}

// sortCells puts known rows first (by dimension values, or by count), then the others.
func sortCells(cells []*cell, byCount bool) {
	sort.SliceStable(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if ka, kb := a.known(), b.known(); ka != kb {
			return ka
		}
		if byCount && a.count != b.count {
			return a.count > b.count
		}
		for k := range a.vals {
			va, vb := a.vals[k], b.vals[k]
			if va.known != vb.known {
				return va.known
			}
			if va.sort != vb.sort {
				return va.sort < vb.sort
			}
			if va.s != vb.s {
				return va.s < vb.s
			}
		}
		return false
	})
}

// Prevalence counts the cases selected by spec.Filter by spec.Dims, with exact Poisson
// (Garwood) intervals for the counts and, for rows known on every dimension, the proportion of
// the cases known on every dimension with its Wilson interval. Rows with a missing, unknown or
// generalized value come last and are not in the denominator. With spec.Population, rows with
// a geography dimension get a rate per spec.Per people with its exact interval.
//
// Columns: the dimensions' columns, cases, cases_lower, cases_upper, share, share_lower,
// share_upper (not without dimensions), and with a population population, rate, rate_lower, rate_upper. Derived
// figures of counts below spec.SmallCell are left empty. Counts of protected tables published
// with noise get intervals that cover the noise too (intervals.PoissonNoisy, WilsonNoisy,
// RateNoisy: a union bound over the sampling and the noise).
func Prevalence(ctx context.Context, db *sql.DB, spec Spec) (*Table, error) {
	c, f, err := count(ctx, db, spec)
	if err != nil {
		return nil, err
	}
	if spec.Population != nil && spec.Years == [2]int{} {
		if spec.Years, err = casesYears(ctx, db); err != nil {
			return nil, err
		}
	}
	return prevalenceTable(c, f, spec), nil
}

// casesYears returns the first and last years of registration of the victims in the
// microdata (a period's years included; zeros when none is known).
func casesYears(ctx context.Context, db *sql.DB) ([2]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT DISTINCT CAST("+schema.YearOfRegistration+" AS VARCHAR), CAST("+
		schema.RegistrationPeriod+" AS VARCHAR) FROM victims")
	if err != nil {
		return [2]int{}, err
	}
	defer rows.Close()
	var span [2]int
	for rows.Next() {
		var y, p sql.NullString
		if err := rows.Scan(&y, &p); err != nil {
			return [2]int{}, err
		}
		for _, v := range []sql.NullString{y, p} {
			if from, to, ok := period(v.String); v.Valid && ok {
				span = widen(span, from, to)
			}
		}
	}
	return span, rows.Err()
}

// widen returns span widened to hold from..to (a zero span holds nothing).
func widen(span [2]int, from, to int) [2]int {
	if span[0] == 0 || from < span[0] {
		span[0] = from
	}
	span[1] = max(span[1], to)
	return span
}

// prevalenceTable is Prevalence over counted cells (of the microdata or of protected tables).
// A withheld count is shown by its label, with nothing derived from it; shares are withheld
// when their denominator is.
func prevalenceTable(c *counted, f filter, spec Spec) *Table {
	t := &Table{Rows: [][]any{}}
	for _, d := range c.dims {
		t.Columns = append(t.Columns, d.columns...)
	}
	// A table without dimensions is one row of all cases: it has no share.
	withShare := len(c.dims) > 0
	t.Columns = append(t.Columns, "cases", "cases_lower", "cases_upper")
	if withShare {
		t.Columns = append(t.Columns, "share", "share_lower", "share_upper")
	}
	var pq *popQuerier
	if spec.Population != nil {
		pq = newPopQuerier(spec, c.dims, f)
		if pq != nil {
			t.Columns = append(t.Columns, "population", "rate", "rate_lower", "rate_upper")
			t.RateNote = pq.note
		}
	}
	level := spec.level()
	for _, cl := range c.cells {
		row := cl.dimCells(c.dims)
		ci := intervals.PoissonNoisy(int(cl.count), cl.noise, level)
		row = append(row, cl.count, round(ci.Lower, 2), round(ci.Upper, 2))
		switch {
		case !withShare:
		case cl.known() && cl.label == "" && !c.knownOK && c.known >= 0 && c.knownBounds != nil && cl.noise.None():
			// The denominator is withheld (a part of it is) but bounded by the published
			// counts: the share at the bounds' midpoint, with an interval that holds for any
			// denominator in the bounds (Wilson's limits fall as the denominator grows).
			lo, hi := int(c.knownBounds.lo), int(c.knownBounds.hi)
			mid := intervals.Wilson(int(cl.count), (lo+hi)/2, level)
			t.ShareNote = fmt.Sprintf("the shares' denominator (the cases known on every dimension) is withheld, and the published tables bound it to %d-%d: "+
				"each share is given over %d, the middle of the bounds, and its interval holds for any denominator in them", lo, hi, (lo+hi)/2)
			row = append(row, round(mid.Estimate, 4), round(intervals.Wilson(int(cl.count), hi, level).Lower, 4), round(intervals.Wilson(int(cl.count), lo, level).Upper, 4))
		case cl.known() && cl.label == "" && !c.knownOK && c.known >= 0:
			// The denominator is withheld (a part of it is): the share says so.
			row = append(row, "withheld", nil, nil)
		case cl.known() && c.known > 0 && c.knownOK && cl.label == "":
			w := intervals.WilsonNoisy(int(cl.count), cl.noise, int(c.known), c.knownNoise, level)
			row = append(row, round(w.Estimate, 4), round(w.Lower, 4), round(w.Upper, 4))
		default:
			row = append(row, nil, nil, nil)
		}
		if pq != nil {
			if pop, ok := pq.population(cl.vals); ok {
				r := intervals.RateNoisy(int(cl.count), cl.noise, pop, spec.per(), level)
				row = append(row, int64(math.Round(pop)), round(r.Estimate, 3), round(r.Lower, 3), round(r.Upper, 3))
			} else {
				row = append(row, nil, nil, nil, nil)
			}
		}
		if spec.suppressed(cl.count) || cl.label != "" {
			for i := indexOf(t.Columns, "cases") + 1; i < len(row); i++ {
				if t.Columns[i] != "population" {
					row[i] = nil
				}
			}
		}
		if cl.label != "" {
			row[indexOf(t.Columns, "cases")] = cl.label
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func indexOf(cols []string, c string) int { return slices.Index(cols, c) }

// dimCells returns the output cells of the dimensions of cl.
func (cl *cell) dimCells(ds []dim) []any {
	var row []any
	for i, d := range ds {
		row = append(row, cl.vals[i].s)
		if d.extra != nil {
			row = append(row, d.extra(cl.vals[i])...)
		}
	}
	return row
}

// round rounds x to d decimals; NaN and infinities become nil (JSON cannot hold them).
// roundP rounds a p-value to four decimals, or below 0.0001 to two significant digits (nil for
// NaN): 3e-12 stays 3e-12, where four decimals printed 0, a p-value no test gives.
func roundP(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	if x == 0 || math.Abs(x) >= 1e-4 {
		return round(x, 4)
	}
	p := math.Pow(10, 2-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

func round(x float64, d int) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}
