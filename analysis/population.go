package analysis

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo"
)

// Population is a population table: people by area, sex, age band and year, the denominators
// of rates.
type Population struct {
	rows  map[popKey][]band // bands of one area, sex and year, sorted, not overlapping
	years []int
}

type popKey struct {
	area, sex string
	year      int
}

type band struct {
	lo, hi int // inclusive; maxAge when open-ended
	n      float64
}

// parseBand turns an age band ("0-17", "18+", "48+", "9-17", "all") into its range of ages.
func parseBand(s string) (lo, hi int, ok bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "all", "total", "*", "":
		return 0, maxAge, true
	}
	if a, found := strings.CutSuffix(s, "+"); found {
		n, err := strconv.Atoi(strings.TrimSpace(a))
		return n, maxAge, err == nil && n >= 0
	}
	a, b, found := strings.Cut(s, "-")
	if !found {
		n, err := strconv.Atoi(s)
		return n, n, err == nil && n >= 0
	}
	x, err1 := strconv.Atoi(strings.TrimSpace(a))
	y, err2 := strconv.Atoi(strings.TrimSpace(b))
	return x, y, err1 == nil && err2 == nil && x >= 0 && x <= y
}

func parseSex(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "female", "f", "women", "girls":
		return "female", true
	case "male", "m", "men", "boys":
		return "male", true
	}
	return "", false
}

