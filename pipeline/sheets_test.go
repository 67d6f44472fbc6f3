package pipeline_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

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
