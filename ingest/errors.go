package ingest

import (
	"errors"
	"fmt"
)

// ParseError is a problem with a whole input, or with one place in it. It names the file, the
// line, the column and the canonical field, never the value found there.
type ParseError struct {
	File   string // input path as given
	Line   int    // 1-based line (CSV) or record index (JSON); 0 when not about one place
	Column string // input column name, when known
	Field  string // canonical field, when known
	Err    error
}

func (e *ParseError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Column != "" {
		s += fmt.Sprintf(": column %q", e.Column)
	}
	if e.Field != "" && e.Field != e.Column {
		s += fmt.Sprintf(" (field %s)", e.Field)
	}
	return s + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errors that a ParseError may wrap.
var (
	ErrUnknownFormat = errors.New("unknown input format (want .csv, .tsv, .json, .ndjson or .jsonl)")
	ErrNoHeader      = errors.New("no header row")
	ErrNoKnownColumn = errors.New("no column maps onto the case schema; add a mapping to the config")
	ErrTooManyBad    = errors.New("too many quarantined rows")
	ErrBadRow        = errors.New("row failed validation")
)

// Rejection is one quarantined row. It says where and why, never what.
type Rejection struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}
