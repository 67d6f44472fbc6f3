package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// readRows reads in through a Reader with small chunks and two workers, and returns the rows.
func readRows(t *testing.T, name string, in []byte, m *Mapping) ([]map[string]string, *Reader, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	r := NewReader(name, bytes.NewReader(in))
	r.Mapping, r.Now, r.Alloc, r.BatchSize, r.Workers = m, testNow, alloc, 7, 2
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, r, nil
		}
		if err != nil {
			return out, r, err
		}
		out = append(out, rows(rec)...)
		rec.Release()
	}
}

// A column whose first thousand values fit both orders and whose last proves month first is
// read month first throughout, across many chunks read by several workers: the chunks read
// provisionally day first are held and converted again.
func TestDateOrderDecidedLate(t *testing.T) {
	defer func(n int) { csvChunk = n }(csvChunk)
	csvChunk = 256
	var b strings.Builder
	b.WriteString("case_id,gender,registration_date\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "C-%d,female,%02d/%02d/2019\n", i, i%12+1, (i+5)%12+1)
	}
	b.WriteString("C-last,male,12/31/2019\n")
	got, r, err := readRows(t, "late.csv", []byte(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1001 || len(r.Rejected()) != 0 || r.Rows() != 1001 {
		t.Fatalf("%d rows, %d rejected", len(got), len(r.Rejected()))
	}
	for i, row := range got[:1000] {
		m, d := i%12+1, (i+5)%12+1
		want := time.Date(2019, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		if row["registration_date"] != want || row["case_id"] != fmt.Sprintf("C-%d", i) {
			t.Fatalf("row %d: %v, want %s", i, row, want)
		}
	}
	// The same file with the proof removed is refused, in one error naming the column and the setting.
	in := strings.Replace(b.String(), "C-last,male,12/31/2019\n", "", 1)
	if _, _, err := readRows(t, "late.csv", []byte(in), nil); err == nil || !strings.Contains(err.Error(), "date_order") ||
		!strings.Contains(err.Error(), `column "registration_date"`) {
		t.Fatalf("never proven: %v", err)
	}
	// and with the order in the config, read as said.
	got, _, err = readRows(t, "late.csv", []byte(in), &Mapping{DateOrder: "dmy"})
	if err != nil || len(got) != 1000 || got[0]["registration_date"] != "2019-06-01" {
		t.Fatalf("date_order dmy: %v %v", err, got[:1])
	}
}

// Parquet timestamps with a zone (kept in the Arrow schema that pandas, Spark and pyarrow store
// with the file) are dated in that zone: 2018-12-31T18:30Z is 1 January 2019 in
// Kathmandu (+05:45), and 2019-01-01T03:00Z is 31 December 2018 in New York; one turning 18
// that day is an adult in the first case and a minor in the second.
func TestParquetTimestampZone(t *testing.T) {
	for _, c := range []struct {
		zone    string
		instant time.Time
		date    string
		major   string
	}{
		{"Asia/Kathmandu", time.Date(2018, 12, 31, 18, 30, 0, 0, time.UTC), "2019-01-01", "adult"},
		{"+05:45", time.Date(2018, 12, 31, 18, 30, 0, 0, time.UTC), "2019-01-01", "adult"},
		{"America/New_York", time.Date(2019, 1, 1, 3, 0, 0, 0, time.UTC), "2018-12-31", "minor"},
		{"", time.Date(2019, 1, 1, 3, 0, 0, 0, time.UTC), "2019-01-01", "adult"},
	} {
		ts := &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: c.zone}
		sc := arrow.NewSchema([]arrow.Field{
			{Name: "case_id", Type: arrow.BinaryTypes.String},
			{Name: "date_of_birth", Type: arrow.FixedWidthTypes.Date32},
			{Name: "registration_date", Type: ts},
		}, nil)
		bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
		bld.Field(0).(*array.StringBuilder).Append("P-1")
		bld.Field(1).(*array.Date32Builder).Append(arrow.Date32FromTime(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)))
		v, _ := arrow.TimestampFromTime(c.instant, arrow.Millisecond)
		bld.Field(2).(*array.TimestampBuilder).Append(v)
		rec := bld.NewRecordBatch()
		var buf bytes.Buffer
		if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 10, nil, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		bld.Release()
		got, _, err := readRows(t, "ts.parquet", buf.Bytes(), nil)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v %v", c.zone, err, got)
		}
		if got[0]["registration_date"] != c.date || got[0]["majority_status"] != c.major {
			t.Errorf("%s: %v, want %s %s", c.zone, got[0], c.date, c.major)
		}
	}
}

