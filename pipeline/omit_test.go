package pipeline

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestUnusedIdentifiers: ingest skips the identifiers a run has no use for, and only those.
func TestUnusedIdentifiers(t *testing.T) {
	for _, tc := range []struct {
		pseudonyms []string
		linking    bool
		keep, omit []string
	}{
		{nil, false, []string{schema.CaseID, schema.DateOfBirth}, []string{schema.FullName, schema.Phone, schema.Narrative, schema.Address}},
		{nil, true, []string{schema.CaseID, schema.FullName}, []string{schema.Phone, schema.Narrative}},
		{[]string{schema.Phone}, false, []string{schema.CaseID, schema.Phone}, []string{schema.FullName, schema.Narrative}},
	} {
		got := unusedIdentifiers(&Config{Pseudonyms: tc.pseudonyms}, tc.linking)
		for _, f := range tc.keep {
			if slices.Contains(got, f) {
				t.Errorf("pseudonyms %v, linking %v: %s omitted", tc.pseudonyms, tc.linking, f)
			}
		}
		for _, f := range tc.omit {
			if !slices.Contains(got, f) {
				t.Errorf("pseudonyms %v, linking %v: %s read", tc.pseudonyms, tc.linking, f)
			}
		}
	}
}
