package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestSecondReintegrationOneObservation decides the outcomes' "Left" (one observation per
// case): a child reintegrated, back in care, reintegrated again and then found re-trafficked
// is followed from the first reintegration only. The confirmed curve censors the child at the
// return, the composite counts the return as its event (earlier than the re-trafficking: an
// upper bound still), and a notice counts such children. A clock per reintegration would count
// reintegrations, not people: the threshold's and the privacy budget's unit is the person
// (docs/outcomes.md, outc session y). With such a clock this test's confirmed curve would
// show 20 events.
func TestSecondReintegrationOneObservation(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,event,date,end_date,type,province,reason,in_school,retrafficked\n")
	for i := range 40 {
		fmt.Fprintf(&b, "C%d,placement,2024-03-05,2024-06-05,residential_care,AF-HER,reintegrated,,\n", i)
		fmt.Fprintf(&b, "C%d,followup,2024-08-05,,,,,yes,no\n", i)
		if i < 20 {
			// Back in care, home again, re-trafficking confirmed at the next visit.
			fmt.Fprintf(&b, "C%d,placement,2024-11-05,2024-12-05,residential_care,AF-HER,reintegrated,,\n", i)
			fmt.Fprintf(&b, "C%d,followup,2025-02-05,,,,,no,yes\n", i)
		} else {
			fmt.Fprintf(&b, "C%d,followup,2025-02-05,,,,,yes,no\n", i)
		}
	}
	m, out := runOutcomeCase(t, b.String(), "2025-06-01")
	wantRows(t, out, "re-trafficking", "all routes,3 months,40,,0,", "all routes,6 months,20,,0,")
	wantRows(t, out, "re-trafficking-or-return", "all routes,6 months,20,,20,")
	if !hasNotice(m, "20 case record(s) have a re-trafficking confirmed at a visit home after a return to care and a later reintegration") {
		t.Errorf("no notice of the re-trafficking after a second reintegration: %q", m.Notices)
	}
}
