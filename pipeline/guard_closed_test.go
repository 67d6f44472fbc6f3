package pipeline_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// TestStaysClosedBetweenExports (attack-2026-12-02d's coordinator's note; joint's task): the
// synthetic register (3,000 cases, seed 1) exported again two months later by its Afghan and
// Indian organisations, every stay open in the first export closed on 2026-02-15 (reintegrated),
// written over its release. Each closed stay is a gone open row and a new closed one, new
// information withheld when fewer than k of a kind: 8% of the rows, and 8% of the previous
// release's gone, so the run refused the release as "another register's". The closed stays are
// the same cases: the run writes the release, the closed rows withheld as before, and says so.
func TestStaysClosedBetweenExports(t *testing.T) {
	if testing.Short() {
		t.Skip("two 3,000-case runs")
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, 3000, 1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r")
	if _, err := runRegister(t, dir, out, 0.05); err != nil {
		t.Fatal(err)
	}
	// closeStays closes, in file name's CSV, every open placement (end date column end, its reason
	// column reason, the date column start not empty).
	closeStays := func(name string, start, end, reason int) int {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		n := 0
		for i, line := range lines[1:] {
			f := strings.Split(line, ",")
			if len(f) > max(end, reason) && f[start] != "" && f[end] == "" && (name != synth.IndianEventsFile || f[1] == "placement") {
				f[end], f[reason] = "2026-02-15", "reintegrated"
				lines[i+1] = strings.Join(f, ",")
				n++
			}
		}
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
		return n
	}
	closed := closeStays(synth.IndianEventsFile, 2, 3, 6) + closeStays(synth.AfghanFollowUpFile, 1, 2, 5)
	if closed < 200 {
		t.Fatalf("closed %d open stays: the register's open stays changed", closed)
	}
	cfgPath := filepath.Join(dir, synth.ConfigFile)
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"India Rescue Network (fictional)", "Afghanistan Hope Centre for Boys (fictional)"} {
		old := "source: \"" + src + "\"\n    events: only\n    extracted: \"2026-01-01\""
		if !strings.Contains(string(b), old) {
			t.Fatalf("the synthetic config no longer holds %q", old)
		}
		b = []byte(strings.Replace(string(b), old, strings.Replace(old, "2026-01-01", "2026-03-01", 1), 1))
	}
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := runRegister(t, dir, out, 0.05)
	if errors.Is(err, pipeline.ErrDifferencing) {
		t.Fatalf("%d stays closed between the exports, over the release: refused: %v", closed, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Withheld <= int(0.05*float64(m.Counts.Written+m.Counts.Withheld)) {
		t.Errorf("%d rows withheld: the test wants the closed stays' new rows over the suppression limit", m.Counts.Withheld)
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "closed since: the same cases") }) {
		t.Errorf("no notice of the stays closed since: %q", m.Notices)
	}
}
