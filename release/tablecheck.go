package release

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// checkTables re-audits the primary suppression of the protected tables (TablesDir): every
// published count is 0 or at least the table's threshold, no table's threshold is below
// minThreshold, every row has a state per count, and each table's CSV says what the index
// says. With audit, it also re-audits the complementary (secondary) suppression from the
// relations the run recorded (TablesRelations): a missing or inconsistent relations file, or
// a primary count that the published counts place in an interval narrower than the
// protection range, is a finding.
func checkTables(ctx context.Context, dir string, db Querier, m *Manifest, minThreshold int, pol *Policy, audit func([]*Table, *Relations, int, int) ([]string, error)) ([]string, error) {
	claim := m.Tables
	ts, err := ReadTables(dir)
	if err != nil {
		return []string{err.Error()}, nil
	}
	var problems []string
	// The tables folder holds the index, the relations and each table's CSV and Parquet:
	// anything else listed there (a table renamed, one added beside the index) is not a table
	// the index protects.
	expected := map[string]bool{}
	if ts != nil {
		expected[TablesDir+"/"+TablesIndex] = true
		expected[TablesDir+"/"+TablesRelations] = true
		expected[TablesDir+"/"+TablesCarried] = true
	}
	for _, t := range ts {
		if t.Name == "" || strings.ContainsAny(t.Name, `/\`) || strings.HasPrefix(t.Name, ".") {
			problems = append(problems, fmt.Sprintf("%s/%s names a table %q, which is not a file name", TablesDir, TablesIndex, t.Name))
			continue
		}
		expected[TablesDir+"/"+t.Name+".csv"] = true
		expected[TablesDir+"/"+t.Name+".parquet"] = true
	}
	for _, o := range m.Outputs {
		if strings.HasPrefix(o.Path, TablesDir+"/") && !expected[o.Path] {
			problems = append(problems, fmt.Sprintf("%s is not a table of %s/%s", o.Path, TablesDir, TablesIndex))
		}
	}
	for _, t := range ts {
		if !expected[TablesDir+"/"+t.Name+".csv"] {
			continue
		}
		if t.Threshold < minThreshold {
			problems = append(problems, fmt.Sprintf("table %s: small-cell threshold %d, below %d", t.Name, t.Threshold, minThreshold))
		}
		small, shape := 0, false
		for ri, row := range t.Rows {
			if len(row.Values) != len(t.Counts) || len(row.State) != len(t.Counts) || (row.Rounded != nil && len(row.Rounded) != len(t.Counts)) {
				shape = true
				continue
			}
			for ci := range row.Values {
				if v, ok := t.Value(ri, ci); ok && v > 0 && v < int64(t.Threshold) {
					small++
				}
			}
		}
		if shape {
			problems = append(problems, fmt.Sprintf("table %s: a row does not have one value and one state per count column", t.Name))
			continue
		}
		if small > 0 {
			problems = append(problems, fmt.Sprintf("table %s publishes %d count(s) from 1 to %d: small cells not suppressed", t.Name, small, t.Threshold-1))
		}
		want, err := t.CSV()
		if err != nil {
			return nil, err
		}
		got, err := os.ReadFile(filepath.Join(dir, TablesDir, t.Name+".csv"))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, fmt.Sprintf("%s/%s.csv is missing: %s lists the table", TablesDir, t.Name, TablesIndex))
		case err != nil:
			return nil, err
		case !bytes.Equal(got, want):
			problems = append(problems, fmt.Sprintf("%s/%s.csv differs from the table in %s", TablesDir, t.Name, TablesIndex))
		}
		found, err := checkTableParquet(ctx, db, dir, t)
		if err != nil {
			return nil, err
		}
		problems = append(problems, found...)
	}
	if audit == nil || len(ts) == 0 || len(problems) > 0 {
		return problems, nil
	}
	rel, err := ReadRelations(dir)
	if err != nil {
		return append(problems, err.Error()), nil
	}
	if rel == nil {
		return append(problems, fmt.Sprintf("the release has protected tables but no %s/%s: their complementary suppression cannot be re-audited", TablesDir, TablesRelations)), nil
	}
	if claim == nil {
		return append(problems, "the manifest states no protection of the tables"), nil
	}
	if pol != nil && pol.RoundTo > 1 && claim.RoundTo != pol.RoundTo {
		problems = append(problems, fmt.Sprintf("the manifest claims the tables' counts rounded to %d, not to %d as %s says", claim.RoundTo, pol.RoundTo, pol.Source))
	}
	if round := int64(claim.RoundTo); round > 1 {
		// Rounded counts do not add up, so the relations do not hold for them and the linear
		// programs cannot be solved again; what can be checked is that each published count is
		// rounded (a multiple of round_to), as the run wrote it.
		for _, t := range ts {
			bad := 0
			for ri := range t.Rows {
				for ci := range t.Counts {
					if v, ok := t.Value(ri, ci); ok && v%round != 0 {
						bad++
					}
				}
			}
			if bad > 0 {
				problems = append(problems, fmt.Sprintf("table %s publishes %d count(s) that are not multiples of %d: not rounded as the manifest claims", t.Name, bad, round))
			}
		}
		return problems, nil
	}
	all, err := rel.Resolve(ts)
	if err != nil {
		return append(problems, err.Error()), nil
	}
	threshold := max(claim.Threshold, minThreshold)
	width := claim.ProtectionWidth
	if pol != nil && width < pol.ProtectionWidth {
		problems = append(problems, fmt.Sprintf("the manifest claims a protection range of %d for the tables, below %d of %s", width, pol.ProtectionWidth, pol.Source))
		width = pol.ProtectionWidth
	}
	found, err := audit(all, rel, threshold, width)
	if err != nil {
		return nil, err
	}
	return append(problems, found...), nil
}

// checkTableParquet compares the table's Parquet (for machines) with the table in the index,
// value by value through db: a count edited in the Parquet alone is found as one edited in
// the CSV is. Values are compared, not bytes, so that a check by another version of the
// Parquet writer agrees.
func checkTableParquet(ctx context.Context, db Querier, dir string, t *Table) ([]string, error) {
	rel := TablesDir + "/" + t.Name + ".parquet"
	p, err := filepath.Abs(filepath.Join(dir, TablesDir, t.Name+".parquet"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return []string{fmt.Sprintf("%s is missing: %s lists the table", rel, TablesIndex)}, nil
	}
	differs := []string{fmt.Sprintf("%s differs from the table in %s", rel, TablesIndex)}
	rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT COLUMNS(*)::VARCHAR FROM read_parquet('%s')", strings.ReplaceAll(p, "'", "''")))
	if err != nil {
		return []string{fmt.Sprintf("%s cannot be read: %v", rel, err)}, nil
	}
	defer rows.Close()
	var want []string
	want = append(want, t.Labels...)
	for _, c := range t.Counts {
		want = append(want, c, c+"_status")
	}
	want = append(want, t.Figures...)
	got, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if !slices.Equal(got, want) {
		return differs, nil
	}
	vals := make([]*string, len(want))
	args := make([]any, len(want))
	for i := range vals {
		args[i] = &vals[i]
	}
	ri := 0
	for ; rows.Next(); ri++ {
		if err := rows.Scan(args...); err != nil {
			return nil, err
		}
		if ri >= len(t.Rows) || !parquetRowIs(t, ri, vals) {
			return differs, nil
		}
	}
	if err := rows.Err(); err != nil {
		return []string{fmt.Sprintf("%s cannot be read: %v", rel, err)}, nil
	}
	if ri != len(t.Rows) {
		return differs, nil
	}
	return nil, nil
}

// parquetRowIs reports whether a row of a table's Parquet, as text (nil for null), is row ri of t
// as Table.Parquet writes it.
func parquetRowIs(t *Table, ri int, vals []*string) bool {
	row := t.Rows[ri]
	is := func(v *string, want string, null bool) bool {
		if null || v == nil {
			return null && v == nil
		}
		return *v == want
	}
	i := 0
	for j := range t.Labels {
		if j >= len(row.Labels) || !is(vals[i], row.Labels[j], false) {
			return false
		}
		i++
	}
	for ci := range t.Counts {
		v, ok := t.Value(ri, ci)
		if !is(vals[i], strconv.FormatInt(v, 10), !ok) || !is(vals[i+1], row.State[ci].String(), false) {
			return false
		}
		i += 2
	}
	for fi := range t.Figures {
		want, err := strconv.ParseFloat(figure(row, fi), 64)
		v := vals[i]
		if err != nil || v == nil {
			if (err != nil) != (v == nil) {
				return false
			}
		} else if got, err := strconv.ParseFloat(*v, 64); err != nil || got != want {
			return false
		}
		i++
	}
	return true
}
