package pipeline

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
)

// TestCompact (issue-14-speed18 item 2): a part whose cases' events came in several runs (an
// export of placements, then one of visits) holds each case's events in one run after compact,
// and gives every case the same events, in the same order, as before; compact changes nothing
// when each case's events are one run already.
func TestCompact(t *testing.T) {
	s := newEventStore(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	s.inputUsed = []bool{false}
	p := s.parts[s.source("A")]
	r := rand.New(rand.NewPCG(7, 9))
	const n = 3000
	for i := range 4 * n { // a case's events in up to four runs, between other cases'
		ci := p.caseOf(fmt.Sprintf("A%05d", r.IntN(n)), 0)
		e := ingest.Event{Kind: ingest.EventKind(r.IntN(int(ingest.Legal) + 1)), Line: i + 2, Sheet: []string{"", "s2"}[r.IntN(2)],
			Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(2000)), Type: []string{"", "residential_care"}[r.IntN(2)],
			Province: []string{"", "AF-HER"}[r.IntN(2)], Reason: outcomes.EndReason(r.IntN(3)), LegalKeys: [2]uint64{r.Uint64(), 0}}
		if r.IntN(2) == 0 {
			e.End = e.Date.AddDate(0, 0, r.IntN(300)).Add(time.Duration(r.IntN(2)) * 1500 * time.Millisecond) // some not whole seconds
		}
		p.open = -1 // each event a run of its own, as an export whose rows are not by case
		for k := 0; k < 1+r.IntN(3); k++ {
			p.add(ci, &e)
			e.Line++
		}
	}
	events := func() [][]ingest.Event {
		out := make([][]ingest.Event, p.cases.n)
		for ci := range p.cases.n {
			p.each(ci, func(e *ingest.Event, _ uint16) { out[ci] = append(out[ci], *e) })
		}
		return out
	}
	before, segs := events(), p.segs.n
	p.compact()
	if p.segs.n != p.cases.n || segs <= p.cases.n {
		t.Fatalf("%d runs of events for %d cases after compact (%d before)", p.segs.n, p.cases.n, segs)
	}
	if after := events(); !reflect.DeepEqual(before, after) {
		t.Fatal("the cases' events differ after compact")
	}
	for ci := range p.cases.n { // the runs in the cases' order
		if ci > 0 && p.cases.at(ci).head != p.cases.at(ci-1).head+1 {
			t.Fatalf("case %d's run is %d, after %d", ci, p.cases.at(ci).head, p.cases.at(ci-1).head)
		}
	}
	data := len(p.data)
	p.compact()
	if after := events(); !reflect.DeepEqual(before, after) || len(p.data) != data {
		t.Fatal("a second compact changed the events")
	}
}
