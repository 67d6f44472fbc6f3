package ingest

import (
	"errors"
	"strings"
	"testing"
)

// TestParseErrorColumnWithheld: whoever built a ParseError, its message names a column whose
// name could be data by "(name withheld)", never by the name (privacy-side-doors33: a group
// named by a child, "Nguyễn/remarks", reached stderr through callers that passed the header
// as it was); a header, and the pipeline's own mark, are printed as they are.
func TestParseErrorColumnWithheld(t *testing.T) {
	for col, want := range map[string]string{
		"Nguyễn/remarks":   `column "(name withheld)"`,
		"Zarmina/role":     `column "(name withheld)"`,
		"suspects_zarmina": `column "(name withheld)"`,
		"Asha Devi":        `column "(name withheld)"`,
		"0791234567":       `column "(name withheld)"`,
		"(name withheld)":  `column "(name withheld)"`,
		"citizenship":      `column "citizenship"`,
		"intake/sex":       `column "intake/sex"`,
		"Возраст":          `column "Возраст"`,
	} {
		e := &ParseError{File: "cases.csv", Line: 3, Column: col, Field: "gender", Err: errors.New("bad")}
		got := e.Error()
		if !strings.Contains(got, want) {
			t.Errorf("column %q: %q, want %s", col, got, want)
		}
		if col != "(name withheld)" && !strings.Contains(want, col) && strings.Contains(got, col) {
			t.Errorf("column %q printed: %q", col, got)
		}
	}
}
