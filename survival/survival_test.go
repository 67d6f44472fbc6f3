package survival

import (
	"errors"
	"math"
	"testing"
)

func TestInputErrors(t *testing.T) {
	var ie *InputError
	cases := []struct {
		name string
		err  error
	}{
		{"empty", func() error { _, err := KaplanMeier(nil, nil, Options{}); return err }()},
		{"length", func() error { _, err := KaplanMeier([]float64{1, 2}, []bool{true}, Options{}); return err }()},
		{"negative", func() error { _, err := KaplanMeier([]float64{1, -2}, []bool{true, true}, Options{}); return err }()},
		{"nan", func() error { _, err := LogRank([]float64{math.NaN()}, []bool{true}, []string{"a"}); return err }()},
		{"level", func() error { _, err := KaplanMeier([]float64{1}, []bool{true}, Options{Level: 1}); return err }()},
		{"cause", func() error {
			_, err := CumulativeIncidence([]float64{1, 2}, []int{1, 3}, 2, Options{})
			return err
		}()},
		{"times", func() error {
			c, _ := KaplanMeier([]float64{1}, []bool{true}, Options{})
			_, err := c.At(6, 3)
			return err
		}()},
	}
	for _, c := range cases {
		if !errors.As(c.err, &ie) {
			t.Errorf("%s: got %v, want *InputError", c.name, c.err)
		}
	}
	_, err := KaplanMeier([]float64{1, -2.5}, []bool{true, true}, Options{})
	if got := err.Error(); got != "survival: time[1]: negative" {
		t.Errorf("error %q should name the index and not the value", got)
	}
}

// With one cause, the Aalen-Johansen estimate is 1 - Kaplan-Meier; with
// several, the states' probabilities sum to 1 at every step.
func TestCumulativeIncidenceConsistency(t *testing.T) {
	time := []float64{1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8}
	status := []int{1, 1, 2, 0, 1, 0, 2, 1, 0, 1, 0, 2, 1}
	event := make([]bool, len(status))
	one := make([]int, len(status))
	for i, s := range status {
		event[i] = s > 0
		if s > 0 {
			one[i] = 1
		}
	}
	km, _ := KaplanMeier(time, event, Options{})
	ci1, _ := CumulativeIncidence(time, one, 1, Options{})
	ci, _ := CumulativeIncidence(time, status, 2, Options{})
	for j, s := range km.Steps {
		if !same(ci1.Steps[j].P[1], 1-s.Surv) || !same(ci.Steps[j].P[0], s.Surv) {
			t.Errorf("step %d: incidence %g, state 0 %g, KM %g", j, ci1.Steps[j].P[1], ci.Steps[j].P[0], s.Surv)
		}
		sum := 0.0
		for _, p := range ci.Steps[j].P {
			sum += p
		}
		if !same(sum, 1) {
			t.Errorf("step %d: probabilities sum to %g", j, sum)
		}
	}
}

// Events come before censorings at the same time: a case censored at 2 is
// at risk for the events at 2.
func TestTiesEventsBeforeCensoring(t *testing.T) {
	c, _ := KaplanMeier([]float64{2, 2, 3}, []bool{true, false, true}, Options{})
	if got := c.Steps[0].Surv; !same(got, 2.0/3) {
		t.Errorf("S(2) = %g, want 2/3 (3 at risk at month 2)", got)
	}
}

// Where the curve is exactly one half over an interval, the median is the
// midpoint to the next step down, as survfit prints it.
func TestMedianAtExactHalf(t *testing.T) {
	c, _ := KaplanMeier([]float64{1, 2, 3, 4}, []bool{true, true, true, true}, Options{})
	if got := c.Median(); got != 2.5 {
		t.Errorf("median %g, want 2.5", got)
	}
	c, _ = KaplanMeier([]float64{1, 2, 3}, []bool{true, false, false}, Options{})
	if got := c.Median(); !math.IsNaN(got) {
		t.Errorf("median %g of a curve that stays above one half, want NaN", got)
	}
}
