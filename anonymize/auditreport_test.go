package anonymize

import "testing"

// TestAuditReportCountsProtectedOnly: the audit's account (the manifest's protected_counts and
// narrowest_width) counts the counts that keep the protection range, not every count Audit
// solves. A changed count (withheld in both releases: its change is audited) and a hidden 0
// that the printed counts give exactly both had width 0, so that synth 3,000's manifests said
// narrowest_width 0 beside exposed 0 (zw's rS1 update, and the first release r3k too).
func TestAuditReportCountsProtectedOnly(t *testing.T) {
	// Table 0: a 2x2 of two small counts and their complements, margins printed.
	cross := &CountTable{Name: "cross", Labels: []string{"row"}, Counts: []string{"a", "b", "total"}, TotalCols: []bool{false, false, true},
		Rows: []CountRow{
			{Labels: []string{"r0"}, Values: []int64{3, 20, 23}, State: []State{Primary, Secondary, Published}},
			{Labels: []string{"r1"}, Values: []int64{4, 30, 34}, State: []State{Primary, Secondary, Published}},
			{Labels: []string{"total"}, Values: []int64{7, 50, 57}, State: []State{Published, Published, Published}, Total: true},
		}}
	// Table 1: a count withheld in this release and the previous one, its total printed (its
	// change, 0, is audited: not a protected count).
	moved := &CountTable{Name: "moved", Labels: []string{"row"}, Counts: []string{"c", "total"}, TotalCols: []bool{false, true},
		Rows: []CountRow{{Labels: []string{"r"}, Values: []int64{15, 15}, State: []State{Secondary, Published}}}}
	// Table 2: a hidden cell of 0 that a printed 0 gives exactly (at stake, but its interval
	// reaches no 1..9).
	cell := &CountTable{Name: "cells", Hidden: true, Labels: []string{"row"}, Counts: []string{"n"}, TotalCols: []bool{false},
		Rows: []CountRow{{Labels: []string{"r"}, Values: []int64{0}, State: []State{Hidden}}}}
	zero := &CountTable{Name: "zero", Labels: []string{"row"}, Counts: []string{"n"}, TotalCols: []bool{false},
		Rows: []CountRow{{Labels: []string{"r"}, Values: []int64{0}, State: []State{Published}}}}
	ts := []*CountTable{cross, moved, cell, zero}
	l := Links{Eqs: []Eq{
		{Plus: []Ref{{0, 0, 2}}, Minus: []Ref{{0, 0, 0}, {0, 0, 1}}},
		{Plus: []Ref{{0, 1, 2}}, Minus: []Ref{{0, 1, 0}, {0, 1, 1}}},
		{Plus: []Ref{{0, 2, 0}}, Minus: []Ref{{0, 0, 0}, {0, 1, 0}}},
		{Plus: []Ref{{0, 2, 1}}, Minus: []Ref{{0, 0, 1}, {0, 1, 1}}},
		{Plus: []Ref{{1, 0, 1}}, Minus: []Ref{{1, 0, 0}}},
		{Plus: []Ref{{3, 0, 0}}, Minus: []Ref{{2, 0, 0}}},
	}}
	p := Protection{Threshold: 10, Width: 5, Before: map[Ref]Interval{{1, 0, 0}: {Lo: 15, Hi: 15}}}
	exposed, iv, rep, err := Audit(ts, l, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(exposed) > 0 {
		t.Fatalf("exposed %v, want none (intervals %v)", exposed, iv)
	}
	// The changed count and the hidden 0 are solved (their intervals are what Audit returns)...
	for _, r := range []Ref{{1, 0, 0}, {2, 0, 0}} {
		if x, ok := iv[r]; !ok || x.Width() != 0 {
			t.Fatalf("count %v: interval %v (solved: %v), want a point", r, x, ok)
		}
	}
	// ...but the account names the two small counts only, each among at least 6 values.
	if rep.Protected != 2 {
		t.Errorf("protected counts %d, want 2 (the two small ones)", rep.Protected)
	}
	want := min(iv[Ref{0, 0, 0}].Width(), iv[Ref{0, 1, 0}].Width())
	if rep.Narrowest != want || want < 5 {
		t.Errorf("narrowest width %v, want %v (the small counts'), at least 5", rep.Narrowest, want)
	}
}
