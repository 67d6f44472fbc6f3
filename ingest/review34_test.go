package ingest

import "testing"

// TestDeletionOfThing34: session zn's one-word marks "Cancelled", "Delete" and "Please delete",
// "To delete" left out a victim whose remark said a thing of theirs was cancelled or to delete
// (ing34's review of zn's rules); the record's own marks still leave it out.
func TestDeletionOfThing34(t *testing.T) {
	for _, tc := range []struct {
		v    string
		mark bool
	}{
		{"Passport: cancelled", false}, {"Visa - cancelled", false}, {"Contract: cancelled", false},
		{"Please delete phone number", false}, {"To delete: photo", false}, {"Delete - photo uploaded twice", false},
		{"Please delete the address", false}, {"Cancelled - visa", false}, {"Hearing cancelled", false},
		{"Cancelled", true}, {"Delete", true}, {"Please delete", true}, {"Please delete this record", true},
		{"To be deleted", true}, {"Cancelled - duplicate", true}, {"Cancelled. Entered twice", true},
		{"Fake case", true}, {"Same person as above", true},
	} {
		if _, got := remarkMark(tc.v); got != tc.mark {
			t.Errorf("remarkMark(%q) = %v, want %v", tc.v, got, tc.mark)
		}
	}
}

// TestFollowUpNotes34: "Follow-up notes" = Not a victim was read (attack-2026-12-05g Z2's
// rest); a denial of re-trafficking there is an outcome and is still read.
func TestFollowUpNotes34(t *testing.T) {
	for _, c := range []string{"Follow-up notes", "Follow up notes", "followup_notes", "Follow-up comments", "Monitoring notes"} {
		if !remarkNamed(c) {
			t.Errorf("remarkNamed(%q) = false", c)
		}
	}
	for _, tc := range []struct {
		v    string
		left bool
	}{
		{"Not a victim", true}, {"Not a victim of trafficking", true},
		{"Not a victim of re-trafficking", false}, {"Not re-trafficked", false}, {"Not trafficked again", false},
		{"No re-trafficking", false}, {"No longer a victim", false},
	} {
		if _, got := rejects("Follow-up notes", tc.v, remarkNamed("Follow-up notes")); got != tc.left {
			t.Errorf("Follow-up notes = %q: left out %v, want %v", tc.v, got, tc.left)
		}
	}
}

// TestComplainantGroup34: a complainant's group is another person's (in an FIR often a
// parent: attack-2026-12-05g Z4), unless it names the victim too.
func TestComplainantGroup34(t *testing.T) {
	for _, tc := range []struct {
		g     string
		other bool
	}{
		{"Complainant", true}, {"complainant_details", true}, {"Denunciante", true},
		{"victim_complainant", false}, {"Complainant (victim)", false}, {"case_details", false},
	} {
		if got := otherPersonGroup(tc.g); got != tc.other {
			t.Errorf("otherPersonGroup(%q) = %v, want %v", tc.g, got, tc.other)
		}
	}
	if f, _ := (&Mapping{}).resolve("Complainant/Sex"); f != "" {
		t.Errorf("Complainant/Sex resolved to %q, want none", f)
	}
}

// TestQAStatus34: a quality check's failure is neither a denial nor a yes/no mark: the input is
// refused until the config says how to read the column (attack-2026-12-05g Z2).
func TestQAStatus34(t *testing.T) {
	for _, tc := range []struct {
		col, v string
		failed bool
	}{
		{"QA status", "Failed", true}, {"QC result", "fail", true}, {"Quality check", "Not passed", true},
		{"review/qa_status", "Rejected", true}, {"QA status", "Passed", false}, {"QA status", "", false},
		{"QA status", "Pending", false},
	} {
		why, got := rejects(tc.col, tc.v, remarkNamed(tc.col))
		if got != tc.failed || got && why != errQAFailed.Error() {
			t.Errorf("rejects(%q, %q) = %q, %v; want failed %v", tc.col, tc.v, why, got, tc.failed)
		}
		if !reviewName(markKey(tc.col)) {
			t.Errorf("%q: not a review column", tc.col)
		}
	}
}

// TestStaffAndKinGroups34: session zn's supervisors', coordinators', volunteers' groups keep
// their remarks judged (zn had made "coordinator/notes" no remark column) and the case's
// registration in a staff group is read; groups of a partner, "Orang tua", "Encargado" are
// another person's (ing32's misses).
func TestStaffAndKinGroups34(t *testing.T) {
	for _, c := range []string{"coordinator/notes", "volunteer/remarks", "interpreter/comments", "Supervisor/Remarks"} {
		if !remarkNamed(c) {
			t.Errorf("remarkNamed(%q) = false", c)
		}
	}
	m := &Mapping{}
	for _, tc := range []struct{ col, f string }{
		{"staff_use/registration_date", "registration_date"}, {"interviewer/registration_date", "registration_date"},
		{"staff_use/sex", ""}, {"coordinator/age", ""}, {"Supervisor/Sex", ""}, {"partner/sex", ""}, {"Orang tua/Jenis kelamin", ""},
		{"orang_tua/sex", ""}, {"Encargado/Sexo", ""}, {"agent/registration_date", ""},
		{"implementing_partner/registration_date", "registration_date"}, {"case_details/sex", "gender"},
	} {
		if f, _ := m.resolve(tc.col); f != tc.f {
			t.Errorf("resolve(%q) = %q, want %q", tc.col, f, tc.f)
		}
	}
}
