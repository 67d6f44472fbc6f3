package detect

import (
	"fmt"
	"strings"
	"testing"
)

func TestHeader(t *testing.T) {
	for h, want := range map[string]Kind{
		"name": Name, "child_name": Name, "PrsFirstName": Name, "Nom de famille": Name, "prénom": Name,
		"nombre_completo": Name, "Фамилия": Name, "الاسم": Name,
		"whatsapp": Phone, "Teléfono": Phone, "phone_number_current": Phone, "mobileNo": Phone,
		"E-mail": Email, "correo": Email,
		"passport_no": IDNumber, "Tazkira number": IDNumber, "national_id": IDNumber,
		"home address": Address, "Dirección": Address,
		"birth_date": BirthDate, "DOB": BirthDate, "fecha de nacimiento": BirthDate, "vic_dateOfBirth": BirthDate,
		"case notes": FreeText, "Observaciones": FreeText,
	} {
		if got, ok := Header(h); !ok || got != want {
			t.Errorf("Header(%q) = %q, %v; want %q", h, got, ok, want)
		}
	}
	for _, h := range []string{"age", "gender", "city", "province_of_origin", "district_of_exploitation", "labour_sector",
		"recruiter_relation", "source", "year_of_registration", "is_forced_labour", "case_id_pseudonym", "occupation",
		"native-country", "salary-class", "workclass", "diagnosis", "form"} {
		if k, ok := Header(h); ok {
			t.Errorf("Header(%q) = %q", h, k)
		}
	}
}

func TestContent(t *testing.T) {
	rep := func(vals ...string) []string { // each value twice, as in a 2-anonymous column
		return append(append([]string{}, vals...), vals...)
	}
	for _, c := range []struct {
		vals []string
		want Kind // "" = not an identifier
	}{
		{[]string{"Asha Devi", "Ravi Kumar", "Meena Rao", "Arjun Singh", ""}, Name},
		{[]string{"Nguyễn Thị Lan", "Trần Văn Minh", "Lê Hoa"}, Name},
		{[]string{"+91 98765 43210", "098-765-4321", "(022) 2345 6789"}, Phone},
		{[]string{"+855 12 345 678", "+855 12 345 678", "+855 12 345 678"}, Phone}, // repeated: still a phone
		{[]string{"asha@example.org", "r.kumar@mail.example"}, Email},
		{[]string{"P1234567", "N7654321", "Z0000123"}, IDNumber},
		{[]string{"12 Station Road, Pune", "House 4, Lane 7", "45 rue de la Paix"}, Address},
		{[]string{"2009-04-17", "2011-12-01", "2008-07-30"}, BirthDate},
		{[]string{"She was taken from the bus station by a man who promised work in a hotel"}, FreeText},
		// not identifiers
		{rep("Phnom Penh", "Siem Reap", "Battambang"), ""},
		{[]string{"Delhi", "Pune", "Delhi", "Pune"}, ""},
		{[]string{"34", "36", "31", "38"}, ""},
		{[]string{"female", "male", "female"}, ""},
		{[]string{"Forced labour", "Sexual exploitation", "Forced labour", "Forced labour"}, ""},
		{rep("2020-2024", "2015-2019"), ""},
		{[]string{"IN-MH", "IN-WB", "KH-12"}, ""},
		{[]string{"Tech-support", "Craft-repair", "Sales", "Exec-managerial"}, ""},
		{[]string{"", "NA", "*"}, ""},
		// Burmese names: in Unicode (myanmarScriptName) and in the Zawgyi encoding, which
		// cannot be read for certain (privacy-side-doors29: the Zawgyi column was no identifier)
		{[]string{"အောင်", "ကျော်ဇင်ထက်", "ခင်", "သန္တာ"}, Name},
		{[]string{zawgyiAung, zawgyiKyawZinHtet, zawgyiKhin, zawgyiThandar, zawgyiHninWai}, Name},
		{rep(zawgyiAung, zawgyiKhin, zawgyiMin), Name},
		{[]string{zawgyiDawKhinMya + " (mother)", "uncle " + zawgyiKyi, zawgyiHninWai + " 2024"}, Name},
	} {
		got, ok := Content(c.vals)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Content(%q) = %q, %v; want %q", c.vals, got, ok, c.want)
		}
	}
}

