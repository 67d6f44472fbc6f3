package survival

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The figures in testdata/<case>/ were recorded from R by
// testdata/reference.R (survival 3.5.3); the data by testdata/make-data.R or
// typed by hand (small-ties, all-end). Each case folder is one subtest.

const tol = 1e-6

type table struct {
	header map[string]int
	rows   [][]string
}

func readTable(t *testing.T, path string) table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tb := table{header: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		tb.header[h] = i
	}
	return tb
}

func (tb table) str(t *testing.T, r int, col string) string {
	t.Helper()
	i, ok := tb.header[col]
	if !ok {
		t.Fatalf("no column %q", col)
	}
	return tb.rows[r][i]
}

// num parses R's output: NA is NaN, Inf and NaN as written.
func (tb table) num(t *testing.T, r int, col string) float64 {
	t.Helper()
	s := tb.str(t, r, col)
	if s == "NA" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("row %d column %s: %v", r, col, err)
	}
	return v
}

func same(got, want float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func check(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !same(got, want) {
		t.Errorf("%s = %.12g, R gives %.12g", what, got, want)
	}
}

type caseData struct {
	entry  []float64 // nil: every case from 0 (cuminc-entry's delayed entries)
	time   []float64
	status []int
	event  []bool
	group  []string
	causes int
}

func loadCase(t *testing.T, dir string) caseData {
	tb := readTable(t, filepath.Join(dir, "data.csv"))
	var d caseData
	for r := range tb.rows {
		d.time = append(d.time, tb.num(t, r, "time"))
		s := int(tb.num(t, r, "status"))
		d.status = append(d.status, s)
		d.event = append(d.event, s > 0)
		d.group = append(d.group, tb.str(t, r, "group"))
		d.causes = max(d.causes, s)
	}
	return d
}

var fixedTimes = []float64{3, 6, 12, 24}

func TestReference(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "data.csv"))
	if err != nil || len(dirs) == 0 {
		t.Fatal("no reference cases", err)
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			d := loadCase(t, dir)
			for _, tr := range []Transform{Log, LogLog} {
				t.Run("km-"+tr.String(), func(t *testing.T) { checkKM(t, dir, d, tr) })
				t.Run("ci-"+tr.String(), func(t *testing.T) { checkCI(t, dir, d, tr) })
			}
			t.Run("logrank", func(t *testing.T) { checkLogRank(t, dir, d) })
			t.Run("mean", func(t *testing.T) { checkMean(t, dir, d) })
		})
	}
}

func checkKM(t *testing.T, dir string, d caseData, tr Transform) {
	c, err := KaplanMeier(d.time, d.event, Options{Transform: tr})
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
	pts, err := c.At(fixedTimes...)
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
	if k != len(fixedTimes) {
		t.Errorf("R has %d fixed points, want %d", k, len(fixedTimes))
	}
}

