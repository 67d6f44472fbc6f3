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
)

// TestAsOfWithoutEvents: a register read without events is as of its exports' extracted:
// dates when every export gave one, not as of the day it was run (the manifest's as_of is the
// cut-off the next release's events and curves start from); else the run's day.
func TestAsOfWithoutEvents(t *testing.T) {
	now := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		extracted []string // per export ("" none)
		want      string
	}{
		{"one export dated", []string{"2026-06-30"}, "2026-06-30"},
		{"two exports dated", []string{"2026-05-31", "2026-06-30"}, "2026-06-30"},
		{"one of two undated", []string{"2026-06-30", ""}, "2027-02-01"},
		{"undated", []string{""}, "2027-02-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			conf := "sources:\n"
			var ins []pipeline.Input
			id := 0
			for i, ex := range c.extracted {
				var b strings.Builder
				b.WriteString("case_id,gender,age,registration_date,country_of_exploitation\n")
				for k := range 60 {
					fmt.Fprintf(&b, "C%d%04d,%s,%d,2025-%02d-%02d,IN\n", i, id, []string{"female", "male"}[k%2], 14+k%6, 1+k%12, 1+k%28)
					id++
				}
				name := fmt.Sprintf("cases%d.csv", i)
				if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o600); err != nil {
					t.Fatal(err)
				}
				ins = append(ins, pipeline.Input{Name: filepath.Join(dir, name)})
				conf += fmt.Sprintf("  - match: %q\n    source: \"S%d\"\n", name, i)
				if ex != "" {
					conf += "    extracted: \"" + ex + "\"\n"
				}
			}
			cfg, err := pipeline.ParseConfig("asof", []byte(conf))
			if err != nil {
				t.Fatal(err)
			}
			m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if m.AsOf != c.want {
				t.Errorf("as_of %s, want %s", m.AsOf, c.want)
			}
		})
	}
}
