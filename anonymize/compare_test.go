package anonymize

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWithholdComparison: the run compares before the tables (Compare, in the pre-check of
// another register's release) and withholds by that comparison after the lock (Withhold),
// rather than compare again (GuardAt: a quarter of a 1,000,000-row re-release's CPU). The
// two give what GuardAt gives, row for row; a comparison is withheld by once.
func TestWithholdComparison(t *testing.T) {
	cfg := CaseConfig{K: 5, SuppressionLimit: 0.05}
	release := func() (*Release, map[string]int) {
		rel, err := collect(t, randomCases(2000, 31)).Anonymize(cfg)
		if err != nil {
			t.Fatal(err)
		}
		previous := map[string]int{}
		rel.rowKeys(View{}, func(_ int, key string) { previous[key]++ })
		rng := rand.New(rand.NewPCG(3, 7))
		for _, key := range slices.Sorted(maps.Keys(previous)) {
			previous[key] = max(0, previous[key]-rng.IntN(cfg.K+1))
		}
		return rel, previous
	}
	a, prevA := release()
	want, err := a.GuardAt(prevA, cfg.K, Elapsed{}, View{})
	if err != nil {
		t.Fatal(err)
	}
	if want.Copies == 0 {
		t.Fatal("the guard withheld nothing: the test tests nothing")
	}
	b, prevB := release()
	c := b.Compare(prevB, cfg.K, Elapsed{}, View{})
	if c.Guarded().Copies != want.Copies || c.Guarded().Previous != want.Previous {
		t.Errorf("the comparison: %+v, GuardAt: %+v", c.Guarded(), want)
	}
	got, err := b.Withhold(c)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || !slices.Equal(a.suppressed, b.suppressed) || a.Written != b.Written || a.Suppressed != b.Suppressed {
		t.Errorf("Withhold(Compare) %+v (written %d), GuardAt %+v (written %d), or other rows withheld", got, b.Written, want, a.Written)
	}
	if _, err := b.Withhold(c); err == nil {
		t.Error("a comparison withheld by twice")
	}
}
