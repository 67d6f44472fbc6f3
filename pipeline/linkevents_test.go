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
	"github.com/prevalence/prevalence/release"
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

// TestLinkedTransitThenHome (attack-2026-12-02c finding 2, re-checked): 30 boys a Herat
// transit shelter kept 40 days and transferred to a Nangarhar home that kept them 300 days and
// reintegrated them, each recorded by both organisations. Whichever record is kept (the two
// tie and the fingerprint or the source's name decides, or one knows more), and however the
// sources are named, each boy has one stay of 11.2 months ending in reintegration, and the
// home's beds are occupied: the kept transit record's events alone made 30 stays of 1.3 months
// ending in a transfer, none reintegrated and the home 0% occupied.
//
// With referral (attack-2026-12-02d finding 2), the transit's export also holds the home it
// referred each boy to as an open placement in Nangarhar starting a day after the home's
// admission: it is the home's placement, which the home closed (the same figures, and a
// notice); the open row won, 30 boys `12-24 open`, 0% reintegrated, the home 75% full. Whichever
// record is kept, the transit's referral rows only repeat the home's (used when the transit's
// record is kept, linked otherwise).
func TestLinkedTransitThenHome(t *testing.T) {
	for _, tc := range []struct {
		name, transit, home, more string
		referral                  bool
	}{
		{"tie", "Transit", "Home", "", false},
		{"tie, renamed", "Zeta Transit", "Alpha Home", "", false},
		{"transit knows more", "Transit", "Home", "T", false},
		{"home knows more", "Transit", "Home", "H", false},
		{"referral, tie", "Transit", "Home", "", true},
		{"referral, transit knows more", "Transit", "Home", "T", true},
		{"referral, home knows more", "Transit", "Home", "H", true},
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
			cases := func(src string) string {
				var b strings.Builder
				b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation")
				if tc.more == src {
					b.WriteString(",citizenship")
				}
				b.WriteString("\n")
				for i := range 30 {
					name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir", "Omid"}[i%6] + " " +
						[]string{"Rahimi", "Karimi", "Azizi", "Hashimi", "Noori"}[i/6]
					reg := time.Date(2024, 1, 10+3*i, 0, 0, 0, 0, time.UTC)
					fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,male,%s,AF,AF-HER", src, i, name, 8+i%3, 1+i%12, 1+i%27, reg.Format(time.DateOnly))
					if tc.more == src {
						b.WriteString(",AF")
					}
					b.WriteString("\n")
				}
				return b.String()
			}
			var te, he strings.Builder
			te.WriteString("case_id,event,date,end_date,type,province,reason\n")
			he.WriteString(te.String())
			for i := range 30 {
				in := time.Date(2024, 1, 12+3*i, 0, 0, 0, 0, time.UTC)
				moved, out := in.AddDate(0, 0, 40), in.AddDate(0, 0, 340)
				fmt.Fprintf(&te, "T%03d,placement,%s,%s,residential_care,AF-HER,transferred\n", i, in.Format(time.DateOnly), moved.Format(time.DateOnly))
				if tc.referral {
					fmt.Fprintf(&te, "T%03d,placement,%s,,residential_care,AF-NAN,\n", i, moved.AddDate(0, 0, 1).Format(time.DateOnly))
				}
				fmt.Fprintf(&he, "H%03d,placement,%s,%s,residential_care,AF-NAN,reintegrated\n", i, moved.Format(time.DateOnly), out.Format(time.DateOnly))
			}
			ins := []pipeline.Input{{Name: write("ev_transit.csv", te.String())}, {Name: write("ev_home.csv", he.String())},
				{Name: write("transit.csv", cases("T"))}, {Name: write("home.csv", cases("H"))}}
			yaml := fmt.Sprintf("k: 2\nsources:\n"+
				"  - {match: \"ev_transit.csv\", source: %[1]s, events: only, extracted: \"2025-06-01\"}\n"+
				"  - {match: \"ev_home.csv\", source: %[2]s, events: only, extracted: \"2025-06-01\"}\n"+
				"  - {match: \"transit.csv\", source: %[1]s, extracted: \"2025-06-01\"}\n"+
				"  - {match: \"home.csv\", source: %[2]s, extracted: \"2025-06-01\"}\n"+
				"centres:\n"+
				"  - {name: Herat Transit, province: AF-HER, capacity: 10, ages: 0-17, genders: male}\n"+
				"  - {name: Jalalabad Home, province: AF-NAN, capacity: 40, ages: 0-17, genders: male}\n", tc.transit, tc.home)
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
			if m.Counts.Linked != 30 || m.Counts.Written != 30 {
				t.Fatalf("counts %+v: want 30 written, 30 linked", m.Counts)
			}
			for i := range 2 {
				in := m.Events[i]
				if tc.referral && i == 0 {
					if in.Used+in.Linked != 60 || in.Used < 30 || in.Quarantined+in.Duplicates != 0 {
						t.Errorf("events %d: %+v, want 60 used or linked, 30 of them used", i, in)
					}
					continue
				}
				if in.Used != 30 || in.Linked != 0 {
					t.Errorf("events %d: %+v, want 30 used, none linked", i, in)
				}
			}
			if got := hasNotice(m, "30 linked people have an open placement"); got != tc.referral {
				t.Errorf("notice of the referrals' open placements %v, want %v: %q", got, tc.referral, m.Notices)
			}
			if hasNotice(m, "have residential placements that overlap") {
				t.Errorf("placements that overlap: %q", m.Notices)
			}
			for _, r := range []struct{ table, row string }{
				{"occupancy.csv", "AF-NAN,Nangarhar,0,,0,,40,0.50,9.9,0.0\n"},
				{"length-of-stay.csv", "all provinces,24 months,0,,30,,0.000,,,11.2\n"},
				{"length-of-stay.csv", "AF-NAN,24 months,0,,30,,0.000,,,11.2\n"},
				{"reintegration.csv", "reintegrated,12 months,0,,30,,1.000,1.000,1.000\n"},
				{"reintegration.csv", "transferred,24 months,0,,0,"},
			} {
				b, err := os.ReadFile(filepath.Join(out, "tables", r.table))
				if err != nil || !strings.Contains(string(b), "\n"+r.row) {
					t.Errorf("%s (%v):\n%s\nwant the row %q", r.table, err, b, r.row)
				}
			}
		})
	}
}

