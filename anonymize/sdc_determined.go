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
	lean, err := leaning(ts, l, p)
	if err != nil {
		return rep, err
	}
	candidate := func(r Ref) bool {
		if _, s := at(ts, r); s != Secondary || ts[r.T].Hidden || lean[r] {
			return false
		}
		_, before := p.Before[r]
		return !p.fixed(r) && !p.MayBeZero[r] && !before
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
	slices.SortFunc(pinned, totalsFirst(ts))
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

// retries is how many withheld margins publishUnneeded tries to print again, each with one
// exact audit.
const retries = 12

// publishUnneeded prints again the margins (totals) that complementary suppression withheld
// and the final pattern no longer needs: complements are chosen one at a time, each for the
// exposed count of its round, and a total withheld early (the age table's 0-8 total, to
// protect the small year x gender x minority cells at 20,000 synthetic cases) may be
// protected by, or protect nothing beside, the complements withheld after it. Each margin,
// with its copies, the largest and most aggregated first (at most retries of them), is
// printed and the exact audit run: it stays printed only when the audit finds every
// protected count protected. rep is the audit of ts as it is; the last accepted audit's
// account is returned.
func publishUnneeded(ts []*CountTable, l Links, p Protection, copiesOf func(Ref) []Ref, rep AuditReport) (AuditReport, error) {
	lean, err := leaning(ts, l, p)
	if err != nil {
		return rep, err
	}
	var margins []Ref
	for ti, t := range ts {
		if t.Hidden {
			continue
		}
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				r := Ref{ti, ri, ci}
				if _, before := p.Before[r]; s == Secondary && level(ts, r) > 0 && !lean[r] && !p.fixed(r) && !p.MayBeZero[r] && !before {
					margins = append(margins, r)
				}
			}
		}
	}
	slices.SortFunc(margins, totalsFirst(ts))
	tried := 0
	for _, r := range margins {
		if _, s := at(ts, r); s != Secondary {
			continue // printed with a copy
		}
		if tried++; tried > retries {
			break
		}
		set, ok := printable(ts, copiesOf(r), func(c Ref) bool { return !p.fixed(c) && !lean[c] })
		if !ok {
			continue
		}
		setState(ts, set, Published)
		// Bound propagation first: a count it finds narrower than its range (beyond what the
		// labels leave) the exact audit finds so too (its bounds are outer ones), and the
		// margin stays withheld without the LPs of its block (most of the protection's CPU
		// with cases by province and year: their largest block holds 1,300-2,500 counts).
		if quick, _ := audit(ts, l, p); len(quick) > 0 {
			setState(ts, set, Secondary)
			continue
		}
		exposed, _, rep2, err := Audit(ts, l, p)
		if err != nil {
			return rep, err
		}
		if len(exposed) == 0 {
			rep = rep2
			continue
		}
		setState(ts, set, Secondary)
	}
	return rep, nil
}

// leaning returns the withheld counts whose block (withheld counts joined by a relation)
// holds a protected count narrower than its protection range: one the audit accepts only
// because the labels alone narrow it as much. Printing a count of such a block can widen what
// the labels alone leave (the attack tests' baseline) without widening the count, so
// publishDetermined and publishUnneeded leave those blocks as they are.
func leaning(ts []*CountTable, l Links, p Protection) (map[Ref]bool, error) {
	// Right after an audit of ts that found every protected count at least its range wide,
	// no block leans: the audit again would solve no LP, only age the cache (repeatAudit).
	if !p.leanFull && p.lps.repeatAudit(ts, p) {
		if p.leanSkipped != nil {
			*p.leanSkipped++
		}
		return map[Ref]bool{}, nil
	}
	_, iv, _, err := Audit(ts, l, p)
	if err != nil {
		return nil, err
	}
	parent := refUnion{}
	find := parent.find
	join := func(rs ...[]Ref) {
		var first Ref
		have := false
		for _, x := range rs {
			for _, r := range x {
				if _, s := at(ts, r); s == Published {
					continue
				}
				if !have {
					first, have = find(r), true
					continue
				}
				if b := find(r); b != first {
					parent[b] = first
				}
			}
		}
	}
	for _, e := range l.Eqs {
		join(e.Plus, e.Minus)
	}
	for _, e := range l.Les {
		join(e.Small, e.Large)
	}
	narrowRoots := map[Ref]bool{}
	for r, x := range iv {
		if p.exposedIn(ts, r, x) {
			narrowRoots[find(r)] = true
		}
	}
	out := map[Ref]bool{}
	for r := range parent {
		if narrowRoots[find(r)] {
			out[r] = true
		}
	}
	return out, nil
}

