package reports

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/prevalence/prevalence/analysis"
)

// State says how a count is published.
type State uint8

const (
	// Published counts are shown as they are (after noise and rounding, when asked for).
	Published State = iota
	// Primary counts are from 1 to threshold-1 and shown as "<threshold".
	Primary
	// Secondary (complementary) counts are withheld, shown as SecondaryLabel, so that a primary
	// count cannot be worked out from the totals.
	Secondary
	// Hidden counts are never published; they exist so that the audit knows what an attacker
	// can bound (e.g. minors of other genders, which no table shows by form).
	Hidden
)

// SecondaryLabel marks a count withheld by complementary suppression.
const SecondaryLabel = "x"

// Table is a published table of counts: label columns, count columns, and which counts are
// totals of others. Values hold the counts after noise (when asked for) and before rounding;
// State says how each is published.
type Table struct {
	Name, Title string
	// Note explains the table in one sentence (what a count is, what the totals are).
	Note      string
	Labels    []string // label column names
	Counts    []string // count column names
	TotalCols []bool   // per count column: it is a total of other columns of the row
	Rows      []Row
	// Margins says which additive relations the table has, in words; empty when none.
	Margins string
	// Mechanism states how the counts were protected; filled by Protect.
	Mechanism string
	// Hidden tables are never published; see Hidden.
	Hidden bool
	// Shares, when set, adds a share column (with a Wilson interval) of count column Shares[0]
	// over count column Shares[1] to the HTML and Markdown rendering.
	Shares []int
}

// Row is one row of a Table.
type Row struct {
	Labels []string
	Values []int64
	State  []State
	Total  bool // a total row: its counts are sums of other rows
	// Rounded holds the published values after rounding; nil when not rounded.
	Rounded []int64
}

// Ref names one count: table, row and column (count column index) in a set of tables.
type Ref struct{ T, R, C int }

// Eq says sum(Plus) = sum(Minus).
type Eq struct{ Plus, Minus []Ref }

// Le says sum(Small) <= sum(Large).
type Le struct{ Small, Large []Ref }

// Links are the relations between the counts of a set of tables, within and across tables.
type Links struct {
	Eqs []Eq
	Les []Le
}

// isTotal reports whether the count at r is a margin (a total row or total column).
func isTotal(ts []*Table, r Ref) bool {
	t := ts[r.T]
	return t.Rows[r.R].Total || (r.C < len(t.TotalCols) && t.TotalCols[r.C])
}

func at(ts []*Table, r Ref) (int64, State) {
	row := ts[r.T].Rows[r.R]
	return row.Values[r.C], row.State[r.C]
}

const inf = int64(1) << 50

type bound struct{ lo, hi int64 }

// Audit is what an attacker who knows every published count, every label and every relation
// between counts can work out: for each withheld count, the interval it must lie in, found by
// propagating bounds through the relations until nothing changes. It returns the withheld
// counts (primary or secondary) whose value is determined exactly, beyond what the label says.
func Audit(ts []*Table, l Links, threshold int) []Ref {
	exposed, _ := audit(ts, l, threshold)
	return exposed
}

func audit(ts []*Table, l Links, threshold int) ([]Ref, map[Ref]bound) {
	b := bounds(ts, l, threshold)
	var out []Ref
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				r := Ref{ti, ri, ci}
				x := b[r]
				switch s {
				case Primary:
					if threshold > 2 && x.lo == x.hi {
						out = append(out, r)
					}
				case Secondary:
					if x.lo == x.hi {
						out = append(out, r)
					}
				}
			}
		}
	}
	return out, b
}

// pins reports whether e alone determines r exactly, given the bounds b of the other counts.
func pins(e Eq, r Ref, b map[Ref]bound) bool {
	var lo, hi int64
	same, other := e.Plus, e.Minus
	if !slices.Contains(same, r) {
		same, other = other, same
	}
	for _, x := range other {
		lo += b[x].lo
		hi += min(b[x].hi, inf)
	}
	for _, x := range same {
		if x != r {
			lo -= min(b[x].hi, inf)
			hi -= b[x].lo
		}
	}
	return hi < inf/2 && lo > -inf/2 && lo == hi
}

