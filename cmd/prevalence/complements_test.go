package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestComplementsProtectSomething is the tester's bad/kids.csv (attack of 30 Nov, finding 4):
// 300 adults in Herat and Kabul, 5 minors, 40 of unknown age. Complementary suppression used
// to withhold every year's total of cases-by-year-and-gender beside its published female,
// male and other counts (2020: withheld beside 42 + 46 + 0): totals the published counts give
// back exactly, which protect nothing. No row of the year table may be withheld while its
// parts are all published, and check's re-audit must accept the release.
func TestComplementsProtectSomething(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(9, 9))
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation\n")
	i := 0
	for _, g := range []struct {
		prov, age string
		n         int
	}{{"Herat", "25", 150}, {"Kabul", "30", 150}, {"Herat", "15", 5}, {"Herat", "", 40}} {
		for range g.n {
			i++
			gender := []string{"female", "male"}[r.IntN(2)]
			fmt.Fprintf(&b, "C%04d,%s,%s,202%d-0%d-1%d,AF,%s,forced labour\n", i, gender, g.age, r.IntN(5), 1+r.IntN(9), r.IntN(10), g.prov)
		}
	}
	in, out := filepath.Join(dir, "kids.csv"), filepath.Join(dir, "rel")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cli(t, "run", "--input", in, "--out", out, "--quiet")
	data, err := os.ReadFile(filepath.Join(out, "tables", "cases-by-year-and-gender.csv"))
	if err != nil {
		t.Fatal(err)
	}
	col, recs := readCSV(t, string(data))
	years := 0
	for _, rec := range recs {
		if rec[col["year"]] == "all years" {
			continue
		}
		years++
		parts := rec[col["female"]] != "" && rec[col["male"]] != "" && rec[col["other_or_unknown"]] != ""
		if rec[col["cases"]] == "" && parts {
			t.Errorf("year %s: cases withheld beside its published parts %s + %s + %s", rec[col["year"]], rec[col["female"]], rec[col["male"]], rec[col["other_or_unknown"]])
		}
	}
	if years != 5 {
		t.Errorf("%d years, want 2020-2024", years)
	}
	if got := cli(t, "check", out); !strings.Contains(got, ": ok") {
		t.Errorf("check: %s", got)
	}
}

// TestHeadlineGivenBack is the tester's kids.csv (attack-2026-11-30d finding 9, the same
// file as anonymize's TestGivenBackPrinted): all countries' cases, given back by their women,
// men and others printed on the same row (186 + 159 + 0), are printed too since the audit's
// "labels alone" baseline no longer widens when a pinned count is printed (TestKidsGivenBack);
// the brief's first number and the named headline use 345, not "x".
func TestHeadlineGivenBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rel")
	cli(t, "run", "--input", filepath.Join("..", "..", "anonymize", "testdata", "kids", "kids.csv"), "--out", out, "--quiet")
	brief, err := os.ReadFile(filepath.Join(out, "reports", "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(brief), "- **345**: 345 records of people") {
		t.Errorf("the brief's first number is not 345:\n%s", brief)
	}
	if got := cli(t, "query", out, "--named", "headline", "--format", "csv"); !strings.Contains(got, "\n345,") {
		t.Errorf("named headline:\n%s", got)
	}
	if got := cli(t, "check", out); !strings.Contains(got, ": ok") {
		t.Errorf("check: %s", got)
	}
}
