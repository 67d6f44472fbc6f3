package release

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// TablesCarried is the file of the counts a release withholds that an earlier release of the
// series printed, with the last value printed (TablesDir/TablesCarried). The differencing
// guard compares a count with it when the release replaced withheld the count: without it, a
// count printed in July (Khost 31), withheld in September and printed in November (32) was
// compared with September's nothing, and July's and November's public tables told one case
// added in Khost (attack-2026-12-02f finding 1). It holds only values earlier releases
// published, for everyone.
const TablesCarried = "carried.json"

// CarriedBoundsFile holds the carried values' lower bounds (CarriedRow.AtLeast), at the
// release's root, for the organisation: a bound of a withheld count can be 1 to 9 (a "<10"
// count's own tables give it at least 1 or more), and carried.json is published for everyone,
// where no number 1-9 stands. The next run reads it from the release folder (--out, or
// --previous naming it); a folder written by --publish has none, and its next release's joint
// audit is without those bounds.
const CarriedBoundsFile = "carried_bounds.json"

// CarriedTable holds the last printed values of one table's withheld counts.
type CarriedTable struct {
	Name   string       `json:"name"`
	Counts []string     `json:"counts"` // count column names, as the table's
	Rows   []CarriedRow `json:"rows"`
}

// CarriedRow is one row of a CarriedTable: per count column, the last value an earlier
// release printed, or null when the count is printed now or was never printed; and per count
// column, every value the releases before this one printed exactly (printed now or not). A
// count that rose and fell back (Herat 30 in July, 42 in September, 32 in November) was
// compared only with the last value printed, and July's and November's public tables told 2
// cases (attack-2026-12-03a finding 1b): the guard compares with each. Older files have no
// "printed": their last values stand for it.
type CarriedRow struct {
	Labels  []string  `json:"labels"`
	Values  []*int64  `json:"values"`
	Printed [][]int64 `json:"printed,omitempty"`
	// AtMost, per count column: an earlier release may have printed the count at a value
	// nobody recorded, at most this one (null: none). A previous release of an older version
	// carries no values; the counts it withheld are bounded above by its own margins, and a
	// register that grew printed them before at no more than that (attack-2026-12-03a
	// finding 1): a count printed now must be at least that bound plus the threshold.
	AtMost []*int64 `json:"printed_at_most,omitempty"`
	// AtLeast, per count column: earlier releases withheld the count, and their own tables
	// bound it below by this (null: none); in a register that only grew it is at least that
	// now. The joint audit of the next release takes it as a lower bound of the count, as it
	// does the last value printed: July's own bounds of a count September and November
	// withheld narrowed it, with both, below its protection range (TestWithheldThenPrinted).
	AtLeast []*int64 `json:"printed_at_least,omitempty"`
	// Placed, per count column: [least, most] of the interval the previous release's own
	// published tables placed the count in while it withheld it, as withheld again now (null:
	// none), its most raised by the growth since of a published total that holds the count
	// (total now less total then: in a register that only grew, no count of a total grew
	// more). The centre gaps count a group withheld in both releases at its midpoint when it
	// is narrower than the bounds the release's own tables give: an update placed West
	// Bengal's other-gender group at 10-66 and ranked it 6th from 38, where the release
	// before had placed it at 11-19 and India's data had not changed (attack-2026-12-04b
	// finding 7c). Only intervals whose least is the threshold or more (published for
	// everyone, where no number 1-9 stands), derived from published tables alone.
	Placed []*[2]int64 `json:"placed_before,omitempty"`
	// PlacedThen, per count column: the interval of Placed as the previous release's own
	// tables placed it, not raised, where no total printed exactly in both releases bounds the
	// count's growth (null: none, or Placed holds it). A count then is at most the count now;
	// the centre gaps use it only for a group whose province's total they count at the value
	// an earlier release printed (the province taken not to have grown, so neither did the
	// group): the update withheld every total of India holding West Bengal's other-gender group
	// and still ranked it 6th from 10-66, where the release before placed it at 11-19 and
	// India's data had not changed (attack-2026-12-04c, 7c). Derived from the previous
	// release's published tables alone; least the threshold or more.
	PlacedThen []*[2]int64 `json:"placed_then,omitempty"`
	// Figures, by figure column (Table.Figures), the last text an earlier release printed of
	// a figure this release withholds with the row's counts (the occupancy table's
	// mean_stay_months): an update whose guard withheld Herat's occupancy counts set its boys'
	// need at the default 12 months of stay where July printed 10.3 (attack-2026-12-03g
	// finding 7b). Only values printed for everyone before.
	Figures map[string]string `json:"figures,omitempty"`
}

