package survival

import (
	"math"
	"math/rand/v2"
	"testing"
)

// quadraticStdErr is CumulativeIncidence's infinitesimal jackknife as it was written before
// the common path of cases at risk was shared (every case's influence followed over every
// step), from the steps' counts: the reference TestJackknifeSameBits holds the new one to.
func quadraticStdErr(c *CumInc) [][]float64 {
	K := c.Causes + 1
	out := make([][]float64, len(c.Steps))
	for j := range out {
		out[j] = make([]float64, K)
	}
	prevS := func(j int) float64 {
		if j == 0 {
			return 1
		}
		return c.Steps[j-1].P[0]
	}
	d := func(j, s int) int {
		if s == 0 {
			return c.Steps[j].NCensor
		}
		return c.Steps[j].NEvent[s]
	}
	events := func(j int) int {
		e := 0
		for k := 1; k < K; k++ {
			e += c.Steps[j].NEvent[k]
		}
		return e
	}
	dS := make([]float64, K)
	for j0 := range c.Steps {
		for s := 0; s < K; s++ {
			m := d(j0, s)
			if m == 0 {
				continue
			}
			for k := range dS {
				dS[k] = 0
			}
			for j := 0; j < len(c.Steps); j++ {
				n := float64(c.Steps[j].NRisk)
				sPrev, dPrev := prevS(j), dS[0]
				atRisk := 0.0
				if j <= j0 {
					atRisk = 1
				}
				var dhAll float64
				for k := 1; k < K; k++ {
					h := float64(d(j, k)) / n
					dN := 0.0
					if j == j0 && s == k {
						dN = 1
					}
					dh := (dN - atRisk*h) / n
					dhAll += dh
					dS[k] += dPrev*h + sPrev*dh
				}
				dS[0] = dPrev*(1-float64(events(j))/n) - sPrev*dhAll
				for k := range dS {
					out[j][k] += float64(m) * dS[k] * dS[k]
				}
			}
		}
	}
	for j := range out {
		for k := range out[j] {
			out[j][k] = math.Sqrt(out[j][k])
		}
	}
	return out
}

// TestJackknifeSameBits: the standard errors are the quadratic loop's to the bit, on random
// data of one to three causes, with ties, censoring and times before every event.
func TestJackknifeSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 4))
	for trial := range 200 {
		n := 1 + rng.IntN(400)
		causes := 1 + rng.IntN(3)
		time := make([]float64, n)
		status := make([]int, n)
		for i := range time {
			time[i] = float64(rng.IntN(1+rng.IntN(200))) / 30.4375
			status[i] = rng.IntN(causes + 1)
		}
		c, err := CumulativeIncidence(time, status, causes, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := quadraticStdErr(c)
		for j, st := range c.Steps {
			for k, se := range st.StdErr {
				if math.Float64bits(se) != math.Float64bits(want[j][k]) {
					t.Fatalf("trial %d, step %d, state %d: standard error %v, the quadratic loop's %v", trial, j, k, se, want[j][k])
				}
			}
		}
	}
}

// BenchmarkCumulativeIncidence: 100,000 stays of up to two years in days, three competing
// exits (the reintegration table's shape), most of the time in the jackknife:
//
//	go test ./survival -run '^$' -bench CumulativeIncidence
func BenchmarkCumulativeIncidence(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	time := make([]float64, 100_000)
	status := make([]int, len(time))
	for i := range time {
		time[i] = float64(rng.IntN(730)) / 30.4375
		status[i] = rng.IntN(4)
	}
	for b.Loop() {
		if _, err := CumulativeIncidence(time, status, 3, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
