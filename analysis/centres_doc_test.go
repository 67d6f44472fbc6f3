package analysis

import (
	"os"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCentreGapsColumnsDocumented: every column of the centre gaps (both paths, and the flag
// column the report's CSV adds) is described in docs/centre-gaps.md, where a programme lead
// reads why coverage can be above 1 beside an unmet need (issue-16-shares7's "Left").
func TestCentreGapsColumnsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/centre-gaps.md")
	if err != nil {
		t.Fatal(err)
	}
	prov := &release.Table{Name: provTable, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", OtherOrUnknown},
		TotalCols: []bool{true, false, false, false}, Rows: []release.Row{prow([]string{"IN", "IN-WB"}, false, []int64{120, 100, 20, 0})}}
	years := &release.Table{Name: yearTable, Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []release.Row{prow([]string{"2024"}, false, []int64{120})}}
	tb, err := CentreGapsProtected(Protected{provTable: prov, yearTable: years}, []Centre{{Name: "Home", Province: "IN-WB", Capacity: 10, AgeHi: maxAge, Genders: []string{"female"}}}, GapSpec{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(tb.Columns, "recent_cases_flag") {
		if !strings.Contains(string(doc), "| `"+c+"`") && !strings.Contains(string(doc), ", `"+c+"` |") {
			t.Errorf("docs/centre-gaps.md does not describe the column %s", c)
		}
	}
	if !strings.Contains(string(doc), "Can be above 1 beside an unmet need") {
		t.Errorf("docs/centre-gaps.md does not say that coverage can be above 1 beside an unmet need")
	}
}
