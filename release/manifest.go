package release

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ManifestName is the manifest's file name inside a release.
const ManifestName = "manifest.json"

// Manifest describes a release: what went in, what came out, and what was protected and how.
type Manifest struct {
	Tool      string    `json:"tool"`
	Version   string    `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	Counts    Counts    `json:"counts"`
	Privacy   Privacy   `json:"privacy"`
	// Tables states the protection of the protected tables (TablesDir); nil in releases
	// without them.
	Tables *TablesProtection `json:"tables,omitempty"`
	Inputs []Input           `json:"inputs"`
	// Events are the inputs of events after identification; nil without any.
	Events  []EventInput `json:"events,omitempty"`
	Outputs []Output     `json:"outputs"`
	// Columns are the columns of the cases, in order: check refuses any other.
	Columns []string `json:"columns,omitempty"`
	// Config is the configuration of the run, as given (the secret key is never part of it).
	Config map[string]any `json:"config,omitempty"`
	// Key says whether a secret key was used (for linkage or pseudonyms): "redacted" or "none".
	Key string `json:"key,omitempty"`
	// Centres names the copy, in the release, of the existing centres its programme report
	// ranks the provinces against (empty when none were given).
	Centres string `json:"centres,omitempty"`
	// Notices are things a reader of the release should know, e.g. unknown input columns that
	// were dropped. They never contain values.
	Notices []string `json:"notices,omitempty"`
	// Partial is the last year of registration that the inputs do not cover whole (nil when
	// they do): the brief's trend leaves it out rather than set part of a year against a
	// whole one.
	Partial *PartialYear `json:"partial_year,omitempty"`
	// PartialFirst is the year one organisation's registrations begin months into while the
	// others' run from before it (nil when none): the trends compare only the years after it,
	// which every organisation covers.
	PartialFirst *PartialYear `json:"partial_first_year,omitempty"`
	// PartialFirstProvinces are the provinces of exploitation (codes, sorted) that the rows of
	// the organisation PartialFirst is of record (nil with no PartialFirst): the centre-gap
	// ranking takes a province's cases a year from that year on only where the organisation
	// records cases (analysis.GapSpec). The manifest only, as PartialFirst.Source: where one
	// organisation works is a fact about it that no published file states as its.
	PartialFirstProvinces []string `json:"partial_first_provinces,omitempty"`
	// Late are every organisation whose registrations begin late (PartialFirst is the latest
	// of them only; nil when none), in the order read: the centre-gap ranking takes each one's
	// provinces' cases a year from its start and draws no trend across it (attack-2026-12-06a
	// A6: Cambodia Safe Haven, beginning in 2022 as the Kolkata police did, was not named, and
	// Phnom Penh's 2023-2025 read 3.8 times its 2020-2022). The manifest only, as
	// PartialFirstProvinces.
	Late []LateOrganisation `json:"late_organisations,omitempty"`
	// AsOf is the day (YYYY-MM-DD) open stays and censored outcomes are counted up to: the
	// latest export date of the event inputs (their extracted:, else the day of the run). The
	// differencing guard of the next release reads it to know how far time can have moved an
	// open stay's band. Empty in releases before it was recorded.
	AsOf string `json:"as_of,omitempty"`
	// AsOfBySource is AsOf per organisation whose events were read (by its source: name):
	// each organisation's stays are counted up to its own export, and the guard lets a stay
	// move only as far as the least time any organisation's export moved (a source whose
	// export was not refreshed has not aged; attack-2026-12-02e finding 5).
	AsOfBySource map[string]string `json:"as_of_by_source,omitempty"`
	// Replaced is the release this one was written over in its folder (nil: none), so that a
	// figure withheld to protect a change since then can be pointed to in that release, by
	// its date (the brief's previousNote).
	Replaced *Replaced `json:"replaced,omitempty"`
}

// Replaced dates the release a release replaced in its folder: its CreatedAt and AsOf (empty
// when it predates as_of), and its Counts (nil in releases before they were recorded), so that
// the brief can say why a count fell since then (records linked, corrected, quarantined or
// removed; attack-2026-12-03a finding 8).
type Replaced struct {
	CreatedAt time.Time `json:"created_at"`
	AsOf      string    `json:"as_of,omitempty"`
	Counts    *Counts   `json:"counts,omitempty"`
	// TotalGiven: whether that release gave its total of cases (TotalGiven of its tables; nil
	// in releases before it was recorded). When it withheld its total and this one prints it,
	// a word that counts fell since would tell which way that withheld total lay (session w's
	// small gap of attack-2026-12-03a finding 8): the brief then says nothing.
	TotalGiven *bool `json:"total_given,omitempty"`
}

// PartialYear is a year of registration the inputs do not cover whole, and why.
type PartialYear struct {
	Year int `json:"year"`
	// Why says how the run knows, after "because": the registrations recorded stop before
	// its December, an export was made during it (its extracted: date), or the release was
	// made before it ended. Never a date of a case.
	Why string `json:"why"`
	// Source names the organisation whose registrations stop months before the year ends
	// (Why then says "one organisation's"), for the organisation that runs the release: the
	// manifest only. The public statement (protections.json) and the reports leave it out:
	// that one organisation registered no case for months, or exported early, is a fact about
	// it that no published table tells, and a reader of the trend needs only the year and why.
	Source string `json:"source,omitempty"`
}

// LateOrganisation is an organisation whose registrations begin at their pace in Month of Year
// while another's run from before it (pipeline's lateStarts).
type LateOrganisation struct {
	Year   int    `json:"year"`
	Month  int    `json:"month"`
	Source string `json:"source"`
	// Provinces are the provinces of exploitation (codes, sorted) its rows record; Alone those
	// of them that no organisation beginning on time records: their cases begin with its.
	Provinces []string `json:"provinces"`
	Alone     []string `json:"alone,omitempty"`
}

// Counts accounts for every input row: Read = Written + Suppressed + Quarantined + Duplicates.
// Duplicates are rows merged into another: a case exported twice by the same source, or (with a
// linkage key) another source's record of a person already released; Linked counts the latter.
type Counts struct {
	Read        int `json:"read"`
	Written     int `json:"written"`
	Suppressed  int `json:"suppressed"`
	Quarantined int `json:"quarantined"`
	Duplicates  int `json:"duplicates"`
	Linked      int `json:"linked"`
	// LinkedWithin counts the rows of Linked linked to a record of their own source (rows
	// without a case number, by name, date of birth and gender), not across sources.
	LinkedWithin int `json:"linked_within_source,omitempty"`
	// Corrected counts the rows of Duplicates that a later export of the same case numbers
	// corrected (another gender or date of birth): the later record kept, the case counted
	// once in its corrected cells.
	Corrected int `json:"corrected,omitempty"`
	// Withheld counts the suppressed rows held back by the differencing guard (see Suppressed).
	Withheld int `json:"withheld_for_differencing,omitempty"`
	// Blank counts the rows skipped because every value in them was empty (a spreadsheet's
	// blank rows, an NDJSON {}): outside Read, as blank lines are, and never a case.
	Blank int `json:"blank,omitempty"`
}

// Balanced reports whether the counts add up.
func (c Counts) Balanced() bool {
	return c.Read == c.Written+c.Suppressed+c.Quarantined+c.Duplicates
}

// Privacy states the protection applied.
type Privacy struct {
	Model              string   `json:"model"`
	K                  int      `json:"k"`
	QuasiIdentifiers   []string `json:"quasi_identifiers"` // release columns, all protected together
	Sensitive          []string `json:"sensitive"`
	SuppressionLimit   float64  `json:"suppression_limit"`
	Levels             []Level  `json:"levels"`
	DroppedIdentifiers []string `json:"dropped_identifiers"`
	// Pseudonymized identifiers are released as FIELD_pseudonym: HMAC-SHA-256 under the run's key.
	Pseudonymized      []string `json:"pseudonymized,omitempty"`
	SmallCellThreshold int      `json:"small_cell_threshold"`
	L                  int      `json:"l,omitempty"`         // l-diversity of Sensitive
	Diversity          string   `json:"diversity,omitempty"` // distinct, entropy or recursive
	C                  float64  `json:"c,omitempty"`         // c of recursive (c,l)-diversity
	T                  float64  `json:"t,omitempty"`         // t-closeness of Sensitive (equal distance)
	// TReference is the distribution of Sensitive (values of several columns joined with "|")
	// over the records where it is recorded, that t-closeness compares each class with: shares,
	// not counts. A missing value is not in it (see SensitiveMissing).
	TReference map[string]float64 `json:"t_reference,omitempty"`
	// SensitiveMissing states how missing sensitive values were treated (MissingRule) whenever
	// l-diversity or t-closeness is claimed.
	SensitiveMissing    string `json:"sensitive_missing,omitempty"`
	Metric              string `json:"metric,omitempty"`
	Method              string `json:"method,omitempty"`
	GeneralizationNotes string `json:"generalization_notes,omitempty"`
	// KMap and PopulationUniqueness are the population models enforced (0: off): every released
	// class matches at least KMap people of the population, and at most a share
	// PopulationUniqueness of the released records are in a class matching one person. The
	// population is the file Population, with its SHA-256; the release does not hold it.
	KMap                 int     `json:"k_map,omitempty"`
	PopulationUniqueness float64 `json:"population_uniqueness,omitempty"`
	Population           string  `json:"population,omitempty"`
	PopulationSHA256     string  `json:"population_sha256,omitempty"`
	// Columns gives the class of every input column of a generic release (`prevalence
	// anonymize`), in input order.
	Columns []ColumnClass `json:"columns,omitempty"`
	// Unprotected are the release columns of the quasi-identifiers that the config's
	// quasi_identifiers left out: released as they are, k does not hold with them (check
	// accepts such a column only when it is listed here and the config narrows).
	Unprotected []string `json:"unprotected_quasi_identifiers,omitempty"`
}

