package pipeline_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/ingest/ingesttest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func demoInputs() []pipeline.Input {
	var ins []pipeline.Input
	for _, name := range synth.Exports {
		p := path.Join(synth.DemoDir, name)
		ins = append(ins, pipeline.Input{Name: p, Open: func() (io.ReadCloser, error) { return synth.Demo.Open(p) }})
	}
	return ins
}

func demoConfig(t *testing.T) pipeline.Config {
	b, err := fs.ReadFile(synth.Demo, synth.DemoDir+"/"+synth.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.ParseConfig("demo", b)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func runDemo(t *testing.T, out string) *release.Manifest {
	t.Helper()
	m, err := pipeline.Run(context.Background(), demoInputs(), demoConfig(t), pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// canaries collects every direct identifier in the demo exports, as ingest reads them and as
// the exports write them (dates in both forms), so that the release can be searched for them.
func canaries(t *testing.T) []string {
	t.Helper()
	cfg := demoConfig(t)
	seen := map[string]bool{}
	for _, in := range demoInputs() {
		f, _ := in.Open()
		r := ingest.NewReader(in.Name, f)
		for _, m := range cfg.Sources {
			if m.Matches(in.Name) {
				r.Mapping = &m
				break
			}
		}
		r.Now = testNow
		for {
			rec, err := r.Read()
			if err != nil {
				break
			}
			for j, fd := range rec.Schema().Fields() {
				if f, _ := schema.Lookup(fd.Name); f.Role != schema.Identifier {
					continue
				}
				switch col := rec.Column(j).(type) {
				case *array.String:
					for i := 0; i < col.Len(); i++ {
						if v := strings.TrimSpace(col.Value(i)); col.IsValid(i) && len(v) > 4 {
							seen[v] = true
						}
					}
				case *array.Date32:
					for i := 0; i < col.Len(); i++ {
						if col.IsValid(i) {
							d := col.Value(i).ToTime()
							seen[d.Format("2006-01-02")] = true
							seen[d.Format("02/01/2006")] = true
						}
					}
				}
			}
			rec.Release()
		}
		f.Close()
	}
	var out []string
	for v := range seen {
		out = append(out, v)
	}
	if len(out) < 1000 {
		t.Fatalf("only %d canaries: the demo should carry thousands of identifiers", len(out))
	}
	return out
}

func TestDemoReleaseKeepsItsPromises(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo")
	m := runDemo(t, out)

	if !m.Counts.Balanced() || m.Counts.Quarantined == 0 || m.Counts.Duplicates == 0 || m.Counts.Written == 0 {
		t.Errorf("counts %+v: want balanced, with quarantined rows and duplicates from the demo", m.Counts)
	}
	db := checked(t, out)
	defer db.Close()

	// No identifier in any byte of any file, nor in any decoded Parquet value.
	var blob bytes.Buffer
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			blob.Write(b)
			blob.WriteByte('\n')
		}
		return nil
	})
	t1, err := analysis.Query(context.Background(), db, "SELECT * FROM cases")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range t1.Rows {
		for _, v := range r {
			blob.WriteString(analysis.Cell(v))
			blob.WriteByte('\t')
		}
	}
	text := blob.String()
	for _, c := range canaries(t) {
		if strings.Contains(text, c) {
			t.Errorf("identifier %q appears in the release", c)
		}
	}
}

func TestRunIsDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	ma, mb := runDemo(t, a), runDemo(t, b)
	if len(ma.Outputs) != len(mb.Outputs) {
		t.Fatal("different outputs")
	}
	for i := range ma.Outputs {
		if ma.Outputs[i] != mb.Outputs[i] {
			t.Errorf("%s differs between two runs of the same input", ma.Outputs[i].Path)
		}
	}
}

