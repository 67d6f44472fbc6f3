package outcomes

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestDayAsDate: day is the calendar date's day number in the time's own location, as
// reading the date with t.Date() and counting its midnight in UTC gives (the form it
// replaced), before and after 1970, at midnight and a second either side, in zones east
// and west of Greenwich.
func TestDayAsDate(t *testing.T) {
	byDate := func(t time.Time) int64 {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	locs := []*time.Location{time.UTC, time.FixedZone("kabul", 4*3600+1800), time.FixedZone("west", -5*3600)}
	if l, err := time.LoadLocation("Asia/Kolkata"); err == nil {
		locs = append(locs, l)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		sec := rng.Int64N(200*365*86400) - 100*365*86400
		switch rng.IntN(4) {
		case 0:
			sec -= sec % 86400
		case 1:
			sec -= sec%86400 + 1
		}
		for _, l := range locs {
			tm := time.Unix(sec, int64(rng.IntN(1e9))).In(l)
			if got, want := day(tm), byDate(tm); got != want {
				t.Fatalf("%v: day %d, the date's %d", tm, got, want)
			}
		}
	}
}
