package geo

import (
	"strings"
	"testing"
)

// The tester's low (attack-2026-12-02b): "هرات", Herat in Dari script, was left empty. The
// organisations' scripts: Dari and Pashto (either keyboard's yeh, kaf and gaf, with or without
// the word for province on either side), Khmer (with or without ខេត្ត, joined or spaced),
// Bengali, Devanagari (with or without the nukta), Urdu and Burmese.
func TestScriptNames(t *testing.T) {
	for _, c := range []struct{ country, in, want string }{
		{"AF", "هرات", "AF-HER"},
		{"AF", "ولایت هرات", "AF-HER"},
		{"AF", "هرات ولايت", "AF-HER"},
		{"AF", "ولايت هرات", "AF-HER"},
		{"AF", "ولایت‌هرات", "AF-HER"}, // zero-width non-joiner
		{"AF", "کابل", "AF-KAB"},
		{"AF", "كابل", "AF-KAB"}, // Arabic kaf
		{"AF", "ننگرهار", "AF-NAN"},
		{"AF", "د ننګرهار ولايت", "AF-NAN"},
		{"AF", "ننګرهار", "AF-NAN"},
		{"AF", "قندهار", "AF-KAN"},
		{"AF", "کندهار", "AF-KAN"},
		{"AF", "خوست", "AF-KHO"},
		{"AF", "بلخ", "AF-BAL"},
		{"AF", "ولایت غزنی", "AF-GHA"},
		{"AF", "غزني", "AF-GHA"},
		{"KH", "សៀមរាប", "KH-17"},
		{"KH", "ខេត្តសៀមរាប", "KH-17"},
		{"KH", "ខេត្ត សៀមរាប", "KH-17"},
		{"KH", "ភ្នំពេញ", "KH-12"},
		{"KH", "រាជធានីភ្នំពេញ", "KH-12"},
		{"KH", "បាត់ដំបង", "KH-2"},
		{"KH", "កំពង់ចាម", "KH-3"},
		{"IN", "পশ্চিমবঙ্গ", "IN-WB"},
		// Nepal's provinces of 2015 and Tbong Khmum (2013): in npm's cldr, not Debian's CLDR 41
		{"NP", "बागमती", "NP-P3"},
		{"NP", "बागमती प्रदेश", "NP-P3"},
		{"NP", "मधेश", "NP-P2"},
		{"NP", "कोशी", "NP-P1"},
		{"NP", "लुम्बिनी", "NP-P5"},
		{"NP", "सुदूरपश्चिम प्रदेश", "NP-P7"},
		{"KH", "ត្បូងឃ្មុំ", "KH-25"},
		{"KH", "ខេត្តត្បូងឃ្មុំ", "KH-25"},
		{"IN", "पश्चिम बंगाल", "IN-WB"},
		{"IN", "महाराष्ट्र", "IN-MH"},
		{"IN", "छत्तीसग\u095D", "IN-CG"},  // precomposed ढ़ (CLDR's IN-CT)
		{"IN", "छत्तीसगढ\u093C", "IN-CG"}, // ढ with a nukta mark
		{"IN", "छत्तीसगढ", "IN-CG"},       // without the nukta (Marathi)
		{"IN", "ओडिशा", "IN-OD"},
		{"IN", "तेलंगाना", "IN-TS"},
		{"IN", "उत्तर प्रदेश", "IN-UP"},
		{"IN", "पंजाब", "IN-PB"},
		{"IN", "پنجاب", "IN-PB"},
		{"IN", "মহারাষ্ট্র", "IN-MH"},
		{"BD", "ঢাকা", "BD-C"},
		{"BD", "ঢাকা বিভাগ", "BD-C"},
		{"BD", "কক্সবাজার", "BD-B"}, // a district, in Chattogram division
		{"BD", "ময়মনসিংহ", "BD-H"},
		{"BD", "খুলনা", "BD-D"},
		{"PK", "سندھ", "PK-SD"},
		{"PK", "خیبر پختونخوا", "PK-KP"},
		{"PK", "بلوچستان", "PK-BA"},
		{"PK", "پنجاب", "PK-PB"},
		{"MM", "ရန်ကုန်", "MM-06"},
		{"MM", "ရန်ကုန်တိုင်း", "MM-06"},
		{"MM", "ရန်ကုန်တိုင်းဒေသကြီး", "MM-06"},
		{"MM", "ကချင်ပြည်နယ်", "MM-11"},
		{"MM", "ကချင်", "MM-11"},
		{"IR", "تهران", "IR-07"},
		{"IR", "استان تهران", "IR-07"},
	} {
		if got, ok := LookupProvince(c.country, c.in); !ok || got != c.want {
			t.Errorf("LookupProvince(%s, %q) = %q, %v; want %s", c.country, c.in, got, ok, c.want)
		}
	}
	// Without a country: a name only one country's subdivisions have.
	for in, want := range map[string]string{"هرات": "AF-HER", "ولایت هرات": "AF-HER", "সৗমরাপ": "", "ខេត្តសៀមរាប": "KH-17", "পশ্চিমবঙ্গ": "IN-WB"} {
		got, ok := LookupProvinceAnywhere(in)
		if want == "" {
			if ok {
				t.Errorf("LookupProvinceAnywhere(%q) = %q, want refused", in, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("LookupProvinceAnywhere(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	// Punjab is India's and Pakistan's: refused without a country, in either script.
	for _, in := range []string{"پنجاب", "Punjab"} {
		if got, ok := LookupProvinceAnywhere(in); ok {
			t.Errorf("LookupProvinceAnywhere(%q) = %q, want refused (IN-PB or PK-PB)", in, got)
		}
	}
	// The unit's word alone is no place; nor is another word.
	for _, in := range []string{"ولایت", "ខេត្ត", "জেলা", "هراتي", "هر"} {
		if got, ok := LookupProvince("AF", in); ok {
			t.Errorf("LookupProvince(AF, %q) = %q, want refused", in, got)
		}
	}
}

// Every CLDR name leads to its subdivision (or the first-level parent, or the code that took
// a superseded one's place), unless the same name is given to two (dropped as ambiguous).
func TestCldrNamesResolve(t *testing.T) {
	if !strings.Contains(CldrSource(), "cldr") {
		t.Errorf("CldrSource() = %q", CldrSource())
	}
	idx := provinceIdx()
	iso := map[string]isoRow{}
	for _, r := range isoSubdivisions {
		iso[r.code] = r
	}
	used := 0
	for _, r := range cldrNames {
		top, _ := cldrTop(idx, iso, r.code)
		if top == "" {
			continue
		}
		used++
		cc := CountryOfProvince(r.code)
		got, ok := LookupProvince(cc, r.name)
		if idx.keys[cc].names.amb[provinceKey(r.name)] {
			if ok {
				t.Errorf("%s %s %q: ambiguous, but LookupProvince = %q", r.code, r.locale, r.name, got)
			}
			continue
		}
		if !ok || got != top {
			t.Errorf("%s %s %q: LookupProvince = %q, %v; want %s", r.code, r.locale, r.name, got, ok, top)
		}
	}
	if used < 350 {
		t.Errorf("%d of %d CLDR names used, want 350 or more", used, len(cldrNames))
	}
}
