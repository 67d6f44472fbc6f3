// Package pipeline runs the stages in order: ingest every input, merge duplicates, anonymize,
// write the Parquet release, and report on it through DuckDB. It is the one place that sees
// both sides of the privacy boundary; the stages after anonymize only see the release.
package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
	"github.com/prevalence/prevalence/schema"
)

// Version is the tool version recorded in every manifest.
const Version = "0.1.0"

// Input is one export to read.
type Input struct {
	// Name is the path or name used in messages, the manifest and to pick a mapping.
	Name string
	// Root is the folder input Name was found in (a --input folder), or "": the folders between
	// Root and the file are the user's subfolders, which may be named after a child
	// ("kids/nazanin/"), and are judged as the file's name is; Root and the folders above it
	// ("/home/john/exports") only when they look like a person's full name.
	Root string
	// Open opens the export; os.Open(Name) when nil.
	Open func() (io.ReadCloser, error)
	// Alloc allocates the input's records (ingest.Reader.Alloc); when nil, a pool recycling
	// their buffers (ingest.NewPool), shared by the run's inputs. Every reader of the records
	// copies what it keeps past a record's release, so that recycling them is safe
	// (TestRecordBytesNotKept holds them to it).
	Alloc memory.Allocator
}

// Options steer a run without changing what it produces.
type Options struct {
	Out    string       // release folder
	Logger *slog.Logger // stage logs; discarded when nil
	// Progress, when set, is called at each stage and as inputs are read, with the work done
	// and the total (bytes of the current input while ingesting; 0 when unknown).
	Progress func(stage string, done, total int64)
	// Now is the reference time for validation; time.Now when zero.
	Now time.Time
	// Key is the secret key for linkage; without one, people are not linked across sources.
	Key linkage.Key
	// SigningKey, when set, signs the release's manifest (see release.Sign).
	SigningKey ed25519.PrivateKey
	// Centres, when set, are the existing centres instead of those the config names (the
	// demo's are embedded): the programme report's centre gaps and the occupancy table.
	Centres []analysis.Centre
	// Notices from before the run (what a folder input held and what was skipped) go into the
	// manifest first.
	Notices []string
	// MemoryLimit is the Go heap's soft limit during the run, in bytes (debug.SetMemoryLimit):
	// DefaultMemoryLimit when 0; a lower limit already set (GOMEMLIMIT) is kept; -1: none.
	MemoryLimit int64
	// Previous is the folder of the release this one follows when it is not at Out (`run
	// --previous`: releases kept in a folder per period): the differencing guard and the
	// joint audit compare with it as with a release at Out, which it leaves as it is. Empty:
	// the release at Out, if any (attack-2026-12-02f finding 1b).
	Previous string
}

// Files of a release besides the cases and the reports.
const (
	QuarantineFile       = "quarantine.csv"
	PrivacyFile          = "privacy.json"          // risk and utility before and after
	CaptureHistoriesFile = "capture_histories.csv" // people per pattern of sources, with a linkage key
)

