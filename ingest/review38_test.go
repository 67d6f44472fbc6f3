package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// csv38 returns a CSV of 40 rows (C1..C40, male, 10-17, 2024, AF) with column col holding v on
// rows 2, 6, 10, ... (10 rows) and blank on the others, as the tester's gen.py writes them.
func csv38(col, v string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "case_id,gender,age,registration_date,country_of_exploitation,type_of_exploitation,%s\n", csvField(col))
	for i := 1; i <= 40; i++ {
		cell := ""
		if i%4 == 2 {
			cell = csvField(v)
		}
		fmt.Fprintf(&b, "C%05d,male,%d,2024-03-%02d,AF,labour,%s\n", i, 10+i%8, 1+i%28, cell)
	}
	return b.String()
}

func csvField(v string) string {
	if strings.ContainsAny(v, ",\"\n\r") {
		return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	return v
}

// TestRemarkStructure38: attack-2026-12-06d D1 and D7: a remark written as a field and its
// answer ("Victim: No", "Exclude = yes"), a status in a sentence ("Was screened out"), an
// instruction to leave the record out ("Please exclude", "Remove this"), an allegation not
// substantiated ("Could not substantiate"), a typing slip of "victim" were read and counted.
func TestRemarkStructure38(t *testing.T) {
	out := []string{
		// D7
		"Victim: No", "Victim - No", "Trafficked: No", "Trafficking victim: no", "TIP: No", "Genuine: No", "Verified: No",
		"Include: No", "Include in stats: No", "Count: No", "Exclude = yes", "Exclude? Yes", "Victim? No", "Victim (Y/N): N",
		"Duplicate: yes", "Is a trafficking victim? No", "Victim: No.",
		// D1
		"Was screened out", "Could not substantiate", "Trafficking could not be established", "Was a hoax", "Fake",
		"Please exclude", "Exclude this", "Pls exclude", "Remove this", "Ignore this row", "Excluded from count", "NV", "N.V.",
		"Ruled out", "Case rejected", "Fraudulent case", "Not within mandate", "Not a victin", "Not a vicitm", "Not a vitim",
		"Not victum", "not a victom", "Not a vic", "It was fake", "To be removed from the list", "Couldn't substantiate",
	}
	for _, v := range out {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
		if !remarkCue(v) {
			t.Errorf("remark not cued: %q", v)
		}
	}
	read := []string{"Victim: Yes", "Exclude: No", "Exclude - false", "Victim's ID: No", "Re-trafficked: No",
		"Trafficked again: No", "Test: Yes", "Age - 1", "Victim: 2024-01-01", "Removed from the brothel by police",
		"Do not remove", "Exclude from media reports", "Delete phone number", "Removed", "Fake passport", "Fake job offer",
		"Not a VIC resident", "Not substantiated in court against the trafficker", "Referred: yes", "Victim of violence: no",
		"Recruitment fraud", "Case referred", "Screened by IOM", "Not a victim?", "Remarks: none"}
	for _, v := range read {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"Victim: No", "Please exclude", "Was screened out", "Not a victin", "N.V."} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 30 || len(why) != 1 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10", v, valid, why)
		}
	}
}

