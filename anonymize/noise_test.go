package anonymize

import (
	"math/rand/v2"
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
