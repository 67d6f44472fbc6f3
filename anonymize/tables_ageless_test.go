package anonymize

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestUnrecordedAges: an input no row of which records an age (synth 3,000 without its age
// columns) printed "minors 0" in every year, "0" for every form's minors and adults: read as
// no child identified. Those counts are now "not recorded in this input", with a note, and
// check's re-audit accepts the release; an input with ages keeps its counts.
func TestUnrecordedAges(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "cases.csv")
	if err := synth.WriteCanonical(p, 1500, 3); err != nil {
		t.Fatal(err)
	}
	for _, blank := range []bool{false, true} {
		in := p
		if blank {
			in = filepath.Join(dir, "ageless.csv")
			blankColumns(t, p, in, "date_of_birth")
		}
		f, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		r := ingest.NewReader(filepath.Base(in), f)
		c := collectFrom(t, r)
		r.Close()
		f.Close()
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		table := func(name string) *CountTable {
			i := slices.IndexFunc(pt.Tables, func(t *CountTable) bool { return t.Name == name })
			if i < 0 {
				t.Fatalf("no table %s", name)
			}
			return pt.Tables[i]
		}
		// count returns how many counts of t's columns cols are unrecorded and how many are not.
		count := func(t *CountTable, cols ...string) (unrec, other int) {
			for _, row := range t.Rows {
				for ci, c := range t.Counts {
					if len(cols) > 0 && !slices.Contains(cols, c) {
						continue
					}
					if row.State[ci] == release.Unrecorded {
						unrec++
					} else {
						other++
					}
				}
			}
			return
		}
		for _, c := range []struct {
			table string
			cols  []string
		}{
			{"cases-by-year", []string{"minors"}},
			{"exploitation-by-age", []string{"minors", "adults"}},
			{"minors-by-exploitation", nil},
			{minorsYearTable, nil},
			{minorsFormTable, nil},
		} {
			tb := table(c.table)
			unrec, other := count(tb, c.cols...)
			noted := strings.Contains(tb.Note, "No case in this input records an age")
			switch {
			case blank && (unrec == 0 || other != 0 || !noted):
				t.Errorf("%s of an input without ages: %d not recorded in this input, %d other, note %q", c.table, unrec, other, tb.Note)
			case !blank && (unrec != 0 || noted):
				t.Errorf("%s of an input with ages: %d not recorded in this input, note %q", c.table, unrec, tb.Note)
			}
		}
		// The counts of unknown age stay counted.
		if unrec, _ := count(table("exploitation-by-age"), "cases", "age_unknown"); unrec != 0 {
			t.Errorf("blank %v: %d counts of cases or of unknown age marked not recorded", blank, unrec)
		}
		var ts []*release.Table
		var rel *release.Relations
		roundTrip(t, pt.Tables, &ts)
		roundTrip(t, pt.Relations, &rel)
		all, err := rel.Resolve(ts)
		if err != nil {
			t.Fatal(err)
		}
		found, err := AuditRelease(all, rel, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) > 0 {
			t.Errorf("blank %v: the re-audit fails the release: %v", blank, found)
		}
	}
}
