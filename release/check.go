package release

import (
	"context"
	"database/sql"
	"fmt"
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

// Check re-reads the release in dir and returns every way in which it breaks its manifest:
// counts that do not add up, a missing or altered file, a row count that differs, a direct
// identifier column, or a class of quasi-identifiers smaller than k. The privacy models are
// recomputed through db, from the written Parquet, not by the code that wrote it.
func Check(ctx context.Context, dir string, db Querier) ([]string, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

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
		c := Counts{Read: in.Rows, Written: in.Written, Suppressed: in.Suppressed, Quarantined: in.Quarantined, Duplicates: in.Duplicates, Linked: in.Linked}
		if !c.Balanced() {
			fail("counts of input %s do not add up", in.Path)
		}
		sum.Read += c.Read
		sum.Written += c.Written
		sum.Suppressed += c.Suppressed
		sum.Quarantined += c.Quarantined
		sum.Duplicates += c.Duplicates
		sum.Linked += c.Linked
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

	cols, types, err := columns(ctx, db)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		// A quasi-identifier is generalized: a generic release may protect an age or a date as one.
		if !slices.Contains(m.Privacy.QuasiIdentifiers, c) {
			if f, ok := schema.Lookup(c); ok && f.Role == schema.Identifier {
				fail("the cases hold the direct identifier column %s", c)
				continue
			}
			if c == "age" || c == schema.DateOfBirth {
				fail("the cases hold exact ages")
			}
		}
		if types[i] != "VARCHAR" || isPseudonym(m, c) {
			continue
		}
		// Whatever its name, a text column whose header or values look like an identifier.
		vals, err := sample(ctx, db, c)
		if err != nil {
			return nil, err
		}
		if f, ok := detect.Column(c, vals); ok {
			note := ""
			if slices.ContainsFunc(m.Privacy.Columns, func(cc ColumnClass) bool { return cc.Column == c && cc.Allowed }) {
				note = " (released at the user's explicit word, --allow)"
			}
			fail("the cases hold a column that looks like an identifier: %s%s", f, note)
		}
	}
	if len(m.Privacy.QuasiIdentifiers) > 0 && n > 0 {
		quoted := make([]string, len(m.Privacy.QuasiIdentifiers))
		for i, c := range m.Privacy.QuasiIdentifiers {
			quoted[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		g := strings.Join(quoted, ", ")
		q := fmt.Sprintf(`SELECT count(*), coalesce(sum(n), 0), coalesce(min(n), 0) FROM (
			SELECT %s, count(*) AS n FROM cases GROUP BY %s) WHERE n < ?`, g, g)
		var classes, rows, smallest int
		if err := db.QueryRowContext(ctx, q, m.Privacy.K).Scan(&classes, &rows, &smallest); err != nil {
			return nil, fmt.Errorf("checking k-anonymity: %w", err)
		}
		if classes > 0 {
			fail("not %d-anonymous: %d classes (%d rows) are smaller, the smallest has %d", m.Privacy.K, classes, rows, smallest)
		}
		if p := &m.Privacy; len(p.Sensitive) > 0 && (p.L > 1 || p.T > 0) {
			msgs, err := checkSensitive(ctx, db, quoted, p)
			if err != nil {
				return nil, err
			}
			problems = append(problems, msgs...)
		}
	}
	return problems, nil
}

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
	// rows count in the class (k is checked elsewhere) but not in cd, the recorded values.
	base := fmt.Sprintf(`WITH t AS (SELECT %s AS g, %s AS s, %s AS missing FROM cases),
		cd AS (SELECT g, s, count(*) AS c FROM t WHERE NOT missing GROUP BY g, s),
		cls AS (SELECT g, coalesce(sum(c), 0) AS n, count(c) AS d,
			coalesce(-sum((c/n0) * ln(c/n0)), 0) AS h
			FROM (SELECT t0.g, cd.s, cd.c, sum(cd.c) OVER (PARTITION BY t0.g) AS n0
				FROM (SELECT DISTINCT g FROM t) t0 LEFT JOIN cd ON cd.g = t0.g) GROUP BY g)`,
		key(qis), key(sens), strings.Join(miss, " AND "))
	var out []string
	if p.SensitiveMissing != MissingRule {
		out = append(out, "the manifest does not state the rule for missing sensitive values that l-diversity and t-closeness follow")
	}
	if p.L > 1 {
		var bad int
		var q string
		switch p.Diversity {
		case "entropy":
			q = base + " SELECT count(*) FROM cls WHERE d = 0 OR h < ln(?) - 1e-9"
		case "recursive":
			q = base + ` SELECT count(*) FROM (
				SELECT cls.g, coalesce(max(c) FILTER (WHERE r = 1), 0) AS r1, coalesce(sum(c) FILTER (WHERE r >= ?), 0) AS tail
				FROM cls LEFT JOIN (SELECT g, c, row_number() OVER (PARTITION BY g ORDER BY c DESC) AS r FROM cd) x
				ON x.g = cls.g GROUP BY cls.g)
				WHERE NOT (r1 < ` + fmt.Sprint(p.C) + ` * tail)`
		default:
			q = base + " SELECT count(*) FROM cls WHERE d < ?"
		}
		arg := any(p.L)
		if p.Diversity == "entropy" {
			arg = float64(p.L)
		}
		if err := db.QueryRowContext(ctx, q, arg).Scan(&bad); err != nil {
			return nil, fmt.Errorf("checking l-diversity: %w", err)
		}
		if bad > 0 {
			out = append(out, fmt.Sprintf("not %s %d-diverse: %d classes are not", p.Diversity, p.L, bad))
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

// isPseudonym reports whether column c holds the release's keyed pseudonyms of an identifier.
func isPseudonym(m *Manifest, c string) bool {
	for _, f := range m.Privacy.Pseudonymized {
		if c == f+"_pseudonym" {
			return true
		}
	}
	return false
}

// sample returns up to 10,000 values of text column c, for package detect.
func sample(ctx context.Context, db Querier, c string) ([]string, error) {
	q := fmt.Sprintf(`SELECT coalesce("%s", '') FROM cases LIMIT 10000`, strings.ReplaceAll(c, `"`, `""`))
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
