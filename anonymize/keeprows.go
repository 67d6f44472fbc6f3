package anonymize

import (
	"slices"

	"github.com/prevalence/prevalence/release"
)

// keepRows adds to f, with count 0, a cell for every row of the previous release's province,
// boys', girls', age, year, sector and relation tables that f no longer has (all its cases left), so that the
// row is still published and the guard compares it: a row that vanished would tell that its
// cases left, which the guard protects when the count was small (a count now 0 that was
// "<threshold" is withheld). The cells add nothing to any count; they only give rows.
func keepRows(f *facts, prev []*release.Table) {
	if len(f.cells) == 0 {
		return
	}
	unlabel := func(s string) string {
		if s == NotRecorded {
			return ""
		}
		return s
	}
	have := map[cellKey]bool{}
	for _, k := range f.cells {
		have[k] = true
	}
	add := func(k cellKey) {
		if !have[k] {
			have[k] = true
			f.cells = append(f.cells, k)
			f.counts = append(f.counts, 0)
		}
	}
	place := func(country, province string) int32 {
		p := [2]string{unlabel(country), unlabel(province)}
		if i := slices.Index(f.places, p); i >= 0 {
			return int32(i)
		}
		region := ""
		for i, q := range f.places {
			if q[0] == p[0] && p[0] != "" {
				region = f.regions[i]
			}
		}
		f.places = append(f.places, p)
		f.regions = append(f.regions, region)
		return int32(len(f.places) - 1)
	}
	age := func(majority, band string) int32 {
		a := [2]string{unlabel(majority), unlabel(band)}
		if i := slices.Index(f.ages, a); i >= 0 {
			return int32(i)
		}
		f.ages = append(f.ages, a)
		return int32(len(f.ages) - 1)
	}
	year := func(y string) int32 {
		y = unlabel(y)
		for i, v := range f.years {
			if v == y && (y != "" || f.periods[i] == "") {
				return int32(i)
			}
		}
		f.years = append(f.years, y)
		f.periods = append(f.periods, "")
		return int32(len(f.years) - 1)
	}
	// A cell's other dimensions: an existing year, and a minor's age when the row is of
	// children.
	base := f.cells[0]
	minorAge := base.age
	if i := slices.IndexFunc(f.ages, func(a [2]string) bool { return a[0] == "minor" }); i >= 0 {
		minorAge = int32(i)
	}
	for _, t := range prev {
		for _, r := range t.Rows {
			if r.Total {
				continue
			}
			k := cellKey{place: base.place, age: base.age, year: base.year, gender: base.gender}
			switch t.Name {
			case "cases-by-province-and-gender":
				if len(r.Labels) < 2 {
					continue
				}
				k.place = place(r.Labels[0], r.Labels[1])
				if slices.ContainsFunc(f.cells, func(c cellKey) bool { return c.place == k.place }) {
					continue
				}
			case "boys-by-province", "girls-by-province":
				if len(r.Labels) < 2 {
					continue
				}
				k.place, k.age = place(r.Labels[0], r.Labels[1]), minorAge
				k.gender = map[bool]uint8{true: gMale, false: gFemale}[t.Name == "boys-by-province"]
				if slices.ContainsFunc(f.cells, func(c cellKey) bool {
					return c.place == k.place && c.gender == k.gender && f.majority(c) == "minor"
				}) {
					continue
				}
			case "cases-by-age-and-gender":
				if len(r.Labels) < 2 {
					continue
				}
				k.age = age(r.Labels[0], r.Labels[1])
				if slices.ContainsFunc(f.cells, func(c cellKey) bool { return c.age == k.age }) {
					continue
				}
			case sectorTable, relationTable:
				if len(r.Labels) < 1 {
					continue
				}
				vals, at := &f.sectors, &k.sector
				if t.Name == relationTable {
					vals, at = &f.relations, &k.relation
				} else {
					k.forms = 1 << labourFlag
				}
				v := unlabel(r.Labels[0])
				i := slices.Index(*vals, v)
				if i < 0 {
					*vals = append(*vals, v)
					i = len(*vals) - 1
				}
				*at = int32(i)
				if slices.ContainsFunc(f.cells, func(c cellKey) bool {
					if t.Name == relationTable {
						return c.relation == k.relation
					}
					return c.sector == k.sector && c.forms&k.forms != 0
				}) {
					continue
				}
			case "cases-by-year-and-gender":
				if len(r.Labels) < 1 {
					continue
				}
				k.year = year(r.Labels[0])
				if slices.ContainsFunc(f.cells, func(c cellKey) bool { return c.year == k.year }) {
					continue
				}
			default:
				continue
			}
			add(k)
		}
	}
}
