package pipeline_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestZlWordsNoValues (privacy-side-doors31): session zl's new refusals and notices say
// positions, counts and words of their own, never a value of the input: another person's
// group columns dropped ("Trafficker/Sex", X0), the case-type refusal of a column named "Type"
// (X4), the year-sheet refusal (X7), the repeat join's judged columns of the parent records
// (X1), and a one-word header of another script or a Thai given name in Latin letters (X6).
// Each case plants a child's name and a phone in the cells (and, where a label could carry it,
// in a sheet's or a group's name), runs the pipeline, searches everything the run said or
// wrote, and checks that the words it is about were said.
func TestZlWordsNoValues(t *testing.T) {
	const name, phone = "Zarmina Canaryzi", "0799 123 456"
	canaries := []string{"Canaryzi", "Zarmina", "0799 123", "123 456"}
	base := []string{"case_id", "gender", "age", "registration_date", "province_of_exploitation", "trafficking_status"}
	rows := func(header []string, n int, extra func(i int) []string) [][]string {
		out := [][]string{header}
		for i := range n {
			out = append(out, append([]string{fmt.Sprintf("Z-%d", i+1), []string{"female", "male"}[i%2], "12", "2023-03-10", "AF-HER", "actual"}, extra(i)...))
		}
		return out
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad

	flat := []struct {
		name, file string
		rows       [][]string
		want       []string
		fails      bool
		hidden     []string // labels that must not be said either
	}{
		// X0: another person's group (a trafficker's, an informant's) is dropped, its columns
		// named by header; a group named by a child's name is withheld as a label
		{"other person's group", "register", rows(append(base, "Trafficker/Sex", "Informant/Phone", "Trafficker/Full name"), 12,
			func(i int) []string { return []string{"male", phone, name} }),
			[]string{"Trafficker"}, false, nil},
		// a group named by a child's name whose field clashes with the case's: refused naming
		// the column by its position ("#10" in the fix), never by its name (ColumnClashError)
		{"group named by a name", "register", rows(append(base, "Trafficker/Sex", name+"/age"), 12,
			func(i int) []string { return []string{"male", "12"} }),
			[]string{"field age"}, true, nil},
		// X4: a column named "Type" whose values are case types beside a status column: refused
		// naming the column, the rows by their count
		{"type case types", "register", rows(append(base, "Type", "Contact"), 12, func(i int) []string {
			return []string{[]string{"Trafficking", "Domestic violence"}[i%2], name + " " + phone}
		}), []string{`column "Type"`}, true, nil},
		// X6: dropped columns headed by a one-word name of another script or a Thai given name
		// in Latin letters: withheld; one-word headers of those scripts are named
		{"other scripts' one-word names", "register", rows(append(base, "Somchai", "张伟", "민준", "ሰላም", "Сергей"), 12,
			func(i int) []string { return []string{"yes", "no", "yes", "no", "yes"} }),
			[]string{"were dropped (their names are withheld"}, false, []string{"Somchai", "张伟", "민준", "ሰላም", "Сергей"}},
		{"other scripts' one-word headers", "register", rows(append(base, "Возраст", "年龄", "나이", "ዕድሜ", "อายุ", "អាយុ"), 12,
			func(i int) []string { return []string{"12", "12", "12", "12", "12", "12"} }),
			[]string{"Возраст", "年龄", "나이", "ዕድሜ", "อายุ", "អាយុ"}, false, nil},
	}
	for _, tc := range flat {
		for _, f := range []string{"csv", "json", "xlsx"} {
			t.Run(tc.name+"/"+f, func(t *testing.T) {
				in := writeInput(t, t.TempDir(), tc.file, f, tc.rows)
				text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
				if (err != nil) != tc.fails {
					t.Fatalf("error %v, want one: %v\n%s", err, tc.fails, text[:min(len(text), 3000)])
				}
				mustNotExpose(t, text, canaries...)
				mustNotExpose(t, text, tc.hidden...)
				for _, w := range tc.want {
					if !strings.Contains(text, w) {
						t.Errorf("%q not said: %s", w, text[max(0, len(text)-800):])
					}
				}
			})
		}
	}

	// X7: a sheet per year, the older with fewer columns: refused naming the sheets; the older
	// sheet named by a child's name is "sheet 2". X1: a repeat group's parent records' review
	// and remark columns judge its people; the remarks hold a name and a phone.
	type sheet struct {
		name string
		rows [][]any
	}
	books := []struct {
		name   string
		sheets []sheet
		sheet  string // the config's sheet:
		want   []string
		fails  bool
	}{
		{"year sheets", []sheet{
			{"Cases 2024", [][]any{{"case_id", "gender", "age", "registration_date", "province_of_exploitation", "type_of_exploitation", "Contact"},
				{"B1", "female", 14, "2024-02-01", "AF-HER", "forced labour", name}, {"B2", "male", 15, "2024-03-01", "AF-KAB", "sexual exploitation", phone}}},
			{name, [][]any{{"case_id", "gender", "age", "registration_date", "province_of_exploitation", "Contact"},
				{"A1", "female", 12, "2023-02-01", "AF-HER", name + " " + phone}, {"A2", "male", 13, "2023-03-01", "AF-KAB", phone}}},
		}, "", []string{"not certain to hold one row per case", "sheet 2", `"Cases 2024"`}, true},
		{"repeat join judged", []sheet{
			{"rescue_operation", [][]any{{"registration_date", "country_of_exploitation", "province_of_exploitation", "_validation_status", "remarks", "Deleted", "_id", "_index"},
				{"2022-03-01", "AF", "Herat", "Approved", name + " " + phone, "No", 501, 1},
				{"2022-04-02", "AF", "Kabul", "Not Approved", "", "No", 502, 2},
				{"2022-05-03", "AF", "Balkh", "Approved", "Test", "No", 503, 3},
				{"2022-06-04", "AF", "Herat", "Approved", phone, "Yes", 504, 4}}},
			{"victims", [][]any{{"gender", "age", "_index", "_parent_table_name", "_parent_index", "_submission__id"},
				{"female", 12, 1, "rescue_operation", 1, 501}, {"male", 13, 2, "rescue_operation", 1, 501},
				{"female", 15, 3, "rescue_operation", 2, 502}, {"male", 16, 4, "rescue_operation", 3, 503},
				{"male", 14, 5, "rescue_operation", 4, 504}}},
		}, "victims", []string{`"_validation_status", "remarks", "Deleted" judge the group's rows too`}, false},
	}
	for _, b := range books {
		t.Run(b.name, func(t *testing.T) {
			x := excelize.NewFile()
			defer x.Close()
			for i, sh := range b.sheets {
				if i == 0 {
					x.SetSheetName("Sheet1", sh.name)
				} else {
					x.NewSheet(sh.name)
				}
				for r, row := range sh.rows {
					x.SetSheetRow(sh.name, fmt.Sprintf("A%d", r+1), &row)
				}
			}
			p := filepath.Join(t.TempDir(), "book.xlsx")
			if err := x.SaveAs(p); err != nil {
				t.Fatal(err)
			}
			c := cfg
			if b.sheet != "" {
				c.Sources = []ingest.Mapping{{Sheet: b.sheet}}
			}
			text, err := exposed(t, []pipeline.Input{{Name: p}}, c, nil)
			if (err != nil) != b.fails {
				t.Fatalf("error %v, want one: %v\n%s", err, b.fails, text[:min(len(text), 3000)])
			}
			mustNotExpose(t, text, canaries...)
			for _, w := range b.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q not said: %s", w, text[max(0, len(text)-1500):])
				}
			}
		})
	}
}
