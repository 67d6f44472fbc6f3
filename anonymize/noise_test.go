package anonymize

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNoisyTablesRecordTheirNoise: with epsilon, every published count says how many noise
// draws it sums (release.Row.Noise), so that analysis and reports widen its intervals: 1 for
// an inner count, every inner count of the table for the grand total.
func TestNoisyTablesRecordTheirNoise(t *testing.T) {
	c := synthCollector(t, 1500, 3)
	defer c.Close()
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}, Epsilon: 1,
		Rand: rand.NewChaCha8([32]byte{1})})
	if err != nil {
		t.Fatal(err)
	}
	if pt.Protection.Epsilon != 1 || pt.Protection.EpsilonTotal <= 1 {
		t.Errorf("manifest: epsilon %g, total %g", pt.Protection.Epsilon, pt.Protection.EpsilonTotal)
	}
	for _, tb := range pt.Tables {
		if tb.Epsilon != 1 {
			t.Errorf("%s: epsilon %g", tb.Name, tb.Epsilon)
		}
		for ri, r := range tb.Rows {
			for ci := range r.Values {
				eps, n := tb.NoiseTerms(ri, ci)
				inner := !r.Total && !tb.TotalCols[ci]
				switch {
				case eps != 1 || n < 1:
					t.Errorf("%s row %v col %d: noise %g × %d", tb.Name, r.Labels, ci, eps, n)
				case inner && n != 1 && tb.Name != "cases-by-year":
					t.Errorf("%s row %v col %d: an inner count sums %d draws", tb.Name, r.Labels, ci, n)
				}
			}
		}
		if tb.Name == "cases-by-province-and-gender" {
			inner := 0
			for _, r := range tb.Rows {
				if !r.Total {
					inner += 3 // female, male, other or unknown
				}
			}
			g := len(tb.Rows) - 1
			if _, n := tb.NoiseTerms(g, 0); n != inner {
				t.Errorf("the grand total sums %d draws, want %d (every inner count)", n, inner)
			}
			if v, ok := tb.Value(g, 0); !ok || v == 0 {
				t.Errorf("grand total %d %v", v, ok)
			}
		}
	}
	// Without noise nothing is recorded.
	plain, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range plain.Tables {
		if eps, n := tb.NoiseTerms(0, 0); tb.Epsilon != 0 || eps != 0 || n != 0 {
			t.Errorf("%s: noise recorded without epsilon", tb.Name)
		}
	}
}

// Keyed noise repeats for the same counts and is unrelated as soon as any count differs
// (noiseSeed), so that a repeated noisy count never tells that this count did not change.
func TestKeyedNoiseSeed(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tables := func(herat int64) []*CountTable {
		return []*CountTable{{Name: "cases-by-province-and-gender", Rows: []CountRow{
			{Labels: []string{"AF", "AF-HER"}, Values: []int64{herat, 12}},
			{Labels: []string{"AF", "AF-KAB"}, Values: []int64{40, 31}}}}}
	}
	draws := func(seed []byte) []int64 {
		var out []int64
		for i := 0; i < 40; i++ {
			z, err := Noise(keyedNoise(seed, "cases-by-province-and-gender", []string{"AF", "AF-KAB"}, i%2, 0.5), 0.5)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, z)
		}
		return out
	}
	a, b, c := noiseSeed(key, tables(20)), noiseSeed(key, tables(20)), noiseSeed(key, tables(21))
	if !slices.Equal(a, b) || !slices.Equal(draws(a), draws(b)) {
		t.Error("the same counts gave different noise")
	}
	// Kabul's counts did not change, Herat's did: Kabul's noise must not repeat (the chance
	// that 40 draws at epsilon 0.5 agree by accident is negligible).
	if slices.Equal(draws(a), draws(c)) {
		t.Error("a count's noise repeated although another count changed")
	}
	if slices.Equal(noiseSeed(key, tables(20)), noiseSeed([]byte("another key, another key, another"), tables(20))) {
		t.Error("the seed does not depend on the key")
	}
}

// TestKeyedNoiseDeclaredTable: with a key, declaring one more table for the same data leaves
// the standard tables' noise as it was (attack-2026-12-01e finding 8: every standard count was
// redrawn, a second draw to average), and the declared table's noise repeats too.
func TestKeyedNoiseDeclaredTable(t *testing.T) {
	c := synthCollector(t, 1500, 3)
	defer c.Close()
	key := []byte("0123456789abcdef0123456789abcdef")
	run := func(decl []DeclaredTable) map[string][]int64 {
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}, Epsilon: 1, NoiseKey: key, Declared: decl})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]int64{}
		for _, tb := range pt.Tables {
			for ri, r := range tb.Rows {
				for ci := range r.Values {
					if v, ok := tb.Value(ri, ci); ok {
						k := tb.Name + "|" + strings.Join(r.Labels, "|") + "|" + strconv.Itoa(ci)
						out[k] = append(out[k], v)
					}
				}
			}
		}
		return out
	}
	decl := []DeclaredTable{{Name: "cases-by-province-and-age", Dims: []string{"province", "age_band"}}}
	plain, more, again := run(nil), run(decl), run(decl)
	same, differ := 0, 0
	for k, v := range plain {
		if w, ok := more[k]; ok {
			if slices.Equal(v, w) {
				same++
			} else {
				differ++
				if differ <= 3 {
					t.Errorf("%s: %v without the declared table, %v with it", k, v, w)
				}
			}
		}
	}
	if differ > 0 || same < 50 {
		t.Errorf("standard counts printed in both: %d the same, %d differ", same, differ)
	}
	declared := 0
	for k, v := range more {
		if strings.HasPrefix(k, "cases-by-province-and-age|") {
			declared++
			if !slices.Equal(v, again[k]) {
				t.Errorf("%s: %v then %v for the same data", k, v, again[k])
			}
		}
	}
	if declared == 0 {
		t.Error("the declared table printed nothing")
	}
}

