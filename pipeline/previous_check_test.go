package pipeline_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
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

// TestPreviousEdited (attack-2026-12-05e X8): run --previous took a previous release whose
// tables/relations.json was edited (half its relations removed: still consistent with its
// tables) and guarded against it, publishing a release the true previous one exposes, though
// check refused the edited release. The run verifies the files the guard reads against the
// previous manifest's SHA-256 before any input is read, naming the file (never a value); so is
// the release in the output folder when it is the baseline. A lost carried.json keeps its
// notice (an older version wrote none).
func TestPreviousEdited(t *testing.T) {
	if testing.Short() {
		t.Skip("a run of 400 synthetic cases")
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
	ctx := context.Background()
	prev := filepath.Join(t.TempDir(), "prev")
	if _, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{Out: prev, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	// An input that does not exist: a previous release accepted fails on it, one refused before it.
	missing := []pipeline.Input{{Name: filepath.Join(dir, "missing.csv")}}
	for _, c := range []struct {
		file string
		edit func(p string) error
		want string // "" = accepted (the input's error)
	}{
		{release.TablesDir + "/" + release.TablesRelations, func(p string) error {
			rel, err := release.ReadRelations(filepath.Dir(filepath.Dir(p)))
			if err != nil {
				return err
			}
			rel.Equal = rel.Equal[:len(rel.Equal)/2] // consistent still: fewer relations
			b, err := json.Marshal(rel)
			if err != nil {
				return err
			}
			return os.WriteFile(p, append(b, '\n'), 0o644)
		}, "tables/relations.json has changed since it was written (SHA-256 differs"},
		{release.ProtectionsFile, func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, append(b, ' '), 0o644)
		}, "protections.json has changed since it was written"},
		{release.TablesDir + "/" + release.TablesIndex, os.Remove, "tables/tables.json is missing"},
		{release.TablesDir + "/" + release.TablesCarried, os.Remove, ""},
	} {
		edited := filepath.Join(t.TempDir(), "edited")
		if err := os.CopyFS(edited, os.DirFS(prev)); err != nil {
			t.Fatal(err)
		}
		if err := c.edit(filepath.Join(edited, filepath.FromSlash(c.file))); err != nil {
			t.Fatal(err)
		}
		for _, opt := range []pipeline.Options{
			{Out: filepath.Join(t.TempDir(), "next"), Previous: edited, Now: testNow},
			{Out: edited, Now: testNow}, // the release replaced is the baseline
		} {
			_, err := pipeline.Run(ctx, missing, cfg, opt)
			if err == nil {
				t.Fatalf("%s edited: no error on a missing input", c.file)
			}
			if c.want == "" && !strings.Contains(err.Error(), "missing.csv") {
				t.Errorf("%s removed (Previous %q): %v; want it accepted (the input's error), with its notice", c.file, opt.Previous, err)
			}
			if c.want != "" && (!strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "missing.csv")) {
				t.Errorf("%s edited (Previous %q): %v; want %q before the inputs are read", c.file, opt.Previous, err, c.want)
			}
		}
	}
}
