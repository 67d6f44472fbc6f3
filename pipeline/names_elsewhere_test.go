package pipeline_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// The paths beyond run's notices that print an input's name (privacy-side-doors37, 7 Dec
// 08:54): a file named for a person beside a person word ("contact_grace.csv", "Officer
// Hope.csv", detect.FileLabel) is "input N" there too.

// TestSkippedInputNamedAsShown: under --keep-going an input that cannot be read is skipped with
// a notice and a log line; both quoted the reader's error, which names the file ("skipped input
// 2: exports/contact_grace.csv: no header row" before 7 Dec 2026).
func TestSkippedInputNamedAsShown(t *testing.T) {
	rows := [][]string{{"case_id", "gender", "age", "registration_date", "country_of_exploitation"}}
	for i := range 12 {
		rows = append(rows, []string{"K-" + string(rune('a'+i)), []string{"female", "male"}[i%2], "12", "2023-01-10", "AF"})
	}
	dir := t.TempDir()
	good := writeInput(t, dir, "cases_2023", "csv", rows)
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit, cfg.KeepGoing = 2, 0.5, true
	outs, n := t.TempDir(), 0
	for name, body := range map[string]string{
		"contact_grace.csv":    "",                         // no header row
		"Officer Hope.xlsx":    "PK\x03\x04not a workbook", // a broken workbook
		"caseworker_hope.json": "{\"not\": ",               // cut short
	} {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(dir, name)
			if err := os.WriteFile(bad, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			n++
			out := filepath.Join(outs, strconv.Itoa(n)) // not the subtest's folder: it is named for the file
			m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: good}, {Name: bad}}, cfg,
				pipeline.Options{Out: out, Now: testNow, Logger: logger})
			if err != nil {
				t.Fatal(err)
			}
			said := strings.Join(m.Notices, "\n")
			if !strings.Contains(said, "skipped input 2") {
				t.Errorf("no notice of the skipped input 2:\n%s", said)
			}
			said += "\n" + logs.String()
			for _, f := range []string{"manifest.json", "quarantine.csv"} {
				b, _ := os.ReadFile(filepath.Join(out, f))
				said += "\n" + string(b)
			}
			for _, w := range []string{"grace", "Hope", "hope"} {
				if i := strings.Index(said, w); i >= 0 {
					t.Errorf("%q said: ...%s...", w, said[max(0, i-80):min(len(said), i+40)])
				}
			}
		})
	}
}

// TestAnonymizeTableErrorsNameNoPerson: prevalence anonymize's errors named its --input as
// given ("Officer Hope.csv: no column ..."); they name it as its manifest does: "input 1" when
// the name could be a person's, the file's name otherwise.
func TestAnonymizeTableErrorsNameNoPerson(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	table := "gender,age\nfemale,12\nmale,13\nfemale,12\nmale,13\n"
	cfg := pipeline.Defaults
	cfg.K = 2
	for _, c := range []struct {
		input string
		qi    string
		named bool
	}{
		{write("Officer Hope.csv", table), "nosuch", false},                          // no column
		{write("contact_grace.csv", ""), "gender", false},                            // no header row
		{write("contact_grace_2.csv", "gender,age\nfemale,\"12\n"), "gender", false}, // a broken quote
		{write("contact_grace_3.csv", "gender,age\n"), "gender", false},              // no rows
		{filepath.Join(dir, "caseworker_hope.csv"), "gender", false},                 // no such file
		{write("cases_2023.csv", table), "nosuch", true},
	} {
		t.Run(filepath.Base(c.input), func(t *testing.T) {
			_, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: c.input, QIs: []string{c.qi}, Keep: []string{"age"}, Config: cfg},
				pipeline.Options{Out: filepath.Join(dir, "rel")})
			if err == nil {
				t.Fatal("anonymized")
			}
			msg := err.Error()
			if named := strings.Contains(msg, filepath.Base(c.input)); named != c.named {
				t.Errorf("%q: the file named: %v, want %v", msg, named, c.named)
			}
			if !c.named && !strings.Contains(msg, "input 1") {
				t.Errorf("%q: not named input 1", msg)
			}
			for _, w := range []string{"grace", "Hope", "hope"} {
				if strings.Contains(msg, w) {
					t.Errorf("%q says %q", msg, w)
				}
			}
		})
	}
}
