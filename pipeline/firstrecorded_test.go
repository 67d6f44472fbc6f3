package pipeline_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestFirstLegalCase (outc's note): a monthly series whose first release recorded no legal
// case (its run did not search the legal quasi-identifier) and whose next records some was
// refused as "other quasi-identifiers". An outcome quasi-identifier nothing recorded is every
// case at its top level, one value: the guard compares the two on the other columns, as for
// one release at its top level, and check --previous does the same.
func TestFirstLegalCase(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, 400, 3); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	// The first month: the Afghan cases registered before July 2025, no legal case anywhere.
	early := t.TempDir()
	editCSV(t, filepath.Join(dir, synth.AfghanFile), filepath.Join(early, synth.AfghanFile), func(h, r []string) bool {
		i := slices.Index(h, "registration_date")
		return i < len(r) && r[i] < "2025-07-01"
	})
	editCSV(t, filepath.Join(dir, synth.IndianEventsFile), filepath.Join(early, synth.IndianEventsFile), func(h, r []string) bool {
		return r[slices.Index(h, "event")] != "legal"
	})
	editCSV(t, filepath.Join(dir, synth.AfghanFollowUpFile), filepath.Join(early, synth.AfghanFollowUpFile), func(h, r []string) bool {
		for i, c := range h {
			if strings.HasPrefix(c, "legal_") && i < len(r) {
				r[i] = ""
			}
		}
		return true
	})
	in, err := os.Open(filepath.Join(dir, synth.CambodianCareFile))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var nd strings.Builder
	for sc := bufio.NewScanner(in); sc.Scan(); {
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatal(err)
		}
		delete(o, "legal_cases")
		b, _ := json.Marshal(o)
		nd.Write(append(b, '\n'))
	}
	if err := os.WriteFile(filepath.Join(early, synth.CambodianCareFile), []byte(nd.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := func(from func(string) string) []pipeline.Input {
		var ins []pipeline.Input
		for _, n := range append(append([]string{}, synth.OutcomeExports...), synth.Exports...) {
			ins = append(ins, pipeline.Input{Name: from(n)})
		}
		return ins
	}
	out := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(context.Background(), inputs(func(n string) string {
		if _, err := os.Stat(filepath.Join(early, n)); err == nil {
			return filepath.Join(early, n)
		}
		return filepath.Join(dir, n)
	}), cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if hasQI(m, "legal") || !hasQI(m, "placement_province") {
		t.Fatalf("first release's quasi-identifiers %+v: want placements, no legal case", m.Privacy.Levels)
	}
	prev := filepath.Join(t.TempDir(), "prev")
	if err := os.CopyFS(prev, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	m, err = pipeline.Run(context.Background(), inputs(func(n string) string { return filepath.Join(dir, n) }), cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatalf("the month of the first legal cases: %v", err)
	}
	if !hasQI(m, "legal") {
		t.Fatalf("second release's quasi-identifiers %+v: want legal", m.Privacy.Levels)
	}
	problem, skipped, err := pipeline.NewRowsAgainst(context.Background(), out, prev, m)
	if err != nil || problem != "" || skipped != "" {
		t.Errorf("check --previous's microdata: problem %q, not compared %q, err %v", problem, skipped, err)
	}
}

func hasQI(m *release.Manifest, name string) bool {
	return slices.ContainsFunc(m.Privacy.Levels, func(l release.Level) bool { return l.QuasiIdentifier == name })
}

// editCSV writes the CSV from to to with the rows keep keeps (keep may change a row).
func editCSV(t *testing.T, from, to string, keep func(h, r []string) bool) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	o, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(o)
	w.Write(recs[0])
	for _, r := range recs[1:] {
		if keep(recs[0], r) {
			w.Write(r)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}
