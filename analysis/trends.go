package analysis

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/intervals"
)

// Trends counts the cases of spec by year (or period) of registration within each group of
// spec.Dims (the year dimension is added last), and tests the change from one period to the
// next in each group: the Poisson rate ratio of the period against the one before it, with
// its exact interval and the p-value of the test that nothing changed (R's
// poisson.test(c(now, before), c(exposure_now, exposure_before))). The exposure of a period
// is its length in years, times the population when spec.Population covers the group (then
// the rates are per spec.Per people a year). Periods with no case in a group count as 0.
// Cases whose year is missing or generalized are shown last, without a change.
//
// Columns: the dimensions' columns, year, cases, cases_lower, cases_upper, [population,
// rate, rate_lower, rate_upper,] change, change_lower, change_upper, p_value.
func Trends(ctx context.Context, db *sql.DB, spec Spec) (*Table, error) {
	spec.Dims = append(slices.DeleteFunc(slices.Clone(spec.Dims), func(d string) bool { return strings.EqualFold(d, DimYear) }), DimYear)
	c, f, err := count(ctx, db, spec)
	if err != nil {
		return nil, err
	}
	return trendsTable(c, f, spec), nil
}

// trendsTable is Trends over counted cells (of the microdata or of protected tables), the
// year dimension last. A withheld count is shown by its label, and no change is computed
// from or to it.
func trendsTable(c *counted, f filter, spec Spec) *Table {
	yi := len(c.dims) - 1
	t := &Table{Rows: [][]any{}}
	for _, d := range c.dims {
		t.Columns = append(t.Columns, d.columns...)
	}
	t.Columns = append(t.Columns, "cases", "cases_lower", "cases_upper")
	pq := (*popQuerier)(nil)
	if spec.Population != nil {
		if pq = newPopQuerier(spec, c.dims, f); pq != nil {
			t.Columns = append(t.Columns, "population", "rate", "rate_lower", "rate_upper")
			t.RateNote = pq.note
		}
	}
	t.Columns = append(t.Columns, "change", "change_lower", "change_upper", "p_value")

	// Every known period of the table, in order; each group gets all of them.
	type per struct {
		s        string
		from, to int
	}
	var periods []per
	for _, cl := range c.cells {
		if v := cl.vals[yi]; v.known && !slices.ContainsFunc(periods, func(p per) bool { return p.s == v.s }) {
			from, to, _ := period(v.s)
			periods = append(periods, per{v.s, from, to})
		}
	}
	slices.SortFunc(periods, func(a, b per) int { return a.from*10000 + a.to - b.from*10000 - b.to })
	groupKey := func(cl *cell) string {
		var b strings.Builder
		for _, v := range cl.vals[:yi] {
			b.WriteString(v.s)
			b.WriteByte(0)
		}
		return b.String()
	}
	type group struct {
		vals   []value
		counts map[string]int64
		noise  map[string]intervals.Noise
		labels map[string]string // withheld counts' labels
		other  []*cell
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, cl := range c.cells {
		k := groupKey(cl)
		g := byKey[k]
		if g == nil {
			g = &group{vals: cl.vals[:yi], counts: map[string]int64{}, noise: map[string]intervals.Noise{}, labels: map[string]string{}}
			byKey[k] = g
			groups = append(groups, g)
		}
		if cl.vals[yi].known {
			g.counts[cl.vals[yi].s] += cl.count
			g.noise[cl.vals[yi].s] = g.noise[cl.vals[yi].s].Add(cl.noise)
			if cl.label != "" {
				g.labels[cl.vals[yi].s] = cl.label
			}
		} else {
			g.other = append(g.other, cl)
		}
	}
	level := spec.level()
	var unknownRows [][]any
	firstCut := false // a comparison left out for spec.PartialFirst
	for _, g := range groups {
		// A period is compared with the latest earlier period of the same length that does
		// not overlap it: a Mondrian release can mix 2020 with 2020-2024, and comparing
		// overlapping periods would count the same cases on both sides.
		popOf := map[string]float64{}
		for pi, p := range periods {
			prevCount, prevYears, prevPop, prevNoise := int64(-1), 0.0, 0.0, intervals.Noise{}
			for qi := pi - 1; qi >= 0; qi-- {
				if q := periods[qi]; q.to < p.from && q.to-q.from == p.to-p.from {
					if spec.PartialFirst > 0 && q.from <= spec.PartialFirst {
						// An organisation's first year, or a year before it: not the same registers.
						firstCut = true
						break
					}
					if g.labels[q.s] == "" {
						prevCount, prevYears, prevPop, prevNoise = g.counts[q.s], float64(q.to-q.from+1), popOf[q.s], g.noise[q.s]
					}
					break
				}
			}
			n, noise := g.counts[p.s], g.noise[p.s]
			vals := append(slices.Clone(g.vals), value{s: p.s, known: true})
			cl := &cell{vals: vals, count: n}
			row := cl.dimCells(c.dims)
			ci := intervals.PoissonNoisy(int(n), noise, level)
			row = append(row, n, round(ci.Lower, 2), round(ci.Upper, 2))
			years, pop := float64(p.to-p.from+1), 0.0
			if pq != nil {
				// The population is summed over the period's years: person-years.
				if pp, ok := pq.population(vals); ok {
					pop = pp
					r := intervals.RateNoisy(int(n), noise, pop, spec.per(), level)
					row = append(row, int64(math.Round(pop)), round(r.Estimate, 3), round(r.Lower, 3), round(r.Upper, 3))
				} else {
					row = append(row, nil, nil, nil, nil)
				}
			}
			small := spec.suppressed(n) || g.labels[p.s] != ""
			partial := spec.PartialYear > 0 && p.to >= spec.PartialYear
			if partial {
				t.PartialNote = fmt.Sprintf("%s is not compared with the period before it: the release does not cover %d whole (its manifest's partial_year), and part of a year against a whole one would read as a fall", p.s, spec.PartialYear)
			}
			if prevCount >= 0 && !small && !partial && !spec.suppressed(prevCount) {
				// Against the population when both periods have one, else per year.
				e1, e0 := years, prevYears
				if pop > 0 && prevPop > 0 {
					e1, e0 = pop, prevPop
				}
				rr := intervals.PoissonRateRatioNoisy(int(n), noise, e1, int(prevCount), prevNoise, e0, level)
				row = append(row, round(rr.Ratio, 3), round(rr.Lower, 3), round(rr.Upper, 3), roundP(rr.PValue))
			} else {
				row = append(row, nil, nil, nil, nil)
			}
			if small {
				for i := indexOf(t.Columns, "cases") + 1; i < len(row); i++ {
					if t.Columns[i] != "population" {
						row[i] = nil
					}
				}
			}
			if l := g.labels[p.s]; l != "" {
				row[indexOf(t.Columns, "cases")] = l
			}
			popOf[p.s] = pop
			t.Rows = append(t.Rows, row)
		}
		for _, cl := range g.other {
			row := cl.dimCells(c.dims)
			ci := intervals.PoissonNoisy(int(cl.count), cl.noise, level)
			row = append(row, cl.count, round(ci.Lower, 2), round(ci.Upper, 2))
			for len(row) < len(t.Columns) {
				row = append(row, nil)
			}
			if spec.suppressed(cl.count) || cl.label != "" {
				row[indexOf(t.Columns, "cases")+1], row[indexOf(t.Columns, "cases")+2] = nil, nil
			}
			if cl.label != "" {
				row[indexOf(t.Columns, "cases")] = cl.label
			}
			unknownRows = append(unknownRows, row)
		}
	}
	t.Rows = append(t.Rows, unknownRows...)
	if firstCut {
		note := fmt.Sprintf("periods from %d or before are not compared with the ones after them: one organisation's registrations begin months into %d (its manifest's partial_first_year), and its start would read as a rise", spec.PartialFirst, spec.PartialFirst)
		t.PartialNote = strings.TrimPrefix(t.PartialNote+"; "+note, "; ")
	}
	return t
}
