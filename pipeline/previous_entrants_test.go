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

// entrantsTable is the hidden table of the stays entered late between two points of the
// time-in-care curves (outc session zi): releases made before it, or without a late
// organisation, have none.
const entrantsTable = "length-of-stay-entered-between-points"

// TestPreviousWithoutEntrants: a release that follows one made before the time-in-care curves
// counted a taken-over care system's stays from its first day (main 1212f040) holds a hidden
// table the previous one lacks; the run's joint audit and check --previous accept it (outc
// session zj: by hand, 1212f040's release of set-up (c) then this one over it: "jointly, in one
// linear program over both releases", check ok). Here the previous release is this one's with
// that table taken out of its relations.json, as 1212f040 wrote it.
func TestPreviousWithoutEntrants(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 3,000 synthetic cases")
	}
	dir, cfg := synth3000(t)
	care := careOpenFrom(t, filepath.Join(dir, synth.CambodianCareFile), "2024-10-01")
	var ins []pipeline.Input
	for _, n := range append(slices.Clone(synth.OutcomeExports), synth.Exports...) {
		p := filepath.Join(dir, n)
		if n == synth.CambodianCareFile {
			p = care
		}
		ins = append(ins, pipeline.Input{Name: p})
	}
	ctx := context.Background()
	prev := filepath.Join(t.TempDir(), "prev")
	if _, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{Out: prev, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	rel, err := release.ReadRelations(prev)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(rel.Tables, entrantsTable)
	if i < 0 {
		t.Fatalf("the release of stays open on the care export's first day has no %s: not the case this test makes", entrantsTable)
	}
	// Out as the earlier release wrote it: the table, its relations, later indices one down.
	rel.Tables = slices.Delete(rel.Tables, i, i+1)
	rel.Hidden = slices.DeleteFunc(rel.Hidden, func(h release.HiddenTable) bool { return h.Name == entrantsTable })
	drop := func(rs []release.Relation) []release.Relation {
		var out []release.Relation
		for _, r := range rs {
			if slices.ContainsFunc(append(slices.Clone(r.Left), r.Right...), func(c release.CountRef) bool { return c[0] == i }) {
				continue
			}
			for _, side := range [][]release.CountRef{r.Left, r.Right} {
				for k := range side {
					if side[k][0] > i {
						side[k][0]--
					}
				}
			}
			out = append(out, r)
		}
		return out
	}
	n := len(rel.Equal)
	rel.Equal, rel.AtMost = drop(rel.Equal), drop(rel.AtMost)
	if len(rel.Equal) == n {
		t.Fatalf("no relation holds %s", entrantsTable)
	}
	rel.MayBeZero = slices.DeleteFunc(rel.MayBeZero, func(c release.CountRef) bool { return c[0] == i })
	for k := range rel.MayBeZero {
		if rel.MayBeZero[k][0] > i {
			rel.MayBeZero[k][0]--
		}
	}
	b, err := json.Marshal(rel)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(prev, release.TablesDir, release.TablesRelations), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	// The earlier release's manifest held its own relations' hash: written again so, or the run
	// refuses the edited file (attack-2026-12-05e X8).
	rehash(t, prev, release.TablesDir+"/"+release.TablesRelations)
	out := filepath.Join(t.TempDir(), "next")
	m, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{Out: out, Previous: prev, Now: testNow})
	if err != nil {
		t.Fatalf("over a previous release without %s: %v", entrantsTable, err)
	}
	if now, err := release.ReadRelations(out); err != nil || !slices.Contains(now.Tables, entrantsTable) {
		t.Fatalf("this release's relations hold no %s (%v)", entrantsTable, err)
	}
	if _, _, err := pipeline.PreviousChecked(ctx, out, prev, m); err != nil {
		t.Fatalf("check --previous: %v", err)
	}
}

// careOpenFrom writes the NDJSON care export file with the stays open on day whole and its
// other rows dated from day only (a care system that took in the children then in care, with
// their admissions: TestLateCareExport's third export), and returns its path.
func careOpenFrom(t *testing.T, file, day string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(l), &rec) != nil {
			out = append(append(out, l...), '\n') // synth's faults stay
			continue
		}
		some := false
		for k, v := range rec {
			rows, ok := v.([]any)
			if !ok {
				continue
			}
			var kept []any
			for _, r := range rows {
				f := r.(map[string]any)
				end, ok := f["care_arrangement_end_date"].(string)
				if k == "care_arrangements" && (!ok || end >= day) {
					kept = append(kept, r)
					continue
				}
				first := ""
				for name, d := range f {
					if s, ok := d.(string); ok && (strings.Contains(name, "date") || strings.HasSuffix(name, "time")) && (first == "" || s < first) {
						first = s
					}
				}
				if first >= day {
					kept = append(kept, r)
				}
			}
			if len(kept) == 0 {
				delete(rec, k) // null is no list
				continue
			}
			rec[k], some = kept, true
		}
		if !some {
			continue
		}
		j, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, j...), '\n')
	}
	p := filepath.Join(t.TempDir(), filepath.Base(file))
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// rehash writes the SHA-256 of the release file rel (slash-separated) in dir's manifest, as
// the release that wrote it so would have: for tests that make an older release's shape by
// editing a newer one's files.
func rehash(t *testing.T, dir, rel string) {
	t.Helper()
	m, err := release.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := release.HashFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(m.Outputs, func(o release.Output) bool { return o.Path == rel })
	if i < 0 {
		t.Fatalf("the manifest lists no %s", rel)
	}
	m.Outputs[i].SHA256 = sum
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, release.ManifestName), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
