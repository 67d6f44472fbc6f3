package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestKeptColumnsTogether: `prevalence anonymize` checks its kept columns together, not only one
// at a time (privacy-side-doors8): 24 rows, gender the quasi-identifier, region, sector and shift
// kept, k = 5. Sector and shift each keep classes of 6, together of 3: refused, naming the pair;
// released with --allow shift, the manifest says k does not hold with it, and check passes; the
// same release with the manifest's word removed fails check.
func TestKeptColumnsTogether(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,gender,region,sector,shift\n")
	for i := range 24 {
		fmt.Fprintf(&b, "%d,%s,north,%s,%s\n", i, []string{"female", "male"}[i%2], []string{"farm", "kiln"}[i/2%2], []string{"day", "night"}[i/4%2])
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 5, 0
	spec := func(keep, allow []string) pipeline.TableSpec {
		drop := []string{"id"}
		for _, c := range []string{"region", "sector", "shift"} {
			if !slices.Contains(keep, c) {
				drop = append(drop, c)
			}
		}
		return pipeline.TableSpec{Input: in, QIs: []string{"gender"}, Drop: drop, Keep: keep, Allow: allow, Config: cfg}
	}
	anonymize := func(s pipeline.TableSpec) (string, error) {
		out := filepath.Join(dir, fmt.Sprintf("rel%d", len(s.Keep)*10+len(s.Allow)))
		_, err := pipeline.AnonymizeTable(context.Background(), s, pipeline.Options{Out: out})
		return out, err
	}

	// Each alone keeps k.
	for _, c := range []string{"region", "sector", "shift"} {
		if _, err := anonymize(spec([]string{c}, nil)); err != nil {
			t.Fatalf("--keep %s alone: %v", c, err)
		}
	}
	_, err := anonymize(spec([]string{"region", "sector", "shift"}, nil))
	want := `"sector" and "shift", kept as they are, together split the released rows into 8 classes (24 rows) smaller than k = 5`
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), `"region" and`) {
		t.Fatalf("--keep region,sector,shift: %v, want an error saying %s (and no pair with region)", err, want)
	}
	if strings.Contains(err.Error(), "farm") || strings.Contains(err.Error(), "night") {
		t.Errorf("the error names a value: %v", err)
	}

	out, err := anonymize(spec([]string{"region", "sector", "shift"}, []string{"shift"}))
	if err != nil {
		t.Fatalf("--allow shift: %v", err)
	}
	mpath := filepath.Join(out, release.ManifestName)
	data, err := os.ReadFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	var m release.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(m.Privacy.Columns, func(c release.ColumnClass) bool { return c.Column == "shift" })
	if i < 0 || !m.Privacy.Columns[i].Allowed || !strings.Contains(m.Privacy.Columns[i].Identifier, "5-anonymity does not hold with it and the other kept columns") {
		t.Errorf("shift released at the user's word: manifest columns %+v", m.Privacy.Columns)
	}
	if p := checkRelease(t, out); len(p) != 0 {
		t.Errorf("the allowed release fails check: %v", p)
	}
	// The manifest's word removed: check finds the pair.
	m.Privacy.Columns[i].Allowed = false
	data, _ = json.Marshal(&m)
	if err := os.WriteFile(mpath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if p := checkRelease(t, out); !slices.ContainsFunc(p, func(s string) bool {
		return strings.Contains(s, `not 5-anonymous with the columns "region", "sector", "shift", kept as they are, together: they split 8 classes (24 rows)`)
	}) {
		t.Errorf("check of the release without the manifest's word: %v", p)
	}
}

func checkRelease(t *testing.T, dir string) []string {
	t.Helper()
	db, err := analysis.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := release.Check(context.Background(), dir, db)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
