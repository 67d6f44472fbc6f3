package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestLinkageIndependentOfOrder (attack-2026-12-01c finding 1): the demo's exports read in
// their order and in the reverse order (the Kolkata police's list, which records no status,
// province or form, before or after the network's homes) give the same tables, count for
// count: the record kept of a linked person is the one that knows most, never the one read
// first, so the homes' stays of linked children are counted either way.
func TestLinkageIndependentOfOrder(t *testing.T) {
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	ins := demoInputs()
	rev := slices.Clone(ins)
	slices.Reverse(rev)
	var outs [2]string
	for i, in := range [][]pipeline.Input{ins, rev} {
		outs[i] = filepath.Join(t.TempDir(), "r")
		m, err := pipeline.Run(context.Background(), in, demoConfig(t), pipeline.Options{Out: outs[i], Now: testNow, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Linked < 200 {
			t.Fatalf("order %d: %d linked: too few to test", i, m.Counts.Linked)
		}
	}
	files, err := filepath.Glob(filepath.Join(outs[0], "tables", "*.csv"))
	if err != nil || len(files) < 10 {
		t.Fatalf("%d tables: %v", len(files), err)
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(outs[1], "tables", filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
			n := 0
			for j := range min(len(al), len(bl)) {
				if al[j] != bl[j] {
					if n < 3 {
						t.Errorf("%s line %d differs with the inputs reversed:\n  %s\n  %s", filepath.Base(f), j+1, al[j], bl[j])
					}
					n++
				}
			}
			if n == 0 {
				t.Errorf("%s: %d lines, reversed %d", filepath.Base(f), len(al), len(bl))
			}
		}
	}
	a, _ := os.ReadFile(filepath.Join(outs[0], "reports", "brief.md"))
	b, _ := os.ReadFile(filepath.Join(outs[1], "reports", "brief.md"))
	if string(a) != string(b) {
		t.Errorf("the brief differs with the inputs reversed")
	}
}
