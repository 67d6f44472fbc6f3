package main

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
)

// noisySynth writes synth's exports of rows rows (seed) into in with `epsilon: 1` added to
// their config, and returns the config's path.
func noisySynth(t *testing.T, in, rows, seed string) string {
	t.Helper()
	cli(t, "synth", "--out", in, "--rows", rows, "--seed", seed, "--quiet")
	cfg := filepath.Join(in, "prevalence.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(b, "\nepsilon: 1\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestNoisyReleaseWidensIntervals (issue 16): with epsilon in the config, the run succeeds
// (the outcome tables' relations that noise breaks are not audited as if they held), the
// manifest states the budget, the brief and report say that noise was added, and the
// intervals computed from the noisy protected tables are those of intervals.PoissonNoisy: wider
// than the plain exact ones by the noise bounds.
func TestNoisyReleaseWidensIntervals(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "rel")
	cfg := noisySynth(t, in, "3000", "1")
	cli(t, "run", "--input", in, "--config", cfg, "--out", out, "--quiet")

	m, err := release.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables == nil || m.Tables.Epsilon != 1 || m.Tables.EpsilonTotal <= 1 {
		t.Fatalf("manifest tables: %+v", m.Tables)
	}
	ts, err := release.ReadTables(out)
	if err != nil {
		t.Fatal(err)
	}
	var prov *release.Table
	for _, tb := range ts {
		if tb.Name == "cases-by-province-and-gender" {
			prov = tb
		}
	}
	g := len(prov.Rows) - 1
	y, ok := prov.Value(g, 0)
	eps, terms := prov.NoiseTerms(g, 0)
	if !ok || eps != 1 || terms < 3 {
		t.Fatalf("grand total %d (published %v), noise %g × %d", y, ok, eps, terms)
	}
	col, recs := readCSV(t, cli(t, "query", out, "--named", "headline", "--format", "csv"))
	lo, _ := strconv.ParseFloat(recs[0][col["cases_lower"]], 64)
	hi, _ := strconv.ParseFloat(recs[0][col["cases_upper"]], 64)
	want := intervals.PoissonNoisy(int(y), intervals.Noise{Epsilon: eps, Terms: terms}, 0.95)
	plain := intervals.PoissonExact(int(y), 0.95)
	if math.Abs(lo-want.Lower) > 0.01 || math.Abs(hi-want.Upper) > 0.01 {
		t.Errorf("headline interval %g–%g, want %.2f–%.2f", lo, hi, want.Lower, want.Upper)
	}
	below, above := intervals.Noise{Epsilon: eps, Terms: terms}.Bounds(0.025)
	if !(lo < plain.Lower && hi > plain.Upper) || below < 1 || above < 1 {
		t.Errorf("headline interval %g–%g is not wider than the plain %.2f–%.2f", lo, hi, plain.Lower, plain.Upper)
	}
	for _, f := range []string{"brief.md", "brief.html", "report.html", "report.md"} {
		b, err := os.ReadFile(filepath.Join(out, "reports", f))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, "Random noise was added to every count") {
			t.Errorf("%s does not say that noise was added", f)
		}
		if strings.HasPrefix(f, "brief") && !strings.Contains(s, "widened to cover the added noise") {
			t.Errorf("%s: no interval says that it covers the noise", f)
		}
	}
}

// TestKeyedNoiseRepeats (attack-2026-12-01c finding 16's low: fresh noise on every run lets
// runs of the same data be averaged): with a key, the same data run twice into two folders
// publishes the same noisy counts; without one, the noise differs and the manifest says that
// it is drawn fresh; a release into the same folder adds its budget to the previous one's.
func TestKeyedNoiseRepeats(t *testing.T) {
	if v, ok := os.LookupEnv("PREVALENCE_KEY"); ok {
		t.Setenv("PREVALENCE_KEY", v)
		os.Unsetenv("PREVALENCE_KEY")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	cfg := noisySynth(t, in, "1000", "3")
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("5b0e3c1f9a7d24e86c0b1a3f5d7e9c2b4a6f8e0d1c3b5a79e2f4d6c8b0a1e3f5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// counts returns every published count of a release's tables, by table, row and column.
	counts := func(out string) map[string]int64 {
		ts, err := release.ReadTables(out)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int64{}
		for _, tb := range ts {
			for ri, row := range tb.Rows {
				for ci := range row.Values {
					if v, ok := tb.Value(ri, ci); ok {
						m[tb.Name+"/"+strings.Join(row.Labels, "/")+"/"+tb.Counts[ci]] = v
					}
				}
			}
		}
		return m
	}
	differ := func(a, b map[string]int64) int {
		n := 0
		for k, v := range a {
			if w, ok := b[k]; ok && w != v {
				n++
			}
		}
		return n
	}
	release1 := func(name string, key bool) (map[string]int64, *release.Manifest) {
		out := filepath.Join(dir, name)
		args := []string{"run", "--input", in, "--config", cfg, "--out", out, "--quiet"}
		if key {
			args = append(args, "--key-file", keyFile)
		}
		cli(t, args...)
		m, err := release.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		return counts(out), m
	}
	k1, mk := release1("k1", true)
	k2, _ := release1("k2", true)
	if n := differ(k1, k2); n != 0 || len(k1) < 50 {
		t.Errorf("keyed noise: %d of %d published counts differ between two runs of the same data", n, len(k1))
	}
	if mk.Tables.NoiseDraw != release.NoiseKeyed {
		t.Errorf("keyed run: noise_draw %q", mk.Tables.NoiseDraw)
	}
	f1, mf := release1("f1", false)
	f2, _ := release1("f2", false)
	if n := differ(f1, f2); n == 0 {
		t.Errorf("fresh noise: the two runs published the same %d counts", len(f1))
	}
	if mf.Tables.NoiseDraw != release.NoiseFresh || mf.Tables.EpsilonReleases != mf.Tables.EpsilonTotal {
		t.Errorf("fresh run: noise_draw %q, epsilon_releases %g (total %g)", mf.Tables.NoiseDraw, mf.Tables.EpsilonReleases, mf.Tables.EpsilonTotal)
	}
	// Released again into f1: the folder's budget is both releases'.
	_, again := release1("f1", false)
	if want := 2 * mf.Tables.EpsilonTotal; math.Abs(again.Tables.EpsilonReleases-want) > 1e-9 {
		t.Errorf("second release into the folder: epsilon_releases %g, want %g", again.Tables.EpsilonReleases, want)
	}
	p, err := os.ReadFile(filepath.Join(dir, "f1", "protections.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(p), `"epsilon_releases"`) || !strings.Contains(string(p), "every run draws new noise") {
		t.Errorf("protections.json does not state the draw and the folder's budget")
	}
}
