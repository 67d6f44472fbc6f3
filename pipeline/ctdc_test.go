package pipeline_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest/ingesttest"
	"github.com/prevalence/prevalence/pipeline"
)

// ctdcRun runs the pipeline with no config on a CTDC-format export and returns the release
// folder, after checking what a CTDC export must give (issue 11, kind 6): tables by UN region
// of exploitation (by gender and by age group) and by period, periods that never overlap, a
// period and a region column in the release, and a brief that names regions, not "1 country".
func ctdcRun(t *testing.T, in string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "rel")
	cfg := pipeline.Defaults
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	db := checked(t, out)
	defer db.Close()
	for _, q := range []string{
		"SELECT count(*) FROM cases WHERE registration_period IS NOT NULL",
		"SELECT count(*) FROM cases WHERE region_of_exploitation IS NOT NULL",
		"SELECT count(*) FROM cases WHERE citizenship_region IS NOT NULL",
	} {
		tab, err := analysis.Query(context.Background(), db, q)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := tab.Rows[0][0].(int64); n == 0 {
			t.Errorf("%s: 0", q)
		}
	}
	// query --by region and --by year read the region and period columns: no case of a known
	// region is "not recorded", and the periods are named.
	for _, dim := range []string{"region", "year"} {
		tab, err := analysis.Prevalence(context.Background(), db, analysis.Spec{Dims: []string{dim}})
		if err != nil {
			t.Fatal(err)
		}
		known, periods := 0, 0
		for _, r := range tab.Rows {
			if l := analysis.Cell(r[0]); l != analysis.NotRecorded && l != analysis.Generalized && l != "" {
				known++
				if strings.Contains(l, "-") {
					periods++
				}
			}
		}
		if known < 2 || (dim == "year" && periods == 0) {
			t.Errorf("query --by %s: %d known groups in %v", dim, known, tab.Rows)
		}
	}
	for _, name := range []string{"cases-by-region-and-gender", "cases-by-region-and-age", "cases-by-period-and-gender"} {
		if _, err := os.Stat(filepath.Join(out, "tables", name+".csv")); err != nil {
			t.Errorf("no table %s: %v", name, err)
		}
	}
	// No two periods of the period table overlap.
	var spans [][2]int
	for label := range tableCounts(t, out, "cases-by-period-and-gender") {
		if label == "all periods" || label == "(not recorded)" {
			continue
		}
		a, b, found := strings.Cut(label, "-")
		if !found {
			b = a
		}
		lo, err1 := strconv.Atoi(a)
		hi, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			t.Fatalf("period %q", label)
		}
		for _, s := range spans {
			if lo <= s[1] && s[0] <= hi {
				t.Errorf("periods %d-%d and %d-%d overlap", lo, hi, s[0], s[1])
			}
		}
		spans = append(spans, [2]int{lo, hi})
	}
	brief, err := os.ReadFile(filepath.Join(out, "reports", "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	if b := string(brief); strings.Contains(b, " 1 country") || strings.Contains(b, " 0 countries") || !strings.Contains(b, "UN regions of exploitation") {
		t.Errorf("the brief does not name the regions:\n%s", b)
	}
	html, err := os.ReadFile(filepath.Join(out, "reports", "brief.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "Cases by UN region of exploitation") {
		t.Error("the brief's chart is not by UN region")
	}
	return out
}

// tableCounts reads the cases column of a released table: first label -> cases ("" withheld).
func tableCounts(t *testing.T, out, name string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(out, "tables", name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := 0
	for i, c := range rows[0] {
		if c == "cases" {
			col = i
		}
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r[col]
	}
	return got
}

// ctdcShapedInput writes an invented export of 420 rows in CTDC's condensed layout
// (yearRegister with bands and single years, UN_COO_Region and UN_COE_Region, perpetrator
// columns) and returns its path.
func ctdcShapedInput(t *testing.T) string {
	t.Helper()
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
	return in
}

// TestCTDCShapedExport: an invented export in CTDC's condensed layout (yearRegister with bands
// and single years, UN_COO_Region and UN_COE_Region, perpetrator columns) with no config.
func TestCTDCShapedExport(t *testing.T) {
	in := ctdcShapedInput(t)
	out := ctdcRun(t, in)
	want := map[string]string{"2005-2013": "60", "2014-2018": "120", "2019": "60", "2020": "60", "2021-2022": "60", "(not recorded)": "60", "all periods": "420"}
	if got := tableCounts(t, out, "cases-by-period-and-gender"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("periods %v, want %v", got, want)
	}
	want = map[string]string{"Africa": "70", "Asia": "140", "Europe": "140", "(not recorded)": "70", "all regions": "420"}
	if got := tableCounts(t, out, "cases-by-region-and-gender"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("regions %v, want %v", got, want)
	}
}

// TestCTDCExportNoConfig runs the real CTDC export from ../shared (skipped when absent; it may
// not be copied into the repository) with no config; the counts are the file's, checked by hand
// with a CSV reader.
func TestCTDCExportNoConfig(t *testing.T) {
	if testing.Short() {
		t.Skip("21,195 rows")
	}
	out := ctdcRun(t, ingesttest.SharedFile(t, "data/ctdc/CTDC_VPsynthetic_condensed.csv"))
	want := map[string]string{"2005-2013": "2531", "2014-2018": "6274", "2019": "2398", "2020": "2002", "2021-2022": "4335", "(not recorded)": "3655", "all periods": "21195"}
	if got := tableCounts(t, out, "cases-by-period-and-gender"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("periods %v, want %v", got, want)
	}
	want = map[string]string{"Africa": "4271", "Americas/Oceania": "212", "Asia": "6281", "Europe": "6432", "(not recorded)": "3999", "all regions": "21195"}
	if got := tableCounts(t, out, "cases-by-region-and-gender"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("regions %v, want %v", got, want)
	}
}
