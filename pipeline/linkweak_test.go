package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestLinkageNotOnTooLittle (attack-2026-12-01d finding 2): fifteen boys "Mohammad" born "1
// January" of three years, each under his own case number in one export, stay fifteen people,
// in one export and beside a second organisation's; four boys "Unknown" stay four; two
// organisations' records of 150 boys with full names and dates of birth are linked; a notice
// counts what was not linked.
func TestLinkageNotOnTooLittle(t *testing.T) {
	dir := t.TempDir()
	given := []string{"Ahmad", "Karim", "Farid", "Omid", "Nasir", "Javid", "Hamid", "Rahim", "Sultan", "Wahid"}
	family := []string{"Ahmadi", "Karimi", "Rahimi", "Sultani", "Qasimzada"}
	for _, org := range []string{"a", "b"} {
		var b strings.Builder
		b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation\n")
		for i := range 150 { // 50 names, three dates of birth each: 150 boys, the same in both
			fmt.Fprintf(&b, "%s%d,%s %s,%d-%02d-%02d,male,2023-05-10,AF,AF-HER\n", org, i, given[i%10], family[i/10%5], 2006+i/50, 2+i%10, 3+i/10%5)
		}
		for i := range 15 {
			fmt.Fprintf(&b, "%sM%d,Mohammad,%d-01-01,male,2023-05-10,AF,AF-HER\n", org, i, 2006+i%3)
		}
		for i := range 4 {
			fmt.Fprintf(&b, "%sU%d,Unknown,2010-01-01,male,2023-05-10,AF,AF-HER\n", org, i)
		}
		os.WriteFile(filepath.Join(dir, org+".csv"), []byte(b.String()), 0o644)
	}
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.Sources = []ingest.Mapping{{Match: "a.csv", Source: "Herat police"}, {Match: "b.csv", Source: "Herat home"}}
	for _, c := range []struct {
		files          []string
		linked, notLnk int
	}{{[]string{"a.csv"}, 0, 19}, {[]string{"a.csv", "b.csv"}, 150, 38}} {
		var ins []pipeline.Input
		for _, f := range c.files {
			ins = append(ins, pipeline.Input{Name: filepath.Join(dir, f)})
		}
		m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Linked != c.linked || m.Counts.Written != 169*len(c.files)-c.linked {
			t.Errorf("%v: %d linked, %d written; want %d, %d", c.files, m.Counts.Linked, m.Counts.Written, c.linked, 169*len(c.files)-c.linked)
		}
		want := fmt.Sprintf("%d records share a name, date of birth and gender with another record but were not linked", c.notLnk)
		if !strings.Contains(strings.Join(m.Notices, "\n"), want) {
			t.Errorf("%v: no notice %q in\n%s", c.files, want, strings.Join(m.Notices, "\n"))
		}
	}
}

// TestEventsFoldedCaseNumbers (attack-2026-12-01d finding 8's variants): events exported under
// "1" are case 001's, under "af-000", "ＡＦ-002" (full-width) or "AF-003" with a zero-width
// space AF-000's, AF-002's and AF-003's, as de-duplication compares case numbers.
func TestEventsFoldedCaseNumbers(t *testing.T) {
	dir := t.TempDir()
	var cases, evs strings.Builder
	cases.WriteString("case_id,gender,age,date_identified,country_of_exploitation\n")
	evs.WriteString("case_id,event,date,end_date,type\n")
	for i := range 12 {
		c := fmt.Sprintf("AF-%03d", i)
		id := []string{fmt.Sprintf("af-%03d", i), fmt.Sprint(i), fmt.Sprintf("ＡＦ-%03d", i), fmt.Sprintf("AF-%03d\u200b", i)}[i%4]
		if i%4 == 1 {
			c = fmt.Sprintf("%03d", i)
		}
		fmt.Fprintf(&cases, "%s,female,12,2024-01-10,KH\n", c)
		fmt.Fprintf(&evs, "%s,placement,2024-01-15,2024-06-15,residential_care\n", id)
	}
	os.WriteFile(filepath.Join(dir, "cases.csv"), []byte(cases.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "events.csv"), []byte(evs.String()), 0o644)
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.Sources = []ingest.Mapping{{Match: "events.csv", Events: ingest.EventsOnly, Extracted: "2026-01-01"}, {}}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: filepath.Join(dir, "cases.csv")}, {Name: filepath.Join(dir, "events.csv")}}, cfg,
		pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Events) != 1 || m.Events[0].Used != 12 || m.Events[0].Quarantined != 0 {
		t.Errorf("events %+v: want 12 used, none quarantined", m.Events)
	}
}

// TestLinkedEventsAccounted (attack-2026-12-01d finding 1's rest): twelve children recorded by
// two organisations, each with the same placement in its own events export: the kept records'
// events are used, the other records' (which only repeat them, linkage-merge6) are counted as
// linked in the manifest's events, not as used.
func TestLinkedEventsAccounted(t *testing.T) {
	dir := t.TempDir()
	names := []string{"Ahmad Karimi", "Farid Rahimi", "Omid Sultani", "Nasir Ahmadi", "Javid Hotak", "Hamid Safi",
		"Rahim Popal", "Sultan Noori", "Wahid Amiri", "Karim Jalali", "Zarmina Haidari", "Nazanin Wardak"}
	for _, org := range []string{"a", "b"} {
		var cases, evs strings.Builder
		cases.WriteString("case_id,full_name,date_of_birth,gender,date_identified,country_of_exploitation\n")
		evs.WriteString("case_id,event,date,end_date,type\n")
		for i, n := range names {
			fmt.Fprintf(&cases, "%s%d,%s,2010-%02d-%02d,%s,2024-01-10,AF\n", org, i, n, 1+i%12, 2+i, []string{"male", "female"}[i/10])
			fmt.Fprintf(&evs, "%s%d,placement,2024-01-15,2024-06-15,residential_care\n", org, i)
		}
		os.WriteFile(filepath.Join(dir, org+".csv"), []byte(cases.String()), 0o644)
		os.WriteFile(filepath.Join(dir, org+"_events.csv"), []byte(evs.String()), 0o644)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.Sources = []ingest.Mapping{
		{Match: "a_events.csv", Source: "home a", Events: ingest.EventsOnly, Extracted: "2026-01-01"},
		{Match: "b_events.csv", Source: "home b", Events: ingest.EventsOnly, Extracted: "2026-01-01"},
		{Match: "a.csv", Source: "home a"}, {Match: "b.csv", Source: "home b"}}
	var ins []pipeline.Input
	for _, f := range []string{"a.csv", "b.csv", "a_events.csv", "b_events.csv"} {
		ins = append(ins, pipeline.Input{Name: filepath.Join(dir, f)})
	}
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Linked != 12 || len(m.Events) != 2 {
		t.Fatalf("%d linked, %d events inputs: want 12, 2", m.Counts.Linked, len(m.Events))
	}
	used, linked := 0, 0
	for _, e := range m.Events {
		if e.Rows != e.Used+e.Quarantined+e.Linked {
			t.Errorf("%s: %d rows, %d used, %d quarantined, %d linked: do not add up", e.Path, e.Rows, e.Used, e.Quarantined, e.Linked)
		}
		used, linked = used+e.Used, linked+e.Linked
	}
	if used != 12 || linked != 12 {
		t.Errorf("events: %d used, %d linked; want 12, 12", used, linked)
	}
	if !strings.Contains(strings.Join(m.Notices, "\n"), "the other records' 12 rows of events that only repeat events already counted are linked") {
		t.Errorf("no notice of the linked records' events in\n%s", strings.Join(m.Notices, "\n"))
	}
}
