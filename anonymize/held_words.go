package anonymize

import "fmt"

// valuesFrom says the values lo to hi for the held statement: "10" for one value (it said
// "the counts of 10 to 10" when the threshold rose by one: privacy-side-doors37), "5 to 9" else.
func valuesFrom(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d to %d", lo, hi)
}
