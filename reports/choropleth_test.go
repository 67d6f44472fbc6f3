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
// apart from counts and from each other; cases in codes the boundaries lack are counted.
func TestChoropleth(t *testing.T) {
	cells := map[string]mapCell{"AF-HER": {Count: 120}, "AF-KHO": {Count: 12}, "AF-NAN": {Withheld: true}, "AF-ZZZ": {Count: 30}}
	svg, unplaced, ok, err := choropleth("AF", "Afghanistan", cells, 10, "Source: test.")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	s := string(svg)
	for _, want := range []string{`class="c3" data-code="AF-HER"`, `class="c0" data-code="AF-KHO"`, `class="withheld" data-code="AF-NAN"`,
		`class="none" data-code="AF-KAB"`, `<title>Hirat: 120 cases</title>`, "no case recorded", "withheld (&lt;10)"} {
		if !strings.Contains(s, want) {
			t.Errorf("the map lacks %s", want)
		}
	}
	if unplaced != 30 {
		t.Errorf("unplaced = %d, want 30", unplaced)
	}
	if _, _, ok, _ := choropleth("ZZ", "Nowhere", cells, 10, ""); ok {
		t.Error("a country without boundaries drew a map")
	}
}
