package reports

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// A withheld total reads as a sentence, never "x: x records" (tester 30e, low finding).
func TestHeadlineTotalWithheld(t *testing.T) {
	for _, c := range []struct {
		state   State
		guarded int // manifest tables.guarded_counts: counts withheld for a change of 1-9
		want    string
	}{
		{Secondary, 0, "is withheld so that a small count elsewhere cannot be worked out."},
		{Primary, 0, "is withheld (fewer than 10)"},
		// A register re-released after 3 cases were removed (attack-2026-12-01c finding 10):
		// the total changed by 3, and the reason must not say only "a small count elsewhere".
		{Secondary, 7, "is withheld so that neither a small count elsewhere nor a change of fewer than 10 since the previous release can be worked out."},
		{Primary, 7, "is withheld (fewer than 10)"},
	} {
		prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
			Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{c.state}}}}
		s := &set{byName: map[string]int{}}
		s.add(prov)
		m := &release.Manifest{}
		if c.guarded > 0 {
			m.Tables = &release.TablesProtection{Guarded: c.guarded}
		}
		r := &report{opt: Options{Threshold: 10}, m: m, set: s.withStandard()}
		f := r.figures()[0]
		// "withheld (withheld so that ...)": the word twice (issue-16-shares8.md's read).
		if f.Value != "withheld" || !strings.Contains(f.Sentence, c.want) || strings.Contains(f.Sentence, "x ") || strings.Count(f.Sentence, "withheld") > 1 {
			t.Errorf("%v, %d guarded: %+v, want withheld: %q", c.state, c.guarded, f, c.want)
		}
		// A re-release's withheld headline points to the previous release's brief; a first
		// release's does not (there is none).
		if p := r.previousNote(); (c.guarded > 0) != strings.Contains(p, "the earlier release's brief still gives it") {
			t.Errorf("%v, %d guarded: previous release's note %q", c.state, c.guarded, p)
		}
		// With the earlier release's date in the manifest (replaced), the note gives it
		// (issue-16-shares9.md's Left: "as of that release's date" named none).
		if c.guarded > 0 {
			for _, rp := range []struct {
				replaced *release.Replaced
				want     string
			}{
				{&release.Replaced{AsOf: "2026-01-01", CreatedAt: time.Date(2026, 1, 3, 9, 0, 0, 0, time.UTC)}, "still gives it, as of 1 January 2026."},
				{&release.Replaced{CreatedAt: time.Date(2026, 1, 3, 9, 0, 0, 0, time.UTC)}, "still gives it, as of 3 January 2026."},
				{nil, "still gives it, as of that release's date."},
			} {
				m.Replaced = rp.replaced
				if p := r.previousNote(); !strings.Contains(p, rp.want) {
					t.Errorf("%v, replaced %+v: previous release's note %q, want %q", c.state, rp.replaced, p, rp.want)
				}
			}
		}
	}
}

// fixedBounds is a SumBounder giving every sum the same upper bound.
type fixedBounds float64

func (f fixedBounds) SumBounds(string, [][2]int) (float64, float64, error) { return 0, float64(f), nil }

// The most common form's share is given when no withheld form can be larger than the largest
// printed one: a "<10" form never is, an "x" form when the release's own linear program bounds
// it below (attack-2026-12-01c finding 16's low: 400 cases, the brief withheld the share that
// query prints).
func TestMostCommonFormBesideWithheld(t *testing.T) {
	const want = "The most common form of exploitation recorded was sexual exploitation: 44%"
	for _, c := range []struct {
		name   string
		other  State               // state of the third form's count
		bounds analysis.SumBounder // nil: none
		shown  bool
	}{
		{"small form", Primary, nil, true},
		{"x form, no bounds", Secondary, nil, false},
		{"x form bounded below the largest", Secondary, fixedBounds(60), true},
		{"x form that may be the largest", Secondary, fixedBounds(157), false},
	} {
		prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
			Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{400}, State: []State{Published}}}}
		age := &Table{Name: "cases-by-age-and-gender", Labels: []string{"minority"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"minor"}, Values: []int64{150}, State: []State{Published}},
				{Labels: []string{"adult"}, Values: []int64{250}, State: []State{Published}}}}
		forms := &Table{Name: "exploitation-by-age", Labels: []string{"form"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"sexual exploitation"}, Values: []int64{157}, State: []State{Published}},
				{Labels: []string{"forced labour"}, Values: []int64{120}, State: []State{Published}},
				{Labels: []string{"forced marriage"}, Values: []int64{0}, State: []State{c.other}}}}
		recorded := &Table{Name: "cases-by-form-recorded", Labels: []string{"recorded"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"yes"}, Values: []int64{357}, State: []State{Published}},
				{Labels: []string{"no"}, Values: []int64{43}, State: []State{Published}}}}
		s := &set{byName: map[string]int{}}
		for _, tb := range []*Table{prov, age, forms, recorded} {
			s.add(tb)
		}
		r := &report{opt: Options{Threshold: 10, Bounds: c.bounds}, m: &release.Manifest{}, set: s.withStandard()}
		var got string
		for _, f := range r.figures() {
			if strings.Contains(f.Sentence, "form of exploitation") {
				got = f.Sentence
			}
		}
		if shown := strings.Contains(got, want); shown != c.shown {
			t.Errorf("%s: %q, want shown %v", c.name, got, c.shown)
		}
	}
}

