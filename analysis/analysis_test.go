package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release/releasetest"
)

func TestNamedQueries(t *testing.T) {
	ctx := context.Background()
	db, err := analysis.Open(ctx, releasetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, _ := analysis.LookupNamed("boys-by-province")
	tab, err := n.Run(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]any{}
	for _, r := range tab.Rows {
		got[r[1].(string)] = r[2:]
	}
	// West Bengal: 15 boys, 12 in forced labour, 3 sexually exploited; Maharashtra: 7 boys.
	if w := got["IN-WB"]; len(w) < 3 || w[0] != int64(15) || w[1] != int64(3) || w[2] != int64(12) {
		t.Errorf("IN-WB = %v, want 15 cases, 3 sexual, 12 labour", w)
	}
	if m := got["IN-MH"]; len(m) < 1 || m[0] != int64(7) {
		t.Errorf("IN-MH = %v", m)
	}
	for _, n := range analysis.Catalogue() {
		if n.Needs != "" {
			if _, err := n.Run(ctx, db); err == nil {
				t.Errorf("%s ran without its %s", n.Name, n.Needs)
			}
			continue
		}
		if _, err := n.Run(ctx, db); err != nil {
			t.Errorf("%s: %v", n.Name, err)
		}
	}
	n, _ = analysis.LookupNamed("minors-by-exploitation")
	tab, _ = n.Run(ctx, db)
	forms := map[string]any{}
	for _, r := range tab.Rows {
		forms[r[0].(string)] = r[1]
	}
	if forms["forced labour"] != int64(19) || forms["sexual exploitation"] != int64(23) {
		t.Errorf("minors by form = %v, want 19 labour, 23 sexual", forms)
	}
}

// TestQueriesSeeOnlyTheRelease: ad hoc SQL can read the cases and nothing else on disk, and
// cannot write anywhere.
func TestQueriesSeeOnlyTheRelease(t *testing.T) {
	ctx := context.Background()
	dir := releasetest.Fixture(t)
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	secret := filepath.Join(t.TempDir(), "secret.csv")
	os.WriteFile(secret, []byte("name\nAsha\n"), 0o600)
	for _, q := range []string{
		"SELECT * FROM read_csv('" + secret + "')",
		"COPY (SELECT * FROM cases) TO '" + filepath.Join(t.TempDir(), "out.csv") + "'",
		"SET enable_external_access = true",
		"ATTACH '" + filepath.Join(t.TempDir(), "x.db") + "'",
	} {
		if _, err := analysis.Query(ctx, db, q); err == nil {
			t.Errorf("allowed: %s", q)
		}
	}
	if _, err := analysis.Query(ctx, db, "SELECT count(*) FROM cases"); err != nil {
		t.Errorf("reading the release: %v", err)
	}
}

// TestQueriesCannotReadTheWorkingFolder: DuckDB's temporary directory (by default ".tmp" in
// the working directory, which it adds to the directories it may read) is no way out of the
// release folder: a file in ./.tmp cannot be read, and only the release is listed.
func TestQueriesCannotReadTheWorkingFolder(t *testing.T) {
	ctx := context.Background()
	dir := releasetest.Fixture(t)
	wd := t.TempDir()
	t.Chdir(wd)
	os.Mkdir(filepath.Join(wd, ".tmp"), 0o700)
	secret := filepath.Join(wd, ".tmp", "intake.csv")
	if err := os.WriteFile(secret, []byte("full_name\nAsha Rai\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"SELECT * FROM read_csv('" + secret + "')",
		"SELECT * FROM read_csv('.tmp/intake.csv')",
		"SELECT * FROM glob('" + filepath.Join(wd, ".tmp", "*") + "')",
	} {
		if tab, err := analysis.QueryReadOnly(ctx, db, q); err == nil {
			t.Errorf("allowed: %s (%d rows)", q, len(tab.Rows))
		}
	}
	tab, err := analysis.Query(ctx, db, "SELECT value FROM duckdb_settings() WHERE name = 'allowed_directories'")
	if err != nil || len(tab.Rows) != 1 {
		t.Fatalf("allowed_directories: %v %v", tab, err)
	}
	abs, _ := filepath.Abs(dir)
	if got := fmt.Sprint(tab.Rows[0][0]); got != "["+abs+string(filepath.Separator)+"]" {
		t.Errorf("allowed_directories = %s, want the release folder only", got)
	}
	if _, err := analysis.QueryReadOnly(ctx, db, "SELECT count(*) FROM cases"); err != nil {
		t.Errorf("reading the release: %v", err)
	}
}

func TestTableFormats(t *testing.T) {
	tab := &analysis.Table{Columns: []string{"a", "b"}, Rows: [][]any{{"=HYPERLINK(\"x\")", int64(3)}, {"-5", nil}, {"x|y", 1.5}}}
	var csv, md, js, txt strings.Builder
	tab.WriteCSV(&csv)
	tab.WriteMarkdown(&md)
	tab.WriteJSON(&js)
	tab.WriteText(&txt)
	if !strings.Contains(csv.String(), `"'=HYPERLINK(""x"")"`) || !strings.Contains(csv.String(), "\n-5,") {
		t.Errorf("CSV does not defuse formulas (and keep numbers):\n%s", csv.String())
	}
	if !strings.Contains(md.String(), `x\|y`) {
		t.Errorf("Markdown does not escape pipes:\n%s", md.String())
	}
	if !strings.Contains(js.String(), `"b": 3`) {
		t.Errorf("JSON:\n%s", js.String())
	}
	if !strings.Contains(txt.String(), "1.5") {
		t.Errorf("text:\n%s", txt.String())
	}
}

// TestEscapeMarkdown: emphasis and strikethrough from a release's text are escaped where they
// could render (a source named "*urgent*"), not where they are text (cases_lower, "*" alone).
func TestEscapeMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"*urgent*":          `\*urgent\*`,
		"_Herat_ home":      `\_Herat\_ home`,
		"a**b**":            `a\*\*b\*\*`,
		"~~gone~~":          `\~\~gone\~\~`,
		"cases_lower":       "cases_lower",
		"*":                 "*",
		"2015 * 2016":       "2015 * 2016",
		"x_":                `x\_`,
		"<10":               "<10",
		"<img src=x>":       `\<img src=x>`,
		"[a](javascript:1)": `\[a\](javascript:1)`,
	} {
		if got := analysis.EscapeMarkdown(in); got != want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestQueryReadOnly: a user's SQL cannot write, not even into the release folder that the
// settings of Open let DuckDB read (and would let it write).
func TestQueryReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := releasetest.Fixture(t)
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	into := filepath.Join(dir, "cases", "part-00001.parquet")
	for _, q := range []string{
		"COPY (SELECT * FROM cases) TO '" + into + "' (FORMAT parquet)",
		"SELECT 1; COPY (SELECT * FROM cases) TO '" + into + "' (FORMAT parquet)",
		"COPY (SELECT * FROM cases) TO '" + into + "' (FORMAT parquet); SELECT 1",
		"EXPLAIN ANALYZE COPY (SELECT * FROM cases) TO '" + into + "' (FORMAT parquet)",
		"EXPORT DATABASE '" + filepath.Join(dir, "x") + "'",
		"CREATE TABLE t AS SELECT * FROM cases",
		"CREATE OR REPLACE VIEW cases AS SELECT 1 AS x",
		"ATTACH '" + filepath.Join(dir, "x.db") + "'",
		"INSTALL httpfs",
		"SET threads = 1",
	} {
		if _, err := analysis.QueryReadOnly(ctx, db, q); err == nil {
			t.Errorf("allowed: %s", q)
		}
		if _, err := os.Stat(into); err == nil {
			t.Fatalf("%s wrote into the release", q)
		}
		// Refused, EXPORT DATABASE made its folder all the same when it was prepared.
		for _, made := range []string{"x", "x.db"} {
			if _, err := os.Stat(filepath.Join(dir, made)); err == nil {
				t.Fatalf("%s made %s in the release", q, made)
			}
		}
	}
	got, err := analysis.QueryReadOnly(ctx, db, "WITH c AS (SELECT gender FROM cases) SELECT count(*) AS n FROM c")
	if err != nil || len(got.Rows) != 1 {
		t.Fatalf("a read-only query: %v %v", got, err)
	}
	if _, err := analysis.QueryReadOnly(ctx, db, "SELECT 1; SELECT 2"); !errors.Is(err, analysis.ErrNotReadOnly) {
		t.Errorf("two statements: %v", err)
	}
}