func checkCI(t *testing.T, dir string, d caseData, tr Transform) {
	c, err := CumulativeIncidenceEntry(d.entry, d.time, d.status, d.causes, Options{Transform: tr})
	if err != nil {
		t.Fatal(err)
	}
	want := readTable(t, filepath.Join(dir, "ci-"+tr.String()+".csv"))
	if len(c.Steps)*(d.causes+1) != len(want.rows) {
		t.Fatalf("%d steps × %d states, R has %d rows", len(c.Steps), d.causes+1, len(want.rows))
	}
	for r := range want.rows {
		k := int(want.num(t, r, "state"))
		s := c.Steps[r%len(c.Steps)]
		at := fmt.Sprintf("time %g state %d", s.Time, k)
		check(t, at+" time", s.Time, want.num(t, r, "time"))
		check(t, at+" n.risk", float64(s.NRisk), want.num(t, r, "n_risk"))
		check(t, at+" n.event", float64(s.NEvent[k]), want.num(t, r, "n_event"))
		check(t, at+" n.censor", float64(s.NCensor), want.num(t, r, "n_censor"))
		check(t, at+" p", s.P[k], want.num(t, r, "p"))
		check(t, at+" std.err", s.StdErr[k], want.num(t, r, "std_err"))
		check(t, at+" lower", s.Lower[k], want.num(t, r, "lower"))
		check(t, at+" upper", s.Upper[k], want.num(t, r, "upper"))
	}
	pts, err := c.At(fixedTimes...)
	if err != nil {
		t.Fatal(err)
	}
	wat := readTable(t, filepath.Join(dir, "ci-at.csv"))
	n := 0
	for r := range wat.rows {
		if wat.str(t, r, "transform") != tr.String() {
			continue
		}
		n++
		k := int(wat.num(t, r, "state"))
		var p *IncPoint
		for i := range pts {
			if pts[i].Time == wat.num(t, r, "time") {
				p = &pts[i]
			}
		}
		if p == nil {
			t.Fatalf("R row %d at a time not asked for", r)
		}
		at := fmt.Sprintf("at %g state %d", p.Time, k)
		check(t, at+" n.risk", float64(p.NRisk), wat.num(t, r, "n_risk"))
		check(t, at+" n.event", float64(p.NEvent[k]), wat.num(t, r, "n_event"))
		check(t, at+" n.censor", float64(p.NCensor), wat.num(t, r, "n_censor"))
		check(t, at+" p", p.P[k], wat.num(t, r, "p"))
		check(t, at+" std.err", p.StdErr[k], wat.num(t, r, "std_err"))
		if k == 0 && p.Time < c.Steps[0].Time {
			// summary.survfitms pads the limits before the first observed
			// time with 0, also around the initial state's probability 1;
			// At gives the exact (1, 1) there, as summary.survfit does for
			// a Kaplan-Meier curve.
			check(t, at+" lower", p.Lower[k], 1)
			check(t, at+" upper", p.Upper[k], 1)
			continue
		}
		check(t, at+" lower", p.Lower[k], wat.num(t, r, "lower"))
		check(t, at+" upper", p.Upper[k], wat.num(t, r, "upper"))
	}
	if n != len(fixedTimes)*(d.causes+1) {
		t.Errorf("R has %d fixed-point rows, want %d", n, len(fixedTimes)*(d.causes+1))
	}
}

func checkLogRank(t *testing.T, dir string, d caseData) {
	res, err := LogRank(d.time, d.event, d.group)
	if err != nil {
		t.Fatal(err)
	}
	want := readTable(t, filepath.Join(dir, "logrank.csv"))
	if len(res.Groups) != len(want.rows) {
		t.Fatalf("groups %v, R has %d", res.Groups, len(want.rows))
	}
	for r, g := range res.Groups {
		if w := want.str(t, r, "group"); w != g {
			t.Fatalf("group %d is %q, R has %q", r, g, w)
		}
		check(t, g+" n", float64(res.N[r]), want.num(t, r, "n"))
		check(t, g+" observed", res.Observed[r], want.num(t, r, "obs"))
		check(t, g+" expected", res.Expected[r], want.num(t, r, "exp"))
	}
	wv := readTable(t, filepath.Join(dir, "logrank-var.csv"))
	G := len(res.Groups)
	for r := range wv.rows {
		check(t, fmt.Sprintf("var %s,%s", wv.str(t, r, "row"), wv.str(t, r, "col")),
			res.Var[r/G][r%G], wv.num(t, r, "var"))
	}
	wt := readTable(t, filepath.Join(dir, "logrank-test.csv"))
	check(t, "chisq", res.ChiSq, wt.num(t, 0, "chisq"))
	check(t, "df", float64(res.DF), wt.num(t, 0, "df"))
	check(t, "p", res.PValue, wt.num(t, 0, "p"))
}

func checkMean(t *testing.T, dir string, d caseData) {
	c, err := KaplanMeier(d.time, d.event, Options{})
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
}
