package release

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCarry follows one count through four releases: printed (31), withheld, withheld again,
// printed (45), withheld: each release carries the last value printed while it withholds the
// count, and the carried values survive a round trip through their file's JSON.
func TestCarry(t *testing.T) {
	table := func(v int64, st State) []*Table {
		return []*Table{{Name: "cases-by-province", Counts: []string{"cases", "female"}, Threshold: 10,
			Rows: []Row{{Labels: []string{"AF", "AF-KHO"}, Values: []int64{v, 0}, State: []State{st, Secondary}}}}}
	}
	roundTrip := func(c Carried) Carried {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var out Carried
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	last := func(c Carried) (int64, bool) {
		return c.Index().Last("cases-by-province", []string{"cases", "female"}, []string{"AF", "AF-KHO"}, 0)
	}
	july := table(31, Published)
	c := roundTrip(Carry(july, nil, nil))
	if _, ok := last(c); ok || len(c) != 0 {
		t.Fatalf("a first release carries %v", c)
	}
	sept := table(0, Secondary)
	c = roundTrip(Carry(sept, july, c))
	if v, ok := last(c); !ok || v != 31 {
		t.Fatalf("September: carried %d, %v; want July's 31", v, ok)
	}
	oct := table(0, Primary)
	c = roundTrip(Carry(oct, sept, c))
	if v, ok := last(c); !ok || v != 31 {
		t.Fatalf("October: carried %d, %v; want July's 31, through September's carried values", v, ok)
	}
	nov := table(45, Published)
	c = roundTrip(Carry(nov, oct, c))
	if _, ok := last(c); ok {
		t.Fatalf("November prints the count: carried %v", c)
	}
	dec := table(0, Secondary)
	c = roundTrip(Carry(dec, nov, c))
	if v, ok := last(c); !ok || v != 45 {
		t.Fatalf("December: carried %d, %v; want November's 45", v, ok)
	}
	// A rounded or noisy count is not carried: it is not the count's value.
	rounded := table(30, Published)
	rounded[0].Rows[0].Rounded = []int64{30, 0}
	if c := Carry(sept, rounded, nil); len(c) != 0 {
		t.Errorf("a rounded count carried: %v", c)
	}
}

// TestMovedFromCarried: a count the previous release withheld, printed again one case away from
// the value an earlier release printed, is named; ten cases away, it is not.
func TestMovedFromCarried(t *testing.T) {
	table := func(v int64) []*Table {
		return []*Table{{Name: "cases-by-province", Counts: []string{"cases"}, Threshold: 10,
			Rows: []Row{{Labels: []string{"AF", "AF-KHO"}, Values: []int64{v}, State: []State{Published}}}}}
	}
	sept := table(0)
	sept[0].Rows[0].State[0] = Secondary
	carried := Carry(sept, table(31), nil)
	if got := MovedFromCarried(carried, table(32)); len(got) != 1 {
		t.Errorf("31 printed, withheld, 32 printed: %q, want one finding", got)
	}
	if got := MovedFromCarried(carried, table(41)); len(got) != 0 {
		t.Errorf("31 printed, withheld, 41 printed: %q, want none", got)
	}
}

// TestCarryEveryPrinted follows Herat's count through a series that rose and fell back
// (attack-2026-12-03a finding 1b: 30 in July, 42 in September, 32 in November after ten
// cases were corrected to another province): November's carried values hold July's 30 as well
// as September's 42, so the guard and check --previous see that 32 is 2 from a value printed.
func TestCarryEveryPrinted(t *testing.T) {
	table := func(v int64) []*Table {
		return []*Table{{Name: "cases-by-province", Counts: []string{"cases"}, Threshold: 10,
			Rows: []Row{{Labels: []string{"AF", "AF-HER"}, Values: []int64{v}, State: []State{Published}}}}}
	}
	rt := func(c Carried) Carried {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var out Carried
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	july, sept := table(30), table(42)
	c := rt(Carry(july, nil, nil))
	c = rt(Carry(sept, july, c))
	printed := c.Index().Printed("cases-by-province", []string{"cases"}, []string{"AF", "AF-HER"}, 0)
	if !slices.Equal(printed, []int64{30}) {
		t.Fatalf("September's carried values hold %v printed before it, want July's [30]", printed)
	}
	if p, near := Near(32, printed, 10); !near || p != 30 {
		t.Errorf("32 after 30 and 42: near %d, %v; want 30", p, near)
	}
	if got := MovedFromCarried(c, table(32)); len(got) != 1 {
		t.Errorf("30, 42, 32: %q, want one finding", got)
	}
	if got := MovedFromCarried(c, table(30)); len(got) != 0 {
		t.Errorf("30, 42, 30 (back at a value printed): %q, want none", got)
	}
	nov := table(52)
	c = rt(Carry(nov, sept, c))
	if printed := c.Index().Printed("cases-by-province", []string{"cases"}, []string{"AF", "AF-HER"}, 0); !slices.Equal(printed, []int64{30, 42}) {
		t.Errorf("November's carried values hold %v, want [30 42]", printed)
	}
	// A file of an older version (no "printed") gives its last value.
	old := Carried{{Name: "cases-by-province", Counts: []string{"cases"}, Rows: []CarriedRow{{Labels: []string{"AF", "AF-HER"}, Values: []*int64{&[]int64{31}[0]}}}}}
	if got := old.Index().Printed("cases-by-province", []string{"cases"}, []string{"AF", "AF-HER"}, 0); !slices.Equal(got, []int64{31}) {
		t.Errorf("an older file: printed %v, want [31]", got)
	}
	// A bound of a value printed unrecorded (a previous release of an older version): a
	// count printed less than the threshold above it is named.
	bound := rt(Carried{}.SetAtMost(table(0)[0], []string{"AF", "AF-HER"}, 0, 39))
	if got := MovedFromCarried(bound, table(45)); len(got) != 1 {
		t.Errorf("printed at most 39, then 45: %q, want one finding", got)
	}
	if got := MovedFromCarried(bound, table(49)); len(got) != 0 {
		t.Errorf("printed at most 39, then 49: %q, want none", got)
	}
}

// TestSetAtLeast: the lower bound earlier releases' tables gave a withheld count is carried in
// printed_at_least (the largest of two kept), survives the file's JSON, and is found by AtLeast.
func TestSetAtLeast(t *testing.T) {
	tab := &Table{Name: "minors-by-form-and-gender", Counts: []string{"male", "female", "other_or_unknown"}}
	labels := []string{"forced_labour"}
	c := Carried{}.SetAtLeast(tab, labels, 2, 3).SetAtLeast(tab, labels, 2, 2).SetAtLeast(tab, labels, 0, 12)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Carried
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	x := back.Index()
	if v, ok := x.AtLeast(tab.Name, tab.Counts, labels, 2); !ok || v != 3 {
		t.Errorf("other_or_unknown at least %d, %v; want 3", v, ok)
	}
	if v, ok := x.AtLeast(tab.Name, tab.Counts, labels, 0); !ok || v != 12 {
		t.Errorf("male at least %d, %v; want 12", v, ok)
	}
	if _, ok := x.AtLeast(tab.Name, tab.Counts, labels, 1); ok {
		t.Error("female carries a bound it was not given")
	}
	if _, ok := x.Last(tab.Name, tab.Counts, labels, 2); ok {
		t.Error("a bound taken for a printed value")
	}
}

// TestBoundsForTheOrganisation: the lower bounds leave carried.json (published for everyone:
// a bound can be 1-9) for CarriedBoundsFile, at the release's root and for the organisation,
// and ReadCarried puts them back.
func TestBoundsForTheOrganisation(t *testing.T) {
	tab := &Table{Name: "minors-by-form-and-gender", Counts: []string{"male", "other_or_unknown"}}
	v := int64(31)
	c := Carried{{Name: tab.Name, Counts: tab.Counts, Rows: []CarriedRow{{Labels: []string{"forced_labour"}, Values: []*int64{&v, nil}}}}}
	c = c.SetAtLeast(tab, []string{"forced_labour"}, 1, 3).SetAtLeast(tab, []string{"sexual"}, 1, 2)
	pub, bounds := c.splitBounds()
	pj, _ := json.Marshal(pub)
	bj, _ := json.Marshal(bounds)
	if strings.Contains(string(pj), "at_least") || len(pub) != 1 || len(pub[0].Rows) != 1 {
		t.Fatalf("carried.json holds %s", pj)
	}
	if AudienceOf(CarriedBoundsFile) != ForOrganisation {
		t.Fatalf("%s is for %s", CarriedBoundsFile, AudienceOf(CarriedBoundsFile))
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, TablesDir), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, TablesDir, TablesCarried), pj, 0o600)
	os.WriteFile(filepath.Join(dir, CarriedBoundsFile), bj, 0o600)
	back, err := ReadCarried(dir)
	if err != nil {
		t.Fatal(err)
	}
	x := back.Index()
	if got, ok := x.Last(tab.Name, tab.Counts, []string{"forced_labour"}, 0); !ok || got != 31 {
		t.Errorf("last %d, %v", got, ok)
	}
	for labels, want := range map[string]int64{"forced_labour": 3, "sexual": 2} {
		if got, ok := x.AtLeast(tab.Name, tab.Counts, []string{labels}, 1); !ok || got != want {
			t.Errorf("%s: at least %d, %v; want %d", labels, got, ok, want)
		}
	}
	// A published folder (no bounds file): the carried values without bounds.
	os.Remove(filepath.Join(dir, CarriedBoundsFile))
	if back, err = ReadCarried(dir); err != nil {
		t.Fatal(err)
	} else if _, ok := back.Index().AtLeast(tab.Name, tab.Counts, []string{"forced_labour"}, 1); ok {
		t.Error("a bound read without its file")
	}
}

