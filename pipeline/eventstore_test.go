package pipeline

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/release"
)

// TestEventStoreKeepsEveryField: an event stored compactly comes back as it was given (but its
// case number, which the store's key holds), every field of ingest.Event included: a field
// added to Event and not to encodeEvent fails here.
func TestEventStoreKeepsEveryField(t *testing.T) {
	s := newEventStore(time.Time{})
	s.inputUsed = []bool{false}
	p := s.parts[s.source("")]
	ci := p.caseOf("C-1", 0)
	given := []ingest.Event{
		{CaseID: "C-1", Kind: ingest.Placement, Date: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC),
			Type: "residential_care", Province: "KH-12", Reason: outcomes.Reintegrated, InSchool: outcomes.Yes, Retrafficked: outcomes.NotRetrafficked,
			Implemented: outcomes.No, Stage: outcomes.Disposed, Disposition: outcomes.Convicted, LegalKeys: [2]uint64{1<<63 | 5, 7}, LegalStations: [2]uint64{1<<62 | 3, 0}, Line: 7, Sheet: "Placements"},
		{CaseID: "C-1", Kind: ingest.FollowUp, Date: time.Date(2024, 3, 1, 10, 30, 0, 5, time.UTC), Line: 1 << 20}, // a time of day is kept too
		{CaseID: "C-1", Kind: ingest.Closure, Reason: outcomes.Absconded},
		{CaseID: "C-1", Kind: ingest.Legal, Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), LegalKeys: [2]uint64{0, 9}, LegalStations: [2]uint64{0, 11}}, // the court number only
	}
	for i := range given {
		p.add(ci, &given[i])
	}
	var got []ingest.Event
	p.each(ci, func(e *ingest.Event, _ uint16) { got = append(got, *e) })
	for i := range given {
		given[i].CaseID = ""
	}
	if !reflect.DeepEqual(got, given) {
		t.Errorf("stored events come back as\n%+v\nwant\n%+v", got, given)
	}
	// Every field of Event is set in the first event but CaseID (and Line, an int): none is
	// left at its zero value, so a new field must be added above and to encodeEvent.
	v := reflect.ValueOf(given[0])
	for i := range v.NumField() {
		if name := v.Type().Field(i).Name; name != "CaseID" && v.Field(i).IsZero() {
			t.Errorf("Event.%s is not set in the test's first event", name)
		}
	}
}

// TestEventStoreMatchesMap: the compact store (case numbers in an arena, events encoded in
// segments) gives every key's events in the order added, as a map from (source, case number)
// to a list of events does, for cases whose events come interleaved, from several inputs and
// sources, with dates that are whole days, whole seconds or finer, before and after 1970, on
// lines that go back; lookups by the three sources a case row tries find the same cases.
func TestEventStoreMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := newEventStore(time.Time{})
	type key struct{ src, id string }
	want := map[key][]ingest.Event{}
	cases := map[key]caseRef{}
	srcs := []string{"", "A", "B"}
	day := time.Date(1969, 12, 20, 0, 0, 0, 0, time.UTC)
	at := func() time.Time {
		switch r.IntN(5) {
		case 0:
			return time.Time{}
		case 1:
			return day.Add(time.Duration(r.IntN(40000)) * time.Second)
		case 2:
			return day.Add(time.Duration(r.Int64N(1e12)))
		case 3:
			return day.AddDate(0, 0, r.IntN(30)).In(time.FixedZone("X", 3600))
		}
		return day.AddDate(0, 0, r.IntN(20000)-100)
	}
	for in := int32(0); in < 4; in++ {
		s.inputUsed = append(s.inputUsed, false)
		src := srcs[int(in)%len(srcs)]
		si := s.source(src)
		p := s.parts[si]
		p.open = -1
		for range 20000 {
			id := strconv.Itoa(r.IntN(3000))
			if r.IntN(2000) == 0 {
				id = strings.Repeat("x", arenaChunk/4+1+r.IntN(10)) + id // a case number of its own chunk
			}
			e := ingest.Event{Kind: ingest.EventKind(r.IntN(5)), Date: at(), End: at(), Type: strconv.Itoa(r.IntN(4)),
				Province: []string{"", "KH-12", "AF-HER"}[r.IntN(3)], Sheet: []string{"", "S"}[r.IntN(2)],
				Reason: outcomes.EndReason(r.IntN(4)), InSchool: outcomes.Answer(r.IntN(3) - 1), Retrafficked: outcomes.Retrafficking(r.IntN(3)),
				Stage: outcomes.Stage(r.IntN(5)), Disposition: outcomes.Disposition(r.IntN(5)), Implemented: outcomes.Answer(r.IntN(3)),
				Line: r.IntN(1 << 30)}
			for range 1 + r.IntN(4) { // a case's events often come together
				k := key{src, id}
				ci := caseRef{si, p.caseOf(ingest.FoldCaseID(id), in)} // as readEvents stores it
				if old, ok := cases[k]; ok && old != ci {
					t.Fatalf("case %v found as %v, was %v", k, ci, old)
				}
				cases[k] = ci
				p.add(ci.ci, &e)
				want[k] = append(want[k], e)
				e.Line++
			}
		}
	}
	for k, evs := range want {
		ci := cases[k]
		var got []ingest.Event
		s.parts[ci.part].each(ci.ci, func(e *ingest.Event, sheet uint16) {
			if s.names[sheet] != e.Sheet {
				t.Fatalf("sheet index %d is not %q", sheet, e.Sheet)
			}
			got = append(got, *e)
		})
		if !reflect.DeepEqual(got, evs) {
			t.Fatalf("case %v: events differ (%d, want %d)", k, len(got), len(evs))
		}
		for _, own := range srcs {
			found := s.lookup(nil, own, "B", k.id)
			var exp []caseRef
			for _, src := range []string{own, "B", ""} {
				if ci, ok := cases[key{src, k.id}]; ok {
					exp = append(exp, ci)
				}
			}
			if !reflect.DeepEqual(found, exp) {
				t.Fatalf("lookup(%q, B, %q) = %v, want %v", own, k.id, found, exp)
			}
		}
	}
	n := 0
	for _, p := range s.parts {
		n += int(p.cases.n)
	}
	if n != len(want) {
		t.Errorf("%d cases, want %d", n, len(want))
	}
	if got := s.lookup(nil, "C", "D", "1"); len(got) != 1 || got[0] != cases[key{"", "1"}] {
		t.Errorf("unknown sources: found %v", got)
	}
}

