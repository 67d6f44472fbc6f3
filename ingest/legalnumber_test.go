package ingest

import (
	"strings"
	"testing"
)

// Police registers write one FIR number several ways; rows of one child's legal case must
// compare equal however the number is written (attack-2026-12-02c finding 1), and different
// numbers must stay different.
func TestLegalNumberWrittenSeveralWays(t *testing.T) {
	same := []string{"FIR 21/2023", "FIR No. 21/2023", "21/2023", "FIR no 21/2023", "FIR-21/2023",
		"FIR 21/23", "fir 21/2023", "FIR21/2023", "F.I.R. No: 021 / 2023", "No.21-23",
		"FIR No. 21 of 2023", "FIR 21 of 2023", "Crime No. 21/2023", "Cr. No. 21/2023", "crime no 21 of 23",
		// the sections charged or the date filed after the number (attack-2026-12-02e low 6)
		"FIR 21/2023 u/s 370 IPC", "FIR 21/2023 dated 05.01.2023", "FIR No. 21/2023 u/s 370, 372 IPC",
		"FIR 21/2023 dt. 05/01/2023", "FIR 21/2023 under section 370 IPC", "21/2023 (370 IPC)",
		"FIR 21/2023 U/S 370 IPC & 5 ITPA", "FIR 21/2023 Sec. 370 IPC", "FIR No. 21 of 2023 dtd 5.1.2023",
		"FIR 21/2023 u/sec 370 IPC r/w 34", "FIR 21/2023, 370 BNS",
		// the police station's name written before or after the number (attack-2026-12-02g low 7)
		"Bowbazar PS FIR 21/2023", "Bowbazar P.S. FIR No. 21/2023", "Bowbazar PS Case No. 21/2023", "FIR 21/2023 Bowbazar PS",
		"Kotwali FIR 21/2023", "Bowbazar P S 21/2023", "Thana Kotwali FIR No. 21/2023", "Bowbazar Police Station FIR 21/2023",
		"FIR No. 21/2023 of PS Bowbazar u/s 370 IPC", "Bowbazar PS Crime No. 21 of 2023",
		// the date filed with the day as an ordinal (attack-2026-12-03d's low)
		"FIR 21 dated 5th January 2023", "FIR No. 21 dt. 1st Jan 2023", "FIR 21 dated January 5th, 2023", "FIR 21 dated 22nd of March, 2023"}
	want := legalNumber(same[0])
	for _, v := range same {
		if got := legalNumber(v); got != want {
			t.Errorf("legalNumber(%q) = %q, want %q (as %q)", v, got, want, same[0])
		}
		if legalKey(v, false) != legalKey(same[0], false) {
			t.Errorf("legalKey(%q) differs from legalKey(%q)", v, same[0])
		}
	}
	differ := []string{"FIR 22/2023", "FIR 21/2022", "FIR 212/023", "SC 21/2023", "21", "2123",
		"Kotwali 21/2023", "FIR 21/2024",
		"FIR 22/2023 u/s 370 IPC", "FIR 21/2024 dated 05.01.2023", "Kotwali 21/2023 u/s 370 IPC", "FIR 21 dated 05.01.2024", "FIR 21 dated 05.01",
		"Case No. 21/2023", "Bowbazar PS FIR 22/2023", "Bowbazar PS FIR 21/2024", "Kotwali PS 21/2022", "Sessions Case No. 21/2023",
		// a General Diary entry is another document (attack-2026-12-03d's low)
		"G.D.E. 21/2023", "GDE No. 21/2023", "GD Entry No. 21/2023", "General Diary No. 21/2023", "Bowbazar PS GDE 21/2023",
		"FIR 21 dated 5th January 2024"}
	for _, v := range differ {
		if legalNumber(v) == want {
			t.Errorf("legalNumber(%q) = %q, the same as %q's", v, legalNumber(v), same[0])
		}
	}
	for _, police := range []bool{false, true} { // the police column reads words before the number as a station's
		for _, v := range []string{"G.D.E. 21/2023", "GD Entry 21/2023", "General Diary 21/2023"} {
			if legalKey(v, police) == legalKey(same[0], police) {
				t.Errorf("legalKey(%q, %v) is the FIR's", v, police)
			}
			if legalKey(v, police) != legalKey("G.D.E. No. 021/23", police) {
				t.Errorf("legalKey(%q, %v) differs from G.D.E. No. 021/23's", v, police)
			}
		}
	}
	if legalKey("", false) == 0 || legalKey("FIR 1/2020", true) == 0 {
		t.Error("legalKey is 0")
	}
}

