package anonymize

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

// canonicalRecords reads synth's canonical CSV of rows cases in records of batch rows (the
// caller releases them).
func canonicalRecords(t testing.TB, rows int, seed uint64, batch int) []arrow.RecordBatch {
	t.Helper()
	p := filepath.Join(t.TempDir(), "cases.csv")
	if err := synth.WriteCanonical(p, rows, seed); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := ingest.NewReader("cases.csv", f)
	r.BatchSize = batch
	defer r.Close()
	var recs []arrow.RecordBatch
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatal(err)
		}
		rec.Retain()
		recs = append(recs, rec)
	}
}

// joinRef is a row's values joined as Add's keys are: "\x1f" between them, "" for a null.
func joinRef(rec arrow.RecordBatch, cols []string, i int) string {
	var parts []string
	for _, name := range cols {
		a := rec.Column(schema.Index(name))
		if a.IsNull(i) {
			parts = append(parts, "")
			continue
		}
		switch a := a.(type) {
		case *array.String:
			parts = append(parts, a.Value(i))
		case *array.Int32:
			parts = append(parts, strconv.Itoa(int(a.Value(i))))
		case *array.Boolean:
			parts = append(parts, strconv.FormatBool(a.Value(i)))
		default:
			panic(fmt.Sprintf("type %s", a.DataType()))
		}
	}
	return strings.Join(parts, "\x1f")
}

// withOddText returns rec with its columns named replaced by text that the readers do not
// give but Add must key as before: nulls, "" (one leaf with a null for a QI, a value for a
// sensitive attribute) and a value holding the key's separator "\x1f", cycling from start.
func withOddText(rec arrow.RecordBatch, start int, names ...string) arrow.RecordBatch {
	vals := []string{"actual", "", "x\x1fy", "", "not", "actual"}
	cols := slices.Clone(rec.Columns())
	for _, name := range names {
		b := array.NewStringBuilder(memory.DefaultAllocator)
		for i := 0; i < int(rec.NumRows()); i++ {
			if k := (start + i) % (len(vals) + 2); k < len(vals) {
				b.Append(vals[k])
			} else {
				b.AppendNull()
			}
		}
		cols[schema.Index(name)] = b.NewArray()
	}
	return array.NewRecordBatch(rec.Schema(), cols, rec.NumRows())
}

// TestCollectorAddKeys: every row's leaf code of every QI, and its code of every sensitive
// attribute, is the one its joined values get in the order they are first seen, whether the
// row's record has nulls in the QI's column or not (a text QI without nulls is looked up by its
// value; a QI or sensitive attribute of one analytic text column, such as trafficking_status
// or labour_sector, takes its codes from the column's), over records of 37 rows, every third
// with odd text (nulls, "" and "\x1f") in those columns.
func TestCollectorAddKeys(t *testing.T) {
	recs := canonicalRecords(t, 3000, 7, 37)
	for i := 0; i < len(recs); i += 3 {
		odd := withOddText(recs[i], i, schema.TraffickingStatus, schema.LabourSector, schema.RecruiterRelation)
		recs[i].Release()
		recs[i] = odd
	}
	c := NewCollector()
	ref := make([]map[string]int32, len(c.qis))
	var refLeafs [][][]string
	refSens := map[string]map[string]int32{}
	var want [][]int32 // per QI: row -> code
	wantSens := map[string][]int32{}
	for q := range c.qis {
		ref[q] = map[string]int32{}
		refLeafs = append(refLeafs, nil)
		want = append(want, nil)
	}
	fastRecs := 0 // records with a text QI of one column and no null
	for _, rec := range recs {
		c.Add(rec)
		for q, qi := range c.qis {
			if a, ok := rec.Column(schema.Index(qi.Columns[0])).(*array.String); ok && len(qi.Columns) == 1 && a.NullN() == 0 {
				fastRecs++
			}
			for i := 0; i < int(rec.NumRows()); i++ {
				k := joinRef(rec, qi.Columns, i)
				code, ok := ref[q][k]
				if !ok {
					code = int32(len(ref[q]))
					ref[q][k] = code
					refLeafs[q] = append(refLeafs[q], strings.Split(k, "\x1f"))
				}
				want[q] = append(want[q], code)
			}
		}
		for name, cols := range SensitiveAttributes {
			if refSens[name] == nil {
				refSens[name] = map[string]int32{}
			}
			for i := 0; i < int(rec.NumRows()); i++ {
				null := true
				for _, col := range cols {
					null = null && rec.Column(schema.Index(col)).IsNull(i)
				}
				if null {
					wantSens[name] = append(wantSens[name], MissingSensitive)
					continue
				}
				k := joinRef(rec, cols, i)
				code, ok := refSens[name][k]
				if !ok {
					code = int32(len(refSens[name]))
					refSens[name][k] = code
				}
				wantSens[name] = append(wantSens[name], code)
			}
		}
		rec.Release()
	}
	if fastRecs == 0 {
		t.Fatal("no record took the one-column path")
	}
	for q, qi := range c.qis {
		for row, code := range want[q] {
			if got := int32(c.codes[q].at(row)); got != code {
				t.Fatalf("QI %s row %d: leaf code %d, want %d", qi.Name, row, got, code)
			}
		}
		if !slices.EqualFunc(c.leafs[q], refLeafs[q], slices.Equal) {
			t.Fatalf("QI %s: leaves %q, want %q", qi.Name, c.leafs[q], refLeafs[q])
		}
	}
	for name, codes := range wantSens {
		for row, code := range codes {
			if got := c.sensitive[name].at(row); got != code {
				t.Fatalf("sensitive %s row %d: code %d, want %d", name, row, got, code)
			}
		}
	}
}

// BenchmarkCollectorAdd: Add over 200,000 synthetic canonical cases in the reader's records.
func BenchmarkCollectorAdd(b *testing.B) {
	recs := canonicalRecords(b, 200_000, 1, 0)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	for b.Loop() {
		c := NewCollector()
		for _, rec := range recs {
			c.Add(rec)
		}
		c.Close()
	}
}
