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
	} {
		if got := pathProvince(name, "AF"); got != want {
			t.Errorf("pathProvince(%q, AF) = %q, want %q", name, got, want)
		}
	}
}
