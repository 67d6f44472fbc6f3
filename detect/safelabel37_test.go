package detect

import "testing"

// TestSafeLabelNameBesideOtherWords (privacy-side-doors37): a given name beside a header word of
// the presets' other languages that the lists hold as a name too ("nama", "korban", "que") was
// shown, such a word ending joinedName's rule ("nama_zarmina"); and "sharif", a name that is a
// city's word (Mazar-i-Sharif), was shown beside a header ("contact_sharif"). Both are withheld
// now; the other languages' headers, and a city's words together, stay shown.
func TestSafeLabelNameBesideOtherWords(t *testing.T) {
	for s, want := range map[string]bool{
		// withheld: a name beside another language's header word, or a city's name beside a header
		"nama_zarmina": false, "Nama Zarmina": false, "korban_siti": false, "nama-rahimullah": false, "nama_pushpa": false,
		"contact_sharif": false, "Contact Sharif": false, "sharif_remarks": false, "age_sharif": false, "suspects/contact_sharif": false,
		// shown: the presets' other languages' headers, cities, places
		"nama_ayah": true, "nama_korban": true, "nama_suami": true, "nama_wali": true, "nama_lengkap": true, "peran_korban": true,
		"que_quan": true, "Quê quán": true, "trang_thai": true, "nama": true, "data/nama": true, "kota/umur": true,
		"mazar_sharif": true, "Mazar-i-Sharif": true, "mazar_sharif_cases": true, "cases_jordan": true, "herat_cases": true,
		"contact_name": true, "contact_person": true,
	} {
		if got := SafeLabel(s); got != want {
			t.Errorf("SafeLabel(%q) = %v, want %v", s, got, want)
		}
	}
	if !cityName("sharif") || cityName("kabul") || cityName("jordan") || cityName("zarmina") {
		t.Errorf("cityName: sharif %v, kabul %v, jordan %v, zarmina %v; want only sharif", cityName("sharif"), cityName("kabul"), cityName("jordan"), cityName("zarmina"))
	}
}
