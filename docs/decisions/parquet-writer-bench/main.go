// Command parquet-writer-bench measures the two Parquet writers that the design card names,
// Arrow's pqarrow (which release/writer.go uses) and github.com/xitongsys/parquet-go, on the
// release of 1,000,000 synthetic rows, for docs/decisions/parquet-writer.md.
//
// It lives in its own module so that parquet-go never enters the main module's dependencies.
// Run it with `go run .` from this folder. A first child process makes the release (synth,
// then the real pipeline); then one child process per measurement, so that each peak RSS is
// that child's own: a baseline child only loads the release into Arrow batches, the others
// load them and then write them with one writer. Last, DuckDB checks every file.
package main

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	_ "github.com/duckdb/duckdb-go/v2"
	pqgo "github.com/xitongsys/parquet-go/parquet"
	pqgowriter "github.com/xitongsys/parquet-go/writer"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

// writers are measured in this order in every round; "baseline" only loads, and
// "parquet-go-1MiB" is parquet-go with pqarrow's default data page size instead of its own 8 KiB.
var writers = []string{"baseline", "pqarrow", "parquet-go", "parquet-go-1MiB"}

// result is what a child reports on its standard output, as JSON.
type result struct {
	Writer   string
	Rows     int64
	WriteSec float64 // wall time of the write alone (loading excluded)
	CPUSec   float64 // user+system CPU time of the write alone
	MaxRSS   float64 // MiB, getrusage ru_maxrss
	VmHWM    float64 // MiB, /proc/self/status peak RSS of this process's own address space
	Bytes    int64   // size of the written file
}

