package ingest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestEventsWorkbookRules: the events reader keeps the case reader's workbook rules
// (attack-2026-12-01e finding 2): serials of a workbook in the 1904 date system count from
// 1904 (read from 1900 they were four years early), a hidden row is quarantined, never read,
// and a hidden sheet is skipped with its reason unless the config names it.
func TestEventsWorkbookRules(t *testing.T) {
	build := func(date1904 bool) []byte {
		x := excelize.NewFile()
		if date1904 {
			on := true
			if err := x.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
				t.Fatal(err)
			}
		}
		x.SetSheetName("Sheet1", "Placements")
		x.SetSheetRow("Placements", "A1", &[]any{"case_id", "event", "date", "end_date", "exit_reason"})
		// 2024-03-05 as the workbook's serial: 45356 from 1900, 43894 from 1904.
		serial := 45356
		if date1904 {
			serial -= 1462
		}
		for i := range 4 {
			x.SetSheetRow("Placements", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("C%d", i+1), "placement", serial})
		}
		x.SetSheetRow("Placements", "A6", &[]any{"C1", "placement", serial, serial + 30, "absconded"})
		x.SetRowVisible("Placements", 6, false)
		// A row of height 0 is hidden as surely (Excel shows neither).
		x.SetSheetRow("Placements", "A7", &[]any{"C2", "placement", serial, serial + 30, "absconded"})
		if err := x.SetRowHeight("Placements", 7, 0); err != nil {
			t.Fatal(err)
		}
		x.NewSheet("Old test")
		x.SetSheetRow("Old test", "A1", &[]any{"case_id", "event", "date", "end_date", "exit_reason"})
		x.SetSheetRow("Old test", "A2", &[]any{"C2", "placement", serial, serial + 10, "absconded"})
		x.SetSheetVisible("Old test", false)
		var buf bytes.Buffer
		if _, err := x.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprint("1904=", date1904), func(t *testing.T) {
			r := NewEventReader("events.xlsx", bytes.NewReader(build(date1904)))
			r.Now = testNow
			var got []string
			for {
				e, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%s %s %s %v", e.CaseID, e.Kind, e.Date.Format("2006-01-02"), e.End.IsZero()))
			}
			want := []string{"C1 placement 2024-03-05 true", "C2 placement 2024-03-05 true", "C3 placement 2024-03-05 true", "C4 placement 2024-03-05 true"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("events %q, want %q", got, want)
			}
			if rej := r.Rejected(); r.Rows() != 6 || len(rej) != 2 || rej[0].Line != 6 || rej[0].Reason != errHiddenRow.Error() ||
				rej[1].Line != 7 || rej[1].Reason != errHiddenRow.Error() {
				t.Errorf("rows %d, rejected %+v: want 6 rows, the hidden row 6 and the zero-height row 7 quarantined", r.Rows(), rej)
			}
			if sk := r.SkippedSheets(); len(sk) != 1 || sk[0].Sheet != "Old test" || sk[0].Rows != 2 {
				t.Errorf("skipped %+v, want the hidden sheet Old test (2 rows)", sk)
			}
		})
	}
}
