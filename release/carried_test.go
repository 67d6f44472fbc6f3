package release

import (
	"encoding/json"
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
