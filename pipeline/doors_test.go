package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// The side doors of the privacy boundary (issue 15): text that came with the data, not in an
// identifier column, must not reach what a run writes or says. Each test plants invented names
// and phone numbers where a door is, runs the pipeline, and searches everything the run
// produced (exposed).

var allBad = 1.0

// formats are the input formats every door is tried in.
var formats = []string{"csv", "tsv", "json", "ndjson", "xlsx", "parquet"}

// writeInput writes rows (header first) as an input of format at dir/base.format. In JSON, a
// header "group/field" becomes a nested object, as KoboToolbox and Primero export groups.
func writeInput(t *testing.T, dir, base, format string, rows [][]string) string {
	t.Helper()
	p := filepath.Join(dir, base+"."+format)
	switch format {
	case "csv", "tsv":
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if format == "tsv" {
			w.Comma = '\t'
		}
		w.WriteAll(rows)
		os.WriteFile(p, b.Bytes(), 0o600)
	case "json", "ndjson":
		var objs []map[string]any
		for _, r := range rows[1:] {
			o := map[string]any{}
			for j, h := range rows[0] {
				g, f, nested := strings.Cut(h, "/")
				if !nested {
					o[h] = r[j]
					continue
				}
				sub, _ := o[g].(map[string]any)
				if sub == nil {
					sub = map[string]any{}
					o[g] = sub
				}
				sub[f] = r[j]
			}
			objs = append(objs, o)
		}
		var b bytes.Buffer
		if format == "json" {
			json.NewEncoder(&b).Encode(objs)
		} else {
			for _, o := range objs {
				json.NewEncoder(&b).Encode(o)
			}
		}
		os.WriteFile(p, b.Bytes(), 0o600)
	case "xlsx":
		writeXLSX(t, p, rows)
	case "parquet":
		writeParquet(t, p, rows)
	}
	return p
}

// exposed runs the pipeline on ins and returns everything the run produced, as text: every
// byte of every file of the release (reports and capture histories included), the decoded
// Parquet values, the logs at debug level, the progress line, the manifest's notices and the
// error, if any.
func exposed(t *testing.T, ins []pipeline.Input, cfg pipeline.Config, key linkage.Key) (string, error) {
	t.Helper()
	var all bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&all, &slog.HandlerOptions{Level: slog.LevelDebug}))
	out := filepath.Join(t.TempDir(), "rel")
	progress := func(stage string, done, total int64) { all.WriteString(stage + "\n") }
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Logger: logger, Progress: progress, Key: key})
	if err != nil {
		all.WriteString(err.Error())
		return all.String(), err
	}
	all.WriteString(strings.Join(m.Notices, "\n"))
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tab, err := analysis.Query(context.Background(), db, "SELECT * FROM cases")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tab.Rows {
		for _, v := range r {
			all.WriteString(analysis.Cell(v) + "\n")
		}
	}
	return all.String(), nil
}

func mustNotExpose(t *testing.T, text string, canaries ...string) {
	t.Helper()
	for _, c := range canaries {
		if i := strings.Index(text, c); i >= 0 {
			t.Errorf("%q escaped: ...%s...", c, text[max(0, i-80):min(len(text), i+40)])
		}
	}
}

// TestSourceNeverFromACell: a source column (and Kobo's grouped referral/source) holding free
// text never becomes the source, in any format: the organisation is the config's.
func TestSourceNeverFromACell(t *testing.T) {
	rows := [][]string{{"case_id", "gender", "age", "source", "referral/source"}}
	for i := range 6 {
		rows = append(rows, []string{"S-" + string(rune('a'+i)), []string{"female", "male"}[i%2], "12",
			"Asha Canarysource +855 12 345 678", "Ravi Canaryreferral 098 765 4321"})
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad // the doors are tried with rows refused
	cfg.Sources = []ingest.Mapping{{Source: "Configured Org"}}
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			in := writeInput(t, t.TempDir(), "cases", f, rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustNotExpose(t, text, "Canarysource", "Canaryreferral", "345 678", "765 4321")
			if !strings.Contains(text, "Configured Org") {
				t.Error("the configured source is not released")
			}
		})
	}
	t.Run("mapped by the config", func(t *testing.T) {
		c := cfg
		c.Sources = []ingest.Mapping{{Columns: map[string]string{"referral/source": "source"}}}
		in := writeInput(t, t.TempDir(), "cases", "csv", rows)
		if _, err := exposed(t, []pipeline.Input{{Name: in}}, c, nil); err == nil || !strings.Contains(err.Error(), "never by a cell") {
			t.Errorf("a column mapped to the source: %v", err)
		}
	})
}

