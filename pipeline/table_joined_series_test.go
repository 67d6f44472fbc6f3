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

// TestAnonymizeTableJoinedSeries (privacy-side-doors19): the joined guard joined a release with
// the previous one only. A series a, b (--new-levels: finer in a quasi-identifier), c (back at
// a's levels), d (a's levels): d was compared with c alone, at the same levels, so no join was
// guarded, though whoever holds b and d sees d's rows at b's finer level too. d adds rows of
// new kinds in k copies each (not new in fewer than k against c) that b's finer level splits:
// joined with b they were singled out. Now every group of d's rows at the joined levels (the
// finer of b's and d's) holds k rows, or only rows of kinds a or c published at d's levels in
// as many copies (those are not withheld: they show nothing a did not).
func TestAnonymizeTableJoinedSeries(t *testing.T) {
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
	// d: k copies of one kind at a's levels (the year generalized away), in years no row has:
	// not new in fewer than k against c, but b's years split them into groups of 1 and 2.
	rows = append(rows, "female,13,Herat,military,2025", "female,13,Herat,military,2025", "female,13,Herat,military,2026",
		"female,13,Herat,military,2026", "female,13,Herat,military,2027")
	d := write("d.csv", rows)
	out := filepath.Join(dir, "rel")
	first := anonymize(a, out, "loss", 0.05)
	kindsOf := func(out string) map[string]int {
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
	july := kindsOf(out)
	second := anonymize(b, out, "discernibility", 0.6)
	third := anonymize(c, out, "loss", 0.6)
	if slices.Equal(levels(second), levels(first)) || !slices.Equal(levels(third), levels(first)) {
		t.Fatalf("the set-up needs b at other levels, c at a's: %v %v %v", levels(first), levels(second), levels(third))
	}
	nov := kindsOf(out)
	fourth := anonymize(d, out, "loss", 0.6)
	dec := kindsOf(out)
	if !slices.Equal(levels(fourth), levels(first)) {
		t.Fatalf("the set-up needs d at a's levels: %v %v", levels(first), levels(fourth))
	}
	if second.Privacy.Levels[3].Level != 0 || fourth.Privacy.Levels[3].Level == 0 {
		t.Fatalf("the set-up needs b to show the year and d to generalize it: %v %v", levels(second), levels(fourth))
	}
	// The crafted rows: at d's levels one kind; d holds them all, or withholds those b's years
	// single out.
	kind := "female,13,Herat,military,*"
	t.Logf("kind %q: a %d, c %d, d %d copies; notices %q", kind, july[kind], nov[kind], dec[kind], fourth.Notices)
	if dec[kind] > max(july[kind], nov[kind]) {
		t.Errorf("d publishes %d copies of %q, a %d and c %d: the %d new ones, in years b shows (2025 twice, 2026 twice, 2027 once), "+
			"are singled out by joining d with b", dec[kind], kind, july[kind], nov[kind], dec[kind]-max(july[kind], nov[kind]))
	}
	if !fourth.Counts.Balanced() {
		t.Errorf("counts %+v do not add up", fourth.Counts)
	}
}
