package anonymize

import (
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestAgeGenderSplitKept: with a small other_or_unknown count in an age band, complementary
// suppression withholds the band's total before its girls' or boys' count (the age table's
// Keep), so that more of the gender split by age is published than without (the attack of
// 2026-11-30 found every band's split withheld at 20,000 cases), and the audit still accepts.
func TestAgeGenderSplitKept(t *testing.T) {
	c := synthCollector(t, 3000, 1)
	defer c.Close()
	f := c.facts()
	split := func(keep bool) int {
		s, err := buildTables(f, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		ai := s.byName["cases-by-age-and-gender"]
		if !keep {
			s.tables[ai].Keep = nil
		}
		pt, err := s.protect(TableConfig{Protection: Protection{Threshold: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if pt.Protection.Audit.Exposed != 0 {
			t.Fatalf("audit: %+v", pt.Protection.Audit)
		}
		n := 0
		for _, r := range s.tables[ai].Rows {
			for c := 1; c <= 2; c++ {
				if r.State[c] == release.Published {
					n++
				}
			}
		}
		return n
	}
	with, without := split(true), split(false)
	if with <= without {
		t.Errorf("girls' and boys' counts published by age band: %d with Keep, %d without", with, without)
	}
	t.Logf("girls' and boys' counts published by age band: %d with Keep, %d without", with, without)
}
