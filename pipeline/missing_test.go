package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// Forms of exploitation of cases in two classes (by gender); "" = not recorded.
const (
	sx = "Sexual exploitation"
	fl = "Forced labour"
)

// disclosing: the girls' forms {sexual, sexual, not recorded} disclose the form of everyone
// recorded; the boys' {sexual, labour, not recorded} do not.
var disclosing = [][2]string{{"female", sx}, {"female", sx}, {"female", ""}, {"male", sx}, {"male", fl}, {"male", ""}}

// balanced: both classes hold sexual and labour in equal shares among recorded values, the
// girls with two values not recorded: counting them as a value would put the girls at distance
// 0.25 from the whole.
var balanced = [][2]string{{"female", sx}, {"female", fl}, {"female", ""}, {"female", ""}, {"male", sx}, {"male", fl}, {"male", sx}, {"male", fl}}

// skewed: the girls' recorded forms are all sexual (distance 1/3 from the whole's recorded 2/3),
// the boys' half and half (distance 1/6).
var skewed = [][2]string{{"female", sx}, {"female", sx}, {"female", ""}, {"male", sx}, {"male", fl}, {"male", sx}, {"male", fl}}

// releasedGenders runs the check of out through DuckDB and returns the genders released.
func releasedGenders(t *testing.T, out string) string {
	t.Helper()
	db := checked(t, out)
	defer db.Close()
	tab, err := analysis.Query(context.Background(), db, "SELECT DISTINCT gender FROM cases ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	var g []string
	for _, r := range tab.Rows {
		g = append(g, analysis.Cell(r[0]))
	}
	return strings.Join(g, ",")
}

// TestMissingSensitiveValues: in `run` and in `anonymize`, a missing form of exploitation is not
// a sensitive value (sdcMicro): under every l-diversity variant the girls' class is withheld and
// the boys' released; under t-closeness the boys' class, whose recorded forms are the whole's, is
// released. Each release passes `check`, which recomputes the models through DuckDB, and its
// manifest states the rule.
func TestMissingSensitiveValues(t *testing.T) {
	models := []struct {
		yaml string
		rows [][2]string
		want string // genders released
	}{
		{"l: 2\n", disclosing, "male"},
		{"l: 2\ndiversity: entropy\n", disclosing, "male"},
		{"l: 2\ndiversity: recursive\nc: 2\n", disclosing, "male"},
		{"t: 0.1\n", balanced, "female,male"},
		{"t: 0.2\n", skewed, "male"},
	}
	t.Run("run", func(t *testing.T) {
		for _, mdl := range models {
			var b strings.Builder
			b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,type_of_exploitation\n")
			for i, r := range mdl.rows {
				fmt.Fprintf(&b, "M-%d,%s,30,2024-03-01,IN,%s\n", i, r[0], r[1])
			}
			in := filepath.Join(t.TempDir(), "cases.csv")
			os.WriteFile(in, []byte(b.String()), 0o600)
			cfg, err := pipeline.ParseConfig("t", []byte("k: 2\nsuppression_limit: 0.5\nquasi_identifiers: [gender]\nsensitive: exploitation\n"+mdl.yaml))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "rel")
			m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: out, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if m.Privacy.SensitiveMissing != release.MissingRule {
				t.Errorf("%q: the manifest does not state the missing rule: %q", mdl.yaml, m.Privacy.SensitiveMissing)
			}
			// quasi_identifiers: [gender]: the age band is released as it is, and the manifest
			// and a notice say so (privacy-side-doors7).
			if !slices.Contains(m.Privacy.Unprotected, "age_band") || slices.Contains(m.Privacy.Unprotected, "gender") ||
				!slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "quasi_identifiers protects gender only") }) {
				t.Errorf("%q: the unprotected quasi-identifiers are not stated: %v; %q", mdl.yaml, m.Privacy.Unprotected, m.Notices)
			}
			if got := releasedGenders(t, out); got != mdl.want {
				t.Errorf("%q: released %q, want %q", mdl.yaml, got, mdl.want)
			}
		}
	})
	t.Run("anonymize", func(t *testing.T) {
		for _, mdl := range models {
			var b strings.Builder
			b.WriteString("gender,form\n")
			for i, r := range mdl.rows {
				if r[1] == "" {
					r[1] = []string{"", "NA", " ", "null"}[i%4] // spellings of missing
				}
				fmt.Fprintf(&b, "%s,%s\n", r[0], r[1])
			}
			in := filepath.Join(t.TempDir(), "table.csv")
			os.WriteFile(in, []byte(b.String()), 0o600)
			cfg, err := pipeline.ParseConfig("t", []byte("k: 2\nsuppression_limit: 0.5\nsensitive: exploitation\n"+mdl.yaml))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "rel")
			spec := pipeline.TableSpec{Input: in, QIs: []string{"gender"}, Sensitive: "form", Config: cfg}
			m, err := pipeline.AnonymizeTable(context.Background(), spec, pipeline.Options{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			if m.Privacy.SensitiveMissing != release.MissingRule {
				t.Errorf("%q: the manifest does not state the missing rule", mdl.yaml)
			}
			if _, ok := m.Privacy.TReference[""]; ok {
				t.Errorf("%q: the t reference holds the missing value: %v", mdl.yaml, m.Privacy.TReference)
			}
			if got := releasedGenders(t, out); got != mdl.want {
				t.Errorf("%q: released %q, want %q", mdl.yaml, got, mdl.want)
			}
		}
	})
}
