package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestEventsMatchOneCase (attack-2026-12-01e findings 1 and 12): an events export whose case
// numbers name cases of two numberings (two exports under case_id_scope: file, two
// organisations for an export without source:) is refused, not given to both (each event was
// attached to every case of its number: 80 stays for 40 placements); one whose case numbers
// name no case read is refused, not released without its outcome figures; the same exports
// with the events' source named, or numbered 1 for cases 001, are read.
func TestEventsMatchOneCase(t *testing.T) {
	cases := func(id func(i int) string, gender string, age int) string {
		var b strings.Builder
		b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation\n")
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&b, "%s,%s,%d,2023-03-01,AF,AF-HER\n", id(i), gender, age)
		}
		return b.String()
	}
	plain := func(i int) string { return fmt.Sprint(i) }
	events := func(id func(i int) string) string {
		var b strings.Builder
		b.WriteString("case_id,event,date,end_date,type,province,reason\n")
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&b, "%s,placement,2023-03-05,2023-09-05,residential_care,AF-HER,reintegrated\n", id(i))
		}
		return b.String()
	}
	ev := func(src string) ingest.Mapping {
		return ingest.Mapping{Match: "events.csv", Source: src, Events: ingest.EventsOnly, Extracted: "2025-01-01"}
	}
	for _, tc := range []struct {
		name    string
		scope   string
		files   map[string]string
		sources []ingest.Mapping
		err     error // nil: read, with used events used
		used    int
	}{
		{"file scope, one source", "file",
			map[string]string{"x1.csv": cases(plain, "male", 15), "x2.csv": cases(plain, "female", 25), "events.csv": events(plain)},
			[]ingest.Mapping{ev("Org X"), {Match: "x*.csv", Source: "Org X"}}, pipeline.ErrAmbiguousEvents, 0},
		{"events without source, two organisations", "",
			map[string]string{"a.csv": cases(plain, "male", 15), "b.csv": cases(plain, "female", 25), "events.csv": events(plain)},
			[]ingest.Mapping{ev(""), {Match: "a.csv", Source: "Org A"}, {Match: "b.csv", Source: "Org B"}}, pipeline.ErrAmbiguousEvents, 0},
		{"events of one organisation", "",
			map[string]string{"a.csv": cases(plain, "male", 15), "b.csv": cases(plain, "female", 25), "events.csv": events(plain)},
			[]ingest.Mapping{ev("Org A"), {Match: "a.csv", Source: "Org A"}, {Match: "b.csv", Source: "Org B"}}, nil, 40},
		{"numbers of no case", "",
			map[string]string{"a.csv": cases(plain, "male", 15), "events.csv": events(func(i int) string { return fmt.Sprint(100 + i) })},
			[]ingest.Mapping{ev("Org A"), {Match: "a.csv", Source: "Org A"}}, ingest.ErrTooManyBad, 0},
		{"1 for 001", "",
			map[string]string{"a.csv": cases(func(i int) string { return fmt.Sprintf("%03d", i) }, "male", 15), "events.csv": events(plain)},
			[]ingest.Mapping{ev("Org A"), {Match: "a.csv", Source: "Org A"}}, nil, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var ins []pipeline.Input
			for name, text := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				ins = append(ins, pipeline.Input{Name: filepath.Join(dir, name)})
			}
			cfg := pipeline.Defaults
			cfg.K, cfg.SuppressionLimit = 2, 0.5
			cfg.CaseIDScope = tc.scope
			cfg.Sources = tc.sources
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v: want %v", err, tc.err)
				}
				if strings.Contains(err.Error(), "x1.csv") || strings.Contains(err.Error(), "a.csv") {
					t.Errorf("the error names a case export (its name could be a child's): %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Events) != 1 || m.Events[0].Used != tc.used || m.Events[0].Quarantined != 40-tc.used {
				t.Errorf("events %+v: want %d used", m.Events, tc.used)
			}
		})
	}
}