// TestFindingHasNoValue: a finding, printed, names the column and the kind only.
func TestFindingHasNoValue(t *testing.T) {
	f, ok := Column("contact", []string{"Asha Devi", "Ravi Kumar", "Meena Rao"})
	if !ok {
		t.Fatal("names not found")
	}
	if s := fmt.Sprint(f); s != "contact (name, by its content)" {
		t.Errorf("finding %q", s)
	}
}

func TestSafeLabel(t *testing.T) {
	for _, s := range []string{"gender", "referral_source", "Case ID", "group_victim/sex", "Sheet1", "Cases 2024", "date of birth", "Date of Birth", "prs_FirstName",
		"lon", "province", "April", "Nationality", "Road", "Street address", "Address line 2",
		// a shelter, a coarse unit, a village's column: no address (privacy-side-doors26)
		"Safe House 2", "Zone 5", "Shelter 2", "Village name", "ward_no", "Caso de trata",
		// Burmese headers: name, age, gender, date of birth, township, state (privacy-side-doors27)
		"အမည်", "အသက်", "ကျား/မ", "မွေးသက္ကရာဇ်", "မြို့နယ်", "ပြည်နယ်", "လိပ်စာ"} {
		if !SafeLabel(s) {
			t.Errorf("SafeLabel(%q) = false", s)
		}
	}
	for _, s := range []string{"Asha Devi", "Nguyễn Thị Lan", "+91 98765 43210", "asha@example.org", "2009-04-17", "12 Station Road",
		"=HYPERLINK(\"x\")", "<img src=x onerror=alert(1)>", "P1234567", "", "a\x00b", "contacts.Asha Devi.age", "contacts/Ravi Kumar", "a very long label that goes on and on and on and on",
		// a lone given name: the first row of a headerless file
		"Zarmina", "farid", "Sokha",
		// one word of a script other than Latin, a given name as often as a header
		// (attack-2026-12-05e X6)
		"ดวงใจ", "สมศรี", "អាណា", "Сергей", "Айгуль", "张伟", "민준", "ሰላም",
		// an address as a header (attack-2026-12-04e, lows)
		"Kabul Road 12", "Jl. Merdeka 5", "Calle 4", "St 7",
		// a plot, a flat, a block, a sector, a ward, a village with its number (privacy-side-doors25, left)
		"Plot 12", "Flat 2B", "Block 4", "Sector 4", "Ward 3", "ward_3", "Village 5", "Moo 4", "Phum 3", "Desa 2", "RT 3",
		"Purok 6", "Tole 4", "Lote 12", "Holding 45", "Mohalla 3", "Kebele 12", "Barangay 12",
		// a Burmese given name alone (privacy-side-doors25, left)
		"Kyaw", "Thandar", "HTET",
		// the same in Burmese script, a name's syllables written together or apart
		// (privacy-side-doors26, left: shown)
		"အောင်", "ကျော်ဇင်ထက်", "သန္တာ", "ဒေါ်ခင်မြ", "မြင့်မြတ်", "အောင် ကျော်", "ဦး သိန်း စိန်",
		// the same names and a header in the Zawgyi font's encoding, which cannot be read for
		// certain: withheld (privacy-side-doors27, left: shown)
		zawgyiAung, zawgyiKyawZinHtet, zawgyiKhin, zawgyiDawKhinMya, zawgyiThandar, zawgyiHninWai,
		zawgyiMin, zawgyiAung + " " + zawgyiKhin, zawgyiName, zawgyiKhin + " cases",
		// names of two words in scripts without case, and Burmese names with U and Ma before
		// syllables the lists lacked (attack-2026-12-05d W11)
		"សុខ សុខា", "অনিতা দাস", "अनीता दास", "محمد احمدی", "สมชาย ใจดี", "ဦးလှမောင်", "မခင်ဌေး"} {
		if SafeLabel(s) {
			t.Errorf("SafeLabel(%q) = true", s)
		}
	}
}

