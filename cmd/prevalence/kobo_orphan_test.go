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

// TestKoboOrphanJudgedEndToEnd (ing44, the coordinator's zx change): a KoboToolbox workbook
// whose repeat group of persons records the case's date, country and province itself, named
// with sheet:, is joined to its parent sheet for the parent's review and notes (ing43). A
// person whose _parent_index names no parent row is quarantined. End to end: quarantine.csv
// puts each at its own row of the group with errRepeatNoParentJudged's reason (the record's
// review is not known, not its date or place, which are on the row), the run's notice gives
// the fix (an unfiltered export), a person of a record noted "Not a victim" is quarantined at
// the parent's row and column and named at its own row ("rescue_operation!2 (row victims!3)":
// ing45), no value is written, and the manifest's counts add up.
func TestKoboOrphanJudgedEndToEnd(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "rescue_operation")
	x.SetSheetRow("rescue_operation", "A1", &[]any{"start", "end", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_index"})
	x.NewSheet("victims")
	x.SetSheetRow("victims", "A1", &[]any{"registration_date", "country_of_exploitation", "province_of_exploitation", "gender", "age",
		"_index", "_parent_table_name", "_parent_index", "_submission__id"})
	const subs, orphans = 20, 3
	for i := range subs {
		notes := ""
		if i == 0 {
			notes = "Not a victim"
		}
		x.SetSheetRow("rescue_operation", fmt.Sprintf("A%d", i+2), &[]any{"2022-03-01T10:00:00", "2022-03-01T10:20:00", 500 + i,
			fmt.Sprintf("uuid-%d", i), "2022-03-02T10:00:00", "", notes, i + 1})
	}
	// two persons a submission (sheet rows 2-41), then three (rows 42-44) whose parent rows
	// (_index 91-93) are not in the export
	n := 0
	for i := range subs + orphans {
		parent, id, persons := i+1, 500+i, 2
		if i >= subs {
			parent, id, persons = 91+i-subs, 591+i-subs, 1
		}
		for j := range persons {
			n++
			x.SetSheetRow("victims", fmt.Sprintf("A%d", n+1), &[]any{fmt.Sprintf("2022-03-%02d", i%28+1), "AF", "Herat",
				[]string{"female", "male"}[j], 12 + j, n, "rescue_operation", parent, id})
		}
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
	out := filepath.Join(work, "rel")
	code, stdout, stderr := prevalence(t, "run", "--input", in, "--config", cfg, "--out", out, "--k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	m, err := release.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Counts; c.Read != 43 || c.Written != 38 || c.Quarantined != 5 || !c.Balanced() {
		t.Errorf("counts %+v: want 43 read, 38 written, 5 quarantined (3 without their record, 2 of the record noted not a victim)", c)
	}
	const orphan = "a row of a form's repeat group whose parent record (its _parent_index, _submission__id or PARENT_KEY) is on no row of the parent sheet: " +
		"the record's review, remarks and marks, which judge its people, are not known"
	const fix = "[fix: export the form's records and its repeat group together, unfiltered"
	if !slices.ContainsFunc(m.Notices, func(s string) bool {
		return strings.Contains(s, "3 × ") && strings.Contains(s, orphan+" "+fix)
	}) {
		t.Errorf("no notice of the 3 rows quarantined with %q and its fix %q in:\n%s", orphan, fix, strings.Join(m.Notices, "\n"))
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
	var got []string
	for _, r := range recs[1:] {
		got = append(got, strings.Join(r[1:], "|"))
	}
	const notVictim = "a record whose remark column (Notes, Remarks, Comments) says in a few words that the person is not a victim of trafficking " +
		"(Not a victim, Screened: not a victim, Screened out, Rejected): not a case"
	want := []string{
		// at the record's row and column, and each person's own row (ing45: on main two identical lines)
		"rescue_operation!2 (row victims!2)|_notes||" + notVictim, "rescue_operation!2 (row victims!3)|_notes||" + notVictim,
		"victims!42|(whole row)||" + orphan, "victims!43|(whole row)||" + orphan, "victims!44|(whole row)||" + orphan,
	}
	if !slices.Equal(got, want) {
		t.Errorf("quarantine.csv's rows (line|column|field|reason):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// no value of the rows quarantined (their ids, their record's uuid, the note) is written
	b, _ := os.ReadFile(filepath.Join(out, "quarantine.csv"))
	for _, v := range []string{"591", "593", "uuid-", "Herat,", "Not a victim\n"} {
		if strings.Contains(string(b), v) {
			t.Errorf("quarantine.csv holds the value %q", v)
		}
	}
}
