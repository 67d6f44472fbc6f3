package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prevalence/prevalence/release"
)

// TestUnpublishedSince: a release audited apart from the previous one is marked with that
// release's creation time, and the mark is carried on by a release audited only against a
// marked one, whatever its own audit says (attack-2026-12-03f finding 1: the refused run
// run again was "the same data" and published); a manifest written before the mark gives the
// time of the release it replaced.
func TestUnpublishedSince(t *testing.T) {
	created := time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)
	earlier := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	write := func(tables *release.TablesProtection, replaced *release.Replaced) *release.Manifest {
		// Through the manifest's JSON, as the run reads it from the folder.
		dir := t.TempDir()
		b, err := json.Marshal(&release.Manifest{CreatedAt: created, Tables: tables, Replaced: replaced})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, release.ManifestName), b, 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := release.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	plain := write(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousJoint}, nil)
	marked := write(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousApart, UnpublishedSince: "2026-06-01T10:00:00Z"}, nil)
	older := write(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousApart}, &release.Replaced{CreatedAt: earlier})
	for _, c := range []struct {
		name  string
		pm    *release.Manifest
		audit string
		want  string
	}{
		{"joint against a plain release", plain, release.PreviousJoint, ""},
		{"same data as a plain release", plain, release.PreviousSame, ""},
		{"apart from a plain release", plain, release.PreviousApart, "2026-07-01T10:00:00Z"},
		{"same data as a refused release", marked, release.PreviousSame, "2026-06-01T10:00:00Z"},
		{"joint against a refused release", marked, release.PreviousJoint, "2026-06-01T10:00:00Z"},
		{"apart from a refused release", marked, release.PreviousApart, "2026-06-01T10:00:00Z"},
		{"same data as a refused release of an older version", older, release.PreviousSame, "2026-06-01T10:00:00Z"},
		{"no release in the folder", nil, release.PreviousApart, ""},
	} {
		got := unpublishedSince(&release.TablesProtection{Previous: "x", PreviousAudit: c.audit}, c.pm)
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// The joint audit gave up with counts still exposed: refused (joint_exposed), so the
	// release marks itself, and a run again over its folder carries the mark on; kept over
	// the budget, nothing known exposed, it is refused too (not audited together:
	// attack-2026-12-04d R15's rest) and marked.
	exposed := []string{"cases-by-age-and-gender / adult / 18-20 / other_or_unknown"}
	if got := unpublishedSince(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousKept, JointExposed: exposed}, plain); got != "2026-07-01T10:00:00Z" {
		t.Errorf("kept, counts exposed, against a plain release: %q", got)
	}
	if got := unpublishedSince(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousKept}, plain); got != "2026-07-01T10:00:00Z" {
		t.Errorf("kept over the budget against a plain release: %q", got)
	}
	exposedOld := write(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousKept, Audit: release.Audit{Exposed: 4}}, &release.Replaced{CreatedAt: earlier})
	if got := unpublishedSince(&release.TablesProtection{Previous: "x", PreviousAudit: release.PreviousSame}, exposedOld); got != "2026-06-01T10:00:00Z" {
		t.Errorf("same data as an exposed release of an older version: %q", got)
	}
	if got := unpublishedSince(&release.TablesProtection{}, marked); got != "" {
		t.Errorf("a first release: %q", got)
	}
}
