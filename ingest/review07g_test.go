package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestSheetNames07g: attack-2026-12-07g G5: sheets and files named for people who withdrew or
// never gave their consent, or whose status is only likely or awaited, were read as cases
// (and released to researchers), while "Withdrawn" and "Possible victims" were refused.
func TestSheetNames07g(t *testing.T) {
	cases := [][]any{{"case_id", "gender", "age", "registration_date"}, {"C-1", "male", 12, "2024-01-02"}, {"C-2", "male", 14, "2024-02-03"}}
	other := [][]any{{"case_id", "gender", "age", "registration_date"}, {"H-1", "female", 13, "2024-01-02"}, {"H-2", "female", 15, "2024-02-03"}}
	refused := []string{"Consent withdrawn", "Withdrew consent", "No consent", "Refused consent", "Potential", "Probable",
		"Likely victims", "Awaiting", "Awaiting cases", "Sin consentimiento", "Consentement retiré", "En attente"}
	for _, s := range refused {
		r := NewReader("register.xlsx", bytes.NewReader(buildWorkbook(t, []sheetRows{{"Cases", cases}, {s, other}})))
		r.Now = testNow
		if _, err := readAll38(r); !errors.Is(err, ErrNotCases) {
			t.Errorf("sheet %q beside Cases: %v, want ErrNotCases", s, err)
		}
	}
	// read as before: names that say nothing of the people's status
	for _, s := range []string{"Girls", "2022", "Closed", "Referred", "Awaiting trial", "Consent forms"} {
		r := NewReader("register.xlsx", bytes.NewReader(buildWorkbook(t, []sheetRows{{"Cases", cases}, {s, other}})))
		r.Now = testNow
		if _, err := readAll38(r); err != nil {
			t.Errorf("sheet %q beside Cases: %v, want read", s, err)
		}
	}
	for _, stem := range []string{"consent-withdrawn", "likely-victims", "no-consent"} {
		r := NewReader(stem+".csv", strings.NewReader(csv38("Remarks", "")))
		r.Now = testNow
		if _, err := readAll38(r); !errors.Is(err, ErrNoStatus) {
			t.Errorf("file %s.csv: %v, want ErrNoStatus", stem, err)
		}
	}
}

// TestCountRowWhole07g: attack-2026-12-07g G4: a grand total without its label or a gender,
// written "40.0" by a float column, was read as a 41st case of unknown gender; ",,40,,," was
// quarantined.
func TestCountRowWhole07g(t *testing.T) {
	for _, last := range []string{",,40.0,,,,", ",,40,,,,"} {
		in := csv38("Remarks", "") + last + "\n"
		r := NewReader("in.csv", strings.NewReader(in))
		r.Now = testNow
		n, err := readAll38(r)
		if err != nil || n != 40 {
			t.Errorf("%q: %d read, %v; want the 40 cases", last, n, err)
			continue
		}
		rej := r.Rejected()
		if len(rej) != 1 || rej[0].Reason != errCountRow.Error() || rej[0].Line != 42 {
			t.Errorf("%q: rejected %+v, want line 42 as a count row", last, rej)
		}
	}
}
