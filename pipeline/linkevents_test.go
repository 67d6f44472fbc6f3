package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestLinkedRecordsEventsMerged (linkage-merge5's Left, linkage-merge6): 40 children a transit
// home placed for two weeks and transferred to a home that kept them ten months, reintegrated
// them and visited them at home. Linked, each is one person with one spell in care that began
// at the transit home and ended in reintegration, and with the home's follow-ups, whichever of
// the two records is kept (the one that knows most): only the kept record's events were
// counted, so a kept transit record made 40 two-week stays ending in a transfer and no
// follow-up. Every row of events adds an event: none is linked in the manifest.
func TestLinkedRecordsEventsMerged(t *testing.T) {
	for _, kept := range []string{"T", "H"} {
		t.Run("kept "+kept, func(t *testing.T) {
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
				// The record kept knows more: the province of exploitation.
				more := src == kept
				b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation")
				if more {
					b.WriteString(",province_of_exploitation")
				}
				b.WriteString("\n")
				for i := range 40 {
					name := fmt.Sprintf("%s %s", []string{"Asha", "Rina", "Puja", "Mita", "Sima"}[i%5], []string{"Das", "Roy", "Sen", "Paul", "Bose", "Dey", "Nag", "Pal"}[i/5])
					dob := fmt.Sprintf("20%02d-%02d-%02d", 8+i%2, 1+i%12, 1+i%27)
					fmt.Fprintf(&b, "%s%d,%s,%s,female,2022-03-01,AF", src, i, name, dob)
					if more {
						b.WriteString(",AF-HER")
					}
					b.WriteString("\n")
				}
				return b.String()
			}
			var te, he strings.Builder
			te.WriteString("case_id,event,date,end_date,type,province,reason,in_school\n")
			he.WriteString(te.String())
			for i := range 40 {
				fmt.Fprintf(&te, "T%d,placement,2022-03-05,2022-03-19,residential_care,AF-KAB,transferred,\n", i)
				fmt.Fprintf(&he, "H%d,placement,2022-03-19,2023-01-19,residential_care,AF-HER,reintegrated,\n", i)
				fmt.Fprintf(&he, "H%d,follow_up,2023-04-05,,,,,yes\n", i)
				fmt.Fprintf(&he, "H%d,follow_up,2024-02-05,,,,,yes\n", i)
			}
			ins := []pipeline.Input{{Name: write("ev_T.csv", te.String())}, {Name: write("ev_H.csv", he.String())},
				{Name: write("cases_T.csv", cases("T"))}, {Name: write("cases_H.csv", cases("H"))}}
			yaml := "k: 2\nsuppression_limit: 0.5\nsources:\n" +
				"  - {match: \"ev_T.csv\", source: Transit, events: only, extracted: \"2025-01-01\"}\n" +
				"  - {match: \"ev_H.csv\", source: Home, events: only, extracted: \"2025-01-01\"}\n" +
				"  - {match: \"cases_T.csv\", source: Transit}\n" +
				"  - {match: \"cases_H.csv\", source: Home}\n"
			cfg, err := pipeline.LoadConfig(write("c.yaml", yaml))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "rel")
			key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key})
			if err != nil {
				t.Fatal(err)
			}
			if m.Counts.Linked != 40 {
				t.Fatalf("counts %+v: want 40 linked", m.Counts)
			}
			for i, want := range []int{40, 120} {
				if in := m.Events[i]; in.Used != want || in.Linked != 0 || in.Duplicates != 0 {
					t.Errorf("events %d: %+v, want %d used, none linked", i, in, want)
				}
			}
			// One spell of 10.5 months from the transit home's admission, ending in reintegration
			// (placement province: the home's, the first spell's last placement), and visited at
			// home after 6 and 12 months.
			for _, tc := range []struct{ table, row string }{
				{"length-of-stay.csv", "all provinces,24 months,0,,40,,0.000,,,10.5\n"},
				{"length-of-stay.csv", "AF-HER,24 months,0,,40,,0.000,,,10.5\n"},
				{"reintegration.csv", "reintegrated,12 months,0,,40,,1.000,1.000,1.000\n"},
				{"reintegration.csv", "transferred,24 months,0,,0,"},
				{"follow-up.csv", "visited_after,12 months,40,,40,,0,,0,\n"},
			} {
				b, err := os.ReadFile(filepath.Join(out, "tables", tc.table))
				if err != nil || !strings.Contains(string(b), "\n"+tc.row) {
					t.Errorf("%s (%v):\n%s\nwant the row %q", tc.table, err, b, tc.row)
				}
			}
			if !hasNotice(m, "the events of all their records are counted together under the record kept") {
				t.Errorf("no notice of the merged events: %q", m.Notices)
			}
		})
	}
}

// TestSourceNamedLikeAnInput (linkage-merge5's Noticed): a source named "0" is not input 0's
// own event columns: its events export's events were stored with input 0's wide columns, so
// both inputs' case rows found them (ambiguous: the events quarantined, or the run refused).
func TestSourceNamedLikeAnInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var wide, plain, events strings.Builder
	wide.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation," +
		"placement_1_start,placement_1_end,placement_1_type,placement_1_province,placement_1_end_reason\n")
	plain.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation\n")
	events.WriteString("case_id,event,date,end_date,type,province,reason\n")
	for i := range 40 {
		fmt.Fprintf(&wide, "C%d,male,15,2024-03-01,AF,AF-HER,2024-03-05,2024-09-05,residential_care,AF-HER,reintegrated\n", i)
		fmt.Fprintf(&plain, "C%d,female,15,2024-01-01,AF,AF-KAB\n", i)
		fmt.Fprintf(&events, "C%d,placement,2024-01-05,2024-02-05,residential_care,AF-KAB,reintegrated\n", i)
	}
	ins := []pipeline.Input{{Name: write("wide.csv", wide.String())}, {Name: write("events.csv", events.String())}, {Name: write("plain.csv", plain.String())}}
	cfg, err := pipeline.LoadConfig(write("c.yaml", "k: 2\nsuppression_limit: 0.5\nsources:\n"+
		"  - {match: \"wide.csv\", source: X, events: also, extracted: \"2025-01-01\"}\n"+
		"  - {match: \"events.csv\", source: \"0\", events: only, extracted: \"2025-01-01\"}\n"+
		"  - {match: \"plain.csv\", source: \"0\", extracted: \"2025-01-01\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range m.Events {
		if in.Quarantined+in.RefusedEvents > 0 || in.Duplicates > 0 {
			t.Errorf("events %+v: want none quarantined or duplicate", in)
		}
	}
	if hasNotice(m, "name more than one case") {
		t.Errorf("ambiguous case numbers: %q", m.Notices)
	}
}
