package ingest

import (
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestProfessionalGroups36: session zp made the groups of doctors, psychologists, prosecutors,
// judges, investigators and such another person's (attack-2026-12-06b B3), and with it their
// remarks no remark column ("Doctor/remarks" = Not a victim read) and their dates dropped
// ("Inspector/date_of_rescue"), as zo's police and lawyers were (ing35's TestStaffGroups35).
// They examine, judge or defend the person: their sex and age theirs, their remarks and dates
// the case's. Teachers', employers', friends' groups stay another person's.
func TestProfessionalGroups36(t *testing.T) {
	for _, c := range []string{"Doctor/remarks", "Psychologist/remarks", "Prosecutor/remarks", "Investigator/remarks",
		"Judge/remarks", "Inspector/notes", "Advocate/comments", "Nurse/remarks", "Escort/remarks", "Medico/observaciones",
		"Psychologist/findings"} {
		if !remarkNamed(c) {
			t.Errorf("%q: no remark column", c)
		}
		if why, ok := rejects(c, "Not a victim", remarkNamed(c)); !ok {
			t.Errorf("%q = Not a victim read (%s)", c, why)
		}
	}
	for _, c := range []string{"Teacher/remarks", "Employer/remarks", "Friend/notes", "Landlord/remarks"} {
		if remarkNamed(c) {
			t.Errorf("%q: a remark column (another person's)", c)
		}
	}
	var m *Mapping
	for c, want := range map[string]string{
		"Inspector/date_of_rescue": schema.IdentifiedDate, "Investigator/registration_date": schema.RegistrationDate,
		"Doctor/registration_date": schema.RegistrationDate,
		// their person's questions stay theirs (attack-2026-12-06b B3)
		"Doctor/Sex": "", "Prosecutor/Sex": "", "Psychologist/Age": "", "Judge/sex": "", "Teacher/Sex": "", "Escort/Age": "",
	} {
		if got := m.resolveColumn(c); got != want {
			t.Errorf("%q maps onto %q, want %q", c, got, want)
		}
	}
}

// TestZpMarks36: session zp's marks "Data entry error" and "Do not include in" (attack-2026-12-06b
// B5) left out real cases: a data entry error of a field, corrected, and a person's wish to be
// left out of the media. Each still leaves out the record it marks.
func TestZpMarks36(t *testing.T) {
	for _, v := range []string{"Data entry error, age corrected", "Data entry error - DOB corrected", "Entry error; date of birth fixed",
		"Do not include in media reports", "Do not include in case studies", "Exclude from media", "Exclude from publicity",
		"Not to be included in the newsletter", "Do not include in any publications", "Exclude photos", "Exclude: No", "Exclude - false"} {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"Data entry error", "Data entry error, duplicate", "Data entry error - record deleted",
		"Do not include in report", "Do not include in statistics", "Exclude", "Exclude case", "Exclude from statistics",
		"Not to be included", "Exclude record", "Exclude: yes"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
}

// TestAfterCheck36: ing35's timeAfter read a denial after a time word and left it standing
// after a check only within the first three words after "after": "Not a victim after a week of
// investigation", "after age determination", "after finding no signs of exploitation" were
// read. The check anywhere in the clause, a check's outcome, a finding of nothing and a reading
// of papers leave the denial standing; ing35's times are still read. (A clause over 48
// characters is read whatever it says: remarkRules.)
func TestAfterCheck36(t *testing.T) {
	for _, v := range []string{"Not a victim after a week of investigation", "Not a victim after months of counselling",
		"Not a victim after age determination", "Not a victim after finding no signs",
		"Not a victim after going through the file", "Not a victim after release of court's decision",
		"Not trafficked after the bone age test", "Not a victim after two weeks of assessment",
		"Not a victim after rehabilitation assessment"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
	for _, v := range []string{"Not a victim after moving to Kabul", "Not a victim after age 18", "Not a victim after finding a job",
		"Not a victim after 3 months in shelter", "Not a victim after return home", "Not a victim after leaving the employer",
		"Not a victim after the raid", "Not a victim after she left the brothel", "Not a victim after going back home",
		"Not a victim after rehabilitation"} {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
}
