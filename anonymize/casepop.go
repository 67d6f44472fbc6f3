package anonymize

import (
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// Population counts for case releases (CaseConfig.Population): a CSV with one column per
// release column of each protected quasi-identifier (a place gives its country and province
// columns, and whatever columns its QI has) and a column "count".

// ErrBadValue is wrapped by a *PopulationError for a value a case column cannot hold.
var ErrBadValue = errors.New("value is not valid for the column")

// casePopulation is a population CSV read against the protected QIs of a case release.
type casePopulation struct {
	leaves [][]string // per protected QI (in searched order): leaf key per row
	counts []int64
	lines  []int      // per row: its line in the file
	extra  [][]string // per protected QI: leaf keys not among the sample's, in order of appearance
}

// readCasePopulation reads data for the QIs of r listed in searched. A value that is not
// among the collected leaves must be valid for its column (see validPopValue), or, for a QI with
// a user hierarchy, a leaf of that hierarchy; it then becomes an extra leaf of the QI's
// hierarchy, so that its people count wherever the generalization reaches it.
func (c *Collector) readCasePopulation(data []byte, r *Release, searched []int, user map[string]*Hierarchy) (*casePopulation, error) {
	cr, colOf, err := populationCSV(data)
	if err != nil {
		return nil, err
	}
	idx := make([][]int, len(searched)) // per searched QI: CSV column per QI column
	for i, q := range searched {
		for _, col := range r.QIs[q].Columns {
			j, ok := colOf[col]
			if !ok && col == schema.TraffickingStatus {
				j = everyStatus
			} else if !ok && !isDistrict(col) && !isCoarse(col) {
				return nil, &PopulationError{Line: 1, Column: col, Err: ErrMissingColumn}
			} else if !ok {
				j = -1 // population counts by province (no district), or without periods or regions
			}
			idx[i] = append(idx[i], j)
		}
	}
	countCol, ok := colOf["count"]
	if !ok {
		return nil, &PopulationError{Line: 1, Column: "count", Err: ErrMissingColumn}
	}
	cp := &casePopulation{leaves: make([][]string, len(searched)), extra: make([][]string, len(searched))}
	seen := make([]map[string]bool, len(searched))
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	vals := make([]string, 0, 4)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, populationErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		for i, q := range searched {
			qi := r.QIs[q]
			if idx[i][0] == everyStatus {
				cp.leaves[i] = append(cp.leaves[i], "") // expanded below
				continue
			}
			vals = vals[:0]
			for j, ci := range idx[i] {
				if ci < 0 {
					vals = append(vals, "")
					continue
				}
				if ci >= len(rec) {
					return nil, &PopulationError{Line: line, Column: qi.Columns[j], Err: ErrMissingColumn}
				}
				vals = append(vals, strings.TrimSpace(rec[ci]))
			}
			key := strings.Join(vals, "\x1f")
			if _, ok := c.leaves[q][key]; !ok && !seen[i][key] {
				for j, v := range vals {
					if err := validPopValue(qi, user, qi.Columns[j], v); err != nil {
						return nil, &PopulationError{Line: line, Column: qi.Columns[j], Err: err}
					}
				}
				// A value is missing (all columns empty) or must not fall into the missing
				// class when generalized: its people would count as people of unknown origin.
				if slices.ContainsFunc(vals, func(v string) bool { return v != "" }) {
					for l := 1; l+1 < len(qi.LevelNames); l++ {
						if !slices.ContainsFunc(qi.general(vals, l), func(v string) bool { return v != "" }) {
							return nil, &PopulationError{Line: line, Column: qi.Columns[0], Err: ErrBadValue}
						}
					}
				}
				seen[i][key] = true
				cp.extra[i] = append(cp.extra[i], key)
			}
			cp.leaves[i] = append(cp.leaves[i], key)
		}
		if countCol >= len(rec) {
			return nil, &PopulationError{Line: line, Column: "count", Err: ErrMissingColumn}
		}
		n, err := strconv.ParseInt(strings.TrimSpace(rec[countCol]), 10, 64)
		if err != nil || n < 0 {
			return nil, &PopulationError{Line: line, Column: "count", Err: ErrBadCount}
		}
		cp.counts = append(cp.counts, n)
		cp.lines = append(cp.lines, line)
	}
	for i, q := range searched {
		if idx[i][0] == everyStatus {
			cp.everyLeaf(i, c.leafs[q])
		}
	}
	return cp, nil
}

