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

// TestPreviousSideNote (privacy-side-doors23, task 2): the guard's count of the previous
// release's rows the join singles out is a notice: said with the run's words, and when the
// join cannot be made (the previous release's kinds lack the column of age, which it shows
// finer), said as not counted rather than stopping the run (on main guard returned the error,
// which named no release: ": its labels cannot be mapped up").
func TestPreviousSideNote(t *testing.T) {
	ctx := context.Background()
	age := func(level int) release.Level {
		return release.Level{QuasiIdentifier: "age", Columns: []string{"age_band", "majority_status"}, Level: level,
			Name: []string{"age band", "minor/adult", "*"}[level], Levels: []string{"age band", "minor/adult", "*"}}
	}
	gender := func(level int) release.Level {
		return release.Level{QuasiIdentifier: "gender", Columns: []string{"gender"}, Level: level, Name: []string{"gender", "*"}[level], Levels: []string{"gender", "*"}}
	}
	key := func(v ...string) string { return strings.Join(v, "\x1f") }
	// The previous release by age band with gender at "*", this one by gender with ages at
	// minor/adult (0-17): its 4 boys are the previous release's 4 children of 0-8 (five minors
	// each side, one of 9-17 and one girl), 4 rows of that release under k = 5.
	fields := []string{"gender", "age_band", "majority_status"}
	in := &guardInput{prev: &release.Manifest{Privacy: release.Privacy{Levels: []release.Level{gender(1), age(0)}}},
		prevKinds: map[string]int{key("*", "9-17", "minor"): 1, key("*", "0-8", "minor"): 4}, prevFields: fields}
	now := []release.Level{gender(0), age(1)}
	nowKinds := map[string]int{key("female", "0-17", "minor"): 1, key("male", "0-17", "minor"): 4}
	note, err := previousSideNote(ctx, in, now, fields, nowKinds, "out", 5)
	if err != nil || note != "joined with this release, 1 combinations of the quasi-identifiers hold 1 to 4 of the rows of the release already in out (0 of them one row), "+
		"fewer than k = 5: whoever holds both singles those cases of it out (that release is out: this one cannot take them back)" {
		t.Errorf("previousSideNote: %q, %v", note, err)
	}
	// The previous release's kinds without the age columns: the join cannot map its bands up.
	in.prevKinds, in.prevFields = map[string]int{key("*"): 5}, []string{"gender"}
	note, err = previousSideNote(ctx, in, now, fields, nowKinds, "out", 5)
	if err != nil || !strings.Contains(note, "the rows of the release already in out that joining it with this one singles out were not counted (the other release: its labels cannot be mapped up") {
		t.Errorf("previousSideNote without the previous release's age columns: %q, %v; want a note that they were not counted", note, err)
	}
}
