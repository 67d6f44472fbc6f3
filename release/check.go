package release

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/schema"
)

// Querier runs SQL over the release's cases (as table cases); *sql.DB from analysis.Open is one.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Policy is the organisation's rules that a release must meet, whatever its manifest claims: a
// manifest that claims less (a lower k, a quasi-identifier left out) breaks them. It comes
// from where a forger cannot lower it: the organisation's own config given to check, or the
// config recorded in a manifest whose signature was verified.
type Policy struct {
	// Source says where the rules come from, for messages.
	Source string
	K      int
	L      int
	T      float64 // 0: off; else the largest distance allowed
	// QuasiIdentifiers are the release columns that must be protected together.
	QuasiIdentifiers []string
	// Sensitive are the release columns of the sensitive attribute of L and T.
	Sensitive          []string
	SmallCellThreshold int
	// ProtectionWidth is the protection range every protected count of the tables must keep
	// (small counts and small changes; the x counts withheld around them need not).
	ProtectionWidth int
	// RoundTo is the tables' rounding (0 or 1: none).
	RoundTo int
}

// CheckOptions add to what Check verifies.
type CheckOptions struct {
	// Policy, when set, is what the manifest's claims are checked against, and the privacy
	// models are recomputed with the stricter of the two.
	Policy *Policy
	// AuditTables, when set, re-audits the complementary suppression of the protected tables:
	// given the tables with the hidden tables of their relations appended, the relations, the
	// threshold and the protection range, it returns a finding per count that can be worked
	// out to within less than the range (anonymize.AuditRelease is one; the audit lives
	// there, so release does not import it).
	AuditTables func(ts []*Table, r *Relations, threshold, width int) ([]string, error)
}

// Check re-reads the release in dir and returns every way in which it breaks its manifest:
// counts that do not add up, a missing, altered or unlisted file, a row count that differs, a
// direct identifier column (by canonical name or an identifier-like name), a column the
// manifest does not list or lists but is missing, or a class of quasi-identifiers smaller
// than k. The privacy models are recomputed through db, from the written Parquet, not by the
// code that wrote it.
func Check(ctx context.Context, dir string, db Querier) ([]string, error) {
	return CheckWith(ctx, dir, db, CheckOptions{})
}

