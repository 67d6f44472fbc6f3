package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// TestSheetScope: a workbook with a sheet per shelter, each numbering its own children 001,
// 002, ...: under the default scope, numbers whose gender and age agree merge across sheets,
// with a notice naming the sheets and case_id_scope: sheet; with case_id_scope: sheet every
// child is a case of their own.
func TestSheetScope(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Boys shelter")
	x.NewSheet("Transit")
	for j, sh := range []string{"Boys shelter", "Transit"} {
		x.SetSheetRow(sh, "A1", &[]any{"case_no", "gender", "age", "country_of_exploitation", "registration_date"})
		for i := 0; i < 30; i++ {
			x.SetSheetRow(sh, fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("%03d", i+1), "male", 14, "AF", fmt.Sprintf("2023-%02d-01", 3+j)})
		}
	}
	p := filepath.Join(t.TempDir(), "shelters.xlsx")
	if err := x.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	for _, scope := range []string{"", "sheet"} {
		cfg := pipeline.Defaults
		cfg.K = 2
		cfg.CaseIDScope = scope
		m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: p}}, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		notice := false
		for _, n := range m.Notices {
			notice = notice || strings.Contains(n, `30 case numbers occur in more than one of its sheets ("Boys shelter", "Transit")`) &&
				strings.Contains(n, "case_id_scope: sheet")
		}
		switch {
		case scope == "" && (m.Counts.Duplicates != 30 || !notice):
			t.Errorf("default scope: %d duplicates (want 30), notice %v: %q", m.Counts.Duplicates, notice, m.Notices)
		case scope == "sheet" && (m.Counts.Duplicates != 0 || m.Counts.Read != 60 || notice):
			t.Errorf("case_id_scope: sheet: %+v, notice %v", m.Counts, notice)
		}
	}
}

// TestSheetNumbersRestart (attack-2026-12-03b's low): a workbook with a sheet per shelter whose
// case numbers restart (Herat 30, Khost 20, Nangarhar 15 boys, numbers 1..n), without
// case_id_scope: sheet, merged 12 of 65 boys with a notice only; two files in that state are
// refused. Now the run is refused, naming the sheets and case_id_scope: sheet.
func TestSheetNumbersRestart(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Herat")
	for j, sh := range []struct {
		name, province string
		n, mult        int
	}{{"Herat", "AF-HER", 30, 7}, {"Khost", "AF-KHO", 20, 5}, {"Nangarhar", "AF-NAN", 15, 4}} {
		if j > 0 {
			x.NewSheet(sh.name)
		}
		x.SetSheetRow(sh.name, "A1", &[]any{"case_no", "gender", "age", "country_of_exploitation", "province_of_exploitation", "registration_date"})
		for i := 1; i <= sh.n; i++ {
			x.SetSheetRow(sh.name, fmt.Sprintf("A%d", i+1), &[]any{fmt.Sprint(i), "male", 9 + (i*sh.mult+j)%9, "AF", sh.province, fmt.Sprintf("%d-%02d-01", 2023+j%2, 1+i%12)})
		}
	}
	p := filepath.Join(t.TempDir(), "shelters.xlsx")
	if err := x.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.K = 2
	out := filepath.Join(t.TempDir(), "rel")
	_, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: p}}, cfg, pipeline.Options{Out: out, Now: testNow})
	if !errors.Is(err, ingest.ErrSheetNumbers) || !strings.Contains(err.Error(), `sheets "Herat" and "Khost"`) || !strings.Contains(err.Error(), "case_id_scope: sheet") {
		t.Fatalf("a sheet per shelter, numbers restarting: %v, want ErrSheetNumbers naming the sheets and case_id_scope: sheet", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("refused run left %s: %v", out, err)
	}
}
