package pipeline

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/release"
)

// Config is the run's configuration, read from YAML (see ExampleConfig).
type Config struct {
	// K: every released case shares its quasi-identifiers with at least K-1 others.
	K int `yaml:"k"`
	// SuppressionLimit is the share of rows (0..1) that may be withheld to reach K.
	SuppressionLimit float64 `yaml:"suppression_limit"`
	// QuasiIdentifiers to protect (built-in names or their columns); all when empty.
	QuasiIdentifiers []string `yaml:"quasi_identifiers"`
	// Hierarchies replace the built-in generalization of year_of_registration, gender or
	// citizenship with the user's: a YAML file (value: [level 1, level 2, ...]) or ARX's
	// hierarchy CSV, by path relative to the working folder.
	Hierarchies map[string]string `yaml:"hierarchies"`
	// Weights say which quasi-identifiers to keep precise (by QI name; higher keeps more).
	Weights map[string]float64 `yaml:"weights"`
	// Metric the search minimizes: loss (default), discernibility or entropy.
	Metric string `yaml:"metric"`
	// Method: full-domain (default: one level per quasi-identifier for everyone) or mondrian
	// (local recoding: finer where the data allow).
	Method string `yaml:"method"`
	// Sensitive attribute for l-diversity and t-closeness: exploitation (the combination of the
	// five flags), labour_sector, recruiter_relation or retrafficked_within_24m
	// (anonymize.SensitiveAttributes).
	Sensitive string `yaml:"sensitive"`
	// L: every class holds at least L well-represented values of Sensitive (0: off).
	L int `yaml:"l"`
	// Diversity: distinct (default), entropy or recursive; C is recursive (c,l)'s c.
	Diversity string  `yaml:"diversity"`
	C         float64 `yaml:"c"`
	// T: t-closeness of Sensitive (equal distance), 0 < T <= 1 (0: off).
	T float64 `yaml:"t"`
	// Population gives population counts per combination of quasi-identifier values, for k-map
	// and the population-uniqueness threshold, and for risk measured against the population.
	Population *PopulationConfig `yaml:"population,omitempty"`
	// AllowDifferencing turns off the differencing guard. By default a new release at the
	// place of a previous one (same generalization) withholds every row that it would add in
	// fewer than k copies, so that comparing the two releases singles out nobody; and its
	// tables for everyone are the previous release's again while fewer records than the
	// small-cell threshold changed since (anonymize.TableConfig.AllowDifferencing). This
	// turns both off.
	AllowDifferencing bool `yaml:"allow_differencing"`
	// NewLevels searches the best levels anew even where those of the release this one
	// replaces still hold k within the suppression limit (by default they are kept: other
	// levels, joined with that release, show its cases at the finer of the two, and the guard
	// withholds the rows that singles out, or refuses the run past the suppression limit).
	NewLevels bool `yaml:"new_levels"`
	// FileMode is the permission of release files, in octal ("0600", the default: owner only).
	FileMode string `yaml:"file_mode"`
	// Pseudonyms lists identifier fields released as keyed pseudonyms (HMAC-SHA-256 under the
	// secret key) instead of being dropped, e.g. [case_id] to follow cases across releases.
	Pseudonyms []string `yaml:"pseudonyms"`
	// SmallCellThreshold: published counts below it are shown as "<threshold".
	SmallCellThreshold int `yaml:"small_cell_threshold"`
	// ProtectionWidth: every protected count of the tables (a small count, printed or not, or a
	// small change; not the x counts withheld around them) keeps, against an attacker who
	// solves all published tables by linear programming, an interval at least this wide
	// (0: half the threshold; at most threshold-2).
	ProtectionWidth int `yaml:"protection_width"`
	// RoundTo rounds every published count of the tables to a multiple of it (0 or 1: off).
	RoundTo int `yaml:"round_to"`
	// Epsilon adds discrete Laplace noise (differential privacy, epsilon per count) to the
	// tables' counts before suppression (0: off).
	Epsilon float64 `yaml:"epsilon"`
	// Tables are tables to publish besides the standard set: cases by the cross-classification
	// of dims (country, province, gender, majority_status, age_band, year), protected with
	// them.
	Tables []anonymize.DeclaredTable `yaml:"tables"`
	// Strict makes the first invalid row fail the run.
	Strict bool `yaml:"strict"`
	// KeepGoing skips an input that cannot be read (not found, unknown format, broken file),
	// with a notice, instead of failing the run.
	KeepGoing bool `yaml:"keep_going"`
	// CaseIDScope says where a case number identifies one case: "source" (the default: the
	// organisation's numbers never repeat), "file" (numbers restart in each export, e.g. each
	// year: the same number in two files is two cases) or "sheet" (as file, and numbers also
	// restart in each sheet of a workbook, e.g. a sheet per shelter). Either way, records under one number
	// whose gender, date of birth or year of birth (from an age at registration) disagree are kept
	// as two cases, with a notice (ingest.Deduper).
	CaseIDScope string `yaml:"case_id_scope"`
	// MaxBadRows fails the run when more rows than this are quarantined over all inputs; 0
	// allows none. Unset (nil): no limit on the count (MaxBadShare still applies).
	MaxBadRows *int `yaml:"max_bad_rows,omitempty"`
	// MaxBadShare fails the run when more than this share (0..1) of one input's rows is
	// quarantined: a file whose rows are mostly refused has a shape or mapping problem, and a
	// release without them would look like a successful run. Unset (nil): DefaultMaxBadShare;
	// 1 turns the check off.
	MaxBadShare *float64 `yaml:"max_bad_share,omitempty"`
	// Sources map each organisation's export onto the schema; the first match applies.
	Sources []ingest.Mapping `yaml:"sources"`
	// Centres are the existing centres: a CSV file (name, province, capacity, ages, genders;
	// see analysis.ReadCentres) by path relative to the config, or a list of them (see
	// CentresConfig). With them, the release's programme report opens with the provinces ranked
	// by unmet need against them, and the occupancy table says how full residential care is and
	// how many beds Little's law asks for.
	Centres CentresConfig `yaml:"centres,omitempty"`
}

