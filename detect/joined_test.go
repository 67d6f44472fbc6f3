package detect

import (
	"strings"
	"testing"
)

// TestSafeLabelJoinedName: a given name joined by "_" or "-" to English header words names a
// person of the case ("suspects_zarmina", "trafficker_somchai"), as "Zarmina/suspects" does
// (privacy-side-doors32, left); the presets' other languages' header words that the lists hold
// as given names ("nama", "ayah", "peran", "korban") and the usual snake-case headers are shown.
func TestSafeLabelJoinedName(t *testing.T) {
	for s, want := range map[string]bool{
		"suspects_zarmina": false, "trafficker_somchai": false, "victim_nguyễn": false, "victim-nguyễn": false,
		"Zarmina_remarks": false, "remarks_Nguyễn": false, "suspects_zarmina_2": false, "suspect_amina": false,
		"group/suspects_zarmina": false, "citizenship_zarmina": false,
		// shown: headers of the presets' languages, snake case and kebab case
		"nama_ayah": true, "nama_korban": true, "peran_korban": true, "nama_lengkap": true, "fecha_del_registro": true,
		"date_naissance": true, "nom_prenom": true, "case_notes": true, "father_name": true, "case_id": true,
		"registration_date": true, "type_of_exploitation": true, "province_of_exploitation": true, "is_minor": true,
		"date-of-birth": true, "intake-remarks": true, "victim_hope": true, "case_no_2": true, "meta/instanceID": true,
		"_submission_time": true, "gioi_tinh": true, "ngay_sinh": true, "que_quan": true,
	} {
		if got := SafeLabel(s); got != want {
			t.Errorf("SafeLabel(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSafeLabelNama: "nama" (Indonesian and Malay: name) alone is a header, which announces a
// column of names, not a person's name to withhold (privacy-side-doors33, left); a name after
// it is one ("nama_zarmina": TestSafeLabelNameBesideOtherWords).
func TestSafeLabelNama(t *testing.T) {
	for s, want := range map[string]bool{
		"nama": true, "Nama": true, "NAMA": true, "nama lengkap": true, "Nama korban": true, "data/nama": true,
		"Nama Siti": false, "Siti": false, "Zarmina/nama": false,
	} {
		if got := SafeLabel(s); got != want {
			t.Errorf("SafeLabel(%q) = %v, want %v", s, got, want)
		}
	}
	for _, h := range []string{"nama", "Nama", "nama_lengkap", "nama_ayah", "Nama korban"} {
		if k, ok := Header(h); !ok || k != Name {
			t.Errorf("Header(%q) = %q, %v, want a name", h, k, ok)
		}
	}
}

// TestSafeLabelDemoNames: common given names of the demo's countries (Afghanistan, India,
// Cambodia) that the lists lacked are withheld alone and beside a header word, as "Zarmina" is
// (privacy-side-doors35: "contact_rahimullah" was shown while "age_zarmina" was withheld); the
// "-ullah" and "-uddin" compounds beyond any list too, and the headers around them stay shown.
func TestSafeLabelDemoNames(t *testing.T) {
	for _, n := range []string{
		"Rahimullah", "Hekmatullah", "Najibullah", "Qudratullah", "Wasiqullah", "Gulbuddin", "Sharafuddin", "Fawad", "Masood", "Jawid", "Sohrab", "Hazrat",
		"Mozhgan", "Shekiba", "Zarlasht", "Benafsha", "Durkhanai", "Paimana", "Mahjabin",
		"Pradeep", "Rajesh", "Naresh", "Pankaj", "Munna", "Guddu", "Rekha", "Mamta", "Sangeeta", "Pushpa", "Munni",
		"Sreymao", "Sreyka", "Sopheara", "Daravy", "Sokleng", "Lyhour", "Monyroth",
	} {
		if !LabelName(n) || !GivenName(n) {
			t.Errorf("%q: LabelName %v, GivenName %v, want both", n, LabelName(n), GivenName(n))
		}
		l := strings.ToLower(n)
		for _, s := range []string{n, "contact_" + l, "age_" + l, l + "_remarks", "suspects/" + n} {
			if SafeLabel(s) {
				t.Errorf("SafeLabel(%q) = true, want withheld", s)
			}
		}
	}
	for _, s := range []string{"contact_name", "age", "remarks", "medulla", "mullah", "fullah", "pudding", "registration_date", "village"} {
		if !SafeLabel(s) {
			t.Errorf("SafeLabel(%q) = false, want shown", s)
		}
	}
}