// Run reads inputs and writes the release to opt.Out. It returns the manifest written.
func Run(ctx context.Context, inputs []Input, cfg Config, opt Options) (man *release.Manifest, err error) {
	var rejected []ingest.Rejection
	writing := false // a failure while writing the release (a full disk) leaves nothing more behind
	defer func() {
		if !writing {
			err = writeFailedQuarantine(opt.Out, rejected, err)
		}
	}()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	if len(inputs) == 0 {
		return nil, errors.New("no input given")
	}
	if err := CheckDistinct(inputs); err != nil {
		return nil, err
	}
	if err := checkPrevious(opt); err != nil { // before the inputs: a typo fails fast
		return nil, err
	}
	if err := unpairedByConfig(cfg, opt); err != nil { // before the inputs: the guard would refuse after the search
		return nil, err
	}
	centres := opt.Centres
	if centres == nil {
		var err error
		if centres, err = cfg.Centres.Read(); err != nil { // before the inputs: a typo fails fast
			return nil, err
		}
	}
	clock := newStageClock(log)
	defer clock.done()
	defer boundMemory(opt.MemoryLimit)()
	m := &release.Manifest{Tool: "prevalence", Version: Version, CreatedAt: time.Now().UTC(), Config: cfg.record(), Key: "none"}
	if opt.Key != nil {
		m.Key = "redacted"
	}
	m.Notices = append(m.Notices, opt.Notices...)
	m.Notices = append(m.Notices, unusedSources(&cfg, inputs)...)

	col := anonymize.NewCollector()
	defer col.Close()
	if len(cfg.Pseudonyms) > 0 && opt.Key == nil {
		return nil, fmt.Errorf("pseudonyms need a secret key (set %s or --key-file)", linkage.KeyEnv)
	}
	if err := col.Pseudonymize(opt.Key, cfg.Pseudonyms); err != nil {
		return nil, err
	}
	if len(cfg.Pseudonyms) > 0 {
		// A keyed hash hides a value only while the key is secret: these fields have few
		// possible values (some 40,000 dates of birth, a range of case numbers), so whoever
		// obtains the key can hash them all and reverse every pseudonym.
		m.Notices = append(m.Notices, fmt.Sprintf("pseudonyms of %s are reversible by anyone who obtains the key: "+
			"their possible values are few enough to enumerate, so keep the key secret and never send it with the release",
			strings.Join(cfg.Pseudonyms, ", ")))
	}
	dedup := ingest.NewDeduper()
	var completed completions
	var linker *linkage.Linker
	if opt.Key != nil {
		linker = linkage.New(opt.Key)
		linker.FoldCase = ingest.FoldCaseID // a source's cases told apart as de-duplication tells them
	} else {
		// A keyed release after this one differs from it by the people it links (attack-2026-12-05a T11).
		m.Notices = append(m.Notices, "no linkage key: a person recorded by several organisations counts once per organisation, there are no capture histories, "+
			"and one register exported from two systems that number its cases anew is not told (the check pairs their records by name, which needs the key): its cases would count twice (set "+linkage.KeyEnv+" or --key-file); "+
			"a later release made with the key counts such people once, and its tables differ from this one's by them: never publish both, "+
			"or make the keyed one with --previous naming this release's folder")
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, in := range inputs {
		if m := cfg.mapping(ingest.RedactURL(in.Name)); m != nil && m.Events != "" {
			clock.next("events")
			break
		}
	}
	evs, err := readEvents(ctx, inputs, &cfg, now)
	if err != nil {
		if evs != nil && errors.Is(err, ingest.ErrTooManyBad) {
			rejected = append(rejected, evs.rejected...) // listed beside the release folder
		}
		return nil, err
	}
	if evs != nil {
		evs.keep = linker != nil // a person's records' events are merged after linkage
	}
	// --strict and max_bad_rows count the events refused too (attack-2026-12-02a, lows: both
	// let 4 placements ending before they start through): README's "0: none may be quarantined".
	var evBad int
	if evs != nil {
		evBad = len(faults(evs.rejected))
		if rej := faults(evs.rejected); cfg.Strict && len(rej) > 0 {
			return nil, &ingest.ParseError{File: rej[0].File, Sheet: rej[0].Sheet, Line: rej[0].Line, Column: strictColumn(rej[0].Column), Pos: rej[0].Pos, Field: rej[0].Field,
				Err: fmt.Errorf("%w: %s (strict mode)", ingest.ErrBadRow, rej[0].Reason)}
		}
		if cfg.MaxBadRows != nil && evBad > *cfg.MaxBadRows {
			return nil, fmt.Errorf("%w: %d rows of events quarantined, more than max_bad_rows %d: %s",
				ingest.ErrTooManyBad, evBad, *cfg.MaxBadRows, topReasons(faults(evs.rejected), 3))
		}
	}
	seed := maphash.MakeSeed()
	var prints []*inputPrint // per case input read, for checkRead
	var exports []time.Time  // the extracted: dates of the case inputs read, for partialYear
	var ends []int
	var mapped mappedColumns // the config's columns: entries that named no column
	// The records' buffers are recycled (every reader of them copies what it keeps): the
	// peak is lower than with Go memory, by 13% at 10M rows (issue-14-speed17.md).
	pool := ingest.NewPool()
	for idx, in := range inputs {
		if in.Alloc == nil {
			in.Alloc = pool
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if eventsOnly(&cfg, in) {
			continue // read above; accounted in the manifest's events
		}
		name := ingest.RedactURL(in.Name) // a URL's query and credentials are never shown
		shown := inputLabel(in, idx)      // the file's name, unless it could be data
		log.Info("ingest", "input", shown)
		clock.next("ingest " + shown)
		start := col.Rows()
		// The events no case input left can look up, and the de-duplication keys of sources
		// none of them has, are freed: memory is at its peak during the last case inputs.
		if evs != nil {
			evs.keepOnly(eventSourcesNeeded(inputs, &cfg, idx))
		}
		sources, scopes := caseSourcesLeft(inputs, &cfg, idx)
		dedup.Forget(func(scope, source string) bool { return sources[source] && (scope == "" || scopes[scope]) })
		pr := &inputPrint{idx: idx, label: shown}
		if mp := cfg.mapping(name); mp != nil && mp.Extracted != "" {
			if ex, err := time.Parse(time.DateOnly, mp.Extracted); err == nil { // checked with the config
				pr.extracted, pr.hasExtracted = int32(ex.Unix()/86400), true
			}
		}
		st, rej, err := readInput(ctx, in, idx, &cfg, opt.Now, col, dedup, linker, evs, pr, seed, func(done, total int64) { progress("ingest "+path.Base(shown), done, total) })
		var pe *ingest.ParseError
		skipped := false
		if err != nil && cfg.KeepGoing && !cfg.Strict && errors.As(err, &pe) {
			skipped = true
			err = relabel(err, name, shown) // its notice and log line name the input as shown
			// Skip the whole input: its rows so far are quarantined under one reason.
			for row := start; row < col.Rows(); row++ {
				col.Drop(row, anonymize.Skipped)
			}
			st.input.Path, st.input.Quarantined = shown, st.input.Rows
			st.input.Skipped = &release.SkippedSheet{Reason: "could not be read (--keep-going): " + pe.Err.Error()}
			rej = []ingest.Rejection{{File: name, Line: pe.Line, Reason: "input skipped (--keep-going): " + pe.Err.Error()}}
			st.notices = append(st.notices, fmt.Sprintf("skipped %s: %v", shown, err))
			log.Warn("input skipped", "input", shown, "error", err)
			err = nil
		}
		if err == nil && evs != nil {
			err = evs.err
		}
		if err == nil {
			if err = dedup.Err(); errors.Is(err, ingest.ErrRoundedCaseIDs) {
				err = fmt.Errorf("%s: field %s: %w", shown, schema.CaseID, err)
			}
		}
		if err != nil {
			return nil, relabel(err, name, shown)
		}
		for i := range rej {
			rej[i].File = shown // the release names the input as the manifest does
		}
		rejected = append(rejected, rej...)
		// Rows the export itself marks as no case (rejected submissions) are no fault of it.
		if bad, share := faults(rej), cfg.maxBadShare(); !skipped && st.input.Rows > 0 && float64(len(bad)) > share*float64(st.input.Rows) {
			return nil, fmt.Errorf("%w: %s: %d of %d rows quarantined, more than max_bad_share %g: %s",
				ingest.ErrTooManyBad, shown, len(bad), st.input.Rows, share, topReasons(bad, 3))
		}
		if bad := faults(rejected); cfg.MaxBadRows != nil && len(bad)+evBad > *cfg.MaxBadRows {
			of := ""
			if evBad > 0 {
				of = fmt.Sprintf(" (%d of them events)", evBad)
			}
			return nil, fmt.Errorf("%w: %d rows quarantined%s, more than max_bad_rows %d: %s",
				ingest.ErrTooManyBad, len(bad)+evBad, of, *cfg.MaxBadRows, topReasons(bad, 3))
		}
		if ng := st.noGender; ng != nil && !skipped {
			ng.start, ng.end, ng.at = start, col.Rows(), len(m.Notices)+ng.at
			completed.watch(ng)
		}
		if pairs := dedup.Merges(); !skipped {
			completed.add(col, pairs)
		}
		if !skipped {
			mapped.add(&cfg, cfg.mapping(name), st)
		}
		m.Inputs = append(m.Inputs, st.input)
		m.Notices = append(m.Notices, st.notices...)
		if !skipped && len(rej) > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%s: %d of %d rows quarantined: %s", shown, len(rej), st.input.Rows, topReasons(rej, 3)))
		}
		if !skipped {
			n, err := afterExtracted(pr)
			if err != nil {
				return nil, err
			}
			if n != "" {
				m.Notices = append(m.Notices, n)
			}
			prints = append(prints, pr)
			if pr.hasExtracted {
				exports = append(exports, time.Unix(int64(pr.extracted)*86400, 0).UTC())
			}
		}
		ends = append(ends, col.Rows())
	}
	if read := func() (n int) {
		for _, in := range m.Inputs {
			n += in.Rows
		}
		return n
	}(); read == 0 {
		// Nothing read is no release: a brief whose headline reads 0 would look like a success
		// (an empty filtered view exported by mistake, a header only, {} or []).
		return nil, noRows(m.Inputs)
	}
	notes, err := mapped.check(&cfg)
	if err != nil {
		return nil, err
	}
	m.Notices = append(m.Notices, notes...)
	// Before anything is written: one export read twice under other bytes is refused.
	overlap, err := checkRead(prints, cfg.CaseIDScope == "file" || cfg.CaseIDScope == "sheet")
	if err != nil {
		return nil, err
	}
	m.Notices = append(m.Notices, overlap...)
	var asOf map[string]time.Time
	if evs != nil {
		asOf = evs.latestBySource()
	}
	m.Partial = partialYear(prints, exports, now, asOf)
	m.PartialFirst = partialFirstYear(prints)
	if m.PartialFirst != nil {
		m.PartialFirstProvinces = sourceProvinces(prints, m.PartialFirst.Source)
	}
	m.Late = lateOrganisations(prints)
	late := lateStarts(prints) // every late organisation, for occupancy (lateBegins)
	if evs != nil {
		late = append(late, lateCare(prints, evs.firstEvents)...) // and every one whose care export begins late
	}
	allExtracted := len(exports) > 0 && len(exports) == len(prints) // every export read gave extracted:
	uncompared, renumbered := renumberedByBirth(prints)             // after the linker's own refusal by name
	m.Notices = append(m.Notices, uncompared...)
	for _, p := range prints {
		if ok, most, n, days := importBurst(p); ok && most >= 20 {
			// A new system's "created" date: every year of registration rests on it. A
			// migration over a weekend or a week's batches too (attack-2026-12-04d R9).
			the := "the day"
			if days > 1 {
				the = "the days"
			}
			m.Notices = append(m.Notices, fmt.Sprintf("%s: %d of its %d rows with a case number and a registration date are registered %s: "+
				"%s the records were migrated into a new system or imported, rather than their registrations? The year of registration, the trends and the partial year rest on it; "+
				"if so, map the column that holds the first registration as registration_date", p.label, most, n, spanWords(days), the))
		}
	}
	prints = nil

	if evs != nil {
		if err := evs.check(cfg.CaseIDScope, cfg.maxBadShare(), col); err != nil {
			if errors.Is(err, ingest.ErrTooManyBad) {
				rejected = append(rejected, evs.rejected...) // listed beside the release folder
			}
			return nil, err
		}
		evs.finish(m)
	}
	// Two snapshots of one register without updated_at: the later export's records, by date,
	// not by the order the files were read in.
	choices, err := dedup.Resolve(col.IsDropped, func(row int) bool { return !col.IsDropped(row) || col.Why(row) == anonymize.Duplicate },
		func(row int) { col.Drop(row, 0) }, func(row int) { col.Drop(row, anonymize.Duplicate) })
	if err != nil {
		return nil, err
	}
	completed.add(col, dedup.Merges())
	if n := completed.notice(col); n != "" {
		m.Notices = append(m.Notices, n)
	}
	completed.genderNotices(col, m.Notices)
	for _, c := range choices {
		how := "the extracted: dates of their sources entries"
		if c.ByRegistration {
			how = "the latest registration date each export holds (give each export's date under extracted: to be sure)"
		}
		m.Notices = append(m.Notices, fmt.Sprintf("%s and %s hold %d %s of the same case numbers without updated_at: "+
			"the records of %s were kept as the later export, by %s", c.Earlier, c.Later, c.Records, agree(c.Records, "record", "records"), c.Later, how))
	}
	if n := dedup.Refolded(); n > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d %s merged as duplicates gave the case number in another spelling than the record %s merged with "+
			"(with or without leading zeros, as a spreadsheet drops them from 001, or with a trailing .0, as pandas writes a number column with a blank; "+
			"in lower or upper case, in full-width characters or with an invisible character such as a zero-width space, as another tool or keyboard writes them): "+
			"case numbers of digits are compared as numbers, and every case number without case, width or invisible characters, in the events exports' too",
			n, agree(n, "record", "records"), agree(n, "it", "they")))
	}
	if n := undatedNotice(col, dedup.UndatedMerges()); n != "" {
		m.Notices = append(m.Notices, n)
	}
	if err := checkReExports(dedup.Reuses(), ends, m.Inputs); err != nil {
		return nil, err
	}
	if err := dedup.OtherPeople(); err != nil {
		return nil, err
	}
	if c := dedup.Corrected(); c.Records > 0 {
		m.Counts.Corrected = c.Records
		var what []string
		if c.Gender > 0 {
			what = append(what, fmt.Sprintf("%d in gender", c.Gender))
		}
		if c.DateOfBirth > 0 {
			what = append(what, fmt.Sprintf("%d in date of birth", c.DateOfBirth))
		}
		if c.Both > 0 {
			// Two fields corrected in one record: the evidence that it is one case said.
			what = append(what, fmt.Sprintf("%d of them in both, at the same registration date and with years of birth that meet", c.Both))
		}
		m.Notices = append(m.Notices, fmt.Sprintf("%d %s of a later export %s from the earlier export's record of the same case number (%s), all else agreeing, "+
			"where the two exports share most case numbers and their records agree: read as %s of one case, the later record kept, counted once (among the duplicates)",
			c.Records, agree(c.Records, "record", "records"), agree(c.Records, "differs", "differ"), strings.Join(what, ", "), agree(c.Records, "a correction", "corrections")))
	}
	if n := dedup.Conflicts(); n > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d records share their organisation's case number with another record but not its gender, date of birth or year of birth "+
			"(an age at registration that the years between the registrations cannot explain): they were kept as other cases, not merged "+
			"(case numbers reused, e.g. restarting each year? if they restart in each export file, set case_id_scope: file; in each sheet of a workbook, case_id_scope: sheet)", n))
	}
	if df := dedup.Differing(); df.Records > 0 {
		var what []string
		for _, c := range []struct {
			n    int
			what string
		}{{df.Year, "registration year"}, {df.Province, "province of exploitation"}, {df.Forms, "form of exploitation"}} {
			if c.n > 0 {
				what = append(what, fmt.Sprintf("%d in %s", c.n, c.what))
			}
		}
		// which record was kept, in the undated repeats' notice's words (attack-2026-12-05e X9)
		kept := "the latest update was kept"
		switch u := dedup.UndatedDiffering(); {
		case u >= df.Records:
			kept = "neither record gives updated_at, so the later row of the export was kept (the export's row order decided)"
		case u > 0:
			kept = fmt.Sprintf("the latest update was kept, but for %d of them, where neither record gives updated_at, the later row of the export (the export's row order decided)", u)
		}
		m.Notices = append(m.Notices, fmt.Sprintf("%d %s merged as duplicates (the same organisation, case number, gender and age) %s from the record %s merged with (%s): "+
			"%s; if a case number names two people (numbers restarting each year or per shelter), give each a number of its own, "+
			"or set case_id_scope: file when the numbers restart in each export file (case_id_scope: sheet: in each sheet of a workbook); "+
			"a file pooling several organisations' registers, each numbering its own cases, is split into a file per organisation, a sources: entry each",
			df.Records, agree(df.Records, "record", "records"), agree(df.Records, "differs", "differ"), agree(df.Records, "it", "they"), strings.Join(what, ", "), kept))
	}
	var linked *linkage.Result
	if linker != nil {
		clock.next("linkage")
		linked = linker.Link(col.IsDropped)
		if err := checkRenumbered(linked.Twins, linked.ExactTwins, ends, m.Inputs, func(row int) bool { return !col.IsDropped(row) }); err != nil {
			return nil, err
		}
		for _, row := range linked.Merged {
			col.Drop(row, anonymize.Linked)
		}
		filled := 0
		for _, f := range linked.Fill {
			if col.Fill(f[0], f[1], schema.TraffickingStatus) {
				filled++
			}
		}
		if filled > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%d linked %s no trafficking status in the record kept and one in another organisation's record: "+
				"that status is counted (a victim's before any other; a list without statuses, such as a police rescue list, does not make them victims)",
				filled, agree(filled, "person has", "people have")))
		}
		raised := 0
		for _, f := range linked.Raise {
			if col.Replace(f[0], f[1], schema.TraffickingStatus) {
				raised++
			}
		}
		if n := max(raised, linked.VictimsOverAtRisk); n > 0 {
			raised = n // the people, not only the kept records raised (attack-2026-12-02c, lows: 133 of 134)
			m.Notices = append(m.Notices, fmt.Sprintf("%d linked %s recorded as at risk (or not a victim) by one organisation and as a victim by another: "+
				"counted as %s, in the tables as in the capture histories (a person is a victim when any organisation decided so; "+
				"a list's records of people it recorded as at risk are not its captures in the histories)",
				raised, agree(raised, "person is", "people are"), agree(raised, "a victim", "victims")))
		}
		log.Info("linkage", "people", linked.People, "linked", len(linked.Merged), "sources", len(linked.Sources),
			"near_pairs_same_birth", linked.Near.Same, "near_pairs_day_off", linked.Near.DayOff, "near_pairs_swapped", linked.Near.Swapped,
			"near_pairs_by_chance", math.Round(linked.Near.Chance*10)/10, "near_pairs_first_word", linked.NearFirst.Total(),
			"near_pairs_first_word_by_chance", math.Round(linked.NearFirst.AllChance*10)/10)
		eventRows := 0
		if evs != nil {
			evs.mergeLinked(linked.Merged, linked.Kept, col)
			log.Info("linked events", "people", evs.linkMerged, "kept without events of their own", evs.linkNoOwn, "not fitting", evs.linkBad)
			eventRows = evs.linkedAway(m, func(row int) bool { return col.Why(row) == anonymize.Linked })
			if n := evs.linkCopies; n > 0 {
				m.Notices = append(m.Notices, fmt.Sprintf("%d linked %s an open placement (no end date) in one organisation's record that starts within %d days of a placement "+
					"another organisation's record closed, in the same province (a referral register's copy of the admission, e.g. a transit shelter's record of the home it referred the child to): "+
					"it is read as that placement, starting at the earlier of the two records' dates (the child was in care from then) and ending when and how the organisation that closed it records (unless that placement ended in a transfer: the open one may be where the child went)",
					n, agree(n, "person has", "people have"), copyDays))
			}
			if evs.linkBad > 0 {
				m.Notices = append(m.Notices, fmt.Sprintf("%d linked %s events under two records that do not fit together (e.g. placements that overlap with an exit between them): "+
					"the events of the record kept are counted, the others' not", evs.linkBad, agree(evs.linkBad, "person has", "people have")))
			}
			evs.free()
		}
		m.Notices = append(m.Notices, linkNotices(linked.Differing, eventRows)...)
		m.Notices = append(m.Notices, notLinkedNotices(linked.NotLinked)...)
		if n := linked.Transliterated; n > 0 {
			// Named as such, not as words reordered (attack-2026-12-05c V2).
			m.Notices = append(m.Notices, fmt.Sprintf("%d %s linked whose name agrees with the record kept only once the Latin spellings of its words are folded "+
				"(one name transliterated two ways: Muhammad and Mohammad, Yusuf and Yousef, Fatima and Fatemeh, Aisha and Ayesha, Ibrahim and Ebrahim; its words perhaps in another order too), "+
				"the date of birth and gender the same: "+
				"they are counted as one person; two different names that the folding joins would be two people of one family name, date of birth and gender counted as one",
				n, agree(n, "record was", "records were")))
		}
		if n := linked.Reordered; n > 0 {
			m.Notices = append(m.Notices, fmt.Sprintf("%d %s linked whose name agrees with the record kept only once its words are reordered "+
				"(such as a family name written first, or two given names in either order): where the order of a name's words carries meaning "+
				"(Ali Mohammad and Mohammad Ali are two names), they may be two people of one date of birth and gender counted as one",
				n, agree(n, "record was", "records were")))
		}
		if nr := linked.Near; nr.AboveChance() {
			m.Notices = append(m.Notices, fmt.Sprintf("%d %s of two organisations' records %s not linked but %s on gender, on the family name (the name's last word, or its first when a comma follows it) and on the date of birth "+
				"(%d the same date, %d a day apart, %d with its day and month swapped), where different children who share a family name would make about %.0f by chance (as many pairs have births 40 to 46 days apart): "+
				"the given name differs (transliterated otherwise than the link folds: Muhammad and Mohammad, Nadiya and Nadia, are folded), or a birth was written otherwise. "+
				"If they are the same children they are counted twice and the estimate finds less overlap; reconcile the names or births in the exports, or they may be brothers and sisters or other people. "+
				estimatedBirths,
				nr.Total(), agree(nr.Total(), "pair", "pairs"), agree(nr.Total(), "is", "are"), agree(nr.Total(), "agrees", "agree"), nr.Same, nr.DayOff, nr.Swapped, nr.Chance))
		}
		if nf := linked.NearFirst; nf.AboveChanceAll() {
			// both exports writing the family name first without a comma (linkage-merge25 zk's Left);
			// a day apart and swapped as the family-name notice (its zp Left)
			m.Notices = append(m.Notices, fmt.Sprintf("%d %s of two organisations' records %s not linked but %s on gender, on the name's first word, not its last, and on the date of birth "+
				"(%d the same date, %d a day apart, %d with its day and month swapped), "+
				"where different people who share a first word would make about %.0f by chance (as many pairs have births 40 to 46 days apart): "+
				"where both exports write the family name first without a comma (Khmer, Vietnamese or Chinese order), they share the family name and the given name is spelt otherwise "+
				"than the link folds, or a birth was written otherwise, and if they are the same children they are counted twice; write the family name first with a comma after it (\"Family, Given\"), "+
				"reconcile the names or births in the exports, or they may be brothers and sisters or other people. "+
				estimatedBirths,
				nf.Total(), agree(nf.Total(), "pair", "pairs"), agree(nf.Total(), "is", "are"), agree(nf.Total(), "agrees", "agree"), nf.Same, nf.DayOff, nf.Swapped, nf.AllChance))
		}
	}
	if renumbered != nil {
		return nil, renumbered
	}
	if evs != nil {
		evs.copyNotices(m, col.IsDropped) // people, as caseNotices
		evs.badNotices(m, col.IsDropped)  // people, as caseNotices
		evs.caseNotices(m, col.IsDropped) // people, once duplicates and linked records are dropped
	}

	log.Info("anonymize", "rows", col.Rows(), "k", cfg.K, "suppression_limit", cfg.SuppressionLimit)
	progress("anonymize", 0, 0)
	clock.next("anonymize")
	cc, err := cfg.caseConfig()
	if err != nil {
		return nil, err
	}
	if !cfg.AllowDifferencing && !cfg.NewLevels {
		// A series keeps its levels while they hold: other levels, joined with the release
		// this one replaces, show its cases at the finer of the two (attack-2026-12-03d finding 2).
		cc.Prefer = previousLevels(cmp.Or(opt.Previous, opt.Out))
	}
	rel, err := col.Anonymize(cc)
	if pe := (*anonymize.PopulationError)(nil); errors.As(err, &pe) {
		err = populationError(cfg.Population.File, pe)
	}
	if errors.Is(err, anonymize.ErrNoSolution) && !errors.Is(err, anonymize.ErrLUnreachable) {
		return nil, fmt.Errorf("%w (%d valid rows, k = %d, at most %.0f%% suppressed): add rows, lower k or raise the suppression limit",
			err, col.Rows(), cfg.K, 100*cfg.SuppressionLimit)
	}
	if err != nil {
		return nil, err
	}
	if rel.Beyond > 0 {
		m.Notices = append(m.Notices, beyondNotice(rel, cfg))
	}
	if res := rel.Search(); res != nil && res.Preferred {
		m.Notices = append(m.Notices, keptLevelsNotice(rel, cmp.Or(opt.Previous, opt.Out), cfg.K))
	} else if why := missedLevels(rel, cfg.SuppressionLimit); why != "" {
		m.Notices = append(m.Notices, "the microdata do not keep the generalization of the release already in "+cmp.Or(opt.Previous, opt.Out)+": "+why+
			"; the search chose other levels, and joined with that release they show its cases at the finer of the two generalizations of each quasi-identifier")
	}
	// The protected tables, from the kept records at full precision, audited together with
	// the tables of the release this one replaces.
	progress("tables", 0, 0)
	clock.next("tables")
	// The release this one follows, for the guard and the joint audit (--previous was
	// checked by checkPrevious before the inputs).
	prevDir := opt.Out
	if opt.Previous != "" {
		prevDir = opt.Previous
	} else if _, err := release.ReadManifest(opt.Out); err != nil {
		// A first release into a new folder: nothing to guard against, which the user must
		// know when an earlier release lies in another folder (attack-2026-12-02f finding 1b).
		// (No folder named: two runs of the same data into new folders write the same manifest.)
		m.Notices = append(m.Notices, "a first release: the output folder holds no release and --previous names none, so this release is not guarded against earlier ones; "+
			"if the organisation published a release of this register before (in another folder), run again with --previous FOLDER, "+
			"or publishing both lets anyone subtract them and single out the cases that changed")
	}
	previous, _ := release.ReadTables(prevDir)
	release.CurrentColumns(previous)
	previousCarried, err := release.ReadCarried(prevDir)
	if err != nil {
		return nil, err
	}
	release.CurrentCarried(previousCarried)
	if previous != nil && previousCarried == nil {
		// Written before carried.json existed, or the file lost: the counts it withheld are
		// compared with nothing earlier, so a count an earlier release printed can return 1-9
		// away from it (attack-2026-12-03a finding 1). Said, since the run cannot know them.
		m.Notices = append(m.Notices, fmt.Sprintf("the release in %s has no %s/%s (written by an older version, or the file was lost): "+
			"the values earlier releases printed of the counts it withheld are not known; where the register only grew, such a count is printed only "+
			"at the threshold or more above the most it can have been then (its own tables bound it), else withheld; where cases were also removed it is guarded against that release only, "+
			"so if an earlier release of this register was published, do not publish this one beside it: run once more over that earlier release (--previous) first",
			prevDir, release.TablesDir, release.TablesCarried))
	}
	beds := centreBeds(centres)
	// The release's cut-off: the events' latest date, else the case exports' extracted:
	// dates when every export read gave one (a register without events is as of its exports,
	// not of the day it was run: the next release's events and curves start from it), else
	// the run's day.
	extracted := now
	if allExtracted {
		extracted = slices.MaxFunc(exports, time.Time.Compare)
	}
	var bySource map[string]time.Time
	if evs != nil {
		extracted, bySource = evs.latest(), evs.latestBySource()
	}
	m.AsOf = extracted.Format(time.DateOnly)
	for src, t := range bySource {
		if m.AsOfBySource == nil {
			m.AsOfBySource = map[string]string{}
		}
		m.AsOfBySource[src] = t.Format(time.DateOnly)
	}
	// A relations file that cannot be read is refused, as check --previous refuses it (read
	// as none, the pair was compared cell by cell only and check then failed the release).
	previousRelations, err := release.ReadRelations(prevDir)
	if err != nil && previous != nil {
		return nil, fmt.Errorf("the release in %s: its relations: %w", prevDir, err)
	}
	published := opt.Previous != "" && release.IsPublished(opt.Previous)
	if published {
		verified, _ := release.VerifyPublished(prevDir) // an error refused the run before (checkPrevious)
		m.Notices = append(m.Notices, publishedNotice(prevDir, verified))
	}
	previousDigest := ""      // the previous release's counts, withheld ones too, as a digest
	previousWidth := 0        // its protection width, for a release that holds its tables
	var previousOrgs []string // the organisations its tables counted, likewise
	// The previous release's manifest (nil when the folder holds none), read once.
	pm, _ := release.ReadManifest(prevDir)
	if pm != nil {
		// Its date, for the brief's pointer to the figures this release withholds; its counts,
		// for the brief's word on why a count fell since (attack-2026-12-03a finding 8).
		pc := pm.Counts
		given := release.TotalGiven(previous) // false without its tables: nothing is said
		m.Replaced = &release.Replaced{CreatedAt: pm.CreatedAt, AsOf: pm.AsOf, Counts: &pc, TotalGiven: &given}
		if previous != nil && pm.Tables != nil {
			previousDigest, previousWidth, previousOrgs = pm.Tables.CountsDigest, pm.Tables.ProtectionWidth, pm.Tables.Organisations
		}
	}
	var guardIn *guardInput // the previous release's cases as the pre-check read them
	if !cfg.AllowDifferencing {
		// Another register's release in the folder is refused before the tables: their
		// protection around its pattern fails first otherwise, with words that tell the user
		// nothing (attack-2026-12-03b finding 7). The guard itself runs once the folder is
		// locked, below, on what this read (the previous release's cases, read once).
		sources, _ := caseSourcesLeft(inputs, &cfg, 0)
		if guardIn, err = otherRegister(ctx, rel, prevDir, &cfg, privacyOf(rel, &cfg), extracted, bySource, sources); err != nil {
			if opt.Previous != "" {
				err = namedPreviousErr(err, prevDir)
			}
			return nil, err
		}
		if guardIn != nil {
			log.Info("previous release read", "folder", prevDir, "rows", guardIn.compared.Guarded().Previous)
		}
	}
	pt, err := col.Tables(anonymize.TableConfig{
		Protection: anonymize.Protection{Threshold: cfg.SmallCellThreshold, Width: cfg.ProtectionWidth},
		RoundTo:    cfg.RoundTo, Epsilon: cfg.Epsilon, NoiseKey: noiseKey(opt.Key), Context: ctx, Log: log,
		Declared: cfg.Tables, Previous: previous, PreviousRelations: previousRelations, PreviousDigest: previousDigest, PreviousWidth: previousWidth, PreviousCarried: previousCarried,
		PreviousOrganisations: previousOrgs,
		PreviousUncarried:     previous != nil && previousCarried == nil, AllowDifferencing: cfg.AllowDifferencing,
		Outcomes: anonymize.OutcomeConfig{Centres: beds, From: extracted.AddDate(-1, 0, 0), To: extracted,
			Begins: evs.lateBegins(late, beds, extracted.AddDate(-1, 0, 0), extracted), StaysBefore: evs.staysBefore(late),
			Entries: evs.lateEntries(late)},
	})
	if nt := (*anonymize.NewTablesError)(nil); errors.As(err, &nt) {
		return nil, fmt.Errorf("%w: the release in %s was not replaced; declare those tables in the release of the next period (once the register has changed, "+
			"they are audited jointly with this one), or remove them from tables:", err, prevDir)
	}
	if errors.Is(err, anonymize.ErrUnprotectable) && previous != nil {
		// Another register run into a folder that holds a release: the tables' protection
		// around that release's pattern fails before the guard, which compares rows later, can
		// tell (attack-2026-12-03b finding 7: a row and column were all the user read).
		return nil, fmt.Errorf("%w: this release's tables cannot be protected together with those of the release in %s (its withheld counts kept withheld, its printed ones guarded), "+
			"as happens when that release is another register's or another organisation's: then write this release to a new folder (--out). "+
			"If it is this register's and most of its cases are gone since, the two releases cannot both be published: write to a new folder and withdraw the earlier one", err, prevDir)
	}
	if err != nil {
		return nil, err
	}
	m.Tables = &pt.Protection
	m.Tables.UnpublishedSince = unpublishedSince(m.Tables, pm)
	prevWords, newFolder := "the release already in "+prevDir, "or write this release to a new folder"
	if opt.Previous != "" {
		prevWords, newFolder = previousWords(prevDir), "or do not publish both releases"
	}
	if len(pt.WithheldNew) > 0 {
		// attack-2026-12-02d finding 0: said where the user reads, not only in the manifest.
		m.Notices = append(m.Notices, fmt.Sprintf("the data is the same as %s, and tables it did not hold could not be protected around its pattern: "+
			"every count of %s is withheld (but copies of counts it printed), so that the two releases together publish no more than this one; "+
			"they are audited jointly, and may print, in the release of the next period, once the register has changed",
			prevWords, strings.Join(pt.WithheldNew, ", ")))
	}
	if len(pt.WithheldDeclared) > 0 {
		// attack-2026-12-04e S5: why a declared table prints nothing, where the user reads.
		m.Notices = append(m.Notices, fmt.Sprintf("the declared %s %s could not be protected around the standard tables' pattern, which declared tables never move: "+
			"every count of %s is withheld (but copies of counts the standard tables print), so that this release and one of the standard tables alone publish together no more than this one",
			agree(len(pt.WithheldDeclared), "table", "tables"), strings.Join(pt.WithheldDeclared, ", "), agree(len(pt.WithheldDeclared), "it", "them")))
	}
	if m.Tables.PreviousAudit == release.PreviousHeld && (pm == nil || pm.Tables == nil) {
		// attack-2026-12-06f F6: the held tables count the previous release's records, but a
		// published folder records neither the organisations they counted nor their late
		// starts (a release folder's manifest does), so the reports would list this run's
		// (a new organisation's first case named it, and its province and year).
		return nil, fmt.Errorf("%w: %s; %s holds no manifest of the organisations and late starts those tables counted, so this release's reports would name the changed records' "+
			"organisations: give --previous the release folder (written by run --out) of that release, or allow_differencing: true to print fresh tables",
			ErrHeldUnrecorded, m.Tables.Held, prevDir)
	}
	if m.Tables.PreviousAudit == release.PreviousHeld {
		// attack-2026-12-06c C0: said where the user reads, with the way out.
		m.Notices = append(m.Notices, fmt.Sprintf("the tables for everyone are those of %s again, unchanged (held): %s. "+
			"Nothing is lost: the changes count towards the next release (it is compared with these tables), and allow_differencing: true prints fresh tables now, "+
			"letting anyone who holds both releases read the changed records' profile from the counts that moved",
			prevWords, m.Tables.Held))
		if pm != nil && pm.Tables != nil {
			// The held tables count the previous release's records: the reports read their
			// organisations' late starts from its manifest, not from this release's inputs (a
			// new organisation's first case told its province and year: "Khost's registrations
			// begin in 2023").
			// So is the partial last year: an added record of a new year told it ("2026 is left
			// out of the cases a year": privacy-side-doors37, TestHeldPartialYear).
			m.PartialFirst, m.PartialFirstProvinces, m.Late, m.Partial = pm.PartialFirst, pm.PartialFirstProvinces, pm.Late, pm.Partial
		}
	}
	switch {
	case m.Tables.ExposedWithPrevious():
		n := max(len(m.Tables.JointExposed), int(m.Tables.Audit.Exposed))
		// Audited together, in rounds, and the last left counts exposed: the account run
		// --publish's refusal gives (refusalWhy), not "not audited together"
		// (attack-2026-12-05a's low: a mixed correction's notice and error disagreed).
		m.Notices = append(m.Notices, fmt.Sprintf("the protected tables were audited together with those of %s, and that audit ended with %s "+
			"that someone who holds both releases can place among fewer values than the protection range allows (the manifest's tables.joint_exposed names them; "+
			"tables.previous_audit %q: no pattern of withheld counts tried within the audit's rounds protected them, and the last kept every count the earlier release withheld); "+
			"publish a register's tables for everyone once per period, %s",
			prevWords, agree(n, "a count", fmt.Sprintf("%d counts", n)), m.Tables.PreviousAudit, newFolder))
	case !m.Tables.ProvenWithPrevious():
		// Said where the user reads, not only in the manifest (attack-2026-12-02d finding 0).
		m.Notices = append(m.Notices, fmt.Sprintf("the protected tables were not audited together with those of %s "+
			"(the manifest's tables.previous_audit: %q): someone who holds both releases may narrow counts withheld in them "+
			"(check --previous names them); publish a register's tables for everyone once per period, %s",
			prevWords, m.Tables.PreviousAudit, newFolder))
	}
	if t := m.Tables; t.EpsilonTotal > 0 {
		t.EpsilonReleases = t.EpsilonTotal
		if pm != nil && pm.Tables != nil {
			t.EpsilonReleases += max(pm.Tables.EpsilonReleases, pm.Tables.EpsilonTotal)
		} else if st, err := release.ReadProtections(prevDir); published && err == nil && st.Tables != nil {
			t.EpsilonReleases += max(st.Tables.EpsilonReleases, st.Tables.EpsilonTotal)
		}
	}
	// The manifest's two counts of linear programs: this release's own audit and the joint
	// audit over both releases (0 without one), which at a grown register's release is most.
	log.Info("tables", "tables", len(pt.Tables), "primary", pt.Protection.Primary, "secondary", pt.Protection.SecondaryCounts,
		"linear_programs", pt.Protection.Audit.LPs, "joint_linear_programs", pt.Protection.Audit.JointLPs)
	m.Privacy = privacyOf(rel, &cfg) // the guard withholds rows; it changes no level
	if u := m.Privacy.Unprotected; len(u) > 0 {
		// The user's choice, said where the researcher and check read it: k holds over the
		// protected columns only, and a person's age band or origin can single them out.
		m.Notices = append(m.Notices, fmt.Sprintf("quasi_identifiers protects %s only: the microdata (cases/) holds %s as they are, "+
			"so k = %d holds over the protected columns only (the manifest and protections.json list them as unprotected_quasi_identifiers); "+
			"leave quasi_identifiers empty to protect them all", strings.Join(cfg.QuasiIdentifiers, ", "), strings.Join(u, ", "), cfg.K))
	}
	setPopulation(&m.Privacy, cfg.Population, cc.Population)

	// The lock is taken before the guard reads the previous release: a commit that a killed
	// run left half done is settled first, so the guard compares with the release really
	// published, and no other run can replace it in between.
	writing = true
	clock.next("guard and counts")
	if opt.Out != "" {
		os.Remove(strings.TrimRight(opt.Out, `/\`) + FailedQuarantineFile) // stale, from a failed run
	}
	w, err := release.Create(opt.Out)
	if err != nil {
		return nil, err
	}
	if n := w.Recovered(); n != "" {
		m.Notices = append(m.Notices, n)
	}
	w.FilePerm, _ = cfg.fileMode()
	w.SigningKey = opt.SigningKey
	committed := false
	defer func() {
		if !committed {
			w.Abort()
		}
	}()
	var series *earlierKinds // the series' memory to write beside this release (EarlierKindsFile)
	if !cfg.AllowDifferencing {
		if guardIn != nil && (w.Recovered() != "" || !guardIn.current(prevDir)) {
			// The folder changed since the pre-check (a half-done commit settled, another
			// run's release): the guard reads and compares the release now in it.
			log.Info("previous release read again", "folder", prevDir)
			guardIn = nil
		}
		withheld, notice, mem, err := guard(ctx, rel, col, prevDir, &cfg, m.Privacy, extracted, bySource, guardIn)
		series = mem
		if opt.Previous != "" {
			notice, err = namedPrevious(notice, prevDir), namedPreviousErr(err, prevDir)
		}
		if err != nil {
			return nil, err
		}
		m.Counts.Withheld = withheld
		if notice != "" && m.Tables != nil && m.Tables.PreviousAudit == release.PreviousHeld {
			// The tables are the previous release's again (held): they do not count them yet.
			notice = strings.Replace(notice, "(the protected tables count them already)", "(the tables for everyone are held too, and count them once they print fresh)", 1)
		}
		if notice != "" {
			m.Notices = append(m.Notices, notice)
		}
	}
	written, suppressed, duplicates, linkedRows := rel.Tally(ends)
	for i := range m.Inputs {
		in := &m.Inputs[i]
		in.Written, in.Suppressed = written[i], suppressed[i]
		in.Duplicates, in.Linked = duplicates[i]+linkedRows[i], linkedRows[i]
		m.Counts.Read += in.Rows
		m.Counts.Written += in.Written
		m.Counts.Suppressed += in.Suppressed
		m.Counts.Quarantined += in.Quarantined
		m.Counts.Duplicates += in.Duplicates
		m.Counts.Linked += in.Linked
		m.Counts.Blank += in.Blank
	}
	if linked != nil {
		m.Counts.LinkedWithin = linked.Within
	}
	privacy, err := privacyJSON(rel, m)
	if err != nil {
		return nil, err
	}
	if !m.Counts.Balanced() {
		return nil, fmt.Errorf("internal error: counts do not add up: %+v", m.Counts)
	}

	log.Info("write", "out", opt.Out, "rows", rel.Written)
	progress("write", 0, 0)
	clock.next("write cases")
	if err := rel.Records(nil, 64*1024, w.WriteCases); err != nil {
		return nil, err
	}
	if err := w.CloseCases(col.ReleaseSchema()); err != nil {
		return nil, err
	}
	if series != nil && !rel.Mondrian() {
		// Kept without the kinds this release holds in as many copies at its own levels: its
		// rows stand for them next time. A series that never changed its levels keeps none.
		// One pass for the release's kinds and the register's at its levels (privacy-side-doors19).
		own, reg := rel.KindsAndRegister()
		if next := series.cappedBeside(rel, m.Privacy, reg, own, rel.Fields(anonymize.View{})); len(next.Sets) > 0 {
			j, err := next.encode()
			if err != nil {
				return nil, err
			}
			if err := w.WriteFile(EarlierKindsFile, j, 0); err != nil {
				return nil, err
			}
		}
	}
	clock.next("write tables and files")
	if err := w.WriteTables(pt.Tables); err != nil {
		return nil, err
	}
	if err := w.WriteRelations(pt.Relations); err != nil {
		return nil, err
	}
	// A held release over one without carried.json (an older version's) writes none either:
	// an empty file would tell the next release that no earlier printed value is unknown.
	if m.Tables.PreviousAudit != release.PreviousHeld || previousCarried != nil {
		if err := w.WriteCarried(pt.Carried); err != nil {
			return nil, err
		}
	}
	q, err := quarantineCSV(rejected)
	if err != nil {
		return nil, err
	}
	if err := w.WriteFile(QuarantineFile, q, len(rejected)); err != nil {
		return nil, err
	}
	if evs != nil {
		eq, err := quarantineCSV(evs.rejected)
		if err != nil {
			return nil, err
		}
		if err := w.WriteFile(EventsQuarantineFile, eq, len(evs.rejected)); err != nil {
			return nil, err
		}
	}
	if err := w.WriteFile(PrivacyFile, privacy, 0); err != nil {
		return nil, err
	}
	if err := writeProtections(w, m); err != nil {
		return nil, err
	}
	var histories []byte
	if linked != nil {
		histories = linked.HistoryCSV()
		if err := w.WriteFile(CaptureHistoriesFile, histories, bytes.Count(histories, []byte("\n"))-1); err != nil {
			return nil, err
		}
	}

	log.Info("report")
	progress("report", 0, 0)
	clock.next("reports")
	db, err := analysis.Open(ctx, w.Dir())
	if err != nil {
		return nil, err
	}
	if len(centres) > 0 {
		// Kept with the release: check renders the programme report again from them.
		var b bytes.Buffer
		if err := analysis.WriteCentres(&b, centres); err != nil {
			return nil, err
		}
		if err := w.WriteFile(CentresFile, b.Bytes(), len(centres)); err != nil {
			return nil, err
		}
		m.Centres = CentresFile
	}
	ropt := reports.Options{Threshold: m.TablesThreshold(), Tables: pt.Tables, PrivacyJSON: privacy, CaptureHistories: histories, Centres: centres, Carried: pt.Carried}
	// The reports bound a share's withheld denominator by the tables' own linear program, as
	// query and check do from the written release (rounded or noisy tables: not at all).
	if b, err := anonymize.NewBounder(pt.Tables, pt.Relations, ropt.Threshold); err == nil {
		ropt.Bounds = b
	}
	files, err := reports.Build(ctx, db, m, ropt)
	db.Close()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := w.WriteFile(f.Path, f.Data, f.Rows); err != nil {
			return nil, err
		}
	}
	clock.next("commit")
	if err := w.Commit(m); err != nil {
		return nil, err
	}
	committed = true
	progress("done", 0, 0)
	log.Info("done", "written", m.Counts.Written, "suppressed", m.Counts.Suppressed,
		"quarantined", m.Counts.Quarantined, "duplicates", m.Counts.Duplicates)
	return m, nil
}

// unusedIdentifiers are the text identifiers the run has no use for, which ingest then never
// copies into memory: all but the case ID (for duplicates), the pseudonymized fields, and the
// name when linking.
func unusedIdentifiers(cfg *Config, linking bool) []string {
	var out []string
	for _, f := range schema.Fields() {
		if f.Role != schema.Identifier || f.Type != arrow.BinaryTypes.String || f.Name == schema.CaseID ||
			slices.Contains(cfg.Pseudonyms, f.Name) || (linking && f.Name == schema.FullName) {
			continue
		}
		out = append(out, f.Name)
	}
	return out
}

// unreadWhy says why a known column that looks like a field is not read as it (docs/schema.md),
// by its name in lower case without underscores.
var unreadWhy = map[string]string{
	"iprelation": "CTDC's relation of the perpetrator (exploiter or recruiter) to the person, in merged groups " +
		"(FriendAcquaintance, StrangerUnknownOther, FamilyIntimatePartner), is not read as recruiter_relation, " +
		"whose values keep them apart: mapping it would guess (docs/schema.md)",
	"locationcurrent": "Primero's current location of the person (a shelter, a family home), not the place of " +
		"exploitation: read as province_of_exploitation only when the config maps it so (columns: {location_current: province_of_exploitation})",
}

// maxColumnNotices bounds the notices about unknown columns of one input.
const maxColumnNotices = 50

// counter counts the bytes written to it. Ingest's reading goroutine writes while the run's
// reads it for progress, hence atomic.
type counter struct{ n atomic.Int64 }

func (c *counter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

type inputStats struct {
	input   release.Input
	notices []string
	// noGender: the input records no gender; fix is the notice's remedy and at its index in
	// notices (Run rewrites it once the duplicates are merged: see genderNotices).
	noGender *noGender
	// the input was read whole (not skipped): missing are its mapping's columns: entries that
	// named none of its columns, unknown its columns that mapped onto no field (see mappedColumns)
	columnsKnown bool
	missing      []ingest.MissingColumn
	unknown      []string
}

// sizedReader is a file read through the hash that still tells its length (see ingest's
// readWhole).
type sizedReader struct {
	io.Reader
	n int64
}

func (s sizedReader) Size() int64 { return s.n }

// readInput ingests one input into col, hashing every byte of it on the way.
// recordSource returns the source of input idx's case rows: its mapping's, or else the input's
// number (never the file's name, which could be a child's).
func recordSource(m *ingest.Mapping, idx int) string {
	if m != nil && m.Source != "" {
		return m.Source
	}
	return fmt.Sprintf("input %d", idx+1)
}

// eventSourcesNeeded returns the sources of events that the case inputs from idx on can look
// up (see eventStore.lookup): their own, their rows' source, and none.
func eventSourcesNeeded(inputs []Input, cfg *Config, idx int) map[string]bool {
	needed := map[string]bool{"": true}
	for k := idx; k < len(inputs); k++ {
		if !eventsOnly(cfg, inputs[k]) {
			needed[ownPart(k)] = true
			needed[recordSource(cfg.mapping(ingest.RedactURL(inputs[k].Name)), k)] = true
		}
	}
	return needed
}

// caseSourcesLeft returns the sources of the case rows of the inputs from idx on, and their
// names (the de-duplication scopes of case_id_scope: file).
func caseSourcesLeft(inputs []Input, cfg *Config, idx int) (sources, names map[string]bool) {
	sources, names = map[string]bool{}, map[string]bool{}
	for k := idx; k < len(inputs); k++ {
		if !eventsOnly(cfg, inputs[k]) {
			name := ingest.RedactURL(inputs[k].Name)
			sources[recordSource(cfg.mapping(name), k)] = true
			names[name] = true
		}
	}
	return sources, names
}

func readInput(ctx context.Context, in Input, idx int, cfg *Config, now time.Time, col *anonymize.Collector, dedup *ingest.Deduper, linker *linkage.Linker, evs *eventStore, pr *inputPrint, seed maphash.Seed, progress func(done, total int64)) (inputStats, []ingest.Rejection, error) {
	name := ingest.RedactURL(in.Name)
	mapping := cfg.mapping(name)
	shown := inputLabel(in, idx) // for what the release records
	open := in.Open
	if open == nil {
		open = func() (io.ReadCloser, error) { return ingest.Open(ctx, in.Name, mapping) }
	}
	f, err := open()
	if err != nil {
		var pe *ingest.ParseError
		if errors.As(err, &pe) {
			return inputStats{}, nil, err
		}
		return inputStats{}, nil, &ingest.ParseError{File: name, Err: unwrapPath(err)}
	}
	defer f.Close()
	var size int64
	if st, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil {
			size = fi.Size()
		}
	}
	h := sha256.New()
	cnt := &counter{}
	tee := io.TeeReader(f, io.MultiWriter(h, cnt))
	var src io.Reader = tee
	if _, plain := f.(*os.File); plain && size > 0 {
		src = sizedReader{tee, size} // a workbook or Parquet over the cap is refused unread
	}
	r := ingest.NewReader(name, src)
	r.Alloc = in.Alloc
	defer r.Close()
	var extracted time.Time // the export's date, which orders two snapshots without updated_at
	if mapping != nil && mapping.Extracted != "" {
		extracted, _ = time.Parse(time.DateOnly, mapping.Extracted) // checked with the config
	}
	dedup.StartInput(col.Rows(), shown, extracted)
	reusesBefore := len(dedup.Reuses())
	dedup.Scope = ""
	if cfg.CaseIDScope == "file" {
		dedup.Scope = name
	}
	bySheet := cfg.CaseIDScope == "sheet"
	var shared sheetNumbers // case numbers a workbook's sheets share (unless they are scopes)
	r.Mapping = mapping
	r.SheetScoped = bySheet
	r.InFolder = in.Root != ""
	r.Subfolders = subfolders(in) // "archive/old.csv", "backup/cases.csv" (ingest's asideInFolder)
	if mapping == nil || mapping.Source == "" {
		r.DefaultSource = recordSource(mapping, idx)
	}
	// The rows an input of this size holds, for the per-row structures made at its first
	// record: at 192 bytes a row for a CSV (the 10M CSV has 238; sized at 256 a slice fell
	// short and doubled at the end) and 384 for JSON, whose rows repeat the keys (synth's
	// NDJSON of cases has 452: sized as a CSV, the folder's last input, where its peak is,
	// reserved 2.4 times its rows). A workbook or Parquet file is compressed: its rows are
	// under-estimated, and what falls short grows as it would have.
	perRow := int64(192)
	if f := ingest.FormatOf(name); f == ingest.JSON || f == ingest.NDJSON {
		perRow = 384
	}
	if size > 0 && !bySheet {
		// One source for every row (the mapping's or the default: never a cell) in one scope:
		// one table of case numbers, made for the rows expected, exactly (keptTable takes
		// room for them at three quarters full, any size: a third fewer rows, which suited a
		// Go map, would leave it to double at the end). Without a config the map grew one
		// doubling at a time: 2.7 s of the 10M CSV's CPU (issue-14-speed20.md).
		dedup.Expect(int(min(size/perRow, 1<<27)))
	}
	if size > 0 {
		pr.expect(int(min(size/perRow, 1<<27)))
		if linker != nil {
			linker.Expect(int(min(size/perRow, 1<<27))) // made at the input's first record
		}
	}
	pr.source = r.DefaultSource
	if mapping != nil && mapping.Source != "" {
		pr.source = mapping.Source
	}
	var acc []uint64 // pr's scratch
	r.Now = now
	r.Omit = unusedIdentifiers(cfg, linker != nil)
	if fm, ok := f.(interface{ Format() ingest.Format }); ok && ingest.FormatOf(name) == "" {
		r.Format = fm.Format() // a URL without an extension: its Content-Type
	}
	// Linking (a keyed hash of every name) runs beside the rest of the collecting work, on
	// records retained for it, in order.
	// Each record goes with its de-duplication scope: case numbers are unique within it.
	type scoped struct {
		rec   arrow.RecordBatch
		scope string
	}
	var linkCh chan scoped
	linkErr := make(chan error, 1)
	if linker != nil {
		linkCh = make(chan scoped, 4)
		go func(in <-chan scoped) {
			var err error
			for r := range in {
				if err == nil {
					err = linker.AddScoped(r.rec, r.scope)
				}
				r.rec.Release()
			}
			linkErr <- err
		}(linkCh)
	}
	stopLinking := func() error {
		if linkCh == nil {
			return nil
		}
		close(linkCh)
		linkCh = nil
		return <-linkErr
	}
	defer stopLinking() // the linker is never in use once this input is done
	attrs := false      // some row has a case attribute (see eventsAsCases)
	sheet := ""         // the sheet being read, when not by sheet
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, ingest.ErrNoStatus) {
				// An export of events refused at its end for a column read as the case's type
				// (events.csv's "type": residential_care) is told as events: its way out is
				// events: only, not the type column's (ing47's closed world of types).
				if everr := eventsAsCases(name, mapping, attrs, r); everr != nil {
					err = everr
				}
			}
			return inputStats{input: release.Input{Path: shown, Rows: r.Rows()}}, nil, err
		}
		if !attrs {
			attrs = hasCaseAttribute(rec)
		}
		acc = pr.add(rec, seed, acc)
		if sh := r.Sheet(); bySheet {
			// Forget, before the next input, reads this scope as the file's name and drops
			// its groups: no later input has them.
			dedup.Scope = name + "\x00" + sh
		} else if sh != "" {
			shared.add(rec, sh, seed)
			if sh != sheet {
				// The sheets' shared numbers weighed as two inputs' are (Deduper.StartSheet).
				dedup.StartSheet(col.Rows(), sh)
				sheet = sh
			}
		}
		base := col.Rows()
		if evs != nil {
			sheet := ""
			if bySheet {
				sheet = r.Sheet()
			}
			patched := evs.patch(rec, idx, base, col, dedup.Scope, sheet)
			rec.Release()
			rec = patched
		}
		col.Add(rec)
		for _, row := range dedup.Add(rec, base) {
			col.Drop(row, anonymize.Duplicate)
		}
		if linkCh != nil {
			rec.Retain()
			linkCh <- scoped{rec, dedup.Scope}
		}
		rec.Release()
		if cfg.Strict && len(faults(r.Rejected())) > 0 {
			break
		}
		progress(cnt.n.Load(), size)
	}
	// A pooled export's column naming each record's organisation, dropped (no cell is the
	// source): named if its own numbers are found to restart within the file.
	var orgCols []string
	for _, c := range r.UnknownColumns() {
		if ingest.OrganisationColumn(c) && detect.HeaderLabel(c) {
			orgCols = append(orgCols, c)
		}
	}
	dedup.PooledBy(orgCols)
	// A later export's record of a case with its gender or date of birth corrected is a
	// duplicate, not a second person; the other records kept apart from another's under one
	// number are two people, whose events are neither's.
	for _, row := range dedup.EndInput(col.IsDropped) {
		col.Drop(row, anonymize.Duplicate)
	}
	if evs != nil {
		evs.reused(dedup.Reuses()[reusesBefore:])
	}
	if err := stopLinking(); err != nil {
		return inputStats{}, nil, err
	}
	if bad := faults(r.Rejected()); cfg.Strict && len(bad) > 0 {
		rej := bad[0]
		return inputStats{}, nil, &ingest.ParseError{File: rej.File, Sheet: rej.Sheet, Line: rej.Line, Column: strictColumn(rej.Column), Pos: rejectionPos(rej, r), Field: rej.Field,
			Of: rej.Of, Err: fmt.Errorf("%w: %s (strict mode)", ingest.ErrBadRow, rej.Reason)}
	}
	if _, err := io.Copy(io.Discard, tee); err != nil { // the hash covers the whole file
		return inputStats{}, nil, &ingest.ParseError{File: name, Err: err}
	}
	if err := eventsAsCases(name, mapping, attrs, r); err != nil {
		return inputStats{input: release.Input{Path: shown, Rows: r.Rows()}}, nil, err
	}
	st := inputStats{input: release.Input{
		Path: shown, SHA256: hex.EncodeToString(h.Sum(nil)), Rows: r.Rows(), Quarantined: len(r.Rejected()), Blank: r.Blank(),
	}}
	if n := shared.count; n > 0 {
		st.notices = append(st.notices, fmt.Sprintf("%s: %d case %s in more than one of its sheets (%s): "+
			"records under one number were merged as one case where gender and age agree, else kept apart; "+
			"if each sheet numbers its own cases (a sheet per shelter or per year), set case_id_scope: sheet",
			shown, n, agree(n, "number occurs", "numbers occur"), shared.names()))
	}
	if n := r.Blank(); n > 0 {
		st.notices = append(st.notices, fmt.Sprintf("%s: %d %s of only empty values skipped as blank (no case; outside the rows read, under blank in the manifest)",
			shown, n, agree(n, "row", "rows")))
	}
	for _, n := range r.Notices() {
		st.notices = append(st.notices, shown+": "+n)
	}
	if n := r.Rows() - len(r.Rejected()); n > 0 && r.Statuses() == 0 {
		// schema.VictimFilter counts a case without a status as a victim: right for a register
		// of victims, wrong for one that holds other cases too, which no row tells.
		note := fmt.Sprintf("%s: no row records a trafficking status: its %d %s counted as identified victims of trafficking; "+
			"if the export holds people at risk or found not to be victims too, map its column of the status onto trafficking_status under columns:",
			shown, n, agree(n, "case is", "cases are"))
		// A screening register's "Is Victim" (Yes/No) dropped beside it: its "No" rows counted
		// as victims with only this word (attack-2026-12-03b finding 6). Named when it is safe
		// to, as the place columns are.
		var named, hidden []string
		cols := 0
		for _, c := range r.UnknownColumns() {
			if ingest.OtherColumn(c, r.UnknownColumns()) {
				continue // a form server's Status, a trafficker's (ingest-exactness18)
			}
			if statusLike(c) {
				cols++
				if detect.HeaderLabel(c) {
					named = append(named, strconv.Quote(c))
				} else {
					hidden = append(hidden, c)
				}
			}
		}
		if cols > 0 {
			at := withheldAt(r, hidden)
			note += fmt.Sprintf("; %s %s dropped, mapping onto no field: if one says whether the person is a victim (Yes/No), map it so%s, "+
				"with its values under values: {trafficking_status: {\"Yes\": actual, \"No\": not}}", placeColumns(named, cols, at), agree(cols, "was", "were"), byPosition(at))
		}
		st.notices = append(st.notices, note)
	}
	if n := r.Rows() - len(r.Rejected()); n > 0 && r.Genders() == 0 {
		// Every case of unknown gender: no table shows boys, girls, men or women of the input,
		// and nothing else says why. A workbook with a sheet per gender is the usual cause: a
		// sheet's name is never read as its rows' gender.
		fix := "map the column of the gender onto gender under columns:, or, for an export of one gender, set defaults: {gender: female} (or male) in its sources: entry"
		if sh := r.GenderSheets(); len(sh) > 0 {
			q := make([]string, len(sh))
			for i, s := range sh {
				q[i] = strconv.Quote(s)
			}
			fix = fmt.Sprintf("its %s %s named for a gender, which is not read from a sheet's name: give each sheet's gender in its sources: entry "+
				"(sheet_defaults: {%s: {gender: male}}, and female for a sheet of girls or women), or add a gender column to %s (male or female in every row)",
				agree(len(sh), "sheet", "sheets"), strings.Join(q, ", ")+" "+agree(len(sh), "is", "are"), q[0], agree(len(sh), "it", "each sheet"))
		}
		st.noGender = &noGender{shown: shown, fix: fix, at: len(st.notices)}
		st.notices = append(st.notices, fmt.Sprintf("%s: no row records a gender: its %d %s counted as of unknown gender (no table shows them as boys, girls, men or women); %s",
			shown, n, agree(n, "case is", "cases are"), fix))
	}
	if n := r.Rows() - len(r.Rejected()); n > 0 && r.Forms() == 0 {
		// A register with one Yes/No column per form under a name ingest does not know, or
		// none: every form's table reads "not recorded", and the brief's most common form
		// nothing (attack-2026-12-05b U6).
		st.notices = append(st.notices, fmt.Sprintf("%s: no row records a form of exploitation: its %d %s counted under no form (every form's count says \"not recorded\" for %s); "+
			"map the column of the forms onto type_of_exploitation under columns:, or each Yes/No column of one form onto its flag "+
			"(is_sexual_exploitation, is_forced_labour, is_forced_marriage, is_forced_military, is_other_exploitation)",
			shown, n, agree(n, "case is", "cases are"), agree(n, "it", "them")))
	}
	if sh := r.ProvinceSheets(); r.Rows()-len(r.Rejected()) > 0 && r.Provinces() == 0 && len(sh) > 0 {
		// A workbook of a sheet per province and no province column: every case of no
		// province, which only the brief said (attack-2026-12-02c, lows). The sheets are named
		// by the gazetteer's names of their provinces, never by the workbook's own text.
		// The fix gives each sheet by its position ("#2"), which matches whatever the sheet's
		// own name ("Khost province", "KHOST "), for the first few sheets.
		const shownKeys = 3
		q := make([]string, len(sh))
		var keys []string
		for i, s := range sh {
			c, _ := geo.LookupProvinceAnywhere(s) // found: Reader.ProvinceSheets
			p, _ := geo.ProvinceByCode(c)
			q[i] = strconv.Quote(p.Name)
			if pos := r.SheetPosition(s); pos > 0 && len(keys) < shownKeys {
				keys = append(keys, fmt.Sprintf(`"#%d": {province_of_exploitation: %s}`, pos, c))
			}
		}
		if len(sh) > len(keys) && len(keys) > 0 {
			keys = append(keys, "...")
		}
		st.notices = append(st.notices, fmt.Sprintf("%s: no row records a province of exploitation, and its %s %s named for a province, which is not read from a sheet's name: "+
			"the cases are counted under no province; give each sheet's province in its sources: entry (sheet_defaults: {%s}, each sheet by its position in the workbook), or add a province column",
			shown, agree(len(sh), "sheet", "sheets"), strings.Join(q, ", ")+" "+agree(len(sh), "is", "are"), strings.Join(keys, ", ")))
	}
	country := ""
	if mapping != nil {
		country = mapping.Defaults[schema.CountryOfExploitation]
	}
	if code := pathProvince(name, country); code != "" && r.Rows()-len(r.Rejected()) > 0 && r.Provinces() == 0 && len(r.ProvinceSheets()) == 0 {
		// One file (or folder) per province and no province column: as for sheets, said
		// (attack-2026-12-03f finding 10). Named by the gazetteer, not the path's own text.
		p, _ := geo.ProvinceByCode(code)
		defaults := "province_of_exploitation: " + code
		if cc := geo.CountryOfProvince(code); cc != country {
			// "KH-12.csv" under AF: the country too, as for a city (pathCity's notice)
			defaults = "country_of_exploitation: " + cc + ", " + defaults
		}
		st.notices = append(st.notices, fmt.Sprintf("%s: no row records a province of exploitation, and its file or folder is named for a province (%q), which is not read from a path: "+
			"the cases are counted under no province; give its province in its sources: entry (defaults: {%s}), or add a province column",
			shown, p.Name, defaults))
	} else if code, city := pathCity(name, country); code != "" && r.Rows()-len(r.Rejected()) > 0 && r.Provinces() == 0 && len(r.ProvinceSheets()) == 0 {
		// Named for a city of the gazetteer ("Kolkata/cases.csv"): the same (attack-2026-12-03g
		// finding 6). The city is named only when the path is shown: a folder named for a
		// person may share a city's name ("Medina").
		p, _ := geo.ProvinceByCode(code)
		what := fmt.Sprintf("a city of %s (%s)", p.Name, code)
		if shown == name {
			what = fmt.Sprintf("a city (%q, in %s, %s)", city, p.Name, code)
		}
		defaults := "province_of_exploitation: " + code
		if cc := geo.CountryOfProvince(code); cc != country {
			defaults = "country_of_exploitation: " + cc + ", " + defaults
		}
		st.notices = append(st.notices, fmt.Sprintf("%s: no row records a province of exploitation, and its file or folder is named for %s, which is not read from a path: "+
			"the cases are counted under no province; give its place in its sources: entry (defaults: {%s}), or add a province column",
			shown, what, defaults))
	}
	if (mapping == nil || mapping.Source == "") && r.SkippedInput() == nil {
		// A skipped input (a page read with its answer's first page, a side file) gives no
		// records to name: only the inputs read are asked for their organisation.
		st.notices = append(st.notices, fmt.Sprintf("%s: no organisation named for its records: the release and its reports call it %q; "+
			"name it under source: in the config's sources: entry for the input, so that the reports can be cited", shown, r.DefaultSource))
	}
	for _, sk := range r.SkippedSheets() {
		st.input.SkippedSheets = append(st.input.SkippedSheets, release.SkippedSheet(sk))
	}
	if sk := r.SkippedInput(); sk != nil {
		st.input.Skipped = &release.SkippedSheet{Rows: sk.Rows, Reason: sk.Reason}
	} else {
		st.columnsKnown, st.missing, st.unknown = true, r.MissingColumns(), unknownNamed(r.UnknownColumns())
	}
	if fu, ok := f.(interface{ FinalURL() string }); ok && fu.FinalURL() != name {
		st.notices = append(st.notices, fmt.Sprintf("%s: redirected; the data came from %s", name, fu.FinalURL()))
	}
	if pn, ok := f.(interface{ Notices() []string }); ok { // a paged answer: how many pages, records
		for _, n := range pn.Notices() {
			st.notices = append(st.notices, shown+": "+n)
		}
	}
	// A review column (record_state, ReviewState) was read to leave rows out: not dropped.
	unknown := slices.DeleteFunc(slices.Clone(r.UnknownColumns()), ingest.ReviewColumn)
	if mapping != nil && mapping.Events == ingest.EventsAlso {
		// The events' columns were read by the EventReader.
		unknown = slices.DeleteFunc(slices.Clone(unknown), ingest.EventColumn)
	}
	// An OData feed's own names (ODK Central's __id, __system.*, ...@odata.navigationLink) are
	// the server's, counted apart: an '@' in them would withhold the form's names below.
	if n := len(unknown) - len(slices.DeleteFunc(slices.Clone(unknown), ingest.ODataColumn)); n > 0 {
		st.notices = append(st.notices, fmt.Sprintf("%s: %d %s of the OData server's own (__id, __system.*, @odata links) "+
			"map onto no field and %s dropped", shown, n, agree(n, "column", "columns"), agree(n, "was", "were")))
		unknown = slices.DeleteFunc(slices.Clone(unknown), ingest.ODataColumn)
	}
	// No province read, and a dropped column that could hold it ("Place of exploitation",
	// "Location"): every case under no province, which only the tables showed (attack-
	// 2026-12-02g finding 6c). Columns whose names could be data are counted, not named.
	if n := r.Rows() - len(r.Rejected()); n > 0 && r.Provinces() == 0 && len(r.ProvinceSheets()) == 0 {
		var named, hidden []string
		places := 0
		for _, c := range unknown {
			lc := strings.ToLower(c)
			if !strings.Contains(lc, "place") && !strings.Contains(lc, "province") && !strings.Contains(lc, "location") &&
				!strings.Contains(lc, "district") && !strings.Contains(lc, "region") || ingest.OtherColumn(c, unknown) {
				continue // ... or a citizenship's region, a trafficker's place (ingest-exactness18)
			}
			places++
			if detect.HeaderLabel(c) {
				named = append(named, strconv.Quote(c))
			} else {
				hidden = append(hidden, c)
			}
		}
		if places > 0 {
			at := withheldAt(r, hidden)
			st.notices = append(st.notices, fmt.Sprintf("%s: no row records a province of exploitation: its %d %s counted under no province; "+
				"%s %s dropped, mapping onto no field: if one holds the province (or district) where the person was exploited, map it onto province_of_exploitation under columns:%s",
				shown, n, agree(n, "case is", "cases are"), placeColumns(named, places, at), agree(places, "was", "were"), byPosition(at)))
		} else if o := r.OriginProvinces(); o > 0 {
			// "Province of origin" the only province column: read as where the person comes
			// from, right, but the programme's tables by province of exploitation hold none of
			// its cases (attack-2026-12-05d W11)
			st.notices = append(st.notices, fmt.Sprintf("%s: no row records a province of exploitation: its %d %s counted under no province "+
				"in the tables by province of exploitation; %d %s a province of origin (where the person comes from): if that column holds the place "+
				"where the person was exploited, map it onto province_of_exploitation under columns:",
				shown, n, agree(n, "case is", "cases are"), o, agree(o, "row records", "rows record")))
		}
	}
	// A header that was in fact a row of data (a headerless file) would put values here: when
	// any name is shaped as data (a number, a date, a sentence), none is given. Names withheld
	// only as a person's could be ("Nguyễn", "Somchai", JSON keyed by names) are left out and
	// counted: the Russian or Chinese headers beside them are named (privacy-side-doors31, left).
	// A header is named only when every word of it is known (detect.HeaderLabel): a name no list
	// holds ("Follow up by Malalai", "Shinwari notes") is counted too (attack-2026-12-06d D9).
	if slices.ContainsFunc(unknown, detect.DataShaped) {
		st.notices = append(st.notices, fmt.Sprintf("%s: %d columns map onto no field and were dropped "+
			"(their names are withheld: some look like data, not headers; is the header row missing?)", shown, len(unknown)))
		unknown = nil
	} else if n := len(unknown) - len(slices.DeleteFunc(slices.Clone(unknown), func(c string) bool { return !detect.HeaderLabel(c) })); n > 0 {
		st.notices = append(st.notices, fmt.Sprintf("%s: %d %s onto no field and %s dropped (%s: %s words no list of headers knows, a person's name perhaps)%s",
			shown, n, agree(n, "column maps", "columns map"), agree(n, "was", "were"),
			agree(n, "its name is withheld", "their names are withheld"), agree(n, "it holds", "they hold"), withheldPositions(r, unknown, n)))
		unknown = slices.DeleteFunc(slices.Clone(unknown), func(c string) bool { return !detect.HeaderLabel(c) })
	}
	for i, c := range unknown {
		if i == maxColumnNotices {
			st.notices = append(st.notices, fmt.Sprintf("%s: %d more columns map onto no field and were dropped", shown, len(unknown)-i))
			break
		}
		why := ""
		if w, ok := unreadWhy[strings.ToLower(strings.ReplaceAll(c, "_", ""))]; ok {
			why = ": " + w
		}
		st.notices = append(st.notices, fmt.Sprintf("%s: column %q maps onto no field and was dropped%s", shown, c, why))
	}
	others := r.Others()
	fields := make([]string, 0, len(others))
	for f := range others {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		st.notices = append(st.notices, fmt.Sprintf("%s: %s of %s outside its vocabulary %s released as \"other\"", shown, nValues(others[f]), f, agree(others[f], "was", "were")))
	}
	unplaced := r.Unplaced()
	fields = fields[:0]
	for f := range unplaced {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		if f == schema.DistrictOfOrigin || f == schema.DistrictOfExploitation {
			// A district must be a known place: anything else may be a name, an address or a
			// note, however often it is repeated. The notice names the column, never a value.
			st.notices = append(st.notices, fmt.Sprintf("%s: %s of %s %s no known place (not in the source's values: vocabulary for %s, nor a subdivision of %s province in the gazetteer): the district is withheld, the province and country kept; list the source's districts under values: {%s: {<spelling>: <district>}}", shown, nValues(unplaced[f]), f, agree(unplaced[f], "is", "are"), f, agree(unplaced[f], "its", "their"), f))
			continue
		}
		st.notices = append(st.notices, fmt.Sprintf("%s: %s of %s %s no known province of %s country (or, without a country, of exactly one): the province is left empty and the country kept; map %s under values: {%s: {<spelling>: <ISO 3166-2 code>}}", shown, nValues(unplaced[f]), f, agree(unplaced[f], "names", "name"), agree(unplaced[f], "its", "their"), agree(unplaced[f], "it", "them"), f))
	}
	return st, r.Rejected(), nil
}

// statusLike reports whether a dropped column's name may be that of a trafficking status
// (ingest.StatusColumn: the words ingest reads such a column's values by, so the notice and
// the reading agree).
func statusLike(c string) bool { return ingest.StatusColumn(c) }

// subfolders returns the folders between in.Root and the file, slash-separated, or "" (no
// Root, or the file directly in it).
func subfolders(in Input) string {
	root := strings.TrimSuffix(strings.ReplaceAll(in.Root, `\`, "/"), "/")
	dir := path.Dir(strings.ReplaceAll(in.Name, `\`, "/"))
	if root == "" || !strings.HasPrefix(dir+"/", root+"/") {
		return ""
	}
	return strings.TrimPrefix(strings.TrimPrefix(dir, root), "/")
}

// inputLabel is how the release names input idx (0-based): its name (URL redacted), unless
// its base name could be data (a file called after a child or a case number,
// detect.FileLabel), or one of its folders below in.Root could be (detect.FileLabel: a
// folder per child, "kids/nazanin/", "kids/Farid 2023/"), or one of the folders above could
// be a person's full name (detect.NameLike), then "input N", N its place among the manifest's
// inputs.
func inputLabel(in Input, idx int) string {
	name := ingest.RedactURL(in.Name)
	p := strings.ReplaceAll(name, `\`, "/")
	base := path.Base(p)
	// A stem that is a status phrase and nothing else ("testemunhas.csv") is named: its refusal
	// quotes the phrase (ingest.StatusFileName), and "input 2" beside it withheld nothing.
	stem := strings.TrimSuffix(base, path.Ext(base))
	safe := detect.FileLabel(stem) || ingest.StatusFileName(stem)
	above, below := path.Dir(p), ""
	if root := strings.TrimSuffix(strings.ReplaceAll(in.Root, `\`, "/"), "/"); root != "" && strings.HasPrefix(above+"/", root+"/") {
		above, below = root, strings.TrimPrefix(strings.TrimPrefix(path.Dir(p), root), "/")
	}
	for _, dir := range strings.Split(above, "/") {
		safe = safe && !detect.NameLike(dir)
	}
	// The folder given, or the file's own: its name alone could be a child's ("Qasimzada
	// intake/cases.csv"); the folders above it are the user's own paths.
	if d := path.Base(above); d != "." && d != "/" && !strings.Contains(name, "://") {
		safe = safe && !detect.FolderName(d)
	}
	if below != "" {
		for _, dir := range strings.Split(below, "/") {
			safe = safe && detect.FileLabel(dir)
		}
	}
	if safe {
		return name
	}
	return fmt.Sprintf("input %d", idx+1)
}

// relabel names the input of err as the release does (inputLabel): shown, when the file's name
// could be a child's, in place of name. A run's fatal error goes to logs and terminals as the
// notices do (attack-2026-12-02a finding 6: "nm/Farid Ahmadi 2023.csv: 10 of 40 rows
// quarantined" beside notices that called it "input 2"). errors.Is and errors.As still see err.
func relabel(err error, name, shown string) error {
	if err == nil || name == shown {
		return err
	}
	var pe *ingest.ParseError
	if errors.As(err, &pe) && pe.File == name {
		pe.File = shown
	}
	if !strings.Contains(err.Error(), name) {
		return err
	}
	return &relabeled{err: err, name: name, shown: shown}
}

// relabeled is an error whose message names an input as shown, not by its file's name.
type relabeled struct {
	err         error
	name, shown string
}

func (r *relabeled) Error() string { return strings.ReplaceAll(r.err.Error(), r.name, r.shown) }
func (r *relabeled) Unwrap() error { return r.err }

// unwrapPath drops the *PathError wrapper, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// faults returns the rejections that are faults of the export: all but the rows it marks as
// no case itself (ingest.NotACase), which max_bad_share, max_bad_rows and strict leave alone.
func faults(rej []ingest.Rejection) []ingest.Rejection {
	if !slices.ContainsFunc(rej, ingest.NotACase) {
		return rej
	}
	return slices.DeleteFunc(slices.Clone(rej), ingest.NotACase)
}

// topReasons summarises rejections by file, field and reason, the n most frequent first, each
// with its count and the setting that would let such rows be read (ingest.Remedy): one line.
func topReasons(rej []ingest.Rejection, n int) string {
	type key struct {
		file, column, field, reason string
		pos                         int
	}
	counts := map[key]int{}
	first := map[key]ingest.Rejection{}
	var order []key
	for _, r := range rej {
		k := key{r.File, r.Column, r.Field, r.Reason, 0}
		if !detect.SafeLabel(r.Column) {
			k.pos = r.Pos // a withheld name is told by its position, sheet by sheet
		}
		if counts[k] == 0 {
			order = append(order, k)
			first[k] = r
		}
		counts[k]++
	}
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] > counts[order[j]] })
	var parts []string
	for i, k := range order {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more reasons", len(order)-n))
			break
		}
		where := k.file
		if k.column != "" {
			// as quarantine.csv names it: a group named by a child ("Nguyễn/remarks") is no
			// header to repeat (privacy-side-doors32)
			switch {
			case detect.SafeLabel(k.column):
				where += fmt.Sprintf(" column %q", k.column)
			case k.pos > 0:
				where += fmt.Sprintf(" column %d (its name withheld)", k.pos)
			default:
				where += " a column (its name withheld)"
			}
		}
		if k.field != "" && k.field != k.column {
			where += " (field " + k.field + ")"
		}
		p := fmt.Sprintf("%d × %s: %s", counts[k], where, k.reason)
		if fix := ingest.Remedy(first[k]); fix != "" {
			p += " [fix: " + fix + "]"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// FailedQuarantineFile is where a run that fails after quarantining rows lists them: beside
// the release folder (out + this suffix), never inside it, so that a release already there is
// left as it was.
const FailedQuarantineFile = ".quarantine.csv"

// writeFailedQuarantine writes the rows quarantined so far beside out when a run fails, and
// says so in the error; a run that succeeds removes a stale one.
func writeFailedQuarantine(out string, rejected []ingest.Rejection, err error) error {
	if out == "" {
		return err
	}
	p := strings.TrimRight(out, `/\`) + FailedQuarantineFile
	if err == nil || len(rejected) == 0 {
		if err == nil {
			os.Remove(p)
		}
		return err
	}
	q, qerr := quarantineCSV(rejected)
	if qerr == nil {
		qerr = os.WriteFile(p, q, 0o600)
	}
	if qerr != nil {
		return err
	}
	return fmt.Errorf("%w (the %d quarantined rows are listed in %s)", err, len(rejected), p)
}

// strictColumn is a strict mode's refusal's column: its name, or "(name withheld)" as
// quarantine.csv says it when the name could be data or a child's ("Nguyễn/age").
func strictColumn(c string) string {
	if c == "" {
		return ""
	}
	return detect.Label(c, "(name withheld)")
}

// withheldPositions tells where the dropped columns whose headers HeaderLabel withholds are, so
// that a user can still find and map one ("#9"): ": column 9" or ": columns 4 and 9" for those
// every header read holds at one place (Reader.ColumnPosition; none for JSON keys), else "";
// "among them" when some of the n have no one position (a workbook's sheets place them apart).
func withheldPositions(r *ingest.Reader, unknown []string, n int) string {
	at := withheldAt(r, unknown)
	if len(at) == 0 {
		return ""
	}
	verb := "map it"
	if len(at) > 1 {
		verb = "map one"
	}
	return fmt.Sprintf(": %s (%s under columns: by its position, \"#%s\")", positionsSaid(at, n), verb, at[0])
}

// withheldAt returns the positions of the columns among cols whose headers HeaderLabel
// withholds and that every header read holds at one place (Reader.ColumnPosition), in order.
func withheldAt(r *ingest.Reader, cols []string) []string {
	var at []string
	for _, c := range cols {
		if p := r.ColumnPosition(c); p > 0 && !detect.HeaderLabel(c) {
			at = append(at, strconv.Itoa(p))
		}
	}
	return at
}

// positionsSaid says the positions at of n withheld columns: "column 9", "columns 4 and 9",
// "among them column 9" when some of the n have no one position; "" for none.
func positionsSaid(at []string, n int) string {
	among := ""
	if len(at) < n {
		among = "among them "
	}
	switch len(at) {
	case 0:
		return ""
	case 1:
		return among + "column " + at[0]
	}
	if len(at) > 10 {
		at = append(slices.Clone(at[:10]), fmt.Sprintf("%d more", len(at)-10))
	}
	return fmt.Sprintf("%scolumns %s and %s", among, strings.Join(at[:len(at)-1], ", "), at[len(at)-1])
}

// rejectionPos is the position of a rejection's column in its own file's or sheet's header
// (Rejection.Pos), else the one every header read gives it (Reader.ColumnPosition), else 0.
func rejectionPos(rej ingest.Rejection, r *ingest.Reader) int {
	if rej.Pos > 0 {
		return rej.Pos
	}
	return r.ColumnPosition(rej.Column)
}

// quarantineColumn is what quarantine.csv's column cell says of a rejection: the column's name,
// "column 5 (name withheld)" when the name could be data (by its position in the row's own
// header, when known: "(name withheld)" else), "(whole line)" (a workbook's "(whole row)") when
// the reason is the row's as a whole (malformed quoting or JSON, a field count, no value), and
// nothing for a missing field (a required one, which has no column).
func quarantineColumn(r ingest.Rejection) string {
	switch {
	case r.Column != "" && r.Pos > 0:
		return detect.Label(r.Column, fmt.Sprintf("column %d (name withheld)", r.Pos))
	case r.Column != "":
		return detect.Label(r.Column, "(name withheld)")
	case r.Field != "":
		return ""
	case r.Sheet != "":
		return "(whole row)"
	}
	return "(whole line)"
}

func quarantineCSV(rej []ingest.Rejection) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"file", "line", "column", "field", "reason"})
	for _, r := range rej {
		// File and column names come from the input: defused like every CSV cell we write.
		w.Write([]string{analysis.DefuseFormula(r.File), r.Position(), analysis.DefuseFormula(quarantineColumn(r)), r.Field, r.Reason})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// beyondNotice says why rel suppressed rows on top of the suppression limit: their trafficking
// status, never generalized, is held by fewer than k cases, or its cases cannot meet the
// sensitive models in any class. Counts only: the organisation's manifest and stderr.
func beyondNotice(rel *anonymize.Release, cfg Config) string {
	names := func(vs []string) string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = cmp.Or(v, "not recorded")
		}
		return strings.Join(out, ", ")
	}
	var why []string
	if len(rel.BeyondValues) > 0 {
		why = append(why, fmt.Sprintf("their trafficking status (%s) is recorded for fewer than k = %d cases", names(rel.BeyondValues), cfg.K))
	}
	if len(rel.BeyondSensitive) > 0 {
		model := fmt.Sprintf("l = %d", cfg.L)
		switch {
		case cfg.L > 1 && cfg.T > 0:
			model = fmt.Sprintf("l = %d or t = %g", cfg.L, cfg.T)
		case cfg.L <= 1:
			model = fmt.Sprintf("t = %g", cfg.T)
		}
		why = append(why, fmt.Sprintf("the cases of trafficking status %s hold too few recorded values of %s to meet %s in any group",
			names(rel.BeyondSensitive), cfg.Sensitive, model))
	}
	return fmt.Sprintf("%d cases suppressed on top of suppression_limit %g: %s, and the status is never generalized (the victims' counts rest on it), so no generalization could release them; the protected tables count them",
		rel.Beyond, cfg.SuppressionLimit, strings.Join(why, "; "))
}

func privacyOf(rel *anonymize.Release, cfg *Config) release.Privacy {
	p := release.Privacy{
		Model: cfg.model(), K: cfg.K, SuppressionLimit: cfg.SuppressionLimit, Sensitive: []string{},
		SmallCellThreshold: cfg.SmallCellThreshold, L: cfg.L, Diversity: cfg.Diversity, C: cfg.C, T: cfg.T,
		Metric: cfg.Metric, Method: cfg.Method,
		GeneralizationNotes: "full-domain generalization: each quasi-identifier is generalized to the same level for every case; " +
			"cases still in a class that breaks the privacy models are withheld",
	}
	if p.Metric == "" {
		p.Metric = "loss"
	}
	if p.Method == "" {
		p.Method = "full-domain"
	}
	if rel.Mondrian() {
		p.GeneralizationNotes = "Mondrian local recoding: cases are partitioned into groups of at least k, and each group's " +
			"values are generalized to their lowest common ancestor in the hierarchy; levels below are the coarsest bound"
	}
	if cfg.Sensitive != "" {
		p.Sensitive = anonymize.SensitiveAttributes[cfg.Sensitive]
		if cfg.L > 1 || cfg.T > 0 {
			p.SensitiveMissing = release.MissingRule
		}
		if cfg.T > 0 {
			p.TReference = rel.SensitiveShares(cfg.Sensitive)
		}
	}
	for _, f := range schema.Fields() {
		if f.Role == schema.Identifier && !slices.Contains(cfg.Pseudonyms, f.Name) {
			p.DroppedIdentifiers = append(p.DroppedIdentifiers, f.Name)
		}
	}
	p.Pseudonymized = cfg.Pseudonyms
	for i, qi := range rel.QIs {
		if (anonymize.OutcomeQI(qi.Name) || qi.Name == schema.TraffickingStatus) && !rel.Protected[i] && !rel.Recorded(qi.Name) {
			// No outcome data (or no status) in this run: the column is empty for every case,
			// which keeps any class as it is; protected, with no level to list.
			p.QuasiIdentifiers = append(p.QuasiIdentifiers, qi.Columns...)
			continue
		}
		l := release.Level{
			QuasiIdentifier: qi.Name, Columns: qi.Columns, Level: rel.Levels[i], Name: qi.LevelNames[rel.Levels[i]],
			Levels: qi.LevelNames, Protected: rel.Protected[i],
		}
		if rel.Mondrian() && rel.Protected[i] {
			l.Level, l.Name = -1, "local (varies by group)"
		}
		p.Levels = append(p.Levels, l)
		if rel.Protected[i] {
			p.QuasiIdentifiers = append(p.QuasiIdentifiers, qi.Columns...)
		} else {
			p.Unprotected = append(p.Unprotected, qi.Columns...) // the config left it out
		}
	}
	return p
}

// privacyJSON renders risk and utility before and after anonymization.
func privacyJSON(rel *anonymize.Release, m *release.Manifest) ([]byte, error) {
	before, after, err := rel.Metrics()
	if err != nil {
		return nil, err
	}
	return marshalPrivacy(m, before, after, rel.Search(), rel.Suppressed)
}

func marshalPrivacy(m *release.Manifest, before anonymize.Metrics, after *anonymize.Metrics, res *anonymize.Result, suppressed int) ([]byte, error) {
	doc := struct {
		Model      string             `json:"model"`
		Before     anonymize.Metrics  `json:"before"`
		After      *anonymize.Metrics `json:"after,omitempty"`
		Search     any                `json:"search"`
		Levels     []release.Level    `json:"levels"`
		Suppressed int                `json:"suppressed"`
		KMap       int                `json:"k_map,omitempty"`
		Uniqueness float64            `json:"population_uniqueness,omitempty"`
	}{Model: m.Privacy.Model, Before: before, After: after, Levels: m.Privacy.Levels, Suppressed: suppressed,
		KMap: m.Privacy.KMap, Uniqueness: m.Privacy.PopulationUniqueness}
	if res != nil {
		search := map[string]any{"metric": res.Metric.String(), "value": res.Value, "nodes_checked": res.Checked,
			"lattice_size": res.Lattice, "classes": res.Classes}
		if res.Labels != nil {
			// Mondrian's search counts cells; cells with the same labels are published as one
			// class, which "after" counts.
			delete(search, "classes")
			search["cells"] = res.Classes
		}
		doc.Search = search
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

// ErrNoCases is the error of a run whose case inputs hold no row at all.
var ErrNoCases = errors.New("no row of a case was read")

// noRows explains ErrNoCases: what each input held instead (an input skipped, or sheets).
func noRows(ins []release.Input) error {
	var why []string
	fix := "give the export of the register of cases (not an empty filtered view)"
	for _, in := range ins {
		switch {
		case in.Skipped != nil:
			why = append(why, fmt.Sprintf("%s skipped: %s", in.Path, in.Skipped.Reason))
			fix += "; if a skipped file's rows are the cases, name it exactly with match: under sources: in the config"
		case len(in.SkippedSheets) > 0:
			why = append(why, fmt.Sprintf("%s: no row in the sheets read, %d sheet(s) skipped", in.Path, len(in.SkippedSheets)))
			fix += "; if a skipped sheet holds the cases, name it with sheet: in the config"
		default:
			why = append(why, in.Path+": empty, or a header only")
		}
	}
	if len(why) == 0 {
		// Every input was an export of events (events: only): no case to attach them to
		// (attack-2026-12-01f, lows: the message said "()").
		return fmt.Errorf("%w: every input is an export of events (events: only in its config entry), which holds no case: nothing to release; "+
			"give the export of the register of cases beside the events (its own --input, with a config entry without events: only)", ErrNoCases)
	}
	return fmt.Errorf("%w (%s): nothing to release; %s", ErrNoCases, strings.Join(why, "; "), fix)
}

// ErrHeldUnrecorded refuses a release whose tables would be held (the previous release's again,
// too few records changed) over a previous release that records nothing of what they counted:
// a published folder, which has no manifest.
var ErrHeldUnrecorded = errors.New("the previous release's tables would be published again (held), but its folder does not record their organisations")

// ErrDifferencing refuses a release whose differencing guard would withhold more rows than the
// suppression limit allows against a previous release at --out that is another register's.
var ErrDifferencing = errors.New("the differencing guard would withhold more rows than the suppression limit allows")

// ErrShrank refuses a release of fewer than half the cases of the release it would replace (a
// partial export, or another register's); errors.Is(err, ErrDifferencing) holds for it too.
var ErrShrank error = shrankError{}

type shrankError struct{}

func (shrankError) Error() string {
	return "the input holds far fewer cases than the release it would replace"
}
func (shrankError) Is(target error) bool { return target == ErrDifferencing }

// guardInput is what the differencing guard compares this release with: the previous
// release's manifest, the view both releases are compared in, and the previous release's rows
// counted by their content in it.
type guardInput struct {
	prev     *release.Manifest
	view     anonymize.View
	coarser  []string
	shared   string
	previous map[string]int
	elapsed  anonymize.Elapsed
	// compared is the pre-check's comparison of this release with previous (otherRegister),
	// which the guard withholds by while the folder holds that release.
	compared *anonymize.Comparison
	// The series' memory of the kinds earlier releases published (EarlierKindsFile), and the
	// previous release's own rows by their full content over its columns, to add to it.
	mem        earlierKinds
	prevKinds  map[string]int
	prevFields []string
}

// readGuardInput reads the release in out for the differencing guard: nil when out holds no
// release; ErrUnpaired (or ErrDifferencing for an older export) when it cannot be compared.
// sources, when not nil, are this run's case sources: a refusal for other quasi-identifiers
// then says too when most of that release's rows are of other organisations (unpairedOther).
func readGuardInput(ctx context.Context, rel *anonymize.Release, out string, now release.Privacy, asOf time.Time, bySource map[string]time.Time, sources map[string]bool) (*guardInput, error) {
	prev, err := release.ReadManifest(out)
	if err != nil {
		return nil, nil // no previous release
	}
	view, relabel, coarser, cannot, err := guardView(ctx, rel, prev, now, out)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(cannot, otherQIs) && sources != nil {
		if gone, of, ok := sourcesGone(ctx, out, sources); ok && 2*gone > of {
			return nil, unpairedOther(out, cannot, gone, of)
		}
	}
	if cannot != "" {
		return nil, unpaired(out, cannot)
	}
	db, err := analysis.Open(ctx, out)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// Columns one release holds and the other does not (an earlier version's release without
	// the outcome columns, pseudonyms added or dropped): whoever holds both compares them on
	// the columns both hold, and so does the guard (before, the query failed and the guard
	// gave a notice only: privacy-side-doors15).
	shared, err := sharedColumns(ctx, db, rel.Fields(view), &view)
	if err != nil {
		return nil, unpaired(out, "its cases cannot be read for the comparison")
	}
	fields := rel.Fields(view)
	if len(fields) == 0 {
		return nil, unpaired(out, "the two releases hold no column in common")
	}
	var parts []string
	for _, f := range fields {
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(f, `"`, `""`)))
	}
	t, err := analysis.Query(ctx, db, "SELECT concat_ws(chr(31), "+strings.Join(parts, ", ")+") AS k, count(*) AS n FROM cases GROUP BY k")
	if err != nil {
		// Never published unguarded: a release the guard cannot read is refused, as one it
		// cannot pair (the error is DuckDB's, which can quote a value: not repeated).
		return nil, unpaired(out, "its cases cannot be read for the comparison")
	}
	previous := make(map[string]int, len(t.Rows))
	for _, r := range t.Rows {
		n, _ := r[1].(int64)
		key, ok := relabel(fields, analysis.Cell(r[0]))
		if !ok {
			return nil, unpaired(out, "the generalization differs from the previous release's ("+strings.Join(coarser, "; ")+
				" in one of them), and that release shows labels this run's hierarchies do not have at that level")
		}
		previous[key] += int(n)
	}
	// The previous release counted its open stays up to its as_of; an older release without
	// one up to its export, before its run: its run's day gives the least time, so the fewest
	// rows taken as the same cases later.
	before := prev.CreatedAt
	if t, err := time.Parse(time.DateOnly, prev.AsOf); err == nil {
		before = t
	}
	elapsed, err := elapsedSince(prev, before, asOf, bySource, out)
	if err != nil {
		return nil, err
	}
	in := &guardInput{prev: prev, view: view, coarser: coarser, shared: shared, previous: previous, elapsed: elapsed}
	if in.mem, err = readEarlierKinds(out); err != nil {
		return nil, fmt.Errorf("%s in %s cannot be read (the kinds of row earlier releases of the series published): remove it to guard against the previous release only",
			EarlierKindsFile, out)
	}
	if zeroView(view) {
		in.prevKinds, in.prevFields = previous, fields
	} else if in.prevKinds, in.prevFields, err = previousKinds(ctx, db); err != nil {
		return nil, unpaired(out, "its cases cannot be read for the comparison")
	}
	return in, nil
}

// current reports whether the release in dir is still the one in was read from (its manifest,
// which holds every file's digest, unchanged): the guard then withholds by the pre-check's
// comparison rather than read the previous release's cases and compare again (at 1,000,000
// rows 22-25 s of CPU each time). False for nil.
func (in *guardInput) current(dir string) bool {
	if in == nil {
		return false
	}
	now, err := release.ReadManifest(dir)
	return err == nil && reflect.DeepEqual(now, in.prev)
}

// otherRegister refuses, before the tables, a run into a folder that holds another register's
// release: the differencing guard's test (more rows new than the suppression limit, and more of
// that release's rows gone), asked without withholding anything. The tables' protection around
// that release's pattern would otherwise fail first, with words that tell the user nothing
// (attack-2026-12-03b finding 7). A register that only grew has no rows gone, so it passes;
// rows of the classes the withheld copies would break are not counted here, so the guard after
// the tables may still refuse what this lets through. It returns what it read (nil when out
// holds no release), for the guard.
func otherRegister(ctx context.Context, rel *anonymize.Release, out string, cfg *Config, now release.Privacy, asOf time.Time, bySource map[string]time.Time, sources map[string]bool) (*guardInput, error) {
	in, err := readGuardInput(ctx, rel, out, now, asOf, bySource, sources)
	if in == nil || err != nil {
		return nil, err
	}
	in.compared = rel.Compare(in.previous, cfg.K, in.elapsed, in.view)
	in.previous = nil // compared: not held through the tables (557,238 kinds at 1,000,000 rows)
	if err := refuseOther(in.compared.Guarded(), rel.Written+rel.Suppressed, cfg, out); err != nil {
		return nil, err
	}
	return in, refuseShrunk(in.prev, rel.Written+rel.Suppressed, out)
}

// refuseShrunk refuses (ErrShrank) a release of fewer than half the cases of the release prev
// it would replace, which passed the other tests (the same register's cases, none new). A
// register loses a few records between exports (merged, closed, withdrawn), not half of them:
// an export of the cases changed since the last one, or of a few shelters, written over the
// register's release replaced 762 cases by 58, exit 0 (attack-2026-12-03c finding 4); the
// guard's own refusal needs many rows withheld, and a partial export's are few.
func refuseShrunk(prev *release.Manifest, cases int, out string) error {
	if was := prev.Counts.Written + prev.Counts.Suppressed; was < 20 || 2*cases >= was {
		return nil
	}
	return fmt.Errorf("%w: this run's input holds %d cases where the release already in %s holds %d: it looks like a partial export "+
		"(the cases changed since the last export, or some shelters' only) or another register's, and would replace that release's figures. "+
		"Nothing was written: run the register's whole export; if it is another register's, write this release to a new folder (--out); "+
		"if it does replace that release, set allow_differencing: true in the config",
		ErrShrank, cases, out, prev.Counts.Written+prev.Counts.Suppressed)
}

// previousLevels is the level name of every protected quasi-identifier of the full-domain
// release in dir, by QI name (anonymize.CaseConfig.Prefer), or nil.
func previousLevels(dir string) map[string]string {
	pm, err := release.ReadManifest(dir)
	if err != nil {
		return nil
	}
	levels := map[string]string{}
	for _, l := range pm.Privacy.Levels {
		if l.Protected && l.Level >= 0 {
			levels[l.QuasiIdentifier] = l.Name
		}
	}
	return levels
}

// missedLevels says, when the previous release's levels (anonymize.Config.Prefer) did not hold
// within the suppression limit, how many rows they would have suppressed and the smallest
// suppression_limit that keeps them, or "" (attack-2026-12-03e finding 4: a monthly series
// refused at its second month, the old levels one row over 5%, and the advice named no limit).
func missedLevels(rel *anonymize.Release, limit float64) string {
	res := rel.Search()
	if res == nil || res.PreferSuppressed == 0 || len(res.Suppressed) == 0 {
		return ""
	}
	n, supp := len(res.Suppressed), res.PreferSuppressed
	keep := math.Ceil(100*float64(supp)/float64(n)) / 100
	for int(keep*float64(n)) < supp { // the search's own rounding (problem.maxSupp)
		keep += 0.01
	}
	return fmt.Sprintf("its levels would suppress %d of the %d rows (%.1f%%, more than suppression_limit %g): suppression_limit: %.2f keeps them",
		supp, n, 100*float64(supp)/float64(n), limit, keep)
}

// keptLevelsNotice says that rel kept the levels of the release in dir.
func keptLevelsNotice(rel *anonymize.Release, dir string, k int) string {
	var at []string
	for i, qi := range rel.QIs {
		if rel.Protected[i] && len(qi.LevelNames) > 1 {
			at = append(at, qi.Name+" at "+qi.LevelNames[rel.Levels[i]])
		}
	}
	return fmt.Sprintf("the microdata keep the generalization of the release already in %s (%s): it still holds k = %d within the suppression limit, "+
		"and other levels, joined with that release, would show its cases at the finer of the two generalizations of each quasi-identifier. "+
		"The search for the best levels (weights, metric) runs again when these no longer hold, when quasi_identifiers or hierarchies change, "+
		"or with new_levels: true (the rows the join would single out are then withheld, or the run refused past the suppression limit)",
		dir, strings.Join(at, ", "), k)
}

// refuseOther is the guard's refusal of another register's release in out (ErrDifferencing),
// or nil: g's rows would be withheld of the kept rows.
func refuseOther(g anonymize.Guarded, kept int, cfg *Config, out string) error {
	share := func(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }
	over := g.Rows() > int(cfg.SuppressionLimit*float64(kept))
	// A stay closed between the exports is a gone open row and a new closed one: the same case
	// (its row is withheld as new information all the same), not a sign of another register.
	if !over || g.Gone-g.Closed <= int(cfg.SuppressionLimit*float64(g.Previous)) {
		return nil
	}
	return fmt.Errorf("%w: %d of the %d rows (%.0f%%, more than suppression_limit %g) would be withheld because they are new against the release already in %s "+
		"(comparing the two releases would single them out), and %d of that release's %d rows (%.0f%%) are not in this one: it looks like another register's "+
		"(or another organisation's), not an earlier release of this one (rows that only time moved on, an open stay's length_of_stay_band or an outcome "+
		"no longer censored, and stays closed since, count as the same cases; a record corrected does not). Nothing was written: if it is another register's, "+
		"write this release to a new folder (--out); if it does replace that release, set allow_differencing: true in the config (comparing the two can "+
		"then single out the cases that differ; give the previous release to check with --previous)",
		ErrDifferencing, g.Rows(), kept, share(g.Rows(), kept), cfg.SuppressionLimit, out, g.Gone-g.Closed, g.Previous, share(g.Gone-g.Closed, g.Previous))
}

// guard applies the differencing guard against the release already at out, if any. It returns
// the rows withheld and a notice saying how many and why. When the guard would hold back more
// than the suppression limit's share of the rows and the previous release's rows are mostly
// gone, the folder was reused for another register: the run is refused, nothing is written.
// asOf is the day this release counts open stays up to (Manifest.AsOf), bySource the same per
// organisation (Manifest.AsOfBySource). read is the pre-check's reading of the release in out
// (otherRegister), when it is still current; nil reads it here. It returns the series' memory
// to write beside this release too.
func guard(ctx context.Context, rel *anonymize.Release, col *anonymize.Collector, out string, cfg *Config, now release.Privacy, asOf time.Time, bySource map[string]time.Time, read *guardInput) (int, string, *earlierKinds, error) {
	in := read
	if in != nil && in.previous == nil && len(in.mem.Sets) > 0 {
		in = nil // the series' memory compares the previous release's rows, which the pre-check let go
	}
	if in == nil {
		var err error
		if in, err = readGuardInput(ctx, rel, out, now, asOf, bySource, nil); in == nil || err != nil {
			return 0, "", nil, err // no previous release, or it cannot be compared
		}
	}
	n, note, err := guardWith(in, rel, out, cfg, now, asOf)
	if err != nil {
		return 0, "", nil, err
	}
	// The release in out finer in a quasi-identifier: its own rows that joining it with this
	// one singles out, said (counts only; privacy-side-doors22, task 2).
	if in.prevKinds != nil && len(finerPaired(kindSet{Levels: in.prev.Privacy.Levels}, now.Levels)) > 0 {
		side, err := previousSideNote(ctx, in, now.Levels, rel.Fields(anonymize.View{}), rel.Kinds(), out, cfg.K)
		if err != nil {
			return 0, "", nil, err
		}
		if side != "" {
			if note != "" {
				note += "; "
			}
			note += side
		}
	}
	// The series' memory as the next release finds it: the previous release's rows added at
	// its levels (Mondrian's labels are no levels: left out).
	mem := in.mem
	if in.prevKinds != nil && in.prev.Privacy.Method != "mondrian" && !slices.ContainsFunc(in.prev.Privacy.Levels, func(l release.Level) bool { return l.Level < 0 }) {
		asOfPrev := in.prev.AsOf
		if asOfPrev == "" {
			asOfPrev = in.prev.CreatedAt.Format(time.DateOnly)
		}
		mem = mem.add(kindSet{Levels: in.prev.Privacy.Levels, Fields: in.prevFields, AsOf: asOfPrev, Kinds: in.prevKinds})
	}
	return n, note, &mem, nil
}

// previousSideNote says, counts only, the rows of the release in out (in) that joining it with
// this release (its rows after the guard: kinds over fields) singles out, or "". No rows are
// withheld for them (privacy-side-doors23, task 2): the guard's joined withholding, by each
// case's true values, already withholds this release's rows of every combination under k,
// their twins among them, and a link that lost rows here makes no previous row sure. Measured
// on four series whose previous release was finer (synth 400 seed 4 and 3000 seed 1: the year;
// 3000 seed 2: the age; 3000 seed 3: the origin), check of the same release written unguarded
// counted 53, 119, 42 and 16 of the previous release's combinations under k; written over it
// (the guard), none. The count is a notice only, so a join that cannot be made (a previous
// release whose kinds lack a column of a quasi-identifier it shows finer) is said, not a
// reason to stop the run; only a cancelled run returns an error.
func previousSideNote(ctx context.Context, in *guardInput, now []release.Level, fields []string, kinds map[string]int, out string, k int) (string, error) {
	j, ok, err := kindsJoined(ctx, in.prev.Privacy.Levels, in.prevFields, in.prevKinds, now, fields, kinds, k)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return fmt.Sprintf("the rows of the release already in %s that joining it with this one singles out were not counted (%v)", out, err), nil
	}
	if side := j.sideNote("the release already in " + out); ok && side != "" {
		return side + " (that release is out: this one cannot take them back)", nil
	}
	return "", nil
}

