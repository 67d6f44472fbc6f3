package ingest

import (
	"strings"
	"testing"
)

// TestRemedyAmbiguousCountry: a country name that people use for more than one country is
// refused with its own reason, and the fix names the field and says what is read instead
// (the full names and the codes), the same words whatever the row holds. A config giving such
// a name is refused with the same list.
func TestRemedyAmbiguousCountry(t *testing.T) {
	for _, v := range []string{"Congo", "the congo", "America", "Korea", "St Martin"} {
		if _, err := normCountry(v); err != errCountryAmbiguous {
			t.Errorf("normCountry(%q): %v, want %v", v, err, errCountryAmbiguous)
		}
	}
	for _, v := range []string{"Atlantis", "Congoo"} {
		if _, err := normCountry(v); err != errCountry {
			t.Errorf("normCountry(%q): %v, want %v", v, err, errCountry)
		}
	}
	fix := Remedy(Rejection{Field: "country_of_origin", Reason: errCountryAmbiguous.Error()})
	for _, want := range []string{"values: {country_of_origin:", `CG "Republic of the Congo"`,
		`CD "Democratic Republic of the Congo"`, `US "United States"`, `KP "North Korea"`} {
		if !strings.Contains(fix, want) {
			t.Errorf("remedy %q lacks %q", fix, want)
		}
	}
	if got := acceptedValues("country_of_exploitation", "Congo"); !strings.Contains(got, `CD "Democratic Republic of the Congo"`) {
		t.Errorf("config value Congo: %q", got)
	}
	if got := acceptedValues("country_of_exploitation", "Congo-Kinshasa"); got != "" {
		t.Errorf("config value Congo-Kinshasa: %q, want accepted", got)
	}
}

// TestRemedyChildAdult: "boy" and "girl" say a child; the fix of the contradiction with an
// adult's age says how to read them as the gender alone.
func TestRemedyChildAdult(t *testing.T) {
	for v, want := range map[string]bool{"boy": true, "Girl": true, " GIRL ": true, "male": false,
		"man": false, "woman": false, "boyish": false, "": false, "b": false} {
		if got := childGender(v); got != want {
			t.Errorf("childGender(%q) = %v, want %v", v, got, want)
		}
	}
	fix := Remedy(Rejection{Field: "gender", Reason: errChildAdult.Error()})
	if !strings.Contains(fix, "values: {gender:") || !strings.Contains(fix, "contradict") {
		t.Errorf("remedy %q", fix)
	}
}
