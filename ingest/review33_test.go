package ingest

import "testing"

// TestDenials33: denials the earlier rules read as victims (attack-2026-12-05f Y5, ing32's Left),
// and one rule for a victim's clause after a denial in a remark and a closure reason (ing33).
func TestDenials33(t *testing.T) {
	for _, v := range []string{"Not a victim by any standard", "Not a victim after re-interview", "No es víctima según la familia",
		"Not a victim after reassessment", "Found not to be a victim upon investigation",
		"Not a victim of trafficking, a victim of forced labour", "Not a victim; victim of domestic violence"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark %q: read", v)
		}
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: not read as a denial", v)
		}
	}
	// still read: an outcome after the denial, a relative denied, a later finding
	for _, v := range []string{"No trafficking after return", "Not a victim then; a victim now", "Not a victim. Later confirmed as victim",
		"Sister not a victim", "Not a trafficking victim's sibling", "Not trafficked again after reintegration"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("remark %q: leaves its row out", v)
		}
	}
}

// TestStaffGroupRemarks33: the remarks of whoever filled a Kobo form are the case's and judged;
// another person's group's are not (ing33's review of zm's groupOtherWords).
func TestStaffGroupRemarks33(t *testing.T) {
	for _, n := range []string{"interviewer/remarks", "staff_use/remarks", "officer/notes", "enumerator/comments", "Caseworker.remarks"} {
		if !remarkNamed(n) {
			t.Errorf("%q: not a remark column", n)
		}
	}
	for _, n := range []string{"trafficker/notes", "suspect/remarks", "agent/remarks", "mother/comments", "staff_use/mother/notes"} {
		if remarkNamed(n) {
			t.Errorf("%q: a remark column of the case", n)
		}
	}
}

// TestDecisionGroup33: a group's bare decision is the victim's status only when the group does
// not name another thing decided (ing33's review of zm's StatusColumn by a group's question).
func TestDecisionGroup33(t *testing.T) {
	for _, n := range []string{"shelter/decision", "asylum_application/decision", "referral/decision", "group_shelter_admission/decision"} {
		if StatusColumn(n) {
			t.Errorf("%q: a status column", n)
		}
	}
	for _, n := range []string{"Review/decision", "screening/decision", "case_details/decision", "case_details/Case type"} {
		if !StatusColumn(n) {
			t.Errorf("%q: not a status column", n)
		}
	}
}
