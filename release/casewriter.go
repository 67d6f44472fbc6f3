package release

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// caseWriter writes a flat Arrow schema to Parquet like pqarrow.FileWriter's WriteBuffered
// (row groups of the properties' maximum length, the ARROW:schema metadata), but encodes the
// columns of a row group on all cores: a buffered row group gives every column its own page
// buffer, so their encoding (dictionary, levels, zstd) is independent until the row group is
// closed, which writes them in column order. The bytes are pqarrow's (TestCaseWriterMatchesPqarrow).
//
// Only flat schemas (no list, struct or map column) are accepted: a flat column's definition
// levels are its validity, which is all the level builder of pqarrow works out for it.
type caseWriter struct {
	w       *file.Writer
	out     io.Writer
	schema  *arrow.Schema
	maxRows int64
	rgw     file.BufferedRowGroupWriter
	rows    int64 // in the current row group
	props   pqarrow.ArrowWriterProperties
	workers int
	levels  [][]int16 // a buffer of definition levels per worker
	// a buffer of text values per worker (see writeText)
	texts [][]parquet.ByteArray
	// per column: the text column's dictionary in this row group (see putDict)
	dicts []textDict
}

// flatSchema reports whether every field of s is a plain value column (one Parquet leaf, no
// nesting, no dictionary): the ones whose levels writeColumn works out.
func flatSchema(s *arrow.Schema) bool {
	for _, f := range s.Fields() {
		switch f.Type.ID() {
		case arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
			arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64, arrow.FLOAT32, arrow.FLOAT64,
			arrow.STRING, arrow.BINARY, arrow.LARGE_STRING, arrow.LARGE_BINARY,
			arrow.DATE32, arrow.DATE64, arrow.TIMESTAMP:
		default:
			return false
		}
		if _, ok := f.Type.(arrow.ExtensionType); ok {
			return false
		}
	}
	return true
}

// newCaseWriter starts a Parquet file of the flat schema s on out, storing s as ARROW:schema
// like pqarrow.WithStoreSchema does.
func newCaseWriter(s *arrow.Schema, out io.Writer, props *parquet.WriterProperties) (*caseWriter, error) {
	if !flatSchema(s) {
		return nil, fmt.Errorf("release: the cases schema is not flat")
	}
	aprops := pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())
	pqschema, err := pqarrow.ToParquet(s, props, aprops)
	if err != nil {
		return nil, err
	}
	meta := make(metadata.KeyValueMetadata, 0)
	for i := 0; i < s.Metadata().Len(); i++ {
		meta.Append(s.Metadata().Keys()[i], s.Metadata().Values()[i])
	}
	// A flat schema is its own Parquet-normalised form (only list element names change).
	meta.Append("ARROW:schema", base64.StdEncoding.EncodeToString(flight.SerializeSchema(s, props.Allocator())))
	w, err := file.NewParquetWriterWithError(out, pqschema.Root(), file.WithWriterProps(props), file.WithWriteMetadata(meta))
	if err != nil {
		return nil, err
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), s.NumFields()))
	return &caseWriter{w: w, out: out, schema: s, maxRows: props.MaxRowGroupLength(), props: aprops,
		workers: workers, levels: make([][]int16, workers), texts: make([][]parquet.ByteArray, workers),
		dicts: make([]textDict, s.NumFields())}, nil
}

// write appends rec, filling the current row group up to its maximum length first.
func (cw *caseWriter) write(rec arrow.RecordBatch) error {
	if !rec.Schema().Equal(cw.schema) {
		return fmt.Errorf("release: record schema does not match the writer's")
	}
	n := rec.NumRows()
	if cw.rgw == nil {
		if err := cw.newRowGroup(); err != nil {
			return err
		}
	}
	for off := int64(0); off < n; {
		if cw.rows >= cw.maxRows {
			if err := cw.newRowGroup(); err != nil {
				return err
			}
		}
		size := min(cw.maxRows-cw.rows, n-off)
		if err := cw.writeRange(rec, off, size); err != nil {
			return err
		}
		cw.rows += size
		off += size
	}
	return nil
}

func (cw *caseWriter) newRowGroup() error {
	if cw.rgw != nil {
		if err := cw.rgw.Close(); err != nil {
			return err
		}
	}
	rgw, err := cw.w.AppendBufferedRowGroupChecked()
	if err != nil {
		return err
	}
	cw.rgw, cw.rows = rgw, 0
	for i := range cw.dicts {
		cw.dicts[i].reset() // every column chunk starts with an empty dictionary
	}
	return nil
}

