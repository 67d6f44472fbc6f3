package detect

import "testing"

// TestHeaderLabel (attack-2026-12-06d D9): a dropped column's header is printed only when every
// word of it is known; a given name the lists lack, a family's or a tribe's name withhold it.
func TestHeaderLabel(t *testing.T) {
	for s, want := range map[string]bool{
		// withheld: D9's headers, and names SafeLabel already withholds
		"Naqib notes": false, "Follow up by Malalai": false, "Sreymom follow-up": false, "Qx asked by Spozhmai": false,
		"Ahmadzai": false, "Shinwari notes": false, "Mohmand": false, "notes_naqib": false, "Najibullah notes": false,
		"contact_rahimullah": false, "nama_zarmina": false, "contact_sharif": false, "Spozhmai Ahmadzai": false,
		"Zarmina": false, "ดวงใจ": false, "2024-01-05": false,
		// shown: headers of known words, in any case or joining, the presets' other languages
		"favourite colour": true, "IP_Relation": true, "location_current": true, "village_code": true,
		"meta/instanceID": true, "Organisation": true, "Возраст": true, "Q7 asked by": true, "Follow up by": true,
		"hh_size": true, "nama_ayah": true, "que_quan": true, "Quê quán": true, "remarks": true, "Case worker notes": true,
		"follow-up date": true, "Referred by": true, "Cases 2024": true, "VoT": true, "Assessment": true, "Case type": true, "Category": true, "Fecha de alta": true, "Numero del caso": true, "Tanggal masuk": true, "Número de caso": true, "Date of discharge": true,
	} {
		if got := HeaderLabel(s); got != want {
			t.Errorf("HeaderLabel(%q) = %v, want %v", s, got, want)
		}
	}
}
