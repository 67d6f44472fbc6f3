package survival

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Transform is the scale on which a pointwise confidence interval for a
// probability is made symmetric (survfit's conf.type).
type Transform int

const (
	// Log: p·exp(±z·se(log p)), the upper limit capped at 1. survfit's
	// default (conf.type = "log"). Undefined (NaN) where p = 0.
	Log Transform = iota
	// LogLog: p^exp(∓z·se(log p)/log p), the complementary log-log interval
	// of Kalbfleisch and Prentice (2002, §1.3); always inside [0, 1].
	// Undefined (NaN) where p = 0 or p = 1, as in survfit
	// (conf.type = "log-log").
	LogLog
)

func (t Transform) String() string {
	switch t {
	case Log:
		return "log"
	case LogLog:
		return "log-log"
	}
	return fmt.Sprintf("Transform(%d)", int(t))
}

// Options set the confidence intervals. The zero value gives 95% intervals
// on the log scale, survfit's defaults.
type Options struct {
	Level     float64   // confidence level in (0, 1); 0 means 0.95
	Transform Transform // Log (default) or LogLog
}

func (o Options) check() (Options, error) {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return o, &InputError{Arg: "Options.Level", Index: -1, Reason: "not in (0, 1)"}
	}
	if o.Transform != Log && o.Transform != LogLog {
		return o, &InputError{Arg: "Options.Transform", Index: -1, Reason: "unknown transform"}
	}
	return o, nil
}

func (o Options) z() float64 {
	return distuv.UnitNormal.Quantile(1 - (1-o.Level)/2)
}

// limits returns the confidence limits of probability p whose log has
// standard error logSE, as survival:::survfit_confint with logse = TRUE and
// ulimit = TRUE.
func limits(p, logSE, z float64, t Transform) (lower, upper float64) {
	nan := math.NaN()
	switch t {
	case LogLog:
		if p == 0 || p == 1 || math.IsNaN(p) {
			return nan, nan
		}
		s := z * logSE / math.Log(p)
		ll := math.Log(-math.Log(p))
		return math.Exp(-math.Exp(ll - s)), math.Exp(-math.Exp(ll + s))
	default:
		if p == 0 || math.IsNaN(p) {
			return nan, nan
		}
		s := z * logSE
		return math.Exp(math.Log(p) - s), math.Min(math.Exp(math.Log(p)+s), 1)
	}
}
