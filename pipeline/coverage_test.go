package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestPartialYear (attack-2026-12-01d finding 14's low): the manifest names the last year of
// registration the inputs do not cover whole, so that the brief's trend does not set part of
// a year against a whole one: registrations that stop before its December (unless some
// input gives cases of it by the year alone), an export made during it (extracted:), or a
// release made before it ended. The brief then compares the two years before it.
func TestPartialYear(t *testing.T) {
	for _, c := range []struct {
		name      string
		lastMonth int    // of 2026's registrations
		yearOnly  bool   // a second input gives 2026 cases by their year alone
		extracted string // the export's extracted: date
		now       time.Time
		want      *release.PartialYear
		// a second organisation's export: its cases a year (0: none) and the month its
		// 2026 registrations stop after
		otherN, otherLast int
	}{
		{"march", 3, false, "", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
			&release.PartialYear{Year: 2026, Why: "the registrations recorded stop before December 2026"}, 0, 0},
		{"december", 12, false, "", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), nil, 0, 0},
		{"by year", 3, true, "", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), nil, 0, 0},
		{"extracted", 12, false, "2026-12-20", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
			&release.PartialYear{Year: 2026, Why: "an export was made during 2026 (its extracted: date)"}, 0, 0},
		{"extracted at the end", 12, false, "2026-12-31", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), nil, 0, 0},
		{"run during it", 12, false, "", time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC),
			&release.PartialYear{Year: 2026, Why: "the release was made before the end of 2026"}, 0, 0},
		// One organisation's registrations stop in June while the other's run to December
		// (attack-2026-12-04a finding F: its case export taken in July): the whole register's
		// 2026 is not covered, though the registrations recorded reach December.
		{"one organisation stops in june", 12, false, "", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
			&release.PartialYear{Year: 2026, Source: "Other", Why: "one organisation's registrations stop months before the end of 2026, while its own export or the other organisations' run past it: " +
				"its export of cases was made earlier than the others', or it stopped registering"}, 60, 6},
		// A small organisation (4 cases a year) that registered none after April: a gap its
		// pace makes likely, not read as missing months.
		{"small organisation quiet since april", 12, false, "", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), nil, 4, 8},
		{"other organisation to november", 12, false, "", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), nil, 60, 11},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var b strings.Builder
			b.WriteString("case_id,gender,age,registration_date,country_of_exploitation\n")
			id := 0
			for y := 2023; y <= 2026; y++ {
				n, months := 120, 12
				if y == 2026 {
					n, months = 30, c.lastMonth
				}
				for i := range n {
					fmt.Fprintf(&b, "C%04d,%s,%d,%d-%02d-%02d,IN\n", id, []string{"female", "male"}[i%2], 14+i%6, y, 1+i%months, 1+i%28)
					id++
				}
			}
			files := map[string]string{"cases.csv": b.String()}
			if c.otherN > 0 {
				var o strings.Builder
				o.WriteString("case_id,gender,age,registration_date,country_of_exploitation\n")
				for y := 2023; y <= 2026; y++ {
					months := 12
					if y == 2026 {
						months = c.otherLast
					}
					for i := range c.otherN {
						// Spread over the months; the last one's last day reached.
						fmt.Fprintf(&o, "O%04d,%s,%d,%d-%02d-%02d,IN\n", id, []string{"female", "male"}[i%2], 14+i%6, y, 1+i%months, 1+(i*7)%28)
						id++
					}
				}
				files["other.csv"] = o.String()
			}
			if c.yearOnly {
				files["years.csv"] = "case_id,gender,age,year_of_registration,country_of_exploitation\nY1,female,15,2026,IN\nY2,male,16,2026,IN\n"
			}
			conf := "sources:\n  - match: \"cases.csv\"\n    source: \"Home\"\n"
			if c.extracted != "" {
				conf += "    extracted: \"" + c.extracted + "\"\n"
			}
			conf += "  - match: \"years.csv\"\n    source: \"Other\"\n  - match: \"other.csv\"\n    source: \"Other\"\n"
			var ins []pipeline.Input
			for n, s := range files {
				if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o600); err != nil {
					t.Fatal(err)
				}
				ins = append(ins, pipeline.Input{Name: filepath.Join(dir, n)})
			}
			cfg, err := pipeline.ParseConfig("partial", []byte(conf))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "rel")
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: c.now})
			if err != nil {
				t.Fatal(err)
			}
			if (m.Partial == nil) != (c.want == nil) || m.Partial != nil && *m.Partial != *c.want {
				t.Fatalf("partial year %+v, want %+v", m.Partial, c.want)
			}
			// The public statement says it too: a published folder has no manifest.
			st, err := release.ReadProtections(out)
			if err != nil {
				t.Fatal(err)
			}
			// Without the organisation it names (the manifest's only).
			var public release.PartialYear
			if c.want != nil {
				public = *c.want
				public.Source = ""
			}
			if (st.PartialYear == nil) != (c.want == nil) || st.PartialYear != nil && *st.PartialYear != public {
				t.Errorf("protections.json's partial year %+v, want %+v", st.PartialYear, public)
			}
			if b, err := os.ReadFile(filepath.Join(out, release.ProtectionsFile)); err != nil || c.want != nil && c.want.Source != "" && strings.Contains(string(b), c.want.Source) {
				t.Errorf("protections.json names the organisation %q (%v)", c.want.Source, err)
			}
			brief, err := os.ReadFile(filepath.Join(out, "reports", "brief.md"))
			if err != nil {
				t.Fatal(err)
			}
			if c.want != nil && !strings.Contains(string(brief), fmt.Sprintf("Cases registered in 2025 (%d) against 2024 (%d): +0%%. 2026 is not compared", 120+c.otherN, 120+c.otherN)+": the release does not cover the whole year ("+c.want.Why+")") {
				t.Errorf("the brief's trend does not leave 2026 out:\n%s", brief)
			}
			if c.want == nil && !strings.Contains(string(brief), "Cases registered in 2026 (") {
				t.Errorf("the brief's trend does not compare 2026:\n%s", brief)
			}
		})
	}
}
