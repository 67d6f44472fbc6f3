package analysis

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/prevalence/prevalence/mse"
)

// CaptureHistoriesFile is where linkage writes a release's capture histories: one 0/1 column
// per source, then count; optionally a first column named stratum.
const CaptureHistoriesFile = "capture_histories.csv"

// StratumColumn is the name of the stratum column of a release's capture histories.
const StratumColumn = "stratum"

// ErrNoCaptureHistories is returned for a release written without a linkage key.
var ErrNoCaptureHistories = errors.New("this release has no capture histories: run with a linkage key")

// MSEOptions steer EstimateHidden.
type MSEOptions struct {
	// Model is stepwise (SparseMSE's stepwise selection, threshold 0.02; the default), main
	// (main effects only), bic or aic (the best model by the criterion).
	Model string
	// Reps is the number of parametric bootstrap replicates (1000 when zero).
	Reps int
	// Seed of the bootstrap (1 when zero): the same seed gives the same interval.
	Seed uint64
}

// CaptureHistories are capture-history tables, one per stratum ("" when not stratified).
type CaptureHistories struct {
	Tables map[string]*mse.Table
	Strata []string // in order of first appearance; [""] when not stratified
}

// ReadCaptureHistories reads a capture-history CSV (see mse.ReadCSV). With strata, the
// column of that name splits the table into strata (see mse.ReadStratifiedCSV); a file whose
// first column is named stratum is pooled over its strata when strata is empty.
func ReadCaptureHistories(r io.Reader, strata string) (*CaptureHistories, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(string(data), "\uFEFF"), ",")
	pool := strata == "" && strings.TrimSpace(first) == StratumColumn
	if strata == "" && !pool {
		t, err := mse.ReadCSV(strings.NewReader(string(data)))
		if err != nil {
			return nil, err
		}
		return &CaptureHistories{Tables: map[string]*mse.Table{"": t}, Strata: []string{""}}, nil
	}
	col := strata
	if pool {
		col = StratumColumn
	}
	tables, order, err := mse.ReadStratifiedCSV(strings.NewReader(string(data)), col)
	if err != nil {
		return nil, err
	}
	if pool {
		t, err := mse.Pool(tables)
		if err != nil {
			return nil, err
		}
		return &CaptureHistories{Tables: map[string]*mse.Table{"": t}, Strata: []string{""}}, nil
	}
	return &CaptureHistories{Tables: tables, Strata: order}, nil
}

// ReadCaptureHistoriesPath reads the capture histories of path: a CSV file, or a release
// folder's capture_histories.csv (ErrNoCaptureHistories when it has none).
func ReadCaptureHistoriesPath(path, strata string) (*CaptureHistories, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "cases")); err != nil {
			return nil, fmt.Errorf("%s is not a release (no cases folder) and not a capture-history file", path)
		}
		file := filepath.Join(path, CaptureHistoriesFile)
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNoCaptureHistories)
		}
		path = file
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ch, err := ReadCaptureHistories(f, strata)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ch, nil
}

// estimator returns the model selection of opt.
func (opt MSEOptions) estimator() (mse.Estimator, string, error) {
	switch strings.ToLower(opt.Model) {
	case "", "stepwise":
		return func(t *mse.Table) (*mse.Fit, error) { return mse.Stepwise(t, 0.02) }, "stepwise (p < 0.02)", nil
	case "main":
		return mse.MainEffects, "main effects", nil
	case "bic", "aic":
		c := strings.ToLower(opt.Model)
		return func(t *mse.Table) (*mse.Fit, error) {
			L := len(t.Lists)
			return mse.BestByIC(t, c, L*(L-1)/2)
		}, "best by " + strings.ToUpper(c), nil
	}
	return nil, "", fmt.Errorf("unknown model %q (want stepwise, main, bic or aic)", opt.Model)
}

