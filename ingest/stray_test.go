package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/prevalence/prevalence/schema"
	"github.com/xuri/excelize/v2"
)

// testerCases builds the tester's export (docs/handover/attack-2026-11-30b.md, finding 3): a
// header and 400 rows, with the rows given in bad replaced (1-based row number: row n is on
// line n+1).
func testerCases(bad map[int]string) string {
	var b strings.Builder
	b.WriteString("case_id,full_name,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation\n")
	for i := 1; i <= 400; i++ {
		if r, ok := bad[i]; ok {
			b.WriteString(r + "\n")
			continue
		}
		fmt.Fprintf(&b, "C%d,Person Number%d,%s,%d,2021-0%d-1%d,AF,Herat,sexual exploitation\n",
			i, i, []string{"female", "male"}[i%2], []int{12, 14, 25}[i%3], 1+i%9, i%10)
	}
	return b.String()
}

// readCounts reads in as the pipeline does (identifiers it has no use for omitted, so that
// full_name maps onto a field that is not read) and returns the valid rows, the rows read and
// the quarantined ones.
func readCounts(t *testing.T, name, in string) (valid, rows int, rej []Rejection) {
	t.Helper()
	r := NewReader(name, strings.NewReader(in))
	r.Now = testNow
	r.Omit = []string{"full_name", "alias", "phone", "email", "address", "national_id", "caregiver_name", "caseworker", "narrative"}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		valid += int(rec.NumRows())
		rec.Release()
	}
	if r.Rows() != valid+len(r.Rejected()) {
		t.Fatalf("rows %d != valid %d + quarantined %d", r.Rows(), valid, len(r.Rejected()))
	}
	return valid, r.Rows(), r.Rejected()
}

// TestStrayQuoteAccountsEveryLine: the tester's two files. A quote opened in a name on row 100
// and closed by another name's stray quote on row 150 made one record of 51 lines, read as one
// valid row (350 of 400 rows read, nothing quarantined); a quote never closed on row 300 made
// one quarantined "row" of 101 lines. Now every line either quote covers is quarantined, each
// with the line where the quote opened and how many lines it covers, and the rows read are
// the file's 400 data lines, whatever the chunking.
func TestStrayQuoteAccountsEveryLine(t *testing.T) {
	swallow := testerCases(map[int]string{
		100: `C902,"Nick ""the boy,female,12,2021-01-01,AF,Herat,forced labour`,
		150: `C903,Someone",female,12,2021-01-01,AF,Herat,forced labour`,
	})
	unclosed := testerCases(map[int]string{300: `C902,"Broken quote row,female,12,2021-01-01,AF,Herat,forced labour`})
	for _, chunk := range []int{csvChunk, 64} {
		defer func(n int) { csvChunk = n }(csvChunk)
		csvChunk = chunk
		valid, rows, rej := readCounts(t, "cases3.csv", swallow)
		if rows != 400 || valid != 349 || len(rej) != 51 || rej[0].Line != 101 || rej[50].Line != 151 {
			t.Fatalf("chunk %d: a quote swallowing 50 rows: %d read, %d valid, %d quarantined (%v)", chunk, rows, valid, len(rej), rej[:min(len(rej), 2)])
		}
		want := "stray quote: a quoted value opens on line 101 and covers 51 lines, to line 151, and no value of full_name holds a line break"
		if rej[0].Reason != want || rej[0].Column != "full_name" || rej[50].Reason != want {
			t.Errorf("reason %+v, want %q", rej[0], want)
		}
		valid, rows, rej = readCounts(t, "cases2.csv", unclosed)
		if rows != 400 || valid != 299 || len(rej) != 101 || rej[0].Line != 301 || rej[100].Line != 401 {
			t.Fatalf("chunk %d: a quote never closed: %d read, %d valid, %d quarantined", chunk, rows, valid, len(rej))
		}
		if want := "malformed quoting: a quote opened on line 301 is never closed, so the 101 lines from there to the end of the file read as one value (a stray quote?)"; rej[0].Reason != want {
			t.Errorf("reason %q, want %q", rej[0].Reason, want)
		}
		if Remedy(rej[0]) == "" {
			t.Error("no remedy for a stray quote")
		}
	}
}

// TestQuotedFreeTextLines: a quoted note may hold line breaks, even many and with commas; one
// over maxQuotedLines lines, or holding lines that read as rows, is quarantined line by line.
func TestQuotedFreeTextLines(t *testing.T) {
	head := "case_id,gender,age,country_of_exploitation,notes\n"
	prose := strings.Repeat("She was moved twice, first to Herat, then to Kabul, where, in 2021, she was found,\n", maxQuotedLines-1)
	valid, rows, rej := readCounts(t, "notes.csv", head+"N1,female,12,AF,\""+prose+"end\"\nN2,male,14,AF,x\n")
	if valid != 2 || rows != 2 || len(rej) != 0 {
		t.Errorf("a note of %d lines of prose: %d valid of %d, %v", maxQuotedLines, valid, rows, rej)
	}
	valid, rows, rej = readCounts(t, "notes.csv", head+"N1,female,12,AF,\""+prose+"one more\nend\"\nN2,male,14,AF,x\n")
	if valid != 1 || rows != maxQuotedLines+2 || len(rej) != maxQuotedLines+1 || !strings.Contains(rej[0].Reason, "more than the 100 lines") {
		t.Errorf("a note of %d lines: %d valid of %d, %d quarantined", maxQuotedLines+1, valid, rows, len(rej))
	}
	// In an unmapped column, rows swallowed by a stray quote read as rows.
	head = "case_id,gender,age,country_of_exploitation,internal_remarks\n"
	valid, rows, rej = readCounts(t, "remarks.csv", head+"R1,female,12,AF,\"said \"\"x\nR2,male,14,AF,y\nR3,male,14,AF,z\"\nR4,male,14,AF,w\n")
	if valid != 1 || rows != 4 || len(rej) != 3 || !strings.Contains(rej[0].Reason, "read as rows of the file") || rej[0].Column != "internal_remarks" {
		t.Errorf("a stray quote in an unmapped column: %d valid of %d, %v", valid, rows, rej)
	}
}

