// Guard: protection against differencing with a previous release.

package anonymize

import "strings"

// NullMark stands for a missing value in the row keys of Guard.
const NullMark = "\x02"

// rowKeys calls fn with the full released content of every released row (all columns of
// ReleaseSchema, in order, joined by "\x1f", missing values as NullMark), in release order,
// with the row's index among the kept rows.
func (r *Release) rowKeys(fn func(kept int, key string)) {
	rs := r.c.ReleaseSchema()
	labels := r.generalized()
	local := r.localColumns()
	parts := make([]string, 0, len(rs.Fields()))
	kept := 0
	for row := range r.c.rows {
		if r.c.dropped[row] != 0 {
			continue
		}
		k := kept
		kept++
		if r.suppressed[k] {
			continue
		}
		vals := map[string]string{}
		for q, qi := range r.QIs {
			v := labels[q][r.c.codes[q].at(row)]
			if j, ok := local[q]; ok {
				v = strings.Split(r.result.Labels[j][k], "\x1f")
			}
			for c, col := range qi.Columns {
				vals[col] = v[c]
				if v[c] == "" {
					vals[col] = NullMark
				}
			}
		}
		for _, col := range r.c.analytic {
			if !col.valid(row) {
				vals[col.field.Name] = NullMark
			} else {
				vals[col.field.Name] = cleanText(col.str(row))
			}
		}
		parts = parts[:0]
		for _, f := range rs.Fields() {
			parts = append(parts, vals[f.Name])
		}
		fn(k, strings.Join(parts, "\x1f"))
	}
}

// Guard protects against differencing with a previous release: previous counts the rows of
// that release by their full content (keys as rowKeys makes them). Wherever this release would
// add between 1 and k-1 copies of a row, an attacker comparing the two releases would see those
// few new cases alone, so those copies are withheld (suppressed) until k of them accumulate.
// It returns the number of rows withheld.
func (r *Release) Guard(previous map[string]int, k int) int {
	counts := map[string]int{}
	var order []string
	keyOf := map[int]string{}
	r.rowKeys(func(kept int, key string) {
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
		keyOf[kept] = key
	})
	excess := map[string]int{}
	for _, key := range order {
		if d := counts[key] - previous[key]; d > 0 && d < k {
			excess[key] = d
		}
	}
	withheld := 0
	// Withhold the last copies: copies of a row are alike, so which ones does not matter.
	for kept := len(r.suppressed) - 1; kept >= 0; kept-- {
		key, ok := keyOf[kept]
		if !ok || excess[key] == 0 {
			continue
		}
		excess[key]--
		r.suppressed[kept] = true
		withheld++
	}
	r.Suppressed += withheld
	r.Written -= withheld
	return withheld
}
