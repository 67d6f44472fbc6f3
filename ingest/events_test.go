package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/outcomes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

type eventsOutcome struct {
	Layout   string      `json:"layout"`
	Rows     int         `json:"rows"`
	Events   []string    `json:"events"`
	Rejected []Rejection `json:"rejected"`
	Censored int         `json:"censored,omitempty"` // ends after extracted: read as open
	Blank    int         `json:"blank,omitempty"`    // blank rows skipped
	Error    string      `json:"error,omitempty"`
}

func readEvents(t *testing.T, path string, m *Mapping) eventsOutcome {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewEventReader(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), f)
	r.Mapping = m
	r.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := eventsOutcome{Events: []string{}, Rejected: []Rejection{}}
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			out.Error = err.Error()
			break
		}
		out.Events = append(out.Events, describe(e))
	}
	out.Layout, out.Rows, out.Censored, out.Blank = r.Layout(), r.Rows(), r.Censored(), r.Blank()
	out.Rejected = append(out.Rejected, r.Rejected()...)
	return out
}

func describe(e Event) string {
	d := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format("2006-01-02")
	}
	s := e.CaseID + " " + e.Kind.String() + " " + d(e.Date) + ".." + d(e.End) + " line " + itoa(e.Line)
	add := func(k, v string) {
		if v != "" {
			s += " " + k + "=" + v
		}
	}
	add("type", e.Type)
	add("province", e.Province)
	if e.Reason != 0 {
		add("reason", itoa(int(e.Reason)))
	}
	if e.InSchool != 0 {
		add("in_school", itoa(int(e.InSchool)))
	}
	if e.Retrafficked != 0 {
		add("retrafficked", itoa(int(e.Retrafficked)))
	}
	switch e.Implemented {
	case outcomes.Yes:
		add("implemented", "yes")
	case outcomes.No:
		add("implemented", "no")
	}
	if e.Kind == Legal {
		add("stage", e.Stage.String())
		add("disposition", e.Disposition.String())
	}
	return s
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestEvents walks testdata/events: one folder per case with input.*, an optional config.yaml
// (a Mapping) and expected.json (-update rewrites it).
func TestEvents(t *testing.T) {
	walkCases(t, "testdata/events", func(t *testing.T, input string, m *Mapping) any { return readEvents(t, input, m) })
}

// TestEventErrorsHoldNoValues: rejections and errors name place and field, never the value.
func TestEventErrorsHoldNoValues(t *testing.T) {
	secret := "Xq7SecretValue"
	in := "case_id,event,date,type,retrafficked\nC-1,placement,2023-01-01," + secret + ",\nC-2,followup," + secret + ",,\nC-3," + secret + ",2023-01-01,,\nC-4,followup,2023-01-01,," + secret + "\n"
	r := NewEventReader("e.csv", strings.NewReader(in))
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(r.Rejected()) != 4 {
		t.Fatalf("%d rejections, want 4: %+v", len(r.Rejected()), r.Rejected())
	}
	for _, rej := range r.Rejected() {
		if strings.Contains(rej.Reason+rej.Column+rej.Field, secret) {
			t.Errorf("a rejection holds the value: %+v", rej)
		}
	}
	_, err := NewEventReader("e.csv", strings.NewReader("gender,age\n"+secret+",3\n")).Read()
	if !errors.Is(err, ErrNoHeader) || strings.Contains(err.Error(), secret) {
		t.Errorf("no case column: %v", err)
	}
}

// FuzzEventReader: any input gives events or rejections or an error, never a panic, and no
// event without its case number and a date (but closures, which need a reason).
func FuzzEventReader(f *testing.F) {
	for _, p := range []string{"testdata/events/long/input.csv", "testdata/events/wide/input.csv", "testdata/events/primero-json/input.json", "testdata/events/bad-values/input.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, strings.HasSuffix(p, ".json"))
	}
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		name := "f.csv"
		if isJSON {
			name = "f.json"
		}
		r := NewEventReader(name, bytes.NewReader(data))
		for i := 0; i < 10000; i++ {
			e, err := r.Read()
			if err != nil {
				return
			}
			if e.CaseID == "" || (e.Date.IsZero() && e.Kind != Closure) {
				t.Fatalf("event without case or date: %+v", e)
			}
			if !e.End.IsZero() && e.End.Before(e.Date) {
				t.Fatalf("event ends before it starts: %+v", e)
			}
		}
	})
}

