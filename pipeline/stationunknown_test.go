package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestStationUnknownNoticed: a number at two stations is two police reports, and a row of it
// naming no station is counted as a legal case of its own (outcomes.StationUnknown); session w
// left that without a notice. 20 boys: FIR 12/2024 at Bowbazar and at Howrah, and a trial row
// of "FIR 12/2024" naming neither: three legal cases each, and the notice counts the 20.
func TestStationUnknownNoticed(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,event,date,stage,disposition,fir_number\n")
	for i := range 20 {
		fmt.Fprintf(&b, "C%d,legal,2024-04-01,complaint,pending,Bowbazar PS FIR %d/2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-05-01,complaint,pending,Howrah PS FIR %d/2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-09-01,trial,pending,FIR %d/2024\n", i, 100+i)
	}
	m, out := runOutcomeCase(t, b.String(), "2025-01-01")
	wantRows(t, out, "justice-funnel", "2024,complaint,60,", "2024,trial,20,")
	if !hasNotice(m, "20 case record(s) have a legal case row naming no police station whose police report (FIR) or court case number other rows of the case give at two stations") {
		t.Errorf("no notice of the row naming no station: %q", m.Notices)
	}
}
