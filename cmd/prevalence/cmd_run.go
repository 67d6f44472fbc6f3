package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/detect"
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
	previous := fs.String("previous", "", "the release this one follows, when it is in another folder than --out (a folder per period): guard against it and audit the tables jointly with it, leaving it as it is")
	publishDir := fs.String("publish", "", "also copy the files for everyone (tables, reports, protections.json) into this new folder, and nothing else")
	var prof profiles
	prof.register(fs)
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
	if *publishDir != "" {
		if err := publishable(*publishDir, *out); err != nil {
			return err
		}
	}
	key, err := linkage.LoadKey(*keyFile)
	if err != nil {
		return err
	}
	// The centres the config names, read and checked before any input.
	centres, err := cfg.Centres.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", *config, err)
	}
	noCoreDumps()
	var ins []pipeline.Input
	var notices []string
	for _, p := range inputs {
		found, n, err := expand(p, cfg.Centres.Path())
		if err != nil {
			return err
		}
		ins = append(ins, found...)
		notices = append(notices, n...)
	}
	sk, err := signingKey(*signKey)
	if err != nil {
		return err
	}
	stop, err := prof.start()
	if err != nil {
		return err
	}
	m, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{SigningKey: sk, Notices: notices, Out: *out, Centres: centres, Logger: e.out.logger(e), Progress: e.out.progress(e), Key: key, Previous: *previous})
	if perr := stop(); err == nil && perr != nil {
		return perr
	}
	if errors.Is(err, pipeline.ErrSameFile) {
		return usageErrorf("%v", err) // the command line names one file twice
	}
	if err != nil {
		return err
	}
	if !e.out.quiet {
		summarize(e, m, *out)
	}
	if *publishDir != "" {
		if err := unpublishable(m, *out, *publishDir); err != nil {
			return err
		}
		n, err := publish(m, *out, *publishDir)
		if err != nil {
			return err
		}
		if !e.out.quiet {
			fmt.Fprintln(e.stderr, publishedWords(n, *publishDir))
		}
	}
	return nil
}

// exportExts are the extensions of exports a folder input takes (any case, and each with .gz).
var exportExts = []string{".csv", ".tsv", ".tab", ".txt", ".json", ".ndjson", ".jsonl", ".xlsx", ".xlsm", ".parquet", ".pq"}

// expand turns a folder into the exports it holds, in its subfolders too, sorted by path.
// Extensions match in any case, a trailing space in a name is forgiven, and .gz files are
// read through gzip. The config's centres file (centres, when set), which may sit beside the
// exports, is not one; nor is what a run wrote (a release or report folder with prevalence's
// manifest.json, an unfinished release's DIR.tmp-*, a quarantine list): with --out inside
// the --input folder (exports/release), the next run would read the last release as exports.
// It returns notices of what the folder held and of every file it skipped
// and why, for the manifest: nothing in a folder is left out unseen.
func expand(p, centres string) ([]pipeline.Input, []string, error) {
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		return []pipeline.Input{{Name: p}}, nil, nil // a missing file is reported by the pipeline
	}
	var out []pipeline.Input
	var skipped []string
	shownP := shownFolder(p)
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		shown := shownBelow(p, shownP, q) // a subfolder or file named after a child is not written out
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s (unreadable: %v)", shown, unwrapPathErr(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		switch {
		case q == p:
			return nil
		case strings.HasPrefix(name, "."):
			skipped = append(skipped, shown+" (hidden)")
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir() && ourOutput(q):
			skipped = append(skipped, shown+" (a prevalence release, report or publish folder: its manifest.json or protections.json)")
			return fs.SkipDir
		case d.IsDir() && unfinishedRelease.MatchString(name):
			skipped = append(skipped, shown+" (an unfinished or replaced release of a run)")
			return fs.SkipDir
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			skipped = append(skipped, shown+" (not a regular file)")
			return nil
		case strings.HasPrefix(name, "~$"):
			skipped = append(skipped, shown+" (an office lock file)")
			return nil
		case centres != "" && sameFile(q, centres):
			skipped = append(skipped, shown+" (the config's centres)")
			return nil
		case quarantineList(q):
			skipped = append(skipped, shown+" (a quarantine list a run wrote)")
			return nil
		case centresList(q):
			// The programme's centres beside the exports (the demo's folder): read as cases,
			// each shelter would be a victim of whom nothing is known.
			skipped = append(skipped, shown+" (a list of centres: its columns are a centres file's, "+strings.Join(analysis.CentreFields, ", ")+"; give it under centres: in the config to use it)")
			return nil
		}
		base := strings.ToLower(strings.TrimRight(name, " "))
		base = strings.TrimSuffix(base, ".gz")
		if !slices.Contains(exportExts, filepath.Ext(base)) {
			skipped = append(skipped, shown+" (not an export: extension not one of "+strings.Join(exportExts, " ")+", or .gz of one)")
			return nil
		}
		out = append(out, pipeline.Input{Name: q, Root: p})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("%s: no case exports (%s, in any case, or .gz of one) in this folder or its subfolders", shownP, strings.Join(exportExts, ", "))
	}
	// "found", not "read": under --keep-going the run may still skip an export it cannot read
	// (its own notice, and the summary, say so).
	notices := []string{fmt.Sprintf("folder %s: %d export(s) found, subfolders included; %d other file(s) skipped", shownP, len(out), len(skipped))}
	for _, s := range skipped {
		notices = append(notices, "folder "+shownP+": skipped "+s)
	}
	return out, notices, nil
}

