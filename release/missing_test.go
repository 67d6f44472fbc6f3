package release_test

import (
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// forms of exploitation as the five flags of the release (sexual, labour, marriage, military,
// other); nil = not recorded.
var (
	sexual = []any{true, false, false, false, false}
	labour = []any{false, true, false, false, false}
	nf     = []any{nil, nil, nil, nil, nil}
)

var flags = []string{schema.IsSexualExploitation, schema.IsForcedLabour, schema.IsForcedMarriage, schema.IsForcedMilitary, schema.IsOtherExploitation}

// writeForms writes a release whose classes (by gender) hold the given forms, with m.
func writeForms(t *testing.T, classes map[string][][]any, m *release.Manifest) string {
	t.Helper()
	n := 0
	bb := array.NewRecordBuilder(memory.DefaultAllocator, schema.Release)
	defer bb.Release()
	for gender, forms := range classes {
		for _, form := range forms {
			n++
			for j, f := range schema.Release.Fields() {
				switch fb := bb.Field(j).(type) {
				case *array.StringBuilder:
					if f.Name == schema.Gender {
						fb.Append(gender)
					} else {
						fb.Append("*")
					}
				case *array.BooleanBuilder:
					v := any(nil)
					for k, flag := range flags {
						if flag == f.Name {
							v = form[k]
						}
					}
					if v == nil {
						fb.AppendNull()
					} else {
						fb.Append(v.(bool))
					}
				}
			}
		}
	}
	rec := bb.NewRecordBatch()
	defer rec.Release()
	m.Counts = release.Counts{Read: n, Written: n}
	m.Inputs = nil
	dir := filepath.Join(t.TempDir(), "rel")
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteCases(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.CloseCases(schema.Release); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(m); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCheckMissingIsNoSensitiveValue: `check` recomputes l-diversity and t-closeness through
// DuckDB with a missing form of exploitation counted as no value (release.MissingRule): a class
// {sexual, sexual, missing} is not 2-diverse in any variant, and a class {sexual, labour,
// missing} has the whole's recorded distribution; a class {missing, missing} discloses no form
// and meets every l.
func TestCheckMissingIsNoSensitiveValue(t *testing.T) {
	disclosing := map[string][][]any{"female": {sexual, sexual, nf}, "male": {sexual, labour, nf}}
	diverse := map[string][][]any{"female": {labour, sexual, nf, nf}, "male": {sexual, labour, nf}}
	// the female class has nothing recorded: it discloses no form and meets every l
	vacuous := map[string][][]any{"female": {nf, nf}, "male": {sexual, labour, nf}}
	ref := map[string]float64{"true|false|false|false|false": 0.5, "false|true|false|false|false": 0.5}
	for _, c := range []struct {
		name    string
		classes map[string][][]any
		p       release.Privacy
		want    string // "" = no problem
	}{
		{"distinct", disclosing, release.Privacy{L: 2, Diversity: "distinct"}, "not distinct 2-diverse: 1 classes"},
		{"entropy", disclosing, release.Privacy{L: 2, Diversity: "entropy"}, "not entropy 2-diverse: 1 classes"},
		{"recursive", disclosing, release.Privacy{L: 2, Diversity: "recursive", C: 3}, "not recursive 2-diverse: 1 classes"},
		{"t-closeness", disclosing, release.Privacy{T: 0.3, TReference: ref}, "not 0.3-close: a class is at distance 0.5000"},
		{"distinct ok", diverse, release.Privacy{L: 2, Diversity: "distinct"}, ""},
		{"entropy ok", diverse, release.Privacy{L: 2, Diversity: "entropy"}, ""},
		{"recursive ok", diverse, release.Privacy{L: 2, Diversity: "recursive", C: 2}, ""},
		// counting missing as a value would put the male class at distance 1/3
		{"t-closeness ok", diverse, release.Privacy{T: 0.01, TReference: ref}, ""},
		{"distinct, nothing recorded", vacuous, release.Privacy{L: 2, Diversity: "distinct"}, ""},
		{"entropy, nothing recorded", vacuous, release.Privacy{L: 2, Diversity: "entropy"}, ""},
		{"recursive, nothing recorded", vacuous, release.Privacy{L: 2, Diversity: "recursive", C: 2}, ""},
		{"t-closeness, nothing recorded", vacuous, release.Privacy{T: 0.01, TReference: ref}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := manifest(0)
			m.Privacy = c.p
			m.Privacy.K, m.Privacy.QuasiIdentifiers, m.Privacy.Sensitive = 2, []string{schema.Gender}, flags
			m.Privacy.SensitiveMissing = release.MissingRule
			p := check(t, writeForms(t, c.classes, m))
			if c.want == "" && len(p) != 0 || c.want != "" && !containsAny(p, c.want) {
				t.Errorf("want %q, got %v", c.want, p)
			}
		})
	}
	t.Run("rule not stated", func(t *testing.T) {
		m := manifest(0)
		m.Privacy.K, m.Privacy.QuasiIdentifiers, m.Privacy.Sensitive, m.Privacy.L = 2, []string{schema.Gender}, flags, 2
		if p := check(t, writeForms(t, diverse, m)); !containsAny(p, "rule for missing sensitive values") {
			t.Errorf("a manifest without the missing rule passes: %v", p)
		}
	})
}
