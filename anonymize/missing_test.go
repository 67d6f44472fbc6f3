package anonymize

import (
	"testing"
)

// TestMissingIsNoSensitiveValue: a class {sexual, sexual, missing} discloses the form of everyone
// recorded in it, so no variant of l-diversity may count "missing" as a second value, and
// t-closeness compares the recorded values only (sdcMicro's convention). A class with nothing
// recorded discloses no form: it passes every model.
func TestMissingIsNoSensitiveValue(t *testing.T) {
	const sexual, labour = 0, 1
	m := MissingSensitive
	cases := []struct {
		name string
		sens []int32
		cfg  Config
		ok   bool
	}{
		{"distinct, missing as second value", []int32{sexual, sexual, m}, Config{L: 2}, false},
		{"distinct, two recorded values", []int32{sexual, labour, m}, Config{L: 2}, true},
		{"distinct, nothing recorded", []int32{m, m, m}, Config{L: 2}, true}, // discloses no form
		{"entropy, missing as second value", []int32{sexual, m, m, m}, Config{L: 2, Diversity: EntropyDiversity}, false},
		{"entropy, recorded values balanced", []int32{sexual, labour, m, m}, Config{L: 2, Diversity: EntropyDiversity}, true},
		{"entropy, nothing recorded", []int32{m, m}, Config{L: 2, Diversity: EntropyDiversity}, true},
		{"recursive, nothing recorded", []int32{m, m}, Config{L: 2, Diversity: RecursiveDiversity, C: 3}, true},
		{"recursive, missing as second value", []int32{sexual, m, m, m}, Config{L: 2, Diversity: RecursiveDiversity, C: 3}, false},
		{"recursive, recorded values", []int32{sexual, labour, m, m}, Config{L: 2, Diversity: RecursiveDiversity, C: 2}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok := classPasses(t, tc.sens, tc.cfg, tc.sens)
			if ok != tc.ok {
				t.Errorf("class %v passes = %v, want %v", tc.sens, ok, tc.ok)
			}
		})
	}
	t.Run("t-closeness over recorded values", func(t *testing.T) {
		// Whole table: recorded values half sexual, half labour; the class holds one of each
		// and missing values. Counting missing as a value would put it at distance 0.5.
		whole := []int32{sexual, labour, m, m, sexual, labour, sexual, labour}
		for _, ordered := range []bool{false, true} {
			if !classPasses(t, whole[:4], Config{T: 0.01, SensitiveOrdered: ordered}, whole) {
				t.Errorf("ordered=%v: a class with the whole's recorded distribution is not 0.01-close", ordered)
			}
			if classPasses(t, []int32{sexual, m, m, m}, Config{T: 0.4, SensitiveOrdered: ordered}, whole) {
				t.Errorf("ordered=%v: a class whose recorded values are all sexual is 0.4-close", ordered)
			}
		}
	})
}

// classPasses reports whether the class whose sensitive codes are class, inside a table whose
// sensitive codes are whole (class first), passes the sensitive models of cfg.
func classPasses(t *testing.T, class []int32, cfg Config, whole []int32) bool {
	t.Helper()
	if len(whole) < len(class) || &whole[0] != &class[0] {
		whole = append(append([]int32{}, class...), whole...)
	}
	n := len(whole)
	leaves := make([]string, n)
	for i := range leaves {
		leaves[i] = "b"
		if i < len(class) {
			leaves[i] = "a"
		}
	}
	h, err := BuiltinHierarchy("q", BuiltinFlat, leaves)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]int32, n)
	for i, v := range leaves {
		codes[i], _ = h.Code(v)
	}
	cfg.K, cfg.Sensitive = 1, whole
	p, err := newProblem(&Table{Hierarchies: []*Hierarchy{h}, Columns: [][]int32{codes}}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	vals, cnts := map[int32]int64{}, []int64{}
	var order []int32
	for _, s := range p.sens0[:len(class)] {
		if _, ok := vals[s]; !ok {
			vals[s] = int64(len(order))
			order = append(order, s)
			cnts = append(cnts, 0)
		}
		cnts[vals[s]]++
	}
	d, o := p.sensitiveOK(order, cnts, int64(len(class)))
	return d && o
}