// TestSourceLabel: file and sheet names with years, dates, short numbers and words of places
// are named; a person's name or a case number is not (attack-2026-12-01 finding 14).
func TestSourceLabel(t *testing.T) {
	for _, s := range []string{"cases_2023", "export-20240105", "2022", "2023", "Shelter B", "Kabul City", "cases 2024-01",
		"Cases Jan 2024", "month 03", "in-rescue-network-events", "Safe Haven Herat", "Sheet1", "gender",
		"household_members", "in-kolkata-police", "Herat Girls Shelter", "Basic Identity", "Deleted records",
		"centres", "Kabul intake 2023", "farah-cases", "siem_reap_2024", "april-2024", "Sheet2", "narratives",
		// English words, places, acronyms and lower-case words of the user's (privacy-side-doors5)
		"Hope Shelter", "Human Trafficking Cases", "Forced Labour Register", "ECPAT", "Dhaka", "Kolkata police",
		"misdated", "odata", "Shelter B 2023", "Cases Jan 2024", "Rose", "Mark Sheet",
		// lower-case words of the user's making: run together, with an ending, abbreviations
		// (the scripts' file names), and English given names before words of files
		"allrisk", "notvictim", "perfile", "nocount", "badfield", "evbad", "reuse3", "sci", "ext2", "rose_reports",
		"mark_sheet", "hope_shelter_2024", "herat_girls",
		// a month's abbreviation beside a place (privacy-side-doors7's noticed)
		"herat_jan", "kabul_feb", "Herat Jan 2024", "jan herat", "cases_herat_dec",
		// names made of status words (attack-2026-12-04a, lows: "input 1" in the refusal)
		"Not VoT", "Non-VoT", "Presuntas víctimas", "Possible VoTs", "Supuestas víctimas", "Vítimas potenciais",
		"Victimes présumées", "PVoT 2024", "Víctimas sospechosas",
		// a word run together in mixed case beside an acronym
		"MyData KBL", "KBL_XyZ",
		// words run together in mixed case whose parts are known and one a word of files or
		// places, or of two letters: no name (privacy-side-doors23, left: "input 1" on main)
		"HopeHouse", "KoboExport Kabul", "MyData export", "KabulShelter", "PrimeroExport 2024", "ShelterA", "NewData",
		"iPhone export", "NotVictims", "AtRisk",
		// familyCapitalized's words in lower case or in capitals name what a file holds
		"long_format", "WHITE LIST", "green zone", "black_list", "young people", "WOOD", "hill_districts", "win-rate",
		// "korban" after a status word (ingest-exactness23, left: "Bukan korban.csv" was "input 1")
		"Bukan korban", "bukan_korban", "Calon korban 2024", "Terduga Korban",
		// sheets named in the languages ingest reads (attack-2026-12-04d, lows: "sheet 1")
		"Niños", "Niñas", "Garçons", "Filles", "Otros casos", "Exploitation sexuelle", "Trata", "Meninas",
		"Explotación laboral", "Kasus 2024", "Autres cas",
		// "caso" and "cas" kept among them (privacy-side-doors26); a shelter's, a coarse unit's
		// number; province and country codes beside Burmese names of two and three letters
		"Caso de trata", "id_caso", "Cas suspects", "Safe House 2", "Zone 5", "Shelter 2", "PG-HLA", "RW-01",
		// Burmese words of files: Yangon, record, list, trafficking, victim, refugees (privacy-side-doors27)
		"ရန်ကုန်", "မှတ်တမ်း", "စာရင်း", "လူကုန်ကူးမှု", "သားကောင်", "ဒုက္ခသည်", "မှတ်တမ်း 2024"} {
		if !SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = false", s)
		}
	}
	for _, s := range []string{"Asha Devi", "Asha_Devi_2023", "kobo_12345", "TR-004512", "0700123456", "+93 700 123 456",
		"asha@example.org", "Asha Canaryfile 0987654321", "Nguyễn Thị Lan", "", "a\x00b", "=cmd()", "case 123",
		// a child's file, whatever the case, order and words around the name (tester s13)
		"Zarmina Qasimzada intake", "zarmina_qasimzada",
		// a name beside words of sheets in other languages
		"Niñas Qasimzada", "Otros casos Zarmina", "Filles - Asha Devi", "Nina",
		// Burmese names with U and Ma (attack-2026-12-05d W11: a sheet per child was named)
		"ဦးလှမောင်", "မခင်ဌေး", "ဦး လှ မောင်",
		// an address (privacy-side-doors25's noticed)
		"House 4, Lane 7", "12 Station Road", "Jl. Merdeka 5", "Qasimzada, Zarmina", "ZARMINA QASIMZADA 2023",
		"intake form - Zarmina Qasimzada", "asha-devi-case-file",
		// one given name of the lists, whatever the case and words around it
		"zarmina", "Zarmina", "FARID", "karim_2023", "cases-laila", "Sokha intake", "bikash",
		// a family name alone, an initial with a family name, names that are English words
		// (attack-2026-12-01d finding 5), a script without case
		"Qasimzada", "Qasimzada 2023", "QASIMZADA", "Z. Qasimzada", "Z Qasimzada", "Rose Hunter intake",
		"Grace Hope 2023", "intake - Joy Baker", "Hunter, R.", "សុខា", "सीता",
		// a family name beside words of files, or in lower case (privacy-side-doors6's Left)
		"Qasimzada intake", "intake Qasimzada 2023", "qasimzada", "qasimzada_intake", "popal-2023", "cases_sultani",
		"rose_hunter_intake", "grace-hope-2023", "joy baker",
		// a month's abbreviation beside a name is no export's date: the name is found alone
		"Qasimzada Jan", "jan_qasimzada", "dec_sultani", "Sept Zarmina", "jan_agha", "Gul Jan",
		// a family name beside a word run together in mixed case the lists lack (ing23's note):
		// two unknown words for loneName, one for unknownWords
		"MyData Qasimzada", "XyZ Qasimzada", "Qasimzada-KoboExport", "HopeHouse_Qasimzada", "intake NewData Qasimzada 2023",
		"iPhone Qasimzada", "myData qasimzada", "Qasimzada outB", "RoseHunter Qasimzada", "ShelterA Popal",
		// "korban" is a given name too: alone, or a status phrase beside a name
		"Korban", "korban_2023", "Bukan korban Qasimzada", "Calon korban Zarmina",
		// a name written together, whose parts are English words: withheld as before
		"HunterKhan", "JoyBaker", "MasonTurner 2024", "HopeHouse Qasimzada",
		// family names that are English words, alone or beside words of files
		// (privacy-side-doors23, left: shown on main)
		"Khan", "Khan 2023", "cases_khan", "Hunter intake", "Hunter", "intake-Shah", "KHAN_2024", "Sheikh cases",
		"smith_referrals", "KhanHouse", "Tan 2023", "Baker, Joy",
		// family names that are English words a file uses in lower case too, capitalized
		// (privacy-side-doors24, left: shown on main), and the presets' countries' ones
		"White", "Young 2023", "Long", "Bell", "cases Bell", "Long intake", "White_2024", "intake-Green", "LongSokha", "KingHunter",
		"Pal", "Nag 2023", "Chin intake", "Pen", "Hang 2024", "Win", "Tin cases", "Pun",
		"Butt", "butt_cases", "Lama intake", "RAJA 2023", "imam_2024",
		// words of sheets abroad that are names (privacy-side-doors26): alone, withheld
		"Abrigo", "abrigo_2024", "Ninos",
		// Burmese given names (privacy-side-doors25, left: "Kyaw" was shown)
		"Kyaw", "kyaw_2023", "Thandar", "thandar", "Htet Aung", "aung_kyaw", "Zaw Min Htet", "Kyaw Zin Htet intake",
		"Nwe", "cases_myint", "Hnin 2024", "Shwe Sin", "khin-2024",
		// the same in Burmese script (privacy-side-doors26, left: shown), and stored in another
		// order of the dot below and asat (U+103A U+1037) than NFC's
		"အောင်", "ကျော်ဇင်ထက်", "cases_ခင်", "နှင်းဝေ 2024", "အောင် ကျော်", "မောင်ထွန်း intake", "မြင့်",
		// in the Zawgyi font's encoding (privacy-side-doors27, left: shown)
		zawgyiAung, zawgyiKyawZinHtet, "cases_" + zawgyiKhin, zawgyiHninWai + " 2024", zawgyiAung + " " + zawgyiKhin,
		zawgyiDawKhinMya + " intake", zawgyiThandar, zawgyiKyi,
		// the parts of an address (privacy-side-doors25, left)
		"Plot 12", "Flat 2B", "Sector 4", "Ward 3", "Village 5", "Moo 4", "Phum 3", "Desa 2", "RT 3", "Purok 6",
		"Lote 12", "Holding 45", "Block 4"} {
		if SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = true", s)
		}
	}
}

