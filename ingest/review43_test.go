package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestClaimForms43: another's reported claim is read in its colon, dash and quoted forms as in
// its plain one (ing42's Left: "Police say: not a victim" was out while "Police say not a
// victim" was read), in the five languages, with the saying before or after the denial. The
// organisation's own saying and its denial citing its basis stay out in every form.
func TestClaimForms43(t *testing.T) {
	read := []string{
		"Police say: not a victim",
		"Police say - not a victim",
		"Police say – not a victim",
		"Police say—not a victim",
		"Police say: \"not a victim\"",
		"Police said: not a victim.",
		"Police claims: not trafficked",
		"Trafficked to Malaysia; police say: not a victim",
		"La policía dice: no es víctima",
		"La policía dice - no es víctima",
		"La policía dice: «no es víctima»",
		"A polícia diz: não é vítima",
		"A polícia diz - não é vítima",
		"La police dit : pas victime",
		"La police dit : « pas victime »",
		"La police dit - pas victime",
		"Polisi bilang: bukan korban",
		"Polisi bilang - bukan korban",
		"\"Not a victim\", police say",
		"Not a victim - police say",
		"Not a victim, says police",
		"\"No es víctima\", dice la policía",
		"«Pas victime», dit la police",
		"\"Não é vítima\", diz a polícia",
		"\"Bukan korban\", polisi bilang",
		"NGO says: victim; police say: not a victim",
	}
	out := []string{
		"Staff say: not a victim",
		"Staff say - not a victim",
		"El equipo dice: no es víctima",
		"We say: not a victim",
		"Not a victim, staff say",
		"Not a victim, per police",
		"Not a victim - according to police",
		"No es víctima - según la policía",
		"Not a victim",
		"Not a victim - economic migrant",
	}
	remarksOutRead(t, out, read, false)
	for _, v := range []string{"Police say: not a victim", "La policía dice - no es víctima", "\"Not a victim\", police say"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 40 {
			t.Errorf("%q: %d written, quarantined %v, want 40", v, valid, why)
		}
	}
	valid, _, _ := read37(t, "in.csv", csv38("Remarks", "Staff say: not a victim"))
	if valid != 30 {
		t.Errorf("Staff say: not a victim: %d written, want 30", valid)
	}
	// A closure reason saying so stays no case (TestReportedClaims42)
	for _, v := range []string{"Police said: not a victim", "Police say - not a victim"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: read as a case, want no case", v)
		}
	}
}

// TestKoboParentNotes43: a KoboToolbox repeat group of persons that records the case's date,
// country and province itself, named with sheet: beside its parent sheet (formpack's XLSX
// export: the submission's _validation_status, _notes, _status, _tags on the form's sheet, its
// entries on the group's sheet tied by _parent_index to _index). The parent had no field to
// give, so the group was not joined and its submission's "_notes" = "Not a victim" (or its
// rejection) was dropped unread: 3 read. Now joined for its judged columns: submission 502's
// person is quarantined with it, with or without the group's own _submission__notes.
func TestKoboParentNotes43(t *testing.T) {
	for _, c := range []struct{ col, v, why string }{
		{"_notes", "Not a victim", errRemarkNotVictim.Error()},
		{"_notes", "Police say: not a victim", ""},
		{"_validation_status", "Not Approved", errRejectedSubmission.Error()},
	} {
		for _, withSub := range []bool{false, true} {
			parent := [][]any{{"start", "end", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_tags", "_index"},
				{"2022-03-01T10:00:00", "2022-03-01T10:20:00", 501, "u1", "2022-03-02T10:00:00", "", "", "submitted_via_web", "", 1},
				{"2022-04-02T10:00:00", "2022-04-02T10:20:00", 502, "u2", "2022-04-03T10:00:00", "", "", "submitted_via_web", "", 2}}
			parent[2][slices.Index(parent[0], any(c.col))] = c.v
			head := []any{"registration_date", "country_of_exploitation", "province_of_exploitation", "gender", "age", "_index", "_parent_table_name", "_parent_index", "_submission__id"}
			rows := [][]any{{"2022-03-01", "AF", "Herat", "female", 12, 1, "rescue_operation", 1, 501}, {"2022-03-01", "AF", "Herat", "male", 13, 2, "rescue_operation", 1, 501},
				{"2022-04-02", "AF", "Kabul", "female", 15, 3, "rescue_operation", 2, 502}}
			if withSub {
				head = append(head, "_submission__notes")
				for i := range rows {
					rows[i] = append(rows[i], "")
				}
			}
			p := filepath.Join(t.TempDir(), "input.xlsx")
			if err := os.WriteFile(p, buildWorkbook(t, []sheetRows{{"rescue_operation", parent}, {"victims", append([][]any{head}, rows...)}}), 0o644); err != nil {
				t.Fatal(err)
			}
			out := readAll(t, p, &Mapping{Sheet: "victims"})
			want := 2
			if c.why == "" {
				want = 3 // another's claim, read (TestClaimForms43)
			}
			if out.Error != "" || len(out.Records) != want || c.why != "" && (len(out.Rejected) != 1 || out.Rejected[0].Reason != c.why) {
				t.Errorf("%s = %q (group's _submission__notes %v): %d read, quarantined %v, error %q; want %d read", c.col, c.v, withSub, len(out.Records), out.Rejected, out.Error, want)
			}
		}
	}
}

// TestKoboOrphanJudged43: under TestKoboParentNotes43's join (a group recording the case's
// fields itself, joined for its parent's judged columns), a person whose _parent_index names
// no parent row is quarantined because its record's review is not known, and says so: not
// that its date, place and forms are unknown (they are on its own row).
func TestKoboOrphanJudged43(t *testing.T) {
	parent := [][]any{{"start", "end", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_index"},
		{"2022-03-01T10:00:00", "2022-03-01T10:20:00", 501, "u1", "2022-03-02T10:00:00", "", "", 1}}
	head := []any{"registration_date", "country_of_exploitation", "province_of_exploitation", "gender", "age", "_index", "_parent_table_name", "_parent_index", "_submission__id"}
	rows := [][]any{{"2022-03-01", "AF", "Herat", "female", 12, 1, "rescue_operation", 1, 501},
		{"2022-04-02", "AF", "Kabul", "female", 15, 2, "rescue_operation", 7, 507}}
	p := filepath.Join(t.TempDir(), "input.xlsx")
	if err := os.WriteFile(p, buildWorkbook(t, []sheetRows{{"rescue_operation", parent}, {"victims", append([][]any{head}, rows...)}}), 0o644); err != nil {
		t.Fatal(err)
	}
	out := readAll(t, p, &Mapping{Sheet: "victims"})
	if out.Error != "" || len(out.Records) != 1 || len(out.Rejected) != 1 || out.Rejected[0].Reason != errRepeatNoParentJudged.Error() {
		t.Errorf("%d read, quarantined %v, error %q; want 1 read and 1 quarantined: %q", len(out.Records), out.Rejected, out.Error, errRepeatNoParentJudged)
	}
}