// Column classes, as ARX and sdcMicro name them.
const (
	ClassQuasiIdentifier = "quasi-identifier"
	ClassSensitive       = "sensitive"
	ClassInsensitive     = "insensitive" // kept as is
	ClassDropped         = "identifying (dropped)"
)

// ColumnClass is the class the user gave one input column.
type ColumnClass struct {
	Column string `json:"column"`
	Class  string `json:"class"`
	// Identifier is the kind of identifier the column looks like (package detect), when it does;
	// a released one was allowed explicitly by the user (Allowed).
	Identifier string `json:"looks_like,omitempty"`
	Allowed    bool   `json:"allowed_by_user,omitempty"`
}

// Level is the generalization chosen for one quasi-identifier.
type Level struct {
	QuasiIdentifier string   `json:"quasi_identifier"`
	Columns         []string `json:"columns"`
	Level           int      `json:"level"`
	Name            string   `json:"name"`
	Levels          []string `json:"levels"` // every level's name, finest first
	Protected       bool     `json:"protected"`
}

// Input is one input file.
type Input struct {
	Path        string `json:"path"`
	SHA256      string `json:"sha256"`
	Rows        int    `json:"rows"`
	Written     int    `json:"written"`
	Suppressed  int    `json:"suppressed"`
	Quarantined int    `json:"quarantined"`
	Duplicates  int    `json:"duplicates"`
	Linked      int    `json:"linked"`
	// Blank counts the rows of only empty values, skipped: outside Rows (see Counts.Blank).
	Blank int `json:"blank,omitempty"`
	// SkippedSheets are the sheets of a workbook input that were not read, with their rows:
	// outside Rows, and never skipped unseen.
	SkippedSheets []SkippedSheet `json:"skipped_sheets,omitempty"`
	// Skipped says why the whole input was not read (a form's repeat group beside the main
	// export), with its non-blank rows (header included; its Sheet is empty): outside Rows.
	// An input that could not be read under --keep-going has Skipped too, with Rows 0: the
	// rows it gave before the error are in Rows, quarantined.
	Skipped *SkippedSheet `json:"skipped,omitempty"`
}

