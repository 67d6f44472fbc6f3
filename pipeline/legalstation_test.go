package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestLegalStationsApart (linkage-merge11's trade-off, with outc's outcomes.MergeLegal): a
// police station's name written on some rows of one FIR and not on others is one legal case
// (attack-2026-12-02g low 7: "Bowbazar PS FIR n/2023" beside "FIR n/2023" made 60 cases of
// 30), while the same FIR number and year at two named stations, in one child's record, are
// two reports (FIR numbers run per station and year): they merged since session v. One
// station written two ways ("Bow Bazar PS", "Bowbazar Police Stn") is one.
func TestLegalStationsApart(t *testing.T) {
	const header = "case_id,event,date,stage,disposition,fir_number\n"
	var b strings.Builder
	b.WriteString(header)
	for i := range 40 {
		fmt.Fprintf(&b, "C%d,legal,2024-04-01,complaint,pending,FIR %d/2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-09-01,trial,pending,Bowbazar PS FIR %d/2024\n", i, 100+i)
	}
	_, out := runOutcomeCase(t, b.String(), "2025-01-01")
	wantRows(t, out, "justice-funnel", "2024,complaint,40,", "2024,trial,40,", "2024,pending,40,")

	b.Reset()
	b.WriteString(header)
	for i := range 40 {
		fmt.Fprintf(&b, "C%d,legal,2024-04-01,complaint,pending,Bowbazar PS FIR %d/2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-05-01,complaint,pending,FIR %d/2024 Kotwali P.S.\n", i, 100+i)
	}
	_, out = runOutcomeCase(t, b.String(), "2025-01-01")
	wantRows(t, out, "justice-funnel", "2024,complaint,80,", "2024,pending,80,")

	// One station written two ways on one child's rows (attack-2026-12-03c finding 9's low):
	// its name in two words or one, "Police Stn" for PS: one legal case (two on main, which
	// halved the funnel's later stages).
	b.Reset()
	b.WriteString(header)
	for i := range 40 {
		fmt.Fprintf(&b, "C%d,legal,2024-04-01,complaint,pending,Bow Bazar PS FIR %d/2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-09-01,trial,pending,FIR No. %d/2024 Bowbazar Police Stn\n", i, 100+i)
	}
	_, out = runOutcomeCase(t, b.String(), "2025-01-01")
	wantRows(t, out, "justice-funnel", "2024,complaint,40,", "2024,trial,40,", "2024,pending,40,")
}

// TestLegalNumberSpellingsOneCase (attack-2026-12-03b's low): one child's complaint, trial and
// judgment rows whose FIR number is written with the date filed instead of the year, with the
// station's name unmarked, and in Bengali digits, are one legal case (they counted two or three).
func TestLegalNumberSpellingsOneCase(t *testing.T) {
	bengali := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '০' + r - '0'
			}
			return r
		}, s)
	}
	var b strings.Builder
	b.WriteString("case_id,event,date,stage,disposition,fir_number\n")
	for i := range 40 {
		fmt.Fprintf(&b, "C%d,legal,2024-04-01,complaint,pending,FIR No. %d dt. 05.01.2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-09-01,trial,pending,Bowbazar-%d/2024\n", i, 100+i)
		fmt.Fprintf(&b, "C%d,legal,2024-11-01,trial,pending,%s\n", i, bengali(fmt.Sprintf("FIR %d/2024", 100+i)))
	}
	_, out := runOutcomeCase(t, b.String(), "2025-01-01")
	wantRows(t, out, "justice-funnel", "2024,complaint,40,", "2024,trial,40,", "2024,pending,40,")
}