// TestEventsNDJSONStream: NDJSON records, read as a stream on all cores, give the events and
// rejections, in order, that the same records give as one JSON array (read whole); a
// malformed line is quarantined, a file cut short fails at its last line.
func TestEventsNDJSONStream(t *testing.T) {
	var recs []string
	for i := range 2000 {
		var subs []string
		if i%3 != 2 {
			subs = append(subs, `"care_arrangements": [{"care_arrangements_type": "residential_care", "care_arrangement_started_date": "2023-02-`+
				[]string{"01", "31", "1x"}[i%3]+`", "province": "KH-12", "end_reason": "reintegrated", "care_arrangement_end_date": "2023-09-01"}]`)
		}
		if i%4 == 0 {
			subs = append(subs, `"followup": [{"followup_date": "2024-03-01", "in_school": "true", "retrafficked": "`+
				[]string{"no", "perhaps"}[i/4%2]+`"}, 7]`)
		}
		if i%5 == 0 {
			subs = append(subs, `"closure_reason": "repatriated", "date_closure": "2023-09-01"`)
		}
		id := `"case_id": "C-` + itoa(i) + `", `
		if i%97 == 5 {
			id = ""
		}
		rec := `{` + id + `"sex": "female"`
		for _, s := range subs {
			rec += ", " + s
		}
		rec += "}"
		if i%211 == 7 {
			rec = `[1, 2]` // not an object
		}
		recs = append(recs, rec)
	}
	read := func(name, text string) eventsOutcome {
		r := NewEventReader(name, strings.NewReader(text))
		r.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		out := eventsOutcome{}
		for {
			e, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				out.Error = err.Error()
				break
			}
			out.Events = append(out.Events, describe(e))
		}
		out.Layout, out.Rows, out.Rejected = r.Layout(), r.Rows(), r.Rejected()
		return out
	}
	whole := read("e.json", "["+strings.Join(recs, ",\n")+"]")
	stream := read("e.json", strings.Join(recs, "\n")+"\n")
	if len(whole.Events) < 1000 || len(whole.Rejected) < 500 || whole.Error != "" {
		t.Fatalf("the test's records give %d events, %d rejections, error %q", len(whole.Events), len(whole.Rejected), whole.Error)
	}
	w, _ := json.Marshal(whole)
	s, _ := json.Marshal(stream)
	if !bytes.Equal(w, s) {
		t.Errorf("NDJSON stream differs from the array:\nstream %.600s\narray  %.600s", s, w)
	}

	// A malformed line is quarantined with its line (never its text) and reading goes on, as
	// the case reader does; the events of the other lines are those of the file without it.
	broken := slices.Clone(recs)
	broken[1500] = `{"case_id": "C-x", "care_arrangements": [`
	got := read("e.ndjson", strings.Join(broken, "\n")+"\n")
	blanked := slices.Clone(recs)
	blanked[1500] = `{"case_id": "C-1500"}` // no events, no rejection
	want := read("e.ndjson", strings.Join(blanked, "\n")+"\n")
	if got.Error != "" || got.Rows != len(recs) {
		t.Errorf("broken line 1501: error %q, rows %d", got.Error, got.Rows)
	}
	if !slices.Equal(got.Events, want.Events) {
		t.Errorf("events around the broken line: %d, want %d", len(got.Events), len(want.Events))
	}
	if len(got.Rejected) != len(want.Rejected)+1 || !slices.ContainsFunc(got.Rejected, func(r Rejection) bool {
		return r.Line == 1501 && r.Reason == "malformed JSON at byte 41 of the line"
	}) {
		t.Errorf("rejections %d, want %d and line 1501 malformed", len(got.Rejected), len(want.Rejected)+1)
	}
	// The first line malformed: quarantined the same, not the whole input failed.
	firstBad := slices.Clone(recs)
	firstBad[0] = `{"case_id": "C-0" "sex": "female"}`
	blankedFirst := slices.Clone(recs)
	blankedFirst[0] = `{"case_id": "C-0"}`
	gotFirst := read("e.ndjson", strings.Join(firstBad, "\n")+"\n")
	wantFirst := read("e.ndjson", strings.Join(blankedFirst, "\n")+"\n")
	if gotFirst.Error != "" || gotFirst.Rows != len(recs) || !slices.Equal(gotFirst.Events, wantFirst.Events) ||
		len(gotFirst.Rejected) != len(wantFirst.Rejected)+1 || gotFirst.Rejected[0].Line != 1 || !strings.HasPrefix(gotFirst.Rejected[0].Reason, "malformed JSON at byte") {
		t.Errorf("malformed first line: error %q, rows %d, %d events (want %d), rejections %d (want %d)",
			gotFirst.Error, gotFirst.Rows, len(gotFirst.Events), len(wantFirst.Events), len(gotFirst.Rejected), len(wantFirst.Rejected)+1)
	}
	// Blank lines keep the line numbers right.
	spaced := read("e.ndjson", strings.Join(broken[:1000], "\n")+"\n\n"+strings.Join(broken[1000:], "\n")+"\n")
	if !slices.ContainsFunc(spaced.Rejected, func(r Rejection) bool { return r.Line == 1502 && strings.HasPrefix(r.Reason, "malformed JSON") }) {
		t.Errorf("with a blank line before it, the broken line is not quarantined as line 1502")
	}
	// The last line malformed without a line end: the file was cut short, and the input fails
	// there after the events before it.
	cut := read("e.ndjson", strings.Join(recs[:1500], "\n")+"\n"+`{"case_id": "C-x", "care_arr`)
	before := read("e.json", "["+strings.Join(recs[:1500], ",\n")+"]")
	if !strings.Contains(cut.Error, "1501") || !strings.Contains(cut.Error, "malformed JSON") {
		t.Errorf("cut short at line 1501: error %q", cut.Error)
	}
	if !slices.Equal(cut.Events, before.Events) || len(cut.Rejected) != len(before.Rejected) {
		t.Errorf("events before the cut: %d, want %d; rejections %d, want %d", len(cut.Events), len(before.Events), len(cut.Rejected), len(before.Rejected))
	}
	// Records spread over lines are cut as values: a malformed one still ends the input.
	pretty := read("e.ndjson", strings.ReplaceAll(strings.Join(broken, "\n"), `"sex"`, "\n\"sex\""))
	if !strings.Contains(pretty.Error, "malformed JSON") {
		t.Errorf("pretty-printed with a broken record: error %q", pretty.Error)
	}
}

