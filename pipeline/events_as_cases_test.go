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

// TestEventsNotReadAsCases: an export of events (long, wide or nested layout) run without a
// config saying events: only is refused, not read as a case export: each placement, service
// and follow-up counted as a case (prevalence synth's folder run without its config gave
// 33,311 cases from 18,427). With the config, the same folder runs.
func TestEventsNotReadAsCases(t *testing.T) {
	events := map[string]string{
		"events.csv":    "case_id,event,date,end_date,type\n%s,placement,2024-01-15,2024-06-15,residential_care\n",
		"followup.csv":  "case_id,placement_1_start,placement_1_end,followup_1_date\n%s,2024-01-15,2024-06-15,2025-01-10\n",
		"care.ndjson":   `{"id":"%s","care_arrangements":[{"care_arrangement_started_date":"2024-01-15","care_arrangements_type":"residential_care"}]}` + "\n",
		"events.ndjson": `{"case_id":"%s","event":"followup","date":"2025-01-10"}` + "\n",
		// the long layout with a column that maps a case attribute (attack-2026-12-01c finding 3:
		// an events export renamed under the cases' pattern, its status column mapped)
		"events_renamed.csv": "case_id,event,date,end_date,country_of_exploitation\n%s,placement,2024-01-15,2024-06-15,KH\n",
	}
	for file, row := range events {
		t.Run(file, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in")
			os.Mkdir(in, 0o755)
			var cases, evs strings.Builder
			cases.WriteString("case_id,gender,age,date_identified,country_of_exploitation\n")
			if strings.HasSuffix(file, ".csv") {
				evs.WriteString(strings.SplitN(row, "\n", 2)[0] + "\n")
				row = strings.SplitN(row, "\n", 2)[1]
			}
			for i := range 12 {
				id := fmt.Sprintf("C-%d", i)
				fmt.Fprintf(&cases, "%s,female,12,2024-01-10,KH\n", id)
				fmt.Fprintf(&evs, row, id)
			}
			os.WriteFile(filepath.Join(in, "cases.csv"), []byte(cases.String()), 0o644)
			os.WriteFile(filepath.Join(in, file), []byte(evs.String()), 0o644)
			cfg := pipeline.Defaults
			cfg.K, cfg.SuppressionLimit = 2, 0.5
			_, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: filepath.Join(in, "cases.csv")}, {Name: filepath.Join(in, file)}}, cfg,
				pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
			var pe *ingest.ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), "events: only") || !strings.HasSuffix(pe.File, file) {
				t.Fatalf("events read as cases: err = %v", err)
			}
			cfg.Sources = []ingest.Mapping{{Match: file, Events: ingest.EventsOnly, Extracted: "2026-01-01"}, {}}
			m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: filepath.Join(in, "cases.csv")}, {Name: filepath.Join(in, file)}}, cfg,
				pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if m.Counts.Read != 12 || len(m.Events) != 1 {
				t.Errorf("with events: only: %d case rows read, %d events inputs; want 12 and 1", m.Counts.Read, len(m.Events))
			}
		})
	}
}