// PopulationConfig is the population: section of the config.
type PopulationConfig struct {
	// File is a CSV (delimiter guessed) with one column per release column of each protected
	// quasi-identifier (year_of_registration, gender, age_band, majority_status, citizenship,
	// country_of_origin, province_of_origin, country_of_exploitation, province_of_exploitation:
	// a place gives its country and province columns, and its district column when the counts
	// are by district), named so, and a column "count": the number of people in
	// the population with those values. Path relative to the working folder.
	File string `yaml:"file"`
	// KMap: every released group of look-alike cases matches at least KMap people of the
	// population (0 or 1: off). With it, k may be 1.
	KMap int `yaml:"k_map"`
	// Uniqueness is the largest share of released cases that may be unique in the population
	// (a group whose population count is 1); 0 = off. With it, k may be 1: with k ≥ 2 (or
	// k_map ≥ 2) no released case is unique in the population.
	Uniqueness float64 `yaml:"population_uniqueness"`
}

// enforced reports whether a population model (k-map or the uniqueness threshold) is on.
func (p *PopulationConfig) enforced() bool {
	return p != nil && (p.KMap > 1 || p.Uniqueness > 0)
}

// DefaultMaxBadShare is the share of an input's rows that may be quarantined when the config
// does not say (max_bad_share).
const DefaultMaxBadShare = 0.10

// maxBadShare returns the configured or default MaxBadShare.
func (c *Config) maxBadShare() float64 {
	if c.MaxBadShare != nil {
		return *c.MaxBadShare
	}
	return DefaultMaxBadShare
}

// Defaults are the settings used when neither config nor flags say otherwise.
var Defaults = Config{K: 5, SuppressionLimit: 0.05, SmallCellThreshold: 10, Weights: DefaultWeights}

// DefaultWeights keep precise what the standard tables are about (where people were exploited,
// their age and gender) and give up citizenship and origin first.
var DefaultWeights = map[string]float64{
	"exploitation": 8, "gender": 8, "age": 4, "year_of_registration": 2, "citizenship": 1, "origin": 1,
}

//go:embed example.yaml
var ExampleConfig string

var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// LoadConfig reads a YAML config from path, over the defaults.
func LoadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	return ParseConfig(path, b)
}

