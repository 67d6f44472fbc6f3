package pipeline

import (
	"fmt"
	"hash/maphash"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/prevalence/prevalence/ingest"
)

// BenchmarkInputPrint measures what checkRead's fingerprint costs a row read (inputPrint.add):
// ns/op is per batch of 100,000 rows; rows/s is reported.
func BenchmarkInputPrint(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("case_id,gender,age,registration_date,updated_at,country_of_exploitation,province_of_exploitation,trafficking_status\n")
	for i := range 100000 {
		fmt.Fprintf(&sb, "AF-%06d,%s,%d,2022-%02d-%02d,2023-01-01,AF,AF-HER,actual\n", i, []string{"female", "male"}[i%2], 8+i%40, 1+i%12, 1+i%28)
	}
	r := ingest.NewReader("b.csv", strings.NewReader(sb.String()))
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
	seed := maphash.MakeSeed()
	b.ResetTimer()
	for b.Loop() {
		p := &inputPrint{}
		var acc []uint64
		for _, rec := range recs {
			acc = p.add(rec, seed, acc)
		}
	}
	b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
