package release

import (
	"fmt"
	"strings"
)

// MissingRule is the rule for missing sensitive values that every l-diversity and t-closeness
// computation follows (the search, the release's manifest and Check): sdcMicro's convention.
const MissingRule = "a missing sensitive value (null, blank, NA, N/A or NULL; for several columns, all of them missing) " +
	"is not a sensitive value: it counts in its class's size but not as one of the l values, and entropy, " +
	"recursive (c,l)-diversity and t-closeness use the distribution of the recorded values only; " +
	"a class with no recorded value discloses none: it meets l-diversity and is at distance 0 for t-closeness"

// missingRuleBefore is the rule that releases made before 2026-12-02 state: the same but for a
// class with no recorded value, which failed l-diversity. Such a release was checked more
// strictly than MissingRule asks, so check accepts it.
const missingRuleBefore = "a missing sensitive value (null, blank, NA, N/A or NULL; for several columns, all of them missing) " +
	"is not a sensitive value: it counts in its class's size but not as one of the l values, and entropy, " +
	"recursive (c,l)-diversity and t-closeness use the distribution of the recorded values only; " +
	"a class with no recorded value fails l-diversity and is at distance 0 for t-closeness"

// IsMissing reports whether one value of a sensitive column is missing: blank, or "NA", "N/A"
// or "NULL" in any case. A null is missing too (the caller knows it apart from "").
func IsMissing(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	switch strings.ToUpper(v) {
	case "NA", "N/A", "NULL":
		return true
	}
	return false
}

// missingSQL is the DuckDB condition of IsMissing on a column (a quoted name), nulls included.
func missingSQL(col string) string {
	return fmt.Sprintf(`(%s IS NULL OR upper(trim(CAST(%s AS VARCHAR))) IN ('', 'NA', 'N/A', 'NULL'))`, col, col)
}
