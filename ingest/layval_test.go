package ingest

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLayVal: layVal(j) is strings.Split's value j of a line without quotes (ok false past the
// last), asked in any order, with "," and ";" lines of empty values, a trailing delimiter and
// none; a row of split values or of none is read as it is; an unquoted line is not split (no
// allocation).
func TestLayVal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lines := []string{"a", "a,b", ",", ",,", "a,,b,", ",x", "AF-1,Zoë Noori,2008-11-11,,male,;;x", "Victim,Witness , suspect"}
	for range 200 {
		var b strings.Builder
		for k := range r.IntN(30) {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strings.Repeat("vé", r.IntN(3)))
		}
		if b.Len() > 0 {
			lines = append(lines, b.String())
		}
	}
	for _, d := range []byte{',', ';'} {
		for _, ln := range lines {
			ln = strings.ReplaceAll(ln, ",", string(d))
			want := strings.Split(ln, string(d))
			w := &worker{lay: &layout{delim: d}}
			for _, n := range []int{0, len(want)} { // the number of values not known, known (doCSV)
				w.raw = rawRow{line: ln, n: n}
				order := r.Perm(len(want) + 3)
				for i := range order[:len(order)/2] { // half ascending, as roles asks
					order[i] = i
				}
				for _, j := range order {
					v, ok := w.layVal(j)
					if ok != (j < len(want)) || ok && v != want[j] {
						t.Fatalf("%q (%d values known) value %d: %q %v, want %q", ln, n, j, v, ok, want[min(j, len(want)-1)])
					}
				}
			}
			w.raw = rawRow{vals: want}
			if v, ok := w.layVal(len(want) - 1); !ok || v != want[len(want)-1] {
				t.Fatalf("%q split: last value %q %v", ln, v, ok)
			}
			if _, ok := w.layVal(len(want)); ok {
				t.Fatalf("%q split: a value past the last", ln)
			}
		}
	}
	w := &worker{lay: &layout{delim: ','}}
	w.raw = rawRow{}
	if _, ok := w.layVal(0); ok {
		t.Error("a row of no line and no values has a value")
	}
	ln := lines[6]
	if n := testing.AllocsPerRun(100, func() {
		w.raw = rawRow{line: ln, n: 7}
		w.layVal(5)
		w.layVal(6)
	}); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
