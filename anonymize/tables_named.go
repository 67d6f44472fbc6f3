package anonymize

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
