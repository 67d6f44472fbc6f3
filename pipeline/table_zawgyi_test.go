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

// TestAnonymizeTableZawgyiNames (privacy-side-doors29): `prevalence anonymize` refuses a kept
// column of Burmese names typed in the Zawgyi font's encoding ("ေအာင္" for "အောင်"), as it
// refuses the same names in Unicode: on main detect read no name in them and the column was
// released as it is. The refusal names the column, not a value.
func TestAnonymizeTableZawgyiNames(t *testing.T) {
	names := map[string][]string{
		"unicode": {"အောင်", "ကျော်ဇင်ထက်", "ခင်", "သန္တာ", "နှင်းဝေ", "မင်း"},
		"zawgyi": {"\u1031\u1021\u102c\u1004\u1039", "\u1031\u1000\u103a\u102c\u1039\u1007\u1004\u1039\u1011\u1000\u1039", "\u1001\u1004\u1039",
			"\u101e\u108f\u1071\u102c", "\u108f\u103d\u1004\u1039\u1038\u1031\u101d", "\u1019\u1004\u1039\u1038"},
	}
	for enc, ns := range names {
		t.Run(enc, func(t *testing.T) {
			dir := t.TempDir()
			var b strings.Builder
			b.WriteString("age,city,contact\n")
			for i := range 36 {
				fmt.Fprintf(&b, "%d,%s,%s\n", 20+10*(i%3), []string{"Yangon", "Mandalay"}[i/3%2], ns[i%len(ns)])
			}
			in := filepath.Join(dir, "t.csv")
			if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg := pipeline.Defaults
			cfg.K, cfg.SuppressionLimit = 2, 0.05
			_, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"age", "city"},
				Keep: []string{"contact"}, Config: cfg}, pipeline.Options{Out: filepath.Join(dir, "rel")})
			if err == nil || !strings.Contains(err.Error(), `"contact" looks like a name`) {
				t.Fatalf("want the kept column refused as names, got %v", err)
			}
			for _, n := range ns {
				if strings.Contains(err.Error(), n) {
					t.Errorf("the refusal prints a name: %v", err)
				}
			}
		})
	}
}
