package linkage

import (
	"math"
	"slices"
	"time"
)

// nearPairsScan is nearPairs as it was before its counts were made linear (nearCount): each
// pair and control pair scanned in its group (issue-14-speed31.md).
func (l *Linker) nearPairsScan(skip func(row int) bool) Near {
	var near Near
	if len(l.sources) < 2 || len(l.near) >= 1<<26 {
		return near
	}
	const dobBits, rowBits = 16, 26 // the date of birth modulo 2^16 days (179 years)
	var e []uint64
	for row, p := range l.near {
		if p.w1 == 0 || skip != nil && skip(row) {
			continue
		}
		for k, w := range [2]uint32{p.w1, p.w2} {
			if k == 1 && w == p.w1 {
				break
			}
			e = append(e, uint64(w>>10)<<(dobBits+rowBits)|uint64(uint16(p.born))<<rowBits|uint64(row))
		}
	}
	if len(e) == 0 {
		return near
	}
	slices.Sort(e)
	// A row whose two words fall in one group is in it once.
	e = slices.Compact(e)
	// w2 is the family name (edgeWords); a word that is one's family name and the other's
	// first word is a family name written first without a comma.
	family := func(a, b nearPrint) bool {
		return a.w2 == b.w2 || a.w1 == b.w2 || a.w2 == b.w1
	}
	// A pair is counted once without a set of the pairs seen (a map look-up a pair was a
	// second of the 1M folder's run, most of it the control's): in the least group the two
	// rows share (both words alike: in two groups), a swapped birth from the earlier one
	// (a swap is its own inverse, so the later finds the earlier too), a day off and a
	// control from the earlier birth only (the scans look later); a control swapped is found
	// from one of its rows only (TestNearSwapControlOnce: every birth of 1800-2199).
	count := func(a, b int, g uint64) bool {
		if a == b || l.source[a] == l.source[b] || l.keys[a] == l.keys[b] && linksBy(l.link[a]) && linksBy(l.link[b]) {
			return false
		}
		pa, pb := l.near[a], l.near[b]
		if !family(pa, pb) {
			return false
		}
		least := uint64(math.MaxUint64)
		for _, w := range [2]uint32{pa.w1, pa.w2} {
			if x := uint64(w >> 10); (x == uint64(pb.w1>>10) || x == uint64(pb.w2>>10)) && x < least {
				least = x
			}
		}
		return least == g
	}
	var controlSame, controlSwapped int
	group := func(x uint64) uint64 { return x >> (dobBits + rowBits) }
	row := func(x uint64) int { return int(x & (1<<rowBits - 1)) }
	born := func(x uint64) uint16 { return uint16(x >> rowBits) }
	// at returns the first of g at or after the birth b (modulo 2^16) of the word of ex.
	at := func(g []uint64, ex uint64, b int64) int {
		y, _ := slices.BinarySearch(g, group(ex)<<(dobBits+rowBits)|uint64(uint16(b))<<rowBits)
		return y
	}
	span := uint16(nearControl[1] - nearControl[0])
	for i := 0; i < len(e); {
		j := i
		gi := group(e[i])
		for j < len(e) && group(e[j]) == gi {
			j++
		}
		g := e[i:j]
		for x, ex := range g {
			a := row(ex)
			ba := l.near[a].born
			for _, ey := range g[x+1:] {
				b := row(ey)
				d := l.near[b].born - ba
				if uint16(l.near[b].born)-uint16(ba) > 1 {
					break // sorted by the birth modulo 2^16 within the word
				}
				switch d {
				case 0:
					if count(a, b, gi) {
						near.Same++
					}
				case 1, -1:
					if count(a, b, gi) {
						near.DayOff++
					}
				}
			}
			// Chance: the pairs nearControl days apart (a later birth: each pair once).
			lo := int64(ba) + int64(nearControl[0])
			for y := at(g, ex, lo); y < len(g) && born(g[y])-uint16(lo) <= span; y++ {
				if b := row(g[y]); int64(l.near[b].born)-lo >= 0 && int64(l.near[b].born)-lo <= int64(span) && count(a, b, gi) {
					controlSame++
				}
			}
			t := time.Unix(int64(ba)*86400, 0).UTC()
			if t.Day() <= 12 && int(t.Month()) != t.Day() {
				sw := time.Date(t.Year(), time.Month(t.Day()), int(t.Month()), 0, 0, 0, 0, time.UTC).Unix() / 86400
				if sw > int64(ba) {
					for y := at(g, ex, sw); y < len(g) && born(g[y]) == uint16(sw); y++ {
						if b := row(g[y]); int64(l.near[b].born) == sw && count(a, b, gi) {
							near.Swapped++
						}
					}
				}
				lo := sw + int64(nearControl[0])
				for y := at(g, ex, lo); y < len(g) && born(g[y])-uint16(lo) <= span; y++ {
					if b := row(g[y]); int64(l.near[b].born)-lo >= 0 && int64(l.near[b].born)-lo <= int64(span) && count(a, b, gi) {
						controlSwapped++
					}
				}
			}
		}
		i = j
	}
	// Per distance (one of the span+1 later ones) as many pairs as a day off makes (a day
	// before and a day after), twice the same date's. A swapped pair is found from both its
	// births, its control (a swapped birth and a later distance) from one: half. One control
	// pair is added to each (an empty control is no proof of none).
	per := float64(controlSame+1) / float64(span+1)
	near.Chance = 1.5*per + float64(controlSwapped+1)/float64(span+1)/2
	return near
}
