package anonymize

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// verifyMondrian checks a Mondrian release independently: every published class (rows with the
// same labels) satisfies the models and every label generalizes the row's value.
func verifyMondrian(t *testing.T, tab *Table, cfg Config, res *Result) {
	t.Helper()
	groups := map[string][]int{}
	for r := range tab.Rows() {
		var key []string
		for q, h := range tab.Hierarchies {
			lab := res.Labels[q][r]
			if res.Label(tab, q, r) != lab {
				t.Fatalf("Label() disagrees with Labels")
			}
			key = append(key, lab)
			if res.Suppressed[r] {
				if lab != "*" {
					t.Fatalf("suppressed row %d labelled %q", r, lab)
				}
				continue
			}
			ok := lab == "*"
			for l := range h.Levels() {
				ok = ok || h.Label(l, tab.Columns[q][r]) == lab
			}
			if !ok {
				t.Fatalf("row %d: %q does not generalize %q", r, lab, h.Labels[0][tab.Columns[q][r]])
			}
		}
		if !res.Suppressed[r] {
			k := strings.Join(key, "\x00")
			groups[k] = append(groups[k], r)
		}
	}
	for _, rows := range groups {
		if bruteViolates(cfg, rows) {
			t.Fatalf("published class %v violates the models (cfg %+v)", rows, cfg)
		}
	}
}

func TestMondrianProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 1000 {
		tab, cfg := randomProblem(rng)
		cfg.Method = Mondrian
		res, err := Search(tab, cfg)
		if errors.Is(err, ErrNoSolution) {
			all := make([]int, tab.Rows())
			for r := range all {
				all[r] = r
			}
			if !bruteViolates(cfg, all) {
				t.Fatalf("trial %d: no solution although the whole table is fine", i)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.Levels != nil {
			t.Fatalf("Mondrian result has levels %v", res.Levels)
		}
		verifyMondrian(t, tab, cfg, res)
	}
}

func TestMondrianAdult(t *testing.T) {
	a := loadAdult(t)
	full, err := Search(a.table, Config{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{K: 5, Method: Mondrian}
	res, err := Search(a.table, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Mondrian: %d cells, loss %v (full-domain %v)", res.Classes, res.Value, full.Value)
	if res.Value >= full.Value || res.Classes <= full.Classes {
		t.Errorf("Mondrian loss %v with %d cells, full-domain %v with %d", res.Value, res.Classes, full.Value, full.Classes)
	}
	verifyMondrian(t, a.table, cfg, res)
	cfg.Sensitive, cfg.L = a.occupation, 3
	res, err = Search(a.table, cfg)
	if err != nil {
		t.Fatal(err)
	}
	verifyMondrian(t, a.table, cfg, res)
}
