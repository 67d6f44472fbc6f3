package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

// cmdReport re-renders the reports of an existing release for one audience. The reports go to
// a folder of their own (DIR/reports-AUDIENCE by default), not into DIR/reports: the manifest
// lists the hashes of the release's files, and rewriting them would make the release fail its
// check.
func cmdReport(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "report", "report DIR [--for research|programme|advocacy] [--centres FILE] [--out DIR]")
	audience := flags.String("for", "research", "audience: research (report and tables), programme (report first by province, CSV tables) or advocacy (two-page brief)")
	out := flags.String("out", "", "folder for the reports (default DIR/reports-AUDIENCE; never DIR/reports, which the manifest covers)")
	centresFile := flags.String("centres", "", "with --for programme: the existing centres (CSV: name, province, capacity, ages, genders; default: those the run's config named, kept in the release); the report opens with the provinces ranked by unmet need against them")
	signKey := flags.String("sign-key", "", "sign the report folder's manifest with this Ed25519 private key (mode 600; see prevalence keygen)")
	pos, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("give one release folder")
	}
	if !slices.Contains(reports.Audiences, *audience) {
		hint := ""
		if c := closest(*audience, reports.Audiences); c != "" {
			hint = "; did you mean " + c + "?"
		}
		return usageErrorf("unknown --for %q%s (want %s)", *audience, hint, strings.Join(reports.Audiences, ", "))
	}
	if *centresFile != "" && *audience != "programme" {
		return usageErrorf("--centres goes with --for programme")
	}
	var centres []byte
	if *centresFile != "" {
		if centres, err = os.ReadFile(*centresFile); err != nil {
			return err
		}
		if _, err := analysis.ReadCentres(bytes.NewReader(centres)); err != nil {
			return fmt.Errorf("%s: %w", *centresFile, err)
		}
	}
	dir := pos[0]
	sk, err := signingKey(*signKey)
	if err != nil {
		return err
	}
	// The release's lock: a run committing now would replace the folder and lose the reports.
	unlock, err := release.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := release.ReadManifest(dir)
	if err != nil {
		return publishedFolder(dir, "report", err)
	}
	held := heldBack(m)
	if held && *audience != "research" {
		// A brief is what an advocate forwards: one rendered from a release run --publish
		// refused would publish its counts beside the publication it was not audited with
		// (attack-2026-12-03g finding 8). The run's own reports/ stay inside the release.
		// The run's refusal, word for word (refusalWhy): its way out is the one that is safe for
		// each kind of refusal, where "write it again with --previous" only repeats an audit
		// that ended exposed or apart (privacy-side-doors25, left).
		return fmt.Errorf("%s is not to be published (run --publish refuses it; check %s says so), and its %s report would be published with its tables: %s; "+
			"render reports from the published release (--for research renders a report for researchers under an agreement, not for publication)",
			dir, dir, *audience, refusalWhy(m))
	}
	if centres == nil && *audience == "programme" && m.Centres != "" {
		// The centres the run ranked against, kept in the release, unless others are given.
		if centres, err = os.ReadFile(releaseFile(dir, m.Centres)); err != nil {
			return err
		}
		if _, err := analysis.ReadCentres(bytes.NewReader(centres)); err != nil {
			return fmt.Errorf("%s: %w", m.Centres, err)
		}
	}
	if *out == "" {
		*out = filepath.Join(dir, release.ReportPrefix+*audience)
	}
	absOut := mustAbs(*out)
	if absOut == mustAbs(filepath.Join(dir, "reports")) {
		return usageErrorf("--out cannot be the release's own reports folder: its files are listed in the manifest")
	}
	inside := strings.HasPrefix(absOut+string(filepath.Separator), mustAbs(dir)+string(filepath.Separator))
	if inside {
		// Inside the release only a report folder of its own: check refuses any other file.
		if filepath.Dir(absOut) != mustAbs(dir) || !strings.HasPrefix(filepath.Base(absOut), release.ReportPrefix) {
			return usageErrorf("--out inside the release must be a folder %sNAME directly in it", release.ReportPrefix)
		}
		if err := os.RemoveAll(absOut); err != nil { // files of an earlier rendering would be unlisted
			return err
		}
	}
	// The report renders the release's protected tables; their protection (threshold,
	// rounding, noise) was chosen by the run that made them (small_cell_threshold, round_to,
	// epsilon in its config).
	tables, err := release.ReadTables(dir)
	if err != nil {
		return err
	}
	// A research report of a release not to be published goes to researchers under an
	// agreement, who may hold its microdata (cases/) too: it says at its head that it is not
	// for publication, and its folder is for researchers (attack-2026-12-04a, lows).
	// The threshold the tables print with, recorded in the folder's manifest: a held
	// release's is the previous release's, not the configured one (privacy-side-doors37).
	th := m.TablesThreshold()
	if th <= 0 {
		th = reports.DefaultThreshold
	}
	opt := reports.Options{Threshold: th, Tables: tables, Bounds: tableBounds(dir, tables), Audience: *audience, Dir: ".", NotForPublication: held}
	if opt.Carried, err = release.ReadCarried(dir); err != nil {
		return err
	}
	release.CurrentCarried(opt.Carried)
	var roundTo int
	var eps float64
	if m.Tables != nil {
		roundTo, eps = m.Tables.RoundTo, m.Tables.Epsilon
	}
	if b, err := os.ReadFile(filepath.Join(dir, "privacy.json")); err == nil {
		opt.PrivacyJSON = b
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if b, err := os.ReadFile(filepath.Join(dir, "capture_histories.csv")); err == nil {
		opt.CaptureHistories = b
	}
	if centres != nil {
		opt.Centres, _ = analysis.ReadCentres(bytes.NewReader(centres)) // read above
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	files, err := reports.Build(ctx, db, m, opt)
	if err != nil {
		return analysis.ExplainMissing(ctx, db, "reports", "", err)
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(*out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o600); err != nil {
			return err
		}
		paths = append(paths, path.Clean(f.Path))
	}
	sum, err := release.ManifestSHA256(dir)
	if err != nil {
		return err
	}
	rm := &release.ReportManifest{Tool: "prevalence", CreatedAt: time.Now().UTC(), Release: sum, Audience: *audience,
		Folder:    filepath.Base(absOut),
		Threshold: opt.Threshold, RoundTo: roundTo, Epsilon: eps,
		For: reportAudience(*audience, len(opt.CaptureHistories) > 0, held)}
	if centres != nil {
		// Kept with the reports, so that check can render them again byte for byte.
		rm.Centres = centresCopy
		// Written from the centres as read (not the bytes given), so that a name that would
		// run as a spreadsheet formula is defused like every other CSV cell of the release.
		var b bytes.Buffer
		if err := analysis.WriteCentres(&b, opt.Centres); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, centresCopy), b.Bytes(), 0o600); err != nil {
			return err
		}
		paths = append(paths, centresCopy)
	}
	if err := release.WriteReportManifest(*out, rm, paths, 0o600); err != nil {
		return err
	}
	if sk != nil {
		if err := release.Sign(*out, sk, 0o600); err != nil {
			return err
		}
	}
	if !e.out.quiet {
		fmt.Fprintf(e.stderr, "%d report file(s) for %s written to %s\n", len(files), *audience, *out)
	}
	return nil
}

// reportAudience is who may receive a report folder rendered for audience: as
// release.ReportFolderAudience says, but the research report of a release not to be published
// (held: heldBack) is for researchers under an agreement, not for everyone.
func reportAudience(audience string, captureHistories, held bool) string {
	if held && audience == "research" {
		return release.ForResearchers
	}
	return release.ReportFolderAudience(audience, captureHistories)
}

// centresCopy is the name of the copy of the centres table in a report folder.
const centresCopy = "centres.csv"

// releaseFile is the path of a file a release's manifest names (slash-separated, relative),
// kept inside the release folder dir whatever the name says.
func releaseFile(dir, name string) string {
	return filepath.Join(dir, filepath.FromSlash(path.Clean("/"+name)))
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
