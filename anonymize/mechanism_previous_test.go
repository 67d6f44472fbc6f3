package anonymize

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestMechanismNamesThePreviousRelease: the "Protection:" line under each table of a release
// that replaces another says its x counts also protect a change since that release (a monthly
// re-release withholds the counts that moved; the line said only "from totals or other
// tables", issue-16-shares8.md's read (d)); a first release's line does not.
func TestMechanismNamesThePreviousRelease(t *testing.T) {
	p := Protection{Threshold: 10, Width: 5}
	first := mechanism(&CountTable{}, TableConfig{}, p)
	again := mechanism(&CountTable{}, TableConfig{Previous: []*release.Table{{Name: "cases-by-year"}}}, p)
	if strings.Contains(first, "release this one replaces") || !strings.Contains(first, "from totals or other tables.") {
		t.Errorf("first release: %q", first)
	}
	if want := "no change of fewer than 10 since the release this one replaces, can be worked out, to within 5, from totals, other tables or that release's tables."; !strings.Contains(again, want) {
		t.Errorf("re-release: %q, want %q", again, want)
	}
}
