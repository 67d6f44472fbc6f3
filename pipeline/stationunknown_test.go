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

// TestStationsApartNoticed is attack-2026-12-03c's low: a child's complaint under "Burtolla PS
// FIR N/2023" and charge sheet under "Bowbazar PS FIR N/2023" are two legal cases by the
// stations' rule (FIR numbers run per station and year), so the funnel's charge sheets fell to
// half without a word; a station written two ways, or the charge sheet filed at the court's
// station, reads the same. The rule stays (link's); a notice counts the children.
func TestStationsApartNoticed(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,event,date,stage,disposition,fir_number\n")
	for i := range 40 {
		first := "Bowbazar PS"
		if i < 20 {
			first = "Burtolla PS"
		}
		fmt.Fprintf(&b, "C%d,legal,2023-04-01,complaint,pending,%s FIR %d/2023\n", i, first, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2023-08-01,charge sheet,pending,Bowbazar PS FIR %d/2023\n", i, 100+i)
	}
	m, out := runOutcomeCase(t, b.String(), "2025-01-01")
	wantRows(t, out, "justice-funnel", "2023,complaint,60,", "2023,charge sheet,40,")
	if !hasNotice(m, "20 case record(s) have legal case rows giving one police report (FIR) or court case number at two police stations") {
		t.Errorf("no notice of the number at two stations: %q", m.Notices)
	}
}
