package pipeline

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
)

// TestSummariserReused: one summariser reused case after case (as patch does) gives every
// case what a fresh summarise gives, its outcome copied before the next case is summarised
// (as Collector.SetOutcome copies it); cases with many placements, follow-ups, legal cases
// and services follow cases with few, so a reused slice that kept a value would show.
func TestSummariserReused(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	extracted := testDay(1500)
	var sum summariser
	cases, errs := 0, 0
	for c := 0; c < 3000; c++ {
		evs := randomEvents(r)
		identified := time.Time{}
		if r.IntN(4) > 0 {
			identified = testDay(r.IntN(1400))
		}
		wd, wco, werr := summarise(slices.Clone(evs), extracted, identified)
		gd, gco, gerr := sum.summarise(evs, extracted, identified)
		gco = copyOutcome(gco)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(gd, wd) || !reflect.DeepEqual(gco, copyOutcome(wco)) {
			t.Fatalf("case %d: reused summariser gives %+v %+v %v, a fresh one %+v %+v %v", c, gd, gco, gerr, wd, wco, werr)
		}
		if werr != nil {
			errs++
		} else if len(gco.Stays) > 0 {
			cases++
		}
	}
	if cases < 1000 || errs == 0 {
		t.Fatalf("too few cases to test: %d with stays, %d refused", cases, errs)
	}
}

// copyOutcome copies o's slices (nil when empty, so that a fresh and a reused outcome compare).
func copyOutcome(o anonymize.CaseOutcome) anonymize.CaseOutcome {
	cl := func(n int) bool { return n == 0 }
	if o.Stays = slices.Clone(o.Stays); cl(len(o.Stays)) {
		o.Stays = nil
	}
	if o.StayProvinces = slices.Clone(o.StayProvinces); cl(len(o.StayProvinces)) {
		o.StayProvinces = nil
	}
	if o.Legal = slices.Clone(o.Legal); cl(len(o.Legal)) {
		o.Legal = nil
	}
	if o.LegalYear = slices.Clone(o.LegalYear); cl(len(o.LegalYear)) {
		o.LegalYear = nil
	}
	if o.Services = slices.Clone(o.Services); cl(len(o.Services)) {
		o.Services = nil
	}
	return o
}

func testDay(d int) time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

// randomEvents returns the events of a case: up to 11 of every kind, with their fields.
func randomEvents(r *rand.Rand) []ingest.Event {
	var evs []ingest.Event
	for range r.IntN(12) {
		e := ingest.Event{Kind: ingest.EventKind(1 + r.IntN(5)), Date: testDay(r.IntN(1400)), Line: r.IntN(1000)}
		switch e.Kind {
		case ingest.Placement:
			e.Type = []string{"", "residential_care", "foster_care"}[r.IntN(3)]
			e.Province = []string{"", "IN-WB", "KH-12"}[r.IntN(3)]
			if r.IntN(3) > 0 {
				e.End = e.Date.AddDate(0, 0, r.IntN(300))
			}
			e.Reason = outcomes.EndReason(r.IntN(4))
		case ingest.FollowUp:
			e.InSchool, e.Retrafficked = outcomes.Answer(r.IntN(3)), outcomes.Retrafficking(r.IntN(3))
		case ingest.Closure:
			e.Reason = outcomes.EndReason(r.IntN(4))
		case ingest.Legal:
			e.Stage, e.Disposition = outcomes.Stage(r.IntN(3)), outcomes.Disposition(r.IntN(3))
		case ingest.Service:
			e.Type, e.Implemented = []string{"", "medical", "legal_aid"}[r.IntN(3)], outcomes.Answer(r.IntN(3))
		}
		evs = append(evs, e)
	}
	return evs
}

// BenchmarkSummarise: 3,000 cases' events summarised, each with a fresh summarise and with
// one summariser reused (as patch does on the collecting goroutine).
func BenchmarkSummarise(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 5))
	var cases [][]ingest.Event
	for range 3000 {
		cases = append(cases, randomEvents(r))
	}
	extracted, identified := testDay(1500), testDay(10)
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			for _, evs := range cases {
				summarise(evs, extracted, identified)
			}
		}
	})
	b.Run("reused", func(b *testing.B) {
		var sum summariser
		for b.Loop() {
			for _, evs := range cases {
				sum.summarise(evs, extracted, identified)
			}
		}
	})
}