// ParseConfig parses a YAML config named name, over the defaults, and validates it.
func ParseConfig(name string, b []byte) (Config, error) {
	cfg := Defaults
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) { // empty: all defaults
		var te *yaml.TypeError
		if errors.As(err, &te) { // one line per problem, joined: errors are one line
			msgs := make([]string, len(te.Errors))
			for i, m := range te.Errors {
				msgs[i] = unknownField.ReplaceAllString(m, "unknown setting $1")
			}
			return Config{}, fmt.Errorf("%s: %s", name, strings.Join(msgs, "; "))
		}
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	cfg.Centres.dir = filepath.Dir(name)
	return cfg, nil
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	if c.K < 2 && !(c.K == 1 && c.Population.enforced()) {
		return fmt.Errorf("k must be at least 2, got %d (1 only with k-map or a population-uniqueness threshold)", c.K)
	}
	if c.SuppressionLimit < 0 || c.SuppressionLimit > 1 {
		return fmt.Errorf("suppression_limit must be between 0 and 1, got %g", c.SuppressionLimit)
	}
	if c.SmallCellThreshold < 1 {
		return fmt.Errorf("small_cell_threshold must be at least 1, got %d", c.SmallCellThreshold)
	}
	if w := c.ProtectionWidth; w < 0 || (w > 0 && w > c.SmallCellThreshold-2) {
		return fmt.Errorf("protection_width must be from 0 to small_cell_threshold-2 (%d), got %d", max(0, c.SmallCellThreshold-2), w)
	}
	if c.RoundTo < 0 || c.Epsilon < 0 {
		return fmt.Errorf("round_to and epsilon cannot be negative")
	}
	for _, t := range c.Tables {
		if t.Name == "" || len(t.Dims) == 0 {
			return fmt.Errorf("tables: every table needs a name and dims")
		}
		for _, d := range t.Dims {
			if !slices.Contains(anonymize.TableDims, d) {
				return fmt.Errorf("tables: %s: unknown dimension %q (want %s)", t.Name, d, strings.Join(anonymize.TableDims, ", "))
			}
		}
	}
	if c.CaseIDScope != "" && c.CaseIDScope != "source" && c.CaseIDScope != "file" && c.CaseIDScope != "sheet" {
		return fmt.Errorf("case_id_scope must be source, file or sheet, got %q", c.CaseIDScope)
	}
	if _, err := c.caseConfig(); err != nil {
		return err
	}
	if _, err := c.fileMode(); err != nil {
		return err
	}
	for q, w := range c.Weights {
		if _, ok := anonymize.LookupQI(q); !ok || w < 0 {
			return fmt.Errorf("weights: %q is not a quasi-identifier with a weight of 0 or more", q)
		}
	}
	for _, q := range c.QuasiIdentifiers {
		if _, ok := anonymize.LookupQI(q); !ok {
			return fmt.Errorf("quasi_identifiers: %q is not a quasi-identifier of the case schema", q)
		}
	}
	if c.MaxBadRows != nil && *c.MaxBadRows < 0 {
		return fmt.Errorf("max_bad_rows must be at least 0, got %d", *c.MaxBadRows)
	}
	if s := c.maxBadShare(); s < 0 || s > 1 {
		return fmt.Errorf("max_bad_share must be between 0 and 1, got %g", s)
	}
	for i, m := range c.Sources {
		if err := m.Check(); err != nil {
			return fmt.Errorf("sources[%d]: %w", i, err)
		}
		for col, f := range m.Columns {
			if !ingest.KnownField(f) {
				return fmt.Errorf("sources[%d].columns: column %q maps to %q, which is not a field of the case schema", i, col, f)
			}
		}
		for f := range m.Defaults {
			if !ingest.KnownField(f) || f == "drop" {
				return fmt.Errorf("sources[%d].defaults: %q is not a field of the case schema", i, f)
			}
		}
		for f := range m.Values {
			if !ingest.ValueField(f) {
				return fmt.Errorf("sources[%d].values: %q is not a field of the case schema nor of its events", i, f)
			}
		}
		for _, f := range m.Required {
			if !ingest.KnownField(f) || f == "drop" {
				return fmt.Errorf("sources[%d].required: %q is not a field of the case schema", i, f)
			}
		}
	}
	return nil
}

// mapping returns the first source mapping that matches the input called name.
func (c *Config) mapping(name string) *ingest.Mapping {
	for i := range c.Sources {
		if c.Sources[i].Matches(name) {
			return &c.Sources[i]
		}
	}
	return nil
}

// unusedSources returns a notice for each sources: entry that applies to no input (its match
// fits none, or only inputs an earlier entry takes): an export renamed since the config was
// written would otherwise lose its source name, defaults and mappings unseen, and its events
// their cases (attack-2026-12-01 finding 9).
func unusedSources(c *Config, inputs []Input) []string {
	used := make([]bool, len(c.Sources))
	for _, in := range inputs {
		name := ingest.RedactURL(in.Name)
		for i := range c.Sources {
			if c.Sources[i].Matches(name) {
				used[i] = true
				break
			}
		}
	}
	var out []string
	for i, u := range used {
		if u {
			continue
		}
		e := &c.Sources[i]
		what := fmt.Sprintf("match: %q", e.Match)
		if e.Source != "" {
			what += fmt.Sprintf(" (source %q)", e.Source)
		}
		out = append(out, fmt.Sprintf("config: sources entry %d, %s, applies to no input (its match fits no file given, or only files an earlier entry takes): "+
			"its source name, columns, values, defaults and events settings were used for nothing; was an export renamed? make match fit its name", i+1, what))
	}
	return out
}

