package release

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ProtectionsFile is the release's public statement of its protections, for everyone: the
// manifest and privacy.json, which account for every input row exactly, are the
// organisation's, so a publisher needs a statement that can travel with the tables.
const ProtectionsFile = "protections.json"

// Protections is the public statement of how a release was protected: the models, the
// thresholds, what was generalized, the noise and rounding, and the rules the tables follow.
// It holds no count of records, rows, cells or classes: a count of withheld cells or rows
// could be 1 to 9, and two releases' counts would difference (how many cases were added). It
// is derived from the manifest alone (ProtectionsOf), so check derives it again and compares.
type Protections struct {
	// No time of creation: the same input gives the same release, byte for byte
	// (pipeline.TestRunIsDeterministic); the manifest says when.
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// For is who may receive this file: everyone.
	For string `json:"for"`
	// Audiences says in words who may receive each part of a release.
	Audiences []string `json:"audiences"`
	// Tables states the protection of the published tables (nil: the release has none).
	Tables *TablesStatement `json:"tables,omitempty"`
	// Microdata states the protection of the k-anonymous microdata (cases/), for researchers.
	Microdata MicrodataStatement `json:"microdata"`
	// PartialYear is the manifest's: the last year of registration the inputs do not cover
	// whole. A published folder has no manifest, and query's trends must not set part of that
	// year against a whole one (the reports already say which year it is, and why).
	PartialYear *PartialYear `json:"partial_year,omitempty"`
	// PartialFirst is the manifest's: the year one organisation's registrations begin months
	// into; the trends compare only the years after it.
	PartialFirst *PartialYear `json:"partial_first_year,omitempty"`
}

// TablesStatement is the public part of TablesProtection: its rules, not its counts.
type TablesStatement struct {
	Tables    []string `json:"tables"`
	CountedBy string   `json:"counted_from"`
	// Threshold: counts from 1 to Threshold-1 are shown as "<Threshold".
	Threshold       int    `json:"threshold"`
	SmallShownAs    string `json:"small_counts_shown_as"`
	WithheldShownAs string `json:"withheld_counts_shown_as"`
	// ProtectionWidth: every protected count (a small count, printed or not, or a small change;
	// not the x counts withheld around them) keeps an interval at least this wide against an
	// attacker who solves every published relation by linear programming.
	ProtectionWidth int    `json:"protection_width"`
	ProtectionRange string `json:"protection_range"`
	Secondary       string `json:"secondary"`
	AuditMethod     string `json:"audit_method"`
	// AuditAccepted: the run's audit found no protected count narrower than the range.
	AuditAccepted bool `json:"audit_accepted"`
	// PreviousRelease: the tables were audited together with the previous release's, and
	// counts that moved by 1 to Threshold-1 were withheld. False when the release replaces
	// another but the two were not proven together (PreviousAudit says what was done).
	PreviousRelease bool `json:"audited_with_previous_release"`
	// PreviousAudit says in words how the release was protected against someone who holds
	// the previous release too (empty: no previous release).
	PreviousAudit string  `json:"previous_release_audit,omitempty"`
	RoundTo       int     `json:"round_to,omitempty"`
	Epsilon       float64 `json:"epsilon_per_count,omitempty"`
	EpsilonTotal  float64 `json:"epsilon_total,omitempty"`
	// NoiseDraw and EpsilonReleases: TablesProtection's.
	NoiseDraw       string  `json:"noise_draw,omitempty"`
	EpsilonReleases float64 `json:"epsilon_releases,omitempty"`
	Notes           string  `json:"notes"`
	// Files is the SHA-256 of every file under tables/ for everyone (tables, relations,
	// carried values), by path: a folder written by run --publish holds no manifest, and
	// given as --previous its tables and relations are what the guard and the joint audit
	// read (VerifyPublished). Not a signature: whoever rewrites the tables can rewrite this
	// too; it catches a file edited or lost on its own. Empty in statements written before it.
	Files map[string]string `json:"files_sha256,omitempty"`
}

// MicrodataStatement is the public part of Privacy: the models and the generalization chosen,
// without the reference distribution (shares of records) or the population file's name.
type MicrodataStatement struct {
	For              string          `json:"for"`
	Model            string          `json:"model"`
	K                int             `json:"k"`
	L                int             `json:"l,omitempty"`
	Diversity        string          `json:"diversity,omitempty"`
	C                float64         `json:"c,omitempty"`
	T                float64         `json:"t,omitempty"`
	Sensitive        []string        `json:"sensitive"`
	SensitiveMissing string          `json:"sensitive_missing,omitempty"`
	QuasiIdentifiers []string        `json:"quasi_identifiers"`
	Unprotected      []string        `json:"unprotected_quasi_identifiers,omitempty"`
	Generalized      []GeneralizedQI `json:"generalization"`
	// GeneralizationHeld says why Generalized is empty in a held release (GeneralizationHeld).
	GeneralizationHeld string        `json:"generalization_held,omitempty"`
	SuppressionLimit   float64       `json:"suppression_limit"`
	Method             string        `json:"method,omitempty"`
	Metric             string        `json:"metric,omitempty"`
	Dropped            []string      `json:"dropped_identifiers"`
	Pseudonymized      []string      `json:"pseudonymized,omitempty"`
	KMap               int           `json:"k_map,omitempty"`
	Uniqueness         float64       `json:"population_uniqueness,omitempty"`
	Notes              string        `json:"notes,omitempty"`
	Columns            []ColumnClass `json:"columns,omitempty"`
}

