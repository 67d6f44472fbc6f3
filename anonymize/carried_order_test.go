package anonymize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestRepeatedReleaseSameFiles releases a register as it stood on 1 September 2025 and then
// whole, the second release twice from the same inputs: its carried.json,
// carried_bounds.json, tables and relations, their digests (the manifest's outputs) and the
// protection's account (protections.json, the manifest's tables section) are the same byte for
// byte both times. The bounds protect carries (printed_at_least, placed_before, placed_then,
// printed_at_most) were added in Go's map order, so that each run wrote its rows in another
// order, and another digest (TestCarryBoundsOrder holds carryBounds alone to its order, at no
// cost). Three releases of 500 cases, the joint audit twice: the package's slowest test.
func TestRepeatedReleaseSameFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("three releases of 500 cases, two joint audits")
	}
	const th = 10
	in := synthCSV(t, 500, 3)
	c := collect(t, cutBefore(t, in, "2025-09-01"))
	first, err := c.Tables(TableConfig{Protection: Protection{Threshold: th}})
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	type files struct {
		bytes   map[string][]byte
		outputs []release.Output
		account []byte
	}
	var runs []files
	bounds := 0
	for i := range 2 {
		c := collect(t, string(in))
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: th}, AllowDifferencing: true, Previous: first.Tables,
			PreviousRelations: first.Relations, PreviousDigest: first.Protection.CountsDigest, PreviousCarried: first.Carried})
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			for _, ct := range pt.Carried {
				for _, r := range ct.Rows {
					if r.AtLeast != nil || r.Placed != nil || r.PlacedThen != nil || r.AtMost != nil {
						bounds++
					}
				}
			}
			a := pt.Protection.Audit
			t.Logf("previous_audit %q: %d carried rows hold a bound; linear_programs %d, joint_linear_programs %d", pt.Protection.PreviousAudit, bounds, a.LPs, a.JointLPs)
			// The manifest counts the joint audit's linear programs apart from the release's
			// own (they were added to linear_programs from its last round only, or not at all).
			if pt.Protection.PreviousAudit != release.PreviousJoint || a.JointLPs == 0 || a.LPs == 0 {
				t.Errorf("previous_audit %q, linear_programs %d, joint_linear_programs %d: want the joint audit's counted apart", pt.Protection.PreviousAudit, a.LPs, a.JointLPs)
			}
			if n := first.Protection.Audit.JointLPs; n != 0 {
				t.Errorf("a first release's joint_linear_programs: %d", n)
			}
			if bounds < 2 {
				t.Fatalf("%d carried rows hold a bound: the test tests no order", bounds)
			}
		}
		w, err := release.Create(filepath.Join(t.TempDir(), "r"))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteTables(pt.Tables); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRelations(pt.Relations); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteCarried(pt.Carried); err != nil {
			t.Fatal(err)
		}
		f := files{bytes: map[string][]byte{}, outputs: w.Outputs()}
		for _, o := range f.outputs {
			b, err := os.ReadFile(filepath.Join(w.Dir(), o.Path))
			if err != nil {
				t.Fatal(err)
			}
			f.bytes[o.Path] = b
		}
		w.Abort()
		if _, ok := f.bytes[release.CarriedBoundsFile]; !ok {
			t.Errorf("run %d wrote no %s", i+1, release.CarriedBoundsFile)
		}
		if f.account, err = json.Marshal(pt.Protection); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(f.account, []byte(`"joint_linear_programs":`)) {
			t.Errorf("the manifest's tables section names no joint_linear_programs: %s", f.account)
		}
		runs = append(runs, f)
	}
	for i, r := range runs[1:] {
		if !slices.Equal(r.outputs, runs[0].outputs) {
			t.Errorf("run %d's outputs (paths, rows, digests) differ from run 1's:\n%+v\n%+v", i+2, r.outputs, runs[0].outputs)
		}
		for path, b := range runs[0].bytes {
			if !bytes.Equal(r.bytes[path], b) {
				t.Errorf("run %d's %s differs from run 1's", i+2, path)
			}
		}
		if !bytes.Equal(r.account, runs[0].account) {
			t.Errorf("run %d's protection account differs from run 1's:\n%s\n%s", i+2, r.account, runs[0].account)
		}
	}
}