// TestEventsParquet: a Parquet events export (dates typed as dates, the rest text, empty cells
// null, several row groups) gives the same events as the CSV it was made from; a file that is
// not Parquet is refused naming the file, not read as CSV.
func TestEventsParquet(t *testing.T) {
	b, err := os.ReadFile("testdata/events/long/input.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := recs[0], recs[1:]
	fields := make([]arrow.Field, len(header))
	for i, h := range header {
		fields[i] = arrow.Field{Name: h, Type: arrow.BinaryTypes.String, Nullable: true}
		if h == "date" || h == "end_date" {
			fields[i].Type = arrow.FixedWidthTypes.Date32
		}
	}
	sc := arrow.NewSchema(fields, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	for _, row := range rows {
		for i, v := range row {
			switch fb := bld.Field(i).(type) {
			case *array.StringBuilder:
				if v == "" {
					fb.AppendNull()
				} else {
					fb.Append(v)
				}
			case *array.Date32Builder:
				if v == "" {
					fb.AppendNull()
				} else {
					d, err := time.Parse("2006-01-02", v)
					if err != nil {
						t.Fatal(err)
					}
					fb.Append(arrow.Date32FromTime(d))
				}
			}
		}
	}
	rec := bld.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 3, nil, pqarrow.NewArrowWriterProperties()); err != nil {
		t.Fatal(err)
	}
	m := &Mapping{Values: map[string]map[string]string{"placement_type": {"Residential care": "residential_care"}}}
	read := func(name string, data []byte) ([]string, []Rejection, error) {
		r := NewEventReader(name, bytes.NewReader(data))
		r.Mapping, r.Now = m, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var evs []string
		for {
			e, err := r.Read()
			if err == io.EOF {
				return evs, r.Rejected(), nil
			}
			if err != nil {
				return evs, r.Rejected(), err
			}
			e.Line = 0
			evs = append(evs, describe(e))
		}
	}
	want, _, err := read("events.csv", b)
	if err != nil {
		t.Fatal(err)
	}
	got, rej, err := read("events.parquet", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Parquet events differ from the CSV's (rejected %v):\n%s\nwant\n%s", rej, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, _, err = read("events.parquet", b)
	if !errors.Is(err, ErrBrokenFile) || !strings.Contains(err.Error(), "events.parquet") || !strings.Contains(err.Error(), "Parquet") {
		t.Errorf("a CSV named .parquet: %v, want a broken-file error naming the file and Parquet", err)
	}
	_, _, err = read("events.parquet", buf.Bytes()[:buf.Len()-10])
	if !errors.Is(err, ErrBrokenFile) || !strings.Contains(err.Error(), "events.parquet") {
		t.Errorf("a truncated Parquet file: %v, want a broken-file error naming the file", err)
	}
}

// TestEventsBrokenWorkbookSaysNoLibraryText: a broken events workbook is refused naming the
// file, in the words the case reader uses, never with the XLSX library's error text (which
// may quote the file's bytes).
func TestEventsBrokenWorkbookSaysNoLibraryText(t *testing.T) {
	_, err := NewEventReader("events.xlsx", strings.NewReader("PK\x03\x04 not really a workbook")).Read()
	if !errors.Is(err, ErrBrokenFile) || !strings.Contains(err.Error(), "events.xlsx") ||
		!strings.Contains(err.Error(), "not a readable XLSX workbook") || strings.Contains(err.Error(), "zip") {
		t.Errorf("a broken workbook: %v, want a broken-file error naming the file, without the library's text", err)
	}
}

// TestEventsNDJSONFirstRecordAnySize: whatever the first record's length (so wherever the
// JSON decoder's first read ends), every line of an NDJSON events file is read: a first
// record ending at the end of a read once lost the chunk read after it.
func TestEventsNDJSONFirstRecordAnySize(t *testing.T) {
	rec := `{"case_id": "C-%d", "care_arrangements": [{"care_arrangements_type": "residential_care", "care_arrangement_started_date": "2023-02-01"}]}`
	for pad := 0; pad < 1200; pad++ {
		var b strings.Builder
		fmt.Fprintf(&b, `{"case_id": "C-0", "note": "%s"}`+"\n", strings.Repeat("x", pad))
		for i := 1; i <= 300; i++ {
			fmt.Fprintf(&b, rec+"\n", i)
		}
		r := NewEventReader("e.ndjson", strings.NewReader(b.String()))
		r.Now = testNow
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("pad %d: %v", pad, err)
			}
			n++
		}
		if n != 300 || r.Rows() != 301 {
			t.Fatalf("first record padded by %d: %d events of 300, %d rows of 301", pad, n, r.Rows())
		}
	}
}