// Carried are a release's carried values (TablesCarried), indexed by table, labels and column.
type Carried []CarriedTable

// CarriedIndex finds carried values by table, count columns, labels and column.
type CarriedIndex map[string]CarriedRow

func carriedKey(name string, counts, labels []string) string {
	return name + "\x01" + strings.Join(counts, "\x00") + "\x01" + strings.Join(labels, "\x00")
}

// Index returns c's values indexed for Last.
func (c Carried) Index() CarriedIndex {
	out := CarriedIndex{}
	for _, t := range c {
		for _, r := range t.Rows {
			out[carriedKey(t.Name, t.Counts, r.Labels)] = r
		}
	}
	return out
}

// Last returns the last value an earlier release printed of the count of table name (its
// count columns counts), row labels, column ci, if the carried values hold one.
func (x CarriedIndex) Last(name string, counts, labels []string, ci int) (int64, bool) {
	vs := x[carriedKey(name, counts, labels)].Values
	if ci < len(vs) && vs[ci] != nil {
		return *vs[ci], true
	}
	return 0, false
}

// LastFigure returns the text an earlier release of the series printed of figure column
// figure of table name's row labels, withheld now (CarriedRow.Figures), if the carried values
// hold one.
func (x CarriedIndex) LastFigure(name string, counts, labels []string, figure string) (string, bool) {
	f, ok := x[carriedKey(name, counts, labels)].Figures[figure]
	return f, ok && f != ""
}

// Printed returns every value the releases before the one carrying x printed exactly of the
// count of table name (its count columns counts), row labels, column ci, in increasing order:
// the values a count printed now must keep away from (a file of an older version gives the
// last value only).
func (x CarriedIndex) Printed(name string, counts, labels []string, ci int) []int64 {
	r, ok := x[carriedKey(name, counts, labels)]
	if !ok {
		return nil
	}
	var out []int64
	if ci < len(r.Printed) {
		out = slices.Clone(r.Printed[ci])
	}
	if ci < len(r.Values) && r.Values[ci] != nil && !slices.Contains(out, *r.Values[ci]) {
		out = append(out, *r.Values[ci])
		slices.Sort(out)
	}
	return out
}

// AtMost returns the bound of the values an earlier release may have printed of the count,
// unrecorded (CarriedRow.AtMost), if the carried values hold one.
func (x CarriedIndex) AtMost(name string, counts, labels []string, ci int) (int64, bool) {
	vs := x[carriedKey(name, counts, labels)].AtMost
	if ci < len(vs) && vs[ci] != nil {
		return *vs[ci], true
	}
	return 0, false
}

// AtLeast returns the lower bound earlier releases' own tables gave the count
// (CarriedRow.AtLeast), if the carried values hold one.
func (x CarriedIndex) AtLeast(name string, counts, labels []string, ci int) (int64, bool) {
	vs := x[carriedKey(name, counts, labels)].AtLeast
	if ci < len(vs) && vs[ci] != nil {
		return *vs[ci], true
	}
	return 0, false
}

// Placed returns the interval CarriedRow.Placed holds for the count, if the carried values
// hold one.
func (x CarriedIndex) Placed(name string, counts, labels []string, ci int) (lo, hi int64, ok bool) {
	vs := x[carriedKey(name, counts, labels)].Placed
	if ci < len(vs) && vs[ci] != nil {
		return vs[ci][0], vs[ci][1], true
	}
	return 0, 0, false
}