// caseConfig turns the privacy settings into the anonymizer's.
func (c *Config) caseConfig() (anonymize.CaseConfig, error) {
	cc := anonymize.CaseConfig{K: c.K, SuppressionLimit: c.SuppressionLimit, QuasiIdentifiers: c.QuasiIdentifiers,
		Weights: c.Weights, Sensitive: c.Sensitive, L: c.L, C: c.C, T: c.T}
	for _, qi := range slices.Sorted(maps.Keys(c.Hierarchies)) { // the first error the same each run
		file := c.Hierarchies[qi]
		if strings.HasPrefix(file, "builtin:") {
			return cc, fmt.Errorf("hierarchies: %s: give a YAML or CSV file (the built-in hierarchies apply already)", qi)
		}
		h, _, err := loadHierarchy(qi, file, nil)
		if err != nil {
			return cc, fmt.Errorf("hierarchies: %w", err)
		}
		if cc.Hierarchies == nil {
			cc.Hierarchies = map[string]*anonymize.Hierarchy{}
		}
		cc.Hierarchies[qi] = h
	}
	switch c.Metric {
	case "", "loss":
		cc.Metric = anonymize.Loss
	case "discernibility":
		cc.Metric = anonymize.Discernibility
	case "entropy":
		cc.Metric = anonymize.Entropy
	default:
		return cc, fmt.Errorf("metric must be loss, discernibility or entropy, got %q", c.Metric)
	}
	switch c.Method {
	case "", "full-domain":
		cc.Method = anonymize.FullDomain
	case "mondrian":
		cc.Method = anonymize.Mondrian
	default:
		return cc, fmt.Errorf("method must be full-domain or mondrian, got %q", c.Method)
	}
	switch c.Diversity {
	case "", "distinct":
		cc.Diversity = anonymize.DistinctDiversity
	case "entropy":
		cc.Diversity = anonymize.EntropyDiversity
	case "recursive":
		cc.Diversity = anonymize.RecursiveDiversity
		if c.C <= 0 && c.L > 1 {
			return cc, fmt.Errorf("recursive (c,l)-diversity needs c > 0")
		}
	default:
		return cc, fmt.Errorf("diversity must be distinct, entropy or recursive, got %q", c.Diversity)
	}
	if c.Sensitive != "" {
		if _, ok := anonymize.SensitiveAttributes[c.Sensitive]; !ok {
			return cc, fmt.Errorf("sensitive must be one of %s, got %q", strings.Join(slices.Sorted(maps.Keys(anonymize.SensitiveAttributes)), ", "), c.Sensitive)
		}
	}
	if (c.L > 1 || c.T > 0) && c.Sensitive == "" {
		return cc, fmt.Errorf("l and t need a sensitive attribute (sensitive: exploitation)")
	}
	if p := c.Population; p != nil {
		if p.KMap < 0 {
			return cc, fmt.Errorf("population: k_map must be at least 0, got %d", p.KMap)
		}
		if !(p.Uniqueness >= 0 && p.Uniqueness <= 1) {
			return cc, fmt.Errorf("population: population_uniqueness must be between 0 and 1, got %g", p.Uniqueness)
		}
		if p.File == "" {
			if p.enforced() {
				return cc, fmt.Errorf("population: k_map and population_uniqueness need a file of population counts")
			}
		} else {
			b, err := os.ReadFile(p.File)
			if err != nil {
				return cc, fmt.Errorf("population: %w", err)
			}
			cc.Population, cc.KMap, cc.PopulationUniqueness = b, p.KMap, p.Uniqueness
		}
	}
	if c.T < 0 || c.T > 1 || c.L < 0 {
		return cc, fmt.Errorf("t must be in [0,1] and l at least 0")
	}
	return cc, nil
}

// model describes the privacy models in words, for the manifest and the report.
func (c *Config) model() string {
	m := fmt.Sprintf("%d-anonymity", c.K)
	if c.L > 1 {
		d := c.Diversity
		if d == "" {
			d = "distinct"
		}
		if d == "recursive" {
			m += fmt.Sprintf(", recursive (%g,%d)-diversity of %s", c.C, c.L, c.Sensitive)
		} else {
			m += fmt.Sprintf(", %s %d-diversity of %s", d, c.L, c.Sensitive)
		}
	}
	if c.T > 0 {
		m += fmt.Sprintf(", %g-closeness of %s", c.T, c.Sensitive)
	}
	if p := c.Population; p != nil {
		m += popModel(p.KMap, p.Uniqueness)
	}
	return m
}

