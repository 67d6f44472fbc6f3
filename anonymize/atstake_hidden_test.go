package anonymize

import "testing"

// TestAtStakeEveryHiddenTable is outc session zo's Left: a hidden count whose value does not
// protect it (0, or the threshold or more) was audited by its interval only in the curves'
// tables between points, so in every other hidden table (the case tables' finest
// cross-classifications, *-group-not-recorded, the funnel's stopped-at-stage, the returns) a
// count left narrow in an interval reaching 1..9 told it was not small, as X9's did (the
// audit widens the small ones). Every hidden table's count is now at stake so; a printed or
// withheld count keeps its rule, and an interval that reaches no small count asks nothing.
func TestAtStakeEveryHiddenTable(t *testing.T) {
	p := Protection{Threshold: 10, Width: 5}
	table := func(name string, hidden bool, v int64, s State) *CountTable {
		return &CountTable{Name: name, Hidden: hidden, Labels: []string{"months"}, Counts: []string{"exits"}, TotalCols: []bool{false},
			Rows: []CountRow{{Labels: []string{"24 months"}, Values: []int64{v}, State: []State{s}}}}
	}
	for _, c := range []struct {
		tb      *CountTable
		x       Interval
		exposed bool
	}{
		{table("length-of-stay-group-not-recorded", true, 11, Hidden), Interval{7, 11}, true},
		{table("cases-by-province-year-group", true, 0, Hidden), Interval{0, 3}, true},
		{table("justice-funnel-stopped-at-stage", true, 12, Hidden), Interval{8, 12}, true},
		{table("re-trafficking-or-return-returns", true, 10, Hidden), Interval{9, 10}, true},
		{table("re-trafficking-censored-between-points", true, 11, Hidden), Interval{7, 11}, true}, // X9, as before
		{table("length-of-stay-group-not-recorded", true, 14, Hidden), Interval{10, 14}, false},    // reaches no small count
		{table("length-of-stay-group-not-recorded", true, 11, Hidden), Interval{5, 11}, false},     // wide enough
		{table("length-of-stay", false, 11, Published), Interval{7, 11}, false},                    // printed
	} {
		ts := []*CountTable{c.tb}
		if got := p.exposedIn(ts, Ref{0, 0, 0}, c.x); got != c.exposed {
			t.Errorf("%s = %d (%v) placed in [%g, %g]: exposed %v, want %v", c.tb.Name, c.tb.Rows[0].Values[0], c.tb.Rows[0].State[0], c.x.Lo, c.x.Hi, got, c.exposed)
		}
	}
}
