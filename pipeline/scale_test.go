package pipeline_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// TestManyBatches runs enough rows that ingest recycles the buffers of released records many
// times over (with the default allocator, as `prevalence run` does): nothing downstream may keep
// a value pointing into them. Every released value must be one the schema allows, and the release
// must pass the check.
func TestManyBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 rows")
	}
	in := filepath.Join(t.TempDir(), "cases.csv")
	if err := synth.WriteCanonical(in, 60_000, 5); err != nil {
		t.Fatal(err)
	}
	cfg := pipeline.Defaults
	cfg.Sensitive, cfg.L = "exploitation", 2
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rel")
	if _, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	db := checked(t, out)
	defer db.Close()
	tab, err := analysis.Query(context.Background(), db, `SELECT count(*) FROM cases WHERE
		coalesce(gender, '') NOT IN ('female', 'male', 'other', 'unknown', '*', '')
		OR coalesce(majority_status, '') NOT IN ('minor', 'adult', 'unknown', '*', '')
		OR NOT regexp_full_match(coalesce(province_of_exploitation, ''), '([A-Z]{2}-[A-Z0-9]{1,3})?|\*')
		OR NOT regexp_full_match(coalesce(source, ''), '[ -~]+')`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := tab.Rows[0][0].(int64); n != 0 {
		t.Fatalf("%d released rows hold values the schema does not allow", n)
	}
}
