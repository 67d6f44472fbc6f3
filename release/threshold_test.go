package release

import "testing"

// TestTablesThreshold pins the one rule every reader of a release's tables takes their
// threshold from (run's reports, check, report, query): the configured small_cell_threshold,
// but held tables (the previous release's again) print with the threshold they were printed
// with, raised or lowered since (F9, attack-2026-12-06f; privacy-side-doors37).
func TestTablesThreshold(t *testing.T) {
	held := func(th int) *TablesProtection { return &TablesProtection{Threshold: th, PreviousAudit: PreviousHeld} }
	for _, c := range []struct {
		name string
		m    *Manifest
		want int
	}{
		{"none", nil, 0},
		{"no tables", &Manifest{Privacy: Privacy{SmallCellThreshold: 11}}, 11},
		{"fresh tables", &Manifest{Privacy: Privacy{SmallCellThreshold: 11}, Tables: &TablesProtection{Threshold: 11, PreviousAudit: PreviousJoint}}, 11},
		{"held, raised since", &Manifest{Privacy: Privacy{SmallCellThreshold: 11}, Tables: held(10)}, 10},
		{"held, lowered since", &Manifest{Privacy: Privacy{SmallCellThreshold: 10}, Tables: held(12)}, 12},
		{"held, no threshold stated", &Manifest{Privacy: Privacy{SmallCellThreshold: 11}, Tables: held(0)}, 11},
	} {
		if got := c.m.TablesThreshold(); got != c.want {
			t.Errorf("%s: TablesThreshold() = %d, want %d", c.name, got, c.want)
		}
		if got, want := c.m.Held(), c.m != nil && c.m.Tables != nil && c.m.Tables.PreviousAudit == PreviousHeld; got != want {
			t.Errorf("%s: Held() = %v", c.name, got)
		}
	}
}
