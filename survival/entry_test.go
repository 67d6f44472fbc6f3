package survival

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// TestReferenceEntry checks the Kaplan-Meier estimate with delayed entry against R's
// survfit(Surv(entry, time, status > 0) ~ 1): the figures in testdata/entry-*/ were recorded by
// testdata/reference-entry.R (survival 3.5.3), entry-late-care's data made by it too (stays of
// a late organisation, still open on its first day, entered then), entry-small typed by hand
// (entries that fall on another case's time, a case entered and ended between two points).
func TestReferenceEntry(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "entry-*", "entry.csv"))
	if err != nil || len(files) < 2 {
		t.Fatal("no delayed-entry cases", err)
	}
	for _, p := range files {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tb := readTable(t, p)
			var entry, tm []float64
			var ev []bool
			delayed := 0
			for r := range tb.rows {
				entry = append(entry, tb.num(t, r, "entry"))
				tm = append(tm, tb.num(t, r, "time"))
				ev = append(ev, tb.num(t, r, "status") > 0)
				if entry[r] > 0 {
					delayed++
				}
			}
			if delayed == 0 {
				t.Fatal("no delayed entry in the case")
			}
			for _, tr := range []Transform{Log, LogLog} {
				t.Run("km-"+tr.String(), func(t *testing.T) { checkEntry(t, dir, entry, tm, ev, tr) })
			}
			c, err := KaplanMeierEntry(entry, tm, ev, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := readTable(t, filepath.Join(dir, "km-mean.csv"))
			for r := range want.rows {
				tau := want.num(t, r, "tau")
				m, se := c.RestrictedMean(tau)
				check(t, fmt.Sprintf("rmean(%g)", tau), m, want.num(t, r, "rmean"))
				check(t, fmt.Sprintf("se(rmean(%g))", tau), se, want.num(t, r, "se"))
				check(t, "median", c.Median(), want.num(t, r, "median"))
			}
		})
	}
}

func checkEntry(t *testing.T, dir string, entry, tm []float64, ev []bool, tr Transform) {
	c, err := KaplanMeierEntry(entry, tm, ev, Options{Transform: tr})
	if err != nil {
		t.Fatal(err)
	}
	want := readTable(t, filepath.Join(dir, "km-"+tr.String()+".csv"))
	if len(c.Steps) != len(want.rows) {
		t.Fatalf("%d steps, R has %d", len(c.Steps), len(want.rows))
	}
	for r, s := range c.Steps {
		at := fmt.Sprintf("step %d", r)
		check(t, at+" time", s.Time, want.num(t, r, "time"))
		check(t, at+" n.risk", float64(s.NRisk), want.num(t, r, "n_risk"))
		check(t, at+" n.event", float64(s.NEvent), want.num(t, r, "n_event"))
		check(t, at+" n.censor", float64(s.NCensor), want.num(t, r, "n_censor"))
		check(t, at+" surv", s.Surv, want.num(t, r, "surv"))
		check(t, at+" std.err(log)", s.LogStdErr, want.num(t, r, "std_err"))
		check(t, at+" lower", s.Lower, want.num(t, r, "lower"))
		check(t, at+" upper", s.Upper, want.num(t, r, "upper"))
	}
	times := []float64{0, 3, 6, 12, 24}
	pts, err := c.At(times...)
	if err != nil {
		t.Fatal(err)
	}
	wat := readTable(t, filepath.Join(dir, "km-at.csv"))
	k := 0
	for r := range wat.rows {
		if wat.str(t, r, "transform") != tr.String() {
			continue
		}
		p := pts[k]
		k++
		at := fmt.Sprintf("at %g", p.Time)
		check(t, at+" time", p.Time, wat.num(t, r, "time"))
		check(t, at+" n.risk", float64(p.NRisk), wat.num(t, r, "n_risk"))
		check(t, at+" n.event", float64(p.NEvent), wat.num(t, r, "n_event"))
		check(t, at+" n.censor", float64(p.NCensor), wat.num(t, r, "n_censor"))
		check(t, at+" surv", p.Surv, wat.num(t, r, "surv"))
		check(t, at+" std.err", p.StdErr, wat.num(t, r, "std_err"))
		check(t, at+" lower", p.Lower, wat.num(t, r, "lower"))
		check(t, at+" upper", p.Upper, wat.num(t, r, "upper"))
	}
	if k != len(times) {
		t.Errorf("R has %d fixed points, want %d", k, len(times))
	}
}

