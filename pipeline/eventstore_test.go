package pipeline

import (
	"reflect"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
)

// TestEventStoreKeepsEveryField: an event stored compactly comes back as it was given (but its
// case number, which the store's key holds), every field of ingest.Event included: a field
// added to Event and not to storedEvent fails here.
func TestEventStoreKeepsEveryField(t *testing.T) {
	s := &eventStore{nameIdx: map[string]uint16{}}
	s.cases = append(s.cases, caseEvents{head: -1, tail: -1})
	given := []ingest.Event{
		{CaseID: "C-1", Kind: ingest.Placement, Date: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC),
			Type: "residential_care", Province: "KH-12", Reason: outcomes.Reintegrated, InSchool: outcomes.Yes, Retrafficked: outcomes.NotRetrafficked,
			Implemented: outcomes.No, Stage: outcomes.Disposed, Disposition: outcomes.Convicted, Line: 7, Sheet: "Placements"},
		{CaseID: "C-1", Kind: ingest.FollowUp, Date: time.Date(2024, 3, 1, 10, 30, 0, 5, time.UTC), Line: 1 << 20}, // a time of day is kept too
		{CaseID: "C-1", Kind: ingest.Closure, Reason: outcomes.Absconded},
	}
	for i := range given {
		s.add(0, &given[i])
	}
	var got []ingest.Event
	for n := s.cases[0].head; n >= 0; n = s.at(n).next {
		got = append(got, s.event(n))
	}
	for i := range given {
		given[i].CaseID = ""
	}
	if !reflect.DeepEqual(got, given) {
		t.Errorf("stored events come back as\n%+v\nwant\n%+v", got, given)
	}
	// Every field of Event is set in the first event but CaseID (and Line, an int): none is
	// left at its zero value, so a new field must be added above and to storedEvent.
	v := reflect.ValueOf(given[0])
	for i := range v.NumField() {
		if name := v.Type().Field(i).Name; name != "CaseID" && v.Field(i).IsZero() {
			t.Errorf("Event.%s is not set in the test's first event", name)
		}
	}
}
