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
	for _, n := range []int{1, 2, 17, 1000, radixMin - 1, radixMin, 50000} {
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

// TestRadixOrder: the radix sort's order is the stable sort's on times of every kind it may
// meet: months from days (ties), integers, tiny and huge values, zeros of both signs, all
// equal (every pass skipped), and times that differ only in their lowest or highest bits.
func TestRadixOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 3))
	kinds := map[string]func(i int) float64{
		"days":   func(int) float64 { return float64(rng.IntN(4000)) / 30.4375 },
		"ints":   func(int) float64 { return float64(rng.IntN(30)) },
		"spread": func(int) float64 { return rng.ExpFloat64() * math.Pow(10, float64(rng.IntN(40)-20)) },
		"zeros": func(int) float64 {
			if rng.IntN(2) == 0 {
				return math.Copysign(0, -1)
			}
			return float64(rng.IntN(2))
		},
		"equal":   func(int) float64 { return 3.25 },
		"lowbits": func(int) float64 { return math.Float64frombits(math.Float64bits(7.5) + uint64(rng.IntN(5))) },
		"max":     func(int) float64 { return []float64{math.MaxFloat64, math.SmallestNonzeroFloat64, 0, 1}[rng.IntN(4)] },
	}
	for name, draw := range kinds {
		for _, n := range []int{1, 2, 5000, 100000} {
			time := make([]float64, n)
			for i := range time {
				time[i] = draw(i)
			}
			want := make([]int, n)
			for i := range want {
				want[i] = i
			}
			sort.SliceStable(want, func(a, b int) bool { return time[want[a]] < time[want[b]] })
			if got := radixOrder(time); !slices.Equal(got, want) {
				t.Fatalf("%s, %d times: the radix order differs from the stable sort's", name, n)
			}
		}
	}
}

// BenchmarkCheckTimes sorts a million months from days (the outcome tables' times), by the
// comparison sort and by radix:
//
//	go test ./survival -run '^$' -bench CheckTimes
func BenchmarkCheckTimes(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	time := make([]float64, 1_000_000)
	for i := range time {
		time[i] = float64(rng.IntN(4000)) / 30.4375
	}
	b.Run("pairs", func(b *testing.B) {
		for b.Loop() {
			pairOrder(time)
		}
	})
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			radixOrder(time)
		}
	})
}
