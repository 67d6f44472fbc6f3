package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestEventsGivenTwice (attack-2026-12-01f findings 2 and 5): events given twice (the same
// export saved again with CRLF line ends, two monthly exports that overlap, every row twice in
// one file) are counted once, with the repeats in the manifest's events duplicates and a
// notice (they doubled Herat's admissions and beds needed: 0.50 -> 1.01 occupancy, 23.7 ->
// 47.3 beds); a transfer between two homes of one province is one admission of the whole
// stay's length (it was two admissions of six months: 47.3 beds for 20 in use); overlapping
// placements of one child count each night once, with a notice.
func TestEventsGivenTwice(t *testing.T) {
	var cases strings.Builder
	cases.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation\n")
	for i := range 40 {
		fmt.Fprintf(&cases, "C%d,male,15,2024-03-01,AF,AF-HER\n", i)
	}
	const header = "case_id,event,date,end_date,type,province,reason\n"
	row := func(i int, from, to, reason string) string {
		return fmt.Sprintf("C%d,placement,%s,%s,residential_care,AF-HER,%s\n", i, from, to, reason)
	}
	events := func(lo, hi int, each func(i int) string) string {
		var b strings.Builder
		b.WriteString(header)
		for i := lo; i < hi; i++ {
			b.WriteString(each(i))
		}
		return b.String()
	}
	once := func(i int) string { return row(i, "2024-03-05", "2024-09-05", "reintegrated") }
	crlf := strings.ReplaceAll(events(0, 40, once), "\n", "\r\n")
	// ing21's note: an events export writing the case numbers in Khmer, Thai or Myanmar digits
	// finds the cases numbered in 0-9 (ingest.FoldCaseID), and repeats them.
	script := func(zero rune, text string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return zero + r - '0'
			}
			return r
		}, text)
	}
	inDigits := func(zero rune) func(int) string {
		return func(i int) string {
			id := fmt.Sprintf("C%d", i)
			return script(zero, id) + once(i)[len(id):]
		}
	}
	const whole = "AF-HER,Herat,40,,0,,40,0.50,6.0,23.7" // 40 admissions, 20 beds in use, 6 months each
	for _, tc := range []struct {
		name   string
		events []string // events.csv, events2.csv, ...
		want   string   // Herat's occupancy row
		used   []int    // per events input
		dups   []int
		notice string
	}{
		{"once", []string{events(0, 40, once)}, whole, []int{40}, []int{0}, ""},
		{"saved again with CRLF", []string{events(0, 40, once), crlf}, whole, []int{40, 0}, []int{0, 40}, "40 of 40 rows of events repeat events already read"},
		{"monthly exports that overlap", []string{events(0, 20, once), events(10, 40, once)}, whole, []int{20, 20}, []int{0, 10}, "10 of 30 rows of events repeat"},
		{"case numbers in Khmer digits", []string{events(0, 40, inDigits('\u17e0'))}, whole, []int{40}, []int{0}, ""},
		{"Thai digits, then Myanmar digits saved again", []string{events(0, 40, inDigits('\u0e50')), events(0, 40, inDigits('\u1040'))},
			whole, []int{40, 0}, []int{0, 40}, "40 of 40 rows of events repeat events already read"},
		{"every row twice", []string{events(0, 40, func(i int) string { return once(i) + once(i) })}, whole, []int{40}, []int{40}, "40 of 80 rows"},
		{"a transfer between two homes", []string{events(0, 40, func(i int) string {
			return row(i, "2024-03-05", "2024-06-05", "transferred") + row(i, "2024-06-05", "2024-09-05", "reintegrated")
		})}, whole, []int{80}, []int{0}, ""},
		{"two beds at once", []string{events(0, 40, func(i int) string {
			return once(i) + row(i, "2024-06-01", "2024-12-01", "reintegrated")
		})}, "AF-HER,Herat,40,,0,,40,0.74,8.9,34.8", []int{80}, []int{0}, "40 case record(s) have residential placements that overlap"},
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
			yaml.WriteString("k: 2\nsuppression_limit: 0.5\ncentres:\n  - {name: Herat Boys, province: AF-HER, capacity: 40, ages: 0-17, genders: male}\nsources:\n")
			for j, text := range tc.events {
				name := fmt.Sprintf("events%d.csv", j+1)
				ins = append(ins, pipeline.Input{Name: write(name, text)})
				fmt.Fprintf(&yaml, "  - {match: %q, source: X, events: only, extracted: \"2025-01-01\"}\n", name)
			}
			yaml.WriteString("  - {match: \"cases.csv\", source: X}\n")
			ins = append(ins, pipeline.Input{Name: write("cases.csv", cases.String())})
			cfg, err := pipeline.LoadConfig(write("c.yaml", yaml.String()))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "rel")
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			occ, err := os.ReadFile(filepath.Join(out, "tables", "occupancy.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(occ), "\n"+tc.want+"\n") {
				t.Errorf("occupancy:\n%s\nwant the row %s", occ, tc.want)
			}
			if len(m.Events) != len(tc.used) {
				t.Fatalf("events %+v", m.Events)
			}
			for j, in := range m.Events {
				if in.Used != tc.used[j] || in.Duplicates != tc.dups[j] || in.Rows != in.Used+in.Quarantined+in.Linked+in.Duplicates {
					t.Errorf("events[%d] %+v: want %d used, %d duplicates, adding up", j, in, tc.used[j], tc.dups[j])
				}
			}
			if tc.notice != "" && !hasNotice(m, tc.notice) {
				t.Errorf("no notice %q in %q", tc.notice, m.Notices)
			}
			if tc.notice == "" && (hasNotice(m, "repeat events") || hasNotice(m, "overlap")) {
				t.Errorf("a notice of repeats or overlaps where there is none: %q", m.Notices)
			}
		})
	}
}

