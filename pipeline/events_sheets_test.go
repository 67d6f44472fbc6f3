package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestEventsSkippedSheetInManifest: a workbook of events is read sheet by sheet: both sheets of
// events are used, a row refused on each sheet's line 5 is two quarantined rows (lines restart on
// each sheet) named by sheet in events_quarantine.csv, and a sheet of notes is in the manifest
// with its input (events[].skipped_sheets, as inputs[].skipped_sheets for cases) and a notice.
func TestEventsSkippedSheetInManifest(t *testing.T) {
	dir := t.TempDir()
	c := excelize.NewFile()
	c.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age", "date_identified", "country_of_exploitation"})
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Placements")
	x.NewSheet("Followups")
	x.NewSheet("Notes")
	x.SetSheetRow("Notes", "A1", &[]any{"exported", "2026-01-01"})
	x.SetSheetRow("Placements", "A1", &[]any{"case_id", "event", "date", "end_date"})
	x.SetSheetRow("Followups", "A1", &[]any{"case_id", "event", "date"})
	for i := range 12 {
		id := fmt.Sprintf("C-%d", i)
		c.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{id, "female", 12, "2024-01-10", "KH"})
		x.SetSheetRow("Placements", fmt.Sprintf("A%d", i+2), &[]any{id, "placement", "2024-01-15", "2024-06-15"})
		x.SetSheetRow("Followups", fmt.Sprintf("A%d", i+2), &[]any{id, "followup", "2025-01-10"})
	}
	x.SetSheetRow("Placements", "C5", &[]any{"someday"})
	x.SetSheetRow("Followups", "C5", &[]any{"2025-02-30"})
	cases, events := filepath.Join(dir, "cases.xlsx"), filepath.Join(dir, "events.xlsx")
	if err := c.SaveAs(cases); err != nil {
		t.Fatal(err)
	}
	if err := x.SaveAs(events); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.Sources = []ingest.Mapping{{Match: "events*", Events: ingest.EventsOnly, Extracted: "2026-01-01"}, {}}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: cases}, {Name: events}}, cfg,
		pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Events) != 1 || m.Events[0].Rows != 24 || m.Events[0].Used != 22 || m.Events[0].Quarantined != 2 ||
		fmt.Sprint(m.Events[0].SkippedSheets) != "[{Notes 1 no events columns (event, placement_1_start, followup_1_date, ...) with a case number in its first row}]" {
		t.Errorf("events inputs %+v: want 24 rows of two sheets, 22 used, 2 quarantined, and the sheet Notes (1 row) skipped", m.Events)
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, `sheet "Notes" of events skipped`) }) {
		t.Errorf("no notice of the skipped sheet: %q", m.Notices)
	}
	q, err := os.ReadFile(filepath.Join(dir, "rel", pipeline.EventsQuarantineFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(q), ",Placements!5,") || !strings.Contains(string(q), ",Followups!5,") {
		t.Errorf("events quarantine does not name the sheets' rows:\n%s", q)
	}
}
