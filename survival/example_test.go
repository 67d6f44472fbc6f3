package survival_test

import (
	"fmt"

	"github.com/prevalence/prevalence/survival"
)

func ExampleKaplanMeier() {
	// Months in care; false = still in care (censored).
	months := []float64{1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8}
	left := []bool{true, true, true, false, true, false, true, true, false, true, false, true, true}
	c, _ := survival.KaplanMeier(months, left, survival.Options{})
	pts, _ := c.At(3, 6)
	for _, p := range pts {
		fmt.Printf("%2g months: %.3f (%.3f, %.3f) at risk %d\n", p.Time, p.Surv, p.Lower, p.Upper, p.NRisk)
	}
	// Output:
	//  3 months: 0.684 (0.469, 0.997) at risk 9
	//  6 months: 0.366 (0.160, 0.836) at risk 4
}

func ExampleCumulativeIncidence() {
	// 1 = reintegrated, 2 = transferred, 0 = still in care.
	months := []float64{1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8}
	status := []int{1, 1, 2, 0, 1, 0, 2, 1, 0, 1, 0, 2, 1}
	ci, _ := survival.CumulativeIncidence(months, status, 2, survival.Options{})
	pts, _ := ci.At(6)
	fmt.Printf("reintegrated by 6 months: %.3f (%.3f, %.3f)\n", pts[0].P[1], pts[0].Lower[1], pts[0].Upper[1])
	fmt.Printf("transferred by 6 months: %.3f\n", pts[0].P[2])
	// Output:
	// reintegrated by 6 months: 0.459 (0.235, 0.898)
	// transferred by 6 months: 0.175
}

func ExampleLogRank() {
	months := []float64{1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8}
	left := []bool{true, true, true, false, true, false, true, true, false, true, false, true, true}
	route := []string{"a", "a", "b", "b", "a", "a", "b", "b", "a", "b", "a", "b", "a"}
	lr, _ := survival.LogRank(months, left, route)
	fmt.Printf("chi-square %.3f on %d df, p = %.3f\n", lr.ChiSq, lr.DF, lr.PValue)
	// Output: chi-square 0.161 on 1 df, p = 0.688
}
