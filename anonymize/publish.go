package anonymize

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// TableConfig says how the protected tables are protected.
type TableConfig struct {
	Protection
	// RoundTo, when above 1, rounds every published count to the nearest multiple of it (never
	// below the threshold).
	RoundTo int
	// Epsilon, when positive, adds discrete Laplace noise with scale 1/Epsilon to every inner
	// count before suppression; totals are sums of noisy counts.
	Epsilon float64
	// Rand is the source of the noise; crypto/rand when nil. NoiseKey, when set, replaces it.
	Rand io.Reader
	// NoiseKey, when set, draws each count's noise from a stream keyed by it, by every count
	// of the standard tables (noiseSeed; a declared table's own counts too for its noise) and
	// by the count's place (table, row, column; keyedNoise): the same data gets the same noise
	// in every run, whatever tables are declared beside the standard set, so that runs of the
	// same data cannot be averaged, and data that differs in any count gets unrelated noise
	// everywhere. It
	// must be secret (at least 32 random bytes): whoever holds it can test candidate counts
	// against the published noisy ones.
	NoiseKey []byte
	// Context, when set, stops the protection between its audits once cancelled (nil: never).
	Context context.Context
	// Log, when set, hears the progress of the joint audit with the previous release (its
	// linear programs per round: minutes on a large register).
	Log *slog.Logger
	// Declared are the user's tables besides the standard set.
	Declared []DeclaredTable
	// Previous are the protected tables of the release this one replaces (nil: none), and
	// PreviousRelations the relations it recorded between them (nil: none recorded).
	Previous          []*release.Table
	PreviousRelations *release.Relations
	// PreviousCarried are the previous release's carried values (release.TablesCarried): for
	// the counts it withheld, the last value an earlier release printed. The guard compares
	// such a count with it (attack-2026-12-02f finding 1).
	PreviousCarried release.Carried
	// PreviousUncarried: the previous release has no carried values file (an older version's,
	// or the file lost), so the values earlier releases printed of the counts it withheld are
	// not known; the guard bounds them by its own margins (release.CarriedRow.AtMost).
	PreviousUncarried bool
	// PreviousDigest is the previous release's tables.counts_digest (empty: not recorded): a
	// release whose printed counts are all the previous release's is the same data again only
	// when its digest is this one.
	PreviousDigest string
	// PreviousWidth is the previous release's protection width (its tables.protection_width;
	// 0: not known): a held release (heldAgain) states the width its tables were protected with.
	PreviousWidth int
	// PreviousOrganisations are the previous release's tables.organisations (nil: not
	// recorded): a held release (heldAgain) lists them, not this release's, since its tables
	// count the previous release's records (a new organisation's first few cases named it).
	PreviousOrganisations []string
	// MinorsMilitary adds minors in forced military service by province and year
	// (minors-military-by-province-and-year), with its hidden cells, when the set has cases
	// by province and year. Not in the standard set: its hidden cells of province × year ×
	// gender × military service make the audit's largest block too slow (see
	// docs/handover/issue-16-named.md).
	MinorsMilitary bool
	// Outcomes configures the outcome tables (counted from SetOutcome's outcomes).
	Outcomes OutcomeConfig
	// AllowDifferencing prints fresh tables however few records changed since the previous
	// release. By default a release whose counts show that some records changed since the
	// previous release, but fewer than Threshold (changedSince), publishes the previous
	// release's tables again, unchanged (held: heldAgain), until enough changes accumulate:
	// withholding only the counts that moved, and printing every other again, told the
	// changed records' gender, province, year and form (attack-2026-12-06c C0: one girl added,
	// every male, other-province, other-year and other-form count printed again the same).
	// The pipeline sets it from allow_differencing, which turns off the microdata's guard
	// against the same comparison.
	AllowDifferencing bool
	// base is the standard set protected alone (Tables), whose pattern the declared tables
	// are protected around.
	base *ProtectedTables
	// caseTables: the tables before this index count cases, each case at most once in a
	// count; the outcome tables from it on count events and stays (changedSince).
	caseTables int
}

// ProvinceYearsMin is how many times the small-cell threshold a province's cases must be for
// cases-by-province-and-year (in the standard set) to list its years: with the default
// threshold 10, 50 cases. A smaller province's years, each at least 1 when listed, are
// pinned by its published total less its other years (10 cases over seven years leave each
// 1 to 4), and their protection withheld every year's cases and 30-45 s of CPU at 20,000
// synthetic cases; its years are hidden cells of the audit instead.
const ProvinceYearsMin = 5

// listedBefore is the provinces that the previous release's cases-by-province-and-year lists:
// listed once, a province stays listed, so that no row of it vanishes between releases.
func listedBefore(prev []*release.Table) map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, t := range prev {
		if t.Name != ProvinceYearTable {
			continue
		}
		for _, r := range t.Rows {
			if len(r.Labels) == 3 {
				out[[2]string{r.Labels[0], r.Labels[1]}] = true
			}
		}
	}
	return out
}

// ProtectedTables are the tables as they leave the privacy boundary: published counts only.
type ProtectedTables struct {
	Tables     []*release.Table
	Protection release.TablesProtection
	// Relations are the relations between the tables' counts that the audit solved, for
	// check to solve again (release.TablesRelations).
	Relations *release.Relations
	// WithheldNew names the tables new since the previous release (declared ones added to a
	// release of the same data) whose counts are all withheld because they could not be
	// protected around the previous release's pattern (attack-2026-12-02d finding 0).
	WithheldNew []string
	// WithheldDeclared names the declared tables whose counts are withheld (but copies of counts
	// the standard tables print) because they could not be protected around the standard set's
	// pattern protected alone, which they never move (attack-2026-12-04e S5: giving the pattern
	// up let a release of the standard set and one with declared tables, two folders of the
	// same data, give a "<10" count exactly).
	WithheldDeclared []string
	// Carried are, for the counts this release withholds, the last value an earlier release
	// printed (release.TablesCarried), for the guard of the next release.
	Carried release.Carried
}

// Tables counts the standard set of tables and the declared ones from the kept rows at full
// precision, protects them, and returns them with every withheld count erased.
func (c *Collector) Tables(cfg TableConfig) (*ProtectedTables, error) {
	if cfg.Threshold < 1 {
		return nil, fmt.Errorf("anonymize: the small-cell threshold must be at least 1")
	}
	if w := cfg.Width; w < 0 || (w > 0 && w > cfg.Threshold-2) {
		return nil, fmt.Errorf("anonymize: the protection width must be from 0 to threshold-2 (%d), got %d", max(0, cfg.Threshold-2), w)
	}
	// Declared tables never move the standard set's pattern: the standard set is protected
	// alone first, and its pattern kept while the declared tables are protected around it
	// (jointPrev.sameAs), so that a release of the same data without them and one with them
	// print together what the latter prints (attack-2026-12-01 finding 1: two folders, one
	// with README's cases-by-age-and-year, 70 cells of the standard tables apart). With a
	// previous release its pattern is the one kept, when the data did not change.
	var base *ProtectedTables
	if len(cfg.Declared) > 0 && len(cfg.Previous) == 0 && cfg.Epsilon == 0 && cfg.RoundTo <= 1 {
		std := cfg
		std.Declared = nil
		var err error
		if base, err = c.Tables(std); err != nil {
			return nil, err
		}
	}
	f := c.facts()
	keepRows(f, cfg.Previous) // rows whose cases all left stay, as zeros the guard compares
	py := provinceYears{on: true, min: int64(ProvinceYearsMin * cfg.Threshold), listed: listedBefore(cfg.Previous)}
	if cfg.MinorsMilitary {
		py.min = 0 // its rows are the province × year table's, every province's
	}
	s, err := buildTablesYears(f, cfg.Declared, py)
	if err != nil {
		return nil, err
	}
	if cfg.MinorsMilitary && !s.minorsMilitary() {
		return nil, fmt.Errorf("anonymize: minors in military service by province and year need cases by province and year")
	}
	for _, t := range s.tables {
		if !t.Hidden {
			t.Note = strings.TrimSpace(t.Note + victimsNote)
		}
	}
	s.minCell = cfg.Threshold
	s.atRiskTable(c.factsOf(statusAtRisk))
	caseTables := len(s.tables)
	if err := c.outcomeTables(s, cfg.Outcomes); err != nil {
		return nil, fmt.Errorf("anonymize: outcome tables: %w", err)
	}
	cfg.base = base
	cfg.caseTables = caseTables
	out, err := s.protect(cfg)
	if err != nil {
		return nil, err
	}
	if out.Protection.PreviousAudit == release.PreviousHeld {
		return out, nil // the previous release's tables as it published them
	}
	f.unrecordedForms(out.Tables)
	unrecordedDims(out.Tables)
	f.unrecordedAges(out.Tables)
	out.Protection.Organisations = c.organisations()
	return out, nil
}

