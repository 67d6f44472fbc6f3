package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestAnonymizeTableJoined (attack-2026-12-03c finding 1): `prevalence anonymize` wrote its rows
// in the input's order, so two releases of one table generalized otherwise lined up row by row
// (217 of 298 rows back exactly as the raw row), and one release told through its row order a
// column it generalized away. Rows are now sorted by their released values, and a release over
// one finer in some quasi-identifiers withholds the rows the two joined would single out.
func TestAnonymizeTableJoined(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 12))
	provinces := []string{"Herat", "Kabul", "Khost", "Balkh", "Kandahar"}
	forms := []string{"labour", "sexual", "military"}
	var rows []string
	for range 300 {
		rows = append(rows, fmt.Sprintf("%s,%d,%s,%s,%d", []string{"male", "female"}[rng.IntN(2)], 10+rng.IntN(4),
			provinces[rng.IntN(3)], forms[rng.IntN(len(forms))], 2022+rng.IntN(3)))
	}
	// Sorted by year: a release that generalizes the year away must not tell it by position.
	slices.SortStableFunc(rows, func(a, b string) int {
		return strings.Compare(a[strings.LastIndex(a, ","):], b[strings.LastIndex(b, ","):])
	})
	write := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("gender,age,province,exploitation,year\n"+strings.Join(rows, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.csv", rows)
	b := write("b.csv", append(slices.Clone(rows), "male,12,Herat,military,2023", "female,40,Khost,labour,2022", "male,33,Balkh,sexual,2024"))
	anonymize := func(in, out, metric string, limit float64) (*release.Manifest, error) {
		cfg := pipeline.Defaults
		cfg.K, cfg.Metric, cfg.SuppressionLimit = 5, metric, limit
		cfg.NewLevels = metric != "loss" // another metric, to change the levels (TestAnonymizeTableKeepsLevels: kept without it)
		return pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"gender", "age", "province", "year"},
			Sensitive: "exploitation", Config: cfg}, pipeline.Options{Out: out})
	}
	out := filepath.Join(dir, "rel")
	first, err := anonymize(a, out, "loss", 0.05)
	if err != nil {
		t.Fatal(err)
	}
	// Withholding that many rows over the suppression limit is refused, nothing written, as the
	// run's guard does (privacy-side-doors16).
	before, _ := os.ReadFile(filepath.Join(out, release.ManifestName))
	if _, err := anonymize(b, out, "discernibility", 0.05); !errors.Is(err, pipeline.ErrDifferencing) || !strings.Contains(err.Error(), "joining this release with the one already in") {
		t.Fatalf("joined levels withholding over the limit: %v, want ErrDifferencing", err)
	}
	if now, _ := os.ReadFile(filepath.Join(out, release.ManifestName)); string(now) != string(before) {
		t.Fatal("the refused release replaced the previous one")
	}
	second, err := anonymize(b, out, "discernibility", 0.6)
	if err != nil {
		t.Fatal(err)
	}
	finer, coarser := false, false
	for i, l := range second.Privacy.Levels {
		p := first.Privacy.Levels[i].Level
		finer, coarser = finer || l.Level < p, coarser || l.Level > p
	}
	if !finer || !coarser {
		t.Fatalf("the set-up needs levels that differ both ways: %+v then %+v", first.Privacy.Levels, second.Privacy.Levels)
	}
	if !second.Counts.Balanced() {
		t.Errorf("counts %+v do not add up", second.Counts)
	}
	if !slices.ContainsFunc(second.Notices, func(n string) bool {
		return strings.Contains(n, "rows withheld because joining this release with the one already in") && !strings.HasPrefix(n, "0 ")
	}) {
		t.Errorf("no rows withheld for the joined levels: %q", second.Notices)
	}
	db := checked(t, out)
	defer db.Close()
	ctx := context.Background()
	got, err := analysis.Query(ctx, db, `SELECT concat_ws(',', gender, age, province, exploitation, year) FROM cases`)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got.Rows {
		lines = append(lines, analysis.Cell(r[0]))
	}
	if !slices.IsSorted(lines) {
		t.Errorf("the release's rows are not sorted by their values: %q...", lines[:min(5, len(lines))])
	}
}

