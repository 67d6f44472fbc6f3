package anonymize

import (
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// givenTables is attack-2026-12-03d finding 9's pattern: forced military service printed at
// 183 cases, 0 adults and 0 of unknown age, its minors withheld (a total of the finest cells
// the protection kept), and their copy in the minors' table withheld too; sexual exploitation
// with two counts withheld, which its row does not give (either may be anything to 40).
func givenTables() ([]*CountTable, Links) {
	row := func(label string, vals []int64, st []State) CountRow {
		return CountRow{Labels: []string{label}, Values: vals, State: st}
	}
	P, S := Published, Secondary
	age := &CountTable{Name: "exploitation-by-age", Labels: []string{"form"}, Counts: []string{"all", "minors", "adults", "unknown"},
		TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []CountRow{
			row("forced_military", []int64{183, 183, 0, 0}, []State{P, S, P, P}),
			row("sexual", []int64{60, 20, 20, 20}, []State{P, S, S, P}),
		}}
	minors := &CountTable{Name: "minors-by-exploitation", Labels: []string{"form"}, Counts: []string{"minors"},
		TotalCols: []bool{false}, Threshold: 10, Rows: []CountRow{
			row("forced_military", []int64{183}, []State{S}),
			row("sexual", []int64{20}, []State{S}),
		}}
	ts := []*CountTable{age, minors}
	var l Links
	for r := range age.Rows {
		l.Eqs = append(l.Eqs, Eq{Plus: []Ref{{0, r, 0}}, Minus: []Ref{{0, r, 1}, {0, r, 2}, {0, r, 3}}})
		l.Eqs = append(l.Eqs, Eq{Plus: []Ref{{0, r, 1}}, Minus: []Ref{{1, r, 0}}})
	}
	return ts, l
}

// TestPrintGiven: the run prints a withheld count that its row's printed counts give, and its
// copy with it; not one the differencing guard withholds (nor its copy), nor one the row does
// not give.
func TestPrintGiven(t *testing.T) {
	for _, tc := range []struct {
		name    string
		guarded []Ref
		want    int
	}{
		{"printed", nil, 2},
		{"the copy guarded", []Ref{{1, 0, 0}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, l := givenTables()
			s := &tableSet{tables: ts}
			p := &Protection{Threshold: 10, Guarded: map[Ref]bool{}}
			for _, r := range tc.guarded {
				p.Guarded[r] = true
			}
			if n := len(s.printGiven(l, p)); n != tc.want {
				t.Fatalf("printed %d counts, want %d", n, tc.want)
			}
			_, st := at(ts, Ref{0, 0, 1})
			_, twin := at(ts, Ref{1, 0, 0})
			if want := map[bool]State{true: Published, false: Secondary}[tc.want > 0]; st != want || twin != want {
				t.Errorf("military minors %v, their copy %v; want both %v", st, twin, want)
			}
			for _, r := range []Ref{{0, 1, 1}, {0, 1, 2}, {1, 1, 0}} {
				if _, st := at(ts, r); st != Secondary {
					t.Errorf("%v: %v, want withheld (its row does not give it)", r, st)
				}
			}
		})
	}
}

// TestGivenByPrinted: check names, in a release written before the run printed them, the
// withheld counts its printed counts give, and hands them printed to MovedFromCarried: moved
// by 3 from a value an earlier release printed, it is a finding.
func TestGivenByPrinted(t *testing.T) {
	ts, l := givenTables()
	rel := relationsOf(ts, l, nil)
	for _, tb := range ts {
		tb.Withhold()
	}
	all, err := rel.Resolve(ts)
	if err != nil {
		t.Fatal(err)
	}
	names, given := GivenByPrinted(all, rel)
	want := []string{"exploitation-by-age row forced_military column minors", "minors-by-exploitation row forced_military column minors"}
	if !slices.Equal(names, want) {
		t.Fatalf("named %q, want %q", names, want)
	}
	if len(given) != 2 || given[0].Rows[0].Values[1] != 183 || given[0].Rows[0].State[1] != Published || given[0].Rows[1].State[1] != Secondary {
		t.Fatalf("given tables: %+v", given)
	}
	// The release before printed forced military service's minors at 180: carried.
	before := []*CountTable{{Name: "exploitation-by-age", Labels: []string{"form"}, Counts: ts[0].Counts, Threshold: 10,
		Rows: []CountRow{{Labels: []string{"forced_military"}, Values: []int64{180, 180, 0, 0}, State: []State{Published, Published, Published, Published}}}}}
	earlier := release.Carry(ts, before, nil)
	moved := release.MovedFromCarried(earlier, given)
	if len(moved) != 1 || !strings.Contains(moved[0], "column minors: printed, it moved by 3") {
		t.Errorf("moved: %q", moved)
	}
}
