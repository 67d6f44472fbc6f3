package ingest

import "testing"

// TestAgeUnitAndNow: names that give the age in another unit (attack-2026-12-03e finding 11,
// and 03f finding 4: camelCase and abbreviations) or as of today (03f finding 3), and names
// that give the age at registration in years.
func TestAgeUnitAndNow(t *testing.T) {
	for _, c := range []struct {
		name, unit string
		now        bool
	}{
		{"Age (months)", "months", false},
		{"AgeMonths", "months", false},
		{"AgeInMonths", "months", false},
		{"childAgeMonths", "months", false},
		{"Age (mths)", "months", false},
		{"Umur (bulan)", "months", false},
		{"age_wks", "weeks", false},
		{"Current age", "", true},
		{"Age today", "", true},
		{"age_now", "", true},
		{"Age (as of today)", "", true},
		{"ageNow", "", true},
		{"Edad actual", "", true},
		{"age", "", false},
		{"Age at intake", "", false},
		{"Age at rescue", "", false},
		{"Actual age", "", false},
		{"age_known", "", false},
		{"Age at presentation", "", false},
		{"Mother's age", "", false},
		// attack-2026-12-03g finding 4
		{"Age (m)", "months", false},
		{"age_m", "months", false},
		{"Umur (bln)", "months", false},
		{"edad_d", "days", false},
		{"Age at export", "", true},
		{"age_extracted", "", true},
		{"m_age", "", false},
		{"Age M", "months", false},
		{"Age (y)", "", false},
	} {
		if u := ageUnit(c.name); u != c.unit {
			t.Errorf("ageUnit(%q) = %q, want %q", c.name, u, c.unit)
		}
		if n := ageNow(c.name); n != c.now {
			t.Errorf("ageNow(%q) = %v, want %v", c.name, n, c.now)
		}
	}
}
