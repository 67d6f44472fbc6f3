package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestSkippedSheetInManifest: a workbook's sheet that no column maps onto (Dari headers) is
// recorded with its input in the manifest, with its row count and why, not only in a notice.
func TestSkippedSheetInManifest(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age", "country_of_exploitation"})
	for i := 0; i < 12; i++ {
		x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("C-%d", i), "female", 12 + i%3, "AF"})
	}
	x.NewSheet("هرات")
	x.SetSheetRow("هرات", "A1", &[]any{"شماره", "جنسیت", "سن"})
	for i := 0; i < 3; i++ {
		x.SetSheetRow("هرات", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprint(i), "زن", 14})
	}
	p := filepath.Join(t.TempDir(), "cases.xlsx")
	if err := x.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: p}}, pipeline.Defaults, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := []release.SkippedSheet{{Sheet: "هرات", Rows: 4, Reason: "none of its columns maps onto a field"}}
	if len(m.Inputs) != 1 || fmt.Sprint(m.Inputs[0].SkippedSheets) != fmt.Sprint(want) || m.Inputs[0].Rows != 12 {
		t.Errorf("inputs %+v: want 12 rows read and the sheet skipped %+v", m.Inputs, want)
	}
}

// TestWholeFileOverCapUnread: a 3 GiB workbook or Parquet file (sparse, with the right first
// bytes) is refused by its length before it is read, through the run's hashing reader: not
// after a gigabyte of it has been read into memory.
func TestWholeFileOverCapUnread(t *testing.T) {
	for _, tc := range []struct{ name, magic string }{{"big.xlsx", "PK\x03\x04"}, {"big.parquet", "PAR1"}} {
		p := filepath.Join(t.TempDir(), tc.name)
		if err := os.WriteFile(p, []byte(tc.magic), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, 3<<30); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: p}}, pipeline.Defaults, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ingest.ErrTooLarge) {
			t.Errorf("%s: error %v, want ErrTooLarge", tc.name, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
			t.Errorf("%s: %d MiB allocated before it was refused", tc.name, alloc>>20)
		}
	}
}
