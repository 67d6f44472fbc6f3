package ingest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFormulaWithoutValue (attack-2026-12-01f, lows): a workbook written by a program
// (openpyxl, excelize) holds formulas without their values until a spreadsheet saves it; an
// age computed so was read as not recorded, unseen. The row is quarantined, naming why; a
// formula with its value, and the rows without formulas, are read.
func TestFormulaWithoutValue(t *testing.T) {
	rows := formulaRows([]byte(`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2"><f>2023-B2</f></c></row>`+
		`<row r="3"><c r="C3"><f>2023-B3</f><v>14</v></c></row><row r="4"><c r="C4"><f t="shared" si="0"/><v/></c></row>`+
		`<row r="5"><c r="C5"><f>2023-B5</f><v></v></c></row>`), nil)
	if fmt.Sprint(rows) != "map[2:true 4:true 5:true]" {
		t.Errorf("formula rows without a value: %v, want 2, 4 and 5", rows)
	}

	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "year_of_birth", "age", "registration_date"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"F-1", "female", 2008, nil, "2023-03-01"})
	if err := x.SetCellFormula("Sheet1", "D2", "2023-C2"); err != nil {
		t.Fatal(err)
	}
	x.SetSheetRow("Sheet1", "A3", &[]any{"F-2", "male", 2009, 14, "2023-03-02"})
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	r := NewReader("formula.xlsx", bytes.NewReader(buf.Bytes()))
	r.Now = testNow
	read := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		read += int(rec.NumRows())
		rec.Release()
	}
	rej := r.Rejected()
	if read != 1 || len(rej) != 1 || rej[0].Line != 2 || rej[0].Reason != errFormulaNoValue.Error() {
		t.Errorf("read %d rows, rejected %+v: want row 3 read, row 2 quarantined (a formula without value)", read, rej)
	}
}
