package release

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/prevalence/prevalence/schema"
)

// flatRecord builds n rows of s: nulls in some columns (none in others, all in one), a few
// repeated values (dictionary pages) and, in one column, unique long strings that make the
// dictionary fall back to plain pages.
func flatRecord(s *arrow.Schema, n int, rng *rand.Rand) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.DefaultAllocator, s)
	defer b.Release()
	for j := range s.Fields() {
		nulls := []float64{0, 0.1, 0.5, 1}[j%4]
		if !s.Field(j).Nullable {
			nulls = 0
		}
		for i := 0; i < n; i++ {
			if rng.Float64() < nulls {
				b.Field(j).AppendNull()
				continue
			}
			switch fb := b.Field(j).(type) {
			case *array.StringBuilder:
				if j%5 == 4 {
					fb.Append(fmt.Sprintf("%032x%032x", rng.Uint64(), rng.Uint64()))
				} else {
					fb.Append([]string{"female", "male", "*", "18-20", ""}[rng.IntN(5)])
				}
			case *array.Int32Builder:
				fb.Append(rng.Int32N(100))
			case *array.Int64Builder:
				fb.Append(rng.Int64())
			case *array.Date32Builder:
				fb.Append(arrow.Date32(15000 + rng.IntN(4000)))
			case *array.BooleanBuilder:
				fb.Append(rng.IntN(2) == 0)
			default:
				panic(fmt.Sprintf("no value for %T", fb))
			}
		}
	}
	return b.NewRecordBatch()
}