// TestCarryFigures follows the occupancy table's mean stay of one province through four
// releases: printed (10.3), withheld with a count the guard withheld, withheld again,
// printed (9.8), withheld: each release carries the last figure printed while it withholds it
// with the row's counts, through the file's JSON (attack-2026-12-03g finding 7b). A figure
// not printed while every count of its row is (none defined) is not carried.
func TestCarryFigures(t *testing.T) {
	table := func(stay string, st State) []*Table {
		return []*Table{{Name: "occupancy", Labels: []string{"province"}, Counts: []string{"admissions", "in_care_at_end"}, Threshold: 10,
			Figures: []string{"beds", "mean_stay_months"},
			Rows:    []Row{{Labels: []string{"AF-HER"}, Values: []int64{14, 19}, State: []State{Published, st}, Figures: []string{"30", stay}}}}}
	}
	roundTrip := func(c Carried) Carried {
		j, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var out Carried
		if err := json.Unmarshal(j, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	last := func(c Carried) (string, bool) {
		return c.Index().LastFigure("occupancy", []string{"admissions", "in_care_at_end"}, []string{"AF-HER"}, "mean_stay_months")
	}
	july := table("10.3", Published)
	c := roundTrip(Carry(july, nil, nil))
	if f, ok := last(c); ok {
		t.Fatalf("a first release carries %q", f)
	}
	sept := table("", Secondary)
	c = roundTrip(Carry(sept, july, c))
	if f, ok := last(c); !ok || f != "10.3" {
		t.Fatalf("September: carried %q, %v; want July's 10.3", f, ok)
	}
	oct := table("", Primary)
	c = roundTrip(Carry(oct, sept, c))
	if f, ok := last(c); !ok || f != "10.3" {
		t.Fatalf("October: carried %q, %v; want July's 10.3, through September's carried values", f, ok)
	}
	nov := table("9.8", Published)
	c = roundTrip(Carry(nov, oct, c))
	if f, ok := last(c); ok {
		t.Fatalf("November prints the figure: carried %q", f)
	}
	dec := table("", Secondary)
	c = roundTrip(Carry(dec, nov, c))
	if f, ok := last(c); !ok || f != "9.8" {
		t.Fatalf("December: carried %q, %v; want November's 9.8", f, ok)
	}
	if pub, _ := c.splitBounds(); len(pub) != 1 || pub[0].Rows[0].Figures["mean_stay_months"] != "9.8" {
		t.Fatalf("carried.json for everyone drops the figure: %+v", pub)
	}
	// Not defined now (every count printed): nothing to carry.
	none := table("", Published)
	if f, ok := last(Carry(none, nov, nil)); ok {
		t.Fatalf("a figure not defined, its counts printed: carried %q", f)
	}
}

// TestPlacedForEveryone: the interval the release before placed a count in (placed_before,
// attack-2026-12-04b finding 7c) stays in carried.json, published (its least is the threshold
// or more, from published tables only), alone on its row too, and is read back from it.
func TestPlacedForEveryone(t *testing.T) {
	tab := &Table{Name: "cases-by-province-and-gender", Counts: []string{"cases", "female", "male", "other_or_unknown"}}
	labels := []string{"IN", "IN-WB"}
	c := Carried{}.SetPlaced(tab, labels, 3, 11, 19).SetAtLeast(tab, labels, 3, 11)
	pub, bounds := c.splitBounds()
	pj, _ := json.Marshal(pub)
	if len(pub) != 1 || !strings.Contains(string(pj), `"placed_before":[null,null,null,[11,19]]`) || strings.Contains(string(pj), "at_least") {
		t.Fatalf("carried.json holds %s", pj)
	}
	if len(bounds) != 1 || bounds[0].Rows[0].Placed != nil {
		t.Fatalf("carried_bounds.json holds %+v", bounds)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, TablesDir), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, TablesDir, TablesCarried), pj, 0o600)
	back, err := ReadCarried(dir)
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi, ok := back.Index().Placed(tab.Name, tab.Counts, labels, 3); !ok || lo != 11 || hi != 19 {
		t.Errorf("placed %d-%d, %v; want 11-19", lo, hi, ok)
	}
	if _, _, ok := back.Index().Placed(tab.Name, tab.Counts, labels, 2); ok {
		t.Error("a column placed that was not")
	}
}
