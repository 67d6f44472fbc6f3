package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// A release whose cases record no gender (a workbook with a sheet per gender, no gender
// column: attack-2026-12-02a finding 11) says so, and does not blame the provinces, which are
// recorded.
func TestNoChildrenByProvinceGenderless(t *testing.T) {
	for _, c := range []struct {
		name         string
		female, male int64
		want         string
	}{
		{"no gender", 0, 0, "No case in this input records a gender (female or male)"},
		{"genders recorded", 30, 20, "The provinces of exploitation are not recorded"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pub := []State{Published, Published, Published, Published}
			prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
				Counts: []string{"cases", "female", "male", "other_or_unknown"}, TotalCols: []bool{true, false, false, false},
				Rows: []Row{
					{Labels: []string{"AF", "AF-HER"}, Values: []int64{50, c.female, c.male, 50 - c.female - c.male}, State: pub},
					{Labels: []string{"all countries", ""}, Total: true, Values: []int64{50, c.female, c.male, 50 - c.female - c.male}, State: pub},
				}}
			// No province row of boys or girls: what anonymize gives when no minor has a gender.
			boys := &Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
				Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{Published}}}}
			girls := &Table{Name: "girls-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
				Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{Published}}}}
			s := &set{byName: map[string]int{}}
			for _, tb := range []*Table{prov, boys, girls} {
				s.add(tb)
			}
			m := &release.Manifest{}
			m.Counts.Written = 50
			r := &report{opt: Options{Threshold: 10}, m: m, set: s}
			if got := r.noChildrenByProvince(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got %q, want %q...", got, c.want)
			}
		})
	}
}
