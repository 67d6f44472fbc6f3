package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestPreviousChecked: what check's verdict says it compared besides the rows
// (privacy-side-doors17): the previous release finer in a quasi-identifier is named (the two
// are joined at it), and the series' memory beside the previous release is used only when it
// holds kinds at this release's levels and columns.
func TestPreviousChecked(t *testing.T) {
	src := t.TempDir()
	if _, err := synth.Write(src, 300, 5); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(filepath.Join(src, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, n := range append(slices.Clone(synth.OutcomeExports), synth.Exports...) {
		ins = append(ins, pipeline.Input{Name: filepath.Join(src, n)})
	}
	dir := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: dir, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// The release against a copy of itself: nothing finer, no memory.
	prev := filepath.Join(t.TempDir(), "prev")
	if err := os.CopyFS(prev, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	joined, series, err := pipeline.PreviousChecked(ctx, dir, prev, m)
	if err != nil || len(joined) > 0 || series {
		t.Fatalf("against itself: joined %q, series %v, %v; want neither", joined, series, err)
	}
	// The previous release one level finer in a quasi-identifier: named.
	i := slices.IndexFunc(m.Privacy.Levels, func(l release.Level) bool { return l.Level > 0 })
	if i < 0 {
		t.Fatalf("no quasi-identifier above its leaves in %+v: not the case this test makes", m.Privacy.Levels)
	}
	pm := *m
	pm.Privacy.Levels = slices.Clone(m.Privacy.Levels)
	l := &pm.Privacy.Levels[i]
	l.Level--
	l.Name = l.Levels[l.Level]
	b, err := json.Marshal(&pm)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(prev, release.ManifestName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	joined, _, err = pipeline.PreviousChecked(ctx, dir, prev, m)
	if want := fmt.Sprintf("%s at %q", l.QuasiIdentifier, l.Name); err != nil || !slices.Equal(joined, []string{want}) {
		t.Fatalf("previous finer: joined %q, %v; want [%s]", joined, err, want)
	}
	// A memory at other levels is not used; at this release's levels and columns it is.
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, r := range cols.Rows {
		fields = append(fields, analysis.Cell(r[0]))
	}
	for _, tc := range []struct {
		levels []release.Level
		want   bool
	}{{pm.Privacy.Levels, false}, {m.Privacy.Levels, true}} {
		mem := map[string]any{"sets": []any{map[string]any{"levels": tc.levels, "fields": fields, "as_of": "2026-01-01", "kinds": map[string]int{"a kind": 5}}}}
		b, err := json.Marshal(mem)
		if err != nil {
			t.Fatal(err)
		}
		// As a release before privacy-side-doors18 wrote it: uncompressed, read when there is no
		// EarlierKindsFile (gzip).
		if err := os.Remove(filepath.Join(prev, filepath.FromSlash(pipeline.EarlierKindsFile))); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(prev, filepath.FromSlash(release.EarlierKindsJSON)), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, series, err = pipeline.PreviousChecked(ctx, dir, prev, m); err != nil || series != tc.want {
			t.Errorf("memory at levels %+v: series %v, %v; want %v", tc.levels, series, err, tc.want)
		}
	}
}
