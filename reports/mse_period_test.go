package reports_test

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

// TestMSEPeriod is attack-2026-12-04c R4's MSE note: a list that begins months into a year
// (the manifest's partial_first_year) or stops months before one ends (partial_year with a
// source) could not record the people identified outside its period, which the estimate
// counts as missed by chance. The research report says so for the country whose estimate
// rests on that list, without naming the organisation, and says nothing when the list is of
// another country or the partial year names no organisation.
func TestMSEPeriod(t *testing.T) {
	histories := "stratum,hope,aid,police,count\n" +
		"IN,1,0,0,40\nIN,0,1,0,50\nIN,0,0,1,30\nIN,1,1,0,20\nIN,1,0,1,15\nIN,0,1,1,12\nIN,1,1,1,10\n" +
		"KH,1,0,0,60\nKH,0,1,0,45\nKH,1,1,0,25\n"
	const period = "the lists do not cover the same period: one organisation's registrations"
	for _, c := range []struct {
		name  string
		edit  func(*release.Manifest)
		want  string // "" when no period sentence is wanted
		wantN string // a second clause wanted too
	}{
		{"first year of India's list", func(m *release.Manifest) {
			m.PartialFirst = &release.PartialYear{Year: 2024, Why: "w", Source: "police"}
		}, "But in India " + period + " begin months into 2024 (the manifest's partial_first_year), so the people identified before then could not be on its list", ""},
		{"both ends", func(m *release.Manifest) {
			m.PartialFirst = &release.PartialYear{Year: 2021, Why: "w", Source: "police"}
			m.Partial = &release.PartialYear{Year: 2025, Why: "w", Source: "hope"}
		}, "But in India and Cambodia " + period + " begin months into 2021", "stop months before the end of 2025 (the manifest's partial_year), so the people identified after then"},
		{"an organisation whose list no estimate rests on: none", func(m *release.Manifest) {
			m.PartialFirst = &release.PartialYear{Year: 2024, Why: "w", Source: "elsewhere"}
		}, "", ""},
		{"a partial year of the whole release: none", func(m *release.Manifest) {
			m.Partial = &release.PartialYear{Year: 2025, Why: "the release was made before the end of 2025"}
		}, "", ""},
	} {
		files := buildWith(t, reports.Options{CaptureHistories: []byte(histories), Audience: "research"}, c.edit)
		var md string
		for _, f := range files {
			if f.Path == "reports/report.md" {
				md = string(f.Data)
			}
		}
		if !strings.Contains(md, "Multiple systems estimation") {
			t.Fatalf("%s: the research report has no estimate:\n%s", c.name, md)
		}
		switch {
		case c.want == "" && strings.Contains(md, "do not cover the same period"):
			t.Errorf("%s: the estimate is said to rest on lists of different periods:\n%s", c.name, md)
		case c.want != "" && (!strings.Contains(md, c.want) || !strings.Contains(md, c.wantN)):
			t.Errorf("%s: the research report does not say %q (and %q):\n%s", c.name, c.want, c.wantN, md)
		case strings.Contains(md, `"police"`) || strings.Contains(md, `"hope"`):
			t.Errorf("%s: the report names the organisation:\n%s", c.name, md)
		}
	}
}
