package ingest

import "testing"

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
