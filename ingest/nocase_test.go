package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readNoCase reads in (named name, with mapping m) to the end; it returns the valid rows, the
// rows read and the lines quarantined as no case (errNoCase), and fails on any other
// quarantine.
func readNoCase(t *testing.T, name string, in io.Reader, m *Mapping) (valid, rows int, lines []int) {
	t.Helper()
	r := NewReader(name, in)
	r.Mapping, r.Now = m, testNow
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
	for _, rj := range r.Rejected() {
		if rj.Reason != errNoCase.Error() {
			t.Errorf("%s: line %d quarantined: %s", name, rj.Line, rj.Reason)
			continue
		}
		if rj.Column != "" || rj.Field != "" {
			t.Errorf("%s: line %d: column %q field %q, want the whole row", name, rj.Line, rj.Column, rj.Field)
		}
		lines = append(lines, rj.Line)
	}
	if r.Rows() != valid+len(r.Rejected()) {
		t.Fatalf("%s: rows %d != valid %d + quarantined %d", name, r.Rows(), valid, len(r.Rejected()))
	}
	return valid, r.Rows(), lines
}

// TestRowsThatAreNoCase (attack-2026-11-30d finding 1): a row whose values describe neither the
// person nor the case (a footer "Total: 345" or "Exported by ..." in the case id's column, a
// row with only a case id, a template row of checkboxes pre-filled FALSE, an NDJSON record
// {"case_id":"X"}, a KoboToolbox submission of only the server's metadata) is quarantined
// with errNoCase in every reader, and the account adds up. A row with one describing value
// (a gender, an age, a date, a place, a form that is true) is a case; so is one with values
// in columns that map onto no field (CTDC's rows, read and said in a notice).
func TestRowsThatAreNoCase(t *testing.T) {
	const header = "case_id,gender,age,registration_date,country_of_exploitation,is_forced_labour,is_sexual_exploitation,remarks\n"
	t.Run("csv", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(header)
		for i := 1; i <= 345; i++ {
			fmt.Fprintf(&b, "K%d,female,%d,2022-03-01,AF,true,false,\n", i, 20+i%30)
		}
		// A case of which one thing is known, each: still cases.
		b.WriteString("D1,male,,,,,,\nD2,,14,,,,,\nD3,,,2023-01-05,,,,\nD4,,,,IN,,,\nD5,,,,,TRUE,,\nD6,,,,,,,a note\n")
		// Line 352 on: no case.
		b.WriteString("Total: 345,,,,,,,\n")
		b.WriteString("\"Exported by caseworker on 2025-01-01\",,,,,,,\n") // quoted: the other splitter
		b.WriteString("K9999,,,,,,,\n")
		b.WriteString("K9998,unknown,,,,FALSE,no,\n")
		b.WriteString(strings.Repeat(",,,,,FALSE,FALSE,\n", 30))
		valid, rows, lines := readNoCase(t, "foot.csv", strings.NewReader(b.String()), nil)
		if valid != 351 || rows != 385 || len(lines) != 34 || lines[0] != 353 || lines[33] != 386 {
			t.Errorf("%d valid of %d; no case at %v", valid, rows, lines)
		}
	})
	t.Run("csv with a default", func(t *testing.T) {
		// A mapping's default is no value of the row: a footer is no case for it.
		in := header + "K1,female,12,2022-03-01,,,,\nTotal: 1,,,,,,,\n"
		m := &Mapping{Defaults: map[string]string{"country_of_exploitation": "AF"}}
		if valid, rows, lines := readNoCase(t, "default.csv", strings.NewReader(in), m); valid != 1 || rows != 2 || len(lines) != 1 || lines[0] != 3 {
			t.Errorf("%d valid of %d; no case at %v", valid, rows, lines)
		}
	})
	t.Run("xlsx", func(t *testing.T) {
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age", "is_forced_labour", "is_sexual_exploitation"})
		for i := 1; i <= 60; i++ {
			f.SetSheetRow("Sheet1", fmt.Sprint("A", i+1), &[]any{fmt.Sprint("X", i), "female", 12, true, false})
		}
		for i := 62; i <= 81; i++ {
			f.SetSheetRow("Sheet1", fmt.Sprint("D", i), &[]any{false, false})
		}
		f.SetCellValue("Sheet1", "A82", "Total: 60")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if valid, rows, lines := readNoCase(t, "tmpl.xlsx", &buf, nil); valid != 60 || rows != 81 || len(lines) != 21 || lines[0] != 62 || lines[20] != 82 {
			t.Errorf("%d valid of %d; no case at %v", valid, rows, lines)
		}
	})
	records := func(n int) []string {
		var out []string
		for i := 1; i <= n; i++ {
			out = append(out, fmt.Sprintf(`{"case_id":"N%d","gender":"female","age":%d,"country_of_exploitation":"KH"}`, i, 10+i%20))
		}
		return out
	}
	extra := []string{`{"case_id":"EXTRA1"}`, `{"case_id":"EXTRA2"}`, `{"case_id":"EXTRA3"}`, `{"case_id":"EXTRA4"}`,
		`{"case_id":"EXTRA5"}`, `{"case_id":"Z1","is_forced_labour":false}`}
	t.Run("ndjson", func(t *testing.T) {
		in := strings.Join(append(records(58), extra...), "\n") + "\n"
		if valid, rows, lines := readNoCase(t, "ids.ndjson", strings.NewReader(in), nil); valid != 58 || rows != 64 || len(lines) != 6 || lines[0] != 59 || lines[5] != 64 {
			t.Errorf("%d valid of %d; no case at %v", valid, rows, lines)
		}
	})
	t.Run("json array", func(t *testing.T) {
		in := "[" + strings.Join(append(records(58), extra...), ",\n") + "]"
		if valid, rows, lines := readNoCase(t, "ids.json", strings.NewReader(in), nil); valid != 58 || rows != 64 || len(lines) != 6 {
			t.Errorf("%d valid of %d; no case at %v", valid, rows, lines)
		}
	})
	t.Run("kobo over http", func(t *testing.T) {
		var res []string
		for i := 1; i <= 50; i++ {
			meta := fmt.Sprintf(`"_id":%d,"_uuid":"u-%d","_submission_time":"2024-05-0%dT10:00:00","_status":"submitted_via_web","formhub/uuid":"f1","meta/instanceID":"uuid:u-%d","_attachments":[],"_tags":[]`, 9000+i, i, 1+i%9, i)
			if i <= 40 {
				res = append(res, fmt.Sprintf(`{%s,"group_victim/sex":"male","group_victim/age":"%d","group_case/country_of_exploitation":"IN"}`, meta, 12+i%5))
			} else {
				res = append(res, "{"+meta+"}")
			}
		}
		body := `{"count":50,"next":null,"previous":null,"results":[` + strings.Join(res, ",") + `]}`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, body)
		}))
		defer srv.Close()
		u := srv.URL + "/api/v2/assets/aX/data.json"
		rc, err := Open(context.Background(), u, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if valid, rows, lines := readNoCase(t, u, rc, nil); valid != 40 || rows != 50 || len(lines) != 10 {
			t.Errorf("%d valid of %d; no case at %v", valid, rows, lines)
		}
	})
}
