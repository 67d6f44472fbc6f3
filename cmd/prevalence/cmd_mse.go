package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/release"
)

func cmdMSE(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "mse", "mse FILE|DIR [--model stepwise|main|bic|aic] [--interval profile|lognormal|wald] [--no-empty-overlaps]\n"+
		"    [--strata COL] [--reps N] [--seed S] [--format F]\n\n"+
		"Estimates the total number of people, recorded or not, by multiple systems estimation.\n"+
		"FILE is a capture-history CSV (one 0/1 column per list, then the count); DIR is a release,\n"+
		"whose capture_histories.csv linkage wrote: estimated by its stratum (country of exploitation),\n"+
		"as the report does, with the pooled total after (--strata none: pooled only). The defaults are SparseMSE's stepwise model and\n"+
		"the profile-likelihood interval (Rcapture's), which covers 95% of the time; the Wald interval\n"+
		"SparseMSE publishes is always given too, and SparseMSE's BCa bootstrap.")
	model := fs.String("model", "stepwise", "model: stepwise (SparseMSE, p < 0.02), main (main effects), bic or aic (best by the criterion, exact search;\nBIC's penalty is log(people observed))")
	interval := fs.String("interval", "profile", "interval of the lower and upper columns: profile (profile likelihood), lognormal (Chao's) or wald (SparseMSE's;\nit under-covers)")
	noEmpty := fs.Bool("no-empty-overlaps", false, "stepwise never adds an interaction between lists that share no one\n(departs from SparseMSE, which adds one when the empty overlap is significant)")
	strata := fs.String("strata", "", "estimate each stratum of this column separately; by default the column \"stratum\" when there is one\n(a release's: the country of exploitation, as the report estimates), else none; none pools every row")
	reps := fs.Int("reps", 1000, "bootstrap replicates")
	seed := fs.Uint64("seed", 1, "bootstrap seed (the same seed gives the same interval)")
	format := fs.String("format", "table", "output format: table, csv, json or markdown")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	write, err := writer(e, *format)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("give one capture-history file or release folder")
	}
	if *reps < 40 {
		return usageErrorf("--reps %d: at least 40 replicates are needed", *reps)
	}
	switch *model {
	case "stepwise", "main", "bic", "aic":
	default:
		return usageErrorf("unknown --model %q (want stepwise, main, bic or aic)", *model)
	}
	switch *interval {
	case "profile", "lognormal", "wald":
	default:
		return usageErrorf("unknown --interval %q (want profile, lognormal or wald)", *interval)
	}
	if *noEmpty && *model != "stepwise" {
		return usageErrorf("--no-empty-overlaps applies to --model stepwise only")
	}
	col := *strata
	switch col {
	case "":
		// As the report: by stratum when the histories have one. Pooled, lists that record
		// different countries share no one and the total is not estimable.
		if col, err = analysis.DefaultStrata(pos[0]); err != nil {
			return withheldFile(err, pos[0])
		}
	case "none":
		col = "" // pooled over the strata, if any
	}
	ch, err := analysis.ReadCaptureHistoriesPath(pos[0], col)
	if err != nil {
		return withheldFile(err, pos[0])
	}
	t, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Model: *model, Interval: *interval, SkipEmptyOverlaps: *noEmpty, Reps: *reps, Seed: *seed})
	if err != nil {
		return err
	}
	// A release's lists that cover different periods (its manifest says so) are said after
	// the table, as the reports do; a bare capture-history file says nothing of periods.
	if fi, err := os.Stat(pos[0]); err == nil && fi.IsDir() {
		if m, err := release.ReadManifest(pos[0]); err == nil {
			var lists []string
			for _, tab := range ch.Tables {
				lists = append(lists, tab.DropEmptyLists().Lists...)
			}
			t.PartialNote = analysis.MSEPeriodNote(m, lists, true)
		}
	}
	return writeMarked(e, write, *format, t)
}

// withheldFile names FILE in err as "the capture-history file" when its name could be a
// person's (detect.FileLabel: a case export given by mistake, "Officer Hope.csv",
// "contact_grace.csv"), as run names such an input "input N"; a release folder is the user's.
func withheldFile(err error, p string) error {
	base := filepath.Base(p)
	if fi, serr := os.Stat(p); (serr == nil && fi.IsDir()) || detect.FileLabel(strings.TrimSuffix(base, filepath.Ext(base))) {
		return err
	}
	return &renamedError{err: err, name: p, shown: "the capture-history file"}
}

// renamedError is err with name replaced by shown in its message; errors.Is and errors.As
// still see err.
type renamedError struct {
	err         error
	name, shown string
}

func (r *renamedError) Error() string { return strings.ReplaceAll(r.err.Error(), r.name, r.shown) }
func (r *renamedError) Unwrap() error { return r.err }
