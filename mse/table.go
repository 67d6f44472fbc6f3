// Package mse estimates the size of a hidden population from overlapping
// lists (multiple systems estimation) with Poisson log-linear models, as
// SparseMSE does.
//
// A Table holds the capture histories: for each combination of lists, the
// number of people seen on exactly those lists. FitModel fits a Poisson
// log-linear model to all 2^L-1 observable cells (cells without records count
// as zeros) and extrapolates to the unobservable all-zero cell; Stepwise,
// BestByIC, Bootstrap and Stratified build on it.
//
// The method follows the R package SparseMSE (Chan, Silverman and Vincent
// 2021, JASA): the point estimate, the Wald interval on the log scale, the
// stepwise selection rule (including interactions between lists that share
// no one, fitted by the extended maximum likelihood estimate), the
// existence check (Fienberg and Rinaldo 2012) and the BCa bootstrap are the
// same, and the tests compare them with values recorded from R
// (testdata/reference, with the R scripts that made them). From Rcapture
// (Baillargeon and Rivest) come the profile-likelihood interval, the
// default because it covers 95% of the time where the Wald interval does
// not, Chao's log-normal interval, and BIC's penalty, log(people observed).
// FitModel refuses an interaction whose lists share no one (ErrNoEstimate);
// Stepwise, Bootstrap and FixedModel fit it as SparseMSE does.
package mse

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// MaxLists is the largest number of lists a Table may have. The model has
// 2^L-1 cells, and the design matrix grows with the square of L.
const MaxLists = 16

// MaxCellCount is the largest count accepted for one capture history.
const MaxCellCount = 1<<31 - 1

// Table is a capture-history table.
type Table struct {
	Lists []string // list names, e.g. "A".."H"
	Cells []Cell   // observed capture histories (the all-zero history is never observed)
}

// Cell is the number of people seen on exactly the lists marked true in
// History (History[i] refers to Lists[i]).
type Cell struct {
	History []bool
	Count   int
}

// Observed returns the number of people on at least one list.
func (t *Table) Observed() int {
	n := 0
	for _, c := range t.Cells {
		n += c.Count
	}
	return n
}

// ListTotals returns, for each list, the number of people on it.
func (t *Table) ListTotals() []int {
	tot := make([]int, len(t.Lists))
	for _, c := range t.Cells {
		for i, on := range c.History {
			if on && i < len(tot) {
				tot[i] += c.Count
			}
		}
	}
	return tot
}

// Overlap returns the number of people on both list i and list j (whatever
// other lists they are on).
func (t *Table) Overlap(i, j int) int {
	n := 0
	for _, c := range t.Cells {
		if i < len(c.History) && j < len(c.History) && c.History[i] && c.History[j] {
			n += c.Count
		}
	}
	return n
}

// IsolatedLists returns the lists that recorded people but share none of them with any other
// list. Nothing in the data then ties such a list to the others: the estimate of the people it
// missed rests on the model alone, and when the list recorded another population (another
// country's cases) it is not meaningful. Estimating by stratum, or without the list, avoids it.
func (t *Table) IsolatedLists() []string {
	tot := t.ListTotals()
	shared := make([]bool, len(t.Lists))
	for _, c := range t.Cells {
		on := 0
		for _, h := range c.History {
			if h {
				on++
			}
		}
		if on < 2 || c.Count == 0 {
			continue
		}
		for i, h := range c.History {
			if h && i < len(shared) {
				shared[i] = true
			}
		}
	}
	var out []string
	for i, l := range t.Lists {
		if tot[i] > 0 && !shared[i] {
			out = append(out, l)
		}
	}
	return out
}

// DropEmptyLists returns a copy of t without the lists that have no record,
// and without cells of zero count. Such lists carry no information, and
// their main effects cannot be estimated. t should be valid (see Validate).
func (t *Table) DropEmptyLists() *Table {
	tot := t.ListTotals()
	var keep []int
	out := &Table{}
	for i, n := range tot {
		if n > 0 {
			keep = append(keep, i)
			out.Lists = append(out.Lists, t.Lists[i])
		}
	}
	for _, c := range t.Cells {
		if c.Count == 0 {
			continue
		}
		h := make([]bool, len(keep))
		for k, i := range keep {
			h[k] = i < len(c.History) && c.History[i]
		}
		out.Cells = append(out.Cells, Cell{History: h, Count: c.Count})
	}
	return out
}

