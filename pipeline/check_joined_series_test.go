package pipeline_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestCheckJoinedSeries (privacy-side-doors20, task 1): `check --previous` joined a release
// with the previous one only, while the run's guard joins it with every generalization the
// series remembers (EarlierKindsFile, seriesJoinLevels). c is the previous release; the memory
// beside it holds an earlier release b that showed the year and generalized the province away
// (every row of d's input, each form of exploitation in its own year); d, written to a new
// folder (no guard ran) at c's levels (year generalized away, province shown), adds 5 rows.
// Checked against c alone, nothing finer is joined. Joined with b, each case of d is seen with
// its province and year: combinations of fewer than k rows, now named, with the memory's level
// in the verdict. (That c itself was not guarded against b, the memory being written beside it
// afterwards, is why the run's d over c is not checked here: its guard trusts that c was.)
func TestCheckJoinedSeries(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 12))
	provinces := []string{"Herat", "Kabul", "Khost"}
	forms := []string{"labour", "sexual", "military"}
	row := func() string {
		f := rng.IntN(len(forms)) // each form in its own year: a link by form shows one year
		return fmt.Sprintf("%s,%d,%s,%s,%d", []string{"male", "female"}[rng.IntN(2)], 10+rng.IntN(4),
			provinces[rng.IntN(3)], forms[f], 2022+f)
	}
	var rows []string
	for range 315 {
		rows = append(rows, row())
	}
	write := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("gender,age,province,exploitation,year\n"+strings.Join(rows, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	c := write("c.csv", rows)
	for range 5 {
		rows = append(rows, row())
	}
	d := write("d.csv", rows)
	const k = 5
	anonymize := func(in, out string) *release.Manifest {
		t.Helper()
		cfg := pipeline.Defaults
		cfg.K, cfg.Metric, cfg.SuppressionLimit = k, "loss", 0.6
		m, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"gender", "age", "province", "year"},
			Sensitive: "exploitation", Config: cfg}, pipeline.Options{Out: out})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	levels := func(m *release.Manifest) []int {
		var lv []int
		for _, l := range m.Privacy.Levels {
			lv = append(lv, l.Level)
		}
		return lv
	}
	rel := filepath.Join(dir, "rel")
	third := anonymize(c, rel)
	fresh := filepath.Join(dir, "fresh")
	fourth := anonymize(d, fresh)
	if !slices.Equal(levels(third), []int{0, 0, 0, 1}) || !slices.Equal(levels(fourth), levels(third)) {
		t.Fatalf("the set-up needs c and d with the year generalized away, the rest shown: %v %v", levels(third), levels(fourth))
	}
	// b: the year shown, the province at "*".
	bl := slices.Clone(third.Privacy.Levels)
	bl[2].Level, bl[2].Name = 1, bl[2].Levels[1]
	bl[3].Level, bl[3].Name = 0, bl[3].Levels[0]
	kinds := map[string]int{}
	for _, r := range rows {
		v := strings.Split(r, ",")
		kinds[strings.Join([]string{v[0], v[1], "*", v[3], v[4]}, "\x1f")]++
	}
	memFile := filepath.Join(rel, filepath.FromSlash(pipeline.EarlierKindsFile))
	writeGz(t, memFile, map[string]any{"sets": []map[string]any{{"levels": bl, "fields": []string{"gender", "age", "province", "exploitation", "year"},
		"as_of": third.AsOf, "kinds": kinds}}})
	ctx := context.Background()
	problem, skipped, notes, err := pipeline.NewRowsAgainstNoted(ctx, fresh, rel, fourth)
	if err != nil || skipped != "" {
		t.Fatalf("check d --previous c: %v, skipped %q", err, skipped)
	}
	t.Logf("problem %q; notes %q", problem, notes)
	if !strings.Contains(problem, "joined with an earlier release of the series (its generalization remembered in "+pipeline.EarlierKindsFile) ||
		!strings.Contains(problem, `year at "value"`) || !strings.Contains(problem, "of this release's rows") {
		t.Errorf("check d --previous c: %q; want the rows joining d with b (remembered beside c, year shown) singles out named", problem)
	}
	joined, _, err := pipeline.PreviousChecked(ctx, fresh, rel, fourth)
	if err != nil || !slices.ContainsFunc(joined, func(s string) bool {
		return strings.HasPrefix(s, "an earlier release's ") && strings.Contains(s, `year at "value"`)
	}) {
		t.Errorf("verdict's joined levels %q, %v: want b's year (remembered) named", joined, err)
	}
}

// writeGz writes v to p as gzip-compressed JSON.
func writeGz(t *testing.T, p string, v any) {
	t.Helper()
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	if err := json.NewEncoder(z).Encode(v); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
