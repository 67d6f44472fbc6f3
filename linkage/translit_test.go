package linkage

import (
	"fmt"
	"testing"
)

// TestTransliterations (attack-2026-12-05a T10): the same children in two organisations'
// exports, the given name spelt in Latin letters another way (Muhammad, Mohammad; Ahmed,
// Ahmad; Nadiya, Nadia ...), the family name, gender and exact birth the same, are linked;
// names that are two names (Hasan and Husain, twins' names; Amir and Omar; Karim and Rahim)
// are not. Pairs that agree on a word of the name, gender and a birth the same, a day off or
// with its day and month swapped, but are not linked, are counted (Result.Near).
func TestTransliterations(t *testing.T) {
	same := [][2]string{
		{"Muhammad", "Mohammad"}, {"Mohammed", "Muhammad"}, {"Mohamed", "Mohammad"}, {"Ahmed", "Ahmad"},
		{"Nadiya", "Nadia"}, {"Fareed", "Farid"}, {"Abdal", "Abdul"}, {"Abdel", "Abdul"}, {"Zareena", "Zarina"},
		{"Maryam", "Mariam"}, {"Hameed", "Hamid"}, {"Kareem", "Karim"}, {"Soltan", "Sultan"}, {"Waheed", "Wahid"},
		{"Raheem", "Rahim"}, {"Layla", "Laila"}, {"Leila", "Laila"}, {"Suraya", "Soraya"}, {"Suraiya", "Suraya"},
		{"Habeeb", "Habib"}, {"Jameel", "Jamil"}, {"Fatimah", "Fatima"}, {"Hassan", "Hasan"}, {"Hussein", "Husain"},
		{"Qasim", "Kasim"}, {"Yousuf", "Yusuf"}, {"Zainab", "Zeinab"},
	}
	apart := [][2]string{{"Hasan", "Husain"}, {"Hassan", "Hussain"}, {"Amir", "Omar"}, {"Karim", "Rahim"}, {"Nadia", "Nadir"},
		{"Ali", "Ala"}, {"Farid", "Farida"}, {"Zahra", "Zahir"}}
	var people []person
	for i, p := range same {
		dob := fmt.Sprintf("2010-%02d-%02d", 1+i%12, 13+i%15)
		people = append(people, person{name: p[0] + " Hakimi", dob: dob, gender: "female", source: "Org A"},
			person{name: "HAKIMI, " + p[1], dob: dob, gender: "female", source: "Org B"})
	}
	for i, p := range apart {
		dob := fmt.Sprintf("2011-%02d-%02d", 1+i%12, 13+i%15)
		people = append(people, person{name: p[0] + " Karimi", dob: dob, gender: "male", source: "Org A"},
			person{name: p[1] + " Karimi", dob: dob, gender: "male", source: "Org B"})
	}
	// A birth a day off, day and month swapped, and the same birth under another family name
	// (the given name the same): not linked, each a near pair.
	people = append(people,
		person{name: "Nadia Sultani", dob: "2012-03-04", gender: "female", source: "Org A"},
		person{name: "Nadiya Sultani", dob: "2012-03-05", gender: "female", source: "Org B"},
		person{name: "Farid Ahmadi", dob: "2012-03-04", gender: "male", source: "Org A"},
		person{name: "Fareed Ahmadi", dob: "2012-04-03", gender: "male", source: "Org B"},
		person{name: "Jamil Noori", dob: "2013-06-20", gender: "male", source: "Org A"},
		person{name: "Jamil Rahimi", dob: "2013-06-20", gender: "male", source: "Org B"},
		// One organisation's two records: no near pair (its own numbers decide).
		person{name: "Waheed Safi", dob: "2013-07-20", gender: "male", source: "Org A"},
		person{name: "Wahid Safi", dob: "2013-07-21", gender: "male", source: "Org A"},
	)
	rec := batch(people)
	defer rec.Release()
	l := New(testKey)
	if err := l.Add(rec); err != nil {
		t.Fatal(err)
	}
	res := l.Link(nil)
	merged := map[int]bool{}
	for _, r := range res.Merged {
		merged[r] = true
	}
	for i, p := range same {
		if !merged[2*i] && !merged[2*i+1] {
			t.Errorf("%s and %s (family name, gender and birth the same) not linked", p[0], p[1])
		}
	}
	for i, p := range apart {
		if r := 2*len(same) + 2*i; merged[r] || merged[r+1] {
			t.Errorf("%s and %s linked: two names", p[0], p[1])
		}
	}
	if len(res.Merged) != len(same) {
		t.Errorf("%d merged, want %d", len(res.Merged), len(same))
	}
	// The apart pairs share the family name, gender and birth: near pairs too.
	if want := (Near{Same: len(apart) + 1, DayOff: 1, Swapped: 1}); res.Near != want {
		t.Errorf("near pairs %+v, want %+v", res.Near, want)
	}
	// Skipped rows are not counted.
	if n := l.Link(func(row int) bool { return row >= 2*len(same) }).Near; n != (Near{}) {
		t.Errorf("near pairs of skipped rows: %+v", n)
	}
}
