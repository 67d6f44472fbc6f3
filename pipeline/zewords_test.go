package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestCaseTypeRefusalNamesNoWords (privacy-side-doors24, task 1): session ze's refusal of a
// register of several case types (ingest Reader.caseTypes) names the column and counts rows,
// never a cell's words nor a file named after a child, in every format: the error, the logs and
// the progress line say "input 1" and "Type of case" only.
func TestCaseTypeRefusalNamesNoWords(t *testing.T) {
	rows := [][]string{{"case_id", "gender", "age", "Type of case"}}
	for i := range 12 {
		typ := "Trafficking"
		if i%3 == 0 {
			typ = "Neglect Canarytype 0700123456"
		}
		rows = append(rows, []string{fmt.Sprintf("T-%02d", i), []string{"female", "male"}[i%2], "12", typ})
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			in := writeInput(t, t.TempDir(), "Zarmina Canaryfile intake", f, rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if !errors.Is(err, ingest.ErrNoStatus) || !strings.Contains(err.Error(), `"Type of case"`) || !strings.Contains(err.Error(), "input 1") {
				t.Fatalf("a register of several case types: %v; want the case-type refusal naming input 1 and its column", err)
			}
			mustNotExpose(t, text, "Canarytype", "0700123456", "Neglect", "Zarmina", "Canaryfile")
		})
	}
}

// TestOneDayNoticeNamesNoWords (privacy-side-doors24, task 1): session ze's notice of an
// export registering most rows on one day (pipeline/run.go, oneDay) names the input as the
// manifest does ("input 1" for a file named after a child) and never the day; the NA/NaN
// quarantine's reason, which now names the row's spelling, stays in the organisation's
// quarantine.csv: no file for everyone says it.
func TestOneDayNoticeNamesNoWords(t *testing.T) {
	rows := [][]string{{"case_id", "gender", "age", "registration_date", "country_of_exploitation", "province_of_exploitation"}}
	for i := range 30 {
		day := "2024-03-07"
		if i%10 == 9 {
			day = fmt.Sprintf("2023-%02d-11", i/10+1)
		}
		prov := "AF-HER"
		if i == 4 {
			prov = "nAn" // pandas' NaN or Nangarhar: quarantined, the spelling in its reason
		}
		rows = append(rows, []string{fmt.Sprintf("D-%02d", i), []string{"female", "male"}[i%2], "12", day, "AF", prov})
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad
	dir := filepath.Join(t.TempDir(), "exports")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	in := writeInput(t, dir, "Zarmina Canaryfile intake", "csv", rows)
	text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`input 1: 2\d of its [23]\d rows with a case number and a registration date are registered on one day`).MatchString(text) {
		t.Errorf("no one-day notice naming input 1:\n%s", text)
	}
	mustNotExpose(t, text, "Zarmina", "Canaryfile", "2024-03-07", "07/03/2024", "03/07/2024", "7 March 2024")

	out := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	q, err := os.ReadFile(filepath.Join(out, "quarantine.csv"))
	if err != nil || !strings.Contains(string(q), `spelled ""nAn"" here`) {
		t.Fatalf("quarantine.csv does not give the placeholder's spelling (%v):\n%s", err, q)
	}
	public(t, out, m, func(rel string, b []byte) {
		if s := string(b); strings.Contains(s, "nAn") || strings.Contains(s, "spelled") || strings.Contains(s, "registered on one day") {
			t.Errorf("%s, a file for everyone, says the quarantine's reason or the one-day notice", rel)
		}
	})
}

// public calls f with every file of the release in out that is for everyone (what run
// --publish copies: release.AudienceOf and the manifest's outputs).
func public(t *testing.T, out string, m *release.Manifest, f func(rel string, b []byte)) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		i := slices.IndexFunc(m.Outputs, func(o release.Output) bool { return o.Path == rel })
		if release.AudienceOf(rel) != release.ForEveryone || i >= 0 && m.Outputs[i].For != "" && m.Outputs[i].For != release.ForEveryone {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		f(rel, b)
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("the release's files for everyone: %v (%d files)", err, n)
	}
}
