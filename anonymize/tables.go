package anonymize

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/schema"
)

// Tables out: the publication tables, counted from the finest cross-classification of the
// collected records (facts) at full precision, with the relations between their counts that
// an attacker can use. Rows are in label order, never by count: an order by count would tell
// how withheld counts compare.

// NotRecorded labels the group of cases that have no value for a label column.
const NotRecorded = "(not recorded)"

// TableDims are the dimensions a declared table may cross.
var TableDims = []string{"country", "province", "region", "gender", "majority_status", "age_band", "year", "period"}

// DeclaredTable is a table a user declares in the config: cases by the cross-classification
// of Dims (names in TableDims; "province" implies "country").
type DeclaredTable struct {
	Name  string   `yaml:"name"`
	Title string   `yaml:"title"`
	Dims  []string `yaml:"dims"`
	// marginsOnly links the table by its one-dimension margins only, without the hidden cells
	// of declaredCells (tests: the attack must then recover counts).
	marginsOnly bool
}

// formCols are the forms of exploitation of the boys' and girls' tables (flag indexes).
var formCols = []int{0, 1, 3}

var genderCols = []string{"cases", "female", "male", "other_or_unknown"}

// tableSet is a set of tables and the relations between their counts.
type tableSet struct {
	f      *facts
	tables []*CountTable
	links  Links
	byName map[string]int
	rows   map[string]map[string]int // table name -> joined labels -> row
	curves []curve                   // rows published as cumulative curves (outcome tables)
	// needs are rows whose figures rest on counts of other rows (figureNeed).
	needs []figureNeed
	// censored holds, per outcome curve (its cohort: the 0-month at_risk), the hidden cells
	// of those censored between its points (intervalEvents; tieCohorts).
	censored map[Ref][]Ref
	// minCell is the small-cell threshold, for the figures that must not rest on small counts.
	minCell int
	// protectWith replaces Protect in the joint audit's rounds (reprotect), for tests only.
	protectWith func([]*CountTable, Links, Protection) (AuditReport, error)
}

func (s *tableSet) add(t *CountTable) int {
	s.tables = append(s.tables, t)
	i := len(s.tables) - 1
	s.byName[t.Name] = i
	s.rows[t.Name] = map[string]int{}
	for ri, r := range t.Rows {
		s.rows[t.Name][strings.Join(r.Labels, "\x00")] = ri
	}
	return i
}

func (s *tableSet) eq(plus, minus []Ref) {
	if len(plus)+len(minus) > 1 {
		s.links.Eqs = append(s.links.Eqs, Eq{Plus: plus, Minus: minus})
	}
}

func (s *tableSet) le(small, large []Ref) {
	if len(small) > 0 && len(large) > 0 {
		s.links.Les = append(s.links.Les, Le{Small: small, Large: large})
	}
}

// col returns the refs of column c over the rows of table ti that keep says.
func (s *tableSet) col(ti, c int, keep func(CountRow) bool) []Ref {
	var out []Ref
	for ri, r := range s.tables[ti].Rows {
		if keep(r) {
			out = append(out, Ref{ti, ri, c})
		}
	}
	return out
}

func inner(r CountRow) bool { return !r.Total }
func anyRow(CountRow) bool  { return true }

// rowEqs adds total column = sum of the other columns, for every row of table ti.
func (s *tableSet) rowEqs(ti int) {
	t := s.tables[ti]
	for ri := range t.Rows {
		var plus, minus []Ref
		for ci, tot := range t.TotalCols {
			if tot {
				plus = append(plus, Ref{ti, ri, ci})
			} else {
				minus = append(minus, Ref{ti, ri, ci})
			}
		}
		s.eq(plus, minus)
	}
}

// colEqs adds, for every count column, the row total = the sum of the rows keep says.
func (s *tableSet) colEqs(ti, total int, keep func(CountRow) bool) {
	for c := range s.tables[ti].Counts {
		s.eq([]Ref{{ti, total, c}}, s.col(ti, c, keep))
	}
}

func label(v string) string {
	if v == "" {
		return NotRecorded
	}
	return v
}

