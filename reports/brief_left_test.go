package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// A province left out of the brief's list whose counts shown as small ("<10") allow it more
// children than the least of a province listed is named, with its place not known
// (attack-2026-12-03f, lows: Banteay Meanchey's 24 girls and <10 boys, 24-33 children, and
// Siem Reap's 23 and <10, left out below Koh Kong's 26 without a word); one whose counts allow
// it no more than that (Preah Sihanouk's 17 and <10: 26 at most) is not.
func TestBriefNamesLeftOutWithSmallCounts(t *testing.T) {
	type prov struct {
		code        string
		boys, girls int64
	}
	provinces := []prov{{"KH-12", 75, 141}, {"KH-2", 60, 60}, {"KH-3", 50, 50}, {"KH-4", 40, 40}, {"KH-5", 30, 30},
		{"KH-6", 20, 20}, {"KH-7", 15, 15}, {"KH-9", 11, 15}, // Koh Kong, 26: listed last
		{"KH-1", 0, 24}, {"KH-17", 0, 23}, {"KH-18", 0, 17}} // left out, the boys <10
	kids := func(name string, boys bool) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for _, p := range provinces {
			n := p.girls
			if boys {
				n = p.boys
			}
			st := Published
			if n == 0 {
				n, st = 0, Primary // shown "<10"
			}
			t.Rows = append(t.Rows, Row{Labels: []string{"KH", p.code}, Values: []int64{n}, State: []State{st}})
		}
		return t
	}
	s := &set{byName: map[string]int{}}
	s.add(kids("boys-by-province", true))
	s.add(kids("girls-by-province", false))
	r := &report{opt: Options{Threshold: 10}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
	_, lines, ok, err := r.childrenByProvince()
	if err != nil || !ok {
		t.Fatalf("childrenByProvince: %v, %v", ok, err)
	}
	if n := listedPlaces(lines); n != briefTop || lines[briefTop-1].Place != "Koh Kong, Cambodia" {
		t.Fatalf("listed %d, the last %q: want %d, Koh Kong last", n, lines[n-1].Place, briefTop)
	}
	more := r.briefMore(listedPlaces(lines))
	want := "Banteay Meanchey, Cambodia and Siem Reap, Cambodia are not listed, though their counts shown as fewer than 10 leave them room for more children than a province listed: their place in this list is not known."
	if !strings.Contains(more, want) {
		t.Errorf("briefMore = %q, want %q", more, want)
	}
	if strings.Contains(more, "Preah Sihanouk") {
		t.Errorf("briefMore = %q names Preah Sihanouk (17 girls and <10 boys: 26 at most, Koh Kong's 26)", more)
	}
}
