package pipeline_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestEventsSkippedSheetInManifest: a workbook of events whose second sheet is not read (a
// second sheet of events) has that sheet in the manifest with its input (events[].skipped_sheets,
// as inputs[].skipped_sheets for cases) and in a notice: no sheet of events is lost unseen.
func TestEventsSkippedSheetInManifest(t *testing.T) {
	dir := t.TempDir()
	c := excelize.NewFile()
	c.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age", "date_identified", "country_of_exploitation"})
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Placements")
	x.NewSheet("Followups")
	x.SetSheetRow("Placements", "A1", &[]any{"case_id", "event", "date", "end_date"})
	x.SetSheetRow("Followups", "A1", &[]any{"case_id", "event", "date"})
	for i := range 12 {
		id := fmt.Sprintf("C-%d", i)
		c.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{id, "female", 12, "2024-01-10", "KH"})
		x.SetSheetRow("Placements", fmt.Sprintf("A%d", i+2), &[]any{id, "placement", "2024-01-15", "2024-06-15"})
		x.SetSheetRow("Followups", fmt.Sprintf("A%d", i+2), &[]any{id, "followup", "2025-01-10"})
	}
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
	if len(m.Events) != 1 || m.Events[0].Rows != 12 || len(m.Events[0].SkippedSheets) != 1 ||
		m.Events[0].SkippedSheets[0].Sheet != "Followups" || m.Events[0].SkippedSheets[0].Rows != 13 {
		t.Errorf("events inputs %+v: want 12 rows read and the sheet Followups (13 rows) skipped", m.Events)
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, `sheet "Followups" of events skipped`) }) {
		t.Errorf("no notice of the skipped sheet: %q", m.Notices)
	}
}
