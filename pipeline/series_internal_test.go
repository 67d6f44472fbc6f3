package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// The series' memory is compressed, read back as written, still read in its uncompressed form
// (releases written before), and keeps at most maxKindSets generalizations, forgetting the one
// published longest ago (privacy-side-doors18: a set at other levels than the release beside
// it holds every kind its release published, 0.6 million kinds at 1M rows).
func TestEarlierKindsBounded(t *testing.T) {
	set := func(level int, kinds map[string]int) kindSet {
		return kindSet{Levels: []release.Level{{QuasiIdentifier: "age", Columns: []string{"age_band"}, Levels: []string{"a", "b", "c", "d", "e", "f", "g"}, Level: level, Name: "x"}},
			Fields: []string{"age_band", "gender"}, Kinds: kinds}
	}
	var e earlierKinds
	for l := range maxKindSets + 2 {
		e = e.add(set(l, map[string]int{fmt.Sprintf("%d\x1fmale", l): l + 1}))
	}
	e = e.add(set(2, map[string]int{"2\x1ffemale": 5})) // published again: the most recent
	if len(e.Sets) != maxKindSets {
		t.Fatalf("%d sets kept, want %d", len(e.Sets), maxKindSets)
	}
	var kept []int
	for _, s := range e.Sets {
		kept = append(kept, s.Levels[0].Level)
	}
	if fmt.Sprint(kept) != "[3 4 5 2]" {
		t.Errorf("levels kept %v, want [3 4 5 2] (0 and 1 forgotten, 2 published last)", kept)
	}
	if k, _ := e.at(set(2, nil).Levels, set(2, nil).Fields); k["2\x1fmale"] != 3 || k["2\x1ffemale"] != 5 {
		t.Errorf("level 2's kinds %v", k)
	}

	dir := t.TempDir()
	b, err := e.encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, EarlierKindsFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := readEarlierKinds(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != fmt.Sprint(e) {
		t.Errorf("read back %v, wrote %v", back, e)
	}
	old := t.TempDir()
	j, _ := json.Marshal(e)
	if err := os.WriteFile(filepath.Join(old, release.EarlierKindsJSON), j, 0o600); err != nil {
		t.Fatal(err)
	}
	if back, err := readEarlierKinds(old); err != nil || fmt.Sprint(back) != fmt.Sprint(e) {
		t.Errorf("the uncompressed file of an earlier release: %v, %v", back, err)
	}
	if release.AudienceOf(EarlierKindsFile) != release.ForOrganisation || release.AudienceOf(release.EarlierKindsJSON) != release.ForOrganisation {
		t.Errorf("the memory is not the organisation's: %s", release.AudienceOf(EarlierKindsFile))
	}
}

// BenchmarkEarlierKindsSize measures one set of the series' memory (every kind of row of the
// release in $PREVALENCE_KINDS_DIR, as a set at other levels than the release beside it holds
// them) as JSON and as written (gzip): bytes per set and per kind. Skipped without the folder.
func BenchmarkEarlierKindsSize(b *testing.B) {
	dir := os.Getenv("PREVALENCE_KINDS_DIR")
	if dir == "" {
		b.Skip("PREVALENCE_KINDS_DIR names no release")
	}
	ctx := context.Background()
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	kinds, fields, err := previousKinds(ctx, db)
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	m, err := release.ReadManifest(dir)
	if err != nil {
		b.Fatal(err)
	}
	e := earlierKinds{Sets: []kindSet{{Levels: m.Privacy.Levels, Fields: fields, AsOf: m.AsOf, Kinds: kinds}}}
	j, err := json.Marshal(e)
	if err != nil {
		b.Fatal(err)
	}
	var z []byte
	b.ResetTimer()
	for range b.N {
		if z, err = e.encode(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(kinds)), "kinds")
	b.ReportMetric(float64(len(j)), "json-bytes")
	b.ReportMetric(float64(len(z)), "gzip-bytes")
	b.ReportMetric(float64(len(z))/float64(max(len(kinds), 1)), "gzip-bytes/kind")
}
