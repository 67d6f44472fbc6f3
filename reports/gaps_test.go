package reports

import (
	"reflect"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// The programme report says each reason for a missing trend once, with the places it applies
// to (it repeated "withheld: a count ... is withheld" once per province, naming none).
func TestGroupNotes(t *testing.T) {
	got := groupNotes([][2]string{
		{"withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to 15-39 and 3-27 cases", "Herat"},
		{"withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to 15-39 and 3-27 cases", "Herat"},
		{"not estimable: no case of the province in 2017-2019", "Khost"},
		{"withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to <10 and 30-40 cases", "Phnom Penh"},
		{"withheld: a count of the province's years 2020-2025 is withheld", "Kampot"},
	})
	want := []string{
		"Withheld for Herat, Phnom Penh and Kampot: a count of the province's years 2020-2025 is withheld (Herat: the published counts bound the windows' sums only to 15-39 and 3-27 cases; Phnom Penh: the published counts bound the windows' sums only to <10 and 30-40 cases).",
		"Not estimable for Khost: no case of the province in 2017-2019.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groupNotes:\n%q\nwant\n%q", got, want)
	}
}

// The centre gaps' trend column is never blank: a rate ratio with its interval, or why there
// is none in a word or two (the reason in full goes under the table).
func TestTrendCell(t *testing.T) {
	for _, c := range []struct{ trend, lo, hi, recent, note, want string }{
		{"1.13", "0.95", "1.34", "135", "", "1.13 (0.95–1.34)"},
		{"1.13", "", "", "135", "", "1.13"},
		{"", "", "", "<10", "", "withheld"},
		{"", "", "", "x", "not estimable: no years", "withheld"},
		{"", "", "", "135", "withheld: a count of the province's years 2020-2025 is withheld", "withheld"},
		{"", "", "", "135", "not estimable: the release's years (2024-2025) hold no 3 years before the last 3", "not estimable"},
		{"", "", "", "135", "", "not estimable"},
	} {
		if got := trendCell(c.trend, c.lo, c.hi, c.recent, c.note); got != c.want {
			t.Errorf("trendCell(%q, %q, %q, %q, %q) = %q, want %q", c.trend, c.lo, c.hi, c.recent, c.note, got, c.want)
		}
	}
}

// An interval's ends are never printed equal: 7–7% would read as no uncertainty.
func TestPctRange(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{{82.2, 83.4, "82–83"}, {6.81, 7.46, "6.8–7.5"}, {6.81, 6.84, "6.81–6.84"}, {5, 5, "5.00–5.00"}} {
		if got := pctRange(c.lo, c.hi); got != c.want {
			t.Errorf("pctRange(%g, %g) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

// The brief's boys and girls by province lists provinces: cases whose province is not
// recorded come after every recorded one (they were 8th of 8, ahead of Siem Reap), and a
// figure without an interval ends with one period.
func TestBriefChildrenProvincesFirst(t *testing.T) {
	kids := func(name string, n int64) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for i, p := range []string{"KH-12", "KH-9", "KH-8", "KH-7", "KH-6", "KH-5", "KH-4", "KH-3", "KH-17"} {
			t.Rows = append(t.Rows, Row{Labels: []string{"KH", p}, Values: []int64{n + int64(10*(9-i))}, State: []State{Published}})
		}
		t.Rows = append(t.Rows, Row{Labels: []string{"AF", NotRecorded}, Values: []int64{n + 200}, State: []State{Published}})
		return t
	}
	s := &set{byName: map[string]int{}}
	s.add(kids("boys-by-province", 12))
	s.add(kids("girls-by-province", 11))
	r := &report{opt: Options{Threshold: 10}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
	_, lines, ok, err := r.childrenByProvince()
	if err != nil || !ok || len(lines) != briefTop {
		t.Fatalf("childrenByProvince: %d lines, %v, %v", len(lines), ok, err)
	}
	for _, l := range lines {
		if strings.Contains(l.Place, "not recorded") {
			t.Errorf("the province not recorded is among the top %d: %v", briefTop, lines)
		}
	}
	if lines[0].Place != "Phnom Penh, Cambodia" {
		t.Errorf("first: %q", lines[0].Place)
	}
}

// The brief's trend says why there is none rather than leaving the section out.
func TestBriefNoTrendSaysWhy(t *testing.T) {
	years := func(ys ...string) *report {
		yt := &Table{Name: "cases-by-year-and-gender", Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for _, y := range ys {
			yt.Rows = append(yt.Rows, Row{Labels: []string{y}, Values: []int64{40}, State: []State{Published}})
		}
		s := &set{byName: map[string]int{}}
		s.add(yt)
		return &report{opt: Options{Threshold: 10}, m: &release.Manifest{}, set: s}
	}
	for _, c := range []struct {
		years []string
		want  string
	}{
		{[]string{"2024"}, "fewer than two years of registration"},
		{[]string{"2021", "2024"}, "the last two years recorded, 2021 and 2024, are not consecutive"},
	} {
		f, ok := years(c.years...).trend()
		if !ok || f.Value != "no trend" || !strings.Contains(f.Sentence, c.want) {
			t.Errorf("years %v: %v %+v, want no trend: %q", c.years, ok, f, c.want)
		}
	}
}
