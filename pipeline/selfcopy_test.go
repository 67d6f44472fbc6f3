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

// TestOwnOpenCopy (linkage-merge8's Left): one organisation's events export holding both an
// open and a closed row of one stay (the admission's row left open, the stay closed in a new
// row a day later) is read as the closed stay, as across organisations (closeCopy): 30 boys
// placed in Nangarhar for 300 days and reintegrated are reintegrated, not in care for good,
// whichever row comes first; the open rows are duplicates (in either order). Also with a key and another
// organisation's records of the same boys (cases only).
func TestOwnOpenCopy(t *testing.T) {
	for _, tc := range []struct {
		name      string
		openFirst bool
		linked    string // "": no key; else the other organisation's source name
		openDay   int    // the open row's start, in days after the closed row's (0: 1)
		noProv    string // "open" or "closed": that row names no province (attack-2026-12-02g finding 4)
	}{
		{"closed first", false, "", 0, ""},
		{"open first", true, "", 0, ""},
		{"linked", false, "Alpha", 0, ""}, // the home's record is kept (it has events), under a key
		// attack-2026-12-02f finding 6: the open row is a transit stay from 10 days before the
		// admission: the stay starts then (310 days, not 300), and both rows are used, in either order.
		{"transit before, open first", true, "", -10, ""},
		{"transit before, closed first", false, "", -10, ""},
		{"open row without province", false, "", 0, "open"},
		{"open first without province", true, "", 0, "open"},
		{"closed row without province", false, "", 0, "closed"},
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
			cases := func(prefix string) string {
				var b strings.Builder
				b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation\n")
				for i := range 30 {
					name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir", "Omid"}[i%6] + " " +
						[]string{"Rahimi", "Karimi", "Azizi", "Hashimi", "Noori"}[i/6]
					reg := time.Date(2024, 1, 10+3*i, 0, 0, 0, 0, time.UTC)
					fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,male,%s,AF,AF-HER\n", prefix, i, name, 8+i%3, 1+i%12, 1+i%27, reg.Format(time.DateOnly))
				}
				return b.String()
			}
			var ev strings.Builder
			ev.WriteString("case_id,event,date,end_date,type,province,reason\n")
			for i := range 30 {
				in := time.Date(2024, 1, 12+3*i, 0, 0, 0, 0, time.UTC)
				prov := map[string]string{"open": "AF-NAN", "closed": "AF-NAN"}
				if tc.noProv != "" {
					prov[tc.noProv] = ""
				}
				closed := fmt.Sprintf("H%03d,placement,%s,%s,residential_care,%s,reintegrated\n", i, in.Format(time.DateOnly), in.AddDate(0, 0, 300).Format(time.DateOnly), prov["closed"])
				openDay := tc.openDay
				if openDay == 0 {
					openDay = 1
				}
				open := fmt.Sprintf("H%03d,placement,%s,,residential_care,%s,\n", i, in.AddDate(0, 0, openDay).Format(time.DateOnly), prov["open"])
				if tc.openFirst {
					ev.WriteString(open + closed)
				} else {
					ev.WriteString(closed + open)
				}
			}
			ins := []pipeline.Input{{Name: write("ev_home.csv", ev.String())}, {Name: write("home.csv", cases("H"))}}
			yaml := "k: 2\nsources:\n" +
				"  - {match: \"ev_home.csv\", source: Home, events: only, extracted: \"2025-06-01\"}\n" +
				"  - {match: \"home.csv\", source: Home, extracted: \"2025-06-01\"}\n"
			var key []byte
			if tc.linked != "" {
				ins = append(ins, pipeline.Input{Name: write("other.csv", cases("O"))})
				yaml += fmt.Sprintf("  - {match: \"other.csv\", source: %s, extracted: \"2025-06-01\"}\n", tc.linked)
				key = linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
			}
			yaml += "centres:\n  - {name: Jalalabad Home, province: AF-NAN, capacity: 40, ages: 0-17, genders: male}\n"
			cfg, err := pipeline.LoadConfig(write("c.yaml", yaml))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "rel")
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key})
			if err != nil {
				t.Fatal(err)
			}
			if m.Counts.Written != 30 {
				t.Fatalf("counts %+v: want 30 written", m.Counts)
			}
			// The open row only repeats the closed one (a duplicate), whichever comes first
			// (linkage-merge14 section 2: before it, it was used, the closed row taking its
			// dates). An open row that starts earlier gives the stay its start: used in either order.
			if in, dups := m.Events[0], map[bool]int{false: 30, true: 0}[tc.openDay < 0]; in.Used != 60-dups || in.Duplicates != dups {
				t.Errorf("events %+v: want %d used, %d duplicates", in, 60-dups, dups)
			}
			if !hasNotice(m, "30 people have an open placement (no end date) that starts within 14 days of a placement their own organisation's record closed") {
				t.Errorf("no notice of the open rows: %q", m.Notices)
			}
			if hasNotice(m, "have residential placements that overlap") {
				t.Errorf("placements that overlap: %q", m.Notices)
			}
			stay := "9.9"
			if tc.openDay < 0 {
				stay = "10.2"
			}
			for _, r := range []struct{ table, row string }{
				{"reintegration.csv", "reintegrated,12 months,0,,30,,1.000,1.000,1.000\n"},
				{"length-of-stay.csv", "AF-NAN,24 months,0,,30,,0.000,,," + stay + "\n"},
			} {
				b, err := os.ReadFile(filepath.Join(out, "tables", r.table))
				if err != nil || !strings.Contains(string(b), "\n"+r.row) {
					t.Errorf("%s (%v):\n%s\nwant the row %q", r.table, err, b, r.row)
				}
			}
		})
	}
}
