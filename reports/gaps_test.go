package reports

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// The programme report says each reason for a missing trend once, with the places it applies
// to (it repeated "withheld: a count ... is withheld" once per province, naming none).
func TestGroupNotes(t *testing.T) {
	got := groupNotes([][2]string{
		{"withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to 15-39 and 3-27 cases", "Herat"},
		{"withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to 15-39 and 3-27 cases", "Herat"},
		{"not estimable: no case of the province in 2017-2019", "Khost"},
		{"withheld: a count of the province's years 2020-2025 is withheld; the published counts bound the windows' sums only to <10 and 30-40 cases", "Phnom Penh"},
		{"withheld: a count of the province's years 2020-2025 is withheld", "Kampot"},
	})
	want := []string{
		"Withheld for Herat, Phnom Penh and Kampot: a count of the province's years 2020-2025 is withheld (Herat: the published counts bound the windows' sums only to 15-39 and 3-27 cases; Phnom Penh: the published counts bound the windows' sums only to <10 and 30-40 cases).",
		"Not estimable for Khost: no case of the province in 2017-2019.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groupNotes:\n%q\nwant\n%q", got, want)
	}
}

// The centre gaps' trend column is never blank: a rate ratio with its interval, or why there
// is none in a word or two (the reason in full goes under the table).
func TestTrendCell(t *testing.T) {
	for _, c := range []struct{ trend, lo, hi, recent, note, want string }{
		{"1.13", "0.95", "1.34", "135", "", "1.13 (0.95–1.34)"},
		{"1.13", "", "", "135", "", "1.13"},
		{"", "", "", "<10", "", "withheld"},
		{"", "", "", "x", "not estimable: no years", "withheld"},
		{"", "", "", "135", "withheld: a count of the province's years 2020-2025 is withheld", "withheld"},
		{"", "", "", "135", "not estimable: the release's years (2024-2025) hold no 3 years before the last 3", "not estimable"},
		{"", "", "", "135", "", "not estimable"},
	} {
		if got := trendCell(c.trend, c.lo, c.hi, c.recent, c.note); got != c.want {
			t.Errorf("trendCell(%q, %q, %q, %q, %q) = %q, want %q", c.trend, c.lo, c.hi, c.recent, c.note, got, c.want)
		}
	}
}

