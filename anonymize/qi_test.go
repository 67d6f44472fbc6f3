package anonymize

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestEveryReleasedQuasiIdentifierIsSearched: every release column that the schema calls a
// quasi-identifier is a column of a built-in QI, so that the search generalizes it and the
// manifest's k holds for it; and the stage of a legal case is one, generalized with its
// disposition (attack-2026-12-01e finding 6: released as it was beside a generalized
// disposition, it left 78 demo records unique under k = 5).
func TestEveryReleasedQuasiIdentifierIsSearched(t *testing.T) {
	var cols []string
	for _, q := range CaseQIs {
		cols = append(cols, q.Columns...)
	}
	for _, f := range schema.Release.Fields() {
		fd, _ := schema.Lookup(f.Name)
		if fd.Role == schema.QuasiIdentifier && !slices.Contains(cols, f.Name) {
			t.Errorf("%s is a quasi-identifier of the schema that no built-in QI generalizes", f.Name)
		}
	}
	q, ok := LookupQI(schema.LegalStage)
	if !ok || !slices.Contains(q.Columns, schema.LegalDisposition) {
		t.Fatalf("legal_stage is not generalized with legal_disposition: %+v", q.Columns)
	}
	if fd, _ := schema.Lookup(schema.LegalStage); fd.Role != schema.QuasiIdentifier {
		t.Errorf("legal_stage's role is %v, not a quasi-identifier", fd.Role)
	}
	leaf := []string{"trial", "pending"}
	for level, want := range [][]string{{"trial", "pending"}, {"trial", "*"}, {"*", "*"}} {
		if got := q.general(leaf, level); !slices.Equal(got, want) {
			t.Errorf("level %d: %v, want %v", level, got, want)
		}
	}
	if got := q.general([]string{"complaint", ""}, 1); !slices.Equal(got, []string{"complaint", ""}) {
		t.Errorf("a stage without disposition at level 1: %v", got)
	}
}