// TestSourceNeverFromAName: an input called after a child, a file or a URL, with no source in
// the config, is released as "input N" and named so in the manifest and quarantine.
func TestSourceNeverFromAName(t *testing.T) {
	rows := [][]string{{"case_id", "gender", "age"}}
	for i := range 6 {
		rows = append(rows, []string{"N-" + string(rune('a'+i)), []string{"female", "male"}[i%2], []string{"12", "200"}[i/5]})
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad // the doors are tried with rows refused
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			in := writeInput(t, t.TempDir(), "Asha Canaryfile 0987654321", f, rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustNotExpose(t, text, "Canaryfile", "0987654321")
			if !strings.Contains(text, "input 1") {
				t.Error("the input is not released as input 1")
			}
		})
	}
	// A child's name in any case, order or separators, around words of a file, or as the
	// folder of a child's files (attack-2026-12-01c finding 5): "input 1".
	for _, name := range []string{"Zarmina Canaryname intake", "zarmina_canaryname", "Canaryname, Zarmina",
		"ZARMINA CANARYNAME 2023", "Zarmina Canaryname/intake", "kids/zarmina-canaryname/intake"} {
		t.Run("child", func(t *testing.T) { // the test's name is in its folder's
			dir := filepath.Join(t.TempDir(), filepath.Dir(name))
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			in := writeInput(t, dir, filepath.Base(name), "csv", rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustNotExpose(t, strings.ToLower(text), "canaryname")
		})
	}
	// A name with a year, a date or a short number is the user's, and named so in the quarantine
	// and notices (attack-2026-12-01 finding 14); a case number or a given name is not. (The source column is
	// "input 1" all the same: never a file's name.)
	for name, named := range map[string]bool{"cases_2023": true, "export-20240105": true, "2022": true,
		"Shelter B": true, "kobo_12345": false, "TR-004512": false,
		// one given name of detect's lists (privacy-side-doors4)
		"zarmina": false, "Farid intake": false, "cases_sokha": false, "girls_shelter_2023": true,
		// a family name alone, an initial and a family name, English-word names (attack-2026-12-01d
		// finding 5, privacy-side-doors5)
		"Qasimzada": false, "Qasimzada 2023": false, "Z. Qasimzada": false, "Rose Hunter intake": false,
		"Hope Shelter 2023": true,
		// a name beside a person word, judged as a sheet's (detect.FileLabel, privacy-side-doors37,
		// 7 Dec 05:32): "contact_grace.csv" was printed in the notices and quarantine.csv
		"contact_grace": false, "Officer Hope": false, "contact_phone": true} {
		t.Run(name, func(t *testing.T) {
			in := writeInput(t, t.TempDir(), name, "csv", rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(text, name+".csv"); got != named {
				t.Errorf("named: %v, want %v", got, named)
			}
		})
	}
	// Folders below a folder input are judged as file names are: one given name or family name
	// withholds the input's name ("kids/nazanin/", "kids/Farid 2023/", "kids/Qasimzada/"); the
	// folder input itself and those above it only when they look like a full name (a home
	// folder, "/home/zarmina", names no child).
	for sub, named := range map[string]bool{"kids/nazanin": false, "kids/Farid 2023": false, "kids/Qasimzada": false,
		"kids/2023": true, "Herat/girls": true} {
		t.Run("folder", func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "zarmina")
			dir := filepath.Join(root, filepath.FromSlash(sub))
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			in := writeInput(t, dir, "cases_2023", "csv", rows)
			text, err := exposed(t, []pipeline.Input{{Name: in, Root: root}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(text, "cases_2023.csv"); got != named {
				t.Errorf("%s: named: %v, want %v", sub, got, named)
			}
			if !named {
				mustNotExpose(t, text, filepath.Base(sub))
			}
		})
	}
	// The folder input's own name when it could be a child's, but not one lower-case word (a
	// login name): "Canaryname intake/cases_2023.csv" is input 1 (privacy-side-doors7).
	for root, named := range map[string]bool{"Canaryname intake": false, "qasimzada_cases": false, "Zarmina": false,
		"zarmina": true, "exports": true} {
		t.Run("root", func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), root)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			in := writeInput(t, dir, "cases_2023", "csv", rows)
			for _, input := range []pipeline.Input{{Name: in, Root: dir}, {Name: in}} {
				text, err := exposed(t, []pipeline.Input{input}, cfg, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Contains(text, "cases_2023.csv"); got != named {
					t.Errorf("%s (root %q): named: %v, want %v", root, input.Root, got, named)
				}
				if !named {
					mustNotExpose(t, strings.ToLower(text), strings.ToLower(root))
				}
			}
		})
	}
	t.Run("url", func(t *testing.T) {
		var b bytes.Buffer
		csv.NewWriter(&b).WriteAll(rows)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/csv")
			w.Write(b.Bytes())
		}))
		defer srv.Close()
		text, err := exposed(t, []pipeline.Input{{Name: srv.URL + "/children/Ravi%20Canaryurl%20098765"}}, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		mustNotExpose(t, text, "Canaryurl", "098765")
	})
}

