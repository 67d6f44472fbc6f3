// Package ingesttest helps test code that consumes ingest's records.
package ingesttest

import "github.com/apache/arrow-go/v18/arrow/memory"

// PoisonAllocator is a memory.Allocator that overwrites every buffer it frees with 0xFF bytes
// (invalid UTF-8). ingest's own allocator recycles a released record's buffers for the records
// that follow; a consumer that keeps a string pointing into a record after releasing it then
// reads other rows' bytes. With this allocator it reads garbage at once, so tests catch it.
type PoisonAllocator struct{ go_ memory.GoAllocator }

func (a *PoisonAllocator) Allocate(size int) []byte { return a.go_.Allocate(size) }

func (a *PoisonAllocator) Reallocate(size int, b []byte) []byte {
	if cap(b) >= size {
		return b[:size]
	}
	nb := a.go_.Allocate(size)
	copy(nb, b)
	a.Free(b)
	return nb
}

func (a *PoisonAllocator) Free(b []byte) {
	b = b[:cap(b)]
	for i := range b {
		b[i] = 0xff
	}
}
