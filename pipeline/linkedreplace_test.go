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

// TestOpenCopyReplacedAcrossRecords: mergeLinked's cross-record replacement (outcomes-spells
// session z's Left). 20 boys whom three organisations record: a referral register (Alpha: a
// follow-up visit each), a home's export holding the stay's closed row (reintegrated after
// 300 days) and a transit home's holding an open row of it starting a day later (or the same
// day). The record linkage keeps is the one that knows most (Linker.better): the test gives
// that organisation's case export every column, the others the bare minimum, so that it
// chooses which record is kept:
//   - the register kept: both placement rows are merged records'. With the open row's export
//     read first, the closed row of the later merged record replaces it (closeCopyAt's
//     replaced), and the open row becomes a repeat (linked), as when it is read second;
//   - the open row's record kept: the merged record's closed row replaces the kept record's
//     open row, whose rows stay used (linkage accounts only the merged records' rows);
//   - the closed row's record kept (session z's "two records").
//
// The person's tables are the same in every layout and order.
func TestOpenCopyReplacedAcrossRecords(t *testing.T) {
	type result struct {
		inputs []release.Input
		events map[string]release.EventInput
		tables string
	}
	// orgs in the order their exports are read (the merged records in row order); rich: the
	// organisation whose case rows give every column.
	run := func(t *testing.T, orgs []string, rich string, rows func(i int) map[string][]string) result {
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		var ins []pipeline.Input
		yaml := "k: 2\nsources:\n"
		evs := map[string]*strings.Builder{}
		for _, o := range orgs {
			evs[o] = &strings.Builder{}
			evs[o].WriteString("case_id,event,date,end_date,type,province,reason,in_school,retrafficked,stage\n")
		}
		for i := range 20 {
			for o, rs := range rows(i) {
				for _, r := range rs {
					fmt.Fprintf(evs[o], "%s%03d,%s\n", o[:1], i, r)
				}
			}
		}
		for _, o := range orgs {
			ins = append(ins, pipeline.Input{Name: write("ev_"+o+".csv", evs[o].String())})
			yaml += fmt.Sprintf("  - {match: \"ev_%s.csv\", source: %s, events: only, extracted: \"2025-06-01\"}\n", o, o)
		}
		for _, o := range orgs {
			var b strings.Builder
			b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation")
			if o == rich {
				b.WriteString(",citizenship,country_of_origin,province_of_origin,is_sexual_exploitation,is_forced_labour," +
					"is_forced_marriage,is_forced_military,is_other_exploitation,labour_sector,recruiter_relation,trafficking_status,referral_route")
			}
			b.WriteString("\n")
			for i := range 20 {
				name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir"}[i%5] + " " + []string{"Rahimi", "Karimi", "Azizi", "Hashimi"}[i/5]
				fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,male,2024-01-%02d,AF,AF-NAN", o[:1], i, name, 8+i%3, 1+i%12, 1+i%27, 1+i)
				if o == rich {
					b.WriteString(",AF,AF,AF-PKA,false,true,false,false,false,domestic_work,family,actual,ngo")
				}
				b.WriteString("\n")
			}
			ins = append(ins, pipeline.Input{Name: write(o+".csv", b.String())})
			yaml += fmt.Sprintf("  - {match: \"%s.csv\", source: %s, extracted: \"2025-06-01\"}\n", o, o)
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
		if m.Counts.Written != 20 || m.Counts.Linked != 20*(len(orgs)-1) {
			t.Fatalf("counts %+v: want 20 written, %d linked", m.Counts, 20*(len(orgs)-1))
		}
		// The layout: the rich organisation's records kept, every other's merged.
		for _, in := range m.Inputs {
			if o := strings.TrimSuffix(filepath.Base(in.Path), ".csv"); (o == rich) != (in.Linked == 0) {
				t.Fatalf("%s: %d of %d rows linked: the layout wants %s's records kept", o, in.Linked, in.Rows, rich)
			}
		}
		r := result{inputs: m.Inputs, events: map[string]release.EventInput{}}
		for _, e := range m.Events {
			r.events[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(e.Path), "ev_"), ".csv")] = e
		}
		var tables strings.Builder
		for _, name := range []string{"length-of-stay.csv", "reintegration.csv", "follow-up.csv"} {
			b, err := os.ReadFile(filepath.Join(out, "tables", name))
			if err != nil {
				t.Fatal(err)
			}
			tables.Write(b)
		}
		r.tables = tables.String()
		return r
	}
	day := func(i, d int) string {
		return time.Date(2024, 1, 3+i, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.DateOnly)
	}
	closed := func(i int) string {
		return "placement," + day(i, 0) + "," + day(i, 300) + ",residential_care,AF-NAN,reintegrated,,,"
	}
	open := func(i, d int) string { return "placement," + day(i, d) + ",,residential_care,AF-NAN,,,," }
	visit := func(i int) string { return "followup," + day(i, 400) + ",,,,,yes,no," }
	// The register's complaint to the police gives its record a derived field (the legal
	// stage): linkage ranks a record with events above one without (eventsBit).
	complaint := func(i int) string { return "legal," + day(i, 2) + ",,,,,,,complaint" }
	counts := func(r result) string {
		var b strings.Builder
		for _, o := range []string{"Alpha", "Home", "Transit"} {
			e := r.events[o]
			fmt.Fprintf(&b, "%s: used %d, duplicates %d, linked %d; ", o, e.Used, e.Duplicates, e.Linked)
		}
		return b.String()
	}
	var tables []string
	// want gives each export's events counts (used, linked) for the layout: the register's two
	// rows are the kept record's (used). Read a day apart, the closed row decides the stay's
	// end (used) and the open row repeats it (linked) in either order, unless the open row is
	// the kept record's; on the same day the two rows are one event (mergeInto: the same kind
	// and date), the later-read row filling in the other's end and repeating it.
	want := func(d int, kept string, orgs []string) string {
		used := map[string]int{"Alpha": 40, "Home": 20, "Transit": 20}
		later := orgs[1] // the merged record read later
		if orgs[1] == kept {
			later = orgs[2]
		}
		switch {
		case d == 0 && kept == "Alpha":
			used[orgs[2]] = 0
		case d == 0:
			used[later] = 0
		case kept != "Transit":
			used["Transit"] = 0
		}
		var b strings.Builder
		for _, o := range []string{"Alpha", "Home", "Transit"} {
			linked := 0
			if used[o] == 0 {
				linked = 20
			}
			fmt.Fprintf(&b, "%s: used %d, duplicates 0, linked %d; ", o, used[o], linked)
		}
		return b.String()
	}
	for _, d := range []int{1, 0} {
		rows := func(i int) map[string][]string {
			return map[string][]string{"Alpha": {visit(i), complaint(i)}, "Home": {closed(i)}, "Transit": {open(i, d)}}
		}
		for _, kept := range []string{"Alpha", "Transit", "Home"} {
			t.Run(fmt.Sprintf("%s kept, open row %d days later", kept, d), func(t *testing.T) {
				// The open row's export read before the closed row's, then after it.
				for _, orgs := range [][]string{{"Alpha", "Transit", "Home"}, {"Alpha", "Home", "Transit"}} {
					r := run(t, orgs, kept, rows)
					if got, want := counts(r), want(d, kept, orgs); got != want {
						t.Errorf("read in the order %v:\n got %s\nwant %s", orgs, got, want)
					}
					// Same day, the home's closed row read after the open row: the closed
					// row is the repeat (linked) though the stay's end and its exit are its
					// (the later-read row fills in the end: mergeInto). The manifest's events
					// count a row by whether it started an event, not by which row's values
					// the event keeps; the tables are the same as a day apart's (below), where
					// the closed row is used. Pinned here (attack-2026-12-03f's note, outc's
					// item 4): a change to the accounting shows here first.
					if d == 0 && kept != "Home" && (orgs[2] == "Home" || kept == "Transit") {
						if e := r.events["Home"]; e.Used != 0 || e.Linked != 20 {
							t.Errorf("read in the order %v, the same day: the home's closed rows used %d, linked %d; pinned as used 0, linked 20", orgs, e.Used, e.Linked)
						}
					}
					tables = append(tables, r.tables)
				}
			})
		}
	}
	for i := 1; i < len(tables); i++ {
		if tables[i] != tables[0] {
			t.Errorf("layout %d's tables differ from the first's:\n%s\n%s", i, tables[i], tables[0])
		}
	}
}
