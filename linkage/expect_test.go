package linkage

import (
	"fmt"
	"reflect"
	"testing"
)

// TestExpectSameLinks: a Linker told the rows coming (Expect, too few, enough or too many)
// makes room for them at its first record, exactly, and links as one told nothing.
func TestExpectSameLinks(t *testing.T) {
	var people []person
	for i := range 300 {
		src := []string{"police", "ngo", "shelter"}[i%3]
		p := i % 120 // one person's records in several sources
		people = append(people, person{fmt.Sprintf("Asha Devi %c%c", 'a'+p%26, 'a'+p/26), fmt.Sprintf("20%02d-03-%02d", p%20, 1+p%27), "female", src, "IN", "", "", "", ""})
	}
	link := func(hint int) (*Result, int) {
		l := New(testKey)
		capAfter := 0
		for lo := 0; lo < len(people); lo += 50 {
			if lo == 150 {
				l.Expect(hint) // a second input
			}
			rec := batch(people[lo : lo+50])
			if err := l.Add(rec); err != nil {
				t.Fatal(err)
			}
			rec.Release()
			if lo == 150 {
				capAfter = cap(l.keys)
			}
		}
		return l.Link(func(int) bool { return false }), capAfter
	}
	want, _ := link(0)
	if len(want.Merged) == 0 {
		t.Fatal("nothing linked: the test tests little")
	}
	for _, hint := range []int{10, 150, 1000} {
		got, c := link(hint)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Expect(%d): the links differ", hint)
		}
		if hint >= 50 && c != 150+hint {
			t.Errorf("Expect(%d) after 150 rows: room for %d rows, want %d", hint, c, 150+hint)
		}
	}
}