// popModel describes the population models in words, to follow the others ("" when off).
func popModel(kMap int, uniqueness float64) string {
	m := ""
	if kMap > 1 {
		m += fmt.Sprintf(", k-map (%d)", kMap)
	}
	if uniqueness > 0 {
		m += fmt.Sprintf(", population uniqueness at most %g", uniqueness)
	}
	return m
}

// popNotes explains, for the manifest, what the population models guarantee and that
// prevalence check cannot recheck them ("" when off).
func popNotes(kMap int, uniqueness float64, file string) string {
	var parts []string
	if kMap > 1 {
		parts = append(parts, fmt.Sprintf("k-map (%d): every released class matches at least %d people of the population in %s", kMap, kMap, file))
	}
	if uniqueness > 0 {
		parts = append(parts, fmt.Sprintf("population uniqueness: at most a share %g of the released records are in a class that matches only one person of the population in %s", uniqueness, file))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + " (population count of a combination: the larger of the file's count and the input's). " +
		"It was verified by the tool when the release was written; the release does not hold the population, " +
		"so prevalence check cannot recheck it."
}

// fileMode parses FileMode; release files must stay readable and writable by their owner.
func (c *Config) fileMode() (os.FileMode, error) {
	if c.FileMode == "" {
		return 0o600, nil
	}
	m, err := strconv.ParseUint(c.FileMode, 8, 32)
	if err != nil || m > 0o777 || m&0o600 != 0o600 {
		return 0, fmt.Errorf("file_mode must be octal permissions that include 0600, got %q", c.FileMode)
	}
	return os.FileMode(m), nil
}

// record renders the config for the manifest, with the names of the YAML file.
func (c *Config) record() map[string]any {
	b, err := yaml.Marshal(c)
	if err != nil {
		return nil
	}
	var m map[string]any
	if yaml.Unmarshal(b, &m) != nil {
		return nil
	}
	// The keys of values: are input values and those of columns: input headers: data, which
	// could be a child's name. values: is recorded with its targets only; a column key only
	// when it reads as a header (detect.SafeLabel). Both keep their YAML types.
	srcs, _ := m["sources"].([]any)
	for _, s := range srcs {
		src, ok := s.(map[string]any)
		if !ok {
			continue
		}
		if vals, ok := src["values"].(map[string]any); ok {
			for field, vocab := range vals {
				vm, _ := vocab.(map[string]any)
				var targets []string
				for _, out := range vm {
					targets = append(targets, fmt.Sprint(out))
				}
				slices.Sort(targets)
				rec := map[string]any{}
				for i, o := range targets {
					rec[fmt.Sprintf("(input value withheld %d)", i+1)] = detect.Label(o, "(withheld)")
				}
				vals[field] = rec
			}
		}
		if cols, ok := src["columns"].(map[string]any); ok {
			keys := make([]string, 0, len(cols))
			for k := range cols {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			out := map[string]any{}
			for i, k := range keys {
				out[detect.Label(k, fmt.Sprintf("(column name withheld %d)", i+1))] = cols[k]
			}
			src["columns"] = out
		}
	}
	return m
}

// setPopulation records the population models of pc, and the population file (name and
// SHA-256 of data, its content), in the manifest's privacy section.
func setPopulation(p *release.Privacy, pc *PopulationConfig, data []byte) {
	if pc == nil || pc.File == "" {
		return
	}
	sum := sha256.Sum256(data)
	p.Population, p.PopulationSHA256 = filepath.Base(pc.File), hex.EncodeToString(sum[:])
	if pc.KMap > 1 {
		p.KMap = pc.KMap
	}
	p.PopulationUniqueness = pc.Uniqueness
	if n := popNotes(pc.KMap, pc.Uniqueness, p.Population); n != "" && p.GeneralizationNotes != "" {
		p.GeneralizationNotes += ". " + n
	} else if n != "" {
		p.GeneralizationNotes = n
	}
}

// populationError names the population file, line and column of pe (never its value).
func populationError(path string, pe *anonymize.PopulationError) error {
	if pe.Column == "" {
		return fmt.Errorf("%s:%d: %w", path, pe.Line, pe.Err)
	}
	return &TableError{File: path, Line: pe.Line, Column: pe.Column, Err: pe.Err}
}
