package ingest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestEventsWorkbookSheets: every sheet of an events workbook whose first row is a header of
// events is read, in order, its events and refusals naming their sheet (rows restart on each);
// the others with a value are reported with their non-blank rows and why (never ignored
// unseen): a sheet of notes, a sheet named after a child (by its number); blank sheets are
// not. A sheet the mapping names is read alone.
func TestEventsWorkbookSheets(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Notes")
	x.SetSheetRow("Notes", "A1", &[]any{"exported by", "the database"})
	x.SetSheetRow("Notes", "A3", &[]any{"rows", 12})
	for _, s := range []string{"Placements", "Followups", "Asha Rahimi", "Empty"} {
		x.NewSheet(s)
	}
	x.SetSheetRow("Placements", "A1", &[]any{"case_id", "event", "date", "end_date"})
	x.SetSheetRow("Followups", "A1", &[]any{"case_id", "event", "date"})
	for i := range 5 {
		x.SetSheetRow("Placements", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("C-%d", i), "placement", "2024-01-15", "2024-06-15"})
		x.SetSheetRow("Followups", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("C-%d", i), "followup", "2025-01-10"})
	}
	x.SetSheetRow("Followups", "A7", &[]any{"C-9", "followup", "2025-13-45"}) // refused: Followups!7
	x.SetSheetRow("Asha Rahimi", "A1", &[]any{"case_id", "visit notes"})
	x.SetSheetRow("Asha Rahimi", "A2", &[]any{"C-1", "doing well"})
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	read := func(m *Mapping) (int, []Event, []SkippedSheet, []Rejection) {
		r := NewEventReader("events.xlsx", bytes.NewReader(buf.Bytes()))
		r.Mapping, r.Now = m, testNow
		var evs []Event
		for {
			e, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			evs = append(evs, e)
		}
		return r.Rows(), evs, r.SkippedSheets(), r.Rejected()
	}
	rows, evs, sk, rej := read(nil)
	var got []string
	for _, e := range evs {
		got = append(got, fmt.Sprintf("%s!%d %s %s", e.Sheet, e.Line, e.Kind, e.CaseID))
	}
	want := []string{"Placements!2 placement C-0", "Placements!3 placement C-1", "Placements!4 placement C-2", "Placements!5 placement C-3", "Placements!6 placement C-4",
		"Followups!2 followup C-0", "Followups!3 followup C-1", "Followups!4 followup C-2", "Followups!5 followup C-3", "Followups!6 followup C-4"}
	if rows != 11 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("read %d rows, events\n%v\nwant 11 rows and\n%v", rows, got, want)
	}
	if len(rej) != 1 || rej[0].Position() != "Followups!7" || rej[0].Field != "followup.date" {
		t.Errorf("refused %+v, want the follow-up of Followups!7", rej)
	}
	wantSk := fmt.Sprint([]SkippedSheet{
		{Sheet: "Notes", Rows: 2, Reason: "no events columns (event, placement_1_start, followup_1_date, ...) with a case number in its first row"},
		{Sheet: "sheet 4", Rows: 2, Reason: "no events columns (event, placement_1_start, followup_1_date, ...) with a case number in its first row"},
	})
	if fmt.Sprint(sk) != wantSk {
		t.Errorf("skipped sheets:\n%v\nwant\n%s", sk, wantSk)
	}
	rows, evs, sk, _ = read(&Mapping{Sheet: "Followups"})
	if rows != 6 || len(evs) != 5 || evs[0].Kind != FollowUp || evs[0].Sheet != "" || len(sk) != 0 {
		t.Errorf("sheet: Followups: %d rows, %d events, skipped %v: want its 6 rows, 5 follow-ups alone", rows, len(evs), sk)
	}
}
