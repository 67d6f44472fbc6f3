package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// tableIn writes one table (a header and rows of text) in a format: csv, json, xlsx or
// parquet (every column a string, as registers export them).
func tableIn(t *testing.T, format string, head []string, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	switch format {
	case "csv":
		buf.WriteString(strings.Join(head, ",") + "\n")
		for _, r := range rows {
			buf.WriteString(strings.Join(r, ",") + "\n")
		}
	case "json":
		var recs []map[string]string
		for _, r := range rows {
			m := map[string]string{}
			for j, h := range head {
				m[h] = r[j]
			}
			recs = append(recs, m)
		}
		b, err := json.Marshal(recs)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
	case "xlsx":
		f := excelize.NewFile()
		hs := make([]any, len(head))
		for j, h := range head {
			hs[j] = h
		}
		f.SetSheetRow("Sheet1", "A1", &hs)
		for i, r := range rows {
			vs := make([]any, len(r))
			for j, v := range r {
				vs[j] = v
			}
			f.SetSheetRow("Sheet1", fmt.Sprint("A", i+2), &vs)
		}
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
	case "parquet":
		fields := make([]arrow.Field, len(head))
		for j, h := range head {
			fields[j] = arrow.Field{Name: h, Type: arrow.BinaryTypes.String, Nullable: true}
		}
		sc := arrow.NewSchema(fields, nil)
		bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
		defer bld.Release()
		for _, r := range rows {
			for j, v := range r {
				bld.Field(j).(*array.StringBuilder).Append(v)
			}
		}
		rec := bld.NewRecordBatch()
		defer rec.Release()
		if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 100, nil, pqarrow.NewArrowWriterProperties()); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("no format %s", format)
	}
	return buf.Bytes()
}

// readTable reads in (named name) to the end; it returns the rows read and the error.
func readTable(name string, in []byte, m *Mapping) (int, error) {
	r := NewReader(name, bytes.NewReader(in))
	r.Now, r.Mapping = testNow, m
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n += int(rec.NumRows())
		rec.Release()
	}
}

// TestRefusalsEveryFormat: a register of several case types, or one whose dropped status
// column says "not a victim", is refused alike in every format (priv's note: a Parquet export
// of a child-protection register was read, every case of neglect counted as a victim, since
// Parquet's dropped columns were never read). Without the telling column's other values it
// is read in every format.
func TestRefusalsEveryFormat(t *testing.T) {
	head := []string{"case_id", "sex", "age", "registration_date", "province_of_exploitation", ""}
	rowsWith := func(col string, vals ...string) ([]string, [][]string) {
		h := append([]string(nil), head...)
		h[len(h)-1] = col
		var rows [][]string
		for i, v := range vals {
			rows = append(rows, []string{fmt.Sprint("C", i+1), "male", fmt.Sprint(12 + i%5), fmt.Sprintf("2023-%02d-10", i%12+1), "AF-HER", v})
		}
		return h, rows
	}
	m := &Mapping{Defaults: map[string]string{"country_of_exploitation": "AF"}}
	cases := []struct {
		name, col string
		vals      []string
		refused   string // "": read
	}{
		{"case types", "Type of Case", []string{"Trafficking", "Neglect", "GBV", "Trafficking", "Runaway"}, "names trafficking as the case's type"},
		{"dropped status", "Assessment", []string{"Victim", "Victim", "Not a victim", "Not VoT", "Victim"}, "says of 2 rows that the person is not a victim"},
		{"all trafficking", "Type of Case", []string{"Trafficking", "Trafficking", "Trafficking"}, ""},
		{"all victims", "Assessment", []string{"Victim", "Victim", "Victim"}, ""},
		// attack-2026-12-05a T8 and T1: a count of people per row; a role column
		{"count of people", "Number of victims", []string{"1", "3", "5", "2", "1"}, "under a name for counts"},
		{"count of children", "Children", []string{"2", "1", "1", "4"}, "under a name for counts"},
		{"serial number", "Number", []string{"1", "2", "3", "4", "5", "6"}, ""},
		{"count of one", "Number of victims", []string{"1", "1", "1"}, "under a name for counts"},
		{"roles", "Role", []string{"Victim", "Witness", "Suspect", "Victim"}, "names the person a victim"},
	}
	for _, c := range cases {
		h, rows := rowsWith(c.col, c.vals...)
		for _, format := range []string{"csv", "json", "xlsx", "parquet"} {
			n, err := readTable("register."+format, tableIn(t, format, h, rows), m)
			switch {
			case c.refused == "" && err != nil:
				t.Errorf("%s, %s: %v", c.name, format, err)
			case c.refused == "" && n != len(rows):
				t.Errorf("%s, %s: %d rows read of %d", c.name, format, n, len(rows))
			case c.refused != "" && err == nil:
				t.Errorf("%s, %s: read (%d rows), not refused", c.name, format, n)
			case c.refused != "" && !strings.Contains(err.Error(), c.refused):
				t.Errorf("%s, %s: refused otherwise: %v", c.name, format, err)
			}
		}
	}
}

// TestKoboIDNotSuggested: a KoboToolbox export's _id (the submission's number) beside the
// organisation's case number both reach case_id; the refusal's example keeps the case number,
// which the organisation's other exports and events name, and drops _id (attack-2026-12-04d,
// lows: the example kept _id).
func TestKoboIDNotSuggested(t *testing.T) {
	in := `[{"case_info/case_number": "K-1", "case_info/sex": "female", "case_info/age": "14", "_id": 101, "registration_date": "2024-01-05"},
{"case_info/case_number": "K-2", "case_info/sex": "male", "case_info/age": "15", "_id": 102, "registration_date": "2024-01-06"}]`
	_, err := readTable("kobo.json", []byte(in), nil)
	if err == nil {
		t.Fatal("read, not refused")
	}
	if want := `columns: {"case_info/case_number": case_id, "_id": drop}`; !strings.Contains(err.Error(), want) {
		t.Errorf("the example is not %s:\n%v", want, err)
	}
	// With _id last in a CSV's header, the same.
	e := &ColumnClashError{Field: "case_id", Columns: []string{"case_info/case_number", "_id"}, Positions: []int{1, 5}}
	if want := `columns: {"case_info/case_number": case_id, "_id": drop}`; !strings.Contains(e.Error(), want) {
		t.Errorf("the example is not %s:\n%v", want, e)
	}
}
