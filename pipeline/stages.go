package pipeline

import (
	"context"
	"log/slog"
	"runtime/metrics"
	"time"
)

// stageClock measures the stages of a run for the --verbose log: wall time, the CPU time of
// the whole process (every thread, DuckDB's included, where the platform tells it), the cores
// used on average (CPU over wall), the bytes allocated on the Go heap during the stage, and
// the live heap after the last collection. It logs counts and durations only, never a value.
type stageClock struct {
	log   *slog.Logger
	name  string
	start time.Time
	cpu   time.Duration
	alloc uint64
	total time.Time
}

func newStageClock(log *slog.Logger) *stageClock {
	return &stageClock{log: log, total: time.Now()}
}

var stageMetrics = []string{"/gc/heap/allocs:bytes", "/gc/heap/live:bytes", "/memory/classes/total:bytes"}

// heapFigures returns the bytes allocated so far, the live heap and the memory the Go runtime
// has mapped.
func heapFigures() (alloc, live, mapped uint64) {
	s := make([]metrics.Sample, len(stageMetrics))
	for i, n := range stageMetrics {
		s[i].Name = n
	}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() == metrics.KindUint64 {
			return s[i].Value.Uint64()
		}
		return 0
	}
	return v(0), v(1), v(2)
}

// next ends the running stage, if any, and starts one called name ("" starts none).
func (c *stageClock) next(name string) {
	if !c.log.Enabled(context.Background(), slog.LevelInfo) {
		return
	}
	now, cpu := time.Now(), processCPU()
	alloc, live, mapped := heapFigures()
	if c.name != "" {
		wall := now.Sub(c.start)
		used := cpu - c.cpu
		cores := 0.0
		if wall > 0 {
			cores = used.Seconds() / wall.Seconds()
		}
		c.log.Info("stage", "stage", c.name, "wall", wall.Round(time.Millisecond), "cpu", used.Round(time.Millisecond),
			"cores", float64(int(cores*100+0.5))/100, "allocated_mib", (alloc-c.alloc)>>20, "live_heap_mib", live>>20,
			"go_mapped_mib", mapped>>20)
	}
	c.name, c.start, c.cpu, c.alloc = name, now, cpu, alloc
}

// done ends the last stage and logs the whole run's wall and CPU time.
func (c *stageClock) done() {
	c.next("")
	if c.log.Enabled(context.Background(), slog.LevelInfo) {
		wall := time.Since(c.total)
		cpu := processCPU()
		c.log.Info("stages done", "wall", wall.Round(time.Millisecond), "cpu", cpu.Round(time.Millisecond),
			"cores", float64(int(cpu.Seconds()/wall.Seconds()*100+0.5))/100)
	}
}