// TestHeaderlessAndKeyedInputs: a headerless file whose first row matches presets, JSON objects
// keyed by names, and an XLSX sheet named after a child put no value into notices, positions
// (quarantine.csv), logs or the manifest.
func TestHeaderlessAndKeyedInputs(t *testing.T) {
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad // the doors are tried with rows refused
	cfg.Sources = []ingest.Mapping{{Source: "Org"}}
	t.Run("headerless", func(t *testing.T) {
		rows := [][]string{{"Asha Canaryhead", "+855 12 999 001", "age", "gender"}}
		for i := range 6 {
			rows = append(rows, []string{"Meena Canaryrow", "+855 12 999 002", "12", []string{"female", "male"}[i%2]})
		}
		for _, f := range []string{"csv", "tsv", "xlsx", "parquet"} {
			t.Run(f, func(t *testing.T) {
				in := writeInput(t, t.TempDir(), "cases", f, rows)
				text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
				if err != nil {
					t.Fatal(err)
				}
				mustNotExpose(t, text, "Canaryhead", "999 001", "Canaryrow", "999 002")
			})
		}
	})
	t.Run("json keyed by names", func(t *testing.T) {
		var objs []string
		for i := range 6 {
			objs = append(objs, `{"case_id": "J-`+string(rune('a'+i))+`", "gender": "female", "age": 12, "contacts": {"Asha Canarykey": {"relation": "aunt"}, "+855 12 999 003": {"relation": "uncle"}}}`)
		}
		dir := t.TempDir()
		pj := filepath.Join(dir, "cases.json")
		os.WriteFile(pj, []byte("["+strings.Join(objs, ",")+"]"), 0o600)
		pn := filepath.Join(dir, "cases2.ndjson")
		os.WriteFile(pn, []byte(strings.ReplaceAll(strings.Join(objs, "\n"), "J-", "K-")), 0o600)
		text, err := exposed(t, []pipeline.Input{{Name: pj}, {Name: pn}}, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		mustNotExpose(t, text, "Canarykey", "999 003")
	})
	t.Run("sheet named after a child", func(t *testing.T) {
		x := excelize.NewFile()
		x.SetSheetName("Sheet1", "Asha Canarysheet")
		rows := [][]any{{"case_id", "gender", "age"}, {"X-1", "female", 12}, {"X-2", "female", 12}, {"X-3", "female", 500}}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow("Asha Canarysheet", cell, &r)
		}
		p := filepath.Join(t.TempDir(), "cases.xlsx")
		if err := x.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		x.Close()
		text, err := exposed(t, []pipeline.Input{{Name: p}}, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		mustNotExpose(t, text, "Canarysheet")
		if !strings.Contains(text, "sheet 1!4") {
			t.Error("the quarantined row is not positioned by sheet number")
		}
	})
}

// TestConfigKeysNotRecorded: the keys of a source's values: (input values) and columns: (input
// headers) maps are data; the manifest's recorded config does not carry them.
func TestConfigKeysNotRecorded(t *testing.T) {
	cfg, err := pipeline.ParseConfig("t", []byte(`k: 2
suppression_limit: 0.5
max_bad_share: 1
sources:
  - source: Org
    columns:
      "Asha Canarycolumn": drop
      sex: gender
    values:
      gender:
        "Ravi Canaryvalue": male
        f: female
`))
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"case_id", "sex", "age", "Asha Canarycolumn"}}
	for i := range 6 {
		rows = append(rows, []string{"C-" + string(rune('a'+i)), []string{"f", "Ravi Canaryvalue"}[i%2], "12", "x"})
	}
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			in := writeInput(t, t.TempDir(), "cases", f, rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustNotExpose(t, text, "Canarycolumn", "Canaryvalue")
			if !strings.Contains(text, `"sex": "gender"`) {
				t.Error("a header-like column key is not recorded")
			}
		})
	}
}

