package ingest

import "testing"

// TestRemarks06a: attack-2026-12-06a's remarks. A denial followed by "after" stands unless a
// release or a return follows (A1); records not to count in other words (A2); findings against
// the allegation (A4), in remarks and closure reasons alike.
func TestRemarks06a(t *testing.T) {
	out := []string{
		// A1
		"Not a victim after all", "Turned out not to be a victim after all", "Not a victim after home visit",
		"Not a victim after field visit", "Not a victim after home study", "Not a victim after family tracing",
		"Not a victim after talking to parents", "Not a victim after court hearing", "Not a victim after counselling",
		"Not a victim after cross-checking", "Not a victim after fact-finding",
		// A2
		"Do not count", "Ignore this record", "Not a real case", "Erroneous entry", "Record created in error",
		"Mock case", "Example record", "Placeholder", "Testing only", "Ignore",
		// A4
		"Trafficking ruled out", "Does not meet the definition of trafficking", "Allegation unfounded", "Unsubstantiated",
		"No exploitation found", "Migrant smuggling case",
	}
	for _, v := range out {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
	read := []string{
		"Not a victim after return home", "Not trafficked again after reintegration", "Not a victim after being rescued",
		"Not exploited after release", "Ignore previous address", "Erroneous age corrected", "Real name not given",
		"Risk of re-trafficking ruled out", "Counselling ongoing", "Withdrew from services", "No exploitation since return",
	}
	for _, v := range read {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"False alarm", "Trafficking ruled out", "Allegation not substantiated", "Not a victim after home visit"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason read as a real case's: %q", v)
		}
	}
	for _, v := range []string{"Risk of re-trafficking ruled out", "Reintegrated with family", "Not trafficked again after return"} {
		if closedNoCaseReason(v) {
			t.Errorf("closure reason read as no case: %q", v)
		}
	}
}

// TestSheetsAside06a: sheets kept aside are not the register's (attack-2026-12-06a A5).
func TestSheetsAside06a(t *testing.T) {
	for _, s := range []string{"Old - do not use", "DO NOT USE", "Don't use", "Ignore", "Training", "Backup", "Draft 2", "Obsolete"} {
		if discardedName(s) == "" {
			t.Errorf("sheet %q read as cases", s)
		}
	}
	for _, s := range []string{"Cases 2024", "Old cases 2019", "Use of services", "Vocational training cases"} {
		if w := discardedName(s); w != "" {
			t.Errorf("sheet %q set aside (%s)", s, w)
		}
	}
}

// TestOtherGroups06a: staff, counsellors, lawyers, police, rescuers and reporters are not the
// case's person (attack-2026-12-06a A3); the victim's own groups are.
func TestOtherGroups06a(t *testing.T) {
	for _, g := range []string{"Social_worker/", "IO/", "Counsellor/", "Lawyer/", "Police/", "Rescuer/", "Focal_point/", "Reported_by/", "Case_worker/"} {
		if !otherPersonGroup(g) {
			t.Errorf("group %q read as the person's", g)
		}
	}
	for _, g := range []string{"Victim/", "Survivor/", "Child/", "Respondent/", "case_details/", "Domestic_worker/"} {
		if otherPersonGroup(g) {
			t.Errorf("group %q read as another person's", g)
		}
	}
}