// DuckDB writes a TIMESTAMPTZ as a Parquet timestamp adjusted to UTC, with no zone of its own
// (Arrow reads "UTC"): the instant says nothing of where it was recorded. A local midnight in
// Kabul (+04:30) is 19:30 UTC the day before, so its UTC date is a day early. The mapping's
// time_zone dates such instants there; without it, an instant at a time of day other than
// midnight is refused (ingest-exactness8's Left), and midnight (a date stored as a
// timestamp) is read as that date.
func TestParquetUTCInstants(t *testing.T) {
	for _, c := range []struct {
		zone    string // the mapping's time_zone
		instant time.Time
		date    string // "" when refused
	}{
		{"", time.Date(2018, 12, 31, 19, 30, 0, 0, time.UTC), ""},
		{"Asia/Kabul", time.Date(2018, 12, 31, 19, 30, 0, 0, time.UTC), "2019-01-01"},
		{"", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), "2019-01-01"},
		{"America/New_York", time.Date(2019, 1, 1, 3, 0, 0, 0, time.UTC), "2018-12-31"},
	} {
		ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
		sc := arrow.NewSchema([]arrow.Field{
			{Name: "case_id", Type: arrow.BinaryTypes.String},
			{Name: "gender", Type: arrow.BinaryTypes.String},
			{Name: "registration_date", Type: ts},
		}, nil)
		bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
		bld.Field(0).(*array.StringBuilder).Append("P-1")
		bld.Field(1).(*array.StringBuilder).Append("female")
		v, _ := arrow.TimestampFromTime(c.instant, arrow.Microsecond)
		bld.Field(2).(*array.TimestampBuilder).Append(v)
		rec := bld.NewRecordBatch()
		var buf bytes.Buffer
		// No stored Arrow schema, as DuckDB writes: the zone is only the Parquet type's
		// isAdjustedToUTC.
		if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 10, nil, pqarrow.DefaultWriterProps()); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		bld.Release()
		var m *Mapping
		if c.zone != "" {
			m = &Mapping{TimeZone: c.zone}
		}
		got, _, err := readRows(t, "tz.parquet", buf.Bytes(), m)
		if c.date == "" {
			var pe *ParseError
			if !errors.Is(err, ErrTimeZone) || !errors.As(err, &pe) || pe.Line != 1 || !strings.Contains(err.Error(), `column "registration_date"`) ||
				!strings.Contains(err.Error(), "time_zone:") {
				t.Errorf("%s without time_zone: %v, want ErrTimeZone at line 1 naming the column and time_zone:", c.instant, err)
			}
			continue
		}
		if err != nil || len(got) != 1 || got[0]["registration_date"] != c.date {
			t.Errorf("%s in %q: %v %v, want %s", c.instant, c.zone, err, got, c.date)
		}
	}
	if err := (&Mapping{TimeZone: "Mars/Olympus"}).Check(); err == nil || !strings.Contains(err.Error(), "time_zone") {
		t.Errorf("time_zone Mars/Olympus: %v, want refused", err)
	}
}

// TestUTCInstantUpdatedAt: an instant written in UTC at a time of day is not read as a date of
// registration (its local day is not known: csv-utc-instant-text), but updated_at, which only
// orders a record's versions, is read at its UTC day as before.
func TestUTCInstantUpdatedAt(t *testing.T) {
	p := filepath.Join(t.TempDir(), "input.csv")
	data := "case_id,gender,age,country_of_exploitation,registration_date,updated_at\n" +
		"V-1,female,15,NP,2023-12-30,2024-02-01T10:22:33.123Z\n" +
		"V-2,male,16,NP,2023-12-31T20:00:00Z,2024-02-01T10:22:33Z\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := readAll(t, p, nil)
	if !strings.Contains(out.Error, "input.csv:3: column \"registration_date\": "+ErrUTCText.Error()+": 1 rows hold an instant written in UTC") {
		t.Errorf("error %q, want the input refused at V-2's registration_date", out.Error)
	}
	data = strings.Replace(data, "2023-12-31T20:00:00Z", "2023-12-31", 1)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out = readAll(t, p, nil)
	if out.Error != "" || len(out.Records) != 2 || out.Records[0]["updated_at"] != "2024-02-01" || out.Records[1]["updated_at"] != "2024-02-01" {
		t.Errorf("records %v (%s), want both with updated_at 2024-02-01", out.Records, out.Error)
	}
}