// GeneralizedQI is the level one quasi-identifier was generalized to, by name.
type GeneralizedQI struct {
	QuasiIdentifier string   `json:"quasi_identifier"`
	Level           string   `json:"level"`
	Levels          []string `json:"levels"`
}

// audienceWords are the audiences in words, as check lists them.
var audienceWords = []string{
	"for everyone: tables/, reports/ and the other report folders for everyone, centres.csv, protections.json",
	"for researchers under an agreement, not for publication: cases/ (the k-anonymous microdata), capture_histories.csv, reports-research/",
	"for the organisation only: manifest.json and privacy.json (exact accounting of every input row), quarantine.csv, events_quarantine.csv",
}

// publicPartial is p without the organisation it names (PartialYear.Source: the manifest's
// only), nil for nil.
func publicPartial(p *PartialYear) *PartialYear {
	if p == nil {
		return nil
	}
	q := *p
	q.Source = ""
	return &q
}

// GeneralizationHeld is the statement's word for the microdata's levels of a held release.
const GeneralizationHeld = "not given while the tables are held (the previous release's again): the levels chosen for the records read since would tell what changed"

// ProtectionsOf returns the public statement of the release described by m.
func ProtectionsOf(m *Manifest) Protections {
	p := m.Privacy
	st := Protections{Tool: m.Tool, Version: m.Version, For: ForEveryone,
		Audiences: audienceWords,
		Microdata: MicrodataStatement{For: ForResearchers, Model: p.Model, K: p.K, L: p.L, Diversity: p.Diversity, C: p.C, T: p.T,
			Sensitive: nonNil(p.Sensitive), SensitiveMissing: p.SensitiveMissing, QuasiIdentifiers: nonNil(p.QuasiIdentifiers),
			Unprotected: p.Unprotected,
			Generalized: []GeneralizedQI{}, SuppressionLimit: p.SuppressionLimit, Method: p.Method, Metric: p.Metric,
			Dropped: nonNil(p.DroppedIdentifiers), Pseudonymized: p.Pseudonymized, KMap: p.KMap,
			Uniqueness: p.PopulationUniqueness, Notes: p.GeneralizationNotes, Columns: p.Columns},
		PartialYear: publicPartial(m.Partial), PartialFirst: publicPartial(m.PartialFirst)}
	levels := p.Levels
	if m.Tables != nil && m.Tables.PreviousAudit == PreviousHeld {
		// Held tables: this run's records chose the levels, and a changed record can move
		// them, telling everyone what the hold keeps (privacy-side-doors37, zy's Left). The
		// researchers read them from cases/ and the manifest.
		levels, st.Microdata.GeneralizationHeld = nil, GeneralizationHeld
	}
	for _, l := range levels {
		st.Microdata.Generalized = append(st.Microdata.Generalized, GeneralizedQI{QuasiIdentifier: l.QuasiIdentifier, Level: l.Name, Levels: nonNil(l.Levels)})
	}
	if t := m.Tables; t != nil {
		st.Tables = &TablesStatement{Tables: nonNil(t.Tables),
			CountedBy:    "the validated, de-duplicated and linked records at full precision, before any generalization",
			Threshold:    t.Threshold,
			SmallShownAs: fmt.Sprintf("<%d", t.Threshold), WithheldShownAs: "withheld (" + SecondaryLabel + " in reports)",
			ProtectionWidth: t.ProtectionWidth, ProtectionRange: t.ProtectionRange, Secondary: t.Secondary,
			AuditMethod: t.Audit.Method, AuditAccepted: t.Audit.Exposed == 0, PreviousRelease: t.Previous != "" && previousProven(t.PreviousAudit),
			PreviousAudit: previousWords[t.PreviousAudit],
			RoundTo:       t.RoundTo, Epsilon: t.Epsilon, EpsilonTotal: t.EpsilonTotal, Notes: t.Notes,
			NoiseDraw: t.NoiseDraw, EpsilonReleases: t.EpsilonReleases}
		for _, o := range m.Outputs {
			if strings.HasPrefix(o.Path, TablesDir+"/") && AudienceOf(o.Path) == ForEveryone {
				if st.Tables.Files == nil {
					st.Tables.Files = map[string]string{}
				}
				st.Tables.Files[o.Path] = o.SHA256
			}
		}
	}
	return st
}

