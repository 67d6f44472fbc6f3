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

// TestTransitReferralBeforeItsOwnStayEnded: 30 girls a Kabul transit shelter took in for 10
// days and transferred to a Nangarhar home (its own placement closed "transferred" at the home's
// admission); its register also holds the referral as an open placement in the home, dated 3
// days before the transfer (the referral's date, not the admission's). The home records each
// girl's stay of 200 days, reintegrated. The referral row is the home's placement (closeCopy),
// and the merged stay starts at the earlier of the two dates: 3 days before the transit's own
// placement ended. A child is in one bed a night: the home's stay starts when the transit's
// transfer says the child left it, so occupancy, the stays and the notices are those of the same
// register without the referral row (no placements overlapping, no "two beds at once").
func TestTransitReferralBeforeItsOwnStayEnded(t *testing.T) {
	type result struct {
		tables  map[string]string
		overlap bool
	}
	results := map[bool]result{}
	for _, referral := range []bool{false, true} {
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
				name := []string{"Mariam", "Zahra", "Fatima", "Laila", "Nadia", "Sara"}[i%6] + " " +
					[]string{"Rahimi", "Karimi", "Azizi", "Hashimi", "Noori"}[i/6]
				reg := time.Date(2024, 6, 1+i, 0, 0, 0, 0, time.UTC)
				fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,female,%s,AF,AF-NAN\n", src, i, name, 8+i%3, 1+i%12, 1+i%27, reg.Format(time.DateOnly))
			}
			return b.String()
		}
		var te, he strings.Builder
		te.WriteString("case_id,event,date,end_date,type,province,reason\n")
		he.WriteString(te.String())
		for i := range 30 {
			in := time.Date(2024, 6, 1+i, 0, 0, 0, 0, time.UTC)
			home, out := in.AddDate(0, 0, 10), in.AddDate(0, 0, 210)
			fmt.Fprintf(&te, "T%03d,placement,%s,%s,residential_care,AF-KAB,transferred\n", i, in.Format(time.DateOnly), home.Format(time.DateOnly))
			if referral {
				fmt.Fprintf(&te, "T%03d,placement,%s,,residential_care,AF-NAN,\n", i, home.AddDate(0, 0, -3).Format(time.DateOnly))
			}
			fmt.Fprintf(&he, "H%03d,placement,%s,%s,residential_care,AF-NAN,reintegrated\n", i, home.Format(time.DateOnly), out.Format(time.DateOnly))
		}
		ins := []pipeline.Input{{Name: write("ev_transit.csv", te.String())}, {Name: write("ev_home.csv", he.String())},
			{Name: write("transit.csv", cases("T"))}, {Name: write("home.csv", cases("H"))}}
		cfg, err := pipeline.LoadConfig(write("c.yaml", "k: 2\n"+
			"centres:\n"+
			"  - {name: Transit, province: AF-KAB, capacity: 10, ages: all, genders: all}\n"+
			"  - {name: Home, province: AF-NAN, capacity: 60, ages: all, genders: all}\n"+
			"sources:\n"+
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
		r := result{tables: map[string]string{}, overlap: hasNotice(m, "placements that overlap")}
		for _, name := range []string{"occupancy.csv", "length-of-stay.csv", "reintegration.csv"} {
			b, err := os.ReadFile(filepath.Join(out, "tables", name))
			if err != nil {
				t.Fatal(err)
			}
			r.tables[name] = string(b)
		}
		if testing.Verbose() {
			t.Logf("referral %v: notices %q\n%s", referral, m.Notices, r.tables["occupancy.csv"])
		}
		results[referral] = r
	}
	if results[true].overlap || results[false].overlap {
		t.Errorf("a notice of placements that overlap: with the referral row %v, without %v", results[true].overlap, results[false].overlap)
	}
	for name, b := range results[false].tables {
		if got := results[true].tables[name]; got != b {
			t.Errorf("%s with the referral row:\n%s\nwithout:\n%s", name, got, b)
		}
	}
}
