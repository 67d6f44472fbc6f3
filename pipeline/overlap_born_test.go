package pipeline

import (
	"testing"
	"time"
)

// TestEstimatedDay checks estimatedDay (1 January, 1 July) against time's calendar from 1900
// to 2100.
func TestEstimatedDay(t *testing.T) {
	for d := int32(-25567); d <= 47482; d++ {
		_, m, day := time.Unix(int64(d)*86400, 0).UTC().Date()
		if want := day == 1 && (m == time.January || m == time.July); estimatedDay(d) != want {
			t.Fatalf("day %d (%v): %v, want %v", d, time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly), !want, want)
		}
	}
}
