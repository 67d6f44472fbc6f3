package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestFilePages walks testdata/pages: one folder per case holding an API's answer saved page
// by page (attack-2026-12-02g finding 5), each file read by its path; expected.out holds every
// file's outcome. The pages are read together, with the first page, only when they tile the
// answer; a page missing or saved twice leaves each page refused.
func TestFilePages(t *testing.T) {
	dirs, err := os.ReadDir("testdata/pages")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata/pages", d.Name())
			files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			got := map[string]outcome{}
			for _, p := range files {
				got[filepath.Base(p)] = readAllAs(t, p, filepath.ToSlash(p), nil)
			}
			b, _ := json.MarshalIndent(got, "", "  ")
			b = append(b, '\n')
			want := filepath.Join(dir, "expected.out")
			if *update {
				if err := os.WriteFile(want, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(exp, b) {
				t.Errorf("outcome differs from %s:\n%s", want, b)
			}
		})
	}
}
