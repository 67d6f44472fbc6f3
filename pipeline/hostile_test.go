package pipeline_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/pipeline"
)

// TestHostileInputs: inputs built to hurt get a clear error or a quarantined row, and what is
// released from them is safe to store, query and open in a spreadsheet.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	off := 1.0
	cfg.MaxBadShare = &off // hostile files are mostly bad rows on purpose
	runOn := func(paths ...string) (string, error) {
		out := filepath.Join(t.TempDir(), "rel")
		var ins []pipeline.Input
		for _, p := range paths {
			ins = append(ins, pipeline.Input{Name: p})
		}
		_, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow})
		return out, err
	}

	// Deeply nested JSON: a clear error, no crash.
	deep := write("deep.json", strings.Repeat("[", 200000)+strings.Repeat("]", 200000))
	if _, err := runOn(deep); err == nil || !strings.Contains(err.Error(), "deep.json") {
		t.Errorf("deeply nested JSON: %v", err)
	}

	// Invalid UTF-8, NUL bytes and HTML in a released value (the source, named by the config:
	// the export's source column is never read), and a formula as a column name that ends up in
	// the quarantine file.
	cfg.Sources = []ingest.Mapping{{Source: "Org \xff\x00<script>alert(1)</script>"}}
	rows := "case_id,gender,age,source,\"=HYPERLINK(\"\"http://x\"\")\"\n"
	for i := 0; i < 6; i++ {
		rows += "," + []string{"female", "male"}[i%2] + ",12,Cell <b>source</b>,x\n"
	}
	rows += ",female,notanumber,Org,x\n"
	out, err := runOn(write("dirty.csv", rows))
	if err != nil {
		t.Fatal(err)
	}
	db, err := analysis.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.Query(context.Background(), db, "SELECT DISTINCT source FROM cases")
	db.Close()
	if err != nil {
		t.Fatalf("the release cannot be queried: %v", err)
	}
	for _, r := range tab.Rows {
		s := analysis.Cell(r[0])
		if strings.Contains(s, "Cell") {
			t.Errorf("the export's source column reached the release: %q", s)
		}
		if strings.ContainsRune(s, 0) || strings.Contains(s, "\xff") {
			t.Errorf("released source %q holds invalid text", s)
		}
	}
	// HTML in a value is escaped in the report (the source names every chart).
	page, _ := os.ReadFile(filepath.Join(out, "reports", "report.html"))
	if strings.Contains(string(page), "<script>") || !strings.Contains(string(page), "&lt;script&gt;") {
		t.Error("HTML from an input is not escaped in report.html")
	}
	cfg.Sources = nil
	q, _ := os.ReadFile(filepath.Join(out, pipeline.QuarantineFile))
	for _, line := range strings.Split(string(q), "\n") {
		for _, cell := range strings.Split(line, ",") {
			if strings.HasPrefix(strings.Trim(cell, `"`), "=") {
				t.Errorf("a formula reaches the quarantine file: %s", line)
			}
		}
	}
}

// bigField streams a CSV whose second row holds one field of n bytes, without holding it.
type bigField struct {
	head, tail []byte
	n          int64
}

func (b *bigField) Read(p []byte) (int, error) {
	if len(b.head) > 0 {
		k := copy(p, b.head)
		b.head = b.head[k:]
		return k, nil
	}
	if b.n > 0 {
		k := int64(len(p))
		if k > b.n {
			k = b.n
		}
		for i := range p[:k] {
			p[i] = 'a'
		}
		b.n -= k
		return int(k), nil
	}
	if len(b.tail) > 0 {
		k := copy(p, b.tail)
		b.tail = b.tail[k:]
		return k, nil
	}
	return 0, io.EOF
}

func (b *bigField) Close() error { return nil }

// TestHostileSizes: a 1 GiB field and a million columns get a clear error or a notice, within
// bounded memory and time.
func TestHostileSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 1 GiB")
	}
	cfg := pipeline.Defaults
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	in := pipeline.Input{Name: "huge.csv", Open: func() (io.ReadCloser, error) {
		return &bigField{head: []byte("case_id,gender,narrative\n1,female,\""), n: 1 << 30, tail: []byte("\"\n")}, nil
	}}
	_, err := pipeline.Run(context.Background(), []pipeline.Input{in}, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "huge.csv") {
		t.Errorf("a 1 GiB field: %v", err)
	}
	if grown := int64(after.HeapSys) - int64(before.HeapSys); grown > 600<<20 {
		t.Errorf("a 1 GiB field took %d MiB of heap", grown>>20)
	}

	var header strings.Builder
	header.WriteString("case_id,gender")
	for i := 0; i < 1_000_000; i++ {
		fmt.Fprintf(&header, ",c%d", i)
	}
	wide := filepath.Join(t.TempDir(), "wide.csv")
	os.WriteFile(wide, []byte(header.String()+"\n"), 0o600)
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: wide}}, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	if err != nil {
		if !strings.Contains(err.Error(), "wide.csv") {
			t.Errorf("a million columns: %v", err)
		}
		return
	}
	if len(m.Notices) > 1000 {
		t.Errorf("a million columns gave %d notices", len(m.Notices))
	}
}

// TestEmptyInput: an export with a header and no rows is refused, nothing written.
func TestEmptyInput(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(p, []byte("case_id,gender,age\n"), 0o600)
	out := filepath.Join(t.TempDir(), "rel")
	// Nothing read is no release (attack-2026-12-01 finding 14): a headline of 0 would look
	// like a success.
	_, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: p}}, pipeline.Defaults, pipeline.Options{Out: out, Now: testNow})
	if !errors.Is(err, pipeline.ErrNoCases) || !strings.Contains(err.Error(), "empty, or a header only") {
		t.Fatalf("a header-only export gives %v, want ErrNoCases", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a release was written")
	}
}

// TestXLSXZipBomb: a workbook whose sheet inflates to more than 1 GiB fails with a clear error,
// without inflating it.
func TestXLSXZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 1.1 GiB")
	}
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "gender")
	var small bytes.Buffer
	if err := x.Write(&small); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(small.Bytes()), int64(small.Len()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	out, _ := os.Create(path)
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if f.Name != "xl/worksheets/sheet1.xml" {
			r, _ := f.Open()
			io.Copy(w, r)
			r.Close()
			continue
		}
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for i := 0; i < 1100; i++ {
			w.Write(spaces)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
	zw.Close()
	out.Close()
	if st, _ := os.Stat(path); st.Size() > 20<<20 {
		t.Fatalf("the bomb is %d bytes: not a bomb", st.Size())
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = pipeline.Run(context.Background(), []pipeline.Input{{Name: path}}, pipeline.Defaults, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "bomb.xlsx") || !strings.Contains(err.Error(), "inflates to more than") {
		t.Errorf("a zip bomb: %v", err)
	}
	if grown := int64(after.HeapSys) - int64(before.HeapSys); grown > 300<<20 {
		t.Errorf("the bomb took %d MiB of heap", grown>>20)
	}
}
