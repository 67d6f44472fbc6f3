package ingest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

var validJSONSeeds = []string{
	``, ` `, `{}`, `[]`, `""`, `0`, `-0`, `01`, `-`, `1.`, `1.5`, `1e`, `1e+`, `1E-7`, `-12.5e+3`, `.5`, `+1`,
	`true`, `truex`, `tru`, `false`, `null`, `nul`, `NaN`, ` {"a":1} `, "\t[1,2]\r\n", `{"a":1,}`, `[1,]`, `[,1]`,
	`{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":{"b":[true,false,null,"x\"y\\z\/\b\f\n\r\t\u00e9\uD83D"]}}`,
	`"\u12"`, `"\u12G4"`, `"\x"`, "\"a\x01b\"", "\"\xff\xfe\"", `"abc`, `"abc\`, `{"a":1}{}`, `[1] x`,
	`{"id":"C1","placements":[{"date":"2024-01-05","type":"residential_care"}]}`,
}

// FuzzValidJSON: validJSON agrees with json.Valid on any input.
func FuzzValidJSON(f *testing.F) {
	for _, s := range validJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validJSON(b), json.Valid(b); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid %v", b, got, want)
		}
	})
}

// TestValidJSONDepth: the nesting limit is json.Valid's (10,000 objects and arrays).
func TestValidJSONDepth(t *testing.T) {
	for _, n := range []int{9999, 10000, 10001} {
		for _, open := range []string{"[", `{"a":`} {
			close := "]"
			if open != "[" {
				close = "}"
			}
			b := []byte(strings.Repeat(open, n) + "1" + strings.Repeat(close, n))
			if got, want := validJSON(b), json.Valid(b); got != want {
				t.Errorf("%d x %s: validJSON %v, json.Valid %v", n, open, got, want)
			}
		}
	}
}

// BenchmarkValidJSON: one NDJSON record of synth's Cambodian care export (about 600 bytes)
// checked by validJSON and by json.Valid.
func BenchmarkValidJSON(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"case_id":"KH-000123","sex":"female","date_of_birth":"2008-03-14","placements":[`)
	for i := range 4 {
		fmt.Fprintf(&sb, `{"placement_date":"2023-0%d-11","end_date":"2023-0%d-28","care_arrangement_type":"residential_care","province":"KH-12","reason":"reunified with family"},`, i+1, i+2)
	}
	sb.WriteString(`{"placement_date":"2024-01-03"}],"followup":[{"date":"2024-05-01","in_school":"yes","retrafficked":"no"}],"closure_reason":"","notes":"caf\u00e9 \"quoted\""}`)
	rec := []byte(sb.String())
	if !json.Valid(rec) {
		b.Fatal("the record is not valid JSON")
	}
	for _, f := range []struct {
		name string
		fn   func([]byte) bool
	}{{"validJSON", validJSON}, {"json.Valid", json.Valid}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(rec)))
			for b.Loop() {
				if !f.fn(rec) {
					b.Fatal("invalid")
				}
			}
		})
	}
}
