package anonymize

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// ParseError reports a problem in a hierarchy CSV file, in the style of encoding/csv.ParseError.
// Line and Column are 1-based; Column is the byte position of the offending field in its line
// (0 when the error concerns the whole line).
type ParseError struct {
	Name   string // the hierarchy's name as passed to ReadHierarchyCSV
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("anonymize: hierarchy %q: line %d, column %d: %v", e.Name, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("anonymize: hierarchy %q: line %d: %v", e.Name, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errors wrapped by ParseError.
var (
	ErrFieldCount     = errors.New("wrong number of fields")
	ErrTwoParents     = errors.New("value maps to two different parents")
	ErrDuplicateLeaf  = errors.New("leaf value listed twice")
	ErrEmptyHierarchy = errors.New("no rows")
)

// ReadHierarchyCSV reads a generalization hierarchy in ARX's CSV format: fields separated by
// ';', no header, one row per leaf value, columns from the leaf (level 0) to the most general
// level. Line endings may be LF or CRLF, the last line needs no newline, a UTF-8 byte-order mark
// is skipped, and fields may be quoted as in encoding/csv. All rows must have the same number of
// fields, each leaf may be listed once, and a value of a level must always map to the same value
// of the next level (the hierarchy is a tree), otherwise a *ParseError gives the line.
//
// Codes are assigned per level in order of first appearance in the file, so leaf codes follow the
// file's row order (this is the "leaf order" Mondrian partitions on). Data values are encoded
// with (*Hierarchy).Code.
func ReadHierarchyCSV(name string, r io.Reader) (*Hierarchy, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true

	h := &Hierarchy{Name: name}
	var index []map[string]int32 // per level: label -> code
	var parent [][]int32         // parent[level][code] = code at level+1
	width := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{Name: name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if width == 0 {
			width = len(rec)
			h.Labels = make([][]string, width)
			h.Up = make([][]int32, width)
			index = make([]map[string]int32, width)
			parent = make([][]int32, width)
			for l := range index {
				index[l] = make(map[string]int32)
			}
		}
		if len(rec) != width {
			col := 0
			if len(rec) > width {
				_, col = cr.FieldPos(width)
			}
			return nil, &ParseError{Name: name, Line: line, Column: col,
				Err: fmt.Errorf("%w: %d, want %d as on the first line", ErrFieldCount, len(rec), width)}
		}
		if _, dup := index[0][rec[0]]; dup {
			_, col := cr.FieldPos(0)
			return nil, &ParseError{Name: name, Line: line, Column: col, Err: fmt.Errorf("%w: %q", ErrDuplicateLeaf, rec[0])}
		}
		codes := make([]int32, width)
		for l, v := range rec {
			c, ok := index[l][v]
			if !ok {
				c = int32(len(h.Labels[l]))
				index[l][v] = c
				h.Labels[l] = append(h.Labels[l], v)
				parent[l] = append(parent[l], -1)
			}
			codes[l] = c
		}
		for l := 0; l+1 < width; l++ {
			p := &parent[l][codes[l]]
			if *p == -1 {
				*p = codes[l+1]
			} else if *p != codes[l+1] {
				_, col := cr.FieldPos(l + 1)
				return nil, &ParseError{Name: name, Line: line, Column: col,
					Err: fmt.Errorf("%w: %q at level %d maps to %q and %q", ErrTwoParents, rec[l], l,
						h.Labels[l+1][*p], rec[l+1])}
			}
		}
		for l := range codes {
			h.Up[l] = append(h.Up[l], codes[l])
		}
	}
	if width == 0 {
		return nil, &ParseError{Name: name, Line: 1, Err: ErrEmptyHierarchy}
	}
	h.index = index[0]
	return h, nil
}

// Code returns the leaf code of a data value, and false when the hierarchy has no such leaf.
// Hierarchies read by ReadHierarchyCSV look the value up in a map; for hierarchies built by hand
// Code scans the leaves (call (*Hierarchy).Index once to build the map).
func (h *Hierarchy) Code(leaf string) (int32, bool) {
	if h.index != nil {
		c, ok := h.index[leaf]
		return c, ok
	}
	for i, v := range h.Labels[0] {
		if v == leaf {
			return int32(i), true
		}
	}
	return 0, false
}

// Index builds the leaf lookup map used by Code. It is not safe to call concurrently with Code.
func (h *Hierarchy) Index() {
	if len(h.Labels) == 0 {
		return
	}
	h.index = make(map[string]int32, len(h.Labels[0]))
	for i, v := range h.Labels[0] {
		if _, dup := h.index[v]; !dup {
			h.index[v] = int32(i)
		}
	}
}

// Label returns the printable value of leaf code leaf generalized to level.
func (h *Hierarchy) Label(level int, leaf int32) string {
	return h.Labels[level][h.Up[level][leaf]]
}

// validate checks that h is a well-formed tree: every level maps every leaf to a valid code and
// a code of a level always has the same parent on the next level.
func (h *Hierarchy) validate() error {
	if len(h.Labels) == 0 || len(h.Up) != len(h.Labels) {
		return fmt.Errorf("anonymize: hierarchy %q: %d label levels, %d mapping levels", h.Name, len(h.Labels), len(h.Up))
	}
	nLeaves := len(h.Labels[0])
	if nLeaves == 0 {
		return fmt.Errorf("anonymize: hierarchy %q has no leaves", h.Name)
	}
	for l := range h.Up {
		if len(h.Up[l]) != nLeaves {
			return fmt.Errorf("anonymize: hierarchy %q: level %d maps %d leaves, want %d", h.Name, l, len(h.Up[l]), nLeaves)
		}
		for i, c := range h.Up[l] {
			if c < 0 || int(c) >= len(h.Labels[l]) || (l == 0 && int(c) != i) {
				return fmt.Errorf("anonymize: hierarchy %q: level %d maps leaf %d to invalid code %d", h.Name, l, i, c)
			}
		}
	}
	for l := 0; l+1 < len(h.Up); l++ {
		parent := make([]int32, len(h.Labels[l]))
		for i := range parent {
			parent[i] = -1
		}
		for i := 0; i < nLeaves; i++ {
			c, p := h.Up[l][i], h.Up[l+1][i]
			if parent[c] == -1 {
				parent[c] = p
			} else if parent[c] != p {
				return fmt.Errorf("anonymize: hierarchy %q: %q at level %d has two parents", h.Name, h.Labels[l][c], l)
			}
		}
	}
	return nil
}
