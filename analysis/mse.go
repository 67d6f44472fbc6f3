package analysis

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/mse"
	"github.com/prevalence/prevalence/release"
)

// CaptureHistoriesFile is where linkage writes a release's capture histories: one 0/1 column
// per source, then count; optionally a first column named stratum.
const CaptureHistoriesFile = "capture_histories.csv"

// StratumColumn is the name of the stratum column of a release's capture histories.
const StratumColumn = "stratum"

// ErrNoCaptureHistories is returned for a release written without a linkage key.
var ErrNoCaptureHistories = errors.New("this release has no capture histories: run with a linkage key")

// ErrOneOrganisation is returned for a release whose capture histories have one list: its
// records came from one organisation, and multiple systems estimation needs the same people's
// records in two or more (attack-2026-12-03e's low: "header has 3 columns" told a researcher
// nothing of why).
var ErrOneOrganisation = errors.New("this release holds one organisation's records: multiple systems estimation needs two or more organisations' lists, linked (run over every organisation's exports with a linkage key)")

// MSEOptions steer EstimateHidden.
type MSEOptions struct {
	// Model is stepwise (SparseMSE's stepwise selection, threshold 0.02; the default), main
	// (main effects only), bic or aic (the best model by the criterion, exact search).
	Model string
	// Interval is the 95% interval of the lower and upper columns: profile (profile
	// likelihood, as Rcapture; the default), lognormal (Chao's) or wald (SparseMSE's, which
	// under-covers; the wald columns always hold it for comparison with published figures).
	Interval string
	// SkipEmptyOverlaps makes stepwise selection never add an interaction between lists that
	// share no one. SparseMSE adds one when the empty overlap is significant; this option
	// departs from it, and the note says so.
	SkipEmptyOverlaps bool
	// Reps is the number of BCa bootstrap replicates (1000 when zero).
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
		if strings.TrimSpace(first) == StratumColumn && col != StratumColumn {
			// A release's capture histories have one stratum column, "stratum", which holds
			// the country of exploitation (`mse r3 --strata country`, attack-2026-12-03f).
			return nil, fmt.Errorf("%w (a release's column %q holds the country of exploitation: --strata %s, or leave --strata out)", err, StratumColumn, StratumColumn)
		}
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
	dir := path
	path, err := captureHistoriesFile(path)
	if err != nil {
		return nil, err
	}
	if path != dir {
		if err := oneOrganisation(dir, path); err != nil {
			return nil, err
		}
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

// captureHistoriesFile returns path, or a release folder's capture_histories.csv.
func captureHistoriesFile(path string) (string, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "cases")); err != nil {
			return "", fmt.Errorf("%s is not a release (no cases folder) and not a capture-history file", path)
		}
		file := filepath.Join(path, CaptureHistoriesFile)
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%s: %w", path, ErrNoCaptureHistories)
		}
		return file, nil
	}
	return path, nil
}

