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
	} {
		if got := pathProvince(name); got != want {
			t.Errorf("pathProvince(%q) = %q, want %q", name, got, want)
		}
	}
}
