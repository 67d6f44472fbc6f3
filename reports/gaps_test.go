package reports

import "testing"

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
