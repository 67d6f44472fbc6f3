package ingest

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestRemarkIDsSizedOnce: the case numbers a remark may name (remarkIDs) are kept per chunk in
// a slice sized once from the rows the chunk may hold (worker.idsHint: t14's zp note, a third
// of remarkIDs' CPU at 10M CSV was append growing it), and the Reader keeps the chunks' slices
// as they are (no copy into one); a remark still finds a case of an earlier chunk, and one
// naming no case is still refused.
func TestRemarkIDsSizedOnce(t *testing.T) {
	input := func(last string) string {
		var b strings.Builder
		b.WriteString("case_id,sex,age,registration_date,Remarks\n")
		for i := range 3000 {
			remark := "Rescued"
			if i == 2999 {
				remark = last
			}
			fmt.Fprintf(&b, "C%04d,female,%d,2023-02-01,%s\n", i, 10+i%7, remark)
		}
		return b.String()
	}
	defer func(n int) { csvChunk = n }(csvChunk)
	csvChunk = 300 * 34 // about 300 rows of 34 bytes
	read := func(in string) (*Reader, int, error) {
		r := NewReader("ids.csv", strings.NewReader(in))
		r.Now, r.Workers = testNow, 1
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return r, n, nil
			}
			if err != nil {
				return r, n, err
			}
			n += int(rec.NumRows())
			rec.Release()
		}
	}
	r, n, err := read(input("Same as C0001"))
	if err != nil {
		t.Fatal(err)
	}
	if rej := r.Rejected(); n != 2999 || len(rej) != 1 || rej[0].Line != 3001 {
		t.Fatalf("%d read, rejected %+v: want 2999 and line 3001 as a duplicate of C0001", n, rej)
	}
	if len(r.dupIDs) < 8 {
		t.Fatalf("%d chunks of ids: want 8 or more", len(r.dupIDs))
	}
	total := 0
	for i, c := range r.dupIDs {
		total += len(c)
		// The first chunk's hint is a guess (64 bytes a row), the last chunk is short: the
		// others' capacity is the rows the text held, an eighth more and 16, where append's
		// doubling from empty would give 512 for 300.
		if i > 0 && i < len(r.dupIDs)-1 && (cap(c) < len(c) || cap(c) > len(c)+len(c)/4+32) {
			t.Errorf("chunk %d: %d ids in a slice of %d: want it sized once to the chunk's rows", i, len(c), cap(c))
		}
	}
	if total != 2999 { // the duplicate's own id is its mark's (dupMark.own)
		t.Errorf("%d ids kept, want 2999", total)
	}
	if _, _, err := read(input("Same as C9999")); err == nil || !strings.Contains(err.Error(), ErrRemarkDuplicateMissing.Error()) {
		t.Errorf("a remark naming no case: %v, want %v", err, ErrRemarkDuplicateMissing)
	}
}
