package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

// cmdCheck verifies a release: its signature (with --key), every file against the manifest,
// no file the manifest does not list, the privacy models recomputed from the Parquet against
// the organisation's rules, and the published reports re-rendered from the release.
func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "check", "check DIR [--key PUBLIC] [--config FILE] [--previous DIR [--allow-unchecked]]")
	keyFile := fs.String("key", "", "the organisation's public key (prevalence keygen's .pub): the release must carry its valid signature")
	config := fs.String("config", "", "the organisation's config: its rules (k, l, t, quasi-identifiers, small-cell threshold) are what the release must meet, whatever the manifest claims")
	previous := fs.String("previous", "", "the release this one replaced (a copy of its folder, or the folder run --publish wrote from it): the tables are audited again together with its tables, as the run did")
	allowUnchecked := fs.Bool("allow-unchecked", false, "with --previous: accept the release when the two releases could not be audited together (the joint audit over its size budget, counts that rose and fell, noise): the verdict says \"not re-run\" (without it, exit 4)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("give one release folder")
	}
	dir := pos[0]
	log := e.out.logger(e)
	var pk ed25519.PublicKey
	if *keyFile != "" {
		if pk, err = release.LoadPublicKey(*keyFile); err != nil {
			return err
		}
	}
	m, err := release.ReadManifest(dir)
	if err != nil {
		return publishedFolder(dir, "check", err)
	}
	var problems []string
	signed := false
	if pk != nil {
		if err := release.Verify(dir, pk); errors.Is(err, release.ErrSignature) {
			problems = append(problems, err.Error())
		} else if err != nil {
			return err
		} else {
			signed = true
		}
	}

	// The rules: the organisation's config when given; else the config the manifest recorded,
	// which a forger cannot lower once the signature is verified.
	var policy *release.Policy
	switch {
	case *config != "":
		cfg, err := pipeline.LoadConfig(*config)
		if err != nil {
			return err
		}
		policy = cfg.Policy("the organisation's config " + *config)
	case m.Config != nil:
		cfg, err := pipeline.RecordedConfig(m.Config)
		if err != nil {
			problems = append(problems, err.Error())
			break
		}
		src := "the config recorded in the manifest"
		if !signed {
			src += " (unsigned)"
		}
		policy = cfg.Policy(src)
		if th := m.TablesThreshold(); m.Held() && th > 0 && th < policy.SmallCellThreshold {
			// The run that recorded this config held the previous release's tables, printed
			// with their threshold, and said so (tables.held): its own config raised since
			// does not make them a violation (an organisation's --config still binds them).
			policy.SmallCellThreshold = th
		}
	}

	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("signature", "verified", signed, "problems", len(problems))
	found, err := release.CheckWith(ctx, dir, db, release.CheckOptions{Policy: policy, AuditTables: anonymize.AuditRelease})
	if err != nil {
		return err
	}
	problems = append(problems, found...)
	log.Info("files, counts and privacy models", "problems", len(found))
	// Withheld counts that the printed ones give exactly (attack-2026-12-03d finding 9): said
	// in the verdict, not a problem (they protect nothing, and tell nothing the release does
	// not); with --previous, one moved by 1 to 9 from a value an earlier release printed is.
	givenNames, given, err := givenByPrinted(dir, m)
	if err != nil {
		return err
	}
	jointNote, unchecked := "", false
	microNote := ""    // why the microdata was not compared with the previous release
	microChecked := "" // what else was compared, when it was (the joined levels, the series' memory)
	// The join's notes (an earlier release's rows it singles out, where it is one-sided): said
	// whatever the verdict, most of all when check fails (privacy-side-doors22, task 1).
	var joinNotes []string
	// A folder written by run --publish (the tables everyone holds: tables.json, relations.json
	// and carried.json, no manifest, no microdata) is a baseline for the tables: what someone
	// who kept last period's public tables can subtract (attack-2026-12-02g finding 1b).
	pubPrev, pubNote := *previous != "" && release.IsPublished(*previous), ""
	if pubPrev {
		// Its tables against the SHA-256 its protections.json states, as run --previous
		// checks them (a statement of an older version states none).
		if _, err := release.VerifyPublished(*previous); err != nil {
			return fmt.Errorf("--previous: %w: the tables would be audited against other counts or relations than the folder published", err)
		}
		pubNote = fmt.Sprintf("microdata: the previous folder %s was written by run --publish (the files for everyone): it holds no microdata, so there is none of it to compare", *previous)
	}
	if *previous != "" && !pubPrev {
		// The microdata as the differencing guard compares it (privacy-side-doors12); not
		// compared is said in the verdict, as the tables' audit not re-run (privacy-side-doors13).
		problem, skipped, notes, err := pipeline.NewRowsAgainstNoted(ctx, dir, *previous, m)
		if err != nil {
			return err
		}
		if problem != "" {
			problems = append(problems, problem)
		}
		microNote = skipped
		log.Info("microdata compared with the previous release", "new_rows_problem", problem != "", "not_compared", skipped)
		if skipped == "" {
			joined, series, err := pipeline.PreviousChecked(ctx, dir, *previous, m)
			if err != nil {
				return err
			}
			microChecked = checkedWords(*previous, m.Privacy.K, joined, series)
		}
		// The earlier releases' rows the join singles out (counts only): that release is out,
		// so they are said, not a problem of this release (privacy-side-doors20).
		joinNotes = notes
		for _, n := range joinNotes {
			microChecked += "; " + n
		}
	}
	tablesNote := "" // why the tables had nothing to be audited with in the previous release
	if *previous != "" && !pubPrev {
		if tablesNote, err = noTablesWith(*previous, m); err != nil {
			return err
		}
	}
	if *previous != "" && tablesNote == "" {
		jointNote, found, err = auditWithPrevious(dir, *previous, m, given)
		if unchecked = errors.Is(err, anonymize.ErrNotAudited); unchecked {
			err = nil
		}
		if err != nil {
			return err
		}
		problems = append(problems, found...)
		log.Info("tables audited with the previous release", "problems", len(found))
	}
	if m.Config != nil {
		found, err := rerender(ctx, db, dir, m)
		if err != nil {
			return err
		}
		problems = append(problems, found...)
		log.Info("reports rendered again", "problems", len(found))
	}
	subs, err := release.ReportFolders(dir)
	if err != nil {
		return err
	}
	histories := slices.ContainsFunc(m.Outputs, func(o release.Output) bool { return o.Path == release.CaptureHistoriesFile })
	var folders []reportFolder
	for _, sub := range subs {
		rm, found, err := release.CheckReportFolder(dir, sub)
		if err != nil {
			return err
		}
		problems = append(problems, found...)
		if rm == nil {
			folders = append(folders, reportFolder{sub, release.ForEveryone, "not written by prevalence report"})
			continue
		}
		who := reportAudience(rm.Audience, histories, heldBack(m))
		if rm.For != "" && rm.For != who {
			problems = append(problems, fmt.Sprintf("%s: its manifest offers it %s, but a %s report of this release is %s", sub, audienceWords(rm.For), rm.Audience, audienceWords(who)))
		}
		folders = append(folders, reportFolder{sub, who, fmt.Sprintf("%s report", rm.Audience)})
		if pk != nil {
			if err := release.Verify(filepath.Join(dir, sub), pk); errors.Is(err, release.ErrSignature) {
				problems = append(problems, sub+": "+err.Error())
			} else if err != nil {
				return err
			}
		}
		if th := m.TablesThreshold(); rm.Threshold < th || (policy != nil && rm.Threshold < policy.SmallCellThreshold) {
			problems = append(problems, fmt.Sprintf("%s: rendered with a small-cell threshold of %d, below the release's %d", sub, rm.Threshold, th))
		}
		// Rendering is deterministic (noise, if any, is in the protected tables): the files
		// must match.
		opt := reports.Options{Threshold: rm.Threshold, Audience: rm.Audience, Dir: ".", NotForPublication: heldBack(m) && rm.Audience == "research"}
		if rm.Centres != "" {
			// The centres the reports were rendered with, kept (and hashed) beside them.
			if opt.Centres, err = analysis.ReadCentresFile(filepath.Join(dir, sub, filepath.FromSlash(path.Clean("/"+rm.Centres)))); err != nil {
				problems = append(problems, fmt.Sprintf("%s: the centres it was rendered with cannot be read: %v", sub, err))
				continue
			}
		}
		found, err = compareRendered(ctx, db, dir, sub, m, opt)
		if err != nil {
			return err
		}
		problems = append(problems, found...)
		log.Info("report folder rendered again", "folder", sub, "problems", len(found))
	}
	if microNote != "" {
		microNote = fmt.Sprintf("microdata: not compared with the previous release %s: %s", *previous, microNote)
	}
	if len(problems) > 0 {
		var notes []string
		if microNote != "" {
			notes = append(notes, microNote)
		}
		for _, n := range joinNotes {
			notes = append(notes, "microdata: "+n)
		}
		if heldBack(m) {
			// What run --publish said, beside what check found (the 20,000-row pair's three
			// counts, and the four the run's joint audit left exposed).
			notes = append(notes, publicationLine(m))
		}
		return &violationError{problems, notes}
	}
	if microNote != "" && !*allowUnchecked {
		return &uncheckedError{fmt.Sprintf("%s: not verified with the previous release %s: %s; give --allow-unchecked to accept the release without that comparison", dir, *previous, microNote)}
	}
	if unchecked && !*allowUnchecked {
		// "ok" would say that the two releases were verified together (attack-2026-12-01d
		// finding 11: over the joint audit's budget, check answered ok).
		msg := fmt.Sprintf("%s: not verified with the previous release %s: not re-run: %s; give --allow-unchecked to accept the release without that audit", dir, *previous, jointNote)
		for _, n := range joinNotes {
			msg += "\n  microdata: " + n
		}
		return &uncheckedError{msg}
	}
	// The verdict is check's output (stdout), as tables are query's; --quiet leaves the exit code.
	if e.out.quiet {
		return nil
	}
	switch {
	case signed:
		fmt.Fprintf(e.stdout, "%s: ok (signature verified: key %s)\n", dir, release.KeyID(pk))
	default:
		fmt.Fprintf(e.stdout, "%s: ok (signature not verified: give --key)\n", dir)
	}
	switch {
	case unchecked:
		fmt.Fprintf(e.stdout, "  tables: not re-run with the previous release %s (--allow-unchecked): %s\n", *previous, jointNote)
	case jointNote != "":
		fmt.Fprintf(e.stdout, "  tables: audited again with the previous release %s: %s\n", *previous, jointNote)
	case tablesNote != "":
		fmt.Fprintf(e.stdout, "  tables: %s\n", tablesNote)
	case m.Tables != nil && m.Tables.Previous != "":
		// check holds one release: the tables' audit with the previous release (the joint
		// linear program, or the previous pattern kept for the same data) needs that release,
		// which the folder no longer holds once replaced.
		fmt.Fprintf(e.stdout, "  tables: audited alone here; when written they were also audited with the previous release, which check re-runs with --previous DIR (manifest tables.previous: %s)\n", m.Tables.Previous)
	}
	if heldBack(m) {
		// run --publish refused it: its files for everyone are not to be published beside the
		// earlier publication (attack-2026-12-03f finding 1).
		fmt.Fprintf(e.stdout, "  %s\n", publicationLine(m))
	}
	if len(givenNames) > 0 {
		fmt.Fprintf(e.stdout, "  tables: %d withheld counts are given exactly by the printed counts beside them (%s): they protect nothing; a release written now prints them unless the differencing guard withholds them\n",
			len(givenNames), strings.Join(givenNames, "; "))
	}
	switch {
	case microNote != "":
		fmt.Fprintf(e.stdout, "  %s (--allow-unchecked)\n", microNote)
	case pubPrev:
		fmt.Fprintf(e.stdout, "  %s\n", pubNote)
	case *previous != "":
		fmt.Fprintf(e.stdout, "  microdata: compared with the previous release %s: no kind of row is new in fewer than k = %d copies%s\n", *previous, m.Privacy.K, microChecked)
	}
	writeAudiences(e.stdout, m.Outputs, folders, heldBack(m))
	return nil
}

