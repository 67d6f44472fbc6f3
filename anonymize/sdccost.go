package anonymize

import "slices"

// keptYears finds, for a count of cases by province and year, the province's cases in the
// province table (its key margin).
type keptYears struct {
	ts    []*CountTable
	total map[Ref]Ref // province × year count -> its province's cases
}

func newKeptYears(ts []*CountTable) *keptYears {
	k := &keptYears{ts: ts, total: map[Ref]Ref{}}
	pi, yi := -1, -1
	for i, t := range ts {
		switch t.Name {
		case "cases-by-province-and-gender":
			pi = i
		case ProvinceYearTable:
			yi = i
		}
	}
	if pi < 0 || yi < 0 {
		return k
	}
	at := map[[2]string]int{}
	for ri, r := range ts[pi].Rows {
		if !r.Total && len(r.Labels) == 2 && r.Labels[1] != NotRecorded {
			at[[2]string{r.Labels[0], r.Labels[1]}] = ri
		}
	}
	for ri, r := range ts[yi].Rows {
		if len(r.Labels) == 3 {
			if p, ok := at[[2]string{r.Labels[0], r.Labels[1]}]; ok {
				k.total[Ref{yi, ri, 0}] = Ref{pi, p, 0}
			}
		}
	}
	return k
}

// of reports whether r is a year of a province whose cases are published: withheld as a
// complement, it costs the province's trend (the centre gaps' trend reads both windows of
// years), which a count of a smaller province, of the "(not recorded)" row or of another
// table does not. Complementary suppression takes such years after every other count that is
// not a key margin, as tau-Argus's cell costs keep a publication's key cells.
func (k *keptYears) of(r Ref) bool {
	p, ok := k.total[r]
	if !ok {
		return false
	}
	v, s := at(k.ts, p)
	return s == Published && v >= int64(k.ts[p.T].Threshold) && !slices.Contains(k.ts[p.T].Rows[p.R].Labels, NotRecorded)
}