// CheckWith is Check, and checks the manifest's claims against opt.Policy.
func CheckWith(ctx context.Context, dir string, db Querier, opt CheckOptions) ([]string, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if m.Counts.LinkedWithin > m.Counts.Linked {
		fail("more records linked within one source (%d) than linked (%d)", m.Counts.LinkedWithin, m.Counts.Linked)
	}
	if m.Counts.Linked > m.Counts.Duplicates {
		fail("more linked records (%d) than duplicates (%d)", m.Counts.Linked, m.Counts.Duplicates)
	}
	if !m.Counts.Balanced() {
		c := m.Counts
		fail("counts do not add up: read %d != written %d + suppressed %d + quarantined %d + duplicates %d",
			c.Read, c.Written, c.Suppressed, c.Quarantined, c.Duplicates)
	}
	sum := Counts{}
	for _, in := range m.Inputs {
		c := Counts{Read: in.Rows, Written: in.Written, Suppressed: in.Suppressed, Quarantined: in.Quarantined, Duplicates: in.Duplicates, Linked: in.Linked, Blank: in.Blank}
		if !c.Balanced() {
			fail("counts of input %s do not add up", in.Path)
		}
		sum.Read += c.Read
		sum.Written += c.Written
		sum.Suppressed += c.Suppressed
		sum.Quarantined += c.Quarantined
		sum.Duplicates += c.Duplicates
		sum.Linked += c.Linked
		sum.Blank += c.Blank
	}
	// The differencing guard's count is the run's, not an input's (its rows are among the
	// inputs' suppressed ones), so the inputs cannot sum to it.
	sum.Withheld = m.Counts.Withheld
	if m.Counts.Withheld > m.Counts.Suppressed {
		fail("more rows withheld for differencing (%d) than suppressed (%d)", m.Counts.Withheld, m.Counts.Suppressed)
	}
	if len(m.Inputs) > 0 && sum != m.Counts {
		fail("per-input counts do not sum to the totals")
	}
	casesRows := -1
	for _, out := range m.Outputs {
		p := filepath.Join(dir, filepath.FromSlash(out.Path))
		got, err := HashFile(p)
		switch {
		case os.IsNotExist(err):
			fail("%s is missing", out.Path)
		case err != nil:
			return nil, err
		case got != out.SHA256:
			fail("%s has changed since it was written (SHA-256 differs)", out.Path)
		}
		if out.Path == CasesFile {
			casesRows = out.Rows
		}
		if out.Path == ProtectionsFile {
			// The public statement must say what the manifest says: derived again from it.
			wants, err := protectionsJSONs(m)
			if err != nil {
				return nil, err
			}
			if got, err := os.ReadFile(p); err == nil && !slices.ContainsFunc(wants, func(w []byte) bool { return bytes.Equal(got, w) }) {
				fail("%s differs from the protections the manifest states: it was edited, or the manifest was", out.Path)
			}
		}
		// Who may receive it: a manifest that offers the microdata or the capture histories to
		// everyone would have them shared with the tables.
		if out.For != "" && out.For != AudienceOf(out.Path) {
			fail("the manifest says %s is for %s: it is for %s", out.Path, out.For, AudienceOf(out.Path))
		}
	}
	if casesRows < 0 {
		fail("the manifest lists no %s", CasesFile)
	}

	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM cases").Scan(&n); err != nil {
		return nil, fmt.Errorf("reading the cases: %w", err)
	}
	if n != m.Counts.Written {
		fail("the cases hold %d rows, the manifest says %d were written", n, m.Counts.Written)
	}
	if casesRows >= 0 && n != casesRows {
		fail("the cases hold %d rows, the manifest lists %d for %s", n, casesRows, CasesFile)
	}

	// Held tables are the previous release's again, printed with its threshold: a raised
	// small_cell_threshold applies once fresh tables print (F9, attack-2026-12-06f; the run's
	// notice says so). An organisation's policy still binds them.
	minThreshold := m.TablesThreshold()
	if opt.Policy != nil {
		minThreshold = max(minThreshold, opt.Policy.SmallCellThreshold)
	}
	tableProblems, err := checkTables(ctx, dir, db, m, minThreshold, opt.Policy, opt.AuditTables)
	if err != nil {
		return nil, err
	}
	problems = append(problems, tableProblems...)
	unlisted, err := unlistedFiles(dir, m)
	if err != nil {
		return nil, err
	}
	problems = append(problems, unlisted...)
	if m.Config != nil { // a case run writes these; a forger deleting them also deletes entries
		for _, f := range []string{"quarantine.csv", "privacy.json"} {
			if !slices.ContainsFunc(m.Outputs, func(o Output) bool { return o.Path == f }) {
				fail("the manifest lists no %s: a case release always has one", f)
			}
		}
		if len(m.Events) > 0 && !slices.ContainsFunc(m.Outputs, func(o Output) bool { return o.Path == "events_quarantine.csv" }) {
			fail("the manifest lists no events_quarantine.csv, yet it reads events")
		}
		if m.Key == "redacted" && !slices.ContainsFunc(m.Outputs, func(o Output) bool { return o.Path == "capture_histories.csv" }) {
			fail("the manifest lists no capture_histories.csv, yet a linkage key was used")
		}
	}

	cols, types, err := columns(ctx, db)
	if err != nil {
		return nil, err
	}
	if len(m.Columns) > 0 {
		for _, c := range cols {
			if !slices.Contains(m.Columns, c) {
				fail("the cases hold the column %s, which the manifest does not list", c)
			}
		}
		for _, c := range m.Columns {
			if !slices.Contains(cols, c) {
				fail("the column %s that the manifest lists is missing from the cases", c)
			}
		}
	}
	for i, c := range cols {
		// A quasi-identifier is generalized: a generic release may protect an age or a date as one.
		if !slices.Contains(m.Privacy.QuasiIdentifiers, c) {
			if f, ok := schema.Lookup(c); ok && f.Role == schema.Identifier {
				fail("the cases hold the direct identifier column %s", c)
				continue
			} else if !ok && IdentifierLikeName(c) {
				fail("the cases hold the column %s, whose name is that of a direct identifier", c)
				continue
			}
			if c == "age" || c == schema.DateOfBirth {
				fail("the cases hold exact ages")
			}
			// A household's or a rescue operation's number, or a village, released as it is:
			// k over the other columns does not cover the few rows it singles out.
			if detect.GroupHeader(c) || detect.SmallPlaceHeader(c) {
				what := "a household, family or rescue operation's number"
				if !detect.GroupHeader(c) {
					what = "a place smaller than a district"
				}
				fail("the cases hold the column %s, whose name says it is %s, released as it is and not as a quasi-identifier%s",
					c, what, allowedNote(m, c))
			}
		}
		if types[i] == "BOOLEAN" || isPseudonym(m, c) {
			continue
		}
		if opaqueType(types[i]) {
			// A list, struct, map or blob can hold anything, and no release writes one.
			fail("the cases hold the column %s of type %s, which no release writes: its content cannot be checked", c, types[i])
			continue
		}
		// Whatever its name and type (a phone as a number, a birth date as a DATE), a column
		// whose header or values, as text, look like an identifier.
		vals, err := sample(ctx, db, c)
		if err != nil {
			return nil, err
		}
		if f, ok := detect.Column(c, vals); ok {
			fail("the cases hold a column that looks like an identifier: %s%s", f, allowedNote(m, c))
		}
	}

	// What is rechecked: what the manifest claims, made stricter by the policy.
	p := m.Privacy
	qis := slices.Clone(p.QuasiIdentifiers)
	if pol := opt.Policy; pol != nil {
		if p.K < pol.K {
			fail("the manifest claims k = %d, below k = %d of %s", p.K, pol.K, pol.Source)
			p.K = pol.K
		}
		if p.L < pol.L {
			fail("the manifest claims l = %d, below l = %d of %s", p.L, pol.L, pol.Source)
			p.L = pol.L
		}
		if pol.T > 0 && (p.T == 0 || p.T > pol.T) {
			fail("the manifest claims t = %g, looser than t = %g of %s", p.T, pol.T, pol.Source)
			p.T = pol.T
		}
		if len(pol.Sensitive) > 0 && (pol.L > 1 || pol.T > 0) && !slices.Equal(p.Sensitive, pol.Sensitive) {
			fail("the manifest's sensitive attribute %v is not %v of %s", p.Sensitive, pol.Sensitive, pol.Source)
			p.Sensitive = pol.Sensitive
		}
		if p.SmallCellThreshold < pol.SmallCellThreshold {
			fail("the manifest claims a small-cell threshold of %d, below %d of %s", p.SmallCellThreshold, pol.SmallCellThreshold, pol.Source)
		}
		for _, c := range pol.QuasiIdentifiers {
			if !slices.Contains(cols, c) || slices.Contains(qis, c) {
				continue // a column not released at all identifies no one
			}
			fail("the quasi-identifier %s is released but not protected in the manifest, unlike in %s", c, pol.Source)
			qis = append(qis, c)
		}
	}
	if m.Config != nil {
		// A case release: every column the schema calls a quasi-identifier that the cases hold
		// is checked against k, whatever the manifest lists (a release made before legal_stage
		// became one left 78 demo records unique beside a generalized legal_disposition),
		// unless the config narrows quasi_identifiers and the manifest says the column is
		// released unprotected (a narrowed release of before that said it nowhere fails).
		qs, _ := m.Config["quasi_identifiers"].([]any)
		for _, c := range cols {
			f, ok := schema.Lookup(c)
			if !ok || f.Role != schema.QuasiIdentifier || slices.Contains(qis, c) {
				continue
			}
			if len(qs) > 0 && slices.Contains(p.Unprotected, c) {
				continue
			}
			if len(qs) > 0 {
				fail("the quasi-identifier %s is released but neither protected nor listed as unprotected in the manifest", c)
			} else {
				fail("the quasi-identifier %s is released but not protected in the manifest", c)
			}
			qis = append(qis, c)
		}
	}
	var present []string
	for _, c := range qis {
		if slices.Contains(cols, c) {
			present = append(present, c)
		} else {
			fail("the quasi-identifier column %s that the manifest protects is missing from the cases", c)
		}
	}
	var sens []string
	for _, c := range p.Sensitive {
		if slices.Contains(cols, c) {
			sens = append(sens, c)
		} else {
			fail("the sensitive column %s that the manifest names is missing from the cases", c)
		}
	}
	p.Sensitive = sens
	if len(present) > 0 && n > 0 {
		quoted := make([]string, len(present))
		for i, c := range present {
			quoted[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		g := strings.Join(quoted, ", ")
		q := fmt.Sprintf(`SELECT count(*), coalesce(sum(n), 0), coalesce(min(n), 0) FROM (
			SELECT %s, count(*) AS n FROM cases GROUP BY %s) WHERE n < ?`, g, g)
		var classes, rows, smallest int
		if err := db.QueryRowContext(ctx, q, p.K).Scan(&classes, &rows, &smallest); err != nil {
			return nil, fmt.Errorf("checking k-anonymity: %w", err)
		}
		if classes > 0 {
			fail("not %d-anonymous: %d classes (%d rows) are smaller, the smallest has %d", p.K, classes, rows, smallest)
		}
		// A column kept as it is (anonymize --keep) must keep k with the quasi-identifiers, as
		// anonymize checks, unless the manifest records that the user released it anyway.
		var kept []string
		for _, cc := range m.Privacy.Columns {
			if cc.Class != ClassInsensitive || cc.Allowed || !slices.Contains(cols, cc.Column) || slices.Contains(present, cc.Column) {
				continue
			}
			gk := g + `, "` + strings.ReplaceAll(cc.Column, `"`, `""`) + `"`
			q := fmt.Sprintf(`SELECT count(*), coalesce(sum(n), 0) FROM (
				SELECT %s, count(*) AS n FROM cases GROUP BY %s) WHERE n < ?`, gk, gk)
			if err := db.QueryRowContext(ctx, q, p.K).Scan(&classes, &rows); err != nil {
				return nil, fmt.Errorf("checking k-anonymity with %s: %w", cc.Column, err)
			}
			if classes > 0 {
				fail("not %d-anonymous with the column %s, kept as it is: it splits %d classes (%d rows) below k, and the manifest does not say it was released anyway",
					p.K, cc.Column, classes, rows)
				continue
			}
			kept = append(kept, `"`+strings.ReplaceAll(cc.Column, `"`, `""`)+`"`)
		}
		// Together, as anonymize checks them: whoever knows one kept value of a row knows the others.
		if len(kept) > 1 {
			gk := g + ", " + strings.Join(kept, ", ")
			q := fmt.Sprintf(`SELECT count(*), coalesce(sum(n), 0) FROM (
				SELECT %s, count(*) AS n FROM cases GROUP BY %s) WHERE n < ?`, gk, gk)
			if err := db.QueryRowContext(ctx, q, p.K).Scan(&classes, &rows); err != nil {
				return nil, fmt.Errorf("checking k-anonymity with the kept columns: %w", err)
			}
			if classes > 0 {
				fail("not %d-anonymous with the columns %s, kept as they are, together: they split %d classes (%d rows) below k, and the manifest does not say they were released anyway",
					p.K, strings.Join(kept, ", "), classes, rows)
			}
		}
		if len(p.Sensitive) > 0 && (p.L > 1 || p.T > 0) {
			msgs, err := checkSensitive(ctx, db, quoted, &p)
			if err != nil {
				return nil, err
			}
			problems = append(problems, msgs...)
			// The kept columns split the classes as a reader who knows them sees them: each
			// part must hold the claimed diversity too, one column at a time and together
			// (attack-2026-12-02d finding 3), as anonymize checks.
			var sets [][]string
			for _, c := range kept {
				sets = append(sets, []string{c})
			}
			if len(kept) > 1 {
				sets = append(sets, kept)
			}
			for _, set := range sets {
				msgs, err := checkSensitive(ctx, db, append(slices.Clone(quoted), set...), &p)
				if err != nil {
					return nil, err
				}
				for _, msg := range msgs {
					if msg == missingRuleUnstated {
						continue // said once above
					}
					what := "the column " + strings.Join(set, "")
					if len(set) > 1 {
						what = "the columns " + strings.Join(set, ", ")
					}
					fail("with %s, kept as %s: %s, and the manifest does not say %s released anyway",
						what, map[bool]string{true: "they are, together", false: "it is"}[len(set) > 1], msg,
						map[bool]string{true: "they were", false: "it was"}[len(set) > 1])
				}
			}
		}
	}
	return problems, nil
}

// allowedNote says, for a message about column c, that the user released it at their explicit
// word (--allow), when the manifest records so.
func allowedNote(m *Manifest, c string) string {
	if slices.ContainsFunc(m.Privacy.Columns, func(cc ColumnClass) bool { return cc.Column == c && cc.Allowed }) {
		return " (released at the user's explicit word, --allow)"
	}
	return ""
}

// identifierWords are parts of column names that say a column identifies a person. Canonical
// identifier fields are caught by the schema; these catch the columns a forger or a careless
// export adds under other names (child_name, whatsapp, birth_date).
var identifierWords = []string{
	"name", "phone", "mobile", "whatsapp", "telegram", "viber", "email", "e_mail",
	"birth", "dob", "address", "street", "passport", "national_id", "nationalid", "id_number",
	"idnumber", "ssn", "social_security", "latitude", "longitude", "gps", "photo",
	"fingerprint", "biometric", "ip_address", "imei", "facebook", "instagram", "tiktok",
	"narrative", "guardian", "caregiver",
}

// IdentifierLikeName reports whether a column's name says it holds a direct identifier. It
// looks at the name only: values are for the content detector.
func IdentifierLikeName(column string) bool {
	c := strings.ToLower(column)
	c = strings.NewReplacer("-", "_", " ", "_", ".", "_").Replace(c)
	if strings.HasSuffix(c, "_pseudonym") {
		return false // keyed pseudonyms are released on purpose
	}
	for _, w := range identifierWords {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// unlistedFiles returns a problem for every file in dir that the manifest does not list: a
// file added to a release is not part of it. Report folders made later (reports-*) carry a
// manifest of their own, checked by whoever checks them; anything that is not a regular file
// or a folder (a link, a pipe) is refused.
func unlistedFiles(dir string, m *Manifest) ([]string, error) {
	listed := map[string]bool{ManifestName: true, SignatureName: true}
	for _, o := range m.Outputs {
		listed[o.Path] = true
	}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
			return nil
		case d.IsDir():
			if strings.HasPrefix(rel, "reports-") && !strings.Contains(rel, "/") {
				return fs.SkipDir
			}
			return nil
		case !d.Type().IsRegular():
			out = append(out, fmt.Sprintf("%s is not a regular file (%v): a release holds only files", rel, d.Type()))
		case !listed[rel]:
			out = append(out, fmt.Sprintf("%s is not listed in the manifest", rel))
		}
		return nil
	})
	return out, err
}