// The audits of a release against the previous one (TablesProtection.PreviousAudit).
const (
	// PreviousJoint: one linear program over both releases accepted the pattern.
	PreviousJoint = "joint"
	// PreviousJointLost: as PreviousJoint, for a register that only lost cases (a published
	// count fell, none rose: a correction), every count at most the previous release's; also
	// a correction whose counts that rose rose by 1 to threshold-1 (withheld by the guard, so
	// that the printed counts show a loss only: people linked across organisations counted
	// from another record once one is removed).
	PreviousJointLost = "joint (cases removed)"
	// PreviousSame: the same data again; the previous pattern was kept whole, so that this
	// release's own audit covers both.
	PreviousSame = "same data"
	// PreviousKept: the joint linear program did not run to the end (over its size budget,
	// or no pattern it accepted was found); every count the previous release withheld stays
	// withheld. Not a proof.
	PreviousKept = "previous pattern kept"
	// PreviousApart: counts rose and others fell (cases were added and removed; before
	// PreviousJointLost: or only fell), or the releases' counts are noisy,
	// rounded or of another threshold; each release's own linear program bounds a change.
	PreviousApart = "apart"
	// PreviousHeld: the previous release's tables published again, unchanged (held): fewer
	// than the threshold of records changed since it (TablesProtection.Held), and printing
	// only the counts that moved told those records' profile (attack-2026-12-06c C0). The
	// two releases together publish what the previous one published.
	PreviousHeld = "held"
)

// ProvenWithPrevious reports whether the tables' protection range holds against someone who
// holds this release and the previous one (true when there was none).
func (t *TablesProtection) ProvenWithPrevious() bool {
	return t.Previous == "" || previousProven(t.PreviousAudit)
}

// previousProven reports whether a release audited against the previous one as a says
// (empty: a manifest written before the audit was recorded, which claimed it) holds its
// range against someone who holds both releases.
func previousProven(a string) bool {
	return a == "" || a == PreviousJoint || a == PreviousJointLost || a == PreviousSame || a == PreviousHeld
}

// previousWords are the public statement's words for each audit against the previous release.
var previousWords = map[string]string{
	PreviousJoint:     "audited together with the previous release, in one linear program over both releases' tables that assumes the register only grew",
	PreviousJointLost: "audited together with the previous release, in one linear program over both releases' tables that assumes the register only lost cases (a correction: no printed count rose)",
	PreviousSame: "the same data as the previous release: its pattern was kept (what it withheld stays withheld, what it published stays published), " +
		"so that the two releases together publish what this one publishes, and this release's audit covers both",
	PreviousKept: "NOT proven together with the previous release (the linear program over both releases was too large, so it did not run, or it ran and found no pattern it accepts within its rounds): " +
		"every count the previous release withheld stays withheld, which keeps the two patterns alike but is not a proof: " +
		"the protection range is proven for this release alone, not for someone who holds both releases",
	PreviousHeld: "the previous release's tables published again, unchanged (held): fewer records than the small-cell threshold changed since, " +
		"and printing the counts that moved would tell those records' profile (withholding only them shows where they are not); " +
		"the two releases together publish what the previous one published, and fresh tables are printed once enough records have changed",
	PreviousApart: "compared with the previous release count by count (counts fell since then, or one of the releases is noisy or rounded): " +
		"a count that moved by 1 to threshold-1 is withheld, and a change of a count withheld in both is bounded by each release's " +
		"linear program taken apart; the protection range is proven for this release alone, not for someone who solves both releases together",
}

// ProtectionsJSON returns the statement of m as the release writes it (indented, with a
// final newline): check compares the file with it byte for byte.
func ProtectionsJSON(m *Manifest) ([]byte, error) {
	return protectionsJSON(ProtectionsOf(m))
}

