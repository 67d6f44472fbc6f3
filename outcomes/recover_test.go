package outcomes_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/survival"
)

// Stays simulated with known exit rates, derived through Derive (dates in,
// months out) and estimated by survival.CumulativeIncidence: the 95%
// intervals at 6, 12 and 24 months cover the true cumulative incidence of
// each exit cause (a fixed seed, so the test is deterministic).
func TestRecoversTrueExitRates(t *testing.T) {
	const (
		n       = 3000
		hazard  = 1.0 / 10 // exits per month in care: mean stay 10 months
		monthsD = outcomes.MonthDays
	)
	share := []float64{0.6, 0.25, 0.1, 0.05} // reintegrated, transferred, absconded, other
	reasons := []outcomes.EndReason{outcomes.Reintegrated, outcomes.Transferred, outcomes.Absconded, outcomes.AgedOut}
	rng := rand.New(rand.NewPCG(12, 2026))
	adm := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var months []float64
	var status []int
	for range n {
		stay := rng.ExpFloat64() / hazard
		extract := 36 * rng.Float64() // administrative censoring within 3 years
		c := outcomes.Care{Admitted: adm, Extracted: adm.AddDate(0, 0, int(extract*monthsD))}
		if stay < extract {
			u, k := rng.Float64(), 0
			for ; u > share[k]; k++ {
				u -= share[k]
			}
			c.Left, c.Reason = adm.AddDate(0, 0, int(stay*monthsD)), reasons[k]
		}
		o, err := outcomes.Derive(c)
		if err != nil {
			t.Fatal(err)
		}
		months, status = append(months, o.StayMonths), append(status, o.ExitStatus)
	}
	ci, err := survival.CumulativeIncidence(months, status, outcomes.ExitCauses, survival.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pts, _ := ci.At(6, 12, 24)
	for _, p := range pts {
		// Whole days truncate each time by up to a day: allow for it.
		tm := p.Time + 0.5/monthsD
		for k := 1; k <= outcomes.ExitCauses; k++ {
			truth := share[k-1] * (1 - math.Exp(-hazard*tm))
			if truth < p.Lower[k] || truth > p.Upper[k] {
				t.Errorf("cause %d at %g months: true %.4f outside (%.4f, %.4f)", k, p.Time, truth, p.Lower[k], p.Upper[k])
			}
		}
	}
}
