package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestHeldRecordRemoved (privacy-side-doors37, 7 Dec 08:54: the held sweep's rest): one girl's
// record removed from the register, and run again over the release. The tables are held (the
// previous release's, unchanged), but report.md, brief.md and programme.html said "Since the
// release this one replaces, the exports read hold fewer rows (records removed from the
// register, ...)": everyone learnt that a record had gone (synth 3,000, seed 1, the CLI). Under
// the hold the reports say nothing of what changed: they are the previous release's, byte for
// byte, but for the held sentence.
func TestHeldRecordRemoved(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, 300, 1); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, n := range synth.Exports {
		ins = append(ins, pipeline.Input{Name: filepath.Join(dir, n)})
	}
	out := filepath.Join(t.TempDir(), "release")
	first, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	reports := map[string][]byte{}
	filepath.WalkDir(filepath.Join(out, "reports"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			reports[p], err = os.ReadFile(p)
		}
		return err
	})
	if len(reports) == 0 {
		t.Fatal("the first release wrote no reports")
	}

	// Every row of one girl's case (a case number of one row, read and written) removed.
	p := filepath.Join(dir, synth.AfghanFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := recs[0]
	idc, gc := slices.Index(h, "case_id"), slices.Index(h, "gender")
	ids := map[string]int{}
	for _, r := range recs[1:] {
		ids[r[idc]]++
	}
	gone := -1
	for i, r := range recs[1:] {
		if r[gc] == "female" && ids[r[idc]] == 1 {
			gone = i + 1
			break
		}
	}
	if gone < 0 {
		t.Fatal("no girl of one row")
	}
	writeCSV(t, p, slices.Delete(recs, gone, gone+1))
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables == nil || m.Tables.PreviousAudit != release.PreviousHeld {
		t.Fatalf("one case removed: tables %+v; want previous_audit %q", m.Tables, release.PreviousHeld)
	}
	if m.Counts.Read >= first.Counts.Read {
		t.Fatalf("rows read %d, the first release's %d: nothing removed", m.Counts.Read, first.Counts.Read)
	}
	held := regexp.MustCompile(` This release publishes the tables of the release it replaces again, unchanged [^.]*(&#39;|')[^.]*\.`)
	for p, was := range reports {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("held: %v", err)
			continue
		}
		if got = held.ReplaceAll(got, nil); !bytes.Equal(got, was) {
			i := 0
			for i < min(len(got), len(was)) && got[i] == was[i] {
				i++
			}
			t.Errorf("held: %s is not the previous release's but for the held sentence: at byte %d it says ...%s... where the previous said ...%s...",
				p, i, got[max(0, i-150):min(len(got), i+150)], was[max(0, i-150):min(len(was), i+150)])
		}
	}
}
