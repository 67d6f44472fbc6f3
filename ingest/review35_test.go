package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestStaffGroups35: session zo made the groups of social workers, counsellors, IOs, police,
// lawyers, rescuers, focal points and reporters another person's (attack-2026-12-06a A3), and
// with it their remarks no remark column ("IO/remarks" = Not a victim read) and their case
// numbers and dates dropped ("Police/fir_number", "Police/date_of_rescue"). They are whoever
// worked on the case: their sex and age theirs, their remarks, dates and numbers the case's.
func TestStaffGroups35(t *testing.T) {
	for _, c := range []string{"IO/remarks", "Police/Remarks", "Lawyer/remarks", "Rescuer/remarks", "Focal_point/remarks",
		"Reported_by/remarks", "Field_worker/comments", "Counsellor/notes", "Social_worker/Remarks", "Case_worker/Remarks"} {
		if !remarkNamed(c) {
			t.Errorf("%q: no remark column", c)
		}
		if why, ok := rejects(c, "Not a victim", remarkNamed(c)); !ok {
			t.Errorf("%q = Not a victim read (%s)", c, why)
		}
	}
	var m *Mapping
	for c, want := range map[string]string{
		"Police/fir_number": schema.PoliceReportNumber, "Police/date_of_rescue": schema.IdentifiedDate,
		"Social_worker/registration_date": schema.RegistrationDate, "Focal_point/registration_date": schema.RegistrationDate,
		"IO/registration_date": schema.RegistrationDate,
		// their person's questions stay theirs
		"IO/Sex": "", "Police/Sex": "", "Social_worker/Sex": "", "Counsellor/Age": "", "Reported_by/Sex": "", "Lawyer/age": "",
	} {
		if got := m.resolveColumn(c); got != want {
			t.Errorf("%q maps onto %q, want %q", c, got, want)
		}
	}
}

