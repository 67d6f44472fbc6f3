package anonymize

import (
	"slices"
	"testing"
)

// TestSearchPrefer: the levels of the release a series replaces are kept where every model holds
// there within the suppression limit, and searched anew where they do not (attack-2026-12-03d
// finding 2: a monthly series refused at its second month because its levels moved).
func TestSearchPrefer(t *testing.T) {
	a := loadAdult(t)
	opt, err := Search(a.table, Config{K: 5, Metric: Loss})
	if err != nil {
		t.Fatal(err)
	}
	// Discernibility's optimum holds k = 5 without suppression, but is not Loss's optimum.
	prefer := adultOptimum[Discernibility]
	res, err := Search(a.table, Config{K: 5, Metric: Loss, Prefer: prefer})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Preferred || !slices.Equal(res.Levels, prefer) || res.Count != 0 {
		t.Fatalf("preferred %v: got %v (preferred %v, %d suppressed)", prefer, res.Levels, res.Preferred, res.Count)
	}
	if res.Value < opt.Value {
		t.Errorf("the preferred node's loss %v is below the optimum's %v", res.Value, opt.Value)
	}
	// The classes at the preferred levels all hold k.
	sizes := map[string]int{}
	for row := range a.table.Rows() {
		key := ""
		for q := range a.table.Hierarchies {
			key += res.Label(a.table, q, row) + "\x1f"
		}
		sizes[key]++
	}
	for _, n := range sizes {
		if n < 5 {
			t.Fatalf("a class of %d rows at the preferred levels", n)
		}
	}
	// The leaves do not hold k = 5 within 1%: searched as without a preference.
	leaves := make([]int, len(prefer))
	res, err = Search(a.table, Config{K: 5, Metric: Loss, SuppressionLimit: 0.01, Prefer: leaves})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Search(a.table, Config{K: 5, Metric: Loss, SuppressionLimit: 0.01})
	if res.Preferred || !slices.Equal(res.Levels, want.Levels) {
		t.Errorf("leaves preferred: got %v (preferred %v), want the search's %v", res.Levels, res.Preferred, want.Levels)
	}
	// What the leaves would have suppressed is said (attack-2026-12-03e finding 4: the advice
	// names the limit that keeps them): the rows the leaves' classes under k hold.
	all, err := Search(a.table, Config{K: 5, Metric: Loss, SuppressionLimit: 1, Prefer: leaves})
	if err != nil {
		t.Fatal(err)
	}
	if !all.Preferred || all.Count == 0 || res.PreferSuppressed != all.Count || want.PreferSuppressed != 0 || all.PreferSuppressed != 0 {
		t.Errorf("leaves over the limit: PreferSuppressed %d, want %d (the leaves' suppression at limit 1, preferred %v); without Prefer %d, kept %d, want 0",
			res.PreferSuppressed, all.Count, all.Preferred, want.PreferSuppressed, all.PreferSuppressed)
	}
	if _, err := Search(a.table, Config{K: 5, Prefer: prefer[:3]}); err == nil {
		t.Error("3 preferred levels for 8 hierarchies accepted")
	}
	if _, err := Search(a.table, Config{K: 5, Prefer: append(slices.Clone(prefer[:7]), 99)}); err == nil {
		t.Error("a preferred level beyond the hierarchy accepted")
	}
}

func TestPreferLevels(t *testing.T) {
	qis := []QI{
		{Name: "year_of_registration", LevelNames: []string{"year", "period", "*"}},
		{Name: "gender", LevelNames: []string{"gender", "*"}},
		{Name: "citizenship", LevelNames: []string{"country", "*"}},
	}
	searched := []int{0, 1}
	for _, c := range []struct {
		prefer map[string]string
		want   []int
	}{
		{map[string]string{"year_of_registration": "period", "gender": "gender"}, []int{1, 0}},
		{map[string]string{"year_of_registration": "period"}, nil},                                    // gender not named
		{map[string]string{"year_of_registration": "period", "gender": "*", "citizenship": "*"}, nil}, // one more than searched
		{map[string]string{"year_of_registration": "decade", "gender": "gender"}, nil},                // a level it has not
		{map[string]string{"year_of_registration": "period", "citizenship": "country"}, nil},          // another QI
		{nil, nil},
	} {
		if got := preferLevels(qis, searched, c.prefer); !slices.Equal(got, c.want) {
			t.Errorf("%v: got %v, want %v", c.prefer, got, c.want)
		}
	}
}
