package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/pipeline"
)

// TestKoboRepeatCentreGaps: a KoboToolbox workbook whose children are a repeat group under
// rescue operations (ing30's join, attack-2026-12-05b U7) takes each child's date, province and
// forms from its operation, never the operation's informant's gender and age. Its programme
// ranking must read as the same children given one row each: the published tables, the
// centre-gap ranking and the reports' tables are the flat export's, byte for byte, and a group's
// cases are the children's own (a wrong join, the informant's gender or age, or a child left
// without its province, would move them).
func TestKoboRepeatCentreGaps(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 1,200 cases")
	}
	dir := t.TempDir()
	xlDir, flatDir := filepath.Join(dir, "xl"), filepath.Join(dir, "flat")
	for _, d := range []string{xlDir, flatDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	provs := []string{"Herat", "Nangarhar", "Khost", "Kabul"}
	forms := []string{"forced labour", "sexual exploitation", "forced marriage", "forced labour;sexual exploitation"}
	x := excelize.NewFile()
	const parent, group = "Operation register", "group_victims"
	if err := x.SetSheetName("Sheet1", parent); err != nil {
		t.Fatal(err)
	}
	if _, err := x.NewSheet(group); err != nil {
		t.Fatal(err)
	}
	set := func(sheet string, row int, vals ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := x.SetSheetRow(sheet, cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	set(parent, 1, "start", "registration_date", "country_of_exploitation", "province_of_exploitation", "type_of_exploitation", "gender", "age", "_id", "_uuid", "_index")
	set(group, 1, "gender", "age", "_index", "_parent_table_name", "_parent_index", "_submission__id")
	var flat bytes.Buffer
	w := csv.NewWriter(&flat)
	w.Write([]string{"case_id", "registration_date", "country_of_exploitation", "province_of_exploitation", "type_of_exploitation", "gender", "age"})
	girls := map[string]int{} // the truth: girls (under 18) per province
	child := 0
	for op := 1; op <= 480; op++ {
		prov := provs[rng.IntN(len(provs))]
		d := fmt.Sprintf("%d-%02d-%02d", 2019+rng.IntN(7), 1+rng.IntN(12), 1+rng.IntN(28))
		form := forms[rng.IntN(len(forms))]
		// The operation's own person fields are its informant's: an adult man.
		set(parent, op+1, d+"T10:00:00", d, "AF", prov, form, "male", 30+rng.IntN(30), 500+op, "u-"+strconv.Itoa(op), op)
		for range 1 + rng.IntN(4) {
			child++
			gender, age := []string{"female", "male"}[rng.IntN(2)], 8+rng.IntN(10)
			if gender == "female" {
				girls[prov]++
			}
			set(group, child+1, gender, age, child, parent, op, 500+op)
			w.Write([]string{fmt.Sprintf("C%05d", child), d, "AF", prov, form, gender, strconv.Itoa(age)})
		}
	}
	w.Flush()
	if err := x.SaveAs(filepath.Join(xlDir, "kobo.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(flatDir, "flat.csv"), flat.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	const centres = `k: 5
centres:
  - {name: "Herat Boys' Centre", province: AF-HER, capacity: 30, ages: 9-17, genders: male}
  - {name: "Khost Children's Shelter", province: AF-KHO, capacity: 15, ages: 0-17, genders: [female, male]}
  - {name: "Kabul Women's Shelter", province: AF-KAB, capacity: 13, ages: 18+, genders: female}
sources:
`
	run := func(in, source string) string {
		cfg, err := pipeline.ParseConfig("kobo", []byte(centres+source))
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "rel-"+filepath.Base(filepath.Dir(in)))
		m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Read != child || m.Counts.Quarantined != 0 {
			t.Fatalf("%s: %+v, want %d rows read, none quarantined", in, m.Counts, child)
		}
		return out
	}
	xl := run(filepath.Join(xlDir, "kobo.xlsx"), `  - {match: "kobo.xlsx", source: "Org K", sheet: group_victims}`)
	fl := run(filepath.Join(flatDir, "flat.csv"), `  - {match: "flat.csv", source: "Org K"}`)
	for _, rel := range []string{"tables/cases-by-province-and-gender.csv", "tables/girls-by-province.csv", "tables/boys-by-province.csv",
		"tables/cases-by-province-and-year.csv", "tables/exploitation-by-age.csv", "tables/minors-by-form-and-gender.csv",
		"reports/tables/centre-gaps.csv"} {
		a, errA := os.ReadFile(filepath.Join(xl, rel))
		b, errB := os.ReadFile(filepath.Join(fl, rel))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v, %v", rel, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s of the Kobo workbook differs from the flat export's:\n%s\nflat:\n%s", rel, a, b)
		}
	}
	gaps := centreGapRows(t, filepath.Join(xl, "reports", "tables", "centre-gaps.csv"))
	for prov, code := range map[string]string{"Herat": "AF-HER", "Kabul": "AF-KAB"} {
		g := gaps[code+"/female/minor"]
		if g == nil || g["recent_cases"] != strconv.Itoa(girls[prov]) {
			t.Errorf("%s's girls in the ranking: %v, want the %d girls of its operations", prov, g, girls[prov])
		}
	}
}
