package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"gopkg.in/yaml.v3"

	"github.com/prevalence/prevalence/schema"
)

var update = flag.Bool("update", false, "rewrite the expected files of testdata")

// testNow is the reference date of every test: inputs dated after it are "in the future".
var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// outcome is what a test case expects: the rows read, each valid row's non-null fields, the
// quarantined rows and the columns dropped, or the error.
type outcome struct {
	Error    string              `json:"error,omitempty"`
	Rows     int                 `json:"rows"`
	Records  []map[string]string `json:"records"`
	Rejected []Rejection         `json:"rejected"`
	Unknown  []string            `json:"unknown_columns"`
	Others   map[string]int      `json:"others,omitempty"`
}

// TestRead walks testdata/read: one folder per case with input.*, an optional config.yaml (a
// Mapping) and expected.json. Run with -update to rewrite expected.json after a deliberate change.
func TestRead(t *testing.T) {
	dirs, err := os.ReadDir("testdata/read")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata/read", d.Name())
			inputs, _ := filepath.Glob(filepath.Join(dir, "input.*"))
			if len(inputs) != 1 {
				t.Fatalf("want one input.* in %s, have %d", dir, len(inputs))
			}
			var m *Mapping
			if b, err := os.ReadFile(filepath.Join(dir, "config.yaml")); err == nil {
				m = new(Mapping)
				if err := yaml.Unmarshal(b, m); err != nil {
					t.Fatal(err)
				}
			}
			got := readAll(t, inputs[0], m)
			want := filepath.Join(dir, "expected.json")
			b, _ := json.MarshalIndent(got, "", "  ")
			b = append(b, '\n')
			if *update {
				if err := os.WriteFile(want, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(exp, b) {
				t.Errorf("outcome differs from %s:\n%s", want, b)
			}
		})
	}
}

func readAll(t *testing.T, path string, m *Mapping) outcome {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	r := NewReader(filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(path)), filepath.Base(path))), f)
	r.Mapping, r.Now, r.Alloc, r.BatchSize = m, testNow, alloc, 2
	out := outcome{Records: []map[string]string{}, Rejected: []Rejection{}, Unknown: []string{}}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			out.Error = err.Error()
			break
		}
		out.Records = append(out.Records, rows(rec)...)
		rec.Release()
	}
	out.Rows = r.Rows()
	out.Rejected = append(out.Rejected, r.Rejected()...)
	out.Unknown = append(out.Unknown, r.UnknownColumns()...)
	if len(r.Others()) > 0 {
		out.Others = r.Others()
	}
	if out.Rows != len(out.Records)+len(out.Rejected) && out.Error == "" {
		t.Errorf("rows %d != valid %d + rejected %d", out.Rows, len(out.Records), len(out.Rejected))
	}
	return out
}

// rows renders rec's rows as field -> value maps of the non-null values.
func rows(rec arrow.RecordBatch) []map[string]string {
	var out []map[string]string
	for i := 0; i < int(rec.NumRows()); i++ {
		m := map[string]string{}
		for j, f := range rec.Schema().Fields() {
			col := rec.Column(j)
			if col.IsNull(i) {
				continue
			}
			switch c := col.(type) {
			case *array.Date32:
				m[f.Name] = c.Value(i).ToTime().Format("2006-01-02")
			default:
				m[f.Name] = c.ValueStr(i)
			}
		}
		out = append(out, m)
	}
	return out
}

func TestErrorsNameNoValue(t *testing.T) {
	// A rejected row's reason never repeats what it found.
	in := "case_id,gender,age,province_of_exploitation,country_of_exploitation\nS-1,Secretname,12,,\nS-2,female,Secretage,,\nS-3,female,12,Secretplace,IN\n"
	r := NewReader("x.csv", strings.NewReader(in))
	r.Now = testNow
	for {
		if _, err := r.Read(); err != nil {
			break
		}
	}
	if len(r.Rejected()) != 3 {
		t.Fatalf("want 3 rejected, got %+v", r.Rejected())
	}
	b, _ := json.Marshal(r.Rejected())
	if bytes.Contains(bytes.ToLower(b), []byte("secret")) {
		t.Errorf("a rejection repeats a value: %s", b)
	}
}

func TestParseError(t *testing.T) {
	r := NewReader("cases.xyz", strings.NewReader("a,b\n"))
	_, err := r.Read()
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrUnknownFormat) || pe.File != "cases.xyz" {
		t.Fatalf("want *ParseError wrapping ErrUnknownFormat, got %v", err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("after a failure Read returns io.EOF, got %v", err)
	}
}

func TestSchemaOfRecords(t *testing.T) {
	r := NewReader("x.csv", strings.NewReader("case_id,gender\nC-1,female\n"))
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	if !rec.Schema().Equal(schema.Cases) {
		t.Errorf("records are not in schema.Cases")
	}
}
