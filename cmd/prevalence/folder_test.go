package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestFolderInputReadsEverything: a folder's exports are found in any case, gzipped, in
// subfolders and with a trailing space in the name; what is skipped is named in the manifest
// with the reason; a FIFO is refused, not waited on.
func TestFolderInputReadsEverything(t *testing.T) {
	work := t.TempDir()
	in := filepath.Join(work, "exports")
	os.MkdirAll(filepath.Join(in, "sub"), 0o700)
	rows := func(from int) []byte {
		var b bytes.Buffer
		b.WriteString("case_id,gender,age,country_of_exploitation\n")
		for i := from; i < from+10; i++ {
			b.WriteString(strings.Join([]string{"C" + string(rune('a'+i/26)) + string(rune('a'+i%26)), []string{"female", "male"}[i%2], "30", "IN"}, ",") + "\n")
		}
		return b.Bytes()
	}
	os.WriteFile(filepath.Join(in, "a.csv"), rows(0), 0o600)
	os.WriteFile(filepath.Join(in, "b.CSV"), rows(10), 0o600)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(rows(20))
	zw.Close()
	os.WriteFile(filepath.Join(in, "d.csv.gz"), gz.Bytes(), 0o600)
	os.WriteFile(filepath.Join(in, "sub", "e.csv"), rows(30), 0o600)
	os.WriteFile(filepath.Join(in, "f.csv "), rows(40), 0o600)
	os.WriteFile(filepath.Join(in, "notes.docx"), []byte("x"), 0o600)
	out := filepath.Join(work, "rel")
	code, stdout, stderr := prevalence(t, "run", "--input", in, "--out", out, "--k", "2", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	m, err := release.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Read != 50 || len(m.Inputs) != 5 {
		t.Errorf("read %d rows from %d inputs, want 50 from 5: %+v", m.Counts.Read, len(m.Inputs), m.Inputs)
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "notes.docx (not an export") }) {
		t.Errorf("the skipped file is not named: %q", m.Notices)
	}

	fifo := filepath.Join(work, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	code, _, stderr = prevalence(t, "run", "--input", fifo, "--out", filepath.Join(work, "rel2"), "--quiet")
	if code == 0 || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("a FIFO input: exit %d, %s", code, stderr)
	}
}

// synth --hidden writes its exports' config, naming each organisation (attack-2026-12-01c
// finding 16's low: README says synth writes exports and their config; without it the lists
// were "input 1" to "input 4").
func TestSynthHiddenConfig(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "h"), filepath.Join(dir, "r")
	cli(t, "synth", "--out", in, "--hidden", "400", "--lists", "0.5,0.5,0.5", "--quiet")
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte("5b0e3c1f9a7d24e86c0b1a3f5d7e9c2b4a6f8e0d1c3b5a79e2f4d6c8b0a1e3f5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "run", "--input", in, "--config", filepath.Join(in, "prevalence.yaml"), "--key-file", key, "--out", out, "--quiet")
	m, err := release.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Organisation 1 (fictional)", "Organisation 2 (fictional)", "Organisation 3 (fictional)"}
	if m.Tables == nil || !slices.Equal(m.Tables.Organisations, want) {
		t.Errorf("organisations %v, want %v", m.Tables.Organisations, want)
	}
}
