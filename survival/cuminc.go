package survival

import "math"

// CumInc is an Aalen-Johansen estimate of competing outcomes: one
// IncStep per distinct observed time, in increasing order, as the rows of
// R's multi-state survfit object. State 0 is the initial state (no outcome
// yet, survfit's "(s0)"); state k = 1..Causes is "ended by cause k".
type CumInc struct {
	N         int // observations
	Causes    int // competing causes; slices in the steps have Causes+1 entries
	Level     float64
	Transform Transform
	Steps     []IncStep
}

// IncStep is the estimate just after one distinct observed time. Slices are
// indexed by state: 0 the initial state, k the cause k.
type IncStep struct {
	Time    float64 // months
	NRisk   int     // cases at risk at Time (in the initial state, time >= Time)
	NEvent  []int   // events of each cause at Time; NEvent[0] is 0
	NCensor int     // censored at Time
	// P[0] is the probability of still being in the initial state after
	// Time (the all-cause Kaplan-Meier estimate); P[k] the cumulative
	// incidence of cause k by Time. They sum to 1.
	P []float64
	// StdErr is the infinitesimal jackknife standard error of each P, as
	// survfit reports for multi-state curves.
	StdErr []float64
	// Lower and Upper are the confidence limits of P under the Transform,
	// computed from StdErr/P; NaN where R reports NA (P = 0, and for
	// log-log also P = 1).
	Lower, Upper []float64
}

// CumulativeIncidence returns the Aalen-Johansen (1978) estimate of the
// cumulative incidence of competing causes, for example reintegrated (1),
// transferred (2) and absconded (3):
//
//	F_k(t) = Σ_{t_j <= t} S(t_{j-1}) d_kj / n_j,    S(t) = Π_{t_j <= t} (1 - d_j/n_j)
//
// with S the all-cause Kaplan-Meier estimate. status[i] is 0 for a case
// censored at time[i] (open, or lost) and k in 1..causes for a case that
// ended by cause k at time[i] (months). The standard errors are the
// infinitesimal jackknife (the derivative of each estimate with respect to
// each case's weight, squared and summed; Efron 1982, ch. 6), which is what
// survfit(Surv(time, factor(status, levels = 0:causes)) ~ 1) reports for
// multi-state data since survival 3.0 (Therneau, "Multi-state models and
// competing risks", survival vignette). 1 - KaplanMeier for one cause alone
// would overstate its incidence; this is the estimate to publish.
// An error is an *InputError.
func CumulativeIncidence(time []float64, status []int, causes int, opt Options) (*CumInc, error) {
	return CumulativeIncidenceEntry(nil, time, status, causes, opt)
}

