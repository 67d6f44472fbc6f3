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

// TestRemedyYearOnly: a date of birth recorded as a year alone ("2006", "Jul 2006", "2006-07",
// "c. 2006") is quarantined under its own reason, whose fix does not offer date_formats: (which
// cannot read a year into a date) but says what can be done; a date with a day is read.
func TestRemedyYearOnly(t *testing.T) {
	for _, v := range []string{"2006", "Jul 2006", "2006-07", "c. 2006", "07/2006", " 2006 "} {
		if !yearOnly(v) {
			t.Errorf("yearOnly(%q) false", v)
		}
	}
	for _, v := range []string{"2006-07-15", "15/07/2006", "13/2006", "1402", "abc", "2006 2007", "15 Jul 2006", "1 Januar 2020", "3 Jul 2006", "Jul 3, 2006"} {
		if yearOnly(v) {
			t.Errorf("yearOnly(%q) true", v)
		}
	}
	out := readAll(t, "testdata/read/csv-birth-year-only/input.csv", nil)
	if len(out.Rejected) != 4 {
		t.Fatalf("%d rejected, want 4: %+v", len(out.Rejected), out.Rejected)
	}
	for _, rej := range out.Rejected {
		if rej.Reason != errDateNoDay.Error() {
			t.Errorf("line %d: reason %q", rej.Line, rej.Reason)
		}
		if fix := Remedy(rej); strings.Contains(fix, "date_formats: [") || !strings.Contains(fix, "drop") {
			t.Errorf("remedy %q", fix)
		}
	}
}

// TestRemedyAgeBands: an age column of bands ("9--17", "Under 18") or of Minor/Adult is sent to
// age_band and majority_status (attack-2026-12-04e, lows), another field's number is not.
func TestRemedyAgeBands(t *testing.T) {
	fix := Remedy(Rejection{Field: "age", Reason: errNotNumber.Error()})
	if !strings.Contains(fix, "age_band") || !strings.Contains(fix, "majority_status") {
		t.Errorf("remedy %q", fix)
	}
	if fix := Remedy(Rejection{Field: "number_of_children", Reason: errNotNumber.Error()}); strings.Contains(fix, "age_band") {
		t.Errorf("remedy %q", fix)
	}
}
