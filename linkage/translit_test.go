package linkage

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
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
		// Persian's e for Arabic's i and its -eh for -a, the w of a diphthong, Abd al- joined
		// or not (linkage-merge24's misses).
		{"Fatemeh", "Fatima"}, {"Hamed", "Hamid"}, {"Khaled", "Khalid"}, {"Nader", "Nadir"}, {"Hamideh", "Hamida"},
		{"Dawood", "Daud"}, {"Tawfiq", "Taufik"}, {"Abdul Rahman", "Abdulrahman"}, {"Abd al-Rahman", "Abdurrahman"},
		{"Abdul Karim", "Abdulkarim"}, {"Abdullah", "Abdulla"}, {"Ann", "Anne"}, {"Saleh", "Salih"}, {"Fateh", "Fatih"},
		// attack-2026-12-05c V2's rest: the second syllable's u or i written e, o or i; the
		// glide y before e; Persian's initial e for i before two consonants; -ah for -eh.
		{"Yousef", "Yusuf"}, {"Yusof", "Yousif"}, {"Younes", "Yunus"}, {"Mohsen", "Muhsin"}, {"Momen", "Mumin"},
		{"Ayesha", "Aisha"}, {"Ebrahim", "Ibrahim"}, {"Esmail", "Ismail"}, {"Ehsan", "Ihsan"}, {"Fatemah", "Fatima"},
		// linkage-merge25 zk's Left: the initial e before a digraph.
		{"Eshaq", "Ishaq"}, {"Ekhlas", "Ikhlas"},
	}
	apart := [][2]string{{"Hasan", "Husain"}, {"Hassan", "Hussain"}, {"Amir", "Omar"}, {"Karim", "Rahim"}, {"Nadia", "Nadir"},
		{"Ali", "Ala"}, {"Farid", "Farida"}, {"Zahra", "Zahir"}, {"Hamed", "Hamad"}, {"Hamid", "Hamad"}, {"Anna", "Anne"},
		{"Jamal", "Jamil"}, {"Abdi", "Abdul"}, {"Ahmed", "Ahmid"}, {"Eva", "Iva"}, {"Shukur", "Shakir"}, {"Fayez", "Fawaz"},
		{"Yusuf", "Yasin"}, {"Emma", "Imma"},
		// European names the two-syllable rule joined (linkage-merge25 zk's false joins)
		{"Robin", "Ruben"}, {"Justin", "Justen"}, {"Doris", "Dores"}, {"Dustin", "Dusten"}}
	var people []person
	for i, p := range same {
		dob := fmt.Sprintf("2010-%02d-%02d", 1+i%12, 13+i%15)
		people = append(people, person{name: p[0] + " Hakimi", dob: dob, gender: "female", source: "Org A"},
			person{name: "HAKIMI, " + p[1], dob: dob, gender: "female", source: "Org B"})
	}
	for i, p := range apart {
		dob := fmt.Sprintf("%d-%02d-%02d", 1990+i, 1+i%12, 13+i%15) // a year each: no births 40-46 days apart (Near.Chance)
		people = append(people, person{name: p[0] + " Karimi", dob: dob, gender: "male", source: "Org A"},
			person{name: p[1] + " Karimi", dob: dob, gender: "male", source: "Org B"})
	}
	// A birth a day off, day and month swapped (the family name written first with a comma):
	// not linked, each a near pair. The same birth under another family name (the given name
	// the same) is no near pair: a given name and a birth are shared by chance.
	people = append(people,
		person{name: "Nadia Sultani", dob: "2012-03-04", gender: "female", source: "Org A"},
		person{name: "Nadiya Sultani", dob: "2012-03-05", gender: "female", source: "Org B"},
		person{name: "Farid Ahmadi", dob: "2012-03-04", gender: "male", source: "Org A"},
		person{name: "Ahmadi, Fareed", dob: "2012-04-03", gender: "male", source: "Org B"},
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
	if n, want := res.Near, (Near{Same: len(apart), DayOff: 1, Swapped: 1}); n.Same != want.Same || n.DayOff != want.DayOff || n.Swapped != want.Swapped {
		t.Errorf("near pairs %+v, want %+v", res.Near, want)
	}
	if !res.Near.AboveChance() {
		t.Errorf("near pairs %+v not above chance", res.Near)
	}
	// Skipped rows are not counted.
	if n := l.Link(func(row int) bool { return row >= 2*len(same) }).Near; n.Total() != 0 || n.AboveChance() {
		t.Errorf("near pairs of skipped rows: %+v", n)
	}
}