// SkippedSheet is a sheet of a workbook input that was not read: its name ("sheet N" when
// its name could be data), its non-blank rows (header included) and why.
type SkippedSheet struct {
	Sheet  string `json:"sheet"`
	Rows   int    `json:"rows"`
	Reason string `json:"reason"`
}

// EventInput accounts for an input of events after identification (placements, follow-ups,
// legal cases; issue 12). For an events export (one row per event) Rows = Used + Quarantined +
// Linked + Duplicates: a row is quarantined when a value is refused or its case number is in no case export;
// linked when its case's record was merged by linkage into another record of the person, whose
// own events are counted (attack-2026-12-01d finding 1). For a
// case export that also carries events (Also: wide columns or subforms), its rows are
// accounted as cases in Inputs, and RefusedEvents counts its rows with a refused event.
type EventInput struct {
	Path        string `json:"path"`
	SHA256      string `json:"sha256"`
	Layout      string `json:"layout"` // events, wide or nested
	Also        bool   `json:"also_cases,omitempty"`
	Rows        int    `json:"rows"`
	Used        int    `json:"used"`
	Quarantined int    `json:"quarantined"`
	Linked      int    `json:"linked,omitempty"`
	// Duplicates counts the rows none of whose events was new: each repeats an event of its case
	// read from an earlier row (of this input or another). In a case export that also carries
	// events (Also), rows whose events all repeat, outside Used's sum.
	Duplicates    int `json:"duplicates,omitempty"`
	RefusedEvents int `json:"refused_events,omitempty"`
	// Blank is the rows of only empty values skipped (a table's formatted blank rows), outside
	// Rows, as Input's.
	Blank int `json:"blank,omitempty"`
	// SkippedSheets are the sheets of a workbook of events that were not read, with their
	// rows, as Input's: outside Rows, and never skipped unseen.
	SkippedSheets []SkippedSheet `json:"skipped_sheets,omitempty"`
}

