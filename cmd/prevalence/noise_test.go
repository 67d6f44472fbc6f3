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

// TestNoisyReleaseWidensIntervals (issue 16): with epsilon in the config, the run succeeds
// (the outcome tables' relations that noise breaks are not audited as if they held), the
// manifest states the budget, the brief and report say that noise was added, and the
// intervals computed from the noisy protected tables are those of intervals.PoissonNoisy: wider
// than the plain exact ones by the noise bounds.
func TestNoisyReleaseWidensIntervals(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "rel")
	cli(t, "synth", "--out", in, "--rows", "3000", "--quiet")
	cfg := filepath.Join(in, "prevalence.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(b, "\nepsilon: 1\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
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
