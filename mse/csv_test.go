package mse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	in := "\uFEFF A , B ,C,count\n1,0,0,5\n0,1,1, 3\n1,0,0,2\n\n1,1,1,0\n"
	tb, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tb.Lists, ",") != "A,B,C" {
		t.Errorf("lists %q", tb.Lists)
	}
	// Repeated history 100 is summed; zero counts are kept.
	if len(tb.Cells) != 3 || tb.Cells[0].Count != 7 || tb.Cells[1].Count != 3 || tb.Cells[2].Count != 0 {
		t.Errorf("cells %+v", tb.Cells)
	}
	if tb.Observed() != 10 || tb.Overlap(1, 2) != 3 || tb.Overlap(0, 1) != 0 {
		t.Errorf("observed %d, overlaps %d %d", tb.Observed(), tb.Overlap(1, 2), tb.Overlap(0, 1))
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct {
		in         string
		line, col  int
		msg        string
		csvFormErr bool
	}{
		{"", 1, 0, "empty input", false},
		{"A,n\n1,2\n", 1, 0, "at least two list columns", false},
		{"A,,n\n", 1, 2, "empty list name", false},
		{"A,B,A,n\n", 1, 3, `"A" repeats column 1`, false},
		{"A,B,n\n1,0,4\n0,2,1\n", 3, 2, `list B: the value is not 0 or 1`, false},
		{"A,B,n\n1,0,4\n0,1,x\n", 3, 3, `the count is not an integer`, false},
		{"A,B,n\n1,0,-4\n", 2, 3, `the count is not an integer`, false},
		{"A,B,n\n1,0,2.5\n", 2, 3, `the count is not an integer`, false},
		{"A,B,n\n1,0,4\n0,0,3\n", 3, 0, "all-zero capture history", false},
		{"A,B,n\n1,0,4\n0,1\n", 3, 1, "wrong number of fields", true},
		{"A,B,n\n1,0,\"4\n", 2, 0, "extraneous or missing", true},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v, want *ParseError", c.in, err)
			continue
		}
		if pe.Line != c.line || (c.col != 0 && pe.Column != c.col) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: got line %d column %d %q, want line %d column %d containing %q",
				c.in, pe.Line, pe.Column, err, c.line, c.col, c.msg)
		}
		var ce *csv.ParseError
		if c.csvFormErr != errors.As(err, &ce) {
			t.Errorf("%q: errors.As csv.ParseError = %v", c.in, !c.csvFormErr)
		}
	}
	_, err := ReadCSV(strings.NewReader("A,B,n\n1,0,4\n0,1\n"))
	if !errors.Is(err, csv.ErrFieldCount) {
		t.Errorf("want csv.ErrFieldCount through Unwrap, got %v", err)
	}
}

// TestReadCSVErrorsNeverQuoteAValue: a case export given for a capture-history file by mistake
// is refused by line and column, never with its cell (a child's name, a phone number, a case
// note): the value of a list or count column was quoted before 7 Dec 2026.
func TestReadCSVErrorsNeverQuoteAValue(t *testing.T) {
	for _, in := range []string{
		"A,B,n\n1,Nadia Canaryname,4\n",
		"A,B,n\n1,0,+93 912 017 0682\n",
		"case_id,full_name,narrative\nAF-000001,Nadia Canaryname,Met Nadia at the border\n",
	} {
		_, err := ReadCSV(strings.NewReader(in))
		if err == nil {
			t.Errorf("%q: read", in)
			continue
		}
		for _, v := range []string{"Canaryname", "912", "AF-000001", "border"} {
			if strings.Contains(err.Error(), v) {
				t.Errorf("%q: the error %q quotes %q", in, err, v)
			}
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "A,B,n\n", "A,B,n\n1,1,3\n0,0,0\n", "a,b,c,d\n1,1,1,\"9\"\n", "\"A\nB\",C,n\n1,0,1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadCSV(bytes.NewReader(data))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if err := tb.Validate(); err != nil {
			t.Fatalf("ReadCSV returned an invalid table: %v", err)
		}
		if len(tb.Lists) < 2 {
			t.Fatalf("%d lists", len(tb.Lists))
		}
		// Fitting what was read must not panic either (small tables only,
		// to keep the fuzzer fast).
		if len(tb.Lists) <= 5 {
			if fit, err := MainEffects(tb); err == nil && !(fit.Total >= float64(fit.Observed)) {
				t.Fatalf("total %v below observed %d", fit.Total, fit.Observed)
			}
			Stepwise(tb, 0.02)
		}
	})
}

func TestReadStratifiedCSV(t *testing.T) {
	in := "A,region,B,n\n1,north,0,5\n0,south,1,3\n1,north,1,2\n1,north,0,1\n"
	tables, order, err := ReadStratifiedCSV(strings.NewReader(in), "region")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(order, ",") != "north,south" || strings.Join(tables["north"].Lists, ",") != "A,B" {
		t.Fatalf("order %v, lists %v", order, tables["north"].Lists)
	}
	if tables["north"].Observed() != 8 || tables["south"].Observed() != 3 || tables["north"].Overlap(0, 1) != 2 {
		t.Errorf("north %+v, south %+v", tables["north"], tables["south"])
	}
	pooled, err := Pool(tables)
	if err != nil || pooled.Observed() != 11 || pooled.ListTotals()[1] != 5 {
		t.Errorf("pooled %+v, %v", pooled, err)
	}
	// Errors name the file's line and column.
	for in, want := range map[string]string{
		"A,B,n\n1,0,4\n":                 `no stratum column "region" before the count column: the columns are "A", "B", "n"`,
		"A,region,B,n\n1,,0,4\n":         "line 2, column 2: empty stratum",
		"A,region,B,n\n1,x,2,4\n":        `line 2, column 3: list B: the value is not 0 or 1`,
		"region,A,B,n\nx,0,0,4\n":        "line 2: all-zero capture history",
		"region,A,n\nx,1,4\n":            "at least two list columns",
		"region,A,B,n\nx,1,0,4\ny,1,0\n": "wrong number of fields",
	} {
		_, _, err := ReadStratifiedCSV(strings.NewReader(in), "region")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	if _, err := Pool(map[string]*Table{"a": {Lists: []string{"A", "B"}}, "b": {Lists: []string{"A", "C"}}}); err == nil {
		t.Error("pooled tables with different lists")
	}
}

func TestIsolatedLists(t *testing.T) {
	tab := &Table{Lists: []string{"a", "b", "c", "d"}, Cells: []Cell{
		{History: []bool{true, false, false, false}, Count: 5},
		{History: []bool{true, true, false, false}, Count: 2},
		{History: []bool{false, true, false, false}, Count: 4},
		{History: []bool{false, false, true, false}, Count: 7},
		{History: []bool{false, false, true, true}, Count: 0}, // an empty cell ties nothing
	}}
	if got := tab.IsolatedLists(); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("isolated %v, want [c] (d recorded no one)", got)
	}
	tab.Cells[4].Count = 1
	if got := tab.IsolatedLists(); got != nil {
		t.Fatalf("isolated %v, want none", got)
	}
}