// TestCarryBoundsOrder: carryBounds adds the bounds protect found in the order of the tables
// and their rows, whatever order Go's maps give: the same bounds give the same carried.json and
// carried_bounds.json byte for byte. The four loops that added them ranged over the maps, so
// that rows a bound adds (Carry made none: a count printed now, or a table new to the carried
// values) came in another order each run. Cheap beside TestRepeatedReleaseSameFiles: 36
// bounds added 20 times (two orders of 9 or more keys from a Go map all alike: hardly ever).
func TestCarryBoundsOrder(t *testing.T) {
	P, S := Published, release.Secondary
	s := &tableSet{byName: map[string]int{}, rows: map[string]map[string]int{}}
	var atMost, atLeast = map[Ref]int64{}, map[Ref]int64{}
	placed, placedThen := map[Ref][2]int64{}, map[Ref][2]int64{}
	for ti, name := range []string{"cases-by-year", "cases-by-province-and-gender", "minors-by-exploitation"} {
		ct := &CountTable{Name: name, Labels: []string{"key"}, Counts: []string{"cases", "female"}, TotalCols: []bool{true, false}, Threshold: 10}
		for ri := range 12 {
			// Printed rows as well as withheld ones: atLeast, placed and placedThen add a row
			// whatever its state; atMost only a withheld count's.
			st := []State{P, P}
			if ri%2 == 1 {
				st[1] = S
			}
			ct.Rows = append(ct.Rows, CountRow{Labels: []string{fmt.Sprintf("%s-%02d", name, ri)}, Values: []int64{int64(20 + ri), int64(ri)}, State: st})
			ref := Ref{ti, ri, 1}
			switch ri % 4 {
			case 0:
				atLeast[ref] = int64(ri)
			case 1:
				atMost[ref] = int64(ri + 9)
			case 2:
				placed[ref] = [2]int64{int64(ri), int64(ri + 5)}
			case 3:
				placedThen[ref] = [2]int64{int64(ri - 1), int64(ri + 4)}
				atMost[Ref{ti, ri, 0}] = 40 // printed now: carries no bound
			}
		}
		s.add(ct)
	}
	seven := int64(7)
	var want []byte
	for i := range 20 {
		// The last table carried already (Carry's rows come first in the carried values) and
		// one of its rows: the tables' order puts it last again, and the row among its own.
		base := release.Carried{{Name: "minors-by-exploitation", Counts: []string{"cases", "female"},
			Rows: []release.CarriedRow{{Labels: []string{"minors-by-exploitation-07"}, Values: []*int64{nil, &seven}}}}}
		c := s.carryBounds(base, atMost, atLeast, placed, placedThen)
		got, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = got
			var names []string
			rows := 0
			for _, ct := range c {
				names = append(names, ct.Name)
				for ri, r := range ct.Rows {
					rows++
					if ri > 0 && r.Labels[0] <= ct.Rows[ri-1].Labels[0] {
						t.Errorf("%s: row %s after %s: not the table's order", ct.Name, r.Labels[0], ct.Rows[ri-1].Labels[0])
					}
				}
			}
			if !slices.Equal(names, []string{"cases-by-year", "cases-by-province-and-gender", "minors-by-exploitation"}) {
				t.Errorf("carried tables %v: not the tables' order", names)
			}
			if rows != 36 {
				t.Errorf("%d carried rows, want 36 (one per row with a bound)", rows)
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("call %d carried another order than call 1:\n%s\n%s", i+1, got, want)
		}
	}
}
