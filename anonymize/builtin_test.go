package anonymize

import (
	"slices"
	"strings"
	"testing"
)

func TestBuiltinHierarchies(t *testing.T) {
	h, err := BuiltinHierarchy("age", BuiltinAge, []string{"34", "7", "34", ""})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := h.Code("34")
	var got []string
	for l := range h.Levels() {
		got = append(got, h.Label(l, c))
	}
	if want := []string{"34", "30-34", "30-39", "20-39", "*"}; !slices.Equal(got, want) {
		t.Errorf("age 34: %v, want %v", got, want)
	}
	if !slices.Equal(h.Labels[0], []string{"", "7", "34"}) {
		t.Errorf("age leaves not sorted numerically: %v", h.Labels[0])
	}
	d, err := BuiltinHierarchy("registered", BuiltinDate, []string{"2023-11-05"})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for l := range d.Levels() {
		got = append(got, d.Label(l, 0))
	}
	if want := []string{"2023-11-05", "2023-11", "2023-Q4", "2023", "2020-2024", "*"}; !slices.Equal(got, want) {
		t.Errorf("date: %v, want %v", got, want)
	}
	if _, err := BuiltinHierarchy("x", BuiltinDate, []string{"Secret"}); err == nil || strings.Contains(err.Error(), "Secret") {
		t.Errorf("bad date: %v", err)
	}
	if _, err := BuiltinHierarchy("x", "nope", nil); err == nil {
		t.Error("unknown kind accepted")
	}
}

func TestReadHierarchyYAML(t *testing.T) {
	h, err := ReadHierarchyYAML("province", strings.NewReader("Kabul: [Central, AF, '*']\nHerat: [West, AF, '*']\nBamyan: [Central, AF, '*']\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := h.Code("Bamyan")
	if !ok || h.Label(1, c) != "Central" || h.Label(2, c) != "AF" || h.Levels() != 4 {
		t.Errorf("hierarchy: %+v", h)
	}
	if _, err := ReadHierarchyYAML("p", strings.NewReader("Kabul: [Central, AF]\nHerat: [Central, IR]\n")); err == nil {
		t.Error("a value with two parents was accepted")
	}
}
