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

// TestAnonymizeTableZawgyiCategories (privacy-side-doors30): a kept column of provinces typed in
// the Zawgyi font ("ရန္ကုန္" for "ရန်ကုန်") is refused as names, as it has been since part 29
// (its syllables cannot be told from names'); the refusal now says why (the Zawgyi font) and
// the ways out (Unicode, or --allow with the column's name), and prints no value. With --allow
// the column is released and recorded as allowed; check still names it, saying it was
// released at the user's word.
func TestAnonymizeTableZawgyiCategories(t *testing.T) {
	// Yangon, Mandalay, Sagaing, Mawlamyine, Taunggyi, Pathein in the Zawgyi encoding.
	provinces := []string{"\u101b\u1014\u1039\u1000\u102f\u1014\u1039", "\u1019\u108f\u1071\u1031\u101c\u1038",
		"\u1005\u1005\u1039\u1000\u102d\u102f\u1004\u1039\u1038", "\u1031\u1019\u102c\u1039\u101c\u107f\u1019\u102d\u1033\u1004\u1039",
		"\u1031\u1010\u102c\u1004\u1039\u1080\u1000\u102e\u1038", "\u1015\u102f\u101e\u102d\u1019\u1039"}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("age,city,region\n")
	for i := range 36 {
		fmt.Fprintf(&b, "%d,%s,%s\n", 20+10*(i%3), []string{"Yangon", "Mandalay"}[i/3%2], provinces[i%len(provinces)])
	}
	in := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.05
	spec := pipeline.TableSpec{Input: in, QIs: []string{"age", "city"}, Keep: []string{"region"}, Config: cfg}
	_, err := pipeline.AnonymizeTable(context.Background(), spec, pipeline.Options{Out: filepath.Join(dir, "refused")})
	if err == nil {
		t.Fatal("a kept column of Zawgyi text was released without --allow")
	}
	for _, want := range []string{`"region" looks like a name (by its content: Burmese in the Zawgyi font`, "convert it to Unicode", `--allow "region"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q: %v", want, err)
		}
	}
	for _, p := range provinces {
		if strings.Contains(err.Error(), p) {
			t.Errorf("the refusal prints a value: %v", err)
		}
	}
	spec.Allow = []string{"region"}
	out := filepath.Join(dir, "allowed")
	if _, err := pipeline.AnonymizeTable(context.Background(), spec, pipeline.Options{Out: out}); err != nil {
		t.Fatalf("--allow region: %v", err)
	}
	p := checkRelease(t, out)
	if len(p) != 1 || !strings.Contains(p[0], "Burmese in the Zawgyi font") || !strings.Contains(p[0], "--allow") {
		t.Errorf("check of the allowed release: want one problem naming the Zawgyi column as allowed, got %q", p)
	}
}
