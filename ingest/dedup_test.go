package ingest

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestDeduperKeepsLatest(t *testing.T) {
	// The source comes from the config (here each reader's default), never from a column.
	parts := []struct{ source, rows string }{
		{"org", "C-1,2024-01-01,female\nC-2,2024-01-01,male\nC-1,2024-03-01,female\n"},
		{"other", "C-1,2024-01-01,female\n"},
		{"org", "C-2,2023-12-01,male\n,2024-01-01,male\n,2024-01-01,male\nC-3,,female\nC-3,,female\n"},
	}
	d := NewDeduper()
	var losers []int
	base := 0
	for _, p := range parts {
		r := NewReader("x.csv", strings.NewReader("case_id,updated_at,gender\n"+p.rows))
		r.Now, r.BatchSize, r.DefaultSource = testNow, 2, p.source
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			losers = append(losers, d.Add(rec, base)...)
			base += int(rec.NumRows())
			rec.Release()
		}
	}
	slices.Sort(losers)
	// Row 0 loses to the later update of C-1 (row 2); row 4 is an older C-2 than row 1; C-1 of
	// another source is another case; rows without a case ID are never merged; of two C-3 without
	// dates the later wins.
	if want := []int{0, 4, 7}; !slices.Equal(losers, want) {
		t.Errorf("losers = %v, want %v", losers, want)
	}
}

// TestDeduperConflicts: case numbers that restart (two files of one organisation, 001 in
// both) are not merged when gender or date of birth disagree; they are counted as conflicts.
// With Scope (case numbers unique per file), the same numbers of two files never meet.
func TestDeduperConflicts(t *testing.T) {
	in := `case_id,source,updated_at,gender,date_of_birth
001,org,2024-01-01,female,2010-05-01
002,org,2024-01-01,male,
001,org,2024-02-01,male,2010-05-01
001,org,2024-03-01,female,
002,org,2024-01-02,,2001-01-01
003,org,2024-01-01,female,2009-01-01
003,org,2024-01-02,female,2009-01-02
003,org,2024-01-03,female,2009-01-02
`
	read := func(d *Deduper, scope string, base int) []int {
		r := NewReader("x.csv", strings.NewReader(in))
		r.Now, r.BatchSize = testNow, 3
		d.Scope = scope
		var losers []int
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			losers = append(losers, d.Add(rec, base)...)
			base += int(rec.NumRows())
			rec.Release()
		}
		slices.Sort(losers)
		return losers
	}
	d := NewDeduper()
	// Row 2 (a boy under 001) is another case; row 3 updates row 0 (same girl, no date of birth
	// given); row 4 updates row 1; row 6 is another 003 (other birth date), row 7 updates it.
	if got, want := read(d, "", 0), []int{0, 1, 6}; !slices.Equal(got, want) {
		t.Errorf("losers = %v, want %v", got, want)
	}
	if d.Conflicts() != 2 {
		t.Errorf("conflicts = %d, want 2", d.Conflicts())
	}
	d = NewDeduper()
	read(d, "a.csv", 0)
	if got := read(d, "b.csv", 8); len(got) != 3 || got[0] < 8 {
		t.Errorf("per-file scope: the second file's losers %v, want only its own 3", got)
	}
}

// TestDeduperForget: the keys of a source no later input has are dropped, and the others kept
// (a repeat of a kept source still loses); a record of a forgotten source is an error, never
// a silent new case.
func TestDeduperForget(t *testing.T) {
	add := func(d *Deduper, source, rows string, base int) []int {
		r := NewReader("x.csv", strings.NewReader("case_id,updated_at,gender\n"+rows))
		r.Now, r.DefaultSource = testNow, source
		var losers []int
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return losers
			}
			if err != nil {
				t.Fatal(err)
			}
			losers = append(losers, d.Add(rec, base)...)
			rec.Release()
		}
	}
	d := NewDeduper()
	add(d, "a", "C-1,2024-01-01,female\n", 0)
	add(d, "b", "C-1,2024-01-01,female\n", 1)
	d.Forget(func(scope, source string) bool { return source == "b" })
	if len(d.groups) != 1 || d.groups[groupKey("", "b")] == nil {
		t.Fatalf("groups after Forget: %v", d.groups)
	}
	if got := add(d, "b", "C-1,2024-02-01,female\n", 2); !slices.Equal(got, []int{1}) {
		t.Errorf("b's repeat: losers %v, want [1]", got)
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	add(d, "a", "C-1,2024-02-01,female\n", 3)
	if d.Err() == nil {
		t.Error("a record of a forgotten source was taken as a new case")
	}
}
