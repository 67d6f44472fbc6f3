package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/schema"
)

// NotRecorded labels the group of cases that have no value for a label column.
const NotRecorded = "(not recorded)"

// The report's own tables, beyond the headline tables of the analysis catalogue. Their SQL
// lives here for now; it belongs in the analysis catalogue.

// genderCounts are the count columns of the cross-tables by gender: the total and a partition
// of it, so that cases = female + male + other_or_unknown.
const genderCounts = `count(*) AS cases,
	count(*) FILTER (WHERE gender = 'female') AS female,
	count(*) FILTER (WHERE gender = 'male') AS male,
	count(*) FILTER (WHERE gender IS DISTINCT FROM 'female' AND gender IS DISTINCT FROM 'male') AS other_or_unknown`

var genderCols = []string{"cases", "female", "male", "other_or_unknown"}

// SQL of the report's own tables.
var (
	sqlProvinceGender = `SELECT country_of_exploitation AS country, province_of_exploitation AS province, ` + genderCounts + `
FROM cases GROUP BY ALL`
	sqlAgeGender = `SELECT majority_status, age_band, ` + genderCounts + `
FROM cases GROUP BY ALL`
	sqlYearGender = `SELECT CAST(year_of_registration AS VARCHAR) AS year, ` + genderCounts + `
FROM cases GROUP BY ALL`
)

func sqlFormAge() string {
	var parts []string
	for _, e := range schema.ExploitationFlags {
		parts = append(parts, fmt.Sprintf(`SELECT '%s' AS form, count(*) FILTER (WHERE %[2]s) AS cases,
	count(*) FILTER (WHERE %[2]s AND majority_status = 'minor') AS minors,
	count(*) FILTER (WHERE %[2]s AND majority_status = 'adult') AS adults,
	count(*) FILTER (WHERE %[2]s AND majority_status IS DISTINCT FROM 'minor' AND majority_status IS DISTINCT FROM 'adult') AS age_unknown
FROM cases`, e.Label, e.Field))
	}
	return strings.Join(parts, "\nUNION ALL ")
}

// raw is a query result split into label strings (NULL is NotRecorded) and counts.
type raw struct {
	labels [][]string
	values [][]int64
}

func queryRaw(ctx context.Context, db *sql.DB, q string, nLabels int) (*raw, error) {
	t, err := analysis.Query(ctx, db, q)
	if err != nil {
		return nil, err
	}
	out := &raw{}
	for _, r := range t.Rows {
		var ls []string
		var vs []int64
		for i, v := range r {
			if i < nLabels {
				if v == nil {
					ls = append(ls, NotRecorded)
				} else {
					ls = append(ls, analysis.Cell(v))
				}
				continue
			}
			n, _ := v.(int64)
			vs = append(vs, n)
		}
		out.labels = append(out.labels, ls)
		out.values = append(out.values, vs)
	}
	return out, nil
}

// set is the tables of a report and the relations between their counts.
type set struct {
	tables []*Table
	links  Links
	// index of each table by name
	byName map[string]int
	// keyed rows: table name -> row key -> row index
	rows map[string]map[string]int
}

func (s *set) add(t *Table) int {
	s.tables = append(s.tables, t)
	i := len(s.tables) - 1
	s.byName[t.Name] = i
	s.rows[t.Name] = map[string]int{}
	for ri, r := range t.Rows {
		s.rows[t.Name][strings.Join(r.Labels, "\x00")] = ri
	}
	return i
}

func (s *set) eq(plus, minus []Ref) {
	if len(plus)+len(minus) > 1 {
		s.links.Eqs = append(s.links.Eqs, Eq{Plus: plus, Minus: minus})
	}
}

func (s *set) le(small, large []Ref) {
	if len(small) > 0 && len(large) > 0 {
		s.links.Les = append(s.links.Les, Le{Small: small, Large: large})
	}
}

// col returns the refs of column c over rows of table ti that keep says.
func (s *set) col(ti, c int, keep func(Row) bool) []Ref {
	var out []Ref
	for ri, r := range s.tables[ti].Rows {
		if keep(r) {
			out = append(out, Ref{ti, ri, c})
		}
	}
	return out
}

func inner(r Row) bool { return !r.Total }

