package reports_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
	"github.com/prevalence/prevalence/synth"
)

// firstSection finds the first section of a rendered page.
var firstSection = regexp.MustCompile(`<section id="([a-z-]+)"`)

// TestAudiencesInChromium renders each audience's report of a synthetic run (synth's four
// organisations, linked) and opens it in headless Chromium: the programme report starts with
// the centre gaps ranked against the demo's centres, then the maps, one path with a class per
// subdivision of every country; the research report has the maps too; the brief has the
// boys-by-province figure.
func TestAudiencesInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no chromium (apt-get install -y chromium)")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	ctx := context.Background()
	in := t.TempDir()
	paths, err := synth.Write(in, 4000, 2)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(paths[len(paths)-1])
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, p := range paths[:len(paths)-1] {
		ins = append(ins, pipeline.Input{Name: p})
	}
	dir := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{Out: dir, Now: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC),
		Key: linkage.Key(strings.Repeat("audiences test key 0123 ", 2))})
	if err != nil {
		t.Fatal(err)
	}
	tables, err := release.ReadTables(dir)
	if err != nil {
		t.Fatal(err)
	}
	histories, _ := os.ReadFile(filepath.Join(dir, pipeline.CaptureHistoriesFile))
	privacy, _ := os.ReadFile(filepath.Join(dir, pipeline.PrivacyFile))
	cb, err := fs.ReadFile(synth.Demo, synth.DemoDir+"/centres.csv")
	if err != nil {
		t.Fatal(err)
	}
	centres, err := analysis.ReadCentres(bytes.NewReader(cb))
	if err != nil {
		t.Fatal(err)
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct{ audience, page string }{{"programme", "report.html"}, {"research", "report.html"}, {"advocacy", "brief.html"}} {
		t.Run(c.audience, func(t *testing.T) {
			opt := reports.Options{Audience: c.audience, Tables: tables, CaptureHistories: histories, PrivacyJSON: privacy, Dir: "."}
			if c.audience == "programme" {
				opt.Centres = centres
			}
			files, err := reports.Build(ctx, db, m, opt)
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			for _, f := range files {
				p := filepath.Join(out, filepath.FromSlash(f.Path))
				os.MkdirAll(filepath.Dir(p), 0o700)
				if err := os.WriteFile(p, f.Data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			dom := dumpDOM(t, filepath.Join(out, c.page))
			if m := external.FindString(dom); m != "" {
				t.Errorf("the rendered page refers to the network: %q", m)
			}
			switch c.audience {
			case "programme":
				if s := firstSection.FindStringSubmatch(dom); s == nil || s[1] != "centre-gaps" {
					t.Errorf("the programme report starts with %v, want the centre gaps", s)
				}
				gaps := dom[strings.Index(dom, `<section id="centre-gaps">`):]
				gaps = gaps[:strings.Index(gaps, "</section>")]
				// Ranked groups with need, places and the centres serving them; Paktika's boys,
				// whom no centre serves, among them.
				if strings.Count(gaps, "<tr>") < 6 || !strings.Contains(gaps, "places needed") || !strings.Contains(gaps, "Paktika") {
					t.Errorf("the centre gaps do not rank the groups:\n%.2000s", gaps)
				}
				if !strings.Contains(dom[len(gaps):], `<section id="maps">`) {
					t.Error("no maps after the centre gaps")
				}
				fallthrough
			case "research":
				for _, country := range []string{"AF", "IN", "KH"} {
					checkMap(t, c.audience+" report", dom, country)
				}
			case "advocacy":
				i := strings.Index(dom, "Boys and girls by province")
				if i < 0 || !strings.Contains(dom[i:], "<svg") || !strings.Contains(dom[i:], "Herat") || !strings.Contains(dom[i:], "West Bengal") {
					t.Error("the brief has no boys-by-province figure with the demo's provinces")
				}
			}
		})
	}
}

// dumpDOM opens page in headless Chromium, every host unresolvable, and returns the DOM it
// rendered.
func dumpDOM(t *testing.T, page string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := execChromium(ctx, filepath.Dir(page), "--dump-dom", "file://"+page)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.Bytes())
	}
	return out.String()
}
