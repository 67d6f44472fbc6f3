package anonymize

import "math/rand/v2"

// randomCountTables draws 1 to maxTables tables of 1 to maxRows rows of 1 to 4 counts (0-39),
// each in a state drawn from states, for the tests that compare two procedures on random table
// sets; refs lists every cell. The draws' order is fixed: a seed gives the same tables.
func randomCountTables(rng *rand.Rand, states []State, maxTables, maxRows int) ([]*CountTable, []Ref) {
	var ts []*CountTable
	var refs []Ref
	for ti := range 1 + rng.IntN(maxTables) {
		tb := &CountTable{}
		for ri := range 1 + rng.IntN(maxRows) {
			var row CountRow
			for ci := range 1 + rng.IntN(4) {
				row.Values = append(row.Values, int64(rng.IntN(40)))
				row.State = append(row.State, states[rng.IntN(len(states))])
				refs = append(refs, Ref{ti, ri, ci})
			}
			tb.Rows = append(tb.Rows, row)
		}
		ts = append(ts, tb)
	}
	return ts, refs
}
