package detect

import "testing"

// TestHeaderLabelPersonWord (privacy-side-doors37, task 3): a dropped header of a word that says a
// person is named ("contact", "contacto", "kontakt", "kontak", "caseworker") beside a name that is
// also a place or a word of the English list ("jordan", "georgia", "grace", "hope", "may", "china")
// is withheld by rule, not by the chance that the lists lack the word: every other word beside
// such a word must be a field's. Before, "contact_grace", "contact_hope", "contact_may",
// "contact_china" and "caseworker_hope" were printed in the notice of a dropped column.
func TestHeaderLabelPersonWord(t *testing.T) {
	for s, want := range map[string]bool{
		// withheld: a person word beside a name of any kind
		"contact_jordan": false, "contacto_georgia": false, "kontakt_maria": false, "Kontak Jordan": false,
		"contact_grace": false, "contact_hope": false, "contact_may": false, "contact_china": false, "Contact Mercy": false,
		"caseworker_hope": false, "Officer Grace": false, "contato_rosa": false, "kontak_indah": false, "Jordan contact": false,
		// shown: a person word beside a field's words, and headers without one
		"contact_phone": true, "contact_name": true, "contact_person": true, "Contact type": true, "Contact date": true,
		"Emergency contact": true, "contact_address": true, "officer_id": true, "nama_petugas": true, "Tipo de contacto": true,
		"grace period": true, "cases_china": true, "Fecha de alta": true, "DOR": true, "Motivo de ingreso": true,
	} {
		if got := HeaderLabel(s); got != want {
			t.Errorf("HeaderLabel(%q) = %v, want %v", s, got, want)
		}
	}
}
