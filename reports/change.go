package reports

import (
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/release"
)

// A re-release's count can be lower than the one the release it replaces printed with no case
// closed: a later export let linkage tie two organisations' records of one person, or corrected
// a gender, or a row once read is now quarantined, or rows left the exports. The brief said
// nothing of it, and the advocate who quoted 62 found 52 (attack-2026-12-03a finding 8). The
// manifest knows the replaced release's counts (manifest replaced.counts): changeSince says
// which of these happened since, in words only. Their sizes are the organisation's (a change
// of a few merged records beside two printed totals would tell of a few people). Said only when
// this release prints its total: beside a total the differencing guard withholds (it moved by
// 1 to 9), "fewer rows" would tell the direction of that change; nor when the replaced release
// withheld its total (manifest replaced.total_given), where it would tell which side of the
// total printed now that withheld one lay; nor when the tables are held (the previous
// release's again: what changed is what the hold keeps from everyone). Linkage and corrections are
// said whichever way the total moved (they lower some count: a province's, a gender's); more
// rows quarantined only when the rows kept fell (else they may all be new rows, invalid).

// changeSince is the sentence on what, since the release this one replaced, merged, corrected,
// quarantined or removed records ("" when the manifest does not know that release's counts, or
// none of them happened).
func (r *report) changeSince() string {
	if r.m == nil || r.m.Replaced == nil || r.m.Replaced.Counts == nil {
		return ""
	}
	if !r.totalGiven() {
		return ""
	}
	// Held: the tables are the previous release's, unchanged, because 1-9 records changed;
	// "fewer rows" or "records corrected" would tell everyone what they were (a record removed
	// under the hold said "the exports read hold fewer rows": privacy-side-doors37, 7 Dec 08:54).
	if r.m.Tables != nil && r.m.Tables.PreviousAudit == release.PreviousHeld {
		return ""
	}
	// The replaced release withheld its total and this one prints it: "fewer rows" or
	// "records merged" would tell that the withheld total lay above the one printed now.
	// Releases before total_given was recorded are rendered as they were written (check).
	if g := r.m.Replaced.TotalGiven; g != nil && !*g {
		return ""
	}
	c, p := r.m.Counts, *r.m.Replaced.Counts
	fell := c.Written+c.Suppressed < p.Written+p.Suppressed
	var what []string
	if c.Linked-c.LinkedWithin > p.Linked-p.LinkedWithin {
		what = append(what, "records of different organisations were linked as the same people (a later export gave what ties them) and are counted once")
	}
	if c.LinkedWithin > p.LinkedWithin {
		what = append(what, "records of one organisation without a case number were found to be one person's (by name, date of birth and gender) and are counted once")
	}
	// Other duplicates: a case exported twice, a case number in another spelling. They grow
	// with every cumulative export read beside the last; only more of them than rows added
	// can lower a count.
	if d := (c.Duplicates - c.Linked - c.Corrected) - (p.Duplicates - p.Linked - p.Corrected); d > 0 && d > c.Read-p.Read {
		what = append(what, "more rows were merged as the same case as another row (a case exported twice, a case number written another way) than rows were added")
	}
	if c.Corrected > p.Corrected {
		what = append(what, "a later export corrected records of the same case numbers (gender or date of birth), which moves a case from one count to another")
	}
	if c.Quarantined > p.Quarantined && fell {
		what = append(what, "more rows were quarantined as invalid (listed with their reasons in the organisation's quarantine.csv)")
	}
	if c.Read < p.Read {
		what = append(what, "the exports read hold fewer rows (records removed from the register, or an export not read again)")
	}
	if len(what) == 0 {
		return ""
	}
	since := "Since the release this one replaces"
	if w := r.previousWhen(); w != "as of that release's date" {
		since += " (" + w + ")"
	}
	return fmt.Sprintf("%s, %s. So a count here, the number of people too, can be lower than the one that release printed though no case was closed; "+
		"an organisation may also have corrected a province, an age or a form of exploitation in its register, which moves a case between counts and which no release can see. "+
		"The exact account is the organisation's (manifest.json, replaced.counts beside counts).",
		since, strings.Join(what, "; "))
}

// totalGiven reports whether the release gives its total of cases (the brief's headline: the
// tables' all-countries row, printed or the sum of its printed parts).
func (r *report) totalGiven() bool {
	return r.set != nil && release.TotalGiven(r.set.tables)
}
