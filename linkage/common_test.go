package linkage

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestLinkCommonNames is attack-2026-12-03d finding 4: two organisations' 300 boys each, none
// in both, named with two of fifteen common Afghan given names and born "1 January" (the usual
// estimate) of 2006-2014, were linked by chance: 600 boys counted as 551. A date of birth on
// 1 January or 1 July now links a name of two words only when no other person bears it in the
// input (the name and gender under another date of birth); the same boys under rare names
// (a family name of their own) are still linked, and a link made only by reordering a name's
// words is counted.
func TestLinkCommonNames(t *testing.T) {
	given := []string{"Mohammad", "Ahmad", "Ali", "Abdul", "Gul", "Rahim", "Karim", "Hamid", "Jawad",
		"Omid", "Nasir", "Bashir", "Zabihullah", "Hafiz", "Sayed"}
	boys := func(src string, seed uint64) ([]person, []string) {
		r := rand.New(rand.NewPCG(seed, 3))
		var ps []person
		var ids []string
		for i := range 300 {
			ps = append(ps, person{name: given[r.IntN(15)] + " " + given[r.IntN(15)], dob: fmt.Sprintf("%d-01-01", 2006+r.IntN(9)),
				gender: "male", source: src, country: "AF"})
			ids = append(ids, fmt.Sprint(i+1))
		}
		return ps, ids
	}
	l := New(testKey)
	a, ida := boys("Org A", 1)
	b, idb := boys("Org B", 2)
	add(t, l, "", a, ida)
	add(t, l, "", b, idb)
	res := l.Link(nil)
	if len(res.Merged) > 3 {
		t.Errorf("%d of 600 boys linked across two organisations by common names and 1 January births, want at most 3 (names borne by no one else)", len(res.Merged))
	}
	if res.NotLinked.Common < 50 {
		t.Errorf("NotLinked %+v: want the common names' records counted", res.NotLinked)
	}

	// The same 40 boys in both organisations under names of their own: linked, 1 January or
	// not; 10 of them written family name first by Org B ("Sultani3 Ahmad"): linked, counted.
	l = New(testKey)
	var pa, pb []person
	var ia, ib []string
	for i := range 40 {
		name := fmt.Sprintf("%s Family%c%c", given[i%15], 'a'+i%26, 'a'+i/26)
		dob := fmt.Sprintf("%d-01-01", 2006+i%9)
		if i%4 == 0 {
			dob = fmt.Sprintf("%d-03-%02d", 2006+i%9, 1+i%28)
		}
		pa = append(pa, person{name: name, dob: dob, gender: "male", source: "Org A", country: "AF"})
		nb := name
		if i < 10 {
			nb = fmt.Sprintf("Family%c%c %s", 'a'+i%26, 'a'+i/26, given[i%15])
		}
		pb = append(pb, person{name: nb, dob: dob, gender: "male", source: "Org B", country: "AF"})
		ia, ib = append(ia, fmt.Sprint(i+1)), append(ib, fmt.Sprint(i+1))
	}
	// A boy of Org B's own (a name borne with another date of birth) does not stop them.
	pb = append(pb, person{name: "Mohammad Familyzz", dob: "2001-05-05", gender: "male", source: "Org B", country: "AF"})
	ib = append(ib, "41")
	add(t, l, "", pa, ia)
	add(t, l, "", pb, ib)
	res = l.Link(nil)
	if len(res.Merged) != 40 || res.People != 41 {
		t.Errorf("%d merged, %d people, want 40 and 41 (the same 40 boys under names of their own)", len(res.Merged), res.People)
	}
	if res.Reordered != 10 || res.Transliterated != 0 {
		t.Errorf("Reordered %d, Transliterated %d, want 10 (family name first) and 0", res.Reordered, res.Transliterated)
	}
	if res.NotLinked.Total() != 0 {
		t.Errorf("NotLinked %+v, want none", res.NotLinked)
	}

	// One of them born "1 January" also recorded by Org B under another date of birth: two
	// people of that name in the input, so the estimated date no longer links it.
	l = New(testKey)
	add(t, l, "", []person{{name: "Gul Ahmad Rahimi", dob: "2010-01-01", gender: "male", source: "Org A", country: "AF"}}, []string{"1"})
	add(t, l, "", []person{{name: "Gul Ahmad Rahimi", dob: "2010-01-01", gender: "male", source: "Org B", country: "AF"},
		{name: "Rahimi Gul Ahmad", dob: "2012-01-01", gender: "male", source: "Org B", country: "AF"}}, []string{"1", "2"})
	res = l.Link(nil)
	if len(res.Merged) != 0 || res.NotLinked.Common != 2 {
		t.Errorf("%d merged, NotLinked %+v, want none merged and 2 common", len(res.Merged), res.NotLinked)
	}
}
