package anonymize

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestAuditRelease: the relations recorded with the tables let check solve the audit again
// from the published counts alone (through JSON, as a release holds them): it accepts what
// the run protected and finds the counts a run without complementary suppression exposed.
func TestAuditRelease(t *testing.T) {
	c := synthCollector(t, 800, 4)
	defer c.Close()
	for _, secondary := range []bool{true, false} {
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10, NoSecondary: !secondary}})
		if err != nil {
			t.Fatal(err)
		}
		var ts []*release.Table
		var rel *release.Relations
		roundTrip(t, pt.Tables, &ts)
		roundTrip(t, pt.Relations, &rel)
		all, err := rel.Resolve(ts)
		if err != nil {
			t.Fatal(err)
		}
		found, err := AuditRelease(all, rel, 10, 5)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("secondary %v: %d findings", secondary, len(found))
		if secondary && len(found) > 0 {
			t.Errorf("the run's pattern fails the re-audit: %v", found[0])
		}
		if !secondary && len(found) == 0 {
			t.Error("without complementary suppression the re-audit finds nothing")
		}
	}
}

func roundTrip(t *testing.T, v, into any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatal(err)
	}
}

// TestAuditReleaseFindsPinnedCounts forges the run's release as a careless hand would: in a
// relation with one "<10" count and one withheld count, the withheld one is published with the
// value that makes the "<10" count 5. The re-audit, which has no true counts to start from,
// must find every such forgery (it once counted the erased counts, 0, as a point seen, which
// widened a pinned count's interval to the protection range and accepted a forgery).
func TestAuditReleaseFindsPinnedCounts(t *testing.T) {
	c := synthCollector(t, 800, 4)
	defer c.Close()
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
	if err != nil {
		t.Fatal(err)
	}
	var rel *release.Relations
	roundTrip(t, pt.Relations, &rel)
	forged := 0
	for _, e := range rel.Equal {
		var ts []*release.Table
		roundTrip(t, pt.Tables, &ts)
		all, err := rel.Resolve(ts)
		if err != nil {
			t.Fatal(err)
		}
		var known, sp, sx int64
		var primary, secondary []release.CountRef
		ok := true
		for side, refs := range [][]release.CountRef{e.Left, e.Right} {
			sign := int64(1 - 2*side)
			for _, r := range refs {
				row := all[r[0]].Rows[r[1]]
				switch row.State[r[2]] {
				case release.Published:
					known += sign * row.Values[r[2]]
				case release.Primary:
					primary, sp = append(primary, r), sign
				case release.Secondary:
					secondary, sx = append(secondary, r), sign
				default:
					ok = false
				}
			}
		}
		x := -(known + sp*5) * sx
		if !ok || len(primary) != 1 || len(secondary) != 1 || x < 10 {
			continue
		}
		r := secondary[0]
		all[r[0]].Rows[r[1]].Values[r[2]], all[r[0]].Rows[r[1]].State[r[2]] = x, release.Published
		found, err := AuditRelease(all, rel, 10, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) == 0 || !strings.Contains(strings.Join(found, "\n"), "complementary suppression is missing") {
			t.Errorf("%s row %v published as %d pins a <10 count at 5; the re-audit found %v", all[r[0]].Name, all[r[0]].Rows[r[1]].Labels, x, found)
		}
		if forged++; forged == 6 {
			break
		}
	}
	if forged == 0 {
		t.Fatal("no relation to forge")
	}
	t.Logf("%d forgeries found", forged)
}

// TestAuditReleaseUnrecordedIsZero: a form no input records is published as
// release.Unrecorded, which the run's audit took as the 0 it is. Check's re-audit must too: a
// forged total of 5 over a "<10" count and an unrecorded one pins the "<10" count at 5, which
// it finds only when the unrecorded count is 0 (taken as unknown, the count lies in [1, 5],
// wider than the width of 3 asked for here).
func TestAuditReleaseUnrecordedIsZero(t *testing.T) {
	tb := &release.Table{Name: "by-form", Labels: []string{"form"}, Counts: []string{"cases"}, Threshold: 10,
		Rows: []release.Row{
			{Labels: []string{"all forms"}, Values: []int64{5}, State: []release.State{release.Published}},
			{Labels: []string{"forced labour"}, Values: []int64{0}, State: []release.State{release.Primary}},
			{Labels: []string{"forced marriage"}, Values: []int64{0}, State: []release.State{release.Unrecorded}},
		}}
	rel := &release.Relations{Tables: []string{"by-form"}, Equal: []release.Relation{{
		Left:  []release.CountRef{{0, 0, 0}},
		Right: []release.CountRef{{0, 1, 0}, {0, 2, 0}},
	}}}
	found, err := AuditRelease([]*release.Table{tb}, rel, 10, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || !strings.Contains(found[0], "forced labour") {
		t.Errorf("findings %q: want the <10 count of forced labour pinned", found)
	}
	if tb.Rows[2].State[0] != release.Unrecorded {
		t.Error("the re-audit changed the caller's table")
	}
}