// within returns the links that stay inside one table.
func (l Links) within() Links {
	same := func(rs ...[]Ref) bool {
		t := -1
		for _, x := range rs {
			for _, r := range x {
				if t >= 0 && r.T != t {
					return false
				}
				t = r.T
			}
		}
		return true
	}
	var out Links
	for _, e := range l.Eqs {
		if same(e.Plus, e.Minus) {
			out.Eqs = append(out.Eqs, e)
		}
	}
	for _, e := range l.Les {
		if same(e.Small, e.Large) {
			out.Les = append(out.Les, e)
		}
	}
	return out
}

// labelOrder sorts label values: numbers by value, then words, NotRecorded last.
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

var majorityOrder = map[string]int{"minor": 0, "adult": 1, "unknown": 2}

func sortRaw(r *raw, less func(a, b []string) bool) {
	idx := make([]int, len(r.labels))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return less(r.labels[idx[i]], r.labels[idx[j]]) })
	var l [][]string
	var v [][]int64
	for _, i := range idx {
		l = append(l, r.labels[i])
		v = append(v, r.values[i])
	}
	r.labels, r.values = l, v
}

func lexLess(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return labelLess(a[i], b[i])
		}
	}
	return false
}

func sumRows(rows []Row, n int) []int64 {
	out := make([]int64, n)
	for _, r := range rows {
		for i, v := range r.Values {
			out[i] += v
		}
	}
	return out
}

