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

// TestFileLabel: a file or folder is named as a sheet is (privacy-side-doors37, 7 Dec 05:32):
// "contact_grace.csv" was printed beside a sheet "contact_grace" told as "sheet 2".
func TestFileLabel(t *testing.T) {
	for _, s := range []string{"contact_grace", "Officer Hope", "caseworker_hope", "contacto_maria", "Naqib notes", "Malalai"} {
		if FileLabel(s) {
			t.Errorf("FileLabel(%q) = true, want false (a person's name could be in it)", s)
		}
		if !FolderName(s) {
			t.Errorf("FolderName(%q) = false, want true (a person's name could be in it)", s)
		}
	}
	for _, s := range []string{"cases_2023", "export-20240105", "HopeHouse cases", "contact_phone", "Referral officer",
		"Emergency contacts", "Kabul cases", "Shelter B", "2022"} {
		if !FileLabel(s) {
			t.Errorf("FileLabel(%q) = false, want true", s)
		}
		if FolderName(s) {
			t.Errorf("FolderName(%q) = true, want false", s)
		}
	}
}
