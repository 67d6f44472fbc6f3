package pipeline

import (
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestAfterExtracted: registrations dated after their source's extracted: date are said
// (some) or refuse the run (most of them), naming the input and the counts, never a date of a
// case (attack-2026-12-03f finding 11).
func TestAfterExtracted(t *testing.T) {
	day := func(s string) int32 {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return int32(d.Unix() / 86400)
	}
	batch := func(dates ...string) (arrow.Array, arrow.Array) {
		rb := array.NewDate32Builder(memory.DefaultAllocator)
		yb := array.NewInt32Builder(memory.DefaultAllocator)
		for _, d := range dates {
			rb.Append(arrow.Date32(day(d)))
			yb.AppendNull()
		}
		return rb.NewArray(), yb.NewArray()
	}
	for _, c := range []struct {
		name      string
		extracted string
		dates     []string
		notice    string
		err       string
	}{
		{"none after", "2024-06-30", []string{"2024-01-05", "2024-06-30"}, "", ""},
		{"no extracted: date", "", []string{"2024-01-05", "2024-12-30"}, "", ""},
		{"one of three after", "2024-06-30", []string{"2024-01-05", "2024-03-01", "2024-07-01"}, "1 of its 3 rows with a registration date are registered after 2024-06-30", ""},
		{"most after", "2024-03-15", []string{"2024-01-05", "2024-04-01", "2024-07-01"}, "", "2 of its 3 rows with a registration date are registered after 2024-03-15"},
	} {
		p := &inputPrint{label: "input 1"}
		if c.extracted != "" {
			p.extracted, p.hasExtracted = day(c.extracted), true
		}
		reg, year := batch(c.dates...)
		p.lastDates(reg, year)
		notice, err := afterExtracted(p)
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
		if c.notice == "" && notice != "" || c.notice != "" && !strings.Contains(notice, c.notice) {
			t.Errorf("%s: notice %q, want %q", c.name, notice, c.notice)
		}
	}
}
