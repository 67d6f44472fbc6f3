package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestKindsJoined (privacy-side-doors22, task 2): the run's guard counts the rows of the
// release already in its folder that joining it with this one singles out, from both sides'
// kinds (no folder read). The previous release by province with ages at "*", this one by age
// with provinces at "*", x kept: the same data as check-previous-microdata.txtar's e1 and e2,
// where check counts 4 combinations of this release's rows (2 of one row) and 2 of the
// previous release's (1 of one row) under k = 3.
func TestKindsJoined(t *testing.T) {
	lv := func(qi string, level int) release.Level {
		return release.Level{QuasiIdentifier: qi, Columns: []string{qi}, Level: level, Name: []string{"value", "*"}[level], Levels: []string{"value", "*"}}
	}
	fields := []string{"gender", "age", "province", "x"}
	key := func(v ...string) string { return strings.Join(v, "\x1f") }
	prev := map[string]int{key("f", "*", "A", "1"): 1, key("f", "*", "A", "3"): 2, key("f", "*", "B", "2"): 3, key("m", "*", "A", "4"): 3, key("m", "*", "B", "4"): 3}
	now := map[string]int{key("f", "20", "*", "1"): 1, key("f", "20", "*", "2"): 2, key("f", "30", "*", "2"): 1, key("f", "30", "*", "3"): 2,
		key("m", "20", "*", "4"): 3, key("m", "30", "*", "4"): 3}
	prevLv := []release.Level{lv("gender", 0), lv("age", 1), lv("province", 0)}
	nowLv := []release.Level{lv("gender", 0), lv("age", 0), lv("province", 1)}
	j, ok, err := kindsJoined(context.Background(), prevLv, fields, prev, nowLv, fields, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || j.combos != 4 || j.ones != 2 || j.prevCombos != 2 || j.prevOnes != 1 {
		t.Fatalf("joined: ok %v, %+v; want 4 combinations of this release's rows (2 of one row) and 2 of the previous release's (1 of one row)", ok, j)
	}
	if n := j.sideNote("the release already in out"); !strings.Contains(n, "2 combinations of the quasi-identifiers hold 1 to 2 of the rows of the release already in out (1 of them one row)") {
		t.Errorf("side note %q", n)
	}
	// The previous release's columns in another order, and one this release does not hold:
	// joined on the columns both hold, as check joins them.
	wide := map[string]int{}
	for k, n := range prev {
		v := strings.Split(k, "\x1f")
		wide[key(v[3], v[2], "gone", v[1], v[0])] += n
	}
	j2, ok, err := kindsJoined(context.Background(), prevLv, []string{"x", "province", "old", "age", "gender"}, wide, nowLv, fields, now, 3)
	if err != nil || !ok || j2 != j {
		t.Errorf("other columns: %+v, %v, %v; want %+v", j2, ok, err, j)
	}
	// Nothing finer in the previous release: nothing to join.
	if _, ok, err := kindsJoined(context.Background(), nowLv, fields, now, nowLv, fields, now, 3); ok || err != nil {
		t.Errorf("the same levels: ok %v, %v; want nothing joined", ok, err)
	}
	// The previous release's top of several values: not joined.
	prev[key("f", "other", "B", "2")] = 3
	if _, ok, err := kindsJoined(context.Background(), prevLv, fields, prev, nowLv, fields, now, 3); ok || err != nil {
		t.Errorf("a top of several values: ok %v, %v; want not joined", ok, err)
	}
}
