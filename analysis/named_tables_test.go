package analysis

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/release/releasetest"
)

// TestNamedMinorsSectorRelation: the named tables on minors by year, minors by form, minors in
// military service, labour sectors and recruiters are computed from the release's protected tables when it has them (a withheld count stays
// withheld, a published zero is no row), and from the microdata, saying so in the title, when
// it does not (a release of an earlier version).
func TestNamedMinorsSectorRelation(t *testing.T) {
	one := func(name string, labels []string, rows ...release.Row) *release.Table {
		return &release.Table{Name: name, Labels: labels, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10, Rows: rows}
	}
	genders := func(name, label string, rows ...release.Row) *release.Table {
		return &release.Table{Name: name, Labels: []string{label}, Counts: []string{"female", "male", OtherOrUnknown}, TotalCols: make([]bool, 3), Threshold: 10, Rows: rows}
	}
	p := Protected{
		provTable: &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
			TotalCols: []bool{true, false, false, false}, Rows: []release.Row{prow([]string{"all countries", ""}, true, []int64{300, 150, 150, 0})}},
		formsTable: &release.Table{Name: formsTable, Labels: []string{"form"}, Counts: []string{"cases", "minors", "adults", "age_unknown"},
			TotalCols: []bool{true, false, false, false}, Rows: []release.Row{prow([]string{"forced labour"}, false, []int64{60, 20, 40, 0})}},
		"minors-by-exploitation": one("minors-by-exploitation", []string{"form"}, prow([]string{"forced military service"}, false, []int64{25})),
		minorsYearTable: genders(minorsYearTable, "year",
			prow([]string{"2023"}, false, []int64{30, 12, 0}),
			prow([]string{"2024"}, false, []int64{40, 0, 0}, release.Published, release.Primary, release.Published)),
		minorsFormTable: genders(minorsFormTable, "form",
			prow([]string{"forced labour"}, false, []int64{11, 0, 0}, release.Published, release.Secondary, release.Published),
			prow([]string{"forced marriage"}, false, []int64{0, 0, 0}, release.Unrecorded, release.Unrecorded, release.Unrecorded)),
		minorsMilitaryTable: one(minorsMilitaryTable, []string{"country", "province", "year"},
			prow([]string{"AF", "AF-PKA", "2023"}, false, []int64{25}),
			prow([]string{"AF", "AF-KBL", "2023"}, false, []int64{0})),
		sectorTable: one(sectorTable, []string{"sector"},
			prow([]string{"agriculture"}, false, []int64{45}),
			prow([]string{"mining"}, false, []int64{0}, release.Primary),
			prow([]string{NotRecorded}, false, []int64{11})),
		relationTable: one(relationTable, []string{"relation"},
			prow([]string{"family"}, false, []int64{200}),
			prow([]string{NotRecorded}, false, []int64{100})),
	}
	for _, tc := range []struct {
		name string
		want []string // rows, as fmt %v of their cells, that the table must have
		not  []string
	}{
		{"minors-trends-by-gender", []string{"[female 2023 30 ", "[male 2024 <10 "}, nil},
		{"minors-by-form-and-gender", []string{"[forced labour female 11 ", "[forced labour male x ", "[forced marriage male " + release.UnrecordedLabel}, nil},
		{"minors-military-by-province-year", []string{"[AF-PKA Paktika 2023 25 "}, []string{"AF-KBL"}},
		{"labour-by-sector", []string{"[agriculture 45 ", "[mining <10 "}, nil},
		{"cases-by-recruiter", []string{"[family 200 "}, nil},
	} {
		n, ok := LookupNamed(tc.name)
		if !ok || !n.Protected() {
			t.Fatalf("%s: not a named table from the protected tables", tc.name)
		}
		tb, err := n.RunWith(context.Background(), nil, Inputs{Tables: p})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if strings.Contains(tb.Title, "microdata") {
			t.Errorf("%s: title %q", tc.name, tb.Title)
		}
		var rows []string
		for _, r := range tb.Rows {
			rows = append(rows, fmt.Sprintf("%v", r))
		}
		all := strings.Join(rows, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no row %q in\n%s", tc.name, w, all)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(all, w) {
				t.Errorf("%s: a row %q in\n%s", tc.name, w, all)
			}
		}
	}

	// A release without them: the microdata, and the title says so.
	ctx := context.Background()
	db, err := Open(ctx, releasetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := Protected{provTable: p[provTable]}
	for _, name := range []string{"minors-trends-by-gender", "minors-by-form-and-gender", "minors-military-by-province-year", "labour-by-sector", "cases-by-recruiter"} {
		n, _ := LookupNamed(name)
		tb, err := n.RunWith(ctx, db, Inputs{Tables: old})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(tb.Title, "[from the k-anonymous microdata: ") || (len(tb.Rows) == 0 && name != "minors-military-by-province-year") {
			t.Errorf("%s from the microdata: title %q, %d rows", name, tb.Title, len(tb.Rows))
		}
		if tb.Microdata == "" || tb.Microdata != n.FromMicrodata(old) {
			t.Errorf("%s from the microdata: Microdata %q, FromMicrodata %q", name, tb.Microdata, n.FromMicrodata(old))
		}
		if why := n.FromMicrodata(p); why != "" {
			t.Errorf("%s with its protected table: FromMicrodata %q", name, why)
		}
	}
}
