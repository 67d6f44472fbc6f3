package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// A year whose female and male counts are both withheld (complementary suppression) still has
// a bar in the trend chart: its printed total, beside the gender split (the keyed 1,000-case
// synth's 2023, issue 16).
func TestYearChartTotalBar(t *testing.T) {
	row := func(labels []string, total bool, v []int64, st []State) Row {
		return Row{Labels: labels, Total: total, Values: v, State: st}
	}
	none := []State{Published, Published, Published, Published}
	s := &set{byName: map[string]int{}}
	s.add(&Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
		Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []Row{row([]string{"AF", "AF-HER"}, false, []int64{320}, []State{Published}), row([]string{"all countries", ""}, true, []int64{320}, []State{Published})}})
	s.add(&Table{Name: "cases-by-year-and-gender", Labels: []string{"year"},
		Counts: []string{"cases", "female", "male", "other_or_unknown"}, TotalCols: []bool{true, false, false, false},
		Rows: []Row{
			row([]string{"2022"}, false, []int64{84, 36, 45, 3}, []State{Published, Published, Published, Primary}),
			row([]string{"2023"}, false, []int64{98, 0, 0, 3}, []State{Published, Secondary, Secondary, Primary}),
			row([]string{"2024"}, false, []int64{138, 55, 80, 3}, []State{Published, Published, Published, Primary}),
			row([]string{"all years"}, true, []int64{320, 140, 171, 9}, none),
		}})
	s.add(&Table{Name: "cases-by-age-and-gender", Labels: []string{"age_group", "age_band"},
		Counts: []string{"cases", "female", "male"}, TotalCols: []bool{true, false, false},
		Rows: []Row{row([]string{"adult", "18-60"}, false, []int64{320, 140, 171}, []State{Published, Published, Published})}})
	s.add(&Table{Name: "exploitation-by-age", Labels: []string{"form"},
		Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []Row{row([]string{"labour"}, false, []int64{320}, []State{Published})}})
	m := &release.Manifest{}
	m.Counts.Written = 320
	r := &report{opt: Options{Threshold: 10}, m: m, set: s}
	charts, err := r.charts()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		if c.Title != "Cases by year of registration and gender" {
			continue
		}
		svg := string(c.SVG)
		for _, want := range []string{">98<", "all genders", ">36<", ">138<"} {
			if !strings.Contains(svg, want) {
				t.Errorf("year chart has no %q", want)
			}
		}
		return
	}
	t.Fatal("no year chart")
}