// TestAfterTime35: session zo's rule that a denial followed by "after" stands unless a release
// follows left out victims whose remark dates a time of no harm in other words.
func TestAfterTime35(t *testing.T) {
	for _, v := range []string{"Not a victim after moving to Kabul", "Not trafficked after 2019", "Not a victim after age 18",
		"Not a victim after marriage", "Not a victim after leaving the employer", "Not a victim after she left the brothel",
		"Not a victim after reaching home", "Not a victim after coming home", "Not a victim after reunion with family",
		"Not a victim after the raid", "Not a victim after placement in shelter", "Not a victim after 3 months in shelter",
		"Not a victim after finding a job", "Not a victim after return home"} {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"Not a victim after all", "Not a victim after home visit", "Not a victim after family tracing",
		"Not a victim after court hearing", "Not a victim after 2 interviews", "Not a victim after review",
		"Not a victim after fact-finding", "Not a victim after home study"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
}

// TestVoidMarks35: session zo's marks of a record not to count left out records whose remark
// tells of a field's error corrected, a medical test, a count of something else or an example of
// a form.
func TestVoidMarks35(t *testing.T) {
	for _, v := range []string{"Erroneous entry of age, corrected", "Erroneous entry corrected", "Erroneous data on age corrected",
		"Ignore entry of age", "For testing HIV, referred to clinic", "Do not count twice", "Do not count as re-trafficking",
		"Do not count age (estimated)", "Example case of debt bondage", "Mock case of forced labour",
		"Withdrawn", "Withdrawn from services", "Case withdrawn by complainant"} {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"Erroneous entry", "Ignore", "Ignore this record", "Placeholder", "For testing purposes",
		"Test only", "Do not count", "Do not count in statistics", "Do not count as new case", "Mock case", "Example record",
		"Record created in error", "Record withdrawn", "Entry withdrawn - duplicate"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
}

// TestNoExploitation35: "No exploitation" in a follow-up's notes is none since (a victim);
// a no-case finding first and a later harm ("Smuggling case, later trafficked") void each
// other as "Not a victim, later trafficked" does; "Voluntary migration, no exploitation" denies
// (attack-2026-12-06a A4's rest).
func TestNoExploitation35(t *testing.T) {
	for _, c := range []struct {
		col, v string
		out    bool
	}{
		{"Follow-up notes", "No exploitation", false},
		{"Monitoring notes", "No exploitation found", false},
		{"Remarks", "No exploitation", true},
		{"Remarks", "No exploitation found", true},
		{"Remarks", "Smuggling case, later trafficked", false},
		{"Remarks", "Unfounded - later confirmed as victim", false},
		{"Remarks", "Voluntary migration, no exploitation", true},
		{"Remarks", "Smuggled, no exploitation", true},
		{"Remarks", "Voluntary migration, exploited on arrival", false},
		{"Remarks", "Voluntary migration", false},
		{"Remarks", "Returned home, no exploitation", false},
	} {
		if why, out := rejects(c.col, c.v, remarkNamed(c.col)); out != c.out {
			t.Errorf("%s = %q: left out %v (%s), want %v", c.col, c.v, out, why, c.out)
		}
	}
}

// TestSheetNames35: a training centre's register and a final draft are the register's; an
// archive's or a copy's sheet beside the register's is refused (attack-2026-12-06a A5's rest).
func TestSheetNames35(t *testing.T) {
	for _, s := range []string{"Training centre cases", "Training_centre_register", "Cases 2024 (final draft)", "Vocational training"} {
		if w := discardedName(s); w != "" {
			t.Errorf("sheet %q set aside (%s)", s, w)
		}
	}
	for _, s := range []string{"Training", "Training cases", "Draft", "Draft cases", "cases_backup"} {
		if discardedName(s) == "" {
			t.Errorf("sheet %q read as cases", s)
		}
	}
	for _, s := range []string{"Archive", "Archived 2023", "Copy of Cases 2024", "Cases 2024 - Copy", "Cases 2024 (copy)"} {
		if asideName(s) == "" {
			t.Errorf("sheet %q not judged an archive or a copy", s)
		}
	}
	for _, s := range []string{"Cases 2024", "Copycat cases", "Archipelago"} {
		if w := asideName(s); w != "" {
			t.Errorf("sheet %q judged an archive or a copy (%s)", s, w)
		}
	}
	dir := t.TempDir()
	for _, name := range []string{"Archive", "Copy of Cases 2024"} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".xlsx")
		if err := os.WriteFile(p, buildWorkbook(t, []sheetRows{{"Cases 2024", casesRows("A", 12)}, {name, casesRows("B", 10)}}), 0o644); err != nil {
			t.Fatal(err)
		}
		if out := readAll(t, p, nil); !strings.Contains(out.Error, "an archive or a copy") {
			t.Errorf("second sheet %q: %q, %d rows (want refused)", name, out.Error, out.Rows)
		}
		if out := readAll(t, p, &Mapping{Sheet: "Cases 2024"}); out.Error != "" || out.Rows != 12 {
			t.Errorf("second sheet %q with sheet: Cases 2024: %q, %d rows", name, out.Error, out.Rows)
		}
	}
	p := filepath.Join(dir, "archive_alone.xlsx")
	if err := os.WriteFile(p, buildWorkbook(t, []sheetRows{{"Archive 2023", casesRows("A", 12)}}), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := readAll(t, p, nil); out.Error != "" || out.Rows != 12 {
		t.Errorf("a workbook of one sheet named Archive: %q, %d rows (want read)", out.Error, out.Rows)
	}
}

// TestGendersHeaders35: Dari/Persian and Vietnamese gender words (attack-2026-12-06a L3) and
// the province of exploitation in other words (L4); "Destination province" is not one.
func TestGendersHeaders35(t *testing.T) {
	for v, want := range map[string]string{"زن": "female", "دختر": "female", "مرد": "male", "پسر": "male", "Nam": "male", "Nữ": "female", "Nu": "female"} {
		if g, err := normGender(v); err != nil || g != want {
			t.Errorf("gender %q: %q, %v (want %s)", v, g, err, want)
		}
	}
	var m *Mapping
	for c, want := range map[string]string{"Exploitation province": schema.ProvinceOfExploitation,
		"Province where exploited": schema.ProvinceOfExploitation, "Province (exploitation)": schema.ProvinceOfExploitation,
		"Destination province": ""} {
		if got := m.resolveColumn(c); got != want {
			t.Errorf("%q maps onto %q, want %q", c, got, want)
		}
	}
}

// TestFolderAside35: a folder's file under "archive/" or "backup/", or named as an archive or a
// copy ("Copy of cases.csv"), is refused with the way out (attack-2026-12-06a A5's rest); the
// same file named in the config, or right in the folder under a plain name, is read.
func TestFolderAside35(t *testing.T) {
	const csv = "case_id,gender,age,country_of_exploitation,province_of_exploitation,registration_date\n" +
		"C1,female,12,IN,West Bengal,2024-03-01\nC2,male,14,IN,West Bengal,2024-03-02\n"
	read := func(name, sub string, m *Mapping) error {
		r := NewReader(name, strings.NewReader(csv))
		r.DefaultSource, r.Now, r.InFolder, r.Subfolders, r.Mapping = "input", testNow, true, sub, m
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			rec.Release()
		}
	}
	for _, c := range [][2]string{{"in/archive/old.csv", "archive"}, {"in/2023/Backup/cases.csv", "2023/Backup"},
		{"in/Copy of cases.csv", ""}, {"in/archive_2023.csv", ""}, {"in/old - do not use/cases.csv", "old - do not use"}} {
		if err := read(c[0], c[1], nil); err == nil || !errors.Is(err, ErrNotCases) {
			t.Errorf("%s: %v (want refused)", c[0], err)
		}
	}
	for _, c := range [][2]string{{"in/cases.csv", ""}, {"in/2024/cases.csv", "2024"}, {"in/Training centre/cases.csv", "Training centre"}} {
		if err := read(c[0], c[1], nil); err != nil {
			t.Errorf("%s: %v (want read)", c[0], err)
		}
	}
	if err := read("in/archive/old.csv", "archive", &Mapping{Match: "archive/old.csv"}); err != nil {
		t.Errorf("archive/old.csv named in the config: %v (want read)", err)
	}
}