// Output is one written file, with its path relative to the release folder.
type Output struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
	// For says who may receive the file (AudienceOf): ForEveryone, ForResearchers or
	// ForOrganisation; empty in releases made before the manifest said so.
	For string `json:"for,omitempty"`
}

// Who may receive a file of the release.
const (
	// ForEveryone: the protected tables, the reports rendered from them and the centres the
	// programme report ranks against.
	ForEveryone = "everyone"
	// ForResearchers: under an agreement, like the k-anonymous microdata. The capture
	// histories count people per pattern of organisations from 1 up, unprotected (a pattern
	// seen once says that one person was recorded by exactly those organisations).
	ForResearchers = "researchers"
	// ForOrganisation: the organisation's own account of the rows it must fix (line numbers
	// and reasons, never values), and privacy.json, whose exact counts of records before and
	// after anonymization (records, withheld, classes, class sizes) give back a total the
	// tables withhold or round, and, between two releases, how many cases were added or
	// removed (attack-2026-11-30c finding 6). The manifest's own accounting is as exact.
	ForOrganisation = "organisation"
)

// EarlierKindsFile is where a run keeps the kinds of microdata row earlier releases of its
// series published (pipeline.EarlierKindsFile), for the organisation: it holds rows of other
// generalizations than the microdata beside it, which together single out more than either.
const EarlierKindsFile = "earlier_kinds.json.gz"

// EarlierKindsJSON is EarlierKindsFile as releases before privacy-side-doors18 wrote it
// (uncompressed JSON: 180 KB at 800 rows, a set of 2,224 kinds 0.8 MB at 3,000), still read.
const EarlierKindsJSON = "earlier_kinds.json"

// AudienceOf returns who may receive the release's file at rel (slash-separated).
func AudienceOf(rel string) string {
	switch {
	case strings.HasPrefix(rel, "cases/") || rel == CaptureHistoriesFile:
		return ForResearchers
	case rel == ManifestName || rel == "quarantine.csv" || rel == "events_quarantine.csv" || rel == "privacy.json" || rel == CarriedBoundsFile || rel == EarlierKindsFile || rel == EarlierKindsJSON:
		// The manifest's notices and counts are exact (N case records of ..., rows quarantined
		// per input): the organisation's, so that it can fix its records.
		return ForOrganisation
	}
	return ForEveryone
}

// ReadManifest reads the manifest of the release in dir.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("%s is not a release: %w", dir, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}

// How the noise of noisy tables was drawn (TablesProtection.NoiseDraw).
const (
	// NoiseKeyed: the noise is a function of a secret key and of every count, so that the
	// same data released again gets the same noise and runs cannot be averaged, and data
	// that differs in any count gets new noise for every count.
	NoiseKeyed = "keyed: the same data gets the same noise in every run, so that runs cannot be averaged; data that differs in any count gets new noise for every count"
	// NoiseFresh: each run draws anew: runs of the same data (in other folders) give other
	// noise, and averaging them undoes it.
	NoiseFresh = "fresh: every run draws new noise; runs of the same data can be averaged, so each run spends its budget anew (set a key for keyed noise)"
)

