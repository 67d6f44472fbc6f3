package anonymize

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestCollectorSet: Set gives a row a value in its analytic column, its quasi-identifier leaf
// and a one-column sensitive attribute, as Clear nulls all three (linkage-merge6: a linked
// person's kept record takes the outcome of all their records' events); and recorded counts
// rows kept, not leaves: a QI whose every value was cleared is not recorded.
func TestCollectorSet(t *testing.T) {
	c := collect(t, "case_id,gender,age,registration_date\nA1,male,14,2022-03-01\nA2,female,15,2022-03-01\n")
	q := slices.IndexFunc(c.qis, func(qi QI) bool { return slices.Contains(qi.Columns, schema.PlacementProvince) })
	if q < 0 {
		t.Fatal("no quasi-identifier holds placement_province")
	}
	j := slices.Index(c.qis[q].Columns, schema.PlacementProvince)
	if c.recorded(q) {
		t.Fatal("placement province recorded before any was set")
	}
	if !c.Set(0, schema.PlacementProvince, "AF-HER") || c.Set(0, schema.PlacementProvince, "AF-HER") {
		t.Error("Set reports no change, or a change setting the same value again")
	}
	if got := c.leafs[q][c.codes[q].at(0)][j]; got != "AF-HER" {
		t.Errorf("leaf value %q, want AF-HER", got)
	}
	if col := c.column(schema.PlacementProvince); col != nil && (!col.valid(0) || col.str(0) != "AF-HER" || col.valid(1)) {
		t.Error("analytic placement_province not set on row 0 only")
	}
	c.Set(1, schema.CareExit, "reintegrated")
	if col := c.column(schema.CareExit); col == nil || !col.valid(1) || col.str(1) != "reintegrated" || col.valid(0) {
		t.Error("analytic care_exit not set on row 1 only")
	}
	if !c.recorded(q) {
		t.Error("placement province set but not recorded")
	}
	c.Set(1, schema.RetraffickedWithin24m, "true")
	c.Set(0, schema.RetraffickedWithin24m, "false")
	e := c.sensitive[schema.RetraffickedWithin24m]
	if e.at(0) == e.at(1) || e.at(0) == MissingSensitive || e.at(1) == MissingSensitive {
		t.Errorf("sensitive codes %d %d, want two values", e.at(0), e.at(1))
	}
	if col := c.column(schema.RetraffickedWithin24m); col.str(1) != "true" || col.str(0) != "false" || !col.flag.hasTrue || !col.flag.hasFalse {
		t.Error("analytic retrafficked_within_24m not set")
	}
	c.Set(0, schema.PlacementProvince, "")
	if c.recorded(q) {
		t.Error("placement province recorded after its only value was cleared")
	}
	c.Set(1, schema.PlacementProvince, "AF-KAB")
	c.Drop(1, Linked)
	if c.recorded(q) {
		t.Error("placement province recorded by a dropped row only")
	}
}
