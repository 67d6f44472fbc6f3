package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestHeldKeyed (privacy-side-doors37, zy's Left): a held release with a key (linked records,
// capture histories) after one girl's province is corrected. The tables are held, but the
// reports for everyone gave the multiple systems estimate from this run's capture histories and
// the microdata's generalization levels chosen for this run's records ("Quasi-identifiers were
// generalized as follows", protections.json's microdata.generalization) and its risks before and
// after (report.html's "Risk before and after", in bands): a changed record that
// moves them tells everyone what the hold keeps. Under the hold they are not given, as the
// account of the input rows is not; the researchers have the microdata and the histories.
func TestHeldKeyed(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	f := heldFirst(t, 300, false, pipeline.Options{Key: key})
	dir, cfg, ins, out, reports := f.dir, f.cfg, f.ins, f.out, f.reports
	md := reports[filepath.Join(out, "reports", "report.md")]
	for _, w := range []string{"## Hidden numbers: multiple systems estimation", "Quasi-identifiers were generalized as follows"} {
		if !bytes.Contains(md, []byte(w)) {
			t.Fatalf("the first release's report.md lacks %q: the test needs an estimate and levels to hold", w)
		}
	}
	if !bytes.Contains(reports[filepath.Join(out, "reports", "report.html")], []byte("Risk before and after")) {
		t.Fatal("the first release's report.html gives no risks: the test needs them to hold")
	}
	p := filepath.Join(dir, synth.AfghanFile)
	recs := readExport(t, p)
	h := recs[0]
	corrected := false
	for _, r := range recs[1:] {
		if r[slices.Index(h, "gender")] == "female" && r[slices.Index(h, "province_of_exploitation")] == "AF-HER" {
			setColumns(t, h, r, map[string]string{"province_of_exploitation": "AF-KHO", "updated_at": "2026-01-10"})
			corrected = true
			break
		}
	}
	if !corrected {
		t.Fatal("no girl in Herat to correct")
	}
	writeCSV(t, p, recs)
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables == nil || m.Tables.PreviousAudit != release.PreviousHeld {
		t.Fatalf("a correction: tables %+v; want previous_audit %q", m.Tables, release.PreviousHeld)
	}
	if _, err := os.Stat(filepath.Join(out, pipeline.CaptureHistoriesFile)); err != nil {
		t.Fatalf("a keyed run wrote no capture histories: %v", err)
	}
	sameButHeld(t, reports, true)
	for p := range reports {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, w := range []string{"Multiple systems estimation", "generalized as follows", `class="levels"`, "In this release the case file does not hold", "Risk before and after"} {
			if bytes.Contains(b, []byte(w)) {
				t.Errorf("held: %s says %q (this run's records decide it)", p, w)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "reports", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"multiple systems estimate is not given while the tables are held", "generalization of the quasi-identifiers in the k-anonymous case file (cases/) is not given while the tables are held"} {
		if !bytes.Contains(b, []byte(w)) {
			t.Errorf("held: report.md does not say %q", w)
		}
	}
	st, err := release.ReadProtections(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Microdata.Generalized) != 0 || st.Microdata.GeneralizationHeld == "" {
		j, _ := json.Marshal(st.Microdata)
		t.Errorf("held: protections.json's microdata gives this run's levels: %s", j)
	}
	checked(t, out).Close() // check derives the statement and the reports again
}
