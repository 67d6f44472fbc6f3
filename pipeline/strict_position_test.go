package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestStrictRefusalNamesColumnByPosition (privacy-side-doors37): strict mode's refusal of a row
// whose value a column with a withheld name holds said `column "(name withheld)"`, with no
// position, so the user could not tell which column to fix; it now says the column's position,
// as the Reader's own errors and notices do, and never the name. A name that may be shown is
// shown as before.
func TestStrictRefusalNamesColumnByPosition(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"age_zarmina", `column 3 (its name withheld) (field age)`},
		{"age_years", `column "age_years" (field age)`},
	} {
		dir := t.TempDir()
		var b strings.Builder
		fmt.Fprintf(&b, "case_id,gender,%s,registration_date,province_of_exploitation\n", c.header)
		for i := range 12 {
			age := fmt.Sprint(10 + i)
			if i == 7 {
				age = "abc"
			}
			fmt.Fprintf(&b, "C%02d,female,%s,2024-01-%02d,AF-HER\n", i, age, i+1)
		}
		in := filepath.Join(dir, "cases.csv")
		cfgFile := filepath.Join(dir, "prevalence.yaml")
		if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		yaml := fmt.Sprintf("k: 2\nsources:\n  - match: \"*\"\n    columns:\n      %s: age\n    defaults:\n      country_of_exploitation: AF\n", c.header)
		if err := os.WriteFile(cfgFile, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := pipeline.LoadConfig(cfgFile)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Strict = true
		_, err = pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: filepath.Join(dir, "r"), Now: testNow})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "zarmina") || strings.Contains(err.Error(), "abc") {
			t.Errorf("%s: %v, want %q and neither the withheld name nor the value", c.header, err, c.want)
		}
	}
}
