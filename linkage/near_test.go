package linkage

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestNearPairsAsBefore: nearPairs counts each pair once without the former sets of pairs
// seen (maps), as nearPairsBefore (the former code, kept here) did: random linkers whose
// rows' two words share a group (the hash's top bits) or are one word, births within days of
// each other, their day and month swapped, at the 2^16 days' wrap and before 1970, records
// linked by their key, some rows skipped; and synth-like registers through Add.
func TestNearPairsAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 30))
	for round := range 400 {
		l := randomNear(r, 2+r.IntN(300))
		var skip func(int) bool
		if round%3 == 0 {
			skip = func(row int) bool { return row%5 == 1 }
		}
		if got, want := l.nearPairs(skip), l.nearPairsBefore(skip); got != want {
			t.Fatalf("round %d (%d rows): %+v, before %+v", round, len(l.near), got, want)
		}
	}
	// Through Add: two and three registers of one family-name pool, births over two years.
	given := []string{"Ahmad", "Bilal", "Farid", "Zahra", "Fatima", "Maryam", "Laila", "Shabnam", "Noori"}
	family := []string{"Ahmadi", "Hakimi", "Rahimi", "Noori", "Sultani", "Popal"}
	for _, orgs := range []int{2, 3} {
		var people []person
		for k := range 4000 {
			born := time.Date(2008, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(2*365))
			name := given[r.IntN(len(given))] + " " + family[r.IntN(len(family))]
			if k%7 == 0 {
				name = family[r.IntN(len(family))] + ", " + given[r.IntN(len(given))]
			}
			people = append(people, person{name: name, dob: born.Format("2006-01-02"), gender: []string{"female", "male"}[r.IntN(2)],
				source: []string{"Org A", "Org B", "Org C"}[k%orgs]})
		}
		rec := batch(people)
		l := New(testKey)
		if err := l.Add(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		res := l.Link(nil)
		if want := l.nearPairsBefore(nil); res.Near != want || want.Total() == 0 {
			t.Errorf("%d registers: %+v, before %+v", orgs, res.Near, want)
		}
	}
}

// TestNearSwapControlOnce: what nearPairs' count without a set of pairs rests on, for every
// birth of 1800-2199: swapping day and month is its own inverse (a swapped pair is found from
// both births: counted from the earlier), no pair is a swapped control from both its rows,
// and no birth is its own swapped control (nearCount leaves the link keys out: they differ).
func TestNearSwapControlOnce(t *testing.T) {
	sw := func(b int64) (int64, bool) {
		tm := time.Unix(b*86400, 0).UTC()
		if tm.Day() <= 12 && int(tm.Month()) != tm.Day() {
			return time.Date(tm.Year(), time.Month(tm.Day()), int(tm.Month()), 0, 0, 0, 0, time.UTC).Unix() / 86400, true
		}
		return 0, false
	}
	lo, hi := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).Unix()/86400, time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix()/86400
	// swapDay's arithmetic as time's, at int32's ends and about eras' and centuries' ends too.
	r := rand.New(rand.NewPCG(14, 32))
	for k := range 400000 {
		d := int64(int32(r.Uint32()))
		switch k % 4 {
		case 0:
			d = int64(math.MinInt32) + int64(r.IntN(800))
		case 1:
			d = int64(math.MaxInt32) - int64(r.IntN(800))
		case 2:
			y := int(r.IntN(5000)/100*100) - 2000 + r.IntN(2) // about a century's end, BC too
			d = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Unix()/86400 + int64(r.IntN(800)) - 400
		}
		s, ok := sw(d)
		if s2, ok2 := swapDay(int32(d)); ok2 != ok || s2 != s {
			t.Fatalf("day %d: swapDay %d %v, time's %d %v", d, s2, ok2, s, ok)
		}
	}
	for a := lo; a < hi; a++ {
		s, ok := sw(a)
		if !ok {
			continue
		}
		if back, ok := sw(s); !ok || back != a {
			t.Fatalf("day %d: swapped %d, back %d %v", a, s, back, ok)
		}
		if s2, ok := swapDay(int32(a)); !ok || s2 != s {
			t.Fatalf("day %d: swapDay %d %v, swapped %d", a, s2, ok, s)
		}
		if d := a - s; d >= int64(nearControl[0]) && d <= int64(nearControl[1]) {
			t.Fatalf("day %d: its own swapped control (nearCount's keys)", a) // a key holds the birth
		}
		for b := s + int64(nearControl[0]); b <= s+int64(nearControl[1]); b++ {
			if sb, ok := sw(b); ok && a-sb >= int64(nearControl[0]) && a-sb <= int64(nearControl[1]) {
				t.Fatalf("days %d and %d: a swapped control from both", a, b)
			}
		}
	}
}

