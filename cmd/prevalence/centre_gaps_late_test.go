package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestQueryCentreGapsLateProvinces: `query --named centre-gaps` on a release folder ranks as
// the run's programme report does where one organisation's registrations begin months into a
// year: it takes the manifest's partial_first_provinces (where that organisation records
// cases), not the rule of thumb the report uses only when the list is not known (shares28's
// left). The Afghan export from 2024-10-01 plus 20 older records; then the same release with
// the list saying the organisation records cases in no province, its programme report written
// again by `prevalence report`: the query follows the list both times.
func TestQueryCentreGapsLateProvinces(t *testing.T) {
	if testing.Short() {
		t.Skip("a run of synth's 3,000 rows")
	}
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if _, err := synth.Write(whole, 3000, 1); err != nil {
		t.Fatal(err)
	}
	late := filepath.Join(dir, "late")
	if err := os.MkdirAll(late, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(whole, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == synth.AfghanFile {
			b = keepFrom(t, b, "2024-10-01", 20)
		}
		if err := os.WriteFile(filepath.Join(late, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte("5b0e3c1f9a7d24e86c0b1a3f5d7e9c2b4a6f8e0d1c3b5a79e2f4d6c8b0a1e3f5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(dir, "rel")
	pub := filepath.Join(dir, "pub")
	cli(t, "run", "--input", late, "--config", filepath.Join(whole, synth.ConfigFile), "--key-file", key, "--out", rel, "--publish", pub, "--quiet")
	m, err := release.ReadManifest(rel)
	if err != nil {
		t.Fatal(err)
	}
	if m.PartialFirst == nil || m.PartialFirst.Year != 2024 || len(m.PartialFirstProvinces) == 0 || len(m.Late) == 0 {
		t.Fatalf("partial_first_year %+v, provinces %v, late organisations %+v: want 2024 and the Afghan centre's provinces", m.PartialFirst, m.PartialFirstProvinces, m.Late)
	}
	query := func() string {
		return cli(t, "query", rel, "--named", "centre-gaps", "--format", "csv")
	}
	report, err := os.ReadFile(filepath.Join(rel, "reports", "tables", "centre-gaps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got := query(); got != string(report) {
		t.Errorf("the manifest's provinces %v: query --named centre-gaps differs from the report's centre-gaps.csv:\n%s", m.PartialFirstProvinces, firstDiff(got, string(report)))
	}
	// A published folder has no list (protections.json does not name where one organisation
	// works): its query takes the rule of thumb and says so, in the table's words and on stderr
	// for CSV; the release folder's query, which has the list, does not (shares30, task 2).
	const note = "a published folder does not say in which provinces it records cases"
	if got := cli(t, "query", pub, "--named", "centre-gaps"); !strings.Contains(got, note) {
		t.Errorf("query --named centre-gaps on the published folder:\n%s\nwant the note %q", got, note)
	}
	if got := cli(t, "query", rel, "--named", "centre-gaps"); strings.Contains(got, note) {
		t.Errorf("query --named centre-gaps on the release folder says %q", note)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"query", pub, "--named", "centre-gaps", "--format", "csv"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(errb.String(), "note: one organisation's registrations begin months into 2024") || strings.Contains(out.String(), note) {
		t.Errorf("query --named centre-gaps --format csv on the published folder: exit %d, stderr %q: want the note on stderr only", code, errb.String())
	}
	// The list says the organisation records cases in no province: no rise is its start (the
	// rule of thumb would take the Afghan provinces' for it), and the report written again from
	// the manifest says so; the query must too.
	raw, err := os.ReadFile(filepath.Join(rel, release.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	doc["partial_first_provinces"] = []string{}
	// late_organisations names where each late organisation records cases (the Afghan centre
	// among them): emptied alike, or the list would still say its provinces.
	if late, ok := doc["late_organisations"].([]any); ok {
		for _, o := range late {
			if o, ok := o.(map[string]any); ok {
				o["provinces"] = []string{}
				delete(o, "alone")
			}
		}
	}
	if raw, err = json.MarshalIndent(doc, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rel, release.ManifestName), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "programme")
	cli(t, "report", rel, "--for", "programme", "--out", prog)
	none, err := os.ReadFile(filepath.Join(prog, "tables", "centre-gaps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(none, report) {
		t.Fatalf("the report ranks alike with the organisation in no province: the shape tests nothing")
	}
	if got := query(); got != string(none) {
		t.Errorf("no province: query --named centre-gaps differs from the report's centre-gaps.csv:\n%s", firstDiff(got, string(none)))
	}
}

// keepFrom keeps the rows of a CSV export registered on day or later, and the first n older.
func keepFrom(t *testing.T, b []byte, day string, n int) []byte {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1 // synth truncates a few rows (quarantined): kept as they are
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	reg := -1
	for i, h := range rows[0] {
		if h == "registration_date" {
			reg = i
		}
	}
	if reg < 0 {
		t.Fatalf("no registration_date in %v", rows[0])
	}
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	for i, r := range rows {
		old := len(r) > reg && r[reg] < day
		if i == 0 || !old || n > 0 {
			w.Write(r)
		}
		if i > 0 && old {
			n--
		}
	}
	w.Flush()
	return []byte(sb.String())
}
