package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// farColumnWorkbook is a workbook of rows data rows, each with a stray one-space cell in the
// last column (XFD): excelize pads such a row to 16,384 strings.
func farColumnWorkbook(rows int) []byte { return farWorkbook(rows, "", "") }

// farWorkbook is farColumnWorkbook with, when header is set, the header's cell in XFD1 (a named
// column far right), and, when notes is set, a second sheet of that name whose rows have no
// header and a cell in XFC and one in XFD each.
func farWorkbook(rows int, header, notes string) []byte {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age"})
	if notes != "" {
		f.NewSheet(notes)
		f.SetCellValue(notes, "A1", "x")
	}
	sheets := map[string]func(io.Writer){
		"xl/worksheets/sheet1.xml": func(w io.Writer) {
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			far := ""
			if header != "" {
				far = `<c r="XFD1" t="inlineStr"><is><t>` + header + `</t></is></c>`
			}
			fmt.Fprint(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c><c r="B1" t="inlineStr"><is><t>gender</t></is></c><c r="C1" t="inlineStr"><is><t>age</t></is></c>`+far+`</row>`)
			for i := 2; i <= rows+1; i++ {
				v := " "
				if header != "" {
					v = "NP"
				}
				fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>C%d</t></is></c><c r="B%d" t="inlineStr"><is><t>female</t></is></c><c r="C%d"><v>30</v></c><c r="XFD%d" t="inlineStr"><is><t>%s</t></is></c></row>`, i, i, i, i, i, i, v)
			}
			fmt.Fprint(w, `</sheetData></worksheet>`)
		},
	}
	if notes != "" {
		sheets["xl/worksheets/sheet2.xml"] = func(w io.Writer) {
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			for i := 1; i <= rows; i++ {
				fmt.Fprintf(w, `<row r="%d"><c r="XFC%d"><v>1</v></c><c r="XFD%d" t="inlineStr"><is><t>note</t></is></c></row>`, i, i, i)
			}
			fmt.Fprint(w, `</sheetData></worksheet>`)
		}
	}
	return withSheets(f, sheets)
}

