package pipeline_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// outcomeFiles are the release's files made from the events after identification: the
// outcome tables and the refused events.
var outcomeFiles = []string{"tables/length-of-stay.csv", "tables/occupancy.csv", "tables/reintegration.csv",
	"tables/re-trafficking.csv", "tables/re-trafficking-or-return.csv", "tables/follow-up.csv", "tables/services.csv", "tables/justice-funnel.csv",
	pipeline.EventsQuarantineFile}

// TestEventStoreOutcomeTables: the outcome tables of a synth folder (with its config, events in
// all three layouts) are those the map-based event store made. The golden files in
// testdata/eventstore were recorded with that store (main at 79345b2, before the compact
// store: events of 40 bytes, a map of case-number strings), which the compact store matched
// byte for byte; re-recorded with the compact store when synth's years moved to 2015-2025
// (issue 16c); -update rewrites them. A change to
// how outcome tables are made or protected changes them too: check the difference is that
// change's before updating.
func TestEventStoreOutcomeTables(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, 3000, synth.DemoSeed); err != nil {
		t.Fatal(err)
	}
	// The refused events: a case number no case export has, in each events export.
	for _, f := range []struct{ name, line string }{
		{synth.IndianEventsFile, "IN-999999,placement,2024-02-25,2025-08-06,residential_care,IN-WB,reintegrated,,,,,,\n"},
		{synth.CambodianCareFile, `{"id":"KH-999999","care_arrangements":[{"care_arrangement_started_date":"2025-09-25","care_arrangements_type":"residential_care","province":"KH-12"}]}` + "\n"},
	} {
		fh, err := os.OpenFile(filepath.Join(dir, f.name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fh.WriteString(f.line); err != nil {
			t.Fatal(err)
		}
		fh.Close()
	}
	_, out := runSynthFolder(t, dir)
	for _, f := range outcomeFiles {
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		got = bytes.ReplaceAll(got, []byte(dir), []byte("DIR")) // the refused events name their file
		golden := filepath.Join("testdata", "eventstore", filepath.Base(f))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the map-based store's (%s)", f, golden)
		}
	}
}
