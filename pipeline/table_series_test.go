package pipeline_test

import (
	"context"
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

// TestAnonymizeTableSeries (privacy-side-doors18): a table re-released by `prevalence anonymize`
// at other levels (--new-levels) and back compared each release with the one before only: the
// third, back at the first's levels, withholds the rows the join with the second singles out,
// and the fourth, compared with the third only, withheld them again as new, though the first
// had published them at its levels (the run's attack-2026-12-03c finding 3). The series' memory
// (earlier_kinds.json.gz, the organisation's) now keeps them: the fourth holds every row of the
// first, and no kind of row in 1 to k-1 copies more than the first published. Since
// privacy-side-doors19 the third keeps them too (its joined guard does not withhold rows of
// kinds the first published at its levels).
func TestAnonymizeTableSeries(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 12))
	provinces := []string{"Herat", "Kabul", "Khost", "Balkh", "Kandahar"}
	forms := []string{"labour", "sexual", "military"}
	row := func() string {
		return fmt.Sprintf("%s,%d,%s,%s,%d", []string{"male", "female"}[rng.IntN(2)], 10+rng.IntN(4),
			provinces[rng.IntN(3)], forms[rng.IntN(len(forms))], 2022+rng.IntN(3))
	}
	var rows []string
	for range 300 {
		rows = append(rows, row())
	}
	write := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("gender,age,province,exploitation,year\n"+strings.Join(rows, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.csv", rows)
	rows = append(rows, "male,12,Herat,military,2023", "female,13,Khost,labour,2022", "male,11,Kabul,sexual,2024")
	b := write("b.csv", rows)
	for range 12 {
		rows = append(rows, row())
	}
	c := write("c.csv", rows)
	for range 6 {
		rows = append(rows, row())
	}
	d := write("d.csv", rows)
	const k = 5
	anonymize := func(in, out, metric string, limit float64) *release.Manifest {
		t.Helper()
		cfg := pipeline.Defaults
		cfg.K, cfg.Metric, cfg.SuppressionLimit, cfg.NewLevels = k, metric, limit, true
		m, err := pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"gender", "age", "province", "year"},
			Sensitive: "exploitation", Config: cfg}, pipeline.Options{Out: out})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	kinds := func(out string) map[string]int {
		t.Helper()
		db := checked(t, out)
		defer db.Close()
		got, err := analysis.Query(context.Background(), db, `SELECT concat_ws(',', gender, age, province, exploitation, year) AS k, count(*) FROM cases GROUP BY k`)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, r := range got.Rows {
			n, _ := r[1].(int64)
			m[analysis.Cell(r[0])] = int(n)
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
	out := filepath.Join(dir, "rel")
	first := anonymize(a, out, "loss", 0.05)
	july := kinds(out)
	if _, err := os.Stat(filepath.Join(out, pipeline.EarlierKindsFile)); err == nil {
		t.Errorf("a first release wrote %s", pipeline.EarlierKindsFile)
	}
	second := anonymize(b, out, "discernibility", 0.6)
	if slices.Equal(levels(second), levels(first)) {
		t.Fatalf("the set-up needs the second release at other levels: %v both", levels(first))
	}
	if !slices.ContainsFunc(second.Outputs, func(o release.Output) bool {
		return o.Path == pipeline.EarlierKindsFile && o.For == release.ForOrganisation
	}) {
		t.Fatalf("the second release (levels moved) keeps no %s for the organisation: %+v", pipeline.EarlierKindsFile, second.Outputs)
	}
	third := anonymize(c, out, "loss", 0.6)
	if !slices.Equal(levels(third), levels(first)) {
		t.Fatalf("the set-up needs the third release at the first's levels: %v, first %v", levels(third), levels(first))
	}
	third3 := kinds(out)
	// The same fourth release without the memory (the file removed from a copy), to show what it keeps.
	bare := filepath.Join(dir, "bare")
	if err := os.CopyFS(bare, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(bare, pipeline.EarlierKindsFile)); err != nil {
		t.Fatalf("the third release (levels back) keeps no memory of the first's rows it withholds: %v", err)
	}
	fourth := anonymize(d, out, "loss", 0.6)
	anonymize(d, bare, "loss", 0.6)
	missing := func(dec map[string]int) (rows int) {
		for key, n := range july {
			rows += max(0, n-dec[key])
		}
		return rows
	}
	dec, without := kinds(out), kinds(bare)
	if !slices.Equal(levels(fourth), levels(first)) {
		t.Fatalf("the set-up needs the fourth release at the first's levels: %v", levels(fourth))
	}
	// The third, joined with the second, no longer withholds the first's rows (privacy-side-doors19:
	// rows of kinds an earlier release at its levels published count in their joined group but
	// are not withheld), so the fourth needs the memory less; it still keeps them.
	if n := missing(third3); n > 0 {
		t.Errorf("the third release lacks %d rows of the first, published at its levels", n)
	}
	t.Logf("without the memory the fourth release lacks %d of the first's rows (the third %d)", missing(without), missing(third3))
	if n := missing(dec); n > 0 {
		t.Errorf("the fourth release lacks %d rows of the first, published at its levels", n)
	}
	for key, n := range dec {
		if d := n - july[key]; d > 0 && d < k {
			t.Errorf("kind %q: %d copies in the fourth release, %d in the first: %d new in fewer than k = %d", key, n, july[key], d, k)
		}
	}
	if !fourth.Counts.Balanced() {
		t.Errorf("counts %+v do not add up", fourth.Counts)
	}
	if !slices.ContainsFunc(third.Notices, func(n string) bool { return strings.Contains(n, "an earlier release of the series published") }) {
		t.Errorf("no notice of the rows kept as earlier published: %q", third.Notices)
	}
}
