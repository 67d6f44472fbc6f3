package outcomes_test

import (
	"fmt"

	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/survival"
)

func ExampleJusticeFunnel() {
	cases := []outcomes.LegalCase{
		{Stage: outcomes.Complaint, Disposition: outcomes.Withdrawn},
		{Stage: outcomes.Arrest, Disposition: outcomes.Pending},
		{Stage: outcomes.ChargeSheet, Disposition: outcomes.Discharged},
		{Stage: outcomes.Disposed, Disposition: outcomes.Convicted},
		{Stage: outcomes.Disposed, Disposition: outcomes.Acquitted},
	}
	f, _ := outcomes.JusticeFunnel(cases, 0.95)
	for _, s := range f.Stages {
		fmt.Printf("%-12s %d\n", s.Stage, s.Reached)
	}
	fmt.Printf("%s: %d/%d\n", f.OverTrials.Label, f.OverTrials.Count, f.OverTrials.Of)
	fmt.Printf("%s: %d/%d\n", f.OverRegistered.Label, f.OverRegistered.Count, f.OverRegistered.Of)
	// Output:
	// complaint    5
	// arrest       4
	// charge sheet 3
	// trial        2
	// disposed     2
	// conviction rate over completed trials (convicted / convicted or acquitted): 1/2
	// conviction rate over cases registered (convicted / complaints registered): 1/5
}

func ExampleBedsNeeded() {
	// Months in care of last year's 13 admissions; false = still in care.
	months := []float64{1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8}
	left := []bool{true, true, true, false, true, false, true, true, false, true, false, true, true}
	c, _ := survival.KaplanMeier(months, left, survival.Options{})
	stay, _ := c.RestrictedMean(12) // mean stay, open stays included, up to 12 months
	fmt.Printf("mean stay %.2f months; beds %.1f, at 85%% occupancy %.1f\n",
		stay, outcomes.BedsNeeded(13, 12, stay, 1), outcomes.BedsNeeded(13, 12, stay, 0.85))
	// Output: mean stay 5.18 months; beds 5.6, at 85% occupancy 6.6
}