// checkedWords says, for the verdict's microdata line, what was compared beside the rows
// (pipeline.PreviousChecked): the two releases joined at the previous one's finer levels, and
// with the generalizations the series remembers finer ("an earlier release's ..."), or why
// there was nothing to join; the series' earlier kinds, or that none were beside prev.
func checkedWords(prev string, k int, joined []string, series bool) string {
	var w string
	var prevs, earlier []string
	for _, j := range joined {
		if strings.HasPrefix(j, "an earlier release's ") {
			earlier = append(earlier, j)
		} else {
			prevs = append(prevs, j)
		}
	}
	if len(prevs) > 0 {
		earlier = append([]string{"the previous release's " + strings.Join(prevs, ", ")}, earlier...)
	}
	if len(joined) > 0 {
		w = fmt.Sprintf("; joined at the finer of the two generalizations (%s): no combination holds 1 to %d of this release's rows", strings.Join(earlier, "; "), k-1)
	} else {
		w = "; joined levels: none to check (the previous release shows no quasi-identifier finer than this one)"
	}
	if series {
		w += fmt.Sprintf("; the series' earlier kinds (%s beside %s) checked too: none new in fewer than k", pipeline.EarlierKindsFile, prev)
	} else {
		w += fmt.Sprintf("; the series' earlier kinds: none at this release's levels beside %s (%s)", prev, pipeline.EarlierKindsFile)
	}
	return w
}

