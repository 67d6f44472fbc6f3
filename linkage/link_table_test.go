package linkage

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// bestTable maps a digest to the best record of its rows (Link's first pass): open addressing
// over the digests' own bits (an HMAC's output is uniform), one slot of 8 bytes a person,
// where a map of 10,000,000 digests cost Link some 10 s of lookups (issue-14-speed11).
type bestTable struct {
	slots []bestSlot
	mask  uint64
}

// bestSlot holds a digest's best row + 1 (0: empty; negated: its records are not linked,
// namesakes) and a tag of the digest's bits that the slot's index does not use, so that
// another digest's slot is passed over without reading its row's key.
type bestSlot struct {
	tag uint32
	row int32
}

func newBestTable(n int) *bestTable {
	size := 16
	for size < n+n/2 {
		size *= 2
	}
	return &bestTable{slots: make([]bestSlot, size), mask: uint64(size - 1)}
}

// slot returns d's slot, or the empty slot where it would go (keys: the rows' digests).
func (t *bestTable) slot(d *digest, keys []digest) *bestSlot {
	h := uint64(d[0]) | uint64(d[1])<<8 | uint64(d[2])<<16 | uint64(d[3])<<24 | uint64(d[4])<<32 | uint64(d[5])<<40 | uint64(d[6])<<48 | uint64(d[7])<<56
	tag := uint32(d[8]) | uint32(d[9])<<8 | uint32(d[10])<<16 | uint32(d[11])<<24
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.row == 0 {
			s.tag = tag
			return s
		}
		if s.tag == tag {
			r := s.row
			if r < 0 {
				r = -r
			}
			if keys[r-1] == *d {
				return s
			}
		}
	}
}

