package reports

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestBedsSentenceOverCapacity: a province whose residential placements outnumber the beds of
// the centres file is not reported as a home "1153% filled" (the demo said so of Phnom Penh's
// 70 beds): the sentence says the file lists fewer beds than the placements use.
func TestBedsSentenceOverCapacity(t *testing.T) {
	occ := &release.Table{Name: "occupancy", Labels: []string{"province"}, Counts: []string{"admissions", "in_care_at_end"},
		Figures: []string{"beds", "occupancy_rate", "mean_stay_months", "beds_needed"},
		Rows: []release.Row{
			{Labels: []string{"KH-12"}, Values: []int64{989, 872}, State: []release.State{release.Published, release.Published},
				Figures: []string{"70", "11.53", "10.2", "992.9"}},
			{Labels: []string{"IN-WB"}, Values: []int64{120, 110}, State: []release.State{release.Published, release.Published},
				Figures: []string{"150", "0.90", "10.3", "140.0"}},
		}}
	r := &report{set: &set{byName: map[string]int{}}}
	r.set.add(occ)
	s := r.bedsSentence()
	if strings.Contains(s, "1153% of 70 beds filled") || !strings.Contains(s, "Phnom Penh (more people in residential care than the 70 beds the centres file lists") ||
		!strings.Contains(s, "not a measure of crowding") {
		t.Errorf("over capacity: %s", s)
	}
	if !strings.Contains(s, "West Bengal (90% of 150 beds filled; about 140 needed)") {
		t.Errorf("under capacity: %s", s)
	}
}

// TestBedsSentenceLateRecords: a province whose occupancy_rate the table leaves out (an
// organisation placing people there begins its records late, outc session zg) was in no
// sentence: the report named the provinces at or above 85% and a reader took Phnom Penh for
// below. The sentence names it, with or without a full province beside it.
func TestBedsSentenceLateRecords(t *testing.T) {
	note := "Counts everyone in care; the other outcome tables count victims only. KH-12, KH-17: occupancy_rate left empty, and in_care_at_end counts only the people admitted since the records begin: an organisation that placed people there begins its records late. KH-17: its records begin inside the period, so admissions count only those since and beds_needed is left empty."
	for _, c := range []struct {
		name, wb string // West Bengal's rate
		full     bool   // West Bengal named as at or above 85%
	}{{"beside a full province", "0.90", true}, {"alone", "0.40", false}} {
		occ := &release.Table{Name: "occupancy", Labels: []string{"province"}, Counts: []string{"admissions", "in_care_at_end"}, Note: note,
			Figures: []string{"beds", "occupancy_rate", "mean_stay_months", "beds_needed"},
			Rows: []release.Row{
				{Labels: []string{"IN-WB"}, Values: []int64{120, 110}, State: []release.State{release.Published, release.Published},
					Figures: []string{"150", c.wb, "10.3", "140.0"}},
				{Labels: []string{"KH-12"}, Values: []int64{88, 62}, State: []release.State{release.Published, release.Published},
					Figures: []string{"100", "", "10.7", "92.1"}},
				{Labels: []string{"KH-17"}, Values: []int64{12, 10}, State: []release.State{release.Published, release.Published},
					Figures: []string{"10", "", "3.1", ""}},
			}}
		r := &report{set: &set{byName: map[string]int{}}}
		r.set.add(occ)
		s := r.bedsSentence()
		if !strings.Contains(s, "No occupancy is given for Phnom Penh and Siem Reap: an organisation that placed people there begins its records, or its care records, late") {
			t.Errorf("%s: %q does not say why Phnom Penh's and Siem Reap's occupancy is left out", c.name, s)
		}
		if strings.Contains(s, "West Bengal (90% of 150 beds filled") != c.full || strings.Count(s, "Phnom Penh") != 1 {
			t.Errorf("%s: %q", c.name, s)
		}
	}
	if got := lateRates("No province left out: occupancy_rate printed."); got != nil {
		t.Errorf("lateRates of a note without the words: %q", got)
	}
}