// TestGroupHeader: the headers of household, family and rescue-operation numbers, and of
// villages (attack-2026-12-01d finding 6, 12-01e finding 7), and headers that are neither.
func TestGroupHeader(t *testing.T) {
	for _, h := range []string{"household_id", "family_no", "hh_id", "HHID", "sibling_group", "_parent_index",
		"household", "Household", "HH", "family", "rescue_operation", "Rescue Operation", "raid", "raid_no",
		"operation_code", "OperationID"} {
		if !GroupHeader(h) {
			t.Errorf("GroupHeader(%q) = false, want true", h)
		}
	}
	for _, h := range []string{"family_size", "family_reunification", "household_members", "siblings", "households",
		"parent", "rescue", "rescue_date", "batch", "operation_type", "form", "village"} {
		if GroupHeader(h) {
			t.Errorf("GroupHeader(%q) = true, want false", h)
		}
	}
	for _, h := range []string{"village", "Village name", "town", "ward_no", "gram_panchayat"} {
		if !SmallPlaceHeader(h) {
			t.Errorf("SmallPlaceHeader(%q) = false, want true", h)
		}
	}
	for _, h := range []string{"district", "province", "household", "city"} {
		if SmallPlaceHeader(h) {
			t.Errorf("SmallPlaceHeader(%q) = true, want false", h)
		}
	}
}