// guardWith is guard's comparison with the release in out (in).
func guardWith(in *guardInput, rel *anonymize.Release, out string, cfg *Config, now release.Privacy, asOf time.Time) (int, string, error) {
	prev, view, coarser, shared, previous, elapsed := in.prev, in.view, in.coarser, in.shared, in.previous, in.elapsed
	kept := rel.Written + rel.Suppressed
	var g anonymize.Guarded
	covered := 0
	var err error
	earlier, eElapsed := seriesEarlier(in.mem, in, now, rel.Fields(anonymize.View{}), asOf)
	if earlier != nil && !rel.Mondrian() {
		g, covered, err = rel.GuardSeries(previous, cfg.K, elapsed, view, earlier, eElapsed)
	} else if in.compared != nil {
		g, err = rel.Withhold(in.compared) // the pre-check's comparison: the same rows, the same release
	} else {
		g, err = rel.GuardAt(previous, cfg.K, elapsed, view)
	}
	if err != nil {
		return 0, "", err
	}
	seen := ""
	if covered > 0 {
		// Said, so that a release that holds more rows than the guard alone would let through
		// tells why (attack-2026-12-03c finding 3).
		at := ""
		if len(coarser) > 0 {
			at = " (generalized otherwise: " + strings.Join(coarser, "; ") + " compared)"
		}
		seen = fmt.Sprintf("%d rows new against the release already in %s%s are of kinds an earlier release of the series published at this release's levels "+
			"in as many copies (%s): not new cases, so not withheld", covered, out, at, EarlierKindsFile)
	}
	// The previous release finer in a quasi-identifier: joined with it, this release's rows are
	// seen at the finer of the two levels of each (attack-2026-12-03b finding 2).
	// And with every earlier release the series remembers (privacy-side-doors19): rows of kinds
	// an earlier release at this one's levels published (GuardSeries' earlier, or the previous
	// release's own at the same levels) count in their group but are not withheld.
	finer, finerNames := seriesJoinLevels(rel, prev, in.mem, now)
	cover := earlier
	if cover == nil && zeroView(view) {
		cover = previous
	}
	jRows, jClassRows, jClasses, err := rel.GuardJoinedSeries(finer, cfg.K, cover)
	if err != nil {
		return 0, "", err
	}
	total := func(n int, note string) (int, string, error) {
		if seen != "" {
			if note != "" {
				note += "; "
			}
			note += seen
		}
		if jRows == 0 {
			return n, note, nil
		}
		// More than the suppression limit withheld for the join: refused rather than published
		// short of the rows the user allowed to lose (40% of 3,000 random rows in anonymize's
		// TestGuardJoined, 25% of synth 400 with the tester's weights; the rows withheld are the
		// rare kinds, so what is left is biased too). Unlike the differencing guard's new cases
		// (released once k of a kind accumulate) these stay withheld while the two generalizations
		// differ, and the config that chose them is the user's to change (privacy-side-doors16).
		if limit := int(cfg.SuppressionLimit * float64(kept)); jRows+jClassRows > limit {
			missed := missedLevels(rel, cfg.SuppressionLimit)
			if missed != "" {
				missed = ": here " + missed
			}
			return 0, "", fmt.Errorf("%w: %d of the %d rows (%.0f%%, more than suppression_limit %g) would be withheld because joining this release with the one already in %s "+
				"would single them out: whoever holds both sees each case at the finer of the two generalizations (%s), "+
				"where their kind holds fewer than k = %d rows. Nothing was written: keep the previous release's levels (its manifest's privacy; a run keeps them "+
				"while they hold k within the suppression limit, unless new_levels is set or quasi_identifiers or hierarchies changed%s), "+
				"or raise suppression_limit to withhold these rows; "+
				"if the release in %s was never published (or is withdrawn), set allow_differencing: true in the config",
				ErrDifferencing, jRows+jClassRows, kept, 100*float64(jRows+jClassRows)/float64(max(kept, 1)), cfg.SuppressionLimit, out,
				strings.Join(finerNames, ", "), cfg.K, missed, out)
		}
		join := fmt.Sprintf("%d rows withheld because joining this release with the one already in %s would single them out: whoever holds both sees each case "+
			"at the finer of the two generalizations (%s), where their kind holds fewer than k = %d rows", jRows, out, strings.Join(finerNames, ", "), cfg.K)
		if jClasses > 0 {
			join += fmt.Sprintf("; %d more rows in %d classes this left breaking k-anonymity (or the sensitive models) were suppressed whole", jClassRows, jClasses)
		}
		join += fmt.Sprintf(" (%.0f%% of the rows); keeping the previous release's levels where they were finer (its manifest's privacy) releases them",
			100*float64(jRows+jClassRows)/float64(max(kept, 1)))
		if note != "" {
			join = note + "; " + join
		}
		return n + jRows + jClassRows, join, nil
	}
	at := ""
	if len(coarser) > 0 {
		at = fmt.Sprintf(" (compared at the coarser of the two generalizations: %s)", strings.Join(coarser, "; "))
	}
	if shared != "" {
		at += " (" + shared + ")"
	}
	moved := ""
	if g.Moved > 0 {
		moved = fmt.Sprintf("%d rows of the release already in %s are here again with only what time moves changed (an open stay's length_of_stay_band, "+
			"an outcome no longer censored): the same cases, not new ones", g.Moved, out)
	}
	if g.Rows() == 0 {
		if at != "" {
			what := "the generalization differs from the release's"
			if len(coarser) == 0 {
				what = "the columns differ from those of the release"
			}
			note := fmt.Sprintf("%s already in %s: the differencing guard compared the two%s, and no kind of row is new in fewer than k = %d copies", what, out, at, cfg.K)
			if moved != "" {
				note += "; " + moved
			}
			return total(0, note)
		}
		return total(0, moved)
	}
	// The guard may hold back more rows than the suppression limit only for a register that
	// grew (its new cases wait until k of a kind accumulate): refusing that would leave the user
	// allow_differencing or a new folder, both open to differencing. When the previous release's
	// rows are mostly gone too, it is another register's, and comparing the two is not what the
	// user meant. The share is the one the search may suppress to reach k.
	share := func(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }
	over := g.Rows() > int(cfg.SuppressionLimit*float64(kept))
	if err := refuseOther(g, kept, cfg, out); err != nil {
		return 0, "", err
	}
	notice := fmt.Sprintf("%d rows withheld for differencing: each would add a kind of row (all its released values) in fewer than k = %d copies to the release already in %s%s, "+
		"and comparing the two releases would single those cases out; they are released once k of a kind accumulate (the protected tables count them already)", g.Copies, cfg.K, out, at)
	if g.Classes > 0 {
		notice += fmt.Sprintf("; %d more rows in %d classes that this left breaking k-anonymity (or the sensitive models) were suppressed whole", g.ClassRows, g.Classes)
	}
	if over {
		grew := "the register grew by more new cases than the microdata can show yet"
		if g.Closed > 0 {
			grew = "more cases are new or closed their stay since than the microdata can show yet"
		}
		notice += fmt.Sprintf(". That is %.0f%% of the rows, more than suppression_limit %g: %s", share(g.Rows(), kept), cfg.SuppressionLimit, grew)
	}
	if g.Closed > 0 {
		notice += fmt.Sprintf("; %d rows are stays open in the release already in %s and closed since: the same cases, whose closing is new information", g.Closed, out)
	}
	if moved != "" {
		notice += "; " + moved
	}
	return total(g.Rows(), notice)
}