// grouped sums the facts into rows: key gives a fact's row labels (ok false: in no row), and
// value adds a fact's count to the row's counts.
func (s *tableSet) grouped(n int, key func(k cellKey) ([]string, bool), value func(k cellKey, v []int64, count int64)) ([][]string, [][]int64) {
	at := map[string]int{}
	var labels [][]string
	var values [][]int64
	for i, k := range s.f.cells {
		ls, ok := key(k)
		if !ok {
			continue
		}
		j := strings.Join(ls, "\x00")
		r, ok := at[j]
		if !ok {
			r = len(labels)
			at[j] = r
			labels = append(labels, ls)
			values = append(values, make([]int64, n))
		}
		value(k, values[r], s.f.counts[i])
	}
	idx := make([]int, len(labels))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lexLess(labels[idx[a]], labels[idx[b]]) })
	var l [][]string
	var v [][]int64
	for _, i := range idx {
		l, v = append(l, labels[i]), append(v, values[i])
	}
	return l, v
}

func byGender(k cellKey, v []int64, n int64) {
	v[0] += n
	v[1+int(k.gender)] += n
}

func sumRows(rows []CountRow, n int) []int64 {
	out := make([]int64, n)
	for _, r := range rows {
		for i, v := range r.Values {
			out[i] += v
		}
	}
	return out
}

// standardTables counts the standard set and the declared tables from f and links them.
func standardTables(f *facts, declared []DeclaredTable) (*tableSet, error) {
	return buildTables(f, declared, false)
}

// ProvinceYearTable is the name of cases by province and year: a table declared in the
// config by this name, over province and year, is built as the one that the province trends
// and the centre gaps' trend read (with its hidden cells, so that its audit is exact).
const ProvinceYearTable = "cases-by-province-and-year"

// buildTables is standardTables, with cases by province and year (every province's years
// listed) when provinceYear is set or a declared table asks for it (ProvinceYearTable).
func buildTables(f *facts, declared []DeclaredTable, provinceYear bool) (*tableSet, error) {
	return buildTablesYears(f, declared, provinceYears{on: provinceYear})
}

// provinceYears says whether a set has cases by province and year, and which provinces'
// years it lists: those with at least min cases, and those of listed (a previous release's
// rows: a province listed once stays listed, so that its rows never vanish between releases).
// The other provinces' years are hidden cells only (provinceYearGroups).
type provinceYears struct {
	on     bool
	min    int64
	listed map[[2]string]bool
}

