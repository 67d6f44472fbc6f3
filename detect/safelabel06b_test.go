package detect

import "testing"

// TestSafeLabelJoined06b: a given name beside header words, joined by spaces, brackets, a
// question's number or mixed case, is withheld as one joined by "_" is (attack-2026-12-06b B8);
// headers of such words alone are shown.
func TestSafeLabelJoined06b(t *testing.T) {
	for _, c := range []string{"age_zarmina", "Q12_zarmina", "notes on karim", "KarimAge", "father (Abdul)", "Parwana notes"} {
		if SafeLabel(c) {
			t.Errorf("SafeLabel(%q) = true, want withheld", c)
		}
	}
	for _, c := range []string{"age", "Q12_age", "contact_phone", "Date of Birth", "Hope House", "Grace period", "Quê quán",
		"victim_thanh", "nama_ayah", "May 2023 cases", "Case Worker", "Referred by", "Will to return"} {
		if !SafeLabel(c) {
			t.Errorf("SafeLabel(%q) = false, want shown", c)
		}
	}
}
