package anonymize

import (
	"strings"

	"github.com/prevalence/prevalence/release"
)

// agelessNote is the note of a table of minors or adults when no counted case records an age.
const agelessNote = "No case in this input records an age (age, date of birth, age band or majority status): its counts of minors and adults are not recorded in this input, not 0; the cases are counted at unknown age."

// ageless reports whether f counts cases and none of them records an age: every kept victim
// is of unknown majority (the run's "no row records an age" notice for every input).
func (f *facts) ageless() bool {
	any := false
	for i, k := range f.cells {
		if f.counts[i] == 0 {
			continue
		}
		if m := f.majority(k); m == "minor" || m == "adult" {
			return false
		}
		any = true
	}
	return any
}

// unrecordedAges marks, in the printed tables of ts, the counts of minors and adults as
// release.Unrecorded when no counted case records an age (f.ageless): the tables of minors
// (minors-by-..., boys-..., girls-...) whole and the minors and adults columns of the others
// (cases-by-year, exploitation-by-age, cases-by-region-and-age). Printed as 0 they read as no
// child identified (synth 3,000 without its age columns: "minors 0" in every year), where the
// forms no input records already read "not recorded in this input" (unrecordedForms). Only
// published zeros are marked (a withheld count keeps its state: check's re-audit takes an
// unrecorded count as the published 0 it was to the run's audit, unrecordedAsZero). It runs
// after the protection.
func (f *facts) unrecordedAges(ts []*CountTable) {
	if !f.ageless() {
		return
	}
	for _, t := range ts {
		if t.Hidden {
			continue
		}
		whole := strings.HasPrefix(t.Name, "minors-") || strings.HasPrefix(t.Name, "boys-") || strings.HasPrefix(t.Name, "girls-")
		var cols []int
		for ci, c := range t.Counts {
			if whole || c == "minors" || c == "adults" {
				cols = append(cols, ci)
			}
		}
		if len(cols) == 0 {
			continue
		}
		for ri := range t.Rows {
			row := &t.Rows[ri]
			for _, c := range cols {
				if c < len(row.State) && row.State[c] == release.Published && row.Values[c] == 0 {
					row.State[c] = release.Unrecorded
					if row.Rounded != nil {
						row.Rounded[c] = 0
					}
				}
			}
		}
		if !strings.Contains(t.Note, agelessNote) {
			t.Note = strings.TrimSpace(agelessNote + " " + t.Note)
		}
	}
}