// missingRuleUnstated is checkSensitive's problem with a manifest that does not say how missing
// sensitive values count.
const missingRuleUnstated = "the manifest does not state the rule for missing sensitive values that l-diversity and t-closeness follow"

// checkSensitive recomputes l-diversity and t-closeness of the sensitive columns per class of
// the quasi-identifiers qis (quoted column names).
func checkSensitive(ctx context.Context, db Querier, qis []string, p *Privacy) ([]string, error) {
	key := func(cols []string) string {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = fmt.Sprintf(`coalesce(CAST(%s AS VARCHAR), '')`, c)
		}
		return "concat_ws('|', " + strings.Join(parts, ", ") + ")"
	}
	sens := make([]string, len(p.Sensitive))
	miss := make([]string, len(p.Sensitive))
	for i, c := range p.Sensitive {
		sens[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		miss[i] = missingSQL(sens[i])
	}
	// A missing sensitive value (every sensitive column missing) is no value (MissingRule): its
	// rows count in the class (k is checked elsewhere) but not in cd, the recorded values; a
	// class with none (d = 0) discloses no value and meets every l.
	base := fmt.Sprintf(`WITH t AS (SELECT %s AS g, %s AS s, %s AS missing FROM cases),
		cd AS (SELECT g, s, count(*) AS c FROM t WHERE NOT missing GROUP BY g, s),
		cls AS (SELECT g, coalesce(sum(c), 0) AS n, count(c) AS d,
			coalesce(-sum((c/n0) * ln(c/n0)), 0) AS h
			FROM (SELECT t0.g, cd.s, cd.c, sum(cd.c) OVER (PARTITION BY t0.g) AS n0
				FROM (SELECT DISTINCT g FROM t) t0 LEFT JOIN cd ON cd.g = t0.g) GROUP BY g)`,
		key(qis), key(sens), strings.Join(miss, " AND "))
	var out []string
	if p.SensitiveMissing != MissingRule && p.SensitiveMissing != missingRuleBefore {
		out = append(out, missingRuleUnstated)
	}
	if p.L > 1 {
		var bad int
		var q string
		switch p.Diversity {
		case "entropy":
			q = base + " SELECT count(*) FROM cls WHERE d > 0 AND h < ln(?) - 1e-9"
		case "recursive":
			q = base + ` SELECT count(*) FROM (
				SELECT cls.g, coalesce(max(c) FILTER (WHERE r = 1), 0) AS r1, coalesce(sum(c) FILTER (WHERE r >= ?), 0) AS tail
				FROM cls LEFT JOIN (SELECT g, c, row_number() OVER (PARTITION BY g ORDER BY c DESC) AS r FROM cd) x
				ON x.g = cls.g WHERE cls.d > 0 GROUP BY cls.g)
				WHERE NOT (r1 < ` + fmt.Sprint(p.C) + ` * tail)`
		default:
			q = base + " SELECT count(*) FROM cls WHERE d > 0 AND d < ?"
		}
		arg := any(p.L)
		if p.Diversity == "entropy" {
			arg = float64(p.L)
		}
		if err := db.QueryRowContext(ctx, q, arg).Scan(&bad); err != nil {
			return nil, fmt.Errorf("checking l-diversity: %w", err)
		}
		if bad > 0 {
			out = append(out, fmt.Sprintf("not %s %d-diverse: %d classes are not", cmp.Or(p.Diversity, "distinct"), p.L, bad))
		}
	}
	if p.T > 0 {
		if len(p.TReference) == 0 {
			return append(out, "t-closeness is claimed but the manifest has no reference distribution"), nil
		}
		var vals []string
		var args []any
		for v, share := range p.TReference {
			vals = append(vals, "(?, ?)")
			args = append(args, v, share)
		}
		q := base + fmt.Sprintf(`, ref(s, p) AS (VALUES %s)
			SELECT coalesce(max(emd), 0) FROM (
				SELECT cls.g, 0.5 * (sum(abs(coalesce(cd.c, 0) / cls.n - ref.p))
					+ coalesce((SELECT sum(c) FROM cd c2 WHERE c2.g = cls.g AND c2.s NOT IN (SELECT s FROM ref)), 0) / cls.n) AS emd
				FROM cls CROSS JOIN ref LEFT JOIN cd ON cd.g = cls.g AND cd.s = ref.s WHERE cls.n > 0 GROUP BY cls.g, cls.n)`, strings.Join(vals, ", "))
		var emd float64
		if err := db.QueryRowContext(ctx, q, args...).Scan(&emd); err != nil {
			return nil, fmt.Errorf("checking t-closeness: %w", err)
		}
		if emd > p.T+1e-9 {
			out = append(out, fmt.Sprintf("not %g-close: a class is at distance %.4f from the whole", p.T, emd))
		}
	}
	return out, nil
}