// rowEqs adds cases = female + male + other_or_unknown (or any total column = the others)
// for every row of table ti.
func (s *set) rowEqs(ti int) {
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

// colEqs adds, for every count column, the total row (the last row) = the sum of the rows
// keep says.
func (s *set) colEqs(ti, total int, keep func(Row) bool) {
	for c := range s.tables[ti].Counts {
		s.eq([]Ref{{ti, total, c}}, s.col(ti, c, keep))
	}
}

// withTotal returns the rows of r with a total row appended, labelled all.
func withTotal(r *raw, all []string, n int) []Row {
	var rows []Row
	for i := range r.labels {
		rows = append(rows, Row{Labels: r.labels[i], Values: r.values[i]})
	}
	return append(rows, Row{Labels: all, Values: sumRows(rows, n), Total: true})
}

// buildSet runs the report's tables on db and links them.
func buildSet(ctx context.Context, db *sql.DB) (*set, error) {
	s := &set{byName: map[string]int{}, rows: map[string]map[string]int{}}
	totalCols := []bool{true, false, false, false}

	// Province by gender: provinces within countries within all countries.
	pg, err := queryRaw(ctx, db, sqlProvinceGender, 2)
	if err != nil {
		return nil, err
	}
	sortRaw(pg, lexLess)
	prov := &Table{Name: "cases-by-province-and-gender", Title: "Cases by country and province of exploitation and gender",
		Note:   "Every released case counts once. Country rows are the sums of their provinces; the last row is the sum of the countries.",
		Labels: []string{"country", "province"}, Counts: genderCols, TotalCols: totalCols,
		Margins: "cases = female + male + other_or_unknown in every row; each country row is the sum of its provinces; the all-countries row is the sum of the country rows"}
	var countryRows []int
	for i := 0; i < len(pg.labels); {
		c := pg.labels[i][0]
		start := len(prov.Rows)
		prov.Rows = append(prov.Rows, Row{Labels: []string{c, "all provinces"}, Total: true})
		countryRows = append(countryRows, start)
		for ; i < len(pg.labels) && pg.labels[i][0] == c; i++ {
			prov.Rows = append(prov.Rows, Row{Labels: pg.labels[i], Values: pg.values[i]})
		}
		prov.Rows[start].Values = sumRows(prov.Rows[start+1:], 4)
	}
	grand := Row{Labels: []string{"all countries", ""}, Total: true, Values: make([]int64, 4)}
	for _, ci := range countryRows {
		for k, v := range prov.Rows[ci].Values {
			grand.Values[k] += v
		}
	}
	prov.Rows = append(prov.Rows, grand)
	pi := s.add(prov)
	s.rowEqs(pi)
	for k, start := range countryRows {
		end := len(prov.Rows) - 1
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
		s.eq([]Ref{{pi, len(prov.Rows) - 1, c}}, parts)
	}

	// Age by gender (the pyramid).
	ag, err := queryRaw(ctx, db, sqlAgeGender, 2)
	if err != nil {
		return nil, err
	}
	sortRaw(ag, func(a, b []string) bool {
		ma, oka := majorityOrder[a[0]]
		mb, okb := majorityOrder[b[0]]
		if !oka {
			ma = 3
		}
		if !okb {
			mb = 3
		}
		if ma != mb {
			return ma < mb
		}
		return lexLess(a, b)
	})
	age := &Table{Name: "cases-by-age-and-gender", Title: "Cases by age group and gender",
		Note:   "Age band at registration as released (it may be generalized); every released case counts once.",
		Labels: []string{"majority_status", "age_band"}, Counts: genderCols, TotalCols: totalCols,
		Rows:    withTotal(ag, []string{"all ages", ""}, 4),
		Margins: "cases = female + male + other_or_unknown in every row; the all-ages row is the sum of the rows"}
	ai := s.add(age)
	s.rowEqs(ai)
	s.colEqs(ai, len(age.Rows)-1, inner)

	// Year by gender (the trend).
	yg, err := queryRaw(ctx, db, sqlYearGender, 1)
	if err != nil {
		return nil, err
	}
	sortRaw(yg, lexLess)
	year := &Table{Name: "cases-by-year-and-gender", Title: "Cases by year of registration and gender",
		Note:   "Year of registration as released (it may be generalized to a period or withheld as *).",
		Labels: []string{"year"}, Counts: genderCols, TotalCols: totalCols,
		Rows:    withTotal(yg, []string{"all years"}, 4),
		Margins: "cases = female + male + other_or_unknown in every row; the all-years row is the sum of the rows"}
	yi := s.add(year)
	s.rowEqs(yi)
	s.colEqs(yi, len(year.Rows)-1, inner)

	// The three grand totals are the same counts.
	for c := range genderCols {
		s.eq([]Ref{{pi, len(prov.Rows) - 1, c}}, []Ref{{ai, len(age.Rows) - 1, c}})
		s.eq([]Ref{{pi, len(prov.Rows) - 1, c}}, []Ref{{yi, len(year.Rows) - 1, c}})
	}

	// Forms of exploitation by age group.
	fa, err := queryRaw(ctx, db, sqlFormAge(), 1)
	if err != nil {
		return nil, err
	}
	forms := &Table{Name: "exploitation-by-age", Title: "Forms of exploitation by age group (a case with several forms counts in each)",
		Note:   "The forms are not exclusive: a case with several forms counts in each, so the rows do not add up to the number of cases.",
		Labels: []string{"form"}, Counts: []string{"cases", "minors", "adults", "age_unknown"}, TotalCols: totalCols,
		Margins: "cases = minors + adults + age_unknown in every row; the rows have no total (the forms overlap)"}
	for i := range fa.labels {
		forms.Rows = append(forms.Rows, Row{Labels: fa.labels[i], Values: fa.values[i]})
	}
	fi := s.add(forms)
	s.rowEqs(fi)
	minorRows := func(r Row) bool { return !r.Total && r.Labels[0] == "minor" }
	for ri := range forms.Rows {
		s.le([]Ref{{fi, ri, 0}}, []Ref{{pi, len(prov.Rows) - 1, 0}})
		s.le([]Ref{{fi, ri, 1}}, s.col(ai, 0, minorRows))
	}

	// The headline tables of the analysis catalogue, linked to the tables above.
	for _, n := range analysis.Headline() {
		t, err := n.Run(ctx, db)
		if err != nil {
			return nil, err
		}
		ht := fromAnalysis(t, n.Counts)
		hi := s.add(ht)
		s.linkHeadline(hi, n.Name, pi, ai, yi, fi)
	}
	return s, nil
}

// fromAnalysis turns a catalogue table into a Table; label cells are formatted as the query
// command formats them (NULL is empty).
func fromAnalysis(t *analysis.Table, counts []string) *Table {
	out := &Table{Name: t.Name, Title: t.Title}
	var li, ci []int
	for i, c := range t.Columns {
		if contains(counts, c) {
			ci = append(ci, i)
			out.Counts = append(out.Counts, c)
		} else {
			li = append(li, i)
			out.Labels = append(out.Labels, c)
		}
	}
	out.TotalCols = make([]bool, len(ci))
	for _, r := range t.Rows {
		var row Row
		for _, i := range li {
			row.Labels = append(row.Labels, analysis.Cell(r[i]))
		}
		for _, i := range ci {
			n, _ := r[i].(int64)
			row.Values = append(row.Values, n)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// linkHeadline states how a headline table relates to the report's tables.
func (s *set) linkHeadline(hi int, name string, pi, ai, yi, fi int) {
	ht := s.tables[hi]
	colOf := func(t *Table, name string) int {
		for i, c := range t.Counts {
			if c == name {
				return i
			}
		}
		return -1
	}
	minorRows := func(r Row) bool { return !r.Total && r.Labels[0] == "minor" }
	all := func(Row) bool { return true }
	switch name {
	case "boys-by-province", "girls-by-province":
		g := colOf(s.tables[ai], map[string]string{"boys-by-province": "male", "girls-by-province": "female"}[name])
		// Summed over provinces, the boys are the male minors of the age table.
		s.eq(s.col(hi, 0, all), s.col(ai, g, minorRows))
		cases := colOf(ht, "cases")
		for ri, r := range ht.Rows {
			for c := range ht.Counts {
				if c != cases {
					s.le([]Ref{{hi, ri, c}}, []Ref{{hi, ri, cases}})
				}
			}
			// A province's boys are at most its males.
			key := []string{r.Labels[0], r.Labels[1]}
			for k, v := range key {
				if v == "" {
					key[k] = NotRecorded
				}
			}
			if pr, ok := s.rows[s.tables[pi].Name][strings.Join(key, "\x00")]; ok {
				s.le([]Ref{{hi, ri, cases}}, []Ref{{pi, pr, g}})
			}
		}
		// By form, boys and girls together are at most the minors with that form.
		for c, col := range ht.Counts {
			label := ""
			for _, e := range schema.ExploitationFlags {
				if strings.TrimPrefix(e.Field, "is_") == col {
					label = e.Label
				}
			}
			if fr, ok := s.rows[s.tables[fi].Name][label]; ok {
				s.le(s.col(hi, c, all), []Ref{{fi, fr, 1}})
			}
		}
	case "minors-by-exploitation":
		for ri, r := range ht.Rows {
			if fr, ok := s.rows[s.tables[fi].Name][r.Labels[0]]; ok {
				s.eq([]Ref{{hi, ri, 0}}, []Ref{{fi, fr, 1}})
			}
		}
	case "cases-by-year":
		for ri, r := range ht.Rows {
			key := r.Labels[0]
			if key == "" {
				key = NotRecorded
			}
			yr, ok := s.rows[s.tables[yi].Name][key]
			for c, col := range ht.Counts {
				if k := colOf(s.tables[yi], col); ok && k >= 0 {
					s.eq([]Ref{{hi, ri, c}}, []Ref{{yi, yr, k}})
				}
			}
		}
		if m := colOf(ht, "minors"); m >= 0 {
			s.eq(s.col(hi, m, all), s.col(ai, 0, minorRows))
		}
	}
	// Hidden complements: minors of other genders by form, which no table shows, link the
	// boys' and girls' forms to the minors by form once both tables are in.
	if name == "girls-by-province" {
		boys, ok := s.byName["boys-by-province"]
		if !ok {
			return
		}
		hidden := &Table{Name: "other-minors-by-form", Hidden: true, Counts: []string{"cases"}, TotalCols: []bool{false}}
		other := colOf(s.tables[ai], "other_or_unknown")
		var cols []string
		for _, c := range ht.Counts {
			if c != "cases" {
				cols = append(cols, c)
			}
		}
		for _, c := range cols {
			hidden.Rows = append(hidden.Rows, Row{Labels: []string{c}, Values: []int64{0}})
		}
		xi := s.add(hidden)
		for k, col := range cols {
			label := ""
			for _, e := range schema.ExploitationFlags {
				if strings.TrimPrefix(e.Field, "is_") == col {
					label = e.Label
				}
			}
			fr, ok := s.rows[s.tables[fi].Name][label]
			if !ok {
				continue
			}
			parts := append(s.col(boys, colOf(s.tables[boys], col), all), s.col(hi, colOf(ht, col), all)...)
			parts = append(parts, Ref{xi, k, 0})
			s.eq([]Ref{{fi, fr, 1}}, parts)
			s.le([]Ref{{xi, k, 0}}, s.col(ai, other, minorRows))
		}
	}
}