// An interval's ends are never printed equal: 7–7% would read as no uncertainty.
func TestPctRange(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{{82.2, 83.4, "82–83"}, {6.81, 7.46, "6.8–7.5"}, {6.81, 6.84, "6.81–6.84"}, {5, 5, "5.00–5.00"}} {
		if got := pctRange(c.lo, c.hi); got != c.want {
			t.Errorf("pctRange(%g, %g) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

// The brief's boys and girls by province lists provinces: cases whose province is not
// recorded are said apart, after them, never among them (they were 8th of 8, ahead of Siem
// Reap; then listed last when there was room: "province not recorded, Afghanistan: 36 boys"),
// and a figure without an interval ends with one period.
func TestBriefChildrenProvincesFirst(t *testing.T) {
	kids := func(name string, n int64, provinces []string) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for i, p := range provinces {
			t.Rows = append(t.Rows, Row{Labels: []string{"KH", p}, Values: []int64{n + int64(10*(9-i))}, State: []State{Published}})
		}
		t.Rows = append(t.Rows, Row{Labels: []string{"AF", NotRecorded}, Values: []int64{n + 200}, State: []State{Published}},
			Row{Labels: []string{"IN", NotRecorded}, Values: []int64{n + 100}, State: []State{Published}})
		return t
	}
	for _, provinces := range [][]string{
		{"KH-12", "KH-9", "KH-8", "KH-7", "KH-6", "KH-5", "KH-4", "KH-3", "KH-17"},
		{"KH-12", "KH-9", "KH-8"}, // room for it among the top 8: still apart
	} {
		s := &set{byName: map[string]int{}}
		s.add(kids("boys-by-province", 12, provinces))
		s.add(kids("girls-by-province", 11, provinces))
		r := &report{opt: Options{Threshold: 10}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s.withStandard()}
		_, lines, ok, err := r.childrenByProvince()
		if err != nil || !ok {
			t.Fatalf("childrenByProvince: %v, %v", ok, err)
		}
		var listed, apart []childLine
		for _, l := range lines {
			if l.Apart {
				apart = append(apart, l)
			} else {
				listed = append(listed, l)
			}
			if strings.Contains(l.Place, "not recorded") {
				t.Errorf("a line's place says not recorded: %v", l)
			}
		}
		if len(listed) != min(briefTop, len(provinces)) || listed[0].Place != "Phnom Penh, Cambodia" {
			t.Errorf("%d provinces listed, want %d, Phnom Penh first: %v", len(listed), min(briefTop, len(provinces)), listed)
		}
		if len(apart) != 2 || apart[0].Place != "Afghanistan" || apart[0].Boys != "212 boys (95% CI 184–243)" || apart[1].Place != "India" {
			t.Errorf("apart: %v, want Afghanistan's 212 boys, then India's", apart)
		}
		md := string(r.briefMarkdown())
		list, after, _ := strings.Cut(md, "\n\n"+apartNote)
		// One sentence for every country, not the note once per country (synth 3,000: three
		// times in a row).
		if strings.Contains(list, "Afghanistan") || strings.Count(md, apartNote) != 1 ||
			!strings.HasPrefix(after, " in **Afghanistan**, 212 boys (95% CI 184–243) and 211 girls (95% CI 183–241); in **India**, 112 boys (") {
			t.Errorf("brief.md does not say Afghanistan's and India's children apart, after the provinces, in one sentence:\n%s", md)
		}
		if strings.Contains(md, ". .") || strings.Contains(md, "..") {
			t.Errorf("brief.md has a doubled period:\n%s", md)
		}
		// The list holds the top 8 only: it says so, and how many provinces it leaves out
		// (synth 3,000: Siem Reap's and Banteay Meanchey's girls in no line).
		more := "Only the 8 provinces with the most children identified are listed; 1 other province where children were recorded is in the tables"
		if strings.Contains(md, more) != (len(provinces) > briefTop) || strings.Contains(md, "Only the 3") {
			t.Errorf("brief.md with %d provinces: saying %q is %v:\n%s", len(provinces), more, strings.Contains(md, more), md)
		}
		var h strings.Builder
		if err := briefTmpl.Execute(&h, &briefModel{htmlModel: &htmlModel{}, ChildLines: lines, ApartNote: apartNote}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(h.String(), "<p>"+apartNote+" in <b>Afghanistan</b>, 212 boys") || strings.Contains(h.String(), "<li><b>Afghanistan") ||
			strings.Count(h.String(), apartNote) != 1 || !strings.Contains(h.String(), "; in <b>India</b>, 112 boys") {
			t.Errorf("brief.html does not say Afghanistan's and India's children apart in one sentence:\n%s", h.String())
		}
	}
}

// The brief's trend says why there is none rather than leaving the section out.
func TestBriefNoTrendSaysWhy(t *testing.T) {
	years := func(ys ...string) *report {
		yt := &Table{Name: "cases-by-year-and-gender", Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for _, y := range ys {
			yt.Rows = append(yt.Rows, Row{Labels: []string{y}, Values: []int64{40}, State: []State{Published}})
		}
		s := &set{byName: map[string]int{}}
		s.add(yt)
		return &report{opt: Options{Threshold: 10}, m: &release.Manifest{}, set: s}
	}
	for _, c := range []struct {
		years []string
		want  string
	}{
		{[]string{"2024"}, "fewer than two years of registration"},
		{[]string{"2021", "2024"}, "the last two years recorded, 2021 and 2024, are not consecutive"},
	} {
		f, ok := years(c.years...).trend()
		if !ok || f.Value != "no trend" || !strings.Contains(f.Sentence, c.want) {
			t.Errorf("years %v: %v %+v, want no trend: %q", c.years, ok, f, c.want)
		}
	}
}

// attack-2026-12-01d finding 14's low: the brief's trend set 60 cases of January-March 2026
// against 2025's 401 ("-85%"). A year the release does not cover whole (manifest
// partial_year) is left out, and the brief says so and why; the last two whole years are
// compared.
func TestBriefTrendLeavesPartialYear(t *testing.T) {
	brief := func(partial *release.PartialYear, counts map[string]int64) *report {
		yt := &Table{Name: "cases-by-year-and-gender", Labels: []string{"year"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for _, y := range []string{"2023", "2024", "2025", "2026"} {
			if n, ok := counts[y]; ok {
				yt.Rows = append(yt.Rows, Row{Labels: []string{y}, Values: []int64{n}, State: []State{Published}})
			}
		}
		s := &set{byName: map[string]int{}}
		s.add(yt)
		return &report{opt: Options{Threshold: 10}, m: &release.Manifest{Partial: partial}, set: s}
	}
	why := "the registrations recorded stop before December 2026"
	full := map[string]int64{"2024": 350, "2025": 401, "2026": 60}
	if f, _ := brief(nil, full).trend(); f.Value != "-85%" {
		t.Fatalf("a release covering 2026 whole: %+v, want -85%%", f)
	}
	f, ok := brief(&release.PartialYear{Year: 2026, Why: why}, full).trend()
	if !ok || f.Value != "+15%" || !strings.Contains(f.Sentence, "Cases registered in 2025 (401) against 2024 (350): +15%. 2026 is not compared: the release does not cover the whole year ("+why+")") ||
		!strings.Contains(f.Interval, "rate ratio 1.15") {
		t.Errorf("2026 partial: %+v, want 2025 against 2024 and why 2026 is left out", f)
	}
	f, ok = brief(&release.PartialYear{Year: 2026, Why: why}, map[string]int64{"2025": 401, "2026": 60}).trend()
	if !ok || f.Value != "no trend" || !strings.Contains(f.Sentence, "does not cover the whole of 2026 ("+why+"), and records fewer than two whole years before it") {
		t.Errorf("2026 partial, 2025 alone before it: %+v, want no trend saying why", f)
	}
	// A partial year that is not the table's last (the release's last year has no case
	// printed in this table) changes nothing.
	if f, _ := brief(&release.PartialYear{Year: 2027, Why: why}, full).trend(); f.Value != "-85%" {
		t.Errorf("partial 2027: %+v, want 2026 against 2025", f)
	}
}

// The brief ranks a province whose count is withheld ("x") by the least the published counts
// allow it, and says so; a province left out whose withheld count may be larger than one
// listed is named (attack-2026-12-02d finding 6: a monthly re-release withheld Khost's 114
// boys after 5 more, and the brief dropped Khost from "the 8 provinces with the most
// children" for Banteay Meanchey's 24 girls).
func TestBriefRanksWithheldByWhatTheCountsBound(t *testing.T) {
	provinces := []string{"KH-12", "KH-9", "KH-8", "KH-7", "KH-6", "KH-5", "KH-4", "KH-3", "KH-17"}
	kids := func(name string, n int64) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases", "forced_military"}, TotalCols: []bool{false, false}, Threshold: 10}
		for i, p := range provinces {
			t.Rows = append(t.Rows, Row{Labels: []string{"KH", p}, Values: []int64{n + int64(10*(9-i)), 0}, State: []State{Published, Published}})
		}
		return t
	}
	boys, girls := kids("boys-by-province", 12), kids("girls-by-province", 11)
	// Khost: its boys withheld, 51 of them in forced military service published; 13 girls.
	// Paktika: its boys withheld, nothing of them published; fewer than 10 girls.
	boys.Rows = append(boys.Rows,
		Row{Labels: []string{"AF", "AF-KHO"}, Values: []int64{0, 51}, State: []State{Secondary, Published}},
		Row{Labels: []string{"AF", "AF-PKA"}, Values: []int64{0, 0}, State: []State{Secondary, Secondary}})
	girls.Rows = append(girls.Rows,
		Row{Labels: []string{"AF", "AF-KHO"}, Values: []int64{13, 0}, State: []State{Published, Published}},
		Row{Labels: []string{"AF", "AF-PKA"}, Values: []int64{0, 0}, State: []State{Primary, Primary}})
	s := &set{byName: map[string]int{}}
	s.add(boys)
	s.add(girls)
	// Without the linear program, the least; with it (10-80), the midpoint of Khost's 51-80, as
	// the centre gaps count a withheld group (outcomes-spells' note: the two ranked one
	// province by two rules).
	for _, c := range []struct {
		bounds   analysis.SumBounder
		khost    string
		sentence string
	}{
		{nil, "(the published counts put it at 51 or more)", "Where a count is withheld, a province is ranked by the least the published counts allow it."},
		{rangeBounds{10, 80}, "(the published counts put it at 51–80)", "Where a count is withheld, a province is ranked by the midpoint of the interval the published counts allow it, as the programme report's centre gaps count a withheld group."},
	} {
		r := &report{opt: Options{Threshold: 10, Bounds: c.bounds}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
		_, lines, ok, err := r.childrenByProvince()
		if err != nil || !ok {
			t.Fatalf("childrenByProvince: %v, %v", ok, err)
		}
		var places []string
		for _, l := range lines {
			places = append(places, l.Place)
			if l.Place == "Khost, Afghanistan" && !strings.Contains(l.Boys, c.khost) {
				t.Errorf("Khost's boys: %q, want %q", l.Boys, c.khost)
			}
		}
		if !slices.Contains(places, "Khost, Afghanistan") || len(places) != briefTop {
			t.Errorf("listed %q: want Khost (51 boys or more and 13 girls) among the top %d", places, briefTop)
		}
		more := r.briefMore(listedPlaces(lines))
		for _, want := range []string{c.sentence, "The number of children of Paktika, Afghanistan is withheld and may be larger than that of a province listed."} {
			if !strings.Contains(more, want) {
				t.Errorf("bounds %v: briefMore = %q, want %q", c.bounds, more, want)
			}
		}
	}
}

// A province placed by the least its withheld counts can be says that its place is not known
// when the published counts leave it room for more children than a province listed above it,
// and names those (attack-2026-12-02f finding 2: West Bengal, 144 children the month before,
// listed below Paktika's 23 boys and <10 girls on "10 or more" each); when the bounds order it,
// nothing is said. Bounded above, a withheld count is ranked by its interval's midpoint (as the
// centre gaps count it), and a province listed below it that may have more says so.
func TestBriefRanksByBoundsOnlyWhenTheyOrder(t *testing.T) {
	kids := func(name string, herat, paktika int64) *Table {
		return &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10,
			Rows: []Row{
				{Labels: []string{"AF", "AF-HER"}, Values: []int64{herat}, State: []State{stateOf(herat)}},
				{Labels: []string{"AF", "AF-PKA"}, Values: []int64{paktika}, State: []State{stateOf(paktika)}},
				{Labels: []string{"IN", "IN-WB"}, Values: []int64{0}, State: []State{Secondary}},
			}}
	}
	for _, c := range []struct {
		name    string
		bounds  analysis.SumBounder
		want    string // West Bengal's line's note; "" none
		paktika string // Paktika's line's note; "" none
	}{
		// Ranked by its midpoint (30 of 26-34), as the centre gaps count it, West Bengal comes
		// above Paktika (23 boys, <10 girls: 24-32, ranked 28 with the <10 at 5), whose line
		// says that it may have more.
		{"LP 13-17 each: above Paktika by its midpoint, not above Herat", rangeBounds{13, 17}, "", "its place in this list is not known: the published counts allow it more children than West Bengal, India, listed above it"},
		// Ranked by its midpoint (25 of 20-30), below Paktika's 28: West Bengal's line says it
		// may have more than Paktika's fewest, 24 (attack-2026-12-05e X9: a <10 ranked as 0
		// put Paktika's 23 and <10 below West Bengal's 25).
		{"LP 10-15 each: below Paktika by the midpoints", rangeBounds{10, 15}, "its place in this list is not known: the published counts allow it more children than Paktika, Afghanistan, listed above it", ""},
		{"no LP: unbounded", nil, "its place in this list is not known: the published counts allow it more children than any province listed above it", ""},
		{"LP 10-11 each: below Paktika for certain", rangeBounds{10, 11}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &set{byName: map[string]int{}}
			s.add(kids("boys-by-province", 57, 23))
			s.add(kids("girls-by-province", 0, 0))
			r := &report{opt: Options{Threshold: 10, Bounds: c.bounds}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
			_, lines, ok, err := r.childrenByProvince()
			if err != nil || !ok {
				t.Fatalf("childrenByProvince: %v, %v", ok, err)
			}
			for _, l := range lines {
				got := strings.Contains(l.Girls, "its place in this list is not known")
				switch {
				case l.Place == "West Bengal, India" && c.want != "" && !strings.Contains(l.Girls, c.want):
					t.Errorf("West Bengal: %q, want %q", l.Girls, c.want)
				case l.Place == "West Bengal, India" && c.want == "" && got:
					t.Errorf("West Bengal: %q, want no note: the bounds order it", l.Girls)
				case l.Place == "Paktika, Afghanistan" && c.paktika != "" && !strings.Contains(l.Girls, c.paktika):
					t.Errorf("Paktika: %q, want %q", l.Girls, c.paktika)
				case l.Place != "West Bengal, India" && (l.Place != "Paktika, Afghanistan" || c.paktika == "") && got:
					t.Errorf("%s: %q, want no note: its counts are published and nothing below it may pass it", l.Place, l.Girls)
				}
			}
		})
	}
}

// stateOf is Published for a count of 10 or more, else Primary (shown "<10").
func stateOf(n int64) State {
	if n >= 10 {
		return Published
	}
	return Primary
}

// A group sharing a centre with one whose need is withheld, or counted at its least, gets no
// more places than the page shows: its places read "at most" and its unmet need "or more" in
// the table itself, not only in the centres column's note (attack-2026-12-02f finding 2:
// West Bengal's people at risk took 19.3 of 26 places beside girls counted at 10 for 115).
func TestGapsPlacesAtMostBesideWithheld(t *testing.T) {
	cols := []string{"rank", "province", "province_name", "gender", "majority_status", "period", "recent_cases", "places", "unmet", "centres", "recent_cases_least"}
	rows := [][]any{
		{int64(1), "IN-WB", "West Bengal", "female", "at risk", "2015-2025", int64(32), 19.3, 2.1, "Kolkata Girls' Home (" + analysis.SharedWithBounded + ": female minor)", nil},
		{int64(2), "IN-WB", "West Bengal", "female", "minor", "2015-2025", "x", 6.7, 1.2, "Kolkata Girls' Home (" + analysis.SharedWithBounded + ": female at risk)", int64(10)},
		{int64(3), "AF-KHO", "Khost", "female", "minor", "2015-2025", int64(20), 11.9, 0.0, "Khost Home (" + analysis.SharedWithWithheld + ": male minor)", nil},
		{int64(4), "AF-HER", "Herat", "male", "minor", "2015-2025", int64(40), 8.0, 3.0, "Herat Boys' Home", nil},
	}
	r := &report{opt: Options{Threshold: 10}, gaps: &analysis.Table{Name: "centre-gaps", Columns: cols, Rows: rows}}
	g := r.gapsModel()
	for i, want := range [][2]string{{"at most 19.3", "2.1 or more"}, {"6.7", "1.2"}, {"at most 11.9", "0 or more"}, {"8", "3"}} {
		if got := [2]string{g.Table.Rows[i][7], g.Table.Rows[i][8]}; got != want {
			t.Errorf("row %d: places, unmet %q, want %q", i+1, got, want)
		}
	}
	if s := r.gapsSentence(g); !strings.Contains(s, `has its places shown "at most" and its unmet need "or more"`) {
		t.Errorf("the sentence does not say why: %q", s)
	}
	r.gaps.Rows = rows[3:]
	if s := r.gapsSentence(r.gapsModel()); strings.Contains(s, `"at most"`) {
		t.Errorf("said with no centre shared: %q", s)
	}
}

// A group whose cases a year come from the least the published tables allow its province's
// last years (one withheld: analysis.LeastYears) shows them, its places needed and its unmet
// need "or more", and the page says why; beside a withheld group too, "or more" once.
func TestGapsCasesAYearAtLeast(t *testing.T) {
	cols := []string{"rank", "province", "province_name", "gender", "majority_status", "period", "recent_cases", "cases_per_year", "places_needed", "places", "unmet", "centres", "per_year_period", "per_year_note", "recent_cases_least"}
	note := analysis.LeastYears + " 2023-2025, withheld"
	rows := [][]any{
		{int64(1), "KH-8", "Kampong Speu", "female", "minor", "2016-2025", int64(20), 5.0, 5.0, 2.0, 3.0, "Home", "2023-2025", note, nil},
		{int64(2), "KH-8", "Kampong Speu", "male", "minor", "2016-2025", int64(20), 5.0, 5.0, 2.0, 3.0, "Home (" + analysis.SharedWithWithheld + ": female adult)", "2023-2025", note, nil},
		{int64(3), "KH-12", "Phnom Penh", "female", "minor", "2016-2025", int64(20), 2.0, 2.0, 1.0, 1.0, "Home", "2023-2025", nil, nil},
	}
	r := &report{opt: Options{Threshold: 10}, gaps: &analysis.Table{Name: "centre-gaps", Columns: cols, Rows: rows}}
	g := r.gapsModel()
	for i, want := range [][4]string{{"5 or more", "5 or more", "2", "3 or more"}, {"5 or more", "5 or more", "at most 2", "3 or more"}, {"2", "2", "1", "1"}} {
		row := g.Table.Rows[i]
		if got := [4]string{row[4], row[6], row[7], row[8]}; got != want {
			t.Errorf("row %d: cases a year, places needed, places, unmet %q, want %q", i+1, got, want)
		}
	}
	if s := r.gapsSentence(g); !strings.Contains(s, `their cases a year, places needed and unmet need are shown "or more"`) {
		t.Errorf("the sentence does not say why: %q", s)
	}
}

// A withheld count whose interval is wider than its midpoint ranks its province by its least,
// not by that midpoint: the tester's update placed Nangarhar's girls (about 20) at 10-435, and
// their midpoint, 222, listed Nangarhar 2nd. The paragraph after the list says both rules.
func TestBriefRanksWideByLeast(t *testing.T) {
	provinces := []string{"KH-12", "KH-9", "KH-8", "KH-7", "KH-6", "KH-5", "KH-4", "KH-3", "KH-17"}
	kids := func(name string) *Table {
		t := &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		for i, p := range provinces {
			t.Rows = append(t.Rows, Row{Labels: []string{"KH", p}, Values: []int64{int64(20 + 10*(9-i))}, State: []State{Published}})
		}
		return t
	}
	boys, girls := kids("boys-by-province"), kids("girls-by-province")
	// Nangarhar: 149 boys, girls withheld and placed at 10-435. Khost: 30 boys, girls at 80-110.
	boys.Rows = append(boys.Rows, Row{Labels: []string{"AF", "AF-NAN"}, Values: []int64{149}, State: []State{Published}},
		Row{Labels: []string{"AF", "AF-KHO"}, Values: []int64{30}, State: []State{Published}})
	girls.Rows = append(girls.Rows, Row{Labels: []string{"AF", "AF-NAN"}, Values: []int64{0}, State: []State{Secondary}},
		Row{Labels: []string{"AF", "AF-KHO"}, Values: []int64{0}, State: []State{Secondary}})
	s := &set{byName: map[string]int{}}
	s.add(boys)
	s.add(girls)
	r := &report{opt: Options{Threshold: 10, Bounds: rowBounds{9: {10, 435}, 10: {80, 110}}}, m: &release.Manifest{Tool: "prevalence", Counts: release.Counts{Written: 1000}}, set: s}
	_, lines, ok, err := r.childrenByProvince()
	if err != nil || !ok {
		t.Fatalf("childrenByProvince: %v, %v", ok, err)
	}
	var places []string
	for _, l := range lines {
		places = append(places, l.Place)
	}
	// The others: 220, 200, ..., 60 children. Ranked by 149 + 10 = 159, Nangarhar is 5th; by
	// 149 + 222, 1st. Khost by 30 + 95 = 125 is 7th (above 120); by its least, 110, 8th.
	if i := slices.Index(places, "Nangarhar, Afghanistan"); i != 4 {
		t.Errorf("Nangarhar listed at %d in %q: want 5th, by its least (its girls' 10-435 is wider than its midpoint)", i+1, places)
	}
	if i := slices.Index(places, "Khost, Afghanistan"); i != 6 {
		t.Errorf("Khost listed at %d in %q: want 7th, by its girls' midpoint (80-110)", i+1, places)
	}
	want := "Where a count is withheld, a province is ranked by the midpoint of the interval the published counts allow it, as the programme report's centre gaps count a withheld group, or by the least they allow it where that interval is wider than its midpoint or open above"
	if more := r.briefMore(listedPlaces(lines)); !strings.Contains(more, want) {
		t.Errorf("briefMore = %q, want %q", more, want)
	}
}

// rowBounds bounds the count of each row index (a sum of one cell), any table.
type rowBounds map[int][2]float64

func (b rowBounds) SumBounds(_ string, cells [][2]int) (float64, float64, error) {
	if x, ok := b[cells[0][0]]; ok && len(cells) == 1 {
		return x[0], x[1], nil
	}
	return 0, 0, fmt.Errorf("no bounds of %v", cells)
}
