package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCaseTypes45 (ing44's Left, decided by the standards): in a column of the case's type, a
// kidnapping or an abduction (a means of trafficking and a trafficker's role: Palermo art. 3,
// HTCDS per_RoleInProcess "Kidnapper", CTDC's IP_ControlAbuseKidnap; no form of exploitation in
// HTCDS vic_TypeOfExploitation), unpaid wages (a labour complaint; withheld wages are one of the
// ILO's indicators of forced labour, not a form), an economic migrant and a disability (Primero's
// protection concerns "Migrant" and "Disabled" beside "Trafficked/smuggled") are other types
// than trafficking: refused as the listed ones are, in the five languages (on main each was
// counted as a trafficking case: 40 of 40 written). Read still: trafficking with any of them
// named after it, the forms of exploitation, CSEC (a child's commercial sexual exploitation is
// trafficking without a means: Palermo art. 3(c)), and "Type of ID".
func TestCaseTypes45(t *testing.T) {
	for _, v := range []string{"Kidnapping", "Abduction", "Child abduction", "Kidnapping/abduction", "Secuestro", "Rapto",
		"Enlèvement", "Sequestro", "Penculikan", "Wage theft", "Unpaid wages", "Unpaid salary", "Salarios impagos",
		"Salaires impayés", "Upah tidak dibayar", "Economic migrant", "Irregular migrant", "Migrante económico",
		"Migrant économique", "Migran ekonomi", "Disability", "Disabled", "Child with disability", "Discapacidad",
		"Handicap", "Deficiência", "Penyandang disabilitas", "Online abuse", "OVC"} {
		if tr, other := caseTypeValue(v); tr || !other {
			t.Errorf("caseTypeValue(%q) = %v, %v: want another type", v, tr, other)
		}
		r := NewReader("in.csv", strings.NewReader(csv38("Type", v)))
		r.Now = testNow
		if n, err := readAll38(r); err == nil {
			t.Errorf("Type = %q: %d written, want a refusal", v, n)
		}
	}
	// beside trafficking on other rows: a register of several types, refused too
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,Type\n")
	for i := 1; i <= 40; i++ {
		typ := "Trafficking"
		if i%4 == 0 {
			typ = "Kidnapping"
		}
		fmt.Fprintf(&b, "C%05d,female,%d,2024-03-%02d,AF,%s\n", i, 10+i%8, 1+i%28, typ)
	}
	r := NewReader("in.csv", strings.NewReader(b.String()))
	r.Now = testNow
	if n, err := readAll38(r); err == nil || !strings.Contains(err.Error(), "10") {
		t.Errorf("Type = Trafficking | Kidnapping: %d written, error %v; want a refusal naming the 10 other rows", n, err)
	}
	for _, c := range [][2]string{{"Type", "Trafficking - kidnapping"}, {"Type", "Kidnapping - trafficking"},
		{"Type", "Trafficking (abduction)"}, {"Type", "Forced labour"}, {"Type", "Sexual exploitation"}, {"Type", "CSEC"},
		{"Type of ID", "Disability card"}, {"Referral type", "Labour inspector"}} {
		r := NewReader("in.csv", strings.NewReader(csv38(c[0], c[1])))
		r.Now = testNow
		if n, err := readAll38(r); err != nil || n != 40 {
			t.Errorf("%s = %q: %d written, error %v; want 40", c[0], c[1], n, err)
		}
	}
}

// TestGroups45 (ing44's Left): a group named for an official ("Official/Sex",
// "border_official/age", "Funcionario/sexo") is another person's, one of those who worked on
// the case (staffWords): its remarks stay the case's. "official" naming a thing
// ("for_official_use", "official_documents", "official_id") is no person; a trader's or a
// vendor's group stays the case's (a victim's own work: a child street vendor).
func TestGroups45(t *testing.T) {
	for _, g := range []string{"Official", "officials", "border_official", "government_official", "official_details",
		"Funcionario", "funcionaria", "Fonctionnaire", "Funcionário", "Pejabat"} {
		if !otherPersonGroup(g) || !staffGroup(g) {
			t.Errorf("group %q: otherPersonGroup %v, staffGroup %v; want both", g, otherPersonGroup(g), staffGroup(g))
		}
	}
	for _, g := range []string{"for_official_use", "official_use", "official_documents", "official_id", "trader", "vendor",
		"street_vendor", "traders", "vendors"} {
		if otherPersonGroup(g) {
			t.Errorf("group %q: read as another person's, want the case's", g)
		}
	}
	for _, c := range []string{"Official/remarks", "for_official_use/remarks", "official_use/notes"} {
		if !remarkNamed(c) {
			t.Errorf("%q: not read as the case's remark", c)
		}
	}
}

// TestSayersDisagree45 (ing43's Left): two sayers who disagree. The organisation's own finding
// decides (its staff's, team's, "we"): "Police say victim; staff say not a victim" is out, as its
// colon form was and "Staff say not a victim" alone is, in every form and the five languages
// (on main the plain forms were read: a later clause denied only when it began with the
// denial). Another's claim of a denial beside the organisation's own "victim" is read, as
// "Police say not a victim" is (ing42), and so is a clause of two others' claims.
func TestSayersDisagree45(t *testing.T) {
	out := []string{
		"Police say: victim; staff say: not a victim",
		"Police say victim; staff say not a victim",
		"Police say victim, staff say not a victim",
		"Police say victim - staff say not a victim",
		"Police say: victim. Staff say: not a victim",
		"Police say victim; we say not a victim",
		"Police say victim; our team says that he is not a victim",
		"Victim per police; staff say not a victim",
		"Trafficked to Malaysia; staff say not a victim",
		"La policía dice: víctima; el equipo dice: no es víctima",
		"La policía dice víctima; el equipo dice no es víctima",
		"La policía dice víctima; el equipo dice que no es víctima",
		"La police dit : victime ; l'équipe dit : pas victime",
		"La police dit victime ; l'équipe dit pas victime",
		"A polícia diz: vítima; a equipe diz: não é vítima",
		"A polícia diz vítima; a equipe diz não é vítima",
		"Polisi bilang: korban; petugas bilang: bukan korban",
		"Polisi bilang korban; petugas bilang bukan korban",
	}
	read := []string{
		"Staff say: victim; police say: not a victim",
		"Staff say victim; police say not a victim",
		"Police say: not a victim; staff say: victim",
		"Police say not a victim; staff say victim",
		"NGO says victim; police say not a victim",
		"Trafficked to Malaysia; police say not a victim",
		"El equipo dice víctima; la policía dice no es víctima",
		"L'équipe dit victime ; la police dit pas victime",
		"A equipe diz vítima; a polícia diz não é vítima",
		"Petugas bilang korban; polisi bilang bukan korban",
		"Victim; staff say not at risk of re-trafficking",
	}
	remarksOutRead(t, out, read, false)
	for _, v := range []string{"Police say victim; staff say not a victim", "La policía dice víctima; el equipo dice no es víctima"} {
		if valid, _, _ := read37(t, "in.csv", csv38("Remarks", v)); valid != 30 {
			t.Errorf("%q: %d written, want 30 (10 quarantined as not a victim)", v, valid)
		}
	}
	if valid, why, _ := read37(t, "in.csv", csv38("Remarks", "Staff say victim; police say not a victim")); valid != 40 {
		t.Errorf("Staff say victim; police say not a victim: %d written, quarantined %v, want 40", valid, why)
	}
}

// TestKoboJoinedPersonRow45 (ing44's Left): the persons of a KoboToolbox record judged by the
// record's own column (its _notes = "Not a victim") or hidden row are quarantined at the
// record's row and column, and each is named at its own row of the group too: on main both
// persons of the record were "rescue_operation!3", two identical lines. A group row judged by
// its own column, and a Primero-style join of sections, name one row as before.
func TestKoboJoinedPersonRow45(t *testing.T) {
	parent := [][]any{{"start", "end", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_index"},
		{"2022-03-01T10:00:00", "2022-03-01T10:20:00", 501, "u1", "2022-03-02T10:00:00", "", "", 1},
		{"2022-04-02T10:00:00", "2022-04-02T10:20:00", 502, "u2", "2022-04-03T10:00:00", "", "Not a victim", 2}}
	head := []any{"registration_date", "country_of_exploitation", "province_of_exploitation", "gender", "age", "_index", "_parent_table_name",
		"_parent_index", "_submission__id", "_submission__notes"}
	rows := [][]any{{"2022-03-01", "AF", "Herat", "female", 12, 1, "rescue_operation", 1, 501, "Not a victim"},
		{"2022-03-01", "AF", "Herat", "male", 13, 2, "rescue_operation", 1, 501, ""},
		{"2022-04-02", "AF", "Kabul", "female", 15, 3, "rescue_operation", 2, 502, ""},
		{"2022-04-02", "AF", "Kabul", "male", 16, 4, "rescue_operation", 2, 502, ""}}
	p := filepath.Join(t.TempDir(), "input.xlsx")
	if err := os.WriteFile(p, buildWorkbook(t, []sheetRows{{"rescue_operation", parent}, {"victims", append([][]any{head}, rows...)}}), 0o644); err != nil {
		t.Fatal(err)
	}
	out := readAll(t, p, &Mapping{Sheet: "victims"})
	var got []string
	for _, r := range out.Rejected {
		got = append(got, r.Position()+"|"+r.Column)
	}
	// the first person's own _submission__notes (its own row), then the record's two persons
	want := []string{"victims!2|_submission__notes", "rescue_operation!3 (row victims!4)|_notes", "rescue_operation!3 (row victims!5)|_notes"}
	if out.Error != "" || len(out.Records) != 1 || !slices.Equal(got, want) {
		t.Errorf("%d read, quarantined at %q, error %q; want 1 read, quarantined at %q", len(out.Records), got, out.Error, want)
	}
	if r := (Rejection{Sheet: "Basic", Line: 3}); r.Position() != "Basic!3" {
		t.Errorf("Position() = %q, want Basic!3", r.Position())
	}
}
