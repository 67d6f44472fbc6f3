package ingest

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRejectionPosition (privacy-side-doors38): a rejection of a column carries the column's
// position in the header of its own file or sheet, so that quarantine.csv and the strict refusal
// name a withheld column by it: a workbook whose two sheets place "age_zarmina" at columns 3 and
// 2 (Reader.ColumnPosition knows neither: no one position), a CSV, and an events file.
// (Before: Pos did not exist; the workbook's rejections said "(name withheld)" alone.)
func TestRejectionPosition(t *testing.T) {
	f := excelize.NewFile()
	f.NewSheet("Sheet2")
	sheets := map[string][][]any{
		"Sheet1": {{"case_id", "gender", "age_zarmina", "registration_date", "country_of_exploitation"},
			{"N1", "female", 15, "2023-03-01", "AF"}, {"N2", "male", "about fifteen", "2023-03-02", "AF"}},
		"Sheet2": {{"case_id", "age_zarmina", "gender", "registration_date", "country_of_exploitation"},
			{"M1", 15, "female", "2023-03-01", "AF"}, {"M2", "about fifteen", "male", "2023-03-02", "AF"}},
	}
	for sh, rows := range sheets {
		for i, r := range rows {
			f.SetSheetRow(sh, fmt.Sprintf("A%d", i+1), &r)
		}
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	csv := "case_id,gender,registration_date,age_zarmina,country_of_exploitation\nN1,female,2023-03-01,15,AF\nN2,male,2023-03-02,about fifteen,AF\n"
	m := &Mapping{Columns: map[string]string{"age_zarmina": "age"}}
	for name, c := range map[string]struct {
		in   []byte
		want []string // Sheet:Pos of the rejections of age_zarmina
	}{"in.xlsx": {book.Bytes(), []string{"Sheet1:3", "Sheet2:2"}}, "in.csv": {[]byte(csv), []string{":4"}}} {
		_, r, err := readRows(t, name, c.in, m)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, rej := range r.Rejected() {
			if rej.Column == "age_zarmina" {
				got = append(got, fmt.Sprintf("%s:%d", rej.Sheet, rej.Pos))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: rejections of age_zarmina at %q, want %q (%+v)", name, got, c.want, r.Rejected())
		}
	}

	// The events reader knows its columns by their names alone (eventFields), so a withheld
	// one is rare (a case number's mapped by the config): the position is given all the same.
	ev := NewEventReader("e.csv", strings.NewReader("case_id,event,date\nC-1,placement,2023-01-01\nC-2,placement,not a date\n"))
	for {
		if _, err := ev.Read(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if rej := ev.Rejected(); len(rej) != 1 || rej[0].Column != "date" || rej[0].Pos != 3 {
		t.Errorf("events: rejections %+v, want one of date at position 3", rej)
	}
}
