package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

// cmdReport re-renders the reports of an existing release for one audience. The reports go to
// a folder of their own (DIR/reports-AUDIENCE by default), not into DIR/reports: the manifest
// lists the hashes of the release's files, and rewriting them would make the release fail its
// check.
func cmdReport(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "report", "report DIR [--for research|programme|advocacy] [--out DIR]")
	audience := flags.String("for", "research", "audience: research (report and tables), programme (report first by province, CSV tables) or advocacy (two-page brief)")
	out := flags.String("out", "", "folder for the reports (default DIR/reports-AUDIENCE; never DIR/reports, which the manifest covers)")
	var o output
	o.register(flags)
	pos, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("give one release folder")
	}
	if !slices.Contains(reports.Audiences, *audience) {
		return usageErrorf("unknown --for %q (want %s)", *audience, strings.Join(reports.Audiences, ", "))
	}
	dir := pos[0]
	m, err := release.ReadManifest(dir)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(dir, "reports-"+*audience)
	}
	if abs, _ := filepath.Abs(*out); abs == mustAbs(filepath.Join(dir, "reports")) {
		return usageErrorf("--out cannot be the release's own reports folder: its files are listed in the manifest")
	}
	// The report renders the release's protected tables; their protection (threshold,
	// rounding, noise) was chosen by the run that made them (small_cell_threshold, round_to,
	// epsilon in its config).
	tables, err := release.ReadTables(dir)
	if err != nil {
		return err
	}
	opt := reports.Options{Threshold: threshold(m), Tables: tables, Audience: *audience, Dir: "."}
	if b, err := os.ReadFile(filepath.Join(dir, "privacy.json")); err == nil {
		opt.PrivacyJSON = b
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if b, err := os.ReadFile(filepath.Join(dir, "capture_histories.csv")); err == nil {
		opt.CaptureHistories = b
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	files, err := reports.Build(ctx, db, m, opt)
	if err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(*out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o600); err != nil {
			return err
		}
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "%d report file(s) for %s written to %s\n", len(files), *audience, *out)
	}
	return nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
