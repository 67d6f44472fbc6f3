package pipeline_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestRunPrevious (attack-2026-12-02f finding 1b): a release written to a new folder was
// guarded against nothing, silently. A first release into a new folder now says so in a
// notice; with Options.Previous (run --previous) the release is guarded and audited against
// the release in that folder, which it leaves as it is, and a folder that holds another
// release already is refused.
func TestRunPrevious(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of 400 synthetic cases")
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, 400, 3); err != nil {
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
	run := func(out, prev string) (*release.Manifest, error) {
		return pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Previous: prev, Now: testNow})
	}
	first := func(m *release.Manifest) bool {
		return strings.Contains(strings.Join(m.Notices, "\n"), "not guarded against earlier ones")
	}
	july := filepath.Join(t.TempDir(), "2025-07")
	a, err := run(july, "")
	if err != nil {
		t.Fatal(err)
	}
	if !first(a) {
		t.Errorf("a first release into a new folder: no notice that it is guarded against nothing: %q", a.Notices)
	}
	// Made without a key: a keyed release later differs from it by the people it links
	// (attack-2026-12-05a T11), which the no-key notice says.
	if !strings.Contains(strings.Join(a.Notices, "\n"), "never publish both, or make the keyed one with --previous") {
		t.Errorf("a release made without a key does not say that a keyed one must name it with --previous: %q", a.Notices)
	}
	before, err := release.HashFile(filepath.Join(july, release.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	sept := filepath.Join(t.TempDir(), "2025-09")
	b, err := run(sept, july)
	if err != nil {
		t.Fatal(err)
	}
	if first(b) {
		t.Errorf("a release with --previous says it is guarded against nothing")
	}
	if b.Tables == nil || b.Tables.PreviousAudit != release.PreviousSame || b.Replaced == nil {
		t.Errorf("the same data with --previous: previous_audit %q, replaced %v; want %q (audited with the release in --previous)",
			b.Tables.PreviousAudit, b.Replaced, release.PreviousSame)
	}
	if after, _ := release.HashFile(filepath.Join(july, release.ManifestName)); after != before {
		t.Error("--previous changed the previous release")
	}
	if _, err := run(sept, july); err == nil || !strings.Contains(err.Error(), "holds a release already") {
		t.Errorf("--previous with an output folder holding another release: %v, want a refusal", err)
	}
	// attack-2026-12-03a finding 6: the folder run --publish wrote (the files for everyone:
	// tables, relations, carried values, protections.json; no manifest, no microdata) was
	// refused as "not a release"; it is the tables' baseline, and the run says the microdata
	// had none to be compared with.
	pub := filepath.Join(t.TempDir(), "pub-2025-07")
	for _, o := range a.Outputs {
		if release.AudienceOf(o.Path) != release.ForEveryone {
			continue
		}
		src, dst := filepath.Join(july, filepath.FromSlash(o.Path)), filepath.Join(pub, filepath.FromSlash(o.Path))
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(pub, release.TablesDir, release.TablesCarried)); err != nil {
		t.Fatalf("the published folder has no carried values: %v", err)
	}
	d, err := run(filepath.Join(t.TempDir(), "2025-09p"), pub)
	if err != nil {
		t.Fatalf("--previous with a folder written by --publish: %v", err)
	}
	notices := strings.Join(d.Notices, "\n")
	if first(d) || !strings.Contains(notices, "was written by run --publish") ||
		!strings.Contains(notices, "its tables and relations are those its protections.json states") || d.Tables == nil || d.Tables.PreviousAudit == "" {
		t.Errorf("--previous with a published folder: previous_audit %q, notices %q; want the tables audited with it and a notice that it holds no microdata",
			d.Tables.PreviousAudit, d.Notices)
	}
	// A published folder has no manifest to hold its tables' SHA-256: protections.json holds
	// them (files_sha256), so that an edited relations.json (attack-2026-12-05e X8's edit, on
	// the folder everyone holds) is refused as it is in a release folder (verifyPrevious).
	rels := filepath.Join(pub, release.TablesDir, release.TablesRelations)
	orig, err := os.ReadFile(rels)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rels, append(slices.Clone(orig), ' '), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := run(filepath.Join(t.TempDir(), "2025-09e"), pub); err == nil || !strings.Contains(err.Error(), "has changed since it was published") {
		t.Errorf("--previous with a published folder whose relations were edited: %v, want a refusal naming the file", err)
	}
	if err := os.WriteFile(rels, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	// A statement written before files_sha256: run as before, and the notice says the tables
	// could not be verified.
	pj := filepath.Join(pub, release.ProtectionsFile)
	stb, err := os.ReadFile(pj)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(stb, &st); err != nil {
		t.Fatal(err)
	}
	delete(st["tables"].(map[string]any), "files_sha256")
	if stb, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pj, stb, 0o600); err != nil {
		t.Fatal(err)
	}
	if old, err := run(filepath.Join(t.TempDir(), "2025-09o"), pub); err != nil {
		t.Errorf("--previous with a published folder of an older version: %v", err)
	} else if !strings.Contains(strings.Join(old.Notices, "\n"), "nor can its tables and relations be verified") {
		t.Errorf("--previous with a published folder of an older version: notices %q, want that its tables could not be verified", old.Notices)
	}
	// attack-2026-12-03a finding 1: a previous release without carried.json (an older
	// version's) was taken as carrying nothing, silently.
	noCarried := func(m *release.Manifest) bool {
		return strings.Contains(strings.Join(m.Notices, "\n"), "has no tables/carried.json")
	}
	if noCarried(b) {
		t.Errorf("a previous release with carried.json: notice of its absence: %q", b.Notices)
	}
	if err := os.Remove(filepath.Join(july, release.TablesDir, release.TablesCarried)); err != nil {
		t.Fatal(err)
	}
	c, err := run(filepath.Join(t.TempDir(), "2025-11"), july)
	if err != nil {
		t.Fatal(err)
	}
	if !noCarried(c) {
		t.Errorf("a previous release without carried.json: no notice: %q", c.Notices)
	}
}
