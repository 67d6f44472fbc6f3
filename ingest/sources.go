package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// cell is one input value with the name of the column it came from.
type cell struct {
	col string
	val string
}

// rowSource yields the rows of one input in order. next returns io.EOF at the end; a
// *rowError for a row that cannot be split into cells (the caller quarantines it and goes on);
// any other error ends the input.
type rowSource interface {
	next() (cells []cell, line int, err error)
}

type rowError struct {
	line   int
	reason string
}

func (e *rowError) Error() string { return e.reason }

// csvSource reads delimited text with a header row.
type csvSource struct {
	r      *csv.Reader
	header []string
}

func newCSVSource(r io.Reader, delim rune) (*csvSource, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	// Excel writes a byte-order mark; it is not part of the first column's name.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if delim == 0 {
		delim = sniffDelimiter(br)
	}
	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // a ragged row is quarantined, not fatal
	cr.ReuseRecord = true
	for {
		h, err := cr.Read()
		if err == io.EOF {
			return nil, ErrNoHeader
		}
		if err != nil {
			return nil, err
		}
		if len(h) == 1 && strings.TrimSpace(h[0]) == "" {
			continue
		}
		header := make([]string, len(h))
		for i, c := range h {
			header[i] = strings.TrimSpace(c)
		}
		return &csvSource{r: cr, header: header}, nil
	}
}

// sniffDelimiter picks the candidate that splits the first line into the most fields.
func sniffDelimiter(br *bufio.Reader) rune {
	b, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	best, n := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if c := bytes.Count(b, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

func (s *csvSource) next() ([]cell, int, error) {
	for {
		rec, err := s.r.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.StartLine, &rowError{line: pe.StartLine, reason: "malformed quoting"}
			}
			return nil, 0, err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		line, _ := s.r.FieldPos(0)
		if len(rec) != len(s.header) {
			return nil, line, &rowError{line: line, reason: fmt.Sprintf("has %d fields, header has %d", len(rec), len(s.header))}
		}
		cells := make([]cell, len(rec))
		for i, v := range rec {
			cells[i] = cell{col: s.header[i], val: v}
		}
		return cells, line, nil
	}
}

// jsonSource reads a JSON array of objects or newline-delimited objects. Nested objects are
// flattened to dotted paths (data.sex); arrays of scalars are joined with ";".
type jsonSource struct {
	dec   *json.Decoder
	array bool
	index int
}

func newJSONSource(r io.Reader) (*jsonSource, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	s := &jsonSource{dec: dec}
	// Peek the first non-space byte to tell an array from NDJSON.
	for {
		b, err := br.Peek(1)
		if err != nil {
			return nil, ErrNoHeader
		}
		if b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t' {
			br.ReadByte()
			continue
		}
		if b[0] == '[' {
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			s.array = true
		}
		return s, nil
	}
}

func (s *jsonSource) next() ([]cell, int, error) {
	if s.array && !s.dec.More() {
		return nil, 0, io.EOF
	}
	var obj map[string]any
	s.index++
	if err := s.dec.Decode(&obj); err != nil {
		if err == io.EOF && !s.array {
			return nil, 0, io.EOF
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, s.index, fmt.Errorf("malformed JSON at byte %d", se.Offset)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, s.index, &rowError{line: s.index, reason: "not a JSON object"}
		}
		return nil, s.index, fmt.Errorf("malformed JSON: %w", err)
	}
	var cells []cell
	flatten("", obj, &cells, 0)
	return cells, s.index, nil
}

const maxDepth = 32

func flatten(prefix string, v any, out *[]cell, depth int) {
	if depth > maxDepth {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // a stable column order, whatever the map's
		for _, k := range keys {
			c := x[k]
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, c, out, depth+1)
		}
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := scalar(e); ok {
				parts = append(parts, s)
			}
		}
		*out = append(*out, cell{col: prefix, val: strings.Join(parts, ";")})
	default:
		if s, ok := scalar(x); ok {
			*out = append(*out, cell{col: prefix, val: s})
		}
	}
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