// writeRange writes rows [off, off+size) of every column of rec into the current row group,
// the columns on all cores.
func (cw *caseWriter) writeRange(rec arrow.RecordBatch, off, size int64) error {
	ncol := int(rec.NumCols())
	errs := make([]error, ncol)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range cw.workers {
		wg.Go(func() {
			ctx := pqarrow.NewArrowWriteContext(context.Background(), &cw.props)
			for c := range next {
				errs[c] = cw.writeColumn(ctx, w, c, rec.Column(c), rec.Schema().Field(c).Nullable, off, size)
			}
		})
	}
	for c := range ncol {
		next <- c
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (cw *caseWriter) writeColumn(ctx context.Context, worker, c int, col arrow.Array, nullable bool, off, size int64) error {
	ccw, err := cw.rgw.Column(c)
	if err != nil {
		return err
	}
	arr := array.NewSlice(col, off, off+size)
	defer arr.Release()
	var def []int16
	if nullable {
		def = cw.levels[worker][:0]
		for i := range arr.Len() {
			if arr.IsValid(i) {
				def = append(def, 1)
			} else {
				def = append(def, 0)
			}
		}
		cw.levels[worker] = def
	}
	if bw, ok := ccw.(*file.ByteArrayColumnChunkWriter); ok && !bw.SupportsArrowOffsets() {
		if sa, ok := arr.(*array.String); ok {
			if done, err := cw.dicts[c].put(bw, sa, def); done || err != nil {
				return err
			}
			return cw.writeText(worker, bw, sa, def)
		}
	}
	return pqarrow.WriteArrowToColumn(ctx, ccw, arr, def, nil, nullable)
}

// writeText writes a text column the way pqarrow's writeDenseArrow does for a flat column
// whose encoder takes no Arrow offsets (the dictionary encoder, until it falls back to
// plain), but into the worker's buffer of values: pqarrow makes a new []parquet.ByteArray
// (24 bytes a value) for every column of every row group, most of the write stage's
// allocated bytes. The encoders copy what they keep, so the buffer is reused; the calls,
// and so the bytes, are pqarrow's (TestCaseWriterMatchesPqarrow).
func (cw *caseWriter) writeText(worker int, wr *file.ByteArrayColumnChunkWriter, arr *array.String, def []int16) error {
	valueBuf := []byte{}
	if b := arr.Data().Buffers()[2]; b != nil {
		valueBuf = b.Bytes()
	}
	offsets := arr.ValueOffsets()
	data := cw.texts[worker]
	if cap(data) < arr.Len() {
		data = make([]parquet.ByteArray, arr.Len())
	}
	data = data[:arr.Len()]
	for i := range data {
		data[i] = parquet.ByteArray(valueBuf[offsets[i]:offsets[i+1]])
	}
	var err error
	if wr.Descr().SchemaNode().RepetitionType() == parquet.Repetitions.Required || arr.NullN() == 0 {
		_, err = wr.WriteBatch(data, def, nil)
	} else {
		_, err = wr.WriteBatchSpacedWithError(data, def, nil, arr.NullBitmapBytes(), int64(arr.Data().Offset()))
	}
	clear(data) // no value's bytes kept alive by the buffer
	cw.texts[worker] = data[:0]
	return err
}

// dictText is what textDict.put calls on a text column's dictionary encoder (arrow-go's
// DictByteArrayEncoder, which CurrentEncoder returns as an interface of an internal package).
type dictText interface {
	Encoding() parquet.Encoding
	NumEntries() int
	PutByteArray(parquet.ByteArray)
	PutIndices(arrow.Array) error
	AddRawSize(int64)
}

// textDict is a text column's dictionary in the current row group, kept beside the encoder's
// own: value -> index, in the encoder's order (first seen first).
//
// Why: the encoder's Put looks every value up in arrow-go's BinaryMemoTable, whose InsertOrGet
// boxes the value in an interface to hash it: 24 bytes allocated for every text value of the
// release (263 MiB at 1M rows, most of the write stage's garbage) and a third of its CPU. put
// looks the values up here (a Go map's look-up of string(b) allocates nothing) and hands the
// encoder what Put would have done to it: a new value by PutByteArray (so it enters the
// encoder's dictionary and its sizes), the indices of known ones by PutIndices and their raw
// size by AddRawSize, in the same order. The levels, the page and the dictionary-size checks
// are the column writer's own (WriteBatch with no values, batch by batch as WriteBatch would
// cut them), and the page statistics get the same values: the bytes are pqarrow's
// (TestCaseWriterMatchesPqarrow).
type textDict struct {
	memo map[string]int32
	off  bool // the encoder is no longer known to match memo: writeText's path for this chunk
	idx  []int32
	vals []parquet.ByteArray
	zero []int16 // definition levels of a required column (WriteBatch counts levels)
}

func (d *textDict) reset() {
	clear(d.memo)
	d.off = false
}

// put writes arr into wr as wr.WriteBatch / WriteBatchSpacedWithError (writeText) would, while
// the column is dictionary-encoded; done is false when it wrote nothing (no dictionary encoder,
// statistics of another kind, a bloom filter): then writeText writes the column. Once the
// encoder falls back to plain in the middle, the rest is written by writeText's calls from that
// batch on.
func (d *textDict) put(wr *file.ByteArrayColumnChunkWriter, arr *array.String, def []int16) (done bool, err error) {
	enc, ok := wr.CurrentEncoder().(dictText)
	if d.off || !ok || enc.Encoding() != parquet.Encodings.PlainDict || wr.GetBloomFilter() != nil {
		return false, nil
	}
	var stats *metadata.ByteArrayStatistics
	if s := wr.PageStatistics(); s != nil {
		if stats, ok = s.(*metadata.ByteArrayStatistics); !ok {
			return false, nil
		}
	}
	if d.memo == nil {
		d.memo = make(map[string]int32)
	}
	if enc.NumEntries() != len(d.memo) {
		d.off = true // written to by another path: never guess its dictionary
		return false, nil
	}
	n := arr.Len()
	if n == 0 {
		return true, nil
	}
	valueBuf := []byte{}
	if b := arr.Data().Buffers()[2]; b != nil {
		valueBuf = b.Bytes()
	}
	offsets := arr.ValueOffsets()
	nulls := arr.NullN() > 0
	batch := int(wr.Properties().WriteBatchSize())
	defer func() {
		clear(d.vals) // no record's bytes kept alive
		d.vals = d.vals[:0]
	}()
	for s := 0; s < n; s += batch {
		e := min(s+batch, n)
		if enc, ok = wr.CurrentEncoder().(dictText); !ok || enc.Encoding() != parquet.Encodings.PlainDict {
			// fallen back to plain in the last batch: the rest as writeText writes it, cut
			// where WriteBatch would have cut it
			d.off = true
			return true, writeTextFrom(wr, arr, def, s, valueBuf, offsets)
		}
		vals, idx, raw := d.vals[:0], d.idx[:0], int64(0)
		for i := s; i < e; i++ {
			if nulls && arr.IsNull(i) {
				continue
			}
			v := valueBuf[offsets[i]:offsets[i+1]]
			vals = append(vals, v)
			if j, ok := d.memo[string(v)]; ok {
				idx = append(idx, j)
				raw += int64(len(v)) + 4 // as PutByteArray counts it
				continue
			}
			if err := putIndices(enc, idx); err != nil {
				return true, err
			}
			idx = idx[:0]
			d.memo[string(v)] = int32(len(d.memo))
			enc.PutByteArray(v)
		}
		if err := putIndices(enc, idx); err != nil {
			return true, err
		}
		d.vals, d.idx = vals, idx[:0]
		if enc.NumEntries() != len(d.memo) {
			return true, fmt.Errorf("release: a text column's dictionary has %d entries, the writer's %d", len(d.memo), enc.NumEntries())
		}
		enc.AddRawSize(raw)
		if stats != nil {
			stats.Update(vals, 0) // the nulls are counted by WriteBatch below
		}
		levels := def
		if levels == nil {
			if cap(d.zero) < e-s {
				d.zero = make([]int16, batch)
			}
			levels = d.zero[:e-s]
		} else {
			levels = levels[s:e]
		}
		if _, err := wr.WriteBatch(nil, levels, nil); err != nil {
			return true, err
		}
	}
	return true, nil
}

// putIndices appends the indices of known values to the encoder's.
func putIndices(enc dictText, idx []int32) error {
	if len(idx) == 0 {
		return nil
	}
	data := array.NewData(arrow.PrimitiveTypes.Int32, len(idx),
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(idx))}, nil, 0, 0)
	defer data.Release()
	a := array.NewInt32Data(data)
	defer a.Release()
	return enc.PutIndices(a)
}

