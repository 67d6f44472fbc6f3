package anonymize

import (
	"encoding/json"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prevalence/prevalence/release"
)

func BenchmarkAdultFlash(b *testing.B) {
	a := loadAdult(b)
	for _, m := range []Metric{Loss, Discernibility, Entropy} {
		b.Run(m.String(), func(b *testing.B) {
			var res *Result
			for b.Loop() {
				var err error
				res, err = Search(a.table, Config{K: 5, Metric: m})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Checked), "checked")
		})
	}
}

// repeatAdult builds Adult repeated to rows rows, with occupation as the sensitive attribute.
func repeatAdult(tb testing.TB, rows int) (*Table, []int32) {
	a := loadAdult(tb)
	n := a.table.Rows()
	t := &Table{Hierarchies: a.table.Hierarchies, Columns: make([][]int32, len(a.table.Columns))}
	for q, col := range a.table.Columns {
		c := make([]int32, rows)
		for r := range c {
			c[r] = col[r%n]
		}
		t.Columns[q] = c
	}
	s := make([]int32, rows)
	for r := range s {
		s[r] = a.occupation[r%n]
	}
	return t, s
}

// peakHeap samples the live heap every millisecond until stop is called, which returns the
// highest value seen in bytes.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tk := time.NewTicker(time.Millisecond)
		defer tk.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tk.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak }
}

func benchmarkRows(b *testing.B, rows int) {
	t, occ := repeatAdult(b, rows)
	runtime.GC()
	stop := peakHeap()
	var res *Result
	for b.Loop() {
		var err error
		res, err = Search(t, Config{K: 5, Sensitive: occ, L: 2})
		if err != nil {
			b.Fatal(err)
		}
	}
	peak := stop()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(res.Checked), "checked")
	b.Logf("%d rows: levels %v, %d suppressed, %d classes", rows, res.Levels, res.Count, res.Classes)
}

// BenchmarkAdult1M: Adult repeated to 1,000,000 rows, k=5 and distinct 2-diversity on
// occupation, 0% suppression. peak-heap-MiB includes the table itself (8 int32 columns plus the
// sensitive column: 36 MB).
func BenchmarkAdult1M(b *testing.B) { benchmarkRows(b, 1_000_000) }

// BenchmarkAdult10M is the same on 10,000,000 rows; run with PREVALENCE_BENCH_10M=1.
func BenchmarkAdult10M(b *testing.B) {
	if testing.Short() || os.Getenv("PREVALENCE_BENCH_10M") != "1" {
		b.Skip("set PREVALENCE_BENCH_10M=1 (and no -short) to run")
	}
	benchmarkRows(b, 10_000_000)
}

// BenchmarkAdultSuppression: Adult, 8 QIs, k=5, 2% suppression (information loss is then not
// monotone, so more candidates are evaluated after Flash's classification).
func BenchmarkAdultSuppression(b *testing.B) {
	a := loadAdult(b)
	var res *Result
	for b.Loop() {
		var err error
		res, err = Search(a.table, Config{K: 5, SuppressionLimit: 0.02})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Checked), "checked")
}

// BenchmarkTables counts, protects and audits the standard set of tables from the collected
// records of synthetic cases (counting the finest cross-classification, complementary
// suppression, the exact LP audit). The README quotes it at 1,000,000 cases:
//
//	go test ./anonymize -run '^$' -bench 'Tables/1000000' -benchtime 3x
func BenchmarkTables(b *testing.B) {
	benchTables(b, []int{3000, 20000, 60000, 1000000}, TableConfig{Protection: Protection{Threshold: 10}})
}

// benchTables times c.Tables(cfg) on synthetic collectors of each size and reports the
// audit's LPs, the suppressed counts and the largest audit block.
func benchTables(b *testing.B, sizes []int, cfg TableConfig) {
	for _, rows := range sizes {
		b.Run(strconv.Itoa(rows), func(b *testing.B) {
			c := synthCollector(b, rows, 1)
			defer c.Close()
			var pt *ProtectedTables
			for b.Loop() {
				var err error
				if pt, err = c.Tables(cfg); err != nil {
					b.Fatal(err)
				}
			}
			a := pt.Protection.Audit
			b.ReportMetric(float64(a.LPs), "LPs")
			b.ReportMetric(float64(pt.Protection.Primary), "primary")
			b.ReportMetric(float64(pt.Protection.SecondaryCounts), "secondary")
			b.ReportMetric(float64(a.Largest), "largest-block")
		})
	}
}

// BenchmarkAuditReleaseProvinceYear is check's re-audit (AuditRelease: no true counts, so
// phase 1 from the published counts) of the standard set (cases by province and year in it
// since the fourth session of issue 16's province × year work), read back
// through JSON as a release holds them:
//
//	go test ./anonymize -run '^$' -bench 'AuditReleaseProvinceYear' -benchtime 2x
func BenchmarkAuditReleaseProvinceYear(b *testing.B) {
	for _, rows := range []int{3000, 20000} {
		b.Run(strconv.Itoa(rows), func(b *testing.B) {
			c := synthCollector(b, rows, 1)
			defer c.Close()
			pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
			if err != nil {
				b.Fatal(err)
			}
			var ts []*release.Table
			var rel *release.Relations
			for _, x := range []struct{ v, into any }{{pt.Tables, &ts}, {pt.Relations, &rel}} {
				buf, err := json.Marshal(x.v)
				if err != nil {
					b.Fatal(err)
				}
				if err := json.Unmarshal(buf, x.into); err != nil {
					b.Fatal(err)
				}
			}
			all, err := rel.Resolve(ts)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				found, err := AuditRelease(all, rel, 10, 5)
				if err != nil || len(found) > 0 {
					b.Fatal(err, found)
				}
			}
		})
	}
}