// withSheets writes f and replaces the zip parts named in sheets (e.g. xl/worksheets/sheet1.xml)
// by what their functions write: sheets excelize would not write itself, such as cells in XFD.
func withSheets(f *excelize.File, sheets map[string]func(io.Writer)) []byte {
	var tpl bytes.Buffer
	f.WriteTo(&tpl)
	zr, _ := zip.NewReader(bytes.NewReader(tpl.Bytes()), int64(tpl.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		if write, ok := sheets[zf.Name]; ok {
			write(w)
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
	trimmed, ok := trimFarCells(data, map[string]cellPlan{"Sheet1": {keep: 3}})
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

// TestXLSXFarNamedColumnAndHeaderlessSheet: a named column in XFD is moved next to the near
// columns and read (its values where they belong), and a sheet with no header whose rows hold
// cells in XFC and XFD has them moved too and is counted as skipped with every row: neither
// is padded to 16,384 columns.
func TestXLSXFarNamedColumnAndHeaderlessSheet(t *testing.T) {
	data := farWorkbook(300, "country_of_exploitation", "Notes")
	plans := map[string]cellPlan{}
	pl, ok := planCells(16384, append(make([]string, 16383), "country_of_exploitation"), nil, nil)
	if !ok || pl.keep != nearColumns || pl.far[16384] != nearColumns+1 {
		t.Fatalf("plan %+v", pl)
	}
	plans["Sheet1"] = pl
	plans["Notes"], _ = planCells(0, nil, nil, nil)
	trimmed, ok := trimFarCells(data, plans)
	if !ok {
		t.Fatal("no cell moved")
	}
	tz, _ := zip.NewReader(bytes.NewReader(trimmed), int64(len(trimmed)))
	for _, zf := range tz.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch zf.Name {
		case "xl/worksheets/sheet1.xml":
			if bytes.Contains(b, []byte(`r="XFD`)) || !bytes.Contains(b, []byte(`<c r="AMK5" t="inlineStr"><is><t>NP</t></is></c>`)) {
				t.Errorf("sheet 1 after moving:\n%.600s", b)
			}
		case "xl/worksheets/sheet2.xml":
			if !bytes.Contains(b, []byte(`<row r="7"><c r="AMK7"><v>1</v></c><c r="AML7" t="inlineStr">`)) {
				t.Errorf("sheet 2 after moving:\n%.600s", b)
			}
		}
	}
	// A merged range or a positional column far right: cells are only trimmed, not moved.
	if pl, ok := planCells(16384, nil, []mergeRange{{c1: 2000, r1: 1, c2: 2001, r2: 1}}, nil); !ok || pl.keep != 16384 || pl.far != nil {
		t.Errorf("with a far merge: %+v", pl)
	}
	if _, ok := planCells(0, nil, nil, &Mapping{Columns: map[string]string{"#2000": "gender"}}); ok {
		t.Error("a headerless sheet with a far positional column is moved")
	}

	r := NewReader("x.xlsx", bytes.NewReader(data))
	r.Now = testNow
	n, nepal := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows(rec) {
			if row["country_of_exploitation"] == "NP" {
				nepal++
			}
		}
		n += int(rec.NumRows())
		rec.Release()
	}
	if n != 300 || nepal != 300 {
		t.Errorf("read %d rows, %d with the far column's country; want 300 and 300", n, nepal)
	}
	if sk := r.SkippedSheets(); len(sk) != 1 || sk[0].Sheet != "Notes" || sk[0].Rows != 300 {
		t.Errorf("skipped sheets %+v, want Notes with 300 rows", sk)
	}
}

// BenchmarkXLSXFarNamedColumn reads 100,000 rows with a named column in XFD and a headerless
// sheet of 100,000 rows with cells in XFC and XFD: 12 s on the 2-core machine; before the far
// cells were moved, 24 s and 8.6 s for 20,000 rows of each (cost grew with the column index).
func BenchmarkXLSXFarNamedColumn(b *testing.B) {
	data := farWorkbook(100000, "country_of_exploitation", "Notes")
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

// eventsWorkbook is an events workbook (case_id, event, date) of rows rows, each with a stray
// cell in XFD.
func eventsWorkbook(rows int) []byte {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "event", "date"})
	return withSheets(f, map[string]func(io.Writer){"xl/worksheets/sheet1.xml": func(w io.Writer) {
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		fmt.Fprint(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c><c r="B1" t="inlineStr"><is><t>event</t></is></c><c r="C1" t="inlineStr"><is><t>date</t></is></c></row>`)
		for i := 2; i <= rows+1; i++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>E-%d</t></is></c><c r="B%d" t="inlineStr"><is><t>followup</t></is></c><c r="C%d" t="inlineStr"><is><t>2024-03-01</t></is></c><c r="XFD%d" t="inlineStr"><is><t> </t></is></c></row>`, i, i, i, i, i, i)
		}
		fmt.Fprint(w, `</sheetData></worksheet>`)
	}})
}

// TestEventsXLSXInMemoryAndTrimmed: an events workbook whose sheet inflates past excelize's
// 16 MiB default is read in memory (excelize would write it to a temporary file: identifiable
// data on disk), and its stray cells in XFD are removed before its rows are read.
func TestEventsXLSXInMemoryAndTrimmed(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	const rows = 160000 // about 26 MiB of sheet XML
	r := NewEventReader("events.xlsx", bytes.NewReader(eventsWorkbook(rows)))
	r.Now = testNow
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != rows || r.Rows() != rows {
		t.Errorf("%d events of %d rows, want %d", n, r.Rows(), rows)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files written while reading a workbook: %d", len(left))
	}
}
