package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestOrganisationsOfLinkedRecords (coordinator-2026-12-01l, linkage-merge.md's "Left"): a
// police list whose every record is a child the home recorded more fully is kept under the
// home's records; the release still names both organisations, and the brief says "recorded by
// 2 organisations" (was 1: the kept records' sources only).
func TestOrganisationsOfLinkedRecords(t *testing.T) {
	dir := t.TempDir()
	var home, police strings.Builder
	home.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation\n")
	police.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation\n")
	for i := range 40 {
		name := fmt.Sprintf("%s %s", []string{"Asha", "Rina", "Puja", "Mita", "Sima"}[i%5], []string{"Das", "Roy", "Sen", "Paul", "Bose", "Dey", "Nag", "Pal"}[i/5])
		dob := fmt.Sprintf("20%02d-%02d-%02d", 8+i%6, 1+i%12, 1+i%27)
		reg := fmt.Sprintf("%d-%02d-15", 2022+i%3, 1+i%12)
		fmt.Fprintf(&home, "H%03d,%s,%s,female,%s,IN,IN-WB\n", i, name, dob, reg)
		fmt.Fprintf(&police, "P%03d,%s,%s,female,%s,IN\n", i, name, dob, reg)
	}
	for n, b := range map[string]string{"home.csv": home.String(), "police.csv": police.String()} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := pipeline.ParseConfig("orgs", []byte("sources:\n  - match: \"home.csv\"\n    source: \"Home\"\n  - match: \"police.csv\"\n    source: \"Police\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rel")
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	ins := []pipeline.Input{{Name: filepath.Join(dir, "police.csv")}, {Name: filepath.Join(dir, "home.csv")}}
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Linked != 40 || m.Counts.Written+m.Counts.Suppressed != 40 {
		t.Fatalf("counts %+v: want the 40 police records linked to the home's", m.Counts)
	}
	if want := []string{"Home", "Police"}; m.Tables == nil || !slices.Equal(m.Tables.Organisations, want) {
		t.Errorf("organisations %v, want %v", m.Tables.Organisations, want)
	}
	b, err := os.ReadFile(filepath.Join(out, "reports", "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "recorded by 2 organisations") {
		t.Errorf("brief does not credit both organisations:\n%s", b)
	}
}
