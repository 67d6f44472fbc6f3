package anonymize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
)

// TestCollectorKeepsTrimmedCopies: the analytic columns the Collector keeps until the release
// is written are copies in buffers of their size, none of ingest's (which have room to grow
// and refer to the reader's pool of free buffers, held as long as one of them is).
func TestCollectorKeepsTrimmedCopies(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,type_of_exploitation,referral_route\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "C-%d,female,%d,2024-01-01,IN,sexual,police_operation\n", i, 10+i%8)
	}
	c := collectFrom(t, ingest.NewReader("t.csv", strings.NewReader(b.String())))
	defer c.Close()
	if len(c.batches) == 0 {
		t.Fatal("no batches kept")
	}
	kept := 0
	for _, rec := range c.batches {
		for j, col := range rec.Columns() {
			for k, buf := range col.Data().Buffers() {
				if buf == nil {
					continue
				}
				kept += buf.Len()
				if room := cap(buf.Buf()) - buf.Len(); room >= 64 {
					t.Errorf("column %s buffer %d: %d bytes kept with room for %d more", rec.ColumnName(j), k, buf.Len(), room)
				}
			}
		}
	}
	if kept == 0 {
		t.Error("no bytes kept")
	}
}