// TestNonNegative: noisy counts below 0 become 0, their column's sum is kept (lowered in
// turn from the positive counts), and a sum below 0 gives all zeros.
func TestNonNegative(t *testing.T) {
	for _, c := range []struct{ in, want []int64 }{
		{[]int64{5, 0, 3}, []int64{5, 0, 3}},
		{[]int64{5, -2, 3}, []int64{4, 0, 2}},
		{[]int64{1, -3, 1, 4}, []int64{0, 0, 0, 3}},
		{[]int64{-1, -2, 2}, []int64{0, 0, 0}},
		{nil, []int64{}},
	} {
		if got := nonNegative(c.in); !slices.Equal(got, c.want) {
			t.Errorf("nonNegative(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestNoisyTotalsUnbiased: with noise, the grand total of people is the true one on average
// over many draws (attack-2026-12-01e finding 9: with every inner count clipped at 0 before
// the totals added them up, the headline ran 6% high: the clipped noise of the many zero
// cells only ever adds).
func TestNoisyTotalsUnbiased(t *testing.T) {
	c := synthCollector(t, 400, 4)
	defer c.Close()
	total := func(cfg TableConfig) (int64, int) {
		pt, err := c.Tables(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range pt.Tables {
			if tb.Name == "cases-by-province-and-gender" {
				g := len(tb.Rows) - 1
				v, _ := tb.Value(g, 0)
				_, n := tb.NoiseTerms(g, 0)
				return v, n
			}
		}
		t.Fatal("no cases-by-province-and-gender")
		return 0, 0
	}
	truth, _ := total(TableConfig{Protection: Protection{Threshold: 10}})
	const draws = 24
	var sum int64
	terms := 0
	for i := range draws {
		v, n := total(TableConfig{Protection: Protection{Threshold: 10}, Epsilon: 1, Rand: rand.NewChaCha8([32]byte{byte(i), 9})})
		sum += v
		terms = n
	}
	mean := float64(sum) / draws
	// A draw's variance at ε = 1 is 2e/(e-1)² ≈ 1.84; four standard errors of the mean.
	se := math.Sqrt(1.84 * float64(terms) / draws)
	if math.Abs(mean-float64(truth)) > 4*se {
		t.Errorf("the noisy grand total averages %.1f over %d draws, the truth is %d (±%.1f allowed; %d inner counts)", mean, draws, truth, 4*se, terms)
	}
}

// TestNoisyNextReleaseNotGuarded: a noisy register's next noisy release withholds no printed
// count for a change of 1 to 9 (the noise of both is redrawn, so nearly every count moves:
// attack-2026-12-01e finding 11, 301 counts withheld instead of 34); a noisy release after a
// release without noise is still guarded.
func TestNoisyNextReleaseNotGuarded(t *testing.T) {
	c := synthCollector(t, 400, 4)
	defer c.Close()
	th := Protection{Threshold: 10}
	first, err := c.Tables(TableConfig{Protection: th, Epsilon: 1, Rand: rand.NewChaCha8([32]byte{1})})
	if err != nil {
		t.Fatal(err)
	}
	next, err := c.Tables(TableConfig{Protection: th, Epsilon: 1, Rand: rand.NewChaCha8([32]byte{2}),
		AllowDifferencing: true, Previous: first.Tables, PreviousRelations: first.Relations})
	if err != nil {
		t.Fatal(err)
	}
	if next.Protection.Guarded != 0 {
		t.Errorf("a noisy release after a noisy one withholds %d counts for their change", next.Protection.Guarded)
	}
	plain, err := c.Tables(TableConfig{Protection: th})
	if err != nil {
		t.Fatal(err)
	}
	after, err := c.Tables(TableConfig{Protection: th, Epsilon: 1, Rand: rand.NewChaCha8([32]byte{2}),
		AllowDifferencing: true, Previous: plain.Tables, PreviousRelations: plain.Relations})
	if err != nil {
		t.Fatal(err)
	}
	if after.Protection.Guarded == 0 {
		t.Error("a noisy release after one without noise guards no change")
	}
}