// buildTablesYears is buildTables with the province × year table's listing given.
func buildTablesYears(f *facts, declared []DeclaredTable, py provinceYears) (*tableSet, error) {
	provinceYear := py.on
	var rest []DeclaredTable
	for _, d := range declared {
		if d.Name != ProvinceYearTable {
			rest = append(rest, d)
			continue
		}
		if !slices.Equal(d.Dims, []string{"province", "year"}) {
			return nil, fmt.Errorf("anonymize: table %q is the built-in cases by province and year: declare it with dims [province, year] (got %v), or give another name", d.Name, d.Dims)
		}
		provinceYear = true
	}
	declared = rest
	fine := f
	f = f.coarse() // the tables that read sector or relation count fine (sectorTables)
	s := &tableSet{f: f, byName: map[string]int{}, rows: map[string]map[string]int{}}
	totalCols := []bool{true, false, false, false}
	place := func(k cellKey) []string {
		p := f.places[k.place]
		return []string{label(p[0]), label(p[1])}
	}

	// Province by gender: provinces within countries within all countries.
	pl, pv := s.grouped(4, func(k cellKey) ([]string, bool) { return place(k), true }, byGender)
	prov := &CountTable{Name: "cases-by-province-and-gender", Title: "Cases by country and province of exploitation and gender",
		Note:   "Every case counts once. Country rows are the sums of their provinces; the last row is the sum of the countries.",
		Labels: []string{"country", "province"}, Counts: genderCols, TotalCols: totalCols,
		Margins: "cases = female + male + other_or_unknown in every row; each country row is the sum of its provinces; the all-countries row is the sum of the country rows"}
	var countryRows []int
	for i := 0; i < len(pl); {
		c := pl[i][0]
		start := len(prov.Rows)
		prov.Rows = append(prov.Rows, CountRow{Labels: []string{c, "all provinces"}, Total: true})
		countryRows = append(countryRows, start)
		for ; i < len(pl) && pl[i][0] == c; i++ {
			prov.Rows = append(prov.Rows, CountRow{Labels: pl[i], Values: pv[i]})
		}
		prov.Rows[start].Values = sumRows(prov.Rows[start+1:], 4)
	}
	grand := CountRow{Labels: []string{"all countries", ""}, Total: true, Values: make([]int64, 4)}
	for _, ci := range countryRows {
		for k, v := range prov.Rows[ci].Values {
			grand.Values[k] += v
		}
	}
	prov.Rows = append(prov.Rows, grand)
	pi := s.add(prov)
	s.rowEqs(pi)
	pGrand := len(prov.Rows) - 1
	for k, start := range countryRows {
		end := pGrand
		if k+1 < len(countryRows) {
			end = countryRows[k+1]
		}
		for c := range genderCols {
			var parts []Ref
			for r := start + 1; r < end; r++ {
				parts = append(parts, Ref{pi, r, c})
			}
			s.eq([]Ref{{pi, start, c}}, parts)
		}
	}
	for c := range genderCols {
		var parts []Ref
		for _, r := range countryRows {
			parts = append(parts, Ref{pi, r, c})
		}
		s.eq([]Ref{{pi, pGrand, c}}, parts)
	}

	// Age by gender (the pyramid).
	al, av := s.grouped(4, func(k cellKey) ([]string, bool) {
		a := f.ages[k.age]
		return []string{label(a[0]), label(a[1])}, true
	}, byGender)
	idx := make([]int, len(al))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ma, mb := majorityRank(al[idx[a]][0]), majorityRank(al[idx[b]][0])
		if ma != mb {
			return ma < mb
		}
		return lexLess(al[idx[a]], al[idx[b]])
	})
	age := &CountTable{Name: "cases-by-age-and-gender", Title: "Cases by age group and gender",
		Note:   "Age band at registration; every case counts once.",
		Labels: []string{"majority_status", "age_band"}, Counts: genderCols, TotalCols: totalCols,
		Margins: "cases = female + male + other_or_unknown in every row; the all-ages row is the sum of the rows",
		// The gender split is the table's point: a small other_or_unknown count is protected
		// by withholding its band's total before the girls' or boys' count.
		Keep: []bool{false, true, true, false}}
	for _, i := range idx {
		age.Rows = append(age.Rows, CountRow{Labels: al[i], Values: av[i]})
	}
	age.Rows = append(age.Rows, CountRow{Labels: []string{"all ages", ""}, Values: sumRows(age.Rows, 4), Total: true})
	ai := s.add(age)
	s.rowEqs(ai)
	aTotal := len(age.Rows) - 1
	s.colEqs(ai, aTotal, inner)
	minorRows := func(r CountRow) bool { return !r.Total && r.Labels[0] == "minor" }

	// Year by gender (the trend).
	yl, yv := s.grouped(4, func(k cellKey) ([]string, bool) { return []string{f.yearLabel(k)}, true }, byGender)
	year := &CountTable{Name: "cases-by-year-and-gender", Title: "Cases by year of registration and gender",
		Note:   "Year of registration; every case counts once.",
		Labels: []string{"year"}, Counts: genderCols, TotalCols: totalCols,
		Margins: "cases = female + male + other_or_unknown in every row; the all-years row is the sum of the rows"}
	for i := range yl {
		year.Rows = append(year.Rows, CountRow{Labels: yl[i], Values: yv[i]})
	}
	year.Rows = append(year.Rows, CountRow{Labels: []string{"all years"}, Values: sumRows(year.Rows, 4), Total: true})
	yi := s.add(year)
	s.rowEqs(yi)
	yTotal := len(year.Rows) - 1
	s.colEqs(yi, yTotal, inner)
	for c := range genderCols {
		s.eq([]Ref{{pi, pGrand, c}}, []Ref{{ai, aTotal, c}})
		s.eq([]Ref{{pi, pGrand, c}}, []Ref{{yi, yTotal, c}})
	}

	// Forms of exploitation by age group.
	forms := &CountTable{Name: "exploitation-by-age", Title: "Forms of exploitation by age group (a case with several forms counts in each)",
		Note:   "The forms are not exclusive: a case with several forms counts in each, so the rows do not add up to the number of cases.",
		Labels: []string{"form"}, Counts: []string{"cases", "minors", "adults", "age_unknown"}, TotalCols: totalCols,
		Margins: "cases = minors + adults + age_unknown in every row; the rows have no total (the forms overlap)"}
	for j, e := range schema.ExploitationFlags {
		v := make([]int64, 4)
		for i, k := range f.cells {
			if k.forms&(1<<j) == 0 {
				continue
			}
			n := f.counts[i]
			v[0] += n
			switch f.majority(k) {
			case "minor":
				v[1] += n
			case "adult":
				v[2] += n
			default:
				v[3] += n
			}
		}
		forms.Rows = append(forms.Rows, CountRow{Labels: []string{e.Label}, Values: v})
	}
	fi := s.add(forms)
	s.rowEqs(fi)
	adultRows := func(r CountRow) bool { return !r.Total && r.Labels[0] == "adult" }
	otherRows := func(r CountRow) bool { return !r.Total && r.Labels[0] != "adult" && r.Labels[0] != "minor" }
	for ri := range forms.Rows {
		s.le([]Ref{{fi, ri, 0}}, []Ref{{pi, pGrand, 0}})
		s.le([]Ref{{fi, ri, 1}}, s.col(ai, 0, minorRows))
		s.le([]Ref{{fi, ri, 2}}, s.col(ai, 0, adultRows))
		s.le([]Ref{{fi, ri, 3}}, s.col(ai, 0, otherRows))
	}

	// Boys and girls by province and form, with the cells no table prints that they bound.
	kids := map[uint8]int{}
	for _, g := range []uint8{gMale, gFemale} {
		who := map[uint8]string{gMale: "boys", gFemale: "girls"}[g]
		cols := []string{"cases"}
		for _, j := range formCols {
			cols = append(cols, strings.TrimPrefix(schema.ExploitationFlags[j].Field, "is_"))
		}
		kl, kv := s.grouped(len(cols), func(k cellKey) ([]string, bool) {
			return place(k), k.gender == g && f.majority(k) == "minor"
		}, func(k cellKey, v []int64, n int64) {
			v[0] += n
			for c, j := range formCols {
				if k.forms&(1<<j) != 0 {
					v[1+c] += n
				}
			}
		})
		t := &CountTable{Name: who + "-by-province",
			Title:  fmt.Sprintf("%s (under 18) by province of exploitation and form of exploitation", strings.ToUpper(who[:1])+who[1:]),
			Note:   "A case with several forms counts in each form column; cases counts each once.",
			Labels: []string{"country", "province"}, Counts: cols, TotalCols: make([]bool, len(cols))}
		for i := range kl {
			t.Rows = append(t.Rows, CountRow{Labels: kl[i], Values: kv[i]})
		}
		ki := s.add(t)
		kids[g] = ki
		gc := 1 + int(g) // the gender's column in the province and age tables
		s.eq(s.col(ki, 0, anyRow), s.col(ai, gc, minorRows))
		// Hidden: per row and form, the children without that form; per province, the
		// gender's cases that are not children.
		without := &CountTable{Name: who + "-without-form", Hidden: true, Counts: cols[1:], TotalCols: make([]bool, len(cols)-1)}
		for ri, r := range t.Rows {
			v := make([]int64, len(formCols))
			for c := range formCols {
				v[c] = r.Values[0] - r.Values[1+c]
			}
			without.Rows = append(without.Rows, CountRow{Labels: r.Labels, Values: v})
			_ = ri
		}
		wi := s.add(without)
		for ri := range t.Rows {
			for c := range formCols {
				s.eq([]Ref{{ki, ri, 0}}, []Ref{{ki, ri, 1 + c}, {wi, ri, c}})
			}
		}
		grown := &CountTable{Name: who + "-complement-by-province", Hidden: true, Counts: []string{"cases"}, TotalCols: []bool{false}}
		for r, row := range prov.Rows {
			if row.Total {
				continue
			}
			var kid int64
			kr, ok := s.rows[t.Name][strings.Join(row.Labels, "\x00")]
			if ok {
				kid = t.Rows[kr].Values[0]
			}
			grown.Rows = append(grown.Rows, CountRow{Labels: row.Labels, Values: []int64{row.Values[gc] - kid}})
			gi := len(s.tables) // grown is added below; refs to it are by this index
			parts := []Ref{{gi, len(grown.Rows) - 1, 0}}
			if ok {
				parts = append(parts, Ref{ki, kr, 0})
			}
			s.eq([]Ref{{pi, r, gc}}, parts)
		}
		s.add(grown)
	}
	// Minors of other genders by form: the forms' minors less the boys and girls.
	other := &CountTable{Name: "other-minors-by-form", Hidden: true, Counts: []string{"cases"}, TotalCols: []bool{false}}
	xi := len(s.tables)
	for c, j := range formCols {
		fr := j // forms rows are in flag order
		v := forms.Rows[fr].Values[1]
		parts := []Ref{{xi, c, 0}}
		for _, g := range []uint8{gMale, gFemale} {
			ki := kids[g]
			for ri := range s.tables[ki].Rows {
				v -= s.tables[ki].Rows[ri].Values[1+c]
			}
			parts = append(parts, s.col(ki, 1+c, anyRow)...)
		}
		other.Rows = append(other.Rows, CountRow{Labels: []string{schema.ExploitationFlags[j].Label}, Values: []int64{v}})
		s.eq([]Ref{{fi, fr, 1}}, parts)
		s.le([]Ref{{xi, c, 0}}, s.col(ai, 3, minorRows))
	}
	s.add(other)

	// Minors by form.
	mf := &CountTable{Name: "minors-by-exploitation", Title: "Minors by form of exploitation (a case with several forms counts in each)",
		Labels: []string{"form"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for _, r := range forms.Rows {
		mf.Rows = append(mf.Rows, CountRow{Labels: r.Labels, Values: []int64{r.Values[1]}})
	}
	mi := s.add(mf)
	for ri := range mf.Rows {
		s.eq([]Ref{{mi, ri, 0}}, []Ref{{fi, ri, 1}})
	}

	// Cases by year with minors, and the non-minors it implies.
	cy := &CountTable{Name: "cases-by-year", Title: "Cases, women, men and minors by year of registration",
		Labels: []string{"year"}, Counts: []string{"cases", "female", "male", "minors"}, TotalCols: make([]bool, 4)}
	nonMinors := &CountTable{Name: "non-minors-by-year", Hidden: true, Counts: []string{"cases"}, TotalCols: []bool{false}}
	yMinors := map[string]int64{}
	for i, k := range f.cells {
		if f.majority(k) == "minor" {
			yMinors[f.yearLabel(k)] += f.counts[i]
		}
	}
	for _, r := range year.Rows {
		if r.Total {
			continue
		}
		m := yMinors[r.Labels[0]]
		cy.Rows = append(cy.Rows, CountRow{Labels: r.Labels, Values: []int64{r.Values[0], r.Values[1], r.Values[2], m}})
		nonMinors.Rows = append(nonMinors.Rows, CountRow{Labels: r.Labels, Values: []int64{r.Values[0] - m}})
	}
	ci := s.add(cy)
	ni := s.add(nonMinors)
	for ri := range cy.Rows {
		for c := 0; c < 3; c++ {
			s.eq([]Ref{{ci, ri, c}}, []Ref{{yi, ri, c}})
		}
		s.eq([]Ref{{ci, ri, 0}}, []Ref{{ci, ri, 3}, {ni, ri, 0}})
	}
	s.eq(s.col(ci, 3, anyRow), s.col(ai, 0, minorRows))

	// Hidden: cases by year, gender and minority, the cells no table prints that the year
	// tables (year by gender, minors by year) and the age table (gender by minority) together
	// determine. Without them the relations miss what the three margins tell together (a
	// year's minors are girls when the year has no boys): with them, the year, gender and
	// minority part of the tables is a decomposable cross-classification whose every cell is
	// a variable, so its relations are exact.
	ygm := &CountTable{Name: "cases-by-year-gender-minority", Hidden: true,
		Counts: []string{"female_minor", "female_other", "male_minor", "male_other", "other_minor", "other_other"}, TotalCols: make([]bool, 6)}
	yRow := map[string]int{}
	for ri, r := range cy.Rows {
		yRow[r.Labels[0]] = ri
		ygm.Rows = append(ygm.Rows, CountRow{Labels: r.Labels, Values: make([]int64, 6)})
	}
	for i, k := range f.cells {
		c := 2 * int(k.gender)
		if f.majority(k) != "minor" {
			c++
		}
		ygm.Rows[yRow[f.yearLabel(k)]].Values[c] += f.counts[i]
	}
	hi := s.add(ygm)
	for ri := range cy.Rows {
		var minors []Ref
		for g := 0; g < 3; g++ {
			s.eq([]Ref{{yi, ri, 1 + g}}, []Ref{{hi, ri, 2 * g}, {hi, ri, 2*g + 1}})
			minors = append(minors, Ref{hi, ri, 2 * g})
		}
		s.eq([]Ref{{ci, ri, 3}}, minors)
	}
	for g := 0; g < 3; g++ {
		s.eq(s.col(hi, 2*g, anyRow), s.col(ai, 1+g, minorRows))
		s.eq(append(s.col(hi, 2*g+1, anyRow), s.col(ai, 1+g, minorRows)...), []Ref{{ai, aTotal, 1 + g}})
	}
	s.namedTables()
	// Before province × year: a set with it has every table of one without at the same index.
	s.minorsTables()
	s.sectorTables(fine)
	if provinceYear {
		py.on = true
		s.provinceYearTable(py)
	}
	if f.regionOnly {
		s.regionTable(pi, ai)
	}
	if f.periodOnly {
		s.periodTable(pi, yi)
	}

	for _, d := range declared {
		if err := s.declared(d, pi, ai, yi); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// regionTable adds, for data in which some places are known only by their UN region (CTDC's
// UN_COE_Region), cases by region of exploitation and gender, and by region and age group
// (minors, adults, age unknown). Regions come from the data's partition (a union such as
// Americas/Oceania takes in its regions), so no two rows overlap and every case counts once:
// in its region's row, from its country or as recorded. Links: the rows to the totals, the two
// tables' cases to each other, the totals to the province table's, each gender and age group
// over the regions to the province and age tables', and each region's countries in the
// province table to at most its cases (exactly, when none of its cases is known by the region
// alone).
func (s *tableSet) regionTable(pi, ai int) {
	f := s.f
	regionOf := func(k cellKey) ([]string, bool) { return []string{label(f.regions[k.place])}, true }
	gl, gv := s.grouped(4, regionOf, byGender)
	byRegion := &CountTable{Name: "cases-by-region-and-gender", Title: "Cases by UN region of exploitation and gender",
		Note: "UN M49 region of exploitation, from the country or, where only the region was recorded, as recorded; " +
			"regions merged in the data (such as Americas/Oceania) are one row. Every case counts once.",
		Labels: []string{"region"}, Counts: genderCols, TotalCols: []bool{true, false, false, false},
		Margins: "cases = female + male + other_or_unknown in every row; the all-regions row is the sum of the rows"}
	ageCols := []string{"cases", "minors", "adults", "age_unknown"}
	al, av := s.grouped(4, regionOf, func(k cellKey, v []int64, n int64) {
		v[0] += n
		switch f.majority(k) {
		case "minor":
			v[1] += n
		case "adult":
			v[2] += n
		default:
			v[3] += n
		}
	})
	byAge := &CountTable{Name: "cases-by-region-and-age", Title: "Cases by UN region of exploitation and age group",
		Note:   "Regions as in cases-by-region-and-gender; age group at registration. Every case counts once.",
		Labels: []string{"region"}, Counts: ageCols, TotalCols: []bool{true, false, false, false},
		Margins: "cases = minors + adults + age_unknown in every row; the all-regions row is the sum of the rows"}
	for i := range gl {
		byRegion.Rows = append(byRegion.Rows, CountRow{Labels: gl[i], Values: gv[i]})
		byAge.Rows = append(byAge.Rows, CountRow{Labels: al[i], Values: av[i]})
	}
	byRegion.Rows = append(byRegion.Rows, CountRow{Labels: []string{"all regions"}, Values: sumRows(byRegion.Rows, 4), Total: true})
	byAge.Rows = append(byAge.Rows, CountRow{Labels: []string{"all regions"}, Values: sumRows(byAge.Rows, 4), Total: true})
	gi, ri := s.add(byRegion), s.add(byAge)
	s.rowEqs(gi)
	s.rowEqs(ri)
	total := len(byRegion.Rows) - 1
	s.colEqs(gi, total, inner)
	s.colEqs(ri, total, inner)
	for r := range byRegion.Rows {
		s.eq([]Ref{{gi, r, 0}}, []Ref{{ri, r, 0}})
	}
	prov := s.tables[pi]
	pGrand := len(prov.Rows) - 1
	for c := range genderCols {
		s.eq([]Ref{{gi, total, c}}, []Ref{{pi, pGrand, c}})
	}
	// Each age group over the regions is the age table's rows of that group.
	for c, m := range []string{"minor", "adult"} {
		s.eq([]Ref{{ri, total, 1 + c}}, s.col(ai, 0, func(r CountRow) bool { return !r.Total && r.Labels[0] == m }))
	}
	onlyRegion := map[string]bool{}
	for _, k := range f.cells {
		if f.places[k.place][0] == "" {
			onlyRegion[label(f.regions[k.place])] = true
		}
	}
	for r, row := range byRegion.Rows {
		if row.Total {
			continue
		}
		for c := range genderCols {
			var countries []Ref
			for pr, p := range prov.Rows {
				if p.Total && p.Labels[1] == "all provinces" && p.Labels[0] != NotRecorded {
					if reg, _ := geoRegion(p.Labels[0], f); reg == row.Labels[0] {
						countries = append(countries, Ref{pi, pr, c})
					}
				}
			}
			if onlyRegion[row.Labels[0]] {
				s.le(countries, []Ref{{gi, r, c}})
			} else {
				s.eq([]Ref{{gi, r, c}}, countries)
			}
		}
	}
}

// geoRegion returns the region (of the data's partition) of the country with the code cc, as
// the facts hold it.
func geoRegion(cc string, f *facts) (string, bool) {
	for i, p := range f.places {
		if p[0] == cc {
			return label(f.regions[i]), true
		}
	}
	return "", false
}

// periodTable adds cases by period of registration and gender, for data in which some cases
// are known only by a band of years (CTDC's yearRegister). Periods come from the data's
// partition (overlapping bands merged, years grouped in the periods between the bands), so no
// two rows overlap and every case counts once. The year table keeps single years; a case
// known only by a period is in its PeriodOnly row there. Links, exact through the hidden cells
// of each period's cases known by the period alone: the rows to the total, the total to the
// province table's, each period to its years in the year table plus its period-only cases,
// those cells to the year table's PeriodOnly row, and the not-recorded rows to each other.
func (s *tableSet) periodTable(pi, yi int) {
	f := s.f
	pl, pv := s.grouped(4, func(k cellKey) ([]string, bool) { return []string{label(f.periods[k.year])}, true }, byGender)
	t := &CountTable{Name: "cases-by-period-and-gender", Title: "Cases by period of registration and gender",
		Note: "Periods of years: the bands the records give, merged where they overlap, and the years between them in 5-year periods cut short at the bands. " +
			"No two periods overlap; every case counts once.",
		Labels: []string{"period"}, Counts: genderCols, TotalCols: []bool{true, false, false, false},
		Margins: "cases = female + male + other_or_unknown in every row; the all-periods row is the sum of the rows"}
	for i := range pl {
		t.Rows = append(t.Rows, CountRow{Labels: pl[i], Values: pv[i]})
	}
	t.Rows = append(t.Rows, CountRow{Labels: []string{"all periods"}, Values: sumRows(t.Rows, 4), Total: true})
	ti := s.add(t)
	s.rowEqs(ti)
	total := len(t.Rows) - 1
	s.colEqs(ti, total, inner)
	// Hidden: per period, its cases known by the period alone.
	ol, ov := s.grouped(4, func(k cellKey) ([]string, bool) {
		return []string{label(f.periods[k.year])}, f.yearLabel(k) == PeriodOnly
	}, byGender)
	only := &CountTable{Name: "period-only-by-period", Hidden: true, Counts: genderCols, TotalCols: []bool{true, false, false, false}}
	for i := range ol {
		only.Rows = append(only.Rows, CountRow{Labels: ol[i], Values: ov[i]})
	}
	oi := s.add(only)
	s.rowEqs(oi)
	yearsIn := map[string]map[string]bool{}
	for _, k := range f.cells {
		p := label(f.periods[k.year])
		if f.years[k.year] == "" {
			continue
		}
		if yearsIn[p] == nil {
			yearsIn[p] = map[string]bool{}
		}
		yearsIn[p][f.years[k.year]] = true
	}
	year := s.tables[yi]
	yRows := s.rows[year.Name]
	for c := range genderCols {
		s.eq([]Ref{{ti, total, c}}, []Ref{{pi, len(s.tables[pi].Rows) - 1, c}})
		if yr, ok := yRows[PeriodOnly]; ok {
			s.eq([]Ref{{yi, yr, c}}, s.col(oi, c, anyRow))
		}
		for r, row := range t.Rows {
			if row.Total {
				continue
			}
			if row.Labels[0] == NotRecorded {
				if yr, ok := yRows[NotRecorded]; ok {
					s.eq([]Ref{{ti, r, c}}, []Ref{{yi, yr, c}})
				}
				continue
			}
			var parts []Ref
			for yr, y := range year.Rows {
				if !y.Total && yearsIn[row.Labels[0]][y.Labels[0]] {
					parts = append(parts, Ref{yi, yr, c})
				}
			}
			if or, ok := s.rows[only.Name][row.Labels[0]]; ok {
				parts = append(parts, Ref{oi, or, c})
			}
			s.eq([]Ref{{ti, r, c}}, parts)
		}
	}
}

// declared adds a table the user declared: cases by the cross-classification of its
// dimensions, with a total row, linked to the standard tables through the margins they share
// (a dimension's total of the declared table is the standard table's count) and through the
// hidden cells of the finest cross-classification it and the standard set determine
// (declaredCells).
func (s *tableSet) declared(d DeclaredTable, pi, ai, yi int) error {
	if d.Name == "" || len(d.Dims) == 0 {
		return fmt.Errorf("anonymize: a declared table needs a name and dimensions")
	}
	if _, dup := s.byName[d.Name]; dup {
		return fmt.Errorf("anonymize: table %q is declared twice or is a standard table", d.Name)
	}
	dims := slices.Clone(d.Dims)
	if slices.Contains(dims, "province") && !slices.Contains(dims, "country") {
		dims = append([]string{"country"}, dims...)
	}
	f := s.f
	value := map[string]func(k cellKey) string{
		"country":         func(k cellKey) string { return f.places[k.place][0] },
		"province":        func(k cellKey) string { return f.places[k.place][1] },
		"gender":          func(k cellKey) string { return []string{"female", "male", "other_or_unknown"}[k.gender] },
		"majority_status": func(k cellKey) string { return f.ages[k.age][0] },
		"age_band":        func(k cellKey) string { return f.ages[k.age][1] },
		"year":            f.yearLabel,
		"period":          func(k cellKey) string { return f.periods[k.year] },
		"region":          func(k cellKey) string { return f.regions[k.place] },
	}
	for _, dim := range dims {
		if value[dim] == nil {
			return fmt.Errorf("anonymize: table %q: unknown dimension %q (want %s)", d.Name, dim, strings.Join(TableDims, ", "))
		}
	}
	l, v := s.grouped(1, func(k cellKey) ([]string, bool) {
		out := make([]string, len(dims))
		for i, dim := range dims {
			out[i] = label(value[dim](k))
		}
		return out, true
	}, func(_ cellKey, v []int64, n int64) { v[0] += n })
	title := d.Title
	if title == "" {
		title = "Cases by " + strings.Join(dims, ", ")
	}
	t := &CountTable{Name: d.Name, Title: title, Note: "Declared in the configuration; every case counts once.",
		Labels: dims, Counts: []string{"cases"}, TotalCols: []bool{false},
		Margins: "the all row is the sum of the rows"}
	for i := range l {
		t.Rows = append(t.Rows, CountRow{Labels: l[i], Values: v[i]})
	}
	all := make([]string, len(dims))
	all[0] = "all"
	t.Rows = append(t.Rows, CountRow{Labels: all, Values: sumRows(t.Rows, 1), Total: true})
	ti := s.add(t)
	total := len(t.Rows) - 1
	s.colEqs(ti, total, inner)
	s.eq([]Ref{{ti, total, 0}}, []Ref{{pi, len(s.tables[pi].Rows) - 1, 0}})
	// One-dimension margins shared with the standard tables.
	margin := func(dim string, ref func(v string) (Ref, bool)) {
		i := slices.Index(dims, dim)
		if i < 0 {
			return
		}
		groups := map[string][]Ref{}
		var order []string
		for ri, r := range t.Rows {
			if r.Total {
				continue
			}
			if _, ok := groups[r.Labels[i]]; !ok {
				order = append(order, r.Labels[i])
			}
			groups[r.Labels[i]] = append(groups[r.Labels[i]], Ref{ti, ri, 0})
		}
		for _, v := range order {
			if m, ok := ref(v); ok {
				s.eq([]Ref{m}, groups[v])
			}
		}
	}
	margin("year", func(v string) (Ref, bool) {
		r, ok := s.rows[s.tables[yi].Name][v]
		return Ref{yi, r, 0}, ok
	})
	margin("gender", func(v string) (Ref, bool) {
		c := slices.Index(genderCols, v)
		return Ref{pi, len(s.tables[pi].Rows) - 1, c}, c > 0
	})
	if !d.marginsOnly {
		s.declaredCells(ti, dims, value)
	}
	return nil
}

// majorityRank orders majority statuses: minor, adult, unknown, then the rest.
func majorityRank(s string) int {
	switch s {
	case "minor":
		return 0
	case "adult":
		return 1
	case "unknown":
		return 2
	}
	return 3
}

// labelLess sorts label values: numbers by value, then words, NotRecorded last.
func labelLess(a, b string) bool {
	if (a == NotRecorded) != (b == NotRecorded) {
		return b == NotRecorded
	}
	na, ea := leadingInt(a)
	nb, eb := leadingInt(b)
	if ea && eb && na != nb {
		return na < nb
	}
	if ea != eb {
		return ea
	}
	return a < b
}

func leadingInt(s string) (int, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:i])
	return n, err == nil
}

func lexLess(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return labelLess(a[i], b[i])
		}
	}
	return false
}
