package pipeline

import (
	"errors"
	"fmt"
	"sort"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/release"
)

// ErrAgeAtExport is returned by Run when two exports of one source hold the same case numbers
// with ages that differ alike, in the same year of registration, by more than the de-duplication
// lets merge: a later export whose "age" is the age on the day of the export (a CMS that
// computes it from the date of birth, exported without it), not at registration. Each such
// case would count twice, as the earlier and the later person, and every age band would be off
// by the years since registration; nothing in the records says which age is the one at
// registration, so the run is refused rather than either guessed.
var ErrAgeAtExport = errors.New("ages that look like the age at the export, not at registration")

// reExportMin is the fewest records, kept apart from the same case numbers of another input
// with ages that differ alike, that tell a re-export: numbers reused by other people (numbering
// restarting per shelter) pair ages at random, and five in a window of two years is not chance.
const reExportMin = 5

// checkReExports refuses (ErrAgeAtExport) a pair of case inputs when at least reExportMin of the
// records the de-duplication kept apart between them (ingest.Reuse), and nine in ten of all it
// kept apart between them, have ages that differ by the same years (or by one more: exports a
// year and a half apart shift some birthdays by one year, some by two). ends are the rows after
// each input (Run's ends), inputs the manifest's.
func checkReExports(reuses []ingest.Reuse, ends []int, inputs []release.Input) error {
	inputOf := func(row int32) int { return sort.SearchInts(ends, int(row)+1) }
	type pair struct{ first, later int }
	all := map[pair]int{}
	shifts := map[pair]map[int16]int{}
	var order []pair
	for _, r := range reuses {
		p := pair{inputOf(r.First), inputOf(r.Row)}
		if p.first == p.later || p.later >= len(inputs) {
			continue // one export: a number reused inside it (restarting each year)
		}
		if all[p] == 0 {
			order = append(order, p)
			shifts[p] = map[int16]int{}
		}
		all[p]++
		if r.AgeShift != 0 {
			shifts[p][r.AgeShift]++
		}
	}
	for _, p := range order {
		best, lo := 0, int16(0)
		for s, n := range shifts[p] {
			if w := n + shifts[p][s+1]; w > best || w == best && s < lo {
				best, lo = w, s
			}
		}
		if best < reExportMin || 10*best < 9*all[p] {
			continue
		}
		years := fmt.Sprint(abs16(lo))
		if shifts[p][lo+1] > 0 {
			years = fmt.Sprintf("%d or %d", min(abs16(lo), abs16(lo+1)), max(abs16(lo), abs16(lo+1)))
		}
		older, younger := inputs[p.later].Path, inputs[p.first].Path
		if lo < 0 {
			older, younger = younger, older
		}
		return fmt.Errorf("%w: %s and %s: %d records under the same case numbers of one organisation, registered in the same year, are %s years older in %s than in %s, "+
			"and nothing else tells them apart: %s looks like a later export of the same cases whose age column gives the age on the day of the export, not at registration "+
			"(each case would count twice, and the age bands would be wrong): map the date of birth or the age at registration (columns:), "+
			"or give only one of the exports; if they are other people under case numbers that restart in each export file, set case_id_scope: file",
			ErrAgeAtExport, inputs[p.first].Path, inputs[p.later].Path, best, years, older, younger, older)
	}
	return nil
}

func abs16(v int16) int16 {
	if v < 0 {
		return -v
	}
	return v
}
