package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/release"
)

// TestKoboWorkbookSheets (attack-2026-11-30e finding 1): a KoboToolbox export's repeat-group
// sheet (three household members per intake) and a "Lists" sheet headed "Sex" are no victims.
// The run reads the 40 intakes alone; a notice names the sheet read with its rows and each
// sheet skipped with why; the manifest records the skipped sheets, and its counts add up. With
// sheet: in the config, the other sheets are recorded as skipped too.
func TestKoboWorkbookSheets(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "victim_intake")
	x.SetSheetRow("victim_intake", "A1", &[]any{"start", "intake_no", "gender", "age", "registration_date", "country_of_exploitation",
		"province_of_exploitation", "type_of_exploitation", "_id", "_uuid", "_index"})
	x.NewSheet("household_members")
	x.SetSheetRow("household_members", "A1", &[]any{"member_relation", "gender", "age", "_index", "_parent_table_name", "_parent_index", "_submission__id"})
	n := 2
	for i := range 40 {
		x.SetSheetRow("victim_intake", fmt.Sprintf("A%d", i+2), &[]any{"2022-03-01T10:00:00", fmt.Sprintf("K%03d", i), []string{"female", "male"}[i%2], 15,
			fmt.Sprintf("2022-03-%02d", i%28+1), "AF", "Herat", "forced labour", 5000 + i, fmt.Sprintf("uuid-%d", i), i + 1})
		for j := range 3 {
			x.SetSheetRow("household_members", fmt.Sprintf("A%d", n), &[]any{[]string{"mother", "father", "sister"}[j], []string{"female", "male", "female"}[j], 30 + j, n - 1, "victim_intake", i + 1, 5000 + i})
			n++
		}
	}
	x.NewSheet("Lists")
	x.SetSheetRow("Lists", "A1", &[]any{"Sex"})
	for i, v := range []string{"female", "male", "other"} {
		x.SetSheetRow("Lists", fmt.Sprintf("A%d", i+2), &[]any{v})
	}
	work := t.TempDir()
	in := filepath.Join(work, "kobo.xlsx")
	if err := x.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	run := func(out string, args ...string) (*release.Manifest, string) {
		t.Helper()
		code, stdout, stderr := prevalence(t, append([]string{"run", "--input", in, "--out", out, "--k", "2"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
		m, err := release.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		in := m.Inputs[0]
		if in.Rows != 40 || m.Counts.Read != 40 || in.Written+in.Suppressed+in.Quarantined+in.Duplicates != in.Rows {
			t.Errorf("read %d rows (input %+v), want the 40 intakes, written + suppressed + quarantined + duplicates = rows", m.Counts.Read, in)
		}
		return m, stderr
	}

	m, stderr := run(filepath.Join(work, "rel"))
	for _, want := range []string{
		`kobo.xlsx: read sheet "victim_intake" of the workbook's 3 (40 rows)`,
		`kobo.xlsx: sheet "household_members" skipped: a form's repeat group`,
		`kobo.xlsx: sheet "Lists" skipped: its columns map onto fewer fields`,
		// The summary line counts them (attack-2026-12-03a finding 7b).
		`read 40 rows from 1 input(s) (2 sheets of workbooks skipped, 125 non-blank rows with their headers: the notices say why)`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no notice %q in:\n%s", want, stderr)
		}
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, `read sheet "victim_intake"`) }) {
		t.Errorf("the manifest's notices do not name the sheet read: %q", m.Notices)
	}
	sk := m.Inputs[0].SkippedSheets
	if len(sk) != 2 || sk[0].Sheet != "household_members" || sk[0].Rows != 121 || !strings.HasPrefix(sk[0].Reason, "a form's repeat group") ||
		sk[1].Sheet != "Lists" || sk[1].Rows != 4 {
		t.Errorf("skipped sheets %+v: want household_members (121 rows, a repeat group) and Lists (4 rows)", sk)
	}

	cfg := filepath.Join(work, "prevalence.yaml")
	if err := os.WriteFile(cfg, []byte("sources:\n  - match: \"kobo*.xlsx\"\n    sheet: victim_intake\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, _ = run(filepath.Join(work, "rel2"), "--config", cfg)
	sk = m.Inputs[0].SkippedSheets
	want := "[{household_members 121 not the sheet the config names} {Lists 4 not the sheet the config names}]"
	if fmt.Sprint(sk) != want {
		t.Errorf("with sheet:, skipped sheets %v, want %s", sk, want)
	}
}

// TestODKFolderRepeatCSV (attack-2026-12-01 finding 2): ODK Central's "Download all data" (and
// Briefcase) writes one CSV per repeat group beside the main one, its rows tied to the main
// CSV's by PARENT_KEY. A folder of both reads the 40 intakes, not 160 "victims": the repeat
// group's CSV is skipped with a notice and recorded in the manifest with its rows and reason.
func TestODKFolderRepeatCSV(t *testing.T) {
	work := t.TempDir()
	dir := filepath.Join(work, "export")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var main, rep strings.Builder
	main.WriteString("SubmissionDate,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation,meta-instanceID,KEY,SubmitterID\n")
	rep.WriteString("member_relation,gender,age,PARENT_KEY,KEY,SET-OF-household_members\n")
	for i := range 40 {
		key := fmt.Sprintf("uuid:%04d", i)
		fmt.Fprintf(&main, "2022-03-01T10:00:00.000Z,%s,15,2022-03-%02d,AF,Herat,forced labour,%s,%s,7\n", []string{"female", "male"}[i%2], i%28+1, key, key)
		for j := range 3 {
			fmt.Fprintf(&rep, "%s,%s,%d,%s,%s/household_members[%d],%s/household_members\n",
				[]string{"mother", "father", "sister"}[j], []string{"female", "male", "female"}[j], 30+j, key, key, j+1, key)
		}
	}
	for name, body := range map[string]string{"victim_intake.csv": main.String(), "victim_intake-household_members.csv": rep.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := prevalence(t, "run", "--input", dir, "--out", filepath.Join(work, "rel"), "--k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	m, err := release.ReadManifest(filepath.Join(work, "rel"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Read != 40 {
		t.Errorf("read %d rows, want the 40 intakes", m.Counts.Read)
	}
	var skipped *release.SkippedSheet
	for _, in := range m.Inputs {
		if strings.HasSuffix(in.Path, "household_members.csv") {
			skipped = in.Skipped
			if in.Rows != 0 {
				t.Errorf("the repeat group's CSV gave %d rows", in.Rows)
			}
		}
	}
	if skipped == nil || skipped.Rows != 121 || !strings.HasPrefix(skipped.Reason, "a form's repeat group") {
		t.Errorf("the repeat group's CSV is not recorded as skipped with its 121 rows: %+v", skipped)
	}
	if want := `victim_intake-household_members.csv: skipped: a form's repeat group (its column "PARENT_KEY"`; !strings.Contains(stderr, want) {
		t.Errorf("no notice %q in:\n%s", want, stderr)
	}
	// Named exactly in the config, its rows are read (the user says they are the cases).
	cfg := filepath.Join(work, "prevalence.yaml")
	if err := os.WriteFile(cfg, []byte("sources:\n  - match: \"victim_intake-household_members.csv\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = prevalence(t, "run", "--input", filepath.Join(dir, "victim_intake-household_members.csv"), "--config", cfg, "--out", filepath.Join(work, "rel2"), "--k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	if m, err = release.ReadManifest(filepath.Join(work, "rel2")); err != nil || m.Counts.Read != 120 {
		t.Errorf("named in the config: read %v rows (%v), want 120", m.Counts.Read, err)
	}
}

// TestSheetDefaultsPerGender (ingest-exactness9's Left, attack-2026-12-02a finding 11): a
// register with a sheet per gender and no gender column. Without a config the notice names the
// sheets and the fix, sheet_defaults:; with it, each sheet's cases are counted as boys or girls.
func TestSheetDefaultsPerGender(t *testing.T) {
	sheetPerValue(t, sheetCase{
		sheets: []string{"Boys", "Girls"}, n: 25,
		header: []any{"case_id", "age", "registration_date", "country_of_exploitation", "province_of_exploitation"},
		row: func(sh string, i int) []any {
			return []any{fmt.Sprintf("%c%d", sh[0], i), 12 + i%5, fmt.Sprintf("2024-03-%02d", i+1), "AF", "Herat"}
		},
		notice:   `its sheets "Boys", "Girls" are named for a gender, which is not read from a sheet's name: give each sheet's gender in its sources: entry (sheet_defaults: {"Boys": {gender: male}}`,
		noNotice: "no row records a gender",
		defaults: "{Boys: {gender: male}, Girls: {gender: female}}",
		table:    "cases-by-province-and-gender.csv",
		rows:     []string{"AF,Afghanistan,AF-HER,Herat,50,,25,,25,,0,"}, // 25 girls, 25 boys
	})
}

// TestSheetPerProvinceNotice (attack-2026-12-02c, lows): a register of a sheet per province
// and no province column counts every case under no province; the notice names the sheets and
// the fix, and with sheet_defaults the provinces are counted.
func TestSheetPerProvinceNotice(t *testing.T) {
	sheetPerValue(t, sheetCase{
		sheets: []string{"Herat", "Khost"}, n: 30,
		header: []any{"case_id", "gender", "age", "registration_date", "country_of_exploitation"},
		row: func(sh string, i int) []any {
			return []any{fmt.Sprintf("%c%d", sh[0], i), "male", 12 + i%5, fmt.Sprintf("2024-03-%02d", i%28+1), "AF"}
		},
		notice:   `no row records a province of exploitation, and its sheets "Herat", "Khost" are named for a province, which is not read from a sheet's name: the cases are counted under no province; give each sheet's province in its sources: entry (sheet_defaults: {"#1": {province_of_exploitation: AF-HER}, "#2": {province_of_exploitation: AF-KHO}}, each sheet by its position in the workbook)`,
		noNotice: "no row records a province",
		defaults: "{Herat: {province_of_exploitation: AF-HER}, Khost: {province_of_exploitation: AF-KHO}}",
		table:    "cases-by-province-and-gender.csv",
		rows:     []string{"AF-HER,Herat,30", "AF-KHO,Khost,30"},
	})
}

// TestSheetPerProvinceNoticeNames (attack-2026-12-02d, lows): sheets named for a province in
// the workbook's own spelling ("Herat province", "KHOST " with a trailing space): the notice's
// fix gives each sheet by its position, which the run then reads.
func TestSheetPerProvinceNoticeNames(t *testing.T) {
	sheetPerValue(t, sheetCase{
		sheets: []string{"Herat province", "KHOST "}, n: 30,
		header: []any{"case_id", "gender", "age", "registration_date", "country_of_exploitation"},
		row: func(sh string, i int) []any {
			return []any{fmt.Sprintf("%c%d", sh[0], i), "male", 12 + i%5, fmt.Sprintf("2024-03-%02d", i%28+1), "AF"}
		},
		notice:   `(sheet_defaults: {"#1": {province_of_exploitation: AF-HER}, "#2": {province_of_exploitation: AF-KHO}}, each sheet by its position in the workbook)`,
		noNotice: "no row records a province",
		defaults: `{"#1": {province_of_exploitation: AF-HER}, "#2": {province_of_exploitation: AF-KHO}}`,
		table:    "cases-by-province-and-gender.csv",
		rows:     []string{"AF-HER,Herat,30", "AF-KHO,Khost,30"},
	})
}

// sheetCase is a workbook of a sheet per value of a field its rows do not record: the notice
// the run gives without a config, and the table rows it gives with sheet_defaults.
type sheetCase struct {
	sheets           []string
	n                int // cases a sheet
	header           []any
	row              func(sheet string, i int) []any // the sheet's i-th case, i < n
	notice, noNotice string                          // with no config: notice given; with defaults: noNotice not given
	defaults         string                          // the sources: entry's sheet_defaults value
	table            string
	rows             []string // prefixes of rows the table must hold with defaults
}

func sheetPerValue(t *testing.T, c sheetCase) {
	t.Helper()
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", c.sheets[0])
	for _, sh := range c.sheets[1:] {
		x.NewSheet(sh)
	}
	for _, sh := range c.sheets {
		x.SetSheetRow(sh, "A1", &c.header)
		for i := range c.n {
			r := c.row(sh, i)
			x.SetSheetRow(sh, fmt.Sprintf("A%d", i+2), &r)
		}
	}
	work := t.TempDir()
	in := filepath.Join(work, "register.xlsx")
	if err := x.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	run := func(out string, args ...string) string {
		t.Helper()
		code, stdout, stderr := prevalence(t, append([]string{"run", "--input", in, "--out", out, "--k", "2"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s%s", code, stdout, stderr)
		}
		return stderr
	}
	if stderr := run(filepath.Join(work, "rel")); !strings.Contains(stderr, c.notice) {
		t.Errorf("no notice %q in:\n%s", c.notice, stderr)
	}
	conf := filepath.Join(work, "register.yaml")
	if err := os.WriteFile(conf, []byte("sources:\n  - match: register.xlsx\n    source: Register\n    sheet_defaults: "+c.defaults+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "rel2")
	if stderr := run(out, "--config", conf); strings.Contains(stderr, c.noNotice) {
		t.Errorf("with sheet_defaults, still the notice %q:\n%s", c.noNotice, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "tables", c.table))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range c.rows {
		if !strings.Contains(string(b), want) {
			t.Errorf("no row %q in %s:\n%s", want, c.table, b)
		}
	}
}
