package mse

import (
	"errors"
	"fmt"
	"slices"
)

// MinStratumObserved is the fewest people a stratum must have on its lists
// for Stratified to estimate it. Below about 20 records the log-linear
// model's estimate of the hidden count is dominated by a handful of
// overlaps and its interval is too wide to publish.
const MinStratumObserved = 20

// Errors wrapped by the *StratumError values of Stratified.
var (
	ErrTooFewLists   = errors.New("fewer than 2 lists have records")
	ErrTooFewRecords = fmt.Errorf("fewer than %d people observed", MinStratumObserved)
)

// StratumError reports why a stratum was not estimated.
type StratumError struct {
	Stratum string
	Err     error
}

func (e *StratumError) Error() string { return fmt.Sprintf("mse: stratum %q: %v", e.Stratum, e.Err) }

func (e *StratumError) Unwrap() error { return e.Err }

// Estimator computes a fit from a table, e.g. MainEffects or
// func(t *Table) (*Fit, error) { return Stepwise(t, 0.02) }.
type Estimator func(*Table) (*Fit, error)

// Stratified estimates each stratum (e.g. region or year) separately with
// estimate, which defaults to Stepwise with threshold 0.02 when nil.
//
// Lists without records in a stratum are dropped from that stratum's
// table first (Fit.Lists names the lists used). A stratum is refused when
// fewer than 2 lists remain (ErrTooFewLists), when fewer than
// MinStratumObserved people are observed (ErrTooFewRecords), or when its
// estimate fails (for instance ErrNoEstimate).
//
// The fits of the strata that could be estimated are returned together with
// an error joining one *StratumError per refused stratum, in order of
// stratum name; the error is nil when every stratum was estimated.
func Stratified(tables map[string]*Table, estimate Estimator) (map[string]*Fit, error) {
	if estimate == nil {
		estimate = func(t *Table) (*Fit, error) { return Stepwise(t, 0.02) }
	}
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	slices.Sort(names)
	fits := make(map[string]*Fit, len(tables))
	var errs []error
	for _, name := range names {
		t := tables[name]
		if err := t.Validate(); err != nil {
			errs = append(errs, &StratumError{name, err})
			continue
		}
		r := t.DropEmptyLists()
		if len(r.Lists) < 2 {
			errs = append(errs, &StratumError{name, fmt.Errorf("%w (%d of %d lists)", ErrTooFewLists, len(r.Lists), len(t.Lists))})
			continue
		}
		if n := r.Observed(); n < MinStratumObserved {
			errs = append(errs, &StratumError{name, fmt.Errorf("%w (%d observed)", ErrTooFewRecords, n)})
			continue
		}
		f, err := estimate(r)
		if err != nil {
			errs = append(errs, &StratumError{name, err})
			continue
		}
		fits[name] = f
	}
	return fits, errors.Join(errs...)
}
