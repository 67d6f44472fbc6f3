package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/synth"
)

// TestQueryHeldThreshold (privacy-side-doors37, zy's Left): a held release folder (one girl's
// province corrected, the threshold raised from 10 to 11) publishes the previous release's
// tables, printed with threshold 10; query --named applied the configured 11 to them ("<11"
// beside a table that prints 10). The named queries counted from the protected tables take
// their threshold: over the held release they print what they printed over the previous one.
func TestQueryHeldThreshold(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if _, err := synth.Write(in, 300, 1); err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(dir, "rel")
	config := filepath.Join(in, synth.ConfigFile)
	cli(t, "run", "--input", in, "--config", config, "--out", rel, "--quiet")
	names := []string{"trends-by-province", "prevalence-by-province", "cases-by-gender-age", "trends", "minors-by-form-and-gender"}
	before := map[string]string{}
	for _, n := range names {
		before[n] = cli(t, "query", rel, "--named", n)
	}
	p := filepath.Join(in, synth.AfghanFile)
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
	g, prov, upd := slices.Index(h, "gender"), slices.Index(h, "province_of_exploitation"), slices.Index(h, "updated_at")
	if g < 0 || prov < 0 || upd < 0 {
		t.Fatalf("synth's Afghan export lacks gender, province_of_exploitation or updated_at: %v", h)
	}
	corrected := false
	for _, r := range recs[1:] {
		if r[g] == "female" && r[prov] == "AF-HER" {
			r[prov], r[upd], corrected = "AF-KHO", "2026-01-10", true
			break
		}
	}
	if !corrected {
		t.Fatal("no girl in Herat to correct")
	}
	var w bytes.Buffer
	cw := csv.NewWriter(&w)
	cw.WriteAll(recs)
	if err := os.WriteFile(p, w.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cb, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	raised := filepath.Join(dir, "raised.yaml")
	if err := os.WriteFile(raised, append(cb, "\nsmall_cell_threshold: 11\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "run", "--input", in, "--config", raised, "--out", rel, "--quiet")
	if m := cli(t, "query", rel, "SELECT 1"); m == "" {
		t.Fatal("no answer from the held release's microdata")
	}
	st, err := os.ReadFile(filepath.Join(rel, "protections.json"))
	if err != nil || !bytes.Contains(st, []byte("published again, unchanged (held)")) {
		t.Fatalf("the second release is not held (%v): %.300s", err, st)
	}
	for _, n := range names {
		got := cli(t, "query", rel, "--named", n)
		if strings.Contains(got, "<11") {
			t.Errorf("held at threshold 10: query --named %s says <11:\n%s", n, got)
		}
		if got != before[n] {
			t.Errorf("held: query --named %s over the held release is not what it was over the previous one:\n%s\nwas\n%s", n, got, before[n])
		}
	}
}
