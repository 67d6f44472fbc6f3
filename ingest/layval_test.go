package ingest

import (
	"fmt"
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

// TestDroppedColumnsByLayVal: droppedStatus, caseTypes and counts read a line without quotes
// by layVal as they read its split values (a Primero-like layout: two dropped status columns,
// a case type, a count; values missing past a short line's end), without allocating for the
// line (no split).
func TestDroppedColumnsByLayVal(t *testing.T) {
	cols := []string{"case_id", "Victim status", "Case type", "number_of_victims", "Screening result", "name"}
	if !StatusColumn(cols[1]) || !StatusColumn(cols[4]) || !caseTypeNamed(cols[2]) || !countName(cols[3]) {
		t.Fatal("a status, case type or count column not named so")
	}
	lay := &layout{delim: ';', cols: cols, fields: []int{0, -1, -1, -1, -1, 1}}
	r := rand.New(rand.NewPCG(5, 14))
	statuses := []string{"", "Confirmed", "Not a victim", "Found not to be trafficked", "at risk", " No ", "Victim"}
	types := []string{"", "Trafficking", "TPPO", "KDRT", "Child protection", "Neglect", " trafficking "}
	counts := []string{"", "1", "2", "x", "3.5", "12"}
	var lines []string
	for k := range 3000 {
		vals := []string{fmt.Sprintf("C%d", k), statuses[r.IntN(len(statuses))], types[r.IntN(len(types))],
			counts[r.IntN(len(counts))], statuses[r.IntN(len(statuses))], "A B"}
		lines = append(lines, strings.Join(vals[:1+r.IntN(len(vals))], ";"))
	}
	read := func(split bool) *result {
		w := &worker{lay: lay, res: &result{}, c: &conf{counts: true}}
		for k, ln := range lines {
			w.line = k + 2
			w.raw = rawRow{line: ln, n: strings.Count(ln, ";") + 1}
			if split {
				w.raw = rawRow{vals: strings.Split(ln, ";")}
			}
			w.droppedStatus()
			w.caseTypes(false)
			w.counts()
		}
		return w.res
	}
	got, want := read(false), read(true)
	if got.droppedNot != want.droppedNot || got.droppedCol != want.droppedCol || got.droppedPos != want.droppedPos ||
		got.typeTraf != want.typeTraf || got.typeOther != want.typeOther || got.typeCol != want.typeCol ||
		got.typePos != want.typePos || got.countEv != want.countEv {
		t.Errorf("by layVal %+v, split %+v", got, want)
	}
	if want.droppedNot == 0 || want.typeTraf == 0 || want.typeOther == 0 || want.countEv.col == "" {
		t.Errorf("the lines gave no evidence: %+v", want)
	}
	// What allocates is the values' checks (fold of "Confirmed"), as of values split before.
	w := &worker{lay: lay, res: &result{}, c: &conf{counts: true}}
	ln := "C1;Confirmed;Trafficking;2;Victim;A B"
	vals := strings.Split(ln, ";")
	allocs := func(split bool) float64 {
		return testing.AllocsPerRun(100, func() {
			w.raw = rawRow{line: ln, n: 6}
			if split {
				w.raw = rawRow{vals: vals}
			}
			w.droppedStatus()
			w.caseTypes(false)
			w.counts()
		})
	}
	if byLine, split := allocs(false), allocs(true); byLine != split {
		t.Errorf("%v allocations a row by layVal, %v of values split before", byLine, split)
	}
}
