package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
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

// TestWithIntervalNoisySmall: a noisy count shown as "<10" is not said to be fewer than 10
// (the count recorded may be more): its line says the noise and bounds it (attack-2026-12-01f
// lows); without noise it stays "<10 boys (fewer than 10)".
func TestWithIntervalNoisySmall(t *testing.T) {
	r := &report{opt: Options{Threshold: 10}}
	got := r.withInterval(bar{text: "<10", noise: intervals.Noise{Epsilon: 1, Terms: 1}}, "boys")
	if strings.Contains(got, "(fewer than 10)") || !strings.Contains(got, "<10 boys after the added noise") || !strings.Contains(got, "may be 10 or more") {
		t.Errorf("noisy <10: %q", got)
	}
	hi := intervals.PoissonNoisy(9, intervals.Noise{Epsilon: 1, Terms: 1}, 0.95).Upper
	if want := fmt.Sprintf("95%% CI 0–%.0f", hi); !strings.Contains(got, want) || hi <= intervals.PoissonExact(9, 0.95).Upper {
		t.Errorf("noisy <10: %q, want %q above the exact interval's", got, want)
	}
	if got := r.withInterval(bar{text: "<10"}, "boys"); got != "<10 boys (fewer than 10)" {
		t.Errorf("exact <10: %q", got)
	}
}

// TestCellBarNoisySmall: the brief's bar of a noisy "<10" carries the noise its line needs.
func TestCellBarNoisySmall(t *testing.T) {
	tb := &Table{Name: "boys-by-province", Threshold: 10, Epsilon: 1, Counts: []string{"cases"},
		Rows: []release.Row{{Labels: []string{"IN", "IN-MH"}, Values: []int64{0}, State: []release.State{release.Primary}, Noise: []int{1}}}}
	b := cellBar(tb, 0, 0, 10, "Maharashtra")
	if b.text != "<10" || b.noise.None() {
		t.Errorf("noisy <10 bar: %+v", b)
	}
	r := &report{opt: Options{Threshold: 10}}
	if got := r.withInterval(b, "boys"); !strings.Contains(got, "after the added noise") {
		t.Errorf("noisy <10 line: %q", got)
	}
}