// CumulativeIncidenceEntry is CumulativeIncidence with delayed entry (left truncation), as
// KaplanMeierEntry: case i is observed from entry[i] (>= 0, before time[i]) on, at risk at t
// only when entry[i] < t <= time[i]; a nil entry is 0 for every case. It equals R's
// survfit(Surv(entry, time, factor(status, levels = 0:causes)) ~ 1, id = one per case), its
// infinitesimal jackknife standard errors too (testdata/reference-entry-cuminc.R): a case's
// influence is 0 until its entry.
func CumulativeIncidenceEntry(entry, time []float64, status []int, causes int, opt Options) (*CumInc, error) {
	opt, err := opt.check()
	if err != nil {
		return nil, err
	}
	if causes < 1 {
		return nil, &InputError{Arg: "causes", Index: -1, Reason: "must be at least 1"}
	}
	if len(status) != len(time) {
		return nil, lengthError("status", len(status), len(time))
	}
	for i, s := range status {
		if s < 0 || s > causes {
			return nil, &InputError{Arg: "status", Index: i, Reason: "not 0 (censored) or a cause in 1..causes"}
		}
	}
	order, err := checkTimes(time)
	if err != nil {
		return nil, err
	}
	risk, err := newRiskSet(entry, time)
	if err != nil {
		return nil, err
	}
	K := causes + 1

	// The distinct times with their counts; d0 those of the cases entered at 0 (the jackknife's
	// shared path), late the others' (entry, status) at the time.
	type row struct {
		t      float64
		n      int
		d, d0  []int // by state; d[0] = censored
		events int
		late   [][2]float64
	}
	var rows []row
	for i := 0; i < len(order); {
		t := time[order[i]]
		r := row{t: t, n: risk.at(t), d: make([]int, K)}
		r.d0 = r.d
		if entry != nil {
			r.d0 = make([]int, K)
		}
		for ; i < len(order) && time[order[i]] == r.t; i++ {
			st := status[order[i]]
			r.d[st]++
			switch {
			case entry == nil:
			case entry[order[i]] == 0:
				r.d0[st]++
			default:
				r.late = append(r.late, [2]float64{entry[order[i]], float64(st)})
			}
		}
		for k := 1; k < K; k++ {
			r.events += r.d[k]
		}
		risk.leave(r.events + r.d[0])
		rows = append(rows, r)
	}

	// Point estimates.
	c := &CumInc{N: len(time), Causes: causes, Level: opt.Level, Transform: opt.Transform}
	p := make([]float64, K)
	p[0] = 1
	prevS := make([]float64, len(rows)) // S(t_{j-1})
	for j, r := range rows {
		prevS[j] = p[0]
		n := float64(r.n)
		s0 := p[0]
		for k := 1; k < K; k++ {
			p[k] += s0 * float64(r.d[k]) / n
		}
		p[0] = s0 * (1 - float64(r.events)/n)
		st := IncStep{Time: r.t, NRisk: r.n, NEvent: make([]int, K), NCensor: r.d[0],
			P: append([]float64(nil), p...), StdErr: make([]float64, K),
			Lower: make([]float64, K), Upper: make([]float64, K)}
		copy(st.NEvent[1:], r.d[1:])
		c.Steps = append(c.Steps, st)
	}

	// Infinitesimal jackknife: the influence of a case depends only on its
	// (time, status), so each distinct pair is followed once and weighted by
	// its count.
	//
	// Up to its own time a case is at risk with no event of its own, so its
	// influence there is the same for every case: the path of a case never
	// leaving the initial state (still), computed once. Each case's path is
	// still's up to its time, then its own; the squares are added in the same
	// order as before, so the standard errors are the same to the bit (the path
	// for every case took the outcome tables' time quadratic in the distinct
	// times, twice over).
	D := len(rows)
	still := make([]float64, D*K)
	dS := make([]float64, K) // dS[0] = d state-0 probability, dS[k] = dF_k
	for j := 0; j < D; j++ {
		r := rows[j]
		n := float64(r.n)
		sPrev, dPrev := prevS[j], dS[0]
		var dhAll float64
		for k := 1; k < K; k++ {
			h := float64(r.d[k]) / n
			dh := (0.0 - 1*h) / n
			dhAll += dh
			dS[k] += dPrev*h + sPrev*dh
		}
		dS[0] = dPrev*(1-float64(r.events)/n) - sPrev*dhAll
		copy(still[j*K:], dS)
	}
	vari := make([]float64, D*K) // the squared influences summed, step by step
	for j0, r0 := range rows {
		// A case entered late: no influence before its entry, at risk from the first time
		// after it up to its own (each followed alone: such cases are few).
		for _, l := range r0.late {
			e, s := l[0], int(l[1])
			clear(dS)
			for j := 0; j < D; j++ {
				r := rows[j]
				if r.t <= e {
					continue // its influence is 0 there
				}
				n := float64(r.n)
				sPrev, dPrev := prevS[j], dS[0]
				atRisk := 0.0
				if j <= j0 {
					atRisk = 1
				}
				var dhAll float64
				for k := 1; k < K; k++ {
					h := float64(r.d[k]) / n
					dN := 0.0
					if j == j0 && s == k {
						dN = 1
					}
					dh := (dN - atRisk*h) / n
					dhAll += dh
					dS[k] += dPrev*h + sPrev*dh
				}
				dS[0] = dPrev*(1-float64(r.events)/n) - sPrev*dhAll
				for k := range dS {
					vari[j*K+k] += dS[k] * dS[k]
				}
			}
		}
		for s := 0; s < K; s++ {
			m := r0.d0[s]
			if m == 0 {
				continue
			}
			for j := 0; j < j0; j++ {
				for k := 0; k < K; k++ {
					x := still[j*K+k]
					vari[j*K+k] += float64(m) * x * x
				}
			}
			if j0 > 0 {
				copy(dS, still[(j0-1)*K:j0*K])
			} else {
				clear(dS)
			}
			for j := j0; j < D; j++ {
				r := rows[j]
				n := float64(r.n)
				sPrev, dPrev := prevS[j], dS[0]
				atRisk := 0.0
				if j <= j0 {
					atRisk = 1
				}
				var dhAll float64
				for k := 1; k < K; k++ {
					h := float64(r.d[k]) / n
					dN := 0.0
					if j == j0 && s == k {
						dN = 1
					}
					dh := (dN - atRisk*h) / n
					dhAll += dh
					dS[k] += dPrev*h + sPrev*dh
				}
				dS[0] = dPrev*(1-float64(r.events)/n) - sPrev*dhAll
				for k := range dS {
					vari[j*K+k] += float64(m) * dS[k] * dS[k]
				}
			}
		}
	}
	for j := range c.Steps {
		copy(c.Steps[j].StdErr, vari[j*K:(j+1)*K])
	}
	z := opt.z()
	for j := range c.Steps {
		st := &c.Steps[j]
		for k := range st.StdErr {
			st.StdErr[k] = math.Sqrt(st.StdErr[k])
			st.Lower[k], st.Upper[k] = limits(st.P[k], relSE(st.StdErr[k], st.P[k]), z, opt.Transform)
		}
	}
	return c, nil
}

