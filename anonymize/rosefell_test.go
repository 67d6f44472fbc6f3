package anonymize

import (
	"fmt"
	"strings"
	"testing"
)

// TestRoseAndFellBack releases a small register three times (attack-2026-12-03a finding 1b):
// July 30 boys in Herat and 20 in Khost; September 12 more in Herat (42, printed: 12 from
// 30); November ten of July's Herat cases either corrected to Khost or merged as duplicates
// (linkage tied them once a later export gave their dates of birth): Herat 32, 10 from
// September's 42, but 2 from July's 30, which everyone holding July's and November's tables
// subtracts. The guard compared a count only with the last value printed; it now compares
// with every value the series printed (carried.json), so no count printed in any two of the
// three releases moved by 1 to 9.
func TestRoseAndFellBack(t *testing.T) {
	const th = 10
	register := func(herat, khost, newHerat int) string {
		var b strings.Builder
		b.WriteString("case_id,full_name,gender,age,registration_date,citizenship,country_of_exploitation,province_of_exploitation,is_forced_labour,source\n")
		n := 0
		add := func(k int, prov, date string) {
			for range k {
				fmt.Fprintf(&b, "C-%d,Name %d,male,%d,%s,AF,AF,%s,true,org\n", n, n, 12+n%5, date, prov)
				n++
			}
		}
		add(herat, "AF-HER", "2023-03-01")
		add(khost, "AF-KHO", "2023-03-01")
		add(newHerat, "AF-HER", "2025-08-10")
		return b.String()
	}
	for _, tc := range []struct {
		name string
		nov  string
	}{
		{"corrected to Khost", register(20, 30, 12)},
		{"merged as duplicates", register(20, 20, 12)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rels []*ProtectedTables
			for _, in := range []string{register(30, 20, 0), register(30, 20, 12), tc.nov} {
				c := collect(t, in)
				cfg := TableConfig{Protection: Protection{Threshold: th}}
				if n := len(rels); n > 0 {
					prev := rels[n-1]
					cfg.AllowDifferencing = true
					cfg.Previous, cfg.PreviousRelations, cfg.PreviousDigest = prev.Tables, prev.Relations, prev.Protection.CountsDigest
					cfg.PreviousCarried = prev.Carried
				}
				pt, err := c.Tables(cfg)
				c.Close()
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("previous_audit %q, guarded %d", pt.Protection.PreviousAudit, pt.Protection.Guarded)
				rels = append(rels, pt)
			}
			printed := 0
			for _, tb := range rels[1].Tables {
				if tb.Name == "cases-by-province-and-gender" {
					for ri, r := range tb.Rows {
						if v, ok := tb.Value(ri, 0); ok && len(r.Labels) > 1 && r.Labels[1] == "AF-HER" && v == 42 {
							printed++
						}
					}
				}
			}
			if printed == 0 {
				t.Fatal("September does not print Herat's 42: the series does not rise")
			}
			for i := range rels {
				for j := i + 1; j < len(rels); j++ {
					if moved := movedSmall(rels[i].Tables, rels[j].Tables, th); len(moved) > 0 {
						t.Errorf("releases %d and %d: %d counts printed in both moved by 1 to %d, e.g. %v", i+1, j+1, len(moved), th-1, moved[:min(5, len(moved))])
					}
				}
			}
		})
	}
}

// TestPreviousWithoutCarried releases July (Herat 30 printed), September by an older version
// (Herat 35: moved by 5, withheld; no carried values written) and November (Herat 38, and
// 20 new cases in Khost)
// (attack-2026-12-03a finding 1: the upgrade mid-series returned 42 counts 1-9 away from
// July's). November cannot know July's 30, but September's own tables bound its Herat count
// from above, and a register that grew printed it before at no more than that: November
// prints Herat only that bound plus the threshold or more above, and carries the bound.
func TestPreviousWithoutCarried(t *testing.T) {
	const th = 10
	register := func(herat, newHerat, newHerat2, newKhost int) string {
		var b strings.Builder
		b.WriteString("case_id,full_name,gender,age,registration_date,citizenship,country_of_exploitation,province_of_exploitation,is_forced_labour,source\n")
		n := 0
		add := func(k int, prov, date string) {
			for range k {
				fmt.Fprintf(&b, "C-%d,Name %d,male,%d,%s,AF,AF,%s,true,org\n", n, n, 12+n%5, date, prov)
				n++
			}
		}
		add(herat, "AF-HER", "2023-03-01")
		add(20, "AF-KHO", "2023-03-01")
		add(newHerat, "AF-HER", "2025-08-10")
		add(newHerat2, "AF-HER", "2025-10-10")
		add(newKhost, "AF-KHO", "2025-10-10")
		return b.String()
	}
	var rels []*ProtectedTables
	for i, in := range []string{register(30, 0, 0, 0), register(30, 5, 0, 0), register(30, 5, 3, 20), register(30, 5, 20, 20)} {
		c := collect(t, in)
		cfg := TableConfig{Protection: Protection{Threshold: th}}
		if n := len(rels); n > 0 {
			prev := rels[n-1]
			cfg.AllowDifferencing = true
			cfg.Previous, cfg.PreviousRelations, cfg.PreviousDigest = prev.Tables, prev.Relations, prev.Protection.CountsDigest
			cfg.PreviousCarried = prev.Carried
			if i == 2 { // September's release was written by an older version: no carried.json
				cfg.PreviousCarried, cfg.PreviousUncarried = nil, true
			}
		}
		pt, err := c.Tables(cfg)
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		herat := "withheld"
		for _, tb := range pt.Tables {
			if tb.Name == "cases-by-province-and-gender" {
				for ri, r := range tb.Rows {
					if v, ok := tb.Value(ri, 0); ok && len(r.Labels) > 1 && r.Labels[1] == "AF-HER" {
						herat = fmt.Sprint(v)
					}
				}
			}
		}
		t.Logf("release %d: previous_audit %q, guarded %d, Herat %s", i+1, pt.Protection.PreviousAudit, pt.Protection.Guarded, herat)
		rels = append(rels, pt)
	}
	for i := range rels[:3] {
		for j := i + 1; j < 3; j++ {
			if moved := movedSmall(rels[i].Tables, rels[j].Tables, th); len(moved) > 0 {
				t.Errorf("releases %d and %d: %d counts printed in both moved by 1 to %d, e.g. %v", i+1, j+1, len(moved), th-1, moved[:min(5, len(moved))])
			}
		}
	}
	// The bound is carried: December (Herat 55, 25 from July's 30) may print it, and no
	// count printed in July and December moved by 1 to 9.
	am, ok := rels[2].Carried.Index().AtMost("cases-by-province-and-gender", []string{"cases", "female", "male", "other_or_unknown"}, []string{"AF", "AF-HER"}, 0)
	t.Logf("November carries Herat printed at most %d (%v)", am, ok)
	if !ok {
		t.Errorf("November does not carry the bound of Herat's unrecorded earlier value")
	}
	if moved := movedSmall(rels[0].Tables, rels[3].Tables, th); len(moved) > 0 {
		t.Errorf("July and December: %d counts printed in both moved by 1 to %d, e.g. %v", len(moved), th-1, moved[:min(5, len(moved))])
	}
}
