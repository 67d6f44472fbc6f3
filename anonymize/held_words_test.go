package anonymize

import "testing"

// TestHeldValuesFrom: the held statement's values printed again under a raised threshold (10 to
// 11 said "the counts of 10 to 10"; privacy-side-doors37).
func TestHeldValuesFrom(t *testing.T) {
	for _, c := range []struct {
		lo, hi int
		want   string
	}{{10, 10, "10"}, {5, 9, "5 to 9"}, {10, 11, "10 to 11"}} {
		if got := valuesFrom(c.lo, c.hi); got != c.want {
			t.Errorf("valuesFrom(%d, %d) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}
