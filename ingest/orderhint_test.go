package ingest

import "testing"

// TestOrderHint: a date column's name giving its day/month order in brackets, or in the words
// that end it (attack-2026-12-03g finding 5), and names that give none.
func TestOrderHint(t *testing.T) {
	for name, want := range map[string]dateOrder{
		"Date of birth (dd/mm/yyyy)": orderDMY, "Registration date [MM-DD-YYYY]": orderMDY, "Fecha (dd/mm/aaaa)": orderDMY,
		"Date (month/day/year)": orderMDY, "Date (day/month/year)": orderDMY,
		"reg_date_mdy": orderMDY, "RegistrationDate_MMDDYYYY": orderMDY, "Date of registration, mm/dd/yyyy": orderMDY,
		"date_dmy": orderDMY, "Datum tt.mm.jjjj": orderDMY, "Date registered dd-mm-yy": orderDMY,
		"Date (yyyy-mm-dd)": orderUnknown, "reg_date_ymd": orderUnknown, "Registration date": orderUnknown,
		"Date (as of today)": orderUnknown, "Data": orderUnknown, "date_mm": orderUnknown, "Registered today": orderUnknown,
	} {
		if got := orderHint(name); got != want {
			t.Errorf("orderHint(%q) = %v, want %v", name, got, want)
		}
	}
}
