package ingest

import (
	"testing"
	"unsafe"
)

// TestPoolAllocZeroes checks that the Reader's default allocator hands out zeroed, aligned bytes
// when it reuses a freed buffer, and when Reallocate grows one within its capacity.
func TestPoolAllocZeroes(t *testing.T) {
	p := newPoolAlloc()
	for _, n := range []int{10, poolMin, 100_000, 1 << 20} {
		b := p.Allocate(n)
		if len(b) != n {
			t.Fatalf("Allocate(%d): len %d", n, len(b))
		}
		for i := range b[:cap(b)] {
			b[:cap(b)][i] = 0xff
		}
		p.Free(b)
		c := p.Allocate(n - n/16)
		for i, x := range c {
			if x != 0 {
				t.Fatalf("Allocate(%d) after Free: byte %d is %#x", n-n/16, i, x)
			}
		}
		if uintptrOf(c)%poolPad != 0 {
			t.Errorf("Allocate(%d): not aligned", n)
		}
		c = p.Reallocate(cap(c), c)
		for i, x := range c {
			if x != 0 {
				t.Fatalf("Reallocate(%d): byte %d is %#x", cap(c), i, x)
			}
		}
		p.Free(c)
	}
}

func uintptrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
