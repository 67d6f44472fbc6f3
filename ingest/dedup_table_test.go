package ingest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/zeebo/xxh3"
)

// TestKeptTable checks keptTable against a Go map: keys added, updated and looked up across
// its growth from the smallest size and from a hint, keys that share their low bits (long
// probes, wrapping at the end of the table) and the zero key that marks an empty slot.
func TestKeptTable(t *testing.T) {
	for _, hint := range []int{0, 5, 1000} {
		r := rand.New(rand.NewPCG(1, uint64(hint)))
		tab := newKeptTable(hint)
		want := map[xxh3.Uint128]kept{}
		var keys []xxh3.Uint128
		for i := range 5000 {
			var key xxh3.Uint128
			switch i % 5 {
			case 0:
				key = xxh3.Uint128{Hi: r.Uint64(), Lo: r.Uint64()}
			case 1: // high bits shared with other keys: a run of probes from the last slot, wrapping round
				key = xxh3.Uint128{Hi: r.Uint64(), Lo: 0xfffff<<44 | r.Uint64()>>20}
			case 2:
				if len(keys) > 0 {
					key = keys[r.IntN(len(keys))] // an update
				}
			case 3:
				key = xxh3.Uint128{Hi: uint64(i), Lo: 0}
			case 4:
				key = xxh3.Uint128{} // the zero key
			}
			if _, ok := want[key]; !ok {
				keys = append(keys, key)
			}
			k := kept{row: int32(i), dob: int32(r.IntN(9000))}
			tab.put(key, k)
			want[key] = k
			if i%97 == 0 {
				for _, key := range keys {
					if got, ok := tab.get(key); !ok || got != want[key] {
						t.Fatalf("hint %d, after %d: a key's record %v, %v; want %v", hint, i, got, ok, want[key])
					}
				}
			}
		}
		if tab.n != len(want) {
			t.Errorf("hint %d: %d keys held, want %d", hint, tab.n, len(want))
		}
		for range 1000 {
			key := xxh3.Uint128{Hi: r.Uint64(), Lo: r.Uint64()}
			if _, held := want[key]; !held {
				if _, ok := tab.get(key); ok {
					t.Errorf("hint %d: a key never added is found", hint)
				}
			}
		}
	}
	// The hint's keys at three quarters full, not a power of two (up to twice as large).
	for hint, want := range map[int]int{0: 8, 1000: 1334, 1_600_000: 2_133_334} {
		tab := newKeptTable(hint)
		if got := len(tab.slots); got != want {
			t.Errorf("a hint of %d keys makes %d slots, want %d (three quarters full at most)", hint, got, want)
		}
		for i := range hint {
			tab.put(xxh3.Uint128{Hi: uint64(i), Lo: uint64(i) * 0x9e3779b97f4a7c15}, kept{row: int32(i)})
		}
		if len(tab.slots) != want {
			t.Errorf("a table made for %d keys grew to %d slots with %d keys", hint, len(tab.slots), hint)
		}
	}
}

// BenchmarkKeptTable adds the case numbers of 2M and 10M rows (each looked up first, as Add
// does) to keptTable, made as Expect makes it from a CSV's size (the 10M CSV's 238 bytes a row
// read at readInput's 192: the rows over-estimated by a quarter), to the same table at the
// power of two main made it (room for the estimate at three quarters, rounded up), and to the
// Go map it replaced, made for a third fewer rows as run.go's hint was: compare B/op, ns/op
// and bytes/key in one run (linkage-merge21.md).
func BenchmarkKeptTable(b *testing.B) {
	for _, rows := range []int{2_000_000, 10_000_000} {
		r := rand.New(rand.NewPCG(1, 2))
		keys := make([]xxh3.Uint128, rows)
		for i := range keys {
			keys[i] = xxh3.Uint128{Hi: r.Uint64(), Lo: r.Uint64()}
		}
		est := rows * 238 / 192
		fill := func(t keptTable) keptTable {
			for i, key := range keys {
				if _, ok := t.get(key); !ok {
					t.put(key, kept{row: int32(i)})
				}
			}
			return t
		}
		b.Run(fmt.Sprintf("rows=%d/map", rows), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := make(map[xxh3.Uint128]kept, est*3/4)
				for i, key := range keys {
					if _, ok := m[key]; !ok {
						m[key] = kept{row: int32(i)}
					}
				}
			}
		})
		b.Run(fmt.Sprintf("rows=%d/power-of-two", rows), func(b *testing.B) {
			b.ReportAllocs()
			size := 8
			for size/4*3 < est*3/4 {
				size *= 2
			}
			for b.Loop() {
				t := fill(keptTable{slots: make([]keptSlot, size)})
				b.ReportMetric(float64(len(t.slots)*int(unsafe.Sizeof(keptSlot{})))/float64(rows), "bytes/key")
			}
		})
		b.Run(fmt.Sprintf("rows=%d/keptTable", rows), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				t := fill(newKeptTable(est))
				b.ReportMetric(float64(len(t.slots)*int(unsafe.Sizeof(keptSlot{})))/float64(rows), "bytes/key")
			}
		})
	}
}