func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := pipeline.Defaults
	run := func(cfg pipeline.Config, names ...string) error {
		var ins []pipeline.Input
		for _, n := range names {
			ins = append(ins, pipeline.Input{Name: n})
		}
		_, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: filepath.Join(dir, "out"), Now: testNow})
		return err
	}
	var pe *ingest.ParseError
	if err := run(cfg, filepath.Join(dir, "missing.csv")); !errors.As(err, &pe) || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("case_id,gender,age\nA,female,12\nB,Secretvalue,12\n"+strings.Repeat(",female,12\n", 10)), 0o600) // no case IDs: no duplicates
	strict := cfg
	strict.Strict = true
	err := run(strict, bad)
	if !errors.As(err, &pe) || pe.Line != 3 || pe.Field != "gender" || strings.Contains(err.Error(), "Secretvalue") {
		t.Errorf("strict mode: %v", err)
	}
	limited := cfg
	zero, one, off := 0, 1, 1.0
	limited.MaxBadRows = &zero
	if err := run(limited, bad); !errors.Is(err, ingest.ErrTooManyBad) {
		t.Errorf("max_bad_rows 0 allows no quarantined row: %v", err)
	}
	limited.MaxBadRows = nil
	if err := run(limited, bad); err != nil {
		t.Errorf("1 of 12 rows quarantined, under the default share: %v", err)
	}
	limited.MaxBadRows = &one
	limited.MaxBadShare = &off
	os.WriteFile(bad, []byte("case_id,gender,age\nA,female,12\nB,zz,12\nC,yy,12\n"), 0o600)
	if err := run(limited, bad); !errors.Is(err, ingest.ErrTooManyBad) {
		t.Errorf("max_bad_rows 1 with 2 bad rows: %v", err)
	}
	lenient := cfg
	lenient.MaxBadShare = &off
	if err := run(lenient, bad); !errors.Is(err, anonymize.ErrNoSolution) || !strings.Contains(err.Error(), "lower k") {
		t.Errorf("too few rows for k: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "manifest.json")); err != nil {
		t.Errorf("no release after a good run: %v", err)
	}
}

// TestCTDCExport runs a real CTDC-format export (from ../shared, which may not be
// redistributed, so it is never copied here) through the pipeline with no mapping.
func TestCTDCExport(t *testing.T) {
	p := ingesttest.SharedFile(t, "data/ctdc/CTDC_VPsynthetic_condensed.csv")
	out := filepath.Join(t.TempDir(), "ctdc")
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: p}}, pipeline.Defaults, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Read != 21195 || !m.Counts.Balanced() || m.Counts.Written < 20000 {
		t.Errorf("counts %+v", m.Counts)
	}
	db := checked(t, out)
	defer db.Close()
	tab, err := analysis.Query(context.Background(), db, "SELECT count(*) FILTER (WHERE is_forced_labour), count(*) FILTER (WHERE gender = 'female') FROM cases")
	if err != nil || tab.Rows[0][0].(int64) == 0 || tab.Rows[0][1].(int64) == 0 {
		t.Errorf("CTDC flags and gender were not understood: %v %v", err, tab)
	}
}

