package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestHeldTablesNotice (attack-2026-12-06c C0): one girl added to a register and the release
// written over the previous one in its folder printed every count that did not move again
// and withheld the few that did, which told her province, year and form. Now the tables for
// everyone are the previous release's again, byte for byte, and the notice says so and names
// the way out; the microdata's guard notice no longer says the tables count her already.
func TestHeldTablesNotice(t *testing.T) {
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
	if _, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	tablesA, err := os.ReadFile(filepath.Join(out, "tables", "tables.json"))
	if err != nil {
		t.Fatal(err)
	}
	// One girl more: Khost, 2023, forced labour only.
	af := filepath.Join(dir, synth.AfghanFile)
	b, err := os.ReadFile(af)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1 // synth writes malformed rows on purpose: the file is appended to, not rewritten
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h, girl := recs[0], slices.Clone(recs[1])
	set := func(col, v string) {
		i := slices.Index(h, col)
		if i < 0 {
			t.Fatalf("%s has no column %s", synth.AfghanFile, col)
		}
		girl[i] = v
	}
	set("case_id", "AF-009999")
	set("gender", "female")
	set("date_of_birth", "2011-02-03")
	set("registration_date", "2023-06-10")
	set("updated_at", "2023-06-11")
	set("province_of_exploitation", "AF-KHO")
	for _, f := range []string{"is_sexual_exploitation", "is_forced_marriage", "is_forced_military", "is_other_exploitation"} {
		set(f, "false")
	}
	set("is_forced_labour", "true")
	if len(girl) != len(h) {
		t.Fatalf("%s's first row is not whole", synth.AfghanFile)
	}
	buf := bytes.NewBuffer(b)
	if !bytes.HasSuffix(b, []byte("\n")) {
		buf.WriteString("\n")
	}
	w := csv.NewWriter(buf)
	w.Write(girl)
	w.Flush()
	if err := os.WriteFile(af, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables == nil || m.Tables.PreviousAudit != release.PreviousHeld || !strings.Contains(m.Tables.Held, "fewer than 10") {
		t.Fatalf("one case added: tables %+v; want previous_audit %q", m.Tables, release.PreviousHeld)
	}
	tablesB, err := os.ReadFile(filepath.Join(out, "tables", "tables.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(tablesA, tablesB) {
		t.Error("held: tables.json differs from the previous release's")
	}
	notices := strings.Join(m.Notices, "\n")
	if !strings.Contains(notices, "again, unchanged (held)") || !strings.Contains(notices, "allow_differencing: true prints fresh tables now") {
		t.Errorf("no notice of the held tables and the way out: %q", m.Notices)
	}
	if strings.Contains(notices, "the protected tables count them already") {
		t.Errorf("the guard's notice says the held tables count the withheld rows: %q", m.Notices)
	}
}

// TestHeldNewOrganisation: the one case added is a new organisation's, and the release it is
// written over has no tables/carried.json (an older version's). The held release names the
// organisations the held tables count (the previous release's), and its late organisations
// are the previous release's too: this release's own told that a new organisation's
// registrations begin in Khost in 2023 (the programme page's "Not estimable for Khost", the
// centre gaps' note), the added girl's province and year. It writes no carried.json either: an
// empty one would tell the next release that no earlier printed value is unknown.
func TestHeldNewOrganisation(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, 300, 1); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, synth.ConfigFile)
	cfg, err := pipeline.LoadConfig(cfgPath)
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
	if err := os.Remove(filepath.Join(out, release.TablesDir, release.TablesCarried)); err != nil {
		t.Fatal(err)
	}
	// One girl of Khost, 2023, forced labour, in a new organisation's export.
	b, err := os.ReadFile(filepath.Join(dir, synth.AfghanFile))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h, girl := recs[0], slices.Clone(recs[1])
	for col, v := range map[string]string{"case_id": "NEW-0001", "gender": "female", "date_of_birth": "2011-02-03", "registration_date": "2023-06-10",
		"updated_at": "2023-06-11", "province_of_exploitation": "AF-KHO", "is_sexual_exploitation": "false", "is_forced_marriage": "false",
		"is_forced_military": "false", "is_other_exploitation": "false", "is_forced_labour": "true"} {
		i := slices.Index(h, col)
		if i < 0 {
			t.Fatalf("%s has no column %s", synth.AfghanFile, col)
		}
		girl[i] = v
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(h)
	w.Write(girl)
	w.Flush()
	newFile := filepath.Join(dir, "af-new-org.csv")
	if err := os.WriteFile(newFile, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	const newOrg = "Afghan New Organisation (fictional)"
	src := "sources:\n  - match: \"af-new-org.csv\"\n    source: \"" + newOrg + "\"\n"
	if !bytes.Contains(y, []byte("sources:\n")) {
		t.Fatal("the synthetic configuration has no sources:")
	}
	if err := os.WriteFile(cfgPath, bytes.Replace(y, []byte("sources:\n"), []byte(src), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err = pipeline.LoadConfig(cfgPath); err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), append(ins, pipeline.Input{Name: newFile}), cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables == nil || m.Tables.PreviousAudit != release.PreviousHeld {
		t.Fatalf("one case added: tables %+v; want previous_audit %q", m.Tables, release.PreviousHeld)
	}
	if len(first.Tables.Organisations) == 0 || !slices.Equal(m.Tables.Organisations, first.Tables.Organisations) {
		t.Errorf("held: organisations %q, want the previous release's %q", m.Tables.Organisations, first.Tables.Organisations)
	}
	for _, l := range m.Late {
		if l.Source == newOrg {
			t.Errorf("held: the new organisation is a late organisation (%d-%02d, %q)", l.Year, l.Month, l.Provinces)
		}
	}
	if m.PartialFirst != nil && m.PartialFirst.Source == newOrg {
		t.Errorf("held: the new organisation's first year is the partial first year %d", m.PartialFirst.Year)
	}
	if _, err := os.Stat(filepath.Join(out, release.TablesDir, release.TablesCarried)); !os.IsNotExist(err) {
		t.Errorf("held over a release without %s: the file was written (%v)", release.TablesCarried, err)
	}
	// Nothing for everyone tells the new organisation or where its cases begin.
	for _, sub := range []string{"reports", release.TablesDir} {
		err := filepath.WalkDir(filepath.Join(out, sub), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".parquet") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, w := range []string{"New Organisation", "begin in 2023"} {
				if bytes.Contains(b, []byte(w)) {
					t.Errorf("%s says %q", p, w)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestHeldOverPublishedRefused (attack-2026-12-06f F6): a release whose tables are held (one
// girl added), run with --previous naming the folder run --publish wrote, listed this run's
// organisations in its reports (a published folder has no manifest to hold the previous
// tables' organisations and late starts), so a new organisation's first case was named for
// everyone under the held tables. Now it is refused, naming the way out; with --previous
// naming the release folder it is held as before.
func TestHeldOverPublishedRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of 300 synthetic cases")
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
	rel := filepath.Join(t.TempDir(), "2025-07")
	a, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: rel, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(t.TempDir(), "pub-2025-07")
	for _, o := range a.Outputs {
		if release.AudienceOf(o.Path) != release.ForEveryone {
			continue
		}
		b, err := os.ReadFile(filepath.Join(rel, filepath.FromSlash(o.Path)))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(pub, filepath.FromSlash(o.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// One girl of Khost, 2023, forced labour, in an export of her own.
	b, err := os.ReadFile(filepath.Join(dir, synth.AfghanFile))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h, girl := recs[0], slices.Clone(recs[1])
	for col, v := range map[string]string{"case_id": "NEW-0001", "gender": "female", "date_of_birth": "2011-02-03", "registration_date": "2023-06-10",
		"updated_at": "2023-06-11", "province_of_exploitation": "AF-KHO", "is_sexual_exploitation": "false", "is_forced_marriage": "false",
		"is_forced_military": "false", "is_other_exploitation": "false", "is_forced_labour": "true"} {
		i := slices.Index(h, col)
		if i < 0 {
			t.Fatalf("%s has no column %s", synth.AfghanFile, col)
		}
		girl[i] = v
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(h)
	w.Write(girl)
	w.Flush()
	newFile := filepath.Join(dir, "af-new-org.csv")
	if err := os.WriteFile(newFile, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	more := append(slices.Clone(ins), pipeline.Input{Name: newFile})
	_, err = pipeline.Run(context.Background(), more, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "2025-09p"), Previous: pub, Now: testNow})
	if !errors.Is(err, pipeline.ErrHeldUnrecorded) || !strings.Contains(err.Error(), "give --previous the release folder") || !strings.Contains(err.Error(), pub) {
		t.Fatalf("held over a published folder: %v; want a refusal (%v) naming the folder and the way out", err, pipeline.ErrHeldUnrecorded)
	}
	t.Logf("refused: %v", err)
	m, err := pipeline.Run(context.Background(), more, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "2025-09"), Previous: rel, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables == nil || m.Tables.PreviousAudit != release.PreviousHeld {
		t.Errorf("held over the release folder: tables %+v; want previous_audit %q", m.Tables, release.PreviousHeld)
	}
}