// Bounds returns the interval an attacker can place each count in (see Audit).
func bounds(ts []*Table, l Links, threshold int) map[Ref]bound {
	b := map[Ref]bound{}
	for ti, t := range ts {
		for ri, row := range t.Rows {
			for ci, s := range row.State {
				v := row.Values[ci]
				var x bound
				switch s {
				case Published:
					x = bound{v, v}
				case Primary:
					x = bound{1, int64(threshold - 1)}
				case Secondary:
					// Complementary cells are never zero and never small: zero and small counts
					// are published as 0 and <threshold.
					x = bound{int64(threshold), inf}
				case Hidden:
					x = bound{0, inf}
				}
				b[Ref{ti, ri, ci}] = x
			}
		}
	}
	// agg is the sum of the bounds of a list of cells: lo, and hi over the finite ones with the
	// count of infinite ones, so that the sum without one cell costs O(1), not O(n).
	type agg struct {
		lo, hi int64
		infs   int
	}
	total := func(rs []Ref) agg {
		var a agg
		for _, r := range rs {
			x := b[r]
			a.lo += x.lo
			if x.hi >= inf {
				a.infs++
			} else {
				a.hi += x.hi
			}
		}
		return a
	}
	hiOf := func(a agg) int64 {
		if a.infs > 0 {
			return inf
		}
		return min(a.hi, inf)
	}
	without := func(a agg, x bound) agg {
		a.lo -= x.lo
		if x.hi >= inf {
			a.infs--
		} else {
			a.hi -= x.hi
		}
		return a
	}
	tighten := func(r Ref, lo, hi int64) bool {
		x := b[r]
		ch := false
		if lo > x.lo {
			x.lo, ch = lo, true
		}
		if hi < inf && hi < x.hi {
			x.hi, ch = hi, true
		}
		if ch {
			b[r] = x
		}
		return ch
	}
	// side propagates sum(a) = or <= sum(c): each x in a is at most sum hi(c) - sum lo(a\x), and
	// (for equalities) at least sum lo(c) - sum hi(a\x). The sums are kept up to date as cells
	// tighten, so each pass sees the newest bounds.
	side := func(a, c []Ref, eq bool) bool {
		ch := false
		ta, tc := total(a), total(c)
		for _, r := range a {
			old := b[r]
			rest := without(ta, old)
			hi := inf
			if s := hiOf(tc); s < inf {
				hi = s - rest.lo
			}
			lo := int64(0)
			if eq {
				if s := hiOf(rest); s < inf {
					lo = tc.lo - s
				}
			}
			if tighten(r, lo, hi) {
				ch = true
				ta = total(a) // rare: recompute
			}
		}
		return ch
	}
	for pass := 0; pass < 2000; pass++ {
		ch := false
		for _, e := range l.Eqs {
			if side(e.Plus, e.Minus, true) {
				ch = true
			}
			if side(e.Minus, e.Plus, true) {
				ch = true
			}
		}
		for _, e := range l.Les {
			if side(e.Small, e.Large, false) {
				ch = true
			}
			// Each y in Large is at least sum lo(Small) - sum hi(Large\y).
			small, large := total(e.Small), total(e.Large)
			for _, r := range e.Large {
				if s := hiOf(without(large, b[r])); s < inf {
					if tighten(r, small.lo-s, inf) {
						ch = true
						large = total(e.Large)
					}
				}
			}
		}
		if !ch {
			break
		}
	}
	return b
}

// ErrUnprotectable is returned when no complementary cell is left to protect a count.
var ErrUnprotectable = errors.New("reports: a withheld count cannot be protected by further suppression")

