package anonymize

import (
	"encoding/binary"
	"testing"
)

// TestGuardJoined (attack-2026-12-03b finding 2): a previous release that showed a
// quasi-identifier finer than this one lets whoever holds both see each case at the finer of
// the two levels of every quasi-identifier. After GuardJoined every group of the rows written
// at those joined levels holds k rows, this release's own classes still meet the models, and
// the counts add up; with no level finer before, nothing is withheld.
func TestGuardJoined(t *testing.T) {
	for i, cfg := range []CaseConfig{
		{K: 5, SuppressionLimit: 0.05},
		{K: 3, SuppressionLimit: 0.1, Sensitive: "exploitation", L: 2},
	} {
		c := collect(t, randomCases(3000, uint64(40+i)))
		rel, err := c.Anonymize(cfg)
		if err != nil {
			t.Fatal(err)
		}
		// The previous release: every generalized quasi-identifier of the search one level finer.
		finer := map[int]int{}
		for i, q := range rel.searched {
			if l := rel.result.Levels[i]; l > 0 {
				finer[q] = l - 1
			}
		}
		if len(finer) == 0 {
			t.Fatalf("config %d: nothing generalized: the test tests nothing", i)
		}
		small := joinedGroups(rel, finer, cfg.K)
		if small == 0 {
			t.Fatalf("config %d: no group under k at the joined levels before the guard: the test tests nothing", i)
		}
		if n, _, _, err := rel.GuardJoined(map[int]int{}, cfg.K); err != nil || n != 0 {
			t.Fatalf("config %d: no finer level withheld %d rows (%v)", i, n, err)
		}
		written, suppressed := rel.Written, rel.Suppressed
		rows, classRows, classes, err := rel.GuardJoined(finer, cfg.K)
		if err != nil {
			t.Fatal(err)
		}
		if rows == 0 || rel.Written != written-rows-classRows || rel.Suppressed != suppressed+rows+classRows {
			t.Errorf("config %d: %d rows and %d in %d classes withheld; written %d, suppressed %d (before %d, %d)",
				i, rows, classRows, classes, rel.Written, rel.Suppressed, written, suppressed)
		}
		if n := joinedGroups(rel, finer, cfg.K); n != 0 {
			t.Errorf("config %d: %d groups under k = %d at the joined levels after the guard", i, n, cfg.K)
		}
		checkClasses(t, i, rel, cfg)
		t.Logf("config %d: %d groups under k before; %d rows withheld, %d more in %d classes", i, small, rows, classRows, classes)
	}
}

// joinedGroups counts the groups of the rows written that hold 1 to k-1 rows at the searched
// quasi-identifiers' levels, finer where finer says.
func joinedGroups(rel *Release, finer map[int]int, k int) int {
	t := rel.table
	counts := map[string]int{}
	for row, s := range rel.suppressed {
		if s {
			continue
		}
		var b []byte
		for i, h := range t.Hierarchies {
			l := rel.result.Levels[i]
			if f, ok := finer[rel.searched[i]]; ok {
				l = f
			}
			b = binary.AppendUvarint(b, uint64(h.Up[l][t.Columns[i][row]]))
		}
		counts[string(b)]++
	}
	n := 0
	for _, c := range counts {
		if c < k {
			n++
		}
	}
	return n
}

// TestGuardJoinedSeries (privacy-side-doors19): joined with a release of the series two
// generalizations back, the copies of a kind earlier releases at this release's levels
// published count in their group but are not withheld; the copies beyond them are, the ones in
// the smallest groups first. With every kind covered nothing is withheld; with none, as
// GuardJoined; with half, fewer, and in every group under k each kind keeps at most the copies
// earlier published less those in groups of k or more.
func TestGuardJoinedSeries(t *testing.T) {
	cfg := CaseConfig{K: 5, SuppressionLimit: 0.05}
	anon := func() *Release {
		rel, err := collect(t, randomCases(3000, 41)).Anonymize(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return rel
	}
	rel := anon()
	finer := map[int]int{}
	for i, q := range rel.searched {
		if l := rel.result.Levels[i]; l > 0 {
			finer[q] = l - 1
		}
	}
	if joinedGroups(rel, finer, cfg.K) == 0 {
		t.Fatal("no group under k at the joined levels: the test tests nothing")
	}
	all, _, _, err := rel.GuardJoinedSeries(finer, cfg.K, rel.Kinds())
	if err != nil || all != 0 {
		t.Errorf("every kind earlier published: %d rows withheld (%v), want none", all, err)
	}
	none, _, _, err := anon().GuardJoinedSeries(finer, cfg.K, nil)
	if err != nil || none == 0 {
		t.Fatalf("nothing earlier published: %d rows withheld (%v)", none, err)
	}
	rel = anon()
	half := map[string]int{}
	for key, n := range rel.Kinds() {
		half[key] = n / 2
	}
	some, _, _, err := rel.GuardJoinedSeries(finer, cfg.K, half)
	if err != nil || some == 0 || some >= none {
		t.Errorf("half of each kind earlier published: %d rows withheld (%v), none published: %d", some, err, none)
	}
	t.Logf("rows withheld: %d with nothing earlier published, %d with half of each kind, %d with all", none, some, all)
}
