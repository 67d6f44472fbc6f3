package anonymize

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// The finest cross-classification the published tables need, counted from the collected
// records at full precision (before any generalization): one cell per combination of place of
// exploitation, gender, age, year and forms of exploitation that some case has. Tables are
// sums of these cells; nothing finer leaves the Collector.

// Gender groups of the tables.
const (
	gFemale = iota
	gMale
	gOther // other, unknown or not recorded
)

// cellKey is a cell of the finest cross-classification.
type cellKey struct {
	place, age, year int32 // indexes into facts.places, .ages, .years
	// sector and relation index facts.sectors and .relations (0: not recorded). The sector is
	// kept for cases of forced labour only (the one table that reads it counts them only).
	sector, relation int32
	gender           uint8
	forms            uint8 // bit i: schema.ExploitationFlags[i]
}

// labourFlag is the index of forced labour in schema.ExploitationFlags.
var labourFlag = slices.IndexFunc(schema.ExploitationFlags, func(e struct{ Field, Label string }) bool {
	return e.Field == schema.IsForcedLabour
})

// facts is the finest cross-classification of the kept (not dropped) rows.
type facts struct {
	places [][2]string // country, province of exploitation ("" when not recorded)
	ages   [][2]string // majority status, age band
	years  []string    // year ("" when not recorded, or known only as a period)
	// regions, per place: the UN region (or union) of exploitation, from the country or as
	// recorded; periods, per year: the period of the year or band. Both from the data's
	// partitions, so that no two overlap. regionOnly and periodOnly: some case is known only at
	// that level.
	regions    []string
	periods    []string
	regionOnly bool
	periodOnly bool
	// sectors and relations: the labour sectors and the recruiter's relations recorded, ""
	// (not recorded) first.
	sectors   []string
	relations []string
	// recorded: bit i set when some counted row states schema.ExploitationFlags[i] (true or
	// false). A form no row states is one the inputs cannot record: its counts are
	// release.Unrecorded, not 0.
	recorded uint8
	cells    []cellKey
	counts   []int64
}

func (f *facts) majority(k cellKey) string { return f.ages[k.age][0] }

// PeriodOnly labels, in the tables by year, the cases whose year of registration is recorded
// only as a band of years (CTDC's yearRegister gives 2015-2017): recorded, so not
// "(not recorded)", but in no single year's row. The period table (cases-by-period-and-gender)
// has them by period.
const PeriodOnly = "(a period only)"

// yearLabel is the label of k's year of registration in the tables by year: the year,
// PeriodOnly, or NotRecorded.
func (f *facts) yearLabel(k cellKey) string {
	switch {
	case f.years[k.year] != "":
		return f.years[k.year]
	case f.periods[k.year] != "":
		return PeriodOnly
	}
	return NotRecorded
}

// Trafficking statuses as the tables count them: victims (actual, possible or not recorded,
// schema.Victims), at-risk people (their own table, never added to victims), and the rest.
const (
	statusVictim uint8 = iota
	statusAtRisk
	statusNot
)

// statusOf returns the status a recorded value of trafficking_status counts as.
func statusOf(v string) uint8 {
	switch v {
	case "at_risk":
		return statusAtRisk
	case "not":
		return statusNot
	}
	return statusVictim
}

// statusAt returns a row's trafficking status as the tables count it (statusOf).
func (c *Collector) statusAt() func(row int) uint8 {
	st := c.column(schema.TraffickingStatus)
	if st == nil || st.text == nil {
		return func(int) uint8 { return statusVictim } // not recorded: counted as a victim
	}
	byCode := make([]uint8, len(st.text.vals))
	for code, v := range st.text.vals {
		if code > 0 {
			byCode[code] = statusOf(v)
		}
	}
	return func(row int) uint8 { return byCode[st.text.codes.at(row)] }
}

// minorAt returns whether a row's majority status is minor (under 18 when identified), read
// from the age quasi-identifier's leaf (age_band, majority_status) or, without it, the
// majority_status column.
func (c *Collector) minorAt() func(row int) bool {
	if q := slices.IndexFunc(c.qis, func(q QI) bool { return q.Name == BuiltinAge }); q >= 0 {
		if i := slices.Index(c.qis[q].Columns, schema.MajorityStatus); i >= 0 {
			minor := make([]bool, len(c.leafs[q]))
			for code, leaf := range c.leafs[q] {
				minor[code] = i < len(leaf) && leaf[i] == "minor"
			}
			return func(row int) bool { return minor[c.codes[q].at(row)] }
		}
	}
	st := c.column(schema.MajorityStatus)
	if st == nil || st.text == nil {
		return func(int) bool { return false }
	}
	minor := make([]bool, len(st.text.vals))
	for code, v := range st.text.vals {
		minor[code] = v == "minor"
	}
	return func(row int) bool { return minor[st.text.codes.at(row)] }
}