// elapsedSince returns the time an open stay may have aged between the previous release
// (prev, counted up to before) and this one (asOf; bySource per organisation): per
// organisation its own exports' (each organisation's stays are counted up to its own export;
// one whose export was not refreshed has not aged: attack-2026-12-02e finding 5, where
// another organisation's year let a deleted 0-3 stay and a new 6-12 one pass as one case
// ageing), and for rows of no such organisation the least of them. An organisation new to
// this release is left out (its rows are new); without per-organisation dates on either
// side, the releases' own as_of. An organisation's export older than the one the release
// holds is refused: its stays would age backwards.
func elapsedSince(prev *release.Manifest, before, asOf time.Time, bySource map[string]time.Time, out string) (anonymize.Elapsed, error) {
	e := anonymize.Elapsed{All: outcomes.Months(before, asOf)}
	for _, src := range slices.Sorted(maps.Keys(bySource)) {
		from := before
		if p, ok := prev.AsOfBySource[src]; ok {
			if t, err := time.Parse(time.DateOnly, p); err == nil {
				from = t
			}
		} else if len(prev.AsOfBySource) > 0 {
			continue
		}
		if bySource[src].Before(from) {
			return e, fmt.Errorf("%w: the release already in %s counts %s's stays up to %s, later than this run's export of it (extracted: %s, or its last event's date without one): "+
				"an older export run over a newer release? Nothing was written: run the newer export, or write this release to a new folder (--out)",
				ErrDifferencing, out, src, from.Format(time.DateOnly), bySource[src].Format(time.DateOnly))
		}
		m := outcomes.Months(from, bySource[src])
		if e.BySource == nil {
			e.BySource = map[string]float64{}
		}
		e.BySource[src] = m
		e.All = min(e.All, m)
	}
	return e, nil
}