// reportFolder is a reports-* folder of a release, with who may receive it and what it is.
type reportFolder struct{ name, who, what string }

// writeAudiences says who may receive each part of the release (release.AudienceOf): folders
// with their number of files, and files by name. held says the release is not to be published
// (unpublishable): its parts for everyone are so only once it may be.
func writeAudiences(w io.Writer, outputs []release.Output, folders []reportFolder, held bool) {
	parts := map[string][]string{}
	files := map[string]int{}
	// The manifest itself accounts for every input row exactly (rows read per input,
	// quarantined, duplicates, withheld): the organisation's, like privacy.json.
	parts[release.ForOrganisation] = append(parts[release.ForOrganisation], release.ManifestName+" (exact accounting of every input row)")
	defer func() {
		for _, f := range folders {
			parts[f.who] = append(parts[f.who], f.name+"/ ("+f.what+")")
		}
		writeParts(w, parts, files, held)
	}()
	for _, o := range outputs {
		who := o.For
		if who == "" { // a release made before the manifest said so
			who = release.AudienceOf(o.Path)
		}
		name, note := o.Path, ""
		if i := strings.Index(o.Path, "/"); i >= 0 {
			name = o.Path[:i+1]
		}
		switch {
		case name == "cases/":
			note = " (k-anonymous microdata)"
		case name == release.ProtectionsFile:
			note = " (the public statement of protections)"
		case name == release.CaptureHistoriesFile:
			note = " (people per pattern of organisations: counts from 1 up, unprotected)"
		}
		if files[name]++; files[name] == 1 {
			parts[who] = append(parts[who], name+note)
		}
	}
}

