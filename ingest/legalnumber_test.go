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
		"FIR No. 21/2023 of PS Bowbazar u/s 370 IPC", "Bowbazar PS Crime No. 21 of 2023"}
	want := legalNumber(same[0])
	for _, v := range same {
		if got := legalNumber(v); got != want {
			t.Errorf("legalNumber(%q) = %q, want %q (as %q)", v, got, want, same[0])
		}
		if legalKey(v) != legalKey(same[0]) {
			t.Errorf("legalKey(%q) differs from legalKey(%q)", v, same[0])
		}
	}
	differ := []string{"FIR 22/2023", "FIR 21/2022", "FIR 212/023", "SC 21/2023", "21", "2123",
		"Kotwali 21/2023", "FIR 21/2024",
		"FIR 22/2023 u/s 370 IPC", "FIR 21/2024 dated 05.01.2023", "Kotwali 21/2023 u/s 370 IPC", "FIR 21 dated 05.01.2023",
		"Case No. 21/2023", "Bowbazar PS FIR 22/2023", "Bowbazar PS FIR 21/2024", "Kotwali PS 21/2022", "Sessions Case No. 21/2023"}
	for _, v := range differ {
		if legalNumber(v) == want {
			t.Errorf("legalNumber(%q) = %q, the same as %q's", v, legalNumber(v), same[0])
		}
	}
	if legalKey("") == 0 || legalKey("FIR 1/2020") == 0 {
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
		if _, st := legalParts(c.v); st != c.station {
			t.Errorf("legalParts(%q) station %q, want %q", c.v, st, c.station)
		}
		if got := legalStation(c.v); (got == 0) != (c.station == "") || got != 0 && got != legalStation("Thana "+c.station+" FIR 1/2020") {
			t.Errorf("legalStation(%q) = %d: want 0 only without a station, and one hash per station", c.v, got)
		}
	}
	if legalStation("Bowbazar PS FIR 21/2023") == legalStation("Kotwali PS FIR 21/2023") {
		t.Error("two stations hash alike")
	}
}
