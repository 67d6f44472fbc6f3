package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest/ingesttest"
	"github.com/prevalence/prevalence/release"
)

// Honest figures on a CTDC-shaped export (issue 16, the attack of 2026-11-30): years recorded
// only as a band are "(a period only)", not "(not recorded)", in every table by year and in
// the trends read the period table; the regions of places recorded by region only are read
// from the region table.

// namedOn runs a named query on the release in out from its protected tables.
func namedOn(t *testing.T, out, name string) *analysis.Table {
	t.Helper()
	n, ok := analysis.LookupNamed(name)
	if !ok {
		t.Fatalf("no named query %s", name)
	}
	ts, err := release.ReadTables(out)
	if err != nil {
		t.Fatal(err)
	}
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tb, err := n.RunWith(context.Background(), db, analysis.Inputs{Tables: analysis.NewProtected(ts)})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// checkBandedYears checks the tables by year and the trends of a release whose input has
// bandOnly cases registered in a band of years and none cases with no year at all.
func checkBandedYears(t *testing.T, out string, bandOnly, none int) {
	t.Helper()
	for _, name := range []string{"cases-by-year-and-gender", "cases-by-year"} {
		got := tableCounts(t, out, name)
		if got[analysis.PeriodOnly] != fmt.Sprint(bandOnly) || got[analysis.NotRecorded] != fmt.Sprint(none) {
			t.Errorf("%s: %s %q and %s %q, want %d and %d", name, analysis.PeriodOnly, got[analysis.PeriodOnly],
				analysis.NotRecorded, got[analysis.NotRecorded], bandOnly, none)
		}
	}
	if _, ok := tableCounts(t, out, "minors-by-year-and-gender")[analysis.PeriodOnly]; !ok {
		t.Errorf("minors-by-year-and-gender has no %s row", analysis.PeriodOnly)
	}
	// The trends are by period (no case left out, no two periods overlapping); 2020 is
	// compared with 2019 only.
	tb := namedOn(t, out, "trends")
	changes := 0
	var labels []string
	for _, r := range tb.Rows {
		labels = append(labels, analysis.Cell(r[0]))
		if analysis.Cell(r[slices.Index(tb.Columns, "change")]) != "" {
			changes++
			if analysis.Cell(r[0]) != "2020" {
				t.Errorf("trends: %s compared: %v", analysis.Cell(r[0]), r)
			}
		}
	}
	if l := strings.Join(labels, "|"); l != "2005-2013|2014-2018|2019|2020|2021-2022|(not recorded)" || changes != 1 {
		t.Errorf("trends: rows %s, %d changes", l, changes)
	}
}

// checkRegions checks that cases-by-region reads the regions of a release whose places are
// recorded by region only (want: region -> cases).
func checkRegions(t *testing.T, out string, want map[string]string) {
	t.Helper()
	tb := namedOn(t, out, "cases-by-region")
	got := map[string]string{}
	for _, r := range tb.Rows {
		got[analysis.Cell(r[0])] = analysis.Cell(r[slices.Index(tb.Columns, "cases")])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cases-by-region: %v, want %v", got, want)
	}
}

func TestCTDCShapedHonestFigures(t *testing.T) {
	var b strings.Builder
	b.WriteString("yearRegister,gender,majorityStatus,isForcedLabour,isSexualExploit,UN_COO_Region,UN_COE_Region,IP_Exploiter\n")
	years := []string{"2014-2018", "2014-2018", "2019", "2020", "2021-2022", "2005-2013", ""}
	regions := []string{"Asia", "Europe", "Africa", "Asia", "Europe", ""}
	for i := range 420 {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,1\n", years[i%len(years)], []string{"Female", "Male"}[i%2],
			[]string{"Adult", "Adult", "Minor"}[i%3], []string{"1", ""}[i%2], []string{"", "1"}[i%2],
			regions[(i/7)%len(regions)], regions[i%len(regions)])
	}
	in := filepath.Join(t.TempDir(), "ctdc.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out := ctdcRun(t, in)
	checkBandedYears(t, out, 240, 60)
	checkRegions(t, out, map[string]string{"Africa": "70", "Asia": "140", "Europe": "140", "(not recorded)": "70"})
}

// TestCTDCExportHonestFigures: the same on the real CTDC export from ../shared (skipped when
// absent): 13,140 cases registered in a band, 3,655 with no year (hand counts of yearRegister).
func TestCTDCExportHonestFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("21,195 rows")
	}
	out := ctdcRun(t, ingesttest.SharedFile(t, "data/ctdc/CTDC_VPsynthetic_condensed.csv"))
	checkBandedYears(t, out, 13140, 3655)
	checkRegions(t, out, map[string]string{"Africa": "4271", "Americas/Oceania": "212", "Asia": "6281", "Europe": "6432", "(not recorded)": "3999"})
}
