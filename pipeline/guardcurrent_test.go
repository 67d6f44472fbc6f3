package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prevalence/prevalence/release"
)

// TestGuardInputCurrent: the guard uses the pre-check's reading of the previous release only
// while the folder holds that release (its manifest, which holds every file's digest, the
// same); a release replaced in between (a half-done commit settled, another run's) is read
// again.
func TestGuardInputCurrent(t *testing.T) {
	dir := t.TempDir()
	m := &release.Manifest{CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Outputs: []release.Output{{Path: "cases/part-0.parquet", SHA256: "aa", Rows: 10}}}
	if err := os.WriteFile(filepath.Join(dir, release.ManifestName), manifestJSON(t, m), 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := release.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	in := &guardInput{prev: read}
	if !in.current(dir) {
		t.Fatal("the same release: not current")
	}
	if (*guardInput)(nil).current(dir) {
		t.Error("no reading: current")
	}
	m.Outputs[0].SHA256 = "bb"
	if err := os.WriteFile(filepath.Join(dir, release.ManifestName), manifestJSON(t, m), 0o644); err != nil {
		t.Fatal(err)
	}
	if in.current(dir) {
		t.Error("another release in the folder: still current")
	}
	os.Remove(filepath.Join(dir, release.ManifestName))
	if in.current(dir) {
		t.Error("no release in the folder: still current")
	}
}

func manifestJSON(t *testing.T, m *release.Manifest) []byte {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
