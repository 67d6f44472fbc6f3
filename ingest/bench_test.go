package ingest

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

// benchFiles caches the synthetic CSV of each size for the run: writing 1,000,000 rows takes
// seconds, and every benchmark of the run reads the same file.
var benchFiles sync.Map // rows -> path

func benchCSV(b *testing.B, rows int) string {
	b.Helper()
	if p, ok := benchFiles.Load(rows); ok {
		return p.(string)
	}
	// PREVALENCE_BENCH_CSV names a file already written by synth.WriteCanonical with this many
	// rows, to profile without generating it.
	if p := os.Getenv("PREVALENCE_BENCH_CSV"); p != "" {
		return p
	}
	dir, err := os.MkdirTemp("", "ingest-bench")
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "cases.csv")
	if err := synth.WriteCanonical(p, rows, 1); err != nil {
		b.Fatal(err)
	}
	benchFiles.Store(rows, p)
	return p
}

// TestMain removes the synthetic files the benchmarks wrote.
func TestMain(m *testing.M) {
	code := m.Run()
	benchFiles.Range(func(_, p any) bool {
		os.RemoveAll(filepath.Dir(p.(string)))
		return true
	})
	os.Exit(code)
}

// pipelineOmit is what `prevalence run` omits by default (no pseudonyms, no linkage key): every
// text identifier but the case ID. pipeline.unusedIdentifiers decides it there.
var pipelineOmit = []string{schema.FullName, schema.Alias, schema.Phone, schema.Email, schema.Address,
	schema.NationalID, schema.CaregiverName, schema.Caseworker, schema.Narrative, schema.Latitude, schema.Longitude}

// ingestFile reads path to the end, releasing each record, and returns the valid rows. omit is
// Reader.Omit.
func ingestFile(b *testing.B, path string, omit ...string) int {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := NewReader(path, f)
	r.Omit = omit
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		n += int(rec.NumRows())
		rec.Release()
	}
	return n
}

