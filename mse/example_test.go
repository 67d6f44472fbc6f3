package mse_test

import (
	"fmt"
	"log"
	"os"

	"github.com/prevalence/prevalence/mse"
)

func ExampleStepwise() {
	f, err := os.Open("testdata/NewOrl.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	t, err := mse.ReadCSV(f)
	if err != nil {
		log.Fatal(err)
	}
	fit, err := mse.Stepwise(t, 0.02)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fit.InteractionNames())
	fmt.Printf("total %.2f, 95%% CI (%.1f, %.1f)\n", fit.Total, fit.Lower, fit.Upper)
	// Output:
	// [D:E]
	// total 1183.69, 95% CI (720.9, 2046.1)
}
