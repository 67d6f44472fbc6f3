//go:build !unix

package pipeline

import (
	"runtime/metrics"
	"time"
)

// processCPU returns the Go runtime's estimate of the CPU time used (it misses threads outside
// Go, such as DuckDB's, where the platform gives no process total here).
func processCPU() time.Duration {
	s := []metrics.Sample{{Name: "/cpu/classes/total:cpu-seconds"}, {Name: "/cpu/classes/idle:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 || s[1].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration((s[0].Value.Float64() - s[1].Value.Float64()) * float64(time.Second))
}
