package pipeline

import "testing"

// TestPathProvince: files and folders named for a province (attack-2026-12-03f finding 10),
// and names that are none.
func TestPathProvince(t *testing.T) {
	for name, want := range map[string]string{
		"fp/Herat/cases.csv":                                "AF-HER",
		"fq/khost_cases.csv":                                "AF-KHO",
		"exports/West-Bengal.xlsx":                          "IN-WB",
		"exports/cases.csv":                                 "",
		"s3/af-hope-shelter.csv":                            "",
		"s3/kh-safe-haven.ndjson":                           "",
		"s3/in-kolkata-police.csv":                          "",
		"https://kobo.example/api/v2/assets/Herat/data.csv": "",
		// attack-2026-12-03g finding 6: ISO 3166-2 codes
		"x/AF-HER.csv":        "AF-HER",
		"x/cases_AF_HER.csv":  "AF-HER",
		"x/AF-HER/intake.csv": "AF-HER",
		"x/Report-IN.csv":     "",
		// attack-2026-12-04a, lows: a numeric code, a lower-case one alone
		"x/KH-12.csv":          "KH-12",
		"x/cases_KH_12.csv":    "KH-12",
		"x/af-nan.csv":         "AF-NAN",
		"x/af_nan/cases.csv":   "AF-NAN",
		"x/sign-in-up.csv":     "",
		"x/ask-her.csv":        "",
		"x/cases-up-to-12.csv": "",
		"x/AF--HER.csv":        "AF-HER",
	} {
		if got := pathProvince(name, ""); got != want {
			t.Errorf("pathProvince(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestPathProvinceCode: a province's code without its country's, under the source's default
// country (attack-2026-12-03g finding 6).
func TestPathProvinceCode(t *testing.T) {
	for name, want := range map[string]string{
		"x/cases_HER.csv": "AF-HER", "x/KHO/cases.csv": "AF-KHO", "x/cases_her.csv": "", "x/AF cases.csv": "", "x/cases_ZZZ.csv": "",
		"x/cases_af_nan.csv": "AF-NAN", "x/cases-in-wb.csv": "",
	} {
		if got := pathProvince(name, "AF"); got != want {
			t.Errorf("pathProvince(%q, AF) = %q, want %q", name, got, want)
		}
	}
}

// TestPathCity: files and folders named for a city of geo's gazetteer (attack-2026-12-03g
// finding 6's other half), and names that are none.
func TestPathCity(t *testing.T) {
	type want struct{ code, city string }
	for name, w := range map[string]want{
		"x/Kolkata/cases.csv":         {"IN-WB", "Kolkata"},
		"x/calcutta_intake.csv":       {"IN-WB", "Kolkata"},
		"x/abu-dhabi-2024.csv":        {"AE-AZ", "Abu Dhabi"},
		"x/Dubai/intake.xlsx":         {"AE-DU", "Dubai"},
		"s3/in-kolkata-police.csv":    {"IN-WB", "Kolkata"},
		"x/Herat/cases.csv":           {},
		"x/cases.csv":                 {},
		"s3/af-hope-shelter.csv":      {},
		"https://x.example/Dubai.csv": {},
	} {
		code, city := pathCity(name, "")
		if code != w.code || city != w.city {
			t.Errorf("pathCity(%q) = %q, %q, want %q, %q", name, code, city, w.code, w.city)
		}
	}
}

// TestPathCityDefaultCountry: a folder named for a city of the default country that another
// country's place shares the name of (attack-2026-12-04a, lows: "Jalalabad/").
func TestPathCityDefaultCountry(t *testing.T) {
	type want struct{ code, city string }
	for name, w := range map[string]want{
		"x/Jalalabad/cases.csv":        {"AF-NAN", "Jalalabad"},
		"x/mazar-i-sharif_intake.csv":  {"AF-BAL", "Mazar-i-Sharif"},
		"x/Mumbai/cases.csv":           {"IN-MH", "Mumbai"},
		"x/cases.csv":                  {},
		"https://x.example/Jalalabad/": {},
	} {
		code, city := pathCity(name, "AF")
		if code != w.code || city != w.city {
			t.Errorf("pathCity(%q, AF) = %q, %q, want %q, %q", name, code, city, w.code, w.city)
		}
	}
	if code, _ := pathCity("x/Jalalabad/cases.csv", "IN"); code != "" {
		t.Errorf("Jalalabad under IN: %q", code)
	}
}