// columns returns the names and DuckDB types of the cases' columns.
func columns(ctx context.Context, db Querier) (names, types []string, err error) {
	rows, err := db.QueryContext(ctx, "SELECT column_name, column_type FROM (DESCRIBE cases)")
	if err != nil {
		return nil, nil, fmt.Errorf("describing the cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, t string
		if err := rows.Scan(&c, &t); err != nil {
			return nil, nil, err
		}
		names = append(names, c)
		types = append(types, t)
	}
	return names, types, rows.Err()
}

// opaqueType reports whether a DuckDB column type is not a scalar that reads as text: nested
// types (lists, arrays, structs, maps, unions) and binary.
func opaqueType(t string) bool {
	t = strings.ToUpper(t)
	return strings.HasSuffix(t, "]") || strings.HasPrefix(t, "STRUCT") || strings.HasPrefix(t, "MAP") ||
		strings.HasPrefix(t, "UNION") || t == "BLOB" || strings.HasPrefix(t, "BIT")
}

// isPseudonym reports whether column c holds the release's keyed pseudonyms of an identifier.
func isPseudonym(m *Manifest, c string) bool {
	for _, f := range m.Privacy.Pseudonymized {
		if c == f+"_pseudonym" {
			return true
		}
	}
	return false
}

// sample returns up to 10,000 values of column c as text, for package detect.
func sample(ctx context.Context, db Querier, c string) ([]string, error) {
	q := fmt.Sprintf(`SELECT coalesce(CAST("%s" AS VARCHAR), '') FROM cases LIMIT 10000`, strings.ReplaceAll(c, `"`, `""`))
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reading column %s: %w", c, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
