package pipeline

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
)

// TestOwnRoute (linkage-merge7's Left): with linkage (keep), patch keeps the referral route of
// the case rows without events, which mergeLinked gives a kept record without events of its
// own (its microdata's referral_route); a match's route comes first (events taken back keep
// their row's route); none without linkage.
func TestOwnRoute(t *testing.T) {
	for _, keep := range []bool{true, false} {
		s := newEventStore(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
		s.keep = keep
		r := ingest.NewReader("cases.csv", strings.NewReader("case_id,gender,referral_route\nA1,male,hotline\nA2,male,\n,male,police_operation\nA4,female,hotline\n"))
		r.Now, r.DefaultSource = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "A"
		rec, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Read(); err != io.EOF || len(r.Rejected()) > 0 {
			t.Fatalf("more than one record or rejected rows (%v): %v", err, r.Rejected())
		}
		out := s.patch(rec, 0, 10, nil, "", "")
		out.Release()
		rec.Release()
		route := func(row int32, km []eventMatch) string {
			if i := s.ownRoute(row, km); i > 0 {
				return s.routes[i-1]
			}
			return ""
		}
		want := []string{"hotline", "", "police_operation", "hotline", ""}
		if !keep {
			want = []string{"", "", "", "", ""}
		}
		for i, w := range want {
			if got := route(int32(10+i), nil); got != w {
				t.Errorf("keep %v: row %d's route %q, want %q", keep, 10+i, got, w)
			}
		}
		if keep {
			if got := route(11, []eventMatch{{row: 11, route: s.route("ngo")}}); got != "ngo" {
				t.Errorf("a match's route: %q, want ngo", got)
			}
		}
	}
}