// TestNoSwallowInWorkbooksAndJSON: the CSV's stray-quote class in the other formats. A
// workbook's cells are elements of their own, so a quote in a name is a character of that
// cell: every row is read. A JSON array whose exporter left a quote unescaped fails at that
// record, loudly; an NDJSON line that does so is quarantined, the lines after it read.
func TestNoSwallowInWorkbooksAndJSON(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "full_name", "gender", "age", "narrative"})
	for i := 1; i <= 10; i++ {
		name := fmt.Sprint("Person ", i)
		switch i {
		case 3:
			name = `"Nick "the boy`
		case 7:
			name = `Someone"`
		}
		f.SetSheetRow("Sheet1", fmt.Sprint("A", i+1), &[]any{fmt.Sprint("X", i), name, "female", 12, "line one\nC9,x,female,12,note"})
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if valid, rows, rej := readCounts(t, "quotes.xlsx", buf.String()); valid != 10 || rows != 10 || len(rej) != 0 {
		t.Errorf("workbook: %d valid of %d, %v", valid, rows, rej)
	}
	var arr, nd strings.Builder
	arr.WriteString("[")
	for i := 1; i <= 10; i++ {
		name := fmt.Sprint("Person ", i)
		if i == 3 {
			name = `Nick "the boy`
		}
		rec := fmt.Sprintf(`{"case_id": "J%d", "full_name": "%s", "gender": "female", "age": 12}`, i, name)
		if i > 1 {
			arr.WriteString(",\n")
		}
		arr.WriteString(rec)
		nd.WriteString(rec + "\n")
	}
	arr.WriteString("]")
	r := NewReader("quotes.json", strings.NewReader(arr.String()))
	r.Now = testNow
	var err error
	for err == nil {
		var rec arrow.RecordBatch
		if rec, err = r.Read(); err == nil {
			rec.Release()
		}
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 3 || strings.Contains(err.Error(), "Nick") {
		t.Errorf("JSON array with an unescaped quote: %v", err)
	}
	valid, rows, rej := readCounts(t, "quotes.ndjson", nd.String())
	if valid != 9 || rows != 10 || len(rej) != 1 || rej[0].Line != 3 || !strings.HasPrefix(rej[0].Reason, "malformed JSON at byte") {
		t.Errorf("NDJSON with an unescaped quote: %d valid of %d, %v", valid, rows, rej)
	}
}

// TestOptionsOnePerLine: a form column whose cell lists its options one per line (Excel's
// Alt+Enter; RFC 4180 quotes it) is one record with both forms (attack-2026-12-02g finding 6b:
// "stray quote", the record split in two rows, both quarantined, 41 rows read of 40). A quote
// that swallows rows in that column still quarantines every line it covers.
func TestOptionsOnePerLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,province_of_exploitation,type_of_exploitation\r\n")
	for i := 1; i <= 40; i++ {
		form := "Forced labour"
		if i == 8 {
			form = "\"Sexual exploitation\nForced labour\""
		}
		fmt.Fprintf(&b, "V%d,male,12,2023-03-01,Herat,%s\r\n", i, form)
	}
	r := NewReader("cases.csv", strings.NewReader(b.String()))
	r.Now = testNow
	sexual, labour, valid := 0, 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		valid += int(rec.NumRows())
		for i, f := range rec.Schema().Fields() {
			col, ok := rec.Column(i).(interface{ Value(int) bool })
			if !ok {
				continue
			}
			for j := 0; j < int(rec.NumRows()); j++ {
				if !col.Value(j) {
					continue
				}
				switch f.Name {
				case schema.IsSexualExploitation:
					sexual++
				case schema.IsForcedLabour:
					labour++
				}
			}
		}
		rec.Release()
	}
	if valid != 40 || r.Rows() != 40 || len(r.Rejected()) != 0 || sexual != 1 || labour != 40 {
		t.Errorf("options one per line: %d valid of %d rows, %v quarantined; sexual %d (want 1), labour %d (want 40)", valid, r.Rows(), r.Rejected(), sexual, labour)
	}
	swallow := testerCases(map[int]string{
		100: `C902,Nick,female,12,2021-01-01,AF,Herat,"sexual exploitation`,
		103: `C903,Someone,female,12,2021-01-01,AF,Herat,forced labour"`,
	})
	valid, rows, rej := readCounts(t, "cases.csv", swallow)
	if rows != 400 || valid != 396 || len(rej) != 4 || !strings.Contains(rej[0].Reason, "no value of type_of_exploitation holds a line break") {
		t.Errorf("a quote swallowing rows in the forms column: %d valid of %d, %v", valid, rows, rej[:min(2, len(rej))])
	}
}
