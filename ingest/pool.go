package ingest

import (
	"math/bits"
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// poolAlloc was the Reader's allocator when none is given (no longer: see Reader.Alloc; a
// caller keeping a record's string past Release sees it change once the buffer is handed out
// again, and the pipeline's readers of records are not all checked to copy): Go memory, like
// memory.DefaultAllocator, but the buffers of released records are kept and handed out again
// (zeroed) for the records that follow. A record's buffers are freshly allocated memory
// otherwise, and writing into them costs a page fault per page touched first; with the records
// in flight bounded, a reader soon reuses the same few megabytes. The bytes handed out (by
// Allocate, and by Reallocate within the capacity) are always zero. Sizes are rounded up to one of
// eight classes per power of two; at most poolMax bytes are kept. Safe for concurrent use.
type poolAlloc struct {
	mu   sync.Mutex
	free map[int][][]byte // class size -> buffers of that capacity
	held int              // bytes in free
}

const (
	poolMin = 4 << 10  // smaller allocations are not pooled
	poolMax = 64 << 20 // bytes kept at most
	poolPad = 64       // alignment, as memory.GoAllocator
)

func newPoolAlloc() *poolAlloc { return &poolAlloc{free: map[int][][]byte{}} }

// NewPool returns the recycling allocator (poolAlloc) for a Reader's Alloc, safe for
// concurrent use and to share between readers: for callers that copy every string they keep
// past a record's Release (the pipeline: TestRecordBytesNotKept).
func NewPool() memory.Allocator { return newPoolAlloc() }

// poolClass rounds n up to its class size.
func poolClass(n int) int {
	step := 1 << max(bits.Len(uint(n-1))-3, 0)
	return (n + step - 1) &^ (step - 1)
}

func (p *poolAlloc) Allocate(size int) []byte {
	b, reused := p.allocate(size)
	if reused {
		clear(b)
	}
	return b
}

// allocate is Allocate without zeroing a reused buffer, which then holds old bytes: for
// buffers that are written before they are read (see scratchBuffer).
func (p *poolAlloc) allocate(size int) (b []byte, reused bool) {
	if size < poolMin {
		return alignedBytes(size, size), false
	}
	cs := poolClass(size)
	p.mu.Lock()
	// A buffer of this class, else of one of the next seven (at most twice as large).
	for c, i := cs, 0; i < 8; c, i = poolClass(c+1), i+1 {
		if l := p.free[c]; len(l) > 0 {
			b := l[len(l)-1]
			l[len(l)-1] = nil
			p.free[c] = l[:len(l)-1]
			p.held -= c
			p.mu.Unlock()
			return b[:size:c], true
		}
	}
	p.mu.Unlock()
	return alignedBytes(size, cs), false
}

// scratchBuffer returns a buffer of size bytes from alloc whose contents are undefined: the
// caller writes every byte it hands on. Zeroing a reused pooled buffer would cost a pass over
// memory that is overwritten anyway.
func scratchBuffer(alloc memory.Allocator, size int) *memory.Buffer {
	size = (size + poolPad - 1) &^ (poolPad - 1)
	if p, ok := alloc.(*poolAlloc); ok {
		b, _ := p.allocate(size)
		return memory.NewBufferWithAllocator(b, p)
	}
	buf := memory.NewResizableBuffer(alloc)
	buf.Reserve(size)
	return buf
}

func (p *poolAlloc) Reallocate(size int, b []byte) []byte {
	if cap(b) >= size {
		if size > len(b) {
			clear(b[len(b):size]) // a reused buffer's tail is not zeroed
		}
		return b[:size]
	}
	nb := p.Allocate(size)
	copy(nb, b)
	p.Free(b)
	return nb
}

func (p *poolAlloc) Free(b []byte) {
	cs := cap(b)
	if cs < poolMin || poolClass(cs) != cs {
		return
	}
	p.mu.Lock()
	if p.held+cs <= poolMax {
		p.free[cs] = append(p.free[cs], b[:0:cs])
		p.held += cs
	}
	p.mu.Unlock()
}

// alignedBytes returns size zeroed bytes of capacity cs starting at a multiple of poolPad.
func alignedBytes(size, cs int) []byte {
	buf := make([]byte, cs+poolPad)
	shift := int(-uintptr(unsafe.Pointer(unsafe.SliceData(buf))) & (poolPad - 1))
	return buf[shift : shift+size : shift+cs]
}

var _ memory.Allocator = (*poolAlloc)(nil)
