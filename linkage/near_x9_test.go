package linkage

import (
	"fmt"
	"slices"
	"testing"
)

// TestNearTransliterationsTold is attack-2026-12-05e X9: two organisations of 20 boys each,
// the same children, each pair under one family name, date of birth and gender, the given
// names written two ways the fold did not join (Javad/Jawad, Ilyas/Elias, Alireza/Ali Reza,
// Mohammadreza/Mohammad Reza): not linked, and, one shared boy a pair in the tester's runs, no
// near-pairs notice either (one pair is within chance). Now linked.
func TestNearTransliterationsTold(t *testing.T) {
	pairs := [][2]string{{"Javad", "Jawad"}, {"Ilyas", "Elias"}, {"Alireza", "Ali Reza"}, {"Mohammadreza", "Mohammad Reza"}}
	family := []string{"Hakimi", "Sultani", "Ahmadi", "Karimi", "Noori"}
	var people []person
	for i := range 20 {
		p := pairs[i%len(pairs)]
		f := family[i/len(pairs)]
		dob := fmt.Sprintf("20%02d-%02d-%02d", 8+i%6, 1+i%12, 13+i%15)
		people = append(people, person{name: p[0] + " " + f, dob: dob, gender: "male", source: "Org A"},
			person{name: p[1] + " " + f, dob: dob, gender: "male", source: "Org B"})
	}
	rec := batch(people)
	defer rec.Release()
	l := New(testKey)
	if err := l.Add(rec); err != nil {
		t.Fatal(err)
	}
	res := l.Link(nil)
	t.Logf("%d merged, near %+v", len(res.Merged), res.Near)
	if len(res.Merged) != 20 || res.Transliterated != 20 || res.Near.Total() != 0 {
		t.Errorf("%d merged (%d transliterated), near %+v: want the 20 pairs linked as transliterations", len(res.Merged), res.Transliterated, res.Near)
	}
}

// TestTransliterationsX9: the folds for X9 link these pairs (the family name, gender and birth
// the same) and keep the others apart.
func TestTransliterationsX9(t *testing.T) {
	same := [][2]string{{"Javad", "Jawad"}, {"Vahid", "Wahid"}, {"Davood", "Dawood"}, {"Navid", "Nawid"}, {"Ilyas", "Elias"},
		{"Alireza", "Ali Reza"}, {"Mohammadreza", "Mohammad Reza"}, {"Hamidreza", "Hamed Reza"},
		{"Habibullah", "Habib Ullah"}, {"Rahmatollah", "Rahmatullah"}, {"Nasruddin", "Nasr Uddin"},
		{"Abdullah", "Abdulla"}, {"Abdul Rahman", "Abdulrahman"}}
	apart := [][2]string{{"Javad", "Jawid"}, {"Reza", "Tereza"}, {"Elisa", "Ilisa"}, {"Elena", "Ilena"}, {"Ali Reza", "Reza"},
		{"Emil", "Imil"}, {"Hasan", "Husain"}, {"Eva", "Iva"}}
	var people []person
	for i, p := range append(slices.Clone(same), apart...) {
		dob := fmt.Sprintf("%d-%02d-%02d", 1970+i, 1+i%12, 13+i%15) // a year each
		people = append(people, person{name: p[0] + " Hakimi", dob: dob, gender: "male", source: "Org A"},
			person{name: "HAKIMI, " + p[1], dob: dob, gender: "male", source: "Org B"})
	}
	rec := batch(people)
	defer rec.Release()
	l := New(testKey)
	if err := l.Add(rec); err != nil {
		t.Fatal(err)
	}
	merged := map[int]bool{}
	for _, r := range l.Link(nil).Merged {
		merged[r] = true
	}
	for i, p := range same {
		if !merged[2*i] && !merged[2*i+1] {
			t.Errorf("%s and %s not linked", p[0], p[1])
		}
	}
	for i, p := range apart {
		if r := 2*len(same) + 2*i; merged[r] || merged[r+1] {
			t.Errorf("%s and %s linked: two names", p[0], p[1])
		}
	}
}