// facts counts the kept rows of victims by the finest cross-classification.
func (c *Collector) facts() *facts { return c.factsOf(statusVictim) }

// factsOf counts the kept rows of one trafficking status by the finest cross-classification.
func (c *Collector) factsOf(status uint8) *facts {
	qi := func(name string) int {
		return slices.IndexFunc(c.qis, func(q QI) bool { return q.Name == name })
	}
	qYear, qGender, qAge, qPlace := qi(schema.YearOfRegistration), qi(schema.Gender), qi("age"), qi("exploitation")
	f := &facts{}
	// Leaf code -> index, per QI.
	index := func(q int, key func(leaf []string) string, add func(leaf []string)) []int32 {
		seen := map[string]int32{}
		out := make([]int32, len(c.leafs[q]))
		for code, leaf := range c.leafs[q] {
			k := key(leaf)
			i, ok := seen[k]
			if !ok {
				i = int32(len(seen))
				seen[k] = i
				add(leaf)
			}
			out[code] = i
		}
		return out
	}
	part := partitionsOf(c.qis, c.leafs)
	region := func(l []string) string {
		if len(l) < 4 {
			return ""
		}
		_, r := part.countryLevels(l[0], l[3])
		return r
	}
	placeOf := index(qPlace, func(l []string) string { return l[0] + "\x1f" + l[1] + "\x1f" + region(l) },
		func(l []string) {
			f.places = append(f.places, [2]string{l[0], l[1]})
			f.regions = append(f.regions, region(l))
		})
	ageOf := index(qAge, func(l []string) string { return l[1] + "\x1f" + l[0] },
		func(l []string) { f.ages = append(f.ages, [2]string{l[1], l[0]}) })
	periodOf := func(l []string) string {
		if l[0] != "" {
			y, _ := strconv.Atoi(l[0])
			return part.periodOfYear(y)
		}
		if len(l) > 1 && l[1] != "" {
			return part.periodOfBand(l[1])
		}
		return ""
	}
	yearOf := index(qYear, func(l []string) string { return l[0] + "\x1f" + periodOf(l) }, func(l []string) {
		f.years = append(f.years, l[0])
		f.periods = append(f.periods, periodOf(l))
	})
	genderOf := make([]uint8, len(c.leafs[qGender]))
	for code, leaf := range c.leafs[qGender] {
		switch leaf[0] {
		case "female":
			genderOf[code] = gFemale
		case "male":
			genderOf[code] = gMale
		default:
			genderOf[code] = gOther
		}
	}
	f.sectors, f.relations = []string{""}, []string{""}
	// coder returns the index of a text column's value at a row in vals (0: null, or no such
	// column), each value numbered when first counted; by the column's own code, so the map
	// lookup is once a value, not once a row.
	coder := func(name string, vals *[]string) func(row int) int32 {
		col := c.column(name)
		if col == nil || col.text == nil {
			return func(int) int32 { return 0 }
		}
		at := map[string]int32{"": 0}
		of := make([]int32, len(col.text.vals)) // by the column's code; -1: not yet counted
		for i := range of {
			of[i] = -1
		}
		of[0] = 0
		return func(row int) int32 {
			code := col.text.codes.at(row)
			if n := of[code]; n >= 0 {
				return n
			}
			v := col.text.vals[code]
			n, ok := at[v]
			if !ok {
				n = int32(len(*vals))
				at[v] = n
				*vals = append(*vals, v)
			}
			of[code] = n
			return n
		}
	}
	sectorOf, relationOf := coder(schema.LabourSector, &f.sectors), coder(schema.RecruiterRelation, &f.relations)
	flags := make([]*boolColumn, len(schema.ExploitationFlags))
	for i, e := range schema.ExploitationFlags {
		if col := c.column(e.Field); col != nil {
			flags[i] = col.flag
		}
	}
	statusAt := c.statusAt()
	at := map[cellKey]int{}
	for row := range c.rows {
		if c.dropped[row] != 0 || statusAt(row) != status {
			continue
		}
		k := cellKey{place: placeOf[c.codes[qPlace].at(row)], age: ageOf[c.codes[qAge].at(row)],
			year: yearOf[c.codes[qYear].at(row)], gender: genderOf[c.codes[qGender].at(row)]}
		for j, a := range flags {
			if a != nil {
				switch a.code(row) {
				case 2:
					k.forms |= 1 << j
					fallthrough
				case 1:
					f.recorded |= 1 << j
				}
			}
		}
		k.relation = relationOf(row)
		if k.forms&(1<<labourFlag) != 0 {
			k.sector = sectorOf(row)
		}
		if f.years[k.year] == "" && f.periods[k.year] != "" {
			f.periodOnly = true
		}
		if f.places[k.place][0] == "" && f.regions[k.place] != "" {
			f.regionOnly = true
		}
		n, ok := at[k]
		if !ok {
			n = len(f.cells)
			at[k] = n
			f.cells = append(f.cells, k)
			f.counts = append(f.counts, 0)
		}
		f.counts[n]++
	}
	return f
}

