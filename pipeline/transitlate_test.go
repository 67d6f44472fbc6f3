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

// TestTransitClosedLate (attack-2026-12-03b, lows): a transit shelter closing its record
// ("transferred") 5 days after the home's admission moves the home's nights to the transit's
// end (handedOver), which session v did without a word; a notice now counts such records, so
// the organisations can check which date is right. Closed on the admission day: no notice.
func TestTransitClosedLate(t *testing.T) {
	for _, late := range []int{0, 5} {
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
			fmt.Fprintf(&te, "T%03d,placement,%s,%s,residential_care,AF-KAB,transferred\n", i, in.Format(time.DateOnly), home.AddDate(0, 0, late).Format(time.DateOnly))
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
		const w = "30 case record(s) have a residential placement dated before an earlier placement of the child ended"
		if got := hasNotice(m, w); got != (late > 0) {
			t.Errorf("transit closed %d days after the admission: the notice %v, want %v: %q", late, got, late > 0, m.Notices)
		}
		if hasNotice(m, "placements that overlap") {
			t.Errorf("transit closed %d days after the admission: an overlap notice", late)
		}
		_ = out
	}
}
