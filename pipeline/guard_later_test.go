package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// laterRegister writes the tester's ev_200 (attack-2026-12-02b finding 2): 200 fictional
// children of Herat, Nangarhar and Khost registered one a week from 2021-01-10, one residential
// placement each two days later (30-500 days), the last 35 still open (no end date); plus the
// extra cases given (registered on the dates given, placed and still open).
func laterRegister(t *testing.T, dir string, extra ...string) (cases, events string) {
	t.Helper()
	var cs, ev strings.Builder
	cs.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation\n")
	ev.WriteString("case_id,event,date,end_date,type,end_reason\n")
	provinces := []string{"AF-HER", "AF-NAN", "AF-KHO"}
	first := time.Date(2021, 1, 10, 0, 0, 0, 0, time.UTC)
	exportA := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	for i := range 200 {
		reg := first.AddDate(0, 0, 7*i)
		gender := []string{"male", "female"}[i%2]
		fmt.Fprintf(&cs, "C%d,%s,%d,%s,AF,%s\n", i, gender, 9+i%9, day(reg), provinces[i%3])
		in := reg.AddDate(0, 0, 2)
		if i >= 165 {
			fmt.Fprintf(&ev, "C%d,placement,%s,,residential_care,\n", i, day(in))
			continue
		}
		out := in.AddDate(0, 0, 30+(i*37)%471)
		if !out.Before(exportA) {
			out = exportA.AddDate(0, 0, -1)
		}
		fmt.Fprintf(&ev, "C%d,placement,%s,%s,residential_care,reintegrated\n", i, day(in), day(out))
	}
	for i, reg := range extra {
		fmt.Fprintf(&cs, "N%d,female,10,%s,AF,AF-NAN\n", i, reg) // C199's attributes
		r, err := time.Parse("2006-01-02", reg)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&ev, "N%d,placement,%s,,residential_care,\n", i, day(r.AddDate(0, 0, 2)))
	}
	cases, events = filepath.Join(dir, "cases200.csv"), filepath.Join(dir, "ev_200.csv")
	for p, text := range map[string]string{cases: cs.String(), events: ev.String()} {
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return cases, events
}

// TestSameRegisterLater (attack-2026-12-02b finding 2, the microdata half): the same register
// exported two months later, written over its release, was refused as "another register's":
// its open stays had moved to the next length_of_stay_band (and their reintegration by 12
// months from unknown to no), so the differencing guard counted 27 of the 200 rows new and 26
// of the previous release's gone. The rows time alone moved are now the same cases: the run
// is accepted with no row withheld, and the guard still withholds a new case (a child
// registered between the exports).
func TestSameRegisterLater(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of 200 cases with events")
	}
	dir := t.TempDir()
	run := func(out, extracted string, extra ...string) (*release.Manifest, error) {
		t.Helper()
		cases, events := laterRegister(t, t.TempDir(), extra...)
		cfg := pipeline.Defaults
		cfg.K = 2
		cfg.Sources = []ingest.Mapping{{Match: "ev_200.csv", Events: ingest.EventsOnly, Extracted: extracted}, {}}
		return pipeline.Run(context.Background(), []pipeline.Input{{Name: events}, {Name: cases}}, cfg,
			pipeline.Options{Out: out, Now: testNow})
	}
	out := filepath.Join(dir, "rA")
	a, err := run(out, "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	before := releaseRows(t, out)
	b, err := run(out, "2025-03-01")
	if err != nil {
		t.Fatalf("the same register two months later, over its release: %v", err)
	}
	if b.Counts.Withheld != 0 || b.Counts.Written != a.Counts.Written {
		t.Errorf("counts %+v after %+v: no case is new, none should be withheld", b.Counts, a.Counts)
	}
	if !slices.ContainsFunc(b.Notices, func(n string) bool { return strings.Contains(n, "the same cases, not new ones") }) {
		t.Errorf("no notice of the rows time moved on: %q", b.Notices)
	}
	after := releaseRows(t, out)
	moved := 0
	for key, n := range after {
		moved += max(0, int(n-before[key]))
	}
	if moved == 0 {
		t.Fatal("no row moved between the exports: the test no longer shows open stays growing")
	}

	// One new child registered between the exports, as C199 but for her stay's band (0-3
	// months, which no row has): her row's kind is new, one copy, fewer than k = 2.
	c, err := run(out, "2025-03-01", "2024-12-20")
	if err != nil {
		t.Fatalf("a new case: %v", err)
	}
	if c.Counts.Withheld == 0 {
		t.Errorf("counts %+v: the new child should be withheld for differencing", c.Counts)
	}
	guardHeld(t, after, releaseRows(t, out), int64(c.Privacy.K))
}
