package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

// TestDemoPrintsThePublishedTable: the boys' table the demo prints is the release's protected
// table, the one the brief and `query --named boys-by-province` give. It printed the
// k-anonymous microdata's counts, which lack the suppressed rows: 90 boys in Maharashtra on the
// terminal against 94 in the brief.
func TestDemoPrintsThePublishedTable(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the demo")
	}
	dir, out, err := demoRelease() // read only
	if err != nil {
		t.Fatal(err)
	}
	tables, err := release.ReadTables(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if tb.Name != "boys-by-province" {
			continue
		}
		var want bytes.Buffer
		if err := reports.PublishedTable(tb).WriteText(&want); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, want.String()) {
			t.Errorf("the demo prints another boys' table than the release's:\n%s\nwant:\n%s", out, want.String())
		}
		if q := cli(t, "query", dir, "--named", "boys-by-province"); !strings.Contains(out, q) {
			t.Errorf("the demo's table is not query --named boys-by-province's:\n%s", q)
		}
		return
	}
	t.Fatal("the demo's release has no boys-by-province table")
}
