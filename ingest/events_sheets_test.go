package ingest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestEventsWorkbookSheets: an events workbook's sheets other than the one read are reported
// with their non-blank rows and why (never ignored unseen): a sheet of notes, a second sheet
// of events, a sheet named after a child (by its number); blank sheets are not. The sheet of
// events is found when it is not the first; a sheet the mapping names is read alone.
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
	x.SetSheetRow("Asha Rahimi", "A1", &[]any{"case_id", "visit notes"})
	x.SetSheetRow("Asha Rahimi", "A2", &[]any{"C-1", "doing well"})
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	read := func(m *Mapping) (int, []Event, []SkippedSheet) {
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
		return r.Rows(), evs, r.SkippedSheets()
	}
	rows, evs, sk := read(nil)
	if rows != 5 || len(evs) != 5 || evs[0].Kind != Placement {
		t.Errorf("read %d rows, %d events (%v): want the 5 placements of the first sheet of events", rows, len(evs), evs)
	}
	want := fmt.Sprint([]SkippedSheet{
		{Sheet: "Notes", Rows: 2, Reason: "no events columns (event, placement_1_start, followup_1_date, ...) with a case number in its first row"},
		{Sheet: "Followups", Rows: 6, Reason: "one sheet of events is read a workbook (the first): choose this one with sheet:, or export it as its own file"},
		{Sheet: "sheet 4", Rows: 2, Reason: "no events columns (event, placement_1_start, followup_1_date, ...) with a case number in its first row"},
	})
	if fmt.Sprint(sk) != want {
		t.Errorf("skipped sheets:\n%v\nwant\n%s", sk, want)
	}
	rows, evs, sk = read(&Mapping{Sheet: "Followups"})
	if rows != 5 || len(evs) != 5 || evs[0].Kind != FollowUp || len(sk) != 0 {
		t.Errorf("sheet: Followups: %d rows, %d events, skipped %v: want its 5 follow-ups alone", rows, len(evs), sk)
	}
}
