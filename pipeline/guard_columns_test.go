package pipeline_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// TestGuardOnSharedColumns (privacy-side-doors15, item 1): a release with a column the
// previous release lacks (here case_id_pseudonym: pseudonyms added to the config; as well an
// earlier version's release without later columns) made the guard's query of the previous
// release fail, and the guard gave a notice only ("the previous release's columns differ: the
// differencing guard does not apply"): a child registered between the exports was published
// in one copy of her kind. The guard now compares the two on the columns both hold, as
// whoever holds both can: her row is withheld, and the notice says which columns were left
// out.
func TestGuardOnSharedColumns(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 200 cases with events")
	}
	out := filepath.Join(t.TempDir(), "rel")
	run := func(pseudonyms bool, extra ...string) (*release.Manifest, error) {
		t.Helper()
		cases, events := laterRegister(t, t.TempDir(), extra...)
		cfg := pipeline.Defaults
		cfg.K = 2
		cfg.Sources = []ingest.Mapping{{Match: "ev_200.csv", Events: ingest.EventsOnly, Extracted: "2025-01-01"}, {}}
		opt := pipeline.Options{Out: out, Now: testNow}
		if pseudonyms {
			cfg.Pseudonyms = []string{schema.CaseID}
			opt.Key = linkage.Key(strings.Repeat("a key for the pseudonyms! ", 2))
		}
		return pipeline.Run(context.Background(), []pipeline.Input{{Name: events}, {Name: cases}}, cfg, opt)
	}
	if _, err := run(false); err != nil {
		t.Fatal(err)
	}
	before := releaseRows(t, out)
	// The new child: C199's attributes but for her stay's band (0-3 months, which no row
	// has), so her kind of row is new in one copy, fewer than k = 2.
	m, err := run(true, "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "does not apply") }) {
		t.Errorf("the guard did not compare the releases: %q", m.Notices)
	}
	if m.Counts.Withheld == 0 || !m.Counts.Balanced() {
		t.Errorf("counts %+v: the new child should be withheld for differencing", m.Counts)
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool {
		return strings.Contains(n, "rows withheld for differencing") &&
			strings.Contains(n, "compared on the columns both releases hold: this release's case_id_pseudonym not in the previous one")
	}) {
		t.Errorf("no notice of the comparison on the shared columns: %q", m.Notices)
	}
	checked(t, out).Close()
	// The second release on the first one's columns (all but the pseudonym, last).
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tab, err := analysis.Query(context.Background(), db,
		"SELECT CAST(COLUMNS(* EXCLUDE (case_id_pseudonym)) AS VARCHAR), count(*) AS n FROM cases GROUP BY ALL")
	if err != nil {
		t.Fatal(err)
	}
	after := map[string]int64{}
	for _, r := range tab.Rows {
		var key []string
		for _, v := range r[:len(r)-1] {
			key = append(key, analysis.Cell(v))
		}
		after[strings.Join(key, "|")] = r[len(r)-1].(int64)
	}
	guardHeld(t, before, after, int64(m.Privacy.K))
}