// writeTextFrom writes rows [s, n) of arr with writeText's calls (the plain encoder takes no
// Arrow offsets either).
func writeTextFrom(wr *file.ByteArrayColumnChunkWriter, arr *array.String, def []int16, s int, valueBuf []byte, offsets []int32) error {
	data := make([]parquet.ByteArray, arr.Len()-s)
	for i := range data {
		data[i] = parquet.ByteArray(valueBuf[offsets[s+i]:offsets[s+i+1]])
	}
	var rest []int16
	if def != nil {
		rest = def[s:]
	}
	var err error
	if wr.Descr().SchemaNode().RepetitionType() == parquet.Repetitions.Required || arr.NullN() == 0 {
		_, err = wr.WriteBatch(data, rest, nil)
	} else {
		_, err = wr.WriteBatchSpacedWithError(data, rest, nil, arr.NullBitmapBytes(), int64(arr.Data().Offset()+s))
	}
	return err
}

// close finishes the row group and the file (and closes the file when out is an io.Closer).
func (cw *caseWriter) close() error {
	if cw.rgw != nil {
		if err := cw.rgw.Close(); err != nil {
			return err
		}
		cw.rgw = nil
	}
	return cw.w.Close()
}

// abort closes what it can of an unfinished file (which is removed afterwards).
func (cw *caseWriter) abort() {
	if err := cw.close(); err != nil {
		if c, ok := cw.out.(io.Closer); ok {
			c.Close()
		}
	}
}
