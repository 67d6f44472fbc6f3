package analysis

import (
	"testing"

	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
)

// TestFollowUpShares: shares are yes / (yes + no) of the published counts with Wilson
// intervals; a row with a withheld yes or no gives none; with noise the interval is widened.
func TestFollowUpShares(t *testing.T) {
	pub := []release.State{release.Published, release.Published, release.Published, release.Published}
	tb := &release.Table{Name: "follow-up", Counts: []string{"children", "yes", "no", "not_recorded"}, Rows: []release.Row{
		{Labels: []string{"visited_after", "6 months"}, Values: []int64{100, 60, 40, 0}, State: pub},
		{Labels: []string{"visited_after", "12 months"}, Values: []int64{50, 0, 0, 3}, State: []release.State{release.Published, release.Primary, release.Secondary, release.Published}},
		{Labels: []string{"in_school_at_last_visit", "6 months"}, Values: []int64{100, 45, 30, 25}, State: pub},
	}}
	got := FollowUpShares(tb, 0.95)
	if len(got) != 2 {
		t.Fatalf("%d shares, want 2 (the row with withheld counts gives none): %+v", len(got), got)
	}
	w := intervals.Wilson(45, 75, 0.95)
	if s := got[1]; s.Yes != 45 || s.Of != 75 || s.NotRecorded != 25 || s.Lower != w.Lower || s.Upper != w.Upper {
		t.Errorf("schooling share %+v, want 45 of 75 with %+v", s, w)
	}
	tb.Epsilon = 1
	for ri := range tb.Rows {
		tb.Rows[ri].Noise = []int{3, 1, 1, 1}
	}
	noisy := FollowUpShares(tb, 0.95)
	if n := noisy[1]; !(n.Lower < w.Lower && n.Upper > w.Upper) {
		t.Errorf("with noise [%g, %g], not wider than [%g, %g]", n.Lower, n.Upper, w.Lower, w.Upper)
	}
}