// TestEventExitSpellings: the exits as caseworkers write them are read (attack-2026-12-01
// finding 8: "returned home" and "ran away" quarantined half the placements, and the
// absconded share halved); a spelling still unknown is refused with the fix naming the key
// under values: that maps it (end_reason, not the rejection's field placement.reason).
func TestEventExitSpellings(t *testing.T) {
	want := map[string]outcomes.EndReason{
		"returned home": outcomes.Reintegrated, "Went home": outcomes.Reintegrated, "Reintegrated with family": outcomes.Reintegrated,
		"family reunification": outcomes.Reintegrated, "ran away": outcomes.Absconded, "Escaped": outcomes.Absconded,
		"Absconded": outcomes.Absconded, "moved to another shelter": outcomes.Transferred, "Transferred": outcomes.Transferred,
	}
	in := "case_id,event,date,end_date,end_reason\n"
	var order []string
	for v := range want {
		in += "C-" + fmt.Sprint(len(order)) + ",placement,2023-01-01,2023-06-01," + v + "\n"
		order = append(order, v)
	}
	in += "C-X,placement,2023-01-01,2023-06-01,hopped the fence\n"
	r := NewEventReader("e.csv", strings.NewReader(in))
	n := 0
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if v := order[n]; e.Reason != want[v] {
			t.Errorf("%q read as %v, want %v", v, e.Reason, want[v])
		}
		n++
	}
	if n != len(want) || len(r.Rejected()) != 1 {
		t.Fatalf("%d events, %d rejected; want %d, 1", n, len(r.Rejected()), len(want))
	}
	if fix := Remedy(r.Rejected()[0]); !strings.Contains(fix, "values: {end_reason:") {
		t.Errorf("fix %q does not name end_reason", fix)
	}
}

