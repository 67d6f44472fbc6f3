package pipeline

import (
	"maps"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// TestSeriesJoinLevels (privacy-side-doors19): the run's joined guard joins with every set of
// the series' memory whose generalization pairs with this release's, each quasi-identifier at
// the finest level any of them (or the previous release) showed; a set of other hierarchies is
// left out. On main only the previous release's finer levels were joined.
func TestSeriesJoinLevels(t *testing.T) {
	names := []string{"value", "band", "*"}
	lv := func(q string, l int) release.Level {
		return release.Level{QuasiIdentifier: q, Level: l, Name: names[l], Levels: names}
	}
	rel := &anonymize.Release{QIs: []anonymize.QI{{Name: "gender"}, {Name: "age"}, {Name: "year"}}}
	now := release.Privacy{Levels: []release.Level{lv("gender", 0), lv("age", 2), lv("year", 2)}}
	// July at this release's levels, September finer in the year, another hierarchy finer in age.
	prev := &release.Manifest{Privacy: now}
	other := lv("age", 0)
	other.Levels = []string{"value", "*"}
	mem := earlierKinds{Sets: []kindSet{
		{Levels: []release.Level{lv("gender", 0), lv("age", 2), lv("year", 1)}},
		{Levels: []release.Level{lv("gender", 0), lv("age", 2), lv("year", 0)}},
		{Levels: []release.Level{lv("gender", 0), other, lv("year", 2)}},
	}}
	finer, why := seriesJoinLevels(rel, prev, mem, now)
	if want := map[int]int{2: 0}; !maps.Equal(finer, want) {
		t.Errorf("finer %v, want %v (the year at the finest level the memory shows; age of another hierarchy left out)", finer, want)
	}
	if len(why) != 1 || !strings.Contains(why[0], `an earlier release's year at "value"`) {
		t.Errorf("names %q", why)
	}
	// The previous release finer in age, the memory in the year: both joined.
	prev = &release.Manifest{Privacy: release.Privacy{Levels: []release.Level{lv("gender", 0), lv("age", 1), lv("year", 2)}}}
	finer, why = seriesJoinLevels(rel, prev, mem, now)
	if want := map[int]int{1: 1, 2: 0}; !maps.Equal(finer, want) {
		t.Errorf("finer %v, want %v", finer, want)
	}
	if len(why) != 2 || why[0] != `the previous release's age at "band"` || !strings.HasPrefix(why[1], `an earlier release's year at "value"`) {
		t.Errorf("names %q", why)
	}
	// No memory: the previous release's alone, as joinLevels.
	finer, _ = seriesJoinLevels(rel, prev, earlierKinds{}, now)
	if want := map[int]int{1: 1}; !maps.Equal(finer, want) {
		t.Errorf("finer %v, want %v", finer, want)
	}
}
