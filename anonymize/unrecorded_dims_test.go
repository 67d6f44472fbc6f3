package anonymize

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestUnrecordedRelationAndSector: an input that records no recruiter's relation and no sector
// (CTDC's exports: IP_Relation is not read, docs/schema.md) gets the two tables' counts as
// "not recorded in this input", not "(not recorded) 18000", which read as 18,000 cases whose
// organisations left the field empty (attack-2026-11-30d finding 10); check's re-audit accepts
// the release. An input that records them keeps its counts.
func TestUnrecordedRelationAndSector(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "cases.csv")
	if err := synth.WriteCanonical(p, 1500, 3); err != nil {
		t.Fatal(err)
	}
	for _, blank := range []bool{false, true} {
		in := p
		if blank {
			in = filepath.Join(dir, "blank.csv")
			blankColumns(t, p, in, "recruiter_relation", "labour_sector")
		}
		f, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		r := ingest.NewReader(filepath.Base(in), f)
		c := collectFrom(t, r)
		r.Close()
		f.Close()
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{relationTable, sectorTable} {
			i := slices.IndexFunc(pt.Tables, func(t *CountTable) bool { return t.Name == name })
			if i < 0 {
				t.Fatalf("no table %s", name)
			}
			tb := pt.Tables[i]
			unrecorded := 0
			for _, row := range tb.Rows {
				if row.State[0] == release.Unrecorded {
					unrecorded++
				}
			}
			switch {
			case blank && (len(tb.Rows) != 1 || unrecorded != 1 || !strings.Contains(tb.Note, "not recorded in this input")):
				t.Errorf("%s of an input without it: %d rows, %d not recorded in this input, note %q", name, len(tb.Rows), unrecorded, tb.Note)
			case !blank && (len(tb.Rows) < 3 || unrecorded != 0):
				t.Errorf("%s of an input with it: %d rows, %d not recorded in this input", name, len(tb.Rows), unrecorded)
			}
		}
		var ts []*release.Table
		var rel *release.Relations
		roundTrip(t, pt.Tables, &ts)
		roundTrip(t, pt.Relations, &rel)
		all, err := rel.Resolve(ts)
		if err != nil {
			t.Fatal(err)
		}
		found, err := AuditRelease(all, rel, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) > 0 {
			t.Errorf("blank %v: the re-audit fails the release: %v", blank, found)
		}
		if blank {
			unrecordedRowIsItsMargin(t, ts, rel)
		}
	}
}

// unrecordedRowIsItsMargin: the "(not recorded)" row of a dimension no input records is printed
// as "not recorded in this input", and the release's own files still say its count, to a
// reader who reads tables.json's unrecorded as unknown (docs/schema.md): relations.json ties it
// to its margin, and the linear program over both places it at that margin's printed count,
// never at 0 (attack-2026-12-02d, lows: "the published files contradict each other"; the row
// keeps the label rather than the number, attack-2026-11-30d finding 10).
func unrecordedRowIsItsMargin(t *testing.T, ts []*release.Table, rel *release.Relations) {
	t.Helper()
	b, err := NewBounder(ts, rel, 10)
	if err != nil {
		t.Fatal(err)
	}
	table := func(name string) *release.Table {
		i := slices.IndexFunc(ts, func(t *release.Table) bool { return t.Name == name })
		if i < 0 {
			t.Fatalf("no table %s", name)
		}
		return ts[i]
	}
	prov, ages := table("cases-by-province-and-gender"), table("exploitation-by-age")
	for _, c := range []struct {
		name   string
		margin *release.Table
		row    int
	}{{relationTable, prov, len(prov.Rows) - 1}, {sectorTable, ages, labourFlag}} {
		want, ok := c.margin.Value(c.row, 0)
		if !ok {
			t.Fatalf("%s: its margin (%s row %d) is not printed: the input no longer tests this", c.name, c.margin.Name, c.row)
		}
		lo, hi, err := b.SumBounds(c.name, [][2]int{{0, 0}})
		if err != nil || lo != float64(want) || hi != float64(want) {
			t.Errorf("%s's (not recorded) row: the published tables place it at %v-%v (%v), want its margin's %d", c.name, lo, hi, err, want)
		}
	}
}

// blankColumns copies the CSV from to to with the named columns' values emptied.
func blankColumns(t *testing.T, from, to string, cols ...string) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1 // synth writes some rows short, as exports do
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var idx []int
	for _, c := range cols {
		i := slices.Index(recs[0], c)
		if i < 0 {
			t.Fatalf("%s has no column %s", from, c)
		}
		idx = append(idx, i)
	}
	for _, r := range recs[1:] {
		for _, i := range idx {
			if i < len(r) {
				r[i] = ""
			}
		}
	}
	o, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(o)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}
