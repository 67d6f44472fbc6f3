package anonymize

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Population holds population counts for k-map (Config.KMap) and for population-based risk
// (MeasurePopulation): per combination of leaf codes of a table's hierarchies, in Table order,
// the number of people in the population who have those values. It is sparse: combinations
// never added count 0.
//
// The sample is part of the population, so wherever a combination's population count is below
// its count in the sample (in particular for a sample combination the population does not list),
// the sample count is used instead: the effective population count of a combination is
// max(sample count, population count). This is the safe choice: treating a missing cell as 0
// would make k-map unsatisfiable for it, and a population smaller than the sample is
// inconsistent. Population counts therefore never make a class look smaller than it is in the
// sample.
type Population struct {
	leaves []int          // number of leaf codes per hierarchy
	index  map[string]int // combination key -> entry
	codes  []int32        // leaf codes, len(leaves) per entry
	counts []int64
	buf    []byte
}

// NewPopulation returns an empty population for the hierarchies of t.
func NewPopulation(t *Table) *Population {
	p := &Population{index: map[string]int{}}
	for _, h := range t.Hierarchies {
		n := 0
		if len(h.Labels) > 0 {
			n = len(h.Labels[0])
		}
		p.leaves = append(p.leaves, n)
	}
	p.buf = make([]byte, 4*len(p.leaves))
	return p
}

func (p *Population) key(leaves []int32) string {
	for d, c := range leaves {
		binary.LittleEndian.PutUint32(p.buf[4*d:], uint32(c))
	}
	return string(p.buf)
}

// Add adds count people with the leaf codes leaves (one per hierarchy, in Table order). Adding
// the same combination twice sums the counts.
func (p *Population) Add(leaves []int32, count int64) error {
	if len(leaves) != len(p.leaves) {
		return fmt.Errorf("anonymize: population: %d codes for %d hierarchies", len(leaves), len(p.leaves))
	}
	for d, c := range leaves {
		if c < 0 || int(c) >= p.leaves[d] {
			return fmt.Errorf("anonymize: population: code %d out of range for hierarchy %d", c, d)
		}
	}
	if count < 0 {
		return fmt.Errorf("anonymize: population: negative count %d", count)
	}
	k := p.key(leaves)
	if e, ok := p.index[k]; ok {
		p.counts[e] += count
		return nil
	}
	p.index[k] = len(p.counts)
	p.codes = append(p.codes, leaves...)
	p.counts = append(p.counts, count)
	return nil
}

// Count returns the population count of a combination of leaf codes as given (0 when absent;
// not the effective count, which also depends on the sample).
func (p *Population) Count(leaves []int32) int64 {
	if len(leaves) != len(p.leaves) {
		return 0
	}
	if e, ok := p.index[p.key(leaves)]; ok {
		return p.counts[e]
	}
	return 0
}

// Len returns the number of distinct combinations held.
func (p *Population) Len() int { return len(p.counts) }

// PopulationError reports a problem in a population CSV read by ReadPopulationCSV. It names the
// line (1-based, the header is line 1) and the column, never the value found there.
type PopulationError struct {
	Line   int
	Column string // column name; "" when the error concerns the whole line
	Err    error
}

func (e *PopulationError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("anonymize: population: line %d: column %q: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("anonymize: population: line %d: %v", e.Line, e.Err)
}

func (e *PopulationError) Unwrap() error { return e.Err }

// Errors wrapped by PopulationError.
var (
	ErrMissingColumn  = errors.New("missing column")
	ErrNotInHierarchy = errors.New("value not in the column's hierarchy")
	ErrBadCount       = errors.New("count is not a non-negative integer")
)

// ReadPopulationCSV reads population counts for the hierarchies of t: a header row, then one row
// per combination, with one column per quasi-identifier named as its hierarchy (Hierarchy.Name)
// holding a leaf value of the hierarchy, and a column "count" holding the number of people with
// those values (a non-negative integer). The delimiter is guessed from the header (",", ";", tab
// or "|"), a UTF-8 byte-order mark is skipped, other columns are ignored, and a combination
// listed twice has its counts summed. A missing column, a value that is not a leaf of the
// column's hierarchy or a bad count is a *PopulationError naming the line and the column.
func ReadPopulationCSV(r io.Reader, t *Table) (*Population, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cr, colOf, err := populationCSV(data)
	if err != nil {
		return nil, err
	}
	cr.ReuseRecord = true
	idx := make([]int, len(t.Hierarchies))
	for q, h := range t.Hierarchies {
		i, ok := colOf[h.Name]
		if !ok {
			return nil, &PopulationError{Line: 1, Column: h.Name, Err: ErrMissingColumn}
		}
		idx[q] = i
	}
	countCol, ok := colOf["count"]
	if !ok {
		return nil, &PopulationError{Line: 1, Column: "count", Err: ErrMissingColumn}
	}
	pop := NewPopulation(t)
	leaves := make([]int32, len(t.Hierarchies))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, populationErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		for q, h := range t.Hierarchies {
			if idx[q] >= len(rec) {
				return nil, &PopulationError{Line: line, Column: h.Name, Err: ErrMissingColumn}
			}
			c, ok := h.Code(rec[idx[q]])
			if !ok {
				return nil, &PopulationError{Line: line, Column: h.Name, Err: ErrNotInHierarchy}
			}
			leaves[q] = c
		}
		if countCol >= len(rec) {
			return nil, &PopulationError{Line: line, Column: "count", Err: ErrMissingColumn}
		}
		n, err := strconv.ParseInt(strings.TrimSpace(rec[countCol]), 10, 64)
		if err != nil || n < 0 {
			return nil, &PopulationError{Line: line, Column: "count", Err: ErrBadCount}
		}
		if err := pop.Add(leaves, n); err != nil {
			return nil, &PopulationError{Line: line, Err: err}
		}
	}
	return pop, nil
}

