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
// subdivision of every country, and a trend column that is never blank; the research report
// has the maps too; the brief has the boys-by-province figure. The same for the three pages
// the run itself wrote into the release's reports folder.
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
			checkAudience(t, c.audience, dumpDOM(t, filepath.Join(out, c.page)))
		})
	}
	// The run's own reports folder holds the three audiences' pages (synth's config names the
	// centres): the same checks on the files the run wrote.
	for _, c := range []struct{ audience, page string }{{"programme", "programme.html"}, {"research", "report.html"}, {"advocacy", "brief.html"}} {
		t.Run("release/"+c.page, func(t *testing.T) {
			checkAudience(t, c.audience, dumpDOM(t, filepath.Join(dir, "reports", c.page)))
		})
	}
}

// checkAudience checks the page rendered for audience, as Chromium drew it (dom).
func checkAudience(t *testing.T, audience, dom string) {
	t.Helper()
	if m := external.FindString(dom); m != "" {
		t.Errorf("the rendered page refers to the network: %q", m)
	}
	switch audience {
	case "programme":
		if s := firstSection.FindStringSubmatch(dom); s == nil || s[1] != "centre-gaps" {
			t.Errorf("the programme report starts with %v, want the centre gaps", s)
		}
		gaps := dom[strings.Index(dom, `<section id="centre-gaps">`):]
		gaps = gaps[:strings.Index(gaps, "</section>")]
		// Ranked groups with need, places and the centres serving them; Paktika's boys,
		// whom no centre serves, among them; a trend or, in words, why there is none.
		if strings.Count(gaps, "<tr>") < 6 || !strings.Contains(gaps, "places needed") || !strings.Contains(gaps, "Paktika") {
			t.Errorf("the centre gaps do not rank the groups:\n%.2000s", gaps)
		}
		if !trendCell.MatchString(gaps) || emptyTrend.MatchString(gaps) {
			t.Errorf("the centre gaps' trend column is blank or unreadable:\n%.2000s", gaps)
		}
		if !strings.Contains(dom[len(gaps):], `<section id="maps">`) {
			t.Error("no maps after the centre gaps")
		}
		fallthrough
	case "research":
		for _, country := range []string{"AF", "IN", "KH"} {
			checkMap(t, audience+" report", dom, country)
		}
	case "advocacy":
		i := strings.Index(dom, "Boys and girls by province")
		if i < 0 || !strings.Contains(dom[i:], "<svg") || !strings.Contains(dom[i:], "Herat") || !strings.Contains(dom[i:], "West Bengal") {
			t.Error("the brief has no boys-by-province figure with the demo's provinces")
		}
	}
}

// The trend column of the centre gaps (its ninth cell): a rate ratio with its interval, or
// why there is none; never empty.
var (
	trendCell  = regexp.MustCompile(`<td class="num">([0-9.]+ \([0-9.]+–[0-9.]+\)|[0-9.]+|not estimable|withheld|[a-z][^<]*)</td><td>[^<]*</td></tr>`)
	emptyTrend = regexp.MustCompile(`<td class="num"></td><td>[^<]*</td></tr>`)
)

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