// TablesProtection states how the protected tables were protected and what the audit found.
type TablesProtection struct {
	Tables []string `json:"tables"`
	// Threshold: counts from 1 to Threshold-1 are shown as "<Threshold" (primary suppression).
	Threshold int `json:"threshold"`
	// ProtectionWidth: against an attacker who solves every relation between the published
	// counts of all tables (and the previous release's) by linear programming, every protected
	// count keeps an interval at least this wide.
	ProtectionWidth int `json:"protection_width"`
	// ProtectionRange states the range in words: the interval every protected count keeps.
	ProtectionRange string `json:"protection_range"`
	Secondary       string `json:"secondary"` // how complementary suppression was done
	Primary         int    `json:"primary_counts"`
	SecondaryCounts int    `json:"secondary_counts"`
	// Hidden counts no table prints but the tables bound (e.g. a province's adult women), from
	// 1 to Threshold-1, protected like primary ones.
	HiddenSmall int `json:"hidden_small_counts"`
	// Guarded counts differ from the previous release's by 1 to Threshold-1 and are withheld.
	Guarded  int    `json:"guarded_counts"`
	Previous string `json:"previous,omitempty"` // what the audit compared with
	// PreviousAudit says which audit covered the two releases together (Previous*; empty in
	// manifests written before it was recorded), for the public statement.
	PreviousAudit string `json:"previous_audit,omitempty"`
	// Held says why these tables are the previous release's again, unchanged (PreviousHeld):
	// how many records at least changed since, fewer than Threshold.
	Held string `json:"held,omitempty"`
	// UnpublishedSince is set (the creation time, RFC 3339, of the last release before it
	// that may have been published) when these tables were not audited together with that
	// release's: PreviousAudit is PreviousApart, or the previous release carried the mark
	// and this one was audited against it only. run --publish refuses such a release, so
	// that running the refused command again does not publish it (attack-2026-12-03f
	// finding 1).
	UnpublishedSince string `json:"unpublished_since,omitempty"`
	// JointExposed names the counts (table / labels / column) that the joint audit with the
	// previous release still found narrower than the range when it gave up (PreviousKept):
	// someone who holds both releases narrows them, so run --publish refuses the release
	// (the tester's 20,000-row pair, docs/handover/issue-16-joint.md).
	JointExposed []string `json:"joint_exposed,omitempty"`
	// CountsDigest is a SHA-256 of every count of the printed tables as counted, withheld ones
	// too (the manifest is the organisation's), recorded so that a later run in the folder can
	// tell the same data released again from changes that fell in withheld counts only
	// (attack-2026-12-01f finding 3; not compared yet: docs/handover/issue-16-joint.md).
	CountsDigest string `json:"counts_digest,omitempty"`
	Audit        Audit  `json:"audit"`
	RoundTo      int    `json:"round_to,omitempty"`
	// Epsilon is the discrete Laplace noise's parameter per count; EpsilonTotal the budget of
	// the whole set of tables by sequential composition (Epsilon times the most counts one case
	// adds to, summed over the tables).
	Epsilon      float64 `json:"epsilon,omitempty"`
	EpsilonTotal float64 `json:"epsilon_total,omitempty"`
	// NoiseDraw says how the noise was drawn: NoiseKeyed or NoiseFresh (empty without noise).
	NoiseDraw string `json:"noise_draw,omitempty"`
	// EpsilonReleases bounds the budget of this release and the noisy releases it replaced in
	// its folder together (sequential composition: the previous release's EpsilonReleases, or
	// its EpsilonTotal, plus this one's). Releases in other folders are not known to it.
	EpsilonReleases float64 `json:"epsilon_releases,omitempty"`
	// Organisations are the sources (schema field source) of the records the tables count,
	// at full precision: the microdata withholds some records, and with them perhaps an
	// organisation.
	Organisations []string `json:"organisations,omitempty"`
	Notes         string   `json:"notes"`
}

// Audit is the account of the exact audit of the protected tables.
type Audit struct {
	Method    string `json:"method"`
	Protected int    `json:"protected_counts"`
	Blocks    int    `json:"blocks"`
	Largest   int    `json:"largest_block"`
	// LPs are the linear programs this release's own audit solved (its tables and relations
	// alone, the audit that accepted the pattern); JointLPs those the joint audit over both
	// releases solved, over all its rounds (0: no joint audit, or none run).
	LPs       int     `json:"linear_programs"`
	JointLPs  int     `json:"joint_linear_programs,omitempty"`
	Narrowest float64 `json:"narrowest_width"` // -1 when nothing is protected
	Exposed   int     `json:"exposed"`         // protected counts narrower than the range (0 when accepted)
}

// IsPublished reports whether dir is a folder written by run --publish: no manifest, and the
// protected tables' files (ProtectionsFile and tables/tables.json).
func IsPublished(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
		return false
	}
	for _, f := range []string{ProtectionsFile, filepath.Join(TablesDir, TablesIndex)} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return false
		}
	}
	return true
}