// relSE is the standard error of log p from that of p, as survfit_confint
// with logse = FALSE: 0 when the standard error is 0.
func relSE(se, p float64) float64 {
	if se == 0 {
		return 0
	}
	return se / p
}

// IncPoint is the Aalen-Johansen estimate read at a fixed time, as
// summary(fit, times = ..., extend = TRUE) reports it. Slices are indexed
// by state as in IncStep.
type IncPoint struct {
	Time    float64 // the requested time, months
	NRisk   int     // cases at risk at Time
	NEvent  []int   // events of each cause after the previous requested time up to Time
	NCensor int     // censorings in the same interval
	// P, StdErr, Lower and Upper are those of the last step at or before
	// Time. Before the first step they are exact: P is 1 for the initial
	// state and 0 for the causes, with StdErr 0 and Lower = Upper = P.
	P, StdErr, Lower, Upper []float64
}

// At reads the estimate at fixed times (for publication, 3, 6, 12 and 24
// months), which must be increasing. A time after the last observation
// carries the last estimate forward with no one at risk.
func (c *CumInc) At(times ...float64) ([]IncPoint, error) {
	if err := checkIncreasing(times); err != nil {
		return nil, err
	}
	K := c.Causes + 1
	start := make([]float64, K)
	start[0] = 1
	// Before the first observed time nobody has left the initial state: the
	// estimate is exact and its interval is the point itself, as
	// summary.survfit gives for a Kaplan-Meier curve (summary.survfitms
	// pads every limit with 0 there, also for the initial state's 1; we do
	// not copy that).
	startLo, startHi := start, start
	out := make([]IncPoint, len(times))
	j := 0
	for i, t := range times {
		p := IncPoint{Time: t, NEvent: make([]int, K),
			P: start, StdErr: make([]float64, K), Lower: startLo, Upper: startHi}
		for ; j < len(c.Steps) && c.Steps[j].Time <= t; j++ {
			s := c.Steps[j]
			for k := range s.NEvent {
				p.NEvent[k] += s.NEvent[k]
			}
			p.NCensor += s.NCensor
		}
		if j > 0 {
			s := c.Steps[j-1]
			p.P, p.StdErr, p.Lower, p.Upper = s.P, s.StdErr, s.Lower, s.Upper
		}
		p.NRisk = pointRisk(j, len(c.Steps), t, func(i int) float64 { return c.Steps[i].Time }, func(i int) int { return c.Steps[i].NRisk })
		p.P = append([]float64(nil), p.P...)
		p.StdErr = append([]float64(nil), p.StdErr...)
		p.Lower = append([]float64(nil), p.Lower...)
		p.Upper = append([]float64(nil), p.Upper...)
		out[i] = p
	}
	return out, nil
}
