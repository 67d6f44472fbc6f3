package pipeline

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// newCaseTablePart returns an empty part of a store with one event input.
func newCaseTablePart() *part {
	s := newEventStore(time.Time{})
	s.inputUsed = append(s.inputUsed, false)
	return s.parts[s.source("A")]
}

// TestCaseTableTags: the case-number table's slots carry their hash's top bits (part.tag)
// beside the case index, fewer of them each time the table grows. Every case number is found
// as the case it was added as, after every growth, and no number not added is found, however
// alike the numbers (one character apart, prefixes of each other, long, empty).
func TestCaseTableTags(t *testing.T) {
	p := newCaseTablePart()
	rng := rand.New(rand.NewPCG(3, 4))
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		ids = append(ids, id)
	}
	add("")
	for i := range 70_000 {
		add(strconv.Itoa(i))
		add("AF-" + strconv.Itoa(i))
		if i%1000 == 0 {
			add(fmt.Sprintf("%0300d", i)) // longer than a cache line
		}
		add(fmt.Sprintf("X%x", rng.Uint64()))
	}
	check := func(n int) {
		t.Helper()
		for ci, id := range ids[:n] {
			if got, _ := p.find(id); got != int32(ci) {
				t.Fatalf("after %d cases (table %d, shift %d): %q found as case %d, want %d", n, len(p.table), p.shift, id, got, ci)
			}
		}
		for _, id := range []string{"-1", "AF-", "AF-70000", "70000", "X", "0 ", " 0"} {
			if got, _ := p.find(id); got >= 0 {
				t.Fatalf("after %d cases: %q found as case %d, never added", n, id, got)
			}
		}
		low := uint32(1)<<p.shift - 1
		for _, v := range p.table {
			if v == 0 {
				continue
			}
			id := p.id(p.cases.at(int32(v&low) - 1))
			if want := p.tag(maphash.Bytes(p.s.seed, id)); v&^low != want {
				t.Fatalf("after %d cases: the slot of %q carries tag %#x, its hash gives %#x", n, id, v&^low, want)
			}
		}
	}
	sizes := 0
	for ci, id := range ids {
		if got := p.caseOf(id, 0); got != int32(ci) {
			t.Fatalf("%q added as case %d, want %d", id, got, ci)
		}
		if got := p.caseOf(id, 0); got != int32(ci) {
			t.Fatalf("%q again: case %d, want %d", id, got, ci)
		}
		if len(p.table) != sizes { // just grown
			sizes = len(p.table)
			check(ci + 1)
		}
	}
	check(len(ids))
	if p.shift < 18 || p.used != len(ids) {
		t.Fatalf("%d cases in a table of %d (shift %d), used %d", len(ids), len(p.table), p.shift, p.used)
	}
}

// BenchmarkCaseLookup: a lookup of a case number in a part of n cases, in the order the
// events came (patch's, caseOf's) or any order (the case export in another order): the
// probes that land on other cases' slots are what grows with the store.
// go test ./pipeline -run '^$' -bench BenchmarkCaseLookup
func BenchmarkCaseLookup(b *testing.B) {
	for _, n := range []int{100_000, 4_000_000} {
		p := newCaseTablePart()
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("IN-KOL-%08d", i)
			p.caseOf(ids[i], 0)
		}
		order := rand.New(rand.NewPCG(1, 2)).Perm(n)
		b.Run(fmt.Sprintf("shuffled/%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if ci, _ := p.find(ids[order[i]]); ci < 0 {
					b.Fatal("not found")
				}
				if i++; i == n {
					i = 0
				}
			}
		})
		b.Run(fmt.Sprintf("absent/%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if ci, _ := p.find(ids[order[i]] + "x"); ci >= 0 {
					b.Fatal("found")
				}
				if i++; i == n {
					i = 0
				}
			}
		})
	}
}