// An events Parquet export with DuckDB's TIMESTAMPTZ dates (instants stored in UTC) is read
// as the cases' are (TestParquetUTCInstants): refused at a time of day other than midnight
// without time_zone:, dated in the zone with it (ingest-exactness8's Left).
func TestEventsParquetUTCInstants(t *testing.T) {
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "case_id", Type: arrow.BinaryTypes.String},
		{Name: "event", Type: arrow.BinaryTypes.String},
		{Name: "date", Type: ts},
		{Name: "type", Type: arrow.BinaryTypes.String},
	}, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	bld.Field(0).(*array.StringBuilder).Append("C1")
	bld.Field(1).(*array.StringBuilder).Append("service")
	v, _ := arrow.TimestampFromTime(time.Date(2023, 12, 31, 19, 30, 0, 0, time.UTC), arrow.Microsecond) // 1 January in Kabul
	bld.Field(2).(*array.TimestampBuilder).Append(v)
	bld.Field(3).(*array.StringBuilder).Append("psychosocial_service")
	rec := bld.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 3, nil, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	for _, zone := range []string{"", "Asia/Kabul"} {
		r := NewEventReader("ev.parquet", bytes.NewReader(buf.Bytes()))
		r.Mapping, r.Now = &Mapping{TimeZone: zone}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		e, err := r.Read()
		if zone == "" {
			if !errors.Is(err, ErrTimeZone) || !strings.Contains(err.Error(), `column "date"`) {
				t.Errorf("without time_zone: %v, want ErrTimeZone naming the column", err)
			}
			continue
		}
		if err != nil || !strings.Contains(describe(e), "2024-01-01") {
			t.Errorf("time_zone %s: %v %v, want dated 2024-01-01", zone, err, e)
		}
	}
}

// ingest-exactness9's noticed: an events Parquet was refused whole for a TIMESTAMPTZ column
// with times of day that no event uses (an export's created_at, a caseworker's login); only the
// columns the events use are dated, so it is read without time_zone, and its date column, a
// date stored as a timestamp at midnight UTC, is read as before.
func TestEventsParquetUnusedInstants(t *testing.T) {
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "case_id", Type: arrow.BinaryTypes.String},
		{Name: "event", Type: arrow.BinaryTypes.String},
		{Name: "date", Type: ts},
		{Name: "type", Type: arrow.BinaryTypes.String},
		{Name: "created_at", Type: ts},
		{Name: "caseworker_login", Type: ts},
	}, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	at := func(t time.Time) arrow.Timestamp {
		v, _ := arrow.TimestampFromTime(t, arrow.Microsecond)
		return v
	}
	for i, id := range []string{"C1", "C2"} {
		bld.Field(0).(*array.StringBuilder).Append(id)
		bld.Field(1).(*array.StringBuilder).Append("service")
		bld.Field(2).(*array.TimestampBuilder).Append(at(time.Date(2024, 3, 1+i, 0, 0, 0, 0, time.UTC)))
		bld.Field(3).(*array.StringBuilder).Append("psychosocial_service")
		bld.Field(4).(*array.TimestampBuilder).Append(at(time.Date(2024, 3, 1+i, 14, 25, 0, 0, time.UTC)))
		bld.Field(5).(*array.TimestampBuilder).AppendNull()
	}
	rec := bld.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 3, nil, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	r := NewEventReader("ev.parquet", bytes.NewReader(buf.Bytes()))
	r.Mapping, r.Now = &Mapping{}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []string
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("unused TIMESTAMPTZ column with times: %v, want read", err)
		}
		got = append(got, describe(e))
	}
	want := []string{"C1 service 2024-03-01..- line 1 type=psychosocial_service", "C2 service 2024-03-02..- line 2 type=psychosocial_service"}
	if !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}
