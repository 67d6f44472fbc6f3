package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
