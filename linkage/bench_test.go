package linkage

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// people returns n records of about 0.88 n people over four sources: names, dates of birth
// and genders drawn so that some records of one person are in several sources, some records
// cannot be linked (no date of birth, unknown gender) and some are not victims.
func people(n int, seed uint64) []person {
	r := rand.New(rand.NewPCG(seed, 1))
	sources := []string{"police", "ngo", "shelter", "hotline"}
	statuses := []string{"", "actual", "possible", "at_risk"}
	countries := []string{"", "IN", "KH", "AF"}
	out := make([]person, n)
	for i := range out {
		p := r.IntN(n * 88 / 100) // a person may be drawn again: another source's record
		q := rand.New(rand.NewPCG(uint64(p), seed))
		pr := person{
			name:    fmt.Sprintf("Given%d Family%d", q.IntN(5000), q.IntN(20000)),
			dob:     fmt.Sprintf("%04d-%02d-%02d", 1970+q.IntN(50), 1+q.IntN(12), 1+q.IntN(28)),
			gender:  []string{"female", "male"}[q.IntN(2)],
			source:  sources[r.IntN(len(sources))],
			country: countries[q.IntN(len(countries))],
			status:  statuses[r.IntN(len(statuses))],
		}
		switch r.IntN(50) {
		case 0:
			pr.dob = ""
		case 1:
			pr.gender = "unknown"
		case 2:
			pr.name = "Ä " + pr.name // the Unicode path
		}
		out[i] = pr
	}
	return out
}

// linkMaps is Link written plainly with maps (the slice-based Link must agree with it): the
// best record of each person kept (Linker.better), a recorded status over a missing one.
func linkMaps(l *Linker, skip func(row int) bool) *Result {
	res := &Result{Sources: slices.Clone(l.sources), Histories: map[uint64]int{}}
	groups := make(map[digest][]int32)
	for row := range l.keys {
		if skip != nil && skip(row) || !linksBy(l.link[row]) {
			continue
		}
		groups[l.keys[row]] = append(groups[l.keys[row]], int32(row))
	}
	// A guessed row's name is common when it comes with two dates of birth (two digests).
	dates := map[uint32]map[digest]bool{}
	for d, rows := range groups {
		h := l.nameH[rows[0]]
		if dates[h] == nil {
			dates[h] = map[digest]bool{}
		}
		dates[h][d] = true
	}
	best := make(map[digest]int)
	for d, rows := range groups {
		if l.namesakes(rows) || l.link[rows[0]] == guessed && len(dates[l.nameH[rows[0]]]) > 1 {
			continue
		}
		best[d] = int(rows[0])
		for _, r := range rows[1:] {
			if l.better(int(r), best[d]) {
				best[d] = int(r)
			}
		}
	}
	pattern := make(map[int]uint64)
	caught := make(map[int]uint64)
	statuses := make(map[int][]bool) // per kept row: its records' victim flags, of recorded statuses
	for row := range l.keys {
		if skip != nil && skip(row) {
			continue
		}
		kept := row
		if b, ok := best[l.keys[row]]; ok && linksBy(l.link[row]) && b != row {
			kept = b
			res.Merged = append(res.Merged, row)
		}
		pattern[kept] |= uint64(1) << l.source[row]
		if l.victim[row] { // a source's at-risk record is no capture of a victim
			caught[kept] |= uint64(1) << l.source[row]
		}
		if l.status[row] != 0 {
			statuses[kept] = append(statuses[kept], l.victim[row])
		}
	}
	res.ByStratum = map[string]map[uint64]int{}
	for row := range pattern {
		if len(statuses[row]) > 0 && !slices.Contains(statuses[row], true) {
			continue
		}
		p := caught[row]
		res.Histories[p]++
		st := l.strata[l.stratum[row]]
		if res.ByStratum[st] == nil {
			res.ByStratum[st] = map[uint64]int{}
		}
		res.ByStratum[st][p]++
	}
	res.People = len(pattern)
	return res
}

