package detect

import "testing"

// TestSheetLabel: a sheet is judged as a dropped header is (privacy-side-doors37, session zv's
// task 2): a word no list knows ("Naqib notes") or a name beside a person word
// ("contact_grace") withholds it; the sheets registers are kept in stay named.
func TestSheetLabel(t *testing.T) {
	for _, s := range []string{"Naqib notes", "contact_grace", "Officer Hope", "Malalai", "Shinwari cases",
		"Zarmina Qasimzada", "caseworker_hope", "Sreymom follow-up"} {
		if SheetLabel(s) {
			t.Errorf("SheetLabel(%q) = true, want false (a person's name could be in it)", s)
		}
	}
	for _, s := range []string{"Sheet1", "Sheet 2", "2023", "Cases 2023", "Girls", "Boys", "Herat", "Kabul cases",
		"Closed cases", "Summary", "Data", "Jan-Mar 2024", "Q1", "contact_phone", "Victims", "Herat shelter", "Archive",
		"Lists", "Instructions", "Nangarhar", "Balkh", "Women"} {
		if !SheetLabel(s) {
			t.Errorf("SheetLabel(%q) = false, want true", s)
		}
	}
}