func main() {
	log.SetFlags(0)
	if len(os.Args) == 4 && os.Args[1] == "prepare" {
		rows, _ := strconv.Atoi(os.Args[2])
		if err := prepare(rows, os.Args[3]); err != nil {
			log.Fatal(err)
		}
		return
	}
	if len(os.Args) == 5 && os.Args[1] == "child" {
		r, err := child(os.Args[2], os.Args[3], os.Args[4])
		if err != nil {
			log.Fatal(err)
		}
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	rows := flag.Int("rows", 1_000_000, "synthetic rows")
	reps := flag.Int("reps", 3, "measurements of each writer, interleaved; the median is shown")
	flag.Parse()
	if err := run(*rows, *reps); err != nil {
		log.Fatal(err)
	}
}

func run(rows, reps int) error {
	work, err := os.MkdirTemp("", "parquet-writer-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	exe, err := os.Executable()
	if err != nil {
		return err
	}
	// The release is made in a child too: Go starts children with vfork, and Linux then
	// carries the parent's peak RSS into the child's ru_maxrss, so the parent stays small.
	cmd := exec.Command(exe, "prepare", strconv.Itoa(rows), work)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	src := filepath.Join(work, "release", filepath.FromSlash(release.CasesFile))
	got := map[string][]result{}
	for rep := range reps {
		for _, w := range writers {
			out := filepath.Join(work, w+".parquet")
			os.Remove(out)
			cmd := exec.Command(exe, "child", w, src, out)
			cmd.Stderr = os.Stderr
			b, err := cmd.Output()
			if err != nil {
				return fmt.Errorf("%s child: %w", w, err)
			}
			var r result
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			log.Printf("round %d %-15s write %6.2fs cpu %6.2fs ru_maxrss %5.0f MiB VmHWM %5.0f MiB size %6.2f MiB",
				rep+1, w, r.WriteSec, r.CPUSec, r.MaxRSS, r.VmHWM, float64(r.Bytes)/(1<<20))
			got[w] = append(got[w], r)
		}
	}

	base := median(got["baseline"], func(r result) float64 { return r.VmHWM })
	fmt.Printf("\n%d rows, median of %d interleaved runs (GOMAXPROCS %d)\n\n", got["baseline"][0].Rows, reps, runtime.GOMAXPROCS(0))
	fmt.Println("| writer | write time | CPU time | peak RSS (VmHWM) | over baseline | ru_maxrss | file size |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, w := range writers {
		rs := got[w]
		hwm := median(rs, func(r result) float64 { return r.VmHWM })
		fmt.Printf("| %s | %.2f s | %.2f s | %.0f MiB | %+.0f MiB | %.0f MiB | %.2f MiB |\n", w,
			median(rs, func(r result) float64 { return r.WriteSec }),
			median(rs, func(r result) float64 { return r.CPUSec }),
			hwm, hwm-base,
			median(rs, func(r result) float64 { return r.MaxRSS }),
			median(rs, func(r result) float64 { return float64(r.Bytes) })/(1<<20))
	}
	var files []string
	for _, w := range writers[1:] {
		files = append(files, filepath.Join(work, w+".parquet"))
	}
	return check(src, files...)
}

// prepare writes the canonical CSV and runs the pipeline on it into work/release.
func prepare(rows int, work string) error {
	start := time.Now()
	csvPath := filepath.Join(work, "cases.csv")
	if err := synth.WriteCanonical(csvPath, rows, 1); err != nil {
		return err
	}
	log.Printf("synth: %d rows in %.1fs", rows, time.Since(start).Seconds())
	start = time.Now()
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: csvPath}}, pipeline.Defaults,
		pipeline.Options{Out: filepath.Join(work, "release")})
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	log.Printf("pipeline: %d rows written (%d suppressed) in %.1fs", m.Counts.Written, m.Counts.Suppressed, time.Since(start).Seconds())
	return nil
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// child loads src into Arrow batches and, unless w is "baseline", writes them to out with w.
func child(w, src, out string) (result, error) {
	recs, err := load(src)
	if err != nil {
		return result{}, err
	}
	r := result{Writer: w}
	for _, rec := range recs {
		r.Rows += rec.NumRows()
	}
	cpu0, start := cpuTime(), time.Now()
	switch w {
	case "baseline":
	case "pqarrow":
		err = writePqarrow(out, recs)
	case "parquet-go":
		err = writeParquetGo(out, recs, 8<<10)
	case "parquet-go-1MiB":
		err = writeParquetGo(out, recs, 1<<20)
	default:
		err = fmt.Errorf("unknown writer %q", w)
	}
	if err != nil {
		return r, err
	}
	r.WriteSec, r.CPUSec = time.Since(start).Seconds(), cpuTime()-cpu0
	if st, err := os.Stat(out); err == nil {
		r.Bytes = st.Size()
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	r.MaxRSS = float64(ru.Maxrss) / 1024 // KiB on Linux
	r.VmHWM = vmHWM()
	runtime.KeepAlive(recs)
	return r, nil
}

// load reads the release's cases file into memory as Arrow batches of schema.Release.
func load(src string) ([]arrow.RecordBatch, error) {
	pf, err := file.OpenParquetFile(src, false)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 64 * 1024}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	var recs []arrow.RecordBatch
	for rr.Next() {
		// The reader adds field-id metadata; the pipeline's batches have schema.Release as is.
		rec := rr.RecordBatch()
		for i, f := range rec.Schema().Fields() {
			if g := schema.Release.Field(i); f.Name != g.Name || !arrow.TypeEqual(f.Type, g.Type) || !f.Nullable {
				return nil, fmt.Errorf("%s: column %d is %s, not %s", src, i, f, g)
			}
		}
		recs = append(recs, array.NewRecordBatch(schema.Release, rec.Columns(), rec.NumRows()))
	}
	return recs, rr.Err()
}

// writePqarrow writes with the properties of release/writer.go.
func writePqarrow(out string, recs []arrow.RecordBatch) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(1<<20),
		parquet.WithDictionaryDefault(true),
	)
	pw, err := pqarrow.NewFileWriter(schema.Release, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		f.Close()
		return err
	}
	for _, rec := range recs {
		if err := pw.WriteBuffered(rec); err != nil {
			pw.Close()
			return err
		}
	}
	return pw.Close() // closes f too
}