// pinnedCounts returns the counts of want whose interval, from everything printed and every
// relation, is their value alone.
func pinnedCounts(ts []*CountTable, l Links, p Protection, want func(Ref) bool) ([]Ref, error) {
	// An interval half a count wide tells the count is not pinned; narrower, both ends are
	// solved exactly (blockLP.interval).
	iv, _, err := p.lps.audit(ts, l, p.Threshold, p.MayBeZero, want, func(Ref) float64 { return 0.5 })
	if err != nil {
		return nil, err
	}
	var pinned []Ref
	for r, x := range iv {
		if v, _ := at(ts, r); x.Width() < 1e-6 && x.Lo == float64(v) {
			pinned = append(pinned, r)
		}
	}
	return pinned, nil
}

// totalsFirst orders counts for printing again: totals of totals first (the headline), then
// the larger counts, then by position (so the order never depends on how they were gathered).
func totalsFirst(ts []*CountTable) func(a, b Ref) int {
	return func(a, b Ref) int {
		if la, lb := level(ts, a), level(ts, b); la != lb {
			return lb - la
		}
		va, _ := at(ts, a)
		vb, _ := at(ts, b)
		if va != vb {
			return cmp.Compare(vb, va)
		}
		return cmpRef(a, b)
	}
}

// givenBackTries is how many counts publishGivenBack tries one at a time (each costs an exact
// audit) when printing them all at once fails.
const givenBackTries = 24