// TestLinkageAcrossSources: with a key, the people the demo's lists share (children rescued by
// the Kolkata police and taken into the network's homes, Afghans recorded in India and again by
// the Afghan centre on return, names spelled differently) are one person each; the capture
// histories count them by country of exploitation, and multiple systems estimation on India's
// lists recovers the population they were drawn from (not a multiple of it).
func TestLinkageAcrossSources(t *testing.T) {
	out := filepath.Join(t.TempDir(), "linked")
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	m, err := pipeline.Run(context.Background(), demoInputs(), demoConfig(t), pipeline.Options{Out: out, Now: testNow, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Linked < 200 || m.Counts.Linked > 330 || !m.Counts.Balanced() {
		t.Errorf("counts %+v: want about 260 people linked across lists", m.Counts)
	}
	b, err := os.ReadFile(filepath.Join(out, pipeline.CaptureHistoriesFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	// Columns: stratum, the Afghan centre, the Indian network, the Kolkata police, the Cambodian team.
	if !strings.HasPrefix(lines[0], "stratum,") || !strings.HasSuffix(lines[0], ",count") ||
		!slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "IN,0,1,1,0,") }) ||
		!slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "IN,1,1,0,0,") }) {
		t.Errorf("capture histories:\n%s", b)
	}
	ch, err := analysis.ReadCaptureHistoriesPath(out, analysis.StratumColumn)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Reps: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	truth := synth.IndianPopulation(synth.DemoRows, synth.DemoSeed)
	found := false
	for _, row := range tab.Rows {
		get := func(c string) any { return row[slices.Index(tab.Columns, c)] }
		switch get("stratum") {
		case "IN":
			found = true
			est, _ := get("estimate").(float64)
			lo, _ := get("lower").(float64)
			hi, _ := get("upper").(float64)
			obs, _ := get("observed").(int64)
			if lo > float64(truth) || hi < float64(truth) || est > 2*float64(obs) {
				t.Errorf("India: estimate %.0f (%.0f-%.0f) from %d observed; the lists were drawn from %d people", est, lo, hi, obs, truth)
			}
		case "AF", "KH":
			if get("estimate") != nil {
				t.Errorf("%v has one list, yet an estimate: %v", get("stratum"), row)
			}
		}
	}
	if !found {
		t.Errorf("no estimate for India: %v", tab.Rows)
	}
	db := checked(t, out)
	defer db.Close()
}

// TestPrivacyModels runs the demo under each model and has the release re-checked through
// DuckDB: k-anonymity with l-diversity (each variant) and t-closeness on the exploitation type,
// and Mondrian.
func TestPrivacyModels(t *testing.T) {
	for _, extra := range []string{
		"sensitive: exploitation\nl: 2\n",
		"sensitive: exploitation\nl: 2\ndiversity: entropy\n",
		"sensitive: exploitation\nl: 2\ndiversity: recursive\nc: 3\n",
		"sensitive: exploitation\nt: 0.4\n",
		"method: mondrian\n",
		"metric: discernibility\n",
	} {
		t.Run(strings.Fields(extra)[1], func(t *testing.T) {
			b, _ := fs.ReadFile(synth.Demo, synth.DemoDir+"/"+synth.ConfigFile)
			cfg, err := pipeline.ParseConfig("demo", append(b, extra...))
			if err != nil {
				t.Fatal(err)
			}
			m, out, db := runChecked(t, cfg)
			defer db.Close()
			if !strings.Contains(m.Privacy.Model, "anonymity") {
				t.Errorf("model %q", m.Privacy.Model)
			}
			priv, err := os.ReadFile(filepath.Join(out, pipeline.PrivacyFile))
			if err != nil || !strings.Contains(string(priv), `"prosecutor_risk"`) || !strings.Contains(string(priv), `"before"`) {
				t.Errorf("privacy.json: %v\n%.300s", err, priv)
			}
		})
	}
}

// TestPseudonyms: case IDs released as keyed pseudonyms are stable under one key, differ under
// another, never show the ID, and need a key.
func TestPseudonyms(t *testing.T) {
	cfg := demoConfig(t)
	cfg.Pseudonyms = []string{schema.CaseID}
	if _, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "x"), Now: testNow}); err == nil {
		t.Fatal("pseudonyms without a key were accepted")
	}
	pseudonyms := func(key string) []string {
		out := filepath.Join(t.TempDir(), "rel")
		m, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: out, Now: testNow, Key: linkage.Key(key)})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "reversible by anyone who obtains the key") }) {
			t.Errorf("no warning that pseudonyms are reversible with the key: %q", m.Notices)
		}
		db := checked(t, out)
		defer db.Close()
		tab, err := analysis.Query(context.Background(), db, "SELECT case_id_pseudonym FROM cases ORDER BY ALL")
		if err != nil {
			t.Fatal(err)
		}
		var out2 []string
		for _, r := range tab.Rows {
			out2 = append(out2, analysis.Cell(r[0]))
		}
		return out2
	}
	k1 := strings.Repeat("first key for pseudonyms! ", 2)
	a, b, c := pseudonyms(k1), pseudonyms(k1), pseudonyms(strings.Repeat("another key, another world ", 2))
	if !slices.Equal(a, b) || slices.Equal(a, c) || len(a) < 3000 {
		t.Errorf("pseudonyms not stable under a key or equal under two (%d rows)", len(a))
	}
	for _, p := range a[:10] {
		if len(p) != 32 || strings.Contains(p, "AF-") || strings.Contains(p, "IN-") {
			t.Errorf("pseudonym %q", p)
		}
	}
}