// PlacedThen returns the interval CarriedRow.PlacedThen holds for the count, if the carried
// values hold one.
func (x CarriedIndex) PlacedThen(name string, counts, labels []string, ci int) (lo, hi int64, ok bool) {
	vs := x[carriedKey(name, counts, labels)].PlacedThen
	if ci < len(vs) && vs[ci] != nil {
		return vs[ci][0], vs[ci][1], true
	}
	return 0, 0, false
}

// SetPlacedThen records in c, for the count of table t (one of now's tables) at row labels and
// column ci, the interval [lo, hi] of CarriedRow.PlacedThen.
func (c Carried) SetPlacedThen(t *Table, labels []string, ci int, lo, hi int64) Carried {
	c, r := c.row(t, labels)
	if r.PlacedThen == nil {
		r.PlacedThen = make([]*[2]int64, len(t.Counts))
	}
	if ci < len(r.PlacedThen) {
		r.PlacedThen[ci] = &[2]int64{lo, hi}
	}
	return c
}

// SetPlaced records in c, for the count of table t (one of now's tables) at row labels and
// column ci, the interval [lo, hi] of CarriedRow.Placed.
func (c Carried) SetPlaced(t *Table, labels []string, ci int, lo, hi int64) Carried {
	c, r := c.row(t, labels)
	if r.Placed == nil {
		r.Placed = make([]*[2]int64, len(t.Counts))
	}
	if ci < len(r.Placed) {
		r.Placed[ci] = &[2]int64{lo, hi}
	}
	return c
}

// SetAtLeast records in c, for the count of table t (one of now's tables) at row labels and
// column ci, that earlier releases' tables bound it below by v (the largest such bound stays).
func (c Carried) SetAtLeast(t *Table, labels []string, ci int, v int64) Carried {
	c, r := c.row(t, labels)
	if r.AtLeast == nil {
		r.AtLeast = make([]*int64, len(t.Counts))
	}
	if ci < len(r.AtLeast) && (r.AtLeast[ci] == nil || *r.AtLeast[ci] < v) {
		r.AtLeast[ci] = &v
	}
	return c
}

// row returns c with a row for table t at labels, and that row.
func (c Carried) row(t *Table, labels []string) (Carried, *CarriedRow) {
	ti := slices.IndexFunc(c, func(x CarriedTable) bool { return x.Name == t.Name && slices.Equal(x.Counts, t.Counts) })
	if ti < 0 {
		c = append(c, CarriedTable{Name: t.Name, Counts: slices.Clone(t.Counts)})
		ti = len(c) - 1
	}
	ct := &c[ti]
	ri := slices.IndexFunc(ct.Rows, func(r CarriedRow) bool { return slices.Equal(r.Labels, labels) })
	if ri < 0 {
		ct.Rows = append(ct.Rows, CarriedRow{Labels: slices.Clone(labels), Values: make([]*int64, len(t.Counts))})
		ri = len(ct.Rows) - 1
	}
	return c, &ct.Rows[ri]
}

// SetAtMost records in c, for the count of table t (one of now's tables) at row labels and
// column ci, that an earlier release may have printed it at a value up to v, unrecorded.
func (c Carried) SetAtMost(t *Table, labels []string, ci int, v int64) Carried {
	c, r := c.row(t, labels)
	if r.AtMost == nil {
		r.AtMost = make([]*int64, len(t.Counts))
	}
	if ci < len(r.AtMost) && (r.AtMost[ci] == nil || *r.AtMost[ci] < v) {
		r.AtMost[ci] = &v
	}
	return c
}

// Near returns a value of printed that v differs from by 1 to threshold-1 (a printed count
// v would tell that change), if there is one.
func Near(v int64, printed []int64, threshold int) (int64, bool) {
	for _, p := range printed {
		if d := v - p; d != 0 && d > -int64(threshold) && d < int64(threshold) {
			return p, true
		}
	}
	return 0, false
}

// printedExactly reports whether t's count at (r, c) was printed as its exact value: not
// withheld, noisy or rounded (those say less, and are not carried).
func printedExactly(t *Table, r, c int) (int64, bool) {
	row := t.Rows[r]
	if t.Hidden || t.Epsilon > 0 || row.Rounded != nil || c >= len(row.State) || c >= len(row.Values) || row.State[c] != Published {
		return 0, false
	}
	return row.Values[c], true
}