// linkedRun runs the pipeline with a key over two organisations' case exports of the same 20
// boys (A0.. and B0..: the same name, birth and values, so that neither knows more and the
// source's name decides: A's record is kept) and their events exports (none: not read).
func linkedRun(t *testing.T, evA, evB string) (*release.Manifest, string) {
	t.Helper()
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
		for i := range 20 {
			name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir"}[i%5] + " " + []string{"Rahimi", "Karimi", "Azizi", "Noori"}[i/5]
			fmt.Fprintf(&b, "%s%d,%s,20%02d-%02d-%02d,male,2024-03-01,AF,AF-HER\n", src, i, name, 8+i%3, 1+i%12, 1+i%27)
		}
		return b.String()
	}
	var ins []pipeline.Input
	yaml := "k: 2\nsuppression_limit: 0.5\nsources:\n"
	for _, e := range []struct{ src, text string }{{"A", evA}, {"B", evB}} {
		if e.text != "" {
			ins = append(ins, pipeline.Input{Name: write("ev_"+e.src+".csv", e.text)})
			yaml += fmt.Sprintf("  - {match: \"ev_%s.csv\", source: %s, events: only, extracted: \"2025-06-01\"}\n", e.src, e.src)
		}
	}
	for _, src := range []string{"A", "B"} {
		ins = append(ins, pipeline.Input{Name: write("cases_"+src+".csv", cases(src))})
		yaml += fmt.Sprintf("  - {match: \"cases_%s.csv\", source: %s, extracted: \"2025-06-01\"}\n", src, src)
	}
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
	if m.Counts.Linked != 20 {
		t.Fatalf("counts %+v: want 20 linked", m.Counts)
	}
	return m, out
}

