package ingest

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestDittoAcrossChunks: a remark repeating the row above's ("Ditto") is judged as that remark
// whether the row above is in its chunk or the one before, with any number of workers, and a
// date column read in a provisional order (held, converted again) or not.
func TestDittoAcrossChunks(t *testing.T) {
	input := func(first string, dates bool) string {
		var b strings.Builder
		b.WriteString("case_id,sex,age,registration_date,Remarks\n")
		for i := range 600 {
			// runs of five: a remark, then four dittos of it (the third written "-do-")
			remark := []string{"Rescued from a brick kiln", "Same person as above", "Not a victim", "Deleted", "Also registered by police"}[i/5%5]
			if i%5 > 0 {
				remark = []string{"", "Ditto", "Same as above", "-do-", "Idem"}[i%5]
			}
			if i == 0 {
				remark = first
			}
			date := "2023-02-01"
			if dates {
				date = fmt.Sprintf("0%d/0%d/2023", 1+i%9, 1+i%8) // day and month both below 13: provisional
				if i == 599 {
					date = "01/25/2023" // month first: every chunk held is converted again
				}
			}
			fmt.Fprintf(&b, "C%04d,female,%d,%s,%s\n", i, 10+i%7, date, remark)
		}
		return b.String()
	}
	read := func(in string, workers int) (string, []Rejection, []string, error) {
		r := NewReader("ditto.csv", strings.NewReader(in))
		r.Now, r.Workers, r.BatchSize = testNow, workers, 97
		var out strings.Builder
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return out.String(), r.Rejected(), r.Notices(), nil
			}
			if err != nil {
				return "", nil, nil, err
			}
			for _, row := range rows(rec) {
				fmt.Fprintln(&out, row)
			}
			rec.Release()
		}
	}
	defer func(n int) { csvChunk = n }(csvChunk)
	for _, dates := range []bool{false, true} {
		whole, wholeRej, notices, err := read(input("Rescued from a brick kiln", dates), 1)
		if err != nil {
			t.Fatal(err)
		}
		// of each 25 rows: 5 read (brick kiln), 5 duplicates of the row above (a chain from the
		// last brick kiln's), 5 not a victim, 5 deleted, 5 read (registered elsewhere)
		reasons := map[string]int{}
		for _, rj := range wholeRej {
			reasons[rj.Reason]++
		}
		if n := strings.Count(whole, "\n"); n != 240 || reasons[errRemarkNotVictim.Error()] != 120 || reasons[errMarkedNoCase.Error()] != 120 ||
			reasons[errAboveDuplicate.Error()] != 120 {
			t.Fatalf("dates %v, one chunk: %d kept, left out %v; want 240 kept, 120 each not a victim, deleted, the same as above", dates, n, reasons)
		}
		if !strings.Contains(strings.Join(notices, "\n"), "480 rows' remarks repeat the remark of the row above") {
			t.Errorf("dates %v: notices %q, want 480 dittos told", dates, notices)
		}
		for _, size := range []int{50, 90, 200, 1000} {
			csvChunk = size
			got, rej, _, err := read(input("Rescued from a brick kiln", dates), 4)
			if err != nil || got != whole || !reflect.DeepEqual(rej, wholeRej) {
				t.Errorf("dates %v, chunks of %d bytes: err %v, %d rows left out (want %d), kept the same: %v", dates, size, err, len(rej), len(wholeRej), got == whole)
			}
			_, _, _, err = read(input("Ditto", dates), 4)
			if !errors.Is(err, ErrDittoUnresolved) || !strings.Contains(err.Error(), ":2:") {
				t.Errorf("dates %v, chunks of %d bytes, a ditto on the first row: %v, want refused at line 2", dates, size, err)
			}
		}
		csvChunk = 1 << 20
	}
}
