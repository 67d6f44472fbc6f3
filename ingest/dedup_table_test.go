package ingest

import (
	"math/rand/v2"
	"testing"

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
			case 1: // low bits shared with other keys: a run of probes, wrapping round
				key = xxh3.Uint128{Hi: r.Uint64(), Lo: r.Uint64()<<20 | 0xfffff}
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
	if got := len(newKeptTable(1000).slots); got != 2048 {
		t.Errorf("a hint of 1000 keys makes %d slots, want 2048 (three quarters full at most)", got)
	}
}

// BenchmarkKeptTable adds 4M keys (each looked up first, as Add does) to keptTable and to the
// Go map it replaced, sized by a hint as Expect sizes them: compare the two in one run.
func BenchmarkKeptTable(b *testing.B) {
	const n = 4_000_000
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]xxh3.Uint128, n)
	for i := range keys {
		keys[i] = xxh3.Uint128{Hi: r.Uint64(), Lo: r.Uint64()}
	}
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			m := make(map[xxh3.Uint128]kept, n)
			for i, key := range keys {
				if _, ok := m[key]; !ok {
					m[key] = kept{row: int32(i)}
				}
			}
		}
	})
	b.Run("keptTable", func(b *testing.B) {
		for b.Loop() {
			t := newKeptTable(n)
			for i, key := range keys {
				if _, ok := t.get(key); !ok {
					t.put(key, kept{row: int32(i)})
				}
			}
		}
	})
}
