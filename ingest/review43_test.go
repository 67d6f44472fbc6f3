package ingest

import "testing"

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