// pqgoRow is one release row for parquet-go's struct writer: OPTIONAL fields are pointers,
// nil for null. The fields follow schema.Release's column order.
type pqgoRow struct {
	YearOfRegistration     *string `parquet:"name=year_of_registration, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	Gender                 *string `parquet:"name=gender, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	AgeBand                *string `parquet:"name=age_band, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	MajorityStatus         *string `parquet:"name=majority_status, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	Citizenship            *string `parquet:"name=citizenship, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	CountryOfOrigin        *string `parquet:"name=country_of_origin, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	ProvinceOfOrigin       *string `parquet:"name=province_of_origin, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	CountryOfExploitation  *string `parquet:"name=country_of_exploitation, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	ProvinceOfExploitation *string `parquet:"name=province_of_exploitation, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	IsSexualExploitation   *bool   `parquet:"name=is_sexual_exploitation, type=BOOLEAN, repetitiontype=OPTIONAL"`
	IsForcedLabour         *bool   `parquet:"name=is_forced_labour, type=BOOLEAN, repetitiontype=OPTIONAL"`
	IsForcedMarriage       *bool   `parquet:"name=is_forced_marriage, type=BOOLEAN, repetitiontype=OPTIONAL"`
	IsForcedMilitary       *bool   `parquet:"name=is_forced_military, type=BOOLEAN, repetitiontype=OPTIONAL"`
	IsOtherExploitation    *bool   `parquet:"name=is_other_exploitation, type=BOOLEAN, repetitiontype=OPTIONAL"`
	LabourSector           *string `parquet:"name=labour_sector, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	RecruiterRelation      *string `parquet:"name=recruiter_relation, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
	Source                 *string `parquet:"name=source, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY, repetitiontype=OPTIONAL"`
}

// writeParquetGo converts the batches to rows and writes them with parquet-go's struct writer,
// with pages of pageSize bytes and its default row group size (128 MiB); the conversion is
// timed too, since our data flows as Arrow batches.
func writeParquetGo(out string, recs []arrow.RecordBatch, pageSize int64) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	pw, err := pqgowriter.NewParquetWriterFromWriter(f, new(pqgoRow), int64(runtime.NumCPU()))
	if err != nil {
		return err
	}
	pw.CompressionType = pqgo.CompressionCodec_ZSTD
	pw.PageSize = pageSize
	for _, rec := range recs {
		c := rec.Columns()
		s := func(j, i int) *string {
			if a := c[j].(*array.String); a.IsValid(i) {
				v := a.Value(i) // aliases the batch's buffer, which outlives the writer
				return &v
			}
			return nil
		}
		b := func(j, i int) *bool {
			if a := c[j].(*array.Boolean); a.IsValid(i) {
				v := a.Value(i)
				return &v
			}
			return nil
		}
		for i := range int(rec.NumRows()) {
			row := pqgoRow{s(0, i), s(1, i), s(2, i), s(3, i), s(4, i), s(5, i), s(6, i), s(7, i), s(8, i),
				b(9, i), b(10, i), b(11, i), b(12, i), b(13, i), s(14, i), s(15, i), s(16, i)}
			if err := pw.Write(row); err != nil {
				return err
			}
		}
	}
	if err := pw.WriteStop(); err != nil {
		return err
	}
	return f.Close()
}

// check reads every file with DuckDB: the same counts, and the same rows as the release.
func check(src string, files ...string) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Println("\nDuckDB: SELECT count(*), count(gender), sum(is_forced_labour::int) FROM read_parquet(file)")
	fmt.Println("and rows not in the release (EXCEPT ALL, both ways)")
	fmt.Println()
	var want string
	for _, p := range append([]string{src}, files...) {
		var n, g, fl int64
		q := fmt.Sprintf("SELECT count(*), count(gender), sum(is_forced_labour::int) FROM read_parquet(%s)", lit(p))
		if err := db.QueryRow(q).Scan(&n, &g, &fl); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		var diff int64
		q = fmt.Sprintf("SELECT (SELECT count(*) FROM (FROM read_parquet(%[1]s) EXCEPT ALL FROM read_parquet(%[2]s))) + "+
			"(SELECT count(*) FROM (FROM read_parquet(%[2]s) EXCEPT ALL FROM read_parquet(%[1]s)))", lit(p), lit(src))
		if err := db.QueryRow(q).Scan(&diff); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		var groups int64
		var enc string
		q = fmt.Sprintf("SELECT count(DISTINCT row_group_id), any_value(encodings) FROM parquet_metadata(%s) WHERE path_in_schema = 'gender'", lit(p))
		if err := db.QueryRow(q).Scan(&groups, &enc); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		got := fmt.Sprintf("%d, %d, %d", n, g, fl)
		fmt.Printf("%-24s %s; %d rows differ from the release; %d row groups, gender encodings %s\n",
			filepath.Base(p)+":", got, diff, groups, enc)
		want = cmp.Or(want, got)
		if got != want || diff != 0 {
			return fmt.Errorf("%s does not agree with the release", p)
		}
	}
	fmt.Println("all agree")
	return nil
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// cpuTime returns the process's user and system CPU time in seconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)).Seconds()
}

// vmHWM returns the peak RSS of this process's address space in MiB, from /proc/self/status.
func vmHWM() float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
