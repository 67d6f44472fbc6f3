package reports

import (
	"slices"
	"strings"
	"testing"
)

func TestClassBreaks(t *testing.T) {
	for _, c := range []struct {
		counts []int64
		want   []int64
	}{
		{nil, []int64{10}},
		{[]int64{12, 40}, []int64{10, 25}},
		{[]int64{240, 330, 229}, []int64{10, 50, 100, 250}},
		{[]int64{12, 5000}, []int64{10, 1000, 2500, 5000}},
	} {
		if got := classBreaks(c.counts, 10); !slices.Equal(got, c.want) {
			t.Errorf("classBreaks(%v) = %v, want %v", c.counts, got, c.want)
		}
	}
}

// A province's class follows its published count; withheld and unrecorded provinces are told
// apart from counts and from each other, and a count withheld to protect another (which may
// be large) from a small one; cases in codes the boundaries lack are counted.
func TestChoropleth(t *testing.T) {
	cells := map[string]mapCell{"AF-HER": {Count: 120}, "AF-KHO": {Count: 12}, "AF-NAN": {Withheld: true},
		"AF-PKA": {Withheld: true, Secondary: true}, "AF-ZZZ": {Count: 30}}
	svg, unplaced, ok, err := choropleth("AF", "Afghanistan", cells, 10, "Source: test.")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	s := string(svg)
	for _, want := range []string{`class="c3" data-code="AF-HER"`, `class="c0" data-code="AF-KHO"`,
		`class="withheld" data-code="AF-NAN" fill="url(#hatch-AF)"`, `<title>Nangarhar: withheld (fewer than 10 cases)</title>`,
		`class="withheld" data-code="AF-PKA" fill="url(#dots-AF)"`, `<title>Paktika: withheld to protect another count (not a small count necessarily)</title>`,
		`class="none" data-code="AF-KAB"`, `<title>Herat: 120 cases</title>`, "no case recorded",
		">withheld: fewer than 10<", ">withheld to protect another count<"} {
		if !strings.Contains(s, want) {
			t.Errorf("the map lacks %s", want)
		}
	}
	if strings.Contains(s, "&lt;10") {
		t.Error("the legend calls withheld provinces <10")
	}
	// No dotted entry in the legend when no drawn province is dotted.
	svg, _, _, _ = choropleth("AF", "Afghanistan", map[string]mapCell{"AF-HER": {Count: 120}, "AF-ZZZ": {Withheld: true, Secondary: true}}, 10, "")
	if strings.Contains(string(svg), "protect another count") {
		t.Error("the legend has a dotted entry for a map without one")
	}
	if unplaced != 30 {
		t.Errorf("unplaced = %d, want 30", unplaced)
	}
	// With noise, a 0 may hide a few cases (attack-2026-12-01e finding 13's map).
	svg, _, _, _ = choropleth("AF", "Afghanistan", map[string]mapCell{"AF-HER": {Count: 120, Noisy: true}, "AF-KHO": {Count: 0, Noisy: true}}, 10, "")
	for _, want := range []string{"<title>Khost: 0 cases after the added noise (some cases may be recorded)</title>",
		"<title>Herat: 120 cases (noise added)</title>", "<title>Kabul: no case recorded</title>", ">no case recorded, or 0 after the noise<"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the noisy map lacks %s", want)
		}
	}
	if _, _, ok, _ := choropleth("ZZ", "Nowhere", cells, 10, ""); ok {
		t.Error("a country without boundaries drew a map")
	}
}

// Ranked bar charts never put a count withheld to protect another ("x", which may be large)
// among the small ones: published counts first, then x, then small and zero.
func TestRankGroup(t *testing.T) {
	pub, small, sec, zero := bar{value: 23, text: "23"}, bar{text: "<10"}, bar{text: SecondaryLabel}, bar{text: "0"}
	for _, c := range []struct {
		bars []bar
		want int
	}{
		{[]bar{pub}, 0}, {[]bar{pub, small}, 0}, {[]bar{sec}, 1}, {[]bar{pub, sec}, 1}, {[]bar{sec, small}, 1},
		{[]bar{small}, 2}, {[]bar{zero, small}, 2}, {[]bar{zero}, 2},
	} {
		if got := rankGroup(c.bars...); got != c.want {
			t.Errorf("rankGroup(%v) = %d, want %d", c.bars, got, c.want)
		}
	}
}
