package ingest

import "testing"

// TestRemarks06c: attack-2026-12-06c's remarks. Near wordings of session zp's denials and
// marks leave the row out (C1); the times and outcomes zp kept read stay read.
func TestRemarks06c(t *testing.T) {
	out := []string{
		"Not a victim after the return home visit", "Not a victim after return home visit by social worker",
		"Screened out after return home visit", "Not a victim as per home visit report", "Not a victim after age determination",
		"Couldn't be substantiated", "Trafficking was ruled out", "No evidence of TIP", "Not a case of TIP", "Not a HT case",
		"Excluded", "To be excluded", "Do not include", "Delete this", "economic migrant only", "A hoax", "Not genuine", "Not a case",
		"Rejected following screening interview", "Not a victim after document check", "Not a victim after age test",
		"Not a victim after staff visited the family",
	}
	for _, v := range out {
		if _, ok := remarkMark(v); !ok {
			if why, _ := rejects("Remarks", v, true); why == "" || why == remarkUnread {
				t.Errorf("remark read (want out): %q", v)
			}
		}
	}
	read := []string{
		"Not a victim after return home", "Not exploited after release", "Not trafficked again after reintegration",
		"Not a victim after age 18", "Excluded from school", "Do not include her name in report", "Screened out after moving to Kabul",
		"Not a victim after being rescued from the factory",
	}
	for _, v := range read {
		if why, ok := rejects("Remarks", v, true); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
}

// TestUnreadLanguage06c: a remark in Latin letters of a language the checks do not read is
// told (attack-2026-12-06c C6); English, Spanish, French, Indonesian remarks and names are not.
func TestUnreadLanguage06c(t *testing.T) {
	for _, v := range []string{"Victim nahi hai", "Peedit nahi hai", "Qurbani nist", "Bukan mangsa pemerdagangan",
		"Hindi biktima ng trafficking", "Si mhanga wa usafirishaji", "Mağdur değil", "Nu este victimă", "Non è vittima di tratta",
		"Geen slachtoffer", "Nie jest ofiarą", "Nuk është viktimë", "Ei ole uhri"} {
		if why, ok := rejects("Remarks", v, true); ok || why != remarkUnread {
			t.Errorf("%q: why %q, out %v; want told as unread", v, why, ok)
		}
	}
	for _, v := range []string{"Rescued from a brick kiln", "Speaks Hindi and Bengali", "Bukan korban sebelumnya, kini korban",
		"Referred to shelter", "No es víctima de trata de personas, sino de explotación laboral"} {
		if why, _ := rejects("Remarks", v, true); why == remarkUnread {
			t.Errorf("%q told as unread", v)
		}
	}
}

// TestNames06c: other persons' groups, remark headers, case types, copies (attack-2026-12-06c
// C2-C5).
func TestNames06c(t *testing.T) {
	for _, g := range []string{"Headmaster/", "Principal/", "Contact_person/", "Focal_person/", "Case_manager/", "Abuser/",
		"Co_victim/", "Classmate/", "Roommate/"} {
		if !otherPersonGroup(g) {
			t.Errorf("group %q read as the person's", g)
		}
	}
	for _, g := range []string{"Victim/", "Principal_applicant/", "contact_details/", "case_details/", "section_b/"} {
		if otherPersonGroup(g) {
			t.Errorf("group %q read as another person's", g)
		}
	}
	for _, g := range []string{"Case_manager/", "Focal_person/"} {
		if !staffGroup(g) {
			t.Errorf("group %q not staff's: its remarks are the case's", g)
		}
	}
	for _, g := range []string{"Headmaster/", "Abuser/", "Contact_person/"} {
		if staffGroup(g) {
			t.Errorf("group %q staff's", g)
		}
	}
	for _, h := range []string{"Q15 Remarks", "Other (specify)", "Other_specify", "Specify other", "closure_comments",
		"case_plan_comments", "protection_concerns_other", "flag_message"} {
		if !remarkNamed(h) {
			t.Errorf("column %q not judged as remarks", h)
		}
	}
	for _, h := range []string{"Nationality (other, specify)", "Q15 Age"} {
		if remarkNamed(h) {
			t.Errorf("column %q judged as remarks", h)
		}
	}
	if !qaNames[fold("Verification")] {
		t.Error(`"Verification" not a quality check's column`)
	}
	for _, v := range []string{"Child in Conflict with Law (CICL)", "Juvenile in conflict with law", "CCL", "Child in contact with law",
		"CNCP", "Child in need of care and protection", "Eloped"} {
		if traf, other := caseTypeValue(v); traf || !other {
			t.Errorf("%q: trafficking %v, other type %v", v, traf, other)
		}
	}
	for _, v := range []string{"Child trafficking (CT)", "Abuse (physical)", "Boys (12-17)", "Sex work"} {
		if _, other := caseTypeValue(v); other && v != "Abuse (physical)" {
			t.Errorf("%q: another case type", v)
		}
	}
	sheets := []string{"Cases 2024", "Cases 2024_2", "Cases 2024 2", "Sheet1_2", "Boys 2024"}
	for _, s := range []string{"Cases 2024_2", "Cases 2024 2", "Sheet1_2"} {
		if !copiedSheet(s, sheets) {
			t.Errorf("sheet %q not a copy", s)
		}
	}
	for _, s := range []string{"Cases 2024", "Boys 2024", "Girls_2"} {
		if copiedSheet(s, sheets) {
			t.Errorf("sheet %q a copy", s)
		}
	}
	for _, s := range []string{"Cases 2024(2)", "Prev version"} {
		if asideName(s) == "" {
			t.Errorf("sheet %q read as the register", s)
		}
	}
	for _, s := range []string{"Demo", "Errors", "Quarantine"} {
		if exampleName(s)+discardedName(s) == "" {
			t.Errorf("sheet %q read as cases", s)
		}
	}
	for _, c := range [][2]string{{"cases", "bak"}, {"old_cases", ""}, {"cases(1)", ""}, {"cases_prev", ""}, {"cases_demo", ""}} {
		if asideInFolder(c[0], c[1]) == "" {
			t.Errorf("file %q in %q read", c[0], c[1])
		}
	}
	for _, c := range [][2]string{{"old_cases_2019", ""}, {"cases_2024", ""}, {"previous_year_cases_2023", ""}} {
		if w := asideInFolder(c[0], c[1]); w != "" {
			t.Errorf("file %q in %q set aside (%s)", c[0], c[1], w)
		}
	}
}
