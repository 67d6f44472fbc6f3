package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestZiWordsNoValues (privacy-side-doors28): session zi's new refusals and notices say
// positions, counts and words of their own, never a value of the input. Each case plants a
// child's name and a phone number in the cells (and, where a column is named by its values, in
// its header), runs the pipeline in three formats and searches everything the run said or
// wrote (exposed), and checks that the words it is about were said at all.
func TestZiWordsNoValues(t *testing.T) {
	const name, phone = "Zarmina Canaryzi", "0799 123 456"
	canaries := []string{"Canaryzi", "0799 123", "123 456"}
	rows := func(header []string, cell func(i int) []string) [][]string {
		out := [][]string{header}
		for i := range 12 {
			out = append(out, append([]string{fmt.Sprintf("Z-%d", i+1), []string{"female", "male"}[i%2], "12", "2023-03-10", "AF-HER"}, cell(i)...))
		}
		return out
	}
	base := []string{"case_id", "gender", "age", "registration_date", "province_of_exploitation"}
	cases := []struct {
		name  string
		rows  [][]string
		want  string // said in the error or the notices
		fails bool
	}{
		// U1: a remark column read as case notes holding role words: refused, the column by
		// its name (a header of the presets), the rows by their count
		{"notes roles", rows(append(base, "Notes"), func(i int) []string {
			return []string{[]string{"Victim", "Witness", name + " called " + phone}[i%3]}
		}), "which is read as case notes (not kept)", true},
		// U1: a remark that is only Duplicate leaves its row out; another remark holds a name
		// and a phone; no form recorded: the notice
		{"remark marks", rows(append(base, "Remarks"), func(i int) []string {
			return []string{[]string{"Duplicate", "Deleted", name + " " + phone, ""}[i%4]}
		}), "no row records a form of exploitation", false},
		// U6: two Yes/No columns of one form (formNamed): the clash names the headers only
		{"forms clash", rows(append(base, "Forced labor", "Trabajo forzoso", "Contact"), func(i int) []string {
			return []string{[]string{"Yes", "No"}[i%2], []string{"Sí", "No"}[i%2], name + " " + phone}
		}), "both map onto field is_forced_labour", true},
		// ing28: a dropped column of any name holding role words, its header a child's name:
		// withheld as "column 6 (its name withheld)"
		{"roles any column", rows(append(base, name), func(i int) []string {
			return []string{[]string{"Victim", "Witness", phone}[i%3]}
		}), "(its name withheld)", true},
		// ing28: a dropped status question saying No beside the status column: refused
		{"status disagrees", rows(append(base, "trafficking_status", "Is this a trafficking case?", "Contact"), func(i int) []string {
			return []string{"actual", []string{"Yes", "No"}[min(i, 1)], name + " " + phone}
		}), "the two columns disagree", true},
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad
	for _, tc := range cases {
		for _, f := range []string{"csv", "json", "xlsx"} {
			t.Run(tc.name+"/"+f, func(t *testing.T) {
				in := writeInput(t, t.TempDir(), "register", f, tc.rows)
				text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
				if (err != nil) != tc.fails {
					t.Fatalf("error %v, want one: %v", err, tc.fails)
				}
				mustNotExpose(t, text, canaries...)
				if !strings.Contains(text, tc.want) {
					t.Errorf("%q not said: %s", tc.want, text[max(0, len(text)-600):])
				}
			})
		}
	}
	// link's near pairs: two organisations' children of one family name and birth, given
	// names that the link does not fold: the notice counts pairs and names no one
	t.Run("near pairs", func(t *testing.T) {
		dir := t.TempDir()
		var a, b strings.Builder
		a.WriteString(linkHeader)
		b.WriteString(linkHeader)
		for i := range 12 {
			fmt.Fprintf(&a, "A%d,Zarmina%c Canaryzi%c,2012-05-%02d,female,2023-03-%02d,AF,AF-KAB\n", i+1, 'a'+i, 'a'+i, 3+i, 1+i)
			fmt.Fprintf(&b, "B%d,Laila%c Canaryzi%c,2012-05-%02d,female,2023-04-%02d,AF,AF-KAB\n", i+1, 'a'+i, 'a'+i, 3+i, 1+i)
		}
		for n, s := range map[string]string{"org-a.csv": a.String(), "org-b.csv": b.String()} {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		c := cfg
		c.Sources = []ingest.Mapping{{Match: "org-a.csv", Source: "Org A"}, {Match: "org-b.csv", Source: "Org B"}}
		key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
		text, err := exposed(t, []pipeline.Input{{Name: filepath.Join(dir, "org-a.csv")}, {Name: filepath.Join(dir, "org-b.csv")}}, c, key)
		if err != nil {
			t.Fatal(err)
		}
		mustNotExpose(t, text, "Canaryzi", "Zarmina", "Laila")
		if !strings.Contains(text, "pairs of two organisations' records are not linked but agree") || !strings.Contains(text, "(12 the same date") {
			i := strings.Index(text, "notice")
			t.Errorf("no near pairs notice: %s", text[max(0, i-100):])
		}
	})
}