// protectionsJSONs returns the statements of m that a release may hold: as this version writes
// it, and as versions before partial_year, or before the tables' files_sha256, were stated
// wrote it (check accepts any).
func protectionsJSONs(m *Manifest) ([][]byte, error) {
	st := ProtectionsOf(m)
	sts := []Protections{st}
	if st.PartialYear != nil {
		old := st
		old.PartialYear = nil
		sts = append(sts, old)
	}
	if st.Tables != nil && st.Tables.Files != nil {
		for _, x := range slices.Clone(sts) {
			t := *x.Tables
			t.Files = nil
			x.Tables = &t
			sts = append(sts, x)
		}
	}
	var out [][]byte
	for _, x := range sts {
		b, err := protectionsJSON(x)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// VerifyPublished checks the tables of the folder dir written by run --publish against the
// SHA-256 its protections.json states (TablesStatement.Files), as a release folder's are
// checked against its manifest: it reports whether the statement had them (false: written
// before, nothing to check), and an error naming the file (never a value) when one is missing
// or differs, or when tables/ holds a file for everyone that the statement does not list.
func VerifyPublished(dir string) (bool, error) {
	st, err := ReadProtections(dir)
	if err != nil {
		return false, err
	}
	if st.Tables == nil || len(st.Tables.Files) == 0 {
		return false, nil
	}
	for _, path := range slices.Sorted(maps.Keys(st.Tables.Files)) {
		if !strings.HasPrefix(path, TablesDir+"/") || strings.Contains(path, "..") {
			return true, fmt.Errorf("%s: %s lists %s, not a file of %s/", dir, ProtectionsFile, path, TablesDir)
		}
		got, err := HashFile(filepath.Join(dir, filepath.FromSlash(path)))
		switch {
		case os.IsNotExist(err):
			return true, fmt.Errorf("%s: %s is missing (%s lists it)", dir, path, ProtectionsFile)
		case err != nil:
			return true, fmt.Errorf("%s: %w", dir, err)
		case got != st.Tables.Files[path]:
			return true, fmt.Errorf("%s: %s has changed since it was published (its SHA-256 differs from the one %s states)", dir, path, ProtectionsFile)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, TablesDir))
	if err != nil {
		return true, fmt.Errorf("%s: %w", dir, err)
	}
	for _, e := range entries {
		path := TablesDir + "/" + e.Name()
		if e.IsDir() {
			continue
		}
		if _, ok := st.Tables.Files[path]; !ok && AudienceOf(path) == ForEveryone {
			return true, fmt.Errorf("%s: %s is not among the files %s lists (added since it was published)", dir, path, ProtectionsFile)
		}
	}
	return true, nil
}

func protectionsJSON(st Protections) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<10" as written, not "\u003c10"
	enc.SetIndent("", "  ")
	if err := enc.Encode(st); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ReadProtections reads the public statement of the release or published folder dir.
func ReadProtections(dir string) (*Protections, error) {
	b, err := os.ReadFile(filepath.Join(dir, ProtectionsFile))
	if err != nil {
		return nil, err
	}
	var st Protections
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ProtectionsFile), err)
	}
	return &st, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NotToBePublished reports whether run --publish refuses the release: its tables were not
// proven together with the release it replaces (ProvenWithPrevious: compared apart,
// PreviousApart, or the previous pattern kept, PreviousKept, whether the joint audit ended
// with counts still exposed, ExposedWithPrevious, or was over its size budget and never ran:
// attack-2026-12-04d R15's rest, a release nobody audited together with the publication it
// would stand beside), or it was audited against a release that was itself not published
// (UnpublishedSince). Its reports say so at their head, and report --for advocacy or programme
// refuses it.
func (m *Manifest) NotToBePublished() bool {
	t := m.Tables
	return t != nil && t.Previous != "" && (!previousProven(t.PreviousAudit) || t.UnpublishedSince != "" || t.ExposedWithPrevious())
}

// ExposedWithPrevious reports whether the joint audit with the previous release gave up with
// counts it knows exposed to someone who holds both releases (JointExposed names them; a
// manifest written before it was recorded says so by an exposed count beside PreviousKept):
// publishing the release beside the previous one would publish them.
func (t *TablesProtection) ExposedWithPrevious() bool {
	return t.Previous != "" && (len(t.JointExposed) > 0 || (t.PreviousAudit == PreviousKept && t.Audit.Exposed > 0))
}

// Held reports whether the release's tables are the previous release's again, unchanged
// (PreviousHeld).
func (m *Manifest) Held() bool {
	return m != nil && m.Tables != nil && m.Tables.PreviousAudit == PreviousHeld
}

// TablesThreshold is the small-cell threshold the release's tables print with: counts 1 to
// TablesThreshold-1 are "<TablesThreshold", and every reader that labels, bounds or checks
// them (run's and report's reports, check, query over the tables) takes it from here. It is
// the configured small_cell_threshold, but held tables are the previous release's again,
// printed with its threshold whatever the configuration says now (F9, attack-2026-12-06f:
// "fewer than 11" beside counts printed as "<10"); a raised threshold applies once fresh
// tables print. The microdata (cases/) keep the configured one (Privacy.SmallCellThreshold).
// 0 when the manifest states neither (or there is none).
func (m *Manifest) TablesThreshold() int {
	switch {
	case m == nil:
		return 0
	case m.Held() && m.Tables.Threshold > 0:
		return m.Tables.Threshold
	}
	return m.Privacy.SmallCellThreshold
}