// sameLevel reports whether a quasi-identifier of the previous release was generalized as now.
// A release written before legal_stage joined legal_disposition in the quasi-identifier legal
// (privacy-side-doors6) names it legal_disposition: its exact level released what legal's exact
// level does (legal_stage was released as it was then); its "*" showed a missing disposition as
// "*", which legal's "stage" level leaves empty, so no other level is the same.
func sameLevel(prev, now release.Level) bool {
	if prev.QuasiIdentifier == schema.LegalDisposition && now.QuasiIdentifier == anonymize.LegalQI {
		return prev.Level == 0 && now.Level == 0
	}
	return prev.QuasiIdentifier == now.QuasiIdentifier && prev.Level == now.Level && prev.Level >= 0
}

// errEventsAsCases: an export of events read as a case export.
var errEventsAsCases = errors.New("its columns are those of events after identification (placements, " +
	"services, follow-ups, legal cases: a column of the kind of event beside its dates, or event columns " +
	"and none of a case's attributes): read as a case export, " +
	"each event would count as a case. Name it in the config's sources with events: only (and the " +
	"case export's source; see docs/outcomes.md)")

// eventsAsCases refuses an input read as cases that is an export of events: no row has a case
// attribute (hasCaseAttribute) and some column is an event column. A folder holding a case
// export beside its events (as prevalence synth writes them), run without the config, counted
// every placement, service and follow-up as a victim: 33,311 cases from 18,427.
//
// The long layout (a column of the kind of event beside its dates) is refused even when some
// rows map a case attribute: a case export has no such pair, and an events export renamed so
// that its `match:` missed it (in-rescue-network_events.csv under the cases' pattern) gave a
// few rows a status and replaced the children's records with 5,747 later rows of events.
func eventsAsCases(name string, m *ingest.Mapping, attrs bool, r *ingest.Reader) error {
	if r.Rows() == 0 || (m != nil && m.Events != "") {
		return nil
	}
	unknown := r.UnknownColumns()
	long := slices.ContainsFunc(unknown, func(c string) bool { return eventColumn(c) && !ingest.EventColumn(c) }) &&
		slices.ContainsFunc(unknown, func(c string) bool {
			switch strings.ToLower(strings.ReplaceAll(c, " ", "_")) {
			case "end_date", "enddate", "end_reason", "start_date", "event_date":
				return true
			}
			return false
		})
	if (attrs && !long) || !slices.ContainsFunc(unknown, eventColumn) {
		return nil
	}
	return &ingest.ParseError{File: name, Err: errEventsAsCases}
}

