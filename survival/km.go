package survival

import "math"

// Step is the Kaplan-Meier estimate just after one distinct observed time.
type Step struct {
	Time    float64 // months
	NRisk   int     // cases at risk at Time: observed time >= Time (and entered before it: KaplanMeierEntry)
	NEvent  int     // events at Time
	NCensor int     // censored at Time (still at risk for the events at Time)
	// Surv is the estimated probability of no event by Time (inclusive).
	Surv float64
	// StdErr is the Greenwood standard error of Surv,
	// Surv·sqrt(Σ d/(n(n-d))), as summary.survfit reports it. It is +Inf
	// or NaN once Surv is 0 (everybody at risk had the event).
	StdErr float64
	// LogStdErr is the standard error of log Surv (of the cumulative
	// hazard), sqrt(Σ d/(n(n-d))), the std.err element of a survfit object;
	// +Inf once everybody at risk had the event.
	LogStdErr float64
	// Lower and Upper are the confidence limits of Surv under the curve's
	// Transform; NaN where R reports NA.
	Lower, Upper float64
}

// Curve is a Kaplan-Meier estimate: one Step per distinct observed time
// (event or censoring), in increasing time order, as the rows of a survfit
// object.
type Curve struct {
	N         int // observations
	Level     float64
	Transform Transform
	Steps     []Step
}

// KaplanMeier returns the product-limit estimate (Kaplan and Meier 1958) of
// the probability of no event by each observed time, with Greenwood's (1926)
// variance
//
//	S(t) = Π_{t_j <= t} (1 - d_j/n_j),   Var log S(t) = Σ_{t_j <= t} d_j / (n_j (n_j - d_j))
//
// time holds each case's time in months (>= 0) and event whether the case
// had the event at that time (true) or was censored then (false). It equals
// R's survfit(Surv(time, event) ~ 1, conf.type = "log" or "log-log").
// An error is an *InputError.
func KaplanMeier(time []float64, event []bool, opt Options) (*Curve, error) {
	return KaplanMeierEntry(nil, time, event, opt)
}

// KaplanMeierEntry is KaplanMeier with delayed entry (left truncation): case i is observed
// from entry[i] (months, >= 0 and before time[i]) on, so it is at risk at t only when
// entry[i] < t <= time[i]. A stay already open when its organisation's records begin is seen
// only because it lasted that long: counted from its admission, as KaplanMeier would, such
// stays are the longer ones and the curve reads long; entered at the records' first day, each
// counts only for the months it was seen. NRisk at a step is #{entry < t <= time}, which may
// rise between steps; a nil entry is 0 for every case (KaplanMeier). It equals R's
// survfit(Surv(entry, time, event) ~ 1, conf.type = "log" or "log-log"), its restricted
// mean and median too (testdata/reference-entry.R).
func KaplanMeierEntry(entry, time []float64, event []bool, opt Options) (*Curve, error) {
	opt, err := opt.check()
	if err != nil {
		return nil, err
	}
	if len(event) != len(time) {
		return nil, lengthError("event", len(event), len(time))
	}
	order, err := checkTimes(time)
	if err != nil {
		return nil, err
	}
	risk, err := newRiskSet(entry, time)
	if err != nil {
		return nil, err
	}
	z := opt.z()
	c := &Curve{N: len(time), Level: opt.Level, Transform: opt.Transform}
	surv, varsum := 1.0, 0.0
	for i := 0; i < len(order); {
		t := time[order[i]]
		nrisk := risk.at(t)
		d, cens := 0, 0
		for ; i < len(order) && time[order[i]] == t; i++ {
			if event[order[i]] {
				d++
			} else {
				cens++
			}
		}
		if d > 0 {
			surv *= 1 - float64(d)/float64(nrisk)
			if d == nrisk {
				varsum = math.Inf(1)
			} else {
				varsum += float64(d) / (float64(nrisk) * float64(nrisk-d))
			}
		}
		logSE := math.Sqrt(varsum)
		st := Step{Time: t, NRisk: nrisk, NEvent: d, NCensor: cens, Surv: surv,
			StdErr: surv * logSE, LogStdErr: logSE}
		st.Lower, st.Upper = limits(surv, logSE, z, opt.Transform)
		c.Steps = append(c.Steps, st)
		risk.leave(d + cens)
	}
	return c, nil
}

// Point is the Kaplan-Meier estimate read at a fixed time, as
// summary(fit, times = ..., extend = TRUE) reports it.
type Point struct {
	Time  float64 // the requested time, months
	NRisk int     // cases at risk at Time: observed time >= Time
	// NEvent and NCensor count the events and censorings after the
	// previous requested time (or from the start, for the first) up to and
	// including Time.
	NEvent, NCensor int
	// Surv, StdErr, LogStdErr, Lower and Upper are those of the last Step
	// at or before Time (1, 0, 0, 1, 1 before the first step).
	Surv, StdErr, LogStdErr, Lower, Upper float64
}

