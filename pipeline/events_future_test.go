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

// TestEventsAfterExport (attack-2026-12-01f finding 4 and lows): a placement whose end falls
// after the export's extracted: date (a planned discharge) is read as still open, with a
// notice; one that starts after it is quarantined; the events export's blank rows are counted
// in the manifest; a header-only events export is said; a run of events only says so.
func TestEventsAfterExport(t *testing.T) {
	dir := t.TempDir()
	var cases, evs strings.Builder
	cases.WriteString("case_id,gender,age,date_identified,country_of_exploitation\n")
	evs.WriteString("case_id,event,date,end_date,type,end_reason\n")
	for i := range 12 {
		fmt.Fprintf(&cases, "C-%d,male,15,2024-03-01,AF\n", i)
		fmt.Fprintf(&evs, "C-%d,placement,2024-06-01,2025-06-01,residential_care,reintegrated\n", i)
	}
	evs.WriteString(",,,,,\n")
	evs.WriteString("C-0,followup,2025-03-01,,,\n")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cs, ev, empty := write("cases.csv", cases.String()), write("events.csv", evs.String()), write("none.csv", "case_id,event,date\n")
	cfg := pipeline.Defaults
	bad := 0.5
	cfg.K, cfg.SuppressionLimit, cfg.MaxBadShare = 2, 0.5, &bad
	cfg.Sources = []ingest.Mapping{{Match: "events.csv", Events: ingest.EventsOnly, Extracted: "2025-01-01"},
		{Match: "none.csv", Events: ingest.EventsOnly, Extracted: "2025-01-01"}, {}}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: cs}, {Name: ev}, {Name: empty}}, cfg,
		pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	notices := strings.Join(m.Notices, "\n")
	for _, want := range []string{"events.csv: 12 events end after the day the export was made", "none.csv: no row of events under its header"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}
	if len(m.Events) != 2 || m.Events[0].Rows != 13 || m.Events[0].Quarantined != 1 || m.Events[0].Blank != 1 {
		t.Errorf("events inputs: %+v; want events.csv with 13 rows, 1 quarantined, 1 blank", m.Events)
	}
	_, err = pipeline.Run(context.Background(), []pipeline.Input{{Name: ev}}, cfg, pipeline.Options{Out: filepath.Join(dir, "rel2"), Now: testNow})
	if !errors.Is(err, pipeline.ErrNoCases) || strings.Contains(err.Error(), "()") || !strings.Contains(err.Error(), "every input is an export of events") {
		t.Errorf("events only: %v", err)
	}
}
