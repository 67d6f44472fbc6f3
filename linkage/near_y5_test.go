package linkage

import (
	"fmt"
	"slices"
	"testing"
)

// TestTransliterationsY5 (attack-2026-12-05f Y5): Sayed and Said are two names (Sayyid, Sa'id),
// linked as one spelling before (the participle's e as i, then y as i: said); the spellings of
// each are still one, Seyed and Syed Sayed's, Faiz Fayez's and Naif Nayef's (spelledAs).
func TestTransliterationsY5(t *testing.T) {
	same := [][2]string{{"Sayed", "Sayyid"}, {"Sayed", "Sayid"}, {"Sayyed", "Sayed"}, {"Said", "Saeed"}, {"Nadiya", "Nadia"},
		{"Suraiya", "Soraya"}, {"Layla", "Laila"},
		// linkage-merge25 zn's Left: Seyed, Syed are Sayyid's; Faiz, Naif one name each with Fayez, Nayef
		{"Seyed", "Sayed"}, {"Syed", "Sayyid"}, {"Seyyed", "Sayed"}, {"Fayez", "Faiz"}, {"Fayiz", "Faiz"}, {"Nayef", "Naif"}, {"Naif", "Nayif"}}
	apart := [][2]string{{"Sayed", "Said"}, {"Sayyid", "Saeed"}, {"Sayid", "Said"}, {"Zayed", "Zaid"}, {"Seyed", "Said"}, {"Syed", "Saeed"},
		{"Zaid", "Zayid"}, {"Faiz", "Fahad"}, {"Naif", "Nabil"}}
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

// TestNearPairsEstimatedBirth (attack-2026-12-05f Y5): 20 pairs of two organisations' boys of
// one family name, gender and date of birth, the given names two (Sayed, Said): 20 near pairs,
// none linked. The tester's 20 pairs were told as 19 (as TestNearFirstWordNotice's 60 children
// as 59): a birth on 1 January or 1 July is the usual estimate of a date (nearPrint), so such a
// pair is not compared; with one of the 20 so, 19.
func TestNearPairsEstimatedBirth(t *testing.T) {
	family := []string{"Hakimi", "Sultani", "Ahmadi", "Karimi", "Noori"}
	pairs := func(estimated int) Near {
		var people []person
		for i := range 20 {
			dob := fmt.Sprintf("20%02d-%02d-%02d", 8+i%6, 1+i%12, 2+i%27)
			if i < estimated {
				dob = fmt.Sprintf("20%02d-%02d-01", 8+i%6, []int{1, 7}[i%2])
			}
			f := family[i%len(family)]
			people = append(people, person{name: "Sayed " + f, dob: dob, gender: "male", source: "Org A"},
				person{name: "Said " + f, dob: dob, gender: "male", source: "Org B"})
		}
		rec := batch(people)
		defer rec.Release()
		l := New(testKey)
		if err := l.Add(rec); err != nil {
			t.Fatal(err)
		}
		res := l.Link(nil)
		if len(res.Merged) != 0 {
			t.Errorf("%d of Sayed and Said merged", len(res.Merged))
		}
		return res.Near
	}
	if n := pairs(0); n.Same != 20 || n.Total() != 20 || !n.AboveChance() {
		t.Errorf("20 pairs of one birth: %+v, want 20 the same date, told", n)
	}
	if n := pairs(1); n.Same != 19 || n.Total() != 19 {
		t.Errorf("one of the 20 born 1 January: %+v, want 19", n)
	}
}