// TestFormulasAndHTMLDefused: organisation names holding a spreadsheet formula or HTML reach
// capture_histories.csv's header defused, and brief.md and report.md escaped.
func TestFormulasAndHTMLDefused(t *testing.T) {
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad // the doors are tried with rows refused
	formula := `=HYPERLINK("http://x","Canaryformula")`
	html := `<img src=x onerror=alert(1)>`
	cfg.Sources = []ingest.Mapping{{Match: "a.csv", Source: formula}, {Match: "b.csv", Source: html}}
	dir := t.TempDir()
	rows := [][]string{{"case_id", "full_name", "date_of_birth", "gender", "age"}}
	for i := range 6 {
		rows = append(rows, []string{"F-" + string(rune('a'+i)), []string{"Amina", "Bibi", "Carla", "Dina", "Elif", "Farah"}[i] + " Noori", "2010-01-0" + string(rune('1'+i)), "female", "14"})
	}
	a := writeInput(t, dir, "a", "csv", rows)
	// The same people under the other organisation's case numbers (the same bytes twice
	// would be refused as one export given twice).
	other := [][]string{rows[0]}
	for _, r := range rows[1:] {
		other = append(other, append([]string{"G" + r[0][1:]}, r[1:]...))
	}
	b := writeInput(t, dir, "b", "csv", other)
	out := filepath.Join(t.TempDir(), "rel")
	if _, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: a}, {Name: b}}, cfg,
		pipeline.Options{Out: out, Now: testNow, Key: linkage.Key("Xq7#vP2m!Lr9@tZ4wK8$nB5^cF1&hJ6*")}); err != nil {
		t.Fatal(err)
	}
	hist, err := os.ReadFile(filepath.Join(out, pipeline.CaptureHistoriesFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, cell := range strings.Split(strings.SplitN(string(hist), "\n", 2)[0], ",") {
		if c := strings.TrimPrefix(cell, `"`); strings.HasPrefix(c, "=") {
			t.Errorf("a formula heads a column of capture_histories.csv: %s", hist)
		}
	}
	for _, f := range []string{"reports/brief.md", "reports/report.md"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			continue // report.md names no source today
		}
		// A backslash before "<" is Markdown's escape (analysis.EscapeMarkdown): literal text.
		if strings.Contains(strings.ReplaceAll(string(b), `\<`, ""), "<img") {
			t.Errorf("%s holds raw HTML:\n%s", f, b)
		}
	}
	for _, f := range []string{"reports/report.html", "reports/brief.html"} {
		b, _ := os.ReadFile(filepath.Join(out, f))
		if strings.Contains(string(b), "<img src=x") {
			t.Errorf("%s holds raw HTML", f)
		}
	}
}

// TestDistrictsMustBeKnownPlaces: a district column (a quasi-identifier) holding a name, an
// address or a phone number repeated more than k times is not released, in any format: a
// district is released only as a known place, from the source's values: vocabulary (Pune) or
// the gazetteer (Paris, a second-level ISO 3166-2 subdivision of FR-IDF). The others are
// withheld, the province kept, and a notice names the column and the count, never the value.
func TestDistrictsMustBeKnownPlaces(t *testing.T) {
	rows := [][]string{{"case_id", "gender", "country_of_exploitation", "province_of_exploitation", "district_of_exploitation"}}
	places := [][3]string{
		{"IN", "IN-MH", "Pune"}, {"FR", "FR-IDF", "Paris"},
		{"IN", "IN-MH", "Asha Canarydistrict"}, {"IN", "IN-MH", "12 Canarylane Road"}, {"FR", "FR-IDF", "+33 6 99 88 77 66"},
	}
	for i := range 30 {
		p := places[i%len(places)]
		rows = append(rows, []string{"T-" + strconv.Itoa(i), "female", p[0], p[1], p[2]})
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0
	cfg.QuasiIdentifiers = []string{"gender", "exploitation"}
	cfg.MaxBadShare = &allBad // the phone numbers are quarantined (a district has a letter)
	cfg.Sources = []ingest.Mapping{{Values: map[string]map[string]string{"district_of_exploitation": {"pune": "Pune"}}}}
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			in := writeInput(t, t.TempDir(), "cases", f, rows)
			text, err := exposed(t, []pipeline.Input{{Name: in}}, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustNotExpose(t, text, "Canarydistrict", "Canarylane", "99 88 77")
			// Known places are released as such (so the test can tell a door from a wall).
			for _, want := range []string{"Pune", "Paris", "12 values of district_of_exploitation are no known place"} {
				if !strings.Contains(text, want) {
					t.Errorf("%q not in what the run wrote", want)
				}
			}
		})
	}
}

