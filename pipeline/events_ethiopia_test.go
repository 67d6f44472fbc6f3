package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestEventsEthiopiaNotice: an events export placed in Ethiopia whose dates pass the check
// for the Ethiopian calendar says so in the run's notices, as its case export does
// (ingest-exactness22, noticed: the events had no word of their own).
func TestEventsEthiopiaNotice(t *testing.T) {
	dir := t.TempDir()
	var cases, evs strings.Builder
	cases.WriteString("case_id,gender,age,date_identified\n")
	evs.WriteString("case_id,event,date,end_date,type,end_reason\n")
	for i := range 12 {
		fmt.Fprintf(&cases, "C-%d,male,15,2024-03-%02d\n", i, 1+i)
		fmt.Fprintf(&evs, "C-%d,placement,2024-05-%02d,2024-07-31,residential_care,reintegrated\n", i, 20+i)
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cs, ev := write("cases.csv", cases.String()), write("events.csv", evs.String())
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	et := map[string]string{"country_of_exploitation": "ET"}
	cfg.Sources = []ingest.Mapping{{Match: "events.csv", Events: ingest.EventsOnly, Extracted: "2025-01-01", Defaults: et},
		{Match: "cases.csv", Extracted: "2025-01-01", Defaults: et}}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: cs}, {Name: ev}}, cfg,
		pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	notices := strings.Join(m.Notices, "\n")
	if want := "events.csv: its events are placed in Ethiopia, whose registers may keep the Ethiopian calendar: their 24 dates"; !strings.Contains(notices, want) {
		t.Errorf("notices lack %q:\n%s", want, notices)
	}
}
