package mse

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// minFittedUnchecked maximises the Poisson log-likelihood by damped Newton
// steps without any existence check and returns the smallest fitted mean.
// When the MLE does not exist, the likelihood keeps rising along a
// direction that sends some means to zero, and after many steps they are
// tiny; when it exists, all means converge to positive values. This is an
// independent (if heuristic) check of the linear-programming test.
func minFittedUnchecked(X *mat.Dense, y []float64) float64 {
	K, p := X.Dims()
	beta := mat.NewVecDense(p, nil)
	var eta mat.VecDense
	ll := func(b *mat.VecDense) float64 {
		eta.MulVec(X, b)
		s := 0.0
		for i := 0; i < K; i++ {
			s += y[i]*eta.AtVec(i) - math.Exp(eta.AtVec(i))
		}
		return s
	}
	for it := 0; it < 120; it++ {
		eta.MulVec(X, beta)
		g := mat.NewVecDense(p, nil)
		H := mat.NewSymDense(p, nil)
		for i := 0; i < K; i++ {
			mu := math.Exp(eta.AtVec(i))
			for a := 0; a < p; a++ {
				if X.At(i, a) == 0 {
					continue
				}
				g.SetVec(a, g.AtVec(a)+y[i]-mu)
				for b := a; b < p; b++ {
					H.SetSym(a, b, H.At(a, b)+mu*X.At(i, b))
				}
			}
		}
		var d mat.VecDense
		if err := d.SolveVec(H, g); err != nil {
			d.CloneFromVec(g)
		}
		l0 := ll(beta)
		next := mat.NewVecDense(p, nil)
		for step := 1.0; step > 1e-12; step /= 2 {
			next.AddScaledVec(beta, step, &d)
			if ll(next) >= l0 {
				beta.CopyVec(next)
				break
			}
		}
	}
	eta.MulVec(X, beta)
	m := math.Inf(1)
	for i := 0; i < K; i++ {
		m = math.Min(m, math.Exp(eta.AtVec(i)))
	}
	return m
}

// TestExistenceAgainstNewton compares the existence check with unchecked
// likelihood maximisation for every pattern of empty cells of a 3-list
// table (nonempty cells hold 3) and every identifiable model whose
// interactions have records in common.
func TestExistenceAgainstNewton(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	pairs := allPairs(3)
	lists := []string{"A", "B", "C"}
	checked, missing := 0, 0
	for pat := 1; pat < 128; pat++ {
		y := make([]float64, 8)
		for h := 1; h < 8; h++ {
			if pat&(1<<(h-1)) != 0 {
				y[h] = 3
			}
		}
	models:
		for mm := 0; mm < 8; mm++ {
			var m Model
			for k, q := range pairs {
				if mm&(1<<k) != 0 {
					if overlapCount(y, q) == 0 {
						continue models
					}
					m.Interactions = append(m.Interactions, q)
				}
			}
			X := design(3, m, observable(3, nil))
			if _, p := X.Dims(); rank(X) < p {
				continue
			}
			exists := checkExists(X, y[1:], m, lists) == nil
			if got := minFittedUnchecked(X, y[1:]) > 1e-6; got != exists {
				t.Errorf("cells %07b, model %v: check says exists=%v, Newton says %v", pat, m.Names(lists), exists, got)
			}
			checked++
			if !exists {
				missing++
			}
		}
	}
	if checked < 700 || missing < 100 {
		t.Errorf("only %d models checked, %d without estimate", checked, missing)
	}
}
