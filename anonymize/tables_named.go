package anonymize

import (
	"fmt"
	"slices"
	"strings"
)

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
// trends by province and the centre gaps' trend. It lists the years of the provinces py says
// (at least py.min cases, or listed before): a small province's years, each at least 1 when
// listed, would be pinned by its published total less its other years (10 cases over seven
// listed years leave each year 1 to 4), and protecting them withheld every year's cases at
// 20,000 synthetic cases. The other provinces' years are hidden cells (provinceYearGroups),
// so the audit still knows that each year's cases less its listed rows are theirs. Every
// listed province's years add up to its cases in the province table, and every year's listed
// rows with the hidden ones to the year table's cases.
func (s *tableSet) provinceYearTable(py provinceYears) {
	f := s.f
	pi := s.byName["cases-by-province-and-gender"]
	prov := s.tables[pi]
	listed := map[[2]string]bool{}
	all := true
	for _, r := range prov.Rows {
		k := [2]string{r.Labels[0], r.Labels[1]}
		if r.Total {
			continue
		}
		if r.Values[0] >= py.min || py.listed[k] {
			listed[k] = true
		} else {
			all = false
		}
	}
	l, v := s.grouped(1, func(k cellKey) ([]string, bool) {
		p := f.places[k.place]
		c, pr := label(p[0]), label(p[1])
		return []string{c, pr, f.yearLabel(k)}, listed[[2]string{c, pr}]
	}, func(_ cellKey, v []int64, n int64) { v[0] += n })
	note := "Every case counts once. A province's years add up to its cases in cases-by-province-and-gender; a year's provinces to its cases in cases-by-year-and-gender."
	margins := "each province's rows add up to its cases in cases-by-province-and-gender; each year's rows to its cases in cases-by-year-and-gender"
	if !all {
		note = fmt.Sprintf("Every case counts once. Only provinces with at least %d cases are listed (and any listed in the release this one replaces): a small province's years, each at least 1, would be pinned by its total. A listed province's years add up to its cases in cases-by-province-and-gender; a year's listed rows add up to at most its cases in cases-by-year-and-gender (the rest are the other provinces').", py.min)
		margins = "each province's rows add up to its cases in cases-by-province-and-gender; each year's rows to at most its cases in cases-by-year-and-gender (the provinces not listed have the rest)"
	}
	t := &CountTable{Name: "cases-by-province-and-year", Title: "Cases by country and province of exploitation and year of registration",
		Note: note, Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Margins: margins}
	byProv := map[string][]Ref{}
	ti := len(s.tables)
	for i := range l {
		t.Rows = append(t.Rows, CountRow{Labels: l[i], Values: v[i]})
		r := Ref{ti, len(t.Rows) - 1, 0}
		pk := l[i][0] + "\x00" + l[i][1]
		byProv[pk] = append(byProv[pk], r)
	}
	s.add(t)
	for ri, r := range prov.Rows {
		if !r.Total && listed[[2]string{r.Labels[0], r.Labels[1]}] {
			s.eq([]Ref{{pi, ri, 0}}, byProv[strings.Join(r.Labels, "\x00")])
		}
	}
	if all { // else provinceYearGroups adds them with the unlisted provinces' hidden cells
		yi := s.byName["cases-by-year-and-gender"]
		byYear := map[string][]Ref{}
		for ri, r := range t.Rows {
			byYear[r.Labels[2]] = append(byYear[r.Labels[2]], Ref{ti, ri, 0})
		}
		for ri, r := range s.tables[yi].Rows {
			if !r.Total {
				s.eq([]Ref{{yi, ri, 0}}, byYear[r.Labels[0]])
			}
		}
	}
	s.provinceYearGroups(ti, listed, all)
}