// eventColumn reports whether a column name is one of the events' layouts: wide columns and
// Primero subforms (ingest.EventColumn), and the long layout's kind of event.
func eventColumn(c string) bool {
	if ingest.EventColumn(c) {
		return true
	}
	switch strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r
		}
		return -1
	}, strings.ToLower(c)) {
	case "event", "eventtype":
		return true
	}
	return false
}

// hasCaseAttribute reports whether a row of rec has a value other than the case number, the
// source, identifiers and the majority status every row gets ("unknown" when no age is given).
func hasCaseAttribute(rec arrow.RecordBatch) bool {
	for i, f := range rec.Schema().Fields() {
		switch f.Name {
		case schema.CaseID, schema.Source, schema.MajorityStatus:
			continue
		}
		if sf, ok := schema.Lookup(f.Name); !ok || sf.Role == schema.Identifier {
			continue
		}
		if rec.Column(i).NullN() < int(rec.NumRows()) {
			return true
		}
	}
	return false
}

// nValues says "1 value" or "n values" in a notice.
func nValues(n int) string {
	if n == 1 {
		return "1 value"
	}
	return fmt.Sprintf("%d values", n)
}

// agree picks the word that agrees with a count of n: one when n is 1, else many.
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sheetNumbers finds the case numbers that occur in more than one sheet of a workbook (a
// sheet per shelter numbering its own cases 001, 002, ... merges other children as
// duplicates unless case_id_scope is sheet). It holds seeded hashes of source and number.
type sheetNumbers struct {
	first  map[uint64]string // number -> the first sheet it occurs in
	sheets []string          // the sheets that share a number with another, in order met
	count  int               // numbers met in a second sheet
}

func (s *sheetNumbers) add(rec arrow.RecordBatch, sheet string, seed maphash.Seed) {
	ids := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	src := rec.Column(schema.Index(schema.Source)).(*array.String)
	if s.first == nil {
		s.first = map[uint64]string{}
	}
	var h maphash.Hash
	h.SetSeed(seed)
	for i := 0; i < ids.Len(); i++ {
		if ids.IsNull(i) {
			continue
		}
		h.Reset()
		h.WriteString(src.Value(i))
		h.WriteByte(0)
		h.WriteString(ids.Value(i))
		k := h.Sum64()
		first, ok := s.first[k]
		switch {
		case !ok:
			s.first[k] = sheet
		case first != sheet && first != "":
			s.count++
			s.first[k] = "" // counted once
			for _, sh := range []string{first, sheet} {
				if !slices.Contains(s.sheets, sh) {
					s.sheets = append(s.sheets, sh)
				}
			}
		}
	}
}

// names lists the sheets that share numbers, quoted, at most five.
func (s *sheetNumbers) names() string {
	q := make([]string, 0, 5)
	for i, sh := range s.sheets {
		if i == 5 {
			q = append(q, fmt.Sprintf("and %d more", len(s.sheets)-5))
			break
		}
		q = append(q, strconv.Quote(sh))
	}
	return strings.Join(q, ", ")
}

// noiseKey is the key of the tables' noise (anonymize.TableConfig.NoiseKey), derived from the
// run's secret key with a label of its own (nil without a key, or with the demo's public key:
// a key anyone holds would let them test each candidate count against its noisy one).
func noiseKey(k linkage.Key) []byte {
	if k == nil || string(k) == linkage.DemoKey {
		return nil
	}
	mac := hmac.New(sha256.New, k)
	mac.Write([]byte("prevalence: noise of the protected tables"))
	return mac.Sum(nil)
}

// notLinkedNotices states which records that share a name, date of birth and gender were not
// linked (linkage.NotLinked): each counts as a person, so some people may be counted twice.
func notLinkedNotices(n linkage.NotLinked) []string {
	var out []string
	if w := n.Placeholder + n.Estimated; w > 0 {
		var what []string
		if n.Placeholder > 0 {
			what = append(what, fmt.Sprintf("%d with a placeholder for a name (such as Unknown, N/A, Baby, Child 3)", n.Placeholder))
		}
		if n.Estimated > 0 {
			what = append(what, fmt.Sprintf("%d with a name of one word and a date of birth on 1 January or 1 July, the usual estimate when it is not known", n.Estimated))
		}
		out = append(out, fmt.Sprintf("%d %s a name, date of birth and gender with another record but %s not linked as one person (%s): "+
			"too little to tell one child from another (every boy of a common given name and estimated year would become one); "+
			"each is counted as a person of their own, so a child recorded twice so is counted twice: record full names and known dates of birth to link them",
			w, agree(w, "record shares", "records share"), agree(w, "was", "were"), strings.Join(what, "; ")))
	}
	if n.Common > 0 {
		out = append(out, fmt.Sprintf("%d %s a name, date of birth and gender with another record but %s not linked as one person: "+
			"the date of birth is 1 January or 1 July, the usual estimate when it is not known, and other people of that name and gender are in the input (under another date of birth), "+
			"so the name and the estimated year cannot tell which of them a record is (two-word names of common given names collide so by chance across organisations); "+
			"each is counted as a person of their own, so a child recorded so by two organisations is counted twice: record known dates of birth to link them",
			n.Common, agree(n.Common, "record shares", "records share"), agree(n.Common, "was", "were")))
	}
	if n.Namesakes > 0 {
		out = append(out, fmt.Sprintf("%d %s a name, date of birth and gender with a record of the same organisation under another case number: "+
			"the organisation's case numbers say they are different people, so none of them was linked, "+
			"nor another organisation's record of that name, date of birth and gender (it could be either); "+
			"if the organisation recorded one child twice, merge the two cases in its system",
			n.Namesakes, agree(n.Namesakes, "record shares", "records share")))
	}
	return out
}

// linkNotices states what linkage chose among a person's records: the record kept is the one
// that knows most (linkage.Linker), so the figures do not depend on the order of the inputs,
// but values of the other records that disagree with it, or that it lacks, are not used.
// estimatedBirths ends the near pairs' notices: a birth on 1 January or 1 July is the usual
// estimate of an unknown date, which many children share by chance, so linkage gives such a
// record no near print (linkage.AddScoped) and its pairs are in no count (linkage-merge25 zn's Left).
const estimatedBirths = "Births on 1 January or 1 July (the usual estimate of an unknown date) are not compared: a pair with such a birth is in neither count"

func linkNotices(d linkage.Differing, eventRows int) []string {
	var out []string
	if d.People > 0 {
		var what []string
		for _, c := range []struct {
			n    int
			what string
		}{{d.Status, "trafficking status"}, {d.Province, "province of exploitation"}, {d.Forms, "form of exploitation"}} {
			if c.n > 0 {
				what = append(what, fmt.Sprintf("%d in %s", c.n, c.what))
			}
		}
		out = append(out, fmt.Sprintf("%d linked %s recorded differently by two organisations (%s): "+
			"the release keeps each person's record that knows most (events first, then the most known values; "+
			"between records that know as much, the one whose values' fingerprint sorts first, then the source's name), "+
			"whatever the order of the inputs; check the organisations' records of these people",
			d.People, agree(d.People, "person is", "people are"), strings.Join(what, ", ")))
	}
	if d.Filled > 0 {
		out = append(out, fmt.Sprintf("%d linked %s a province or form of exploitation in another organisation's record "+
			"that the record kept lacks: the kept record's values are counted (a province or form only another record gives is not)",
			d.Filled, agree(d.Filled, "person has", "people have")))
	}
	if d.Events > 0 {
		rows := ""
		if eventRows > 0 {
			rows = fmt.Sprintf(" (the other records' %d %s of events that only repeat events already counted are linked, not used, in the manifest's events)", eventRows, agree(eventRows, "row", "rows"))
		}
		out = append(out, fmt.Sprintf("%d linked %s events (placements, follow-ups, legal cases) under more than one record: "+
			"the events of all their records are counted together under the record kept, as one person's "+
			"(an event two records give, of the same kind and date, once)%s",
			d.Events, agree(d.Events, "person has", "people have"), rows))
	}
	return out
}

// samePlace reports whether the folders a and b are the same one (b may not exist yet).
func samePlace(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, fmt.Errorf("--previous: %w", err)
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, nil
	}
	return os.SameFile(fa, fb), nil
}

