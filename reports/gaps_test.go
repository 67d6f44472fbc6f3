package reports

import (
	"reflect"
	"testing"
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