// buildPopulation computes p.pop: the effective population count, max(sample, population), of
// every leaf combination of the sample or the population (quasi-identifiers only).
func (p *problem) buildPopulation(pop *Population) error {
	if len(pop.leaves) != p.q {
		return fmt.Errorf("anonymize: population has %d hierarchies, table %d", len(pop.leaves), p.q)
	}
	for d, n := range pop.leaves {
		if n != p.size[d][0] {
			return fmt.Errorf("anonymize: population: hierarchy %q has %d leaves, population was built for %d", p.t.Hierarchies[d].Name, p.size[d][0], n)
		}
	}
	zero := make([]int, p.q)
	rad, space := p.radixW(zero, p.q)
	g := newGrouper(rad, space, p.q, p.base.len()+pop.Len(), p.base.len()+pop.Len())
	w := p.base.width
	for i, c := range p.base.counts {
		g.add(p.base.codes[i*w:i*w+p.q], c)
	}
	sample := len(g.cnts)
	given := make([]int64, 0, sample+pop.Len())
	given = given[:sample]
	for i, c := range pop.counts {
		e := int(g.add(pop.codes[i*p.q:(i+1)*p.q], 0))
		for len(given) <= e {
			given = append(given, 0)
		}
		given[e] += c
	}
	for e, c := range given {
		g.cnts[e] = max(g.cnts[e], c)
	}
	p.pop = g.table(zero)
	return nil
}

// popSizes returns, per class of a node at levels whose class codes (quasi-identifiers only, q
// per class) are classCodes, the effective population count of the class: the sum over the
// population combinations that generalize into it.
func (p *problem) popSizes(levels []int, classCodes []int32, nC int) []int64 {
	rad, space := p.radixW(levels, p.q)
	g := newGrouper(rad, space, p.q, nC, nC)
	for c := range nC {
		g.add(classCodes[c*p.q:(c+1)*p.q], 0)
	}
	maps := make([][]int32, p.q)
	for d := range p.q {
		if levels[d] != 0 {
			maps[d] = p.up[d][0][levels[d]]
		}
	}
	tmp := make([]int32, p.q)
	src := p.pop
	for i, cnt := range src.counts {
		for d, c := range src.codes[i*p.q : (i+1)*p.q] {
			if m := maps[d]; m != nil {
				c = m[c]
			}
			tmp[d] = c
		}
		g.add(tmp, cnt)
	}
	return g.cnts[:nC]
}

// GuessDelimiter picks the delimiter of a delimited text file from its first line: the one of
// ",", ";", tab and "|" it holds most often, "," when none.
func GuessDelimiter(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	delim, most := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if n := bytes.Count(first, []byte(string(d))); n > most {
			delim, most = d, n
		}
	}
	return delim
}

// populationCSV starts reading population counts in data (a UTF-8 byte-order mark skipped, the
// delimiter guessed): it returns the reader past the header and the column of each header name
// (the first where a name repeats).
func populationCSV(data []byte) (*csv.Reader, map[string]int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = GuessDelimiter(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &PopulationError{Line: 1, Err: errors.New("no header row")}
	}
	if err != nil {
		return nil, nil, populationErr(err)
	}
	colOf := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := colOf[h]; !dup {
			colOf[h] = i
		}
	}
	return cr, colOf, nil
}

// populationErr makes a CSV syntax error a *PopulationError with its line.
func populationErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &PopulationError{Line: pe.Line, Err: pe.Err}
	}
	return err
}