// nearPairsBefore is nearPairs as it was before it counted pairs without sets (the maps).
func (l *Linker) nearPairsBefore(skip func(row int) bool) Near {
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
	// w2 is the family name (edgeWords); a word that is one's family name and the other's
	// first word is a family name written first without a comma.
	family := func(a, b nearPrint) bool {
		return a.w2 == b.w2 || a.w1 == b.w2 || a.w2 == b.w1
	}
	seen, control, controlSw := map[[2]int32]bool{}, map[[2]int32]bool{}, map[[2]int32]bool{}
	var controlSame, controlSwapped int
	count := func(a, b int, kind *int, seen map[[2]int32]bool) {
		if a == b || l.source[a] == l.source[b] || l.keys[a] == l.keys[b] && linksBy(l.link[a]) && linksBy(l.link[b]) {
			return
		}
		if !family(l.near[a], l.near[b]) {
			return
		}
		k := [2]int32{int32(min(a, b)), int32(max(a, b))}
		if seen[k] {
			return
		}
		seen[k] = true
		*kind++
	}
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
		for j < len(e) && group(e[j]) == group(e[i]) {
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
					count(a, b, &near.Same, seen)
				case 1, -1:
					count(a, b, &near.DayOff, seen)
				}
			}
			// Chance: the pairs nearControl days apart (a later birth: each pair once).
			lo := int64(ba) + int64(nearControl[0])
			for y := at(g, ex, lo); y < len(g) && born(g[y])-uint16(lo) <= span; y++ {
				if b := row(g[y]); int64(l.near[b].born)-lo >= 0 && int64(l.near[b].born)-lo <= int64(span) {
					count(a, b, &controlSame, control)
				}
			}
			t := time.Unix(int64(ba)*86400, 0).UTC()
			if t.Day() <= 12 && int(t.Month()) != t.Day() {
				sw := time.Date(t.Year(), time.Month(t.Day()), int(t.Month()), 0, 0, 0, 0, time.UTC).Unix() / 86400
				for y := at(g, ex, sw); y < len(g) && born(g[y]) == uint16(sw); y++ {
					if b := row(g[y]); int64(l.near[b].born) == sw {
						count(a, b, &near.Swapped, seen)
					}
				}
				lo := sw + int64(nearControl[0])
				for y := at(g, ex, lo); y < len(g) && born(g[y])-uint16(lo) <= span; y++ {
					if b := row(g[y]); int64(l.near[b].born)-lo >= 0 && int64(l.near[b].born)-lo <= int64(span) {
						count(a, b, &controlSwapped, controlSw)
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

// randomNear returns a linker of n random prints for nearPairs: rows whose two words share a
// group (the hash's top bits) or are one word, births within days of each other, their day
// and month swapped or at a control's distance, about the 2^16 days' wrap, 1970 and int32's
// ends, records linked by their key (which holds the birth, as Add's).
func randomNear(r *rand.Rand, n int) *Linker {
	base := []int32{int32(time.Date(2010, 3, 4, 0, 0, 0, 0, time.UTC).Unix() / 86400),
		int32(time.Date(1962, 11, 2, 0, 0, 0, 0, time.UTC).Unix() / 86400), 65536 - 20, 2 * 65536, -60, -65536 - 50,
		math.MaxInt32 - 520, math.MinInt32}
	l := &Linker{sources: []string{"A", "B", "C"}[:2+r.IntN(2)]}
	groups, lows := 1+r.IntN(4), 1+r.IntN(4)
	word := func() uint32 { return uint32(1+r.IntN(groups))<<10 | uint32(r.IntN(lows)) }
	keys := 1 + r.IntN(n)
	b0 := base[r.IntN(len(base))]
	for range n {
		var p nearPrint
		switch r.IntN(10) {
		case 0: // no print
		case 1:
			p.w1 = word()
			p.w2 = p.w1
		case 2:
			p.w1 = word()
		default:
			p.w1, p.w2 = word(), word()
		}
		p.born = b0 + int32(r.IntN(1+r.IntN(500)))
		if r.IntN(4) == 0 { // its day and month swapped, or a control's distance on
			tm := time.Unix(int64(p.born)*86400, 0).UTC()
			if tm.Day() <= 12 {
				p.born = int32(time.Date(tm.Year(), time.Month(tm.Day()), int(tm.Month()), 0, 0, 0, 0, time.UTC).Unix() / 86400)
			}
			p.born += int32(r.IntN(2)) * int32(nearControl[0]+r.IntN(nearControl[1]-nearControl[0]+1))
		}
		l.near = append(l.near, p)
		l.source = append(l.source, uint16(r.IntN(len(l.sources))))
		var k digest // as a link key, it holds the birth
		k[0] = byte(r.IntN(keys))
		binary.LittleEndian.PutUint32(k[1:], uint32(p.born))
		l.keys = append(l.keys, k)
		l.link = append(l.link, uint8(r.IntN(guessed+1)))
	}
	return l
}

// TestNearChanceAsScan: nearCount's linear count of the pairs and control pairs (inclusion-exclusion
// over sorted lists) gives nearPairsScan's (the scan of each family name's rows, kept in
// near_scan_test.go), on randomNear's linkers (few words, so every condition and its overlaps
// are met; births about the 2^16 days' wrap, where the scan stopped, and int32's ends) and on
// synth-like registers of few names, some written family name first, one a first name too.
func TestNearChanceAsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 31))
	for round := range 1500 {
		l := randomNear(r, 2+r.IntN(40+r.IntN(1500)))
		var skip func(int) bool
		if round%4 == 0 {
			skip = func(row int) bool { return row%7 == 2 }
		}
		got, want := l.nearPairs(skip), l.nearPairsScan(skip)
		if got != want {
			t.Fatalf("round %d (%d rows): %+v, the scan's %+v", round, len(l.near), got, want)
		}
	}
	given := []string{"Ahmad", "Bilal", "Noori", "Zahra", "Fatima", "Hakimi"}
	family := []string{"Ahmadi", "Hakimi", "Noori", "Sultani"}
	for _, orgs := range []int{2, 3} {
		var people []person
		for k := range 6000 {
			born := time.Date(2008, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3*365))
			g, f := given[r.IntN(len(given))], family[r.IntN(len(family))]
			name := g + " " + f
			switch k % 5 {
			case 0:
				name = f + ", " + g
			case 1:
				name = f + " " + g
			}
			people = append(people, person{name: name, dob: born.Format("2006-01-02"), gender: []string{"female", "male"}[r.IntN(2)],
				source: []string{"Org A", "Org B", "Org C"}[k%orgs]})
		}
		rec := batch(people)
		l := New(testKey)
		if err := l.Add(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		got, want := l.nearPairs(nil), l.nearPairsScan(nil)
		if got != want || want.Chance < 10 {
			t.Errorf("%d registers: %+v, the scan's %+v", orgs, got, want)
		}
		t.Logf("%d registers: %+v", orgs, got)
	}
}
