package anonymize

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestProtectionRangeHiddenException: the manifest's promise states the labels' exception for
// the hidden cells that counts shown as <10 determine, not only for those counts
// (privacy-side-doors28's LP over synth 3,000: the narrowest protected interval, 4, was a
// curve's events between two points, hidden, each of its printed counts <10: [1, 5] by the
// labels alone; the promise named only "a count shown as <10"), in every variant.
func TestProtectionRangeHiddenException(t *testing.T) {
	p := Protection{Threshold: 10, Width: 5}
	for _, prev := range []string{"", release.PreviousJoint, release.PreviousJointLost, release.PreviousSame, release.PreviousKept, release.PreviousApart} {
		s := protectionRange(p, prev)
		for _, want := range []string{
			"a count shown as <10 stays among at least 6 consecutive values",
			"n counts shown as <10 under a total shown as <10 are each among 1 to 10-n",
			"so does a small count no table prints",
			"among all the values the labels alone leave it, when those are fewer: a difference of counts shown as <10",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("previous %q: %q not said in %q", prev, want, s)
			}
		}
	}
}

// TestProtectionRangeNamesProtected: the promise says which counts keep the range (small
// counts, printed or not, and small changes) and that the x counts withheld around them do not
// (attack-2026-12-06f F7: an x complement placed in [38, 42], width 4, under a promise that
// read "every protected count"; the audit, like tau-Argus, holds only primary cells to it).
func TestProtectionRangeNamesProtected(t *testing.T) {
	p := Protection{Threshold: 10, Width: 5}
	for _, prev := range []string{"", release.PreviousJoint, release.PreviousJointLost, release.PreviousSame, release.PreviousHeld, release.PreviousKept, release.PreviousApart} {
		s := protectionRange(p, prev)
		for _, want := range []string{
			"For every protected count (a count shown as <10, a small count no table prints, and a change of 1 to 9 since a previous release; ",
			"not a count shown as x, withheld to protect these, which may be placed in a narrower interval)",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("previous %q: %q not said in %q", prev, want, s)
			}
		}
	}
}
