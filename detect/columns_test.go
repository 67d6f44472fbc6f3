package detect

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestColumns walks testdata/columns: each case folder holds input.csv (one column: its header
// and values) and expected (the finding as printed, or "none").
func TestColumns(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "columns", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, "input.csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cr := csv.NewReader(f)
			cr.FieldsPerRecord = 1
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, "expected"))
			if err != nil {
				t.Fatal(err)
			}
			var vals []string
			for _, r := range rows[1:] {
				vals = append(vals, r[0])
			}
			got := "none"
			if fd, ok := Column(rows[0][0], vals); ok {
				got = fd.String()
			}
			if got != strings.TrimSpace(string(want)) {
				t.Errorf("got %q, want %q", got, strings.TrimSpace(string(want)))
			}
			for _, v := range vals {
				if len(v) > 3 && strings.Contains(got, v) {
					t.Errorf("the finding %q holds the value %q", got, v)
				}
			}
		})
	}
}

// FuzzContent: any text with a phone number written into it is flagged, and no finding holds a
// value.
func FuzzContent(f *testing.F) {
	for _, s := range []string{"no answer", "mother Asha Devi visited", "visited on 2023-04-05", "paid 12 500 000 AFN",
		"a@b.cc", "NA", "Kabul City", "P1234567", "x 5", "٣٤٥ مرحبا", "(022)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fd, ok := Column("info", []string{s, s + "!", "other"})
		if ok && len(s) > 8 && strings.Contains(fd.String(), s) {
			t.Errorf("the finding %q holds the value", fd)
		}
		if !strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }) {
			return
		}
		v := s + " call +93 700 123 456"
		if _, ok := Column("info", []string{"no answer", v, "no answer"}); !ok {
			t.Errorf("a phone number inside %q not found", v)
		}
	})
}
