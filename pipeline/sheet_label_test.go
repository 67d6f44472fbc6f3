package pipeline_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/pipeline"
)

// TestSheetNamesJudgedAsHeaders (privacy-side-doors37, session zv's task 2): a sheet's name is
// judged as a dropped column's header is (detect.SheetLabel): "contact_grace" and "Officer
// Hope" (a name beside a person word) were printed in the notices and the manifest; now the
// sheet is "sheet N".
func TestSheetNamesJudgedAsHeaders(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheets := []string{"Cases 2023", "contact_grace", "Officer Hope", "Naqib notes"}
	f.SetSheetName("Sheet1", sheets[0])
	for _, sh := range sheets[1:] {
		f.NewSheet(sh)
	}
	for si, sh := range sheets {
		rows := [][]any{{"case_id", "gender", "age", "registration_date", "province_of_exploitation", "trafficking_status"}}
		for i := range 6 {
			age := any(10 + i)
			if i == 3 {
				age = "about fifteen" // a quarantined row: quarantine.csv names the sheet
			}
			rows = append(rows, []any{fmt.Sprintf("S%d-%02d", si, i), []string{"female", "male"}[i%2], age, "2024-01-05", "AF-HER", "actual"})
		}
		for i, r := range rows {
			f.SetSheetRow(sh, fmt.Sprintf("A%d", i+1), &r)
		}
	}
	p := filepath.Join(t.TempDir(), "register.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	all := 1.0
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit, cfg.MaxBadShare = 2, 0.5, &all
	text, err := exposed(t, []pipeline.Input{{Name: p}}, cfg, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, text[:min(len(text), 3000)])
	}
	mustNotExpose(t, text, "grace", "Hope", "Naqib")
	for _, w := range []string{"Cases 2023!5", "sheet 2!5", "sheet 3!5"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q not said", w)
		}
	}
}
