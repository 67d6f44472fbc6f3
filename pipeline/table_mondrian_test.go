package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/pipeline"
)

// TestAnonymizeTableMondrianAfter: `prevalence anonymize` with Mondrian writes risk and utility
// after anonymization into privacy.json, as it does for full-domain releases.
func TestAnonymizeTableMondrianAfter(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,age,sex\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%d,%d,%s\n", i, 18+i%40, []string{"f", "m"}[i%2])
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit, cfg.Method = 3, 0, "mondrian"
	out := filepath.Join(dir, "rel")
	m, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"age", "sex"},
		Hierarchies: map[string]string{"age": "builtin:age"}, Drop: []string{"id"}, Config: cfg}, pipeline.Options{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, pipeline.PrivacyFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Before anonymize.Metrics  `json:"before"`
		After  *anonymize.Metrics `json:"after"`
		Search struct {
			Cells int `json:"cells"` // Mondrian counts cells; equal labels make one class
		} `json:"search"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.After == nil {
		t.Fatalf("privacy.json without after: %v\n%s", err, data)
	}
	a := doc.After
	if a.Released != m.Counts.Written || a.Released != 60 || a.MinClassSize < 3 || a.RecordsBelowK != 0 ||
		a.Classes > doc.Search.Cells || a.Classes == 0 || a.Loss <= 0 || a.Prosecutor.Highest > 1.0/3 ||
		doc.Before.RecordsBelowK == 0 {
		t.Errorf("after %+v (before %+v)", a, doc.Before)
	}
}

// TestAnonymizeTableMondrianFixed: a hierarchy of one level (its leaves only) is never
// generalized, by Mondrian either: the 2 rows of a status fewer than k share are suppressed
// whole (within the limit) instead of being released as "*" with the others.
func TestAnonymizeTableMondrianFixed(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,age,status\n")
	for i := range 60 {
		st := "actual"
		if i < 2 {
			st = "possible"
		}
		fmt.Fprintf(&b, "%d,%d,%s\n", i, 18+i%40, st)
	}
	in := filepath.Join(dir, "in.csv")
	hier := filepath.Join(dir, "status.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hier, []byte("actual\npossible\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"mondrian", "full-domain"} {
		t.Run(method, func(t *testing.T) {
			cfg := pipeline.Defaults
			cfg.K, cfg.SuppressionLimit, cfg.Method = 3, 0.05, method
			out := filepath.Join(t.TempDir(), "rel")
			m, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"age", "status"},
				Hierarchies: map[string]string{"age": "builtin:age", "status": hier}, Drop: []string{"id"}, Config: cfg},
				pipeline.Options{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			db, err := analysis.Open(context.Background(), out)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			tab, err := analysis.Query(context.Background(), db, "SELECT CAST(status AS VARCHAR), count(*) FROM cases GROUP BY ALL ORDER BY 1")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range tab.Rows {
				got = append(got, fmt.Sprintf("%s:%v", analysis.Cell(r[0]), r[1]))
			}
			if strings.Join(got, " ") != "actual:58" || m.Counts.Written != 58 || m.Counts.Suppressed != 2 {
				t.Errorf("status released as %v, %d written, %d suppressed; want actual:58, 2 suppressed", got, m.Counts.Written, m.Counts.Suppressed)
			}
		})
	}
}
