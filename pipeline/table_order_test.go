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

// TestAnonymizeTableErrorOrder: of several columns a refusal could name (hierarchies for
// columns the table lacks, for columns that are no quasi-identifier, config hierarchies that
// are built in), AnonymizeTable names the first by name each run: the hierarchies' map was
// ranged over, so that another column was named each run.
func TestAnonymizeTableErrorOrder(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,age,sex,c1,c2,c3,c4,c5,c6,c7,c8,c9\n")
	for i := range 20 {
		fmt.Fprintf(&b, "%d,%d,%s,x,x,x,x,x,x,x,x,x\n", i, 18+i%5, []string{"f", "m"}[i%2])
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cols := []string{"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}
	for _, c := range []struct {
		name  string
		spec  func(*pipeline.TableSpec)
		first string
	}{
		{"missing columns", func(s *pipeline.TableSpec) {
			for _, c := range cols {
				s.Hierarchies["no_"+c] = "builtin:age"
			}
		}, `no column "no_c1"`},
		{"not quasi-identifiers", func(s *pipeline.TableSpec) {
			s.Drop, s.Keep = append([]string{"id"}, cols...), nil
			for _, c := range cols {
				s.Hierarchies[c] = "builtin:age"
			}
		}, "--hierarchy c1:"},
		{"config hierarchies built in", func(s *pipeline.TableSpec) {
			s.Config.Hierarchies = map[string]string{}
			for _, c := range cols {
				s.Config.Hierarchies[c] = "builtin:age"
			}
		}, "hierarchies: c1:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := range 20 {
				cfg := pipeline.Defaults
				cfg.K, cfg.SuppressionLimit = 2, 0
				spec := pipeline.TableSpec{Input: in, QIs: []string{"age", "sex"}, Drop: []string{"id"}, Keep: cols,
					Hierarchies: map[string]string{"age": "builtin:age"}, Config: cfg}
				c.spec(&spec)
				_, err := pipeline.AnonymizeTable(context.Background(), spec, pipeline.Options{Out: filepath.Join(dir, "rel")})
				if err == nil || !strings.Contains(err.Error(), c.first) {
					t.Fatalf("run %d: %v, want the error naming %s", i+1, err, c.first)
				}
			}
		})
	}
}
