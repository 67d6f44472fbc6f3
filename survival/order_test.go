package survival

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestCheckTimesStableOrder: the order is the stable sort's (by time, ties in input order),
// on times with many ties, a negative zero among zeros included.
func TestCheckTimesStableOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for _, n := range []int{1, 2, 17, 1000} {
		time := make([]float64, n)
		for i := range time {
			time[i] = float64(rng.IntN(12)) / 2
		}
		time[0] = math.Copysign(0, -1)
		got, err := checkTimes(time)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		sort.SliceStable(want, func(a, b int) bool { return time[want[a]] < time[want[b]] })
		if !slices.Equal(got, want) {
			t.Fatalf("%d times: order %v, want %v", n, got, want)
		}
	}
}