// Burmese names in the Zawgyi font's encoding (the vowel sign E and ya-yit before the
// consonant, U+1039 as the killer, stacked letters at U+1060 on), as registers typed them
// before 2019; their Unicode spellings are in TestSafeLabel's lists.
const (
	zawgyiAung        = "\u1031\u1021\u102c\u1004\u1039"                                     // အောင်
	zawgyiKyawZinHtet = "\u1031\u1000\u103a\u102c\u1039\u1007\u1004\u1039\u1011\u1000\u1039" // ကျော်ဇင်ထက်
	zawgyiKhin        = "\u1001\u1004\u1039"                                                 // ခင်
	zawgyiDawKhinMya  = "\u1031\u1012\u105a\u1001\u1004\u1039\u103b\u1019"                   // ဒေါ်ခင်မြ
	zawgyiThandar     = "\u101e\u108f\u1071\u102c"                                           // သန္တာ
	zawgyiHninWai     = "\u108f\u103d\u1004\u1039\u1038\u1031\u101d"                         // နှင်းဝေ
	zawgyiMin         = "\u1019\u1004\u1039\u1038"                                           // မင်း
	zawgyiKyi         = "\u107e\u1000\u100a\u1039"                                           // ကြည်
	zawgyiName        = "\u1021\u1019\u100a\u1039"                                           // အမည် (name), a header
)

// TestColumnZawgyi (privacy-side-doors30): a column whose names content reads are all words of
// Burmese in the Zawgyi font says so (Finding.Zawgyi), so that a refusal can say why a column
// of provinces so typed looks like names; names of the lists, or Burmese names in Unicode, do not.
func TestColumnZawgyi(t *testing.T) {
	rep := func(vs ...string) []string {
		var out []string
		for i := range 30 {
			out = append(out, vs[i%len(vs)])
		}
		return out
	}
	for _, c := range []struct {
		name   string
		values []string
		want   bool
	}{
		{"zawgyi provinces", rep("\u101b\u1014\u1039\u1000\u102f\u1014\u1039", "\u1019\u108f\u1071\u1031\u101c\u1038",
			"\u1005\u1005\u1039\u1000\u102d\u102f\u1004\u1039\u1038", "\u1015\u102f\u101e\u102d\u1019\u1039"), true},
		{"unicode names", rep("အောင်", "ကျော်ဇင်ထက်", "ခင်", "သန္တာ"), false},
		{"latin and zawgyi", rep("Zarmina", "Karim", "Laila", "\u1031\u1021\u102c\u1004\u1039"), false},
	} {
		f, ok := Column("region", c.values)
		if !ok || f.Kind != Name {
			t.Errorf("%s: want a name column, got %v %v", c.name, f, ok)
			continue
		}
		if f.Zawgyi != c.want || strings.Contains(f.String(), "Zawgyi") != c.want {
			t.Errorf("%s: Zawgyi %v (%s), want %v", c.name, f.Zawgyi, f, c.want)
		}
	}
}
