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
