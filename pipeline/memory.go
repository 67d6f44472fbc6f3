package pipeline

import (
	"math"
	"runtime/debug"
)

// DefaultMemoryLimit is the Go heap's soft limit during a run: 3 GiB. Ingest relaxes the
// collector while it reads (GOGC 800, see ingest), which would otherwise let the heap grow to
// nine times the live records; with the limit the collector runs more often only when the
// heap nears it. The live heap of 10,000,000 records is well under it, and the runtime caps
// the collector's share of CPU when the live heap alone exceeds it, so a larger input slows
// down rather than fails. GOMEMLIMIT, when lower, is kept.
const DefaultMemoryLimit = 3 << 30

// boundMemory sets the memory limit for the run and returns the function that restores the
// one before.
func boundMemory(limit int64) (restore func()) {
	if limit < 0 {
		return func() {}
	}
	if limit == 0 {
		limit = DefaultMemoryLimit
	}
	old := debug.SetMemoryLimit(-1) // reads it
	if old != math.MaxInt64 && old <= limit {
		return func() {} // set lower by the user (GOMEMLIMIT)
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}