// Validate checks the table's shape: at most MaxLists lists, every history
// as long as Lists, no negative count, and no record with the all-zero
// history.
func (t *Table) Validate() error {
	if t == nil {
		return errors.New("mse: nil table")
	}
	L := len(t.Lists)
	if L > MaxLists {
		return fmt.Errorf("mse: %d lists, at most %d supported", L, MaxLists)
	}
	for k, c := range t.Cells {
		if len(c.History) != L {
			return fmt.Errorf("mse: cell %d has a history of length %d, want %d", k, len(c.History), L)
		}
		if c.Count < 0 {
			return fmt.Errorf("mse: cell %d has negative count %d", k, c.Count)
		}
		if c.Count > 0 && !slices.Contains(c.History, true) {
			return fmt.Errorf("mse: cell %d has the all-zero history with count %d; people on no list cannot be observed", k, c.Count)
		}
	}
	return nil
}

// counts validates the table for fitting and returns the cell counts indexed
// by the capture history as a bit mask (bit i set for list i), index 0 being
// the unobserved all-zero cell.
func (t *Table) counts() ([]float64, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	L := len(t.Lists)
	if L < 2 {
		return nil, fmt.Errorf("mse: need at least 2 lists, table has %d", L)
	}
	y := make([]float64, 1<<L)
	for _, c := range t.Cells {
		h := 0
		for i, on := range c.History {
			if on {
				h |= 1 << i
			}
		}
		y[h] += float64(c.Count)
	}
	y[0] = 0
	return y, nil
}

