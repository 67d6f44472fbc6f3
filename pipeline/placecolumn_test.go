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

// TestDroppedPlaceColumnNamed (attack-2026-12-02g finding 6c): Primero's display headers
// ("Current Location", "Record Owner") were taken for data, so the notice named none of the
// dropped columns, and "Place of exploitation" went unread: every case under no province, said
// nowhere. Now the dropped columns are named, and a notice says that no row records a province
// and which dropped columns could hold it. ("Place of exploitation" is read since
// attack-2026-12-05b U8: the test's column is "Place of rescue", which ingest does not read.)
func TestDroppedPlaceColumnNamed(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Case ID,Sex,Age,Registration Date,Current Location,Record Owner,Workflow Status,Place of rescue\n")
	for i := range 40 {
		fmt.Fprintf(&b, "P%03d,Male,%d,2024-03-%02d,Kabul,caseworker,Closed,%s\n", i, 10+i%6, 1+i%28, []string{"Herat", "Khost"}[i%2])
	}
	in := filepath.Join(dir, "cases.csv")
	yaml := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yaml, []byte("k: 2\nsources:\n  - {match: \"cases.csv\", source: Home, extracted: \"2025-01-01\", defaults: {country_of_exploitation: AF}, columns: {\"Age\": age}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(yaml)
	if err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !hasNotice(m, `column "Place of rescue" maps onto no field`) || hasNotice(m, "their names are withheld") {
		t.Errorf("the dropped columns not named: %q", m.Notices)
	}
	if !hasNotice(m, `no row records a province of exploitation: its 40 cases are counted under no province; the columns "Current Location", "Place of rescue" were dropped`) {
		t.Errorf("no notice of the province's column: %q", m.Notices)
	}
}

// TestOriginProvinceAlone (attack-2026-12-05d W11): a register whose only province column is
// "Province of origin" reads it as the origin, right, but its cases are counted under no
// province of exploitation; a notice says so and how to map the column if it holds that place.
func TestOriginProvinceAlone(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,Province of origin,type_of_exploitation,trafficking_status\n")
	for i := range 40 {
		fmt.Fprintf(&b, "C%03d,male,%d,2024-03-%02d,%s,labour,actual\n", i, 10+i%6, 1+i%28, []string{"AF-KAB", "AF-HER"}[i%2])
	}
	in := filepath.Join(dir, "cases.csv")
	yaml := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yaml, []byte("k: 2\nsources:\n  - {match: \"cases.csv\", source: Home, extracted: \"2025-01-01\", defaults: {country_of_exploitation: AF}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(yaml)
	if err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !hasNotice(m, "no row records a province of exploitation: its 40 cases are counted under no province in the tables by province of exploitation; 40 rows record a province of origin") {
		t.Errorf("no notice of the origin read alone: %q", m.Notices)
	}
}