// Carry returns the carried values of a release whose tables are now, replacing the release
// whose tables are prev (nil: none) and carried values prevCarried: for every count now
// withholds, the value prev printed, else the one prevCarried holds (a count printed once
// stays carried, release after release, until a release prints it again); and for every
// count, the values prev printed or prevCarried holds as printed (every value the series
// printed before now).
func Carry(now, prev []*Table, prevCarried Carried) Carried {
	key := func(labels []string) string { return strings.Join(labels, "\x00") }
	last := prevCarried.Index()
	var out Carried
	for _, t := range now {
		if t.Hidden {
			continue
		}
		var old *Table
		rows := map[string]int{}
		for _, p := range prev {
			if p.Name == t.Name && slices.Equal(p.Counts, t.Counts) {
				old = p
				for ri, r := range p.Rows {
					rows[key(r.Labels)] = ri
				}
				break
			}
		}
		ct := CarriedTable{Name: t.Name, Counts: slices.Clone(t.Counts)}
		for _, row := range t.Rows {
			var vals []*int64
			var printed [][]int64
			for ci := range row.State {
				seen := last.Printed(t.Name, t.Counts, row.Labels, ci)
				pv, pok := int64(0), false
				if old != nil {
					if ori, in := rows[key(row.Labels)]; in {
						pv, pok = printedExactly(old, ori, ci)
					}
				}
				if pok && !slices.Contains(seen, pv) {
					seen = append(seen, pv)
					slices.Sort(seen)
				}
				if len(seen) > 0 {
					if printed == nil {
						printed = make([][]int64, len(row.State))
					}
					printed[ci] = seen
				}
				if row.State[ci] == Published {
					continue
				}
				v, ok := pv, pok
				if !ok {
					v, ok = last.Last(t.Name, t.Counts, row.Labels, ci)
				}
				if !ok {
					continue
				}
				if vals == nil {
					vals = make([]*int64, len(row.State))
				}
				vals[ci] = &v
			}
			var figs map[string]string
			if len(t.Figures) > 0 && slices.ContainsFunc(row.State, func(s State) bool { return s != Published }) {
				for fi, f := range t.Figures {
					if parses(figure(row, fi)) {
						continue // printed now
					}
					v := ""
					if old != nil {
						ori, in := rows[key(row.Labels)]
						if ofi := slices.Index(old.Figures, f); in && ofi >= 0 && !old.Hidden && parses(figure(old.Rows[ori], ofi)) {
							v = figure(old.Rows[ori], ofi)
						}
					}
					if v == "" {
						v, _ = last.LastFigure(t.Name, t.Counts, row.Labels, f)
					}
					if v != "" {
						if figs == nil {
							figs = map[string]string{}
						}
						figs[f] = v
					}
				}
			}
			if vals != nil || printed != nil || figs != nil {
				if vals == nil {
					vals = make([]*int64, len(row.State))
				}
				ct.Rows = append(ct.Rows, CarriedRow{Labels: slices.Clone(row.Labels), Values: vals, Printed: printed, Figures: figs})
			}
		}
		if len(ct.Rows) > 0 {
			out = append(out, ct)
		}
	}
	return out
}

// WriteCarried writes c as TablesDir/TablesCarried (always, an empty list too, so that check
// knows the release carries what it must).
func (w *Writer) WriteCarried(c Carried) error {
	if c == nil {
		c = Carried{}
	}
	pub, bounds := c.splitBounds()
	j, err := json.Marshal(pub)
	if err != nil {
		return err
	}
	if err := w.WriteFile(TablesDir+"/"+TablesCarried, append(j, '\n'), len(pub)); err != nil {
		return err
	}
	if len(bounds) == 0 {
		return nil
	}
	if j, err = json.Marshal(bounds); err != nil {
		return err
	}
	return w.WriteFile(CarriedBoundsFile, append(j, '\n'), len(bounds))
}

