package survival

import (
	"errors"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// LogRankTest is the result of the log-rank test, as R's survdiff with
// rho = 0 reports it. Per-group slices follow Groups.
type LogRankTest struct {
	Groups   []string  // group labels, sorted (byte order)
	N        []int     // cases per group
	Observed []float64 // events per group
	Expected []float64 // expected events per group under equal curves
	// Var is the variance-covariance matrix of Observed - Expected
	// (len(Groups) × len(Groups), row-major), survdiff's var.
	Var    [][]float64
	ChiSq  float64 // the test statistic
	DF     int     // degrees of freedom: groups with Expected > 0, minus 1
	PValue float64 // upper tail of the chi-square distribution with DF; NaN when DF is 0
}

// LogRank tests whether the groups' curves are equal (Mantel 1966; Peto
// and Peto 1972), as survdiff(Surv(time, event) ~ group) in R:
//
//	E_g = Σ_j d_j n_gj / n_j
//	V_gh = Σ_j d_j (n_j - d_j) / (n_j - 1) · n_gj/n_j · (δ_gh - n_hj/n_j)
//	χ² = (O - E)' V⁻ (O - E)
//
// over the distinct event times j, the inverse taken over the groups with
// Expected > 0 after dropping the first. time is in months, event whether the
// case had the event (true) or was censored (false), group the label of each
// case. An error is an *InputError; fewer than two groups with events
// expected gives ChiSq 0 and DF 0, as survdiff.
func LogRank(time []float64, event []bool, group []string) (*LogRankTest, error) {
	if len(event) != len(time) {
		return nil, lengthError("event", len(event), len(time))
	}
	if len(group) != len(time) {
		return nil, lengthError("group", len(group), len(time))
	}
	order, err := checkTimes(time)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for _, g := range group {
		index[g] = 0
	}
	labels := make([]string, 0, len(index))
	for g := range index {
		labels = append(labels, g)
	}
	sort.Strings(labels)
	for i, g := range labels {
		index[g] = i
	}
	G := len(labels)
	res := &LogRankTest{Groups: labels, N: make([]int, G), Observed: make([]float64, G),
		Expected: make([]float64, G), Var: make([][]float64, G)}
	for g := range res.Var {
		res.Var[g] = make([]float64, G)
	}
	atRisk := make([]int, G)
	for _, g := range group {
		atRisk[index[g]]++
	}
	copy(res.N, atRisk)
	n := len(time)
	dg := make([]int, G)
	for i := 0; i < len(order); {
		t := time[order[i]]
		for g := range dg {
			dg[g] = 0
		}
		d, left := 0, make([]int, 0, 4)
		for ; i < len(order) && time[order[i]] == t; i++ {
			g := index[group[order[i]]]
			left = append(left, g)
			if event[order[i]] {
				dg[g]++
				d++
			}
		}
		if d > 0 {
			nf, df := float64(n), float64(d)
			kt := 0.0
			if n > 1 {
				kt = df * (nf - df) / (nf * (nf - 1))
			}
			for g := 0; g < G; g++ {
				res.Observed[g] += float64(dg[g])
				eg := df * float64(atRisk[g]) / nf
				res.Expected[g] += eg
				for h := 0; h < G; h++ {
					v := -kt * float64(atRisk[g]) * float64(atRisk[h]) / nf
					if g == h {
						v += kt * float64(atRisk[g])
					}
					res.Var[g][h] += v
				}
			}
		}
		for _, g := range left {
			atRisk[g]--
			n--
		}
	}
	var keep []int
	for g := range labels {
		if res.Expected[g] > 0 {
			keep = append(keep, g)
		}
	}
	res.DF = len(keep) - 1
	if len(keep) < 2 {
		res.DF = max(res.DF, 0)
		res.PValue = pChiSq(0, res.DF)
		return res, nil
	}
	keep = keep[1:]
	m := len(keep)
	v := mat.NewDense(m, m, nil)
	oe := mat.NewVecDense(m, nil)
	for a, g := range keep {
		oe.SetVec(a, res.Observed[g]-res.Expected[g])
		for b, h := range keep {
			v.Set(a, b, res.Var[g][h])
		}
	}
	var x mat.VecDense
	// A mat.Condition error is a warning that comes with a solution.
	if err := x.SolveVec(v, oe); err != nil && !errors.As(err, new(mat.Condition)) {
		return nil, &InputError{Arg: "group", Index: -1, Reason: "variance matrix is singular: " + err.Error()}
	}
	res.ChiSq = mat.Dot(&x, oe)
	res.PValue = pChiSq(res.ChiSq, res.DF)
	return res, nil
}

func pChiSq(x float64, df int) float64 {
	if df <= 0 {
		return nan()
	}
	return distuv.ChiSquared{K: float64(df)}.Survival(x)
}
