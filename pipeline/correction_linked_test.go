package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestCorrectionLinkedRecord (attack-2026-12-04d R16): the synth folder of 1,500 cases (seed
// 1, with a key) released, then corrected over that release: India Rescue Network's last 20
// rows removed, nothing added. Some of them were linked to the police's records, so those
// people stay, counted from the police's record now, which holds no labour sector and no
// recruiter: "(not recorded)" counts rose by less than the threshold while the totals fell by
// more (the tester's 3,000 cases: labour-by-sector's and cases-by-recruiter-relation's rose by
// 2, the totals fell by 14). The run compared the releases apart ("counts rose and others
// fell") and refused to publish a plain correction. The guard withholds each rise, so both
// releases' printed counts show a loss of cases only, as someone who holds both solves them:
// the run audits that LP ("joint (cases removed)"), and check --previous, auditing the
// direction the manifest states, finds nothing. 1,500 cases fail as 3,000 did without the fix
// ("apart") at about 40 % of the CPU (the second run's joint audit: 49 s of CPU against 118 s);
// 1,000 cases with the same 20 rows removed are too large a correction for the joint rounds
// ("previous pattern kept"), not the case this test is about.
func TestCorrectionLinkedRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 1,500 synthetic cases, the second audited jointly with the first")
	}
	const th, width = 10, 5
	whole, corrected := t.TempDir(), t.TempDir()
	if _, err := synth.Write(whole, 1500, 1); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(whole, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if f.Name() == synth.IndianFile {
			lines := bytes.SplitAfter(b, []byte("\n"))
			if len(lines[len(lines)-1]) == 0 {
				lines = lines[:len(lines)-1]
			}
			b = bytes.Join(lines[:len(lines)-20], nil)
		}
		if err := os.WriteFile(filepath.Join(corrected, f.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "rel")
	now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	run := func(dir string) *release.Manifest {
		t.Helper()
		cfg, err := pipeline.LoadConfig(filepath.Join(dir, synth.ConfigFile))
		if err != nil {
			t.Fatal(err)
		}
		var ins []pipeline.Input
		for _, f := range files {
			if f.Name() != synth.ConfigFile {
				ins = append(ins, pipeline.Input{Name: filepath.Join(dir, f.Name())})
			}
		}
		m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: now,
			Key: linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	run(whole)
	first := filepath.Join(t.TempDir(), "first")
	if err := os.CopyFS(first, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	m := run(corrected)
	if pr := m.Tables; pr.PreviousAudit != release.PreviousJointLost || !strings.Contains(pr.Previous, "each that rose by less than the threshold") {
		t.Fatalf("previous_audit %q, previous %q: want the joint audit of a loss of cases, as both releases' printed counts show", pr.PreviousAudit, pr.Previous)
	}
	if m.NotToBePublished() || len(m.Tables.JointExposed) > 0 {
		t.Fatalf("not to be published (joint_exposed %q)", m.Tables.JointExposed)
	}
	read := func(dir string) ([]*release.Table, *release.Relations) {
		ts, err := release.ReadTables(dir)
		if err != nil {
			t.Fatal(err)
		}
		r, err := release.ReadRelations(dir)
		if err != nil || r == nil {
			t.Fatalf("%s: relations %v, %v", dir, r, err)
		}
		return ts, r
	}
	aPub, aRel := read(first)
	bPub, bRel := read(out)
	found, note, err := anonymize.AuditReleases(aPub, aRel, bPub, bRel, th, width, m.Tables.PreviousAudit)
	if err != nil {
		t.Fatalf("check --previous: %v (%s)", err, note)
	}
	if !strings.Contains(note, "only lost cases") {
		t.Errorf("check --previous: %q, want the joint audit of a loss of cases", note)
	}
	for _, f := range found {
		t.Error(f)
	}
}