// audiences are who may receive a part, in words, in the order check lists them.
var audiences = []struct{ who, words string }{
	{release.ForEveryone, "for everyone"},
	{release.ForResearchers, "for researchers under an agreement, not for publication"},
	{release.ForOrganisation, "for the organisation only"},
}

func audienceWords(who string) string {
	for _, a := range audiences {
		if a.who == who {
			return a.words
		}
	}
	return who
}

func writeParts(w io.Writer, parts map[string][]string, files map[string]int, held bool) {
	for _, a := range audiences {
		if held && a.who == release.ForEveryone {
			// attack-2026-12-03g finding 8: "for everyone" right under "not to be published".
			a.words = "for everyone once it may be published (not now: see publication above)"
		}
		if len(parts[a.who]) == 0 {
			continue
		}
		var list []string
		for _, p := range parts[a.who] {
			if name := strings.SplitN(p, " ", 2)[0]; strings.HasSuffix(name, "/") && files[name] > 1 {
				p = strings.Replace(p, name, fmt.Sprintf("%s (%d files)", name, files[name]), 1)
			}
			list = append(list, p)
		}
		fmt.Fprintf(w, "  %s: %s\n", a.words, strings.Join(list, ", "))
	}
}

// rerender renders the release's reports again, as the run did, and compares them with the
// published ones: an edited table cell, brief or chart is found whatever the manifest says.
func rerender(ctx context.Context, db *sql.DB, dir string, m *release.Manifest) ([]string, error) {
	opt := reports.Options{Threshold: m.TablesThreshold()}
	if m.Centres != "" {
		// The centres the programme report ranked against, kept (and hashed) in the release.
		var err error
		if opt.Centres, err = analysis.ReadCentresFile(releaseFile(dir, m.Centres)); err != nil {
			return []string{fmt.Sprintf("the centres the reports were rendered with cannot be read: %v", err)}, nil
		}
	}
	return compareRendered(ctx, db, dir, "", m, opt)
}

