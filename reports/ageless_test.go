package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// TestAgeless (attack-2026-12-03b finding 8): a register whose ages are in a column that maps
// onto no field ("Age Group") has every case of unknown age. The brief said the provinces were
// not recorded (Herat's 20 printed) and the children's share withheld for privacy; both now say
// that no case records an age. A release with ages keeps the old words.
func TestAgeless(t *testing.T) {
	for _, c := range []struct {
		name          string
		minors        int64
		share, noProv string
	}{
		{"no age", 0, "The share of children cannot be given: no case in this input records an age.",
			"No case in this input records an age, so children cannot be told from adults"},
		{"ages recorded", 12, "Children (under 18) were", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			pub := []State{Published, Published, Published, Published}
			prov := &Table{Name: "cases-by-province-and-gender", Labels: []string{"country", "province"},
				Counts: []string{"cases", "female", "male", "other_or_unknown"}, TotalCols: []bool{true, false, false, false},
				Rows: []Row{
					{Labels: []string{"AF", "AF-HER"}, Values: []int64{20, 0, 20, 0}, State: pub},
					{Labels: []string{"all countries", ""}, Total: true, Values: []int64{20, 0, 20, 0}, State: pub},
				}}
			age := &Table{Name: "cases-by-age-and-gender", Labels: []string{"majority_status", "age_band"}, Counts: []string{"cases"}, TotalCols: []bool{true},
				Rows: []Row{
					{Labels: []string{"minor", "9-17"}, Values: []int64{c.minors}, State: []State{Published}},
					{Labels: []string{"adult", "18+"}, Values: []int64{0}, State: []State{Published}},
					{Labels: []string{"unknown", NotRecorded}, Values: []int64{20 - c.minors}, State: []State{Published}},
					{Labels: []string{"all ages", ""}, Total: true, Values: []int64{20}, State: []State{Published}},
				}}
			boys := &Table{Name: "boys-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
				Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{c.minors}, State: []State{Published}}}}
			girls := &Table{Name: "girls-by-province", Labels: []string{"country", "province"}, Counts: []string{"cases"}, TotalCols: []bool{false},
				Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: []int64{0}, State: []State{Published}}}}
			// Every release has it (loadSet): without it, report.table gave the provinces.
			forms := &Table{Name: "exploitation-by-age", Labels: []string{"form"}, Counts: []string{"cases"}, TotalCols: []bool{false},
				Rows: []Row{{Labels: []string{"labour"}, Values: []int64{20}, State: []State{Published}}}}
			s := &set{byName: map[string]int{}}
			for _, tb := range []*Table{prov, age, boys, girls, forms} {
				s.add(tb)
			}
			m := &release.Manifest{}
			m.Counts.Written = 20
			r := &report{opt: Options{Threshold: 10}, m: m, set: s}
			var got string
			for _, f := range r.figures() {
				if strings.Contains(f.Sentence, "hildren") {
					got = f.Sentence
				}
			}
			if !strings.Contains(got, c.share) {
				t.Errorf("children's share %q, want %q", got, c.share)
			}
			if got := r.noChildrenByProvince(); c.noProv != "" && !strings.HasPrefix(got, c.noProv) || c.noProv == "" && strings.Contains(got, "records an age") {
				t.Errorf("no children by province: %q, want %q", got, c.noProv)
			}
			// The tables of minors say that their zeros are of ages not known, and the centre-gap
			// ranking that its groups are all of unknown age, so the children's centres' places
			// meet no need (synth 3,000 without its age columns: Herat's "men (or age unknown)"
			// 24.4 places unmet, "none" serving them, beside Herat Boys' Centre's 30).
			byYear := &Table{Name: "cases-by-year", Labels: []string{"year"}, Counts: []string{"cases", "female", "male", "minors"}}
			note, agesNote := r.agelessNote(byYear), r.agelessNote(forms)
			r.opt.Centres = []analysis.Centre{{Name: "Herat Boys' Centre", Province: "AF-HER", Capacity: 30, AgeLo: 9, AgeHi: 17, Genders: []string{"male"}},
				{Name: "Kabul Women's Shelter", Province: "AF-KAB", Capacity: 13, AgeLo: 18, AgeHi: 120, Genders: []string{"female"}}}
			gaps := r.agelessGaps()
			if c.minors == 0 {
				if !strings.Contains(note, "a 0 (or no row) means that no one's age is known") || agesNote != "" {
					t.Errorf("the notes of a table of minors %q and of one without %q", note, agesNote)
				}
				if !strings.Contains(gaps, "every group is of unknown age") || !strings.Contains(gaps, "serve only children (Herat Boys' Centre)") {
					t.Errorf("the ranking's words %q", gaps)
				}
				// A release whose tables print those counts as not recorded says so in the
				// table's own note: not said twice.
				byYear.Note = "No case in this input records an age (age, date of birth, age band or majority status): its counts of minors and adults are not recorded in this input, not 0."
				if n := r.agelessNote(byYear); n != "" {
					t.Errorf("a table whose note says it: %q", n)
				}
			} else if note != "" || gaps != "" {
				t.Errorf("with ages: %q, %q", note, gaps)
			}
		})
	}
}