// TestLinkedNoticesCountPeople (linkage-merge6's Left): the notices of overlapping placements,
// returns to care and legal rows of one legal case count people: 20 boys whose two
// organisations both recorded the same placements (two at once, then a return to care after
// a re-trafficking found at a visit) and legal case (a complaint and a trial under one FIR)
// are 20, not the 40 case records read.
func TestLinkedNoticesCountPeople(t *testing.T) {
	events := func(src string) string {
		var b strings.Builder
		b.WriteString("case_id,event,date,end_date,type,province,reason,in_school,retrafficked,stage,disposition,fir_number\n")
		for i := range 20 {
			fmt.Fprintf(&b, "%s%d,placement,2024-03-05,2024-06-05,residential_care,AF-HER,reintegrated,,,,,\n", src, i)
			fmt.Fprintf(&b, "%s%d,placement,2024-04-01,2024-06-05,residential_care,AF-HER,reintegrated,,,,,\n", src, i)
			fmt.Fprintf(&b, "%s%d,followup,2024-08-05,,,,,no,yes,,,\n", src, i)
			fmt.Fprintf(&b, "%s%d,placement,2024-09-05,2024-12-05,residential_care,AF-HER,reintegrated,,,,,\n", src, i)
			fmt.Fprintf(&b, "%s%d,legal,2024-04-01,,,,,,,complaint,pending,FIR %d/2024\n", src, i, 100+i)
			fmt.Fprintf(&b, "%s%d,legal,2024-09-01,,,,,,,trial,pending,FIR %d/2024\n", src, i, 100+i)
		}
		return b.String()
	}
	m, _ := linkedRun(t, events("A"), events("B"))
	for _, n := range []string{"20 case record(s) have residential placements that overlap", "20 case record(s) came back into care",
		"20 legal case row(s) of 20 case record(s) share a police report"} {
		if !hasNotice(m, n) {
			t.Errorf("no notice %q: %q", n, m.Notices)
		}
	}
}

// TestLinkedKeptWithoutEvents (linkage-merge6's Left): a kept record with no events of its
// own takes its linked record's: 20 boys whose services only organisation B recorded (no
// derived field, so neither record ranks first for its events, and A's is kept by its name)
// have those services; they were dropped as linked.
func TestLinkedKeptWithoutEvents(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,event,date,end_date,type,province,reason\n")
	for i := range 20 {
		fmt.Fprintf(&b, "B%d,service,2024-04-05,,psychosocial_service,,\n", i)
	}
	m, out := linkedRun(t, "", b.String())
	if in := m.Events[0]; in.Used != 20 || in.Linked != 0 {
		t.Errorf("events %+v: want 20 used, none linked", in)
	}
	sv, err := os.ReadFile(filepath.Join(out, "tables", "services.csv"))
	if err != nil || !strings.Contains(string(sv), "\npsychosocial_service,20,") {
		t.Errorf("services.csv (%v):\n%s\nwant 20 people with psychosocial_service", err, sv)
	}
}

// TestLinkedBadEventsCountPeople (linkage-merge7's Left): the notice of events that do not fit
// together counts people: 20 boys both organisations recorded as placed and reintegrated
// before their registration (identified after leaving care) are 20, not the 40 case records
// read.
func TestLinkedBadEventsCountPeople(t *testing.T) {
	events := func(src string) string {
		var b strings.Builder
		b.WriteString("case_id,event,date,end_date,type,province,reason\n")
		for i := range 20 {
			fmt.Fprintf(&b, "%s%d,placement,2023-03-05,2023-06-05,residential_care,AF-HER,reintegrated\n", src, i)
		}
		return b.String()
	}
	m, _ := linkedRun(t, events("A"), events("B"))
	if n := "20 people have events that do not fit together (identified after leaving care"; !hasNotice(m, n) {
		t.Errorf("no notice %q: %q", n, m.Notices)
	}
}

