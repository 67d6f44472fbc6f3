package ingest

import "testing"

// TestClosedNoCaseReason: closure reasons that say the record is no case, in English, Spanish
// and French, and reasons that close a real case though a word of the first kind is inside
// them (attack-2026-12-03f finding 8).
func TestClosedNoCaseReason(t *testing.T) {
	for _, v := range []string{"Duplicate record", "Created in error", "Not a victim of trafficking", "Duplicado", "Caso duplicado",
		"Doublon", "Registro erróneo", "No es víctima", "Pas une victime", "Dup", "Merged with another case", "Same as case 114",
		"Invalid", "test", "Not trafficked", "Opened by mistake", "DUPLICATE"} {
		if !closedNoCaseReason(v) {
			t.Errorf("%q: not taken for a reason that says the record is no case", v)
		}
	}
	for _, v := range []string{"Reintegrated with family", "Transferred to another agency", "Not trafficked again",
		"Transferred (invalid phone number)", "Lost contact - mistakenly listed address", "Died", "Lost contact", ""} {
		if closedNoCaseReason(v) {
			t.Errorf("%q: taken for a reason that says the record is no case", v)
		}
	}
}

// TestRemarkNamed: remark columns in the five languages, singular and plural (attack-2026-12-05d,
// lows: "Observação" was read as no remark column).
func TestRemarkNamed(t *testing.T) {
	for _, name := range []string{"Notes", "Remarks", "Observação", "Observações", "Observaciones", "Comentário", "Remarque", "Keterangan",
		"case_details/Remarks", "victims/remarks", "case-remarks", "case_info.remarks", // attack-2026-12-05f Y1
		"Remarks (optional)", "Other remarks", "Supervisor comments", "Remarks_1", "Case worker's notes",
		"Any remarks?", "Comments/Remarks", "Remarks / Observations", "remarks_final", "Observations générales", "Catatan tambahan",
		"Background", "Explanation", "Reason", "Any other information", "Case background"} { // attack-2026-12-06a A2
		if !remarkNamed(name) {
			t.Errorf("remarkNamed(%q) = false", name)
		}
	}
	for _, name := range []string{"Province", "Observer", "Status", "trafficker/notes", "Perpetrator.remarks", "Trafficker remarks", "Medical notes", "Notes on family"} {
		if remarkNamed(name) {
			t.Errorf("remarkNamed(%q) = true", name)
		}
	}
}

// TestRemarksMore: free-text headers judged as remarks are, and a fake, demo or sample record's
// remark, one made by mistake or cancelled, marks its record (attack-2026-12-05g Z2).
// "Follow-up notes" is judged too since ing34 (TestFollowUpNotes34: a denial of re-trafficking
// there is read).
func TestRemarksMore(t *testing.T) {
	for _, name := range []string{"Remark by supervisor", "Feedback", "Narrative", "Description", "Details", "Case narrative",
		"Supervisor feedback", "Comments by caseworker"} {
		if !remarkNamed(name) {
			t.Errorf("remarkNamed(%q) = false", name)
		}
	}
	for _, name := range []string{"Description of exploitation", "Details of trafficker", "trafficker/description"} {
		if remarkNamed(name) {
			t.Errorf("remarkNamed(%q) = true", name)
		}
	}
	for _, v := range []string{"Fake case", "Demo record", "Sample record, delete", "Entered by mistake", "Please delete", "Cancelled",
		"Same person as above", "Created by mistake", "Fake entry", "Sample data", "To be deleted"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark %q: read", v)
		}
	}
	for _, v := range []string{"Cancelled appointment, rescheduled", "Fake passport used", "Sample taken for medical test", "Same as above"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("remark %q: leaves its row out", v)
		}
	}
}
