package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestTransitDaysBeforeTheHome (attack-2026-12-02f's low): 30 boys a Nangarhar transit shelter
// took in and referred to a Nangarhar home, which admitted them 10 days later, kept them 200 days
// and reintegrated them; both organisations record each boy. The transit's export holds its
// placement open (no end date): it is read as the home's placement (closeCopy), and the stay
// starts at the transit's admission, so the figures are those of the same children with the
// transit's placement closed at the home's admission ("transferred"): 210 days in care, a mean
// of 6.9 months. The home's admission alone (the transit's 10 days dropped) gave 6.6.
func TestTransitDaysBeforeTheHome(t *testing.T) {
	tables := map[bool]map[string]string{}
	for _, closed := range []bool{false, true} {
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		cases := func(src string) string {
			var b strings.Builder
			b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation\n")
			for i := range 30 {
				name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir", "Omid"}[i%6] + " " +
					[]string{"Rahimi", "Karimi", "Azizi", "Hashimi", "Noori"}[i/6]
				reg := time.Date(2024, 1, 10+3*i, 0, 0, 0, 0, time.UTC)
				fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,male,%s,AF,AF-NAN\n", src, i, name, 8+i%3, 1+i%12, 1+i%27, reg.Format(time.DateOnly))
			}
			return b.String()
		}
		var te, he strings.Builder
		te.WriteString("case_id,event,date,end_date,type,province,reason\n")
		he.WriteString(te.String())
		for i := range 30 {
			in := time.Date(2024, 1, 10+3*i, 0, 0, 0, 0, time.UTC)
			home, out := in.AddDate(0, 0, 10), in.AddDate(0, 0, 210)
			if closed {
				fmt.Fprintf(&te, "T%03d,placement,%s,%s,residential_care,AF-NAN,transferred\n", i, in.Format(time.DateOnly), home.Format(time.DateOnly))
			} else {
				fmt.Fprintf(&te, "T%03d,placement,%s,,residential_care,AF-NAN,\n", i, in.Format(time.DateOnly))
			}
			fmt.Fprintf(&he, "H%03d,placement,%s,%s,residential_care,AF-NAN,reintegrated\n", i, home.Format(time.DateOnly), out.Format(time.DateOnly))
		}
		ins := []pipeline.Input{{Name: write("ev_transit.csv", te.String())}, {Name: write("ev_home.csv", he.String())},
			{Name: write("transit.csv", cases("T"))}, {Name: write("home.csv", cases("H"))}}
		cfg, err := pipeline.LoadConfig(write("c.yaml", "k: 2\nsources:\n"+
			"  - {match: \"ev_transit.csv\", source: Transit, events: only, extracted: \"2025-06-01\"}\n"+
			"  - {match: \"ev_home.csv\", source: Home, events: only, extracted: \"2025-06-01\"}\n"+
			"  - {match: \"transit.csv\", source: Transit, extracted: \"2025-06-01\"}\n"+
			"  - {match: \"home.csv\", source: Home, extracted: \"2025-06-01\"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "rel")
		key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
		m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Linked != 30 || m.Counts.Written != 30 {
			t.Fatalf("counts %+v: want 30 written, 30 linked", m.Counts)
		}
		if got := hasNotice(m, "starting at the earlier of the two records' dates"); got == closed {
			t.Errorf("closed %v: the open placement's notice %v: %q", closed, got, m.Notices)
		}
		tables[closed] = map[string]string{}
		for _, name := range []string{"length-of-stay.csv", "reintegration.csv"} {
			b, err := os.ReadFile(filepath.Join(out, "tables", name))
			if err != nil {
				t.Fatal(err)
			}
			tables[closed][name] = string(b)
		}
	}
	for name, b := range tables[true] {
		if tables[false][name] != b {
			t.Errorf("%s with the transit's placement open:\n%s\nclosed at the home's admission:\n%s", name, tables[false][name], b)
		}
	}
	if !strings.Contains(tables[false]["length-of-stay.csv"], "\nall provinces,24 months,0,,30,,0.000,,,6.9\n") {
		t.Errorf("length of stay, the transit's placement open:\n%s\nwant a mean of 6.9 months", tables[false]["length-of-stay.csv"])
	}
}