// TestLinkedTransitOpenBeforeHome (attack-2026-12-02f finding 6, end to end across two
// organisations; linkage-merge10's Left): 30 boys a transit shelter records as an open
// placement from identification, whom a home admits 10 days later, keeps 200 days and
// reintegrates, each recorded by both. Whichever record is kept, each boy has one stay of 210
// days (6.9 months) from the transit's admission, ending in reintegration: the open row
// "read as that placement" lost the 10 days in care (6.6 months).
func TestLinkedTransitOpenBeforeHome(t *testing.T) {
	for _, more := range []string{"", "T", "H"} {
		t.Run("more "+more, func(t *testing.T) {
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
				b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation")
				if more == src {
					b.WriteString(",citizenship")
				}
				b.WriteString("\n")
				for i := range 30 {
					name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir", "Omid"}[i%6] + " " +
						[]string{"Rahimi", "Karimi", "Azizi", "Hashimi", "Noori"}[i/6]
					reg := time.Date(2024, 1, 10+3*i, 0, 0, 0, 0, time.UTC)
					fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,male,%s,AF,AF-HER", src, i, name, 8+i%3, 1+i%12, 1+i%27, reg.Format(time.DateOnly))
					if more == src {
						b.WriteString(",AF")
					}
					b.WriteString("\n")
				}
				return b.String()
			}
			var te, he strings.Builder
			te.WriteString("case_id,event,date,end_date,type,province,reason\n")
			he.WriteString(te.String())
			for i := range 30 {
				in := time.Date(2024, 1, 10+3*i, 0, 0, 0, 0, time.UTC)
				home, out := in.AddDate(0, 0, 10), in.AddDate(0, 0, 210)
				fmt.Fprintf(&te, "T%03d,placement,%s,,residential_care,AF-HER,\n", i, in.Format(time.DateOnly))
				fmt.Fprintf(&he, "H%03d,placement,%s,%s,residential_care,AF-HER,reintegrated\n", i, home.Format(time.DateOnly), out.Format(time.DateOnly))
			}
			ins := []pipeline.Input{{Name: write("ev_transit.csv", te.String())}, {Name: write("ev_home.csv", he.String())},
				{Name: write("transit.csv", cases("T"))}, {Name: write("home.csv", cases("H"))}}
			yaml := "k: 2\nsources:\n" +
				"  - {match: \"ev_transit.csv\", source: Transit, events: only, extracted: \"2025-06-01\"}\n" +
				"  - {match: \"ev_home.csv\", source: Home, events: only, extracted: \"2025-06-01\"}\n" +
				"  - {match: \"transit.csv\", source: Transit, extracted: \"2025-06-01\"}\n" +
				"  - {match: \"home.csv\", source: Home, extracted: \"2025-06-01\"}\n"
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
			if m.Counts.Linked != 30 || m.Counts.Written != 30 {
				t.Fatalf("counts %+v: want 30 written, 30 linked", m.Counts)
			}
			for i := range 2 {
				if in := m.Events[i]; in.Used+in.Linked+in.Duplicates != 30 || in.Quarantined != 0 {
					t.Errorf("events %d: %+v, want 30 used, linked or duplicates", i, in)
				}
			}
			for _, r := range []struct{ table, row string }{
				{"length-of-stay.csv", "all provinces,24 months,0,,30,,0.000,,,6.9\n"},
				{"reintegration.csv", "reintegrated,12 months,0,,30,,1.000,1.000,1.000\n"},
			} {
				b, err := os.ReadFile(filepath.Join(out, "tables", r.table))
				if err != nil || !strings.Contains(string(b), "\n"+r.row) {
					t.Errorf("%s (%v):\n%s\nwant the row %q", r.table, err, b, r.row)
				}
			}
		})
	}
}
