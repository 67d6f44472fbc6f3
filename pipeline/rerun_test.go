package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/pipeline"
)

// TestRerunSameManifest: the same input run several times on two cores gives the same
// manifest (its creation time aside). One run of four on a 1M CSV once counted a duplicate as
// differing in province: the Deduper kept provinces under keys that pointed into a record's
// buffers, which the reader hands out again to later batches as its workers' timing has it.
// Here cases of the first batches are exported again after 96,000 other rows (twelve batches of 8,192
// rows: the reader recycles a batch's buffers some six batches on), with the same values: every repeat is a duplicate that differs in nothing.
func TestRerunSameManifest(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	provinces := []string{"Herat", "Kabul", "Balkh", "Nangarhar", "Kandahar", "Bamyan", "Khost", "Badakhshan"}
	const cases, repeats = 96_000, 600
	row := func(i int, updated string) string {
		return fmt.Sprintf("C-%05d,%s,%d,2022-%02d-%02d,%s,AF,%s,forced labour\n",
			i, []string{"female", "male"}[i%2], 8+i%10, 1+i%12, 1+i%28, updated, provinces[(i/3)%len(provinces)])
	}
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,updated_at,country_of_exploitation,province_of_exploitation,type_of_exploitation\n")
	for i := range cases {
		b.WriteString(row(i, "2023-01-01"))
	}
	for i := range repeats {
		b.WriteString(row(i*(cases/repeats), "2023-06-01"))
	}
	in := filepath.Join(t.TempDir(), "cases.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.ParseConfig("t", []byte("k: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	var first []byte
	for run := range 3 {
		m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg,
			pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Duplicates != repeats {
			t.Errorf("run %d: %d duplicates, want %d", run, m.Counts.Duplicates, repeats)
		}
		for _, n := range m.Notices {
			if strings.Contains(n, "merged as duplicates") {
				t.Errorf("run %d: notice %q: the repeats differ in nothing", run, n)
			}
		}
		m.CreatedAt = time.Time{}
		got, err := json.MarshalIndent(m, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			first = got
		} else if string(got) != string(first) {
			t.Errorf("run %d's manifest differs from run 0's:\n%s\nwant\n%s", run, got, first)
		}
	}
}
