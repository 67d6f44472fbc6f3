package intervals_test

import (
	"fmt"

	"github.com/prevalence/prevalence/intervals"
)

func ExampleWilson() {
	iv := intervals.Wilson(8, 20, 0.95)
	fmt.Printf("%.2f (%.4f, %.4f)\n", iv.Estimate, iv.Lower, iv.Upper)
	// Output: 0.40 (0.2188, 0.6134)
}

func ExampleRate() {
	// 10 identified victims in a population of 250,000, per 100,000.
	iv := intervals.Rate(10, 250000, 100000, 0.95)
	fmt.Printf("%.1f (%.2f, %.2f) per 100,000\n", iv.Estimate, iv.Lower, iv.Upper)
	// Output: 4.0 (1.92, 7.36) per 100,000
}

func ExamplePoissonRateRatio() {
	rr := intervals.PoissonRateRatio(30, 1, 15, 1, 0.95)
	fmt.Printf("ratio %.1f (%.3f, %.3f), p = %.4f\n", rr.Ratio, rr.Lower, rr.Upper, rr.PValue)
	// Output: ratio 2.0 (1.043, 4.000), p = 0.0357
}
