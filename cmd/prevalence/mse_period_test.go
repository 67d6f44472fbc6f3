package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMSEPeriodNote: `mse` on a release whose manifest says one organisation's list begins
// months into a year (partial_first_year) says after the table that the lists do not cover the
// same period, naming the list (researchers have the capture histories whose columns name
// it); a list of another organisation, or a capture-history file given bare, says nothing.
func TestMSEPeriodNote(t *testing.T) {
	histories := "police,ngo,shelter,count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,20\n1,0,1,15\n0,1,1,12\n1,1,1,5\n"
	for _, c := range []struct {
		source string
		want   bool
	}{{"police", true}, {"another", false}} {
		dir := t.TempDir()
		manifest := `{"partial_first_year": {"year": 2024, "why": "one organisation's registrations begin months into 2024", "source": "` + c.source + `"}}`
		if err := os.Mkdir(filepath.Join(dir, "cases"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(manifest), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "capture_histories.csv"), []byte(histories), 0o600); err != nil {
			t.Fatal(err)
		}
		const note = `The lists do not cover the same period: one organisation's registrations begin months into 2024 (the manifest's partial_first_year), so the people identified before then could not be on its list (the list "police")`
		for _, args := range [][]string{{"mse", dir, "--reps", "40"}, {"mse", filepath.Join(dir, "capture_histories.csv"), "--reps", "40"}} {
			var o, e bytes.Buffer
			if code := run(context.Background(), args, strings.NewReader(""), &o, &e); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, e.String())
			}
			if got, want := strings.Contains(o.String(), note), c.want && !strings.HasSuffix(args[1], ".csv"); got != want {
				t.Errorf("%v with the list %q partial: the period note printed %v, want %v:\n%s", args, c.source, got, want, o.String())
			}
		}
		var o, e bytes.Buffer
		if code := run(context.Background(), []string{"mse", dir, "--reps", "40", "--format", "csv"}, strings.NewReader(""), &o, &e); code != 0 ||
			strings.Contains(o.String(), "do not cover") || strings.Contains(e.String(), "do not cover") != c.want {
			t.Errorf("--format csv with the list %q partial: exit %d, the note on stderr, not stdout: %s / %s", c.source, code, o.String(), e.String())
		}
	}
}