// TestOutcomeEventsCanary: names and phone numbers planted in every field of outcome events
// (issue 12's events export: type, province, end reason, follow-up answers, legal stage and
// disposition, the FIR number, an unknown column and its header, a case number no case has, the
// events file's own name), in every format the events reader takes, and in the wide columns of
// a case export, never reach what the run writes or says.
func TestOutcomeEventsCanary(t *testing.T) {
	cases := [][]string{{"case_id", "gender", "age", "registration_date", "country_of_exploitation", "province_of_exploitation"}}
	events := [][]string{{"case_id", "event", "date", "end_date", "type", "province", "end_reason", "in_school", "retrafficked", "stage", "disposition", "fir_number", "Asha Canaryheader"}}
	wide := [][]string{{"case_id", "gender", "age", "registration_date", "country_of_exploitation", "placement_1_start", "placement_1_type", "placement_1_province", "placement_1_end_reason", "followup_1_date", "followup_1_retrafficked", "legal_1_stage", "legal_1_disposition"}}
	for i := range 12 {
		id := "E-" + strconv.Itoa(i)
		cases = append(cases, []string{id, "female", "12", "2024-01-10", "KH", "KH-12"})
		events = append(events,
			[]string{id, "placement", "2024-01-15", "2024-06-15", "residential_care", "KH-12", "reintegrated", "", "", "", "", "FIR Canaryfir 47110815", "Ravi Canarynote"},
			[]string{id, "placement", "2024-07-01", "", "Asha Canarytype", "Canaryprov Road 12", "Ravi Canaryreason", "", "", "", "", "", ""},
			[]string{id, "followup", "2025-01-10", "", "", "", "", "Meena Canaryschool", "call +855 12 777 001", "", "", "", ""},
			[]string{id, "legal", "2024-03-01", "", "", "", "", "", "", "Canarystage Asha", "Canarydisp Ravi", "", ""})
		wide = append(wide, []string{"W-" + strconv.Itoa(i), "male", "13", "2024-01-10", "KH", "2024-01-20", "Asha Canarywidetype", "Canarywideprov 9", "Ravi Canarywidereason", "2025-01-01", "+855 12 777 002", "Canarywidestage", "Canarywidedisp"})
	}
	events = append(events, []string{"Asha Canarycase +855 12 777 003", "placement", "2024-01-15", "", "residential_care", "KH-12", "", "", "", "", "", "", ""})
	canaries := []string{"Canaryfir", "47110815", "Canarynote", "Canaryheader", "Canarytype", "Canaryprov", "Canaryreason", "Canaryschool",
		"777 001", "Canarystage", "Canarydisp", "Canarycase", "777 003", "Canarywide", "777 002", "Canaryfile"}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.MaxBadShare = &allBad // the doors are tried with rows refused
	cfg.Sources = []ingest.Mapping{
		{Match: "*events*", Source: "Events Org", Events: ingest.EventsOnly, Extracted: "2026-01-01"},
		{Match: "wide*", Source: "Wide Org", Events: ingest.EventsAlso, Extracted: "2026-01-01"},
		{Source: "Case Org"},
	}
	for _, f := range formats {
		if f == "parquet" {
			continue // the events reader takes CSV, TSV, JSON, NDJSON and XLSX (see docs/outcomes.md)
		}
		t.Run(f, func(t *testing.T) {
			dir := t.TempDir()
			ins := []pipeline.Input{
				{Name: writeInput(t, dir, "cases", "csv", cases)},
				{Name: writeInput(t, dir, "Asha Canaryfile 0987654321 events", f, events)},
				{Name: writeInput(t, dir, "wide", f, wide)},
			}
			text, err := exposed(t, ins, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustNotExpose(t, text, canaries...)
			if !strings.Contains(text, "care_exit") {
				t.Error("no outcome field in the release: the events were not read")
			}
		})
	}
}