// EstimateHidden estimates the total number of people, recorded or not, from capture
// histories by multiple systems estimation: the chosen Poisson log-linear model, its Wald
// interval (log scale, as SparseMSE) and a parametric bootstrap percentile interval with a
// fixed seed. Stratified histories are estimated stratum by stratum (mse.Stratified: strata
// with fewer than mse.MinStratumObserved people, or fewer than two lists with records, are
// refused, and the row says why), followed by the pooled estimate.
//
// Columns: [stratum,] model, interactions (two-list, as A:B), lists, observed, hidden, estimate, wald_lower, wald_upper,
// boot_lower, boot_upper, aic, note. It fails only when no estimate at all can be made.
func EstimateHidden(ch *CaptureHistories, opt MSEOptions) (*Table, error) {
	est, label, err := opt.estimator()
	if err != nil {
		return nil, err
	}
	reps, seed := opt.Reps, opt.Seed
	if reps == 0 {
		reps = 1000
	}
	if seed == 0 {
		seed = 1
	}
	stratified := len(ch.Strata) > 1 || (len(ch.Strata) == 1 && ch.Strata[0] != "")
	t := &Table{Name: "mse", Title: "Multiple systems estimate of the total number of people, recorded or not (95% intervals)", Rows: [][]any{}}
	if stratified {
		t.Columns = append(t.Columns, "stratum")
	}
	t.Columns = append(t.Columns, "model", "interactions", "lists", "observed", "hidden", "estimate", "wald_lower", "wald_upper", "boot_lower", "boot_upper", "aic", "note")
	row := func(stratum string, tab *mse.Table, f *mse.Fit, note string) []any {
		var r []any
		if stratified {
			r = append(r, stratum)
		}
		terms := "none"
		if len(f.Model.Interactions) > 0 {
			terms = strings.Join(f.InteractionNames(), " ")
		}
		r = append(r, label, terms, strings.Join(f.Lists, " "), int64(f.Observed), round(f.Hidden, 2), round(f.Total, 2),
			round(f.Lower, 1), round(f.Upper, 1))
		if iso := tab.IsolatedLists(); len(iso) > 0 {
			note = strings.TrimPrefix(note+"; sharing no one with another list (the estimate of whom they missed rests on the model alone): "+strings.Join(iso, ", "), "; ")
		}
		lo, hi, err := mse.Bootstrap(tab, f.Model, reps, seed)
		if err != nil {
			r = append(r, nil, nil)
			note = strings.TrimPrefix(note+"; bootstrap: "+err.Error(), "; ")
		} else {
			r = append(r, round(lo, 1), round(hi, 1))
		}
		return append(r, round(f.AIC, 2), note)
	}
	note := fmt.Sprintf("bootstrap: %d replicates, seed %d", reps, seed)
	if !stratified {
		tab := ch.Tables[""].DropEmptyLists()
		if err := tab.Validate(); err != nil {
			return nil, err
		}
		if len(tab.Lists) < 2 {
			return nil, fmt.Errorf("fewer than 2 lists have records: nothing to estimate")
		}
		f, err := est(tab)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, row("", tab, f, note))
		return t, nil
	}
	fits, serr := mse.Stratified(ch.Tables, est)
	refused := map[string]error{}
	var se *mse.StratumError
	for _, e := range unjoin(serr) {
		if errors.As(e, &se) {
			refused[se.Stratum] = se.Err
		} else {
			return nil, e
		}
	}
	for _, s := range ch.Strata {
		if f, ok := fits[s]; ok {
			t.Rows = append(t.Rows, row(s, ch.Tables[s].DropEmptyLists(), f, note))
			continue
		}
		r := []any{s, nil, nil, int64(ch.Tables[s].Observed())}
		for len(r) < len(t.Columns)-1 {
			r = append(r, nil)
		}
		t.Rows = append(t.Rows, append(r, "refused: "+refused[s].Error()))
	}
	pooled, err := mse.Pool(ch.Tables)
	if err != nil {
		return nil, err
	}
	pooled = pooled.DropEmptyLists()
	if f, err := est(pooled); err == nil {
		t.Rows = append(t.Rows, row("(all strata pooled)", pooled, f, note))
	} else if len(fits) == 0 {
		return nil, fmt.Errorf("no stratum could be estimated (%v), nor the pooled table (%v)", serr, err)
	}
	return t, nil
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