// FuzzLegalNumber: any text normalises without panicking, and writing the number's words in
// capitals or with extra spaces around its punctuation changes nothing.
func FuzzLegalNumber(f *testing.F) {
	for _, s := range []string{"FIR No. 21/2023", "F.I.R.", "0/0", "..", "No.", "२१/२०२३", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		n := legalNumber(v)
		if got := legalNumber(strings.ReplaceAll(v, "/", " / ")); got != n {
			t.Errorf("legalNumber(%q) = %q, with spaces around '/' %q", v, n, got)
		}
		// The police report's column reads stations and dates too (legalParts): no panic.
		for _, police := range []bool{true, false} {
			legalKey(v, police)
			legalStation(v, police)
		}
	})
}

// TestLegalStation (attack-2026-12-02g low 7's trade-off, agreed with outc's MergeLegal): the
// station a police report's number names, written before or after it, is hashed apart from
// the number, so that one FIR number at two named stations stays two reports; a number naming
// none gives 0.
func TestLegalStation(t *testing.T) {
	for _, c := range []struct{ v, station string }{
		{"FIR 21/2023", ""}, {"21/2023", ""}, {"FIR 21/2023 u/s 370 IPC", ""}, {"Kotwali 21/2023", ""}, {"SC 21/2023", ""},
		{"Bowbazar PS FIR 21/2023", "bowbazar"}, {"Bowbazar P.S. FIR No. 21/2023", "bowbazar"}, {"Bowbazar PS Case No. 21/2023", "bowbazar"},
		{"FIR 21/2023 Bowbazar PS", "bowbazar"}, {"Kotwali FIR 21/2023", "kotwali"}, {"Bowbazar P S 21/2023", "bowbazar"},
		{"Thana Kotwali FIR No. 21/2023", "kotwali"}, {"Bowbazar Police Station FIR 21/2023", "bowbazar"},
		{"FIR No. 21/2023 of PS Bowbazar u/s 370 IPC", "bowbazar"}, {"Bowbazar PS Crime No. 21 of 2023", "bowbazar"},
		{"New Market PS FIR 21/2023", "new market"},
	} {
		if _, st := legalParts(c.v, false); st != c.station {
			t.Errorf("legalParts(%q) station %q, want %q", c.v, st, c.station)
		}
		if got := legalStation(c.v, false); (got == 0) != (c.station == "") || got != 0 && got != legalStation("Thana "+c.station+" FIR 1/2020", false) {
			t.Errorf("legalStation(%q) = %d: want 0 only without a station, and one hash per station", c.v, got)
		}
	}
	if legalStation("Bowbazar PS FIR 21/2023", true) == legalStation("Kotwali PS FIR 21/2023", true) {
		t.Error("two stations hash alike")
	}
}

// TestPoliceNumberSpellings (attack-2026-12-03b's low): an FIR number written with the date it
// was filed instead of its year, with its station's name unmarked before or after it, or in
// Bengali digits, is the same police report as "FIR 21/2023": the same number, and a station
// that is the other's or none (outcomes.MergeLegal joins a row naming none to the only station
// named). Another year, number or station stays another report.
func TestPoliceNumberSpellings(t *testing.T) {
	want, _ := legalParts("FIR 21/2023", true)
	for _, c := range []struct{ v, station string }{
		{"FIR No. 21 dt. 05.01.2023", ""}, {"FIR No. 21 dated 05/01/2023", ""}, {"FIR 21 dtd 5.1.2023", ""},
		{"FIR 21 dated 2023-01-05", ""}, {"FIR 21 dated 5 January 2023", ""}, {"FIR No. 21 dated 05.01.23", ""},
		{"FIR 21 dated 05.01.2023 u/s 370 IPC", ""}, {"Bowbazar PS Case No. 21 dated 05.01.2023", "bowbazar"},
		{"FIR 21/2023 (Bowbazar)", "bowbazar"}, {"21/2023 Bowbazar", "bowbazar"}, {"Bowbazar-21/2023", "bowbazar"},
		{"Bowbazar 21/2023", "bowbazar"}, {"21/2023 New Market", "new market"}, {"FIR ২১/২০২৩", ""}, {"FIR २१/२०२३", ""},
		{"FIR ২১/২০২৩ বউবাজার থানা", "বউবাজার"}, {"FIR 21/2023 Bowbazar PS", "bowbazar"}, {"Kotwali FIR 21/2023", "kotwali"},
	} {
		if n, st := legalParts(c.v, true); n != want || st != c.station {
			t.Errorf("legalParts(%q) = %q at %q, want %q at %q", c.v, n, st, want, c.station)
		}
		if c.station == "" && (legalKey(c.v, true) != legalKey("FIR 21/2023", true) || legalStation(c.v, true) != 0) {
			t.Errorf("%q: another key or a station", c.v)
		}
	}
	// The date's year in a number not known to be a police report's too.
	if got := legalNumber("Case No. 21 dated 05.01.2023"); got != legalNumber("Case No. 21/2023") {
		t.Errorf("legalNumber with a date: %q", got)
	}
	for _, v := range []string{"FIR 21 dated 05.01.2024", "FIR 22 dt. 05.01.2023", "FIR ২২/২০২৩", "21/2024 Bowbazar", "FIR 21 dated 05.01", "FIR 21/2023/5"} {
		if n, _ := legalParts(v, true); n == want {
			t.Errorf("legalParts(%q) = %q, the same number as FIR 21/2023", v, n)
		}
	}
	// A court's number keeps its unmarked words (a sessions case is not the FIR).
	if n, _ := legalParts("SC 21/2023", false); n == want {
		t.Errorf("court number SC 21/2023 read as %q", n)
	}
	if _, st := legalParts("Bowbazar-21/2023", true); legalStation("Bowbazar-21/2023", true) != legalStation("Bowbazar PS FIR 1/2020", true) || st == "" {
		t.Error("an unmarked station hashes apart from the marked one")
	}
}

