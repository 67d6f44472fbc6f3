package anonymize

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestLabelUp: check --previous maps a release's leaves up the built-in hierarchy its manifest
// names (privacy-side-doors14), and refuses what it cannot map.
func TestLabelUp(t *testing.T) {
	country := []string{"country", "UN sub-region", "UN region", "*"}
	for _, c := range []struct {
		name   string
		levels []string
		vals   []string
		to     int
		want   []string
		ok     bool
	}{
		{schema.Citizenship, country, []string{"AF", ""}, 1, []string{"Southern Asia", "Asia"}, true},
		{schema.Citizenship, country, []string{"", ""}, 1, []string{"", ""}, true}, // not recorded stays empty below the top
		{schema.Citizenship, country, []string{"AF", ""}, 3, []string{"*", "*"}, true},
		{"age", []string{"age band", "minor/adult", "*"}, []string{"10-14", "minor"}, 1, []string{"0-17", "minor"}, true},
		{"origin", placeLevels[1:], []string{"AF", "AF-KAB", ""}, 1, []string{"AF", "*", ""}, true},   // without districts
		{"age", []string{"level 0", "level 1", "level 2"}, []string{"10-14", "minor"}, 1, nil, false}, // a user's hierarchy
		{schema.Citizenship, country, []string{"AF"}, 1, nil, false},
		{"nonesuch", country, []string{"AF", ""}, 1, nil, false},
	} {
		got, ok := LabelUp(c.name, c.levels, c.vals, c.to)
		if ok != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("LabelUp(%s, %q, %d) = %q, %v; want %q, %v", c.name, c.vals, c.to, got, ok, c.want, c.ok)
		}
	}
}