// At reads the curve at fixed times (for publication, 3, 6, 12 and 24
// months), which must be in increasing order. A time after the last
// observation carries the last estimate forward with no one at risk. For
// survfit's Inf standard error at Surv = 0, StdErr is NaN (0·Inf), as in
// summary.survfit.
func (c *Curve) At(times ...float64) ([]Point, error) {
	if err := checkIncreasing(times); err != nil {
		return nil, err
	}
	out := make([]Point, len(times))
	j := 0 // steps before j have Time <= the current requested time
	for k, t := range times {
		p := Point{Time: t, Surv: 1, Lower: 1, Upper: 1}
		for ; j < len(c.Steps) && c.Steps[j].Time <= t; j++ {
			s := c.Steps[j]
			p.NEvent += s.NEvent
			p.NCensor += s.NCensor
		}
		if j > 0 {
			s := c.Steps[j-1]
			p.Surv, p.StdErr, p.LogStdErr, p.Lower, p.Upper = s.Surv, s.StdErr, s.LogStdErr, s.Lower, s.Upper
			if s.Surv == 0 {
				p.StdErr = math.NaN()
			}
		}
		p.NRisk = pointRisk(j, len(c.Steps), t, func(i int) float64 { return c.Steps[i].Time }, func(i int) int { return c.Steps[i].NRisk })
		out[k] = p
	}
	return out, nil
}

func checkIncreasing(times []float64) error {
	for i, t := range times {
		if math.IsNaN(t) || (i > 0 && t <= times[i-1]) {
			return &InputError{Arg: "times", Index: i, Reason: "not in increasing order"}
		}
	}
	return nil
}

// RestrictedMean returns the restricted mean time to event up to horizon
// tau (months), the area under the curve from 0 to tau, and its standard
// error, as R's print(fit, rmean = tau) (survival:::survmean):
//
//	μ(τ) = ∫_0^τ S(t) dt,   Var μ(τ) = Σ_{t_j <= τ} A_j² d_j / (n_j (n_j - d_j))
//
// with A_j the area under S from t_j to τ (Klein and Moeschberger 2003,
// §4.5). Unlike the mean of closed stays it counts open stays as far as
// they are known, so it is the mean length of stay to use in Little's law;
// it says nothing beyond τ, which must be stated with it. A time where
// everybody at risk had the event adds nothing to the variance, as in R.
// tau must be positive and finite, else both are NaN.
func (c *Curve) RestrictedMean(tau float64) (mean, stdErr float64) {
	if !(tau > 0) || math.IsInf(tau, 0) {
		return math.NaN(), math.NaN()
	}
	// Points (t_j, S_j) up to tau, closed by (tau, S_last).
	var ts, hh []float64
	var area []float64 // rectangle from t_j to the next point, at height S_j
	prevT, prevS := 0.0, 1.0
	for _, s := range c.Steps {
		if s.Time > tau {
			break
		}
		mean += (s.Time - prevT) * prevS
		h := 0.0
		if s.NRisk > s.NEvent {
			h = float64(s.NEvent) / (float64(s.NRisk) * float64(s.NRisk-s.NEvent))
		}
		ts, hh = append(ts, s.Time), append(hh, h)
		prevT, prevS = s.Time, s.Surv
	}
	mean += (tau - prevT) * prevS
	area = make([]float64, len(ts))
	for j := range ts {
		next, height := tau, c.Steps[j].Surv
		if j+1 < len(ts) {
			next = ts[j+1]
		}
		area[j] = (next - ts[j]) * height
	}
	var v, after float64
	for j := len(ts) - 1; j >= 0; j-- {
		after += area[j]
		v += after * after * hh[j]
	}
	return mean, math.Sqrt(v)
}

// Median returns the median time to event: the first time the curve falls
// below one half, or the midpoint to the next lower step where it is exactly
// one half over an interval, as survfit's print method; NaN if the curve
// never reaches one half.
func (c *Curve) Median() float64 {
	const tolerance = 1.4901161193847656e-08 // sqrt of the double epsilon, as R
	var keep []int
	for j, s := range c.Steps {
		if s.Surv < 0.5+tolerance {
			keep = append(keep, j)
		}
	}
	if len(keep) == 0 {
		return math.NaN()
	}
	first := c.Steps[keep[0]]
	if math.Abs(first.Surv-0.5) < tolerance {
		for _, j := range keep[1:] {
			if c.Steps[j].Surv < first.Surv {
				return (first.Time + c.Steps[j].Time) / 2
			}
		}
	}
	return first.Time
}