// unrecordedForms marks, in the printed tables of ts, the counts of the forms of exploitation
// that no counted row states (f.recorded) as release.Unrecorded: the rows of a form in the
// tables by form, and a form's column in the boys' and girls' tables. It runs after the
// protection, whose audit took them as the published zeros they are.
func (f *facts) unrecordedForms(ts []*CountTable) {
	for j, e := range schema.ExploitationFlags {
		if f.recorded&(1<<j) != 0 {
			continue
		}
		col := strings.TrimPrefix(e.Field, "is_")
		for _, t := range ts {
			if t.Hidden {
				continue
			}
			byRow := len(t.Labels) > 0 && t.Labels[0] == "form"
			ci := slices.Index(t.Counts, col)
			if !byRow && (ci < 0 || !slices.Equal(t.Labels, []string{"country", "province"})) {
				continue
			}
			for ri := range t.Rows {
				row := &t.Rows[ri]
				for c := range row.State {
					if byRow && row.Labels[0] == e.Label || !byRow && c == ci {
						row.State[c], row.Values[c] = release.Unrecorded, 0
						if row.Rounded != nil {
							row.Rounded[c] = 0
						}
					}
				}
			}
		}
	}
}

// coarse returns f without the sector and relation: its cells merged where they differ only
// there, counts summed. The tables that do not read them are counted from it: fewer cells to
// walk. Sums keep members' encoding (distinct powers of two add up to their union).
func (f *facts) coarse() *facts {
	g := *f
	g.cells, g.counts = nil, nil
	at := make(map[cellKey]int, len(f.cells))
	for i, k := range f.cells {
		k.sector, k.relation = 0, 0
		n, ok := at[k]
		if !ok {
			n = len(g.cells)
			at[k] = n
			g.cells = append(g.cells, k)
			g.counts = append(g.counts, 0)
		}
		g.counts[n] += f.counts[i]
	}
	return &g
}

// members returns, for every count of the tables build makes from f, the cells of f (indexes
// into f.cells) it sums: the cells of the finest cross-classification behind each published
// or hidden count. Tables are linear in the cells' counts with coefficients 0 or 1, so build
// runs once per 62 cells, with cell j of a run counted 2^j: each count's value then spells, in
// binary, which of the run's cells it sums.
func (f *facts) members(build func(*facts) (*tableSet, error)) (map[Ref][]int, error) {
	out := map[Ref][]int{}
	const per = 62
	for start := 0; start < len(f.cells); start += per {
		g := *f
		g.counts = make([]int64, len(f.counts))
		for j := start; j < min(start+per, len(f.cells)); j++ {
			g.counts[j] = 1 << (j - start)
		}
		s, err := build(&g)
		if err != nil {
			return nil, err
		}
		for ti, t := range s.tables {
			for ri, row := range t.Rows {
				for ci, v := range row.Values {
					if v < 0 {
						return nil, fmt.Errorf("anonymize: table %s is not a sum of cells", t.Name)
					}
					for b := uint64(v); b != 0; b &= b - 1 {
						r := Ref{ti, ri, ci}
						out[r] = append(out[r], start+bits.TrailingZeros64(b))
					}
				}
			}
		}
	}
	return out, nil
}