// previousWords names the release in dir given with --previous (the guard's words otherwise
// say "the release already in" the output folder, which it is not then).
func previousWords(dir string) string {
	return "the previous release in " + dir + " (--previous)"
}

// namedPrevious rewords the microdata guard's notice for a previous release given with
// --previous: the guard speaks of the release it replaces in the output folder.
func namedPrevious(s, dir string) string {
	return strings.ReplaceAll(s, "the release already in "+dir, previousWords(dir))
}

// namedPreviousErr is namedPrevious for the guard's refusals, whose advice to write to a new
// folder was written already: with --previous, the advice is about the folder named.
func namedPreviousErr(err error, dir string) error {
	if err == nil {
		return nil
	}
	msg := namedPrevious(err.Error(), dir)
	msg = strings.ReplaceAll(msg, "if it is another register's, write this release to a new folder (--out)",
		"if it is another register's, give --previous this register's last release, or leave --previous out")
	msg = strings.ReplaceAll(msg, "run the newer export, or write this release to a new folder (--out)",
		"run the newer export, or give --previous the release of the older one")
	return &rewordedError{msg, err}
}

// rewordedError is an error with other words and the same chain (errors.Is still finds
// ErrDifferencing).
type rewordedError struct {
	msg string
	err error
}

func (e *rewordedError) Error() string { return e.msg }
func (e *rewordedError) Unwrap() error { return e.err }

