package anonymize

import (
	"slices"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestCollectorComplete: a record kept over a duplicate takes what only the duplicate gives (a
// later export without a gender column keeps the earlier one's genders): a quasi-identifier the
// kept row lacks entirely, as the duplicate's whole leaf, never a column of it beside the kept
// row's own; the forms of exploitation together; nothing the kept row gives, and only fields
// named.
func TestCollectorComplete(t *testing.T) {
	c := collect(t, "case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation,labour_sector\n"+
		"A1,female,14,2022-03-01,AF,Herat,forced labour,agriculture\n"+
		"A2,,,2022-03-01,AF,,,\n"+
		"A3,male,,2022-03-01,,,,\n")
	leaf := func(row int, qi string) []string {
		q := slices.IndexFunc(c.qis, func(x QI) bool { return x.Name == qi })
		return c.leafs[q][c.codes[q].at(row)]
	}
	all := []string{schema.Gender, schema.AgeBand, schema.MajorityStatus, schema.CountryOfExploitation, schema.ProvinceOfExploitation,
		schema.DistrictOfExploitation, schema.RegionOfExploitation, schema.IsSexualExploitation, schema.IsForcedLabour,
		schema.IsForcedMarriage, schema.IsForcedMilitary, schema.IsOtherExploitation, schema.LabourSector}
	if c.Gives(1, schema.Gender) || !c.Gives(0, schema.Gender) || !c.Gives(0, schema.LabourSector) || c.Gives(1, schema.LabourSector) {
		t.Error("Gives before Complete: want row 0's gender and sector, not row 1's")
	}
	done := c.Complete(1, 0, all)
	if !c.Gives(1, schema.Gender) || !c.Gives(1, schema.LabourSector) || c.Gives(1, schema.ProvinceOfExploitation) {
		t.Error("Gives after Complete(1, 0): want gender and sector, no province")
	}
	if want := []string{schema.Gender, schema.AgeBand, schema.MajorityStatus, schema.IsSexualExploitation, schema.IsForcedLabour,
		schema.IsForcedMarriage, schema.IsForcedMilitary, schema.IsOtherExploitation, schema.LabourSector}; !slices.Equal(done, want) {
		t.Errorf("Complete(1, 0) = %q, want %q", done, want)
	}
	if g := leaf(1, schema.Gender); g[0] != "female" {
		t.Errorf("row 1's gender %q, want female", g[0])
	}
	if a := leaf(1, "age"); !slices.Equal(a, leaf(0, "age")) {
		t.Errorf("row 1's age %q, want row 0's %q", a, leaf(0, "age"))
	}
	if p := leaf(1, "exploitation"); p[1] != "" {
		t.Errorf("row 1's province of exploitation %q: its own country AF is kept, no province beside it", p[1])
	}
	if e := c.sensitive["exploitation"]; e.at(1) != e.at(0) {
		t.Error("row 1's forms of exploitation not row 0's")
	}
	if col := c.column(schema.IsForcedLabour); !col.valid(1) || col.str(1) != "true" {
		t.Error("row 1's is_forced_labour not taken")
	}
	if col := c.column(schema.LabourSector); !col.valid(1) || col.str(1) != col.str(0) {
		t.Error("row 1's labour sector not taken")
	}
	if done := c.Complete(2, 0, []string{schema.Gender, schema.CountryOfExploitation}); len(done) != 0 {
		t.Errorf("Complete(2, 0) with the exploitation QI's columns named in part = %q, want nothing (gender given)", done)
	}
	if g := leaf(2, schema.Gender); g[0] != "male" {
		t.Errorf("row 2's gender %q: its own is kept", g[0])
	}
	if done := c.Complete(2, 0, []string{schema.AgeBand}); len(done) != 0 {
		t.Errorf("Complete with age_band alone named = %q: majority_status is of the same QI", done)
	}
	if done := c.Complete(2, 0, all); !slices.Contains(done, schema.AgeBand) || slices.Contains(done, schema.Gender) {
		t.Errorf("Complete(2, 0) = %q: want age (majority unknown is not given), not gender", done)
	}
}
