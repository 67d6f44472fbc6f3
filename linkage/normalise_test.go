package linkage

import (
	"math/rand/v2"
	"testing"
)

// TestNormaliseASCII: the byte-by-byte path for ASCII names gives what the general (NFKD)
// path gives, on every ASCII byte (controls and punctuation included) and random names.
func TestNormaliseASCII(t *testing.T) {
	cases := []string{"", " ", "  AHMAD  sultani", "Sultani, Ahmad", "O'Brien-Smith Jr.", "a\tb\nc\x00d\x7f", "ZZ 99 aa"}
	var all []byte
	for c := 0; c < 128; c++ {
		all = append(all, byte(c))
	}
	cases = append(cases, string(all))
	rng := rand.New(rand.NewPCG(7, 11))
	for range 2000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = byte(rng.IntN(128))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		got, order := appendNormalised(nil, s)
		want, wantOrder := normaliseUnicode(s)
		if string(got) != want || order != wantOrder {
			t.Fatalf("%q: %q (order %d), the general path gives %q (%d)", s, got, order, want, wantOrder)
		}
	}
	if got := NormaliseName("Ahmád  SULTANI"); got != "ahmad sultani" {
		t.Fatalf("a non-ASCII name: %q", got)
	}
}