// oneOrganisation returns ErrOneOrganisation, naming release folder dir and the organisation,
// when the release's capture histories at path have one list column (besides the stratum and
// the count); nil otherwise, the file's own errors being left to the reader.
func oneOrganisation(dir, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil || len(header) == 0 {
		return nil
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	lists := header[:len(header)-1]
	if len(lists) > 0 && strings.TrimSpace(lists[0]) == StratumColumn {
		lists = lists[1:]
	}
	if len(lists) != 1 {
		return nil
	}
	// The source's name as the config gave it: an organisation, not a person.
	return fmt.Errorf("%s: %w (its records: %q only)", dir, ErrOneOrganisation, strings.TrimSpace(lists[0]))
}

// DefaultStrata returns the column the reports estimate by in the capture histories of path
// (a CSV file or a release folder): StratumColumn when its first column is that (a release's
// country of exploitation), else "" (not stratified).
func DefaultStrata(path string) (string, error) {
	path, err := captureHistoriesFile(path)
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	first, _, _ := strings.Cut(strings.TrimPrefix(line, "\uFEFF"), ",")
	if strings.TrimSpace(first) == StratumColumn {
		return StratumColumn, nil
	}
	return "", nil
}

// estimator returns the model selection of opt and its label.
func (opt MSEOptions) estimator() (mse.Estimator, string, error) {
	switch strings.ToLower(opt.Model) {
	case "", "stepwise":
		so := mse.StepwiseOptions{Threshold: 0.02, SkipEmptyOverlaps: opt.SkipEmptyOverlaps}
		label := "stepwise (p < 0.02)"
		if opt.SkipEmptyOverlaps {
			label = "stepwise (p < 0.02, no empty overlaps)"
		}
		return func(t *mse.Table) (*mse.Fit, error) { return mse.StepwiseWith(t, so) }, label, nil
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

// MinObserved is the fewest people observed below which EstimateHidden warns that the
// estimate is not reliable (and below which a stratum is refused, mse.MinStratumObserved).
const MinObserved = mse.MinStratumObserved

// EstimateHidden estimates the total number of people, recorded or not, from capture
// histories by multiple systems estimation: the chosen Poisson log-linear model, its 95%
// interval (opt.Interval: profile likelihood by default), SparseMSE's Wald interval for
// comparison, and SparseMSE's BCa bootstrap with a fixed seed (model selection repeated in
// every replicate for stepwise and main; the chosen model refitted for bic and aic).
// Stratified histories are estimated stratum by stratum (mse.Stratified: strata with fewer
// than mse.MinStratumObserved people, or fewer than two lists with records, are refused, and
// the row says why), followed by the pooled estimate. A table with fewer than MinObserved
// people is estimated with a warning in its note.
//
// Columns: [stratum,] model, interactions (two-list, as A:B), lists, observed, hidden,
// estimate, lower, upper, interval (the method of lower and upper), wald_lower, wald_upper,
// boot_lower, boot_upper, aic, bic, note. It fails only when no estimate at all can be made.
func EstimateHidden(ch *CaptureHistories, opt MSEOptions) (*Table, error) {
	est, label, err := opt.estimator()
	if err != nil {
		return nil, err
	}
	method := mse.DefaultInterval
	if opt.Interval != "" {
		if method, err = mse.ParseIntervalMethod(opt.Interval); err != nil {
			return nil, err
		}
	}
	reps, seed := opt.Reps, opt.Seed
	if reps == 0 {
		reps = 1000
	}
	if seed == 0 {
		seed = 1
	}
	reselect := strings.ToLower(opt.Model) != "bic" && strings.ToLower(opt.Model) != "aic"
	stratified := len(ch.Strata) > 1 || (len(ch.Strata) == 1 && ch.Strata[0] != "")
	t := &Table{Name: "mse", Title: "Multiple systems estimate of the total number of people, recorded or not (95% intervals)", Rows: [][]any{}}
	if stratified {
		t.Columns = append(t.Columns, "stratum")
	}
	t.Columns = append(t.Columns, "model", "interactions", "lists", "observed", "hidden", "estimate", "lower", "upper", "interval",
		"wald_lower", "wald_upper", "boot_lower", "boot_upper", "aic", "bic", "note")
	row := func(stratum string, tab *mse.Table, f *mse.Fit) []any {
		var r []any
		if stratified {
			r = append(r, stratum)
		}
		if iso := tab.IsolatedLists(); len(iso) > 0 {
			// Nothing in the data ties such a list to the others: whom it missed would be the
			// model's assumption (independence), not an estimate.
			r = append(r, label, nil, strings.Join(tab.Lists, " "), int64(tab.Observed()))
			for len(r) < len(t.Columns)-1 {
				r = append(r, nil)
			}
			return append(r, NotEstimable+": "+strings.Join(iso, ", ")+" share"+map[bool]string{true: "s", false: ""}[len(iso) == 1]+
				" no one with any other list, so nothing in the data ties "+map[bool]string{true: "it", false: "them"}[len(iso) == 1]+
				" to the others and any total would be the model's assumption; estimate without "+map[bool]string{true: "it", false: "them"}[len(iso) == 1]+
				", or by stratum (--strata) if "+map[bool]string{true: "it records", false: "they record"}[len(iso) == 1]+" another population")
		}
		terms := "none"
		if len(f.Model.Interactions) > 0 {
			terms = strings.Join(f.InteractionNames(), " ")
		}
		var notes []string
		if f.Observed < MinObserved {
			notes = append(notes, fmt.Sprintf("warning: only %d people observed (fewer than %d): the estimate rests on a handful of overlaps and is not reliable", f.Observed, MinObserved))
		}
		if f.Search != nil {
			notes = append(notes, f.Search.String())
		}
		var empty []string
		for _, q := range f.Model.Interactions {
			if tab.Overlap(q[0], q[1]) == 0 {
				empty = append(empty, f.Lists[q[0]]+":"+f.Lists[q[1]])
			}
		}
		if len(empty) > 0 {
			notes = append(notes, "interactions between lists that share no one, added because their empty overlap is significant (as SparseMSE; the cells they cover are fitted as empty): "+strings.Join(empty, " "))
		}
		if opt.SkipEmptyOverlaps && strings.ToLower(opt.Model) != "main" {
			notes = append(notes, "departs from SparseMSE: interactions between lists that share no one were not considered")
		}
		lo, hi, ierr := f.Interval(method)
		if ierr != nil {
			notes = append(notes, string(method)+" interval: "+ierr.Error())
		} else if math.IsInf(hi, 1) {
			notes = append(notes, "the upper limit is unbounded: the data cannot rule out any larger total")
		}
		r = append(r, label, terms, strings.Join(f.Lists, " "), int64(f.Observed), round(f.Hidden, 2), round(f.Total, 2),
			nullable(lo, ierr), nullable(hi, ierr), string(method), round(f.Lower, 1), round(f.Upper, 1))
		bootEst := est
		if !reselect {
			bootEst = mse.FixedModel(f.Model, f.Lists)
		}
		b, err := mse.Bootstrap(tab, bootEst, reps, seed)
		if err != nil {
			r = append(r, nil, nil)
			notes = append(notes, "bootstrap: "+err.Error())
		} else {
			r = append(r, round(b.Lower, 1), round(b.Upper, 1))
			how := "model selection repeated in each"
			if !reselect {
				how = "the chosen model refitted in each"
			}
			notes = append(notes, fmt.Sprintf("BCa bootstrap: %d replicates (%s), seed %d", reps, how, seed))
		}
		return append(r, round(f.AIC, 2), round(f.BIC, 2), strings.Join(notes, "; "))
	}
	if !stratified {
		tab := ch.Tables[""].DropEmptyLists()
		if err := tab.Validate(); err != nil {
			return nil, err
		}
		if len(tab.Lists) < 2 {
			return nil, fmt.Errorf("fewer than 2 lists have records: nothing to estimate")
		}
		if len(tab.IsolatedLists()) > 0 {
			t.Rows = append(t.Rows, row("", tab, nil))
			return t, nil
		}
		f, err := est(tab)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, row("", tab, f))
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
			t.Rows = append(t.Rows, row(s, ch.Tables[s].DropEmptyLists(), f))
			continue
		}
		r := []any{s, nil, nil, nil, int64(ch.Tables[s].Observed())}
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
	if len(pooled.IsolatedLists()) > 0 {
		t.Rows = append(t.Rows, row("(all strata pooled)", pooled, nil))
	} else if f, err := est(pooled); err == nil {
		t.Rows = append(t.Rows, row("(all strata pooled)", pooled, f))
	} else if len(fits) == 0 {
		return nil, fmt.Errorf("no stratum could be estimated (%v), nor the pooled table (%v)", serr, err)
	}
	return t, nil
}

// NotEstimable begins the note of a row whose lists do not overlap enough to estimate.
const NotEstimable = "not estimable"

// nullable rounds v to one decimal, or is nil when err is set.
func nullable(v float64, err error) any {
	if err != nil {
		return nil
	}
	return round(v, 1)
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

// MSEPeriodNote says that lists of an estimate from the capture histories of the release m
// describes do not cover the same period, or is "" when they do (or m is nil): one
// organisation's registrations begin months into a year (m.PartialFirst) or stop months before
// one ends (m.Partial with a Source), and its list is one of lists (the lists an estimate
// rests on, by name). The people identified while its list was not kept are counted as
// missed by that list, which the model can only take as chance: sound when the other lists
// recorded those people as they record the rest, biased when their overlap changed over time
// (attack-2026-12-04c R4). named adds the list's name, for researchers, who have the capture
// histories whose columns name it; the reports for everyone leave it out, as the manifest's
// public statement does.
func MSEPeriodNote(m *release.Manifest, lists []string, named bool) string {
	if m == nil {
		return ""
	}
	var gaps []string
	add := func(p *release.PartialYear, field, what string) {
		if p == nil || p.Source == "" || !slices.Contains(lists, p.Source) {
			return
		}
		g := fmt.Sprintf("one organisation's registrations %s %d (the manifest's %s), so the people identified %s could not be on its list", what, p.Year, field, map[string]string{"partial_first_year": "before then", "partial_year": "after then"}[field])
		if named {
			g += fmt.Sprintf(" (the list %q)", p.Source)
		}
		gaps = append(gaps, g)
	}
	add(m.PartialFirst, "partial_first_year", "begin months into")
	add(m.Partial, "partial_year", "stop months before the end of")
	if len(gaps) == 0 {
		return ""
	}
	return "the lists do not cover the same period: " + strings.Join(gaps, "; ") +
		". The estimate counts those people as missed by that list by chance, which holds only if the other lists recorded them as they record everyone else; if how the lists overlap changed over time, it is biased"
}
