package anonymize

import (
	"github.com/prevalence/prevalence/schema"
)

// Tables out for the named queries (analysis's catalogue): the cuts that
// minors-trends-by-gender, minors-by-form-and-gender and cases-by-form need and the standard
// tables do not give, counted from the same facts at full precision and linked to
// the standard tables by every margin they share, so that they are protected with them.
// None repeats a count of another table (a repeated count would be noised twice).

// OtherOrUnknown is the gender label of the tables' third gender group: other, unknown or
// not recorded.
const OtherOrUnknown = "other_or_unknown"

var genderLabels = []string{"female", "male", OtherOrUnknown}

// namedTables adds the named queries' tables to the standard set s.
func (s *tableSet) namedTables() {
	f := s.f
	pi, ai, yi := s.byName["cases-by-province-and-gender"], s.byName["cases-by-age-and-gender"], s.byName["cases-by-year-and-gender"]
	fi, ci := s.byName["exploitation-by-age"], s.byName["cases-by-year"]
	prov := s.tables[pi]
	ageRows := func(majority string, gc int) []Ref {
		return s.col(ai, gc, func(r CountRow) bool { return !r.Total && r.Labels[0] == majority })
	}

	// Minors by year and gender (minors-trends-by-gender): a year's genders add up to its
	// minors in cases-by-year; a gender's years to its minors in the age table.
	cy := s.tables[ci]
	mg := &CountTable{Name: "minors-by-year-and-gender", Title: "Minors (under 18) by year of registration and gender",
		Note:   "Every minor counts once; a row adds up to the year's minors in cases-by-year.",
		Labels: []string{"year"}, Counts: genderLabels, TotalCols: make([]bool, 3),
		Margins: "female + male + other_or_unknown = the year's minors in cases-by-year; a column adds up to the minors of that gender in cases-by-age-and-gender"}
	minorsBy := map[string][]int64{}
	for i, k := range f.cells {
		if f.majority(k) == "minor" {
			y := label(f.years[k.year])
			if minorsBy[y] == nil {
				minorsBy[y] = make([]int64, 3)
			}
			minorsBy[y][k.gender] += f.counts[i]
		}
	}
	for _, r := range cy.Rows {
		v := minorsBy[r.Labels[0]]
		if v == nil {
			v = make([]int64, 3)
		}
		mg.Rows = append(mg.Rows, CountRow{Labels: r.Labels, Values: v})
	}
	mgi := s.add(mg)
	for ri := range mg.Rows {
		s.eq([]Ref{{ci, ri, 3}}, []Ref{{mgi, ri, 0}, {mgi, ri, 1}, {mgi, ri, 2}})
		for g := 0; g < 3; g++ {
			s.le([]Ref{{mgi, ri, g}}, []Ref{{yi, ri, 1 + g}})
		}
	}
	for g := 0; g < 3; g++ {
		s.eq(s.col(mgi, g, anyRow), ageRows("minor", 1+g))
	}

	// Minors by form and gender: a form's genders add up to its minors in exploitation-by-age;
	// boys and girls of the forms of the province tables add up to those tables' columns.
	forms := s.tables[fi]
	mfg := &CountTable{Name: "minors-by-exploitation-and-gender", Title: "Minors (under 18) by form of exploitation and gender (a case with several forms counts in each)",
		Note:   "The forms are not exclusive: a minor with several forms counts in each.",
		Labels: []string{"form"}, Counts: genderLabels, TotalCols: make([]bool, 3),
		Margins: "female + male + other_or_unknown = the form's minors in exploitation-by-age"}
	for j, e := range schema.ExploitationFlags {
		v := make([]int64, 3)
		for i, k := range f.cells {
			if k.forms&(1<<j) != 0 && f.majority(k) == "minor" {
				v[k.gender] += f.counts[i]
			}
		}
		mfg.Rows = append(mfg.Rows, CountRow{Labels: []string{e.Label}, Values: v})
	}
	mfi := s.add(mfg)
	other, hasOther := s.byName["other-minors-by-form"]
	for ri := range forms.Rows { // forms rows are in flag order, as mfg's
		s.eq([]Ref{{fi, ri, 1}}, []Ref{{mfi, ri, 0}, {mfi, ri, 1}, {mfi, ri, 2}})
		for g := 0; g < 3; g++ {
			s.le([]Ref{{mfi, ri, g}}, ageRows("minor", 1+g))
		}
	}
	for c, j := range formCols {
		for g, who := range map[int]string{gFemale: "girls-by-province", gMale: "boys-by-province"} {
			if ki, ok := s.byName[who]; ok {
				s.eq([]Ref{{mfi, j, g}}, s.col(ki, 1+c, anyRow))
			}
		}
		if hasOther {
			s.eq([]Ref{{mfi, j, gOther}}, []Ref{{other, c, 0}})
		}
	}

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
