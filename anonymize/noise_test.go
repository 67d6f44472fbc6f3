package anonymize

import (
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