// placeColumns names the dropped place-like columns for the no-province notice (and the
// status-like ones for the no-status notice): the safe names quoted, the others only counted
// ("the columns "Location" and 2 more whose names are withheld (they could be data)"), with the
// withheld ones' positions at when known ("...; column 7"), so that a user can still map one.
func placeColumns(named []string, places int, at []string) string {
	hidden := places - len(named)
	where := ""
	if s := positionsSaid(at, hidden); s != "" {
		where = "; " + s
	}
	withheld := fmt.Sprintf("%d %s withheld (%s be data%s)", hidden,
		agree(hidden, "more whose name is", "more whose names are"), agree(hidden, "it could", "they could"), where)
	switch {
	case hidden == 0:
		return agree(places, "the column", "the columns") + " " + strings.Join(named, ", ")
	case len(named) == 0:
		return fmt.Sprintf("%d %s withheld (%s be data%s)", hidden,
			agree(hidden, "column whose name is", "columns whose names are"), agree(hidden, "it could", "they could"), where)
	default:
		return "the columns " + strings.Join(named, ", ") + " and " + withheld
	}
}

// byPosition is the end of a hint whose columns include withheld ones at known positions at:
// how to map one ("; a withheld one by its position, "#7""), else "".
func byPosition(at []string) string {
	if len(at) == 0 {
		return ""
	}
	return fmt.Sprintf(" (a withheld one by its position, \"#%s\")", at[0])
}

// checkPrevious refuses a --previous folder (Options.Previous) that cannot be the baseline of
// the guard and the joint audit, before any input is read (attack-2026-12-03a, lows: checked
// after every input, with a quarantine list left beside).
func checkPrevious(opt Options) error {
	if opt.Previous == "" {
		// The release this one replaces is its baseline: verified as --previous is.
		if pm, err := release.ReadManifest(opt.Out); err == nil && pm.Tables != nil {
			return verifyPrevious("the release in the output folder (this run's baseline)", opt.Out, pm)
		}
		return nil
	}
	if same, err := samePlace(opt.Previous, opt.Out); err != nil {
		return err
	} else if !same {
		if _, err := release.ReadManifest(opt.Out); err == nil {
			return fmt.Errorf("%s holds a release already and --previous names another (%s): the guard compares with one release; "+
				"write to a new folder, or leave --previous out to replace the release in %s", opt.Out, opt.Previous, opt.Out)
		}
	}
	pm, err := release.ReadManifest(opt.Previous)
	if err != nil {
		if release.IsPublished(opt.Previous) {
			// Written by --publish: its tables, relations and carried values are all the
			// tables' guard needs (attack-2026-12-03a finding 6); the run says that it holds
			// no microdata to compare (publishedNotice). They are checked against the SHA-256
			// its protections.json states, as a release folder's against its manifest
			// (verifyPrevious); a statement written before it states none (said by the notice).
			if _, err := release.VerifyPublished(opt.Previous); err != nil {
				return fmt.Errorf("--previous: %w: the guard and the joint audit would run against other counts or relations than the folder published; "+
					"restore the file, or give the folder as run --publish wrote it", err)
			}
			return nil
		}
		if _, terr := os.Stat(filepath.Join(opt.Previous, release.TablesDir, release.TablesIndex)); terr == nil {
			return fmt.Errorf("--previous: %s holds published tables but neither a release nor %s (not a folder written by --publish): "+
				"give the release folder (--out) it was published from", opt.Previous, release.ProtectionsFile)
		}
		return fmt.Errorf("--previous: %w", err)
	}
	if pm.Tables == nil {
		return fmt.Errorf("--previous: %s holds no protected tables (a release of an older version, or of anonymize): give the release the organisation published last", opt.Previous)
	}
	return verifyPrevious("--previous", opt.Previous, pm)
}

// verifyPrevious refuses a previous release whose tables or statement of protections differ
// from what its manifest says was written, as check refuses it: the guard and the joint
// audit read its tables and relations, and an edited relations.json still consistent with
// its tables (half its relations removed) let a release through that the true previous one
// exposes (attack-2026-12-05e X8). Only the files the guard reads are hashed (not the
// microdata: a large release's Parquet, and check compares it anyway). A missing carried.json
// is left to its notice (an older version wrote none). The error names the file, never a value.
func verifyPrevious(what, dir string, pm *release.Manifest) error {
	for _, out := range pm.Outputs {
		if !strings.HasPrefix(out.Path, release.TablesDir+"/") && out.Path != release.ProtectionsFile {
			continue
		}
		got, err := release.HashFile(filepath.Join(dir, filepath.FromSlash(out.Path)))
		switch {
		case os.IsNotExist(err) && out.Path == release.TablesDir+"/"+release.TablesCarried:
			// Said by the run's notice that the values it carried are not known.
		case os.IsNotExist(err):
			return fmt.Errorf("%s: %s: %s is missing (release check fails it): the guard and the joint audit need the release as it was written; "+
				"restore the file, or give the release folder the organisation published", what, dir, out.Path)
		case err != nil:
			return fmt.Errorf("%s: %s: %w", what, dir, err)
		case got != out.SHA256:
			return fmt.Errorf("%s: %s: %s has changed since it was written (SHA-256 differs; release check fails it): the guard and the joint audit "+
				"would run against other counts or relations than the release published; restore the file, or give the release folder the organisation published", what, dir, out.Path)
		}
	}
	return nil
}

// publishedNotice says that a previous folder written by --publish holds no microdata: the
// tables are guarded against it, the microdata against nothing.
// unpublishedSince returns the creation time of the last release before this one that may
// have been published, when t's tables were not audited together with it (else ""): the
// previous release's own, when the audit against it took the two apart; the previous
// release's mark, when it carried one (a release refused publication and run again over
// the same folder is "the same data" as the refused one, which proves nothing against the
// publication before it: attack-2026-12-03f finding 1). pm is the previous release's manifest
// (nil: none; a published folder, given with --previous, holds none, so a release audited
// against it carries nothing on).
func unpublishedSince(t *release.TablesProtection, pm *release.Manifest) string {
	if t.Previous == "" || pm == nil || pm.Tables == nil {
		return ""
	}
	if pm.Tables.UnpublishedSince != "" {
		return pm.Tables.UnpublishedSince
	}
	if (!pm.Tables.ProvenWithPrevious() || pm.Tables.ExposedWithPrevious()) && pm.Replaced != nil {
		// Written before the mark: the release it replaced is the one it was apart from.
		return pm.Replaced.CreatedAt.UTC().Format(time.RFC3339)
	}
	if !t.ProvenWithPrevious() || t.ExposedWithPrevious() {
		// Refused (apart, or the previous pattern kept: counts the joint audit knows exposed,
		// or a joint audit over its size budget): a release run again over this folder
		// carries the mark.
		return pm.CreatedAt.UTC().Format(time.RFC3339)
	}
	return ""
}

func publishedNotice(dir string, verified bool) string {
	files := "nor can its tables and relations be verified (its protections.json, written by an older version, states no SHA-256 of them, and a published folder has no manifest to hold them, as a release folder's does): " +
		"an edited copy is guarded against as it stands, so give the release folder when the organisation still has it"
	if verified {
		files = "its tables and relations are those its protections.json states (their SHA-256), which catches a file edited or lost on its own, " +
			"not a copy rewritten whole (the statement is not signed): give the release folder when the organisation still has it"
	}
	return fmt.Sprintf("the previous folder %s was written by run --publish (the files for everyone): the tables are guarded and audited against its tables, "+
		"but it holds no microdata, so this release's microdata (cases/) is not compared with an earlier one; "+
		"if researchers received an earlier release's microdata, run with --previous set to that release's folder instead; %s", dir, files)
}

// pathCity returns the province (ISO 3166-2 code) of a city of geo's gazetteer (geo/cities.go)
// that a local input's file name or its folder's is named for ("Kolkata/cases.csv",
// "dubai-intake.csv"), or a city of the default country country (geo.LookupCityIn:
// "Jalalabad/" under AF), with the city's name as the gazetteer writes it, or "": the name
// whole, then its words one and two at a time, as pathProvince reads provinces.
func pathCity(name, country string) (code, city string) {
	for _, words := range pathWords(name) {
		tries := []string{strings.Join(words, " ")}
		for i := range words {
			if i+1 < len(words) {
				tries = append(tries, words[i]+" "+words[i+1])
			}
			tries = append(tries, words[i])
		}
		for _, t := range tries {
			if len(t) < 4 {
				continue
			}
			if code, ok := geo.LookupCity(t); ok {
				return code, geo.CityName(t)
			}
			// a city of the default country another country's place shares the name of
			// ("Jalalabad/" under AF: attack-2026-12-04a, lows)
			if code, ok := geo.LookupCityIn(country, t); ok && country != "" {
				return code, geo.CityNameIn(country, t)
			}
		}
	}
	return "", ""
}

// pathWords splits a local input's file name (without its extensions) and its folder's name
// into words, in that order, for pathCity and pathProvince; nil for a URL.
func pathWords(name string) [][]string {
	if strings.Contains(name, "://") {
		return nil
	}
	name = filepath.ToSlash(name)
	stem := path.Base(name)
	if i := strings.IndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	var parts [][]string
	for _, part := range []string{stem, path.Base(path.Dir(name))} {
		if part == "." || part == "/" || part == "" {
			continue
		}
		parts = append(parts, strings.FieldsFunc(part, pathSep))
	}
	return parts
}

func pathSep(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' }

// pathCodes returns the ISO 3166-2 codes a local input's file name (without its extensions)
// or its folder's is written with, in that order: two letters, a hyphen or an underscore, and
// one to three letters or digits ("AF-HER", "KH-12", "af-nan", "cases_AF_HER"). Capitals, or
// capitals and digits, are a code wherever they stand; lower case ("her", "in", "up" are words:
// "sign-in-up.csv") only when the pair is the whole name ("af-nan.csv") or its two letters are
// the source's default country ("cases_af_nan.csv" under AF).
func pathCodes(name, country string) []string {
	if strings.Contains(name, "://") {
		return nil
	}
	name = filepath.ToSlash(name)
	stem := path.Base(name)
	if i := strings.IndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	var codes []string
	for _, part := range []string{stem, path.Base(path.Dir(name))} {
		if part == "." || part == "/" || part == "" {
			continue
		}
		// words with the separator that follows each ('\x00' at the end)
		type word struct {
			w   string
			sep rune
		}
		var ws []word
		for i := 0; i < len(part); {
			j := strings.IndexFunc(part[i:], pathSep)
			if j < 0 {
				ws = append(ws, word{part[i:], 0})
				break
			}
			if j > 0 {
				ws = append(ws, word{part[i : i+j], rune(part[i+j])})
			} else if len(ws) > 0 {
				ws[len(ws)-1].sep = ' ' // a run of separators is no code's hyphen
			}
			i += j + 1
		}
		for i := 0; i+1 < len(ws); i++ {
			a, b := ws[i].w, ws[i+1].w
			if len(a) != 2 || !isLetters(a) || len(b) < 1 || len(b) > 3 || !isAlnum(b) || ws[i].sep != '-' && ws[i].sep != '_' {
				continue
			}
			upper := isUpper(a) && strings.ToUpper(b) == b
			whole := len(ws) == 2
			if upper || whole || strings.EqualFold(a, country) {
				codes = append(codes, strings.ToUpper(a+"-"+b))
			}
		}
	}
	return codes
}

func isLetters(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) < 0
}

func isAlnum(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) < 0
}

// isUpper reports whether w is written in capitals ("HER", not "her").
func isUpper(w string) bool { return w != "" && strings.ToUpper(w) == w && strings.ToLower(w) != w }

// pathProvince returns the province (ISO 3166-2 code) that a local input's file name or
// its folder's is named for ("Herat/cases.csv", "khost_cases.csv"), or "": the name whole,
// then its words one and two at a time, each as geo.LookupProvinceAnywhere finds it (a name
// only one country's subdivisions have).
func pathProvince(name, country string) string {
	for _, c := range pathCodes(name, country) {
		// attack-2026-12-04a, lows: "KH-12.csv" (a numeric code), "af-nan.csv" (lower case)
		if code, ok := geo.LookupProvinceAnywhere(c); ok && code == c {
			return code
		}
	}
	for _, words := range pathWords(name) {
		tries := []string{strings.Join(words, " ")}
		for i := range words {
			tries = append(tries, words[i])
			if i+1 < len(words) {
				tries = append(tries, words[i]+" "+words[i+1])
			}
		}
		for i := range words {
			// A province's ISO 3166-2 code ("AF-HER.csv", "cases_AF_HER.csv"), and its
			// part after the country's under the source's default country ("cases_HER.csv"):
			// attack-2026-12-03g finding 6. Capitals only: "her" is a word.
			if i+1 < len(words) && len(words[i]) == 2 && isUpper(words[i]) && isUpper(words[i+1]) {
				tries = append(tries, words[i]+"-"+words[i+1]) // "AF HER" (pathCodes reads "AF-HER")
			}
			if country != "" && len(words[i]) >= 2 && len(words[i]) <= 3 && isUpper(words[i]) && !strings.EqualFold(words[i], country) {
				if code, ok := geo.LookupProvince(country, country+"-"+words[i]); ok {
					return code
				}
			}
		}
		for _, t := range tries {
			if len(t) < 3 {
				continue
			}
			if code, ok := geo.LookupProvinceAnywhere(t); ok && len(code) > 3 {
				return code
			}
		}
	}
	return ""
}
