package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/intervals"
)

// TestWithIntervalNoisyZero: a count that noise moved to 0 is worded as a noisy count with its
// widened interval, never "no girls recorded" (attack-2026-12-01e finding 13); an exact 0 still
// reads "no girls recorded".
func TestWithIntervalNoisyZero(t *testing.T) {
	r := &report{opt: Options{Threshold: 10}}
	got := r.withInterval(bar{text: "0", noise: intervals.Noise{Epsilon: 1, Terms: 1}}, "girls")
	if strings.Contains(got, "recorded") || !strings.Contains(got, "after the added noise") || !strings.Contains(got, "95% CI 0–") {
		t.Errorf("noisy 0: %q", got)
	}
	if got := r.withInterval(bar{text: "0"}, "girls"); got != "no girls recorded" {
		t.Errorf("exact 0: %q", got)
	}
}
