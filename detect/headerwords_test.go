package detect

import "testing"

// TestSafeLabelHeaderWords: Primero's display headers of capitalized English words are headers
// (attack-2026-12-02g finding 6c: "Current Location" withheld the names of all nine dropped
// columns, "Place of exploitation" among them); capitalized names stay withheld.
func TestSafeLabelHeaderWords(t *testing.T) {
	for s, want := range map[string]bool{
		"Current Location": true, "Record Owner": true, "Workflow Status": true, "Owned by agency": true,
		"Place of exploitation": true, "Date of Closure": true,
		"Asha Devi": false, "Rose Hunter": false, "Zarmina Qasimzada": false, "Farid Ahmadi": false, "Nazanin Karimi": false,
	} {
		if got := SafeLabel(s); got != want {
			t.Errorf("SafeLabel(%q) = %v, want %v", s, got, want)
		}
	}
}