// TestNearByChance: two registers of 3,000 different children each, of 12 given and 60 family
// names, births over six years: a hundred pairs share a family name, gender and a birth a day
// off by chance, as many as Near.Chance says, and no notice is due; 40 children of the first
// recorded by the second under other given names and a birth a day off are. (With synth's 8
// family names a country chance makes 800 pairs, and 40 more are within its noise.)
func TestNearByChance(t *testing.T) {
	given := []string{"Ahmad", "Bilal", "Farid", "Jawad", "Wahid", "Rahim", "Zahra", "Fatima", "Maryam", "Soraya", "Laila", "Shabnam"}
	var family []string
	for _, f := range []string{"Ahmadi", "Hakimi", "Rahimi", "Karimi", "Noori", "Sultani", "Haidari", "Popal", "Safi", "Wardak"} {
		for _, s := range []string{"", "zai", "khel", "yar", "ullah", "wal"} {
			family = append(family, f+s)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	var people []person
	for k := range 6000 {
		born := time.Date(2006, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(6*365))
		if born.Day() == 1 {
			born = born.AddDate(0, 0, 1)
		}
		people = append(people, person{name: given[r.IntN(len(given))] + " " + family[r.IntN(len(family))], dob: born.Format("2006-01-02"),
			gender: []string{"female", "male"}[r.IntN(2)], source: []string{"Org A", "Org B"}[k%2]})
	}
	near := func(people []person) Near {
		rec := batch(people)
		defer rec.Release()
		l := New(testKey)
		if err := l.Add(rec); err != nil {
			t.Fatal(err)
		}
		return l.Link(nil).Near
	}
	n := near(people)
	if n.Total() < 100 || math.Abs(float64(n.Total())-n.Chance) > 4*math.Sqrt(n.Chance) {
		t.Errorf("chance pairs %+v: %d pairs, %.1f expected", n, n.Total(), n.Chance)
	}
	if n.AboveChance() {
		t.Errorf("chance pairs %+v told", n)
	}
	for k := 0; k < 80; k += 2 {
		p := people[k] // Org A
		d, _ := time.Parse("2006-01-02", p.dob)
		p.name, p.dob, p.source = "Other"+string(rune('a'+k%26))+" "+p.name[strings.IndexByte(p.name, ' ')+1:], d.AddDate(0, 0, 1).Format("2006-01-02"), "Org B"
		people = append(people, p)
	}
	m := near(people)
	t.Logf("different children: %+v; with 40 again: %+v", n, m)
	if !m.AboveChance() || m.Total()-n.Total() < 40 {
		t.Errorf("40 children again under a birth a day off: %+v (before %+v)", m, n)
	}
}

// TestTransliteratedNotReordered (attack-2026-12-05c V2): of the tester's twelve pairs of
// common transliterations, written in the same order by two organisations, the same children,
// five were not linked (Yusuf/Yousef, Aisha/Ayesha, Fatima/Fatemah, Ibrahim/Ebrahim, Abdul
// Rahman/Abdurrahman) and the linked ones were counted as words reordered. Now all are linked,
// counted in Transliterated, none in Reordered; a name whose words are reordered only is
// counted there, one both reordered and transliterated as transliterated.
func TestTransliteratedNotReordered(t *testing.T) {
	pairs := [][2]string{{"Muhammad", "Mohammad"}, {"Ahmad", "Ahmed"}, {"Hussein", "Husain"}, {"Mustafa", "Mostafa"},
		{"Omar", "Umar"}, {"Khadija", "Khadijah"}, {"Nadia", "Nadiya"}, {"Abdul Rahman", "Abdurrahman"}, {"Yusuf", "Yousef"},
		{"Fatima", "Fatemah"}, {"Aisha", "Ayesha"}, {"Ibrahim", "Ebrahim"}, {"Mohsen", "Muhsin"}, {"Younes", "Yunus"}}
	var people []person
	for i, p := range pairs {
		dob := fmt.Sprintf("2010-%02d-%02d", 1+i%12, 13+i%15)
		people = append(people, person{name: p[0] + " Hakimi", dob: dob, gender: "male", source: "Org A"},
			person{name: p[1] + " Hakimi", dob: dob, gender: "male", source: "Org B"})
	}
	people = append(people,
		person{name: "Ali Mohammad Karimi", dob: "2011-05-06", gender: "male", source: "Org A"},
		person{name: "Mohammad Ali Karimi", dob: "2011-05-06", gender: "male", source: "Org B"},
		person{name: "Yusuf Noori", dob: "2011-07-08", gender: "male", source: "Org A"},
		person{name: "Noori, Yousef", dob: "2011-07-08", gender: "male", source: "Org B"})
	rec := batch(people)
	defer rec.Release()
	l := New(testKey)
	if err := l.Add(rec); err != nil {
		t.Fatal(err)
	}
	res := l.Link(nil)
	if len(res.Merged) != len(pairs)+2 || res.Transliterated != len(pairs)+1 || res.Reordered != 1 {
		t.Errorf("%d merged, %d transliterated, %d reordered; want %d, %d and 1", len(res.Merged), res.Transliterated, res.Reordered,
			len(pairs)+2, len(pairs)+1)
	}
}