// TestEntryRefused checks that an entry that cannot be read for certain is refused, naming
// the observation, never its value; and that no entry is KaplanMeier's curve.
func TestEntryRefused(t *testing.T) {
	tm, ev := []float64{1, 2, 3}, []bool{true, false, true}
	for _, entry := range [][]float64{{0, 2, 0}, {0, 3, 0}, {0, -1, 0}, {0, nan(), 0}, {0, 0}} {
		_, err := KaplanMeierEntry(entry, tm, ev, Options{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Arg != "entry" {
			t.Errorf("entry %v: %v, want an entry InputError", entry, err)
		}
	}
	a, err := KaplanMeierEntry([]float64{0, 0, 0}, tm, ev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := KaplanMeier(tm, ev, Options{})
	if fmt.Sprint(a.Steps) != fmt.Sprint(b.Steps) {
		t.Errorf("entry 0: %v, KaplanMeier %v", a.Steps, b.Steps)
	}
}

// TestReferenceEntryCumInc checks the cumulative incidence of competing exits with delayed
// entry against R's survfit(Surv(entry, time, factor(status)) ~ 1, id = ...): the figures in
// testdata/cuminc-entry/ were recorded by testdata/reference-entry-cuminc.R (survival 3.5.3),
// its data made by it too (a late organisation's stays open on its first day entered then),
// the infinitesimal jackknife standard errors included.
func TestReferenceEntryCumInc(t *testing.T) {
	dir := filepath.Join("testdata", "cuminc-entry")
	tb := readTable(t, filepath.Join(dir, "cuminc.csv"))
	var d caseData
	delayed := 0
	for r := range tb.rows {
		d.entry = append(d.entry, tb.num(t, r, "entry"))
		d.time = append(d.time, tb.num(t, r, "time"))
		s := int(tb.num(t, r, "status"))
		d.status = append(d.status, s)
		d.causes = max(d.causes, s)
		if d.entry[r] > 0 {
			delayed++
		}
	}
	if delayed == 0 || d.causes != 3 {
		t.Fatalf("%d delayed entries, %d causes: not the case", delayed, d.causes)
	}
	for _, tr := range []Transform{Log, LogLog} {
		t.Run("ci-"+tr.String(), func(t *testing.T) { checkCI(t, dir, d, tr) })
	}
	// Without the entries the estimate is another (the check can fail).
	c, err := CumulativeIncidenceEntry(d.entry, d.time, d.status, d.causes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := CumulativeIncidence(d.time, d.status, d.causes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := c.Steps[len(c.Steps)/2].P[0], o.Steps[len(o.Steps)/2].P[0]; a == b {
		t.Errorf("the entries change nothing (%g)", a)
	}
}

// TestCumIncEntryRefused: an entry not before its time, negative or not finite, or of another
// length, is an *InputError.
func TestCumIncEntryRefused(t *testing.T) {
	tm, st := []float64{1, 2, 3}, []int{1, 0, 2}
	for _, entry := range [][]float64{{0, 2, 0}, {0, -1, 0}, {0, math.NaN(), 0}, {0, math.Inf(1), 0}, {0, 0}} {
		_, err := CumulativeIncidenceEntry(entry, tm, st, 2, Options{})
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("entry %v: %v, want an *InputError", entry, err)
		}
	}
}