// releaseRows counts the rows of the release at dir by their full content.
func releaseRows(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	db, err := analysis.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tab, err := analysis.Query(context.Background(), db, "SELECT CAST(COLUMNS(*) AS VARCHAR), count(*) AS n FROM cases GROUP BY ALL")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range tab.Rows {
		var key []string
		for _, v := range r[:len(r)-1] {
			key = append(key, analysis.Cell(v))
		}
		out[strings.Join(key, "|")] = r[len(r)-1].(int64)
	}
	return out
}

// TestDifferencingAttack: release, add one case, release again. Comparing the two releases must
// not show the new case alone: every kind of row grows by 0 or by at least k.
func TestDifferencingAttack(t *testing.T) {
	skipJointAuditInShort(t)
	out := filepath.Join(t.TempDir(), "rel")
	cfg := demoConfig(t)
	if _, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	before := releaseRows(t, out)
	extra := filepath.Join(t.TempDir(), "af-hope-shelter-new.csv")
	// An actual victim, as most of the shelter's cases are: with the status a quasi-identifier,
	// a case of a rare status falls in a class suppressed anyway, and the guard is not tested.
	os.WriteFile(extra, []byte("case_id,gender,age,registration_date,citizenship,country_of_origin,country_of_exploitation,province_of_exploitation,is_forced_labour,trafficking_status\n"+
		"AF-NEW-1,male,12,2025-03-01,AF,AF,AF,AF-HER,true,actual\n"), 0o600)
	m, err := pipeline.Run(context.Background(), append(demoInputs(), pipeline.Input{Name: extra}), cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Withheld < 1 || !m.Counts.Balanced() {
		t.Errorf("counts %+v: the new case should be withheld", m.Counts)
	}
	after := releaseRows(t, out)
	for key, n := range after {
		if d := n - before[key]; d > 0 && d < int64(cfg.K) {
			t.Errorf("the second release adds %d row(s) of a kind: they can be singled out: %s", d, key)
		}
	}
	// With the guard off, the attack works: the new case shows alone.
	cfg.AllowDifferencing = true
	out2 := filepath.Join(t.TempDir(), "rel")
	pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: out2, Now: testNow})
	b2 := releaseRows(t, out2)
	pipeline.Run(context.Background(), append(demoInputs(), pipeline.Input{Name: extra}), cfg, pipeline.Options{Out: out2, Now: testNow})
	singled := 0
	for key, n := range releaseRows(t, out2) {
		if d := n - b2[key]; d > 0 && d < int64(cfg.K) {
			singled++
		}
	}
	if singled == 0 {
		t.Error("without the guard the attack should succeed; the test does not test anything")
	}
}

// skipJointAuditInShort skips a test whose second release runs the joint LP audit with the
// previous release (tens of seconds of one core, ten times that under -race): .ci/run's -race
// -short job is for the concurrent parts, and the full suite runs these tests.
func skipJointAuditInShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a repeated release's joint LP audit: run without -short")
	}
}