// TestEventStoreReleasesEarly: a source's events freed once no case input left can look it
// up are quarantined as at the end (same rows, same order), and a lookup of a freed source
// is an error, never a case without events.
func TestEventStoreReleasesEarly(t *testing.T) {
	build := func() *eventStore {
		s := newEventStore(time.Time{})
		for in, src := range []string{"B", "A", ""} {
			s.inputUsed = append(s.inputUsed, false)
			s.unknownN = append(s.unknownN, 0)
			s.dupN, s.ambiguous, s.reusedN = append(s.dupN, 0), append(s.ambiguous, 0), append(s.reusedN, 0)
			s.refused = append(s.refused, map[int]bool{rowKey(s.name(""), 3): true})
			s.inputs = append(s.inputs, release.EventInput{Path: src + ".csv", Rows: 40})
			p := s.parts[s.source(src)]
			for line := range 40 {
				e := ingest.Event{Kind: ingest.Placement, Date: time.Date(2024, 1, line+1, 0, 0, 0, 0, time.UTC), Line: line}
				p.add(p.caseOf(strconv.Itoa(39-line/2), int32(in)), &e)
			}
		}
		for _, cr := range s.lookup(nil, "9", "A", "30") { // matched as patch does: in A and in ""
			s.parts[cr.part].cases.at(cr.ci).matched = true
		}
		return s
	}
	early, late := build(), build()
	early.keepOnly(map[string]bool{"": true, "B": true})
	if p := early.parts[early.srcIdx["A"]]; !p.released || p.data != nil || p.table != nil {
		t.Fatalf("A is not freed: %+v", p)
	}
	if early.err != nil {
		t.Fatal(early.err)
	}
	if got := early.lookup(nil, "9", "B", "30"); len(got) != 2 {
		t.Errorf("B and none: found %v", got)
	}
	var m1, m2 release.Manifest
	early.finish(&m1)
	late.finish(&m2)
	if !reflect.DeepEqual(early.rejected, late.rejected) || !reflect.DeepEqual(m1, m2) {
		t.Errorf("released early:\n%+v\n%+v\nat the end:\n%+v\n%+v", early.rejected, m1, late.rejected, m2)
	}
	if len(late.rejected) != 3*(40-1)-2*2 { // all but the refused line and case 30's events in A and in ""
		t.Errorf("%d rows quarantined", len(late.rejected))
	}
	s := build()
	s.keepOnly(map[string]bool{"": true})
	s.lookup(nil, "9", "A", "30")
	if s.err == nil {
		t.Error("a freed source was looked up without an error")
	}
}
