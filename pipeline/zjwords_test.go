package pipeline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestZjWordsNoValues (privacy-side-doors29): session zj's new refusals and notices say
// positions, counts and words of their own, never a value of the input: the coordinator's
// remark and closure refusals (errRemarkNotVictim, notVictimPhrase, statusSaysNot) and role
// phrases (bareRole: "Victim's mother"), ing29's refusal of a column read as a form's flag that
// holds free text (formFreeText) and of files named for other people (otherPersonWord). Each
// case plants a child's name and a phone number in the cells (and in a header the words name
// by position), runs the pipeline in three formats, searches everything the run said or wrote
// (exposed), and checks that the words it is about were said at all.
func TestZjWordsNoValues(t *testing.T) {
	const name, phone = "Zarmina Canaryzi", "0799 123 456"
	canaries := []string{"Canaryzi", "Zarmina", "0799 123", "123 456"}
	rows := func(header []string, cell func(i int) []string) [][]string {
		out := [][]string{header}
		for i := range 12 {
			out = append(out, append([]string{fmt.Sprintf("Z-%d", i+1), []string{"female", "male"}[i%2], "12", "2023-03-10", "AF-HER"}, cell(i)...))
		}
		return out
	}
	base := []string{"case_id", "gender", "age", "registration_date", "province_of_exploitation"}
	cases := []struct {
		name, file string
		rows       [][]string
		want       string // said in the error, the notices or the manifest
		fails      bool
	}{
		// V1: a remark that says only "Not a victim" leaves its row out (errRemarkNotVictim);
		// another remark holds a name and a phone, read as case notes (not kept)
		{"remark not victim", "register", rows(append(base, "Remarks"), func(i int) []string {
			return []string{[]string{"Not a victim", "Not trafficking", name + " " + phone, ""}[i%4]}
		}), "says in a few words that the person is not a victim", false},
		// V3: a closure reason in common words (notVictimPhrase) beside a free-text reason
		{"closure not victim", "register", rows(append(base, "trafficking_status", "Closure reason"), func(i int) []string {
			return []string{"actual", []string{"Found not to be trafficked", "Did not meet trafficking criteria", name + " moved, " + phone, ""}[i%4]}
		}), "closed for a reason that says it is no case", false},
		// V3: a dropped verification outcome that denies what the status column says
		// (statusSaysNot): refused, the column by its header, the rows by their count
		{"verification disagrees", "register", rows(append(base, "trafficking_status", "Outcome of verification", "Contact"), func(i int) []string {
			return []string{"actual", []string{"Confirmed", "Found not to be trafficked"}[min(i, 1)], name + " " + phone}
		}), "the two columns disagree", true},
		// V8: role phrases in a remark column ("Victim's mother"): refused naming the column
		{"role phrases in remarks", "register", rows(append(base, "Remarks"), func(i int) []string {
			return []string{[]string{"Victim", "Victim's mother", name + " " + phone}[i%3]}
		}), "which is read as case notes (not kept)", true},
		// V8: role phrases in a column named by a child's name: the column by its position
		{"role phrases any column", "register", rows(append(base, name), func(i int) []string {
			return []string{[]string{"Beneficiary", "Mother of the beneficiary", phone}[i%3]}
		}), "(its name withheld)", true},
		// ing29: a column read as a form's flag by its name holding free text (formFreeText)
		{"form flag free text", "register", rows(append(base, "Forced labour"), func(i int) []string {
			return []string{[]string{"Yes", "Brick kiln", name + " " + phone}[i%3]}
		}), "say neither yes nor no", true},
		// ing29: a file of caregivers (otherPersonWord) with the case's status: its word quoted
		{"caregivers file", "caregivers", rows(append(base, "trafficking_status", "Contact"), func(i int) []string {
			return []string{"actual", name + " " + phone}
		}), `its file name ("caregivers")`, true},
		// ing29 beside priv: a file named by a role word that is a child's given name too
		// ("Wali", guardian): refused, neither the label nor the refusal prints it
		{"given-name role file", "Wali", rows(append(base, "Contact"), func(i int) []string {
			return []string{name + " " + phone}
		}), "also a given name, withheld", true},
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
					t.Fatalf("error %v, want one: %v", err, tc.fails)
				}
				mustNotExpose(t, text, canaries...)
				if tc.file == "Wali" {
					mustNotExpose(t, text, "Wali", "wali")
				}
				if !strings.Contains(text, tc.want) {
					t.Errorf("%q not said: %s", tc.want, text[max(0, len(text)-600):])
				}
			})
		}
	}
}
