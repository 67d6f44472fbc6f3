package anonymize

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestVanishedProvinceKeepsRow: a province that had "<10" cases in the previous release and
// has none now keeps its row in the province table (its counts 0, withheld by the guard), so
// that neither its absence nor a published 0 tells that its cases left.
func TestVanishedProvinceKeepsRow(t *testing.T) {
	const th = 10
	first := synthCollector(t, 500, 3)
	defer first.Close()
	old, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	var prov *release.Table
	for _, tb := range old.Tables {
		if tb.Name == "cases-by-province-and-gender" {
			prov = tb
		}
	}
	var labels []string
	for _, r := range prov.Rows {
		if !r.Total && r.State[0] == release.Primary && r.Labels[1] != NotRecorded {
			labels = r.Labels
			break
		}
	}
	if labels == nil {
		t.Fatal("no province with fewer than 10 cases")
	}
	second := synthCollector(t, 500, 3)
	defer second.Close()
	qp := slices.IndexFunc(second.qis, func(q QI) bool { return q.Name == "exploitation" })
	dropped := 0
	for row := range second.Rows() {
		p := second.leafs[qp][second.codes[qp].at(row)]
		if label(p[0]) == labels[0] && label(p[1]) == labels[1] {
			second.Drop(row, Skipped)
			dropped++
		}
	}
	if dropped == 0 {
		t.Fatal("no case dropped")
	}
	pt, err := second.Tables(TableConfig{Protection: Protection{Threshold: th}, AllowDifferencing: true, Previous: old.Tables, PreviousRelations: old.Relations})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tb := range pt.Tables {
		if tb.Name != prov.Name {
			continue
		}
		for _, r := range tb.Rows {
			if slices.Equal(r.Labels, labels) {
				found = true
				if r.State[0] == release.Published {
					t.Errorf("%v: its %d cases left and its count is published as %d", labels, dropped, r.Values[0])
				}
				t.Logf("%v: %d cases left; now %v", labels, dropped, r.State)
			}
		}
	}
	if !found {
		t.Errorf("%v: its %d cases left and its row is gone", labels, dropped)
	}
	if pt.Protection.Audit.Exposed != 0 || pt.Protection.Guarded == 0 {
		t.Errorf("audit %+v, guarded %d", pt.Protection.Audit, pt.Protection.Guarded)
	}
}