// everyStatus marks the trafficking status, which no population counts: its people are counted
// in the classes of every status (see everyLeaf).
const everyStatus = -2

// everyLeaf puts each row's people under each of leafs in QI i: a population has no trafficking
// status, so whoever matches a released class on the other quasi-identifiers is one of its
// matches, whatever the class's status (the status is left out of the population match). The
// status has one level, so no class holds two statuses and no one is counted twice in a class;
// only a sum over classes of different statuses counts people again.
func (cp *casePopulation) everyLeaf(i int, leafs [][]string) {
	n := len(cp.counts)
	leaves := make([][]string, len(cp.leaves))
	counts := make([]int64, 0, n*len(leafs))
	lines := make([]int, 0, n*len(leafs))
	for row := range n {
		for _, leaf := range leafs {
			for j := range cp.leaves {
				v := cp.leaves[j][row]
				if j == i {
					v = strings.Join(leaf, "\x1f")
				}
				leaves[j] = append(leaves[j], v)
			}
			counts = append(counts, cp.counts[row])
			lines = append(lines, cp.lines[row])
		}
	}
	cp.leaves, cp.counts, cp.lines = leaves, counts, lines
}

// validPopValue checks a population value of column col of qi that the cases do not have: a
// leaf of the user's hierarchy for a QI that has one, otherwise a value of the column's
// vocabulary (a year, a gender, a CTDC age band, an ISO 3166 code). Columns without a
// vocabulary here take any value; missing ("") is always allowed.
func validPopValue(qi QI, user map[string]*Hierarchy, col, v string) error {
	if v == "" {
		return nil
	}
	if h, ok := user[qi.Name]; ok {
		if _, ok := h.Code(v); !ok {
			return ErrNotInHierarchy
		}
		return nil
	}
	ok := true
	switch col {
	case schema.YearOfRegistration:
		y, err := strconv.Atoi(v)
		ok = err == nil && y > 0 && strconv.Itoa(y) == v
	case schema.Gender:
		ok = slices.Contains(schema.Genders, v)
	case schema.AgeBand:
		ok = slices.Contains(schema.AgeBands, v)
	case schema.MajorityStatus:
		ok = slices.Contains(schema.MajorityStatuses, v)
	case schema.Citizenship, schema.CountryOfOrigin, schema.CountryOfExploitation:
		c, found := geo.CountryByCode(v)
		ok = found && c.Code == v
	case schema.RegistrationPeriod:
		ok = len(v) == 9 && v[4] == '-' && v[:4] <= v[5:]
		_, err1 := strconv.Atoi(v[:min(4, len(v))])
		_, err2 := strconv.Atoi(v[min(5, len(v)):])
		ok = ok && err1 == nil && err2 == nil
	case schema.CitizenshipRegion, schema.RegionOfExploitation:
		r, found := geo.LookupRegion(v)
		ok = found && r == v
	case schema.ProvinceOfOrigin, schema.ProvinceOfExploitation:
		p, found := geo.ProvinceByCode(v)
		ok = found && p.Code == v
	}
	if !ok {
		return ErrBadValue
	}
	return nil
}

// population builds the Population of t (the searched QIs' hierarchies, extra leaves included).
func (cp *casePopulation) population(t *Table) (*Population, error) {
	pop := NewPopulation(t)
	codes := make([]int32, len(t.Hierarchies))
	for row, n := range cp.counts {
		for i, h := range t.Hierarchies {
			c, ok := h.Code(cp.leaves[i][row])
			if !ok { // cannot happen: every key is a leaf of the sample or an extra leaf
				return nil, &PopulationError{Line: cp.lines[row], Column: h.Name, Err: ErrNotInHierarchy}
			}
			codes[i] = c
		}
		if err := pop.Add(codes, n); err != nil {
			return nil, &PopulationError{Line: cp.lines[row], Err: err}
		}
	}
	return pop, nil
}
