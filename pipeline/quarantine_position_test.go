package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestWithheldColumnPositionBySheet (privacy-side-doors38): a workbook whose two sheets place a
// withheld column ("age_zarmina") at columns 3 and 2: quarantine.csv's column cell said
// "(name withheld)" and strict mode's refusal `column "(name withheld)"`, with no position (no
// one position for the whole input); each now names the column's position in the row's own
// sheet, never the name.
func TestWithheldColumnPositionBySheet(t *testing.T) {
	book := func(t *testing.T, badOn map[string]bool) string {
		f := excelize.NewFile()
		defer f.Close()
		f.NewSheet("Sheet2")
		for _, sh := range []string{"Sheet1", "Sheet2"} {
			rows := [][]any{{"case_id", "gender", "age_zarmina", "registration_date", "province_of_exploitation"}}
			if sh == "Sheet2" {
				rows[0] = []any{"case_id", "age_zarmina", "gender", "registration_date", "province_of_exploitation"}
			}
			for i := range 12 {
				age := any(10 + i)
				if i == 7 && badOn[sh] {
					age = "about fifteen"
				}
				row := []any{fmt.Sprintf("%s-%02d", sh, i), []string{"female", "male"}[i%2], age, fmt.Sprintf("2024-01-%02d", i+1), "AF-HER"}
				if sh == "Sheet2" {
					row[1], row[2] = row[2], row[1]
				}
				rows = append(rows, row)
			}
			for i, r := range rows {
				f.SetSheetRow(sh, fmt.Sprintf("A%d", i+1), &r)
			}
		}
		p := filepath.Join(t.TempDir(), "register.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := 1.0
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit, cfg.MaxBadShare = 2, 0.5, &all
	cfg.Sources = []ingest.Mapping{{Match: "*", Source: "Org A", Columns: map[string]string{"age_zarmina": "age"},
		Defaults: map[string]string{"country_of_exploitation": "AF"}}}

	out := filepath.Join(t.TempDir(), "rel")
	if _, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: book(t, map[string]bool{"Sheet1": true, "Sheet2": true})}}, cfg,
		pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	q, err := os.ReadFile(filepath.Join(out, pipeline.QuarantineFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Sheet1!9,column 3 (name withheld),age", "Sheet2!9,column 2 (name withheld),age"} {
		if !strings.Contains(string(q), w) {
			t.Errorf("quarantine.csv lacks %q:\n%s", w, q)
		}
	}
	if strings.Contains(strings.ToLower(string(q)), "zarmina") {
		t.Errorf("quarantine.csv names the column:\n%s", q)
	}

	cfg.Strict = true
	_, err = pipeline.Run(context.Background(), []pipeline.Input{{Name: book(t, map[string]bool{"Sheet2": true})}}, cfg,
		pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	var pe *ingest.ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "!9: column 2 (its name withheld) (field age)") || pe.Sheet != "Sheet2" || strings.Contains(strings.ToLower(err.Error()), "zarmina") {
		t.Errorf("strict: %v, want the column named by its position in Sheet2 (2), the sheet named (Sheet2!9)", err)
	}
}
