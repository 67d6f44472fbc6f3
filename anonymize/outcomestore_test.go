package anonymize

import (
	"reflect"
	"testing"
	"time"

	"github.com/prevalence/prevalence/outcomes"
)

// TestOutcomeStoreKeepsEveryField: an outcome packed by SetOutcome comes back as it was given,
// every field of CaseOutcome and outcomes.Outcome included (a field added to either and not
// to packedOutcome fails here), in row order, the last set for a row winning.
func TestOutcomeStoreKeepsEveryField(t *testing.T) {
	full := CaseOutcome{
		Care: true, Province: "KH-12", Route: "police_operation",
		Outcome: outcomes.Outcome{StayMonths: 7.25, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true, FollowedMonths: 13.5,
			Retrafficked: true, Suspected: true, InSchoolAtLast: outcomes.Yes, FromIdentification: 8.5, HasIdentification: true},
		Legal:     []outcomes.LegalCase{{Stage: outcomes.Disposed, Disposition: outcomes.Convicted}, {Stage: outcomes.Complaint + 2}},
		LegalYear: []int{2023, 0},
		Stays: []outcomes.Stay{
			{Start: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)},
			{Start: time.Date(2024, 3, 1, 10, 30, 0, 5, time.FixedZone("X", 3600))}, // a time with more than seconds, open
		},
		StayProvinces: []string{"KH-12", "KH-17"},
		Since:         11, LastVisit: -1,
		Services: []ServiceUse{{Type: "legal_aid", Implemented: outcomes.No}, {Type: "medical", Implemented: outcomes.Yes}},
	}
	for _, v := range []reflect.Value{reflect.ValueOf(full), reflect.ValueOf(full.Outcome)} {
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Errorf("%s.%s is not set in the test's outcome", v.Type().Name(), v.Type().Field(i).Name)
			}
		}
	}
	var s outcomeStore
	s.set(3, CaseOutcome{Province: "XX"}) // replaced below
	s.set(3, full)
	s.set(1, CaseOutcome{Route: "self"})
	s.set(2, CaseOutcome{Care: true})
	got := s.all(func(row int) bool { return row != 2 })
	want := []CaseOutcome{{Route: "self"}, full}
	if len(got) != len(want) {
		t.Fatalf("%d outcomes, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(*got[i], want[i]) {
			t.Errorf("outcome %d comes back as\n%+v\nwant\n%+v", i, *got[i], want[i])
		}
	}
}
