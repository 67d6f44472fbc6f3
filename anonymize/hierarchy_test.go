package anonymize

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadHierarchyCSV(t *testing.T) {
	in := "\xef\xbb\xbf1;0-4;*\r\n2;0-4;*\r\n7;5-9;*" // BOM, CRLF, no trailing newline
	h, err := ReadHierarchyCSV("age", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if h.Name != "age" || h.Levels() != 3 {
		t.Fatalf("got %+v", h)
	}
	wantLabels := [][]string{{"1", "2", "7"}, {"0-4", "5-9"}, {"*"}}
	for l := range wantLabels {
		if !slices.Equal(h.Labels[l], wantLabels[l]) {
			t.Errorf("labels[%d] = %q, want %q", l, h.Labels[l], wantLabels[l])
		}
	}
	wantUp := [][]int32{{0, 1, 2}, {0, 0, 1}, {0, 0, 0}}
	for l := range wantUp {
		if !slices.Equal(h.Up[l], wantUp[l]) {
			t.Errorf("up[%d] = %v, want %v", l, h.Up[l], wantUp[l])
		}
	}
	if c, ok := h.Code("7"); !ok || c != 2 {
		t.Errorf("Code(7) = %d, %v", c, ok)
	}
	if _, ok := h.Code("8"); ok {
		t.Error("Code(8) found")
	}
	if err := h.validate(); err != nil {
		t.Error(err)
	}
	if got := h.Label(1, 2); got != "5-9" {
		t.Errorf("Label(1, 2) = %q", got)
	}
	// A hand-built hierarchy: Code scans, Index builds the map.
	hb := &Hierarchy{Labels: h.Labels, Up: h.Up}
	if c, ok := hb.Code("2"); !ok || c != 1 {
		t.Errorf("hand-built Code(2) = %d, %v", c, ok)
	}
	hb.Index()
	if c, ok := hb.Code("2"); !ok || c != 1 {
		t.Errorf("indexed Code(2) = %d, %v", c, ok)
	}
}

func TestReadHierarchyCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		in        string
		err       error
		line, col int
	}{
		{"a;x;*\nb;y\n", ErrFieldCount, 2, 0},
		{"a;x;*\nb;y;*;z\n", ErrFieldCount, 2, 7},
		{"a;x;*\nb;x;*\nc;y;*\nd;x;+\n", ErrTwoParents, 4, 5},
		{"a;x;*\nb;y;*\na;y;*\n", ErrDuplicateLeaf, 3, 1},
		{"", ErrEmptyHierarchy, 1, 0},
		{"a;\"x\"y\"\n", nil, 1, 0}, // lazy quotes: accepted
	} {
		h, err := ReadHierarchyCSV("h", strings.NewReader(tc.in))
		if tc.err == nil {
			if err != nil {
				t.Errorf("%q: %v", tc.in, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, tc.err) {
			t.Errorf("%q: got %v, %v; want %v", tc.in, h, err, tc.err)
			continue
		}
		if pe.Line != tc.line || pe.Column != tc.col {
			t.Errorf("%q: error at line %d column %d, want %d:%d (%v)", tc.in, pe.Line, pe.Column, tc.line, tc.col, err)
		}
	}
}

func TestAdultHierarchies(t *testing.T) {
	want := map[string][2]int{ // levels, leaves
		"age": {5, 100}, "education": {4, 16}, "marital-status": {3, 7}, "native-country": {3, 41},
		"race": {2, 5}, "salary-class": {2, 2}, "sex": {2, 2}, "workclass": {3, 8}, "occupation": {3, 14},
	}
	for name, w := range want {
		h, err := readAdultHierarchy(name)
		if err != nil {
			t.Fatal(err)
		}
		if h.Levels() != w[0] || len(h.Labels[0]) != w[1] {
			t.Errorf("%s: %d levels, %d leaves; want %v", name, h.Levels(), len(h.Labels[0]), w)
		}
		if top := h.Labels[h.Levels()-1]; len(top) != 1 || top[0] != "*" {
			t.Errorf("%s: top level %q", name, top)
		}
	}
	a := loadAdult(t)
	if a.table.Rows() != 30162 {
		t.Errorf("adult has %d rows", a.table.Rows())
	}
}

func FuzzReadHierarchyCSV(f *testing.F) {
	f.Add([]byte("1;0-4;*\n2;0-4;*\n7;5-9;*"))
	f.Add([]byte("a;x\r\nb;x\r\n"))
	f.Add([]byte("a;x;*\nb;y\n"))
	f.Add([]byte("\"a;\"\"b\";x\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadHierarchyCSV("fuzz", strings.NewReader(string(data)))
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if err := h.validate(); err != nil {
			t.Fatalf("accepted an invalid hierarchy: %v", err)
		}
		for i, leaf := range h.Labels[0] {
			if c, ok := h.Code(leaf); !ok || int(c) != i {
				t.Fatalf("Code(%q) = %d, %v; want %d", leaf, c, ok, i)
			}
		}
	})
}