// TestKoboSubmissionTime (attack-2026-12-03a finding 2): KoboToolbox writes _submission_time in
// UTC without a "Z"; mapped onto registration_date it was read as the local date, so a boy
// registered in Kabul at 00:30 on 1 January 2024 was counted in 2023. It is now read as the UTC
// instant it is: dated in time_zone:, and refused without it, as "...Z" is.
func TestKoboSubmissionTime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "input.csv")
	data := "case_id,sex,age,country_of_exploitation,_submission_time\n" +
		"V-1,male,15,AF,2023-12-31T20:00:00\n" +
		"V-2,male,16,AF,2023-12-31T20:19:00.000\n" +
		"V-3,male,16,AF,2023-12-30T00:00:00\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	cols := map[string]string{"_submission_time": "registration_date"}
	out := readAll(t, p, &Mapping{Columns: cols, TimeZone: "Asia/Kabul"})
	if len(out.Records) != 3 || out.Records[0]["registration_date"] != "2024-01-01" || out.Records[1]["registration_date"] != "2024-01-01" ||
		out.Records[2]["registration_date"] != "2023-12-30" {
		t.Errorf("in Asia/Kabul: %v, want 2024-01-01, 2024-01-01, 2023-12-30", out.Records)
	}
	out = readAll(t, p, &Mapping{Columns: cols})
	if !strings.Contains(out.Error, `column "_submission_time" (field registration_date): dates written as instants in UTC: 2 rows`) {
		t.Errorf("without time_zone: %q, want the input refused for its 2 instants in UTC, as an instant ending in Z", out.Error)
	}
	if naiveInstant("2023-12-31T20:00:00+04:30") || naiveInstant("2023-12-31") || !naiveInstant(" 2023-12-31 20:00:00.5 ") {
		t.Error("naiveInstant")
	}
}

// TestKoboSubmissionTimeCell (attack-2026-12-03b finding 4): _submission_time typed as a
// date-time cell of a workbook (Kobo's XLSX export without "dates as text") was read as the local
// day, with or without time_zone:; it is the same UTC instant as its text and read as that is.
func TestKoboSubmissionTimeCell(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "sex", "age", "country_of_exploitation", "_submission_time"})
	for i, at := range []time.Time{
		time.Date(2023, 12, 31, 20, 0, 0, 0, time.UTC),  // 00:30 on 1 January 2024 in Kabul
		time.Date(2023, 12, 31, 20, 19, 0, 0, time.UTC), // 00:49
		time.Date(2023, 12, 30, 0, 0, 0, 0, time.UTC),   // a date cell: the day as written
	} {
		f.SetSheetRow("Sheet1", fmt.Sprint("A", i+2), &[]any{fmt.Sprint("V-", i+1), "male", 15, "AF", at})
	}
	p := filepath.Join(t.TempDir(), "input.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	cols := map[string]string{"_submission_time": "registration_date"}
	out := readAll(t, p, &Mapping{Columns: cols, TimeZone: "Asia/Kabul"})
	if len(out.Records) != 3 || out.Records[0]["registration_date"] != "2024-01-01" || out.Records[1]["registration_date"] != "2024-01-01" ||
		out.Records[2]["registration_date"] != "2023-12-30" {
		t.Errorf("in Asia/Kabul: %v (%s), want 2024-01-01, 2024-01-01, 2023-12-30", out.Records, out.Error)
	}
	out = readAll(t, p, &Mapping{Columns: cols})
	if !strings.Contains(out.Error, `(field registration_date): dates written as instants in UTC: 2 rows`) {
		t.Errorf("without time_zone: %q, want the input refused for its 2 instants in UTC", out.Error)
	}
}
