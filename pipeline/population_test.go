package pipeline_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// The population test case (testdata/population): 18 cases by gender and place of
// exploitation, and population counts by the same. Three women were exploited in KH-12, where
// the population has 3 women: 2-anonymity releases them as they are, k-map 10 must not. One man
// in IN-MH is the only one in the population.
const popDir = "testdata/population"

func readCSV(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1:]
}

// popColumns are the release columns the population test protects: gender, then the columns
// of the place of exploitation, as the quasi-identifier defines them.
func popColumns(t *testing.T) []string {
	qi, ok := anonymize.LookupQI("exploitation")
	if !ok {
		t.Fatal("no exploitation quasi-identifier")
	}
	return append([]string{"gender"}, qi.Columns...)
}

// popFile writes testdata/population/population.csv into a temporary folder, with an empty
// column for every protected release column the file does not have (missing in the cases too),
// and returns its path.
func popFile(t *testing.T) string {
	t.Helper()
	header, rows := readCSV(t, filepath.Join(popDir, "population.csv"))
	var b strings.Builder
	w := csv.NewWriter(&b)
	has := map[string]bool{}
	for _, h := range header {
		has[h] = true
	}
	var extra []string
	for _, c := range popColumns(t) {
		if !has[c] {
			extra = append(extra, c)
		}
	}
	w.Write(append(header, extra...))
	for _, r := range rows {
		w.Write(append(r, make([]string, len(extra))...))
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), "population.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// popCounts returns the effective population count of every combination of the protected
// columns' values (joined by "|"): the larger of the population file's count and the number of
// cases with it, computed from the files, not by the anonymizer.
func popCounts(t *testing.T) map[string]int64 {
	t.Helper()
	cols := popColumns(t)
	key := func(header, row []string) string {
		var vals []string
		for _, c := range cols {
			v := ""
			for i, h := range header {
				if h == c {
					v = row[i]
				}
			}
			vals = append(vals, v)
		}
		return strings.Join(vals, "|")
	}
	sample := map[string]int64{}
	h, rows := readCSV(t, filepath.Join(popDir, "cases.csv"))
	for _, r := range rows {
		sample[key(h, r)]++
	}
	pop := map[string]int64{}
	h, rows = readCSV(t, filepath.Join(popDir, "population.csv"))
	for _, r := range rows {
		n, err := strconv.ParseInt(r[len(r)-1], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		pop[key(h, r)] += n
	}
	for k, n := range sample {
		pop[k] = max(pop[k], n)
	}
	return pop
}

// covers reports whether a released label stands for value: the same value, "*", or (for a
// country) the UN sub-region or region it is generalized to.
func covers(label, value string) bool {
	if label == "*" || label == value {
		return true
	}
	if c, ok := geo.CountryByCode(value); ok && value != "" {
		return label == c.SubRegion || label == c.Region
	}
	return false
}

// releasedClasses returns the released classes on the protected columns with their sizes.
func releasedClasses(t *testing.T, out string) map[string]int64 {
	t.Helper()
	adb, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	var sel []string
	for _, c := range popColumns(t) {
		sel = append(sel, "coalesce(CAST("+c+" AS VARCHAR), '')")
	}
	tab, err := analysis.Query(context.Background(), adb,
		"SELECT concat_ws('|', "+strings.Join(sel, ", ")+") AS k, count(*) AS n FROM cases GROUP BY k ORDER BY k")
	if err != nil {
		t.Fatal(err)
	}
	classes := map[string]int64{}
	for _, r := range tab.Rows {
		n, _ := r[1].(int64)
		classes[analysis.Cell(r[0])] = n
	}
	return classes
}

// classPopulation is the population count of a released class: the sum of the effective counts
// of every combination its labels stand for.
func classPopulation(class string, pop map[string]int64) int64 {
	labels := strings.Split(class, "|")
	var f int64
	for combo, n := range pop {
		vals := strings.Split(combo, "|")
		in := true
		for i, l := range labels {
			v := vals[i]
			// The region column, empty where the country is known, is the country's region
			// from the province level up.
			if i == len(labels)-1 && len(labels) == 5 && v == "" && l != "" {
				if c, ok := geo.CountryByCode(vals[1]); ok {
					v = c.Region
				}
			}
			in = in && covers(l, v)
		}
		if in {
			f += n
		}
	}
	return f
}

func runPopulation(t *testing.T, cfg pipeline.Config) (*release.Manifest, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "rel")
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: filepath.Join(popDir, "cases.csv")}}, cfg, pipeline.Options{Out: out, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	checked(t, out).Close()
	return m, out
}

