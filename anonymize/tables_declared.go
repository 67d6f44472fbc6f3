package anonymize

import (
	"slices"
	"strings"
)

// declaredCells adds, for the declared table ti over dims, the cells of the finest
// cross-classification that it and the standard set determine together, as a hidden table
// with every relation, so that the audit is exact for declared tables that cross dimensions no
// standard table crosses (a province by year table, say).
//
// The standard set is a decomposable cross-classification with the cliques place × gender ×
// minority (the province table with the boys' and girls' tables and their complements), age ×
// gender, year × gender × minority and form × minority, joined on gender × minority (see
// standardTables). A declared table over D adds the clique D ∪ {gender, minority}: its
// intersection with each standard clique is a margin that clique's cells give (place × gender ×
// minority, year × gender × minority, age × gender, gender × minority), and the standard
// cliques meet one another inside it, so the cliques still form a junction tree. Its cells
// are the hidden table "NAME-finest"; the relations are the declared table's counts as sums of
// them and each shared margin as sums of them. For a decomposable model these relations are
// exact: any nonnegative cells that satisfy them are the cells of some set of cases. Small
// hidden cells are protected like small printed counts.
//
// Region and period are linked by their margins only (they are partitions of country and
// year, not cliques of the standard set): the audit is not exact for a declared table that
// crosses them with other dimensions.
func (s *tableSet) declaredCells(ti int, dims []string, value map[string]func(cellKey) string) {
	hd := slices.Clone(dims)
	for _, d := range []string{"gender", "majority_status"} {
		if !slices.Contains(hd, d) {
			hd = append(hd, d)
		}
	}
	// Minority as the standard cliques split it (minor or not), unless the table has the
	// majority status itself: fewer hidden cells.
	majority := value["majority_status"]
	if !slices.Contains(dims, "majority_status") && !slices.Contains(dims, "age_band") {
		majority = func(k cellKey) string {
			if s.f.majority(k) == "minor" {
				return "minor"
			}
			return "not minor"
		}
	}
	l, v := s.grouped(1, func(k cellKey) ([]string, bool) {
		out := make([]string, len(hd))
		for i, d := range hd {
			if d == "majority_status" {
				out[i] = majority(k)
			} else {
				out[i] = label(value[d](k))
			}
		}
		return out, true
	}, func(_ cellKey, v []int64, n int64) { v[0] += n })
	decl := s.tables[ti]
	h := &CountTable{Name: decl.Name + "-finest", Hidden: true, Labels: hd, Counts: []string{"cases"}, TotalCols: []bool{false}}
	for i := range l {
		h.Rows = append(h.Rows, CountRow{Labels: l[i], Values: v[i]})
	}
	hi := s.add(h)

	at := func(name string) (int, bool) { i, ok := s.byName[name]; return i, ok }
	dim := func(r CountRow, d string) string { return r.Labels[slices.Index(hd, d)] }
	gender := func(r CountRow) int { return slices.Index(genderCols, dim(r, "gender")) - 1 }
	minor := func(r CountRow) bool { return dim(r, "majority_status") == "minor" }
	// margin groups the hidden cells by key and states, for each group, that the standard
	// counts refs gives sum to them (ok false: no relation for that group).
	margin := func(key func(r CountRow) string, refs func(r CountRow) ([]Ref, bool)) {
		groups := map[string][]Ref{}
		first := map[string]int{}
		var order []string
		for ri, r := range h.Rows {
			k := key(r)
			if _, ok := groups[k]; !ok {
				order = append(order, k)
				first[k] = ri
			}
			groups[k] = append(groups[k], Ref{hi, ri, 0})
		}
		for _, k := range order {
			if rs, ok := refs(h.Rows[first[k]]); ok && len(rs) > 0 {
				s.eq(rs, groups[k])
			}
		}
	}
	join := func(parts ...string) string { return strings.Join(parts, "\x00") }
	minorKey := func(r CountRow) string {
		if minor(r) {
			return "minor"
		}
		return "not"
	}

	// The declared table's counts.
	margin(func(r CountRow) string { return join(r.Labels[:len(dims)]...) }, func(r CountRow) ([]Ref, bool) {
		ri, ok := s.rows[decl.Name][join(r.Labels[:len(dims)]...)]
		return []Ref{{ti, ri, 0}}, ok
	})

	// Place × gender × minority: the boys' and girls' tables, their complements (the gender's
	// cases that are not children) and the province table's third gender; by country when the
	// table has no province.
	pi, okp := at("cases-by-province-and-gender")
	if okp && slices.Contains(hd, "country") {
		withProvince := slices.Contains(hd, "province")
		placeOf := func(r CountRow) []string {
			if withProvince {
				return []string{dim(r, "country"), dim(r, "province")}
			}
			return []string{dim(r, "country")}
		}
		margin(func(r CountRow) string {
			k := join(append(placeOf(r), dim(r, "gender"))...)
			if gender(r) != gOther {
				k += "\x00" + minorKey(r)
			}
			return k
		}, func(r CountRow) ([]Ref, bool) {
			place, g := placeOf(r), gender(r)
			var out []Ref
			for pr, row := range s.tables[pi].Rows {
				if row.Total || row.Labels[0] != place[0] || (withProvince && row.Labels[1] != place[1]) {
					continue
				}
				if g == gOther {
					out = append(out, Ref{pi, pr, 1 + g})
					continue
				}
				name := map[int]string{gMale: "boys", gFemale: "girls"}[g]
				if minor(r) {
					name += "-by-province"
				} else {
					name += "-complement-by-province"
				}
				t, ok := at(name)
				if !ok {
					return nil, false
				}
				if kr, ok := s.rows[name][join(row.Labels...)]; ok {
					out = append(out, Ref{t, kr, 0})
				}
			}
			return out, true
		})
	}

	// Year × gender × minority: the hidden cells of the year tables.
	if y, ok := at("cases-by-year-gender-minority"); ok && slices.Contains(hd, "year") {
		margin(func(r CountRow) string { return join(dim(r, "year"), dim(r, "gender"), minorKey(r)) }, func(r CountRow) ([]Ref, bool) {
			yr, ok := s.rows[s.tables[y].Name][dim(r, "year")]
			c := 2 * gender(r)
			if !minor(r) {
				c++
			}
			return []Ref{{y, yr, c}}, ok
		})
	}

	// Age × gender: the age table.
	ai, oka := at("cases-by-age-and-gender")
	if oka && slices.Contains(hd, "age_band") {
		margin(func(r CountRow) string { return join(dim(r, "majority_status"), dim(r, "age_band"), dim(r, "gender")) }, func(r CountRow) ([]Ref, bool) {
			ar, ok := s.rows[s.tables[ai].Name][join(dim(r, "majority_status"), dim(r, "age_band"))]
			return []Ref{{ai, ar, 1 + gender(r)}}, ok
		})
	}

	// Gender × minority: the age table's minors by gender, and the gender's total.
	if oka && okp {
		margin(func(r CountRow) string { return join(dim(r, "gender"), minorKey(r)) }, func(r CountRow) ([]Ref, bool) {
			if !minor(r) {
				return nil, false
			}
			return s.col(ai, 1+gender(r), func(row CountRow) bool { return !row.Total && row.Labels[0] == "minor" }), true
		})
		margin(func(r CountRow) string { return dim(r, "gender") }, func(r CountRow) ([]Ref, bool) {
			return []Ref{{pi, len(s.tables[pi].Rows) - 1, 1 + gender(r)}}, true
		})
	}
}
