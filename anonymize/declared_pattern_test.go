package anonymize

import (
	"fmt"
	"testing"
)

// TestDeclaredKeepStandardPattern: declared tables never move the standard tables' pattern
// (attack-2026-12-04e S5: two declared tables over province, gender, year and majority could
// not be protected around it, the pattern was given up, and the standard set's release and the
// one with the declared tables, two folders of the same data, gave a "<10" count exactly by
// subtraction). Each standard table prints, count by count, what the standard set protected
// alone prints; declared tables that cannot be protected around it are withheld and named.
func TestDeclaredKeepStandardPattern(t *testing.T) {
	declared := []DeclaredTable{
		{Name: "pgm", Dims: []string{"province", "gender", "majority_status"}},
		{Name: "pya", Dims: []string{"province", "year", "majority_status"}},
	}
	withheld := 0
	for _, seed := range []uint64{1} { // seed 2 as well: 64 s more, the same path
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			c := synthCollector(t, 1000, seed)
			defer c.Close()
			alone, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
			if err != nil {
				t.Fatal(err)
			}
			with, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}, Declared: declared})
			if err != nil {
				t.Fatal(err)
			}
			withheld += len(with.WithheldDeclared)
			t.Logf("declared tables withheld: %v", with.WithheldDeclared)
			byName := map[string]int{}
			for i, tb := range with.Tables {
				byName[tb.Name] = i
			}
			for _, a := range alone.Tables {
				i, ok := byName[a.Name]
				if !ok {
					t.Errorf("table %s is missing beside declared tables", a.Name)
					continue
				}
				b := with.Tables[i]
				for ri := range a.Rows {
					for ci := range a.Counts {
						va, oka := a.Value(ri, ci)
						vb, okb := b.Value(ri, ci)
						if oka != okb || va != vb {
							t.Errorf("%s row %v column %s: alone %d (printed %v), with declared tables %d (printed %v)",
								a.Name, a.Rows[ri].Labels, a.Counts[ci], va, oka, vb, okb)
						}
					}
				}
			}
			if with.Protection.Audit.Exposed != 0 {
				t.Errorf("audit %+v", with.Protection.Audit)
			}
		})
	}
	if withheld == 0 {
		t.Error("no declared table had to be withheld: the draw no longer tests giving the pattern up")
	}
}