func compareRendered(ctx context.Context, db *sql.DB, dir, sub string, m *release.Manifest, opt reports.Options) ([]string, error) {
	if b, err := os.ReadFile(filepath.Join(dir, pipeline.PrivacyFile)); err == nil {
		opt.PrivacyJSON = b
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if b, err := os.ReadFile(filepath.Join(dir, pipeline.CaptureHistoriesFile)); err == nil {
		opt.CaptureHistories = b
	}
	tables, err := release.ReadTables(dir)
	if err != nil {
		return nil, err
	}
	opt.Tables, opt.Bounds = tables, tableBounds(dir, tables)
	if opt.Carried, err = release.ReadCarried(dir); err != nil {
		return nil, err
	}
	release.CurrentCarried(opt.Carried)
	// The reports were rendered before the manifest listed the files.
	mm := *m
	mm.Outputs, mm.Columns = nil, nil
	files, err := reports.Build(ctx, db, &mm, opt)
	if err != nil {
		return []string{fmt.Sprintf("the reports cannot be rendered again from the release: %v", err)}, nil
	}
	var problems, edited []string
	rendered := map[string]bool{}
	for _, f := range files {
		rel := path.Join(sub, f.Path)
		rendered[rel] = true
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, fmt.Sprintf("%s is missing: the release renders it", rel))
		case err != nil:
			return nil, err
		case !bytes.Equal(got, f.Data):
			edited = append(edited, rel)
		}
	}
	switch {
	case len(edited) > 3:
		problems = append(problems, fmt.Sprintf("%d report files differ from the reports this release renders (the cases or the manifest changed, or they were edited): %s, ...",
			len(edited), strings.Join(edited[:3], ", ")))
	case len(edited) > 0:
		for _, rel := range edited {
			problems = append(problems, fmt.Sprintf("%s differs from the report this release renders: it was edited", rel))
		}
	}
	if sub == "" {
		for _, o := range m.Outputs {
			if strings.HasPrefix(o.Path, "reports/") && !rendered[o.Path] {
				problems = append(problems, fmt.Sprintf("%s is not a report this release renders", o.Path))
			}
		}
	}
	return problems, nil
}

