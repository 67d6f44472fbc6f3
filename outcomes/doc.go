// Package outcomes computes the programme and justice figures of what
// happens after rescue, from per-case derived outcomes: follow-up coverage
// and schooling shares with Wilson intervals, the justice attrition funnel
// with its two conviction rates, and centre planning (occupancy and beds
// needed by Little's law). Time-to-event curves (length of stay,
// reintegration, re-trafficking) are in package survival.
//
// Functions take plain per-case values, so the package imports neither
// ingest nor DuckDB: callers pass derived outcomes (months since
// reintegration, furthest legal stage, ...) and keep identifiers and dates
// of events on their side of the privacy boundary. Input errors are
// *InputError values naming the argument and index, never the value.
package outcomes

import "fmt"

// InputError reports an invalid input value by argument and 0-based index
// (-1 for the argument as a whole). It never holds the value itself.
type InputError struct {
	Arg    string
	Index  int
	Reason string
}

func (e *InputError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("outcomes: %s: %s", e.Arg, e.Reason)
	}
	return fmt.Sprintf("outcomes: %s[%d]: %s", e.Arg, e.Index, e.Reason)
}