// organisations returns the distinct sources of the people the tables count, sorted: of the
// kept rows and of the records linked to them (a person two organisations recorded is kept
// once, under one record, but both recorded them).
func (c *Collector) organisations() []string {
	seen := map[string]bool{}
	if col := c.column(schema.Source); col != nil && col.text != nil {
		used := make([]bool, len(col.text.vals))
		for row := range c.rows {
			if why := c.Why(row); why == 0 || why == Linked {
				used[col.text.codes.at(row)] = true
			}
		}
		for code, v := range col.text.vals {
			if code > 0 && used[code] && v != "" {
				seen[v] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// perPerson is how many inner counts of a table one case adds to (totals are sums of them).
func perPerson(t *CountTable) int {
	if n, ok := outcomePerPerson(t); ok {
		return n
	}
	switch t.Name {
	case "exploitation-by-age", "minors-by-exploitation", minorsFormTable:
		return len(t.Rows)
	case "boys-by-province", "girls-by-province":
		return len(t.Counts)
	case "cases-by-year":
		return 1 // its minors column; the other columns are the year table's
	}
	return 1
}

func (s *tableSet) protect(cfg TableConfig) (*ProtectedTables, error) {
	p := cfg.Protection
	p.needs = s.needs
	p.ctx = cfg.Context
	p.log = cfg.Log
	out := &ProtectedTables{}
	pr := &out.Protection
	pr.Threshold, pr.ProtectionWidth = p.Threshold, int(p.width())
	pr.ProtectionRange = protectionRange(p, "")
	pr.RoundTo, pr.Epsilon = cfg.RoundTo, cfg.Epsilon
	links := s.links
	pr.CountsDigest = countsDigest(s.tables)
	if cfg.Epsilon > 0 {
		if err := s.noise(cfg, pr); err != nil {
			return nil, err
		}
		s.noisyOutcomes()
		// Noisy tables add up within themselves only, and only where the noisy counts still
		// do (totals are recomputed from their noisy parts; other relations, such as an
		// outcome table's stages, no longer hold and would make the audit's LP infeasible).
		links = holding(s.tables, links.within())
		links.Les = nil
	}
	compared := 0
	if len(cfg.Previous) > 0 {
		n, err := s.guard(cfg.Previous, cfg.PreviousRelations, cfg.PreviousCarried.Index(), cfg.PreviousUncarried, &p)
		if err != nil {
			return nil, err
		}
		pr.Guarded = len(p.Guarded)
		compared = n
		if !cfg.AllowDifferencing && cfg.Epsilon == 0 && cfg.RoundTo <= 1 {
			if changed := s.changedSince(cfg.Previous, p, cfg.caseTables); changed > 0 && changed < int64(p.Threshold) {
				return heldAgain(cfg, p, n, changed)
			}
		}
		if !cfg.AllowDifferencing && cfg.Epsilon == 0 && cfg.RoundTo <= 1 && !p.noDecoys {
			p.decoyTables = cfg.caseTables
			s.decoys(&p, cfg.caseTables, false)
			pr.Guarded = len(p.Guarded)
		}
		if cfg.Epsilon > 0 && p.joint != nil {
			p.joint, p.jointNote = nil, "this release's counts are noisy: not audited jointly"
		}
	}
	same := p.joint.sameAs(s.tables, &p)
	if same && cfg.PreviousDigest != "" && cfg.PreviousDigest != countsDigest(heldBefore(s.tables, cfg.Previous)) {
		// Every count the previous release printed is unchanged, but counts it withheld moved:
		// not the same data. Its pattern stays, audited jointly (jointPrev.notSame).
		if p.joint.notSame() {
			same = false
		} else {
			p.Kept, p.Shown, same = nil, nil, false
			p.joint, p.jointNote = nil, "the previous release's counts do not satisfy its relations: not audited jointly"
		}
	}
	based := false
	var baseJoint *jointPrev
	if base := cfg.base; base != nil {
		if all, err := base.Relations.Resolve(base.Tables); err == nil {
			baseJoint, _ = s.newJoint(all, base.Relations, p.Threshold, nil)
			based = baseJoint.sameAs(s.tables, &p)
		}
	}
	shrunk := p.joint.keepShrunk(&p)
	start := states(s.tables)
	rep, err := Protect(s.tables, links, p)
	// keepOthers withholds the counts of the tables j's pattern lacks (keepNew), then prints
	// those of each such table that can be protected around it, one table at a time (all of
	// them printed is what failed), and protects the tables so; it returns the names of the
	// tables withheld.
	keepOthers := func(j *jointPrev) ([]string, error) {
		kept, may, held := maps.Clone(p.Kept), maps.Clone(p.MayBeZero), maps.Clone(p.withheld)
		withhold := func(free map[string]bool) []string {
			setStates(s.tables, start)
			p.Kept, p.MayBeZero, p.withheld = maps.Clone(kept), maps.Clone(may), maps.Clone(held)
			return j.keepNew(s.tables, links, &p, free)
		}
		names := withhold(nil)
		if len(names) > 1 {
			free := map[string]bool{}
			for _, name := range names {
				free[name] = true
				withhold(free)
				if _, err := Protect(s.tables, links, p); errors.Is(err, ErrUnprotectable) {
					delete(free, name)
				} else if err != nil {
					return nil, err
				}
			}
			names = withhold(free)
		}
		if len(names) > 0 {
			rep, err = Protect(s.tables, links, p)
		}
		return names, err
	}
	if same && errors.Is(err, ErrUnprotectable) {
		// The same data again, and tables new since the previous release (declared ones
		// added) cannot be protected around its pattern. Giving up that pattern published
		// what the previous release withheld beside what it printed (attack-2026-12-02d
		// finding 0: 93 of 216 "<10" counts narrower than 5 with both releases): the new
		// tables' counts are withheld instead, and the previous pattern stays whole, so that
		// this release's audit covers both. A later release whose data changed is audited
		// jointly with this one and may print them.
		var kerr error
		if out.WithheldNew, kerr = keepOthers(p.joint); kerr != nil && !errors.Is(kerr, ErrUnprotectable) {
			return nil, kerr
		}
		if len(out.WithheldNew) > 0 {
			if errors.Is(err, ErrUnprotectable) {
				return nil, &NewTablesError{Tables: out.WithheldNew, err: err}
			}
			p.joint.note = sameNote + fmt.Sprintf(withheldNewNote, strings.Join(out.WithheldNew, ", "))
		} else {
			// No table is new (the previous release's own pattern cannot be protected again,
			// e.g. a release of an older version): every count it withheld stays withheld
			// (not a proof: previous_audit says so).
			p.Shown, p.joint.note = nil, unprotectableNote
			rep, err = Protect(s.tables, links, p)
		}
	} else if based && !shrunk && errors.Is(err, ErrUnprotectable) {
		// The declared tables cannot be protected around the standard set's pattern: their
		// counts are withheld (each table that can be printed around it is), as tables new
		// to a release of the same data are (keepNew), and the pattern stays. Giving it up
		// moved the standard tables' counts, so that the standard set's release and this
		// one, two folders of the same data, gave a "<10" count by subtraction (20 - 11 - 0:
		// attack-2026-12-04e S5).
		var kerr error
		if out.WithheldDeclared, kerr = keepOthers(baseJoint); kerr != nil && !errors.Is(kerr, ErrUnprotectable) {
			return nil, kerr
		}
		if len(out.WithheldDeclared) == 0 || errors.Is(err, ErrUnprotectable) {
			// Not even so (the standard set's own pattern, as a previous release's may be):
			// given up, as before, and said (Secondary).
			setStates(s.tables, start)
			out.WithheldDeclared, p.Shown, p.Kept, p.MayBeZero, p.withheld, based = nil, nil, nil, nil, nil, false
			rep, err = Protect(s.tables, links, p)
		}
	} else if shrunk && errors.Is(err, ErrUnprotectable) {
		// A register that lost cases: protected alone, and the joint audit's rounds choose
		// what to keep.
		p.Shown, p.Kept, based = nil, nil, false
		rep, err = Protect(s.tables, links, p)
	}
	if err != nil {
		return nil, err
	}
	// A count printed in two tables (the year table and cases-by-year) is withheld in both or
	// in neither: withholding one copy protects nothing, and readers would see both.
	if rep, err = settleTwins(s.tables, links, &p, rep, func() (AuditReport, error) { return Protect(s.tables, links, p) }); err != nil {
		return nil, err
	}
	jointExposed := 0
	// Without complementary suppression (NoSecondary: the tests' control) a register that lost
	// cases gets none from the joint audit either.
	jointAudited := p.joint != nil && !same && !(p.NoSecondary && p.joint.shrink)
	if jointAudited {
		jointExposed, err = s.jointProtect(links, &p, &rep)
		pr.Guarded += p.lateDecoys // a correction's decoys over the budget (keepPrevious)
		if errors.Is(err, errInfeasible) && p.joint.mixed {
			// The falls contradict growth in the printed counts after all (a count that fell
			// below the threshold, "<10" under the previous release's 12; one the printed
			// counts give): someone who holds both sees cases added and removed, and the
			// releases are compared apart, as before.
			p.joint, p.jointNote, jointAudited, err = nil, p.jointNote+" (and the printed counts show it)", false, nil
		} else if errors.Is(err, errInfeasible) {
			// No register that only grew (or only lost cases, as the counts the previous
			// release printed said) gives both releases' counts: the ones it withheld show the
			// other direction (a release of another register of the organisation written into
			// the folder of this one's: 22 cases printed, 20 now, and its "<10" women 10 now).
			// Someone who holds both sees cases added and removed: compared apart, as above,
			// never the LP's error (session zk's rc 1 with no advice).
			p.joint, p.jointNote, jointAudited, err = nil, contradictedNote, false, nil
		} else if err != nil {
			return nil, err
		}
	}
	if len(cfg.Previous) > 0 {
		how := "cell by cell (the previous release recorded no relations)"
		switch {
		case p.joint != nil:
			how = "cell by cell, and " + p.joint.note + p.joint.fellNote()
		case cfg.PreviousRelations != nil:
			how = "cell by cell, and by the previous release's own linear program for the counts it withheld"
			if p.jointNote != "" {
				how += " (" + p.jointNote + ")"
			}
		}
		pr.Previous = fmt.Sprintf("%d counts of %d tables of the previous release, compared %s", compared, len(cfg.Previous), how)
		pr.PreviousAudit = previousAudit(p.joint, same, jointExposed)
		if jointExposed > 0 && p.joint != nil {
			// Known exposed to someone who holds both releases: run --publish refuses the
			// release (release.Manifest.NotToBePublished), naming these.
			pr.JointExposed = exposedNames(s.tables, p.joint.left)
		}
		pr.ProtectionRange = protectionRange(p, pr.PreviousAudit)
	}
	// Protect's last audit accepted the pattern; audit again only when the curves withheld
	// more (the audit of a large block is most of this function's time).
	before := states(s.tables)
	s.applyCurves()
	var exposed []Ref
	if !slices.EqualFunc(before, states(s.tables), slices.Equal) {
		var rep2 AuditReport
		if exposed, _, rep2, err = Audit(s.tables, links, p); err != nil {
			return nil, err
		}
		if rep2.LPs > 0 || rep.LPs == 0 {
			rep = rep2
		}
	}
	pr.Audit = release.Audit{Method: "linear programming over every relation between the tables' counts, with the cells of the finest cross-classification the tables determine as hidden counts " +
		"(tables/relations.json records the relations, so that check solves them again), per block of withheld counts: a warm-started sparse revised simplex, " +
		"checked against gonum's lp.Simplex and against an attack over the finest cross-classification's cells in the tests",
		Protected: rep.Protected, Blocks: rep.Blocks, Largest: rep.Largest, LPs: rep.LPs, JointLPs: p.jointLPs, Narrowest: rep.Narrowest, Exposed: len(exposed) + jointExposed}
	pr.Secondary = "complementary suppression until the audit accepts the pattern"
	if based {
		pr.Secondary += "; the standard tables' pattern is theirs protected alone (declared tables do not move it), and the declared tables' counts are withheld around it"
		if len(out.WithheldDeclared) > 0 {
			pr.Secondary += fmt.Sprintf("; %s could not be protected around it: every count of %s that is not a copy of a standard table's printed count is withheld",
				strings.Join(out.WithheldDeclared, ", "), map[bool]string{true: "it", false: "them"}[len(out.WithheldDeclared) == 1])
		}
	} else if cfg.base != nil {
		pr.Secondary += "; the declared tables could not be protected around the standard tables' pattern protected alone, which was given up: " +
			"a release of the standard tables alone and this one, together, may narrow withheld counts; publish one of them"
	}
	if p.NoSecondary {
		pr.Secondary = "none"
	}
	// The states are final: a withheld count that the printed ones give exactly is printed
	// (attack-2026-12-03d finding 9). Noisy and rounded counts do not add up exactly.
	if cfg.Epsilon == 0 && cfg.RoundTo <= 1 && !p.NoSecondary {
		if given := s.printGiven(links, &p); len(given) > 0 {
			if ok, err := s.stillAccepted(links, p, len(exposed), jointAudited, jointExposed); err != nil {
				return nil, err
			} else if ok {
				pr.Secondary += fmt.Sprintf("; then %d withheld counts that the printed counts give exactly (a total and the other counts it adds up) printed", len(given))
			} else {
				setState(s.tables, given, Secondary)
			}
		}
	}
	for ti, t := range s.tables {
		for ri, row := range t.Rows {
			for ci, st := range row.State {
				switch {
				case st == Primary:
					pr.Primary++
				case st == Secondary && (!p.Guarded[Ref{ti, ri, ci}] || p.joint != nil && p.joint.guarded[Ref{ti, ri, ci}]):
					pr.SecondaryCounts++
				case st == Hidden && p.protected(s.tables, Ref{ti, ri, ci}):
					pr.HiddenSmall++
				}
			}
		}
	}
	s.clearFigures()                                     // the states are final
	atLeast := s.atLeast(cfg.PreviousCarried.Index(), p) // before the values withheld leave
	placed, placedThen := s.placedBefore(cfg.Previous, cfg.PreviousCarried.Index(), p, cfg.RoundTo)
	for _, t := range s.tables {
		if t.Hidden {
			continue
		}
		if cfg.RoundTo > 1 {
			for ri := range t.Rows {
				row := &t.Rows[ri]
				row.Rounded = make([]int64, len(row.Values))
				for ci, v := range row.Values {
					row.Rounded[ci] = round(v, cfg.RoundTo, p.Threshold)
					// The exact count must not leave beside its rounded one (tables.json
					// holds Values).
					row.Values[ci] = row.Rounded[ci]
				}
			}
		}
		t.Mechanism = mechanism(t, cfg, p)
		t.Withhold()
		out.Tables = append(out.Tables, t)
		pr.Tables = append(pr.Tables, t.Name)
	}
	out.Relations = relationsOf(s.tables, links, p.MayBeZero)
	out.Carried = s.carryBounds(release.Carry(out.Tables, cfg.Previous, cfg.PreviousCarried), p.atMost, atLeast, placed, placedThen)
	pr.Notes = tablesNotes(p)
	return out, nil
}

// carryBounds returns c (release.Carry's) with the bounds protect found added (atMost for the
// counts withheld now, atLeast, placed and placedThen), and its tables and rows in the order
// of s's tables: the rows a bound adds were appended in Go's map order, so that the same
// inputs wrote another carried.json and carried_bounds.json (and manifest digest) each run.
func (s *tableSet) carryBounds(c release.Carried, atMost, atLeast map[Ref]int64, placed, placedThen map[Ref][2]int64) release.Carried {
	for _, ref := range slices.SortedFunc(maps.Keys(atMost), cmpRef) {
		t := s.tables[ref.T]
		if !t.Hidden && t.Rows[ref.R].State[ref.C] != Published {
			c = c.SetAtMost(t, t.Rows[ref.R].Labels, ref.C, atMost[ref])
		}
	}
	for _, ref := range slices.SortedFunc(maps.Keys(atLeast), cmpRef) {
		t := s.tables[ref.T]
		c = c.SetAtLeast(t, t.Rows[ref.R].Labels, ref.C, atLeast[ref])
	}
	for _, ref := range slices.SortedFunc(maps.Keys(placed), cmpRef) {
		t, v := s.tables[ref.T], placed[ref]
		c = c.SetPlaced(t, t.Rows[ref.R].Labels, ref.C, v[0], v[1])
	}
	for _, ref := range slices.SortedFunc(maps.Keys(placedThen), cmpRef) {
		t, v := s.tables[ref.T], placedThen[ref]
		c = c.SetPlacedThen(t, t.Rows[ref.R].Labels, ref.C, v[0], v[1])
	}
	// The tables' order, then the rows': a table or row no table of s holds (none is
	// expected) goes last, in the order it came.
	tableAt := func(x release.CarriedTable) int {
		if ti, ok := s.byName[x.Name]; ok && slices.Equal(s.tables[ti].Counts, x.Counts) {
			return ti
		}
		return len(s.tables)
	}
	slices.SortStableFunc(c, func(a, b release.CarriedTable) int { return tableAt(a) - tableAt(b) })
	for i := range c {
		rows := s.rows[c[i].Name]
		rowAt := func(r release.CarriedRow) int {
			if ri, ok := rows[strings.Join(r.Labels, "\x00")]; ok && tableAt(c[i]) < len(s.tables) {
				return ri
			}
			return math.MaxInt
		}
		slices.SortStableFunc(c[i].Rows, func(a, b release.CarriedRow) int { return cmp.Compare(rowAt(a), rowAt(b)) })
	}
	return c
}

// tablesNotes is the manifest's tables.notes.
func tablesNotes(p Protection) string {
	return fmt.Sprintf("Tables are counted from the validated, de-duplicated and linked records at full precision, before any generalization. "+
		"Counts from 1 to %d are shown as <%d; counts shown as %s are withheld so that no protected count (a small count, "+
		"a small count of a cell no table prints but the tables bound, or a change from the previous release) can be placed "+
		"by an attacker in an interval narrower than %d.", p.Threshold-1, p.Threshold, release.SecondaryLabel, p.width())
}

// changedSince returns a lower bound of how many records were added, removed or changed since
// the previous release (prev, as it printed its tables), from this release's counts as
// counted: the largest change of one count of the case tables (before caseTables: a record
// adds at most one to any of their counts, totals included) against the count the previous
// release printed, or, for one it withheld, against the interval its own tables and relations
// leave it (p.Before; 1 to threshold-1 for a "<threshold" count without them); and at least 1
// when any count of any table moved so (an outcome table's: a record may add several events
// to one count, so their changes bound nothing more). Counts the previous release printed
// noisy or rounded, and rows it did not have, are not compared (the bound stays a bound).
func (s *tableSet) changedSince(prev []*release.Table, p Protection, caseTables int) int64 {
	var most int64
	for oi, old := range prev {
		ti, ok := s.byName[old.Name]
		if !ok || s.tables[ti].Hidden || !slices.Equal(old.Counts, s.tables[ti].Counts) {
			continue
		}
		t := s.tables[ti]
		for ori, orow := range old.Rows {
			r, ok := s.rows[t.Name][strings.Join(orow.Labels, "\x00")]
			if !ok || len(orow.Values) != len(orow.State) || orow.Rounded != nil || slices.Contains(orow.Labels, unlistedProvinces) {
				continue
			}
			for ci, st := range orow.State {
				if ci >= len(t.Rows[r].Values) {
					continue
				}
				if eps, _ := prev[oi].NoiseTerms(ori, ci); eps > 0 {
					continue
				}
				v := float64(t.Rows[r].Values[ci])
				var lo, hi float64
				switch st {
				case release.Published:
					lo, hi = float64(orow.Values[ci]), float64(orow.Values[ci])
				case release.Primary, release.Secondary:
					x, ok := p.Before[Ref{ti, r, ci}]
					switch {
					case ok:
						lo, hi = math.Ceil(x.Lo-1e-6), math.Floor(x.Hi+1e-6)
					case st == release.Primary:
						lo, hi = 1, float64(previousThreshold(prev, p.Threshold)-1)
					default:
						continue
					}
				default:
					continue
				}
				d := int64(max(v-hi, lo-v, 0))
				if d > 0 && ti >= caseTables {
					d = 1
				}
				most = max(most, d)
			}
		}
	}
	return most
}

// decoys withholds, beside each count of the case tables that moved by 1 to threshold-1 since
// the previous release printed it (guarded), every other part of each split it is a part of
// (the parts summed on one side of a relation: a row's genders, a column's years) that the
// previous release printed: guarded like the moved one, so that which parts of a split are
// withheld does not tell which of them moved (attack-2026-12-06f F1: 10 boys and 1 girl
// added, the withheld counts were exactly the girl's, and every other was printed again
// unchanged). Their last printed values are carried (release.Carry carries every count
// withheld), so carried.json does not name the moved ones either. It returns how many
// counts it added. A correction's release (the register lost cases) gets them only on the
// joint audit's over-budget path (overBudget: keepPrevious, correction true).
func (s *tableSet) decoys(p *Protection, caseTables int, correction bool) int {
	th := int64(p.Threshold)
	if p.decoy == nil {
		p.decoy = map[Ref]bool{}
	}
	if p.joint != nil && p.joint.shrink && !correction {
		// A correction (the register lost cases): its joint audit solves a loss, where a
		// part withheld beside a moved one only widens what the rounds must settle
		// (TestCorrectionLinkedRecord: "previous pattern kept" with decoys). Over the joint
		// budget nothing is solved, and the previous pattern kept with only the fallen
		// counts withheld told which fell (TestDecoysCorrectionRemovesTheLone): there
		// keepPrevious places them.
		return 0
	}
	inCases := func(r Ref) bool { return r.T < caseTables && !s.tables[r.T].Hidden }
	// A part of a total (a split: a copy of a count in another table is not one) the previous
	// release printed and that did not move needs no decoy:
	// that total printed again says as much (a register that grew added nobody there), and
	// withholding it only spreads: 15 Afghan cases added withheld India's and Cambodia's
	// genders beside their unchanged totals, then those totals and the grand total
	// (repeated-release.txtar).
	pinned := map[Ref]bool{}
	for _, e := range s.links.Eqs {
		for _, sides := range [][2][]Ref{{e.Plus, e.Minus}, {e.Minus, e.Plus}} {
			if len(sides[0]) == 1 && len(sides[1]) >= 2 && p.unmoved[sides[0][0]] {
				for _, r := range sides[1] {
					pinned[r] = true
				}
			}
		}
	}
	added := 0
	for _, e := range s.links.Eqs {
		if slices.ContainsFunc(e.Plus, func(r Ref) bool { return !inCases(r) }) || slices.ContainsFunc(e.Minus, func(r Ref) bool { return !inCases(r) }) {
			continue
		}
		for i, parts := range [][]Ref{e.Plus, e.Minus} {
			if len(parts) < 2 || !slices.ContainsFunc(parts, func(r Ref) bool { return p.movedSmall[r] }) {
				continue
			}
			// Only where the split's total moved by 1 to threshold-1 too (withheld: which of
			// its parts moved is then the question); a total printed after a larger move
			// says that many moved anyway, and decoys there only spread (TestCentreGapsSeries).
			if total := [][]Ref{e.Minus, e.Plus}[i]; !slices.ContainsFunc(total, func(r Ref) bool { return p.movedSmall[r] }) {
				continue
			}
			// Rows of nested labels (country, province): a part is a decoy only beside a moved
			// part of the same table whose labels differ from its own in one place at most (a
			// province beside a province of the same country, a country's total beside
			// another's); the countries' own split hides which country moved. Decoys across
			// countries were given back by their countries' counts (repeated-release.txtar:
			// India's West Bengal boys beside Herat's, then the joint audit past its rounds).
			sibling := func(r Ref) bool {
				labels := s.tables[r.T].Rows[r.R].Labels
				if len(labels) < 2 {
					return true
				}
				for _, m := range parts {
					ml := s.tables[m.T].Rows[m.R].Labels
					if !p.movedSmall[m] || m.T != r.T || len(ml) != len(labels) {
						continue
					}
					differ := 0
					for i := range ml {
						if ml[i] != labels[i] {
							differ++
						}
					}
					if differ <= 1 {
						return true
					}
				}
				return false
			}
			for _, r := range parts {
				t := s.tables[r.T]
				if p.Guarded[r] || pinned[r] || !p.printedBefore[r] || t.Epsilon > 0 || t.Rows[r.R].Values[r.C] < th || !sibling(r) {
					continue
				}
				p.Guarded[r], p.decoy[r] = true, true
				added++
			}
		}
	}
	return added + s.formDecoys(p, inCases, pinned)
}

// formDecoys places decoys among the forms of exploitation, whose rows overlap (a case with
// several forms counts in each) and so are no split of any total the relations name: beside a
// form's count that moved by 1 to threshold-1 (guarded), every other form's count of the same
// column that the previous release printed (10 or more, not pinned), where the register's
// cases moved by 1 to threshold-1 too, as the splits' rule asks of a total. Without them only
// the moved form was withheld (attack-2026-12-07g G6: a girl in forced labour removed beside
// 10 boys in sexual exploitation added: forced labour's minors alone withheld, every other
// form printed again unchanged, told her form). A fall counts as a rise does (movedSmall).
func (s *tableSet) formDecoys(p *Protection, inCases func(Ref) bool, pinned map[Ref]bool) int {
	th := int64(p.Threshold)
	// The register's cases (the year table's total): the forms' counts are of its cases.
	yi, ok := s.byName["cases-by-year-and-gender"]
	if !ok {
		return 0
	}
	years := s.tables[yi]
	grand, c := slices.IndexFunc(years.Rows, func(r CountRow) bool { return r.Total }), slices.Index(years.Counts, "cases")
	if grand < 0 || c < 0 || !p.movedSmall[Ref{yi, grand, c}] {
		return 0
	}
	added := 0
	for _, name := range []string{"exploitation-by-age", "minors-by-exploitation", minorsFormTable} {
		ti, ok := s.byName[name]
		if !ok || !inCases(Ref{ti, 0, 0}) {
			continue
		}
		t := s.tables[ti]
		if t.Epsilon > 0 {
			continue
		}
		for c := range t.Counts {
			moved := false
			for ri, row := range t.Rows {
				moved = moved || !row.Total && p.movedSmall[Ref{ti, ri, c}]
			}
			if !moved {
				continue
			}
			for ri, row := range t.Rows {
				r := Ref{ti, ri, c}
				if row.Total || p.Guarded[r] || pinned[r] || !p.printedBefore[r] || row.Values[c] < th {
					continue
				}
				p.Guarded[r], p.decoy[r] = true, true
				added++
			}
		}
	}
	return added
}

// heldAgain returns the previous release's tables, relations and carried values again,
// unchanged (release.PreviousHeld), for a release whose counts show that at least changed
// records, fewer than the threshold, changed since (changedSince): the next release is
// compared with them, so that changes accumulate until the threshold is reached, as the
// microdata's guard holds rows back until k of a kind accumulate. compared is the guard's
// count of the previous release's counts.
func heldAgain(cfg TableConfig, p Protection, compared int, changed int64) (*ProtectedTables, error) {
	// A copy: the caller's previous tables are not this release's to change.
	b, err := json.Marshal(cfg.Previous)
	if err != nil {
		return nil, err
	}
	out := &ProtectedTables{Relations: cfg.PreviousRelations, Carried: cfg.PreviousCarried}
	if err := json.Unmarshal(b, &out.Tables); err != nil {
		return nil, err
	}
	th := p.Threshold // the hold's: this configuration's
	// The statement is of the tables as they were protected: the previous release's threshold
	// and width, where the configuration changed them since (check audits them so).
	if cfg.PreviousWidth > 0 {
		p.Width = cfg.PreviousWidth
	}
	for _, t := range out.Tables {
		if t.Threshold > 0 {
			p.Threshold = t.Threshold
			break
		}
	}
	pr := &out.Protection
	pr.Threshold, pr.ProtectionWidth = p.Threshold, int(p.width())
	for _, t := range out.Tables {
		pr.Tables = append(pr.Tables, t.Name)
		for _, row := range t.Rows {
			for _, st := range row.State {
				switch st {
				case release.Primary:
					pr.Primary++
				case release.Secondary:
					pr.SecondaryCounts++
				}
			}
		}
	}
	pr.CountsDigest = cfg.PreviousDigest // the counts these tables were printed from
	pr.Organisations = slices.Clone(cfg.PreviousOrganisations)
	pr.Held = fmt.Sprintf("at least %s and fewer than %d changed since the previous release (a change of one count shows it): its tables are published again, unchanged, "+
		"because printing the counts that moved (and every other again) would tell those records' profile; fresh tables are printed once %d records have changed since the release that last printed them",
		agreeN(changed, "record", "records"), th, th)
	switch {
	case p.Threshold < th:
		// attack-2026-12-06f F9: said where the user reads, not left to the threshold stated.
		pr.Held += fmt.Sprintf("; those tables were protected with a small-cell threshold of %d, not this configuration's %d, "+
			"so the counts of %s they print stay printed until fresh tables are", p.Threshold, th, valuesFrom(p.Threshold, th-1))
	case p.Threshold > th:
		pr.Held += fmt.Sprintf("; those tables were protected with a small-cell threshold of %d, not this configuration's %d", p.Threshold, th)
	}
	pr.Previous = fmt.Sprintf("%d counts of %d tables of the previous release, compared cell by cell: %s", compared, len(cfg.Previous), pr.Held)
	pr.PreviousAudit = release.PreviousHeld
	pr.ProtectionRange = protectionRange(p, pr.PreviousAudit)
	pr.Secondary = "the previous release's, with its tables (held)"
	pr.Audit = release.Audit{Method: "not run again: the previous release's tables and relations (tables/relations.json), which its audit accepted and check solves again"}
	pr.Notes = tablesNotes(p)
	return out, nil
}

// agreeN is n with the noun's singular or plural.
func agreeN(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

// previousAudit names the audit that covered this release and the previous one (j: the
// joint audit's previous release, nil when the releases were compared apart; same: the same
// data again; exposed: what the joint audit still found when it gave up).
// contradictedNote says why a joint audit the previous release's printed counts chose fell
// back to comparing the releases apart.
const contradictedNote = "counts rose and others fell since the previous release (cases were added and removed, some where it withheld them: " +
	"no register that only grew, or only lost cases, gives both releases' counts): the releases are compared count by count, " +
	"and a change between them is bounded by the two releases' intervals taken apart, not jointly"

func previousAudit(j *jointPrev, same bool, exposed int) string {
	switch {
	case j == nil:
		return release.PreviousApart
	case same && strings.HasPrefix(j.note, sameNote):
		return release.PreviousSame
	case !same && !strings.HasPrefix(j.note, keptNote) && exposed == 0 && j.shrink:
		return release.PreviousJointLost
	case !same && !strings.HasPrefix(j.note, keptNote) && exposed == 0:
		return release.PreviousJoint
	}
	return release.PreviousKept
}

// protectionRange states the range in words, with what it covers of the previous release (a
// release.Previous* audit; empty: none). It promises the range against someone who holds both
// releases only when an audit of both proved it (attack-2026-12-01b finding 3: the statement
// promised it over the joint audit's budget, where the previous pattern was only kept).
func protectionRange(p Protection, previous string) string {
	over := "over everything the release's tables publish (every table, total and relation, with the cells of the finest cross-classification they determine)"
	// The labels' exception covers the hidden cells those counts determine too: the events
	// between two points of a curve whose printed counts are all <10 are placed by the labels
	// alone in [1, 5] (privacy-side-doors28's LP), as the audit's baseline (labelLinks) allows;
	// the promise said so of the printed counts only (privacy-side-doors29).
	small := fmt.Sprintf("a count shown as <%d stays among at least %d consecutive values (or among all the values its label allows, when the labels alone leave fewer: "+
		"n counts shown as <%d under a total shown as <%d are each among 1 to %d-n), and so does a small count no table prints "+
		"(or among all the values the labels alone leave it, when those are fewer: a difference of counts shown as <%d, such as a curve's events between two of its points)",
		p.Threshold, p.width()+1, p.Threshold, p.Threshold, p.Threshold, p.Threshold)
	change := fmt.Sprintf("a change of 1 to %d since the previous release stays among at least %d; "+
		"but a count the previous release printed and this one withholds (one that moved by 1 to %d, or a count withheld beside it so that which moved is not told) "+
		"keeps only whether it moved unknown: its interval holds the value printed and another, or is at least %d wide (the size of a move of 1 to %d is not hidden)",
		p.Threshold-1, p.width()+1, p.Threshold-1, p.width(), p.Threshold-1)
	// The width binds primary counts, hidden small ones and changes, not the complements
	// withheld around them (tau-Argus's protection intervals are for primary cells; attack-2026-12-06f F7).
	head := fmt.Sprintf("For every protected count (a count shown as <%d, a small count no table prints, and a change of 1 to %d since a previous release; "+
		"not a count shown as %s, withheld to protect these, which may be placed in a narrower interval), the smallest interval",
		p.Threshold, p.Threshold-1, release.SecondaryLabel) + " [lo, hi] that anyone can place it in by linear programming " + over
	switch previous {
	case "", release.PreviousJoint, release.PreviousJointLost, release.PreviousSame, release.PreviousHeld:
		return fmt.Sprintf("%s, and over the previous release's tables, has hi - lo >= %d: %s, and %s.", head, p.width(), small, change)
	case release.PreviousKept:
		return fmt.Sprintf("%s has hi - lo >= %d: %s. This is not proven against someone who also holds the previous release and solves both together: "+
			"the audit over both releases did not run to the end, and every count the previous release withheld stays withheld instead.", head, p.width(), small)
	}
	return fmt.Sprintf("%s has hi - lo >= %d: %s, and %s by each release's linear program taken apart (the releases were not solved together).",
		head, p.width(), small, change)
}

// holding returns the equations of l that the counts of ts satisfy.
func holding(ts []*CountTable, l Links) Links {
	sum := func(rs []Ref) (s int64) {
		for _, r := range rs {
			s += ts[r.T].Rows[r.R].Values[r.C]
		}
		return s
	}
	out := Links{Les: l.Les}
	for _, e := range l.Eqs {
		if sum(e.Plus) == sum(e.Minus) {
			out.Eqs = append(out.Eqs, e)
		}
	}
	return out
}

// mechanism states how the counts of t were protected.
func mechanism(t *CountTable, cfg TableConfig, p Protection) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Counts from 1 to %d are shown as <%d.", p.Threshold-1, p.Threshold)
	if len(cfg.Previous) > 0 {
		// A re-release withholds counts that moved by fewer than the threshold: the line under
		// each table said only "from totals or other tables" (issue-16-shares8.md's read (d)).
		fmt.Fprintf(&b, " Counts shown as %s are withheld so that no such count, and no change of fewer than %d since the release this one replaces, can be worked out, to within %d, from totals, other tables or that release's tables.", release.SecondaryLabel, p.Threshold, p.width())
	} else {
		fmt.Fprintf(&b, " Counts shown as %s are withheld so that no such count can be worked out, to within %d, from totals or other tables.", release.SecondaryLabel, p.width())
	}
	if cfg.Epsilon > 0 {
		eps := strconv.FormatFloat(cfg.Epsilon, 'g', -1, 64)
		fmt.Fprintf(&b, " Differential privacy: discrete Laplace noise with scale 1/ε (ε = %s per count) was added before suppression", eps)
		if n := perPerson(t); n > 1 {
			fmt.Fprintf(&b, "; a case adds to at most %d counts of this table, so the table is %s-differentially private", n, strconv.FormatFloat(cfg.Epsilon*float64(n), 'g', 4, 64))
		}
		b.WriteString("; a count the noise took below 0 is shown as 0 and the other counts of its column lowered by as much in turn, so that totals, sums of the noisy counts, are not biased upwards.")
	}
	if cfg.RoundTo > 1 {
		fmt.Fprintf(&b, " Published counts are rounded to the nearest multiple of %d, so totals may not add up.", cfg.RoundTo)
	}
	return b.String()
}

// noise adds discrete Laplace noise to every inner count of the printed tables (tables that
// repeat another's counts copy its noisy ones, so no count is noised twice) and recomputes
// the totals from the noisy counts, so that tables still add up. The budget is accounted by
// sequential composition over the tables.
func (s *tableSet) noise(cfg TableConfig, pr *release.TablesProtection) error {
	rnd := cfg.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	within := s.links.within()
	ts := s.tables
	pr.NoiseDraw = release.NoiseFresh
	var seed []byte
	// The standard set's noise is keyed by its own counts, a declared table's by those and
	// its own: declaring one more table for the same data leaves every other count's noise as
	// it was (attack-2026-12-01e finding 8: one more table redrew every standard count, a
	// second draw to average).
	declared := map[string]bool{}
	for _, d := range cfg.Declared {
		if d.Name != ProvinceYearTable {
			declared[d.Name], declared[d.Name+"-finest"] = true, true
		}
	}
	if cfg.NoiseKey != nil {
		var std []*CountTable
		for _, t := range ts {
			if !declared[t.Name] {
				std = append(std, t)
			}
		}
		pr.NoiseDraw, seed = release.NoiseKeyed, noiseSeed(cfg.NoiseKey, std)
	}
	for _, t := range ts {
		if t.Hidden {
			continue
		}
		tseed := seed
		if seed != nil && declared[t.Name] {
			tseed = noiseSeed(seed, []*CountTable{t})
		}
		pr.EpsilonTotal += cfg.Epsilon * float64(perPerson(t))
		t.Epsilon = cfg.Epsilon
		noisy := map[int][]int{} // column -> its noised rows, in order
		for ri := range t.Rows {
			row := &t.Rows[ri]
			row.Noise = make([]int, len(row.Values))
			for ci := range row.Values {
				if row.Total || t.TotalCols[ci] || (t.Name == "cases-by-year" && ci < 3) || t.Name == "minors-by-exploitation" {
					continue
				}
				src := rnd
				if tseed != nil {
					src = keyedNoise(tseed, t.Name, row.Labels, ci, cfg.Epsilon)
				}
				z, err := Noise(src, cfg.Epsilon)
				if err != nil {
					return err
				}
				row.Values[ci] += z // may be below 0 until nonNegative
				row.Noise[ci] = 1
				noisy[ci] = append(noisy[ci], ri)
			}
		}
		for ci, rows := range noisy {
			col := make([]int64, len(rows))
			for i, ri := range rows {
				col[i] = t.Rows[ri].Values[ci]
			}
			for i, v := range nonNegative(col) {
				t.Rows[rows[i]].Values[ci] = v
			}
		}
	}
	for pass := 0; pass < 8; pass++ {
		for _, e := range within.Eqs {
			if len(e.Plus) != 1 || !isTotal(ts, e.Plus[0]) {
				continue
			}
			var sum int64
			terms := 0
			for _, x := range e.Minus {
				sum += ts[x.T].Rows[x.R].Values[x.C]
				if n := ts[x.T].Rows[x.R].Noise; n != nil {
					terms += n[x.C]
				}
			}
			x := e.Plus[0]
			ts[x.T].Rows[x.R].Values[x.C] = sum
			if n := ts[x.T].Rows[x.R].Noise; n != nil {
				n[x.C] = terms
			}
		}
	}
	// The repeated counts.
	if yi, ok := s.byName["cases-by-year-and-gender"]; ok {
		if ci, ok := s.byName["cases-by-year"]; ok {
			for ri := range ts[ci].Rows {
				copy(ts[ci].Rows[ri].Values[:3], ts[yi].Rows[ri].Values[:3])
				copy(ts[ci].Rows[ri].Noise[:3], ts[yi].Rows[ri].Noise[:3])
			}
		}
	}
	if fi, ok := s.byName["exploitation-by-age"]; ok {
		if mi, ok := s.byName["minors-by-exploitation"]; ok {
			for ri := range ts[mi].Rows {
				ts[mi].Rows[ri].Values[0] = ts[fi].Rows[ri].Values[1]
				ts[mi].Rows[ri].Noise[0] = ts[fi].Rows[ri].Noise[1]
			}
		}
	}
	return nil
}

// nonNegative makes noisy counts publishable (not below 0) without moving their sum: a count
// below 0 becomes 0 and the positive counts are lowered by one in turn, in order, by as much.
// Clipping alone raised every total and the brief's headline (attack-2026-12-01e finding 9:
// 330 published as 338-358 under five keys, a "0" cell's clipped noise adding about 0.43 at
// ε = 1); this keeps each column's sum at its noisy sum, whose noise has mean 0 (unless that
// sum is below 0: then all are 0). It reads only noisy counts: post-processing, no budget.
func nonNegative(y []int64) []int64 {
	var sum, pos int64
	x := make([]int64, len(y))
	for i, v := range y {
		sum += v
		x[i] = max(0, v)
		pos += x[i]
	}
	for excess := pos - max(0, sum); excess > 0; {
		for i := range x {
			if x[i] > 0 && excess > 0 {
				x[i]--
				excess--
			}
		}
	}
	return x
}

// guard compares the tables with the previous release's (prev, and its relations rel when it
// recorded them) and sets p's guards:
//   - Guarded: counts that differ from the previous release's published count of the same
//     table, row and column by 1 to threshold-1 (either way: a deleted case counts too), or,
//     from any value an earlier release printed (carried: attack-2026-12-02f finding 1, July
//     31, September withheld, November 32; 12-03a finding 1b, Herat 30, 42, 32), and
//     counts now 0 that the previous release showed as small ("<threshold": the cases it held
//     left, which a published 0 would tell). They are withheld and protected like small
//     counts.
//   - MayBeZero: counts the previous release showed as small; withheld now, they may be 0.
//   - Before: for counts the previous release withheld, the interval its published counts and
//     relations place them in (the previous release's own linear program), so that the
//     audit bounds the change of a count withheld in both releases too.
//
// It returns how many previous counts it compared.
func (s *tableSet) guard(prev []*release.Table, rel *release.Relations, carried release.CarriedIndex, uncarried bool, p *Protection) (int, error) {
	threshold := p.Threshold
	p.Guarded, p.MayBeZero, p.Before, p.atMost = map[Ref]bool{}, map[Ref]bool{}, map[Ref]Interval{}, map[Ref]int64{}
	p.printedBefore, p.movedSmall, p.unmoved = map[Ref]bool{}, map[Ref]bool{}, map[Ref]bool{}
	p.printedAt, p.fullNeed, p.decoy = map[Ref]int64{}, map[Ref]bool{}, map[Ref]bool{}
	before := map[Ref]Ref{} // this release's count -> the previous release's
	compared := 0
	for oi, old := range prev {
		ti, ok := s.byName[old.Name]
		if !ok || s.tables[ti].Hidden || !slices.Equal(old.Counts, s.tables[ti].Counts) {
			continue
		}
		t := s.tables[ti]
		for ori, orow := range old.Rows {
			r, ok := s.rows[t.Name][strings.Join(orow.Labels, "\x00")]
			if !ok || len(orow.Values) != len(orow.State) {
				continue
			}
			for ci, st := range orow.State {
				if ci >= len(t.Rows[r].Values) {
					continue
				}
				compared++
				v := t.Rows[r].Values[ci]
				ref := Ref{ti, r, ci}
				// Both counts noisy: their change is the cases' change plus the difference of
				// two noise draws, and what it tells of the few cases behind it is bounded by
				// the two releases' budgets together (epsilon_releases), as any of their
				// counts is; a noisy 0 tells no one left. Withholding such changes withheld
				// nearly every count of a noisy register's next release, every count's noise
				// being redrawn (attack-2026-12-01e finding 11).
				eps, _ := old.NoiseTerms(ori, ci)
				noisy := eps > 0 && t.Epsilon > 0 && t.Rows[r].Noise != nil && t.Rows[r].Noise[ci] > 0
				switch st {
				case release.Published:
					d := v - orow.Values[ci]
					if d < 0 {
						d = -d
					}
					if !noisy && eps == 0 {
						p.printedBefore[ref] = true
						p.unmoved[ref] = d == 0
						p.printedAt[ref] = orow.Values[ci]
					}
					if d > 0 && d < int64(threshold) && v >= int64(threshold) && !noisy {
						p.Guarded[ref] = true
						p.movedSmall[ref] = true
					}
				case release.Primary:
					p.MayBeZero[ref] = true
					if v == 0 && !noisy {
						p.Guarded[ref] = true
					}
					before[ref] = Ref{oi, ori, ci}
				case release.Secondary:
					before[ref] = Ref{oi, ori, ci}
				}
				// Printed by an earlier release: a count printed now is compared with every
				// value the series printed (the last one, where the previous release withheld
				// it: it stays withheld until it moved by the threshold from it; and the
				// earlier ones, where it rose and fell back: Herat 30, 42, 32, attack-2026-12-03a
				// finding 1b).
				if t.Epsilon == 0 && v >= int64(threshold) {
					for _, q := range carried.Printed(old.Name, old.Counts, orow.Labels, ci) {
						if d := v - q; d != 0 && d > -int64(threshold) && d < int64(threshold) {
							p.Guarded[ref] = true
							if pa, ok := p.printedAt[ref]; !ok || q != pa {
								p.fullNeed[ref] = true // near an earlier value: its whole range
							}
						}
					}
				}
				// An earlier release may have printed it at a value nobody recorded, at most
				// am: printed now only at am+threshold or more, else withheld and carried.
				if am, ok := carried.AtMost(old.Name, old.Counts, orow.Labels, ci); ok {
					if v < am+int64(threshold) {
						p.atMost[ref] = am
						if t.Epsilon == 0 && v >= int64(threshold) {
							p.Guarded[ref] = true
							p.fullNeed[ref] = true
						}
					}
				}
			}
		}
	}
	if rel == nil {
		return compared, nil
	}
	// The previous release's intervals, from its own published counts and relations.
	all, err := rel.Resolve(prev)
	if err != nil {
		// Its relations.json does not match its tables (a table list edited, a file lost or
		// broken): check --previous refuses such a pair, so the run does too, rather than
		// compare it cell by cell only and write a release that check then fails (the outc
		// helper's session zj: a list naming a table the release no longer had, run rc 0).
		return compared, fmt.Errorf("the previous release's relations do not match its tables (%w): it cannot be audited with this release; restore that release's folder as it was written", err)
	}
	p.joint, p.jointNote = s.newJoint(all, rel, threshold, carried)
	if len(before) == 0 {
		return compared, nil
	}
	want := map[Ref]bool{}
	for _, o := range before {
		want[o] = true
	}
	// The previous release's counts as it protected them: "<5" is 1-4 and a withheld
	// complement 5 or more under a threshold of 5, whatever this configuration's (attack-
	// 2026-12-06f F9: under 10 a complement of 5 read as 10 or more, and one case added was
	// said to be "at least 5 records").
	then := previousThreshold(prev, threshold)
	iv, _, err := lpAudit(all, linksOf(rel), then, zeroOf(rel), func(r Ref) bool { return want[r] }, nil)
	if err != nil {
		iv = nil // counts that do not add up (rounded): the labels alone bound them
	}
	for n, o := range before {
		if x, ok := iv[o]; ok {
			p.Before[n] = x
		} else {
			lo, hi := aBound(all, o, then, zeroOf(rel))
			p.Before[n] = Interval{lo, hi}
		}
	}
	if uncarried && p.joint != nil && !p.joint.shrink {
		// The previous release carries no values (an older version's): what an earlier
		// release printed of a count it withheld is not known, but in a register that only
		// grew it was at most the previous count, at most the top of the previous release's
		// interval (attack-2026-12-03a finding 1: July's 42 counts returned 1-9 away), and 0
		// or the threshold or more (printed; a top below the threshold leaves 0 only). A
		// count printed now keeps the threshold above that top, else it is withheld, and the
		// bound carried until it is printed.
		for n, x := range p.Before {
			t := s.tables[n.T]
			if v, top := t.Rows[n.R].Values[n.C], int64(math.Floor(x.Hi+1e-6)); top >= int64(threshold) && v < top+int64(threshold) && !math.IsInf(x.Hi, 1) {
				p.atMost[n] = max(p.atMost[n], top)
				if t.Epsilon == 0 && v >= int64(threshold) {
					p.Guarded[n] = true
					p.fullNeed[n] = true
				}
			}
		}
	}
	return compared, nil
}

// previousThreshold is the small-cell threshold the previous release's tables were protected
// with (each table states it), or th when none says.
func previousThreshold(prev []*release.Table, th int) int {
	for _, t := range prev {
		if t.Threshold > 0 {
			return t.Threshold
		}
	}
	return th
}

// atLeast returns, for each count this release withholds, the lower bound that the previous
// release's own tables give it (p.Before's Lo) or that earlier ones gave (carried's
// printed_at_least), whichever is larger, to carry (release.CarriedRow.AtLeast): under growth
// the count is at least that now, and the next release's joint audit takes it so
// (jointPrev.lastPrinted), since it holds only this release's tables besides its own. Only
// when this release is audited as growth from the previous one (a register that lost cases
// can be below them), and never above the count (a count that fell).
func (s *tableSet) atLeast(carried release.CarriedIndex, p Protection) map[Ref]int64 {
	if p.joint == nil || p.joint.shrink {
		return nil
	}
	out := map[Ref]int64{}
	for ti, t := range s.tables {
		if t.Hidden {
			continue
		}
		for ri, row := range t.Rows {
			for ci, st := range row.State {
				if st == Published {
					continue
				}
				lo, ok := carried.AtLeast(t.Name, t.Counts, row.Labels, ci)
				if x, in := p.Before[Ref{ti, ri, ci}]; in && !math.IsInf(x.Lo, -1) {
					if l := int64(math.Ceil(x.Lo - 1e-6)); l > lo {
						lo, ok = l, true
					}
				}
				if ok && lo > 0 && lo <= row.Values[ci] {
					out[Ref{ti, ri, ci}] = lo
				}
			}
		}
	}
	return out
}

// placedBefore returns, for each count this release withholds that the previous one withheld
// too (p.Before), the interval the previous release's own tables placed it in (narrowed by
// the one the previous release carried, release.CarriedRow.Placed), its top raised by the
// least growth since of a total holding it that both releases print exactly (a relation
// total = parts): in a register that only grew, no part grew more than its total. Only when
// this release is audited as growth from the previous one (the joint audit's B >= A, so the
// interval is no narrower than what that audit allows anyone who holds both releases), with
// no noise or rounding (their totals' differences are not the growth), a finite top and a
// least of the threshold or more (carried.json is for everyone). The true count does not
// decide whether an interval is carried: the centre gaps keep it within today's bounds.
func (s *tableSet) placedBefore(prev []*release.Table, carried release.CarriedIndex, p Protection, roundTo int) (placed, then map[Ref][2]int64) {
	if p.joint == nil || p.joint.shrink || len(p.Before) == 0 || roundTo > 1 {
		return nil, nil
	}
	// exact is the count at r printed exactly now and, by the previous release, then.
	exact := func(r Ref) (now, then int64, ok bool) {
		t := s.tables[r.T]
		row := t.Rows[r.R]
		if t.Hidden || t.Epsilon > 0 || row.State[r.C] != Published {
			return 0, 0, false
		}
		for _, o := range prev {
			if o.Name != t.Name || !slices.Equal(o.Counts, t.Counts) || o.Hidden || o.Epsilon > 0 {
				continue
			}
			for ori, orow := range o.Rows {
				if slices.Equal(orow.Labels, row.Labels) && orow.Rounded == nil && r.C < len(orow.State) {
					then, ok = o.Value(ori, r.C)
					return row.Values[r.C], then, ok
				}
			}
		}
		return 0, 0, false
	}
	growth := map[Ref]int64{}
	for _, e := range s.links.Eqs {
		if len(e.Plus) != 1 {
			continue
		}
		now, then, ok := exact(e.Plus[0])
		if !ok || now < then {
			continue
		}
		for _, m := range e.Minus {
			if _, in := p.Before[m]; !in {
				continue
			}
			if g, seen := growth[m]; !seen || now-then < g {
				growth[m] = now - then
			}
		}
	}
	placed, then = map[Ref][2]int64{}, map[Ref][2]int64{}
	for ref, x := range p.Before {
		t := s.tables[ref.T]
		if t.Hidden || t.Rows[ref.R].State[ref.C] == Published || math.IsInf(x.Lo, -1) || math.IsInf(x.Hi, 1) {
			continue
		}
		lo, hi := int64(math.Ceil(x.Lo-1e-6)), int64(math.Floor(x.Hi+1e-6))
		if cl, ch, ok := carried.Placed(t.Name, t.Counts, t.Rows[ref.R].Labels, ref.C); ok && max(lo, cl) <= min(hi, ch) {
			lo, hi = max(lo, cl), min(hi, ch)
		}
		if lo < int64(p.Threshold) || lo > hi {
			continue
		}
		if g, ok := growth[ref]; ok {
			placed[ref] = [2]int64{lo, hi + g}
		} else {
			// No total printed in both bounds its growth: the interval then, for a reader
			// who takes its province not to have grown (release.CarriedRow.PlacedThen).
			then[ref] = [2]int64{lo, hi}
		}
	}
	return placed, then
}

// twins withholds the published copy of every count that a relation says equals a withheld
// one; it reports whether it changed anything.
func twins(ts []*CountTable, l Links) bool {
	changed := false
	for _, e := range l.Eqs {
		if len(e.Plus) != 1 || len(e.Minus) != 1 {
			continue
		}
		a, b := e.Plus[0], e.Minus[0]
		if ts[a.T].Hidden || ts[b.T].Hidden {
			continue
		}
		_, sa := at(ts, a)
		_, sb := at(ts, b)
		if sa == Published && sb != Published {
			ts[a.T].Rows[a.R].State[a.C] = Secondary
			changed = true
		} else if sb == Published && sa != Published {
			ts[b.T].Rows[b.R].State[b.C] = Secondary
			changed = true
		}
	}
	return changed
}

// setStates sets every count's state to st's (states' order).
func setStates(ts []*CountTable, st [][]State) {
	i := 0
	for _, t := range ts {
		for ri := range t.Rows {
			copy(t.Rows[ri].State, st[i])
			i++
		}
	}
}

// NewTablesError is returned when a release of the same data as the previous one holds
// tables the previous release did not (declared ones added) that cannot be protected around
// its pattern even with every count of theirs withheld: the release is not written.
type NewTablesError struct {
	Tables []string // the new tables
	err    error
}

func (e *NewTablesError) Error() string {
	return fmt.Sprintf("anonymize: the data is the same as the previous release's, and the tables it did not hold (%s) cannot be protected around its pattern "+
		"even with all their counts withheld: %v", strings.Join(e.Tables, ", "), e.err)
}

func (e *NewTablesError) Unwrap() error { return e.err }

// states lists every count's state, table by table and row by row.
func states(ts []*CountTable) [][]State {
	var out [][]State
	for _, t := range ts {
		for _, r := range t.Rows {
			out = append(out, slices.Clone(r.State))
		}
	}
	return out
}

// heldBefore returns the tables of ts that prev (the previous release's) holds too: the
// previous release's counts digest is of those, and a table declared since does not make the
// same data another (attack-2026-12-02d finding 0, on the command line).
func heldBefore(ts []*CountTable, prev []*release.Table) []*CountTable {
	var out []*CountTable
	for _, t := range ts {
		if slices.ContainsFunc(prev, func(x *release.Table) bool { return x.Name == t.Name }) {
			out = append(out, t)
		}
	}
	return out
}

// countsDigest returns a SHA-256 (hex) of every count of the tables that are printed, withheld
// ones too, by table, row and column (the manifest's tables.counts_digest).
func countsDigest(ts []*CountTable) string {
	h := sha256.New()
	for _, t := range ts {
		if t.Hidden {
			continue
		}
		fmt.Fprintf(h, "%q %q\n", t.Name, t.Counts)
		for _, r := range t.Rows {
			fmt.Fprintf(h, "%q %v\n", r.Labels, r.Values)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