// Protect applies primary suppression (counts from 1 to threshold-1) to every count of ts and
// then complementary suppression until Audit finds nothing: for a count that can be worked
// out, it withholds one more published non-zero count of a relation the count is in, inner
// counts before totals, the smallest first.
func Protect(ts []*Table, l Links, threshold int) error {
	for _, t := range ts {
		for ri := range t.Rows {
			row := &t.Rows[ri]
			if row.State == nil {
				row.State = make([]State, len(row.Values))
			}
			for ci, v := range row.Values {
				if t.Hidden {
					row.State[ci] = Hidden
				} else if v > 0 && v < int64(threshold) {
					row.State[ci] = Primary
				}
			}
		}
	}
	// Which relations each count is in.
	in := map[Ref][][]Ref{}
	add := func(rel []Ref) {
		for _, r := range rel {
			in[r] = append(in[r], rel)
		}
	}
	eqs := map[Ref][][]Ref{}
	eqOf := map[Ref][]Eq{}
	for _, e := range l.Eqs {
		rel := append(slices.Clone(e.Plus), e.Minus...)
		add(rel)
		for _, r := range rel {
			eqs[r] = append(eqs[r], rel)
			eqOf[r] = append(eqOf[r], e)
		}
	}
	for _, e := range l.Les {
		add(append(slices.Clone(e.Small), e.Large...))
	}
	for {
		exposed, b := audit(ts, l, threshold)
		if len(exposed) == 0 {
			return nil
		}
		r := exposed[0]
		// Look for a published non-zero count in the relations of r; when there is none, in
		// the relations of the withheld counts of those relations, and so on outwards.
		best, ok := Ref{}, false
		// exposes counts the equalities that withholding c would leave with one withheld count.
		exposes := func(c Ref) int {
			n := 0
			for _, rel := range eqs[c] {
				k := 0
				for _, x := range rel {
					if _, s := at(ts, x); x != c && s != Published {
						k++
					}
				}
				if k == 0 {
					n++
				}
			}
			return n
		}
		better := func(a, b Ref) bool { // a before b
			if ea, eb := exposes(a), exposes(b); ea != eb {
				return ea < eb
			}
			ta, tb := isTotal(ts, a), isTotal(ts, b)
			if ta != tb {
				return !ta
			}
			va, _ := at(ts, a)
			vb, _ := at(ts, b)
			return va < vb
		}
		// First choice: a count of a relation that, alone, gives a withheld count away.
		for _, x := range exposed {
			for _, e := range eqOf[x] {
				if !pins(e, x, b) {
					continue
				}
				for _, c := range append(slices.Clone(e.Plus), e.Minus...) {
					if v, s := at(ts, c); s == Published && v != 0 && (!ok || better(c, best)) {
						best, ok = c, true
					}
				}
			}
		}
		seen := map[Ref]bool{r: true}
		frontier := []Ref{r}
		if ok {
			frontier = nil
		}
		for len(frontier) > 0 && !ok {
			var next []Ref
			for _, f := range frontier {
				for _, rel := range in[f] {
					for _, c := range rel {
						v, s := at(ts, c)
						if s == Published && v != 0 {
							if !ok || better(c, best) {
								best, ok = c, true
							}
						} else if !seen[c] && s != Published {
							seen[c] = true
							next = append(next, c)
						}
					}
				}
			}
			frontier = next
		}
		if !ok {
			return fmt.Errorf("%w (%s row %d column %s)", ErrUnprotectable, ts[r.T].Name, r.R, ts[r.T].Counts[r.C])
		}
		ts[best.T].Rows[best.R].State[best.C] = Secondary
	}
}

// Cell returns the published text of a count.
func (t *Table) Cell(r, c, threshold int) string {
	row := t.Rows[r]
	switch row.State[c] {
	case Primary:
		return "<" + strconv.Itoa(threshold)
	case Secondary:
		return SecondaryLabel
	case Hidden:
		return ""
	}
	if row.Rounded != nil {
		return strconv.FormatInt(row.Rounded[c], 10)
	}
	return strconv.FormatInt(row.Values[c], 10)
}

// Value returns the published value of a count and whether it is published.
func (t *Table) Value(r, c int) (int64, bool) {
	row := t.Rows[r]
	if row.State[c] != Published {
		return 0, false
	}
	if row.Rounded != nil {
		return row.Rounded[c], true
	}
	return row.Values[c], true
}

// Published returns the table as it is published: labels, then counts as numbers (int64) or
// the suppression labels (strings).
func (t *Table) Published(threshold int) *analysis.Table {
	out := &analysis.Table{Name: t.Name, Title: t.Title, Columns: append(slices.Clone(t.Labels), t.Counts...), Rows: [][]any{}}
	for ri, row := range t.Rows {
		r := make([]any, 0, len(out.Columns))
		for _, s := range row.Labels {
			r = append(r, s)
		}
		for ci := range row.Values {
			if v, ok := t.Value(ri, ci); ok {
				r = append(r, v)
			} else {
				r = append(r, t.Cell(ri, ci, threshold))
			}
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}