// failingReader returns n bytes of r and then an error, as an input removed or a connection
// dropped in the middle of a run would.
type failingReader struct {
	r io.Reader
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("input/output error")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

func (f *failingReader) Close() error { return nil }

func TestInputFailsMidway(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "rel")
	ins := demoInputs()
	open := ins[1].Open
	ins[1].Open = func() (io.ReadCloser, error) {
		f, err := open()
		return &failingReader{r: f, n: 50000}, err
	}
	_, err := pipeline.Run(context.Background(), ins, demoConfig(t), pipeline.Options{Out: out, Now: testNow})
	if err == nil || !strings.Contains(err.Error(), "in-rescue-network.csv") || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("want an error naming the input, got %v", err)
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		// The rows quarantined before the failure are listed beside the release folder.
		if e.Name() != "rel.lock" && e.Name() != "rel"+pipeline.FailedQuarantineFile {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestNoTemporaryFiles: a run writes nothing outside its release: not to the temporary folder,
// not to the working folder (DuckDB runs in memory and reads only the release).
func TestNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	wd := t.TempDir()
	t.Chdir(wd)
	out := filepath.Join(t.TempDir(), "rel")
	m := func() *release.Manifest {
		m, err := pipeline.Run(context.Background(), demoInputs(), demoConfig(t), pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}()
	for _, d := range []string{tmp, wd} {
		if entries, _ := os.ReadDir(d); len(entries) > 0 {
			t.Errorf("%s holds %v after a run", d, entries)
		}
	}
	if m.Key != "none" || m.Config["k"] != 5 {
		t.Errorf("the manifest does not record the config: %v %v", m.Key, m.Config)
	}
}

// checked opens the release at out and fails the test unless it passes its check.
func checked(t *testing.T, out string) *sql.DB {
	t.Helper()
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := release.Check(context.Background(), out, db); err != nil || len(p) > 0 {
		db.Close()
		t.Fatalf("check of %s: %v %v", out, err, p)
	}
	return db
}

// TestHiddenPopulationEndToEnd: a known population recorded independently by four
// organisations, names spelled differently; with a key, linkage finds the people across
// organisations and multiple systems estimation on the release covers the true total.
func TestHiddenPopulationEndToEnd(t *testing.T) {
	const truth = 3000
	dir := t.TempDir()
	paths, recorded, err := synth.WriteHidden(dir, synth.Hidden{People: truth, Capture: []float64{0.3, 0.25, 0.2, 0.35}, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, p := range paths {
		ins = append(ins, pipeline.Input{Name: p})
	}
	out := filepath.Join(t.TempDir(), "rel")
	key := linkage.Key(strings.Repeat("hidden population test key ", 2))
	m, err := pipeline.Run(context.Background(), ins, pipeline.Defaults, pipeline.Options{Out: out, Now: testNow, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if people := m.Counts.Read - m.Counts.Linked - m.Counts.Quarantined; people != recorded {
		t.Errorf("linkage found %d people, %d were recorded", people, recorded)
	}
	ch, err := analysis.ReadCaptureHistoriesPath(out, "")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Model: "main", Reps: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) float64 {
		for i, c := range tab.Columns {
			if c == name {
				f, _ := tab.Rows[0][i].(float64)
				return f
			}
		}
		t.Fatalf("no column %s in %v", name, tab.Columns)
		return 0
	}
	lo, hi := col("wald_lower"), col("wald_upper")
	if lo > truth || hi < truth {
		t.Errorf("the interval (%.0f, %.0f) does not cover the true %d (%d recorded)", lo, hi, truth, recorded)
	}
	t.Logf("true %d, recorded %d, estimate %.0f (%.0f, %.0f)", truth, recorded, col("estimate"), lo, hi)
}

// TestReportGivesTheHiddenNumber: with capture histories, the report states the estimate.
func TestReportGivesTheHiddenNumber(t *testing.T) {
	dir := t.TempDir()
	paths, _, err := synth.WriteHidden(dir, synth.Hidden{People: 2000, Capture: []float64{0.3, 0.3, 0.3}, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, p := range paths {
		ins = append(ins, pipeline.Input{Name: p})
	}
	out := filepath.Join(t.TempDir(), "rel")
	if _, err := pipeline.Run(context.Background(), ins, pipeline.Defaults, pipeline.Options{Out: out, Now: testNow, Key: linkage.Key(strings.Repeat("report test key 1234 ", 3))}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"reports/report.md", "reports/report.html"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || !strings.Contains(string(b), "Multiple systems estimation from how the organisations") {
			t.Errorf("%s has no estimate: %v", f, err)
		}
	}
}

// TestUserHierarchy: a hierarchy from the config replaces the built-in one for citizenship.
func TestUserHierarchy(t *testing.T) {
	cfg := demoConfig(t)
	cfg.Hierarchies = map[string]string{"citizenship": "testdata/hierarchies/citizenship.yaml"}
	cfg.Weights = map[string]float64{"citizenship": 0.1} // give it up first: level 1 or 2
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	m, _, db := runChecked(t, cfg)
	defer db.Close()
	var level release.Level
	for _, l := range m.Privacy.Levels {
		if l.QuasiIdentifier == "citizenship" {
			level = l
		}
	}
	if !slices.Equal(level.Levels, []string{"value", "level 1", "*"}) {
		t.Errorf("citizenship levels %v", level.Levels)
	}
	tab, err := analysis.Query(context.Background(), db, "SELECT DISTINCT citizenship FROM cases WHERE citizenship IS NOT NULL ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[int][]string{0: {"AF", "BD", "IN", "KH", "NP"}, 1: {"Afghanistan programme", "Mekong programme", "South Asia programme"}, 2: {"*"}}[level.Level]
	for _, r := range tab.Rows {
		if !slices.Contains(allowed, analysis.Cell(r[0])) {
			t.Errorf("citizenship %q at level %d", analysis.Cell(r[0]), level.Level)
		}
	}
	// A value the hierarchy does not know is an error, not a silent generalization.
	bad := filepath.Join(t.TempDir(), "few.yaml")
	os.WriteFile(bad, []byte("AF: [A, '*']\n"), 0o600)
	cfg.Hierarchies = map[string]string{"citizenship": bad}
	if _, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "x"), Now: testNow}); err == nil || !strings.Contains(err.Error(), "not in its user hierarchy") {
		t.Errorf("unknown values: %v", err)
	}
	cfg.Hierarchies = map[string]string{"exploitation": "testdata/hierarchies/citizenship.yaml"}
	if _, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "y"), Now: testNow}); err == nil {
		t.Error("a user hierarchy for a two-column quasi-identifier was accepted")
	}
}

// runChecked runs the demo under cfg into a new folder and checks the release; the caller
// closes the database.
func runChecked(t *testing.T, cfg pipeline.Config) (*release.Manifest, string, *sql.DB) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return m, out, checked(t, out)
}

// TestCrashedCommitKeepsTheGuard: a run killed between the commit's two renames left the
// published release at DIR.tmp-X.old and nothing at DIR. The next run restores it (it used to
// delete it as stale) and the differencing guard still compares with it.
func TestCrashedCommitKeepsTheGuard(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rel")
	cfg := demoConfig(t)
	if _, err := pipeline.Run(context.Background(), demoInputs(), cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	before := releaseRows(t, out)
	if err := os.Rename(out, out+".tmp-00000000beef.old"); err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(t.TempDir(), "af-hope-shelter-new.csv")
	// An actual victim, as most of the shelter's cases are: with the status a quasi-identifier,
	// a case of a rare status falls in a class suppressed anyway, and the guard is not tested.
	os.WriteFile(extra, []byte("case_id,gender,age,registration_date,citizenship,country_of_origin,country_of_exploitation,province_of_exploitation,is_forced_labour,trafficking_status\n"+
		"AF-NEW-1,male,12,2025-03-01,AF,AF,AF,AF-HER,true,actual\n"), 0o600)
	m, err := pipeline.Run(context.Background(), append(demoInputs(), pipeline.Input{Name: extra}), cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Withheld < 1 {
		t.Errorf("counts %+v: the guard did not compare with the restored release", m.Counts)
	}
	if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "restored the previous release") }) {
		t.Errorf("no notice of the recovery: %q", m.Notices)
	}
	for key, n := range releaseRows(t, out) {
		if d := n - before[key]; d > 0 && d < int64(cfg.K) {
			t.Errorf("the release after the crash adds %d row(s) of a kind: %s", d, key)
		}
	}
}
