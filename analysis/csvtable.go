package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

// readTable reads a small CSV table with a header, in any column order: names gives, for each
// key, the other header names accepted for it (compared in lower case, trimmed); the keys are
// required, the optional ones not. Lines starting with # are comments. row is called for each data row with the
// key -> column map and a function that makes an error naming the line and the column.
func readTable(r io.Reader, what string, keys, optional []string, names map[string][]string,
	row func(rec []string, col map[string]int, fail func(key, why string) error) error) error {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return fmt.Errorf("%s table is empty", what)
		}
		return err
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		for _, k := range slices.Concat(keys, optional) {
			if _, done := col[k]; !done && (h == k || slices.Contains(names[k], h)) {
				col[k] = i
			}
		}
	}
	for _, k := range keys {
		if _, ok := col[k]; !ok {
			return fmt.Errorf("line 1: no %s column (want %s)", k, strings.Join(keys, ", "))
		}
	}
	cr.FieldsPerRecord = len(header)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		line, _ := cr.FieldPos(0)
		fail := func(k, why string) error {
			return fmt.Errorf("line %d, column %d (%s): %s", line, col[k]+1, k, why)
		}
		if err := row(rec, col, fail); err != nil {
			return err
		}
	}
}
