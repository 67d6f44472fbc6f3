package reports_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

// TestFigureSources is issue-16-shares24.md item 2: the research report says which figures come
// from the protected tables and which from the k-anonymous case file, and what the case file
// cannot count in this release: on synth 3,000 year_of_registration is "*" in every row, so a
// centre-gap ranking counted from it has no years, which no report said.
func TestFigureSources(t *testing.T) {
	level := func(qi, name string) func(*release.Manifest) {
		return func(m *release.Manifest) {
			cols := map[string][]string{"year_of_registration": {"year_of_registration", "registration_period"},
				"exploitation": {"country_of_exploitation", "province_of_exploitation", "district_of_exploitation", "region_of_exploitation"}}[qi]
			m.Privacy.Levels = append(m.Privacy.Levels, release.Level{QuasiIdentifier: qi, Columns: cols, Name: name, Protected: true})
		}
	}
	for _, tc := range []struct {
		name      string
		audience  string
		edit      func(*release.Manifest)
		want, not []string
	}{
		{"year generalized", "research", level("year_of_registration", "*"),
			[]string{"are * in every row), so it counts nothing by year", "cases of all years as one year", "cases can need (its per_year_note says so), with no cases a year", "counted from every record the release kept"},
			[]string{"is empty"}},
		{"province generalized", "research", level("exploitation", "country"),
			[]string{"the province of exploitation (released as country)", "counts nothing by province", "is empty"},
			[]string{"nothing by year"}},
		{"kept", "research", level("year_of_registration", "year"),
			[]string{"counted from every record the release kept"},
			[]string{"counts nothing by", "centre-gap ranking counted from it"}},
		{"programme", "programme", level("year_of_registration", "*"), nil, []string{"Where the figures come from"}},
	} {
		seen := 0
		for _, f := range buildWith(t, reports.Options{Audience: tc.audience}, tc.edit) {
			if b := filepath.Base(f.Path); b != "report.md" && b != "report.html" {
				continue
			}
			seen++
			s := string(f.Data)
			if tc.want != nil && !strings.Contains(s, "Where the figures come from") {
				t.Errorf("%s: %s does not say where the figures come from", tc.name, f.Path)
			}
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("%s: %s does not say %q", tc.name, f.Path, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(s, n) {
					t.Errorf("%s: %s says %q", tc.name, f.Path, n)
				}
			}
		}
		if seen == 0 {
			t.Errorf("%s: no report.md or report.html", tc.name)
		}
	}
}
