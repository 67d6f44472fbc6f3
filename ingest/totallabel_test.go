package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMaybeTotal: maybeTotal, totalRow's first test, never says no where isTotalLabel says yes,
// and isTotalLabel (its ASCII path without allocation) answers as the folding form it replaced
// (totalLabelFolded): over every cell of testdata's CSV inputs, the labels of totals and every
// first byte before them, at lengths 0-40.
func TestMaybeTotal(t *testing.T) {
	vals := []string{"Total", "TOTAL", " Total ", "\tGrand total", "Sub-total (boys)", "Totals:", "total: 345",
		"Overall total", "Sum total", "Grand Total:", "\u00a0Total", "Total cases", "Subtotal Herat"}
	files, _ := filepath.Glob("testdata/read/*/input.csv")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			vals = append(vals, strings.Split(line, ",")...)
		}
	}
	for c := 0; c < 256; c++ {
		for _, rest := range []string{"", "otal", "OTAL (Herat)", "otal boys 2", "otal: 3", "otals (all)", "otal/Sum", "rand Total & more", "UB-TOTAL", "ub-total X", "o-t-a-l", "O.T.A.L.S", "rand total", "ubtotal", "verall total", " Total", "\u00a0Total", "otal: 3", strings.Repeat("x", 40)} {
			for n := 0; n <= 40 && n <= len(rest)+1; n++ {
				vals = append(vals, (string([]byte{byte(c)}) + rest)[:n])
			}
		}
	}
	yes := 0
	for _, v := range vals {
		if got, want := isTotalLabel(v), totalLabelFolded(v); got != want {
			t.Errorf("isTotalLabel(%q) = %v, the folding form %v", v, got, want)
		}
		if isTotalLabel(v) {
			yes++
			if !maybeTotal(v) {
				t.Errorf("maybeTotal(%q) = false, isTotalLabel true", v)
			}
		}
	}
	if yes < 12 {
		t.Fatalf("only %d labels of totals among %d values", yes, len(vals))
	}
}

// totalLabelFolded is isTotalLabel as it was before its ASCII path (main e5430a8), the reference
// of TestMaybeTotal and BenchmarkTotalRow.
func totalLabelFolded(v string) bool {
	if len(v) < 5 || len(v) > 32 {
		return false
	}
	if c := v[0]; c == ' ' || c == '\t' || c >= 0x80 {
		v = strings.TrimSpace(v)
		if len(v) < 5 {
			return false
		}
	}
	if c := v[0] | 0x20; c != 't' && c != 'g' && c != 's' && c != 'o' {
		return false
	}
	if totalNames[fold(v)] {
		return true
	}
	lower := strings.ToLower(v)
	for _, p := range []string{"total ", "totals ", "grand total ", "subtotal ", "sub-total ", "total:", "total (", "totals:", "grand total:"} {
		if !strings.HasPrefix(lower, p) {
			continue
		}
		rest := lower[len(p):]
		if strings.HasSuffix(p, ":") {
			return true
		}
		for _, c := range rest {
			if !(c >= 'a' && c <= 'z' || c == ' ' || c == '(' || c == ')' || c == ':' || c == '-' || c == '/' || c == '&') {
				return false
			}
		}
		return true
	}
	return false
}

// BenchmarkTotalRow: totalRow's test of a row's fields (a synthetic case row's values): the
// folding form called on each ("before") against maybeTotal then isTotalLabel ("after"), in
// one run.
func BenchmarkTotalRow(b *testing.B) {
	row := []string{"AF-HOPE-000123", "female", "14", "2023-04-17", "AF", "AF-HER", "Injil", "sexual exploitation",
		"shelter", "minor", "2009-03-02", "IR", "Tehran", "true", "false", "2023-05-02", "Herat Hope Shelter", "9-17"}
	b.Run("before", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for i := 0; i < b.N; i++ {
			for _, v := range row {
				if totalLabelFolded(v) {
					n++
				}
			}
		}
		if n != 0 {
			b.Fatal(n)
		}
	})
	b.Run("after", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for i := 0; i < b.N; i++ {
			for _, v := range row {
				if maybeTotal(v) && isTotalLabel(v) {
					n++
				}
			}
		}
		if n != 0 {
			b.Fatal(n)
		}
	})
}
