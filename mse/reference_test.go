package mse

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readReference reads a CSV recorded from R under testdata/reference (the R
// script that wrote it is beside it) as maps from column name to value.
func readReference(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// maskTable builds a table from lists and the 2^L-1 cell counts in bit-mask
// order (bit i for list i), as the R scripts write them.
func maskTable(t *testing.T, lists, counts string) *Table {
	t.Helper()
	tb := &Table{Lists: strings.Fields(lists)}
	L := len(tb.Lists)
	for k, s := range strings.Fields(counts) {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		h := k + 1
		hist := make([]bool, L)
		for i := range hist {
			hist[i] = h&(1<<i) != 0
		}
		if n > 0 {
			tb.Cells = append(tb.Cells, Cell{hist, n})
		}
	}
	return tb
}

func sortedTerms(f *Fit) string {
	names := f.InteractionNames()
	if len(names) == 0 {
		return "none"
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}

// TestStepwiseMatchesSparseMSE compares Stepwise at threshold 0.02 with
// SparseMSE's stepwisefit on the published tables and on 300 random sparse
// tables, many with empty overlaps (testdata/reference/stepwise.R).
func TestStepwiseMatchesSparseMSE(t *testing.T) {
	rows := readReference(t, "stepwise.csv")
	if len(rows) < 300 {
		t.Fatalf("%d reference rows", len(rows))
	}
	emptyAdded := 0
	for _, r := range rows {
		tb := maskTable(t, r["lists"], r["counts"])
		fit, err := Stepwise(tb, 0.02)
		if err != nil {
			t.Errorf("%s: %v", r["id"], err)
			continue
		}
		if got := sortedTerms(fit); got != r["interactions"] {
			t.Errorf("%s: stepwise picked %q, SparseMSE %q", r["id"], got, r["interactions"])
			continue
		}
		want, _ := strconv.ParseFloat(r["total"], 64)
		if math.Abs(fit.Total-want) > 1e-6*want+1e-6 {
			t.Errorf("%s: total %.6f, SparseMSE %.6f", r["id"], fit.Total, want)
		}
		for _, q := range fit.Model.Interactions {
			if tb.Overlap(q[0], q[1]) == 0 {
				emptyAdded++
				break
			}
		}
	}
	if emptyAdded < 10 {
		t.Errorf("only %d tables exercise an added empty overlap", emptyAdded)
	}
	t.Logf("%d tables, %d with an empty overlap added", len(rows), emptyAdded)
}
