package pipeline

import "testing"

// TestFold32: idPrint's 32-bit person and registration keep 0 as "no registration date" and
// give every other hash a non-zero value, even one whose two halves are equal (they cancel
// in the fold): a registration folded to 0 would no longer count as one in sameReg.
func TestFold32(t *testing.T) {
	if fold32(0) != 0 {
		t.Error("fold32(0) != 0")
	}
	for _, h := range []uint64{1, 0x0000000100000001, 0xdeadbeefdeadbeef, 1 << 63, ^uint64(0)} {
		if fold32(h) == 0 {
			t.Errorf("fold32(%#x) = 0", h)
		}
	}
	if fold32(0x1234567800000000) == fold32(0x9abcdef000000000) {
		t.Error("two hashes differing in their high half fold alike")
	}
}
