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
	// The manifest's word removed: check finds the pair.
	if p := allowedThenWithdrawn(t, out, "shift", "5-anonymity does not hold with it and the other kept columns"); !slices.ContainsFunc(p, func(s string) bool {
		return strings.Contains(s, `not 5-anonymous with the columns "region", "sector", "shift", kept as they are, together: they split 8 classes (24 rows)`)
	}) {
		t.Errorf("check of the release without the manifest's word: %v", p)
	}
}

// allowedThenWithdrawn checks that the release in out keeps column col at the user's word
// (--allow), the manifest saying why (a text holding why), and that check accepts it; then it
// withdraws the manifest's word and returns what check finds.
func allowedThenWithdrawn(t *testing.T, out, col, why string) []string {
	t.Helper()
	mpath := filepath.Join(out, release.ManifestName)
	data, err := os.ReadFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	var m release.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(m.Privacy.Columns, func(c release.ColumnClass) bool { return c.Column == col })
	if i < 0 || !m.Privacy.Columns[i].Allowed || !strings.Contains(m.Privacy.Columns[i].Identifier, why) {
		t.Fatalf("%s released at the user's word: manifest columns %+v", col, m.Privacy.Columns)
	}
	if p := checkRelease(t, out); len(p) != 0 {
		t.Errorf("the allowed release fails check: %v", p)
	}
	m.Privacy.Columns[i].Allowed = false
	data, _ = json.Marshal(&m)
	if err := os.WriteFile(mpath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return checkRelease(t, out)
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

// TestKeptColumnsDiversity: a kept column must keep the claimed l-diversity and t-closeness
// with the quasi-identifiers, as it keeps k (attack-2026-12-02d finding 3): 40 rows, gender the
// quasi-identifier (classes of 20, each 2-diverse), wing kept: every wing-A row of sexual
// exploitation. Whoever knows a girl was in wing A learns her form. Refused under l = 2 and
// under t = 0.2 (every part is at distance 0.25), naming the column and counts only; with
// --allow wing, released, the manifest says l does not hold with it and check passes; the
// manifest's word removed, check finds it. A kept column that splits nothing (region) passes.
func TestKeptColumnsDiversity(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,gender,region,wing,exploitation\n")
	for i := range 40 {
		wing, form := "A", "sexual"
		if i%4 >= 2 {
			wing = "B"
			form = []string{"sexual", "labour"}[i/4%2]
		}
		fmt.Fprintf(&b, "%d,%s,north,%s,%s\n", i, []string{"female", "male"}[i%2], wing, form)
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(name string, l int, tc float64, keep, allow []string) (string, error) {
		cfg := pipeline.Defaults
		cfg.K, cfg.SuppressionLimit, cfg.L, cfg.T = 5, 0, l, tc
		drop := []string{"id"}
		for _, c := range []string{"region", "wing"} {
			if !slices.Contains(keep, c) {
				drop = append(drop, c)
			}
		}
		out := filepath.Join(dir, name)
		_, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"gender"},
			Sensitive: "exploitation", Drop: drop, Keep: keep, Allow: allow, Config: cfg}, pipeline.Options{Out: out})
		return out, err
	}
	if out, err := run("region", 2, 0, []string{"region"}, nil); err != nil {
		t.Fatalf("--keep region: %v", err)
	} else if p := checkRelease(t, out); len(p) != 0 {
		t.Errorf("--keep region fails check: %v", p)
	}
	for _, c := range []struct {
		name  string
		l     int
		t     float64
		split string
		model string
	}{
		{"l", 2, 0, "2 classes (20 rows)", "distinct 2-diversity of exploitation"},
		// Both wings' parts are at distance 0.25 (sexual 1 and 0.5 against 0.75).
		{"t", 0, 0.2, "4 classes (40 rows)", "0.2-closeness of exploitation"},
	} {
		_, err := run(c.name, c.l, c.t, []string{"region", "wing"}, nil)
		want := `"wing", kept as it is, splits the released rows into ` + c.split + ` without the ` + c.model + ` the release claims`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: --keep wing: %v, want an error saying %s", c.name, err, want)
		} else if strings.Contains(err.Error(), "sexual") || strings.Contains(err.Error(), `"A"`) {
			t.Errorf("%s: the error names a value: %v", c.name, err)
		}
	}
	out, err := run("allowed", 2, 0, []string{"region", "wing"}, []string{"wing"})
	if err != nil {
		t.Fatalf("--allow wing: %v", err)
	}
	if p := allowedThenWithdrawn(t, out, "wing", "distinct 2-diversity of exploitation does not hold with it"); !slices.ContainsFunc(p, func(s string) bool {
		return strings.Contains(s, `with the column "wing", kept as it is: not distinct 2-diverse: 2 classes are not`)
	}) {
		t.Errorf("check of the release without the manifest's word: %v", p)
	}
}
