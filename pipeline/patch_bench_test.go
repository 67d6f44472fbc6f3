package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/ingest"
)

// patchFixture writes an events export of n cases (a placement and two follow-up visits
// each) and reads it into a store, and reads a case export of the same n cases into records
// of the reader's size (8192 rows). order is the events export's order: "case" (each case's
// events together, in the case export's order: synth's), "kind" (every placement, then every
// first visit, then every second: an export of three tables one after another, each case's
// events in three places); "shuffled" is "case" with the case export's rows in another order.
func patchFixture(tb testing.TB, n int, order string) (*eventStore, []arrow.RecordBatch) {
	tb.Helper()
	dir := tb.TempDir()
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	day := func(d int) string {
		return time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.DateOnly)
	}
	id := func(i int) string { return fmt.Sprintf("A%07d", i) }
	write := func(name string, fill func(w *bufio.Writer)) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		fill(w)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		f.Close()
		return p
	}
	start := func(i int) int { return i % 3000 }
	placement := func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%s,placement,%s,%s,residential_care,AF-HER,reintegrated,,\n", id(i), day(start(i)+2), day(start(i)+200))
	}
	visit := func(w *bufio.Writer, i, k int) {
		fmt.Fprintf(w, "%s,followup,%s,,,,,yes,no\n", id(i), day(start(i)+200+90*k))
	}
	ev := write("ev.csv", func(w *bufio.Writer) {
		w.WriteString("case_id,event,date,end_date,type,province,end_reason,in_school,retrafficked\n")
		if order == "kind" {
			for i := range n {
				placement(w, i)
			}
			for k := 1; k <= 2; k++ {
				for i := range n {
					visit(w, i, k)
				}
			}
			return
		}
		for i := range n {
			placement(w, i)
			visit(w, i, 1)
			visit(w, i, 2)
		}
	})
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	if order == "shuffled" {
		rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	}
	cases := write("cases.csv", func(w *bufio.Writer) {
		w.WriteString("case_id,gender,registration_date,referral_route\n")
		for _, i := range rows {
			fmt.Fprintf(w, "%s,male,%s,hotline\n", id(i), day(start(i)))
		}
	})
	cfgPath := write("c.yaml", func(w *bufio.Writer) {
		w.WriteString("sources:\n  - {match: \"ev.csv\", source: A, events: only, extracted: \"2025-06-01\"}\n  - {match: \"cases.csv\", source: A}\n")
	})
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := readEvents(context.Background(), []Input{{Name: ev}, {Name: cases}}, &cfg, now)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(cases)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := ingest.NewReader("cases.csv", f)
	r.Now, r.DefaultSource = now, "A"
	var recs []arrow.RecordBatch
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(r.Rejected()) > 0 {
		tb.Fatalf("rejected: %v", r.Rejected()[0])
	}
	return s, recs
}

// BenchmarkPatch (issue-14-speed18's item 2): the events' summaries per case row, in CPU
// nanoseconds a row, at two sizes of store: a row's cost should not grow with the store.
// go test ./pipeline -run '^$' -bench BenchmarkPatch -benchtime 2x
func BenchmarkPatch(b *testing.B) {
	for _, order := range []string{"case", "kind", "shuffled"} {
		for _, n := range []int{50_000, 500_000} {
			b.Run(fmt.Sprintf("%s/%d", order, n), func(b *testing.B) {
				s, recs := patchFixture(b, n, order)
				cpu := func() time.Duration {
					var ru syscall.Rusage
					syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
					return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
				}
				runtime.GC()
				b.ResetTimer()
				start := cpu()
				for b.Loop() {
					col := anonymize.NewCollector()
					s.matches = s.matches[:0]
					base := 0
					for _, rec := range recs {
						out := s.patch(rec, 1, base, col, "", "")
						out.Release()
						base += int(rec.NumRows())
					}
				}
				// CPU time, not wall time: on a loaded machine the wall time is the load's.
				b.ReportMetric(float64((cpu()-start).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/row")
				for _, rec := range recs {
					rec.Release()
				}
			})
		}
	}
}