// rangeBounds is a SumBounder giving every sum the same interval.
type rangeBounds [2]float64

func (b rangeBounds) SumBounds(string, [][2]int) (float64, float64, error) { return b[0], b[1], nil }

// The share of children withheld (after a grown release the guard withholds the minors'
// change of 1-9) is given as the range the release's own counts place it in, never to the
// percent (attack-2026-12-01d finding 12: 302 of 372, minors in 300-303 by the release's LP).
func TestChildrenShareAsRange(t *testing.T) {
	for _, c := range []struct {
		name   string
		bounds analysis.SumBounder
		want   string
	}{
		{"no bounds", nil, "The share of children is withheld"},
		{"bounded", rangeBounds{300, 303}, "Children (under 18) were between 80% and 82% of those whose age is known (the exact share is withheld"},
		{"unbounded", rangeBounds{0, math.Inf(1)}, "The share of children is withheld"},
		{"to the percent", rangeBounds{372, 372}, "Children (under 18) were about 100% of those whose age is known (to the percent"},
	} {
		prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
			Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{372}, State: []State{Published}}}}
		age := &Table{Name: "cases-by-age-and-gender", Labels: []string{"minority", "age"}, Counts: []string{"cases"}, TotalCols: []bool{false},
			Rows: []Row{{Labels: []string{"minor", "0-8"}, Values: []int64{63}, State: []State{Published}},
				{Labels: []string{"minor", "9-17"}, Values: []int64{0}, State: []State{Secondary}},
				{Labels: []string{"adult", "18+"}, Values: []int64{0}, State: []State{Secondary}}}}
		s := &set{byName: map[string]int{}}
		s.add(prov)
		s.add(age)
		r := &report{opt: Options{Threshold: 10, Bounds: c.bounds}, m: &release.Manifest{}, set: s.withStandard()}
		var got string
		for _, f := range r.figures() {
			if strings.Contains(f.Sentence, "hildren") {
				got = f.Sentence
			}
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// bySize is a SumBounder giving a sum of n cells the interval at n.
type bySize map[int][2]float64

func (b bySize) SumBounds(_ string, cells [][2]int) (float64, float64, error) {
	return b[len(cells)][0], b[len(cells)][1], nil
}

// The share of children when the total itself is withheld (a grown release's guard withholds
// its change of 1-9): the range minors' lo / (lo + adults' hi) .. hi / (hi + adults' lo), never
// the share to the percent.
func TestChildrenShareTotalWithheld(t *testing.T) {
	prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
		Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{Secondary}}}}
	age := &Table{Name: "cases-by-age-and-gender", Labels: []string{"minority", "age"}, Counts: []string{"cases"}, TotalCols: []bool{false},
		Rows: []Row{{Labels: []string{"minor", "0-8"}, Values: []int64{63}, State: []State{Published}},
			{Labels: []string{"minor", "9-17"}, Values: []int64{0}, State: []State{Secondary}},
			{Labels: []string{"adult", "18+"}, Values: []int64{0}, State: []State{Secondary}},
			{Labels: []string{"unknown", "unknown"}, Values: []int64{0}, State: []State{Secondary}}}}
	s := &set{byName: map[string]int{}}
	s.add(prov)
	s.add(age)
	r := &report{opt: Options{Threshold: 10, Bounds: bySize{2: {300, 303}, 1: {67, 70}}}, m: &release.Manifest{}, set: s.withStandard()}
	var got string
	for _, f := range r.figures() {
		if strings.Contains(f.Sentence, "hildren") {
			got = f.Sentence
		}
	}
	// 300 / 370 = 81.08% (down to 81), 303 / 370 = 81.89% (up to 82).
	if want := "Children (under 18) were between 81% and 82% of those whose age is known (the exact share is withheld"; !strings.Contains(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}

// The report says how many cases were withheld, and does not say "up to 5%" alone when more
// were (a re-release's guard, rows of a status no table counts: the limit is k-anonymity's).
func TestWithheldCasesBesideTheLimit(t *testing.T) {
	for _, c := range []struct {
		suppressed int
		want       string
	}{
		{0, "Up to 5% of cases could be withheld to reach k-anonymity; none was."},
		{4, "Up to 5% of cases could be withheld to reach k-anonymity; fewer than 10 were."},
		{116, "Up to 5% of cases could be withheld to reach k-anonymity; 1-5% were."},
		{300, "In all, 10-25% of the cases were withheld, more than the 5% that could be withheld to reach k-anonymity: "},
	} {
		m := &release.Manifest{Counts: release.Counts{Written: 2710 - c.suppressed, Suppressed: c.suppressed},
			Privacy: release.Privacy{SuppressionLimit: 0.05, SmallCellThreshold: 10}}
		if got := withheldCases(m, 10); !strings.HasPrefix(got, c.want) {
			t.Errorf("%d suppressed: %q, want %q", c.suppressed, got, c.want)
		}
	}
}
