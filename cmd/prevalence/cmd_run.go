package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "run --input PATH [--input PATH ...] [--config FILE] [--out DIR] [--k N]")
	var inputs multi
	fs.Var(&inputs, "input", "a case export (CSV, TSV, JSON, NDJSON, XLSX, Parquet), an http(s) URL, or a folder of exports; repeatable")
	config := fs.String("config", "", "YAML config (see prevalence init); defaults when empty")
	out := fs.String("out", "prevalence-release", "release folder to write")
	k := fs.Int("k", 0, "k-anonymity: overrides the config's k")
	suppression := fs.Float64("suppression", -1, "share of rows that may be suppressed (0..1): overrides the config")
	strict := fs.Bool("strict", false, "fail at the first invalid row")
	keepGoing := fs.Bool("keep-going", false, "skip an input that cannot be read, with a notice, instead of failing")
	maxBad := fs.Int("max-bad-rows", -1, "fail when more rows than this are quarantined (0: none may be): overrides the config")
	maxShare := fs.Float64("max-bad-share", -1, "fail when more than this share (0..1) of one input's rows is quarantined (default 0.1; 1: off): overrides the config")
	signKey := fs.String("sign-key", "", "sign the release with this Ed25519 private key (mode 600; see prevalence keygen)")
	keyFile := fs.String("key-file", "", "secret key for linking people across sources (mode 600); else $"+linkage.KeyEnv)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	inputs = append(inputs, pos...)
	if len(inputs) == 0 {
		return usageErrorf("no input given: use --input PATH")
	}
	cfg := pipeline.Defaults
	if *config != "" {
		if cfg, err = pipeline.LoadConfig(*config); err != nil {
			return err
		}
	}
	if isSet(fs, "k") {
		cfg.K = *k // --k 0 is checked below, not taken for "unset"
	}
	if isSet(fs, "suppression") {
		cfg.SuppressionLimit = *suppression
	}
	if err := atLeast(fs, "max-bad-rows", *maxBad, 0); err != nil {
		return err
	}
	if *strict {
		cfg.Strict = true
	}
	if *keepGoing {
		cfg.KeepGoing = true
	}
	if isSet(fs, "max-bad-rows") {
		cfg.MaxBadRows = maxBad
	}
	if isSet(fs, "max-bad-share") {
		cfg.MaxBadShare = maxShare
	}
	if err := cfg.Validate(); err != nil {
		return usageErrorf("%v", err)
	}
	key, err := linkage.LoadKey(*keyFile)
	if err != nil {
		return err
	}
	noCoreDumps()
	var ins []pipeline.Input
	for _, p := range inputs {
		found, err := expand(p)
		if err != nil {
			return err
		}
		ins = append(ins, found...)
	}
	sk, err := signingKey(*signKey)
	if err != nil {
		return err
	}
	m, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{SigningKey: sk, Out: *out, Logger: e.out.logger(e), Progress: e.out.progress(e), Key: key})
	if err != nil {
		return err
	}
	if !e.out.quiet {
		summarize(e, m, *out)
	}
	return nil
}

// expand turns a folder into the exports it holds (sorted, not recursive).
func expand(p string) ([]pipeline.Input, error) {
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		return []pipeline.Input{{Name: p}}, nil // a missing file is reported by the pipeline
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	var out []pipeline.Input
	for _, d := range entries {
		switch filepath.Ext(d.Name()) {
		case ".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", ".xlsx", ".xlsm", ".parquet":
			out = append(out, pipeline.Input{Name: filepath.Join(p, d.Name())})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no case exports (.csv, .tsv, .txt, .json, .ndjson, .jsonl, .xlsx, .xlsm, .parquet) in this folder", p)
	}
	return out, nil
}

func summarize(e *env, m *release.Manifest, out string) {
	c := m.Counts
	fmt.Fprintf(e.stderr, "read %d rows from %d input(s): %d written, %d suppressed, %d quarantined, %d duplicates (%d linked across sources)\n",
		c.Read, len(m.Inputs), c.Written, c.Suppressed, c.Quarantined, c.Duplicates, c.Linked)
	for _, n := range m.Notices {
		fmt.Fprintf(e.stderr, "notice: %s\n", n)
	}
	// The last line names the page people open.
	fmt.Fprintf(e.stderr, "release written to %s (k = %d); report: %s\n", out, m.Privacy.K, filepath.Join(out, "reports", "report.html"))
}

// noCoreDumps keeps identifiable data held in memory out of core files for this process.
func noCoreDumps() {
	syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{Cur: 0, Max: 0})
}
