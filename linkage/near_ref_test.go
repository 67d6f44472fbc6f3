package linkage

import (
	"math/rand/v2"
	"testing"
	"time"
)

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
		got, want := l.nearPairs(skip), l.nearPairsBefore(skip) // near_test.go
		if got != want {
			t.Errorf("seed %d: %+v, the map's %+v", seed, got, want)
		}
		if seed == 0 {
			t.Logf("%+v", got)
		}
	}
}
