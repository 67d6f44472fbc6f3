package pipeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
)

// TestTooManyRefused: max_bad_share applies to an events export's rows and to each kind of
// event apart (attack-2026-12-01 finding 8: 46% of the placements refused were 7% of the rows).
func TestTooManyRefused(t *testing.T) {
	rej := func(n int, field, column string) []ingest.Rejection {
		r := make([]ingest.Rejection, n)
		for i := range r {
			r[i] = ingest.Rejection{File: "ev.csv", Line: i + 2, Column: column, Field: field, Reason: "not in the vocabulary"}
		}
		return r
	}
	var kinds [ingest.Legal + 1]int
	kinds[ingest.Placement], kinds[ingest.Service], kinds[ingest.FollowUp] = 60, 500, 300
	for _, c := range []struct {
		name      string
		rows, bad int
		rej       []ingest.Rejection
		share     float64
		want      string // "" passes
	}{
		{"few placements", 900, 6, rej(6, "placement.reason", "end_reason"), 0.1, ""},
		{"placements over", 900, 40, rej(40, "placement.reason", "end_reason"), 0.1,
			"ev.csv: 40 of its 100 placement events (40%) refused, more than max_bad_share 0.1 (4% of all its rows): the care, stays, exits, reintegration, occupancy figures would rest on the other 60: 40 × ev.csv column \"end_reason\" (field placement.reason)"},
		{"placements under a higher limit", 900, 40, rej(40, "placement.reason", "end_reason"), 0.5, ""},
		{"follow-ups over", 900, 40, rej(40, "followup.in_school", "in_school"), 0.1, "40 of its 340 followup events (12%)"},
		{"the rows over (no kind)", 900, 100, rej(100, "event", "event"), 0.1, "ev.csv: 100 of 900 rows of events (11%) refused, more than max_bad_share 0.1"},
		{"no limit", 900, 100, rej(100, "event", "event"), 1, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := tooManyRefused("ev.csv", c.rows, c.bad, kinds, c.rej, c.share)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ingest.ErrTooManyBad) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrTooManyBad containing %q", err, c.want)
			}
		})
	}
}