// splitBounds returns c without its lower bounds (for everyone) and the rows that hold one,
// with their bounds only (for the organisation: CarriedBoundsFile).
func (c Carried) splitBounds() (pub, bounds Carried) {
	pub = make(Carried, 0, len(c))
	for _, t := range c {
		pt, bt := t, CarriedTable{Name: t.Name, Counts: t.Counts}
		pt.Rows = make([]CarriedRow, 0, len(t.Rows))
		for _, r := range t.Rows {
			if r.AtLeast != nil {
				bt.Rows = append(bt.Rows, CarriedRow{Labels: r.Labels, Values: make([]*int64, len(r.Values)), AtLeast: r.AtLeast})
				r.AtLeast = nil
			}
			if r.Printed != nil || slices.ContainsFunc(r.Values, func(v *int64) bool { return v != nil }) || r.AtMost != nil || r.Figures != nil || r.Placed != nil || r.PlacedThen != nil {
				pt.Rows = append(pt.Rows, r)
			}
		}
		if len(pt.Rows) > 0 {
			pub = append(pub, pt)
		}
		if len(bt.Rows) > 0 {
			bounds = append(bounds, bt)
		}
	}
	return pub, bounds
}

// ReadCarried reads the carried values of the release in dir (nil when it has none: a
// release of an older version, whose tables were compared only with the release it replaced).
func ReadCarried(dir string) (Carried, error) {
	p := filepath.Join(dir, TablesDir, TablesCarried)
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c Carried
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	bp := filepath.Join(dir, CarriedBoundsFile)
	if b, err = os.ReadFile(bp); os.IsNotExist(err) {
		return c, nil
	} else if err != nil {
		return nil, err
	}
	var bounds Carried
	if err := json.Unmarshal(b, &bounds); err != nil {
		return nil, fmt.Errorf("%s: %w", bp, err)
	}
	for _, bt := range bounds {
		for _, br := range bt.Rows {
			t := &Table{Name: bt.Name, Counts: bt.Counts}
			for ci, v := range br.AtLeast {
				if v != nil {
					c = c.SetAtLeast(t, br.Labels, ci, *v)
				}
			}
		}
	}
	return c, nil
}

// CurrentCarried renames, in place, count columns renamed since (as CurrentColumns).
func CurrentCarried(c Carried) {
	for i := range c {
		for ci, name := range c[i].Counts {
			if n, ok := renamedCounts[[2]string{c[i].Name, name}]; ok {
				c[i].Counts[ci] = n
			}
		}
	}
}

// MovedFromCarried names the counts of ts printed now that moved by 1 to threshold-1 from a
// value an earlier release printed, as prev's carried values (those of the release ts
// replaced) hold them: the run's guard withholds them (`check --previous`).
func MovedFromCarried(prev Carried, ts []*Table) []string {
	idx := prev.Index()
	var out []string
	for _, t := range ts {
		for ri, row := range t.Rows {
			for ci := range t.Counts {
				v, ok := printedExactly(t, ri, ci)
				if !ok || v < int64(t.Threshold) {
					continue
				}
				if p, near := Near(v, idx.Printed(t.Name, t.Counts, row.Labels, ci), t.Threshold); near {
					out = append(out, fmt.Sprintf("table %s row %s column %s: printed, it moved by %d since an earlier release printed it "+
						"(tables/%s of the previous release): the run's guard withholds it", t.Name, strings.Join(row.Labels, "/"), t.Counts[ci], v-p, TablesCarried))
				} else if am, ok := idx.AtMost(t.Name, t.Counts, row.Labels, ci); ok && v < am+int64(t.Threshold) {
					out = append(out, fmt.Sprintf("table %s row %s column %s: printed less than %d above %d, the most an earlier release may have printed of it "+
						"(tables/%s of the previous release, printed_at_most): the run's guard withholds it", t.Name, strings.Join(row.Labels, "/"), t.Counts[ci], t.Threshold, am, TablesCarried))
				}
			}
		}
	}
	return out
}

// parses reports whether f is a printed figure (a number; "" or a word is none).
func parses(f string) bool {
	_, err := strconv.ParseFloat(f, 64)
	return err == nil
}
