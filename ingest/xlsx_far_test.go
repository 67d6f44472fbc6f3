package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// farColumnWorkbook is a workbook of rows data rows, each with a stray one-space cell in the
// last column (XFD): excelize pads such a row to 16,384 strings.
func farColumnWorkbook(rows int) []byte {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age"})
	var tpl bytes.Buffer
	f.WriteTo(&tpl)
	zr, _ := zip.NewReader(bytes.NewReader(tpl.Bytes()), int64(tpl.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		if zf.Name == "xl/worksheets/sheet1.xml" {
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			fmt.Fprint(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c><c r="B1" t="inlineStr"><is><t>gender</t></is></c><c r="C1" t="inlineStr"><is><t>age</t></is></c></row>`)
			for i := 2; i <= rows+1; i++ {
				fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>C%d</t></is></c><c r="B%d" t="inlineStr"><is><t>female</t></is></c><c r="C%d"><v>30</v></c><c r="XFD%d" t="inlineStr"><is><t> </t></is></c></row>`, i, i, i, i, i, i)
			}
			fmt.Fprint(w, `</sheetData></worksheet>`)
			continue
		}
		rc, _ := zf.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	zw.Close()
	return out.Bytes()
}

// TestXLSXFarColumn: cells right of the header are removed from the sheet before its rows are
// read (so a row costs the cells it has, not its last column's index), and the rows read are
// the same.
func TestXLSXFarColumn(t *testing.T) {
	data := farColumnWorkbook(500)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	trimmed, ok := trimFarCells(data, map[string]int{"Sheet1": 3})
	if !ok {
		t.Fatal("no cell was removed")
	}
	tz, _ := zip.NewReader(bytes.NewReader(trimmed), int64(len(trimmed)))
	if len(tz.File) != len(zr.File) {
		t.Fatalf("parts %d, want %d", len(tz.File), len(zr.File))
	}
	for _, zf := range tz.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("XFD")) || !bytes.Contains(b, []byte(`<c r="C501"><v>30</v></c>`)) {
			t.Errorf("sheet after trimming:\n%.400s", b)
		}
	}
	r := NewReader("x.xlsx", bytes.NewReader(data))
	r.Now = testNow
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n += int(rec.NumRows())
		rec.Release()
	}
	if n != 500 || r.Rows() != 500 {
		t.Errorf("read %d valid of %d rows, want 500", n, r.Rows())
	}
}

// BenchmarkXLSXFarColumn reads 100,000 rows with a stray cell in column XFD (53 s before the
// far cells were trimmed, about 1.5 s after).
func BenchmarkXLSXFarColumn(b *testing.B) {
	data := farColumnWorkbook(100000)
	for b.Loop() {
		r := NewReader("x.xlsx", bytes.NewReader(data))
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rec.Release()
		}
	}
}
