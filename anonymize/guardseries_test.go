package anonymize

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGuardSeries: GuardSeries withholds no row of a kind an earlier release at the same levels
// published in as many copies, though the previous release lacks it (attack-2026-12-03c
// finding 3: GuardAt withholds those), and withholds the copies a kind adds against the earlier
// releases in fewer than k, though the previous release holds them all.
func TestGuardSeries(t *testing.T) {
	const k = 5
	cfg := CaseConfig{K: k, SuppressionLimit: 0.05}
	kindsOf := func() (*Release, map[string]int) {
		rel, err := collect(t, randomCases(3000, 21)).Anonymize(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return rel, rel.Kinds()
	}
	less := func(m map[string]int, seed uint64) map[string]int {
		out := maps.Clone(m)
		rng := rand.New(rand.NewPCG(seed, 3))
		for _, key := range slices.Sorted(maps.Keys(out)) {
			out[key] = max(0, out[key]-rng.IntN(k))
		}
		return out
	}
	// The previous release lacks copies of many kinds (it could not show them), an earlier
	// one published them all.
	rel, all := kindsOf()
	previous := less(all, 1)
	ref, _ := kindsOf()
	gAt, err := ref.GuardAt(previous, k, Elapsed{}, View{})
	if err != nil || gAt.Copies == 0 {
		t.Fatalf("GuardAt withheld %d rows (%v): the test tests nothing", gAt.Copies, err)
	}
	g, covered, err := rel.GuardSeries(previous, k, Elapsed{}, View{}, all, Elapsed{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Rows() != 0 || covered != gAt.Copies {
		t.Errorf("every kind published earlier in as many copies: %d rows withheld, %d covered; want 0 and GuardAt's %d", g.Rows(), covered, gAt.Copies)
	}
	// The previous release holds every row, an earlier one at these levels fewer of some kinds.
	rel, all = kindsOf()
	earlier := less(all, 2)
	g, covered, err = rel.GuardSeries(all, k, Elapsed{}, View{}, earlier, Elapsed{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Copies == 0 || covered != 0 {
		t.Errorf("kinds grown against an earlier release: %d withheld, %d covered; want some withheld, none covered", g.Copies, covered)
	}
	for key, n := range rel.Kinds() {
		if d := n - earlier[key]; d > 0 && d < k {
			t.Errorf("a kind of row grows by %d copies against the earlier release", d)
		}
	}
	checkClasses(t, 0, rel, cfg)
	// The register's kinds count the rows withheld too, and only the kept rows.
	reg, kinds, total := rel.RegisterKinds(nil), rel.Kinds(), 0
	for key, n := range reg {
		total += n
		if n < kinds[key] {
			t.Errorf("RegisterKinds holds %d copies of a kind the release shows %d of", n, kinds[key])
		}
	}
	if total != rel.Written+rel.Suppressed || len(rel.Kinds()) != len(kinds) {
		t.Errorf("RegisterKinds counts %d rows, the release keeps %d (%d written)", total, rel.Written+rel.Suppressed, rel.Written)
	}
}