// ParseError is returned by ReadCSV for malformed input. Line and Column are
// 1-based; Column is the CSV field (column) number, or, for errors in the
// CSV syntax itself, the character position reported by encoding/csv. Column
// is 0 when the error concerns a whole line.
type ParseError struct {
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("mse: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("mse: line %d, column %d: %v", e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ReadCSV reads a capture-history table. The first line is a header: one
// column per list (its name), then a last column holding the count, whatever
// its name ("n", "count", "Frequency", ...). Each following line gives a
// capture history as 0/1 values and the number of people with exactly that
// history. Surrounding spaces are ignored, repeated histories are added
// together, and histories not listed have count zero. The all-zero history
// must not appear. Errors are *ParseError values giving the line and column.
func ReadCSV(r io.Reader) (*Table, error) {
	tables, _, err := readCSV(r, "")
	if err != nil {
		return nil, err
	}
	return tables[""], nil
}

// ReadStratifiedCSV reads capture histories with a stratum column: the
// column named stratum (anywhere before the count column) holds the
// stratum of each line, e.g. a gender or a province, and the other columns
// are as in ReadCSV. It returns one table per stratum, all with the same
// lists, and the strata in order of first appearance. A stratum may be any
// non-empty text.
func ReadStratifiedCSV(r io.Reader, stratum string) (map[string]*Table, []string, error) {
	if strings.TrimSpace(stratum) == "" {
		return nil, nil, errors.New("mse: empty stratum column name")
	}
	return readCSV(r, stratum)
}

// Pool adds up tables with the same lists, e.g. the strata of
// ReadStratifiedCSV, into one table.
func Pool(tables map[string]*Table) (*Table, error) {
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	slices.Sort(names)
	var out *Table
	index := map[int]int{}
	for _, name := range names {
		t := tables[name]
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if out == nil {
			out = &Table{Lists: slices.Clone(t.Lists)}
		} else if !slices.Equal(out.Lists, t.Lists) {
			return nil, fmt.Errorf("mse: stratum %q has lists %v, want %v", name, t.Lists, out.Lists)
		}
		for _, c := range t.Cells {
			h := mask(c.History)
			if k, ok := index[h]; ok {
				out.Cells[k].Count += c.Count
				continue
			}
			index[h] = len(out.Cells)
			out.Cells = append(out.Cells, Cell{History: slices.Clone(c.History), Count: c.Count})
		}
	}
	if out == nil {
		return nil, errors.New("mse: no table to pool")
	}
	return out, nil
}

func mask(h []bool) int {
	m := 0
	for i, on := range h {
		if on {
			m |= 1 << i
		}
	}
	return m
}

// readCSV reads capture histories, split by the column named stratum when
// it is not empty.
func readCSV(r io.Reader, stratum string) (map[string]*Table, []string, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.Comment = 0
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &ParseError{Line: 1, Err: errors.New("empty input: no header line")}
	}
	if err != nil {
		return nil, nil, csvError(err)
	}
	ncol := len(header)
	sc := -1 // stratum column
	if stratum != "" {
		for i, h := range header[:max(ncol-1, 0)] {
			if i == 0 {
				h = strings.TrimPrefix(h, "\uFEFF")
			}
			if strings.TrimSpace(h) == stratum {
				sc = i
				break
			}
		}
		if sc < 0 {
			// The header's names (lists, a stratum, the count), never a value: `mse r3 --strata
			// country` on a release, whose column is "stratum", said no more (attack-2026-12-03f).
			names := make([]string, ncol)
			for i, h := range header {
				names[i] = strconv.Quote(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
			}
			return nil, nil, &ParseError{Line: 1, Err: fmt.Errorf("no stratum column %q before the count column: the columns are %s", stratum, strings.Join(names, ", "))}
		}
	}
	// cols are the list columns.
	var cols []int
	for i := 0; i < ncol-1; i++ {
		if i != sc {
			cols = append(cols, i)
		}
	}
	L := len(cols)
	if L < 2 {
		return nil, nil, &ParseError{Line: 1, Err: fmt.Errorf("header has %d columns; want at least two list columns and a count column", ncol)}
	}
	if L > MaxLists {
		return nil, nil, &ParseError{Line: 1, Err: fmt.Errorf("header has %d list columns; at most %d supported", L, MaxLists)}
	}
	lists := make([]string, L)
	seen := map[string]int{}
	for k, i := range cols {
		name := strings.TrimSpace(header[i])
		if i == 0 {
			name = strings.TrimSpace(strings.TrimPrefix(name, "\uFEFF"))
		}
		if name == "" {
			return nil, nil, &ParseError{Line: 1, Column: i + 1, Err: errors.New("empty list name")}
		}
		if j, dup := seen[name]; dup {
			return nil, nil, &ParseError{Line: 1, Column: i + 1, Err: fmt.Errorf("list name %q repeats column %d", name, j+1)}
		}
		seen[name] = i
		lists[k] = name
	}
	cr.FieldsPerRecord = ncol
	tables := map[string]*Table{}
	var order []string
	index := map[string]map[int]int{} // stratum -> history bit mask -> index in Cells
	if sc < 0 {
		tables[""] = &Table{Lists: lists}
		order = []string{""}
		index[""] = map[int]int{}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		key := ""
		if sc >= 0 {
			key = strings.TrimSpace(rec[sc])
			if key == "" {
				return nil, nil, &ParseError{Line: line, Column: sc + 1, Err: errors.New("empty stratum")}
			}
		}
		h := 0
		for k, i := range cols {
			switch strings.TrimSpace(rec[i]) {
			case "0":
			case "1":
				h |= 1 << k
			default:
				return nil, nil, &ParseError{Line: line, Column: i + 1, Err: fmt.Errorf("list %s: the value is not 0 or 1", lists[k])}
			}
		}
		s := strings.TrimSpace(rec[ncol-1])
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > MaxCellCount {
			return nil, nil, &ParseError{Line: line, Column: ncol, Err: fmt.Errorf("the count is not an integer between 0 and %d", MaxCellCount)}
		}
		if h == 0 {
			return nil, nil, &ParseError{Line: line, Err: errors.New("all-zero capture history: people on no list cannot be observed")}
		}
		t := tables[key]
		if t == nil {
			t = &Table{Lists: slices.Clone(lists)}
			tables[key] = t
			order = append(order, key)
			index[key] = map[int]int{}
		}
		if k, ok := index[key][h]; ok {
			if t.Cells[k].Count+n > MaxCellCount {
				return nil, nil, &ParseError{Line: line, Column: ncol, Err: fmt.Errorf("repeated history: total count exceeds %d", MaxCellCount)}
			}
			t.Cells[k].Count += n
			continue
		}
		hist := make([]bool, L)
		for i := range hist {
			hist[i] = h&(1<<i) != 0
		}
		index[key][h] = len(t.Cells)
		t.Cells = append(t.Cells, Cell{History: hist, Count: n})
	}
	return tables, order, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Column: pe.Column, Err: err}
	}
	return &ParseError{Err: err}
}
