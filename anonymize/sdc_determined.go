package anonymize

import (
	"cmp"
	"slices"
)

// publishDetermined publishes again the complements that protect nothing: a count withheld by
// complementary suppression (not primary, not guarded, not a cell no table prints) whose LP
// interval, from everything published and every relation, is a single value. The published
// counts already give it away exactly (bad/kids.csv in the tester's attack of 30 Nov: a
// year's total withheld beside its three published parts), so printing it adds nothing an
// attacker can use: the constraint "count = value" holds at every point of the audit's
// polytope, which stays the same, and so does every protected count's interval. The exact
// audit runs again on the final pattern all the same, and its account is returned: a count whose
// printing makes the audit find a protected count exposed (see below) stays withheld. rep is
// the audit of ts as it is.
func publishDetermined(ts []*CountTable, l Links, p Protection, copiesOf func(Ref) []Ref, rep AuditReport) (AuditReport, error) {
	candidate := func(r Ref) bool {
		if _, s := at(ts, r); s != Secondary || ts[r.T].Hidden {
			return false
		}
		_, before := p.Before[r]
		return !p.Guarded[r] && !p.MayBeZero[r] && !before
	}
	// An interval half a count wide tells the count is not pinned; narrower, both ends are
	// solved exactly (blockLP.interval).
	iv, _, err := p.lps.audit(ts, l, p.Threshold, p.MayBeZero, candidate, func(Ref) float64 { return 0.5 })
	if err != nil {
		return rep, err
	}
	var pinned []Ref
	for r, x := range iv {
		if v, _ := at(ts, r); x.Width() < 1e-6 && x.Lo == float64(v) {
			pinned = append(pinned, r)
		}
	}
	// Totals of totals first (the headline), then the largest.
	slices.SortFunc(pinned, func(a, b Ref) int {
		if la, lb := level(ts, a), level(ts, b); la != lb {
			return lb - la
		}
		va, _ := at(ts, a)
		vb, _ := at(ts, b)
		if va != vb {
			return cmp.Compare(vb, va)
		}
		return cmpRef(a, b)
	})
	// All at once; when the audit then finds a protected count exposed, one at a time. The
	// LP's intervals stay the same, but what "the labels alone" leave (labelLinks: relations
	// among withheld counts) can grow when a count of such a relation is printed, and a
	// protected count the labels alone narrowed as much is then exposed by the rule.
	// A count goes with its copies in other tables (relations a = b), which are pinned too:
	// printing one copy beside a withheld one would be undone (publish.go's twins).
	isPinned := map[Ref]bool{}
	for _, r := range pinned {
		isPinned[r] = true
	}
	var groups [][]Ref
	done := map[Ref]bool{}
	for _, r := range pinned {
		if done[r] {
			continue
		}
		g, ok := copiesOf(r), true
		for _, c := range g {
			done[c] = true
			if _, s := at(ts, c); s != Hidden && !isPinned[c] {
				ok = false
			}
		}
		if ok {
			groups = append(groups, slices.DeleteFunc(g, func(c Ref) bool { _, s := at(ts, c); return s == Hidden }))
		}
	}
	batches := [][]Ref{slices.Concat(groups...)}
	if len(groups) > 1 {
		batches = append(batches, groups...)
	}
	for i, batch := range batches {
		if len(batch) == 0 {
			continue
		}
		for _, r := range batch {
			ts[r.T].Rows[r.R].State[r.C] = Published
		}
		exposed, _, rep2, err := Audit(ts, l, p)
		if err != nil {
			return rep, err
		}
		if len(exposed) == 0 {
			rep = rep2
			if i == 0 {
				break
			}
			continue
		}
		for _, r := range batch {
			ts[r.T].Rows[r.R].State[r.C] = Secondary
		}
	}
	return rep, nil
}

// spareRounds is how many complements complementary suppression withholds to spare one
// exposed count's key margin (a count of a relation of a complement already withheld, see
// complement) before it takes the margin itself. Each such count widens the exposed count's
// interval only when it reaches it: at 20,000 synthetic cases, a province of 10 cases (9 of
// them men) drew 44 of them across the release (the years' "other or unknown" gender, the age
// table's totals, re-trafficking counts) before its total was withheld after all, and the
// complements stayed withheld, protecting nothing (issue 16c).
const spareRounds = 2

// sparer returns a function that says, for an exposed count, whether another complement may
// be withheld to spare its key margin: at most spareRounds times per count.
func sparer() func(Ref) bool {
	n := map[Ref]int{}
	return func(r Ref) bool {
		n[r]++
		return n[r] <= spareRounds
	}
}
