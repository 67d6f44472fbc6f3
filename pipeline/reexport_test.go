package pipeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/release"
)

// TestCheckReExports: two exports of one organisation whose shared case numbers are all a few
// years older in one of them, in the same year of registration, are refused (an age at the
// export, not at registration); numbers reused by other people, whose ages pair at random, and
// too few records, are not.
func TestCheckReExports(t *testing.T) {
	inputs := []release.Input{{Path: "a.csv"}, {Path: "b.csv"}, {Path: "c.csv"}}
	ends := []int{100, 200, 300} // rows 0-99 a.csv, 100-199 b.csv, 200-299 c.csv
	pairs := func(first, later int32, shifts ...int16) []ingest.Reuse {
		var r []ingest.Reuse
		for i, s := range shifts {
			r = append(r, ingest.Reuse{First: first + int32(i), Row: later + int32(i), AgeShift: s})
		}
		return r
	}
	for _, c := range []struct {
		name   string
		reuses []ingest.Reuse
		want   string // "" passes
	}{
		{"two years apart", pairs(0, 100, 2, 2, 2, 2, 2, 2), "a.csv and b.csv: 6 records under the same case numbers of one organisation, registered in the same year, are 2 years older in b.csv than in a.csv"},
		{"the later export first", pairs(100, 0, -2, -2, -2, -3, -3), "b.csv and a.csv: 5 records under the same case numbers of one organisation, registered in the same year, are 2 or 3 years older in b.csv than in a.csv"},
		{"one correction among many", pairs(0, 200, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 7), "are 2 years older in c.csv than in a.csv"},
		{"too few", pairs(0, 100, 2, 2, 2, 2), ""},
		{"ages at random (numbers reused by others)", pairs(0, 100, 2, -4, 6, 3, -2, 5, 9, -7), ""},
		{"something else tells them apart", pairs(0, 100, 0, 0, 0, 0, 0, 0), ""},
		{"inside one export (numbers restarting each year)", pairs(0, 50, 2, 2, 2, 2, 2, 2), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkReExports(c.reuses, ends, inputs)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrAgeAtExport) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "case_id_scope: file") {
				t.Fatalf("got %v, want ErrAgeAtExport containing %q", err, c.want)
			}
		})
	}
}
