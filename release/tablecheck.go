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
// says. The complementary (secondary) suppression is audited by the run that made the tables
// (the manifest's tables audit); check does not redo that linear program.
func checkTables(dir string, minThreshold int) ([]string, error) {
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
	return problems, nil
}
