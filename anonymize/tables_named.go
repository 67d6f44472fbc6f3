package anonymize

import "strings"

// Tables out for the named queries (analysis's catalogue): the cuts they need and the
// standard tables do not give, counted from the same facts at full precision and linked to
// the standard tables by every relation they share, so that they are protected with them.
// None repeats a count of another table (a repeated count would be noised twice).
//
// Every table added here costs the others: its small counts need complementary suppression,
// which spreads into the tables it is linked to. Minors by year and gender and minors by form
// and gender withheld boys' and girls' counts of the brief on small releases, and cases by
// province and year (or by province, gender, age and period, for centre-gaps) made the audit
// run for minutes on 3,000 cases (one block of hundreds of withheld counts): the named
// queries that need them count the microdata instead, and say so.

// namedTables adds the named queries' tables to the standard set s.
func (s *tableSet) namedTables() {
	f := s.f
	pi, fi := s.byName["cases-by-province-and-gender"], s.byName["exploitation-by-age"]
	prov, forms := s.tables[pi], s.tables[fi]

	// Cases with a form of exploitation recorded: the denominator of the forms' shares.
	var withForm, without int64
	for i, k := range f.cells {
		if k.forms != 0 {
			withForm += f.counts[i]
		} else {
			without += f.counts[i]
		}
	}
	cf := &CountTable{Name: "cases-by-form-recorded", Title: "Cases with and without a form of exploitation recorded",
		Note:   "The forms' shares are of the cases with a form recorded.",
		Labels: []string{"form_recorded"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Margins: "the two rows add up to all cases"}
	cf.Rows = []CountRow{{Labels: []string{"yes"}, Values: []int64{withForm}}, {Labels: []string{"no"}, Values: []int64{without}}}
	cfi := s.add(cf)
	s.eq([]Ref{{pi, len(prov.Rows) - 1, 0}}, []Ref{{cfi, 0, 0}, {cfi, 1, 0}})
	var allForms []Ref
	for ri := range forms.Rows {
		s.le([]Ref{{fi, ri, 0}}, []Ref{{cfi, 0, 0}})
		allForms = append(allForms, Ref{fi, ri, 0})
	}
	s.le([]Ref{{cfi, 0, 0}}, allForms)
}

// provinceYearTable adds cases by province of exploitation and year of registration: the
// trends by province and the centre gaps' trend (TableConfig.ProvinceYear, or a declared
// ProvinceYearTable). Not in the standard set: with its hidden cells the largest block of the
// run's audit grows from about 800 to 2,450 withheld counts at 20,000 cases, and the tables'
// protection from 0.15 s to about 9 s of CPU (0.2 s to 2.7 s at 1,000,000); check's re-audit
// of the demo from 0.3 s to 0.9 s. Every province's years add up to its cases in the province
// table, and every year's provinces to the year table's cases.
func (s *tableSet) provinceYearTable() {
	f := s.f
	pi, yi := s.byName["cases-by-province-and-gender"], s.byName["cases-by-year-and-gender"]
	prov, year := s.tables[pi], s.tables[yi]
	l, v := s.grouped(1, func(k cellKey) ([]string, bool) {
		p := f.places[k.place]
		return []string{label(p[0]), label(p[1]), f.yearLabel(k)}, true
	}, func(_ cellKey, v []int64, n int64) { v[0] += n })
	t := &CountTable{Name: "cases-by-province-and-year", Title: "Cases by country and province of exploitation and year of registration",
		Note:   "Every case counts once. A province's years add up to its cases in cases-by-province-and-gender; a year's provinces to its cases in cases-by-year-and-gender.",
		Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Margins: "each province's rows add up to its cases in cases-by-province-and-gender; each year's rows to its cases in cases-by-year-and-gender"}
	byProv := map[string][]Ref{}
	byYear := map[string][]Ref{}
	ti := len(s.tables)
	for i := range l {
		t.Rows = append(t.Rows, CountRow{Labels: l[i], Values: v[i]})
		r := Ref{ti, len(t.Rows) - 1, 0}
		pk := l[i][0] + "\x00" + l[i][1]
		byProv[pk] = append(byProv[pk], r)
		byYear[l[i][2]] = append(byYear[l[i][2]], r)
	}
	s.add(t)
	for ri, r := range prov.Rows {
		if !r.Total {
			s.eq([]Ref{{pi, ri, 0}}, byProv[strings.Join(r.Labels, "\x00")])
		}
	}
	for ri, r := range year.Rows {
		if !r.Total {
			s.eq([]Ref{{yi, ri, 0}}, byYear[r.Labels[0]])
		}
	}
	s.provinceYearGroups(ti)
}

// provinceYearGroups adds the hidden cells of province × year × gender and minority (girls,
// other women, boys, other men, other genders at all ages): the cells no table prints that the
// province × year table, the year × gender × minority cells and the province tables (by gender,
// boys and girls) determine together. Without them the relations would miss what those margins
// tell together (a province's cases of a year are women when its year has no men and the
// province none either): with them the tables are a decomposable cross-classification again
// (cliques province × year × group and province × group × form, joined on province × group).
func (s *tableSet) provinceYearGroups(pyi int) {
	f := s.f
	py := s.tables[pyi]
	pi := s.byName["cases-by-province-and-gender"]
	hi := s.byName["cases-by-year-gender-minority"]
	prov, ygm := s.tables[pi], s.tables[hi]
	const nGroups = 5 // female_minor, female_other, male_minor, male_other, other
	group := func(k cellKey) int {
		if k.gender == gOther {
			return 4
		}
		g := 2 * int(k.gender)
		if f.majority(k) != "minor" {
			g++
		}
		return g
	}
	t := &CountTable{Name: "cases-by-province-year-group", Hidden: true,
		Counts: []string{"female_minor", "female_other", "male_minor", "male_other", "other"}, TotalCols: make([]bool, nGroups)}
	for _, r := range py.Rows {
		t.Rows = append(t.Rows, CountRow{Labels: r.Labels, Values: make([]int64, nGroups)})
	}
	row := s.rows[py.Name]
	for i, k := range f.cells {
		p := f.places[k.place]
		r := row[strings.Join([]string{label(p[0]), label(p[1]), f.yearLabel(k)}, "\x00")]
		t.Rows[r].Values[group(k)] += f.counts[i]
	}
	ti := s.add(t)
	byProv := map[string][]int{}
	byYear := map[string][]int{}
	for ri, r := range t.Rows {
		var parts []Ref
		for c := 0; c < nGroups; c++ {
			parts = append(parts, Ref{ti, ri, c})
		}
		s.eq([]Ref{{pyi, ri, 0}}, parts)
		pk := r.Labels[0] + "\x00" + r.Labels[1]
		byProv[pk] = append(byProv[pk], ri)
		byYear[r.Labels[2]] = append(byYear[r.Labels[2]], ri)
	}
	cells := func(rows []int, c int) []Ref {
		out := make([]Ref, len(rows))
		for i, ri := range rows {
			out[i] = Ref{ti, ri, c}
		}
		return out
	}
	// eqZero says sum(parts) = the counts of whole, or 0 when whole is empty (a row no table has).
	eqOrZero := func(whole []Ref, parts []Ref) {
		if len(whole) == 0 {
			s.links.Eqs = append(s.links.Eqs, Eq{Plus: parts})
			return
		}
		s.eq(whole, parts)
	}
	for ri, r := range prov.Rows {
		if r.Total {
			continue
		}
		key := strings.Join(r.Labels, "\x00")
		rows := byProv[key]
		for _, gw := range []struct {
			g   int
			who string
		}{{gFemale, "girls"}, {gMale, "boys"}} {
			g, who := gw.g, gw.who
			var kid []Ref
			if kr, ok := s.rows[who+"-by-province"][key]; ok {
				kid = []Ref{{s.byName[who+"-by-province"], kr, 0}}
			}
			eqOrZero(kid, cells(rows, 2*g))
			// The complement tables have one row per inner province row, in order.
			ci := s.byName[who+"-complement-by-province"]
			eqOrZero([]Ref{{ci, s.rows[who+"-complement-by-province"][key], 0}}, cells(rows, 2*g+1))
		}
		s.eq([]Ref{{pi, ri, 3}}, cells(rows, 4))
	}
	for ri, r := range ygm.Rows {
		rows := byYear[r.Labels[0]]
		for c := 0; c < 4; c++ {
			eqOrZero([]Ref{{hi, ri, c}}, cells(rows, c))
		}
		s.eq([]Ref{{hi, ri, 4}, {hi, ri, 5}}, cells(rows, 4))
	}
}
