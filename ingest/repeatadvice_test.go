package ingest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestRepeatAdviceNoValues (privacy-side-doors29): the advice for a form's repeat group
// (xlsx.go choose; ing30's join: "each of its rows ... takes its record's <fields> from sheet ...")
// lists the parent sheet's columns by the fields they map onto, never by their headers, and
// names the sheets by sheetLabel: a parent sheet named after a child, with a column headed by
// a child's name holding phone numbers, leaves neither in the refusal.
func TestRepeatAdviceNoValues(t *testing.T) {
	const name, phone = "Zarmina Canaryzi", "0799 123 456"
	parent := [][]any{{"registration_date", "country_of_exploitation", "province_of_exploitation", "Canaryzi Zarmina", "_index"},
		{"2022-03-01", "AF", "Herat", phone, 1}, {"2022-03-02", "AF", "Herat", phone, 2}}
	people := [][]any{{"gender", "age", "_parent_index", "_parent_table_name"},
		{"female", 12, 1, name}, {"male", 13, 1, name}, {"male", 14, 2, name}}
	wb := buildWorkbook(t, []sheetRows{{name, parent}, {"victims", people}})
	r := NewReader("exports/operations.xlsx", bytes.NewReader(wb))
	r.Now, r.InFolder = testNow, true
	var err error
	for {
		rec, e := r.Read()
		if e != nil {
			if e != io.EOF {
				err = e
			}
			break
		}
		rec.Release()
	}
	if !errors.Is(err, ErrNotCases) || !strings.Contains(err.Error(), "repeat group") {
		t.Fatalf("want the repeat group's refusal, got %v", err)
	}
	msg := err.Error()
	for _, c := range []string{"Canaryzi", "Zarmina", "0799", "123 456"} {
		if strings.Contains(msg, c) {
			t.Errorf("the advice prints %q: %v", c, err)
		}
	}
	for _, want := range []string{`takes its record's registration_date, country_of_exploitation, province_of_exploitation from sheet "sheet 1"`, `name sheet "victims"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q not said: %v", want, err)
		}
	}
}