// peakHeap samples the memory the Go runtime holds from the OS (Sys less what it returned:
// close to the process's resident size) while fn runs, and returns the highest value seen.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		// runtime/metrics, unlike ReadMemStats, does not stop the world.
		ms := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		for {
			metrics.Read(ms)
			if h := ms[0].Value.Uint64() - ms[1].Value.Uint64(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}

// BenchmarkIngestVsDuckDB ingests 1,000,000 synthetic rows as `prevalence run` does and, in
// the same run, has DuckDB load the same file into a table; it reports both times and
// ours/DuckDB ("ratio"). It also reports ingest keeping every identifier (ingest-all-s/op,
// "ratio-all"): the work when every identifier is pseudonymized or linked.
func BenchmarkIngestVsDuckDB(b *testing.B) {
	rows := 1_000_000
	if testing.Short() {
		rows = 100_000
	}
	path := benchCSV(b, rows)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// Peak memory is sampled in a run of its own: the sampler starts from a collected heap
	// returned to the OS, which would tilt the timing.
	peak := peakHeap(func() { ingestFile(b, path, pipelineOmit...) })
	var ours, all, duck time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		ingestFile(b, path, pipelineOmit...)
		ours += time.Since(t0)
		t0 = time.Now()
		ingestFile(b, path)
		all += time.Since(t0)
		t0 = time.Now()
		if _, err := db.Exec(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('` + path + `')`); err != nil {
			b.Fatal(err)
		}
		duck += time.Since(t0)
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "ingest-s/op")
	b.ReportMetric(duck.Seconds()/float64(b.N), "duckdb-s/op")
	b.ReportMetric(ours.Seconds()/duck.Seconds(), "ratio")
	b.ReportMetric(all.Seconds()/float64(b.N), "ingest-all-s/op")
	b.ReportMetric(all.Seconds()/duck.Seconds(), "ratio-all")
	b.ReportMetric(float64(peak)/(1<<20), "peak-mem-MiB")
}

// BenchmarkIngest10M checks the memory bound on 10,000,000 rows (about 2.2 GB of CSV). It runs
// only with PREVALENCE_BENCH_10M=1.
func BenchmarkIngest10M(b *testing.B) {
	if os.Getenv("PREVALENCE_BENCH_10M") != "1" {
		b.Skip("set PREVALENCE_BENCH_10M=1 to run")
	}
	path := benchCSV(b, 10_000_000)
	debug.FreeOSMemory()
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		peak = max(peak, peakHeap(func() { ingestFile(b, path) }))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-mem-MiB")
}

// BenchmarkIngest reads 1,000,000 synthetic rows (100,000 with -short) without DuckDB, for
// profiling.
func BenchmarkIngest(b *testing.B) {
	rows := 1_000_000
	if testing.Short() {
		rows = 100_000
	}
	path := benchCSV(b, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ingestFile(b, path, pipelineOmit...)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkIngestXLSX streams a 100,000-row workbook (written with excelize's StreamWriter) and
// reports the peak memory.
func BenchmarkIngestXLSX(b *testing.B) {
	rows := 100_000
	if testing.Short() {
		rows = 10_000
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "cases.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"case_id", "full_name", "gender", "age", "registration_date", "country_of_exploitation",
		"province_of_exploitation", "is_forced_labour", "is_sexual_exploitation", "narrative"}
	sw.SetRow("A1", header)
	genders := []string{"female", "male", "F", "M"}
	provinces := []string{"West Bengal", "Bihar", "Delhi", "IN-MH"}
	for i := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		reg := 44000 + i%1500 // an Excel serial date
		if err := sw.SetRow(cell, []any{fmt.Sprintf("X-%07d", i), "Asha Devi", genders[i%4], 5 + i%60, reg, "India",
			provinces[i%4], i%2 == 0, i%3 == 0, "Met at the border crossing with two others"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	var peak uint64
	n := 0
	for i := 0; i < b.N; i++ {
		peak = max(peak, peakHeap(func() { n = ingestFile(b, path) }))
	}
	if n != rows {
		b.Fatalf("read %d valid rows of %d", n, rows)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-mem-MiB")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkIngestNDJSON reads 200,000 NDJSON records (nested, as Kobo and Primero export them),
// line by line since malformed lines are quarantined.
func BenchmarkIngestNDJSON(b *testing.B) {
	var sb strings.Builder
	for i := range 200_000 {
		fmt.Fprintf(&sb, `{"case_id": "C-%d", "person": {"sex": "%s", "age": %d}, "registration_date": "2024-01-%02d", "country_of_exploitation": "IN", "type_of_exploitation": ["sexual exploitation"]}`+"\n",
			i, []string{"female", "male"}[i%2], i%90, 1+i%28)
	}
	in := sb.String()
	m := &Mapping{Columns: map[string]string{"person.sex": "gender", "person.age": "age"}}
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for range b.N {
		r := NewReader("bench.ndjson", strings.NewReader(in))
		r.Mapping = m
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rec.Release()
		}
	}
}

// BenchmarkDeduperExpect de-duplicates 200,000 records (read once) with and without Expect's
// hint: the allocated bytes (B/op) of the hinted map are about half, the time a little less
// (compare the two in one run).
func BenchmarkDeduperExpect(b *testing.B) {
	const rows = 200_000
	f, err := os.Open(benchCSV(b, rows))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := NewReader("bench.csv", f)
	r.Now, r.DefaultSource = testNow, "org"
	var recs []arrow.RecordBatch
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, rec)
	}
	for _, hint := range []int{0, rows} {
		b.Run(fmt.Sprintf("expect=%d", hint), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d := NewDeduper()
				d.StartInput(0, "bench.csv", time.Time{})
				d.Expect(hint)
				base := 0
				for _, rec := range recs {
					d.Add(rec, base)
					base += int(rec.NumRows())
				}
			}
		})
	}
}
