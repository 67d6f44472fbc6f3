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

// TestEthiopianLateDays: a 300-row register placed in Ethiopia in the Ethiopian calendar
// (months 1-12, days 1-30, no month 13, no 29 or 30 February) with five dates on day 30 was
// read as Gregorian, seven to eight years early, with a notice (attack-2026-12-04b, lows): the
// test of day 30 against day 31 needs six day-30s. Its some 58 dates on days 21-30 of the months
// that have 31 days, and none on day 31, refuse it; 300 Gregorian dates placed in Ethiopia, and
// the same Ethiopian register placed in Kenya (where 73 such dates are asked for), are read.
func TestEthiopianLateDays(t *testing.T) {
	register := func(seed uint64, ethiopian bool, country string) (string, int) {
		rng := rand.New(rand.NewPCG(seed, 1))
		var b strings.Builder
		b.WriteString("case_id,sex,age,registration_date,country_of_exploitation\n")
		day30 := 0
		for i := range 300 {
			var y, m, d int
			if ethiopian {
				y, m = 2015+rng.IntN(2), 1+rng.IntN(12)
				d = 1 + rng.IntN(29) // day 30 only five times, below the test of day 30
				if day30 < 5 && i%60 == 7 && m != 2 {
					d, day30 = 30, day30+1
				}
				if m == 2 && d > 28 {
					d = 28
				}
			} else {
				t := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*365))
				y, m, d = t.Year(), int(t.Month()), t.Day()
			}
			fmt.Fprintf(&b, "%d,%s,%d,%04d-%02d-%02d,%s\n", i+1, []string{"female", "male"}[i%2], 10+i%8, y, m, d, country)
		}
		return b.String(), day30
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
	text, n30 := register(1, true, "ET")
	if n30 != 5 {
		t.Fatalf("the register has %d dates of day 30, want 5", n30)
	}
	_, err := read(text)
	if !errors.Is(err, ErrCalendar) || !strings.Contains(err.Error(), "on days 21 to 30 of months that have 31 days and none on day 31") {
		t.Errorf("Ethiopian register placed in Ethiopia: got %v, want ErrCalendar by its days 21-30", err)
	}
	for seed := range uint64(20) {
		text, _ := register(seed, false, "ET")
		if _, err := read(text); err != nil {
			t.Errorf("Gregorian register %d placed in Ethiopia refused: %v", seed, err)
		}
	}
	text, _ = register(1, true, "KE")
	if _, err := read(text); err != nil {
		t.Errorf("Ethiopian register placed in Kenya (one sign): %v", err)
	}
}
