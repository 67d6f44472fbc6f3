package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// districtRun writes cases exploited in the districts given (each "province/district" or
// "province/" for none), runs the pipeline protecting gender and the place of exploitation with
// k = 5, and returns the manifest's level for the place and the released (province, district)
// counts.
func districtRun(t *testing.T, places []string, perPlace int) (release.Level, map[string]int64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,district_of_exploitation\n")
	id := 0
	for _, pl := range places {
		prov, dist, _ := strings.Cut(pl, "/")
		for i := range perPlace {
			id++
			fmt.Fprintf(&b, "D-%d,female,%d,2024-03-0%d,IN,%s,%s\n", id, 10+i%5, 1+i%9, prov, dist)
		}
	}
	in := filepath.Join(t.TempDir(), "cases.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 5, 0
	cfg.QuasiIdentifiers = []string{"gender", "exploitation"}
	// The source's districts: a district is released only as a known place (issue 15).
	cfg.Sources = []ingest.Mapping{{Values: map[string]map[string]string{schema.DistrictOfExploitation: {
		"pune": "Pune", "mumbai": "Mumbai", "howrah": "Howrah", "nagpur": "Nagpur", "kolkata": "Kolkata"}}}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	adb := checked(t, out)
	defer adb.Close()
	tab, err := analysis.Query(context.Background(), adb,
		"SELECT concat_ws('/', coalesce(province_of_exploitation, ''), coalesce(district_of_exploitation, '')) AS k, count(*) FROM cases GROUP BY k")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range tab.Rows {
		n, _ := r[1].(int64)
		got[analysis.Cell(r[0])] = n
	}
	for _, l := range m.Privacy.Levels {
		if l.QuasiIdentifier == "exploitation" {
			return l, got
		}
	}
	t.Fatal("no level for exploitation in the manifest")
	return release.Level{}, nil
}

// TestDistricts: districts with enough cases are released as such, the district being the
// finest level of the place hierarchy; one district too small makes the release generalize to
// provinces, the district shown as "*"; data without districts has no district level at all.
func TestDistricts(t *testing.T) {
	l, got := districtRun(t, []string{"Maharashtra/Pune", "IN-MH/MUMBAI", "West Bengal/howrah"}, 6)
	if l.Name != "district" || l.Levels[0] != "district" || len(l.Columns) != 4 {
		t.Errorf("level %+v, want district", l)
	}
	if want := map[string]int64{"IN-MH/Pune": 6, "IN-MH/Mumbai": 6, "IN-WB/Howrah": 6}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("released %v, want %v", got, want)
	}

	l, got = districtRun(t, []string{"IN-MH/Pune", "IN-MH/Nagpur", "IN-WB/Howrah", "IN-WB/Kolkata"}, 3)
	if l.Name != "province" {
		t.Errorf("level %+v, want province", l)
	}
	if want := map[string]int64{"IN-MH/*": 6, "IN-WB/*": 6}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("released %v, want %v", got, want)
	}

	l, got = districtRun(t, []string{"IN-MH/", "IN-WB/"}, 6)
	if l.Name != "province" || l.Levels[0] != "province" || l.Level != 0 {
		t.Errorf("without districts: level %+v, want province at level 0", l)
	}
	if want := map[string]int64{"IN-MH/": 6, "IN-WB/": 6}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("released %v, want %v", got, want)
	}
}
