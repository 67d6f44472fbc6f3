package detect

import "testing"

// TestSafeLabelHeaderWords: Primero's display headers of capitalized English words are headers
// (attack-2026-12-02g finding 6c: "Current Location" withheld the names of all nine dropped
// columns, "Place of exploitation" among them); capitalized names stay withheld.
func TestSafeLabelHeaderWords(t *testing.T) {
	for s, want := range map[string]bool{
		"Current Location": true, "Record Owner": true, "Workflow Status": true, "Owned by agency": true,
		"Place of exploitation": true, "Date of Closure": true,
		// Two-letter words the English list lacks (attack-2026-12-03b finding 6: "Is Victim"
		// withheld as a name).
		"Is Victim": true, "Date Of Birth": true, "Case No": true, "Referred By": true,
		"Bo Li": false, "Al Amin": false, "Li Na": false,
		"Asha Devi": false, "Rose Hunter": false, "Zarmina Qasimzada": false, "Farid Ahmadi": false, "Nazanin Karimi": false,
	} {
		if got := SafeLabel(s); got != want {
			t.Errorf("SafeLabel(%q) = %v, want %v", s, got, want)
		}
	}
}