// ReadPopulationFile reads a population table from a CSV file (see ReadPopulation).
func ReadPopulationFile(path string) (*Population, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := ReadPopulation(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// ReadPopulation reads a population table: CSV with a header naming the columns area (an ISO
// 3166-2 province or ISO 3166-1 country code), sex (female or male), age_band (e.g. 0-17, 18+,
// 9-17), year and population, in any order; lines starting with # are comments. The age bands
// of one area, sex and year must not overlap; a rate is computed only when they cover the ages
// of the row exactly (a population in 0-17 and 18+ gives rates for minors and adults, not for
// the 9-17 band).
func ReadPopulation(r io.Reader) (*Population, error) {
	p := &Population{rows: map[popKey][]band{}}
	err := readTable(r, "population", []string{"area", "sex", "age_band", "year", "population"}, nil, map[string][]string{
		"area": {"area_code", "code", "province", "country"}, "sex": {"gender"}, "age_band": {"age", "ages"},
		"population": {"pop", "count", "n"},
	}, func(rec []string, col map[string]int, fail func(k, why string) error) error {
		area := strings.ToUpper(strings.TrimSpace(rec[col["area"]]))
		if _, ok := geo.ProvinceByCode(area); !ok {
			if _, ok := geo.CountryByCode(area); !ok || len(area) != 2 {
				return fail("area", "not an ISO 3166-2 province or ISO 3166-1 country code")
			}
		}
		sex, ok := parseSex(rec[col["sex"]])
		if !ok {
			return fail("sex", "not female or male")
		}
		lo, hi, ok := parseBand(rec[col["age_band"]])
		if !ok {
			return fail("age_band", "not an age band such as 0-17 or 18+")
		}
		year, err := strconv.Atoi(strings.TrimSpace(rec[col["year"]]))
		if err != nil || year < 1900 || year > 2200 {
			return fail("year", "not a year")
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(rec[col["population"]]), 64)
		if err != nil || !(n >= 0) || n > 1e10 {
			return fail("population", "not a non-negative number")
		}
		k := popKey{area, sex, year}
		for _, b := range p.rows[k] {
			if lo <= b.hi && b.lo <= hi {
				return fail("age_band", fmt.Sprintf("overlaps another band of %s, %s, %d", area, sex, year))
			}
		}
		p.rows[k] = append(p.rows[k], band{lo, hi, n})
		slices.SortFunc(p.rows[k], func(a, b band) int { return a.lo - b.lo })
		if !slices.Contains(p.years, year) {
			p.years = append(p.years, year)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(p.rows) == 0 {
		return nil, errors.New("population table has no rows")
	}
	slices.Sort(p.years)
	return p, nil
}

// Years returns the years of the table, in order.
func (p *Population) Years() []int { return slices.Clone(p.years) }

// Areas returns the area codes of the table.
func (p *Population) Areas() []string {
	var out []string
	for k := range p.rows {
		if !slices.Contains(out, k.area) {
			out = append(out, k.area)
		}
	}
	slices.Sort(out)
	return out
}

// Count returns the population of the areas, sexes and years in ages lo..hi (inclusive, hi
// maxAge for open-ended), and false when the table does not cover them all exactly.
func (p *Population) Count(areas, sexes []string, years []int, lo, hi int) (float64, bool) {
	if len(areas) == 0 || len(sexes) == 0 || len(years) == 0 || lo > hi {
		return 0, false
	}
	total := 0.0
	for _, a := range areas {
		for _, s := range sexes {
			for _, y := range years {
				next := lo
				for _, b := range p.rows[popKey{a, s, y}] {
					if b.lo < lo || b.hi > hi {
						continue
					}
					if b.lo != next {
						return 0, false
					}
					total += b.n
					next = b.hi + 1
				}
				if next != hi+1 {
					return 0, false
				}
			}
		}
	}
	return total, true
}

// popQuerier finds the population of the rows of one table.
type popQuerier struct {
	p                                *Population
	geo, gender, age, majority, year int // dimension indexes, -1 when absent
	geoDim                           string
	sex                              string
	lo, hi                           int
	// years are the population's years of a row without a year dimension: the cases' span
	// (person-years), or one year
	years []int
	note  string // what the rates are, in words (Table.RateNote)
}

// newPopQuerier returns nil when the table has no geography dimension.
func newPopQuerier(spec Spec, ds []dim, f filter) *popQuerier {
	q := &popQuerier{p: spec.Population, geo: -1, gender: -1, age: -1, majority: -1, year: -1, sex: f.sex, lo: f.ageLo, hi: f.ageHi}
	for i, d := range ds {
		switch d.name {
		case DimProvince, DimCountry, DimSubregion, DimRegion:
			if q.geo < 0 {
				q.geo, q.geoDim = i, d.name
			}
		case DimGender:
			q.gender = i
		case DimAge:
			q.age = i
		case DimMajority:
			q.majority = i
		case DimYear:
			q.year = i
		}
	}
	if q.geo < 0 || len(q.p.years) == 0 {
		return nil
	}
	per := strconv.FormatFloat(spec.per(), 'f', -1, 64)
	if n, err := strconv.Atoi(per); err == nil {
		per = groupThousands(n)
	}
	switch {
	case q.year >= 0:
		q.note = fmt.Sprintf("rates are per %s people a year: each row's cases over the population of its year (summed over the years of a period: person-years)", per)
	case spec.PopulationYear != 0:
		q.years = []int{spec.PopulationYear}
		q.note = fmt.Sprintf("rates are the cases of every year of registration over the population of %d alone (per %s people), not a yearly rate", spec.PopulationYear, per)
	case spec.Years[0] > 0 && spec.Years[1] >= spec.Years[0]:
		// A year the table has no rows for gives no rate, as with a year dimension: taking
		// the nearest year's population extrapolated a census to years it does not cover
		// without the user choosing it (attack-2026-12-01f lows). The note names the years
		// lacking and the fix.
		var lacking []int
		for y := spec.Years[0]; y <= spec.Years[1]; y++ {
			q.years = append(q.years, y)
			if !slices.Contains(q.p.years, y) {
				lacking = append(lacking, y)
			}
		}
		span := fmt.Sprintf("%d-%d (%d years)", spec.Years[0], spec.Years[1], len(q.years))
		if len(q.years) == 1 {
			span = strconv.Itoa(spec.Years[0])
		}
		q.note = fmt.Sprintf("rates are per %s people a year: the cases registered in %s over the population of those years summed (person-years)", per, span)
		if len(lacking) > 0 {
			q.note += fmt.Sprintf("; the population table has no rows for %s, so no row has a rate: give the population of every year of %s (a census of one year standing for the years around it is written as rows of each of those years)", yearList(lacking), span)
		}
		q.note += "; a row whose area or ages the population table lacks in any of those years has no rate"
	default:
		last := q.p.years[len(q.p.years)-1]
		q.years = []int{last}
		q.note = fmt.Sprintf("rates are the cases of every year over the population of %d (the population table's last year; the cases' years of registration are not known), per %s people: not a yearly rate", last, per)
	}
	return q
}

// yearList writes sorted years as runs: 2018-2021, 2023.
func yearList(ys []int) string {
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ys[i], ys[j]))
		} else {
			parts = append(parts, strconv.Itoa(ys[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// groupThousands writes n with commas between thousands: 100000 -> "100,000".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (q *popQuerier) population(vals []value) (float64, bool) {
	g := vals[q.geo]
	if !g.known {
		return 0, false
	}
	var areas []string
	switch q.geoDim {
	case DimProvince, DimCountry:
		areas = []string{g.s}
	default:
		for _, a := range q.p.Areas() {
			c, ok := geo.CountryByCode(a)
			if ok && len(a) == 2 && (c.Region == g.s || c.SubRegion == g.s) {
				areas = append(areas, a)
			}
		}
	}
	sexes := []string{"female", "male"}
	if q.sex != "" {
		sexes = []string{q.sex}
	}
	if q.gender >= 0 {
		s, ok := parseSex(vals[q.gender].s)
		if !ok || !vals[q.gender].known || (q.sex != "" && s != q.sex) {
			return 0, false
		}
		sexes = []string{s}
	}
	lo, hi := q.lo, q.hi
	if q.age >= 0 {
		if !vals[q.age].known {
			return 0, false
		}
		l, h, ok := parseBand(vals[q.age].s)
		if !ok {
			return 0, false
		}
		lo, hi = max(lo, l), min(hi, h)
	}
	if q.majority >= 0 {
		switch vals[q.majority].s {
		case "minor":
			hi = min(hi, 17)
		case "adult":
			lo = max(lo, 18)
		default:
			return 0, false
		}
	}
	years := q.years
	if q.year >= 0 {
		from, to, ok := period(vals[q.year].s)
		if !ok || !vals[q.year].known {
			return 0, false
		}
		years = nil
		for y := from; y <= to; y++ {
			years = append(years, y)
		}
	}
	return q.p.Count(areas, sexes, years, lo, hi)
}
