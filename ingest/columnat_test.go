package ingest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// TestColumnNamedInText: a column's name printed within a refusal's or a notice's text (not
// as ParseError's Column) is shown when SafeLabel allows it and withheld otherwise: by its
// position when the message tells how to map it, as columnKey does (privacy-side-doors34:
// textErr, the summaries' reasons and refusals printed "Zarmina/count" as it was). The read
// cases csv-*-named-group-withheld cover the CSV notices and refusals.
func TestColumnNamedInText(t *testing.T) {
	for _, c := range []struct {
		col, count, want string // count: the summary's column
	}{
		{"photo", "count", `column "photo"`},
		{"Zarmina/photo", "Zarmina/count", "column 4 (its name withheld)"},
		{"suspects_zarmina", "count_zarmina", "column 4 (its name withheld)"},
	} {
		// Parquet: a binary column that is no text (textErr), mapped onto no field.
		sc := arrow.NewSchema([]arrow.Field{
			{Name: "case_id", Type: arrow.BinaryTypes.String},
			{Name: "gender", Type: arrow.BinaryTypes.String},
			{Name: "age", Type: arrow.BinaryTypes.String},
			{Name: c.col, Type: arrow.BinaryTypes.Binary},
		}, nil)
		bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
		bld.Field(0).(*array.StringBuilder).Append("P-1")
		bld.Field(1).(*array.StringBuilder).Append("female")
		bld.Field(2).(*array.StringBuilder).Append("15")
		bld.Field(3).(*array.BinaryBuilder).Append([]byte{0xff, 0xfe, 0x00})
		rec := bld.NewRecordBatch()
		var buf bytes.Buffer
		if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 10, nil, pqarrow.DefaultWriterProps()); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		bld.Release()
		_, _, err := readRows(t, "bin.parquet", buf.Bytes(), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "binary values") {
			t.Errorf("Parquet, column %q: %v, want %s", c.col, err, c.want)
		} else if c.col != "photo" && strings.Contains(strings.ToLower(err.Error()), "zarmina") {
			t.Errorf("Parquet, column %q: %v, the name printed", c.col, err)
		}

		// A workbook of cases and a summary whose count column is the fourth: skipped.
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"P-1", "female", 15})
		f.NewSheet("Totals")
		count := c.count
		f.SetSheetRow("Totals", "A1", &[]any{"sex", "age_group", "province", count})
		f.SetSheetRow("Totals", "A2", &[]any{"male", "0-17", "Herat", 25})
		f.SetSheetRow("Totals", "A3", &[]any{"female", "0-17", "Herat", 15})
		buf.Reset()
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		_, r, err := readRows(t, "summary.xlsx", buf.Bytes(), nil)
		said := strings.Replace(c.want, "photo", "count", 1)
		all := strings.Join(r.Notices(), "\n")
		if err != nil {
			all += "\n" + err.Error()
		}
		if !strings.Contains(all, said) || !strings.Contains(all, "summary") {
			t.Errorf("workbook, column %q: %q, want %s", count, all, said)
		} else if c.col != "photo" && strings.Contains(strings.ToLower(all), "zarmina") {
			t.Errorf("workbook, column %q: %q, the name printed", count, all)
		}
	}
}

