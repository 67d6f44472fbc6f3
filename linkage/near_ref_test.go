package linkage

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// nearPairsMaps is nearPairs as it was before the 10:14 session of linkage-merge25.md (a map of the pairs counted, to
// count each once): the reference the map-free count must give.
func (l *Linker) nearPairsMaps(skip func(row int) bool) Near {
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

// TestNearPairsAsMaps: the map-free count gives the map's, pair for pair, on registers of few
// names (a pair sharing both words, met in two groups), births clustered (the same date, a
// day off, day and month swapped, the control distances), names written family first with a
// comma, three sources and records linked.
func TestNearPairsAsMaps(t *testing.T) {
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 11))
		given := []string{"Ahmad", "Bilal", "Farid", "Zahra", "Fatima", "Maryam"}
		family := []string{"Ahmadi", "Hakimi", "Rahimi", "Karimi", "Noori"}
		var people []person
		from := time.Date(2010, 1, 2, 0, 0, 0, 0, time.UTC)
		for i := range 4000 {
			g, f := given[r.IntN(len(given))], family[r.IntN(len(family))]
			name := g + " " + f
			switch r.IntN(6) {
			case 0:
				name = f + ", " + g
			case 1:
				name = f + " " + g // family first, no comma
			case 2:
				name = g + " " + g + "i" // two words alike but one
			}
			born := from.AddDate(0, 0, r.IntN(400))
			if born.Day() == 1 {
				born = born.AddDate(0, 0, 1)
			}
			people = append(people, person{name: name, dob: born.Format("2006-01-02"), gender: []string{"female", "male"}[r.IntN(2)],
				source: []string{"Org A", "Org B", "Org C"}[i%3]})
		}
		rec := batch(people)
		l := New(testKey)
		if err := l.Add(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		skip := func(row int) bool { return row%17 == 3 }
		got, want := l.nearPairs(skip), l.nearPairsMaps(skip)
		if got != want {
			t.Errorf("seed %d: %+v, the map's %+v", seed, got, want)
		}
		if seed == 0 {
			t.Logf("%+v", got)
		}
	}
}
