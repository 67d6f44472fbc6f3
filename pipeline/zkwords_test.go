package pipeline_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestZkWordsNoValues (privacy-side-doors30): session zk's new refusals and notices say
// positions, counts and words of their own, never a value of the input: the coordinator's
// files of other people by their whole name (wholeOtherNames: "Household", "HH"; statusPhrases:
// "Family details"), W12's notice of one export's undated repeats, link's refusal of a pooled
// export that names the organisation column, and a file named by a child's name that is also a
// relation word ("Tia", detect.LabelName). Each case plants a child's name and a phone in the
// cells, runs the pipeline in three formats and searches everything the run said or wrote.
func TestZkWordsNoValues(t *testing.T) {
	const name, phone = "Zarmina Canaryzi", "0799 123 456"
	canaries := []string{"Canaryzi", "Zarmina", "0799 123", "123 456"}
	base := []string{"case_id", "gender", "age", "registration_date", "province_of_exploitation"}
	rows := func(header []string, n int, row func(i int) []string) [][]string {
		out := [][]string{header}
		for i := range n {
			out = append(out, row(i))
		}
		return out
	}
	plain := func(extra func(i int) []string) func(i int) []string {
		return func(i int) []string {
			return append([]string{fmt.Sprintf("Z-%d", i+1), []string{"female", "male"}[i%2], "12", "2023-03-10", "AF-HER"}, extra(i)...)
		}
	}
	contact := func(int) []string { return []string{name + " " + phone} }
	cases := []struct {
		name, file string
		rows       [][]string
		want       string
		fails      bool
	}{
		// W3: a file of other people by its whole name, beside a status column
		{"household file", "Household", rows(append(base, "trafficking_status", "Contact"), 12, plain(func(i int) []string {
			return []string{"actual", name + " " + phone}
		})), `("household")`, true},
		{"hh file", "HH", rows(append(base, "trafficking_status", "Contact"), 12, plain(func(i int) []string {
			return []string{"actual", name + " " + phone}
		})), `("hh")`, true},
		{"family details file", "Family details", rows(append(base, "trafficking_status", "Contact"), 12, plain(func(i int) []string {
			return []string{"actual", name + " " + phone}
		})), `("family details")`, true},
		// W12: one export repeats a case number with another age, neither record dated
		{"undated repeats", "register", rows(append(base, "Contact"), 13, func(i int) []string {
			if i == 12 {
				return []string{"Z-1", "female", "13", "2023-03-10", "AF-HER", name + " " + phone}
			}
			return plain(contact)(i)
		}), "repeat a case number of the same export with other values", false},
		// V7: a pooled export whose numbers restart within the file, its organisation column
		// holding a name: the refusal names the column, never a cell
		{"pooled export", "register", rows(append(base, "country_of_exploitation", "Organisation", "Contact"), 60, func(i int) []string {
			org := []string{"Canaryzi Home", "Shelter of " + name}[i/30]
			r := rand.New(rand.NewPCG(uint64(i), 7)) // as ingest's pooled(): ages, dates and provinces drawn
			return []string{fmt.Sprintf("%03d", i%30+1), "male", fmt.Sprint(15 + r.IntN(3)), fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)),
				[]string{"AF-KAB", "AF-HER", "AF-NAN"}[r.IntN(3)], "AF", org, phone}
		}), `"Organisation"`, true},
		// a file named "Tia" (aunt, and a child's name the name list's GivenName leaves out)
		{"tia file", "Tia", rows(append(base, "Contact"), 12, plain(contact)), "input 1", false},
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad
	for _, tc := range cases {
		for _, f := range []string{"csv", "json", "xlsx"} {
			t.Run(tc.name+"/"+f, func(t *testing.T) {
				in := writeInput(t, t.TempDir(), tc.file, f, tc.rows)
				text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
				if (err != nil) != tc.fails {
					t.Fatalf("error %v, want one: %v\n%s", err, tc.fails, text[:min(len(text), 3000)])
				}
				mustNotExpose(t, text, canaries...)
				if tc.file == "Tia" {
					mustNotExpose(t, text, "Tia")
				}
				if !strings.Contains(text, tc.want) {
					t.Errorf("%q not said: %s", tc.want, text[max(0, len(text)-600):])
				}
			})
		}
	}
}