func TestEditOne38(t *testing.T) {
	for w, want := range map[string]bool{"victin": true, "vicitm": true, "vitim": true, "victum": true, "victom": true,
		"victim": false, "victims": false, "vitima": false, "visit": false, "vicar": false, "victimm": true} {
		if got := nearVictim(w); got != want {
			t.Errorf("nearVictim(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestRemarkHeaders38: attack-2026-12-06d D3: remark columns under headers of other qualifiers
// were dropped unjudged; D7's mark columns "Include", "Count", "Genuine case" = No dropped.
func TestRemarkHeaders38(t *testing.T) {
	for _, h := range []string{"Remarks (if any)", "Remarks (English)", "Remarks_en", "remarks_english", "Remarks in English",
		"Q 15 Remarks", "If other, specify", "Please specify", "specify", "other_specify_text", "Reviewer comments", "Opinion",
		"Staff opinion", "Recommendation", "reunification_comments", "referral_comments", "interview_comments",
		"approval_comments", "flag_reason", "unflag_message"} {
		if !remarkNamed(h) {
			t.Errorf("%q: no remark column", h)
		}
		valid, why, _ := read37(t, "in.csv", csv38(h, "Not a victim"))
		if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10", h, valid, why)
		}
	}
	for _, h := range []string{"Remarks date", "Comments date", "Note number", "Notes_id", "Other country", "Remark language"} {
		if remarkNamed(h) {
			t.Errorf("%q: a remark column", h)
		}
	}
	for _, h := range []string{"Include", "Count", "Genuine case", "Verification (Pass/Fail)", "Supervisor check"} {
		v := "No"
		if h[0] == 'V' {
			v = "Fail"
		} else if h[0] == 'S' {
			v = "Rejected"
		}
		r := NewReader("in.csv", strings.NewReader(csv38(h, v)))
		r.Now = testNow
		n, err := readAll38(r)
		if err == nil && n != 30 {
			t.Errorf("%q = %s: %d written, want 30 or a refusal", h, v, n)
		}
	}
	// a column "Count" of numbers is no mark
	r := NewReader("in.csv", strings.NewReader(csv38("Count", "3")))
	r.Now = testNow
	if n, err := readAll38(r); err == nil && n != 40 || len(r.Rejected()) > 0 {
		t.Errorf("Count = 3: %d written, %d quarantined (%v)", n, len(r.Rejected()), err)
	}
}

func readAll38(r *Reader) (int, error) {
	n := 0
	for {
		rec, err := r.Read()
		if err != nil {
			if err.Error() == "EOF" {
				return n, nil
			}
			return n, err
		}
		n += int(rec.NumRows())
		rec.Release()
	}
}

// TestCaseTypes38: attack-2026-12-06d D5: case types beside trafficking in their abbreviations,
// with an offence after them, or in other words, were counted as trafficking cases.
func TestCaseTypes38(t *testing.T) {
	for _, v := range []string{"CICL - theft", "CICL/theft", "Child in conflict with law - theft", "JCL", "CNSP",
		"Child in need of special protection", "Missing child (found)", "Ran away", "Lost child",
		"Child living on the street", "Abandoned child", "Destitute", "POCSO", "Child sexual abuse", "Migrant", "Returnee",
		"Deportee", "Refugee", "UASC", "Stateless", "Drug addict", "Substance abuse", "Beggar", "Juvenile"} {
		if tr, other := caseTypeValue(v); tr || !other {
			t.Errorf("caseTypeValue(%q) = %v, %v: want another type", v, tr, other)
		}
		r := NewReader("in.csv", strings.NewReader(csv38("Type", v)))
		r.Now = testNow
		if n, err := readAll38(r); err == nil {
			t.Errorf("Type = %q: %d written, want a refusal", v, n)
		}
	}
	for _, v := range []string{"Trafficking - labour", "CICL - trafficking", "TIP/forced labour", "Sexual exploitation",
		"Forced labour", "Child labour/trafficking", "Labour - construction"} {
		if _, other := caseTypeValue(v); other {
			t.Errorf("caseTypeValue(%q): another type", v)
		}
	}
}

// TestOtherGroupsNames38: attack-2026-12-06d D2 and D6: groups of other persons' roles read as
// the person's; sheets and files of not-victims, duplicates, drafts and earlier forms read.
func TestOtherGroupsNames38(t *testing.T) {
	for _, g := range []string{"Commander", "Dalal", "Sardar", "Middleman", "Contractor", "Manager", "Shopkeeper", "Mullah",
		"SHO", "CWC_member", "Companion", "Boyfriend", "Girlfriend", "Baby", "Infant"} {
		if !otherPersonGroup(g) {
			t.Errorf("%q: not another person's group", g)
		}
	}
	if !staffGroup("Case_manager") || staffGroup("Manager") {
		t.Errorf("Case_manager staff %v, Manager staff %v", staffGroup("Case_manager"), staffGroup("Manager"))
	}
	for _, s := range []string{"NV cases", "NV", "Dups", "To verify", "Trial", "Mock", "tmp", "temp", "cases_tmp", "cases_v1",
		"cases_orig", "cases_original", "cases_raw", "cases_nv", "cases_wrong", "cases_corrupt", "Raw data"} {
		if statusName(s) == "" && discardedName(s) == "" && asideName(s) == "" && exampleName(s) == "" {
			t.Errorf("%q: read as the register's", s)
		}
	}
	for _, s := range []string{"Cases 2024", "Cases at trial", "Trial stage", "Temporary shelter", "Original register 2023",
		"Kabul", "Cases 2023", "Closed cases", "Verified cases", "cases", "Sheet1", "Rawalpindi"} {
		if w := statusName(s) + discardedName(s) + asideName(s) + exampleName(s); w != "" {
			t.Errorf("%q: set aside (%s)", s, w)
		}
	}
}

// TestCentury38: attack-2026-12-06d D12: an age of 104 or a date of birth of 1920-01-01 on every
// row were read as adults of 48+.
func TestCentury38(t *testing.T) {
	in := strings.ReplaceAll(csv38("x", ""), "male,1", "male,10")
	in = strings.NewReplacer(",male,100,", ",male,104,", ",male,101,", ",male,104,", ",male,102,", ",male,104,",
		",male,103,", ",male,104,", ",male,105,", ",male,104,", ",male,106,", ",male,104,", ",male,107,", ",male,104,").Replace(in)
	valid, why, _ := read37(t, "in.csv", in)
	if valid != 0 || why[errAgeCentury.Error()] != 40 {
		t.Errorf("age 104: %d written, quarantined %v", valid, why)
	}
	dob := strings.Replace(csv38("x", ""), "case_id,gender,age,", "case_id,gender,date_of_birth,", 1)
	for i := 10; i <= 17; i++ {
		dob = strings.ReplaceAll(dob, fmt.Sprintf(",male,%d,", i), ",male,1920-01-01,")
	}
	valid, why, _ = read37(t, "in.csv", dob)
	if valid != 0 || why[errBirthCentury.Error()] != 40 {
		t.Errorf("born 1920-01-01: %d written, quarantined %v", valid, why)
	}
	if valid, _, _ := read37(t, "in.csv", strings.ReplaceAll(csv38("x", ""), ",male,1", ",male,9")); valid != 40 {
		t.Errorf("ages 90-97: %d written", valid)
	}
}

// TestProvinceDitto38: attack-2026-12-06d D10's rest: a ditto in a province column left the
// province empty with a notice (refused in country columns only).
func TestProvinceDitto38(t *testing.T) {
	for _, v := range []string{"-do-", "Do", "do", "Do.", "Same as above", "Ditto", `"`} {
		in := strings.Replace(csv38("province_of_exploitation", v), "country_of_exploitation,", "country_of_exploitation,", 1)
		valid, why, _ := read37(t, "in.csv", in)
		if valid != 30 || why[errProvinceDitto.Error()] != 10 {
			t.Errorf("province %q: %d written, quarantined %v", v, valid, why)
		}
	}
	valid, why, _ := read37(t, "in.csv", csv38("province_of_exploitation", "Kabul"))
	if valid != 40 {
		t.Errorf("Kabul: %d written, quarantined %v", valid, why)
	}
}

// remarksOutRead checks remark rules on single remarks: each of out is left out (and, with
// cued, first cued by remarkCue), each of read is read.
func remarksOutRead(t *testing.T, out, read []string, cued bool) {
	t.Helper()
	for _, v := range out {
		if cued && !remarkCue(v) {
			t.Errorf("remark not cued: %q", v)
		}
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
	for _, v := range read {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
}
