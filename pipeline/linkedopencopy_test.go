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

// TestOpenCopyEitherOrder (linkage-merge14 section 2): a record holding an open row and the
// closed row of one stay (starting a day later, or the same day) is accounted alike whichever
// row comes first: the open row repeats the closed one. Before, read first it was used (the
// closed row taking its dates) and read second a duplicate. Linked: 20 boys that a referral
// register (Alpha, a follow-up visit each) and a home (Home, the two rows) both record, with a
// key; and the same under three organisations, the open row in one home's export, the closed
// row in another's. Only the events' counts differ from before: the tables are the same in
// every order.
func TestOpenCopyEitherOrder(t *testing.T) {
	type result struct {
		events []release.EventInput
		tables string
	}
	run := func(t *testing.T, orgs []string, rows func(i int) map[string][]string) result {
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
			evs[o].WriteString("case_id,event,date,end_date,type,province,reason,in_school,retrafficked\n")
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
			b.WriteString("case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation\n")
			for i := range 20 {
				name := []string{"Ahmad", "Karim", "Farid", "Jawad", "Nasir"}[i%5] + " " + []string{"Rahimi", "Karimi", "Azizi", "Hashimi"}[i/5]
				fmt.Fprintf(&b, "%s%03d,%s,20%02d-%02d-%02d,male,2024-01-%02d,AF,AF-NAN\n", o[:1], i, name, 8+i%3, 1+i%12, 1+i%27, 1+i)
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
		var tables strings.Builder
		for _, name := range []string{"length-of-stay.csv", "reintegration.csv", "follow-up.csv"} {
			b, err := os.ReadFile(filepath.Join(out, "tables", name))
			if err != nil {
				t.Fatal(err)
			}
			tables.Write(b)
		}
		return result{m.Events, tables.String()}
	}
	day := func(i, d int) string {
		return time.Date(2024, 1, 3+i, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.DateOnly)
	}
	closed := func(i int) string {
		return "placement," + day(i, 0) + "," + day(i, 300) + ",residential_care,AF-NAN,reintegrated,,"
	}
	open := func(i, d int) string { return "placement," + day(i, d) + ",,residential_care,AF-NAN,,," }
	visit := func(i int) string { return "followup," + day(i, 400) + ",,,,,yes,no" }
	counts := func(evs []release.EventInput) string {
		var b strings.Builder
		for _, e := range evs {
			fmt.Fprintf(&b, "%s: used %d, duplicates %d, linked %d; ", filepath.Base(e.Path), e.Used, e.Duplicates, e.Linked)
		}
		return b.String()
	}
	for _, d := range []int{1, 0} {
		t.Run(fmt.Sprintf("one record, open row %d days later", d), func(t *testing.T) {
			var got []result
			for _, openFirst := range []bool{false, true} {
				got = append(got, run(t, []string{"Alpha", "Home"}, func(i int) map[string][]string {
					home := []string{closed(i), open(i, d)}
					if openFirst {
						home[0], home[1] = home[1], home[0]
					}
					return map[string][]string{"Alpha": {visit(i)}, "Home": home}
				}))
			}
			if a, b := counts(got[0].events), counts(got[1].events); a != b {
				t.Errorf("closed row first: %s\nopen row first: %s", a, b)
			}
			if got[0].tables != got[1].tables {
				t.Errorf("the tables differ:\n%s\n%s", got[0].tables, got[1].tables)
			}
			if e := got[1].events[1]; e.Duplicates != 20 && e.Used+e.Linked != 20 {
				t.Errorf("Home's events %+v: want 20 duplicates", e)
			}
		})
	}
	t.Run("two records", func(t *testing.T) {
		var got []result
		for _, openFirst := range []bool{false, true} {
			got = append(got, run(t, []string{"Alpha", "Home", "Kabul"}, func(i int) map[string][]string {
				rs := map[string][]string{"Alpha": {visit(i)}, "Home": {closed(i)}, "Kabul": {open(i, 1)}}
				if openFirst {
					rs["Home"], rs["Kabul"] = rs["Kabul"], rs["Home"]
				}
				return rs
			}))
		}
		// The open row is whichever export's repeats: linked, not used, in both orders.
		for k, r := range got {
			open := r.events[2]
			if k == 1 {
				open = r.events[1]
			}
			if open.Used != 0 {
				t.Errorf("open row first %v: %s: the open rows used", k == 1, counts(r.events))
			}
		}
		if got[0].tables != got[1].tables {
			t.Errorf("the tables differ:\n%s\n%s", got[0].tables, got[1].tables)
		}
	})
}
