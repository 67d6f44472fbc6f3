package pipeline

import (
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
)

// TestOpenCopy: which open placement of one linked record is another record's closed
// placement (closeCopy, attack-2026-12-02d finding 2), and which is a stay of its own.
func TestOpenCopy(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	home := ingest.Event{Kind: ingest.Placement, Date: day(0), End: day(300), Type: "residential_care", Province: "AF-NAN", Reason: outcomes.Reintegrated}
	for _, tc := range []struct {
		name string
		open ingest.Event
		edit func(closed *ingest.Event)
		want bool
	}{
		{"a day after the admission", ingest.Event{Kind: ingest.Placement, Date: day(1), Province: "AF-NAN"}, nil, true},
		{"referred 10 days before", ingest.Event{Kind: ingest.Placement, Date: day(-10), Type: "residential_care", Province: "AF-NAN"}, nil, true},
		{"the same day, an end reason without an end", ingest.Event{Kind: ingest.Placement, Date: day(0), Province: "AF-NAN", Reason: outcomes.Absconded}, nil, true},
		{"20 days after", ingest.Event{Kind: ingest.Placement, Date: day(20), Province: "AF-NAN"}, nil, false},
		{"another province", ingest.Event{Kind: ingest.Placement, Date: day(1), Province: "AF-HER"}, nil, false},
		{"another type", ingest.Event{Kind: ingest.Placement, Date: day(1), Type: "foster_care", Province: "AF-NAN"}, nil, false},
		{"ended by a transfer", ingest.Event{Kind: ingest.Placement, Date: day(1), Province: "AF-NAN"},
			func(c *ingest.Event) { c.Reason = outcomes.Transferred }, false},
		{"nearer the other's end (a short stay, then the next home)", ingest.Event{Kind: ingest.Placement, Date: day(4), Province: "AF-NAN"},
			func(c *ingest.Event) { c.End = day(6) }, false},
		{"after the other's end", ingest.Event{Kind: ingest.Placement, Date: day(1), Province: "AF-NAN"},
			func(c *ingest.Event) { c.End = day(1) }, false},
		{"both closed", ingest.Event{Kind: ingest.Placement, Date: day(1), End: day(200), Province: "AF-NAN"}, nil, false},
		{"a service", ingest.Event{Kind: ingest.Service, Date: day(1), Province: "AF-NAN"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			closed := home
			if tc.edit != nil {
				tc.edit(&closed)
			}
			if got := openCopy(&tc.open, &closed); got != tc.want {
				t.Errorf("openCopy = %v, want %v", got, tc.want)
			}
			// Either record first: the closed one decides the end, the earlier start the start
			// (finding 6 of attack-2026-12-02f: a transit stay before the home's admission is
			// care); an open row whose start is the earlier gives a date, so its row is used.
			start, earlier := closed.Date, tc.open.Date.Before(closed.Date)
			if earlier {
				start = tc.open.Date
			}
			prev := []ingest.Event{tc.open}
			e := closed
			if merged, decides := closeCopy(prev, &e); merged != tc.want || decides != tc.want ||
				tc.want && (!prev[0].Date.Equal(start) || !prev[0].End.Equal(closed.End) || prev[0].Reason != closed.Reason) {
				t.Errorf("closed after the open: merged %v decides %v, %+v", merged, decides, prev[0])
			}
			prev = []ingest.Event{closed}
			o := tc.open
			if merged, decides := closeCopy(prev, &o); merged != tc.want || decides != (tc.want && earlier) || !prev[0].End.Equal(closed.End) ||
				tc.want && !prev[0].Date.Equal(start) {
				t.Errorf("open after the closed: merged %v decides %v, %+v", merged, decides, prev[0])
			}
		})
	}
}