// publishGivenBack prints again, at the end of Protect, the complements that one relation
// gives back exactly from published counts: a withheld count whose equality's other counts
// are all printed (a year's cases withheld beside its printed women, men and others, or all
// countries' cases beside its printed genders: attack-2026-11-30d findings 5b and 9). They
// protect nothing: "count = value" already holds at every point of the audit's polytope.
// publishDetermined misses them when they become so only after it ran (publishFigures and
// publishBars print the year chart's bars later), or when their block leans on the labels
// (leaning); here the exact audit alone decides: all at once, then, when it finds a
// protected count exposed (what the labels alone leave can grow when a count of a relation
// among withheld counts is printed), one count with its copies at a time, the totals of
// totals first. Printing one may give back another (all years' cases once every year's is
// printed): it repeats until nothing more is given back. rep is the audit of ts as it is.
func publishGivenBack(ts []*CountTable, l Links, p Protection, copiesOf func(Ref) []Ref, rep AuditReport) (AuditReport, error) {
	// A count kept withheld as the previous release's or the standard set's pattern
	// (jointPrev.sameAs) is printed too when this release's own printed counts give it: the
	// README's cases-by-age-and-year gives the standard cases-by-year's withheld minors of
	// 2017 as 0-8 + 9-17 (attack-2026-12-01 finding 13). Printing it tells no one anything,
	// and both releases together still print what this one prints. Not while the joint audit
	// with a grown register chooses its kept counts (jointProtect walks through withheld
	// counts, and counts it kept must stay so), nor over its budget (keepPrevious).
	reprintKept := p.joint == nil || p.joint.same
	candidate := func(r Ref) bool {
		if _, s := at(ts, r); s != Secondary || ts[r.T].Hidden {
			return false
		}
		_, before := p.Before[r]
		return !p.Guarded[r] && (!p.Kept[r] || reprintKept) && !p.MayBeZero[r] && !before
	}
	// A relation often runs through a hidden table's counts whose copies (relations a = b)
	// are printed elsewhere: the minors of 2021 are the hidden year x gender x minority
	// table's three minors' counts, each a copy of a count of minors-by-year-and-gender
	// (attack-2026-12-01 finding 13: 282 - 151 - 121 = 10 withheld). So a count is taken as
	// its copies' group (canon, the first of them): known when any copy is printed, and a
	// group's coefficients in one relation are added (in a = b both cancel out).
	canon := map[Ref]Ref{}
	group := func(r Ref) Ref {
		if c, ok := canon[r]; ok {
			return c
		}
		cs := copiesOf(r)
		c := slices.MinFunc(cs, cmpRef)
		for _, x := range cs {
			canon[x] = c
		}
		return c
	}
	known := func(r Ref) bool {
		for _, c := range copiesOf(r) {
			if _, s := at(ts, c); s == Published {
				return true
			}
		}
		return false
	}
	failed := map[Ref]bool{}
	tries := 0 // exact audits of one count at a time, at most givenBackTries
	for {
		var given []Ref
		seen := map[Ref]bool{}
		for _, e := range l.Eqs {
			coef := map[Ref]int{}
			for i, rs := range [][]Ref{e.Plus, e.Minus} {
				for _, r := range rs {
					if _, s := at(ts, r); s == Published {
						continue
					}
					if g := group(r); !known(g) {
						coef[g] += 1 - 2*i
					}
				}
			}
			w, n := Ref{}, 0
			for g, k := range coef {
				if k != 0 {
					w, n = g, n+1
				}
			}
			if n != 1 {
				continue
			}
			// The count to print: a copy in a printed table (printable takes the others).
			i := slices.IndexFunc(copiesOf(w), candidate)
			if i < 0 {
				continue
			}
			if w = copiesOf(w)[i]; !seen[w] && !failed[w] {
				seen[w] = true
				given = append(given, w)
			}
		}
		if len(given) == 0 {
			// Given back by several relations at once (cases-by-year's minors of 2017 as
			// cases-by-age-and-year's 0-8 + 9-17 of 2017, through the hidden tables of minors
			// and of age x year x gender: attack-2026-12-01 finding 13): the LP's interval is
			// one value. publishDetermined ran before the figures were printed again.
			var err error
			if given, err = pinnedCounts(ts, l, p, func(r Ref) bool { return !failed[r] && candidate(r) }); err != nil {
				return rep, err
			}
		}
		if len(given) == 0 {
			return rep, nil
		}
		slices.SortFunc(given, totalsFirst(ts))
		var groups [][]Ref
		done := map[Ref]bool{}
		for _, r := range given {
			if done[r] {
				continue
			}
			set, ok := printable(ts, copiesOf(r), candidate)
			for _, c := range copiesOf(r) {
				done[c] = true
			}
			if !ok {
				failed[r] = true
				continue
			}
			groups = append(groups, set)
		}
		batches := [][]Ref{slices.Concat(groups...)}
		if len(groups) > 1 {
			batches = append(batches, groups...)
		}
		printed := false
		for i, batch := range batches {
			if len(batch) == 0 {
				continue
			}
			if i > 0 {
				if tries++; tries > givenBackTries {
					break
				}
			}
			setState(ts, batch, Published)
			exposed, _, rep2, err := Audit(ts, l, p)
			if err != nil {
				return rep, err
			}
			if len(exposed) == 0 {
				rep, printed = rep2, true
				if i == 0 {
					break
				}
				continue
			}
			setState(ts, batch, Secondary)
			if i > 0 || len(groups) == 1 {
				for _, r := range batch {
					failed[r] = true
				}
			}
		}
		if !printed {
			return rep, nil
		}
	}
}