// provinceYearGroups adds the hidden cells of province × year × gender and minority (girls,
// other women, boys, other men, other genders at all ages): the cells no table prints that the
// province × year table, the year × gender × minority cells and the province tables (by gender,
// boys and girls) determine together. Without them the relations would miss what those margins
// tell together (a province's cases of a year are women when its year has no men and the
// province none either): with them the tables are a decomposable cross-classification again
// (cliques province × year × group and province × group × form, joined on province × group).
func (s *tableSet) provinceYearGroups(pyi int, listed map[[2]string]bool, all bool) {
	f := s.f
	py := s.tables[pyi]
	pi := s.byName["cases-by-province-and-gender"]
	hi := s.byName["cases-by-year-gender-minority"]
	yi := s.byName["cases-by-year-and-gender"]
	prov, ygm, year := s.tables[pi], s.tables[hi], s.tables[yi]
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
	// The provinces whose years are not listed: one hidden row a year for all of them (no
	// table counts them by country and year, so one row is as exact as one per province:
	// any year sums and province sums with the same total fit some province × year cells).
	var rest []string
	for _, k := range f.cells {
		p := f.places[k.place]
		if y := f.yearLabel(k); !listed[[2]string{label(p[0]), label(p[1])}] && !slices.Contains(rest, y) {
			rest = append(rest, y)
		}
	}
	slices.Sort(rest)
	for _, y := range rest {
		t.Rows = append(t.Rows, CountRow{Labels: []string{"", unlistedProvinces, y}, Values: make([]int64, nGroups)})
	}
	row := s.rows[py.Name]
	for i, k := range f.cells {
		p := f.places[k.place]
		c, pr, y := label(p[0]), label(p[1]), f.yearLabel(k)
		r := len(py.Rows) + slices.Index(rest, y)
		if listed[[2]string{c, pr}] {
			r = row[strings.Join([]string{c, pr, y}, "\x00")]
		}
		t.Rows[r].Values[group(k)] += f.counts[i]
	}
	ti := s.add(t)
	byProv := map[string][]int{}
	byYear := map[string][]int{}
	var restRows []int
	for ri, r := range t.Rows {
		var parts []Ref
		for c := 0; c < nGroups; c++ {
			parts = append(parts, Ref{ti, ri, c})
		}
		if ri < len(py.Rows) {
			s.eq([]Ref{{pyi, ri, 0}}, parts)
			pk := r.Labels[0] + "\x00" + r.Labels[1]
			byProv[pk] = append(byProv[pk], ri)
		} else {
			restRows = append(restRows, ri)
		}
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
	// The unlisted provinces' boys, girls, other minors' complements and other genders, summed.
	var restKid, restComp [2][]Ref
	var restOther []Ref
	for ri, r := range prov.Rows {
		if r.Total {
			continue
		}
		key := strings.Join(r.Labels, "\x00")
		in := listed[[2]string{r.Labels[0], r.Labels[1]}]
		for _, gw := range []struct {
			g   int
			who string
		}{{gFemale, "girls"}, {gMale, "boys"}} {
			g, who := gw.g, gw.who
			var kid []Ref
			if kr, ok := s.rows[who+"-by-province"][key]; ok {
				kid = []Ref{{s.byName[who+"-by-province"], kr, 0}}
			}
			// The complement tables have one row per inner province row, in order.
			ci := s.byName[who+"-complement-by-province"]
			comp := []Ref{{ci, s.rows[who+"-complement-by-province"][key], 0}}
			if !in {
				restKid[g] = append(restKid[g], kid...)
				restComp[g] = append(restComp[g], comp...)
				continue
			}
			rows := byProv[key]
			eqOrZero(kid, cells(rows, 2*g))
			eqOrZero(comp, cells(rows, 2*g+1))
		}
		if !in {
			restOther = append(restOther, Ref{pi, ri, 3})
			continue
		}
		s.eq([]Ref{{pi, ri, 3}}, cells(byProv[key], 4))
	}
	if len(restOther) > 0 {
		for _, g := range []int{gFemale, gMale} {
			eqOrZero(restKid[g], cells(restRows, 2*g))
			eqOrZero(restComp[g], cells(restRows, 2*g+1))
		}
		eqOrZero(restOther, cells(restRows, 4))
	}
	for ri, r := range ygm.Rows {
		rows := byYear[r.Labels[0]]
		for c := 0; c < 4; c++ {
			eqOrZero([]Ref{{hi, ri, c}}, cells(rows, c))
		}
		s.eq([]Ref{{hi, ri, 4}, {hi, ri, 5}}, cells(rows, 4))
	}
	// A year's cases: its listed rows and the unlisted provinces' hidden cells.
	for ri, r := range year.Rows {
		if r.Total || all {
			continue
		}
		var parts []Ref
		for _, hr := range byYear[r.Labels[0]] {
			if hr < len(py.Rows) {
				parts = append(parts, Ref{pyi, hr, 0})
			} else {
				for c := 0; c < nGroups; c++ {
					parts = append(parts, Ref{ti, hr, c})
				}
			}
		}
		s.eq([]Ref{{yi, ri, 0}}, parts)
	}
}
