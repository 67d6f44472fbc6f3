package ingest

import "testing"

// TestRemarks06b: attack-2026-12-06b's remarks. A release word that only qualifies the check
// after it leaves the denial standing (B1); findings against the allegation in other words
// (B4); records not to count in other words (B5), in remarks and closure reasons alike.
func TestRemarks06b(t *testing.T) {
	out := []string{
		// B1
		"Not a victim after return home visit", "Not a victim after release of the medical report",
		"Not a victim after rescue team assessment", "Not a victim after reintegration assessment",
		// B4
		"Could not be substantiated", "Allegations not proven", "False complaint", "Fabricated story", "Hoax",
		"No evidence of trafficking", "Insufficient evidence of trafficking", "TIP ruled out", "Not a case of trafficking",
		"Economic migrant", "Smuggled migrant", "Labour dispute only",
		// B5
		"Exclude from statistics", "Exclude", "Do not include in report", "Data entry error", "Dummy", "DELETE ME",
		"Created during training",
	}
	for _, v := range out {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
	read := []string{
		"Not a victim after return home", "Not trafficked again after reintegration", "Not exploited after release",
		"Not a victim after being rescued from the factory", "Excluded from school", "Insufficient evidence",
		"Do not include her name in report", "Data entry error in age corrected", "Dummy phone number given",
		"Economic migrant, trafficked on arrival",
	}
	for _, v := range read {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"Hoax", "Could not be substantiated", "No evidence of trafficking", "Not a victim after return home visit"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason read as a real case's: %q", v)
		}
	}
	for _, v := range []string{"Insufficient evidence", "Reintegrated with family", "Not trafficked again after return"} {
		if closedNoCaseReason(v) {
			t.Errorf("closure reason read as no case: %q", v)
		}
	}
}

// TestHeaders06b: a case's history, a memo, findings, a conclusion are remarks; a
// verification's status is a quality check (attack-2026-12-06b B5).
func TestHeaders06b(t *testing.T) {
	for _, h := range []string{"Case history", "Justification", "Findings", "Conclusion", "Memo", "Extra info", "Other"} {
		if !remarkNamed(h) {
			t.Errorf("column %q not judged as remarks", h)
		}
	}
	for _, h := range []string{"Verification status", "Data verification"} {
		if !qaNames[fold(h)] {
			t.Errorf("column %q not a quality check's", h)
		}
	}
}

// TestOtherGroups06b: teachers, doctors, prosecutors, next of kin, emergency contacts,
// referrers, escorts and psychologists are not the case's person (attack-2026-12-06b B3).
func TestOtherGroups06b(t *testing.T) {
	for _, g := range []string{"Teacher/", "Doctor/", "Prosecutor/", "Next_of_kin/", "Emergency_contact/", "Referrer/", "Escort/", "Psychologist/", "Employer/"} {
		if !otherPersonGroup(g) {
			t.Errorf("group %q read as the person's", g)
		}
	}
	for _, g := range []string{"Victim/", "Survivor/", "Principal_applicant/", "Domestic_worker/", "contact_details/"} {
		if otherPersonGroup(g) {
			t.Errorf("group %q read as another person's", g)
		}
	}
}

// TestCaseTypes06b: a child in conflict with the law is another case type (attack-2026-12-06b B2).
func TestCaseTypes06b(t *testing.T) {
	for _, v := range []string{"Child in conflict with law", "Children in conflict with the law", "Juvenile offender"} {
		if traf, other := caseTypeValue(v); traf || !other {
			t.Errorf("%q: trafficking %v, other type %v", v, traf, other)
		}
	}
}

// TestSheetNames06b: sheets and folder files named as templates, practice, older versions or
// copies are not read as the register (attack-2026-12-06b B6).
func TestSheetNames06b(t *testing.T) {
	for _, s := range []string{"NOT FOR ANALYSIS", "Not for use"} {
		if discardedName(s) == "" {
			t.Errorf("sheet %q read as cases", s)
		}
	}
	for _, s := range []string{"Template", "Practice", "Sandbox"} {
		if exampleName(s) == "" {
			t.Errorf("sheet %q read as cases beside the register", s)
		}
	}
	for _, s := range []string{"Old", "Old data", "Previous version", "Cases 2024 (2)", "Sheet1 (2)", "Working copy"} {
		if asideName(s) == "" {
			t.Errorf("sheet %q read as the register", s)
		}
	}
	for _, s := range []string{"Old cases 2019", "Closed cases", "Transferred", "Cases 2024", "Cases (final)", "Cases (2024)", "Boys (12-17)"} {
		if w := asideName(s) + discardedName(s); w != "" {
			t.Errorf("sheet %q set aside (%s)", s, w)
		}
	}
	for _, c := range [][2]string{{"cases", "old"}, {"cases (1)", ""}, {"cases_old", ""}, {"cases_sample", ""}, {"cases_template", ""}, {"cases", "2023/previous"}} {
		if asideInFolder(c[0], c[1]) == "" {
			t.Errorf("file %q in %q read", c[0], c[1])
		}
	}
	for _, c := range [][2]string{{"cases", ""}, {"cases_2024", "2024"}, {"old_cases_2019", ""}} {
		if w := asideInFolder(c[0], c[1]); w != "" {
			t.Errorf("file %q in %q set aside (%s)", c[0], c[1], w)
		}
	}
}
