package pipeline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prevalence/prevalence/analysis"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// ElapsedBetween is the time the differencing guard lets an open stay age between the release
// prev and the release now replacing it (dir: now's folder, for the error), from their
// manifests as the run takes it: as_of (else the run's day), per organisation
// as_of_by_source. `prevalence check --previous` pairs the two releases' rows with it.
func ElapsedBetween(prev, now *release.Manifest, dir string) (anonymize.Elapsed, error) {
	day := func(m *release.Manifest) time.Time {
		if t, err := time.Parse(time.DateOnly, m.AsOf); err == nil {
			return t
		}
		return m.CreatedAt
	}
	bySource := map[string]time.Time{}
	for src, d := range now.AsOfBySource {
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			bySource[src] = t
		}
	}
	return elapsedSince(prev, day(prev), day(now), bySource, dir)
}

// NewRowsAgainst compares the microdata of the release in dir with that of the release prev
// it replaces (`prevalence check --previous`): the rows of a kind (all their released values)
// that dir adds in fewer than k copies, which comparing the two releases singles out, as the
// differencing guard counts them when a run writes over its previous release (the rows only
// time moved on, an open stay's band or an outcome no longer censored, pair with the rows they
// were). It returns the problem found ("" for none) and, when the two cannot be compared as
// the guard compares them (other generalizations, other columns), why not.
func NewRowsAgainst(ctx context.Context, dir, prev string, m *release.Manifest) (problem, skipped string, err error) {
	pm, err := release.ReadManifest(prev)
	if err != nil {
		return "", "", err
	}
	same := len(pm.Privacy.Levels) == len(m.Privacy.Levels)
	for i := 0; same && i < len(m.Privacy.Levels); i++ {
		same = sameLevel(pm.Privacy.Levels[i], m.Privacy.Levels[i])
	}
	if !same {
		return "", "the generalization differs from the previous release's (the guard does not compare such releases: do not publish both)", nil
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return "", "", err
	}
	defer db.Close()
	cols, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return "", "", err
	}
	var fields, parts []string
	for _, r := range cols.Rows {
		f := analysis.Cell(r[0])
		fields = append(fields, f)
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(f, `"`, `""`)))
	}
	q := "SELECT concat_ws(chr(31), " + strings.Join(parts, ", ") + ") AS k, count(*) AS n FROM cases GROUP BY k"
	counts := func(folder string) (map[string]int, error) {
		db, err := analysis.Open(ctx, folder)
		if err != nil {
			return nil, err
		}
		defer db.Close()
		t, err := analysis.Query(ctx, db, q)
		if err != nil {
			return nil, err
		}
		out := make(map[string]int, len(t.Rows))
		for _, r := range t.Rows {
			n, _ := r[1].(int64)
			out[analysis.Cell(r[0])] = int(n)
		}
		return out, nil
	}
	now, err := counts(dir)
	if err != nil {
		return "", "", err
	}
	before, err := counts(prev)
	if err != nil {
		return "", "the previous release's columns differ from this one's (the guard does not compare such releases)", nil
	}
	elapsed, err := ElapsedBetween(pm, m, dir)
	if err != nil {
		return "", "", err
	}
	rows, kinds, _ := anonymize.NewCopies(fields, before, now, m.Privacy.K, elapsed)
	if rows == 0 {
		return "", "", nil
	}
	return fmt.Sprintf("microdata: %d rows of %d kinds (all their released values) are new against the previous release %s in fewer than k = %d copies: "+
		"comparing the two releases singles those cases out (rows that only time moved on, an open stay's length_of_stay_band or an outcome no longer censored, count as the same cases)",
		rows, kinds, prev, m.Privacy.K), "", nil
}
