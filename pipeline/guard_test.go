package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// runRegister runs the synthetic register in dir (its exports and config, events first, as
// the demo reads them) into out with the given suppression limit, plus any extra inputs.
func runRegister(t *testing.T, dir, out string, limit float64, extra ...pipeline.Input) (*release.Manifest, error) {
	t.Helper()
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	cfg.SuppressionLimit = limit
	var ins []pipeline.Input
	for _, n := range append(slices.Clone(synth.OutcomeExports), synth.Exports...) {
		ins = append(ins, pipeline.Input{Name: filepath.Join(dir, n)})
	}
	return pipeline.Run(context.Background(), append(ins, extra...), cfg, pipeline.Options{Out: out, Now: testNow})
}

// guardHeld checks the guard's promise between two releases' rows (releaseRows): no kind of
// row grows by 1 to k-1 copies.
func guardHeld(t *testing.T, before, after map[string]int64, k int64) {
	t.Helper()
	for key, n := range after {
		if d := n - before[key]; d > 0 && d < k {
			t.Errorf("the second release adds %d row(s) of a kind: they can be singled out", d)
		}
	}
}

// TestRepeatedReleaseOfAnotherRegister (tester 30e finding 4): a release written over a
// previous release of another register (synth seed 2 over seed 1) had 78% of its rows withheld
// by the differencing guard after the k-anonymous classes were formed, so classes of one were
// written, silently, with exit 0. At the default suppression limit the run is now refused
// (nothing written, the previous release intact); under a limit that allows it, the classes the
// guard broke are suppressed whole and a notice says how many rows and why; a register that
// grew (seed 1, then seed 1 with new cases) is released with its new cases withheld, even past
// the limit, since refusing it would leave only choices open to differencing. check passes on
// every release written.
func TestRepeatedReleaseOfAnotherRegister(t *testing.T) {
	if testing.Short() {
		t.Skip("two 3,000-case runs (minutes under -race): run without -short")
	}
	one, two := t.TempDir(), t.TempDir()
	if _, err := synth.Write(one, 3000, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Write(two, 3000, 2); err != nil {
		t.Fatal(err)
	}
	// seed 1's release at the default limit, the previous release of "refused" and "grown":
	// run once, each subtest writes over its own copy.
	first := filepath.Join(t.TempDir(), "first")
	if _, err := runRegister(t, one, first, 0.05); err != nil {
		t.Fatal(err)
	}
	firstCopy := func(t *testing.T) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "rel")
		if err := os.CopyFS(out, os.DirFS(first)); err != nil {
			t.Fatal(err)
		}
		return out
	}

	t.Run("refused", func(t *testing.T) {
		out := firstCopy(t)
		manifest, _ := os.ReadFile(filepath.Join(out, release.ManifestName))
		_, err := runRegister(t, two, out, 0.05)
		if !errors.Is(err, pipeline.ErrDifferencing) {
			t.Fatalf("another register over the previous release: %v, want ErrDifferencing", err)
		}
		for _, want := range []string{"another register", "--out", "allow_differencing: true", "Nothing was written"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the error does not say %q: %v", want, err)
			}
		}
		if now, _ := os.ReadFile(filepath.Join(out, release.ManifestName)); !bytes.Equal(now, manifest) {
			t.Error("the refused run replaced the previous release")
		}
		checked(t, out).Close()
	})

	t.Run("under the limit", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "rel")
		if _, err := runRegister(t, one, out, 0.9); err != nil {
			t.Fatal(err)
		}
		before := releaseRows(t, out)
		m, err := runRegister(t, two, out, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Withheld < m.Counts.Written || !m.Counts.Balanced() || m.Counts.Withheld > m.Counts.Suppressed {
			t.Errorf("counts %+v: most rows should be withheld for differencing, and the counts add up", m.Counts)
		}
		if !slices.ContainsFunc(m.Notices, func(n string) bool {
			return strings.Contains(n, "rows withheld for differencing") && strings.Contains(n, "suppressed whole")
		}) {
			t.Errorf("no notice of the rows withheld and the classes suppressed whole: %q", m.Notices)
		}
		checked(t, out).Close() // k-anonymous: the tester's run left 8 classes below k
		guardHeld(t, before, releaseRows(t, out), int64(m.Privacy.K))
	})

	t.Run("grown", func(t *testing.T) {
		out := firstCopy(t)
		before := releaseRows(t, out)
		// 200 new cases: seed 2's Afghan export under case numbers seed 1 does not use.
		b, err := os.ReadFile(filepath.Join(two, synth.AfghanFile))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		newCases := lines[0]
		for _, l := range lines[1:201] {
			newCases += strings.Replace(l, "AF-", "AF-NEW-", 1)
		}
		extra := filepath.Join(t.TempDir(), "af-hope-shelter-new.csv")
		if err := os.WriteFile(extra, []byte(newCases), 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := runRegister(t, one, out, 0.05, pipeline.Input{Name: extra})
		if err != nil {
			t.Fatalf("a grown register was refused: %v", err)
		}
		if m.Counts.Withheld == 0 || !m.Counts.Balanced() {
			t.Errorf("counts %+v: the new cases should be withheld (the generalization changed?)", m.Counts)
		}
		if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "the register grew") }) {
			t.Errorf("no notice that the rows withheld pass the suppression limit: %q", m.Notices)
		}
		checked(t, out).Close()
		guardHeld(t, before, releaseRows(t, out), int64(m.Privacy.K))
	})
}
