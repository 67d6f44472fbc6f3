package anonymize

import (
	"slices"
	"strings"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// Tables out for the named queries on minors, labour sectors and recruiters
// (minors-trends-by-gender, minors-by-form-and-gender, minors-military-by-province-year,
// labour-by-sector, cases-by-recruiter), counted from the same facts at full precision and
// linked to the standard tables by every relation they share, with the hidden cells of the
// finest cross-classification they determine together, so that the audit stays exact:
//   - minors by year and gender are copies of the minor columns of the hidden
//     cases-by-year-gender-minority (clique year × gender × minority, already in the set);
//   - minors by form and gender: for the forms of the boys' and girls' tables, the sums of
//     their form columns over the provinces and the other genders' minors with the form
//     (other-minors-by-form); for the other forms, with the hidden minors without the form by
//     gender (clique form × gender × minority, joined to the age table on gender × minority
//     and to exploitation-by-age on form × minority);
//   - minors in forced military service by province and year (with cases-by-province-and-year
//     only): the hidden province × year × gender × military cells of minors, whose sums are
//     cases-by-province-year-group's minor cells, the boys' and girls' military columns and
//     the other genders' military minors (clique place × year × gender × minority × military);
//   - labour by sector and cases by the recruiter's relation: one dimension each, joined to
//     the rest on a published total (forced labour's cases, all cases), which is exact alone.
//
// Every case is in one count of each table (perPerson 1), but in minors by form: a minor
// counts in each of its forms (perPerson: its rows).

// Names of the tables this file adds.
const (
	minorsYearTable     = "minors-by-year-and-gender"
	minorsFormTable     = "minors-by-form-and-gender"
	minorsMilitaryTable = "minors-military-by-province-and-year"
	sectorTable         = "labour-by-sector"
	relationTable       = "cases-by-recruiter-relation"
)

// eqZ is eq, but a relation with one side empty is kept: its counts add up to 0.
func (s *tableSet) eqZ(plus, minus []Ref) {
	if len(plus)+len(minus) > 0 {
		s.links.Eqs = append(s.links.Eqs, Eq{Plus: plus, Minus: minus})
	}
}

// minorsTables adds minors by year and gender and minors by form and gender. Minors in forced
// military service by province and year (minorsMilitary) is not in the set: see
// TableConfig.MinorsMilitary.
func (s *tableSet) minorsTables() {
	s.minorsByYear()
	s.minorsByForm()
}

func (s *tableSet) minorsByYear() {
	hi := s.byName["cases-by-year-gender-minority"]
	ygm := s.tables[hi]
	t := &CountTable{Name: minorsYearTable, Title: "Minors (under 18) by year of registration and gender",
		Note:   "Every minor counts once. A year's three counts add up to its minors in cases-by-year.",
		Labels: []string{"year"}, Counts: genderCols[1:], TotalCols: make([]bool, 3),
		Margins: "female + male + other_or_unknown = the year's minors in cases-by-year"}
	for _, r := range ygm.Rows {
		t.Rows = append(t.Rows, CountRow{Labels: r.Labels, Values: []int64{r.Values[0], r.Values[2], r.Values[4]}})
	}
	ti := s.add(t)
	for ri := range t.Rows {
		for g := 0; g < 3; g++ {
			s.eq([]Ref{{ti, ri, g}}, []Ref{{hi, ri, 2 * g}})
		}
	}
}

// minorsByForm adds minors by form of exploitation and gender: a row per form, in the order
// of exploitation-by-age (flag order), whose three counts add up to the form's minors there.
func (s *tableSet) minorsByForm() {
	f := s.f
	fi, ai, xi := s.byName["exploitation-by-age"], s.byName["cases-by-age-and-gender"], s.byName["other-minors-by-form"]
	forms := s.tables[fi]
	t := &CountTable{Name: minorsFormTable, Title: "Minors (under 18) by form of exploitation and gender (a case with several forms counts in each)",
		Note:   "The forms are not exclusive: a minor with several forms counts in each. A form's three counts add up to its minors in exploitation-by-age.",
		Labels: []string{"form"}, Counts: genderCols[1:], TotalCols: make([]bool, 3),
		Margins: "female + male + other_or_unknown = the form's minors in exploitation-by-age; the rows have no total (the forms overlap)"}
	for _, r := range forms.Rows {
		t.Rows = append(t.Rows, CountRow{Labels: r.Labels, Values: make([]int64, 3)})
	}
	var minors [3]int64
	for i, k := range f.cells {
		if f.majority(k) != "minor" {
			continue
		}
		minors[k.gender] += f.counts[i]
		for j := range t.Rows {
			if k.forms&(1<<j) != 0 {
				t.Rows[j].Values[k.gender] += f.counts[i]
			}
		}
	}
	ti := s.add(t)
	minorRows := func(r CountRow) bool { return !r.Total && r.Labels[0] == "minor" }
	// Hidden: for the forms the boys' and girls' tables do not have, the minors without the
	// form, by gender (the gender's minors in the age table less the form's).
	without := &CountTable{Name: minorsFormTable + "-without", Hidden: true, Counts: genderCols[1:], TotalCols: make([]bool, 3)}
	wi := len(s.tables)
	for j := range t.Rows {
		s.eq([]Ref{{fi, j, 1}}, []Ref{{ti, j, 0}, {ti, j, 1}, {ti, j, 2}})
		if c := formCol(j); c >= 0 {
			// The boys' and girls' form column over the provinces (a gender without a row
			// there has none: its count is 0), and the other genders' hidden count.
			for _, g := range []int{gFemale, gMale} {
				who := map[int]string{gFemale: "girls", gMale: "boys"}[g]
				s.eqZ([]Ref{{ti, j, g}}, s.col(s.byName[who+"-by-province"], 1+c, anyRow))
			}
			s.eq([]Ref{{ti, j, gOther}}, []Ref{{xi, c, 0}})
			continue
		}
		v := make([]int64, 3)
		for g := range v {
			v[g] = minors[g] - t.Rows[j].Values[g]
		}
		without.Rows = append(without.Rows, CountRow{Labels: t.Rows[j].Labels, Values: v})
		wr := len(without.Rows) - 1
		for g := 0; g < 3; g++ {
			s.eqZ(s.col(ai, 1+g, minorRows), []Ref{{ti, j, g}, {wi, wr, g}})
		}
	}
	s.add(without)
}

// formCol returns the column (less one) of flag j in the boys' and girls' tables, or -1.
func formCol(j int) int {
	for c, fj := range formCols {
		if fj == j {
			return c
		}
	}
	return -1
}

// militaryFlag is the index of forced military service in schema.ExploitationFlags.
var militaryFlag = func() int {
	for j, e := range schema.ExploitationFlags {
		if e.Field == schema.IsForcedMilitary {
			return j
		}
	}
	panic("anonymize: no forced military flag")
}()

// minorsMilitary adds minors in forced military service by province and year (a row for every
// row of cases-by-province-and-year, 0 included), with the hidden cells of minors by province,
// year, gender and military service, and of the other genders' cases that are not minors. It
// needs cases by province and year (false when the set has none).
func (s *tableSet) minorsMilitary() bool {
	f := s.f
	pyi, ok := s.byName["cases-by-province-and-year"]
	gi, ok2 := s.byName["cases-by-province-year-group"]
	if !ok || !ok2 {
		return false
	}
	py := s.tables[pyi]
	const (
		cFemale = iota // minor girls in military service
		cFemaleNot
		cMale
		cMaleNot
		cOther
		cOtherNot
		cOtherAdult // other genders, not minors
		nCols
	)
	h := &CountTable{Name: minorsMilitaryTable + "-cells", Hidden: true,
		Counts:    []string{"female_military", "female_not_military", "male_military", "male_not_military", "other_military", "other_not_military", "other_not_minor"},
		TotalCols: make([]bool, nCols)}
	t := &CountTable{Name: minorsMilitaryTable, Title: "Minors (under 18) in forced military service by country and province of exploitation and year of registration",
		Note:   "A row for every province and year with a case (0 when none of them is a minor in forced military service).",
		Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Margins: "the rows add up to the minors in forced military service (minors-by-exploitation); a province's rows to its boys' and girls' forced_military and the other genders'"}
	for _, r := range py.Rows {
		h.Rows = append(h.Rows, CountRow{Labels: r.Labels, Values: make([]int64, nCols)})
	}
	row := s.rows[py.Name]
	for i, k := range f.cells {
		minor := f.majority(k) == "minor"
		if !minor && k.gender != gOther {
			continue
		}
		p := f.places[k.place]
		r := row[strings.Join([]string{label(p[0]), label(p[1]), f.yearLabel(k)}, "\x00")]
		c := cOtherAdult
		if minor {
			c = 2 * int(k.gender)
			if k.forms&(1<<militaryFlag) == 0 {
				c++
			}
		}
		h.Rows[r].Values[c] += f.counts[i]
	}
	for _, r := range h.Rows {
		t.Rows = append(t.Rows, CountRow{Labels: r.Labels, Values: []int64{r.Values[cFemale] + r.Values[cMale] + r.Values[cOther]}})
	}
	ti := s.add(t)
	hi := s.add(h)
	byProv := map[string][]int{}
	var provs []string // in row order: the relations are written in a fixed order
	byYear := map[string][]int{}
	for ri, r := range h.Rows {
		s.eq([]Ref{{ti, ri, 0}}, []Ref{{hi, ri, cFemale}, {hi, ri, cMale}, {hi, ri, cOther}})
		s.eq([]Ref{{gi, ri, 0}}, []Ref{{hi, ri, cFemale}, {hi, ri, cFemaleNot}})
		s.eq([]Ref{{gi, ri, 2}}, []Ref{{hi, ri, cMale}, {hi, ri, cMaleNot}})
		s.eq([]Ref{{gi, ri, 4}}, []Ref{{hi, ri, cOther}, {hi, ri, cOtherNot}, {hi, ri, cOtherAdult}})
		pk := r.Labels[0] + "\x00" + r.Labels[1]
		if _, ok := byProv[pk]; !ok {
			provs = append(provs, pk)
		}
		byProv[pk] = append(byProv[pk], ri)
		byYear[r.Labels[2]] = append(byYear[r.Labels[2]], ri)
	}
	cells := func(rows []int, cs ...int) []Ref {
		var out []Ref
		for _, ri := range rows {
			for _, c := range cs {
				out = append(out, Ref{hi, ri, c})
			}
		}
		return out
	}
	mc := formCol(militaryFlag)
	for _, pk := range provs {
		rows := byProv[pk]
		for _, gw := range []struct {
			g   int
			who string
		}{{gFemale, "girls"}, {gMale, "boys"}} {
			var kid []Ref
			if kr, ok := s.rows[gw.who+"-by-province"][pk]; ok && mc >= 0 {
				kid = []Ref{{s.byName[gw.who+"-by-province"], kr, 1 + mc}}
			}
			s.eqZ(kid, cells(rows, 2*gw.g))
		}
	}
	ygi := s.byName["cases-by-year-gender-minority"]
	for ri, r := range s.tables[ygi].Rows {
		s.eqZ([]Ref{{ygi, ri, 4}}, cells(byYear[r.Labels[0]], cOther, cOtherNot))
	}
	if mc >= 0 {
		s.eq([]Ref{{s.byName["other-minors-by-form"], mc, 0}}, cells(allRows(len(h.Rows)), cOther))
	}
	s.eq([]Ref{{s.byName["exploitation-by-age"], militaryFlag, 1}}, s.col(ti, 0, anyRow))
	return true
}

func allRows(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// sectorTables adds forced labour by sector and cases by the recruiter's relation, counted
// from fine (the facts with sector and relation; s.f has them merged away).
func (s *tableSet) sectorTables(fine *facts) {
	// Counted by index, not by grouped's joined labels: fine has many cells.
	bySector := make([]int64, len(fine.sectors))
	seenSector := make([]bool, len(fine.sectors))
	byRelation := make([]int64, len(fine.relations))
	seenRelation := make([]bool, len(fine.relations))
	for i, k := range fine.cells {
		if k.forms&(1<<labourFlag) != 0 {
			bySector[k.sector] += fine.counts[i]
			seenSector[k.sector] = true
		}
		byRelation[k.relation] += fine.counts[i]
		seenRelation[k.relation] = true
	}
	rows := func(vals []string, counts []int64, seen []bool) []CountRow {
		var out []CountRow
		for i, v := range vals {
			if seen[i] {
				out = append(out, CountRow{Labels: []string{label(v)}, Values: []int64{counts[i]}})
			}
		}
		slices.SortFunc(out, func(a, b CountRow) int {
			switch {
			case lexLess(a.Labels, b.Labels):
				return -1
			case lexLess(b.Labels, a.Labels):
				return 1
			}
			return 0
		})
		return out
	}
	st := &CountTable{Name: sectorTable, Title: "Cases of forced labour by sector",
		Note:   "Cases with forced labour recorded, by the sector of their labour; every case counts once.",
		Labels: []string{"sector"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Margins: "the rows add up to the forced labour row's cases in exploitation-by-age",
		Rows:    rows(fine.sectors, bySector, seenSector)}
	if unrecordedDim(st) {
		st.Note = sectorUnrecordedNote
	}
	sti := s.add(st)
	s.eqZ([]Ref{{s.byName["exploitation-by-age"], labourFlag, 0}}, s.col(sti, 0, anyRow))

	rt := &CountTable{Name: relationTable, Title: "Cases by the recruiter's relation to the person",
		Note:   "Every case counts once.",
		Labels: []string{"relation"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Margins: "the rows add up to all cases (the all-countries row of cases-by-province-and-gender)",
		Rows:    rows(fine.relations, byRelation, seenRelation)}
	if unrecordedDim(rt) {
		rt.Note = relationUnrecordedNote
	}
	rti := s.add(rt)
	pi := s.byName["cases-by-province-and-gender"]
	s.eqZ([]Ref{{pi, len(s.tables[pi].Rows) - 1, 0}}, s.col(rti, 0, anyRow))
}

// Notes of the sector's and the relation's tables when no counted case records the value.
const (
	sectorUnrecordedNote   = "No input records the sector of forced labour (labour_sector): the cases of forced labour are not recorded in this input by sector."
	relationUnrecordedNote = "No input records the recruiter's relation to the person (recruiter_relation): the cases are not recorded in this input by relation."
)

// unrecordedDim reports whether t, a table of one dimension (sector, relation), has rows and
// every one is of cases whose value is not recorded: no input records the dimension (CTDC's
// exports have no recruiter's relation). Its counts would only repeat a total as "(not
// recorded) 18000", read as 18,000 cases whose organisations left the field empty; they are
// printed as release.Unrecorded instead (unrecordedDims). The protection keeps the margin
// that ties them to that total (its audit, and an attack over two releases, see the copy of
// the total), and check's re-audit takes such a count as unknown (unrecordedAsZero).
func unrecordedDim(t *CountTable) bool {
	for _, r := range t.Rows {
		if len(r.Labels) == 0 || r.Labels[0] != NotRecorded {
			return false
		}
	}
	return len(t.Rows) > 0
}

// unrecordedDims marks, in the printed tables of ts, every count of the sector's and the
// relation's tables that no input records (unrecordedDim) as release.Unrecorded, as
// unrecordedForms does for forms. It runs after the protection.
func unrecordedDims(ts []*CountTable) {
	for _, t := range ts {
		if t.Hidden || t.Name != sectorTable && t.Name != relationTable || !unrecordedDim(t) {
			continue
		}
		for ri := range t.Rows {
			row := &t.Rows[ri]
			for c := range row.State {
				row.State[c], row.Values[c] = release.Unrecorded, 0
				if row.Rounded != nil {
					row.Rounded[c] = 0
				}
			}
		}
	}
}
