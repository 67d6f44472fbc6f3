package pipeline_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/pipeline"
)

// TestHintsGiveWithheldPositions (privacy-side-doors37, zu's Left): the no-status and
// no-province hints counted the dropped status-like and place-like columns whose headers
// HeaderLabel withholds but gave no way to map one; they now give the positions ("#5"), as the
// dropped-column notice does, and say "among them" when a workbook's sheets place some apart.
func TestHintsGiveWithheldPositions(t *testing.T) {
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	rowsOf := func(header []string) [][]string {
		rows := [][]string{header}
		for i := range 12 {
			row := []string{fmt.Sprintf("Z-%02d", i), []string{"female", "male"}[i%2], "12", "2023-03-10", "AF"}
			for range header[5:] {
				row = append(row, "")
			}
			rows = append(rows, row)
		}
		return rows
	}
	base := []string{"case_id", "gender", "age", "registration_date", "country_of_exploitation"}

	t.Run("csv", func(t *testing.T) {
		rows := rowsOf(append(cloneRow(base), "Victim per Naqib", "Location Malalai"))
		text, err := exposed(t, []pipeline.Input{{Name: writeInput(t, t.TempDir(), "register", "csv", rows)}}, cfg, nil)
		if err != nil {
			t.Fatalf("%v\n%s", err, text[:min(len(text), 3000)])
		}
		mustNotExpose(t, text, "Naqib", "Malalai")
		for _, w := range []string{
			`1 column whose name is withheld (it could be data; column 6) was dropped, mapping onto no field: if one says whether the person is a victim (Yes/No), map it so (a withheld one by its position, "#6")`,
			`1 column whose name is withheld (it could be data; column 7) was dropped, mapping onto no field: if one holds the province (or district) where the person was exploited, map it onto province_of_exploitation under columns: (a withheld one by its position, "#7")`,
			`perhaps): columns 6 and 7 (map one under columns: by its position, "#6")`,
		} {
			if !strings.Contains(text, w) {
				t.Errorf("%q not said:\n%s", w, notices(text))
			}
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		// "Location Malalai" at 6 in one sheet and 7 in the other: no one position; "Place
		// Naqib" at 8 in both.
		f := excelize.NewFile()
		defer f.Close()
		f.NewSheet("Sheet2")
		for _, sh := range []string{"Sheet1", "Sheet2"} {
			h := append(cloneRow(base), "Location Malalai", "favourite colour", "Place Naqib")
			if sh == "Sheet2" {
				h[5], h[6] = h[6], h[5]
			}
			for i, r := range rowsOf(h) {
				if i > 0 {
					r[0] = sh + r[0]
				}
				row := make([]any, len(r))
				for j := range r {
					row[j] = r[j]
				}
				f.SetSheetRow(sh, fmt.Sprintf("A%d", i+1), &row)
			}
		}
		p := filepath.Join(t.TempDir(), "register.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		text, err := exposed(t, []pipeline.Input{{Name: p}}, cfg, nil)
		if err != nil {
			t.Fatalf("%v\n%s", err, text[:min(len(text), 3000)])
		}
		mustNotExpose(t, text, "Naqib", "Malalai")
		for _, w := range []string{
			`2 columns whose names are withheld (they could be data; among them column 8) were dropped`,
			`map it onto province_of_exploitation under columns: (a withheld one by its position, "#8")`,
			`2 columns map onto no field and were dropped (their names are withheld: they hold words no list of headers knows, a person's name perhaps): among them column 8 (map it under columns: by its position, "#8")`,
		} {
			if !strings.Contains(text, w) {
				t.Errorf("%q not said:\n%s", w, notices(text))
			}
		}
	})
}

func cloneRow(s []string) []string { return append([]string(nil), s...) }

// notices is the lines of a run's text that hold "dropped", for a failure's message.
func notices(text string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "dropped") {
			out = append(out, l[:min(len(l), 600)])
		}
	}
	return strings.Join(out, "\n")
}