// noTablesWith says why the protected tables of the release m have nothing to be audited with
// in the release prev (--previous): one of the two publishes none (a release of prevalence
// anonymize: microdata only), so only the microdata is compared; "" when both have tables.
// A previous release whose manifest lists tables that its folder lacks is left to
// auditWithPrevious' error: an incomplete copy, not a release without tables.
func noTablesWith(prev string, m *release.Manifest) (string, error) {
	pm, err := release.ReadManifest(prev)
	if err != nil {
		return "", err
	}
	ts, err := release.ReadTables(prev)
	if err != nil {
		return "", err
	}
	none := pm.Tables == nil && ts == nil
	switch {
	case m.Tables == nil && none:
		return fmt.Sprintf("neither this release nor the previous release %s has protected tables (microdata only): none to audit together", prev), nil
	case m.Tables == nil:
		return fmt.Sprintf("this release has no protected tables (microdata only): none to audit with the previous release %s's", prev), nil
	case none:
		return fmt.Sprintf("the previous release %s has no protected tables (microdata only): this release's were audited alone, as there is nothing of the previous release to solve them with", prev), nil
	}
	return "", nil
}

// auditWithPrevious audits the protected tables of the release in dir together with those of
// the release it replaced, in prev (anonymize.AuditReleases): it returns how they were
// compared and the findings; the error is anonymize.ErrNotAudited, with the reason as the
// note, when the two could not be solved together.
func auditWithPrevious(dir, prev string, m *release.Manifest, given []*release.Table) (string, []string, error) {
	if m.Tables == nil {
		return "", nil, usageErrorf("%s has no protected tables to audit with --previous", dir)
	}
	read := func(d string) ([]*release.Table, *release.Relations, error) {
		ts, err := release.ReadTables(d)
		if err != nil {
			return nil, nil, err
		}
		if ts == nil {
			return nil, nil, usageErrorf("%s has no protected tables (--previous names a release folder)", d)
		}
		r, err := release.ReadRelations(d)
		return ts, r, err
	}
	pts, prel, err := read(prev)
	if err != nil {
		return "", nil, err
	}
	release.CurrentColumns(pts) // its columns under this version's names, as run reads them
	ts, rel, err := read(dir)
	if err != nil {
		return "", nil, err
	}
	// The previous release's carried values (carried.json, and carried_bounds.json when prev is
	// the organisation's folder) bound its withheld counts below in the joint audit, as the run
	// read them; and counts it withheld, printed again at less than the threshold from the last
	// value an earlier release printed, are findings (attack-2026-12-02f finding 1).
	carried, err := release.ReadCarried(prev)
	if err != nil {
		return "", nil, err
	}
	release.CurrentCarried(carried)
	found, note, err := anonymize.AuditReleasesCarried(pts, prel, carried.Index(), ts, rel, m.Tables.Threshold, m.Tables.ProtectionWidth, m.Tables.PreviousAudit)
	found = append(found, release.MovedFromCarried(carried, ts)...)
	// A withheld count its release's printed counts give is as good as printed.
	for _, f := range release.MovedFromCarried(carried, given) {
		found = append(found, "withheld, but given exactly by the printed counts beside it: "+f)
	}
	return note, found, err
}

// givenByPrinted names the withheld counts of the release's protected tables that its printed
// counts give exactly (anonymize.GivenByPrinted), and returns them printed for
// release.MovedFromCarried; none without tables or relations.
func givenByPrinted(dir string, m *release.Manifest) ([]string, []*release.Table, error) {
	if m.Tables == nil {
		return nil, nil, nil
	}
	ts, err := release.ReadTables(dir)
	if err != nil || ts == nil {
		return nil, nil, err
	}
	r, err := release.ReadRelations(dir)
	if err != nil || r == nil {
		return nil, nil, err
	}
	all, err := r.Resolve(ts)
	if err != nil {
		return nil, nil, nil // CheckWith's audit names relations that do not fit the tables
	}
	names, given := anonymize.GivenByPrinted(all, r)
	return names, given, nil
}