// TestLinkAsMaps: Link gives what the map-based Link gave (merged rows in order, people,
// histories overall and by stratum) on 20,000 records with skipped rows, and the digests
// are HMAC-SHA-256 of the documented message.
func TestLinkAsMaps(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		l := New(testKey)
		all := people(20000, seed)
		for i := 0; i < len(all); i += 3000 {
			rec := batch(all[i:min(i+3000, len(all))])
			if err := l.Add(rec); err != nil {
				t.Fatal(err)
			}
			rec.Release()
		}
		skip := func(row int) bool { return row%97 == 5 }
		got, want := l.Link(skip), linkMaps(l, skip)
		if len(want.Merged) < 1000 || len(want.Histories) < 10 || len(want.ByStratum) != 4 {
			t.Fatalf("seed %d: too few links to test: %d merged, %d patterns, %d strata", seed, len(want.Merged), len(want.Histories), len(want.ByStratum))
		}
		if !slices.Equal(got.Merged, want.Merged) || got.People != want.People || !slices.Equal(got.Sources, want.Sources) ||
			!maps.Equal(got.Histories, want.Histories) || len(got.ByStratum) != len(want.ByStratum) {
			t.Fatalf("seed %d: Link differs from the map-based Link: %d/%d merged, %d/%d people, histories %v / %v",
				seed, len(got.Merged), len(want.Merged), got.People, want.People, got.Histories, want.Histories)
		}
		for st, h := range want.ByStratum {
			if !maps.Equal(got.ByStratum[st], h) {
				t.Errorf("seed %d stratum %s: %v, want %v", seed, st, got.ByStratum[st], h)
			}
		}
		if nil1, nil2 := l.Link(nil), linkMaps(l, nil); !slices.Equal(nil1.Merged, nil2.Merged) || nil1.People != nil2.People {
			t.Errorf("seed %d without skip: %d/%d merged, %d/%d people", seed, len(nil1.Merged), len(nil2.Merged), nil1.People, nil2.People)
		}
	}
}

func addAll(b *testing.B, recs []arrow.RecordBatch) *Linker {
	l := New(testKey)
	for _, rec := range recs {
		if err := l.Add(rec); err != nil {
			b.Fatal(err)
		}
	}
	return l
}

func benchRecords(n int) []arrow.RecordBatch {
	all := people(n, 7)
	var recs []arrow.RecordBatch
	for i := 0; i < n; i += 1 << 16 {
		recs = append(recs, batch(all[i:min(i+1<<16, n)]))
	}
	return recs
}

// BenchmarkLinkerAdd: the keyed hash of 1,000,000 records (ingest's linking goroutine).
func BenchmarkLinkerAdd(b *testing.B) {
	recs := benchRecords(1_000_000)
	b.ResetTimer()
	for b.Loop() {
		addAll(b, recs)
	}
}

// BenchmarkLink: linking 1,000,000 records (serial, between ingest and anonymize).
func BenchmarkLink(b *testing.B) {
	l := addAll(b, benchRecords(1_000_000))
	skip := func(row int) bool { return row%97 == 5 }
	b.ResetTimer()
	for b.Loop() {
		l.Link(skip)
	}
}

// BenchmarkLinkerAddLetters: BenchmarkLinkerAdd with names of letters only (a digit written
// as a letter: Givenbcd Familyefg), which the transliteration fold reads letter by letter
// (names with digits it leaves as they are).
func BenchmarkLinkerAddLetters(b *testing.B) {
	all := people(1_000_000, 7)
	for i := range all {
		all[i].name = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return 'a' + r - '0'
			}
			return r
		}, all[i].name)
	}
	var recs []arrow.RecordBatch
	for i := 0; i < len(all); i += 1 << 16 {
		recs = append(recs, batch(all[i:min(i+1<<16, len(all))]))
	}
	b.ResetTimer()
	for b.Loop() {
		addAll(b, recs)
	}
}
