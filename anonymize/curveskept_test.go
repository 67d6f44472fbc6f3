package anonymize

import "testing"

// TestCurvesKeepThePreviousChoice: the confirmed re-trafficking curve's events (30, withheld
// last: Keep) and the composite's (34) differ by the returns to care (4, a hidden count), so one
// of the two is withheld. Alone, the composite pays (TestReturnsCostTheComposite). When the
// previous release withheld the confirmed count (for its own relations, as
// attack-2026-12-02d 1b's release A did) and printed the composite, this release keeps that
// choice, rather than trading places with it.
func TestCurvesKeepThePreviousChoice(t *testing.T) {
	tables := func(curve []string) ([]*CountTable, Links) { // curve: the tables' estimates
		conf := &CountTable{Name: "re-trafficking", Labels: []string{"months"}, Counts: []string{"events"}, Keep: []bool{true}, Figures: curve,
			Rows: []CountRow{{Labels: []string{"24 months"}, Values: []int64{30}}}}
		comp := &CountTable{Name: "re-trafficking-or-return", Labels: []string{"months"}, Counts: []string{"events"}, Figures: curve,
			Rows: []CountRow{{Labels: []string{"24 months"}, Values: []int64{34}}}}
		ret := &CountTable{Name: "returns", Hidden: true, Labels: []string{"months"}, Counts: []string{"returns"},
			Rows: []CountRow{{Labels: []string{"24 months"}, Values: []int64{4}}}}
		return []*CountTable{conf, comp, ret}, Links{Eqs: []Eq{{Plus: []Ref{{1, 0, 0}}, Minus: []Ref{{0, 0, 0}, {2, 0, 0}}}}}
	}
	for _, c := range []struct {
		name       string
		was        map[Ref]bool
		conf, comp State
		plain      bool // no estimates: not the outcome curves, whose preference this is only
	}{
		{"no previous release", nil, Published, Secondary, false},
		{"the previous release withheld the confirmed count", map[Ref]bool{{0, 0, 0}: true}, Secondary, Published, false},
		{"the previous release withheld the composite", map[Ref]bool{{1, 0, 0}: true}, Published, Secondary, false},
		{"both", map[Ref]bool{{0, 0, 0}: true, {1, 0, 0}: true}, Published, Secondary, false},
		{"tables without estimates", map[Ref]bool{{0, 0, 0}: true}, Published, Secondary, true},
	} {
		curve := []string{"cumulative_incidence"}
		if c.plain {
			curve = nil
		}
		ts, l := tables(curve)
		if _, err := Protect(ts, l, Protection{Threshold: 10, wasWithheld: c.was}); err != nil {
			t.Fatal(err)
		}
		if conf, comp := ts[0].Rows[0].State[0], ts[1].Rows[0].State[0]; conf != c.conf || comp != c.comp {
			t.Errorf("%s: confirmed %v, composite %v; want %v, %v", c.name, conf, comp, c.conf, c.comp)
		}
	}
}
