package ingesttest

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedFile returns the path of rel (slash-separated, e.g. "data/ctdc/x.csv") under the
// shared/ folder that lies beside the repository's root (the folder holding go.mod, found by
// walking up from the test's working directory, which is its package's directory): /work/shared
// for a clone or worktree in /work/NAME, and CI's copy of shared/ beside its fresh clone. The
// data there may not be copied into the repository. A test calling it is skipped when the file
// is absent.
func SharedFile(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Skipf("shared data %s: %v", rel, err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Skipf("shared data %s: no go.mod above the test", rel)
		}
		dir = up
	}
	p := filepath.Join(filepath.Dir(dir), "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s not available", rel)
	}
	return p
}
