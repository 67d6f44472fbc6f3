package release

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// checkTables re-audits the primary suppression of the protected tables (TablesDir): every
// published count is 0 or at least the table's threshold, no table's threshold is below
// minThreshold, every row has a state per count, and each table's CSV says what the index
// says. With audit, it also re-audits the complementary (secondary) suppression from the
// relations the run recorded (TablesRelations): a missing or inconsistent relations file, or
// a primary count that the published counts place in an interval narrower than the
// protection range, is a finding.
func checkTables(dir string, minThreshold int, claim *TablesProtection, pol *Policy, audit func([]*Table, *Relations, int, int) ([]string, error)) ([]string, error) {
	ts, err := ReadTables(dir)
	if err != nil {
		return []string{err.Error()}, nil
	}
	var problems []string
	for _, t := range ts {
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
		if err == nil && !bytes.Equal(got, want) {
			problems = append(problems, fmt.Sprintf("%s/%s.csv differs from the table in %s", TablesDir, t.Name, TablesIndex))
		}
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
	if claim.RoundTo > 1 {
		return problems, nil // rounded counts do not add up: the relations do not hold for them
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
