package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestPathCityNotice: a register in a folder named for a city ("Kolkata/cases.csv") with no
// province column is counted under no province, and said (attack-2026-12-03g finding 6: no
// notice on main).
func TestPathCityNotice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Kolkata")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("case_id,sex,age,registration_date,type_of_exploitation\n")
	for i := range 40 {
		fmt.Fprintf(&b, "K-%d,%s,%d,2024-03-%02d,sexual\n", i+1, []string{"female", "male"}[i%2], 10+i%7, 1+i%28)
	}
	name := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\nsources:\n  - match: \"*.csv\"\n    source: \"Org K\"\n    defaults: {country_of_exploitation: IN}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: name}}, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range m.Notices {
		if strings.Contains(n, `named for a city ("Kolkata", in West Bengal, IN-WB)`) && strings.Contains(n, "defaults: {province_of_exploitation: IN-WB}") {
			return
		}
	}
	t.Errorf("no notice of the folder named for Kolkata; notices: %q", m.Notices)
}

// TestPathCodeNotice: a file named for a province by a numeric code ("KH-12.csv") under
// another default country is said, with the country in the defaults to write
// (attack-2026-12-04a, lows: no notice on main).
func TestPathCodeNotice(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,sex,age,registration_date,type_of_exploitation\n")
	for i := range 40 {
		fmt.Fprintf(&b, "P-%d,%s,%d,2024-03-%02d,sexual\n", i+1, []string{"female", "male"}[i%2], 10+i%7, 1+i%28)
	}
	name := filepath.Join(t.TempDir(), "KH-12.csv")
	if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\nsources:\n  - match: \"*.csv\"\n    source: \"Org P\"\n    defaults: {country_of_exploitation: AF}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: name}}, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range m.Notices {
		if strings.Contains(n, `named for a province ("Phnom Penh")`) && strings.Contains(n, "defaults: {country_of_exploitation: KH, province_of_exploitation: KH-12}") {
			return
		}
	}
	t.Errorf("no notice of the file named KH-12; notices: %q", m.Notices)
}