// shownFolder is how a folder's notices name the folder p given as an input: p, unless its own
// name could be a child's (detect.FolderName: "Qasimzada intake"); the folders above it are
// the user's own paths.
func shownFolder(p string) string {
	if base := filepath.Base(p); base != "." && base != string(filepath.Separator) && detect.FolderName(base) {
		return filepath.Join(filepath.Dir(p), "(a folder whose name is withheld)")
	}
	return p
}

// shownBelow is how a folder's notices name q, a path found in the folder root (shown as
// shownRoot): q, unless a folder between root and q, or q's own name, could be a child's
// (detect.FileLabel: "kids/nazanin/", "Qasimzada.jpg"), then root and "a file or folder
// whose name is withheld".
func shownBelow(root, shownRoot, q string) string {
	rel, err := filepath.Rel(root, q)
	if err != nil || rel == "." {
		return shownRoot
	}
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		part = strings.TrimLeft(strings.TrimPrefix(part, "~$"), ".") // hidden and lock files
		if part != "" && !detect.FileLabel(strings.TrimSuffix(part, filepath.Ext(part))) {
			return filepath.Join(shownRoot, "(a file or folder whose name is withheld)")
		}
	}
	return filepath.Join(shownRoot, rel)
}

// unfinishedRelease matches the folders release.Writer writes a release into before it is
// committed (DIR.tmp-<hex>) and keeps the replaced one in (DIR.tmp-<hex>.old).
var unfinishedRelease = regexp.MustCompile(`\.tmp-[0-9a-f]{8,}(\.old)?$`)

// ourOutput reports whether dir holds a manifest.json or protections.json that prevalence wrote
// (a release, a report folder, a folder of what everyone may receive: run --publish).
func ourOutput(dir string) bool {
	for _, name := range []string{"manifest.json", "protections.json"} { // protections.json: a --publish folder
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		var m struct {
			Tool string `json:"tool"`
		}
		if json.Unmarshal(b, &m) == nil && m.Tool == "prevalence" {
			return true
		}
	}
	return false
}

// quarantineList reports whether the file at p is a quarantine list a run wrote (quarantine.csv,
// events_quarantine.csv, OUT.quarantine.csv of a failed run): its name ends so and its first
// line is the list's header.
func quarantineList(p string) bool {
	if !strings.HasSuffix(strings.ToLower(p), "quarantine.csv") {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return bytes.HasPrefix(head[:n], []byte("file,line,"))
}

// centresList reports whether the file at p is a CSV list of centres that analysis reads
// (its header names every centre field, and each row is a centre).
func centresList(p string) bool {
	if !strings.EqualFold(filepath.Ext(strings.TrimRight(p, " ")), ".csv") {
		return false
	}
	cs, err := analysis.ReadCentresFile(p)
	return err == nil && len(cs) > 0
}

// sameFile reports whether the paths a and b name the same file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func summarize(e *env, m *release.Manifest, out string) {
	c := m.Counts
	within := ""
	if c.LinkedWithin > 0 { // records without case numbers, linked by name and date of birth
		within = fmt.Sprintf(", %d linked within one source", c.LinkedWithin)
	}
	read, skipped := 0, ""
	for _, in := range m.Inputs {
		if in.Skipped == nil {
			read++
		}
	}
	if n := len(m.Inputs) - read; n > 0 {
		skipped = fmt.Sprintf(" (%d more skipped whole: the manifest says why)", n)
	}
	// Sheets skipped in a workbook that was read (a shelter's sheet whose columns differ):
	// its rows are in no count, so the line says them (attack-2026-12-03a finding 7b).
	sheets, sheetRows := 0, 0
	for _, in := range m.Inputs {
		for _, s := range in.SkippedSheets {
			sheets++
			sheetRows += s.Rows
		}
	}
	if sheets > 0 {
		what := "sheets of workbooks skipped, %d non-blank rows with their headers"
		if sheets == 1 {
			what = "sheet of a workbook skipped, %d non-blank rows with its header"
		}
		skipped += fmt.Sprintf(" (%d "+what+": the notices say why)", sheets, sheetRows)
	}
	fmt.Fprintf(e.stderr, "read %d rows from %d input(s)%s: %d written, %d suppressed, %d quarantined, %d duplicates (%d linked across sources%s)\n",
		c.Read, read, skipped, c.Written, c.Suppressed, c.Quarantined, c.Duplicates, c.Linked-c.LinkedWithin, within)
	for _, n := range m.Notices {
		fmt.Fprintf(e.stderr, "notice: %s\n", n)
	}
	reports := filepath.Join(out, "reports")
	fmt.Fprintf(e.stderr, "for programme leads: %s; for advocates: %s\n", filepath.Join(reports, "programme.html"), filepath.Join(reports, "brief.html"))
	// The last line names the page people open.
	over := ""
	if len(m.Privacy.Unprotected) > 0 {
		over = ", over the protected quasi-identifiers only"
	}
	fmt.Fprintf(e.stderr, "release written to %s (k = %d%s); report: %s\n", out, m.Privacy.K, over, filepath.Join(out, "reports", "report.html"))
}
