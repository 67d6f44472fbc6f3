package reports

import (
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// The brief's list follows the rule it states: a province is ranked by its boys and girls
// together, a count shown as <10 at 5 (the middle of 1-9) and a withheld one ("x") at the
// midpoint of the interval the published counts allow it (attack-2026-12-05e X9, synth 3,000
// seed 1: Koh Kong's 11 and 15, 26, listed 8th while Banteay Meanchey's <10 and 24, 29, and
// Siem Reap's <10 and 23, 28, were left out; Paktika's 123 and <10, 128, listed below Khost's
// 114 and 13, 127: a <10 counted as 0). A province that may have more children than the fewest
// of one listed above it says so on its line (Khost: 127 against Paktika's 124-132); one left
// out that may have more than the fewest of one listed is named after the list (Koh Kong's 26
// and Preah Sihanouk's 18-26 against Banteay Meanchey's 25-33), one that may not is not
// (Kratie's <10 and <10 is in no line; Pailin's 11 alone neither).
func TestBriefRanksByItsStatedRule(t *testing.T) {
	const x = -1 // withheld to protect another count, the LP's 10-20
	type prov struct {
		code        string
		boys, girls int64 // 0: shown <10
	}
	provinces := []prov{{"IN-WB", 141, 470}, {"IN-MH", 68, 235}, {"KH-12", 75, 141}, {"AF-HER", 168, 21},
		{"AF-NAN", 160, x}, {"AF-KHO", 114, 13}, {"AF-PKA", 123, 0},
		{"KH-9", 11, 15}, {"KH-1", 0, 24}, {"KH-17", 0, 23}, {"KH-18", 0, 17}, {"KH-10", 0, 0}, {"KH-24", 11, -2}}
	kids := func(name string, boys bool) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for _, p := range provinces {
			n := p.girls
			if boys {
				n = p.boys
			}
			st := Published
			switch n {
			case -2:
				continue // no girls recorded: no row
			case x:
				n, st = 0, Secondary
			case 0:
				st = Primary // shown "<10"
			}
			t.Rows = append(t.Rows, Row{Labels: []string{p.code[:2], p.code}, Values: []int64{n}, State: []State{st}})
		}
		return t
	}
	s := &set{byName: map[string]int{}}
	s.add(kids("boys-by-province", true))
	s.add(kids("girls-by-province", false))
	r := &report{opt: Options{Threshold: 10, Bounds: rangeBounds{10, 20}}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
	_, lines, ok, err := r.childrenByProvince()
	if err != nil || !ok {
		t.Fatalf("childrenByProvince: %v, %v", ok, err)
	}
	var got []string
	for _, l := range lines[:listedPlaces(lines)] {
		got = append(got, l.Place)
	}
	want := []string{"West Bengal, India", "Maharashtra, India", "Phnom Penh, Cambodia", "Herat, Afghanistan", "Nangarhar, Afghanistan",
		"Paktika, Afghanistan", "Khost, Afghanistan", "Banteay Meanchey, Cambodia"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("listed:\n %s\nwant (by 611, 303, 216, 189, 175, 128, 127, 29):\n %s", strings.Join(got, "; "), strings.Join(want, "; "))
	}
	for i, l := range lines[:listedPlaces(lines)] {
		note := strings.Contains(l.Girls, "its place in this list is not known")
		if want := l.Place == "Khost, Afghanistan"; note != want {
			t.Errorf("%s (%d): %q: a note on its place %v, want %v", l.Place, i+1, l.Girls, note, want)
		}
	}
	if w := "its place in this list is not known: the published counts allow it more children than Paktika, Afghanistan, listed above it"; !strings.Contains(lines[6].Girls, w) {
		t.Errorf("Khost: %q, want %q", lines[6].Girls, w)
	}
	more := r.briefMore(listedPlaces(lines))
	for _, w := range []string{
		"A province is ranked by its boys and girls together, a count shown as <10 counted as 5, the middle of 1–9.",
		"Where a count is withheld, a province is ranked by the midpoint of the interval the published counts allow it",
		"Where the published counts leave a province room for more children than one listed above it, its line says so.",
		"Siem Reap, Cambodia, Koh Kong, Cambodia and Preah Sihanouk, Cambodia are not listed, though the published counts leave them room for more children than a province listed: their place in this list is not known.",
	} {
		if !strings.Contains(more, w) {
			t.Errorf("briefMore = %q, want %q", more, w)
		}
	}
	for _, n := range []string{"Kratie", "Pailin"} {
		if strings.Contains(more, n) {
			t.Errorf("briefMore = %q names %s (at most 18 and 11 children, Banteay Meanchey 25 or more)", more, n)
		}
	}
}

// TestGapsWithheldGroupCarried is attack-2026-12-03f finding 6 on the page: a group counted
// from the value an earlier release printed (per_year_note analysis.CarriedUsed, or
// CarriedWhole for its gender's count at all ages) shows that value, not "its midpoint used",
// shown or ranked below, and the sentence says how such a group is counted.
func TestGapsWithheldGroupCarried(t *testing.T) {
	cols := []string{"rank", "province", "province_name", "gender", "majority_status", "period", "recent_cases", "cases_per_year", "recent_cases_least", "recent_cases_most", "per_year_note"}
	row := func(rank int, name, cases string, least, most any, note any) []any {
		return []any{int64(rank), "AF-X", name, "female", "minor", "2015-2025", cases, "2.3", least, most, note}
	}
	var rows [][]any
	for i := 1; i <= 12; i++ {
		rows = append(rows, row(i, "Place", "20", nil, nil, nil))
	}
	rows[3] = row(4, "Herat", "x", int64(10), int64(87), "the province's cases are withheld, placed at 214-294 by the published tables: its midpoint used; "+analysis.CarriedUsed+" 20")
	rows[4] = row(5, "Nangarhar", "x", int64(10), int64(87), analysis.CarriedWhole+" 18")
	rows[11] = row(12, "Khost", "x", int64(10), nil, analysis.CarriedUsed+" 11")
	r := &report{gaps: &analysis.Table{Name: "centre-gaps", Columns: cols, Rows: rows}}
	g := r.gapsModel()
	for i, want := range map[int]string{3: "x (10–87; the 20 an earlier release printed used)", 4: "x (10–87; the 18 of its gender at all ages an earlier release printed used)"} {
		if got := g.Table.Rows[i][3]; got != want {
			t.Errorf("row %d: cases %q, want %q", i+1, got, want)
		}
	}
	s := r.gapsSentence(g)
	for _, want := range []string{"Khost's girls (rank 12, by the 11 an earlier release printed, placed at 10 or more)",
		"is counted at the value an earlier release of the series printed of it (tables/carried.json)"} {
		if !strings.Contains(s, want) {
			t.Errorf("the sentence %q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "is counted at its midpoint") {
		t.Errorf("the sentence %q speaks of a midpoint: none is used", s)
	}
}

// A province whose boys and girls are withheld to protect other counts ("x"), bounded by the
// published counts only far below, is ranked by the values an earlier release of the series
// printed (carried.json), kept within the bounds: West Bengal, the largest province (469 girls
// and 140 boys printed before), was left out of the update's eight, ranked by its least
// (attack-2026-12-03g, lows). Without a value printed before it is still ranked by its least.
func TestBriefRanksWithheldByCarried(t *testing.T) {
	type prov struct {
		code        string
		boys, girls int64
	}
	provinces := []prov{{"KH-12", 75, 141}, {"KH-2", 60, 60}, {"KH-3", 50, 50}, {"KH-4", 40, 40}, {"KH-5", 30, 30},
		{"KH-6", 20, 20}, {"KH-7", 15, 15}, {"KH-9", 11, 15}, {"KH-1", 12, 12}, {"IN-WB", -1, -1}}
	kids := func(name string, boys bool) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for _, p := range provinces {
			n, st := p.girls, Published
			if boys {
				n = p.boys
			}
			if n < 0 {
				n, st = 0, Secondary // "x"
			}
			t.Rows = append(t.Rows, Row{Labels: []string{p.code[:2], p.code}, Values: []int64{n}, State: []State{st}})
		}
		return t
	}
	for _, tc := range []struct {
		name        string
		carried     bool
		boys, girls int64
		bounds      analysis.SumBounder // nil: bounded below only
		at          int                 // West Bengal's place, -1 not listed
		why         string              // its line's words
	}{
		{"printed before", true, 140, 469, nil, 0, "ranked with its withheld counts at the values an earlier release of this series printed (140 boys, 469 girls), kept within the bounds the published counts give them"},
		{"never printed", false, 0, 0, nil, -1, ""},
		// One rule with the centre gaps' (analysis carriedFits): a value printed before that
		// lies within bounds not too wide for a midpoint (100-250) counts too, where the least
		// (100 + 100) ranked West Bengal below Phnom Penh's 216 (attack-2026-12-04a, note on 7b).
		{"printed within the bounds", true, 140, 200, rangeBounds{100, 250}, 0, "ranked with its withheld counts at the values an earlier release of this series printed (140 boys, 200 girls), kept within the bounds the published counts give them"},
		// A value printed before outside such bounds is not used: the girls' least is.
		{"printed outside the bounds", true, 140, 469, rangeBounds{100, 250}, 0, "ranked with its withheld count at the value an earlier release of this series printed (140 boys), kept within the bounds the published counts give it"},
	} {
		s := &set{byName: map[string]int{}}
		boys, girls := kids("boys-by-province", true), kids("girls-by-province", false)
		s.add(boys)
		s.add(girls)
		r := &report{opt: Options{Threshold: 10, Bounds: tc.bounds}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
		if tc.carried {
			b, g := tc.boys, tc.girls
			r.carried = release.Carried{
				{Name: boys.Name, Counts: boys.Counts, Rows: []release.CarriedRow{{Labels: []string{"IN", "IN-WB"}, Values: []*int64{&b}}}},
				{Name: girls.Name, Counts: girls.Counts, Rows: []release.CarriedRow{{Labels: []string{"IN", "IN-WB"}, Values: []*int64{&g}}}},
			}.Index()
		}
		_, lines, ok, err := r.childrenByProvince()
		if err != nil || !ok {
			t.Fatalf("%s: childrenByProvince: %v, %v", tc.name, ok, err)
		}
		at := -1
		for i, l := range lines {
			if l.Place == "West Bengal, India" {
				at = i
			}
		}
		more := r.briefMore(listedPlaces(lines))
		const said = "Where an earlier release of this series printed a withheld count (tables/carried.json), the province is ranked by that value when it lies within the bounds the published counts give, or when they bound the count too widely to rank by"
		if !tc.carried {
			if at >= 0 || strings.Contains(more, said) || !strings.Contains(more, "The number of children of West Bengal, India is withheld and may be larger") {
				t.Errorf("%s: West Bengal listed at %d; the paragraph %q", tc.name, at, more)
			}
			continue
		}
		if at != tc.at || !strings.Contains(lines[at].Girls, tc.why) {
			t.Fatalf("%s: West Bengal listed at %d, want %d, saying %q: %+v", tc.name, at, tc.at, tc.why, lines)
		}
		if !strings.Contains(more, said) || strings.Contains(more, "The number of children of West Bengal") {
			t.Errorf("%s: the paragraph %q", tc.name, more)
		}
		// Ranked by values printed before, not by its bounds: no province below it is said to
		// have a place not known because of it.
		for _, l := range lines[1:] {
			if strings.Contains(l.Girls, "its place in this list is not known") {
				t.Errorf("%s: %s: %q", tc.name, l.Place, l.Girls)
			}
		}
	}
}

// A province whose registrations begin late has its count over fewer years than the others',
// and the brief's list, ranked by counts, says so on its line, or after the list when it is
// left out (attack-2026-12-05a T9: Phnom Penh's 16 boys and 37 girls, registered from October
// 2024 beside 20 older records, listed below provinces counted over eleven years, where the
// centre gaps rank its boys 2nd by their cases a year). Without the manifest's
// partial_first_year nothing says it began late, and nothing is said.
func TestBriefSaysLateProvinces(t *testing.T) {
	for _, tc := range []struct {
		big   int // provinces of 50 boys and 50 girls over every year, listed above it
		first *release.PartialYear
		held  bool   // the partial first year's count withheld (attack-2026-12-05c V6)
		want  string // in its line (big < briefTop) or after the list
		// the manifest's partial_first_provinces (nil: not known, the rule of thumb)
		provinces []string
	}{
		{3, &release.PartialYear{Year: 2024}, false, "37 girls (95% CI 26–51); most of its cases are registered from 2024, the year one organisation's registrations begin months into", nil},
		{briefTop, &release.PartialYear{Year: 2024}, false, "Phnom Penh, Cambodia is not listed: most of its cases are registered from 2024, the year one organisation's registrations begin months into", nil},
		{3, &release.PartialYear{Year: 2024}, true, "37 girls (95% CI 26–51); most of its cases are registered from 2024, the year one organisation's registrations begin months into", nil},
		{briefTop, &release.PartialYear{Year: 2024}, true, "Phnom Penh, Cambodia is not listed: most of its cases are registered from 2024, the year one organisation's registrations begin months into", nil},
		{3, nil, false, "", nil},
		// The late organisation records cases in Phnom Penh, or not: its rise is then its own.
		{3, &release.PartialYear{Year: 2024}, false, "37 girls (95% CI 26–51); most of its cases are registered from 2024, the year one organisation's registrations begin months into", []string{"KH-12", "KH-17"}},
		{3, &release.PartialYear{Year: 2024}, false, "", []string{"KH-17"}},
	} {
		row := func(labels []string, v ...int64) Row {
			st := make([]State, len(v))
			for i := range v {
				if v[i] == 0 {
					st[i] = Primary
				}
			}
			return Row{Labels: labels, Values: v, State: st}
		}
		boys := &Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		girls := &Table{Name: "girls-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male"}, TotalCols: []bool{true, false, false}, Threshold: 10}
		years := &Table{Name: "cases-by-year", Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		py := &Table{Name: "cases-by-province-and-year", Labels: []string{"country", "province", "year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for i := range tc.big {
			code := []string{"KH-1", "KH-2", "KH-3", "KH-4", "KH-5", "KH-6", "KH-8", "KH-9"}[i]
			boys.Rows = append(boys.Rows, row([]string{"KH", code}, 50))
			girls.Rows = append(girls.Rows, row([]string{"KH", code}, 50))
			prov.Rows = append(prov.Rows, row([]string{"KH", code}, 110, 55, 55))
			for yr := 2015; yr <= 2025; yr++ {
				py.Rows = append(py.Rows, row([]string{"KH", code, strconv.Itoa(yr)}, 10))
			}
		}
		boys.Rows = append(boys.Rows, row([]string{"KH", "KH-12"}, 16))
		girls.Rows = append(girls.Rows, row([]string{"KH", "KH-12"}, 37))
		prov.Rows = append(prov.Rows, row([]string{"KH", "KH-12"}, 98, 60, 38))
		for yr := 2017; yr <= 2022; yr++ {
			py.Rows = append(py.Rows, row([]string{"KH", "KH-12", strconv.Itoa(yr)}, 0)) // <10
		}
		py.Rows = append(py.Rows, row([]string{"KH", "KH-12", "2024"}, 16), row([]string{"KH", "KH-12", "2025"}, 62))
		if tc.held {
			py.Rows[len(py.Rows)-2].State[0] = Secondary
			py.Rows[len(py.Rows)-2].Values[0] = 0
		}
		for yr := 2015; yr <= 2025; yr++ {
			years.Rows = append(years.Rows, row([]string{strconv.Itoa(yr)}, 100))
		}
		tables := []*Table{boys, girls, prov, years, py}
		s := &set{byName: map[string]int{}}
		for _, tb := range tables {
			s.add(tb)
		}
		r := &report{opt: Options{Threshold: 10, Tables: tables}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}, PartialFirst: tc.first, PartialFirstProvinces: tc.provinces}, set: s}
		_, lines, ok, err := r.childrenByProvince()
		if err != nil || !ok {
			t.Fatalf("childrenByProvince: %v, %v", ok, err)
		}
		var text []string
		for _, l := range lines {
			text = append(text, l.Place+": "+l.Boys+"; "+l.Girls)
		}
		all := strings.Join(text, "\n") + "\n" + r.briefMore(listedPlaces(lines))
		switch {
		case tc.want == "" && strings.Contains(all, "registered from"):
			t.Errorf("no partial_first_year: %q says a province began late", all)
		case tc.want != "" && !strings.Contains(all, tc.want):
			t.Errorf("%d provinces above it: %q lacks %q", tc.big, all, tc.want)
		}
		// The chart of cases by province ranks by counts over the release too: its note says
		// the same (session zi's left).
		for _, name := range []string{"cases-by-year-and-gender", "cases-by-age-and-gender", "exploitation-by-age"} {
			s.add(&Table{Name: name, Labels: []string{"x", "y"}, Counts: []string{"cases", "female", "male", "other"}, TotalCols: []bool{true, false, false, false}, Threshold: 10})
		}
		charts, err := r.charts()
		if err != nil {
			t.Fatal(err)
		}
		note := ""
		for _, c := range charts {
			if c.Title == "Cases by province of exploitation" {
				note = c.Note
			}
		}
		want := "Phnom Penh: most of its cases are registered from 2024, the year one organisation's registrations begin months into"
		if tc.want == "" {
			want = ""
		}
		if !strings.HasPrefix(note, want) || (want == "") != (note == "") {
			t.Errorf("%d provinces above it, partial first year %v: the province chart's note %q, want %q...", tc.big, tc.first, note, want)
		}
		// The per-country map colours by counts over the release too (shares26's left).
		prov.Rows = append([]Row{{Labels: []string{"KH", "all provinces"}, Values: []int64{98 + 110*int64(tc.big), 60 + 55*int64(tc.big), 38 + 55*int64(tc.big)},
			State: make([]State, 3), Total: true}}, prov.Rows...)
		maps, err := r.maps()
		if err != nil || len(maps) != 1 {
			t.Fatalf("maps: %d, %v", len(maps), err)
		}
		if !strings.HasPrefix(maps[0].Note, want) || (want == "") != (maps[0].Note == "") {
			t.Errorf("%d provinces above it, partial first year %v: the map's note %q, want %q...", tc.big, tc.first, maps[0].Note, want)
		}
	}
}

// A province whose boys and girls are both shown as <10 (at most 18 children) is never listed,
// but is named after the list as the others left out are when a province listed may have
// fewer (shares30, task 1): a list cut at eight whose eighth has 11 boys and no girls, and a
// list of fewer than eight (every province with a count shown) whose last has 12 boys. One
// with a single <10 (at most 9) is not named, nor is one whose 18 a listed province's fewest
// reaches.
func TestBriefNamesProvincesOfTwoSmallCounts(t *testing.T) {
	type prov struct {
		code        string
		boys, girls int64 // 0: shown <10; -2: no row
	}
	for _, c := range []struct {
		name      string
		provinces []prov
		named     string   // the sentence's subject, "" when none is named
		not       []string // provinces the text must not name
	}{
		{"cut at eight", []prov{{"IN-WB", 141, 470}, {"IN-MH", 68, 235}, {"KH-12", 75, 141}, {"AF-HER", 168, 21},
			{"AF-NAN", 160, 40}, {"AF-KHO", 114, 13}, {"AF-PKA", 123, 30}, {"KH-24", 11, -2},
			{"KH-10", 0, 0}, {"KH-1", 0, -2}, {"KH-17", -2, 0}}, "Kratie, Cambodia is not listed", []string{"Banteay Meanchey", "Siem Reap"}},
		{"two at 18 or more", []prov{{"IN-WB", 141, 470}, {"IN-MH", 68, 235}, {"KH-12", 75, 141}, {"AF-HER", 168, 21},
			{"AF-NAN", 160, 40}, {"AF-KHO", 114, 13}, {"AF-PKA", 123, 30}, {"KH-24", 18, -2},
			{"KH-10", 0, 0}, {"KH-1", 0, -2}}, "", []string{"Kratie", "Banteay Meanchey"}},
		{"fewer than eight", []prov{{"IN-WB", 141, 470}, {"KH-24", 12, -2}, {"KH-10", 0, 0}, {"KH-17", 0, 0}, {"KH-1", 0, -2}},
			"Kratie, Cambodia and Siem Reap, Cambodia are not listed", []string{"Banteay Meanchey"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			kids := func(name string, boys bool) *Table {
				t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
				for _, p := range c.provinces {
					n := p.girls
					if boys {
						n = p.boys
					}
					st := Published
					switch n {
					case -2:
						continue
					case 0:
						st = Primary // shown "<10"
					}
					t.Rows = append(t.Rows, Row{Labels: []string{p.code[:2], p.code}, Values: []int64{n}, State: []State{st}})
				}
				return t
			}
			s := &set{byName: map[string]int{}}
			s.add(kids("boys-by-province", true))
			s.add(kids("girls-by-province", false))
			r := &report{opt: Options{Threshold: 10}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
			_, lines, ok, err := r.childrenByProvince()
			if err != nil || !ok {
				t.Fatalf("childrenByProvince: %v, %v", ok, err)
			}
			for _, l := range lines {
				for _, n := range append([]string{"Kratie", "Siem Reap"}, c.not...) {
					if strings.Contains(l.Place, n) {
						t.Errorf("%s is listed: %+v", n, l)
					}
				}
			}
			more := r.briefMore(listedPlaces(lines))
			const tail = ", though the published counts leave "
			switch {
			case c.named == "" && strings.Contains(more, tail):
				t.Errorf("briefMore = %q names a province left out", more)
			case c.named != "" && !strings.Contains(more, " "+c.named+tail):
				t.Errorf("briefMore = %q, want %q", more, c.named+tail+"...")
			}
			for _, n := range c.not {
				if strings.Contains(more, n) {
					t.Errorf("briefMore = %q names %s", more, n)
				}
			}
		})
	}
}
