package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestPreviousCheckedFirst (attack-2026-12-03a, lows): a --previous folder that is no release
// was refused only after every input was read, with a quarantine list left beside. It is
// refused before any input (here, one that does not exist). A folder of published tables that
// --publish did not write (no protections.json) is named as such; one it wrote is taken since
// session w (joint: TestRunPrevious).
func TestPreviousCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	pub := filepath.Join(dir, "pub")
	if err := os.MkdirAll(filepath.Join(pub, release.TablesDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pub, release.TablesDir, release.TablesIndex), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rel")
	ins := []pipeline.Input{{Name: filepath.Join(dir, "missing.csv")}}
	for _, c := range []struct{ prev, want string }{
		{filepath.Join(dir, "nope"), "--previous: "},
		{pub, "holds published tables but neither a release nor " + release.ProtectionsFile + " (not a folder written by --publish)"},
	} {
		_, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Previous: c.prev, Now: testNow})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "missing.csv") {
			t.Errorf("--previous %s: %v, want %q before the inputs are read", filepath.Base(c.prev), err, c.want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*quarantine*")); len(m) > 0 {
		t.Errorf("a refused --previous left %v", m)
	}
}
