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

// TestReferralWrittenBeforeTheExit: 30 girls a Kabul shelter took in for 10 days and referred to
// a Nangarhar home for 200 days, reintegrated. The shelter closes its own placement without a
// transfer (closed "other", "absconded" or with no reason: registers write a referral to another
// organisation so), and the home's row is dated at the referral, 3 days before the shelter's
// exit: a child is in one bed a night, so the home's nights start at the shelter's end, and
// occupancy, the stays and the notices are those of the same register with the home's row dated
// at the exit (no "placements that overlap"). A placement the register closes after the next one
// ends is two beds at once indeed: still noticed.
func TestReferralWrittenBeforeTheExit(t *testing.T) {
	type result struct {
		tables  map[string]string
		overlap bool
	}
	run := func(t *testing.T, reason string, before, homeEnds int) result {
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		var cs, ev strings.Builder
		cs.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation\n")
		ev.WriteString("case_id,event,date,end_date,type,province,reason\n")
		for i := range 30 {
			name := []string{"Mariam", "Zahra", "Fatima", "Laila", "Nadia", "Sara"}[i%6] + " " +
				[]string{"Rahimi", "Karimi", "Azizi", "Hashimi", "Noori"}[i/6]
			in := time.Date(2024, 6, 1+i, 0, 0, 0, 0, time.UTC)
			fmt.Fprintf(&cs, "S%03d,%s,20%02d-%02d-%02d,female,%s,AF,AF-NAN\n", i, name, 8+i%3, 1+i%12, 1+i%27, in.Format(time.DateOnly))
			exit := in.AddDate(0, 0, 10)
			fmt.Fprintf(&ev, "S%03d,placement,%s,%s,residential_care,AF-KAB,%s\n", i, in.Format(time.DateOnly), exit.Format(time.DateOnly), reason)
			fmt.Fprintf(&ev, "S%03d,placement,%s,%s,residential_care,AF-NAN,reintegrated\n", i,
				exit.AddDate(0, 0, -before).Format(time.DateOnly), exit.AddDate(0, 0, homeEnds).Format(time.DateOnly))
		}
		ins := []pipeline.Input{{Name: write("ev.csv", ev.String())}, {Name: write("cases.csv", cs.String())}}
		cfg, err := pipeline.LoadConfig(write("c.yaml", "k: 2\n"+
			"centres:\n"+
			"  - {name: Shelter, province: AF-KAB, capacity: 10, ages: all, genders: all}\n"+
			"  - {name: Home, province: AF-NAN, capacity: 60, ages: all, genders: all}\n"+
			"sources:\n"+
			"  - {match: \"ev.csv\", source: Shelter, events: only, extracted: \"2025-06-01\"}\n"+
			"  - {match: \"cases.csv\", source: Shelter, extracted: \"2025-06-01\"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "rel")
		key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
		m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Written != 30 {
			t.Fatalf("counts %+v: want 30 written", m.Counts)
		}
		r := result{tables: map[string]string{}, overlap: hasNotice(m, "placements that overlap")}
		for _, name := range []string{"occupancy.csv", "length-of-stay.csv", "reintegration.csv"} {
			b, err := os.ReadFile(filepath.Join(out, "tables", name))
			if err != nil {
				t.Fatal(err)
			}
			r.tables[name] = string(b)
		}
		return r
	}
	for _, reason := range []string{"other", "absconded", ""} {
		t.Run("reason "+reason, func(t *testing.T) {
			atExit, referral := run(t, reason, 0, 200), run(t, reason, 3, 200)
			if atExit.overlap || referral.overlap {
				t.Errorf("a notice of placements that overlap: the home's row at the exit %v, at the referral %v", atExit.overlap, referral.overlap)
			}
			for name, b := range atExit.tables {
				if got := referral.tables[name]; got != b {
					t.Errorf("%s with the home's row at the referral:\n%s\nat the exit:\n%s", name, got, b)
				}
			}
		})
	}
	// Two beds at once: the home's stay ends before the shelter's does.
	if r := run(t, "other", 5, -2); !r.overlap {
		t.Error("a placement inside another: no notice of placements that overlap")
	}
}