// TestNoticeColumnPosition: a notice that names a column whose name is withheld (a KoboToolbox
// label over SafeLabel's 40 characters, a group named by a child) gives its position when every
// header read holds it at one place, so the advice to map it reaches it ("#3"); where the sheets
// of a workbook place it differently, or a JSON input's keys have no place, it says
// "(name withheld)" as before (privacy-side-doors35: the notices printed that alone).
func TestNoticeColumnPosition(t *testing.T) {
	const label = "Child intake/Approximate age of the child"
	book := func(headers ...[]any) []byte {
		f := excelize.NewFile()
		for i, h := range headers {
			s := "Sheet1"
			if i > 0 {
				s = "Sheet" + string(rune('1'+i))
				f.NewSheet(s)
			}
			f.SetSheetRow(s, "A1", &h)
			for r := range 2 {
				row := make([]any, len(h))
				for j, c := range h {
					switch c {
					case "case_id":
						row[j] = fmt.Sprintf("S%d-%d", i, r)
					case "gender":
						row[j] = "female"
					case "province":
						row[j] = "Herat"
					default:
						row[j] = 12 + r
					}
				}
				f.SetSheetRow(s, fmt.Sprintf("A%d", r+2), &row)
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"one.csv", []byte("case_id,gender," + label + "\nA1,female,12\nA2,male,13\n"), "its column 3 (its name withheld), which maps onto no field, may hold one"},
		{"same.xlsx", book([]any{"case_id", "gender", label}, []any{"case_id", "gender", label}), "its column 3 (its name withheld), which maps onto no field, may hold one"},
		{"moved.xlsx", book([]any{"case_id", "gender", label}, []any{"case_id", "gender", "province", label}), `its column "(name withheld)", which maps onto no field, may hold one`},
		{"keys.json", []byte(`[{"case_id": "A1", "gender": "female", "` + label + `": 12}, {"case_id": "A2", "gender": "male", "` + label + `": 13}]`), `its column "(name withheld)", which maps onto no field, may hold one`},
	} {
		_, r, err := readRows(t, c.name, c.in, nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		all := strings.Join(r.Notices(), "\n")
		if !strings.Contains(all, c.want) {
			t.Errorf("%s: %q, want %q", c.name, all, c.want)
		}
		if strings.Contains(all, "Approximate") {
			t.Errorf("%s: %q, the label printed", c.name, all)
		}
	}
}

// TestJSONKeyInText: a JSON key printed within a refusal's text (a field that holds a list of
// objects under a name no API gives its records, a field holding records keyed by their
// names) is withheld when SafeLabel refuses it, as a column's name is (privacy-side-doors35:
// they were printed as they were).
func TestJSONKeyInText(t *testing.T) {
	keyed := func(field string) []byte {
		var b strings.Builder
		b.WriteString(`{"` + field + `": {`)
		for i, n := range []string{"Asha Devi", "Karim Ahmadi", "Sokha Chan", "Pooja Kumari", "Nadia Rahimi", "Rahul Singh"} {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `"%s": {"gender": "female", "age": %d}`, n, 10+i)
		}
		b.WriteString("}}")
		return []byte(b.String())
	}
	for _, c := range []struct {
		field string
		in    []byte
		want  string
	}{
		{"people", []byte(`{"people": [{"case_id": "A1", "gender": "female"}, {"case_id": "A2", "gender": "male"}]}`), `field "people" holds a list of 2 objects`},
		{"Zarmina", []byte(`{"Zarmina": [{"case_id": "A1", "gender": "female"}, {"case_id": "A2", "gender": "male"}]}`), `field "(name withheld)" holds a list of 2 objects`},
		{"cases", keyed("cases"), `field "cases" holds 6 records keyed`},
		{"contacts_zarmina", keyed("contacts_zarmina"), `field "(name withheld)" holds 6 records keyed`},
	} {
		_, _, err := readRows(t, "in.json", c.in, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.field, err, c.want)
		} else if strings.Contains(strings.ToLower(err.Error()), "zarmina") {
			t.Errorf("%s: %v, the key printed", c.field, err)
		}
	}
}

// TestParseErrorColumnPosition (privacy-side-doors37): an error about a column whose name
// SafeLabel withholds named it "(name withheld)" alone, while the notices give its position; the
// Reader now gives the error the position too (expected.json of error-csv-na-country-joined-name:
// `input.csv:3: column 5 (its name withheld) (field citizenship)`), and a name that may be shown
// is shown as before.
func TestParseErrorColumnPosition(t *testing.T) {
	for _, c := range []struct {
		e    ParseError
		want string
	}{
		{ParseError{File: "a.csv", Line: 3, Column: "citizenship_zarmina", Pos: 5, Field: "citizenship", Err: ErrBadRow}, `a.csv:3: column 5 (its name withheld) (field citizenship): `},
		{ParseError{File: "a.csv", Line: 3, Column: "citizenship_zarmina", Field: "citizenship", Err: ErrBadRow}, `a.csv:3: column "(name withheld)" (field citizenship): `},
		{ParseError{File: "a.csv", Line: 3, Column: "citizenship", Pos: 5, Err: ErrBadRow}, `a.csv:3: column "citizenship": `},
		{ParseError{File: "a.csv", Line: 3, Column: withheldColumn, Pos: 5, Err: ErrBadRow}, `a.csv:3: column 5 (its name withheld): `},
	} {
		got := c.e.Error()
		if !strings.HasPrefix(got, c.want) || strings.Contains(got, "zarmina") {
			t.Errorf("%+v: %q, want it to start %q", c.e, got, c.want)
		}
	}
	// Through the Reader, the column at position 5 of a CSV, and of a workbook's two sheets.
	rows := [][]any{{"case_id", "gender", "age", "registration_date", "citizenship_zarmina", "country_of_exploitation"},
		{"N1", "female", 15, "2023-03-01", "AF", "IN"}, {"N2", "male", 16, "2023-03-02", "NA", "IN"}}
	var csv strings.Builder
	for _, r := range rows {
		csv.WriteString(strings.Trim(fmt.Sprint(r), "[]"))
		csv.WriteString("\n")
	}
	f := excelize.NewFile()
	f.NewSheet("Sheet2")
	for _, sh := range []string{"Sheet1", "Sheet2"} {
		for i, r := range rows {
			r = slices.Clone(r)
			if i > 0 && sh == "Sheet2" {
				r[0] = fmt.Sprint(r[0], "b")
			}
			f.SetSheetRow(sh, fmt.Sprintf("A%d", i+1), &r)
		}
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	m := &Mapping{Columns: map[string]string{"citizenship_zarmina": "citizenship"}}
	for name, in := range map[string][]byte{"in.csv": []byte(strings.ReplaceAll(csv.String(), " ", ",")), "in.xlsx": book.Bytes()} {
		_, _, err := readRows(t, name, in, m)
		if err == nil || !strings.Contains(err.Error(), "column 5 (its name withheld) (field citizenship)") || strings.Contains(err.Error(), "zarmina") {
			t.Errorf("%s: error %v, want column 5 named by its position", name, err)
		}
	}
}