// TestCaseWriterMatchesPqarrow: the column-parallel writer writes exactly the bytes of
// pqarrow's FileWriter.WriteBuffered with the same properties (the release stays the same
// file), for the release schema and a schema with non-nullable and int64 columns, with
// batches that split and exactly fill row groups, empty batches, and no batch at all.
func TestCaseWriterMatchesPqarrow(t *testing.T) {
	other := arrow.NewSchema([]arrow.Field{
		{Name: "a", Type: arrow.PrimitiveTypes.Int64},
		{Name: "b", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "c", Type: arrow.BinaryTypes.String},
		{Name: "d", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "e", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "f", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	}, nil)
	m := arrow.NewMetadata([]string{"k"}, []string{"v"})
	withMeta := arrow.NewSchema(other.Fields(), &m)
	for _, tc := range []struct {
		name  string
		s     *arrow.Schema
		sizes []int
		group int64
		opts  []parquet.WriterProperty // after the ones below
	}{
		{"release", schema.Release, []int{3000, 5000, 0, 7, 2000}, 4096, nil},
		{"exact groups", schema.Release, []int{1000, 1000, 1000}, 1000, nil},
		{"one batch, many groups", other, []int{10000}, 1500, nil},
		{"metadata", withMeta, []int{100, 9000}, 128 * 1024, nil},
		{"nothing", schema.Release, nil, 1000, nil},
		{"empty batch", other, []int{0}, 1000, nil},
		// The text columns' dictionaries (textDict): pages cut by the values' raw size, the
		// dictionary's cost check of uncompressed columns (which falls back to plain on the
		// raw sizes), batches that do not divide the rows, a dictionary limit pqarrow hits
		// mid-batch before any page (textDict.plan makes such a chunk plain from its start: the
		// same bytes). No chunk here falls back after a page: pqarrow's file is then not one
		// file (TestCaseWriterOneFileTwice).
		{"small pages", schema.Release, []int{3000, 5000, 2000}, 4096, []parquet.WriterProperty{parquet.WithDataPageSize(2000), parquet.WithDictionaryPageSizeLimit(1 << 30)}},
		{"uncompressed", other, []int{3000, 9000}, 8192, []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Uncompressed)}},
		{"odd batches", schema.Release, []int{2500, 3001}, 4096, []parquet.WriterProperty{parquet.WithBatchSize(333), parquet.WithDictionaryPageSizeLimit(5000)}},
		{"no statistics", other, []int{4000}, 4096, []parquet.WriterProperty{parquet.WithStats(false)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := func() *parquet.WriterProperties {
				return parquet.NewWriterProperties(append([]parquet.WriterProperty{
					parquet.WithCompression(compress.Codecs.Zstd),
					parquet.WithMaxRowGroupLength(tc.group),
					parquet.WithDictionaryDefault(true),
					parquet.WithDictionaryPageSizeLimit(64 * 1024), // the unique strings fall back to plain
				}, tc.opts...)...)
			}
			rng := rand.New(rand.NewPCG(1, uint64(len(tc.sizes))))
			var recs []arrow.RecordBatch
			for _, n := range tc.sizes {
				recs = append(recs, flatRecord(tc.s, n, rng))
			}
			defer func() {
				for _, r := range recs {
					r.Release()
				}
			}()
			var want, got bytes.Buffer
			pw, err := pqarrow.NewFileWriter(tc.s, &want, props(), pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
			if err != nil {
				t.Fatal(err)
			}
			cw, err := newCaseWriter(tc.s, &got, props())
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if err := pw.WriteBuffered(r); err != nil {
					t.Fatal(err)
				}
				if err := cw.write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := pw.Close(); err != nil {
				t.Fatal(err)
			}
			if err := cw.close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				at := 0
				for at < min(got.Len(), want.Len()) && got.Bytes()[at] == want.Bytes()[at] {
					at++
				}
				t.Fatalf("the column-parallel writer's file (%d bytes) differs from pqarrow's (%d bytes) from byte %d", got.Len(), want.Len(), at)
			}
			// and it reads back: row groups and rows
			pr, err := file.NewParquetReader(bytes.NewReader(got.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, n := range tc.sizes {
				total += n
			}
			if int(pr.NumRows()) != total {
				t.Fatalf("%d rows read back, want %d", pr.NumRows(), total)
			}
			if total > 0 && int64(pr.NumRowGroups()) != (int64(total)+tc.group-1)/tc.group {
				t.Fatalf("%d row groups for %d rows of groups of %d", pr.NumRowGroups(), total, tc.group)
			}
		})
	}
}

// mixedChunks lists the column chunks of the Parquet file b that hold dictionary-indexed data
// pages and plain ones: arrow-go writes such a chunk's encoding_stats in a Go map's order.
func mixedChunks(t *testing.T, b []byte) []string {
	t.Helper()
	pr, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var mixed []string
	for g := range pr.NumRowGroups() {
		rg := pr.MetaData().RowGroup(g)
		for c := range rg.NumColumns() {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			dict, plain := false, false
			for _, st := range cc.EncodingStats() {
				if pt := st.PageType.String(); pt != "DATA_PAGE" && pt != "DATA_PAGE_V2" {
					continue
				}
				switch st.Encoding {
				case parquet.Encodings.RLEDict, parquet.Encodings.PlainDict:
					dict = true
				default:
					plain = true
				}
			}
			if dict && plain {
				mixed = append(mixed, fmt.Sprintf("group %d column %s", g, cc.PathInSchema()))
			}
		}
	}
	return mixed
}

// TestCaseWriterOneFileTwice: a text column whose dictionary outgrows its limit after a page
// of indices was cut (half its values new, as a pseudonym column of a release with repeated
// people) is written plain from its chunk's start, so that no chunk mixes dictionary and plain
// pages (pqarrow's file does, and its footer's order is a Go map's: not one file twice); the
// other columns' chunks keep their dictionaries, every value reads back, and the file is the
// same bytes every time.
func TestCaseWriterOneFileTwice(t *testing.T) {
	s := arrow.NewSchema([]arrow.Field{
		{Name: "few", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "pseudonym", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "n", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	}, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	var recs []arrow.RecordBatch
	for _, n := range []int{3000, 2500, 4000} {
		b := array.NewRecordBuilder(memory.DefaultAllocator, s)
		for range n {
			b.Field(0).(*array.StringBuilder).Append([]string{"female", "male", "*"}[rng.IntN(3)])
			switch r := rng.IntN(10); {
			case r == 0:
				b.Field(1).AppendNull()
			case r < 5:
				b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("%032x", rng.Uint64N(20)))
			default:
				b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("%032x", rng.Uint64()))
			}
			b.Field(2).(*array.Int32Builder).Append(rng.Int32N(50))
		}
		recs = append(recs, b.NewRecordBatch())
		b.Release()
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	props := func() *parquet.WriterProperties {
		return parquet.NewWriterProperties(
			parquet.WithCompression(compress.Codecs.Zstd),
			parquet.WithMaxRowGroupLength(4096),
			parquet.WithDictionaryDefault(true),
			parquet.WithDataPageSize(4000),
			parquet.WithDictionaryPageSizeLimit(32*1024),
		)
	}
	var pq bytes.Buffer
	pw, err := pqarrow.NewFileWriter(s, &pq, props(), pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := pw.WriteBuffered(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	if len(mixedChunks(t, pq.Bytes())) == 0 {
		t.Fatal("pqarrow's file has no chunk of dictionary and plain pages: the case is not tested")
	}
	var first []byte
	for try := range 4 {
		var got bytes.Buffer
		cw, err := newCaseWriter(s, &got, props())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if err := cw.write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := cw.close(); err != nil {
			t.Fatal(err)
		}
		if try > 0 {
			if !bytes.Equal(got.Bytes(), first) {
				t.Fatalf("write %d differs from the first", try)
			}
			continue
		}
		first = got.Bytes()
		if m := mixedChunks(t, first); len(m) > 0 {
			t.Fatalf("chunks of dictionary and plain pages: %v", m)
		}
		pr, err := file.NewParquetReader(bytes.NewReader(first))
		if err != nil {
			t.Fatal(err)
		}
		for g := range pr.NumRowGroups() {
			cc, err := pr.MetaData().RowGroup(g).ColumnChunk(0)
			if err != nil {
				t.Fatal(err)
			}
			if !cc.HasDictionaryPage() {
				t.Fatalf("group %d: the column of few values lost its dictionary", g)
			}
		}
		fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		tbl, err := fr.ReadTable(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for c := range s.NumFields() {
			var in []arrow.Array
			for _, r := range recs {
				in = append(in, r.Column(c))
			}
			want, err := array.Concatenate(in, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			got, err := array.Concatenate(tbl.Column(c).Data().Chunks(), memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			if !array.Equal(want, got) {
				t.Fatalf("column %s does not read back", s.Field(c).Name)
			}
			want.Release()
			got.Release()
		}
		tbl.Release()
	}
}

// TestCaseWriterRefusesNested: a schema with a list column is not flat (the writer would get
// its levels wrong), so Writer falls back to pqarrow for it.
func TestCaseWriterRefusesNested(t *testing.T) {
	s := arrow.NewSchema([]arrow.Field{{Name: "l", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true}}, nil)
	if flatSchema(s) {
		t.Fatal("a list column counted as flat")
	}
	if _, err := newCaseWriter(s, &bytes.Buffer{}, parquet.NewWriterProperties()); err == nil {
		t.Fatal("newCaseWriter accepted a list column")
	}
	if !flatSchema(schema.Release) {
		t.Fatal("the release schema is not flat: the cases file is written on one core")
	}
}

// BenchmarkCaseWriter writes 512 Ki rows of the release schema in batches of 64 Ki rows
// into row groups of 128 Ki, as the write stage does: B/op is mostly the encoders' own
// (the text columns' values are passed in a reused buffer, see writeText).
func BenchmarkCaseWriter(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var recs []arrow.RecordBatch
	for range 8 {
		recs = append(recs, flatRecord(schema.Release, 64*1024, rng))
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	b.ResetTimer()
	for range b.N {
		props := parquet.NewWriterProperties(
			parquet.WithCompression(compress.Codecs.Zstd),
			parquet.WithMaxRowGroupLength(128*1024),
			parquet.WithDictionaryDefault(true),
			parquet.WithDictionaryPageSizeLimit(64*1024),
		)
		var out bytes.Buffer
		cw, err := newCaseWriter(schema.Release, &out, props)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			if err := cw.write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := cw.close(); err != nil {
			b.Fatal(err)
		}
	}
}
