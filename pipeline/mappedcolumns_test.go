package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestMappedColumnMissing: a config's columns: entry that names no column of any input its
// sources: entry applies to, whose field no other column gives, refuses the run before anything
// is written; one whose field another column gave is a notice. attack-2026-12-04b G: an
// export's accented headers misread, four of the config's six entries matched nothing, the
// case number was dropped, exit 0.
func TestMappedColumnMissing(t *testing.T) {
	cases := func(header string) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		for i := range 12 {
			fmt.Fprintf(&b, "C-%d,%s,%d,2024-03-%02d\n", i, []string{"Niña", "Niño"}[i%2], 12+i%5, 1+i)
		}
		return b.String()
	}
	mx := map[string]string{"Número de caso": "case_id", "Género": "gender", "Edad": "age", "Fecha de registro": "registration_date"}
	for _, c := range []struct {
		name   string
		files  map[string]string
		cols   map[string]string
		refuse []string // in the error; nil: no refusal
		notice string   // in the notices
	}{
		{"headers without accents", map[string]string{"a.csv": cases("Numero del caso,Genero,Edad,Fecha de registro")}, mx,
			// ("Genero" is gender by its name since ing26, "Numero de caso" the case number since
			// attack-2026-12-05b U8: "Numero del caso" is no header ingest knows, and it is lost)
			[]string{`"Número de caso" (case_id) names no column of `, `a.csv, and no other column gives its field`, `(its columns that map onto no field: "Numero del caso")`}, ""},
		// attack-2026-12-04d, lows: the other export's case numbers would be lost without a word.
		{"one export of two has them", map[string]string{"a.csv": cases("Número de caso,Género,Edad,Fecha de registro"),
			"b.csv": cases("Numero del caso,Género,Edad,Fecha de registro")}, mx,
			[]string{`"Número de caso" (case_id) names a column of some of its inputs but none of `, `b.csv, and no other column there gives its field`}, ""},
		// The same in an export named after a child (privacy-side-doors25): the refusal
		// names it by its place, and no value of either.
		{"a renamed header in a file named after a child", map[string]string{"cases-2024-01.csv": cases("Número de caso,Género,Edad,Fecha de registro"),
			"Zarmina Canaryfile 2024-02.csv": cases("Numero del caso,Género,Edad,Fecha de registro")}, mx,
			[]string{`"Número de caso" (case_id) names a column of some of its inputs but none of input `}, ""},
		{"each export under its own header", map[string]string{"a.csv": cases("Número de caso,Género,Edad,Fecha de registro"),
			"b.csv": strings.ReplaceAll(cases("Numero del caso,Género,Edad,Fecha de registro"), "C-", "D-")},
			map[string]string{"Número de caso": "case_id", "Numero del caso": "case_id", "Género": "gender", "Edad": "age", "Fecha de registro": "registration_date"}, nil, ""},
		{"field from another column", map[string]string{"a.csv": cases("case_id,Género,Edad,Fecha de registro")}, mx, nil,
			`a.csv (another column gave its field): it was used for nothing`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var inputs []pipeline.Input
			for name, text := range c.files {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				inputs = append(inputs, pipeline.Input{Name: p})
			}
			cfg := pipeline.Defaults
			cfg.K, cfg.SuppressionLimit = 2, 0.5
			cfg.Sources = []ingest.Mapping{{Match: "*", Source: "Org MX", Columns: c.cols,
				Values:   map[string]map[string]string{"gender": {"Niña": "female", "Niño": "male"}},
				Defaults: map[string]string{"country_of_exploitation": "MX"}}}
			out := filepath.Join(dir, "rel")
			m, err := pipeline.Run(context.Background(), inputs, cfg, pipeline.Options{Out: out, Now: testNow})
			if c.refuse != nil {
				if !errors.Is(err, pipeline.ErrMappedColumn) {
					t.Fatalf("got %v, want ErrMappedColumn", err)
				}
				for _, w := range c.refuse {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error lacks %q:\n%v", w, err)
					}
				}
				for _, w := range []string{"Zarmina", "Canaryfile", "Niña", "Niño", "C-1", "2024-03-0"} {
					if strings.Contains(err.Error(), w) {
						t.Errorf("the refusal shows %q, a file's name or a value:\n%v", w, err)
					}
				}
				if _, err := os.Stat(filepath.Join(out, "manifest.json")); err == nil {
					t.Error("a release was written")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			notices := strings.Join(m.Notices, "\n")
			if c.notice != "" && !strings.Contains(notices, c.notice) {
				t.Errorf("notices lack %q:\n%s", c.notice, notices)
			}
			if c.notice == "" && strings.Contains(notices, "used for nothing") {
				t.Errorf("a notice of an entry used for nothing:\n%s", notices)
			}
		})
	}
}
