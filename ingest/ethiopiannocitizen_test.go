package ingest

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestEthiopianNoCitizenship: an Ethiopian organisation's register of its people exploited in
// Saudi Arabia, in the Ethiopian calendar, without a citizenship column, was read with no word
// (ing26's Left): nothing placed it in Ethiopia, so its dates were checked at the thresholds
// of rows that are not. With no row saying where its people come from, the sign that would
// refuse a register placed in Ethiopia is now said in a notice (not refused: nothing ties it to
// Ethiopia); with a citizenship column of ET it is refused, and with one of another country,
// or Gregorian dates, nothing is said.
func TestEthiopianNoCitizenship(t *testing.T) {
	register := func(seed uint64, ethiopian bool, citizenship string) string {
		rng := rand.New(rand.NewPCG(seed, 7))
		var b strings.Builder
		b.WriteString("case_id,sex,age,registration_date,country_of_exploitation")
		if citizenship != "" {
			b.WriteString(",citizenship")
		}
		b.WriteString("\n")
		for i := range 300 {
			var y, m, d int
			if ethiopian {
				y, m, d = 2015+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(30)
				if m == 2 && d > 28 {
					d = 28
				}
			} else {
				t := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*365))
				y, m, d = t.Year(), int(t.Month()), t.Day()
			}
			fmt.Fprintf(&b, "%d,%s,%d,%04d-%02d-%02d,SA", i+1, []string{"female", "male"}[i%2], 18+i%20, y, m, d)
			if citizenship != "" {
				b.WriteString("," + citizenship)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	read := func(text string) (*Reader, error) {
		r := NewReader("register.csv", strings.NewReader(text))
		r.Now = testNow
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				return r, nil
			}
			if err != nil {
				return r, err
			}
			rec.Release()
		}
	}
	said := func(r *Reader) bool {
		for _, n := range r.Notices() {
			if strings.Contains(n, "no row gives a citizenship or a country of origin") && strings.Contains(n, "Ethiopian calendar") {
				return true
			}
		}
		return false
	}
	r, err := read(register(1, true, ""))
	if err != nil {
		t.Fatalf("Ethiopian register in SA without citizenship: %v", err)
	}
	if !said(r) {
		t.Errorf("Ethiopian register in SA without citizenship: no notice of the calendar's sign; notices: %q", r.Notices())
	}
	if _, err := read(register(1, true, "ET")); !errors.Is(err, ErrCalendar) {
		t.Errorf("the same with citizenship ET: got %v, want ErrCalendar", err)
	}
	if r, err := read(register(1, true, "SA")); err != nil || said(r) {
		t.Errorf("the same with citizenship SA: %v, notice %v (its people are said to come from elsewhere)", err, said(r))
	}
	quiet := 0
	for seed := range uint64(20) {
		r, err := read(register(seed, false, ""))
		if err != nil {
			t.Errorf("Gregorian register %d without citizenship: %v", seed, err)
		} else if !said(r) {
			quiet++
		}
	}
	if quiet < 19 {
		t.Errorf("the notice on %d of 20 Gregorian registers without citizenship", 20-quiet)
	}
}
