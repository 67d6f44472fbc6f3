package reports_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/release/releasetest"
	"github.com/prevalence/prevalence/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestSuppress(t *testing.T) {
	tab := &analysis.Table{Columns: []string{"province", "cases", "note"}, Rows: [][]any{
		{"A", int64(0), int64(3)}, {"B", int64(1), nil}, {"C", int64(9), nil}, {"D", int64(10), nil}, {"7", int64(250), nil},
	}}
	got := reports.Suppress(tab, []string{"cases"}, 10)
	want := []any{int64(0), "<10", "<10", int64(10), int64(250)}
	for i, r := range got.Rows {
		if r[1] != want[i] {
			t.Errorf("row %d: %v, want %v", i, r[1], want[i])
		}
	}
	if got.Rows[0][2] != int64(3) || got.Rows[4][0] != "7" {
		t.Error("Suppress changed a column that holds no counts")
	}
	if tab.Rows[1][1] != int64(1) {
		t.Error("Suppress changed its input")
	}
}

// TestBuildGolden renders the report of a fixed release and compares it with the golden files;
// run with -update after a deliberate change.
func TestBuildGolden(t *testing.T) {
	ctx := context.Background()
	dir := releasetest.Fixture(t)
	m, err := release.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, err := reports.Build(ctx, db, m, reports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	small := regexp.MustCompile(`(^|[|,]\s*)([1-9])(\s*[|,\n]|$)`)
	for _, f := range files {
		golden := filepath.Join("testdata", filepath.Base(f.Path))
		if *update {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(want, f.Data) {
			t.Errorf("%s differs from %s:\n%s", f.Path, golden, f.Data)
		}
		// No count from 1 to 9 in any table cell.
		for _, line := range bytes.Split(f.Data, []byte("\n")) {
			if bytes.HasPrefix(line, []byte("|")) || filepath.Ext(f.Path) == ".csv" {
				if m := small.Find(line); m != nil {
					t.Errorf("%s: a small count is published: %q", f.Path, line)
				}
			}
		}
	}
}
