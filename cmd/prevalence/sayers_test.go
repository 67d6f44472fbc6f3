package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/release"
)

// TestSayersSettledToldEndToEnd (ing46): two sayers who disagree whether the person is a
// victim are settled by the organisation's own staff's word (ing45), and told both ways: the
// rows read ("Staff say victim; police say not a victim") in a notice naming the file and the
// column with their count, the rows out ("Police say victim; staff say not a victim") in
// quarantine.csv and the run's notice under a reason of their own. No remark is written.
func TestSayersSettledToldEndToEnd(t *testing.T) {
	const readV, outV = "El equipo dice víctima; la policía dice no es víctima", "La policía dice víctima; el equipo dice que no es víctima"
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,type_of_exploitation,Remarks\n")
	for i := 1; i <= 40; i++ {
		remark := ""
		switch i % 4 {
		case 1:
			remark = `"` + readV + `"`
		case 2:
			remark = `"` + outV + `"`
		}
		fmt.Fprintf(&b, "C%05d,%s,%d,2024-03-%02d,AF,labour,%s\n", i, []string{"male", "female"}[i%2], 10+i%3, 1+i%28, remark)
	}
	work := t.TempDir()
	in := filepath.Join(work, "register.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "rel")
	code, stdout, stderr := prevalence(t, "run", "--input", in, "--out", out, "--k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	m, err := release.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Counts; c.Read != 40 || c.Quarantined != 10 || !c.Balanced() {
		t.Errorf("counts %+v: want 40 read, 10 quarantined (the staff's denials), balanced", c)
	}
	const told = `register.csv: 10 rows were read whose remark in column "Remarks" says that two sayers disagree whether the person is a victim`
	if !slices.ContainsFunc(m.Notices, func(s string) bool { return strings.Contains(s, told) }) {
		t.Errorf("no notice %q in:\n%s", told, strings.Join(m.Notices, "\n"))
	}
	const settled = "says that two sayers disagree whether the person is a victim of trafficking and the organisation's own staff say not"
	if !slices.ContainsFunc(m.Notices, func(s string) bool {
		return strings.Contains(s, `10 × `) && strings.Contains(s, `register.csv column "Remarks"`) && strings.Contains(s, settled)
	}) {
		t.Errorf("no notice of the 10 rows quarantined %q in:\n%s", settled, strings.Join(m.Notices, "\n"))
	}
	f, err := os.Open(filepath.Join(out, "quarantine.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs[1:] {
		if r[2] == "Remarks" && strings.Contains(r[len(r)-1], settled) {
			n++
		}
	}
	if n != 10 || len(recs) != 11 {
		t.Errorf("quarantine.csv: %d rows, %d of them the settled disagreement; want 10 of 10", len(recs)-1, n)
	}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && (strings.Contains(string(data), "policía") || strings.Contains(string(data), "equipo dice")) {
			t.Errorf("%s holds a remark's words", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStrictNamesPersonRow (ing45's Left): in strict mode, a KoboToolbox repeat group's person
// refused through its record's row (the record's row hidden) is named at its own row too, as
// quarantine.csv names it: "rescue_operation!3 (row victims!4)"; on main the refusal named the
// record's row only, the same for each of its persons.
func TestStrictNamesPersonRow(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "rescue_operation")
	x.SetSheetRow("rescue_operation", "A1", &[]any{"start", "end", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_index"})
	x.NewSheet("victims")
	x.SetSheetRow("victims", "A1", &[]any{"registration_date", "country_of_exploitation", "province_of_exploitation", "gender", "age",
		"_index", "_parent_table_name", "_parent_index", "_submission__id"})
	const subs = 20
	n := 0
	for i := range subs {
		x.SetSheetRow("rescue_operation", fmt.Sprintf("A%d", i+2), &[]any{"2022-03-01T10:00:00", "2022-03-01T10:20:00", 500 + i,
			fmt.Sprintf("uuid-%d", i), "2022-03-02T10:00:00", "", "", i + 1})
		for j := range 2 {
			n++
			x.SetSheetRow("victims", fmt.Sprintf("A%d", n+1), &[]any{fmt.Sprintf("2022-03-%02d", i%28+1), "AF", "Herat",
				[]string{"female", "male"}[j], 12 + j, n, "rescue_operation", i + 1, 500 + i})
		}
	}
	// the second record's row hidden (a filter): its two persons, victims!4 and victims!5
	if err := x.SetRowVisible("rescue_operation", 3, false); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	in := filepath.Join(work, "kobo.xlsx")
	if err := x.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(work, "prevalence.yaml")
	if err := os.WriteFile(cfg, []byte("sources:\n  - match: \"kobo*.xlsx\"\n    sheet: victims\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := prevalence(t, "run", "--input", in, "--config", cfg, "--out", filepath.Join(work, "rel"), "--k", "2", "--strict")
	const want = "kobo.xlsx:rescue_operation!3 (row victims!4): "
	if code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want a refusal naming %q", code, stderr, want)
	}
	if strings.Contains(stdout+stderr, "uuid-1") {
		t.Errorf("the refusal holds a value: %s%s", stdout, stderr)
	}
}
