package detect

import "testing"

// TestSheetLabel: a name beside a person word ("contact_grace") withholds a sheet, as it does
// a dropped header (privacy-side-doors37, session zv's task 2); SourceLabel's names stay
// withheld ("Naqib notes"); the sheets registers are kept in stay named.
func TestSheetLabel(t *testing.T) {
	for _, s := range []string{"Naqib notes", "contact_grace", "Officer Hope", "Malalai", "Shinwari cases",
		"Zarmina Qasimzada", "caseworker_hope", "Sreymom follow-up"} {
		if SheetLabel(s) {
			t.Errorf("SheetLabel(%q) = true, want false (a person's name could be in it)", s)
		}
	}
	for _, s := range []string{"Sheet1", "Sheet 2", "2023", "Cases 2023", "Girls", "Boys", "Herat", "Kabul cases",
		"Closed cases", "Summary", "Data", "Jan-Mar 2024", "Q1", "contact_phone", "Victims", "Herat shelter", "Archive",
		"Lists", "Instructions", "Nangarhar", "Balkh", "Women", "Niñas", "هرات"} {
		if !SheetLabel(s) {
			t.Errorf("SheetLabel(%q) = false, want true", s)
		}
	}
}