func hasNotice(m *release.Manifest, s string) bool {
	for _, n := range m.Notices {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// TestEventsInWideColumnsAndExport (linkage-merge4's Left): a placement given both in a case
// export's wide columns (events: also) and in its organisation's events export is one
// placement (it was two admissions and twice the beds); the export's rows that only repeat it
// are duplicates in the manifest, with a notice. Wide columns that leave out the province
// and the end reason are the same placement as the export's row that gives them.
func TestEventsInWideColumnsAndExport(t *testing.T) {
	const whole = "AF-HER,Herat,40,,0,,40,0.50,6.0,23.7" // 40 admissions, 20 beds in use, 6 months each
	full := func(i int) string { return "2024-03-05,2024-09-05,residential_care,AF-HER,reintegrated" }
	bare := func(i int) string { return "2024-03-05,2024-09-05,residential_care,," }
	for _, tc := range []struct {
		name       string
		wide       func(i int) string
		extra      string // more rows of the events export per case
		used, dups int
	}{
		{"the same values", full, "", 0, 40},
		{"wide columns without province and reason", bare, "", 0, 40},
		{"a follow-up only in the export", full, "C%d,follow_up,2024-12-01,,,,\n", 40, 40},
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
			var cases, events strings.Builder
			cases.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation," +
				"placement_1_start,placement_1_end,placement_1_type,placement_1_province,placement_1_end_reason\n")
			events.WriteString("case_id,event,date,end_date,type,province,reason\n")
			for i := range 40 {
				fmt.Fprintf(&cases, "C%d,male,15,2024-03-01,AF,AF-HER,%s\n", i, tc.wide(i))
				fmt.Fprintf(&events, "C%d,placement,2024-03-05,2024-09-05,residential_care,AF-HER,reintegrated\n", i)
				if tc.extra != "" {
					fmt.Fprintf(&events, tc.extra, i)
				}
			}
			ins := []pipeline.Input{{Name: write("events.csv", events.String())}, {Name: write("cases.csv", cases.String())}}
			cfg, err := pipeline.LoadConfig(write("c.yaml", "k: 2\nsuppression_limit: 0.5\n"+
				"centres:\n  - {name: Herat Boys, province: AF-HER, capacity: 40, ages: 0-17, genders: male}\nsources:\n"+
				"  - {match: \"events.csv\", source: X, events: only, extracted: \"2025-01-01\"}\n"+
				"  - {match: \"cases.csv\", source: X, events: also, extracted: \"2025-01-01\"}\n"))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "rel")
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			occ, err := os.ReadFile(filepath.Join(out, "tables", "occupancy.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(occ), "\n"+whole+"\n") {
				t.Errorf("occupancy:\n%s\nwant the row %s", occ, whole)
			}
			if len(m.Events) != 2 {
				t.Fatalf("events %+v", m.Events)
			}
			if in := m.Events[0]; in.Used != tc.used || in.Duplicates != tc.dups || in.Rows != in.Used+in.Quarantined+in.Linked+in.Duplicates {
				t.Errorf("events export %+v: want %d used, %d duplicates, adding up", in, tc.used, tc.dups)
			}
			if !hasNotice(m, fmt.Sprintf("%d of %d rows of events repeat events already read", tc.dups, 40+tc.used)) {
				t.Errorf("no notice of the repeats in %q", m.Notices)
			}
			if hasNotice(m, "placements that overlap") { // the placement twice was two beds at once
				t.Errorf("a notice of overlapping placements: %q", m.Notices)
			}
		})
	}
}
