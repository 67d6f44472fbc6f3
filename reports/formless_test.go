package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestFormless (attack-2026-12-05b U6): a register that records no form of exploitation (its
// one Yes/No column per form under names ingest did not know) had every form "not recorded",
// and the brief said the most common form was withheld for privacy; it now says no case
// records a form. A release with one form withheld keeps the old words.
func TestFormless(t *testing.T) {
	for _, c := range []struct {
		name  string
		state State
		want  string
	}{
		{"no form", Unrecorded, "The most common form of exploitation cannot be given: no case in this input records a form of exploitation."},
		{"a form withheld", Primary, "The share of the most common form of exploitation is withheld"},
	} {
		t.Run(c.name, func(t *testing.T) {
			prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
				Counts: []string{"cases", "female", "male", "other_or_unknown"}, TotalCols: []bool{true, false, false, false},
				Rows: []Row{
					{Labels: []string{"AF", "AF-HER"}, Values: []int64{40, 0, 40, 0}, State: []State{Published, Published, Published, Published}},
					{Labels: []string{"all countries", ""}, Total: true, Values: []int64{40, 0, 40, 0}, State: []State{Published, Published, Published, Published}},
				}}
			age := &Table{Name: "cases-by-age-and-gender", Labels: []string{"majority_status", "age_band"}, Counts: []string{"cases"}, TotalCols: []bool{true},
				Rows: []Row{
					{Labels: []string{"minor", "9-17"}, Values: []int64{40}, State: []State{Published}},
					{Labels: []string{"all ages", ""}, Total: true, Values: []int64{40}, State: []State{Published}},
				}}
			forms := &Table{Name: "exploitation-by-age", Labels: []string{"form"}, Counts: []string{"cases"}, TotalCols: []bool{false}}
			for _, f := range []string{"sexual exploitation", "forced labour", "forced marriage"} {
				forms.Rows = append(forms.Rows, Row{Labels: []string{f}, Values: []int64{0}, State: []State{c.state}})
			}
			s := &set{byName: map[string]int{}}
			for _, tb := range []*Table{prov, age, forms} {
				s.add(tb)
			}
			m := &release.Manifest{}
			m.Counts.Written = 40
			r := &report{opt: Options{Threshold: 10}, m: m, set: s}
			var got string
			for _, f := range r.figures() {
				if strings.Contains(f.Sentence, "form of exploitation") {
					got = f.Sentence
				}
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("the most common form: %q, want %q", got, c.want)
			}
		})
	}
}
