package anonymize

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestRepeatedReleaseSameFiles releases a register as it stood on 1 September 2025 and then
// whole, the second release three times from the same inputs: its carried.json,
// carried_bounds.json, tables and relations, their digests (the manifest's outputs) and the
// protection's account (protections.json, the manifest's tables section) are the same byte for
// byte each time. The bounds protect carries (printed_at_least, placed_before, placed_then,
// printed_at_most) were added in Go's map order, so that each run wrote its rows in another
// order, and another digest.
func TestRepeatedReleaseSameFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("four releases of 800 cases: minutes under load")
	}
	const th = 10
	in := synthCSV(t, 800, 3)
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
	for i := range 3 {
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
