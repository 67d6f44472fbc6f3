package anonymize

import "testing"

// TestRowCodesSetWide: a code wider than every code before (a leaf Collector.Clear adds) widens
// the column, keeping every row's code.
func TestRowCodesSetWide(t *testing.T) {
	for _, v := range []uint32{7, 300, 70000} {
		var c rowCodes
		for i := range 10 {
			c.append(uint32(i))
		}
		c.setWide(4, v)
		for i := range 10 {
			want := uint32(i)
			if i == 4 {
				want = v
			}
			if got := c.at(i); got != want {
				t.Errorf("set %d: row %d has %d, want %d", v, i, got, want)
			}
		}
		if n := len(c.u8) + len(c.u16) + len(c.u32); n != 10 {
			t.Errorf("set %d: %d rows, want 10", v, n)
		}
	}
}
