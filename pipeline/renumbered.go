package pipeline

import (
	"fmt"
	"sort"

	"github.com/prevalence/prevalence/release"
)

// renumberMin is the fewest records of two exports of one organisation, paired one to one by
// name, date of birth and gender under different case numbers, that tell a renumbering.
const renumberMin = 5

// checkRenumbered refuses (ErrSameInput) two case inputs of one organisation where nine in ten
// of the smaller one's records (those left after de-duplication) and at least renumberMin pair
// one to one with the other's by name, date of birth and gender under different case numbers
// (linkage.Result.Twins): one register exported from an old system and a new one that numbers
// the cases anew (attack-2026-12-03d finding 5: old-system-export.csv and
// new-system-export.csv, 40 boys counted as 80 with a namesakes notice). The organisation's
// numbers say two cases, so linkage does not merge them, and every child would count twice.
// Two registers of one organisation share a few namesakes by chance, never nearly all of
// their records. ends are the rows after each input (Run's ends), inputs the manifest's, live
// whether a row is still in (not quarantined, dropped or merged as a duplicate).
//
// exact are the twins of exact births and names that would link (linkage.Result.ExactTwins):
// a quarter of the smaller export paired so (and at least renumberMin) is a renumbering too,
// whatever the rest holds: a new system that took over only the open cases, dated on the
// migration's day or days, beside new cases (attack-2026-12-04d finding R10: 60 of 120
// records paired by full name, exact birth and gender, counted twice). A register's people
// registered again under a new number (re-trafficked, re-referred) are a few in a hundred.
func checkRenumbered(twins, exact [][2]int, ends []int, inputs []release.Input, live func(row int) bool) error {
	inputOf := func(row int) int { return sort.SearchInts(ends, row+1) }
	type pair struct{ a, b int }
	pairs, exacts := map[pair]int{}, map[pair]int{}
	var order []pair
	for _, t := range twins {
		p := pair{inputOf(t[0]), inputOf(t[1])}
		if p.a == p.b || p.b >= len(inputs) {
			continue // namesakes inside one export: two cases of one name
		}
		if pairs[p] == 0 {
			order = append(order, p)
		}
		pairs[p]++
	}
	for _, t := range exact {
		exacts[pair{inputOf(t[0]), inputOf(t[1])}]++
	}
	rows := func(in int) (n int) {
		start := 0
		if in > 0 {
			start = ends[in-1]
		}
		for row := start; row < ends[in]; row++ {
			if live(row) {
				n++
			}
		}
		return n
	}
	for _, p := range order {
		n := pairs[p]
		if n < renumberMin {
			continue
		}
		ra, rb := rows(p.a), rows(p.b)
		if 10*n < 9*min(ra, rb) && (exacts[p] < renumberMin || 4*exacts[p] < min(ra, rb)) {
			continue
		}
		return fmt.Errorf("%w: %s and %s: %d of their records (of %d and %d; none shown) pair one to one by name, date of birth and gender under different case numbers of one organisation: "+
			"the same people numbered anew (an export of a new system beside the old system's, or a register re-keyed), every one of them would count twice. "+
			"Give only one of the two exports (the latest), or, if the new export keeps the old case number in a column, map that column as case_id so that the records merge as duplicates; "+
			"if the newer export took over only some of the other's cases (the open ones) beside its own new cases, give both but leave the records taken over out of one of them; "+
			"if they are two organisations' records, give each its own source in the config so that they are linked",
			ErrSameInput, inputs[p.a].Path, inputs[p.b].Path, n, ra, rb)
	}
	return nil
}
