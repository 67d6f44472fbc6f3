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

// TestFollowUpCoverageBySource (attack-2026-12-02a finding 6): an organisation whose events
// hold placements and no follow-up visit exports no visits; its reintegrated children are not
// recorded, not "never visited" (they halved the coverage: 50%, 95% CI 39-61%), re-trafficking
// does not count them as followed for no time, and a notice names the source. A register with
// no follow-up at all gets no follow-up table and no coverage line (it was "0% ... 95% CI 0-6%").
func TestFollowUpCoverageBySource(t *testing.T) {
	cases := func(src string) string {
		var b strings.Builder
		b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation\n")
		for i := range 40 {
			fmt.Fprintf(&b, "%s%d,male,14,2022-03-01,AF,AF-HER\n", src, i)
		}
		return b.String()
	}
	events := func(src string, visits bool) string {
		var b strings.Builder
		b.WriteString("case_id,event,date,end_date,type,province,reason,in_school\n")
		for i := range 40 {
			fmt.Fprintf(&b, "%s%d,placement,2022-03-05,2022-06-05,residential_care,AF-HER,reintegrated,\n", src, i)
			if visits {
				fmt.Fprintf(&b, "%s%d,follow_up,2023-01-05,,,,,yes\n", src, i)
				fmt.Fprintf(&b, "%s%d,follow_up,2023-08-05,,,,,yes\n", src, i)
			}
		}
		return b.String()
	}
	for _, tc := range []struct {
		name      string
		visits    map[string]bool // per source X, Y: its events hold follow-up visits
		followUp  string          // the follow-up table's visited_after row at 12 months ("": no table)
		retraffic string          // re-trafficking's cohort row
		notice    string
		line      string // in report.md ("": no follow-up visit line)
	}{
		{"both export visits", map[string]bool{"X": true, "Y": true}, "visited_after,12 months,80,,80,,0,,0,", "all routes,0 months,80,", "", "100% of the children"},
		{"one exports none", map[string]bool{"X": true, "Y": false}, "visited_after,12 months,80,,40,,0,,40,", "all routes,0 months,40,",
			`source "Y" (40 reintegrated cases): no events of these organisations hold a follow-up visit`,
			"after going home (40 children whose organisation exports no follow-up visit are left out)"},
		{"none exports visits", map[string]bool{"X": false, "Y": false}, "", "", `source "X" (40 reintegrated cases), source "Y" (40 reintegrated cases): no events input holds a follow-up visit`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			var ins []pipeline.Input
			var yaml strings.Builder
			yaml.WriteString("k: 2\nsuppression_limit: 0.5\nsources:\n")
			for _, src := range []string{"X", "Y"} {
				ins = append(ins, pipeline.Input{Name: write("ev_"+src+".csv", events(src, tc.visits[src]))})
				fmt.Fprintf(&yaml, "  - {match: \"ev_%s.csv\", source: %s, events: only, extracted: \"2025-01-01\"}\n", src, src)
			}
			for _, src := range []string{"X", "Y"} {
				ins = append(ins, pipeline.Input{Name: write("cases_"+src+".csv", cases(src))})
				fmt.Fprintf(&yaml, "  - {match: \"cases_%s.csv\", source: %s}\n", src, src)
			}
			cfg, err := pipeline.LoadConfig(write("c.yaml", yaml.String()))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "rel")
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			fu, err := os.ReadFile(filepath.Join(out, "tables", "follow-up.csv"))
			switch {
			case tc.followUp == "" && err == nil:
				t.Errorf("a follow-up table where no follow-up was read:\n%s", fu)
			case tc.followUp != "" && !strings.Contains(string(fu), "\n"+tc.followUp+"\n"):
				t.Errorf("follow-up (%v):\n%s\nwant the row %s", err, fu, tc.followUp)
			}
			rt, err := os.ReadFile(filepath.Join(out, "tables", "re-trafficking.csv"))
			switch {
			case tc.retraffic == "" && err == nil:
				t.Errorf("a re-trafficking table where no follow-up was read:\n%s", rt)
			case tc.retraffic != "" && !strings.Contains(string(rt), "\n"+tc.retraffic):
				t.Errorf("re-trafficking (%v):\n%s\nwant a row %s", err, rt, tc.retraffic)
			}
			if tc.notice != "" && !hasNotice(m, tc.notice) {
				t.Errorf("no notice %q in %q", tc.notice, m.Notices)
			}
			if tc.notice == "" && hasNotice(m, "follow-up visit") {
				t.Errorf("a notice of sources without follow-up where every one has: %q", m.Notices)
			}
			report, err := os.ReadFile(filepath.Join(out, "reports", "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, l := range strings.Split(string(report), "\n") {
				if strings.Contains(l, "had a follow-up visit") {
					got = l
				}
			}
			if tc.line == "" && got != "" || !strings.Contains(got, tc.line) {
				t.Errorf("report's follow-up line %q, want %q", got, tc.line)
			}
		})
	}
}