// linkTable is Link as it was before its first pass was partitioned (main 210ea6d5): one
// open-addressed table over every digest, a map of the linked groups. Link must agree with it
// in every field (TestLinkAsTable).
//
// Link links the rows added so far, leaving out the rows for which skip is true (e.g. a case
// exported twice by the same source). Rows without enough identifiers to link stay separate
// people.
func linkTable(l *Linker, skip func(row int) bool) *Result {
	res := &Result{Sources: slices.Clone(l.sources), Histories: map[uint64]int{}}
	linked := 0
	for _, w := range l.link {
		if linksBy(w) {
			linked++
		}
	}
	// Each person's kept row: a first pass over every row finds the best of each digest. The
	// digests of more than one row (people linked, a minority) keep their rows in multi, and
	// those of records that say too little are only counted (NotLinked).
	best := newBestTable(linked)
	var multi map[digest][]int32
	type weakGroup struct {
		n    int32
		why  uint8
		rows [2]int32 // the first two
	}
	var weak map[digest]weakGroup
	var weakMore map[digest][]int32 // the rows of a weak group past its first two (collisions)
	for row := range l.keys {
		if skip != nil && skip(row) {
			continue
		}
		switch l.link[row] {
		case linkable, guessed:
		case placeholder, estimated:
			if weak == nil {
				weak = map[digest]weakGroup{}
			}
			g := weak[l.keys[row]]
			switch {
			case g.n < 2:
				g.rows[g.n] = int32(row)
			case g.n < maxTwinGroup:
				if weakMore == nil {
					weakMore = map[digest][]int32{}
				}
				weakMore[l.keys[row]] = append(weakMore[l.keys[row]], int32(row))
			}
			g.n, g.why = g.n+1, l.link[row]
			weak[l.keys[row]] = g
			continue
		default:
			continue
		}
		d := l.keys[row]
		b := best.slot(&d, l.keys)
		if b.row == 0 {
			b.row = int32(row) + 1
			continue
		}
		k := b.row - 1
		if multi == nil {
			multi = map[digest][]int32{}
		}
		if multi[d] == nil {
			multi[d] = []int32{k}
		}
		multi[d] = append(multi[d], int32(row))
		if l.better(row, int(k)) {
			b.row = int32(row) + 1
		}
	}
	var guesses map[uint32]bool // the names of guessed rows that would link: common or not
	for d, rows := range multi {
		if l.namesakes(rows) {
			b := best.slot(&d, l.keys)
			b.row = -b.row // each record a person of its own
			res.NotLinked.Namesakes += len(rows)
			if len(rows) == 2 {
				pair := [2]int{int(min(rows[0], rows[1])), int(max(rows[0], rows[1]))}
				res.Twins = append(res.Twins, pair)
				if l.link[rows[0]] == linkable && l.link[rows[1]] == linkable {
					res.ExactTwins = append(res.ExactTwins, pair)
				}
			}
			continue
		}
		if l.link[rows[0]] == guessed {
			if guesses == nil {
				guesses = map[uint32]bool{}
			}
			guesses[l.nameH[rows[0]]] = false
		}
	}
	// Pairs of one-word names with 1 January or 1 July births are never linked, but a
	// register exported from two systems that number its cases anew pairs them one to one
	// too (linkage-merge15's "Left": such a register was not caught).
	// One-word names collide by chance (15 names and 9 years of 1 January births give about 3
	// collisions in 40 boys): a renumbered register's collision of two boys is a group of
	// four, two in each export. A group of an even number of rows, up to maxTwinGroup, of one
	// numbering under other case numbers pairs its rows in order, the first half with the
	// second: the rows of one export come before the next's, so a group split evenly between
	// two exports gives as many pairs across them as it holds people, and checkRenumbered
	// counts only pairs across two exports (two shelters' chance collisions split unevenly
	// as often as not).
	for d, g := range weak {
		if g.why != estimated || g.n%2 != 0 || g.n > maxTwinGroup {
			continue
		}
		rows := g.rows[:]
		if g.n > 2 {
			rows = append(rows[:2:2], weakMore[d]...)
		}
		if !l.namesakes(rows) || !distinctCases(l, rows) {
			continue
		}
		half := len(rows) / 2
		for i := range half {
			res.Twins = append(res.Twins, [2]int{int(rows[i]), int(rows[i+half])})
		}
	}
	slices.SortFunc(res.Twins, func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	slices.SortFunc(res.ExactTwins, func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	if guesses != nil {
		// A name is common when the input holds it (with the gender) under two dates of birth:
		// two people at least, so a date of birth that only gives the year cannot tell which
		// one another organisation's record is.
		first := make(map[uint32]int32, len(guesses))
		for row := range l.keys {
			if skip != nil && skip(row) || !linksBy(l.link[row]) {
				continue
			}
			h := l.nameH[row]
			if c, ok := guesses[h]; !ok || c {
				continue
			}
			if f, ok := first[h]; !ok {
				first[h] = int32(row)
			} else if l.keys[f] != l.keys[row] {
				guesses[h] = true
			}
		}
		for d, rows := range multi {
			if l.link[rows[0]] != guessed || !guesses[l.nameH[rows[0]]] {
				continue
			}
			if b := best.slot(&d, l.keys); b.row > 0 {
				b.row = -b.row
				res.NotLinked.Common += len(rows)
			}
		}
	}
	for _, g := range weak {
		switch {
		case g.n < 2: // linked with nobody anyway
		case g.why == placeholder:
			res.NotLinked.Placeholder += int(g.n)
		default:
			res.NotLinked.Estimated += int(g.n)
		}
	}
	// Per row, not per map entry: a map of every row cost a cache miss a row and a lookup
	// (most of the stage at 1,000,000 rows). pattern[row] is 0 unless row is a person's
	// kept record, which always has its own source's bit.
	pattern := make([]uint64, len(l.keys))
	// Per kept row: whether some record is a victim by its recorded status, some record has a
	// status, and what the person's records disagree on (diff bits, below).
	victim := make([]bool, len(l.keys))
	known := make([]bool, len(l.keys))
	notVictim := make([]bool, len(l.keys)) // [kept]: a record gives a status that is not a victim's
	var diff map[int32]uint8
	var statusFrom, raiseFrom map[int32]int32
	// caught[kept]: the sources that recorded the person as a victim (or without a status):
	// a list's records of people it assessed as at risk are not its captures of victims.
	caught := make([]uint64, len(l.keys))
	const (
		dStatus = 1 << iota
		dProvince
		dForms
		dFilled
		dEvents
	)
	for row := range l.keys {
		if skip != nil && skip(row) {
			continue
		}
		kept, best1 := row, int32(0) // best1: the person's best row + 1, when linked
		if linksBy(l.link[row]) {
			best1 = best.slot(&l.keys[row], l.keys).row
		}
		if best1 > 0 {
			kept = int(best1 - 1)
			if kept != row {
				res.Merged = append(res.Merged, row)
				res.Kept = append(res.Kept, kept)
				if l.source[row] == l.source[kept] {
					res.Within++
				}
				// The same words in another order, or words spelt otherwise (and perhaps in
				// another order too: a transliteration moves a word in the sorted order,
				// Ebrahim before Hakimi, Ibrahim after, or splits one, Abdurrahman).
				switch {
				case l.spell[row] != l.spell[kept]:
					res.Transliterated++
				case l.order[row] != l.order[kept]:
					res.Reordered++
				}
				var d uint8
				a, b := l.status[kept], l.status[row]
				if a != 0 && b != 0 && a != b {
					d |= dStatus
				}
				if p, q := l.province[kept], l.province[row]; p != 0 && q != 0 && p != q {
					d |= dProvince
				}
				fa, fb := l.forms[kept], l.forms[row]
				if both := fa & fb & 0xff; (fa>>8)&both != (fb>>8)&both {
					d |= dForms
				}
				if l.province[kept] == 0 && l.province[row] != 0 || fb&^fa&0xff != 0 {
					d |= dFilled
				}
				// The status to take: a victim's before any other (a person is a victim when
				// any organisation decided so), then the best record's.
				takes := func(f int) bool {
					if vr, vf := l.victim[row], l.victim[f]; vr != vf {
						return vr
					}
					return l.better(row, f)
				}
				if a == 0 && b != 0 {
					if statusFrom == nil {
						statusFrom = map[int32]int32{}
					}
					if f, ok := statusFrom[int32(kept)]; !ok || takes(int(f)) {
						statusFrom[int32(kept)] = int32(row)
					}
				}
				if a != 0 && !l.victim[kept] && b != 0 && l.victim[row] {
					if raiseFrom == nil {
						raiseFrom = map[int32]int32{}
					}
					if f, ok := raiseFrom[int32(kept)]; !ok || l.better(row, int(f)) {
						raiseFrom[int32(kept)] = int32(row)
					}
				}
				if l.score[row]&eventsBit != 0 {
					d |= dEvents // the kept record, ranked first, has events too
				}
				if d != 0 {
					if diff == nil {
						diff = map[int32]uint8{}
					}
					diff[int32(kept)] |= d
				}
			}
		}
		pattern[kept] |= uint64(1) << l.source[row]
		if l.victim[row] {
			caught[kept] |= uint64(1) << l.source[row]
		}
		if l.status[row] != 0 {
			// A recorded status counts; a missing one (a police list, a hotline log) never
			// overrides it: a child another organisation assessed as at risk is no victim.
			known[kept] = true
			victim[kept] = victim[kept] || l.victim[row]
			notVictim[kept] = notVictim[kept] || !l.victim[row]
		}
	}
	for kept := range victim {
		if victim[kept] && notVictim[kept] {
			res.VictimsOverAtRisk++
		}
	}
	for kept, from := range statusFrom {
		res.Fill = append(res.Fill, [2]int{int(kept), int(from)})
	}
	slices.SortFunc(res.Fill, func(a, b [2]int) int { return a[0] - b[0] })
	for kept, from := range raiseFrom {
		res.Raise = append(res.Raise, [2]int{int(kept), int(from)})
	}
	slices.SortFunc(res.Raise, func(a, b [2]int) int { return a[0] - b[0] })
	for _, d := range diff {
		if d&(dStatus|dProvince|dForms) != 0 {
			res.Differing.People++
		}
		for _, c := range []struct {
			bit uint8
			n   *int
		}{{dStatus, &res.Differing.Status}, {dProvince, &res.Differing.Province}, {dForms, &res.Differing.Forms},
			{dFilled, &res.Differing.Filled}, {dEvents, &res.Differing.Events}} {
			if d&c.bit != 0 {
				*c.n++
			}
		}
	}
	res.ByStratum = map[string]map[uint64]int{}
	for row, p := range pattern {
		if p == 0 {
			continue
		}
		res.People++
		if known[row] && !victim[row] {
			continue
		}
		c := caught[row]
		res.Histories[c]++
		st := l.strata[l.stratum[row]]
		if res.ByStratum[st] == nil {
			res.ByStratum[st] = map[uint64]int{}
		}
		res.ByStratum[st][c]++
	}
	res.Near, res.NearFirst = l.nearPairsFirst(skip)
	return res
}

// tangled returns n records drawn to exercise every branch of Link: few names, births and
// case numbers, so that digests repeat within and across sources (people linked), one
// numbering gives a digest under two case numbers (namesakes), common names come with 1
// January births (guessed, and common when the name has two births), one-word names and
// placeholders make weak groups (twins of renumbered registers), and statuses, provinces and
// forms differ between a person's records.
func tangled(n int, seed uint64) ([]person, []string) {
	r := rand.New(rand.NewPCG(seed, 3))
	sources := []string{"police", "ngo", "shelter", "hotline", "transit"}
	statuses := []string{"", "actual", "possible", "at_risk", "not_a_victim"}
	given := []string{"Ahmad", "Fatima", "Mohammad", "Sunita", "Rahim", "Aisha", "Yusuf"}
	family := []string{"Karimi", "Noori", "Kumar", "Sultani", "Hakimi", "Das"}
	ps, ids := make([]person, n), make([]string, n)
	for i := range ps {
		p := person{
			gender:   []string{"female", "male", "male", ""}[r.IntN(4)],
			source:   sources[r.IntN(len(sources))],
			country:  []string{"", "IN", "KH", "AF"}[r.IntN(4)],
			status:   statuses[r.IntN(len(statuses))],
			province: []string{"", "AF-KAB", "AF-HER", "IN-WB"}[r.IntN(4)],
			forced:   []string{"", "yes", "no"}[r.IntN(3)],
			stay:     []string{"", "0-6 months", "6-12 months"}[r.IntN(3)],
		}
		switch r.IntN(10) {
		case 0:
			p.name = given[r.IntN(len(given))] // one word: estimated
		case 1:
			p.name = []string{"Unknown", "Baby girl", "N/A", "Child 3"}[r.IntN(4)] // placeholder
		case 2:
			p.name = ""
		default:
			p.name = given[r.IntN(len(given))] + " " + family[r.IntN(len(family))]
		}
		switch r.IntN(6) {
		case 0:
			p.dob = fmt.Sprintf("%04d-01-01", 2000+r.IntN(4)) // estimated birth: guessed
		case 1:
			p.dob = ""
		default:
			p.dob = fmt.Sprintf("%04d-%02d-%02d", 2000+r.IntN(4), 1+r.IntN(3), 2+r.IntN(4))
		}
		if k := r.IntN(4); k > 0 {
			ids[i] = fmt.Sprintf("C%03d", r.IntN(n/3+1))
		}
		ps[i] = p
	}
	return ps, ids
}

// TestLinkAsTable: Link, its first pass partitioned by the digests' bits (linkGroups), gives
// what Link gave with one table over every digest and a map of its groups (linkTable), in
// every field of the Result, over many sizes (one bucket and many: linkBucketRows) and
// skips, with namesakes, common names, weak groups and twins among the rows.
func TestLinkAsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []struct {
		n    int
		seed uint64
	}{{0, 1}, {1, 1}, {7, 2}, {300, 3}, {5000, 4}, {40000, 5}, {3 * linkBucketRows * 4, 6}} {
		ps, ids := tangled(c.n, c.seed)
		l := New(testKey)
		for i := 0; i < len(ps); i += 4000 {
			j := min(i+4000, len(ps))
			add(t, l, []string{"", "file-b"}[i/4000%2], ps[i:j], ids[i:j])
		}
		for _, skip := range []func(int) bool{nil, func(row int) bool { return row%13 == 4 }} {
			got, want := l.Link(skip), linkTable(l, skip)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d rows, seed %d: Link differs from linkTable:\n%+v\n%+v", c.n, c.seed, summary(got), summary(want))
			}
			for k, v := range map[string]int{"merged": len(got.Merged), "twins": len(got.Twins), "exact twins": len(got.ExactTwins),
				"namesakes": got.NotLinked.Namesakes, "common": got.NotLinked.Common, "estimated": got.NotLinked.Estimated,
				"placeholder": got.NotLinked.Placeholder, "fill": len(got.Fill), "raise": len(got.Raise), "within": got.Within,
				"differing": got.Differing.People} {
				if v > 0 {
					seen[k] = true
				}
			}
		}
	}
	for _, k := range []string{"merged", "twins", "exact twins", "namesakes", "common", "estimated", "placeholder", "fill", "raise", "within", "differing"} {
		if !seen[k] {
			t.Errorf("no case gives %s: the comparison does not cover it", k)
		}
	}
}

// summary is a Result's sizes, for a failure's message.
func summary(r *Result) string {
	return fmt.Sprintf("people %d merged %d twins %d/%d notlinked %+v fill %d raise %d differing %+v histories %d strata %d near %+v first %+v",
		r.People, len(r.Merged), len(r.Twins), len(r.ExactTwins), r.NotLinked, len(r.Fill), len(r.Raise), r.Differing, len(r.Histories), len(r.ByStratum), r.Near, r.NearFirst)
}

// BenchmarkLinkTable is BenchmarkLink's linking by linkTable (Link before its first pass was
// partitioned), to compare the two in one run.
func BenchmarkLinkTable(b *testing.B) {
	l := addAll(b, benchRecords(1_000_000))
	skip := func(row int) bool { return row%97 == 5 }
	b.ResetTimer()
	for b.Loop() {
		linkTable(l, skip)
	}
}