// TestLegalStationSpellings (attack-2026-12-03c finding 9's low, with outc): one station
// written two ways on two rows of one child's legal case is one station: its marker written or
// not ("Burtolla PS" / "Burtolla"), abbreviated ("Police Stn"), its name in one word or two
// ("Bow Bazar", "Bow-Bazar", "Bowbazar"). Two names stay two stations, a misspelt one too: an
// FIR number is filed per station, and which spelling is a typo the number cannot tell
// (outcomes' notice counts such children).
func TestLegalStationSpellings(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		police bool
		same   bool
	}{
		{"Burtolla PS FIR 5/2023", "Burtolla FIR 5/2023", false, true},
		{"Burtolla PS FIR 5/2023", "Burtolla-5/2023", true, true},
		{"Burtolla PS FIR 5/2023", "FIR 5/2023 (Burtolla P.S.)", false, true},
		{"Burtolla Police Stn FIR 5/2023", "Burtolla PS FIR 5/2023", false, true},
		{"Bow Bazar PS FIR 21/2023", "Bowbazar PS FIR 21/2023", false, true},
		{"Bow-Bazar P.S. Case No. 21/2023", "FIR 21/2023 Bowbazar PS", false, true},
		{"New Market Thana FIR 21/2023", "Newmarket PS FIR 21/2023", false, true},
		// a city written after the station's marker (linkage-merge14's "Left")
		{"Burtolla Police Station, Kolkata FIR 5/2023", "Burtolla PS FIR 5/2023", false, true},
		{"Burtolla P.S., Kolkata, FIR No. 5/2023", "FIR 5/2023 Burtolla PS", true, true},
		{"FIR 5/2023 Burtolla PS, Kolkata u/s 370 IPC", "Burtolla PS FIR 5/2023", true, true},
		// the marker first, then the name and the city (linkage-merge15's "Left")
		{"PS Burtolla, Kolkata FIR 5/2023", "Burtolla PS FIR 5/2023", true, true},
		{"5/2023 PS Burtolla, Kolkata", "Burtolla PS FIR 5/2023", true, true},
		{"FIR 5/2023, PS Burtolla, Kolkata", "Burtolla PS FIR 5/2023", true, true},
		{"P.S. Burtolla, Kolkata, FIR No. 5/2023", "FIR 5/2023 Burtolla PS", true, true},
		{"Police Station Burtolla, Dist. Kolkata, FIR 5/2023", "Burtolla PS FIR 5/2023", false, true},
		{"PS New Market, Kolkata, FIR 5/2023", "New Market Thana FIR 5/2023", false, true},
		{"PS New Market, Kolkata, FIR 5/2023", "PS New Town, Kolkata, FIR 5/2023", false, false},
		{"Burtolla PS FIR 5/2023", "Bowbazar PS FIR 5/2023", false, false},
		{"Burtolla PS FIR 5/2023", "Burtala PS FIR 5/2023", false, false},
	} {
		a, b := legalStation(c.a, c.police), legalStation(c.b, c.police)
		if a == 0 || b == 0 || (a == b) != c.same {
			t.Errorf("legalStation(%q) = %d, legalStation(%q) = %d: want one station %v", c.a, a, c.b, b, c.same)
		}
		if legalKey(c.a, c.police) != legalKey(c.b, c.police) {
			t.Errorf("legalKey(%q) != legalKey(%q): want one number", c.a, c.b)
		}
	}
}
