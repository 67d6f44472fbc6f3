package ingest

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestAboveAcrossChunks (attack-2026-12-05g Z2): a remark naming the row above ("Same person as
// above", "Same as previous row") is a duplicate of that row's case however the input is cut
// into chunks: a chunk's first row's row above is the last chunk's (Reader.accept). With chunks
// of a row or two and 4 workers, as with one chunk: the same rows kept and left out; and a row
// whose row above is a test record refused at the same line.
func TestAboveAcrossChunks(t *testing.T) {
	input := func(test int) string {
		var b strings.Builder
		b.WriteString("case_id,sex,age,registration_date,Remarks\n")
		for i := range 600 {
			remark := []string{"", "Same person as above", "Same as previous row"}[i%3]
			if i == test {
				remark = "Test record"
			}
			fmt.Fprintf(&b, "C%04d,female,%d,2023-02-01,%s\n", i, 10+i%7, remark)
		}
		return b.String()
	}
	read := func(in string, workers int) (string, []Rejection, error) {
		r := NewReader("above.csv", strings.NewReader(in))
		r.Now, r.Workers, r.BatchSize = testNow, workers, 97
		var out strings.Builder
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return out.String(), r.Rejected(), nil
			}
			if err != nil {
				return "", nil, err
			}
			for _, row := range rows(rec) {
				fmt.Fprintln(&out, row)
			}
			rec.Release()
		}
	}
	defer func(n int) { csvChunk = n }(csvChunk)
	whole, wholeRej, err := read(input(-1), 1)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(whole, "\n"); n != 200 || len(wholeRej) != 400 || wholeRej[0].Reason != errAboveDuplicate.Error() || wholeRej[0].Line != 3 {
		t.Fatalf("one chunk: %d kept, %d left out (first %+v), want 200 and 400 as duplicates of the row above", n, len(wholeRej), wholeRej[0])
	}
	_, _, wholeErr := read(input(300), 1)
	if !errors.Is(wholeErr, ErrRemarkDuplicateMissing) || !strings.Contains(wholeErr.Error(), ":303:") ||
		!strings.Contains(wholeErr.Error(), "2 of them say they are the same person as the row above") {
		t.Fatalf("a test record above: %v, want refused at line 303, 2 rows", wholeErr)
	}
	for _, size := range []int{50, 90, 200} {
		csvChunk = size
		got, rej, err := read(input(-1), 4)
		if err != nil || got != whole || !reflect.DeepEqual(rej, wholeRej) {
			t.Errorf("chunks of %d bytes: err %v, %d rows left out, kept the same: %v", size, err, len(rej), got == whole)
		}
		if _, _, err := read(input(300), 4); err == nil || err.Error() != wholeErr.Error() {
			t.Errorf("chunks of %d bytes, a test record above: %v", size, err)
		}
	}
}
