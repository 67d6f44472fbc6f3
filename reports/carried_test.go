package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// TestWithheldChildrenQuoteLastPrinted (attack-2026-12-02g finding 3): by the fourth month of
// a monthly series no count of boys in any Afghan province was printed and the brief said of
// each only "10 or more"; the values an earlier release printed (tables/carried.json, public)
// are quoted beside the withheld counts, listed under the provinces and on the programme page,
// with what brings the counts back. A count printed now is not quoted, nor a count no earlier
// release printed.
func TestWithheldChildrenQuoteLastPrinted(t *testing.T) {
	kids := func(name string, herat, khost int64, hs, ks State) *Table {
		return &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10,
			Rows: []Row{
				{Labels: []string{"AF", "AF-HER"}, Values: []int64{herat}, State: []State{hs}},
				{Labels: []string{"AF", "AF-KHO"}, Values: []int64{khost}, State: []State{ks}},
				{Labels: []string{"AF", "AF-NAN"}, Values: []int64{0}, State: []State{Secondary}},
			}}
	}
	v := func(n int64) *int64 { return &n }
	carried := release.Carried{
		{Name: "boys-by-province", Counts: []string{"cases"}, Rows: []release.CarriedRow{
			{Labels: []string{"AF", "AF-HER"}, Values: []*int64{v(57)}},
			{Labels: []string{"AF", "AF-KHO"}, Values: []*int64{v(31)}}, // printed now: not quoted
		}},
		{Name: "girls-by-province", Counts: []string{"cases"}, Rows: []release.CarriedRow{
			{Labels: []string{"AF", "AF-HER"}, Values: []*int64{v(12)}},
		}},
	}
	for _, c := range []struct {
		name    string
		carried release.Carried
		want    []string // in the lines, briefMore and the sentence
	}{
		{"carried", carried, []string{"Herat, Afghanistan: boys: the number of boys is withheld", "(the published counts put it at 10–80; an earlier release of this series printed 57)",
			"Herat, Afghanistan: girls: <10 girls (fewer than 10) (an earlier release of this series printed 12)",
			"with the value last printed (tables/carried.json; the count now may be larger or smaller): Herat's boys: 57 and Herat's girls: 12.",
			"Released for everyone once a quarter or once a year"}},
		{"none", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &set{byName: map[string]int{}}
			s.add(kids("boys-by-province", 0, 33, Secondary, Published))
			s.add(kids("girls-by-province", 3, 0, Primary, Published))
			r := &report{opt: Options{Threshold: 10, Bounds: rangeBounds{10, 80}}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
			if c.carried != nil {
				r.carried = c.carried.Index()
			}
			_, lines, ok, err := r.childrenByProvince()
			if err != nil || !ok {
				t.Fatalf("childrenByProvince: %v, %v", ok, err)
			}
			var all []string
			for _, l := range lines {
				all = append(all, l.Place+": boys: "+l.Boys, l.Place+": girls: "+l.Girls)
			}
			all = append(all, r.briefMore(listedPlaces(lines)), r.carriedSentence())
			got := strings.Join(all, "\n")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in\n%s", w, got)
				}
			}
			if strings.Contains(got, "31") {
				t.Errorf("Khost's 31 quoted, though its boys are printed now (33):\n%s", got)
			}
			// The programme page's group of Herat's boys (centre-gaps: province, gender, minor).
			if v, ok := r.groupLastPrinted("AF-HER", "male", "minor"); ok != (c.carried != nil) || ok && v != 57 {
				t.Errorf("Herat's boys on the programme page: %d, %v", v, ok)
			}
			if _, ok := r.groupLastPrinted("AF-HER", "male", "adult or age unknown"); ok {
				t.Error("Herat's adult men quoted with the boys' count")
			}
			if c.carried == nil && strings.Contains(got, "earlier release") {
				t.Errorf("no carried values, but:\n%s", got)
			}
		})
	}
}

// TestGapsBelowQuoteLastPrinted (attack-2026-12-03a finding 3's rest): a withheld group ranked
// below the groups shown, by its least, names the value an earlier release printed too
// (Kolkata's girls ranked 11th "by 10 cases or more" beside carried.json's 115), and the page
// says why that value does not rank it.
func TestGapsBelowQuoteLastPrinted(t *testing.T) {
	cols := []string{"rank", "province", "province_name", "gender", "majority_status", "period", "recent_cases", "cases_per_year", "recent_cases_least"}
	var rows [][]any
	for i := 1; i <= 11; i++ {
		rows = append(rows, []any{int64(i), "AF-X", "Place", "male", "minor", "2015-2025", "20", "1.0", nil})
	}
	rows = append(rows, []any{int64(12), "AF-HER", "Herat", "male", "minor", "2015-2025", "x", "0.9", int64(10)})
	boys := &Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10,
		Rows: []Row{{Labels: []string{"AF", "AF-HER"}, Values: []int64{0}, State: []State{Secondary}}}}
	v := int64(57)
	carried := release.Carried{{Name: "boys-by-province", Counts: []string{"cases"}, Rows: []release.CarriedRow{
		{Labels: []string{"AF", "AF-HER"}, Values: []*int64{&v}}}}}
	for _, withCarried := range []bool{true, false} {
		s := &set{byName: map[string]int{}}
		s.add(boys)
		r := &report{opt: Options{Threshold: 10}, set: s, gaps: &analysis.Table{Name: "centre-gaps", Columns: cols, Rows: rows}}
		if withCarried {
			r.carried = carried.Index()
		}
		got := r.gapsSentence(r.gapsModel())
		for _, w := range []string{"Herat's boys (rank 12, by 10 cases or more; 57 in an earlier release)", "it is not ranked by it: that count is not a floor of the count now"} {
			if strings.Contains(got, w) != withCarried {
				t.Errorf("carried %v: %q in %q: %v", withCarried, w, got, !withCarried)
			}
		}
	}
}
