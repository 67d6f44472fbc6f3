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
		"FIR No. 21 of 2023", "FIR 21 of 2023", "Crime No. 21/2023", "Cr. No. 21/2023", "crime no 21 of 23"}
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
		"Kotwali 21/2023", "FIR 21/2024"}
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