func popConfig(t *testing.T, file string, kMap int, uniqueness float64) pipeline.Config {
	t.Helper()
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.1
	cfg.QuasiIdentifiers = []string{"gender", "exploitation"}
	if file != "" {
		cfg.Population = &pipeline.PopulationConfig{File: file, KMap: kMap, Uniqueness: uniqueness}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestCaseKMap: without k-map, 2-anonymity releases the three women exploited in KH-12 as
// such, although only 3 women there are in the population; with k-map 10 (config section
// population:) every released class matches at least 10 people of the population, recomputed
// here from the files, and the manifest and privacy.json say so.
func TestCaseKMap(t *testing.T) {
	pop := popCounts(t)
	file := popFile(t)
	kh12 := "female|KH|KH-12"
	if n := len(popColumns(t)); n > 3 { // more place columns than the files: missing in both
		kh12 += strings.Repeat("|", n-3)
	}

	_, plainOut := runPopulation(t, popConfig(t, "", 0, 0))
	plain := releasedClasses(t, plainOut)
	if plain[kh12] != 3 || classPopulation(kh12, pop) >= 10 {
		t.Fatalf("without k-map: %v; the test expects the 3 women of KH-12 released (population %d)", plain, classPopulation(kh12, pop))
	}

	m, out := runPopulation(t, popConfig(t, file, 10, 0))
	classes := releasedClasses(t, out)
	released := int64(0)
	for class, n := range classes {
		released += n
		if f := classPopulation(class, pop); f < 10 {
			t.Errorf("class %s (%d cases) matches %d people of the population, k-map 10", class, n, f)
		}
	}
	if _, ok := classes[kh12]; ok {
		t.Errorf("k-map released the women of KH-12: %v", classes)
	}
	if released != int64(m.Counts.Written) || m.Counts.Written+m.Counts.Suppressed != 18 {
		t.Errorf("counts %+v, %d in the classes", m.Counts, released)
	}
	p := m.Privacy
	if p.KMap != 10 || p.Population != "population.csv" || p.PopulationSHA256 == "" || !strings.Contains(p.Model, "k-map (10)") ||
		!strings.Contains(p.GeneralizationNotes, "k-map (10)") {
		t.Errorf("manifest privacy %+v", p)
	}
	b, err := os.ReadFile(filepath.Join(out, pipeline.PrivacyFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		KMap  int `json:"k_map"`
		After struct {
			Population bool     `json:"population"`
			Share      *float64 `json:"population_unique_share"`
		} `json:"after"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.KMap != 10 || !doc.After.Population || doc.After.Share == nil || *doc.After.Share != 0 {
		t.Errorf("privacy.json: %+v %v", doc, err)
	}

	// Mondrian honours it too.
	cfg := popConfig(t, file, 10, 0)
	cfg.Method = "mondrian"
	m, out = runPopulation(t, cfg)
	classes = releasedClasses(t, out)
	var minSize, minF int64
	for class, n := range classes {
		f := classPopulation(class, pop)
		if f < 10 {
			t.Errorf("mondrian: class %s (%d cases) matches %d people of the population, k-map 10", class, n, f)
		}
		if minSize == 0 || n < minSize {
			minSize = n
		}
		if minF == 0 || f < minF {
			minF = f
		}
	}
	// privacy.json has risk after Mondrian too, and it agrees with the released classes.
	b, err = os.ReadFile(filepath.Join(out, pipeline.PrivacyFile))
	if err != nil {
		t.Fatal(err)
	}
	var mdoc struct {
		After *anonymize.Metrics `json:"after"`
	}
	if err := json.Unmarshal(b, &mdoc); err != nil || mdoc.After == nil {
		t.Fatalf("mondrian privacy.json has no after: %v\n%s", err, b)
	}
	a := mdoc.After
	if a.Released != m.Counts.Written || a.Classes != len(classes) || a.MinClassSize != int(minSize) ||
		a.Prosecutor.Highest != 1/float64(minSize) || !a.Population || a.Journalist.Highest != 1/float64(minF) ||
		a.Journalist.RecordsAtRisk != 0 || a.PopulationUniqueShare == nil || *a.PopulationUniqueShare != 0 {
		t.Errorf("mondrian after %+v; want %d released in %d classes, smallest %d, smallest population %d",
			a, m.Counts.Written, len(classes), minSize, minF)
	}
}

// TestCasePopulationUniqueness: with k = 1 (allowed with a population model) and a threshold
// of 0.05, the man of IN-MH, the only one in the population (1 of 18 cases: 0.056), is not
// released as such; with a threshold of 0.1 he may be.
func TestCasePopulationUniqueness(t *testing.T) {
	pop := popCounts(t)
	file := popFile(t)
	for _, tc := range []struct {
		threshold float64
		uniques   int64
	}{{0.05, 0}, {0.1, 1}} {
		cfg := popConfig(t, file, 0, tc.threshold)
		cfg.K = 1
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		m, out := runPopulation(t, cfg)
		var uniques, released int64
		for class, n := range releasedClasses(t, out) {
			released += n
			if classPopulation(class, pop) == 1 {
				uniques += n
			}
		}
		if uniques != tc.uniques || float64(uniques) > tc.threshold*float64(released) {
			t.Errorf("threshold %g: %d of %d released cases unique in the population, want %d", tc.threshold, uniques, released, tc.uniques)
		}
		if m.Privacy.PopulationUniqueness != tc.threshold || !strings.Contains(m.Privacy.Model, "population uniqueness at most") {
			t.Errorf("manifest privacy %+v", m.Privacy)
		}
	}
}

func TestCasePopulationErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := pipeline.Defaults
	cfg.K = 1
	if err := cfg.Validate(); err == nil {
		t.Error("k = 1 accepted without a population model")
	}
	cfg.Population = &pipeline.PopulationConfig{KMap: 5}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "need a file") {
		t.Errorf("k_map without a file: %v", err)
	}
	cfg.Population = &pipeline.PopulationConfig{File: filepath.Join(dir, "none.csv"), KMap: 5}
	if err := cfg.Validate(); err == nil {
		t.Error("a missing population file was accepted")
	}
	cfg.Population = &pipeline.PopulationConfig{File: popFile(t), Uniqueness: 2}
	if err := cfg.Validate(); err == nil {
		t.Error("population_uniqueness 2 accepted")
	}
	if _, err := pipeline.ParseConfig("x.yaml", []byte("population: {file: a.csv, kmap: 3}\n")); err == nil || !strings.Contains(err.Error(), "unknown setting kmap") {
		t.Errorf("unknown key: %v", err)
	}

	cols := popColumns(t)
	bad := map[string]struct{ content, want string }{
		"nocount.csv":  {strings.Join(cols, ",") + "\n", `column "count": missing column`},
		"nogender.csv": {strings.Join(cols[1:], ",") + ",count\n", `:1: column "gender": missing column`},
		"badcountry.csv": {strings.Join(cols, ",") + ",count\nfemale,KH,KH-12" + strings.Repeat(",", len(cols)-3) + ",3\n" +
			"female,Narnia-XX,KH-12" + strings.Repeat(",", len(cols)-3) + ",3\n", `:3: column "country_of_exploitation": value is not valid for the column`},
		"badcount.csv": {strings.Join(cols, ",") + ",count\nfemale,KH,KH-12" + strings.Repeat(",", len(cols)-3) + ",many\n", `:2: column "count": count is not`},
	}
	for name, tc := range bad {
		c := popConfig(t, write(name, tc.content), 10, 0)
		_, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: filepath.Join(popDir, "cases.csv")}}, c,
			pipeline.Options{Out: filepath.Join(dir, "out-"+name), Now: testNow})
		var te *pipeline.TableError
		if err == nil || !strings.Contains(err.Error(), name+":") || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &te) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), "Narnia") || strings.Contains(err.Error(), "many")) {
			t.Errorf("%s: the error shows the value: %v", name, err)
		}
	}
}
