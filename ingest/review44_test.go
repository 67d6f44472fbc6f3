package ingest

import (
	"strings"
	"testing"
)

// TestBareSayer44: a sayer with no verb of saying before a colon or a dash ("Police: not a
// victim") is decided, in the five languages alike, as the organisation's denial citing its
// basis (ing43's Left): it may stand for "police say" (a claim, read) or "police found" (a
// finding, out), and is written as a field and its answer is, so the row is left out with its
// reason, as "Not a victim, per police" and "Not a victim (police)" are. Written with its verb
// the claim is read in every language (TestClaimForms43), so each pair below differs by the
// verb alone.
func TestBareSayer44(t *testing.T) {
	out := []string{
		"Police: not a victim", "Police - not a victim", "Police: not trafficked", "Police: \"not a victim\"",
		"Employer: not a victim", "Family: not a victim", "AHTU: not a victim",
		"Policía: no es víctima", "La policía: no es víctima", "La policía - no es víctima", "La policía: «no es víctima»",
		"Polícia: não é vítima", "A polícia: não é vítima", "A polícia - não é vítima",
		"Police : pas victime", "La police : pas victime", "La police - pas victime", "La police : « pas victime »",
		"Polisi: bukan korban", "Polisi - bukan korban",
		"Trafficked to Malaysia; police: not a victim",
		"Per police: not a victim", "Police view: not a victim", "Not a victim (police)",
	}
	read := []string{
		"Police say: not a victim", "Police say - not a victim",
		"La policía dice: no es víctima", "La policía dice - no es víctima",
		"A polícia diz: não é vítima", "A polícia diz - não é vítima",
		"La police dit : pas victime", "La police dit - pas victime",
		"Polisi bilang: bukan korban", "Polisi bilang - bukan korban",
		"Police: victim", "Policía: es víctima",
	}
	remarksOutRead(t, out, read, false)
	for _, v := range []string{"Police: not a victim", "La policía: no es víctima", "Polisi - bukan korban"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10 for the remark", v, valid, why)
		}
	}
}

// TestGroupNouns44 (D2 as a rule, ing43's Left): a group named by another person of the trade,
// a boat's master, a coach or a local authority is that person's ("Handler/Sex", "Captain/Age":
// their questions are not the case's); the victim's own nouns, the agent nouns a rule by
// suffix (-er, -or, -ant, -ee) would take, stay the case's, and so do groups of no person's
// name. The first half fails on main (each group's sex was read as the case's).
func TestGroupNouns44(t *testing.T) {
	for _, g := range []string{"Handler", "group_fixer", "Transporter", "facilitator_details", "Dealer", "Moneylender",
		"Lender", "Creditor", "Madame", "Captain", "boat_skipper", "Coach", "Trainer", "Chairman", "Chairperson",
		"Councillor", "Mayor", "Soldier"} {
		if !otherPersonGroup(g) {
			t.Errorf("group %q: read as the case's person, want another person's", g)
		}
	}
	for _, g := range []string{"survivor", "group_survivor", "members", "household_members", "member_info", "migrant",
		"migrants", "participant", "participants", "respondent", "beneficiary", "client", "applicant", "worker", "workers",
		"debtor", "returnee", "crew", "child", "victim_details", "kishori", "grp_b", "shelter", "gender", "register", "other"} {
		if otherPersonGroup(g) {
			t.Errorf("group %q: read as another person's, want the case's", g)
		}
	}
}

// TestCaseTypeColumns44 (D5 as a rule, ing43's Left): a case-type column's other types a
// child-protection or labour desk records ("Theft", "Custody dispute", "Labour dispute") are
// not trafficking cases: refused as the listed types are (TestCaseTypes38; on main they were
// counted as trafficking). A column of another subject's type ("Type of ID", "Referral type",
// "ID type") is not a case type, whatever its values: read. Still a list: a rule by a
// column's values (a Type column holding "Trafficking" with other values) would take an
// unlisted form of exploitation ("Camel jockey") beside it for another type.
func TestCaseTypeColumns44(t *testing.T) {
	for _, v := range []string{"Theft", "Custody dispute", "Child custody", "Labour dispute", "Labor dispute"} {
		if tr, other := caseTypeValue(v); tr || !other {
			t.Errorf("caseTypeValue(%q) = %v, %v: want another type", v, tr, other)
		}
		r := NewReader("in.csv", strings.NewReader(csv38("Type", v)))
		r.Now = testNow
		if n, err := readAll38(r); err == nil {
			t.Errorf("Type = %q: %d written, want a refusal", v, n)
		}
	}
	for _, c := range [][2]string{{"Type of ID", "Passport"}, {"Type of ID", "National ID"}, {"ID type", "Birth certificate"},
		{"Referral type", "Police"}, {"Referral type", "Self"}, {"Type", "Trafficking"}, {"Type", "Trafficking - labour"}} {
		r := NewReader("in.csv", strings.NewReader(csv38(c[0], c[1])))
		r.Now = testNow
		if n, err := readAll38(r); err != nil || n != 40 {
			t.Errorf("%s = %q: %d written, error %v; want 40", c[0], c[1], n, err)
		}
	}
}
