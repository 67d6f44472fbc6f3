package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// canaryValues are the planted identifiers of testdata/canary: every value of the identifier
// columns and of the unmapped column of cases.csv (names, phones, e-mails, addresses, IDs,
// dates of birth, narratives, in Latin with accents, Arabic script, Cyrillic, Khmer and
// Devanagari), the aliases of the JSON inputs, and the invalid values of failing rows.
func canaryValues(t *testing.T) []string {
	rows := readCanaryCSV(t)
	out := []string{"Alias Canaryone", "Alias Canarytwo", "CanaryGender", "xx-bad-date", "CANARY-JS", "CANARY-ND", "CANARY-TS", "CANARY-XL", "CANARY-PQ", "CANARY-HT"}
	for _, r := range rows[1:] {
		out = append(out, r[:10]...) // case_id .. narrative
		out = append(out, r[16])     // pet_name, mapped onto nothing
	}
	return out
}

// TestCanariesNeverEscape runs every supported format carrying planted identifiers through the
// pipeline, with logs at debug level, and searches every byte the run produced: the release's
// files, the decoded Parquet values, the logs, and the error of a strict run.
func TestCanariesNeverEscape(t *testing.T) {
	cfg, err := pipeline.LoadConfig("testdata/canary/canary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, name := range []string{"cases.csv", "cases.tsv", "cases.json", "cases.ndjson"} {
		ins = append(ins, pipeline.Input{Name: filepath.Join("testdata", "canary", name)})
	}
	// The same rows as a workbook, as Parquet and from an HTTP endpoint with a bearer token,
	// each under case numbers of its own (as cases.tsv's): inputs whose rows are the same once
	// read are refused as one export given twice (pipeline.ErrSameInput).
	dir := t.TempDir()
	ins = append(ins, pipeline.Input{Name: writeXLSX(t, filepath.Join(dir, "cases-xl.xlsx"), canaryRows(t, "CANARY-XL"))},
		pipeline.Input{Name: writeParquet(t, filepath.Join(dir, "cases-pq.parquet"), canaryRows(t, "CANARY-PQ"))})
	csvBytes, _ := os.ReadFile("testdata/canary/cases.csv")
	csvBytes = bytes.ReplaceAll(csvBytes, []byte("CANARY-ID"), []byte("CANARY-HT"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer canary-token-Kanari" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		w.Write(csvBytes)
	}))
	defer srv.Close()
	t.Setenv("CANARY_TOKEN", "canary-token-Kanari")
	cfg.Sources = append([]ingest.Mapping{{Match: "export", Source: "api", TokenEnv: "CANARY_TOKEN"}}, cfg.Sources...)
	ins = append(ins, pipeline.Input{Name: srv.URL + "/export?secret=Kanari-query"})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	out := filepath.Join(t.TempDir(), "rel")
	key := linkage.Key(strings.Repeat("canary run key, not secret ", 2))
	off := 1.0
	cfg.MaxBadShare = &off // the canary files are mostly bad rows on purpose
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Logger: logger, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Quarantined == 0 || m.Counts.Written == 0 {
		t.Fatalf("the canary inputs should release rows and quarantine some: %+v", m.Counts)
	}

	var everything bytes.Buffer
	everything.Write(logs.Bytes())
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			everything.Write(b)
		}
		return nil
	})
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.Query(context.Background(), db, "SELECT * FROM cases")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tab.Rows {
		for _, v := range r {
			everything.WriteString(analysis.Cell(v) + "\n")
		}
	}
	strict := cfg
	strict.Strict = true
	_, err = pipeline.Run(context.Background(), ins, strict, pipeline.Options{Out: filepath.Join(t.TempDir(), "strict"), Now: testNow, Logger: logger})
	if err == nil {
		t.Fatal("strict mode accepted the invalid canary rows")
	}
	everything.WriteString(err.Error())
	everything.Write(logs.Bytes())
	everything.WriteString(m.Privacy.Model + strings.Join(m.Notices, "\n"))
	text := everything.String()
	for _, c := range canaryValues(t) {
		if c != "" && strings.Contains(text, c) {
			t.Errorf("planted identifier %q escaped", c)
		}
	}
	if strings.Contains(text, string(key)) || strings.Contains(text, "canary-token-Kanari") || strings.Contains(text, "Kanari-query") {
		t.Error("the key, the token or the URL's query escaped")
	}
	if len(m.Inputs) != 7 {
		t.Errorf("%d inputs read, want 7", len(m.Inputs))
	}
	if !strings.Contains(logs.String(), "msg=anonymize") {
		t.Errorf("the logs were not captured:\n%s", logs.String())
	}
}

// readCanaryCSV returns the rows of testdata/canary/cases.csv, header first.
func readCanaryCSV(t *testing.T) [][]string {
	f, err := os.Open("testdata/canary/cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// canaryRows are the canary rows as new cases (other case IDs), for the other formats.
func canaryRows(t *testing.T, prefix string) [][]string {
	rows := readCanaryCSV(t)
	for _, r := range rows[1:] {
		r[0] = strings.Replace(r[0], "CANARY-ID", prefix, 1) // new cases, not duplicates
	}
	return rows
}

func writeXLSX(t *testing.T, path string, rows [][]string) string {
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := x.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeParquet(t *testing.T, path string, rows [][]string) string {
	var fields []arrow.Field
	for _, h := range rows[0] {
		fields = append(fields, arrow.Field{Name: h, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	s := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, s)
	defer b.Release()
	for _, r := range rows[1:] {
		for j, v := range r {
			b.Field(j).(*array.StringBuilder).Append(v)
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(s, f, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
