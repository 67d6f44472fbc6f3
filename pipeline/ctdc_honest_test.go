package pipeline_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

// checkForms checks that the forms of exploitation a CTDC export has no column for (forced
// marriage, forced military service, other exploitation) read "not recorded in this input"
// in every table by form and in cases-by-form, never 0 or 0%; and that the brief says so.
func checkForms(t *testing.T, out string) {
	t.Helper()
	absent := []string{"forced marriage", "forced military service", "other exploitation"}
	for _, name := range []string{"exploitation-by-age", "minors-by-exploitation", "minors-by-form-and-gender"} {
		b, err := os.ReadFile(filepath.Join(out, "tables", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			if !slices.Contains(absent, r[0]) {
				if r[1] == "" && r[2] != "<10" && r[2] != "withheld" {
					t.Errorf("%s: %s reads %v", name, r[0], r)
				}
				continue
			}
			for c := 1; c < len(r); c += 2 {
				if r[c] != "" || r[c+1] != release.UnrecordedLabel {
					t.Errorf("%s: %s reads %v, want %q", name, r[0], r, release.UnrecordedLabel)
				}
			}
		}
	}
	boys := filepath.Join(out, "tables", "boys-by-province.csv")
	if b, err := os.ReadFile(boys); err != nil || !strings.Contains(string(b), ",,"+release.UnrecordedLabel) {
		t.Errorf("boys-by-province's forced_military is not %q: %s %v", release.UnrecordedLabel, b, err)
	}
	tb := namedOn(t, out, "cases-by-form")
	for _, r := range tb.Rows {
		form, cases, share := analysis.Cell(r[0]), analysis.Cell(r[1]), analysis.Cell(r[slices.Index(tb.Columns, "share")])
		if slices.Contains(absent, form) != (cases == release.UnrecordedLabel) || (cases == release.UnrecordedLabel && share != "") {
			t.Errorf("cases-by-form: %v", r)
		}
	}
	// The report's table of forms: the share of a form the input cannot record is "not
	// recorded in this input" too, never "withheld" (nothing was withheld).
	html, err := os.ReadFile(filepath.Join(out, "reports", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range absent {
		rows := regexp.MustCompile(`<tr[^>]*><td>`+form+`</td>(.*?)</tr>`).FindAllStringSubmatch(string(html), -1)
		if len(rows) == 0 {
			t.Errorf("report.html has no row for %s", form)
		}
		for _, r := range rows {
			if strings.Contains(r[1], "withheld") || !strings.Contains(r[1], release.UnrecordedLabel) {
				t.Errorf("report.html's row for %s: %s", form, r[1])
			}
		}
	}
	brief, err := os.ReadFile(filepath.Join(out, "reports", "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(brief), "The input does not record forced marriage, forced military service or other exploitation.") ||
		strings.Contains(string(brief), "most common form of exploitation is withheld") {
		t.Errorf("the brief's forms:\n%s", brief)
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

// checkBriefSays checks that the brief of a CTDC-shaped release (years partly in bands, no
// province) gives the last change from one single year to the next and says that later years
// are a band, and says why it has no boys and girls by province, rather than leaving the
// sections out.
func checkBriefSays(t *testing.T, out string) {
	t.Helper()
	brief, err := os.ReadFile(filepath.Join(out, "reports", "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## The trend\n\n**+0%**: Cases registered in 2020 (60) against 2019 (60): +0%, the last change from one year to the next; the later cases are recorded only by a band of years (2021-2022), which cannot be set against a single year.",
		"## Boys and girls by province\n\nThe provinces of exploitation are not recorded in this input",
	} {
		if !strings.Contains(string(brief), want) {
			t.Errorf("the brief does not say %q:\n%s", want, brief)
		}
	}
	if strings.Contains(string(brief), ". .") {
		t.Errorf("the brief has \". .\":\n%s", brief)
	}
}

func TestCTDCShapedHonestFigures(t *testing.T) {
	in := ctdcShapedInput(t)
	out := ctdcRun(t, in)
	checkBandedYears(t, out, 240, 60)
	checkForms(t, out)
	checkBriefSays(t, out)
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
	checkForms(t, out)
	checkRegions(t, out, map[string]string{"Africa": "4271", "Americas/Oceania": "212", "Asia": "6281", "Europe": "6432", "(not recorded)": "3999"})
}
