package pipeline_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/pipeline"
)

// TestZmWordsNoValues (privacy-side-doors32): session zm's refusals and notices name no value:
// a dropped column headed by a Vietnamese family name ("Nguyễn", attack-2026-12-05f Y5) is
// withheld alone while the Russian and Chinese headers beside it are named, in the notice
// and the manifest; a role column with no victim ("names another person of the case ... in N
// rows"), a group's remark column and a group's case-type column under a group named by a
// child ("Zarmina/role", "Nguyễn/remarks", "Zarmina/Case type") name the column by position;
// a workbook whose people's group is named for suspects under a child's name withholds the
// group's name. The cells hold a child's name and a phone; everything the run said or wrote is
// searched for them.
func TestZmWordsNoValues(t *testing.T) {
	const name, phone = "Zarmina Canaryzi", "0799 123 456"
	canaries := []string{"Canaryzi", "Zarmina", "Nguyễn", "0799 123", "123 456"}
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
		name  string
		rows  [][]string
		want  []string
		fails bool
	}{
		// Y5: "Nguyễn" withheld alone; "Возраст" and "年龄" named (notice and manifest)
		{"family name beside other scripts' headers", rows(append(base, "Nguyễn", "Возраст", "年龄"), 12,
			func(i int) []string { return []string{name, "12", "12"} }),
			[]string{"1 column maps onto no field and was dropped (its name is withheld", `column "Возраст" maps onto no field`,
				`column "年龄" maps onto no field`, `"Возраст"`}, false},
		// a role column under a child's name as its group, naming others and no victim: refused
		{"role of others, no victim", rows(append(base, "Zarmina/role", "Contact"), 12,
			func(i int) []string { return []string{[]string{"Victim's child", ""}[i%2], name + " " + phone} }),
			[]string{"names another person of the case", "(its name withheld)"}, true},
		// a group's case-type column under a child's name beside a status: refused by position
		{"group case type", rows(append(base, "Zarmina/Case type", "Contact"), 12,
			func(i int) []string {
				return []string{[]string{"Trafficking", "Domestic violence"}[i%2], name + " " + phone}
			}),
			[]string{"(its name withheld)"}, true},
		// a group's remark column under a family name: its denials judged, the column unnamed
		{"group remark", rows(append(base, "Nguyễn/remarks"), 12,
			func(i int) []string { return []string{[]string{"Not a victim", name + " " + phone}[i%2]} }),
			nil, false},
	}
	for _, tc := range flat {
		for _, f := range []string{"csv", "json", "xlsx"} {
			t.Run(tc.name+"/"+f, func(t *testing.T) {
				in := writeInput(t, t.TempDir(), "register", f, tc.rows)
				text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
				if (err != nil) != tc.fails {
					t.Fatalf("error %v, want one: %v\n%s", err, tc.fails, text[:min(len(text), 3000)])
				}
				mustNotExpose(t, text, canaries...)
				for _, w := range tc.want {
					if !strings.Contains(text, w) {
						t.Errorf("%q not said: %s", w, text[max(0, len(text)-800):])
					}
				}
			})
		}
	}

	// A Kobo workbook whose only group of people is named for suspects, under a child's name:
	// refused (xlsx.go otherPeopleGroup), the group's name withheld.
	t.Run("suspects' group under a name", func(t *testing.T) {
		x := excelize.NewFile()
		defer x.Close()
		x.SetSheetName("Sheet1", "rescue_operation")
		x.NewSheet("suspects")
		parent := [][]any{{"operation/registration_date", "operation/country_of_exploitation", "operation/province_of_exploitation", "_validation_status", "remarks", "_id", "_uuid", "_index"}}
		child := [][]any{{"Zarmina/suspects/gender", "Zarmina/suspects/age", "_index", "_parent_table_name", "_parent_index", "_submission__id"}}
		for i := range 6 {
			parent = append(parent, []any{"2022-03-01", "AF", "AF-HER", "Approved", name + " " + phone, 500 + i, fmt.Sprintf("u-%d", i), i + 1})
			child = append(child, []any{"male", 30 + i, i + 1, "rescue_operation", i + 1, 500 + i})
		}
		for sh, rs := range map[string][][]any{"rescue_operation": parent, "suspects": child} {
			for r, row := range rs {
				x.SetSheetRow(sh, fmt.Sprintf("A%d", r+1), &row)
			}
		}
		p := filepath.Join(t.TempDir(), "book.xlsx")
		if err := x.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		text, err := exposed(t, []pipeline.Input{{Name: p}}, cfg, nil)
		if err == nil {
			t.Fatalf("no error, want a refusal:\n%s", text[:min(len(text), 3000)])
		}
		mustNotExpose(t, text, canaries...)
		if !strings.Contains(text, "named for other persons of the case: its name withheld") {
			t.Errorf("refusal does not withhold the group's name: %s", text[max(0, len(text)-1500):])
		}
	})
}