// TestAnonymizeTableKeepsLevels (privacy-side-doors18, session y's coordinator): a re-release by
// `prevalence anonymize` searched its levels anew, so the same table grown by a few rows, with
// another metric, or a search that moved on its own, came out at other levels, and joined with
// the release it replaces showed rows at the finer of the two (withheld by the joined guard, or
// refused past the suppression limit). It now keeps the previous release's levels while they
// hold, as the run does (anonymize.Config.Prefer); --new-levels searches anew.
func TestAnonymizeTableKeepsLevels(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 12))
	provinces := []string{"Herat", "Kabul", "Khost"}
	forms := []string{"labour", "sexual", "military"}
	var rows []string
	for range 300 {
		rows = append(rows, fmt.Sprintf("%s,%d,%s,%s,%d", []string{"male", "female"}[rng.IntN(2)], 10+rng.IntN(4),
			provinces[rng.IntN(3)], forms[rng.IntN(len(forms))], 2022+rng.IntN(3)))
	}
	write := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("gender,age,province,exploitation,year\n"+strings.Join(rows, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.csv", rows)
	b := write("b.csv", append(slices.Clone(rows), "male,12,Herat,military,2023", "female,13,Khost,labour,2022", "male,11,Kabul,sexual,2024"))
	anonymize := func(in, out, metric string, newLevels bool) (*release.Manifest, error) {
		cfg := pipeline.Defaults
		cfg.K, cfg.Metric, cfg.SuppressionLimit, cfg.NewLevels = 5, metric, 0.6, newLevels
		return pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"gender", "age", "province", "year"},
			Sensitive: "exploitation", Config: cfg}, pipeline.Options{Out: out})
	}
	levels := func(m *release.Manifest) []int {
		var lv []int
		for _, l := range m.Privacy.Levels {
			lv = append(lv, l.Level)
		}
		return lv
	}
	out := filepath.Join(dir, "rel")
	first, err := anonymize(a, out, "loss", false)
	if err != nil {
		t.Fatal(err)
	}
	// The same search on its own (another folder) chooses other levels for the grown table.
	fresh, err := anonymize(b, filepath.Join(dir, "fresh"), "discernibility", false)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(levels(fresh), levels(first)) {
		t.Fatalf("the set-up needs a search that moves the levels: %v both", levels(first))
	}
	second, err := anonymize(b, out, "discernibility", false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(levels(second), levels(first)) {
		t.Errorf("the re-release moved the levels %v to %v", levels(first), levels(second))
	}
	if !slices.ContainsFunc(second.Notices, func(n string) bool { return strings.Contains(n, "keeps the generalization of the release already in") }) {
		t.Errorf("no notice that the levels were kept: %q", second.Notices)
	}
	if slices.ContainsFunc(second.Notices, func(n string) bool { return strings.Contains(n, "joining this release with the one already in") }) {
		t.Errorf("the joined guard withheld rows at kept levels: %q", second.Notices)
	}
	if !second.Counts.Balanced() {
		t.Errorf("counts %+v do not add up", second.Counts)
	}
	checked(t, out).Close()
	// --new-levels searches anew: the fresh search's levels, the rows the join singles out
	// withheld (or the release refused past the limit).
	again, err := anonymize(b, out, "discernibility", true)
	if err != nil && !errors.Is(err, pipeline.ErrDifferencing) {
		t.Fatal(err)
	}
	if err == nil && !slices.Equal(levels(again), levels(fresh)) {
		t.Errorf("--new-levels: levels %v, the search's are %v", levels(again), levels(fresh))
	}
}
