package pipeline_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestDemoProvinceTrends runs the demo as shipped (cases by province and year, the table the
// centre gaps' trend reads, is in the standard set) and ranks the demo's centres from the release's protected tables:
// some provinces must have a trend with its interval. On the demo the early years of most
// provinces are withheld as complements; the trend of such a province comes from the windows'
// sums bounded by the published counts, and at least one province's trend must be such.
func TestDemoProvinceTrends(t *testing.T) {
	cfg := demoConfig(t) // as shipped: cases by province and year is in the standard set
	out := filepath.Join(t.TempDir(), "rel")
	if _, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	ts, err := release.ReadTables(out)
	if err != nil {
		t.Fatal(err)
	}
	// Complementary suppression protects the provinces' small early years with other years'
	// and provinces' counts, not with the totals the map and the province figures read: no
	// province's or country's cases are withheld as a complement (a "(not recorded)" row may be).
	for _, tb := range ts {
		if tb.Name != "cases-by-province-and-gender" {
			continue
		}
		for _, r := range tb.Rows {
			if r.State[0] == release.Secondary && !slices.Contains(r.Labels, anonymize.NotRecorded) {
				t.Errorf("%v: the cases are withheld as a complement", r.Labels)
			}
		}
	}
	centres, err := cfg.Centres.Read()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := analysis.CentreGapsProtected(analysis.NewProtected(ts), centres, analysis.GapSpec{})
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range tb.Columns {
		col[c] = i
	}
	trends, bounded := map[string]bool{}, 0
	for _, r := range tb.Rows {
		note, _ := r[col["trend_note"]].(string)
		if r[col["trend"]] == nil {
			continue
		}
		if !strings.HasPrefix(note, analysis.ProvinceTrend) || r[col["trend_lower"]] == nil || r[col["trend_upper"]] == nil {
			t.Errorf("%v: trend %v with note %q and no interval", r[col["province"]], r[col["trend"]], note)
		}
		trends[r[col["province"]].(string)] = true
		if strings.Contains(note, "bounded from the published counts") {
			bounded++
		}
	}
	// Every province the table lists has a trend in some centre's row, or says why not; a
	// province it does not list says so (never "no case").
	listed := map[string]bool{}
	for _, tb := range ts {
		if tb.Name == anonymize.ProvinceYearTable {
			for _, r := range tb.Rows {
				listed[r.Labels[1]] = true
			}
		}
	}
	if len(listed) == 0 {
		t.Fatal("the demo's release has no cases-by-province-and-year")
	}
	for _, r := range tb.Rows {
		p, _ := r[col["province"]].(string)
		note, _ := r[col["trend_note"]].(string)
		if !listed[p] && r[col["trend"]] == nil && note != analysis.UnlistedYears && !strings.Contains(note, "no case") {
			t.Errorf("%v: not listed, note %q", p, note)
		}
		if listed[p] && note == analysis.UnlistedYears {
			t.Errorf("%v: listed, note %q", p, note)
		}
	}
	t.Logf("%d provinces with a trend, %d rows from bounded sums, %d provinces listed", len(trends), bounded, len(listed))
	if len(trends) < 2 || bounded == 0 {
		t.Errorf("the demo's centre gaps have %d provinces with a trend (%d rows from bounded sums): want at least 2 and 1", len(trends), bounded)
	}
}
