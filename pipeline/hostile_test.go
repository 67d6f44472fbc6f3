package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
)

// TestHostileInputs: inputs built to hurt get a clear error or a quarantined row, and what is
// released from them is safe to store, query and open in a spreadsheet.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	runOn := func(paths ...string) (string, error) {
		out := filepath.Join(t.TempDir(), "rel")
		var ins []pipeline.Input
		for _, p := range paths {
			ins = append(ins, pipeline.Input{Name: p})
		}
		_, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
		return out, err
	}

	// Deeply nested JSON: a clear error, no crash.
	deep := write("deep.json", strings.Repeat("[", 200000)+strings.Repeat("]", 200000))
	if _, err := runOn(deep); err == nil || !strings.Contains(err.Error(), "deep.json") {
		t.Errorf("deeply nested JSON: %v", err)
	}

	// Invalid UTF-8, NUL bytes and HTML in a released value (the source), and a formula as a
	// column name that ends up in the quarantine file.
	rows := "case_id,gender,age,source,\"=HYPERLINK(\"\"http://x\"\")\"\n"
	for i := 0; i < 6; i++ {
		rows += "," + []string{"female", "male"}[i%2] + ",12,Org \xff\x00<script>alert(1)</script>,x\n"
	}
	rows += ",female,notanumber,Org,x\n"
	out, err := runOn(write("dirty.csv", rows))
	if err != nil {
		t.Fatal(err)
	}
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.Query(context.Background(), db, "SELECT DISTINCT source FROM cases")
	db.Close()
	if err != nil {
		t.Fatalf("the release cannot be queried: %v", err)
	}
	for _, r := range tab.Rows {
		s := analysis.Cell(r[0])
		if strings.ContainsRune(s, 0) || strings.Contains(s, "\xff") {
			t.Errorf("released source %q holds invalid text", s)
		}
	}
	q, _ := os.ReadFile(filepath.Join(out, pipeline.QuarantineFile))
	for _, line := range strings.Split(string(q), "\n") {
		for _, cell := range strings.Split(line, ",") {
			if strings.HasPrefix(strings.Trim(cell, `"`), "=") {
				t.Errorf("a formula reaches the quarantine file: %s", line)
			}
		}
	}
}
